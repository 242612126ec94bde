package sql_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// paramStmt has two anonymous values, a user-named parameter used twice
// and a LIMIT.
func paramStmt() *sql.Select {
	myid, name := table1.C("myid"), table1.C("name")
	return sql.NewSelect(myid).
		Where(myid.Gt(5), name.Eq(sql.Bind("who")), table1.C("description").Ne(sql.Bind("who")), myid.Lt(9)).
		Limit(10)
}

func TestParamstyles(t *testing.T) {
	body := "SELECT mytable.myid FROM mytable WHERE mytable.myid > %s AND mytable.name = %s AND mytable.description != %s AND mytable.myid < %s LIMIT %s"
	sqlFor := func(a, b, c, d, e string) string { return fmt.Sprintf(body, a, b, c, d, e) }
	p := sql.Params{"who": "ed"}
	for _, tc := range []struct {
		d    dialect.Dialect
		sql  string
		args []any
	}{
		{dialect.Generic, sqlFor(":myid_1", ":who", ":who", ":myid_2", ":param_1"), []any{5, "ed", 9, int64(10)}},
		{qmark, sqlFor("?", "?", "?", "?", "?"), []any{5, "ed", "ed", 9, int64(10)}},
		{dollar, sqlFor("$1", "$2", "$3", "$4", "$5"), []any{5, "ed", "ed", 9, int64(10)}},
		{numeric, sqlFor(":1", ":2", ":3", ":4", ":5"), []any{5, "ed", "ed", 9, int64(10)}},
		{atp, sqlFor("@p1", "@p2", "@p3", "@p4", "@p5"), []any{5, "ed", "ed", 9, int64(10)}},
	} {
		t.Run(tc.d.Paramstyle().String(), func(t *testing.T) {
			stmt := paramStmt()
			c, err := sql.Compile(stmt, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			text, args, err := c.Bind(sql.BindsOf(stmt), p)
			if err != nil {
				t.Fatal(err)
			}
			if text != tc.sql || c.SQL != tc.sql {
				t.Errorf("SQL\n got: %s\nwant: %s", text, tc.sql)
			}
			if !reflect.DeepEqual(args, tc.args) {
				t.Errorf("args: got %#v, want %#v", args, tc.args)
			}
		})
	}
}

func TestAnonymousNames(t *testing.T) {
	myid := table1.C("myid")
	t.Run("stable across compiles", func(t *testing.T) {
		stmt := paramStmt()
		first, _ := sql.Compile(stmt, dialect.Generic)
		for range 5 {
			again, _ := sql.Compile(stmt, dialect.Generic)
			if again.SQL != first.SQL {
				t.Fatalf("%q then %q", first.SQL, again.SQL)
			}
		}
	})
	t.Run("numbered per base in text order", func(t *testing.T) {
		assertCompile(t, sql.And(myid.Eq(1), table2.C("otherid").Eq(2), myid.Eq(3), sql.Literal(4).Eq(myid)), nil,
			"mytable.myid = :myid_1 AND myothertable.otherid = :otherid_1 AND mytable.myid = :myid_2 AND :param_1 = mytable.myid",
			sql.Params{"myid_1": 1, "otherid_1": 2, "myid_2": 3, "param_1": 4})
	})
	t.Run("one value used twice is one parameter", func(t *testing.T) {
		// test_binds: a scalar subquery in the select list and in WHERE.
		s := sql.NewSelect(myid).Where(myid.Eq(12)).ScalarSubquery()
		stmt := sql.NewSelect(table1, s.Label("anon_1")).Where(myid.Eq(s))
		assertCompile(t, stmt, nil,
			"SELECT mytable.myid, mytable.name, mytable.description, (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1) AS anon_1 FROM mytable WHERE mytable.myid = (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1)",
			sql.Params{"myid_1": 12})
		assertCompile(t, stmt, qmark,
			"SELECT mytable.myid, mytable.name, mytable.description, (SELECT mytable.myid FROM mytable WHERE mytable.myid = ?) AS anon_1 FROM mytable WHERE mytable.myid = (SELECT mytable.myid FROM mytable WHERE mytable.myid = ?)",
			[]any{12, 12})
	})
	t.Run("special characters sanitized", func(t *testing.T) {
		odd := sql.NewTable("t", col("my name"), col("%(x)s"), col("$"))
		assertCompile(t, sql.And(odd.C("my name").Eq(1), odd.C("%(x)s").Eq(2), odd.C("$").Eq(3)), nil,
			`t."my name" = :my_name_1 AND t."%(x)s" = :x_s_1 AND t."$" = :param_1`,
			sql.Params{"my_name_1": 1, "x_s_1": 2, "param_1": 3})
	})
	t.Run("a user name that looks generated", func(t *testing.T) {
		stmt := sql.And(myid.Eq(1), table1.C("name").Eq(sql.Bind("myid_1")))
		c, err := sql.Compile(stmt, dialect.Generic)
		if err != nil {
			t.Fatal(err)
		}
		if c.SQL != "mytable.myid = :myid_2 AND mytable.name = :myid_1" {
			t.Errorf("got %s", c.SQL)
		}
		_, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"myid_1": "ed"})
		if err != nil || !reflect.DeepEqual(args, []any{1, "ed"}) {
			t.Errorf("args %v %v", args, err)
		}
	})
	t.Run("named style placeholder of an odd user name", func(t *testing.T) {
		stmt := myid.Eq(sql.Bind("my id").WithValue(3))
		assertCompile(t, stmt, nil, "mytable.myid = :my_id", sql.Params{"my id": 3})
	})
}

func TestIdentifierQuoting(t *testing.T) {
	weird := sql.NewTable("User", col("select"), col("MixedCase"), col(`has"quote`), col("plain_1"), col("1st"))
	runCompileCases(t, []compileCase{
		{"reserved, mixed case, quote escaped", sql.NewSelect(weird), nil,
			`SELECT "User"."select", "User"."MixedCase", "User"."has""quote", "User".plain_1, "User"."1st" FROM "User"`, nil},
		{"value compared with a quoted column", weird.C("select").Eq(1), nil, `"User"."select" = :select_1`, sql.Params{"select_1": 1}},
		{"label quoted", sql.NewSelect(weird.C("plain_1").Label(`a "b"`)), nil, `SELECT "User".plain_1 AS "a ""b""" FROM "User"`, nil},
	})
	t.Run("NUL in a name", func(t *testing.T) {
		bad := sql.NewTable("t", col("a\x00b"))
		if err := compileErr(t, sql.NewSelect(bad), qmark); !errors.Is(err, sql.ErrArgument) {
			t.Error(err)
		}
	})
}

// TestValuesAlwaysBound compiles expressions holding hostile values for
// every paramstyle: the values must reach the driver as arguments, and
// never appear in the SQL text.
func TestValuesAlwaysBound(t *testing.T) {
	evil := []any{"'; DROP TABLE users; --", "\x00b0\x01", `" OR 1=1 --`, "%_/", "NaN", 12345678987654321}
	name := table1.C("name")
	for _, d := range []dialect.Dialect{dialect.Generic, qmark, dollar, numeric, atp, plain} {
		for _, v := range evil {
			stmt := sql.NewSelect(name).Where(
				name.Eq(v), name.In(v, v), name.Like(v), name.Contains(v), name.Between(v, v),
				sql.Ops(sql.NewCase(sql.When{Cond: name.Eq(v), Result: v})).Eq(v),
				sql.Func("coalesce", name, v).Eq(v),
			)
			c, err := sql.Compile(stmt, d)
			if err != nil {
				t.Fatal(err)
			}
			text, args, err := c.Bind(sql.BindsOf(stmt), nil)
			if err != nil {
				t.Fatal(err)
			}
			if s := fmt.Sprint(v); strings.Contains(text, s) {
				t.Errorf("%s: value %q in SQL %s", d.Name(), s, text)
			}
			if len(args) == 0 {
				t.Errorf("%s: no arguments", d.Name())
			}
		}
	}
}

func TestDebugSQL(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	ts := time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		stmt   sql.Element
		d      dialect.Dialect
		params sql.Params
		want   string
	}{
		{"values inline", sql.NewSelect(myid).Where(myid.Eq(5), name.Eq("o'brien")).Limit(3), nil, nil,
			"SELECT mytable.myid FROM mytable WHERE mytable.myid = 5 AND mytable.name = 'o''brien' LIMIT 3"},
		{"parameters given", sql.NewSelect(myid).Where(name.Eq(sql.Bind("who"))), nil, sql.Params{"who": "ed"},
			"SELECT mytable.myid FROM mytable WHERE mytable.name = 'ed'"},
		{"parameter without value", sql.NewSelect(myid).Where(name.Eq(sql.Bind("who"))), nil, nil,
			"SELECT mytable.myid FROM mytable WHERE mytable.name = :who"},
		{"like pattern made", name.StartsWith("a_b"), nil, nil, "mytable.name LIKE 'a/_b%' ESCAPE '/'"},
		{"booleans", col("b").Eq(true), nil, nil, "b = true"},
		{"booleans without literals", col("b").Eq(true), plain, nil, "b = 1"},
		{"null", col("b").Eq(sql.Literal(nil)), nil, nil, "b = NULL"},
		{"bytes", col("b").Eq([]byte{0xde, 0xad}), nil, nil, "b = X'DEAD'"},
		{"time", col("ts").Eq(ts), nil, nil, "ts = '2024-03-05 10:30:00Z'"},
		{"float", col("f").Eq(2.5), nil, nil, "f = 2.5"},
		{"decimal", col("n", types.Numeric{}).Eq(types.MustDecimal("12.50")), nil, nil, "n = 12.50"},
		{"negative under minus", myid.Sub(sql.Literal(-3)).Neg(), nil, nil, "-(mytable.myid - -3)"},
		{"negated negative", sql.Literal(-3).Neg(), nil, nil, "- -3"},
		{"frame offsets", sql.Func("sum", myid).Over(sql.Window{OrderBy: []sql.ColumnElement{myid}, Rows: &sql.Frame{Start: sql.Preceding(2), End: sql.CurrentRow}}), nil, nil,
			"sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			if d == nil {
				d = dialect.Generic
			}
			got, err := sql.DebugSQL(tc.stmt, d, tc.params)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("\n got: %s\nwant: %s", got, tc.want)
			}
		})
	}
	t.Run("errors", func(t *testing.T) {
		if _, err := sql.DebugSQL(sql.NewCase(), dialect.Generic); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("got %v", err)
		}
	})
}

func TestCompileErrors(t *testing.T) {
	var nilCol *sql.Column
	for _, tc := range []struct {
		name string
		e    sql.Element
		want error
	}{
		{"nil operand", table1.C("myid").Eq(nilCol), sql.ErrArgument},
		{"nil statement", nil, sql.ErrArgument},
		{"nil in a function", sql.Func("f", nilCol), sql.ErrArgument},
		{"nil in a label", sql.NewLabel("x", nil), sql.ErrArgument},
		{"unknown column", table1.C("nope").Eq(1), sql.ErrNoSuchColumn},
		{"expanding outside IN", sql.NewSelect(sql.Bind("x").Expanding()), sql.ErrArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sql.Compile(tc.e, dialect.Generic)
			if !errors.Is(err, tc.want) || !errors.Is(err, sql.ErrCompile) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
			var ce *sql.CompileError
			if !errors.As(err, &ce) || ce.Dialect != "default" {
				t.Errorf("not a CompileError: %#v", err)
			}
		})
	}
}

func TestNilDialect(t *testing.T) {
	if _, err := sql.Compile(table1.C("myid").Eq(1), nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("Compile: %v", err)
	}
	if _, err := sql.DebugSQL(table1.C("myid").Eq(1), nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("DebugSQL: %v", err)
	}
	if _, _, _, err := sql.NewCache(nil, 10).Compile(table1.C("myid").Eq(1)); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("Cache: %v", err)
	}
}

func TestBindReuse(t *testing.T) {
	name := table1.C("name")
	stmt := sql.NewSelect(table1.C("myid")).Where(name.Eq(sql.Bind("who").WithValue("default")))
	c, err := sql.Compile(stmt, qmark)
	if err != nil {
		t.Fatal(err)
	}
	binds := sql.BindsOf(stmt)
	for _, tc := range []struct {
		params sql.Params
		want   any
	}{
		{nil, "default"},
		{sql.Params{"who": "ed"}, "ed"},
		{sql.Params{"who": "wendy"}, "wendy"},
		{sql.Params{"other": 1}, "default"},
	} {
		_, args, err := c.Bind(binds, tc.params)
		if err != nil || len(args) != 1 || args[0] != tc.want {
			t.Errorf("params %v: got %v %v, want %v", tc.params, args, err, tc.want)
		}
	}
	t.Run("value computed at each execution", func(t *testing.T) {
		n := 0
		s := col("x").Eq(sql.Bind("key").WithFunc(func() any { n++; return n * 12 }))
		assertCompileSQL(t, s, nil, "x = :key")
		c, _ := sql.Compile(s, qmark)
		for want := 12; want <= 24; want += 12 {
			_, args, err := c.Bind(sql.BindsOf(s), nil)
			if err != nil || args[0] != want {
				t.Errorf("got %v %v, want %d", args, err, want)
			}
		}
		if _, args, _ := c.Bind(sql.BindsOf(s), sql.Params{"key": 1}); args[0] != 1 {
			t.Errorf("given at execution: %v", args)
		}
	})
	t.Run("anonymous values are not replaced by name", func(t *testing.T) {
		s := name.Eq("x")
		c, _ := sql.Compile(s, qmark)
		_, args, _ := c.Bind(sql.BindsOf(s), sql.Params{"name_1": "y"})
		if args[0] != "x" {
			t.Errorf("got %v", args)
		}
	})
	t.Run("value converted by type", func(t *testing.T) {
		s := col("e", types.Enum{Values: []string{"a", "b"}}).Eq(sql.Bind("f"))
		c, _ := sql.Compile(s, qmark)
		_, args, err := c.Bind(sql.BindsOf(s), sql.Params{"f": "z"})
		if err == nil {
			t.Errorf("a bad enum value bound as %v", args)
		}
		var conv *types.ConversionError
		if !errors.As(err, &conv) {
			t.Errorf("got %v, want a ConversionError", err)
		}
	})
	t.Run("value of a bad index", func(t *testing.T) {
		if _, err := c.Value(5, binds, nil); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("got %v", err)
		}
	})
}

// TestNilOperandsNeverPanic builds expressions from nil operands of every
// kind: building never panics, and compiling returns ErrArgument.
func TestNilOperandsNeverPanic(t *testing.T) {
	var (
		nilCol  *sql.Column
		nilBin  *sql.BinaryExpression
		nilBind *sql.BindParam
		nilSel  *sql.Select
		nilFn   *sql.Function
	)
	var nilExprs = []sql.ColumnElement{nil, nilCol, nilBin, nilBind, nilFn}
	for i, e := range nilExprs {
		o := sql.Ops(e)
		built := []sql.Element{
			o.Eq(1), o.Ne(nil), o.Lt(nilCol), o.In(1, 2), o.In(), o.In(nilSel), o.Between(1, nilCol),
			o.Like("x"), o.StartsWith("a"), o.Contains(nilCol), o.Add(1), o.Sub(nilCol), o.Neg(),
			o.Concat("a"), o.Desc(), o.NullsLast(), o.Distinct(), o.Label("x"), o.Cast(types.Integer{}),
			o.Coerce(types.Integer{}), o.Collate("c"), o.Not(), o.And(e), o.Or(nilBin), o.IsNull(),
			sql.Not(e), sql.And(e, nilBin), sql.Or(nilBin), sql.Func("max", e), sql.Func("count", e).Filter(e),
			sql.Func("sum", e).Over(sql.Window{PartitionBy: []sql.ColumnElement{e}}), sql.NewCast(e, types.Integer{}),
			sql.Coerce(e, types.Text{}), sql.NewLabel("x", e), sql.NewTuple(e, 1).In([]any{1, 2}),
			sql.NewCase(sql.When{Cond: e, Result: e}).Else(e), sql.NewCaseValue(e, sql.When{Cond: 1, Result: 2}),
			sql.NewSelect(table1.C("myid")).Where(e), table1.C("myid").Eq(e), table1.C("myid").In(e, nilBind),
			table1.C("name").StartsWith(nilBind), sql.Text(":x").BindParams(nilBind),
		}
		for j, b := range built {
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("operand %d, expression %d: compile panicked: %v", i, j, r)
					}
				}()
				_, _ = sql.Compile(b, dialect.Generic)
				_, _ = sql.DebugSQL(b, qmark)
				if e, ok := b.(sql.ColumnElement); ok && e != nil {
					_ = e.Type()
				}
			}()
		}
	}
}
