package sql

import (
	"github.com/athanordb/athanor/types"
)

// Element is a node of a SQL statement tree: a column expression, a FROM
// item, a clause or a whole statement. Elements are immutable once built.
//
// The two methods are the extension contract: a construct defined outside
// this package (a dialect's ON CONFLICT clause, a user's custom function)
// renders itself with WriteSQL and describes its structure with
// WriteCacheKey.
type Element interface {
	// WriteSQL renders the element. Errors are reported with c.Fail; the
	// first one ends the compilation.
	WriteSQL(c *Compiler)
	// WriteCacheKey writes everything that shapes the element's SQL text,
	// and none of its bound values, to k: two elements with equal keys must
	// compile to the same SQL with the same parameter slots.
	WriteCacheKey(k *CacheKey)
}

// ColumnElement is an expression that yields a value: a column, a bound
// value, an operator applied to other expressions, a function call, a
// scalar subquery. It carries its SQL type.
//
// The interface is small so that typed expressions (Col[T], Expr[T]) and
// constructs from other packages implement it easily. The concrete types
// this package returns (*Column, *BinaryExpression, *Function, ...) embed
// ColumnOps and so offer SQL's operators as methods; Ops wraps any
// ColumnElement to get them.
type ColumnElement interface {
	Element
	// Type is the expression's SQL type: NullType when unknown.
	Type() types.Type
}

// Statement is an Element that can be executed on its own: SELECT, INSERT,
// UPDATE, DELETE, a textual statement or DDL.
type Statement interface {
	Element
	// StatementKind tells the engine what to expect of the statement's
	// execution.
	StatementKind() StatementKind
}

// StatementKind classifies executable statements.
type StatementKind uint8

// The statement kinds.
const (
	KindSelect StatementKind = iota + 1
	KindInsert
	KindUpdate
	KindDelete
	KindText
	KindDDL
)

// Grouper is implemented by elements that need parentheses in some
// contexts: SelfGroup returns the element as it must appear as an operand
// of op (wrapped in a Grouping when op binds tighter).
type Grouper interface {
	SelfGroup(against *Operator) ColumnElement
}

// group returns e as it must appear as an operand of op.
func group(e ColumnElement, op *Operator) ColumnElement {
	if g, ok := e.(Grouper); ok && !isNilElement(e) {
		return g.SelfGroup(op)
	}
	return e
}

// typeOf returns e's type, NullType for a nil expression (which fails at
// compile instead of panicking here).
func typeOf(e ColumnElement) types.Type {
	if e == nil || isNilElement(e) {
		return types.NullType{}
	}
	if t := e.Type(); t != nil {
		return t
	}
	return types.NullType{}
}

// Named is implemented by column expressions that have a natural name for
// a result column: a column's name, a label, a function's name.
type Named interface {
	ColumnElement
	// ResultName is the name the expression gets in a result, or "" for
	// anonymous expressions.
	ResultName() string
}

// nameOf returns the natural result name of e, or "".
func nameOf(e ColumnElement) string {
	if n, ok := e.(Named); ok && !isNilElement(n) {
		return n.ResultName()
	}
	return ""
}
