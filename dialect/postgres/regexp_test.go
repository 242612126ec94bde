package postgres_test

import (
	"context"
	"testing"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// SQLAlchemy's RegexpTest (test/dialect/postgresql/test_compiler.py:4914
// and on) and test_match_4 / test_boolean_inversion_postgresql
// (test/sql/test_operators.py:3367, 3386), without the ::VARCHAR casts of
// its psycopg 3 dialect: a parameter beside a column needs none.
func TestRegexpAndMatch(t *testing.T) {
	tb := sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}))
	myid, name := tb.C("myid"), tb.C("name")
	str := sql.Ops(sql.Literal("string"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "test_regexp_match/4914", Dialect: pg, Stmt: sql.Ops(myid).RegexpMatch("pattern"), SQL: "mytable.myid ~ $1", Params: []any{"pattern"}},
		{Name: "test_regexp_match_column", Dialect: pg, Stmt: sql.Ops(myid).RegexpMatch(name), SQL: "mytable.myid ~ mytable.name"},
		{Name: "test_regexp_match_str", Dialect: pg, Stmt: str.RegexpMatch(name), SQL: "$1 ~ mytable.name", Params: []any{"string"}},
		{Name: "test_regexp_match_flags", Dialect: pg, Stmt: sql.Ops(myid).RegexpMatch("pattern", "ig"),
			SQL: "mytable.myid ~ CONCAT('(?', 'ig', ')', CAST($1 AS VARCHAR))", Params: []any{"pattern"}},
		{Name: "test_regexp_match_flags_ignorecase/4942", Dialect: pg, Stmt: sql.Ops(myid).RegexpMatch("pattern", "i"), SQL: "mytable.myid ~* $1", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match", Dialect: pg, Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern")), SQL: "mytable.myid !~ $1", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match_str/4963", Dialect: pg, Stmt: sql.Not(str.RegexpMatch(name)), SQL: "$1 !~ mytable.name", Params: []any{"string"}},
		{Name: "test_not_regexp_match_flags", Dialect: pg, Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern", "ig")),
			SQL: "mytable.myid !~ CONCAT('(?', 'ig', ')', CAST($1 AS VARCHAR))", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match_flags_ignorecase/4977", Dialect: pg, Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern", "i")), SQL: "mytable.myid !~* $1", Params: []any{"pattern"}},
		{Name: "test_regexp_replace", Dialect: pg, Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement"),
			SQL: "REGEXP_REPLACE(mytable.myid, $1, $2)", Params: []any{"pattern", "replacement"}},
		{Name: "test_regexp_replace_column/4992", Dialect: pg, Stmt: sql.Ops(myid).RegexpReplace("pattern", name),
			SQL: "REGEXP_REPLACE(mytable.myid, $1, mytable.name)", Params: []any{"pattern"}},
		{Name: "test_regexp_replace_flags", Dialect: pg, Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement", "ig"),
			SQL: "REGEXP_REPLACE(mytable.myid, $1, $2, 'ig')", Params: []any{"pattern", "replacement"}},
		{Name: "test_regexp_replace_flags_safestring/5024", Dialect: pg, Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement", "i'g"),
			SQL: "REGEXP_REPLACE(mytable.myid, $1, $2, 'i''g')", Params: []any{"pattern", "replacement"}},
		{Name: "test_match_4/3367", Dialect: pg, Stmt: sql.Ops(myid).Match("somstr"), SQL: "mytable.myid @@ plainto_tsquery($1)", Params: []any{"somstr"}},
		{Name: "test_boolean_inversion_postgresql/3386", Dialect: pg, Stmt: sql.Not(sql.Ops(myid).Match("somstr")),
			SQL: "NOT mytable.myid @@ plainto_tsquery($1)", Params: []any{"somstr"}},
		{Name: "extract", Dialect: pg, Stmt: sql.NewSelect(sql.Extract("epoch", myid)), SQL: "SELECT EXTRACT(epoch FROM mytable.myid) AS anon_1 FROM mytable"},
	})
}

// Full-text MATCH and the regular expression flags on the server.
func TestMatchLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	docs := md.Table("conform_docs",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("body", types.Text{}))
	mustCreate(t, md, eng)
	if _, err := eng.ExecuteMany(context.Background(), docs.Insert(), []sql.Params{
		{"id": 1, "body": "The quick brown foxes jumped"}, {"id": 2, "body": "lazy dogs sleep"}, {"id": 3, "body": "Quick thinking"},
	}); err != nil {
		t.Fatal(err)
	}
	ids := func(cond sql.ColumnElement) string {
		t.Helper()
		return firstColumn(t, eng, sql.NewSelect(docs.C("id")).Where(cond).OrderBy(docs.C("id")))
	}
	body := sql.Ops(docs.C("body"))
	for _, tc := range []struct{ name, got, want string }{
		{"match stems", ids(body.Match("fox jump")), "[1]"},
		{"not match", ids(sql.Not(body.Match("quick"))), "[2]"},
		{"regexp", ids(body.RegexpMatch("^Q")), "[3]"},
		{"regexp i", ids(body.RegexpMatch("^q", "i")), "[3]"},
		{"regexp inline flags", ids(body.RegexpMatch("^q", "ix")), "[3]"},
		{"not regexp i", ids(sql.Not(body.RegexpMatch("QUICK", "i"))), "[2]"},
		{"replace g", firstColumn(t, eng, sql.NewSelect(body.RegexpReplace("o", "0", "g")).Where(docs.C("id").Eq(2))), "[lazy d0gs sleep]"},
		{"replace first", firstColumn(t, eng, sql.NewSelect(body.RegexpReplace("e", "E")).Where(docs.C("id").Eq(2))), "[lazy dogs slEep]"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, tc.got, tc.want)
		}
	}
}
