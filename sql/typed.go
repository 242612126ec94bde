package sql

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"time"

	"github.com/athanordb/athanor/types"
)

// Typed columns and expressions
//
// A column declared with a Go type offers operators that accept only
// values of that type, and its values are read back as that type without
// type assertions (engine.Get, engine.ScalarsOf):
//
//	userID := sql.NumberColumn[int64]("id", types.Integer{}, sql.PrimaryKey())
//	userName := sql.StringColumn("name", types.String{Length: 30})
//	users := md.Table("users", userID, userName)
//	stmt := sql.NewSelect(userID, userName).Where(userID.Gt(5), userName.StartsWith("a"))
//
// userID.Gt("5") and userName.Add(1) do not compile. The families are
// separate types because Go methods cannot add type parameters or
// constraints: Col[T] compares, NumCol[T] adds arithmetic for numbers,
// StrCol adds LIKE and concatenation for strings. Their expressions
// (Expr[T], NumExpr[T], StrExpr) keep the type through arithmetic, labels
// and aggregates (SumOf, MaxOf, CountOf).
//
// A typed column embeds the *Column it stands for, so it is accepted
// wherever a column is: in Table definitions, select lists, WHERE, ORDER
// BY, GROUP BY, RETURNING. Statements keep the untyped element (Untyped),
// so a statement built from typed columns is the same tree, with the same
// SQL and cache key, as one built from the untyped columns. The untyped
// operators stay available through Untyped() for dynamic code.

// Typed is a column expression whose values are Go values of type T: a
// typed column (Col, NumCol, StrCol) or a typed expression (Expr,
// NumExpr, StrExpr). Functions that read results, such as engine.Get, take
// a Typed[T] and return a T, with T inferred from the argument.
//
// The interface is sealed: make a Typed[T] of any expression with ExprAs
// (or of a column with As).
type Typed[T any] interface {
	ColumnElement
	// typed carries T, so that generic functions infer it.
	typed(T)
}

// Number is the set of Go types NumCol and NumExpr accept: the integer
// and floating-point types (and types defined on them, such as
// time.Duration) and types.Decimal.
type Number interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 |
		~float32 | ~float64 | types.Decimal
}

// typedView is implemented by the typed wrappers of this package.
type typedView interface {
	untypedElement() ColumnElement
}

// Untyped returns the element a typed column or expression stands for,
// and any other element unchanged. Statement builders call it on what they
// are given, so that statement trees hold only untyped elements; code that
// inspects elements (a dialect hook, a type switch on *Column) can call it
// too.
func Untyped(e ColumnElement) ColumnElement {
	for {
		v, ok := e.(typedView)
		if !ok {
			return e
		}
		e = v.untypedElement()
	}
}

// orZero returns e, or for the nil element of a zero typed value a column
// that fails the compilation with an error: a zero Col or Expr stands for
// nothing, and must not crash the code that reads statement trees.
func orZero(e ColumnElement) ColumnElement {
	if e != nil {
		return e
	}
	c := NewColumn("", nil)
	c.err = fmt.Errorf("%w: a zero typed column or expression; make one with TypedColumn, As or ExprAs", ErrArgument)
	return c
}

// untypedAll returns es with typed views replaced by what they stand for;
// es itself when it holds none.
func untypedAll(es []ColumnElement) []ColumnElement {
	for i, e := range es {
		switch e.(type) {
		case *BinaryExpression, *Column, *UnaryExpression:
			continue // the common elements, never typed views
		}
		if _, ok := e.(typedView); ok {
			out := make([]ColumnElement, len(es))
			copy(out, es[:i])
			for j := i; j < len(es); j++ {
				out[j] = Untyped(es[j])
			}
			return out
		}
	}
	return es
}

// operand returns the value to bind for a Go value of a typed operator: a
// nil pointer is NULL, other pointers are followed, and a value of a type
// defined on a basic type (type Email string) is converted to that basic
// type, which every driver accepts. Values that implement driver.Valuer
// are bound as they are, and so is time.Duration, which Interval's
// converters read as a duration (an int64 would be microseconds).
func operand(v any) any {
	switch v.(type) {
	case nil, string, int64, int, float64, bool, time.Time, time.Duration, []byte, types.Decimal:
		return v
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil
	}
	if _, ok := v.(driver.Valuer); ok {
		return v
	}
	switch rv.Kind() {
	case reflect.Pointer:
		return operand(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return rv.Uint()
	case reflect.Float32, reflect.Float64:
		return rv.Float()
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return rv.Bool()
	}
	return v
}

// typeFor returns t, or when t is nil the SQL type for Go values of type
// T: Integer for integers, String for strings, Boolean, Double, DateTime
// for time.Time, Interval for time.Duration, Numeric for types.Decimal,
// UUID; NullType when there is none.
func typeFor[T any](t types.Type) types.Type {
	if t != nil {
		return t
	}
	rt := reflect.TypeFor[T]()
	for rt.Kind() == reflect.Pointer {
		rt = rt.Elem()
	}
	switch rt {
	case reflect.TypeFor[time.Time]():
		return types.DateTime{}
	case reflect.TypeFor[time.Duration]():
		return types.Interval{}
	}
	if inferred := types.Of(reflect.Zero(rt).Interface()); inferred.Affinity() != types.AffinityNone {
		return inferred
	}
	switch rt.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return types.Integer{}
	case reflect.String:
		return types.String{}
	case reflect.Bool:
		return types.Boolean{}
	case reflect.Float32, reflect.Float64:
		return types.Double{}
	}
	return types.NullType{}
}
