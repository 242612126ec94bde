package sql_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestText(t *testing.T) {
	q := "select * from foo where lala=:bar and hoho=:whee"
	runCompileCases(t, []compileCase{
		// Ported from test_text.py.
		{"positional", sql.Text(q).BindParams(sql.Bind("bar").WithValue(4), sql.Bind("whee").WithValue(7)), nil,
			"select * from foo where lala=:bar and hoho=:whee", sql.Params{"bar": 4, "whee": 7}},
		{"binds compiled positional", sql.Text(q).BindParams(sql.Bind("bar").WithValue(4), sql.Bind("whee").WithValue(7)), qmark,
			"select * from foo where lala=? and hoho=?", []any{4, 7}},
		{"dollar", sql.Text(q).BindParams(sql.Bind("bar").WithValue(4), sql.Bind("whee").WithValue(7)), dollar,
			"select * from foo where lala=$1 and hoho=$2", []any{4, 7}},
		{"escaping colons", sql.Text(`select * from foo where clock='05:06:07' and mork='\:mindy'`), nil,
			"select * from foo where clock='05:06:07' and mork=':mindy'", nil},
		{"escaped colon outside quotes", sql.Text(`select a\:b`), nil, "select a:b", nil},
		{"double colons", sql.Text("select :x::int, a::text from t").BindParams(sql.Bind("x").WithValue(1)), qmark,
			"select ?::int, a::text from t", []any{1}},
		{"colon inside double quotes", sql.Text(`select ":notaparam" from t where a = :a`).BindParams(sql.Bind("a").WithValue(1)), qmark,
			`select ":notaparam" from t where a = ?`, []any{1}},
		{"doubled quote inside a string", sql.Text(`select 'it''s :x' where a = :a`).BindParams(sql.Bind("a").WithValue(1)), qmark,
			`select 'it''s :x' where a = ?`, []any{1}},
		{"percent signs", sql.Text("select '%' where foo like '%bar%'"), nil, "select '%' where foo like '%bar%'", nil},
		{"repeated name", sql.Text("select :x, :x").BindParams(sql.Bind("x").WithValue(3)), qmark, "select ?, ?", []any{3, 3}},
		{"repeated name named", sql.Text("select :x, :x").BindParams(sql.Bind("x").WithValue(3)), nil, "select :x, :x", sql.Params{"x": 3}},
		{"text in where", sql.NewSelect(table1.C("myid")).Where(sql.Text("myid > :lo").BindParams(sql.Bind("lo").WithValue(2))), nil,
			"SELECT mytable.myid FROM mytable WHERE myid > :lo", sql.Params{"lo": 2}},
		{"text conditions grouped under AND", sql.And(sql.Text("a = 1 OR b = 2"), sql.Text("c = 3")), nil, "(a = 1 OR b = 2) AND (c = 3)", nil},
		{"text as a column", sql.NewSelect(table1.C("myid"), sql.Text("whatever")), nil, "SELECT mytable.myid, whatever AS anon_1 FROM mytable", nil},
	})
	assertCompileSQL(t, sql.Text("select :foo, :bar, :bat from sometable"), qmark, "select ?, ?, ? from sometable")
	assertCompileSQL(t, sql.Text("select a:b, :c"), qmark, "select a:b, ?")
	t.Run("values at execution", func(t *testing.T) {
		stmt := sql.Text(q)
		c, err := sql.Compile(stmt, qmark)
		if err != nil {
			t.Fatal(err)
		}
		_, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"bar": 1, "whee": "x"})
		if err != nil || !reflect.DeepEqual(args, []any{1, "x"}) {
			t.Errorf("got %v %v", args, err)
		}
		if _, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"bar": 1}); !errors.Is(err, sql.ErrMissingParameter) {
			t.Errorf("missing whee: %v", err)
		}
	})
	t.Run("execution replaces a bound value", func(t *testing.T) {
		stmt := sql.Text(q).BindParams(sql.Bind("bar").WithValue(4), sql.Bind("whee").WithValue(7))
		c, _ := sql.Compile(stmt, qmark)
		_, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"whee": 8})
		if err != nil || !reflect.DeepEqual(args, []any{4, 8}) {
			t.Errorf("got %v %v", args, err)
		}
	})
	t.Run("typed parameter converts", func(t *testing.T) {
		stmt := sql.Text("select :flag").BindParams(sql.Bind("flag").WithType(types.Boolean{}))
		c, _ := sql.Compile(stmt, qmark)
		_, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"flag": 1})
		if err != nil || !reflect.DeepEqual(args, []any{true}) {
			t.Errorf("got %v %v", args, err)
		}
	})
	t.Run("param names", func(t *testing.T) {
		if got := sql.Text(q).ParamNames(); !reflect.DeepEqual(got, []string{"bar", "whee"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("missing bind", func(t *testing.T) {
		err := compileErr(t, sql.Text(":foo").BindParams(sql.Bind("foo").WithValue(5), sql.Bind("bar").WithValue(7)), nil)
		if !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("anonymous bind", func(t *testing.T) {
		if err := compileErr(t, sql.Text(":foo").BindParams(sql.Literal(5)), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("NUL byte", func(t *testing.T) {
		if err := compileErr(t, sql.Text("select '\x00b1\x01'"), qmark); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
}

func TestTextualSelect(t *testing.T) {
	id, name := col("id", types.Integer{}), col("name", types.String{})
	ts := sql.Text("select id, name from user where id > :lo").Columns(id, name)
	c, err := sql.Compile(ts, qmark)
	if err != nil {
		t.Fatal(err)
	}
	if c.SQL != "select id, name from user where id > ?" || !c.Returns || c.Kind != sql.KindSelect {
		t.Errorf("got %q returns=%v kind=%v", c.SQL, c.Returns, c.Kind)
	}
	if len(c.Columns) != 2 || c.Columns[0].Name != "id" || c.Columns[0].Type != (types.Integer{}) || c.Columns[1].Name != "name" {
		t.Errorf("columns %+v", c.Columns)
	}
	t.Run("as subquery", func(t *testing.T) {
		sq := ts.Subquery("u")
		stmt := sql.NewSelect(sq.C("name")).Where(sq.C("id").Eq(5))
		c, err := sql.Compile(stmt, qmark)
		if err != nil {
			t.Fatal(err)
		}
		want := "SELECT u.name FROM (select id, name from user where id > ?) AS u WHERE u.id = ?"
		if c.SQL != want {
			t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, want)
		}
		// The outer statement's columns, not the textual select's.
		if len(c.Columns) != 1 || c.Columns[0].Name != "name" {
			t.Errorf("columns %+v", c.Columns)
		}
	})
	t.Run("in", func(t *testing.T) {
		assertCompileSQL(t, table1.C("myid").In(sql.Text("select id from t").Columns(id)), nil, "mytable.myid IN (select id from t)")
	})
}
