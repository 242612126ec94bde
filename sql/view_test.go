package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// CREATE VIEW and DROP VIEW (SQLAlchemy 2.1's CreateView).
func TestViews(t *testing.T) {
	tb := sql.NewTable("t", sql.NewColumn("a", types.Integer{}), sql.NewColumn("b", types.String{}))
	sel := sql.NewSelect(tb.C("a"), tb.C("b")).Where(tb.C("a").Gt(5))
	withCTE := func() sql.SelectStatement {
		big := sql.NewSelect(tb.C("a")).Where(tb.C("b").Eq("it's")).CTE("big")
		return sql.NewSelect(big.C("a"))
	}()
	sqltest.Run(t, []sqltest.Case{
		{Name: "basic", Stmt: sql.NewCreateView("my_view", sel), SQL: "CREATE VIEW my_view AS SELECT t.a, t.b FROM t WHERE t.a > 5"},
		{Name: "or replace", Stmt: &sql.CreateView{Name: "my_view", Select: sel, OrReplace: true},
			SQL: "CREATE OR REPLACE VIEW my_view AS SELECT t.a, t.b FROM t WHERE t.a > 5"},
		{Name: "schema, quoting", Stmt: &sql.CreateView{Name: "My View", Schema: "s", Select: sel},
			SQL: `CREATE VIEW s."My View" AS SELECT t.a, t.b FROM t WHERE t.a > 5`},
		{Name: "CTE inside", Stmt: sql.NewCreateView("v", withCTE),
			SQL: "CREATE VIEW v AS WITH big AS (SELECT t.a AS a FROM t WHERE t.b = 'it''s') SELECT big.a FROM big"},
		{Name: "compound", Stmt: sql.NewCreateView("v", sql.NewSelect(tb.C("a")).Union(sql.NewSelect(tb.C("a")).Where(tb.C("a").Lt(0)))),
			SQL: "CREATE VIEW v AS SELECT t.a FROM t UNION SELECT t.a FROM t WHERE t.a < 0"},
		{Name: "a parameter without a value", Stmt: sql.NewCreateView("v", sql.NewSelect(tb.C("a")).Where(tb.C("a").Eq(sql.Bind("x")))), Err: sql.ErrArgument},
		{Name: "no name", Stmt: sql.NewCreateView("", sel), Err: sql.ErrArgument},
		{Name: "no select", Stmt: sql.NewCreateView("v", nil), Err: sql.ErrArgument},
		{Name: "bad select", Stmt: sql.NewCreateView("v", sql.NewSelect(tb.C("nope"))), Err: sql.ErrNoSuchColumn},
		{Name: "drop", Stmt: sql.NewDropView("my_view"), SQL: "DROP VIEW my_view"},
		{Name: "drop if exists", Stmt: &sql.DropView{Name: "my_view", Schema: "s", IfExists: true}, SQL: "DROP VIEW IF EXISTS s.my_view"},
		{Name: "drop without a name", Stmt: sql.NewDropView(""), Err: sql.ErrArgument},
	})
}
