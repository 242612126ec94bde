package mysql_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect/mysql"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// SQLAlchemy's RegexpTest for MySQL and MariaDB
// (test/dialect/mysql/test_compiler.py:1782 and on), test_match_2 and
// test_boolean_inversion_mysql (test/sql/test_operators.py:3353, 3394),
// and test_extract (test_compiler.py:1280). One difference: SQLAlchemy
// gives MySQL's REGEXP_REPLACE the flags as its fourth argument, which is
// the position; Athanor writes the position and occurrence first (1, 0:
// from the start, every match), so that the flags are the match type.
func TestRegexpAndMatch(t *testing.T) {
	tb := sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}))
	myid, name := tb.C("myid"), tb.C("name")
	str := sql.Ops(sql.Literal("string"))
	var cases []sqltest.Case
	// The same on both servers.
	for _, d := range []sqltest.Case{{Name: "mysql", Dialect: mysql84}, {Name: "mariadb", Dialect: mariadb11}} {
		for _, tc := range []sqltest.Case{
			{Name: "test_regexp_match", Stmt: sql.Ops(myid).RegexpMatch("pattern"), SQL: "mytable.myid REGEXP ?", Params: []any{"pattern"}},
			{Name: "test_regexp_match_column/1782", Stmt: sql.Ops(myid).RegexpMatch(name), SQL: "mytable.myid REGEXP mytable.name"},
			{Name: "test_regexp_match_str", Stmt: str.RegexpMatch(name), SQL: "? REGEXP mytable.name", Params: []any{"string"}},
			{Name: "test_not_regexp_match", Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern")), SQL: "mytable.myid NOT REGEXP ?", Params: []any{"pattern"}},
			{Name: "test_not_regexp_match_column/1803", Stmt: sql.Not(sql.Ops(myid).RegexpMatch(name)), SQL: "mytable.myid NOT REGEXP mytable.name"},
			{Name: "test_regexp_replace/1817", Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement"),
				SQL: "REGEXP_REPLACE(mytable.myid, ?, ?)", Params: []any{"pattern", "replacement"}},
			{Name: "test_regexp_replace_column/1824", Stmt: sql.Ops(myid).RegexpReplace("pattern", name),
				SQL: "REGEXP_REPLACE(mytable.myid, ?, mytable.name)", Params: []any{"pattern"}},
			{Name: "test_regexp_replace_string/1838", Stmt: str.RegexpReplace("pattern", name),
				SQL: "REGEXP_REPLACE(?, ?, mytable.name)", Params: []any{"string", "pattern"}},
			{Name: "test_match_2/3353", Stmt: sql.Ops(myid).Match("somstr"), SQL: "MATCH (mytable.myid) AGAINST (? IN BOOLEAN MODE)", Params: []any{"somstr"}},
			{Name: "test_boolean_inversion_mysql/3394", Stmt: sql.Not(sql.Ops(myid).Match("somstr")),
				SQL: "NOT MATCH (mytable.myid) AGAINST (? IN BOOLEAN MODE)", Params: []any{"somstr"}},
		} {
			tc.Name = d.Name + "/" + tc.Name
			tc.Dialect = d.Dialect
			cases = append(cases, tc)
		}
	}
	cases = append(cases,
		sqltest.Case{Name: "mysql/test_regexp_match_flags/1856", Dialect: mysql84, Stmt: sql.Ops(myid).RegexpMatch("pattern", "ig"),
			SQL: "REGEXP_LIKE(mytable.myid, ?, 'ig')", Params: []any{"pattern"}},
		sqltest.Case{Name: "mysql/test_not_regexp_match_flags/1863", Dialect: mysql84, Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern", "ig")),
			SQL: "NOT REGEXP_LIKE(mytable.myid, ?, 'ig')", Params: []any{"pattern"}},
		sqltest.Case{Name: "mysql/test_regexp_match_flags_safestring", Dialect: mysql84, Stmt: sql.Ops(myid).RegexpMatch("pattern", "i'g"),
			SQL: "REGEXP_LIKE(mytable.myid, ?, 'i''g')", Params: []any{"pattern"}},
		sqltest.Case{Name: "mysql/test_regexp_replace_flags/1870", Dialect: mysql84, Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement", "ig"),
			SQL: "REGEXP_REPLACE(mytable.myid, ?, ?, 1, 0, 'ig')", Params: []any{"pattern", "replacement"}},
		sqltest.Case{Name: "mariadb/test_regexp_match_flags_safestring/1892", Dialect: mariadb11, Stmt: sql.Ops(myid).RegexpMatch("pattern", "i'g"),
			SQL: "mytable.myid REGEXP CONCAT('(?', 'i''g', ')', ?)", Params: []any{"pattern"}},
		sqltest.Case{Name: "mariadb/test_not_regexp_match_flags/1906", Dialect: mariadb11, Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern", "ig")),
			SQL: "mytable.myid NOT REGEXP CONCAT('(?', 'ig', ')', ?)", Params: []any{"pattern"}},
		sqltest.Case{Name: "mariadb/test_regexp_replace_flags", Dialect: mariadb11, Stmt: sql.Ops(myid).RegexpReplace("pattern", "replacement", "ig"),
			SQL: "REGEXP_REPLACE(mytable.myid, CONCAT('(?', 'ig', ')', ?), ?)", Params: []any{"pattern", "replacement"}},
		// MySQL 5.7 has REGEXP alone.
		sqltest.Case{Name: "mysql57/regexp", Dialect: mysql57, Stmt: sql.Ops(myid).RegexpMatch("p"), SQL: "mytable.myid REGEXP ?", Params: []any{"p"}},
		sqltest.Case{Name: "mysql57/flags refused", Dialect: mysql57, Stmt: sql.Ops(myid).RegexpMatch("p", "i"), Err: sql.ErrNotSupported},
		sqltest.Case{Name: "mysql57/replace refused", Dialect: mysql57, Stmt: sql.Ops(myid).RegexpReplace("p", "r"), Err: sql.ErrNotSupported},
		sqltest.Case{Name: "backslash in flags", Dialect: mysql84, Stmt: sql.Ops(myid).RegexpMatch("p", `i\`),
			SQL: `REGEXP_LIKE(mytable.myid, ?, 'i\\')`, Params: []any{"p"}},
	)
	col := sql.NewTable("t", sql.NewColumn("col1", nil)).C("col1")
	for _, f := range []string{"year", "month", "day"} {
		cases = append(cases, sqltest.Case{Name: "test_extract/1280/" + f, Dialect: mysql84, Stmt: sql.NewSelect(sql.Extract(f, col)),
			SQL: "SELECT EXTRACT(" + f + " FROM t.col1) AS anon_1 FROM t"})
	}
	cases = append(cases, sqltest.Case{Name: "test_extract/1286", Dialect: mysql84, Stmt: sql.NewSelect(sql.Extract("milliseconds", col)),
		SQL: "SELECT EXTRACT(millisecond FROM t.col1) AS anon_1 FROM t"},
		sqltest.Case{Name: "extract microseconds", Dialect: mariadb11, Stmt: sql.Extract("microseconds", col), SQL: "EXTRACT(microsecond FROM t.col1)"})
	sqltest.Run(t, cases)
}

// A FULLTEXT index (mysql_prefix), and MATCH ... AGAINST on the server.
func TestMatchLive(t *testing.T) {
	d := mysql84
	md := sql.NewMetaData()
	docs := md.Table("conform_docs",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("body", types.String{Length: 200}),
		sql.IndexOn("ix_conform_docs_body", "body").Option(mysql.OptIndexPrefix, "fulltext"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "fulltext", Dialect: d, Stmt: sql.NewCreateIndex(docs.Indexes()[0]), SQL: "CREATE FULLTEXT INDEX ix_conform_docs_body ON conform_docs (body)"},
		{Name: "bad prefix", Dialect: d, Stmt: sql.NewCreateIndex(sql.IndexOn("ix").Option(mysql.OptIndexPrefix, "BITMAP")), Err: sql.ErrArgument},
	})
	eng := newEngine(t)
	ctx := context.Background()
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { md.DropAll(ctx, eng) })
	if _, err := eng.ExecuteMany(ctx, docs.Insert(), []sql.Params{
		{"id": 1, "body": "the quick brown fox"}, {"id": 2, "body": "lazy dogs sleep"}, {"id": 3, "body": "quick thinking"},
	}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		cond sql.ColumnElement
		want []any
	}{
		{sql.Ops(docs.C("body")).Match("+quick -fox"), []any{int64(3)}},
		{sql.Not(sql.Ops(docs.C("body")).Match("quick")), []any{int64(2)}},
	} {
		res, err := eng.Execute(ctx, sql.NewSelect(docs.C("id")).Where(tc.cond).OrderBy(docs.C("id")))
		if err != nil {
			t.Fatal(err)
		}
		got, err := res.Scalars()
		if err != nil || fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%v: %v %v", tc.cond, got, err)
		}
	}
}
