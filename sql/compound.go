package sql

import (
	"fmt"

	"github.com/athanordb/athanor/types"
)

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
// with its own ORDER BY, LIMIT and OFFSET. Its members must select the
// same number of columns; its result columns are named as the first
// member's.
//
// A member that is itself a compound, or has its own ORDER BY, LIMIT or
// OFFSET, is parenthesized; on databases that do not accept that
// (Features.ParenthesizedSetOps), it is written as SELECT * FROM (...).
type CompoundSelect struct {
	kind    compoundKind
	selects []SelectStatement
	orderBy []ColumnElement
	limit   *BindParam
	offset  *BindParam
	ctes    []*CTE
	err     error
}

func newCompound(kind compoundKind, selects []SelectStatement) *CompoundSelect {
	s := &CompoundSelect{kind: kind, selects: selects}
	switch {
	case len(selects) == 0:
		s.err = fmt.Errorf("%w: %s of no SELECT", ErrArgument, compoundKeywords[kind])
	default:
		for _, m := range selects {
			if isNil(m) {
				s.err = fmt.Errorf("%w: nil SELECT in %s", ErrArgument, compoundKeywords[kind])
			}
		}
	}
	return s
}

// Union returns the SELECTs combined with UNION (duplicates removed).
func Union(selects ...SelectStatement) *CompoundSelect { return newCompound(compoundUnion, selects) }

// UnionAll returns the SELECTs combined with UNION ALL.
func UnionAll(selects ...SelectStatement) *CompoundSelect {
	return newCompound(compoundUnionAll, selects)
}

// Intersect returns the SELECTs combined with INTERSECT.
func Intersect(selects ...SelectStatement) *CompoundSelect {
	return newCompound(compoundIntersect, selects)
}

// IntersectAll returns the SELECTs combined with INTERSECT ALL.
func IntersectAll(selects ...SelectStatement) *CompoundSelect {
	return newCompound(compoundIntersectAll, selects)
}

// Except returns the SELECTs combined with EXCEPT.
func Except(selects ...SelectStatement) *CompoundSelect {
	return newCompound(compoundExcept, selects)
}

// ExceptAll returns the SELECTs combined with EXCEPT ALL.
func ExceptAll(selects ...SelectStatement) *CompoundSelect {
	return newCompound(compoundExceptAll, selects)
}

func (s *CompoundSelect) clone() *CompoundSelect {
	n := *s
	return &n
}

// StatementKind implements Statement.
func (s *CompoundSelect) StatementKind() StatementKind { return KindSelect }

// SelectedColumns implements SelectStatement: the first SELECT's columns.
func (s *CompoundSelect) SelectedColumns() []ColumnElement {
	if len(s.selects) == 0 || isNil(s.selects[0]) {
		return nil
	}
	return s.selects[0].SelectedColumns()
}

// Selects returns the combined statements.
func (s *CompoundSelect) Selects() []SelectStatement { return s.selects }

// Err returns an error found while building the statement, or nil.
func (s *CompoundSelect) Err() error { return s.err }

// OrderBy returns the compound with ORDER BY expressions added. A column
// (or label) of any member orders by the result column in its position,
// written by name; col.Desc() and the other modifiers apply.
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

// AddCTE returns the compound with CTEs in its WITH clause even when it
// does not refer to them.
func (s *CompoundSelect) AddCTE(ctes ...*CTE) *CompoundSelect {
	n := s.clone()
	var err error
	n.ctes, err = appendCTEs(s.ctes, ctes)
	if n.err == nil {
		n.err = err
	}
	return n
}

// Subquery returns the compound as a FROM item.
func (s *CompoundSelect) Subquery(name string) *Subquery { return newSubquery(s, name) }

// CTE returns the compound as a common table expression.
func (s *CompoundSelect) CTE(name string) *CTE { return newCTE(s, name, false) }

// ScalarSubquery returns the compound as a column expression.
func (s *CompoundSelect) ScalarSubquery() *ScalarSelect { return newScalarSelect(s) }

// Exists returns EXISTS (compound).
func (s *CompoundSelect) Exists() *UnaryExpression { return Exists(s) }

// Label returns the compound as a labeled scalar subquery.
func (s *CompoundSelect) Label(name string) *Label { return NewLabel(name, s.ScalarSubquery()) }

func (s *CompoundSelect) chain(kind compoundKind, others []SelectStatement) *CompoundSelect {
	return newCompound(kind, append([]SelectStatement{s}, others...))
}

// Union returns this compound UNION the others; the compound is a
// parenthesized member of the new one.
func (s *CompoundSelect) Union(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundUnion, others)
}

// UnionAll chains UNION ALL; see Union.
func (s *CompoundSelect) UnionAll(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundUnionAll, others)
}

// Intersect chains INTERSECT; see Union.
func (s *CompoundSelect) Intersect(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundIntersect, others)
}

// IntersectAll chains INTERSECT ALL; see Union.
func (s *CompoundSelect) IntersectAll(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundIntersectAll, others)
}

// Except chains EXCEPT; see Union.
func (s *CompoundSelect) Except(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundExcept, others)
}

// ExceptAll chains EXCEPT ALL; see Union.
func (s *CompoundSelect) ExceptAll(others ...SelectStatement) *CompoundSelect {
	return s.chain(compoundExceptAll, others)
}

// WriteSQL implements Element.
func (s *CompoundSelect) WriteSQL(c *Compiler) { c.writeCompound(s) }

// WriteCacheKey implements Element.
func (s *CompoundSelect) WriteCacheKey(k *CacheKey) {
	k.Tag(tagCompound)
	k.Err(s.err)
	k.Int(int(s.kind))
	k.Int(len(s.selects))
	for _, sel := range s.selects {
		k.Element(sel)
	}
	k.Elements(s.orderBy)
	k.limit(s.limit)
	k.limit(s.offset)
	k.Int(len(s.ctes))
	for _, c := range s.ctes {
		k.From(c)
	}
}
