package sql

import (
	"github.com/athanordb/athanor/types"
)

// Col is a column whose values are Go values of type T. It embeds the
// *Column it stands for, so it is a ColumnElement, can be given to
// MetaData.Table, and has the column's methods (Name, Table, PrimaryKey,
// ...). Its operators take only T: Eq(v T), In(...T), Between(lo, hi T),
// and EqExpr(e) for another expression of type T. The untyped operators
// that could take another type (Like, Add, Is, Op, ...) are not
// offered; Untyped() returns the *Column that has them all.
//
// Make one with TypedColumn, or As for a column of an existing table.
// NumCol and StrCol add the operators of numbers and strings.
//
// The zero Col stands for no column: statements that use it fail to
// compile with an error.
type Col[T any] struct {
	*Column
	typedOps[T]
	hideUntyped
}

// TypedColumn returns a table column whose values are of type T, to be
// given to MetaData.Table with the table's other columns. A nil t gives
// the SQL type of T's values: Integer for integers, String for strings,
// Boolean, Double, DateTime for time.Time, Numeric for types.Decimal.
func TypedColumn[T any](name string, t types.Type, opts ...ColumnOption) Col[T] {
	return As[T](NewColumn(name, typeFor[T](t), opts...))
}

// As returns the typed view of a column: As[int64](users.C("id")). The
// view is the same column: statements built with either are the same. The
// Go type is not checked against the column's SQL type here; a value that
// does not convert to T is an error when it is read.
func As[T any](c *Column) Col[T] {
	return Col[T]{Column: c, typedOps: typedOps[T]{elem: c}}
}

// Untyped returns the column, with every untyped operator.
func (c Col[T]) Untyped() *Column { return c.Column }

func (c Col[T]) untypedElement() ColumnElement {
	if c.Column == nil {
		return orZero(nil) // not a typed nil, which would look like a column
	}
	return c.Column
}

// Children implements Walker, for a Col placed directly in a construct
// that does not unwrap it.
func (c Col[T]) Children() []Element { return []Element{c.Column} }

// To returns the assignment column = v, for Insert.Set and Update.Set.
func (c Col[T]) To(v T) Assignment { return Assignment{Column: c.Column, Value: operand(v)} }

// ToExpr returns the assignment column = e, for an expression of the same
// Go type.
func (c Col[T]) ToExpr(e Typed[T]) Assignment {
	return Assignment{Column: c.Column, Value: Untyped(e)}
}

// NumCol is a column of numbers of Go type T: a Col with arithmetic,
// whose results keep the type (price.Mul(2) is a NumExpr[T]).
type NumCol[T Number] struct {
	Col[T]
	numOps[T]
}

// NumberColumn returns a table column of numbers of type T; see
// TypedColumn.
func NumberColumn[T Number](name string, t types.Type, opts ...ColumnOption) NumCol[T] {
	return AsNumber[T](NewColumn(name, typeFor[T](t), opts...))
}

// AsNumber returns the numeric typed view of a column; see As.
func AsNumber[T Number](c *Column) NumCol[T] {
	return NumCol[T]{Col: As[T](c), numOps: numOps[T]{elem: c}}
}

// StrCol is a column of strings: a Col[string] with LIKE, its shortcuts
// (StartsWith, EndsWith, Contains) and concatenation. Columns of a string
// type of your own (type Email string) are Col[Email]: they compare and
// read back as that type.
type StrCol struct {
	Col[string]
	strOps
}

// StringColumn returns a table column of strings; see TypedColumn. A nil t
// gives String (VARCHAR without a length).
func StringColumn(name string, t types.Type, opts ...ColumnOption) StrCol {
	return AsString(NewColumn(name, typeFor[string](t), opts...))
}

// AsString returns the string typed view of a column; see As.
func AsString(c *Column) StrCol {
	return StrCol{Col: As[string](c), strOps: strOps{elem: c}}
}
