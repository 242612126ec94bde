package athanor

import (
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Typed columns and expressions (see sql.Col): operators that accept only
// values of the column's Go type, and values read back as that type.
//
//	userID := sa.NumberColumn[int64]("id", sa.Integer, sa.PrimaryKey())
//	userName := sa.StringColumn("name", sa.String(30), sa.NotNull())
//	users := md.Table("users", userID, userName)
//	stmt := sa.Select(userID, userName).Where(userID.Gt(5), userName.StartsWith("a"))
//	rows, err := sa.PairsOf(userID, userName).All(eng.Execute(ctx, stmt))
type (
	Col[T any]            = sql.Col[T]
	NumCol[T sql.Number]  = sql.NumCol[T]
	StrCol                = sql.StrCol
	Expr[T any]           = sql.Expr[T]
	NumExpr[T sql.Number] = sql.NumExpr[T]
	StrExpr               = sql.StrExpr
	Typed[T any]          = sql.Typed[T]
	Number                = sql.Number
	Reader[T any]         = engine.Reader[T]
	Pair[A, B any]        = engine.Pair[A, B]
	Triple[A, B, C any]   = engine.Triple[A, B, C]
)

// TypedColumn defines a table column whose values are of type T; see
// sql.TypedColumn.
func TypedColumn[T any](name string, t types.Type, opts ...sql.ColumnOption) Col[T] {
	return sql.TypedColumn[T](name, t, opts...)
}

// NumberColumn defines a table column of numbers of type T, with
// arithmetic; see sql.NumberColumn.
func NumberColumn[T Number](name string, t types.Type, opts ...sql.ColumnOption) NumCol[T] {
	return sql.NumberColumn[T](name, t, opts...)
}

// StringColumn defines a table column of strings, with LIKE and
// concatenation; see sql.StringColumn.
func StringColumn(name string, t types.Type, opts ...sql.ColumnOption) StrCol {
	return sql.StringColumn(name, t, opts...)
}

// As returns the typed view of a table's column: sa.As[int64](users.C("id")).
func As[T any](c *sql.Column) Col[T] { return sql.As[T](c) }

// AsNumber returns the numeric typed view of a table's column.
func AsNumber[T Number](c *sql.Column) NumCol[T] { return sql.AsNumber[T](c) }

// AsString returns the string typed view of a table's column.
func AsString(c *sql.Column) StrCol { return sql.AsString(c) }

// ExprAs returns an expression typed as T; see sql.ExprAs.
func ExprAs[T any](e ColumnElement) Expr[T] { return sql.ExprAs[T](e) }

// NumExprAs returns an expression typed as numbers of type T.
func NumExprAs[T Number](e ColumnElement) NumExpr[T] { return sql.NumExprAs[T](e) }

// StrExprAs returns an expression typed as a string expression.
func StrExprAs(e ColumnElement) StrExpr { return sql.StrExprAs(e) }

// Untyped returns the element a typed column or expression stands for.
func Untyped(e ColumnElement) ColumnElement { return sql.Untyped(e) }

// SumOf is sum(e), typed like e.
func SumOf[T Number](e Typed[T]) NumExpr[T] { return sql.SumOf(e) }

// AvgOf is avg(e), as float64 values.
func AvgOf[T Number](e Typed[T]) NumExpr[float64] { return sql.AvgOf(e) }

// MaxOf is max(e), typed like e.
func MaxOf[T any](e Typed[T]) Expr[T] { return sql.MaxOf(e) }

// MinOf is min(e), typed like e.
func MinOf[T any](e Typed[T]) Expr[T] { return sql.MinOf(e) }

// CountOf is count(*), or count(e), as int64 values.
func CountOf(e ...ColumnElement) NumExpr[int64] { return sql.CountOf(e...) }

// CoalesceOf is coalesce(e, fallback), typed like e.
func CoalesceOf[T any](e Typed[T], fallback T) Expr[T] { return sql.CoalesceOf(e, fallback) }

// CastTo is CAST(e AS t), typed as T.
func CastTo[T any](e ColumnElement, t types.Type) Expr[T] { return sql.CastTo[T](e, t) }

// BindOf is a named bind parameter for values of type T, given at
// execution.
func BindOf[T any](name string) Expr[T] { return sql.BindOf[T](name) }

// ValueOf is v as a typed bound value.
func ValueOf[T any](v T) Expr[T] { return sql.ValueOf(v) }

// Get returns the value col produced in row as a T; see engine.Get.
func Get[T any](row *Row, col Typed[T]) (T, error) { return engine.Get(row, col) }

// GetNullable is Get for a nullable column: ok is false for NULL.
func GetNullable[T any](row *Row, col Typed[T]) (T, bool, error) {
	return engine.GetNullable(row, col)
}

// ScalarsOf reads the values of col, one per row:
//
//	ids, err := sa.ScalarsOf(userID).All(eng.Execute(ctx, stmt))
func ScalarsOf[T any](col Typed[T]) Reader[T] { return engine.ScalarsOf(col) }

// PairsOf reads the values of a and b, one Pair per row.
func PairsOf[A, B any](a Typed[A], b Typed[B]) Reader[Pair[A, B]] { return engine.PairsOf(a, b) }

// TriplesOf reads the values of a, b and c, one Triple per row.
func TriplesOf[A, B, C any](a Typed[A], b Typed[B], c Typed[C]) Reader[Triple[A, B, C]] {
	return engine.TriplesOf(a, b, c)
}
