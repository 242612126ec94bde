package postgres_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestJSONCompile(t *testing.T) {
	data := sql.NewTable("data", sql.NewColumn("id", integer), sql.NewColumn("x", postgres.JSONB{}), sql.NewColumn("j", types.JSON{}))
	x := postgres.JSONOps(data.C("x"))
	j := postgres.JSONOps(data.C("j"))
	sqltest.Run(t, []sqltest.Case{
		// test_json_still_uses_arrow_syntax
		{Name: "get", Dialect: pg, Stmt: sql.NewSelect(j.Get("key")), SQL: "SELECT data.j -> $1 AS anon_1 FROM data", Params: []any{"key"}},
		{Name: "get index", Dialect: pg, Stmt: x.Get(2), SQL: "data.x -> CAST($1 AS INTEGER)", Params: []any{2}},
		{Name: "get text", Dialect: pg, Stmt: x.GetText("key").Eq("v"), SQL: "data.x ->> $1 = $2", Params: []any{"key", "v"}},
		{Name: "chained", Dialect: pg, Stmt: x.Get("a").Get(0).GetText("b"), SQL: "((data.x -> $1) -> CAST($2 AS INTEGER)) ->> $3", Params: []any{"a", 0, "b"}},
		{Name: "path", Dialect: pg, Stmt: x.Path("a", 1, "b"), SQL: "data.x #> $1", Params: []any{`{"a","1","b"}`}},
		{Name: "path text", Dialect: pg, Stmt: x.PathText("a", "b"), SQL: "data.x #>> $1", Params: []any{`{"a","b"}`}},
		{Name: "contains", Dialect: pg, Stmt: x.Contains(map[string]any{"a": []int{1}}), SQL: "data.x @> $1", Params: []any{`{"a":[1]}`}},
		{Name: "contained by", Dialect: pg, Stmt: x.ContainedBy([]any{1, "b"}), SQL: "data.x <@ $1", Params: []any{`[1,"b"]`}},
		{Name: "contains expression", Dialect: pg, Stmt: x.Contains(x.Get("a")), SQL: "data.x @> (data.x -> $1)", Params: []any{"a"}},
		{Name: "has key", Dialect: pg, Stmt: x.HasKey("a"), SQL: "data.x ? $1", Params: []any{"a"}},
		{Name: "has any", Dialect: pg, Stmt: x.HasAny("a", "b"), SQL: "data.x ?| $1", Params: []any{`{"a","b"}`}},
		{Name: "has all", Dialect: pg, Stmt: x.HasAll("a"), SQL: "data.x ?& $1", Params: []any{`{"a"}`}},
		{Name: "and", Dialect: pg, Stmt: sql.And(x.HasKey("a"), x.Get("a").Eq(map[string]any{})), SQL: "data.x ? $1 AND data.x -> $2 = $3", Params: []any{"a", "a", "{}"}},
		// test_eager_grouping_flag
		{Name: "concat", Dialect: pg, Stmt: x.GetText("foo").Concat(" ").Concat(x.GetText("bar")), SQL: "data.x ->> $1 || $2 || data.x ->> $3",
			Params: []any{"foo", " ", "bar"}},
		{Name: "select with where", Dialect: pg, Stmt: sql.NewSelect(data.C("id")).Where(x.Get("k").IsNotNull()),
			SQL: "SELECT data.id FROM data WHERE data.x -> $1 IS NOT NULL", Params: []any{"k"}},
		{Name: "order by", Dialect: pg, Stmt: sql.NewSelect(data.C("id")).OrderBy(x.GetText("k").Desc()),
			SQL: "SELECT data.id FROM data ORDER BY data.x ->> $1 DESC", Params: []any{"k"}},
		{Name: "cast", Dialect: pg, Stmt: x.GetText("n").Cast(integer).Gt(1), SQL: "CAST(data.x ->> $1 AS INTEGER) > $2", Params: []any{"n", 1}},
		{Name: "nil expression", Dialect: pg, Stmt: postgres.JSONOps(nil).Get("a"), SQL: "NULL -> $1", Params: []any{"a"}},
	})
}
