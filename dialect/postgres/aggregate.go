package postgres

import (
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// AggregateOrderByExpr is an aggregate's argument with the order the
// aggregate reads its rows in: string_agg(name, ',' ORDER BY name),
// array_agg(x ORDER BY y DESC).
//
//	sql.Func("string_agg", users.C("name"), postgres.AggregateOrderBy(sql.LiteralValue(","), users.C("name")))
type AggregateOrderByExpr struct {
	athsql.ColumnOps
	arg   athsql.ColumnElement
	order []athsql.ColumnElement
}

// AggregateOrderBy returns arg ORDER BY order..., the last argument of an
// ordered aggregate.
func AggregateOrderBy(arg athsql.ColumnElement, order ...athsql.ColumnElement) *AggregateOrderByExpr {
	if arg == nil {
		arg = athsql.Null()
	}
	a := &AggregateOrderByExpr{arg: arg, order: order}
	a.ColumnOps = athsql.NewColumnOps(a)
	return a
}

// Type implements sql.ColumnElement: the argument's type.
func (a *AggregateOrderByExpr) Type() types.Type { return a.arg.Type() }

// WriteSQL implements sql.Element.
func (a *AggregateOrderByExpr) WriteSQL(c *athsql.Compiler) {
	c.Write(a.arg)
	if len(a.order) > 0 {
		c.WriteString(" ORDER BY ")
		c.WriteList(a.order, ", ")
	}
}

// WriteCacheKey implements sql.Element.
func (a *AggregateOrderByExpr) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("postgres.AggregateOrderBy")
	k.Element(a.arg)
	k.Elements(a.order)
}

// Children implements sql.Walker.
func (a *AggregateOrderByExpr) Children() []athsql.Element {
	out := []athsql.Element{a.arg}
	for _, o := range a.order {
		out = append(out, o)
	}
	return out
}
