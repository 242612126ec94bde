package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Table-valued functions (test/sql/test_functions.py, default dialect).
func TestTableValued(t *testing.T) {
	at := sql.NewTable("assets_transactions", sql.NewColumn("id", nil), sql.NewColumn("contents", types.JSON{}))
	jb := sql.Func("jsonb_each", at.C("contents")).TableValued("key", "value")
	values := sql.NewTable("values", sql.NewColumn("id", types.Integer{}), sql.NewColumn("value", types.String{}))
	vi := sql.Func("value_ids").TableValued(sql.NewColumn("id", types.Integer{})).Alias("vi")
	vv := values.Alias("vv")
	unnest := sql.Func("unnest", sql.Bind("arr")).ColumnValued()
	sqltest.Run(t, []sqltest.Case{
		// test_table_valued_one (1800).
		{Name: "test_table_valued_one", Stmt: sql.NewSelect(at.C("id"), jb.C("key"), jb.C("value")).Join(jb, sql.True()),
			SQL: "SELECT assets_transactions.id, anon_1.key, anon_1.value FROM assets_transactions JOIN jsonb_each(assets_transactions.contents) AS anon_1 ON true"},
		// test_table_valued_two (1828).
		{Name: "test_table_valued_two", Stmt: sql.NewSelect(vi.C("id"), vv.C("value")).SelectFrom(vi.Join(vv, vv.C("id").Eq(vi.C("id")))),
			SQL: "SELECT vi.id, vv.value FROM value_ids() AS vi JOIN values AS vv ON vv.id = vi.id"},
		{Name: "column valued", Stmt: sql.NewSelect(unnest).Where(unnest.Gt(1)), Exec: sql.Params{"arr": []int{1, 2}},
			SQL: "SELECT anon_1 FROM unnest(:arr) AS anon_1 WHERE anon_1 > :column_value_1", Params: sql.Params{"arr": []int{1, 2}, "column_value_1": 1}},
		{Name: "two calls, two aliases", Stmt: func() sql.Element {
			a := sql.Func("generate_series", 1, 3).TableValued("n")
			b := sql.Func("generate_series", 1, 2).TableValued("n")
			return sql.NewSelect(a.C("n"), b.C("n"))
		}(), SQL: "SELECT anon_1.n, anon_2.n AS n_1 FROM generate_series(:generate_series_1, :generate_series_2) AS anon_1, generate_series(:generate_series_3, :generate_series_4) AS anon_2",
			Params: sql.Params{"generate_series_1": 1, "generate_series_2": 3, "generate_series_3": 1, "generate_series_4": 2}},
		{Name: "unknown column", Stmt: sql.NewSelect(jb.C("nope")), Err: sql.ErrNoSuchColumn},
		{Name: "bad column spec", Stmt: sql.NewSelect(sql.Func("f").TableValued(3).C("x")), Err: sql.ErrNoSuchColumn},
		{Name: "bad column spec in FROM", Stmt: sql.NewSelect(sql.LiteralColumn("1")).SelectFrom(sql.Func("f").TableValued(3)), Err: sql.ErrArgument},
		{Name: "nil column", Stmt: sql.NewSelect(sql.LiteralColumn("1")).SelectFrom(sql.Func("f").TableValued((*sql.Column)(nil))), Err: sql.ErrArgument},
	})
	if _, ok := vi.C("id").Type().(types.Integer); !ok {
		t.Errorf("a typed column keeps its type: %T", vi.C("id").Type())
	}
	if unnest.Name() != "column_value" {
		t.Errorf("ColumnValued name %q", unnest.Name())
	}
}
