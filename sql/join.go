package sql

import (
	"errors"
	"fmt"
	"slices"
)

type joinKind uint8

const (
	joinInner joinKind = iota
	joinLeft
	joinFull
)

// Join is left JOIN right ON condition.
type Join struct {
	FromOps
	left, right FromClause
	on          ColumnElement
	kind        joinKind
	err         error
	// owner is the statement Select.Join made the join for when the
	// join's left side is the one FROM item that statement's select list
	// and WHERE referred to: the join covers them (see coveredPrefix). It
	// is allocated with the join, so it keeps nothing more alive.
	owner *Select
}

func newJoin(left, right FromClause, on []ColumnElement, kind joinKind) *Join {
	j := &Join{}
	j.initOn(left, right, on, kind)
	return j
}

// initOn makes j, a new Join, left JOIN right ON the conditions on, or
// on the condition inferred from their foreign keys.
func (j *Join) initOn(left, right FromClause, on []ColumnElement, kind joinKind) {
	switch {
	case len(on) > 0:
		j.init(left, right, joinCondition(on), nil, kind)
	case isNil(left) || isNil(right):
		j.init(left, right, nil, errNilFrom("join"), kind)
	default:
		cond, err := inferJoinCondition(left, right)
		j.init(left, right, cond, err, kind)
	}
}

// makeJoin builds a join with a condition already decided.
func makeJoin(left, right FromClause, on ColumnElement, err error, kind joinKind) *Join {
	if err == nil && (isNil(left) || isNil(right)) {
		err = errNilFrom("join")
	}
	j := &Join{}
	j.init(left, right, on, err, kind)
	return j
}

// init makes j, a new Join, left JOIN right ON on.
func (j *Join) init(left, right FromClause, on ColumnElement, err error, kind joinKind) {
	// Field by field: every field is set, without building a whole
	// struct value to copy into the heap.
	j.left, j.right, j.on, j.kind, j.err = plainFrom(left), plainFrom(right), on, kind, err
	j.self = j
}

// joinCondition turns ON arguments into one condition (typed views
// never enter the tree).
func joinCondition(on []ColumnElement) ColumnElement {
	on = untypedAll(on)
	if len(on) == 1 {
		return on[0]
	}
	return And(on...)
}

// Left returns the left side.
func (j *Join) Left() FromClause { return j.left }

// Right returns the right side.
func (j *Join) Right() FromClause { return j.right }

// OnClause returns the join condition (nil when it could not be
// inferred).
func (j *Join) OnClause() ColumnElement { return j.on }

// Err returns the error found while building the join (no foreign key to
// infer its condition from, or several), or nil.
func (j *Join) Err() error { return j.err }

// Columns implements FromClause: the left side's columns, then the
// right's.
func (j *Join) Columns() []*Column {
	var out []*Column
	if !isNil(j.left) {
		out = append(out, j.left.Columns()...)
	}
	if !isNil(j.right) {
		out = append(out, j.right.Columns()...)
	}
	return out
}

// C implements FromClause: the column with the key on either side. When
// both sides have one, the key is ambiguous (ErrAmbiguousColumn at
// compile); qualify it with the name of its table, alias or subquery and
// an underscore, as SQLAlchemy keys a join's columns: C("users_id").
func (j *Join) C(key string) *Column {
	cols := j.Columns()
	var found *Column
	n := 0
	for _, c := range cols {
		if c.key == key {
			found = c
			n++
		}
	}
	if n == 1 {
		return found
	}
	for _, c := range cols {
		if q := qualifiedName(c.from); q != "" && q+"_"+c.key == key {
			return c
		}
	}
	bad := invalidColumn(j, key)
	if n > 1 {
		bad.err = fmt.Errorf("%w: %q is a column of both sides of the join; qualify it as table_%s", ErrAmbiguousColumn, key, key)
	}
	return bad
}

// WriteSQL implements Element.
func (j *Join) WriteSQL(c *Compiler) { c.writeJoin(j) }

// WriteCacheKey implements Element.
func (j *Join) WriteCacheKey(k *CacheKey) {
	k.Tag(tagJoin)
	k.Err(j.err)
	k.Int(int(j.kind))
	k.From(j.left)
	k.From(j.right)
	k.Element(j.on)
}

// joinPair is one equality of an inferred join condition: referred =
// referring.
type joinPair struct {
	referred, referring *Column
}

// inferJoinCondition builds ON from the foreign keys between the two
// sides, as SQLAlchemy does: when the left side is itself a join, keys
// between its right side and right are looked for first; keys of one
// constraint make one condition (ANDed); several constraints that do not
// amount to the same condition are ambiguous.
func inferJoinCondition(left, right FromClause) (ColumnElement, error) {
	var subset FromClause
	if j, ok := left.(*Join); ok && !isNil(j.right) {
		subset = j.right
	}
	groups := scanForeignKeys(left, subset, right)
	if len(groups) > 1 {
		groups = dedupeJoinGroups(groups)
	}
	switch len(groups) {
	case 0:
		return nil, fmt.Errorf("%w between %s and %s; give the ON condition", ErrNoForeignKeys, describeJoinSide(left), describeJoinSide(right))
	case 1:
		conds := make([]ColumnElement, len(groups[0]))
		for i, p := range groups[0] {
			conds[i] = p.referred.Eq(p.referring)
		}
		return joinCondition(conds), nil
	}
	return nil, fmt.Errorf("%w: %s and %s are linked by %d foreign keys; give the ON condition", ErrAmbiguousJoin, describeJoinSide(left), describeJoinSide(right), len(groups))
}

// describeJoinSide describes a side of a join for an error message.
func describeJoinSide(f FromClause) string {
	if isNil(f) {
		return "no table"
	}
	if j, ok := f.(*Join); ok {
		parts := make([]string, 0, 4)
		for _, o := range fromObjects(j) {
			if _, isJoin := o.(*Join); !isJoin {
				parts = append(parts, describeJoinSide(o))
			}
		}
		return "the join of " + joinWords(parts)
	}
	switch x := f.(type) {
	case *Alias:
		if x.name == "" {
			return "an anonymous alias of " + describeJoinSide(x.of)
		}
	case *CTE:
		if x.name == "" {
			return "an anonymous CTE"
		}
	}
	return describeFrom(f)
}

func joinWords(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	out := parts[0]
	for _, p := range parts[1 : len(parts)-1] {
		out += ", " + p
	}
	return out + " and " + parts[len(parts)-1]
}

// scanForeignKeys groups, per foreign-key constraint, the column pairs
// linking right to subset (when given) or else to left: right's keys
// referring to the left side first, then the left side's keys referring
// to right.
func scanForeignKeys(left, subset, right FromClause) [][]joinPair {
	for _, l := range []FromClause{subset, left} {
		if l == nil {
			continue
		}
		var order []*ForeignKeyConstraint
		groups := map[*ForeignKeyConstraint][]joinPair{}
		add := func(fkc *ForeignKeyConstraint, p joinPair) {
			if _, seen := groups[fkc]; !seen {
				order = append(order, fkc)
			}
			groups[fkc] = append(groups[fkc], p)
		}
		referring(right, l, add)
		if l != right {
			referring(l, right, add)
		}
		if len(order) > 0 {
			out := make([][]joinPair, len(order))
			for i, fkc := range order {
				out[i] = groups[fkc]
			}
			return out
		}
	}
	return nil
}

// referring calls add for each column of child with a foreign key to a
// column of parent.
func referring(child, parent FromClause, add func(*ForeignKeyConstraint, joinPair)) {
	for _, cc := range child.Columns() {
		for _, fk := range cc.ForeignKeys() {
			target, err := fk.Column()
			if err != nil {
				continue
			}
			if pc := correspondingColumn(parent, target); pc != nil {
				add(fk.constraint, joinPair{referred: pc, referring: cc})
			}
		}
	}
}

// dedupeJoinGroups keeps one of several constraints that give the same
// condition.
func dedupeJoinGroups(groups [][]joinPair) [][]joinPair {
	out := groups[:1:1]
	for _, g := range groups[1:] {
		if !slices.ContainsFunc(out, func(o []joinPair) bool { return slices.Equal(o, g) }) {
			out = append(out, g)
		}
	}
	return out
}

// correspondingColumn returns the column of from that is, or stands for,
// target; nil when there is none.
func correspondingColumn(from FromClause, target *Column) *Column {
	for _, c := range from.Columns() {
		if c.sharesLineage(target) {
			return c
		}
	}
	return nil
}

// canJoin reports whether foreign keys link left and right (even
// ambiguously).
func canJoin(left, right FromClause) bool {
	_, err := inferJoinCondition(left, right)
	return err == nil || errors.Is(err, ErrAmbiguousJoin)
}

// findJoinLeft returns the indexes of the FROM items right may be joined
// to: those a foreign key links to right or, given an ON condition and
// several items, those whose columns (with right's) cover the
// condition's. Items hidden inside another item's join are not offered
// twice. SQLAlchemy's Select.join decides its left side the same way.
func findJoinLeft(idx []int, froms []FromClause, right FromClause, on ColumnElement) []int {
	var buf [8]FromClause
	rights := appendFromObjects(buf[:0], right)
	var colBuf [8]*Column
	var onCols []*Column
	resolve := len(froms) > 1 && on != nil
	if resolve {
		onCols = appendColumnsOf(colBuf[:0], on)
	}
	for i, f := range froms {
		for _, s := range rights {
			if s == f {
				continue
			}
			if resolve {
				if coversColumns(onCols, f, s) {
					idx = append(idx, i)
					break
				}
			} else if on != nil || canJoin(f, s) {
				idx = append(idx, i)
				break
			}
		}
	}
	if len(idx) > 1 {
		idx = slices.DeleteFunc(idx, func(i int) bool { return hiddenFrom(froms, froms[i]) })
	}
	if len(idx) == 0 && on != nil {
		for i := range froms {
			idx = append(idx, i)
		}
	}
	return idx
}

// appendColumnsOf appends the columns e refers to, outside subqueries.
func appendColumnsOf(out []*Column, e Element) []*Column {
	return appendColumnRefs(out, e, false, func(c *Column) (*Column, bool) { return c, true })
}

// appendColumnRefs appends ref(c) for each column c that e refers to,
// outside subqueries, in order (once each when unique), skipping those
// ref declines. The common shapes (a column, a value, a binary
// expression) are handled without a walk: what Walk would do for them.
func appendColumnRefs[T comparable](out []T, e Element, unique bool, ref func(*Column) (T, bool)) []T {
	add := func(c *Column) {
		if v, ok := ref(c); ok && !(unique && slices.Contains(out, v)) {
			out = append(out, v)
		}
	}
	switch x := e.(type) {
	case *Column:
		if x != nil {
			add(x)
			return out
		}
	case *BindParam:
		if x != nil {
			return out
		}
	case *BinaryExpression:
		if x != nil {
			if x.left != nil {
				out = appendColumnRefs(out, x.left, unique, ref)
			}
			if x.right != nil {
				out = appendColumnRefs(out, x.right, unique, ref)
			}
			return out
		}
	}
	Walk(e, func(el Element) bool {
		switch x := el.(type) {
		case *Column:
			add(x)
			return false
		case *ScalarSelect, SelectStatement, *Subquery, *CTE:
			return false
		}
		return true
	})
	return out
}

// coversColumns reports whether every column in cols belongs to a or b.
func coversColumns(cols []*Column, a, b FromClause) bool {
	for _, c := range cols {
		if !hasColumn(a, c) && !hasColumn(b, c) {
			return false
		}
	}
	return true
}

// hasColumn reports whether c is one of f's columns: the column's own
// FROM item says so at once; other items' lists are searched.
func hasColumn(f FromClause, c *Column) bool {
	if c.from == f {
		return true
	}
	return slices.Contains(f.Columns(), c)
}

// hiddenFrom reports whether a join of froms contains f: listed on its
// own as well, it would be selected twice.
func hiddenFrom(froms []FromClause, f FromClause) bool {
	id := fromIdentity(f)
	for _, o := range froms {
		if j, ok := o.(*Join); ok && joinHolds(j, id) {
			return true
		}
	}
	return false
}
