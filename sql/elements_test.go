package sql_test

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestCase(t *testing.T) {
	c1 := sql.NewTable("test", col("col1", types.Integer{}), col("col2", types.String{})).C("col1")
	runCompileCases(t, []compileCase{
		// Ported from test_case_statement.py.
		{"searched with else", sql.NewCase(sql.When{Cond: c1.Eq(7), Result: "y"}).Else("z"), nil,
			"CASE WHEN (test.col1 = :col1_1) THEN :param_1 ELSE :param_2 END",
			sql.Params{"col1_1": 7, "param_1": "y", "param_2": "z"}},
		{"searched two whens", sql.NewCase(sql.When{Cond: c1.Lt(3), Result: "lt3"}, sql.When{Cond: c1.Between(3, 5), Result: "mid"}), nil,
			"CASE WHEN (test.col1 < :col1_1) THEN :param_1 WHEN (test.col1 BETWEEN :col1_2 AND :col1_3) THEN :param_2 END",
			sql.Params{"col1_1": 3, "param_1": "lt3", "col1_2": 3, "col1_3": 5, "param_2": "mid"}},
		// SQLAlchemy names a simple CASE's values param_N; Athanor binds them
		// typed like the CASE's value and named after it.
		{"simple", sql.NewCaseValue(c1, sql.When{Cond: 1, Result: "one"}, sql.When{Cond: 2, Result: "two"}).Else("many"), nil,
			"CASE test.col1 WHEN :col1_1 THEN :param_1 WHEN :col1_2 THEN :param_2 ELSE :param_3 END",
			sql.Params{"col1_1": 1, "param_1": "one", "col1_2": 2, "param_2": "two", "param_3": "many"}},
		{"expression results", sql.NewCase(sql.When{Cond: col("c").Eq("upper"), Result: sql.Func("upper", col("q"))}).Else(sql.Func("lower", col("q"))), qmark,
			"CASE WHEN (c = ?) THEN upper(q) ELSE lower(q) END", []any{"upper"}},
		{"column condition not grouped", sql.NewCase(sql.When{Cond: col("flag", types.Boolean{}), Result: 1}), nil,
			"CASE WHEN flag THEN :param_1 END", sql.Params{"param_1": 1}},
		{"in arithmetic", sql.Ops(sql.NewCase(sql.When{Cond: c1.Gt(0), Result: c1}).Else(0)).Add(1), nil,
			"CASE WHEN (test.col1 > :col1_1) THEN test.col1 ELSE :param_1 END + :param_2",
			sql.Params{"col1_1": 0, "param_1": 0, "param_2": 1}},
		{"null result", sql.NewCase(sql.When{Cond: c1.Eq(1), Result: nil}).Else(c1), nil,
			"CASE WHEN (test.col1 = :col1_1) THEN NULL ELSE test.col1 END", sql.Params{"col1_1": 1}},
	})
	if typ := sql.NewCase(sql.When{Cond: c1.Eq(1), Result: nil}).Else(c1).Type(); typ != (types.Integer{}) {
		t.Errorf("type %v, want the first typed result's", typ)
	}
	if err := compileErr(t, sql.NewCase(), nil); !errors.Is(err, sql.ErrArgument) {
		t.Error(err)
	}
}

func TestCastAndCoerce(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	runCompileCases(t, []compileCase{
		{"cast column", myid.Cast(types.String{Length: 10}), nil, "CAST(mytable.myid AS VARCHAR(10))", nil},
		{"use_labels cast", sql.NewSelect(sql.NewCast(sql.Literal("data"), types.Integer{})), nil,
			"SELECT CAST(:param_1 AS INTEGER) AS anon_1", sql.Params{"param_1": "data"}},
		{"cast null", sql.NewCast(sql.Null(), types.Integer{}), nil, "CAST(NULL AS INTEGER)", nil},
		{"cast literal column", sql.NewCast(sql.LiteralColumn("NULL"), types.Integer{}), nil, "CAST(NULL AS INTEGER)", nil},
		{"cast keeps the name", sql.NewSelect(name.Cast(types.Text{})), nil, "SELECT CAST(mytable.name AS TEXT) AS name FROM mytable", nil},
		{"cast in arithmetic", myid.Cast(types.Numeric{Precision: 10, Scale: 2}).Div(3), nil,
			"CAST(mytable.myid AS NUMERIC(10, 2)) / :myid_1", sql.Params{"myid_1": 3}},
		{"coerce renders its expression", sql.Coerce(name, types.Integer{}).Add(1), nil, "mytable.name + :name_1", sql.Params{"name_1": 1}},
		{"coerce a comparison", sql.Literal(5).Add(sql.Coerce(myid.Eq(1), types.Integer{})), nil,
			":param_1 + (mytable.myid = :myid_1)", sql.Params{"param_1": 5, "myid_1": 1}},
	})
	t.Run("cast types the bound value", func(t *testing.T) {
		c := sql.NewCast(sql.Literal("12"), types.Integer{})
		b := c.Element()
		if b.Type() != (types.Integer{}) {
			t.Errorf("bound as %v", b.Type())
		}
	})
	t.Run("cast of unknown type", func(t *testing.T) {
		if err := compileErr(t, myid.Cast(types.NullType{}), nil); !errors.Is(err, sql.ErrNotSupported) {
			t.Error(err)
		}
	})
}

func TestFunctions(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	tbl := sql.NewTable("t", col("value"), col("x"), col("y"), col("z"), col("q"))
	runCompileCases(t, []compileCase{
		{"generic_count", sql.Func("count", col("abc")), nil, "count(abc)", nil},
		{"count star", sql.Func("count"), nil, "count(*)", nil},
		{"count distinct", sql.Func("count", myid.Distinct()), nil, "count(DISTINCT mytable.myid)", nil},
		{"assorted count", sql.NewSelect(sql.Func("count", myid)), nil, "SELECT count(mytable.myid) AS count_1 FROM mytable", nil},
		// SQLAlchemy shares one counter between labels and parameters
		// (lala(:lala_2) AS lala_1); Athanor numbers them apart.
		{"assorted package", sql.NewSelect(sql.Func("foo.bar.lala", 12)), nil, "SELECT foo.bar.lala(:lala_1) AS lala_1", sql.Params{"lala_1": 12}},
		{"assorted args", sql.Func("my_func", 1, 2, nil, 3), nil, "my_func(:my_func_1, :my_func_2, NULL, :my_func_3)",
			sql.Params{"my_func_1": 1, "my_func_2": 2, "my_func_3": 3}},
		{"underscores", sql.Func("if"), nil, "if()", nil},
		{"mixed case packages", sql.Func("Foo.Bar.SomeFunction"), nil, "Foo.Bar.SomeFunction()", nil},
		{"quote special chars", sql.Func("im a function"), nil, `"im a function"()`, nil},
		{"quote injection", sql.Func(`f"(); drop table x; --`), nil, `"f""(); drop table x; --"()`, nil},
		{"ansi current_timestamp", sql.Func("current_timestamp"), nil, "CURRENT_TIMESTAMP", nil},
		{"ansi localtime", sql.Func("localtime"), nil, "LOCALTIME", nil},
		{"ansi user", sql.Func("current_user"), nil, "CURRENT_USER", nil},
		{"now", sql.Func("now"), nil, "now()", nil},
		{"coalesce", sql.Func("coalesce", name, "x"), nil, "coalesce(mytable.name, :coalesce_1)", sql.Params{"coalesce_1": "x"}},
		{"nested", sql.Func("lower", sql.Func("trim", name)), nil, "lower(trim(mytable.name))", nil},
		{"cube_operators rollup", sql.NewSelect(sql.Func("sum", tbl.C("value")).Label("sum_1")).GroupBy(sql.Func("rollup", tbl.C("x"), tbl.C("y"))), nil,
			"SELECT sum(t.value) AS sum_1 FROM t GROUP BY ROLLUP(t.x, t.y)", nil},
		{"cube_operators grouping sets", sql.NewSelect(sql.Func("sum", tbl.C("value")).Label("sum_1")).GroupBy(sql.Func("grouping_sets", sql.NewTuple(tbl.C("x"), tbl.C("y")), sql.NewTuple(tbl.C("z"), tbl.C("q")))), nil,
			"SELECT sum(t.value) AS sum_1 FROM t GROUP BY GROUPING SETS((t.x, t.y), (t.z, t.q))", nil},
		{"function in comparison", sql.Func("lower", name).Eq("x"), nil, "lower(mytable.name) = :param_1", sql.Params{"param_1": "x"}},
		{"label_comparison_one", sql.NewSelect(sql.Func("lala", myid).Label("foo")).Where(sql.Func("lala", myid).Label("foo").Eq(5)), nil,
			"SELECT lala(mytable.myid) AS foo FROM mytable WHERE lala(mytable.myid) = :foo_1", sql.Params{"foo_1": 5}},
	})
	for _, tc := range []struct {
		f    *sql.Function
		want types.Type
	}{
		{sql.Func("count"), types.Integer{}},
		{sql.Func("COUNT", myid), types.Integer{}},
		{sql.Func("sum", myid), types.Integer{}},
		{sql.Func("max", name), types.String{}},
		{sql.Func("min", myid), types.Integer{}},
		{sql.Func("avg", myid), types.Numeric{}},
		{sql.Func("avg", col("d", types.Double{})), types.Double{}},
		{sql.Func("coalesce", nil, myid), types.Integer{}},
		{sql.Func("now"), types.DateTime{Timezone: true}},
		{sql.Func("current_date"), types.Date{}},
		{sql.Func("current_time"), types.Time{}},
		{sql.Func("lower", name), types.String{}},
		{sql.Func("row_number"), types.Integer{}},
		{sql.Func("unknown_fn", myid), types.NullType{}},
		{sql.Func("unknown_fn").Typed(types.Boolean{}), types.Boolean{}},
	} {
		if got := tc.f.Type(); got != tc.want {
			t.Errorf("%s: type %v, want %v", tc.f.Name(), got, tc.want)
		}
	}
}

func TestWindowFunctions(t *testing.T) {
	myid, name, desc := table1.C("myid"), table1.C("name"), table1.C("description")
	rowNumber := sql.Func("row_number")
	runCompileCases(t, []compileCase{
		{"order by", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{name, desc}}), nil,
			"row_number() OVER (ORDER BY mytable.name, mytable.description)", nil},
		{"partition by", rowNumber.Over(sql.Window{PartitionBy: []sql.ColumnElement{name, desc}}), nil,
			"row_number() OVER (PARTITION BY mytable.name, mytable.description)", nil},
		{"both", rowNumber.Over(sql.Window{PartitionBy: []sql.ColumnElement{name}, OrderBy: []sql.ColumnElement{myid.Desc()}}), nil,
			"row_number() OVER (PARTITION BY mytable.name ORDER BY mytable.myid DESC)", nil},
		{"empty", sql.Func("foo").Over(sql.Window{}), nil, "foo() OVER ()", nil},
		{"in arithmetic", col("x").Add(sql.Func("foo").Over(sql.Window{})), nil, "x + foo() OVER ()", nil},
		{"labelled order", sql.NewSelect(myid.Add(5).Label("sum"), rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid.Add(5).Label("sum")}}).Label("rn")), nil,
			"SELECT mytable.myid + :myid_1 AS sum, row_number() OVER (ORDER BY mytable.myid + :myid_2) AS rn FROM mytable",
			sql.Params{"myid_1": 5, "myid_2": 5}},
		{"rows current to unbounded", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Rows: &sql.Frame{Start: sql.CurrentRow, End: sql.UnboundedFollowing}}), nil,
			"row_number() OVER (ORDER BY mytable.myid ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)", nil},
		{"rows unbounded", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Rows: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.UnboundedFollowing}}), nil,
			"row_number() OVER (ORDER BY mytable.myid ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)", nil},
		{"rows offsets bound", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Rows: &sql.Frame{Start: sql.Preceding(10), End: sql.Following(1)}}), nil,
			"row_number() OVER (ORDER BY mytable.myid ROWS BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING)",
			sql.Params{"param_1": int64(10), "param_2": int64(1)}},
		{"range", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Range: &sql.Frame{Start: sql.Preceding(10), End: sql.Preceding(1)}}), nil,
			"row_number() OVER (ORDER BY mytable.myid RANGE BETWEEN :param_1 PRECEDING AND :param_2 PRECEDING)",
			sql.Params{"param_1": int64(10), "param_2": int64(1)}},
		{"groups", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Groups: &sql.Frame{Start: sql.Preceding(5), End: sql.Following(10)}}), qmark,
			"row_number() OVER (ORDER BY mytable.myid GROUPS BETWEEN ? PRECEDING AND ? FOLLOWING)", []any{int64(5), int64(10)}},
		{"literal frame offsets", rowNumber.Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Rows: &sql.Frame{Start: sql.Preceding(3), End: sql.CurrentRow}}), literalLimits,
			"row_number() OVER (ORDER BY mytable.myid ROWS BETWEEN 3 PRECEDING AND CURRENT ROW)", nil},
	})
	t.Run("one frame", func(t *testing.T) {
		f := &sql.Frame{Start: sql.UnboundedPreceding, End: sql.CurrentRow}
		if err := compileErr(t, rowNumber.Over(sql.Window{Rows: f, Range: f}), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("negative offset", func(t *testing.T) {
		f := &sql.Frame{Start: sql.Preceding(-1), End: sql.CurrentRow}
		if err := compileErr(t, rowNumber.Over(sql.Window{Rows: f}), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("unset bound", func(t *testing.T) {
		if err := compileErr(t, rowNumber.Over(sql.Window{Rows: &sql.Frame{}}), nil); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
	t.Run("not supported", func(t *testing.T) {
		if err := compileErr(t, rowNumber.Over(sql.Window{}), plain); !errors.Is(err, sql.ErrNotSupported) {
			t.Error(err)
		}
	})
}

// literalLimits writes LIMIT, OFFSET and frame offsets inline.
var literalLimits = func() *testDialect {
	d := newTestDialect("literallimits", 0, nil)
	d.hooks = &sql.Hooks{LiteralLimits: true}
	return d
}()

func TestAggregateFilter(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	runCompileCases(t, []compileCase{
		{"funcfilter compound criterion", sql.Func("count", 1).Filter(name.Eq(nil), myid.Gt(0)), nil,
			"count(:count_1) FILTER (WHERE mytable.name IS NULL AND mytable.myid > :myid_1)",
			sql.Params{"count_1": 1, "myid_1": 0}},
		{"funcfilter label", sql.NewSelect(sql.Func("count", 1).Filter(table1.C("description").Ne(nil)).Label("foo")), nil,
			"SELECT count(:count_1) FILTER (WHERE mytable.description IS NOT NULL) AS foo FROM mytable",
			sql.Params{"count_1": 1}},
		{"funcfilter windowing", sql.Func("rank").Filter(name.Gt("foo")).Over(sql.Window{PartitionBy: []sql.ColumnElement{myid}, Range: &sql.Frame{Start: sql.Preceding(3), End: sql.Following(2)}}), nil,
			"rank() FILTER (WHERE mytable.name > :name_1) OVER (PARTITION BY mytable.myid RANGE BETWEEN :param_1 PRECEDING AND :param_2 FOLLOWING)",
			sql.Params{"name_1": "foo", "param_1": int64(3), "param_2": int64(2)}},
		{"count star filter", sql.Func("count").Filter(myid.Gt(1)), qmark, "count(*) FILTER (WHERE mytable.myid > ?)", []any{1}},
	})
	t.Run("more criteria share their values", func(t *testing.T) {
		ff := sql.Func("rank").Filter(name.Gt("foo"))
		ff2 := ff.Filter(myid.Eq(1))
		assertCompile(t, sql.NewSelect(ff.Label("a"), ff2.Label("b")), nil,
			"SELECT rank() FILTER (WHERE mytable.name > :name_1) AS a, rank() FILTER (WHERE mytable.name > :name_1 AND mytable.myid = :myid_1) AS b FROM mytable",
			sql.Params{"name_1": "foo", "myid_1": 1})
	})
	t.Run("not supported", func(t *testing.T) {
		if err := compileErr(t, sql.Func("count").Filter(myid.Gt(1)), plain); !errors.Is(err, sql.ErrNotSupported) {
			t.Error(err)
		}
	})
}

func TestTuples(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	pair := sql.NewTuple(myid, name)
	runCompileCases(t, []compileCase{
		{"in rows", pair.In([]any{1, "foo"}, []any{5, "bar"}), nil,
			"(mytable.myid, mytable.name) IN ((:myid_1, :name_1), (:myid_2, :name_2))",
			sql.Params{"myid_1": 1, "name_1": "foo", "myid_2": 5, "name_2": "bar"}},
		{"in one slice of rows", pair.In([][]any{{1, "foo"}}), qmark, "(mytable.myid, mytable.name) IN ((?, ?))", []any{1, "foo"}},
		{"in tuples", pair.In(sql.NewTuple(1, "x")), qmark, "(mytable.myid, mytable.name) IN ((?, ?))", []any{1, "x"}},
		{"not in", pair.NotIn([]any{1, "foo"}), qmark, "(mytable.myid, mytable.name) NOT IN ((?, ?))", []any{1, "foo"}},
		{"in empty", pair.In([][]any{}), nil, "1 != 1", nil},
		{"select_in", pair.In(sql.NewSelect(table2.C("otherid"), table2.C("othername"))), nil,
			"(mytable.myid, mytable.name) IN (SELECT myothertable.otherid, myothertable.othername FROM myothertable)", nil},
		{"eq", pair.Eq([]any{1, "a"}), nil, "(mytable.myid, mytable.name) = (:myid_1, :name_1)", sql.Params{"myid_1": 1, "name_1": "a"}},
		{"lt", pair.Lt([]any{1, "a"}), qmark, "(mytable.myid, mytable.name) < (?, ?)", []any{1, "a"}},
		{"ge tuple", pair.Ge(sql.NewTuple(table2.C("otherid"), table2.C("othername"))), nil,
			"(mytable.myid, mytable.name) >= (myothertable.otherid, myothertable.othername)", nil},
		{"tuple of values", sql.NewTuple(1, "a"), nil, "(:param_1, :param_2)", sql.Params{"param_1": 1, "param_2": "a"}},
	})
	assertCompileSQL(t, pair.In(sql.Bind("foo").Expanding()), nil, "(mytable.myid, mytable.name) IN (__[POSTCOMPILE_foo])")
	t.Run("expanding rows at execution", func(t *testing.T) {
		stmt := sql.NewSelect(myid).Where(pair.In(sql.Bind("rows").Expanding()))
		c, err := sql.Compile(stmt, dollar)
		if err != nil {
			t.Fatal(err)
		}
		text, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"rows": [][]any{{1, "a"}, {2, "b"}}})
		want := "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN (($1, $2), ($3, $4))"
		if err != nil || text != want || len(args) != 4 {
			t.Errorf("got %q %v %v", text, args, err)
		}
		if _, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"rows": [][]any{{1}}}); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("short row: %v", err)
		}
		text, _, _ = c.Bind(sql.BindsOf(stmt), sql.Params{"rows": [][]any{}})
		if text != "SELECT mytable.myid FROM mytable WHERE 1 != 1" {
			t.Errorf("empty: %q", text)
		}
	})
	t.Run("arity", func(t *testing.T) {
		for _, e := range []sql.Element{pair.In([]any{1}), pair.Eq([]any{1, 2, 3}), pair.Eq(sql.NewTuple(1)), sql.NewTuple()} {
			if err := compileErr(t, e, nil); !errors.Is(err, sql.ErrArgument) {
				t.Error(err)
			}
		}
	})
	t.Run("not supported", func(t *testing.T) {
		if err := compileErr(t, pair.In([]any{1, "a"}), plain); !errors.Is(err, sql.ErrNotSupported) {
			t.Error(err)
		}
		if err := compileErr(t, pair.Lt([]any{1, "a"}), plain); !errors.Is(err, sql.ErrNotSupported) {
			t.Error(err)
		}
	})
}

func TestLabelsAndLiterals(t *testing.T) {
	myid := table1.C("myid")
	foo := sql.NewTable("foo", col("id"))
	runCompileCases(t, []compileCase{
		{"label in select", sql.NewSelect(myid.Add(1).Label("next")), nil, "SELECT mytable.myid + :myid_1 AS next FROM mytable", sql.Params{"myid_1": 1}},
		{"label elsewhere is its expression", myid.Label("x").Eq(1), nil, "mytable.myid = :x_1", sql.Params{"x_1": 1}},
		{"reserved label quoted", sql.NewSelect(myid.Label("select")), nil, `SELECT mytable.myid AS "select" FROM mytable`, nil},
		{"mixed-case label quoted", sql.NewSelect(myid.Label("MyId")), nil, `SELECT mytable.myid AS "MyId" FROM mytable`, nil},
		{"bind_as_col", sql.NewSelect(foo.C("id"), sql.Literal("lala").Label("hoho")), nil, "SELECT foo.id, :param_1 AS hoho FROM foo", sql.Params{"param_1": "lala"}},
		{"literal", sql.NewSelect(sql.Literal("foo").Add(sql.Literal("bar"))).SelectFrom(table1), nil,
			"SELECT :param_1 || :param_2 AS anon_1 FROM mytable", sql.Params{"param_1": "foo", "param_2": "bar"}},
		{"literal typed", sql.Literal("5", types.Integer{}).Add(1), nil, ":param_1 + :param_2", sql.Params{"param_1": "5", "param_2": 1}},
		{"literal value inline", myid.Add(sql.LiteralValue(5)), nil, "mytable.myid + 5", nil},
		{"literal value string escaped", col("x").Eq(sql.LiteralValue("it's")), nil, "x = 'it''s'", nil},
		{"literal value bool", col("x").Eq(sql.LiteralValue(true)), plain, "x = 1", nil},
		{"literal value float", col("x").Eq(sql.LiteralValue(1.5)), nil, "x = 1.5", nil},
		{"literal column", sql.NewSelect(sql.LiteralColumn("1"), sql.LiteralColumn("x + y", types.Integer{})), nil, "SELECT 1, x + y", nil},
		{"literal column in where", sql.NewSelect(myid).Where(sql.LiteralColumn("a").Eq(1)), nil, "SELECT mytable.myid FROM mytable WHERE a = :a_1", sql.Params{"a_1": 1}},
		{"constants", sql.NewSelect(sql.Null(), sql.True(), sql.False()), nil, "SELECT NULL AS anon_1, true AS anon_2, false AS anon_3", nil},
		{"constants without booleans", sql.NewSelect(sql.True(), sql.False()), plain, "SELECT 1 AS anon_1, 0 AS anon_2", nil},
	})
}
