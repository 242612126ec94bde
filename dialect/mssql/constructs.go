package mssql

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TryCastExpr is SQL Server's TRY_CAST (expr AS type): the value
// converted to the type, or NULL when it does not convert (where CAST
// fails the statement). Make one with TryCast; sql.Ops gives its
// operators.
type TryCastExpr struct {
	elem athsql.ColumnElement
	typ  types.Type
}

var (
	_ athsql.ColumnElement = (*TryCastExpr)(nil)
	_ athsql.Named         = (*TryCastExpr)(nil)
	_ athsql.Walker        = (*TryCastExpr)(nil)
)

// TryCast returns TRY_CAST (e AS t), of type t. A value bound without a
// type of its own (a Go value given to an operator) takes the type t.
func TryCast(e athsql.ColumnElement, t types.Type) *TryCastExpr {
	e = athsql.Untyped(e)
	if b, ok := e.(*athsql.BindParam); ok && b != nil && b.Key() == "" {
		e = b.WithType(t)
	}
	return &TryCastExpr{elem: e, typ: t}
}

// Type implements sql.ColumnElement.
func (x *TryCastExpr) Type() types.Type { return x.typ }

// ResultName implements sql.Named: in a select list, the converted
// column keeps its name (SELECT TRY_CAST (t.id AS INTEGER) AS id).
func (x *TryCastExpr) ResultName() string {
	if n, ok := x.elem.(athsql.Named); ok {
		return n.ResultName()
	}
	return ""
}

// WriteSQL implements sql.Element.
func (x *TryCastExpr) WriteSQL(c *athsql.Compiler) {
	if x.elem == nil || x.typ == nil {
		c.Fail(fmt.Errorf("%w: TRY_CAST needs an expression and a type", athsql.ErrArgument))
		return
	}
	name, err := dialect.TypeNameOf(c.Dialect(), x.typ)
	if err != nil {
		c.Fail(err)
		return
	}
	c.WriteString("TRY_CAST (")
	c.Write(x.elem)
	c.WriteString(" AS " + name + ")")
}

// WriteCacheKey implements sql.Element.
func (x *TryCastExpr) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("mssql.TryCast")
	k.Type(x.typ)
	k.Element(x.elem)
}

// Children implements sql.Walker.
func (x *TryCastExpr) Children() []athsql.Element {
	if x.elem == nil {
		return nil
	}
	return []athsql.Element{x.elem}
}
