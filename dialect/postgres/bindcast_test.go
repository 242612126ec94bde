package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// PostgreSQL types a parameter from what it meets; between two parameters
// of an arithmetic or || operator it has nothing to go on, so those two
// are cast to their types. Everything else stays a plain $n.
func TestBindCasts(t *testing.T) {
	d := postgres.New()
	tbl := sql.NewTable("t", sql.NewColumn("n", types.Integer{}), sql.NewColumn("s", types.Text{}))
	untyped := sql.Bind("x")
	sqltest.Run(t, []sqltest.Case{
		{Name: "two parameters", Dialect: d, Stmt: sql.NewSelect(sql.Literal(1).Add(2)),
			SQL: "SELECT CAST($1 AS INTEGER) + CAST($2 AS INTEGER) AS anon_1", Params: []any{1, 2}},
		{Name: "concatenation", Dialect: d, Stmt: sql.NewSelect(sql.Ops(sql.Literal("a")).Concat("b")),
			SQL: "SELECT CAST($1 AS VARCHAR) || CAST($2 AS VARCHAR) AS anon_1", Params: []any{"a", "b"}},
		{Name: "nested", Dialect: d, Stmt: sql.NewSelect(sql.Literal(1).Add(sql.Literal(2).Mul(3))),
			SQL: "SELECT $1 + CAST($2 AS INTEGER) * CAST($3 AS INTEGER) AS anon_1", Params: []any{1, 2, 3}},
		{Name: "a column types the parameter", Dialect: d, Stmt: sql.NewSelect(tbl.C("n").Add(1)),
			SQL: "SELECT t.n + $1 AS anon_1 FROM t", Params: []any{1}},
		{Name: "comparisons are left", Dialect: d, Stmt: sql.NewSelect(sql.Literal(1).Eq(2)),
			SQL: "SELECT $1 = $2 AS anon_1", Params: []any{1, 2}},
		{Name: "a parameter of no type is left", Dialect: d, Stmt: sql.NewSelect(sql.Ops(untyped).Add(untyped)),
			SQL: "SELECT $1 + $2 AS anon_1", Exec: sql.Params{"x": 1}, Params: []any{1, 1}},
	})
}

func TestBindCastsLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	for _, tc := range []struct {
		expr sql.ColumnElement
		want any
	}{
		{sql.Literal(1).Add(2), int64(3)},
		{sql.Literal(7).Sub(sql.Literal(2).Mul(3)), int64(1)},
		{sql.Ops(sql.Literal("a")).Concat("b"), "ab"},
		{sql.Literal(1.5).Mul(2.0), 3.0},
		{sql.Literal(time.Hour).Add(time.Minute), time.Hour + time.Minute},
	} {
		res, err := eng.Execute(ctx, sql.NewSelect(tc.expr))
		if err != nil {
			t.Fatal(err)
		}
		v, err := res.Scalar()
		if err != nil || v != tc.want {
			t.Errorf("%v: %#v %v, want %#v", tc.expr, v, err, tc.want)
		}
	}
}
