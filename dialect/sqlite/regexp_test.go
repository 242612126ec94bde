package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// SQLAlchemy's RegexpTest (test/dialect/sqlite/test_compiler.py:530 and
// on), test_match_1 (test/sql/test_operators.py:3346) and test_extract
// (test_compiler.py:72). SQLAlchemy drops the flags on SQLite; Athanor
// puts them in front of the pattern in Go's inline form, which the
// regexp() function it registers reads.
func TestRegexpCompile(t *testing.T) {
	d := sqlite.New()
	tb := sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}))
	myid, name := tb.C("myid"), tb.C("name")
	str := sql.Ops(sql.Literal("string"))
	cases := []sqltest.Case{
		{Name: "test_regexp_match/530", Stmt: sql.Ops(myid).RegexpMatch("pattern"), SQL: "mytable.myid REGEXP ?", Params: []any{"pattern"}},
		{Name: "test_regexp_match_column", Stmt: sql.Ops(myid).RegexpMatch(name), SQL: "mytable.myid REGEXP mytable.name"},
		{Name: "test_regexp_match_str/544", Stmt: str.RegexpMatch(name), SQL: "? REGEXP mytable.name", Params: []any{"string"}},
		{Name: "test_regexp_match_flags/551", Stmt: sql.Ops(myid).RegexpMatch("pattern", "i"), SQL: "mytable.myid REGEXP '(?i)' || ?", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match_flags/565", Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern", "i's")), SQL: "mytable.myid NOT REGEXP '(?i''s)' || ?", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match_str/579", Stmt: sql.Not(str.RegexpMatch(name)), SQL: "? NOT REGEXP mytable.name", Params: []any{"string"}},
		{Name: "regexp_replace refused", Stmt: sql.Ops(myid).RegexpReplace("p", "r"), Err: sql.ErrNotSupported},
		{Name: "test_match_1/3346", Stmt: sql.Ops(myid).Match("somstr"), SQL: "mytable.myid MATCH ?", Params: []any{"somstr"}},
		{Name: "not match", Stmt: sql.Not(sql.Ops(myid).Match("somstr")), SQL: "mytable.myid NOT MATCH ?", Params: []any{"somstr"}},
		{Name: "extract quarter refused", Stmt: sql.Extract("quarter", myid), Err: sql.ErrNotSupported},
		{Name: "view", Stmt: sql.NewCreateView("v", sql.NewSelect(myid).Where(myid.Eq(1))), SQL: "CREATE VIEW v AS SELECT mytable.myid FROM mytable WHERE mytable.myid = 1"},
		{Name: "OR REPLACE view refused", Stmt: &sql.CreateView{Name: "v", Select: sql.NewSelect(myid), OrReplace: true}, Err: sql.ErrNotSupported},
	}
	col := sql.NewTable("t", sql.NewColumn("col1", nil)).C("col1")
	for field, format := range map[string]string{
		"month": "%m", "day": "%d", "year": "%Y", "second": "%S", "hour": "%H", "doy": "%j",
		"minute": "%M", "epoch": "%s", "dow": "%w", "week": "%W",
	} {
		cases = append(cases, sqltest.Case{Name: "test_extract/72/" + field, Stmt: sql.NewSelect(sql.Extract(field, col)),
			SQL: "SELECT CAST(STRFTIME('" + format + "', t.col1) AS INTEGER) AS anon_1 FROM t"})
	}
	for i := range cases {
		cases[i].Dialect = d
	}
	sqltest.Run(t, cases)
}

// The regexp() function Athanor registers: NULL in, NULL out; a bad
// pattern is an error from the database; full-text MATCH on an FTS5
// table.
func TestRegexpLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	scalar := func(stmt sql.Element) (any, error) {
		res, err := eng.Execute(ctx, stmt)
		if err != nil {
			return nil, err
		}
		return res.ScalarOne()
	}
	one := func(e sql.ColumnElement) any {
		t.Helper()
		v, err := scalar(sql.NewSelect(e))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	lit := func(v any) sql.ColumnOps { return sql.Ops(sql.Literal(v)) }
	for _, tc := range []struct {
		e    sql.ColumnElement
		want any
	}{
		{lit("seafood").RegexpMatch("foo"), true},
		{lit("seafood").RegexpMatch("^foo"), false},
		{lit("SeaFood").RegexpMatch("food", "i"), true},
		{sql.Not(lit("SeaFood").RegexpMatch("food")), true},
		{lit(123).RegexpMatch("^12"), true},
		{sql.Ops(sql.Null()).RegexpMatch("x"), nil},
		{lit("x").RegexpMatch(sql.Null()), nil},
	} {
		if got := one(tc.e); got != tc.want {
			t.Errorf("%v: got %v, want %v", tc.e, got, tc.want)
		}
	}
	_, err := scalar(sql.NewSelect(lit("x").RegexpMatch("(")))
	if err == nil {
		t.Error("a bad pattern gave no error")
	}
	if _, err := eng.Execute(ctx, sql.Text("CREATE VIRTUAL TABLE docs USING fts5(body)")); err != nil {
		t.Skipf("no FTS5: %v", err)
	}
	docs := sql.NewTable("docs", sql.NewColumn("body", types.String{}))
	if _, err := eng.Execute(ctx, docs.Insert().Values(sql.Values{"body": "the quick brown fox"}, sql.Values{"body": "lazy dogs"})); err != nil {
		t.Fatal(err)
	}
	v, err := scalar(sql.NewSelect(docs.C("body")).Where(sql.Ops(docs.C("body")).Match("quick")))
	if err != nil || v != "the quick brown fox" {
		t.Errorf("MATCH: %v %v", v, err)
	}
	if errors.Is(err, sql.ErrNotSupported) {
		t.Error("MATCH refused")
	}
}

// A table-valued function on SQLite: json_each.
func TestTableValuedLive(t *testing.T) {
	eng := newEngine(t)
	each := sql.Func("json_each", `[10, 20, 30]`).TableValued(sql.NewColumn("value", types.Integer{}), "key")
	res, err := eng.Execute(context.Background(), sql.NewSelect(each.C("value")).Where(each.C("key").Ge(1)).OrderBy(each.C("key")))
	if err != nil {
		t.Fatal(err)
	}
	vals, err := res.Scalars()
	if err != nil || len(vals) != 2 || vals[0] != int64(20) || vals[1] != int64(30) {
		t.Errorf("json_each: %v %v", vals, err)
	}
}
