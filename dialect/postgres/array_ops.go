package postgres

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// PostgreSQL's operators, at a precedence between arithmetic (7) and
// comparison (5), where PostgreSQL puts its "other" operators.
var (
	OpContains    = &athsql.Operator{Name: "pg_contains", Text: " @> ", Precedence: 6, Comparison: true}
	OpContainedBy = &athsql.Operator{Name: "pg_contained_by", Text: " <@ ", Precedence: 6, Comparison: true}
	OpOverlap     = &athsql.Operator{Name: "pg_overlap", Text: " && ", Precedence: 6, Comparison: true}
	OpGet         = &athsql.Operator{Name: "pg_json_get", Text: " -> ", Precedence: 6}
	OpGetText     = &athsql.Operator{Name: "pg_json_get_text", Text: " ->> ", Precedence: 6}
	OpPath        = &athsql.Operator{Name: "pg_json_path", Text: " #> ", Precedence: 6}
	OpPathText    = &athsql.Operator{Name: "pg_json_path_text", Text: " #>> ", Precedence: 6}
	OpHasKey      = &athsql.Operator{Name: "pg_has_key", Text: " ? ", Precedence: 6, Comparison: true}
	OpHasAny      = &athsql.Operator{Name: "pg_has_any", Text: " ?| ", Precedence: 6, Comparison: true}
	OpHasAll      = &athsql.Operator{Name: "pg_has_all", Text: " ?& ", Precedence: 6, Comparison: true}
)

// ArrayExpr gives an array expression (a column of an Array type, a
// function returning an array, NewArray) PostgreSQL's array operators.
// Values given to them are bound with the expression's type.
type ArrayExpr struct{ e athsql.ColumnElement }

// ArrayOps returns the array operators of e.
func ArrayOps(e athsql.ColumnElement) ArrayExpr {
	if e == nil {
		e = athsql.Null()
	}
	return ArrayExpr{e}
}

// Index returns e[i] (PostgreSQL counts from 1): an element, or a
// sub-array of a multi-dimensional array.
func (a ArrayExpr) Index(i any) *Subscript { return newSubscript(a.e, i, nil, false) }

// Slice returns e[lo:hi], the elements from lo to hi included.
func (a ArrayExpr) Slice(lo, hi any) *Subscript { return newSubscript(a.e, lo, hi, true) }

// Contains returns e @> v: e holds every element of v.
func (a ArrayExpr) Contains(v any) *athsql.BinaryExpression { return athsql.Ops(a.e).Op(OpContains, v) }

// ContainedBy returns e <@ v: every element of e is in v.
func (a ArrayExpr) ContainedBy(v any) *athsql.BinaryExpression {
	return athsql.Ops(a.e).Op(OpContainedBy, v)
}

// Overlap returns e && v: e and v have an element in common.
func (a ArrayExpr) Overlap(v any) *athsql.BinaryExpression { return athsql.Ops(a.e).Op(OpOverlap, v) }

// Any returns ANY (e), to compare a value with each element:
// sql.Ops(x).Eq(postgres.ArrayOps(tags).Any()) is x = ANY (tags).
func (a ArrayExpr) Any() *Quantified { return newQuantified("ANY", a.e) }

// All returns ALL (e): sql.Ops(x).Gt(postgres.ArrayOps(a).All()) is
// x > ALL (a).
func (a ArrayExpr) All() *Quantified { return newQuantified("ALL", a.e) }

// Any returns ANY (e); see ArrayExpr.Any.
func Any(e athsql.ColumnElement) *Quantified { return newQuantified("ANY", e) }

// All returns ALL (e); see ArrayExpr.All.
func All(e athsql.ColumnElement) *Quantified { return newQuantified("ALL", e) }

// itemType is the type of one element of an array of type t.
func itemType(t types.Type) types.Type {
	if a, ok := types.Underlying(t).(Array); ok {
		if a.dims() > 1 {
			a.Dimensions--
			return a
		}
		return a.item()
	}
	return types.NullType{}
}

// Subscript is an array subscript, e[i], or a slice, e[lo:hi].
type Subscript struct {
	athsql.ColumnOps
	base   athsql.ColumnElement
	lo, hi athsql.ColumnElement
	slice  bool
	typ    types.Type
}

func newSubscript(base athsql.ColumnElement, lo, hi any, slice bool) *Subscript {
	s := &Subscript{base: base, slice: slice}
	if base == nil {
		s.base = athsql.Null()
	}
	s.lo = indexValue(lo)
	if slice {
		s.hi = indexValue(hi)
		s.typ = s.base.Type()
	} else {
		s.typ = itemType(s.base.Type())
	}
	s.ColumnOps = athsql.NewColumnOps(s)
	return s
}

func indexValue(v any) athsql.ColumnElement {
	if e, ok := v.(athsql.ColumnElement); ok && e != nil {
		return e
	}
	return athsql.Literal(v, types.Integer{})
}

// Index returns s[i]: a further subscript.
func (s *Subscript) Index(i any) *Subscript { return newSubscript(s, i, nil, false) }

// Slice returns s[lo:hi].
func (s *Subscript) Slice(lo, hi any) *Subscript { return newSubscript(s, lo, hi, true) }

// Type implements sql.ColumnElement: the element type, or the array type
// of a slice or of a sub-array.
func (s *Subscript) Type() types.Type { return s.typ }

// WriteSQL implements sql.Element. The base is parenthesized unless it is
// a column or another subscript.
func (s *Subscript) WriteSQL(c *athsql.Compiler) {
	switch s.base.(type) {
	case *athsql.Column, *Subscript:
		c.Write(s.base)
	default:
		c.WriteByte('(')
		c.Write(s.base)
		c.WriteByte(')')
	}
	c.WriteByte('[')
	c.Write(s.lo)
	if s.slice {
		c.WriteByte(':')
		c.Write(s.hi)
	}
	c.WriteByte(']')
}

// WriteCacheKey implements sql.Element.
func (s *Subscript) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("postgres.Subscript")
	k.Bool(s.slice)
	k.Type(s.typ)
	k.Element(s.base)
	k.Element(s.lo)
	if s.slice {
		k.Element(s.hi)
	}
}

// Children implements sql.Walker.
func (s *Subscript) Children() []athsql.Element {
	if s.slice {
		return []athsql.Element{s.base, s.lo, s.hi}
	}
	return []athsql.Element{s.base, s.lo}
}

// Quantified is ANY (array) or ALL (array), the right operand of a
// comparison. Written on the left (postgres.Any(a).Eq(5)), it is moved to
// the right with the comparison turned around: 5 = ANY (a).
type Quantified struct {
	athsql.ColumnOps
	word string
	e    athsql.ColumnElement
}

func newQuantified(word string, e athsql.ColumnElement) *Quantified {
	q := &Quantified{word: word, e: e}
	if e == nil {
		q.e = athsql.Null()
	}
	q.ColumnOps = athsql.NewColumnOps(q)
	return q
}

// Type implements sql.ColumnElement: the array's element type, which
// values compared with it are bound as.
func (q *Quantified) Type() types.Type { return itemType(q.e.Type()) }

// WriteSQL implements sql.Element.
func (q *Quantified) WriteSQL(c *athsql.Compiler) {
	c.WriteString(q.word + " (")
	c.Write(q.e)
	c.WriteByte(')')
}

// WriteCacheKey implements sql.Element.
func (q *Quantified) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("postgres.Quantified")
	k.String(q.word)
	k.Element(q.e)
}

// Children implements sql.Walker.
func (q *Quantified) Children() []athsql.Element { return []athsql.Element{q.e} }

// mirrored turns a comparison around for its operands' swap.
var mirrored = map[*athsql.Operator]*athsql.Operator{
	athsql.OpEq: athsql.OpEq, athsql.OpNe: athsql.OpNe,
	athsql.OpLt: athsql.OpGt, athsql.OpGt: athsql.OpLt,
	athsql.OpLe: athsql.OpGe, athsql.OpGe: athsql.OpLe,
}

// writeBinary is the Binary hook: a comparison with ANY or ALL on its left
// is written with it on the right.
func writeBinary(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	if castBinds(c, b) || writeMatchOps(c, b) {
		return true
	}
	q, ok := b.Left().(*Quantified)
	if !ok {
		return false
	}
	if _, both := b.Right().(*Quantified); both {
		return false
	}
	op, ok := mirrored[b.Operator()]
	if !ok {
		c.Fail(fmt.Errorf("%w: %s (...) can only be compared with =, !=, <, <=, > or >=", athsql.ErrArgument, q.word))
		return true
	}
	c.Write(b.Right())
	c.WriteString(op.Text)
	c.Write(q)
	return true
}

// ArrayConstructor is ARRAY[...], an array made of expressions.
type ArrayConstructor struct {
	athsql.ColumnOps
	items []athsql.ColumnElement
	typ   Array
}

// NewArray returns ARRAY[items...]: each item an expression, or a value
// bound with its Go value's type. The array's item type is the first
// item's; set it with ItemType (an empty array needs one: ARRAY[]::INTEGER[]).
func NewArray(items ...any) *ArrayConstructor {
	a := &ArrayConstructor{}
	for _, it := range items {
		var e athsql.ColumnElement
		switch x := it.(type) {
		case nil:
			e = athsql.Null()
		case athsql.ColumnElement:
			e = x
		default:
			e = athsql.Literal(x)
		}
		a.items = append(a.items, e)
	}
	if len(a.items) > 0 {
		a.typ = ArrayOf(a.items[0].Type())
	}
	a.ColumnOps = athsql.NewColumnOps(a)
	return a
}

// ItemType returns the array with its item type set.
func (a *ArrayConstructor) ItemType(t types.Type) *ArrayConstructor {
	n := *a
	n.typ = ArrayOf(t)
	n.ColumnOps = athsql.NewColumnOps(&n)
	return &n
}

// Type implements sql.ColumnElement.
func (a *ArrayConstructor) Type() types.Type {
	if a.typ.Item == nil {
		return types.NullType{}
	}
	return a.typ
}

// WriteSQL implements sql.Element. An empty array with an item type is
// cast to its type, which PostgreSQL needs to know.
func (a *ArrayConstructor) WriteSQL(c *athsql.Compiler) {
	c.WriteString("ARRAY[")
	c.WriteList(a.items, ", ")
	c.WriteByte(']')
	if len(a.items) == 0 && a.typ.Item != nil {
		name, err := dialect.TypeNameOf(c.Dialect(), a.typ)
		if err != nil {
			c.Fail(err)
			return
		}
		c.WriteString("::" + name)
	}
}

// WriteCacheKey implements sql.Element.
func (a *ArrayConstructor) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("postgres.ArrayConstructor")
	k.Type(a.Type())
	k.Elements(a.items)
}

// Children implements sql.Walker.
func (a *ArrayConstructor) Children() []athsql.Element {
	out := make([]athsql.Element, len(a.items))
	for i, it := range a.items {
		out[i] = it
	}
	return out
}

// inferredOperators are the operators whose operands PostgreSQL types
// from each other: given two parameters, it has nothing to go on.
var inferredOperators = map[*athsql.Operator]bool{
	athsql.OpAdd: true, athsql.OpSub: true, athsql.OpMul: true, athsql.OpDiv: true, athsql.OpMod: true, athsql.OpConcat: true,
}

// castBinds writes an arithmetic or || operator between two parameters
// with both parameters cast to their types: PostgreSQL cannot tell the
// type of $1 + $2 ("operator is not unique: unknown + unknown"), while it
// types a parameter from a column or any other typed operand, so those
// are left as they are (SQLAlchemy writes plain $n too; its psycopg 3 and
// asyncpg dialects cast every parameter instead). A parameter of no known
// type is not cast. It reports whether it wrote b.
func castBinds(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	if !inferredOperators[b.Operator()] {
		return false
	}
	l, lok := castable(b.Left())
	r, rok := castable(b.Right())
	if !lok || !rok {
		return false
	}
	writeBindCast(c, l)
	c.WriteString(b.Operator().Text)
	writeBindCast(c, r)
	return true
}

func writeBindCast(c *athsql.Compiler, b *athsql.BindParam) {
	name, err := c.CastTypeName(b.Type())
	if err != nil {
		c.Fail(err)
		return
	}
	c.WriteString("CAST(")
	c.Write(b)
	c.WriteString(" AS " + name + ")")
}

// castable returns e as a parameter of a known type, if it is one.
func castable(e athsql.ColumnElement) (*athsql.BindParam, bool) {
	bp, ok := e.(*athsql.BindParam)
	if !ok || bp.Type() == nil {
		return nil, false
	}
	if _, null := bp.Type().(types.NullType); null {
		return nil, false
	}
	return bp, true
}
