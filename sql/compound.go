package sql

import "github.com/athanordb/athanor/types"

type compoundKind uint8

const (
	compoundUnion compoundKind = iota
	compoundUnionAll
	compoundIntersect
	compoundIntersectAll
	compoundExcept
	compoundExceptAll
)

var compoundKeywords = [...]string{"UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"}

// CompoundSelect is SELECTs combined with UNION, INTERSECT or EXCEPT,
// with its own ORDER BY, LIMIT and OFFSET.
type CompoundSelect struct {
	kind    compoundKind
	selects []SelectStatement
	orderBy []ColumnElement
	limit   *BindParam
	offset  *BindParam
}

func newCompound(kind compoundKind, selects []SelectStatement) *CompoundSelect {
	return &CompoundSelect{kind: kind, selects: selects}
}

func (s *CompoundSelect) clone() *CompoundSelect {
	n := *s
	return &n
}

// StatementKind implements Statement.
func (s *CompoundSelect) StatementKind() StatementKind { return KindSelect }

// SelectedColumns implements SelectStatement: the first SELECT's columns.
func (s *CompoundSelect) SelectedColumns() []ColumnElement {
	return s.selects[0].SelectedColumns()
}

// Selects returns the combined statements.
func (s *CompoundSelect) Selects() []SelectStatement { return s.selects }

// OrderBy returns the compound with ORDER BY expressions added. Columns of
// the first SELECT order by their result name.
func (s *CompoundSelect) OrderBy(exprs ...ColumnElement) *CompoundSelect {
	n := s.clone()
	n.orderBy = appendTo(s.orderBy, untypedAll(exprs)...)
	return n
}

// Limit returns the compound returning at most n rows.
func (s *CompoundSelect) Limit(n int64) *CompoundSelect {
	c := s.clone()
	c.limit = newBindValue("param", n, types.Integer{})
	return c
}

// Offset returns the compound skipping its first n rows.
func (s *CompoundSelect) Offset(n int64) *CompoundSelect {
	c := s.clone()
	c.offset = newBindValue("param", n, types.Integer{})
	return c
}

// Subquery returns the compound as a FROM item.
func (s *CompoundSelect) Subquery(name string) *Subquery { return newSubquery(s, name) }

// CTE returns the compound as a common table expression.
func (s *CompoundSelect) CTE(name string) *CTE { return newCTE(s, name, false) }

// ScalarSubquery returns the compound as a column expression.
func (s *CompoundSelect) ScalarSubquery() *ScalarSelect { return newScalarSelect(s) }

// Union, UnionAll and the others chain another compound.
func (s *CompoundSelect) Union(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundUnion, append([]SelectStatement{s}, others...))
}

// UnionAll chains UNION ALL.
func (s *CompoundSelect) UnionAll(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundUnionAll, append([]SelectStatement{s}, others...))
}

// WriteSQL implements Element.
func (s *CompoundSelect) WriteSQL(c *Compiler) { c.writeCompound(s) }

// WriteCacheKey implements Element.
func (s *CompoundSelect) WriteCacheKey(k *CacheKey) {
	k.Tag(tagCompound)
	k.Int(int(s.kind))
	k.Int(len(s.selects))
	for _, sel := range s.selects {
		k.Element(sel)
	}
	k.Elements(s.orderBy)
	k.limit(s.limit)
	k.limit(s.offset)
}
