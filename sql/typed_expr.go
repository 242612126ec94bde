package sql

import (
	"fmt"

	"github.com/athanordb/athanor/types"
)

// Expr is an expression whose values are Go values of type T: a typed
// column's label, an aggregate such as MaxOf, or any expression given a
// type with ExprAs. It has the comparison operators of Col and renders as
// the expression it wraps.
//
// Comparisons return *BinaryExpression, the untyped boolean expression
// that Where, And, Or and Not take; wrap one with ExprAs[bool] to select
// it and read it back as a bool.
type Expr[T any] struct {
	typedOps[T]
}

// ExprAs returns e typed as T: ExprAs[int64](sql.Func("length", col)).
// The Go type is not checked against e's SQL type here; a value that does
// not convert to T is an error when it is read.
func ExprAs[T any](e ColumnElement) Expr[T] {
	return Expr[T]{typedOps[T]{elem: Untyped(e)}}
}

// Untyped returns the wrapped expression.
func (x Expr[T]) Untyped() ColumnElement { return x.elem }

func (x Expr[T]) untypedElement() ColumnElement { return orZero(x.elem) }

// Type implements ColumnElement: the wrapped expression's SQL type.
func (x Expr[T]) Type() types.Type {
	if x.elem == nil {
		return types.NullType{}
	}
	return x.elem.Type()
}

// WriteSQL implements Element: the wrapped expression's SQL.
func (x Expr[T]) WriteSQL(c *Compiler) {
	if x.elem == nil {
		c.Fail(fmt.Errorf("%w: a zero typed expression (%T) in a statement", ErrArgument, x))
		return
	}
	x.elem.WriteSQL(c)
}

// WriteCacheKey implements Element: the wrapped expression's key, so a
// typed expression caches like the untyped one.
func (x Expr[T]) WriteCacheKey(k *CacheKey) { k.Element(x.elem) }

// SelfGroup implements Grouper: as an operand, the expression is replaced
// by the (grouped) expression it wraps.
func (x Expr[T]) SelfGroup(against *Operator) ColumnElement {
	if x.elem == nil {
		return x
	}
	return group(x.elem, against)
}

// ResultName implements Named: the wrapped expression's name, if any.
func (x Expr[T]) ResultName() string {
	if x.elem == nil {
		return ""
	}
	return nameOf(x.elem)
}

// Children implements Walker.
func (x Expr[T]) Children() []Element {
	if x.elem == nil {
		return nil
	}
	return []Element{x.elem}
}

// NumExpr is a numeric Expr: arithmetic on it keeps the Go type T.
type NumExpr[T Number] struct {
	Expr[T]
	numOps[T]
}

// NumExprAs returns e typed as numbers of Go type T; see ExprAs.
func NumExprAs[T Number](e ColumnElement) NumExpr[T] {
	e = Untyped(e)
	return NumExpr[T]{Expr: Expr[T]{typedOps[T]{elem: e}}, numOps: numOps[T]{elem: e}}
}

// StrExpr is a string Expr, with the operators of StrCol.
type StrExpr struct {
	Expr[string]
	strOps
}

// StrExprAs returns e typed as a string expression; see ExprAs.
func StrExprAs(e ColumnElement) StrExpr {
	e = Untyped(e)
	return StrExpr{Expr: Expr[string]{typedOps[string]{elem: e}}, strOps: strOps{elem: e}}
}

// SumOf returns sum(e), of e's type.
func SumOf[T Number](e Typed[T]) NumExpr[T] { return NumExprAs[T](Func("sum", Untyped(e))) }

// AvgOf returns avg(e). Its values are float64 whatever e's type; for an
// exact average of decimals use NumExprAs[types.Decimal](Func("avg", e)).
func AvgOf[T Number](e Typed[T]) NumExpr[float64] {
	return NumExprAs[float64](Func("avg", Untyped(e)))
}

// MaxOf returns max(e), of e's type.
func MaxOf[T any](e Typed[T]) Expr[T] { return ExprAs[T](Func("max", Untyped(e))) }

// MinOf returns min(e), of e's type.
func MinOf[T any](e Typed[T]) Expr[T] { return ExprAs[T](Func("min", Untyped(e))) }

// CountOf returns count(*), or count(e) (the rows where e is not NULL),
// as an int64 expression. Use col.Distinct() for count(DISTINCT col).
func CountOf(e ...ColumnElement) NumExpr[int64] {
	args := make([]any, len(e))
	for i, x := range e {
		args[i] = Untyped(x)
	}
	return NumExprAs[int64](Func("count", args...))
}

// CoalesceOf returns coalesce(e, fallback): e, or fallback where e is
// NULL, so a nullable column reads as a T.
func CoalesceOf[T any](e Typed[T], fallback T) Expr[T] {
	inner := Untyped(e)
	return ExprAs[T](Func("coalesce", inner, coerceAgainst(operand(fallback), inner)))
}

// CastTo returns CAST(e AS t) typed as Go values of type T, to move
// between types: CastTo[float64](qty, types.Double{}).
func CastTo[T any](e ColumnElement, t types.Type) Expr[T] {
	return ExprAs[T](NewCast(Untyped(e), t))
}

// BindOf returns a named bind parameter for values of type T, whose value
// is given at execution (Params{name: v}), so that a statement compiled
// once serves for many values: userID.EqExpr(BindOf[int64]("uid")). Its
// SQL type is that of T (see TypedColumn).
func BindOf[T any](name string) Expr[T] {
	return ExprAs[T](Bind(name).WithType(typeFor[T](nil)))
}

// ValueOf returns v as a typed bound value, for where a value stands on
// its own: in a select list, or on the left of a comparison with a column
// (ValueOf(limit).GeExpr(col)). Its SQL type is that of T.
func ValueOf[T any](v T) Expr[T] {
	return ExprAs[T](Literal(operand(v), typeFor[T](nil)))
}
