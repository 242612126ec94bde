package sql

import "github.com/athanordb/athanor/types"

// Tuple is a parenthesized list of expressions, (a, b): for comparing
// several columns at once, (a, b) < (1, 2), and IN over several columns,
// (a, b) IN ((1, 'x'), (2, 'y')). Databases without row values reject it
// at compile (Features.TupleIn, Features.TupleComparison).
type Tuple struct {
	ColumnOps
	items []ColumnElement
}

// NewTuple returns (e1, e2, ...). Go values become bound values.
func NewTuple(items ...any) *Tuple {
	t := &Tuple{items: make([]ColumnElement, len(items))}
	for i, v := range items {
		t.items[i] = coerceAgainst(v, nil)
	}
	t.self = t
	return t
}

// Items returns the tuple's expressions.
func (t *Tuple) Items() []ColumnElement { return t.items }

// Type implements ColumnElement.
func (t *Tuple) Type() types.Type { return types.NullType{} }

// WriteSQL implements Element.
func (t *Tuple) WriteSQL(c *Compiler) {
	if len(t.items) == 0 {
		c.Failf("%w: an empty tuple", ErrArgument)
		return
	}
	c.WriteByte('(')
	writeList(c, t.items, ", ")
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (t *Tuple) WriteCacheKey(k *CacheKey) { k.Tag(tagTuple); k.Elements(t.items) }

// In renders (a, b) IN (rows...). Each row is a slice of values (or a
// Tuple), coerced element by element to the tuple's types; the rows may
// also be given as one slice of rows. A single SELECT, or an expanding
// BindParam whose value at execution is a slice of rows, work as for a
// column's In.
func (t *Tuple) In(values ...any) *BinaryExpression {
	return t.ColumnOps.In(t.coerceRows(values)...)
}

// NotIn is the negation of In.
func (t *Tuple) NotIn(values ...any) *BinaryExpression {
	return t.ColumnOps.NotIn(t.coerceRows(values)...)
}

// Eq compares the tuple with a row: (a, b) = (:a_1, :b_1). The row is a
// slice of values, a Tuple or another expression.
func (t *Tuple) Eq(row any) *BinaryExpression { return newBinary(t, OpEq, t.coerceRow(row)) }

// Ne renders (a, b) != row.
func (t *Tuple) Ne(row any) *BinaryExpression { return newBinary(t, OpNe, t.coerceRow(row)) }

// Lt renders (a, b) < row: row values compare in order.
func (t *Tuple) Lt(row any) *BinaryExpression { return newBinary(t, OpLt, t.coerceRow(row)) }

// Le renders (a, b) <= row.
func (t *Tuple) Le(row any) *BinaryExpression { return newBinary(t, OpLe, t.coerceRow(row)) }

// Gt renders (a, b) > row.
func (t *Tuple) Gt(row any) *BinaryExpression { return newBinary(t, OpGt, t.coerceRow(row)) }

// Ge renders (a, b) >= row.
func (t *Tuple) Ge(row any) *BinaryExpression { return newBinary(t, OpGe, t.coerceRow(row)) }

func (t *Tuple) coerceRows(values []any) []any {
	if len(values) == 1 {
		if rows, ok := listItems(values[0]); ok && (len(rows) == 0 || isRow(rows[0])) {
			values = rows
		}
	}
	out := make([]any, len(values))
	for i, v := range values {
		if isRow(v) {
			out[i] = t.coerceRow(v)
		} else {
			out[i] = v
		}
	}
	return out
}

// isRow reports whether v is a row of values: a slice or array other
// than []byte.
func isRow(v any) bool {
	_, ok := listItems(v)
	return ok
}

// coerceRow turns a row of values into a Tuple typed like t's items.
func (t *Tuple) coerceRow(v any) ColumnElement {
	row, ok := listItems(v)
	if !ok {
		e := coerceAgainst(v, nil)
		if o, isTuple := e.(*Tuple); isTuple && len(o.items) != len(t.items) {
			return argumentError("a tuple of %d values compared with one of %d", len(t.items), len(o.items))
		}
		return e
	}
	if len(row) != len(t.items) {
		return argumentError("a row of %d values for a tuple of %d", len(row), len(t.items))
	}
	tup := &Tuple{items: make([]ColumnElement, len(row))}
	for j, x := range row {
		tup.items[j] = coerceAgainst(x, t.items[j])
	}
	tup.self = tup
	return tup
}
