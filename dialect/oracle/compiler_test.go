package oracle_test

import (
	"errors"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestFunctions(t *testing.T) {
	t.Parallel()
	ta := sql.NewTable("t", sql.NewColumn("a", types.Integer{}), sql.NewColumn("b", types.Integer{}),
		sql.NewColumn("c", types.String{Length: 20}))
	run(t, []sqltest.Case{
		// test_compiler.py:1453 (test_no_paren_fns)
		{Name: "uid", Stmt: sql.Func("uid"), SQL: "uid"},
		{Name: "UID", Stmt: sql.Func("UID"), SQL: "UID"},
		{Name: "sysdate", Stmt: sql.Func("sysdate"), SQL: "sysdate"},
		{Name: "row_number", Stmt: sql.Func("row_number"), SQL: "row_number()"},
		{Name: "rank", Stmt: sql.Func("rank"), SQL: "rank()"},
		{Name: "now", Stmt: sql.Func("now"), SQL: "CURRENT_TIMESTAMP"},
		{Name: "current_timestamp", Stmt: sql.Func("current_timestamp"), SQL: "CURRENT_TIMESTAMP"},
		{Name: "user", Stmt: sql.Func("user"), SQL: "USER"},
		// test_compiler.py:1702 (test_simple_compile): pow and power
		{Name: "pow", Stmt: sql.Func("pow", ta.C("a"), 3), SQL: "POWER(t.a, :1)", Params: []any{3}},
		{Name: "power", Stmt: sql.Func("power", ta.C("a"), ta.C("b")), SQL: "power(t.a, t.b)"},
		{Name: "char_length", Stmt: sql.Func("char_length", ta.C("c")), SQL: "LENGTH(t.c)"},
		{Name: "sysdate with arguments keeps them", Stmt: sql.Func("sysdate", 1), SQL: "sysdate(:1)", Params: []any{1}},
		{Name: "select without FROM", Stmt: sql.NewSelect(sql.Func("now").Label("ts")), SQL: "SELECT CURRENT_TIMESTAMP AS ts FROM DUAL"},
	})
}

func TestOperators(t *testing.T) {
	t.Parallel()
	ta := sql.NewTable("t", sql.NewColumn("a", types.Integer{}), sql.NewColumn("b", types.Integer{}),
		sql.NewColumn("s", types.String{Length: 20}), sql.NewColumn("flag", types.Boolean{}))
	a, b, s := sql.Ops(ta.C("a")), ta.C("b"), sql.Ops(ta.C("s"))
	run(t, []sqltest.Case{
		{Name: "mod", Stmt: a.Mod(b), SQL: "mod(t.a, t.b)"},
		{Name: "mod value", Stmt: a.Mod(3), SQL: "mod(t.a, :1)", Params: []any{3}},
		{Name: "is distinct from", Stmt: a.IsDistinctFrom(b), SQL: "DECODE(t.a, t.b, 0, 1) = 1"},
		{Name: "is not distinct from", Stmt: a.IsNotDistinctFrom(5), SQL: "DECODE(t.a, :1, 0, 1) = 0", Params: []any{5}},
		{Name: "concat", Stmt: s.Concat("x"), SQL: "t.s || :1", Params: []any{"x"}},
		{Name: "ilike", Stmt: s.ILike("%x%"), SQL: "lower(t.s) LIKE lower(:1)", Params: []any{"%x%"}},
		{Name: "empty in", Stmt: sql.NewSelect(ta.C("a")).Where(a.In()), SQL: "SELECT t.a FROM t WHERE 1 != 1"},
		{Name: "empty not in", Stmt: sql.NewSelect(ta.C("a")).Where(a.NotIn()), SQL: "SELECT t.a FROM t WHERE 1 = 1"},
		{Name: "in", Stmt: a.In(1, 2), SQL: "t.a IN (:1, :2)", Params: []any{1, 2}},
		{Name: "expanding in", Stmt: a.In(sql.Bind("ids").Expanding()), Exec: sql.Params{"ids": []int{4, 5, 6}},
			SQL: "t.a IN (:1, :2, :3)", Params: []any{4, 5, 6}},
		{Name: "tuple in", Stmt: sql.NewTuple(ta.C("a"), ta.C("b")).In(sql.NewTuple(1, 2)), SQL: "(t.a, t.b) IN ((:1, :2))", Params: []any{1, 2}},
		{Name: "nulls first", Stmt: sql.NewSelect(ta.C("a")).OrderBy(a.Desc().NullsFirst()), SQL: "SELECT t.a FROM t ORDER BY t.a DESC NULLS FIRST"},
		{Name: "nulls last", Stmt: sql.NewSelect(ta.C("a")).OrderBy(a.NullsLast()), SQL: "SELECT t.a FROM t ORDER BY t.a NULLS LAST"},
		{Name: "where true", Stmt: sql.NewSelect(ta.C("a")).Where(sql.True()), SQL: "SELECT t.a FROM t WHERE 1 = 1"},
		{Name: "where false", Stmt: sql.NewSelect(ta.C("a")).Where(sql.False()), SQL: "SELECT t.a FROM t WHERE 0 = 1"},
		{Name: "true in select list", Stmt: sql.NewSelect(sql.True()), SQL: "SELECT 1 AS anon_1 FROM DUAL"},
		// SQLAlchemy's BooleanEvalTest (test/sql/test_operators.py), without a native boolean
		{Name: "boolean column as a condition", Stmt: sql.NewSelect(ta.C("a")).Where(ta.C("flag")), SQL: "SELECT t.a FROM t WHERE t.flag = 1"},
		{Name: "negated boolean column", Stmt: sql.NewSelect(ta.C("a")).Where(sql.Not(ta.C("flag"))), SQL: "SELECT t.a FROM t WHERE t.flag = 0"},
		{Name: "boolean column in AND", Stmt: sql.NewSelect(ta.C("a")).Where(ta.C("flag"), a.Eq(1)), SQL: "SELECT t.a FROM t WHERE t.flag = 1 AND t.a = :1", Params: []any{1}},
		{Name: "boolean column in OR under NOT", Stmt: sql.NewSelect(ta.C("a")).Where(sql.Not(sql.Or(ta.C("flag"), a.Eq(1)))),
			SQL: "SELECT t.a FROM t WHERE NOT (t.flag = 1 OR t.a = :1)", Params: []any{1}},
		{Name: "boolean column in HAVING", Stmt: sql.NewSelect(ta.C("a")).GroupBy(ta.C("a"), ta.C("flag")).Having(ta.C("flag")),
			SQL: "SELECT t.a FROM t GROUP BY t.a, t.flag HAVING t.flag = 1"},
		{Name: "boolean column from 23", Dialect: oracle.New(oracle.Options{Version: oracle.Version{Major: 23}}),
			Stmt: sql.NewSelect(ta.C("a")).Where(sql.Not(ta.C("flag"))), SQL: "SELECT t.a FROM t WHERE NOT t.flag"},
		{Name: "comparison as a value before 23", Stmt: sql.NewSelect(a.Eq(1).Label("one")),
			SQL: "SELECT CASE WHEN t.a = :1 THEN 1 ELSE 0 END AS one FROM t", Params: []any{1}},
		{Name: "comparison as a value from 23", Dialect: oracle.New(oracle.Options{Version: oracle.Version{Major: 23}}),
			Stmt: sql.NewSelect(a.Eq(1).Label("one")), SQL: "SELECT t.a = :1 AS one FROM t", Params: []any{1}},
		{Name: "boolean value bound", Stmt: sql.Ops(ta.C("flag")).Eq(true), SQL: "t.flag = :1", Params: []any{true}},
		{Name: "intersect", Stmt: sql.NewSelect(ta.C("a")).Intersect(sql.NewSelect(ta.C("b"))), SQL: "SELECT t.a FROM t INTERSECT SELECT t.b FROM t"},
		{Name: "intersect all before 21c", Stmt: sql.NewSelect(ta.C("a")).IntersectAll(sql.NewSelect(ta.C("b"))), Err: dialect.ErrNotSupported},
		{Name: "except all from 21c", Dialect: oracle.New(oracle.Options{Version: oracle.Version{Major: 21}}),
			Stmt: sql.NewSelect(ta.C("a")).ExceptAll(sql.NewSelect(ta.C("b"))), SQL: "SELECT t.a FROM t EXCEPT ALL SELECT t.b FROM t"},
		{Name: "filter refused", Stmt: sql.Func("count", ta.C("a")).Filter(a.Gt(1)), Err: dialect.ErrNotSupported},
		{Name: "distinct on refused", Stmt: sql.NewSelect(ta.C("a")).DistinctOn(ta.C("a")), Err: dialect.ErrNotSupported},
		{Name: "update from refused", Stmt: ta.Update().Values(sql.Values{"a": 1}).Where(a.Eq(table1.C("myid"))), Err: dialect.ErrNotSupported},
		{Name: "multi-row insert refused", Stmt: ta.Insert().Values(sql.Values{"a": 1}, sql.Values{"a": 2}), Err: dialect.ErrNotSupported},
	})
}

func TestRecursiveCTEKeyword(t *testing.T) {
	t.Parallel()
	n := sql.NewTable("n", sql.NewColumn("x", types.Integer{}))
	cte := sql.NewSelect(n.C("x")).RecursiveCTE("r")
	cte = cte.UnionAll(sql.NewSelect(sql.Ops(cte.C("x")).Add(1)).Where(sql.Ops(cte.C("x")).Lt(5)))
	c, err := sql.Compile(sql.NewSelect(cte.C("x")), modern)
	if err != nil {
		t.Fatal(err)
	}
	if want := "WITH r(x) AS ("; len(c.SQL) < len(want) || c.SQL[:len(want)] != want {
		t.Fatalf("got %s, want a WITH without RECURSIVE", c.SQL)
	}
}

func TestDebugLiterals(t *testing.T) {
	t.Parallel()
	ta := sql.NewTable("t", sql.NewColumn("d", types.DateTime{}), sql.NewColumn("i", types.Interval{}),
		sql.NewColumn("b", types.LargeBinary{}), sql.NewColumn("f", types.Boolean{}))
	for _, tc := range []struct {
		name string
		stmt sql.Element
		want string
	}{
		{"date", sql.Ops(ta.C("d")).Eq(time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)),
			"t.d = TO_DATE('2024-03-01 12:30:00', 'YYYY-MM-DD HH24:MI:SS')"},
		{"timestamp", sql.Ops(ta.C("d")).Eq(time.Date(2024, 3, 1, 12, 30, 0, 5000, time.UTC)),
			"t.d = TO_TIMESTAMP('2024-03-01 12:30:00.000005', 'YYYY-MM-DD HH24:MI:SS.FF')"},
		// test_types.py:263 (test_interval_literal_processor)
		{"interval", sql.Ops(ta.C("i")).Eq(48 * time.Hour), "t.i = NUMTODSINTERVAL(172800.0, 'SECOND')"},
		{"interval fraction", sql.Ops(ta.C("i")).Eq(1500 * time.Millisecond), "t.i = NUMTODSINTERVAL(1.5, 'SECOND')"},
		{"bytes", sql.Ops(ta.C("b")).Eq([]byte{0xca, 0xfe}), "t.b = HEXTORAW('CAFE')"},
		{"boolean", sql.Ops(ta.C("f")).Eq(true), "t.f = 1"},
		{"string", sql.Ops(ta.C("b")).Eq("it's"), "t.b = 'it''s'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := sql.DebugSQL(tc.stmt, modern)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Fatalf("got %s, want %s", got, tc.want)
			}
		})
	}
}

func TestNamedParameters(t *testing.T) {
	t.Parallel()
	d := oracle.New(oracle.Options{NamedParameters: true})
	if d.Paramstyle() != dialect.Named {
		t.Fatalf("paramstyle %v", d.Paramstyle())
	}
	run(t, []sqltest.Case{
		{Name: "named", Dialect: d, Stmt: sql.NewSelect(table1.C("name")).Where(table1.C("myid").Eq(7)),
			SQL: "SELECT mytable.name FROM mytable WHERE mytable.myid = :myid_1", Params: sql.Params{"myid_1": 7}},
	})
}

// TestCache: statements differing only in their LIMIT share no compiled
// SQL (the values are in the text), and those differing in values do.
func TestCache(t *testing.T) {
	t.Parallel()
	cache := sql.NewCache(modern, 10)
	for _, n := range []int64{5, 6, 5} {
		c, key, _, err := cache.Compile(sql.NewSelect(some).Where(some.C("col1").Eq(n)).Limit(n))
		if err != nil {
			t.Fatal(err)
		}
		text, args, err := c.Bind(key.Binds(), nil)
		key.Release()
		if err != nil {
			t.Fatal(err)
		}
		want := "SELECT sometable.col1, sometable.col2 FROM sometable WHERE sometable.col1 = :1 FETCH FIRST " + map[int64]string{5: "5", 6: "6"}[n] + " ROWS ONLY"
		if text != want || len(args) != 1 || args[0] != n {
			t.Fatalf("limit %d: got %s %v", n, text, args)
		}
	}
}

func TestCompileErrorsAreTyped(t *testing.T) {
	t.Parallel()
	_, err := sql.Compile(sql.NewSelect(table1).ForUpdate(sql.LockClause{Of: []sql.FromClause{table1}}), modern)
	var ce *sql.CompileError
	if !errors.As(err, &ce) || ce.Dialect != "oracle" || !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("got %v", err)
	}
}
