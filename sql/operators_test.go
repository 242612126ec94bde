package sql_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Ported from SQLAlchemy's test_operators.py and test_compiler.py
// (effective_dialect "default"). Where Athanor's text differs, a comment
// says why.
func TestComparisonOperators(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	f := opTable.C("field")
	runCompileCases(t, []compileCase{
		{"eq", myid.Eq(7), nil, "mytable.myid = :myid_1", sql.Params{"myid_1": 7}},
		{"ne", myid.Ne(7), nil, "mytable.myid != :myid_1", sql.Params{"myid_1": 7}},
		{"lt", myid.Lt(7), nil, "mytable.myid < :myid_1", sql.Params{"myid_1": 7}},
		{"le", myid.Le(7), nil, "mytable.myid <= :myid_1", sql.Params{"myid_1": 7}},
		{"gt", myid.Gt(7), nil, "mytable.myid > :myid_1", sql.Params{"myid_1": 7}},
		{"ge", myid.Ge(7), nil, "mytable.myid >= :myid_1", sql.Params{"myid_1": 7}},
		{"eq column", myid.Eq(table2.C("otherid")), nil, "mytable.myid = myothertable.otherid", nil},
		{"eq nil is null", myid.Eq(nil), nil, "mytable.myid IS NULL", nil},
		{"ne nil is not null", myid.Ne(nil), nil, "mytable.myid IS NOT NULL", nil},
		{"eq Null()", myid.Eq(sql.Null()), nil, "mytable.myid IS NULL", nil},
		{"eq nil pointer", name.Eq((*string)(nil)), nil, "mytable.name IS NULL", nil},
		{"is null", myid.IsNull(), nil, "mytable.myid IS NULL", nil},
		{"is not null", myid.IsNotNull(), nil, "mytable.myid IS NOT NULL", nil},
		{"not is null", sql.Not(myid.IsNull()), nil, "mytable.myid IS NOT NULL", nil},
		{"eq true", col("q").Eq(sql.True()), nil, "q = true", nil},
		{"is true", col("q").Is(sql.True()), nil, "q IS true", nil},
		{"is distinct from", myid.IsDistinctFrom(1), nil, "mytable.myid IS DISTINCT FROM :myid_1", sql.Params{"myid_1": 1}},
		{"not is distinct from", sql.Not(myid.IsDistinctFrom(1)), nil, "mytable.myid IS NOT DISTINCT FROM :myid_1", sql.Params{"myid_1": 1}},
		{"is not distinct from", myid.IsNotDistinctFrom(1), nil, "mytable.myid IS NOT DISTINCT FROM :myid_1", sql.Params{"myid_1": 1}},
		{"null compared to null", name.Eq(nil).Ne(table1.C("description").Eq(nil)), nil,
			"(mytable.name IS NULL) != (mytable.description IS NULL)", nil},
		{"precedence_1", sql.NewSelect(f).Where(f.Eq(5).Eq(nil)), nil,
			"SELECT op.field FROM op WHERE (op.field = :field_1) IS NULL", sql.Params{"field_1": 5}},
		{"precedence_2", sql.NewSelect(f).Where(f.Add(5).Eq(f)), nil,
			"SELECT op.field FROM op WHERE op.field + :field_1 = op.field", sql.Params{"field_1": 5}},
		{"value typed like the column", col("d", types.Date{}).Gt("2024-01-01"), nil, "d > :d_1", sql.Params{"d_1": "2024-01-01"}},
	})
}

func TestInOperator(t *testing.T) {
	myid := table1.C("myid")
	f := opTable.C("field")
	runCompileCases(t, []compileCase{
		// SQLAlchemy renders a list of values as one expanding parameter
		// (__[POSTCOMPILE_myid_1]); Athanor binds each value, so a list's
		// length is part of the statement's structure. Bind(...).Expanding()
		// gives SQLAlchemy's form (below).
		{"values", myid.In(1, 2, 3), nil, "mytable.myid IN (:myid_1, :myid_2, :myid_3)",
			sql.Params{"myid_1": 1, "myid_2": 2, "myid_3": 3}},
		{"one slice", myid.In([]int{1, 2}), nil, "mytable.myid IN (:myid_1, :myid_2)", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"one value", myid.In("a"), nil, "mytable.myid IN (:myid_1)", sql.Params{"myid_1": "a"}},
		{"nil value", myid.In(nil), nil, "mytable.myid IN (NULL)", nil},
		{"not in", myid.NotIn(1, 2), nil, "mytable.myid NOT IN (:myid_1, :myid_2)", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"negated in", sql.Not(myid.In(1)), nil, "mytable.myid NOT IN (:myid_1)", sql.Params{"myid_1": 1}},
		{"negated not in", sql.Not(myid.NotIn(1)), nil, "mytable.myid IN (:myid_1)", sql.Params{"myid_1": 1}},
		{"in_5 literal", myid.In(sql.Literal("a")), nil, "mytable.myid IN (:param_1)", sql.Params{"param_1": "a"}},
		{"in_10", myid.In(sql.Literal("a").Add("a"), "b"), nil, "mytable.myid IN (:param_1 || :param_2, :myid_1)",
			sql.Params{"param_1": "a", "param_2": "a", "myid_1": "b"}},
		{"in_12", myid.In(1, sql.Literal(3).Add(4)), nil, "mytable.myid IN (:myid_1, :param_1 + :param_2)",
			sql.Params{"myid_1": 1, "param_1": 3, "param_2": 4}},
		{"in_13", myid.In(sql.Literal("a").Lt("b")), nil, "mytable.myid IN (:param_1 < :param_2)",
			sql.Params{"param_1": "a", "param_2": "b"}},
		{"in_15", myid.In("a", myid), nil, "mytable.myid IN (:myid_1, mytable.myid)", sql.Params{"myid_1": "a"}},
		{"in_16", myid.In(sql.Literal("a"), myid), nil, "mytable.myid IN (:param_1, mytable.myid)", sql.Params{"param_1": "a"}},
		{"in_17", myid.In(sql.Literal("a"), myid.Add("a")), nil, "mytable.myid IN (:param_1, mytable.myid + :myid_1)",
			sql.Params{"param_1": "a", "myid_1": "a"}},
		{"in_20 select", myid.In(sql.NewSelect(table2.C("otherid"))), nil,
			"mytable.myid IN (SELECT myothertable.otherid FROM myothertable)", nil},
		{"in_22 text", myid.In(sql.Text("SELECT myothertable.otherid FROM myothertable")), nil,
			"mytable.myid IN (SELECT myothertable.otherid FROM myothertable)", nil},
		{"in scalar subquery", myid.In(sql.NewSelect(table2.C("otherid")).ScalarSubquery()), nil,
			"mytable.myid IN (SELECT myothertable.otherid FROM myothertable)", nil},
		{"in compound", myid.In(sql.NewSelect(table2.C("otherid")).Union(sql.NewSelect(table1.C("myid")))), nil,
			"mytable.myid IN (SELECT myothertable.otherid FROM myothertable UNION SELECT mytable.myid FROM mytable)", nil},
		{"in table", col("q").In(sql.NewTable("t", col("x"))), nil, "q IN (SELECT t.x FROM t)", nil},
		{"in scalar subquery without type", sql.NewSelect(table1.C("myid")).Where(myid.In(sql.NewSelect(col("scan")))), nil,
			"SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT scan)", nil},
		{"in self plus negated", sql.And(col("a", types.Integer{}).In(5), sql.Not(col("a", types.Integer{}).In(5))), nil,
			"a IN (:a_1) AND a NOT IN (:a_2)", sql.Params{"a_1": 5, "a_2": 5}},
		{"precedence_6", sql.NewSelect(f).Where(sql.Literal(5).Add(f).In(5, 6)), nil,
			"SELECT op.field FROM op WHERE :param_1 + op.field IN (:param_2, :param_3)",
			sql.Params{"param_1": 5, "param_2": 5, "param_3": 6}},
		{"precedence_5", sql.NewSelect(f).Where(sql.Literal(5).Add(sql.Coerce(f.In(5, 6), types.Integer{}))), nil,
			"SELECT op.field FROM op WHERE :param_1 + (op.field IN (:field_1, :field_2))",
			sql.Params{"param_1": 5, "field_1": 5, "field_2": 6}},
	})
}

// SQL has no empty IN list. SQLAlchemy renders an empty expanding IN as a
// subquery yielding nothing; Athanor renders a constant condition, false
// for IN and true for NOT IN (the live test checks the semantics).
func TestEmptyIn(t *testing.T) {
	a := col("a", types.Integer{})
	runCompileCases(t, []compileCase{
		{"in nothing", a.In(), nil, "1 != 1", nil},
		{"in empty slice", a.In([]int{}), nil, "1 != 1", nil},
		{"in nil slice", a.In([]string(nil)), nil, "1 != 1", nil},
		{"not in nothing", a.NotIn(), nil, "1 = 1", nil},
		{"negated empty in", sql.Not(a.In()), nil, "1 = 1", nil},
		{"in a condition", sql.NewSelect(a).Where(a.In(), a.Gt(1)), nil, "SELECT a WHERE 1 != 1 AND a > :a_1", sql.Params{"a_1": 1}},
		{"self plus negated empty", sql.And(a.In(), sql.Not(a.In())), nil, "1 != 1 AND 1 = 1", nil},
		{"qmark", a.In(), qmark, "1 != 1", nil},
	})
}

func TestExpandingIn(t *testing.T) {
	myid := table1.C("myid")
	ids := sql.Bind("ids").Expanding()
	stmt := sql.NewSelect(myid).Where(myid.In(ids), table1.C("name").Ne(sql.Bind("name")))
	run := func(t *testing.T, d *testDialect, p sql.Params, wantSQL string, wantArgs []any) {
		t.Helper()
		c, err := sql.Compile(stmt, d)
		if err != nil {
			t.Fatal(err)
		}
		text, args, err := c.Bind(sql.BindsOf(stmt), p)
		if err != nil {
			t.Fatal(err)
		}
		if text != wantSQL {
			t.Errorf("SQL\n got: %s\nwant: %s", text, wantSQL)
		}
		if fmt.Sprint(args) != fmt.Sprint(wantArgs) {
			t.Errorf("args: got %v, want %v", args, wantArgs)
		}
	}
	// The compiled text shows the parameter as SQLAlchemy does.
	assertCompileSQL(t, stmt, nil,
		"SELECT mytable.myid FROM mytable WHERE mytable.myid IN (__[POSTCOMPILE_ids]) AND mytable.name != :name")
	t.Run("three", func(t *testing.T) {
		run(t, qmark, sql.Params{"ids": []int64{1, 2, 3}, "name": "x"},
			"SELECT mytable.myid FROM mytable WHERE mytable.myid IN (?, ?, ?) AND mytable.name != ?", []any{1, 2, 3, "x"})
	})
	t.Run("dollar numbering continues", func(t *testing.T) {
		run(t, dollar, sql.Params{"ids": []int64{4, 5}, "name": "x"},
			"SELECT mytable.myid FROM mytable WHERE mytable.myid IN ($1, $2) AND mytable.name != $3", []any{4, 5, "x"})
	})
	t.Run("empty", func(t *testing.T) {
		run(t, dollar, sql.Params{"ids": []int64{}, "name": "x"},
			"SELECT mytable.myid FROM mytable WHERE 1 != 1 AND mytable.name != $1", []any{"x"})
	})
	t.Run("named", func(t *testing.T) {
		c, err := sql.Compile(stmt, nil2generic())
		if err != nil {
			t.Fatal(err)
		}
		text, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"ids": []any{7, 8}, "name": "x"})
		if err != nil {
			t.Fatal(err)
		}
		want := "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (:ids_1, :ids_2) AND mytable.name != :name"
		if text != want || fmt.Sprint(args) != "[7 8 x]" {
			t.Errorf("got %s %v", text, args)
		}
	})
	t.Run("not in empty", func(t *testing.T) {
		s := sql.NewSelect(myid).Where(myid.NotIn(sql.Bind("ids").Expanding().WithValue([]int{})))
		c, _ := sql.Compile(s, atp)
		text, args, err := c.Bind(sql.BindsOf(s), nil)
		if err != nil || text != "SELECT mytable.myid FROM mytable WHERE 1 = 1" || len(args) != 0 {
			t.Errorf("got %q %v %v", text, args, err)
		}
	})
	t.Run("not a slice", func(t *testing.T) {
		c, _ := sql.Compile(stmt, qmark)
		_, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"ids": 5, "name": "x"})
		if !errors.Is(err, sql.ErrArgument) {
			t.Errorf("got %v, want ErrArgument", err)
		}
	})
	t.Run("missing", func(t *testing.T) {
		c, _ := sql.Compile(stmt, qmark)
		_, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"name": "x"})
		if !errors.Is(err, sql.ErrMissingParameter) {
			t.Errorf("got %v, want ErrMissingParameter", err)
		}
	})
	t.Run("typed like the column", func(t *testing.T) {
		c, _ := sql.Compile(stmt, qmark)
		if typ := c.Params[0].Type; typ != (types.Integer{}) || !c.Params[0].Expanding {
			t.Errorf("param 0: %+v", c.Params[0])
		}
	})
	t.Run("outside IN", func(t *testing.T) {
		err := compileErr(t, myid.Eq(sql.Bind("x").Expanding()), nil)
		if !errors.Is(err, sql.ErrArgument) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("debug", func(t *testing.T) {
		got, err := sql.DebugSQL(stmt, qmark, sql.Params{"ids": []int{1, 2}, "name": "o'x"})
		want := "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (1, 2) AND mytable.name != 'o''x'"
		if err != nil || got != want {
			t.Errorf("got %q %v", got, err)
		}
		got, _ = sql.DebugSQL(stmt, qmark, sql.Params{"ids": []int{}, "name": "x"})
		if want := "SELECT mytable.myid FROM mytable WHERE 1 != 1 AND mytable.name != 'x'"; got != want {
			t.Errorf("got %q", got)
		}
	})
}

func nil2generic() *testDialect { return newTestDialect("named", dialect.Named, nil) }

// assertCompileSQL checks the SQL only.
func assertCompileSQL(t *testing.T, stmt sql.Element, d *testDialect, want string) {
	t.Helper()
	var c *sql.Compiled
	var err error
	if d == nil {
		c, err = sql.Compile(stmt, nil2generic())
	} else {
		c, err = sql.Compile(stmt, d)
	}
	if err != nil {
		t.Fatal(err)
	}
	if c.SQL != want {
		t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, want)
	}
}

func TestBetween(t *testing.T) {
	myid := table1.C("myid")
	f := opTable.C("field")
	runCompileCases(t, []compileCase{
		{"between", myid.Between(1, 2), nil, "mytable.myid BETWEEN :myid_1 AND :myid_2", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"not between", myid.NotBetween(1, 2), nil, "mytable.myid NOT BETWEEN :myid_1 AND :myid_2", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"negated", sql.Not(myid.Between(1, 2)), nil, "mytable.myid NOT BETWEEN :myid_1 AND :myid_2", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"precedence_11", sql.NewSelect(f).Where(f.Eq(f).Between(false, true)), nil,
			"SELECT op.field FROM op WHERE (op.field = op.field) BETWEEN :param_1 AND :param_2",
			sql.Params{"param_1": false, "param_2": true}},
		{"bounds are expressions", myid.Between(myid.Add(1), myid.Mul(2)), nil,
			"mytable.myid BETWEEN mytable.myid + :myid_1 AND mytable.myid * :myid_2", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"comparison bound grouped", col("b", types.Boolean{}).Between(myid.Eq(1), true), nil,
			"b BETWEEN (mytable.myid = :myid_1) AND :b_1", sql.Params{"myid_1": 1, "b_1": true}},
		{"in and", sql.And(myid.Between(1, 2), myid.Ne(3)), nil,
			"mytable.myid BETWEEN :myid_1 AND :myid_2 AND mytable.myid != :myid_3", sql.Params{"myid_1": 1, "myid_2": 2, "myid_3": 3}},
	})
}

func TestLikeOperators(t *testing.T) {
	x := col("x")
	myid, name := table1.C("myid"), table1.C("name")
	runCompileCases(t, []compileCase{
		{"like", x.Like("y"), nil, "x LIKE :x_1", sql.Params{"x_1": "y"}},
		{"not like", x.NotLike("y"), nil, "x NOT LIKE :x_1", sql.Params{"x_1": "y"}},
		{"negated like", sql.Not(x.Like("y")), nil, "x NOT LIKE :x_1", sql.Params{"x_1": "y"}},
		{"like_4 escape", sql.Not(myid.Like("somstr").Escape('\\')), nil, `mytable.myid NOT LIKE :myid_1 ESCAPE '\'`, sql.Params{"myid_1": "somstr"}},
		{"like escape", x.LikeEscape("a%b_c", '\\'), nil, `x LIKE :x_1 ESCAPE '\'`, sql.Params{"x_1": "a%b_c"}},
		{"escape quote doubled", x.LikeEscape("a", '\''), nil, `x LIKE :x_1 ESCAPE ''''`, sql.Params{"x_1": "a"}},
		{"ilike native", x.ILike("a%"), nil, "x ILIKE :x_1", sql.Params{"x_1": "a%"}},
		{"not ilike native", x.NotILike("a%"), nil, "x NOT ILIKE :x_1", sql.Params{"x_1": "a%"}},
		{"like_5 ilike", myid.ILike("somstr").Escape('\\'), plain, `lower(mytable.myid) LIKE lower(?) ESCAPE '\'`, []any{"somstr"}},
		{"like_11 not ilike", sql.Not(name.ILike("%something%")), plain, "lower(mytable.name) NOT LIKE lower(?)", []any{"%something%"}},
		{"not_ilike", x.NotILike("y"), plain, "lower(x) NOT LIKE lower(?)", []any{"y"}},
		// SQLAlchemy binds the value and concatenates '%' in SQL (x LIKE :x_1
		// || '%'), escaping only with autoescape=True. Athanor always
		// escapes a value and binds the whole pattern, so that a value never
		// acts as a wildcard and no concatenation is needed.
		{"startswith", x.StartsWith("y"), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "y%"}},
		{"endswith", x.EndsWith("y"), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%y"}},
		{"contains", x.Contains("y"), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%y%"}},
		{"contains autoescape", x.Contains("a%b_c/d"), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%a/%b/_c//d%"}},
		{"not startswith autoescape", sql.Not(x.StartsWith("a%b_c/d")), nil, "x NOT LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "a/%b/_c//d%"}},
		{"endswith autoescape", x.EndsWith("a%b_c/d"), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%a/%b/_c//d"}},
		{"contains bytes", x.Contains([]byte("y")), nil, "x LIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%y%"}},
		{"icontains", x.IContains("Y"), nil, "x ILIKE :x_1 ESCAPE '/'", sql.Params{"x_1": "%Y%"}},
		{"icontains fallback", sql.Not(x.IContains("y")), plain, "lower(x) NOT LIKE lower(?) ESCAPE '/'", []any{"%y%"}},
		{"istartswith", x.IStartsWith("a_"), plain, "lower(x) LIKE lower(?) ESCAPE '/'", []any{"a/_%"}},
		{"iendswith", x.IEndsWith("a_"), plain, "lower(x) LIKE lower(?) ESCAPE '/'", []any{"%a/_"}},
		// SQLAlchemy writes x LIKE '%' || y || '%': its contains operator
		// builds the concatenation while compiling. Athanor builds it as an
		// expression, which is parenthesized under LIKE (both have
		// precedence 5).
		{"contains literal column", x.Contains(sql.LiteralColumn("y")), nil, "x LIKE ('%' || y || '%')", nil},
		{"endswith literal column", x.EndsWith(sql.LiteralColumn("y")), nil, "x LIKE ('%' || y)", nil},
		{"startswith text", x.StartsWith(sql.Text("y")), nil, "x LIKE (y || '%')", nil},
		{"contains nil", x.Contains(nil), nil, "x LIKE NULL", nil},
	})
	t.Run("named parameter escaped at execution", func(t *testing.T) {
		stmt := sql.NewSelect(x).Where(x.StartsWith(sql.Bind("prefix")))
		c, err := sql.Compile(stmt, qmark)
		if err != nil {
			t.Fatal(err)
		}
		_, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"prefix": "50%_off"})
		if err != nil || fmt.Sprint(args) != "[50/%/_off%]" {
			t.Errorf("got %v %v", args, err)
		}
		if _, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"prefix": []int{5}}); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("a slice: got %v, want ErrArgument", err)
		}
		if _, args, _ := c.Bind(sql.BindsOf(stmt), sql.Params{"prefix": 5}); fmt.Sprint(args) != "[5%]" {
			t.Errorf("a number: got %v", args)
		}
	})
	t.Run("escape on another operator", func(t *testing.T) {
		if err := compileErr(t, x.Eq(1).Escape('/'), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("expanding pattern", func(t *testing.T) {
		if err := compileErr(t, x.Contains(sql.Bind("p").Expanding()), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
}

func TestConjunctions(t *testing.T) {
	x := col("x")
	myid, name := table1.C("myid"), table1.C("name")
	runCompileCases(t, []compileCase{
		{"and", sql.And(myid.Eq(1), name.Eq("a")), nil, "mytable.myid = :myid_1 AND mytable.name = :name_1",
			sql.Params{"myid_1": 1, "name_1": "a"}},
		{"or", sql.Or(myid.Eq(1), myid.Eq(2)), nil, "mytable.myid = :myid_1 OR mytable.myid = :myid_2",
			sql.Params{"myid_1": 1, "myid_2": 2}},
		{"and of ors", sql.And(sql.Or(myid.Eq(1), myid.Eq(2)), name.Eq("a")), nil,
			"(mytable.myid = :myid_1 OR mytable.myid = :myid_2) AND mytable.name = :name_1",
			sql.Params{"myid_1": 1, "myid_2": 2, "name_1": "a"}},
		{"or of ands", sql.Or(sql.And(myid.Eq(1), name.Eq("a")), myid.Eq(2)), nil,
			"mytable.myid = :myid_1 AND mytable.name = :name_1 OR mytable.myid = :myid_2",
			sql.Params{"myid_1": 1, "name_1": "a", "myid_2": 2}},
		{"nested ands flatten", sql.And(sql.And(myid.Eq(1), myid.Eq(2)), sql.And(myid.Eq(3))), nil,
			"mytable.myid = :myid_1 AND mytable.myid = :myid_2 AND mytable.myid = :myid_3",
			sql.Params{"myid_1": 1, "myid_2": 2, "myid_3": 3}},
		{"method form", myid.Eq(1).Or(myid.Eq(2)).And(name.Eq("a")), nil,
			"(mytable.myid = :myid_1 OR mytable.myid = :myid_2) AND mytable.name = :name_1",
			sql.Params{"myid_1": 1, "myid_2": 2, "name_1": "a"}},
		{"nil skipped", sql.And(nil, x.Eq(7), nil), nil, "x = :x_1", sql.Params{"x_1": 7}},
		{"single_bool_one", sql.Not(sql.And(sql.True())), nil, "false", nil},
		{"single_bool_four", sql.Not(sql.Or(sql.False())), nil, "true", nil},
		{"single_bool_seven", sql.And(sql.True()), nil, "true", nil},
		{"single_bool_eight", sql.Or(sql.False()), nil, "false", nil},
		{"single_bool_nine", sql.And(sql.True()), plain, "1", nil},
		{"six", sql.Or(sql.True(), x.Eq(7)), nil, "true", nil},
		{"six reversed", sql.Or(x.Eq(7), sql.True()), nil, "true", nil},
		{"six_pt_five", sql.NewSelect(x).Where(sql.Or(x.Eq(7), sql.True())), nil, "SELECT x WHERE true", nil},
		{"eight", sql.Or(sql.False(), x.Eq(7), sql.False(), x.Eq(9)), nil, "x = :x_1 OR x = :x_2", sql.Params{"x_1": 7, "x_2": 9}},
		{"val and false", sql.And(myid.Eq(1), sql.False()), nil, "false", nil},
		{"and true drops out", sql.And(sql.True(), x.Eq(7)), nil, "x = :x_1", sql.Params{"x_1": 7}},
		{"and_false_literal_leading", sql.And(sql.False(), sql.False()), nil, "false", nil},
		{"and_true_literal_leading", sql.And(sql.True(), sql.True()), nil, "true", nil},
		{"and true false", sql.And(sql.True(), sql.False()), nil, "false", nil},
		{"or_false_literal_leading", sql.Or(sql.False(), sql.True()), nil, "true", nil},
		{"or_true_literal_leading", sql.Or(sql.True(), sql.True()), nil, "true", nil},
		{"empty and", sql.And(), nil, "true", nil},
		{"empty or", sql.Or(), nil, "false", nil},
		{"fourteen", sql.NewSelect(x).Where(sql.Not(sql.Null())), nil, "SELECT x WHERE NOT NULL", nil},
		{"where of an empty and on a dialect without booleans", sql.NewSelect(x).Where(sql.And()), plainConds, "SELECT x WHERE 1 = 1", nil},
	})
}

// plainConds is plain with a BoolConst hook, as SQL Server needs: 1 = 1
// where a condition stands alone.
var plainConds = func() *testDialect {
	d := newTestDialect("plainconds", dialect.Qmark, func(f *dialect.Features) { f.NativeBoolean = false })
	d.hooks = &sql.Hooks{BoolConst: func(c *sql.Compiler, v, cond bool) {
		switch {
		case cond && v:
			c.WriteString("1 = 1")
		case cond:
			c.WriteString("1 = 0")
		case v:
			c.WriteString("1")
		default:
			c.WriteString("0")
		}
	}}
	return d
}()

func TestNegation(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	f := opTable.C("field")
	runCompileCases(t, []compileCase{
		{"ne", sql.Not(myid.Eq(1)), nil, "mytable.myid != :myid_1", sql.Params{"myid_1": 1}},
		{"lt to ge", sql.Not(myid.Lt(1)), nil, "mytable.myid >= :myid_1", sql.Params{"myid_1": 1}},
		{"gt to le", sql.Not(myid.Gt(1)), nil, "mytable.myid <= :myid_1", sql.Params{"myid_1": 1}},
		{"method", myid.Eq(1).Not(), nil, "mytable.myid != :myid_1", sql.Params{"myid_1": 1}},
		{"double negation", sql.Not(sql.Not(myid.Eq(1))), nil, "mytable.myid = :myid_1", sql.Params{"myid_1": 1}},
		{"negate_operators_2", sql.NewSelect(myid).Where(myid.Ne(12), sql.Not(name.Eq("john"))), nil,
			"SELECT mytable.myid FROM mytable WHERE mytable.myid != :myid_1 AND mytable.name != :name_1",
			sql.Params{"myid_1": 12, "name_1": "john"}},
		{"negate_operators_4", sql.NewSelect(myid).Where(myid.Ne(12), sql.Not(sql.And(name.Eq("john"), name.Eq("ed"), name.Eq("fred")))), nil,
			"SELECT mytable.myid FROM mytable WHERE mytable.myid != :myid_1 AND NOT (mytable.name = :name_1 AND mytable.name = :name_2 AND mytable.name = :name_3)",
			sql.Params{"myid_1": 12, "name_1": "john", "name_2": "ed", "name_3": "fred"}},
		{"negate_operator_label", sql.Not(sql.Or(myid.Eq(1), myid.Eq(2)).Label("foo")), nil,
			"NOT (mytable.myid = :myid_1 OR mytable.myid = :myid_2)", sql.Params{"myid_1": 1, "myid_2": 2}},
		{"negate single-item list", sql.Not(sql.And(myid.Eq(1))), nil, "mytable.myid != :myid_1", sql.Params{"myid_1": 1}},
		{"precedence_7", sql.NewSelect(f).Where(sql.Not(sql.And(f.Eq(5), f.Eq(7)))), nil,
			"SELECT op.field FROM op WHERE NOT (op.field = :field_1 AND op.field = :field_2)", sql.Params{"field_1": 5, "field_2": 7}},
		// SQLAlchemy compares with 5; NOT x is boolean in Athanor, so the
		// value compared with it is a boolean.
		{"precedence_10", sql.NewSelect(f).Where(sql.Ops(sql.Not(f)).Eq(false)), nil,
			"SELECT op.field FROM op WHERE (NOT op.field) = :param_1", sql.Params{"param_1": false}},
		{"not of a column", sql.Not(col("flag", types.Boolean{})), nil, "NOT flag", nil},
		{"not of a custom operator", sql.Not(sql.Ops(myid).Op(sql.Custom("@>", 5, true), 3)), nil, "NOT (mytable.myid @> :myid_1)", sql.Params{"myid_1": 3}},
		{"not of exists", sql.Not(sql.Exists(sql.NewSelect(table2.C("otherid")))), nil, "NOT EXISTS (SELECT myothertable.otherid FROM myothertable)", nil},
		{"not of a function", sql.Not(sql.Func("f", myid)), nil, "NOT f(mytable.myid)", nil},
		{"not false", sql.Not(sql.False()), nil, "true", nil},
	})
	if err := compileErr(t, sql.Not(nil), nil); !errors.Is(err, sql.ErrArgument) {
		t.Error(err)
	}
}

func TestArithmeticAndConcat(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	f := opTable.C("field")
	c := col("f")
	runCompileCases(t, []compileCase{
		{"add", myid.Add(5), nil, "mytable.myid + :myid_1", sql.Params{"myid_1": 5}},
		{"sub", myid.Sub(5), nil, "mytable.myid - :myid_1", sql.Params{"myid_1": 5}},
		{"mul", myid.Mul(5), nil, "mytable.myid * :myid_1", sql.Params{"myid_1": 5}},
		{"div", myid.Div(5), nil, "mytable.myid / :myid_1", sql.Params{"myid_1": 5}},
		{"mod", myid.Mod(5), nil, "mytable.myid % :myid_1", sql.Params{"myid_1": 5}},
		{"neg", myid.Neg(), nil, "-mytable.myid", nil},
		{"string add is concat", name.Add("x"), nil, "mytable.name || :name_1", sql.Params{"name_1": "x"}},
		{"concat", myid.Concat("x"), nil, "mytable.myid || :myid_1", sql.Params{"myid_1": "x"}},
		{"literal concat", sql.Literal("foo").Add(sql.Literal("bar")), nil, ":param_1 || :param_2", sql.Params{"param_1": "foo", "param_2": "bar"}},
		{"precedence_3", sql.NewSelect(f).Where(f.Add(5).Mul(6)), nil,
			"SELECT op.field FROM op WHERE (op.field + :field_1) * :param_1", sql.Params{"field_1": 5, "param_1": 6}},
		{"precedence_4", sql.NewSelect(f).Where(f.Mul(5).Add(6)), nil,
			"SELECT op.field FROM op WHERE op.field * :field_1 + :param_1", sql.Params{"field_1": 5, "param_1": 6}},
		{"associativity_3", c.Sub(c).Sub(c), nil, "(f - f) - f", nil},
		{"associativity_6", c.Sub(c.Sub(c).Label("foo")), nil, "f - (f - f)", nil},
		// SQLAlchemy's / is Python's true division and casts an integer
		// divisor to NUMERIC; Athanor's Div is SQL's /.
		{"associativity_9", c.Div(c).Sub(c), nil, "f / f - f", nil},
		{"associativity_11", c.Div(c).Label("foo").Sub(c), nil, "f / f - f", nil},
		{"associativity_14", c.Sub(c.Div(c)), nil, "f - f / f", nil},
		{"associativity_18", c.Div(c).Sub(c.Div(c)), nil, "f / f - f / f", nil},
		{"associativity_23", c.Ne(c).Ne(c), nil, "(f != f) != f", nil},
		{"add associates", c.Add(c).Add(c.Add(c)), nil, "f + f + f + f", nil},
		{"mul associates", c.Mul(c).Mul(c.Mul(c)), nil, "f * f * f * f", nil},
		{"div right grouped", c.Div(c.Div(c)), nil, "f / (f / f)", nil},
		{"associatives_mismatched_type", col("i1", types.Integer{}).Add(col("i2", types.Integer{})).Add(col("d1", types.String{}).Add(col("d2", types.String{}))), nil,
			"i1 + i2 + (d1 || d2)", nil},
		{"neg of neg", myid.Neg().Neg(), nil, "-(-mytable.myid)", nil},
		{"neg of sum", myid.Add(1).Neg(), nil, "-(mytable.myid + :myid_1)", sql.Params{"myid_1": 1}},
		{"neg of negative literal", sql.LiteralValue(-5).Neg(), nil, "- -5", nil},
		{"sub of neg", myid.Sub(myid.Neg()), nil, "mytable.myid - -mytable.myid", nil},
		{"neg times", myid.Neg().Mul(2), nil, "(-mytable.myid) * :param_1", sql.Params{"param_1": 2}},
		// SQLAlchemy names the value param_1; Athanor names values after the
		// expression they are compared with, here the label.
		{"label_comparison_two", sql.NewLabel("bar", col("foo", types.String{})).Add("foo"), nil, "foo || :bar_1", sql.Params{"bar_1": "foo"}},
		{"collate_3", name.Collate("utf-8").Eq("foo"), nil, `(mytable.name COLLATE "utf-8") = :param_1`, sql.Params{"param_1": "foo"}},
		{"collate_1", name.Eq(sql.Literal("foo").Collate("utf-8")), nil, `mytable.name = (:param_1 COLLATE "utf-8")`, sql.Params{"param_1": "foo"}},
		{"collate plain name", col("x").Collate("bar").Eq("foo"), nil, "(x COLLATE bar) = :param_1", sql.Params{"param_1": "foo"}},
		{"op operators", myid.Op(sql.Custom("hoho", 0, false), 12).Eq(14), nil,
			"(mytable.myid hoho :myid_1) = :param_1", sql.Params{"myid_1": 12, "param_1": 14}},
		{"op comma precedence", sql.Func("foo", myid.Op(sql.Custom("hoho", 0, false), 12)), nil,
			"foo(mytable.myid hoho :myid_1)", sql.Params{"myid_1": 12}},
		{"custom precedence lower", myid.Op(sql.Custom("hoho", 5, false), 5).Op(sql.Custom("lala", 4, false), 4), nil,
			"mytable.myid hoho :myid_1 lala :param_1", sql.Params{"myid_1": 5, "param_1": 4}},
		{"custom precedence higher", myid.Op(sql.Custom("hoho", 5, false), 5).Op(sql.Custom("lala", 6, false), 4), nil,
			"(mytable.myid hoho :myid_1) lala :param_1", sql.Params{"myid_1": 5, "param_1": 4}},
	})
}

func TestResultTypes(t *testing.T) {
	i, n, s := col("i", types.Integer{}), col("n", types.Numeric{Precision: 10, Scale: 2}), col("s", types.String{})
	ts, iv := col("ts", types.DateTime{}), col("iv", types.Interval{})
	for _, tc := range []struct {
		name string
		e    sql.ColumnElement
		want types.Type
	}{
		{"int + int", i.Add(i), types.Integer{}},
		{"int + numeric", i.Add(n), types.Numeric{Precision: 10, Scale: 2}},
		{"numeric * int", n.Mul(i), types.Numeric{Precision: 10, Scale: 2}},
		{"int + go int", i.Add(1), types.Integer{}},
		{"literal + int col", sql.Literal(1.5).Mul(i), types.Double{}},
		{"string + string", s.Add(s), types.String{}},
		{"concat", i.Concat(s), types.String{}},
		{"timestamp - timestamp", ts.Sub(ts), types.Interval{}},
		{"timestamp + interval", ts.Add(iv), types.DateTime{}},
		{"interval + timestamp", iv.Add(ts), types.DateTime{}},
		{"int * interval", i.Mul(iv), types.Interval{}},
		{"unknown + int", col("u").Add(i), types.Integer{}},
		{"comparison", i.Eq(1), types.Boolean{}},
		{"and", sql.And(i.Eq(1), i.Eq(2)), types.Boolean{}},
		{"not", sql.Not(col("b")), types.Boolean{}},
		{"neg", i.Neg(), types.Integer{}},
		{"label", i.Add(n).Label("x"), types.Numeric{Precision: 10, Scale: 2}},
		{"cast", i.Cast(types.String{Length: 5}), types.String{Length: 5}},
		{"coerce", sql.Coerce(s, types.Integer{}), types.Integer{}},
		{"custom non-comparison", i.Op(sql.Custom("#", 7, false), 1), types.Integer{}},
		{"custom comparison", i.Op(sql.Custom("@>", 5, true), 1), types.Boolean{}},
	} {
		if got := tc.e.Type(); got != tc.want {
			t.Errorf("%s: type %v, want %v", tc.name, got, tc.want)
		}
	}
}

// sqlalchemyPrecedence is SQLAlchemy's operator precedence table
// (operators.py _PRECEDENCE) for the operators of the matrix, and its
// associative operators: the oracle the matrix is checked against.
var sqlalchemyPrecedence = map[string]int{
	"*": 8, "/": 8, "+": 7, "-": 7, "||": 5, "=": 5, "<": 5, "AND": 3, "OR": 2,
}

var sqlalchemyAssociative = map[string]bool{"*": true, "+": true, "||": true, "AND": true, "OR": true}

// TestPrecedenceMatrix nests every operator of the matrix as the left and
// the right operand of every other, and checks the parentheses against
// SQLAlchemy's rule: an operand is parenthesized when its operator's
// precedence is at most its parent's, unless both are the same
// associative operator.
func TestPrecedenceMatrix(t *testing.T) {
	type opFn func(l, r sql.ColumnElement) sql.ColumnElement
	ops := []struct {
		sym string
		fn  opFn
	}{
		{"*", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Mul(r) }},
		{"/", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Div(r) }},
		{"+", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Op(sql.OpAdd, r) }},
		{"-", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Sub(r) }},
		{"||", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Concat(r) }},
		{"=", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Eq(r) }},
		{"<", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Ops(l).Lt(r) }},
		{"AND", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.And(l, r) }},
		{"OR", func(l, r sql.ColumnElement) sql.ColumnElement { return sql.Or(l, r) }},
	}
	// Columns of unknown type, so that + stays + (it concatenates only
	// strings).
	a, b, c := col("a"), col("b"), col("c")
	for _, outer := range ops {
		for _, inner := range ops {
			parens := func() bool {
				if inner.sym == outer.sym && sqlalchemyAssociative[inner.sym] {
					return false
				}
				return sqlalchemyPrecedence[inner.sym] <= sqlalchemyPrecedence[outer.sym]
			}()
			innerText := "a " + inner.sym + " b"
			if parens {
				innerText = "(" + innerText + ")"
			}
			// As the left operand.
			left := outer.fn(inner.fn(a, b), c)
			assertCompileSQL(t, left, nil, innerText+" "+outer.sym+" c")
			// As the right operand (c outer (a inner b)): non-associative
			// operators keep their parentheses on the right too.
			right := outer.fn(c, inner.fn(a, b))
			assertCompileSQL(t, right, nil, "c "+outer.sym+" "+innerText)
		}
	}
}
