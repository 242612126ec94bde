package sql

import (
	"reflect"
	"time"

	"github.com/athanordb/athanor/types"
)

// ColumnOps gives a column expression SQL's operators as methods. The
// concrete expression types of this package embed it; a construct defined
// elsewhere embeds one made by NewColumnOps, and Ops wraps any
// ColumnElement on the spot.
//
// Operands that are not expressions become bound parameters typed like the
// receiver: users.C("name").Eq("x") binds "x" as the column's type, named
// after the column (name_1). A BindParam without a type takes the
// receiver's. nil (or a nil pointer) becomes NULL, so Eq(nil) renders IS
// NULL; a *Select becomes a scalar subquery.
type ColumnOps struct {
	self ColumnElement
}

// NewColumnOps returns the operator set of self, for embedding in a
// construct defined outside this package.
func NewColumnOps(self ColumnElement) ColumnOps { return ColumnOps{self: self} }

// Ops returns the operators of any column expression.
func Ops(e ColumnElement) ColumnOps { return ColumnOps{self: Untyped(e)} }

// coerce turns an operand into an expression: expressions stay, nil is
// NULL, a SELECT becomes a scalar subquery, anything else a bound value of
// the receiver's type.
func (o ColumnOps) coerce(v any) ColumnElement {
	return coerceAgainst(v, o.self)
}

func coerceAgainst(v any, against ColumnElement) ColumnElement {
	var typ types.Type = types.NullType{}
	base := ""
	if against != nil && !isNilElement(against) {
		typ = typeOf(against)
		base = nameOf(against)
	}
	return coerceWith(v, typ, base)
}

// coerceWith turns v into an expression; a Go value is bound with type t
// (or its own type when t is unknown), named after base.
func coerceWith(v any, t types.Type, base string) ColumnElement {
	if !isPlainValue(v) {
		return coerceElement(v, t)
	}
	return newBindValue(base, v, bindType(v, t))
}

// isPlainValue reports whether v is a Go value to bind, not an
// expression, a SELECT, nil or a nil pointer (which coerceElement turns
// into expressions).
func isPlainValue(v any) bool {
	switch x := v.(type) {
	case string, int, int64, int32, float64, bool, []byte, time.Time:
		// The common values, told without reflection.
		return true
	case *string:
		return x != nil
	case *int64:
		return x != nil
	case nil, *BindParam, ColumnElement, SelectStatement:
		return false
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() != reflect.Pointer || !rv.IsNil()
}

// coerceElement is coerceWith for what is not a plain value.
func coerceElement(v any, t types.Type) ColumnElement {
	if e, ok := v.(ColumnElement); ok && isNilElement(e) {
		return e // fails at compile
	}
	switch x := v.(type) {
	case *BindParam:
		// A parameter of unknown type takes the type of what it meets,
		// so that its value is converted as that side's values are.
		if _, unknown := x.Type().(types.NullType); unknown && t != nil && !x.expanding {
			if _, none := t.(types.NullType); !none {
				return x.WithType(t)
			}
		}
		return x
	case ColumnElement:
		return Untyped(x)
	case SelectStatement:
		return scalarOf(x)
	}
	return Null()
}

// bindType is the type a plain value is bound with: t, or the value's
// own when t is unknown.
func bindType(v any, t types.Type) types.Type {
	if t == nil {
		t = types.NullType{}
	}
	if _, unknown := t.(types.NullType); unknown {
		t = types.Of(v)
	}
	return t
}

func (o ColumnOps) binary(op *Operator, v any) *BinaryExpression {
	if b := o.boundColumn(op, v); b != nil {
		return b
	}
	if t, ok := o.valueType(v); ok {
		return newBoundBinary(o.self, op, v, t, nameOf(o.self))
	}
	return newBinary(o.self, op, o.coerce(v))
}

// valueType reports whether v is a Go value to bind (not an expression,
// nil or a nil pointer), and its type against the receiver.
func (o ColumnOps) valueType(v any) (types.Type, bool) {
	switch v.(type) {
	case nil, ColumnElement, SelectStatement:
		return nil, false
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, false
	}
	if o.self == nil || isNilElement(o.self) {
		return nil, false
	}
	t := typeOf(o.self)
	if _, unknown := t.(types.NullType); unknown {
		return types.Of(v), true
	}
	return t, true
}

func (o ColumnOps) compare(op *Operator, v any) *BinaryExpression {
	if b := o.boundColumn(op, v); b != nil {
		return b
	}
	if t, ok := o.valueType(v); ok {
		return newBoundBinary(o.self, op, v, t, nameOf(o.self))
	}
	right := o.coerce(v)
	if _, isNull := right.(*nullElement); isNull {
		switch op {
		case OpEq:
			op = OpIs
		case OpNe:
			op = OpIsNot
		}
	}
	return newBinary(o.self, op, right)
}

// boundColumn returns self op v for the common cases, a column compared
// with a Go scalar or another column, decided without reflection or
// interface assertions; nil in any other case (valueType, coerce and
// newBinary decide those alike).
func (o ColumnOps) boundColumn(op *Operator, v any) *BinaryExpression {
	c, ok := o.self.(*Column)
	if !ok || c == nil {
		return nil
	}
	if r, ok := v.(*Column); ok {
		if r == nil {
			return nil
		}
		// Two columns: neither needs grouping nor coercion.
		b := new(BinaryExpression)
		b.set(c, op, r)
		return b
	}
	if !isPlainScalar(v) {
		return nil
	}
	t := c.typ
	if t == nil {
		t = types.NullType{}
	}
	if _, unknown := t.(types.NullType); unknown {
		t = types.Of(v)
	}
	return newBoundColumnBinary(c, op, v, t)
}

// isPlainScalar reports whether v holds one of the Go scalars most
// often compared with a column: never nil, an expression or a pointer.
func isPlainScalar(v any) bool {
	switch v.(type) {
	case int, int64, int32, string, bool, float64:
		return true
	}
	return false
}

// Eq renders self = v (IS NULL when v is nil).
func (o ColumnOps) Eq(v any) *BinaryExpression { return o.compare(OpEq, v) }

// Ne renders self != v (IS NOT NULL when v is nil).
func (o ColumnOps) Ne(v any) *BinaryExpression { return o.compare(OpNe, v) }

// Lt renders self < v.
func (o ColumnOps) Lt(v any) *BinaryExpression { return o.binary(OpLt, v) }

// Le renders self <= v.
func (o ColumnOps) Le(v any) *BinaryExpression { return o.binary(OpLe, v) }

// Gt renders self > v.
func (o ColumnOps) Gt(v any) *BinaryExpression { return o.binary(OpGt, v) }

// Ge renders self >= v.
func (o ColumnOps) Ge(v any) *BinaryExpression { return o.binary(OpGe, v) }

// IsDistinctFrom renders self IS DISTINCT FROM v.
func (o ColumnOps) IsDistinctFrom(v any) *BinaryExpression { return o.binary(OpIsDistinct, v) }

// IsNotDistinctFrom renders self IS NOT DISTINCT FROM v.
func (o ColumnOps) IsNotDistinctFrom(v any) *BinaryExpression {
	return o.binary(OpIsNotDistinct, v)
}

// IsNull renders self IS NULL.
func (o ColumnOps) IsNull() *BinaryExpression { return newBinary(o.self, OpIs, Null()) }

// IsNotNull renders self IS NOT NULL.
func (o ColumnOps) IsNotNull() *BinaryExpression { return newBinary(o.self, OpIsNot, Null()) }

// Is renders self IS v (v is typically nil, True() or False()).
func (o ColumnOps) Is(v any) *BinaryExpression { return o.binary(OpIs, v) }

// IsNot renders self IS NOT v.
func (o ColumnOps) IsNot(v any) *BinaryExpression { return o.binary(OpIsNot, v) }

// In renders self IN (v1, v2, ...), each value bound. The values may be
// given one by one or as a single slice. A single SELECT (a *Select,
// compound or textual select, a scalar subquery) gives IN (SELECT ...); a
// single FROM item (a table, alias, subquery or CTE) gives IN (SELECT its
// columns FROM it); a single TextClause is the parenthesized text; a
// single expanding BindParam takes its list at execution.
//
// SQL has no empty IN list: an empty list renders a condition that is
// false for every row (1 != 1), as SQLAlchemy does.
func (o ColumnOps) In(values ...any) *BinaryExpression { return o.in(OpIn, values) }

// NotIn renders self NOT IN (...); see In. An empty list is true for
// every row (1 = 1).
func (o ColumnOps) NotIn(values ...any) *BinaryExpression { return o.in(OpNotIn, values) }

func (o ColumnOps) in(op *Operator, values []any) *BinaryExpression {
	if len(values) == 1 {
		if right := inOperand(values[0], o.self); right != nil {
			return newBinary(o.self, op, right)
		}
		values = spreadSlice(values)
	}
	items := make([]ColumnElement, len(values))
	for i, v := range values {
		items[i] = o.coerce(v)
	}
	return newBinary(o.self, op, newInList(items))
}

// inOperand returns the right side of IN for a single argument that is
// not one value of a list, or nil.
func inOperand(v any, left ColumnElement) ColumnElement {
	if e, ok := v.(Element); ok && isNilElement(e) {
		return nil
	}
	switch x := v.(type) {
	case SelectStatement:
		return scalarOf(x)
	case *ScalarSelect:
		return x
	case *TextClause:
		return newGrouping(x)
	case FromClause:
		return NewSelect(x).ScalarSubquery()
	case *BindParam:
		if !x.expanding {
			return nil
		}
		n := x.clone()
		if _, unknown := n.Type().(types.NullType); unknown && left != nil {
			n.typ = typeOf(left)
		}
		if t, ok := left.(*Tuple); ok {
			tuple := make([]types.Type, len(t.items))
			for i, it := range t.items {
				tuple[i] = typeOf(it)
			}
			n.extra = &bindExtra{fn: n.fn(), tuple: tuple}
			n.typ = types.NullType{}
		}
		return n
	}
	return nil
}

// scalarOf returns a SELECT as a scalar subquery.
func scalarOf(sel SelectStatement) ColumnElement {
	if isNilElement(sel) {
		return argumentError("a nil SELECT as a value")
	}
	return newScalarSelect(sel)
}

// spreadSlice turns a single slice argument (other than []byte) into its
// elements.
func spreadSlice(values []any) []any {
	if len(values) != 1 {
		return values
	}
	if items, ok := listItems(values[0]); ok {
		return items
	}
	return values
}

// Between renders self BETWEEN lo AND hi.
func (o ColumnOps) Between(lo, hi any) *BinaryExpression {
	return newBinary(o.self, OpBetween, newBetweenRange(o.coerce(lo), o.coerce(hi)))
}

// NotBetween renders self NOT BETWEEN lo AND hi.
func (o ColumnOps) NotBetween(lo, hi any) *BinaryExpression {
	return newBinary(o.self, OpNotBetween, newBetweenRange(o.coerce(lo), o.coerce(hi)))
}

// Like renders self LIKE pattern; Escape on the result adds an ESCAPE
// character.
func (o ColumnOps) Like(pattern any) *BinaryExpression { return o.binary(OpLike, pattern) }

// NotLike renders self NOT LIKE pattern.
func (o ColumnOps) NotLike(pattern any) *BinaryExpression { return o.binary(OpNotLike, pattern) }

// LikeEscape renders self LIKE pattern ESCAPE 'escape'.
func (o ColumnOps) LikeEscape(pattern any, escape rune) *BinaryExpression {
	return o.Like(pattern).Escape(escape)
}

// ILike renders a case-insensitive LIKE: ILIKE where the database has it,
// lower(self) LIKE lower(pattern) elsewhere.
func (o ColumnOps) ILike(pattern any) *BinaryExpression { return o.binary(OpILike, pattern) }

// NotILike is the negation of ILike.
func (o ColumnOps) NotILike(pattern any) *BinaryExpression { return o.binary(OpNotILike, pattern) }

// StartsWith matches values that begin with v. A value (a Go string, or a
// BindParam whose value comes at execution) is matched literally: its %,
// _ and / are escaped and it is bound as one pattern, self LIKE :p ESCAPE
// '/'. An expression is concatenated with '%': self LIKE expr || '%'.
func (o ColumnOps) StartsWith(v any) *BinaryExpression {
	return o.likeAffix(OpLike, v, affixAfter)
}

// EndsWith matches values that end with v; see StartsWith.
func (o ColumnOps) EndsWith(v any) *BinaryExpression {
	return o.likeAffix(OpLike, v, affixBefore)
}

// Contains matches values that contain v; see StartsWith.
func (o ColumnOps) Contains(v any) *BinaryExpression {
	return o.likeAffix(OpLike, v, affixBefore|affixAfter)
}

// IStartsWith is StartsWith ignoring case (ILIKE, or lower() on both
// sides).
func (o ColumnOps) IStartsWith(v any) *BinaryExpression {
	return o.likeAffix(OpILike, v, affixAfter)
}

// IEndsWith is EndsWith ignoring case.
func (o ColumnOps) IEndsWith(v any) *BinaryExpression {
	return o.likeAffix(OpILike, v, affixBefore)
}

// IContains is Contains ignoring case.
func (o ColumnOps) IContains(v any) *BinaryExpression {
	return o.likeAffix(OpILike, v, affixBefore|affixAfter)
}

func (o ColumnOps) likeAffix(op *Operator, v any, affix uint8) *BinaryExpression {
	var b *BindParam
	if e, ok := v.(ColumnElement); ok && isNilElement(e) {
		return newBinary(o.self, op, e) // fails at compile
	}
	switch x := v.(type) {
	case *BindParam:
		if x.expanding {
			return newBinary(o.self, op, argumentError("an expanding parameter cannot be a LIKE pattern"))
		}
		b = x.clone()
	case ColumnElement:
		pattern := Untyped(x)
		if affix&affixBefore != 0 {
			pattern = newBinary(LiteralValue("%"), OpConcat, pattern)
		}
		if affix&affixAfter != 0 {
			pattern = newBinary(pattern, OpConcat, LiteralValue("%"))
		}
		return newBinary(o.self, op, pattern)
	case nil:
		return newBinary(o.self, op, Null())
	default:
		b = newBindValue(nameOf(o.self), v, nil)
	}
	b.typ = types.String{}
	b.affix = affix
	return newBinary(o.self, op, b).Escape('/')
}

// Concat renders self || v (or the dialect's concatenation); the result
// is a string.
func (o ColumnOps) Concat(v any) *BinaryExpression {
	b := newBinary(o.self, OpConcat, o.coerce(v))
	b.typ = types.String{}
	return b
}

// Add renders self + v; on a string expression it concatenates.
func (o ColumnOps) Add(v any) *BinaryExpression {
	if typeOf(o.self).Affinity() == types.AffinityString {
		return o.Concat(v)
	}
	return o.arith(OpAdd, v)
}

// Sub renders self - v.
func (o ColumnOps) Sub(v any) *BinaryExpression { return o.arith(OpSub, v) }

// Mul renders self * v.
func (o ColumnOps) Mul(v any) *BinaryExpression { return o.arith(OpMul, v) }

// Div renders self / v. As in SQL, dividing two integers is an integer
// division on most databases; Cast an operand to a numeric type for a
// fraction.
func (o ColumnOps) Div(v any) *BinaryExpression { return o.arith(OpDiv, v) }

// Mod renders self % v.
func (o ColumnOps) Mod(v any) *BinaryExpression { return o.arith(OpMod, v) }

func (o ColumnOps) arith(op *Operator, v any) *BinaryExpression {
	b := o.binary(op, v)
	b.typ = arithmeticType(op, typeOf(o.self), typeOf(b.right))
	return b
}

// arithmeticType is the type of left op right: an unknown side takes the
// other's type, numeric wins over integer, a timestamp minus a timestamp
// is an interval, an interval plus a timestamp a timestamp, a number
// times an interval an interval.
func arithmeticType(op *Operator, left, right types.Type) types.Type {
	la, ra := left.Affinity(), right.Affinity()
	switch {
	case la == types.AffinityNone:
		return right
	case ra == types.AffinityNone:
		return left
	case la == types.AffinityInteger && ra == types.AffinityNumeric:
		return right
	case la == types.AffinityDateTime && ra == types.AffinityDateTime && op == OpSub:
		return types.Interval{}
	case la == types.AffinityInterval && ra == types.AffinityDateTime && op == OpAdd:
		return right
	case la.IsNumber() && ra == types.AffinityInterval && op == OpMul:
		return right
	}
	return left
}

// Neg renders -self.
func (o ColumnOps) Neg() *UnaryExpression { return newUnary(OpNeg, o.self, typeOf(o.self)) }

// Op applies a custom binary operator: Ops(x).Op(sql.Custom("@>", 5, true), v).
func (o ColumnOps) Op(op *Operator, v any) *BinaryExpression {
	b := o.binary(op, v)
	if !op.Comparison {
		b.typ = typeOf(o.self)
	}
	return b
}

// Asc orders ascending: self ASC.
func (o ColumnOps) Asc() *UnaryExpression { return modifier(o.self, OpAsc) }

// Desc orders descending: self DESC.
func (o ColumnOps) Desc() *UnaryExpression { return modifier(o.self, OpDesc) }

// NullsFirst orders NULLs before other values: self NULLS FIRST.
func (o ColumnOps) NullsFirst() *UnaryExpression { return modifier(o.self, OpNullsFirst) }

// NullsLast orders NULLs after other values: self NULLS LAST.
func (o ColumnOps) NullsLast() *UnaryExpression { return modifier(o.self, OpNullsLast) }

// Distinct renders DISTINCT self, as in count(DISTINCT x).
func (o ColumnOps) Distinct() *UnaryExpression {
	return newUnary(OpDistinct, o.self, typeOf(o.self))
}

// Label names the expression: self AS name in a select list.
func (o ColumnOps) Label(name string) *Label { return NewLabel(name, o.self) }

// Cast renders CAST(self AS t), and gives the result type t.
func (o ColumnOps) Cast(t types.Type) *Cast { return NewCast(o.self, t) }

// Coerce types the expression as t without changing its SQL; see Coerce.
func (o ColumnOps) Coerce(t types.Type) *TypeCoerce { return Coerce(o.self, t) }

// Collate renders self COLLATE collation.
func (o ColumnOps) Collate(collation string) *BinaryExpression {
	b := newBinary(o.self, OpCollate, &identifierElement{name: collation})
	b.typ = typeOf(o.self)
	return b
}

// Not negates a boolean expression: NOT self, or the negated operator
// (a = b becomes a != b).
func (o ColumnOps) Not() ColumnElement { return Not(o.self) }

// And combines self and others with AND.
func (o ColumnOps) And(others ...ColumnElement) *BooleanList {
	return And(append([]ColumnElement{o.self}, others...)...)
}

// Or combines self and others with OR.
func (o ColumnOps) Or(others ...ColumnElement) *BooleanList {
	return Or(append([]ColumnElement{o.self}, others...)...)
}
