package sql

import (
	"fmt"
	"slices"
	"unsafe"

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
	columns []ColumnElement
	froms   []FromClause
	where   []ColumnElement
	orderBy []ColumnElement
	// bounds holds LIMIT, OFFSET and DISTINCT, or is nil: shared by
	// copies, replaced whole by the builder calls that change it, so
	// that the statement stays 112 bytes.
	bounds *rowBounds
	// more holds the parts a typical query does not use. Copies of the
	// statement share it; a builder call that changes one of its parts
	// gives its copy a new one (setMore), so the common calls copy a
	// small struct.
	more cow[selectMore]
}

// rowBounds is a Select's LIMIT, OFFSET and DISTINCT. It is never changed
// once a Select refers to it.
type rowBounds struct {
	limit, offset *BindParam
	distinct      bool
}

// limitParam returns the LIMIT parameter, or nil.
func (s *Select) limitParam() *BindParam {
	if s.bounds == nil {
		return nil
	}
	return s.bounds.limit
}

// offsetParam returns the OFFSET parameter, or nil.
func (s *Select) offsetParam() *BindParam {
	if s.bounds == nil {
		return nil
	}
	return s.bounds.offset
}

// isDistinct reports SELECT DISTINCT.
func (s *Select) isDistinct() bool { return s.bounds != nil && s.bounds.distinct }

// withBounds returns a copy of s whose bounds, a copy of s's, are
// allocated with it, and those bounds to change.
func (s *Select) withBounds() (*Select, *rowBounds) {
	p := new(struct {
		s Select
		r rowBounds
	})
	s.copyInto(&p.s, &p.r)
	return &p.s, &p.r
}

// copyInto copies s to dst, with a copy of its bounds in r.
func (s *Select) copyInto(dst *Select, r *rowBounds) {
	*dst = *s
	if s.bounds != nil {
		*r = *s.bounds
	}
	dst.bounds = r
}

// withBoundParam is withBounds with a new parameter holding n, allocated
// with them (LIMIT, OFFSET).
func (s *Select) withBoundParam(n int64) (*Select, *rowBounds, *BindParam) {
	p := new(struct {
		s Select
		r rowBounds
		b BindParam
	})
	s.copyInto(&p.s, &p.r)
	p.b.name, p.b.value, p.b.hasValue, p.b.typ = "param", n, true, types.Integer{}
	p.b.self = &p.b
	return &p.s, &p.r, &p.b
}

// selectMore is the rarely used parts of a Select; nil in a Select
// that has none of them. It is never changed once a Select refers to
// it.
type selectMore struct {
	itemFroms       []itemFrom // FROM items given as select items
	groupBy         []ColumnElement
	having          []ColumnElement
	fetch           *fetchClause
	distinctOn      []ColumnElement
	correlate       []FromClause
	correlateSet    bool // Correlate was called: no auto-correlation
	correlateExcept []FromClause
	exceptSet       bool
	lock            *LockClause
	ctes            []*CTE
	prefixes        []string
	suffixes        []string
	hints           []tableHint
	err             error
}

// noSelectMore is what rare returns for a Select without rare parts; it
// is never written.
var noSelectMore selectMore

// rare returns the rarely used parts of s, for reading only.
func (s *Select) rare() *selectMore { return s.more.get(&noSelectMore) }

// setMore gives s, a copy being built, its own rarely used parts, to be
// changed, and returns them.
func (s *Select) setMore() *selectMore { return s.more.own() }

// cow is a statement's pointer to its rarely used parts, shared by the
// copies of the statement and copied on write: a builder call that
// changes one of the parts gives its copy new ones (own).
type cow[T any] struct{ p *T }

// get returns the parts, or none when there are none; for reading only.
func (c *cow[T]) get(none *T) *T {
	if c.p == nil {
		return none
	}
	return c.p
}

// own replaces the parts by a copy of them (the zero value when there
// are none) that the statement may change, and returns it.
func (c *cow[T]) own() *T {
	n := new(T)
	if c.p != nil {
		*n = *c.p
	}
	c.p = n
	return n
}

// itemFrom is a FROM item given to the select list: its columns start at
// columns[at], and it is a FROM item of the select itself (a join given
// this way is selected FROM, not only its tables).
type itemFrom struct {
	at   int
	from FromClause
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
// (tables, aliases, subqueries, joins), which stand for all their columns
// and are selected FROM. A *Select or *CompoundSelect item is a scalar
// subquery.
func NewSelect(items ...Element) *Select {
	// One column per item, unless an item is a FROM item; a short list
	// is allocated with the statement, in an array of its length when
	// that is known.
	n := len(items)
	for _, it := range items {
		if _, ok := it.(FromClause); ok {
			n = max(n, len(selectPlus{}.items))
			break
		}
	}
	s, dst := newSelectItems(n)
	if dst == nil {
		dst = make([]ColumnElement, 0, len(items))
	}
	var err error
	var itemFroms []itemFrom
	s.columns, itemFroms, err = expandSelectList(dst[:0], nil, items)
	s.columns = slices.Clip(s.columns)
	if itemFroms != nil {
		s.setMore().itemFroms = itemFroms
	}
	if err != nil {
		s.setErr(err)
	}
	return s
}

// expandSelectItems appends items to a column list (RETURNING): FROM
// items stand for their columns.
func expandSelectItems(dst []ColumnElement, items []Element) ([]ColumnElement, error) {
	dst, _, err := expandSelectList(dst, nil, items)
	return dst, err
}

// expandSelectList appends items to a select list, recording the FROM
// items given.
func expandSelectList(dst []ColumnElement, froms []itemFrom, items []Element) ([]ColumnElement, []itemFrom, error) {
	var err error
	for _, it := range items {
		if isNil(it) {
			err = fmt.Errorf("%w: nil in a select list", ErrArgument)
			continue // a typed nil would break the walks of the tree
		}
		switch x := it.(type) {
		case *Column:
			dst = append(dst, x) // the common item, never a typed view
		case FromClause:
			froms = append(froms, itemFrom{at: len(dst), from: x})
			for _, c := range x.Columns() {
				dst = append(dst, c)
			}
		case ColumnElement:
			dst = append(dst, Untyped(x))
		case SelectStatement:
			dst = append(dst, newScalarSelect(x))
		default:
			err = fmt.Errorf("%w: %T cannot be selected", ErrArgument, it)
		}
	}
	return dst, froms, err
}

func (s *Select) clone() *Select {
	n := *s
	return &n
}

// selectPlus is a Select allocated with room for a short list, so that
// a builder call that copies the statement and adds to one of its lists
// allocates once. The list takes the array with its capacity clipped, so
// a later append copies it, as appendTo does. newSelectItems allocates
// one with an array of the list's length.
type selectPlus struct {
	s     Select
	items [4]ColumnElement
}

// newSelectItems returns a new, zero Select and, for n from 1 to
// len(selectPlus{}.items), a list of n allocated with it; otherwise nil.
func newSelectItems(n int) (*Select, []ColumnElement) {
	switch n {
	case 1:
		return selectBlock[[1]ColumnElement]()
	case 2:
		return selectBlock[[2]ColumnElement]()
	case 3:
		return selectBlock[[3]ColumnElement]()
	case 4:
		return selectBlock[[4]ColumnElement]()
	}
	return new(Select), nil
}

// itemArray is the arrays selectBlock allocates with a Select: the
// constraint keeps its unsafe.Slice over them sound.
type itemArray interface {
	[1]ColumnElement | [2]ColumnElement | [3]ColumnElement | [4]ColumnElement
}

// selectBlock allocates a Select with the array A of ColumnElements, and
// returns the array as a list.
func selectBlock[A itemArray]() (*Select, []ColumnElement) {
	p := new(struct {
		s     Select
		items A
	})
	n := int(unsafe.Sizeof(p.items) / unsafe.Sizeof(ColumnElement(nil)))
	return &p.s, unsafe.Slice((*ColumnElement)(unsafe.Pointer(&p.items)), n)
}

// cloneAppending returns a copy of s, and list (one of s's lists) with
// items appended, sharing no array with list.
func (s *Select) cloneAppending(list, items []ColumnElement) (*Select, []ColumnElement) {
	n := len(list) + len(items)
	if n == 0 || n > len(selectPlus{}.items) {
		return s.clone(), appendTo(list, items...)
	}
	c, arr := newSelectItems(n)
	*c = *s
	copy(arr, list)
	copy(arr[len(list):], items)
	return c, arr[:n:n]
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
func (s *Select) Err() error { return s.rare().err }

// AddColumns returns the SELECT with more items in its select list.
func (s *Select) AddColumns(items ...Element) *Select {
	n := s.clone()
	var err error
	var itemFroms []itemFrom
	old := s.rare().itemFroms
	n.columns, itemFroms, err = expandSelectList(slices.Clip(s.columns), slices.Clip(old), items)
	if len(itemFroms) != len(old) {
		n.setMore().itemFroms = itemFroms
	}
	if err != nil {
		n.setErr(err)
	}
	return n
}

// WithOnlyColumns returns the SELECT with its select list replaced.
func (s *Select) WithOnlyColumns(items ...Element) *Select {
	n := s.clone()
	var err error
	var itemFroms []itemFrom
	n.columns, itemFroms, err = expandSelectList(nil, nil, items)
	if itemFroms != nil || s.rare().itemFroms != nil {
		n.setMore().itemFroms = itemFroms
	}
	if err != nil {
		n.setErr(err)
	}
	return n
}

// SelectFrom returns the SELECT with FROM items added explicitly. They
// come first in the FROM clause, before those its columns and WHERE
// imply; an item that a listed join contains is not listed again.
func (s *Select) SelectFrom(froms ...FromClause) *Select {
	n := s.clone()
	froms, hadNil := plainFroms(froms)
	if hadNil {
		n.setErr(errNilFrom("select"))
	}
	n.froms = appendTo(s.froms, froms...)
	return n
}

// withErr returns a copy of s carrying err, unless it carries one.
func (s *Select) withErr(err error) *Select {
	n := s.clone()
	n.setErr(err)
	return n
}

// setErr records err in s, a copy being built, unless it carries an
// error.
func (s *Select) setErr(err error) {
	if s.rare().err == nil {
		s.setMore().err = err
	}
}

// Where returns the SELECT with conditions added; all conditions, across
// calls, are joined with AND.
func (s *Select) Where(conds ...ColumnElement) *Select {
	n, list := s.cloneAppending(s.where, untypedAll(conds))
	n.where = list
	return n
}

// Join returns the SELECT with right joined to one of its FROM items: ...
// FROM left JOIN right ON on. Several conditions are joined with AND;
// without any, the condition is inferred from the foreign key between
// left and right (see FromOps.Join).
//
// The left side is found as SQLAlchemy's Select.join finds it: among the
// explicit FROM items (SelectFrom and earlier joins) or, when there are
// none, among the items the select list and WHERE refer to, the one that
// a foreign key links to right, or, given ON and several items, the one
// whose columns ON uses. A FROM list of one item is joined from that
// item. When no item or several qualify, the statement fails to compile
// with ErrNoForeignKeys or ErrAmbiguousJoin; JoinFrom names the left side
// explicitly.
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
	if isNil(right) {
		return s.withErr(errNilFrom("join"))
	}
	var cond ColumnElement
	if len(on) > 0 {
		cond = joinCondition(on)
	}
	explicit := len(s.froms) > 0
	cands := s.froms
	var implicit, normal [8]FromClause
	if !explicit {
		cands = normalizeFroms(normal[:0], s.appendImplicitFroms(implicit[:0]))
	}
	if len(cands) == 0 {
		return s.withErr(fmt.Errorf("%w: nothing to join %s to: the select has no FROM item", ErrArgument, describeJoinSide(right)))
	}
	if slices.ContainsFunc(cands, func(f FromClause) bool { return isNil(f) }) {
		return s.withErr(errNilFrom("join"))
	}
	var found [4]int
	idx := findJoinLeft(found[:0], cands, right, cond)
	switch {
	case len(idx) > 1:
		return s.withErr(fmt.Errorf("%w: several FROM items of the select can be joined to %s; use JoinFrom to name the left side, or give ON", ErrAmbiguousJoin, describeJoinSide(right)))
	case len(idx) == 0:
		return s.withErr(fmt.Errorf("%w: no FROM item of the select has a foreign key to %s; give the ON condition, or use JoinFrom", ErrNoForeignKeys, describeJoinSide(right)))
	}
	if explicit {
		n := s.clone()
		n.froms = slices.Clone(s.froms)
		if cond != nil {
			n.froms[idx[0]] = makeJoin(cands[idx[0]], right, cond, nil, kind)
		} else {
			n.froms[idx[0]] = newJoin(cands[idx[0]], right, on, kind)
		}
		return n
	}
	// The statement, its one FROM item and the join in one allocation.
	p := &struct {
		s     Select
		froms [1]FromClause
		j     Join
	}{s: *s}
	if cond != nil {
		p.j.init(cands[idx[0]], right, cond, nil, kind)
	} else {
		p.j.initOn(cands[idx[0]], right, on, kind)
	}
	if !noFromCover && !slices.ContainsFunc(cands, func(f FromClause) bool { return !joinHolds(&p.j, fromIdentity(f)) }) {
		// Every FROM item the statement refers to is inside the join,
		// which hides them: compiling need not collect them again.
		p.j.owner = &p.s
	}
	p.froms[0] = &p.j
	p.s.froms = p.froms[:]
	return &p.s
}

// noFromCover turns coveredPrefix off, for tests that compare both ways.
var noFromCover bool

// coveredPrefix returns how many of the statement's columns and WHERE
// conditions refer only to FROM items that one of its joins holds: those
// the statement had when Join made the join (Join.owner), which it
// shares with the statement (lists are never changed in place, so the
// same array means the same elements). Their FROM items need not be
// collected again: the join hides them.
func (s *Select) coveredPrefix() (cols, where int) {
	for _, f := range s.froms {
		j, ok := f.(*Join)
		if !ok || j == nil || j.owner == nil {
			continue
		}
		o := j.owner
		if n := len(o.columns); n > 0 && len(s.columns) >= n && &s.columns[0] == &o.columns[0] {
			cols = n
		}
		if n := len(o.where); n > 0 && len(s.where) >= n && &s.where[0] == &o.where[0] {
			where = n
		}
		return cols, where
	}
	return 0, 0
}

// appendImplicitFroms appends to out the FROM items the select list and
// WHERE refer to, in order, that out does not hold yet.
func (s *Select) appendImplicitFroms(out []FromClause) []FromClause {
	return s.appendImplicitFromsAfter(out, 0, 0)
}

// appendImplicitFromsAfter is appendImplicitFroms leaving out the first
// cols columns (and the FROM items given among them) and the first where
// conditions.
func (s *Select) appendImplicitFromsAfter(out []FromClause, cols, where int) []FromClause {
	next := 0
	itemFroms := s.rare().itemFroms
	for next < len(itemFroms) && itemFroms[next].at < cols {
		next++
	}
	for i := cols; i < len(s.columns); i++ {
		e := s.columns[i]
		for next < len(itemFroms) && itemFroms[next].at == i {
			if f := itemFroms[next].from; !slices.Contains(out, f) {
				out = append(out, f)
			}
			next++
		}
		out = collectFroms(out, e)
	}
	for ; next < len(itemFroms); next++ {
		if f := itemFroms[next].from; !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, e := range s.where[where:] {
		out = collectFroms(out, e)
	}
	return out
}

// JoinFrom returns the SELECT with left JOIN right ON on. When left is
// already a FROM item of the select, or inside one of its joins, that
// item is extended with the join; otherwise the join is added as a new
// FROM item. Without on, the condition is inferred from the foreign key
// between left and right.
func (s *Select) JoinFrom(left, right FromClause, on ...ColumnElement) *Select {
	return s.joinFrom(left, right, on, joinInner)
}

// OuterJoinFrom is JoinFrom with LEFT OUTER JOIN.
func (s *Select) OuterJoinFrom(left, right FromClause, on ...ColumnElement) *Select {
	return s.joinFrom(left, right, on, joinLeft)
}

// FullOuterJoinFrom is JoinFrom with FULL OUTER JOIN.
func (s *Select) FullOuterJoinFrom(left, right FromClause, on ...ColumnElement) *Select {
	return s.joinFrom(left, right, on, joinFull)
}

func (s *Select) joinFrom(left, right FromClause, on []ColumnElement, kind joinKind) *Select {
	n := s.clone()
	if isNil(left) || isNil(right) {
		n.setErr(errNilFrom("join"))
		return n
	}
	var idx []int
	var objs [8]FromClause
	for i, f := range s.froms {
		if slices.Contains(appendFromObjects(objs[:0], f), fromIdentity(left)) {
			idx = append(idx, i)
		}
	}
	switch len(idx) {
	case 0:
		n.froms = appendTo(s.froms, FromClause(newJoin(left, right, on, kind)))
	case 1:
		// Extend the item that holds left; the condition is between left
		// and right.
		var j *Join
		if len(on) > 0 {
			j = makeJoin(s.froms[idx[0]], right, joinCondition(on), nil, kind)
		} else {
			cond, err := inferJoinCondition(left, right)
			j = makeJoin(s.froms[idx[0]], right, cond, err, kind)
		}
		n.froms = slices.Clone(s.froms)
		n.froms[idx[0]] = j
	default:
		n.setErr(fmt.Errorf("%w: %s is in several FROM items of the select", ErrAmbiguousJoin, describeJoinSide(left)))
	}
	return n
}

// GroupBy returns the SELECT with GROUP BY expressions added.
func (s *Select) GroupBy(exprs ...ColumnElement) *Select {
	n, list := s.cloneAppending(s.rare().groupBy, untypedAll(exprs))
	n.setMore().groupBy = list
	return n
}

// Having returns the SELECT with HAVING conditions added (joined with AND).
func (s *Select) Having(conds ...ColumnElement) *Select {
	n, list := s.cloneAppending(s.rare().having, untypedAll(conds))
	n.setMore().having = list
	return n
}

// OrderBy returns the SELECT with ORDER BY expressions added; use
// col.Desc(), col.Asc().NullsLast() for direction.
func (s *Select) OrderBy(exprs ...ColumnElement) *Select {
	n, list := s.cloneAppending(s.orderBy, untypedAll(exprs))
	n.orderBy = list
	return n
}

// Limit returns the SELECT returning at most n rows (bound as a parameter
// where the database accepts one). It replaces FetchFirst.
func (s *Select) Limit(n int64) *Select {
	// The statement, its bounds and the parameter in one allocation.
	c, r, b := s.withBoundParam(n)
	r.limit = b
	if c.rare().fetch != nil {
		c.setMore().fetch = nil
	}
	return c
}

// Offset returns the SELECT skipping its first n rows.
func (s *Select) Offset(n int64) *Select {
	c, r, b := s.withBoundParam(n)
	r.offset = b
	return c
}

// FetchFirst returns the SELECT with the SQL standard's FETCH FIRST n
// ROWS ONLY, or WITH TIES, or n PERCENT of the rows. It replaces Limit.
// On databases without it (Features.FetchFirst), FETCH FIRST n ROWS ONLY
// is written as LIMIT; WITH TIES and PERCENT fail with ErrNotSupported.
func (s *Select) FetchFirst(n int64, withTies, percent bool) *Select {
	var c *Select
	if s.limitParam() != nil {
		var r *rowBounds
		c, r = s.withBounds()
		r.limit = nil
	} else {
		c = s.clone()
	}
	c.setMore().fetch = &fetchClause{count: newBindValue("param", n, types.Integer{}), withTies: withTies, percent: percent}
	return c
}

// Distinct returns SELECT DISTINCT.
func (s *Select) Distinct() *Select {
	n, r := s.withBounds()
	r.distinct = true
	return n
}

// DistinctOn returns SELECT DISTINCT ON (exprs) (PostgreSQL).
func (s *Select) DistinctOn(exprs ...ColumnElement) *Select {
	n, r := s.withBounds()
	r.distinct = true
	n.setMore().distinctOn = appendTo(s.rare().distinctOn, untypedAll(exprs)...)
	return n
}

// Correlate names the FROM items of enclosing queries this subquery
// refers to, instead of automatic correlation: they are left out of its
// FROM clause when an enclosing query (at any level) has them. With no
// arguments it turns correlation off. A SELECT compiled on its own is not
// affected.
func (s *Select) Correlate(froms ...FromClause) *Select {
	n := s.clone()
	froms, hadNil := plainFroms(froms)
	if hadNil {
		n.setErr(errNilFrom("correlate"))
	}
	m := n.setMore()
	m.correlateSet = true
	m.correlate = appendTo(s.rare().correlate, froms...)
	return n
}

// CorrelateExcept correlates to every FROM item of the enclosing queries
// except those given; with no arguments, to all of them.
func (s *Select) CorrelateExcept(froms ...FromClause) *Select {
	n := s.clone()
	froms, hadNil := plainFroms(froms)
	if hadNil {
		n.setErr(errNilFrom("correlate"))
	}
	m := n.setMore()
	m.exceptSet = true
	m.correlateExcept = appendTo(s.rare().correlateExcept, froms...)
	return n
}

// ForUpdate returns the SELECT with a locking clause (FOR UPDATE, or FOR
// SHARE when lock.Read is set).
func (s *Select) ForUpdate(lock LockClause) *Select {
	n := s.clone()
	var hadNil bool
	lock.Of, hadNil = plainFroms(lock.Of)
	if hadNil {
		n.setErr(errNilFrom("FOR UPDATE OF"))
	}
	lock.OfColumns = untypedAll(slices.Clip(lock.OfColumns))
	n.setMore().lock = &lock
	return n
}

// Prefix returns the SELECT with words written after SELECT, such as
// "SQL_NO_CACHE" or an optimizer hint. They are written as given.
func (s *Select) Prefix(words ...string) *Select {
	n := s.clone()
	n.setMore().prefixes = appendTo(s.rare().prefixes, words...)
	return n
}

// Suffix returns the SELECT with words written at its end.
func (s *Select) Suffix(words ...string) *Select {
	n := s.clone()
	n.setMore().suffixes = appendTo(s.rare().suffixes, words...)
	return n
}

// AddCTE returns the SELECT with CTEs in its WITH clause even when the
// statement does not refer to them.
func (s *Select) AddCTE(ctes ...*CTE) *Select {
	n := s.clone()
	var err error
	n.setMore().ctes, err = appendCTEs(s.rare().ctes, ctes)
	if err != nil {
		n.setErr(err)
	}
	return n
}

// appendCTEs appends the non-nil CTEs; a nil one is an error.
func appendCTEs(dst, ctes []*CTE) ([]*CTE, error) {
	var err error
	dst = slices.Clip(dst)
	for _, c := range ctes {
		if c == nil {
			err = fmt.Errorf("%w: a nil CTE", ErrArgument)
			continue
		}
		dst = append(dst, c)
	}
	return dst, err
}

// Subquery returns the SELECT as a FROM item: (SELECT ...) AS name. An
// empty name gives an anonymous subquery, named at compile (anon_1). Its
// columns are named as the SELECT's result columns are (see
// Compiled.Columns). A subquery in FROM does not correlate: it sees no
// FROM item of the enclosing query, unless it is LATERAL.
func (s *Select) Subquery(name string) *Subquery { return newSubquery(s, name) }

// Lateral returns the SELECT as a LATERAL subquery, which may refer to
// the FROM items to its left.
func (s *Select) Lateral(name string) *Subquery { return newSubquery(s, name).Lateral() }

// CTE returns the SELECT as a common table expression named name.
func (s *Select) CTE(name string) *CTE { return newCTE(s, name, false) }

// RecursiveCTE returns the SELECT as the anchor of a recursive CTE; add
// the recursive part with the CTE's UnionAll (or Union).
func (s *Select) RecursiveCTE(name string) *CTE { return newCTE(s, name, true) }

// ScalarSubquery returns the SELECT as a column expression: (SELECT ...),
// which must return one column and at most one row.
//
// A nested SELECT (a scalar subquery, EXISTS, IN) correlates: when it has
// more than one FROM item, those that the immediately enclosing SELECT
// has are left out of its FROM clause, so that it refers to the enclosing
// row; correlation leaving no FROM item is an error. Correlate and
// CorrelateExcept decide explicitly instead.
func (s *Select) ScalarSubquery() *ScalarSelect { return newScalarSelect(s) }

// Exists returns EXISTS (SELECT ...). The SELECT may have an empty select
// list (NewSelect().SelectFrom(t)): it is written SELECT *.
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
	if s.more.p == nil {
		// No rare parts: the common ones, marked so that the key differs
		// from any of a Select that has some.
		k.Bool(false)
		k.Elements(s.columns)
		k.Int(len(s.froms))
		for _, f := range s.froms {
			k.From(f)
		}
		k.Elements(s.where)
		k.Elements(s.orderBy)
		k.limit(s.limitParam())
		k.limit(s.offsetParam())
		k.Bool(s.isDistinct())
		return
	}
	m := s.more.p
	k.Bool(true)
	k.Err(m.err)
	k.Elements(s.columns)
	k.Int(len(m.itemFroms))
	for _, it := range m.itemFroms {
		k.Int(it.at)
		k.From(it.from)
	}
	k.Int(len(s.froms))
	for _, f := range s.froms {
		k.From(f)
	}
	k.Elements(s.where)
	k.Elements(m.groupBy)
	k.Elements(m.having)
	k.Elements(s.orderBy)
	k.limit(s.limitParam())
	k.limit(s.offsetParam())
	if m.fetch != nil {
		k.Tag(tagFetch)
		k.limit(m.fetch.count)
		k.Bool(m.fetch.percent)
		k.Bool(m.fetch.withTies)
	}
	k.Bool(s.isDistinct())
	k.Elements(m.distinctOn)
	k.Bool(m.correlateSet)
	k.Int(len(m.correlate))
	for _, f := range m.correlate {
		k.From(f)
	}
	k.Bool(m.exceptSet)
	k.Int(len(m.correlateExcept))
	for _, f := range m.correlateExcept {
		k.From(f)
	}
	if m.lock != nil {
		k.Tag(tagLock)
		k.Bool(m.lock.Read)
		k.Bool(m.lock.NoWait)
		k.Bool(m.lock.SkipLocked)
		k.Bool(m.lock.KeyShare)
		k.Int(len(m.lock.Of))
		for _, f := range m.lock.Of {
			k.From(f)
		}
		k.Elements(m.lock.OfColumns)
	}
	k.Int(len(m.ctes))
	for _, c := range m.ctes {
		k.From(c)
	}
	k.Strings(m.prefixes)
	k.Strings(m.suffixes)
	writeHintsKey(k, m.hints)
}

// ScalarSelect is a SELECT used as a value: (SELECT ...).
type ScalarSelect struct {
	ColumnOps
	sel    SelectStatement
	typ    types.Type
	exists bool // inside EXISTS: an empty select list is SELECT *
}

func newScalarSelect(sel SelectStatement) *ScalarSelect {
	s := &ScalarSelect{sel: sel, typ: types.NullType{}}
	s.self = s
	if isNil(sel) {
		return s
	}
	if cols := sel.SelectedColumns(); len(cols) > 0 {
		s.typ = cols[0].Type()
	}
	return s
}

// Statement returns the SELECT inside.
func (s *ScalarSelect) Statement() SelectStatement { return s.sel }

// Type implements ColumnElement: the type of the selected column.
func (s *ScalarSelect) Type() types.Type { return s.typ }

// WriteSQL implements Element.
func (s *ScalarSelect) WriteSQL(c *Compiler) {
	if isNil(s.sel) {
		c.Fail(fmt.Errorf("%w: subquery of a nil statement", ErrArgument))
		return
	}
	c.WriteByte('(')
	mode := nestExpr
	if s.exists {
		mode = nestExists
	}
	c.writeNestedAs(s.sel, mode)
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (s *ScalarSelect) WriteCacheKey(k *CacheKey) {
	k.Tag(tagScalarSelect)
	k.Bool(s.exists)
	k.Element(s.sel)
}

// Exists returns EXISTS (SELECT ...). A *Select with an empty select list
// is written SELECT *.
func Exists(sel SelectStatement) *UnaryExpression {
	inner := newScalarSelect(sel)
	inner.exists = true
	u := &UnaryExpression{operator: OpExists, elem: inner, typ: types.Boolean{}}
	u.self = u
	return u
}

// collectFroms appends the FROM items e refers to that out does not hold
// yet, in order of first appearance, without descending into subqueries.
func collectFroms(out []FromClause, e Element) []FromClause {
	return appendColumnRefs(out, e, true, func(c *Column) (FromClause, bool) { return c.from, c.from != nil })
}
