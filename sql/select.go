package sql

import (
	"fmt"
	"slices"

	"github.com/athanordb/athanor/types"
)

// SelectStatement is a statement that returns rows and can be used as a
// subquery: *Select, *CompoundSelect and *TextualSelect.
type SelectStatement interface {
	Statement
	// SelectedColumns returns the select list: the expressions whose
	// values make up each row.
	SelectedColumns() []ColumnElement
}

// Select is a SELECT statement. It is immutable: each method returns a new
// Select, so a Select can be shared between goroutines and extended
// safely.
type Select struct {
	columns         []ColumnElement
	froms           []FromClause
	where           []ColumnElement
	groupBy         []ColumnElement
	having          []ColumnElement
	orderBy         []ColumnElement
	limit           *BindParam
	offset          *BindParam
	fetch           *fetchClause
	distinct        bool
	distinctOn      []ColumnElement
	correlate       []FromClause
	correlateSet    bool // Correlate was called: no auto-correlation
	correlateExcept []FromClause
	exceptSet       bool
	lock            *LockClause
	ctes            []*CTE
	prefixes        []string
	suffixes        []string
	err             error
}

type fetchClause struct {
	count    *BindParam
	percent  bool
	withTies bool
}

// LockClause is SELECT ... FOR UPDATE and its variants.
type LockClause struct {
	Read       bool         // FOR SHARE (FOR UPDATE when false)
	NoWait     bool         // NOWAIT
	SkipLocked bool         // SKIP LOCKED
	KeyShare   bool         // FOR KEY SHARE / FOR NO KEY UPDATE (PostgreSQL)
	Of         []FromClause // OF tables
	// OfColumns are OF items given as columns, written after Of: Oracle
	// names the rows to lock by a column of each table (FOR UPDATE OF
	// t.id).
	OfColumns []ColumnElement
}

// NewSelect returns SELECT of items: column expressions, or FROM items
// (tables, aliases, subqueries), which stand for all their columns.
func NewSelect(items ...Element) *Select {
	s := &Select{}
	s.columns, s.err = expandSelectItems(nil, items)
	return s
}

func expandSelectItems(dst []ColumnElement, items []Element) ([]ColumnElement, error) {
	var err error
	for _, it := range items {
		switch x := it.(type) {
		case nil:
			err = fmt.Errorf("%w: nil in a select list", ErrArgument)
		case FromClause:
			for _, c := range x.Columns() {
				dst = append(dst, c)
			}
		case ColumnElement:
			dst = append(dst, Untyped(x))
		case *Select:
			dst = append(dst, x.ScalarSubquery())
		default:
			err = fmt.Errorf("%w: %T cannot be selected", ErrArgument, it)
		}
	}
	return dst, err
}

func (s *Select) clone() *Select {
	n := *s
	return &n
}

// appendTo returns dst with items appended, never sharing dst's array.
func appendTo[T any](dst []T, items ...T) []T {
	return append(slices.Clip(dst), items...)
}

// StatementKind implements Statement.
func (s *Select) StatementKind() StatementKind { return KindSelect }

// SelectedColumns implements SelectStatement.
func (s *Select) SelectedColumns() []ColumnElement { return s.columns }

// Err returns an error found while building the statement, or nil.
func (s *Select) Err() error { return s.err }

// AddColumns returns the SELECT with more items in its select list.
func (s *Select) AddColumns(items ...Element) *Select {
	n := s.clone()
	var err error
	n.columns, err = expandSelectItems(slices.Clip(s.columns), items)
	if err != nil && n.err == nil {
		n.err = err
	}
	return n
}

// WithOnlyColumns returns the SELECT with its select list replaced.
func (s *Select) WithOnlyColumns(items ...Element) *Select {
	n := s.clone()
	var err error
	n.columns, err = expandSelectItems(nil, items)
	if err != nil && n.err == nil {
		n.err = err
	}
	return n
}

// SelectFrom returns the SELECT with FROM items added explicitly, before
// those its columns imply.
func (s *Select) SelectFrom(froms ...FromClause) *Select {
	n := s.clone()
	n.froms = appendTo(s.froms, froms...)
	return n
}

// Where returns the SELECT with conditions added; all conditions, across
// calls, are joined with AND.
func (s *Select) Where(conds ...ColumnElement) *Select {
	n := s.clone()
	n.where = appendTo(s.where, untypedAll(conds)...)
	return n
}

// Join returns the SELECT with its leftmost FROM item joined to right:
// SELECT ... FROM left JOIN right ON on. Without on, the condition is
// inferred from foreign keys.
func (s *Select) Join(right FromClause, on ...ColumnElement) *Select {
	return s.joinWith(right, on, joinInner)
}

// OuterJoin is Join with LEFT OUTER JOIN.
func (s *Select) OuterJoin(right FromClause, on ...ColumnElement) *Select {
	return s.joinWith(right, on, joinLeft)
}

// FullOuterJoin is Join with FULL OUTER JOIN.
func (s *Select) FullOuterJoin(right FromClause, on ...ColumnElement) *Select {
	return s.joinWith(right, on, joinFull)
}

func (s *Select) joinWith(right FromClause, on []ColumnElement, kind joinKind) *Select {
	n := s.clone()
	if len(s.froms) > 0 {
		last := len(s.froms) - 1
		n.froms = slices.Clone(s.froms)
		n.froms[last] = newJoin(s.froms[last], right, on, kind)
		return n
	}
	froms := implicitFroms(s.columns)
	if len(froms) == 0 {
		n.err = fmt.Errorf("%w: nothing to join %s to: the select has no FROM item", ErrArgument, describeFrom(right))
		return n
	}
	n.froms = []FromClause{newJoin(froms[0], right, on, kind)}
	return n
}

// JoinFrom returns the SELECT with left JOIN right added as a FROM item.
func (s *Select) JoinFrom(left, right FromClause, on ...ColumnElement) *Select {
	n := s.clone()
	n.froms = appendTo(s.froms, FromClause(newJoin(left, right, on, joinInner)))
	return n
}

// GroupBy returns the SELECT with GROUP BY expressions added.
func (s *Select) GroupBy(exprs ...ColumnElement) *Select {
	n := s.clone()
	n.groupBy = appendTo(s.groupBy, untypedAll(exprs)...)
	return n
}

// Having returns the SELECT with HAVING conditions added (joined with AND).
func (s *Select) Having(conds ...ColumnElement) *Select {
	n := s.clone()
	n.having = appendTo(s.having, untypedAll(conds)...)
	return n
}

// OrderBy returns the SELECT with ORDER BY expressions added; use
// col.Desc(), col.Asc().NullsLast() for direction.
func (s *Select) OrderBy(exprs ...ColumnElement) *Select {
	n := s.clone()
	n.orderBy = appendTo(s.orderBy, untypedAll(exprs)...)
	return n
}

// Limit returns the SELECT returning at most n rows (bound as a parameter
// where the database accepts one).
func (s *Select) Limit(n int64) *Select {
	c := s.clone()
	c.limit = newBindValue("param", n, types.Integer{})
	return c
}

// Offset returns the SELECT skipping its first n rows.
func (s *Select) Offset(n int64) *Select {
	c := s.clone()
	c.offset = newBindValue("param", n, types.Integer{})
	return c
}

// FetchFirst returns the SELECT with FETCH FIRST n ROWS, optionally WITH
// TIES or as a PERCENT (on databases with the SQL standard's form).
func (s *Select) FetchFirst(n int64, withTies, percent bool) *Select {
	c := s.clone()
	c.fetch = &fetchClause{count: newBindValue("param", n, types.Integer{}), withTies: withTies, percent: percent}
	return c
}

// Distinct returns SELECT DISTINCT.
func (s *Select) Distinct() *Select {
	n := s.clone()
	n.distinct = true
	return n
}

// DistinctOn returns SELECT DISTINCT ON (exprs) (PostgreSQL).
func (s *Select) DistinctOn(exprs ...ColumnElement) *Select {
	n := s.clone()
	n.distinct = true
	n.distinctOn = appendTo(s.distinctOn, untypedAll(exprs)...)
	return n
}

// Correlate names the FROM items of enclosing queries this subquery
// refers to, instead of automatic correlation; with no arguments it turns
// correlation off.
func (s *Select) Correlate(froms ...FromClause) *Select {
	n := s.clone()
	n.correlateSet = true
	n.correlate = appendTo(s.correlate, froms...)
	return n
}

// CorrelateExcept correlates to every enclosing FROM item except those
// given.
func (s *Select) CorrelateExcept(froms ...FromClause) *Select {
	n := s.clone()
	n.exceptSet = true
	n.correlateExcept = appendTo(s.correlateExcept, froms...)
	return n
}

// ForUpdate returns the SELECT with a locking clause (FOR UPDATE, or FOR
// SHARE when lock.Read is set).
func (s *Select) ForUpdate(lock LockClause) *Select {
	n := s.clone()
	lock.OfColumns = untypedAll(slices.Clip(lock.OfColumns))
	n.lock = &lock
	return n
}

// Prefix returns the SELECT with words written after SELECT, such as
// "SQL_NO_CACHE" or an optimizer hint. They are written as given.
func (s *Select) Prefix(words ...string) *Select {
	n := s.clone()
	n.prefixes = appendTo(s.prefixes, words...)
	return n
}

// Suffix returns the SELECT with words written at its end.
func (s *Select) Suffix(words ...string) *Select {
	n := s.clone()
	n.suffixes = appendTo(s.suffixes, words...)
	return n
}

// AddCTE returns the SELECT with CTEs in its WITH clause even when the
// statement does not refer to them.
func (s *Select) AddCTE(ctes ...*CTE) *Select {
	n := s.clone()
	n.ctes = appendTo(s.ctes, ctes...)
	return n
}

// Subquery returns the SELECT as a FROM item: (SELECT ...) AS name. An
// empty name gives an anonymous subquery, named at compile (anon_1).
func (s *Select) Subquery(name string) *Subquery { return newSubquery(s, name) }

// CTE returns the SELECT as a common table expression named name.
func (s *Select) CTE(name string) *CTE { return newCTE(s, name, false) }

// RecursiveCTE returns the SELECT as the anchor of a recursive CTE; add
// the recursive part with the CTE's UnionAll (or Union).
func (s *Select) RecursiveCTE(name string) *CTE { return newCTE(s, name, true) }

// ScalarSubquery returns the SELECT as a column expression: (SELECT ...),
// which must return one column and at most one row.
func (s *Select) ScalarSubquery() *ScalarSelect { return newScalarSelect(s) }

// Exists returns EXISTS (SELECT ...).
func (s *Select) Exists() *UnaryExpression { return Exists(s) }

// Label returns the SELECT as a labeled scalar subquery.
func (s *Select) Label(name string) *Label { return NewLabel(name, s.ScalarSubquery()) }

// Union returns SELECT ... UNION SELECT ....
func (s *Select) Union(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundUnion, append([]SelectStatement{s}, others...))
}

// UnionAll returns SELECT ... UNION ALL SELECT ....
func (s *Select) UnionAll(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundUnionAll, append([]SelectStatement{s}, others...))
}

// Intersect returns SELECT ... INTERSECT SELECT ....
func (s *Select) Intersect(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundIntersect, append([]SelectStatement{s}, others...))
}

// IntersectAll returns SELECT ... INTERSECT ALL SELECT ....
func (s *Select) IntersectAll(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundIntersectAll, append([]SelectStatement{s}, others...))
}

// Except returns SELECT ... EXCEPT SELECT ....
func (s *Select) Except(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundExcept, append([]SelectStatement{s}, others...))
}

// ExceptAll returns SELECT ... EXCEPT ALL SELECT ....
func (s *Select) ExceptAll(others ...SelectStatement) *CompoundSelect {
	return newCompound(compoundExceptAll, append([]SelectStatement{s}, others...))
}

// WriteSQL implements Element.
func (s *Select) WriteSQL(c *Compiler) { c.writeSelect(s) }

// WriteCacheKey implements Element.
func (s *Select) WriteCacheKey(k *CacheKey) {
	k.Tag(tagSelect)
	k.Elements(s.columns)
	k.Int(len(s.froms))
	for _, f := range s.froms {
		k.From(f)
	}
	k.Elements(s.where)
	k.Elements(s.groupBy)
	k.Elements(s.having)
	k.Elements(s.orderBy)
	k.limit(s.limit)
	k.limit(s.offset)
	if s.fetch != nil {
		k.Tag(tagFetch)
		k.limit(s.fetch.count)
		k.Bool(s.fetch.percent)
		k.Bool(s.fetch.withTies)
	}
	k.Bool(s.distinct)
	k.Elements(s.distinctOn)
	k.Bool(s.correlateSet)
	k.Int(len(s.correlate))
	for _, f := range s.correlate {
		k.From(f)
	}
	k.Bool(s.exceptSet)
	k.Int(len(s.correlateExcept))
	for _, f := range s.correlateExcept {
		k.From(f)
	}
	if s.lock != nil {
		k.Tag(tagLock)
		k.Bool(s.lock.Read)
		k.Bool(s.lock.NoWait)
		k.Bool(s.lock.SkipLocked)
		k.Bool(s.lock.KeyShare)
		k.Int(len(s.lock.Of))
		for _, f := range s.lock.Of {
			k.From(f)
		}
		k.Elements(s.lock.OfColumns)
	}
	k.Int(len(s.ctes))
	for _, c := range s.ctes {
		k.From(c)
	}
	k.Strings(s.prefixes)
	k.Strings(s.suffixes)
}

// ScalarSelect is a SELECT used as a value: (SELECT ...).
type ScalarSelect struct {
	ColumnOps
	sel SelectStatement
	typ types.Type
}

func newScalarSelect(sel SelectStatement) *ScalarSelect {
	s := &ScalarSelect{sel: sel, typ: types.NullType{}}
	if cols := sel.SelectedColumns(); len(cols) > 0 {
		s.typ = cols[0].Type()
	}
	s.self = s
	return s
}

// Statement returns the SELECT inside.
func (s *ScalarSelect) Statement() SelectStatement { return s.sel }

// Type implements ColumnElement: the type of the selected column.
func (s *ScalarSelect) Type() types.Type { return s.typ }

// WriteSQL implements Element.
func (s *ScalarSelect) WriteSQL(c *Compiler) {
	c.WriteByte('(')
	c.writeNested(s.sel)
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (s *ScalarSelect) WriteCacheKey(k *CacheKey) { k.Tag(tagScalarSelect); k.Element(s.sel) }

// Exists returns EXISTS (SELECT ...).
func Exists(sel SelectStatement) *UnaryExpression {
	u := &UnaryExpression{operator: OpExists, elem: newScalarSelect(sel), typ: types.Boolean{}}
	u.self = u
	return u
}

// implicitFroms returns the FROM items the expressions refer to, in order
// of first appearance, without descending into subqueries.
func implicitFroms(exprs []ColumnElement) []FromClause {
	var out []FromClause
	seen := map[FromClause]bool{}
	for _, e := range exprs {
		collectFroms(e, &out, seen)
	}
	return out
}

func collectFroms(e Element, out *[]FromClause, seen map[FromClause]bool) {
	Walk(e, func(el Element) bool {
		switch x := el.(type) {
		case *Column:
			if x.from != nil && !seen[x.from] {
				seen[x.from] = true
				*out = append(*out, x.from)
			}
			return false
		case *ScalarSelect, SelectStatement, *Subquery, *CTE:
			return false
		}
		return true
	})
}
