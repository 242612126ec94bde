package sql

import (
	"reflect"
	"strings"

	"github.com/athanordb/athanor/types"
)

// ColumnOps gives a column expression SQL's operators as methods. The
// concrete expression types of this package embed it; a construct defined
// elsewhere embeds one made by NewColumnOps, and Ops wraps any
// ColumnElement on the spot.
//
// Operands that are not expressions become bound parameters typed like the
// receiver: users.C("name").Eq("x") binds "x" as the column's type. nil
// becomes NULL, so Eq(nil) renders IS NULL.
type ColumnOps struct {
	self ColumnElement
}

// NewColumnOps returns the operator set of self, for embedding in a
// construct defined outside this package.
func NewColumnOps(self ColumnElement) ColumnOps { return ColumnOps{self: self} }

// Ops returns the operators of any column expression.
func Ops(e ColumnElement) ColumnOps { return ColumnOps{self: e} }

// coerce turns an operand into an expression: expressions stay, nil is
// NULL, a SELECT becomes a scalar subquery, anything else a bound value of
// the receiver's type.
func (o ColumnOps) coerce(v any) ColumnElement {
	return coerceAgainst(v, o.self)
}

func coerceAgainst(v any, against ColumnElement) ColumnElement {
	switch x := v.(type) {
	case nil:
		return Null()
	case ColumnElement:
		return Untyped(x)
	case *Select:
		return x.ScalarSubquery()
	}
	var typ types.Type = types.NullType{}
	base := ""
	if against != nil {
		typ = against.Type()
		base = nameOf(against)
	}
	if _, unknown := typ.(types.NullType); unknown {
		typ = types.Of(v)
	}
	return newBindValue(base, v, typ)
}

// newBindValue returns an anonymous bind parameter holding v.
func newBindValue(base string, v any, t types.Type) *BindParam {
	b := &BindParam{base: base, value: v, hasValue: true, typ: t}
	b.self = b
	return b
}

func (o ColumnOps) binary(op *Operator, v any) *BinaryExpression {
	return newBinary(o.self, op, o.coerce(v))
}

func (o ColumnOps) compare(op *Operator, v any) *BinaryExpression {
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

// In renders self IN (v1, v2, ...). The values may be given one by one or
// as a single slice; a single *Select (or Subquery) gives IN (SELECT ...);
// a single expanding BindParam is filled with a list at execution. An empty
// list is false for every row (rendered as a false comparison, since SQL
// has no empty IN list).
func (o ColumnOps) In(values ...any) *BinaryExpression { return o.in(OpIn, values) }

// NotIn renders self NOT IN (...); see In. An empty list is true.
func (o ColumnOps) NotIn(values ...any) *BinaryExpression { return o.in(OpNotIn, values) }

func (o ColumnOps) in(op *Operator, values []any) *BinaryExpression {
	if len(values) == 1 {
		switch x := values[0].(type) {
		case *Select:
			return newBinary(o.self, op, x.ScalarSubquery())
		case *CompoundSelect:
			return newBinary(o.self, op, x.ScalarSubquery())
		case *BindParam:
			if x.expanding {
				return newBinary(o.self, op, x)
			}
		case *ScalarSelect:
			return newBinary(o.self, op, x)
		}
		values = spreadSlice(values)
	}
	items := make([]ColumnElement, len(values))
	for i, v := range values {
		items[i] = o.coerce(v)
	}
	return newBinary(o.self, op, &inList{items: items})
}

// spreadSlice turns a single slice argument (other than []byte) into its
// elements.
func spreadSlice(values []any) []any {
	rv := reflect.ValueOf(values[0])
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array || rv.Type().Elem().Kind() == reflect.Uint8 {
		return values
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out
}

// Between renders self BETWEEN lo AND hi.
func (o ColumnOps) Between(lo, hi any) *BinaryExpression {
	return newBinary(o.self, OpBetween, &betweenRange{lo: o.coerce(lo), hi: o.coerce(hi)})
}

// NotBetween renders self NOT BETWEEN lo AND hi.
func (o ColumnOps) NotBetween(lo, hi any) *BinaryExpression {
	return newBinary(o.self, OpNotBetween, &betweenRange{lo: o.coerce(lo), hi: o.coerce(hi)})
}

// Like renders self LIKE pattern.
func (o ColumnOps) Like(pattern any) *BinaryExpression { return o.binary(OpLike, pattern) }

// NotLike renders self NOT LIKE pattern.
func (o ColumnOps) NotLike(pattern any) *BinaryExpression { return o.binary(OpNotLike, pattern) }

// LikeEscape renders self LIKE pattern ESCAPE 'escape'.
func (o ColumnOps) LikeEscape(pattern any, escape rune) *BinaryExpression {
	b := o.binary(OpLike, pattern)
	b.escape = string(escape)
	return b
}

// ILike renders a case-insensitive LIKE: ILIKE where the database has it,
// lower(self) LIKE lower(pattern) elsewhere.
func (o ColumnOps) ILike(pattern any) *BinaryExpression { return o.binary(OpILike, pattern) }

// NotILike is the negation of ILike.
func (o ColumnOps) NotILike(pattern any) *BinaryExpression { return o.binary(OpNotILike, pattern) }

// StartsWith matches values that begin with v. A Go string is escaped
// (its % and _ match themselves) and bound as one LIKE pattern; an
// expression is concatenated with '%'.
func (o ColumnOps) StartsWith(v any) *BinaryExpression { return o.likeAffix(v, false, true) }

// EndsWith matches values that end with v; see StartsWith.
func (o ColumnOps) EndsWith(v any) *BinaryExpression { return o.likeAffix(v, true, false) }

// Contains matches values that contain v; see StartsWith.
func (o ColumnOps) Contains(v any) *BinaryExpression { return o.likeAffix(v, true, true) }

// likeEscapeChar is the escape character of the patterns StartsWith,
// EndsWith and Contains build, as in SQLAlchemy's autoescape.
const likeEscapeChar = "/"

var likeEscaper = strings.NewReplacer("/", "//", "%", "/%", "_", "/_")

func (o ColumnOps) likeAffix(v any, before, after bool) *BinaryExpression {
	if s, ok := v.(string); ok {
		p := likeEscaper.Replace(s)
		if before {
			p = "%" + p
		}
		if after {
			p += "%"
		}
		b := newBinary(o.self, OpLike, newBindValue(nameOf(o.self), p, types.String{}))
		b.escape = likeEscapeChar
		return b
	}
	pattern := o.coerce(v)
	if before {
		pattern = newBinary(LiteralValue("%"), OpConcat, pattern)
	}
	if after {
		pattern = newBinary(pattern, OpConcat, LiteralValue("%"))
	}
	return newBinary(o.self, OpLike, pattern)
}

// Concat renders self || v (or the dialect's concatenation).
func (o ColumnOps) Concat(v any) *BinaryExpression {
	b := newBinary(o.self, OpConcat, o.coerce(v))
	b.typ = types.String{}
	return b
}

// Add renders self + v; on a string expression it concatenates.
func (o ColumnOps) Add(v any) *BinaryExpression {
	if o.self.Type().Affinity() == types.AffinityString {
		return o.Concat(v)
	}
	return o.arith(OpAdd, v)
}

// Sub renders self - v.
func (o ColumnOps) Sub(v any) *BinaryExpression { return o.arith(OpSub, v) }

// Mul renders self * v.
func (o ColumnOps) Mul(v any) *BinaryExpression { return o.arith(OpMul, v) }

// Div renders self / v.
func (o ColumnOps) Div(v any) *BinaryExpression { return o.arith(OpDiv, v) }

// Mod renders self % v.
func (o ColumnOps) Mod(v any) *BinaryExpression { return o.arith(OpMod, v) }

func (o ColumnOps) arith(op *Operator, v any) *BinaryExpression {
	b := o.binary(op, v)
	b.typ = arithmeticType(op, o.self.Type(), b.right.Type())
	return b
}

// arithmeticType is the type of left op right: numeric wins over integer,
// a date minus a date is an interval, a date plus an interval a date.
func arithmeticType(op *Operator, left, right types.Type) types.Type {
	la, ra := left.Affinity(), right.Affinity()
	switch {
	case la == types.AffinityInteger && ra == types.AffinityNumeric:
		return right
	case la == types.AffinityDateTime && ra == types.AffinityDateTime && op == OpSub:
		return types.Interval{}
	case la == types.AffinityNone:
		return right
	}
	return left
}

// Neg renders -self.
func (o ColumnOps) Neg() *UnaryExpression {
	return &UnaryExpression{operator: OpNeg, elem: group(o.self, OpNeg), typ: o.self.Type()}
}

// Op applies a custom binary operator: Ops(x).Op(sql.Custom("@>", 5, true), v).
func (o ColumnOps) Op(op *Operator, v any) *BinaryExpression {
	b := o.binary(op, v)
	if !op.Comparison {
		b.typ = o.self.Type()
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
	return &UnaryExpression{operator: OpDistinct, elem: o.self, typ: o.self.Type()}
}

// Label names the expression: self AS name in a select list.
func (o ColumnOps) Label(name string) *Label { return NewLabel(name, o.self) }

// Cast renders CAST(self AS t), and gives the result type t.
func (o ColumnOps) Cast(t types.Type) *Cast { return NewCast(o.self, t) }

// Collate renders self COLLATE collation.
func (o ColumnOps) Collate(collation string) *BinaryExpression {
	b := newBinary(o.self, OpCollate, &identifierElement{name: collation})
	b.typ = o.self.Type()
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
