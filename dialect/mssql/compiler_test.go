package mssql_test

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// fixtures returns a users table with an autoincrement key, and t(a, b).
func fixtures() (users, t *sql.Table) {
	users = sql.NewTable("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("active", types.Boolean{}))
	t = sql.NewTable("t", sql.NewColumn("a", str), sql.NewColumn("b", integer))
	return users, t
}

func TestSelectCompile(t *testing.T) {
	d := mssql.New()
	users, tab := fixtures()
	a, b := tab.C("a"), tab.C("b")
	sqltest.Run(t, []sqltest.Case{
		{Name: "no FROM", Dialect: d, Stmt: sql.NewSelect(sql.Literal(1)), SQL: "SELECT @p1 AS anon_1", Params: []any{1}},
		// Conditions in the select list are values through CASE.
		{Name: "comparison as value", Dialect: d, Stmt: sql.NewSelect(b.Eq(5)),
			SQL: "SELECT CASE WHEN t.b = @p1 THEN 1 ELSE 0 END AS anon_1 FROM t", Params: []any{5}},
		{Name: "labeled condition", Dialect: d, Stmt: sql.NewSelect(sql.And(b.Gt(1), b.Lt(9)).Label("inside")),
			SQL: "SELECT CASE WHEN t.b > @p1 AND t.b < @p2 THEN 1 ELSE 0 END AS inside FROM t", Params: []any{1, 9}},
		{Name: "NOT EXISTS as value", Dialect: d, Stmt: sql.NewSelect(sql.NewLabel("none", sql.Not(sql.NewSelect(b).Where(b.Gt(1)).Exists()))),
			SQL: "SELECT CASE WHEN NOT EXISTS (SELECT t.b FROM t WHERE t.b > @p1) THEN 1 ELSE 0 END AS none", Params: []any{1}},
		{Name: "boolean column stays a value", Dialect: d, Stmt: sql.NewSelect(users.C("active")), SQL: "SELECT users.active FROM users"},
		{Name: "true and false", Dialect: d, Stmt: sql.NewSelect(sql.NewLabel("yes", sql.True()), sql.NewLabel("no", sql.False())).Where(sql.True()),
			SQL: "SELECT 1 AS yes, 0 AS no WHERE 1 = 1"},
		{Name: "false condition", Dialect: d, Stmt: sql.NewSelect(b).Where(sql.False()), SQL: "SELECT t.b FROM t WHERE 0 = 1"},
		{Name: "comparison in WHERE is a condition", Dialect: d, Stmt: sql.NewSelect(b).Where(b.Eq(1)), SQL: "SELECT t.b FROM t WHERE t.b = @p1", Params: []any{1}},
		{Name: "concatenation", Dialect: d, Stmt: sql.NewSelect(sql.Ops(a).Concat("x").Label("ax")),
			SQL: "SELECT t.a + @p1 AS ax FROM t", Params: []any{"x"}},
		{Name: "concatenation of a sum", Dialect: d, Stmt: sql.NewSelect(sql.Ops(a).Concat(b.Add(1)).Label("ab")),
			SQL: "SELECT t.a + (t.b + @p1) AS ab FROM t", Params: []any{1}},
		{Name: "ILIKE", Dialect: d, Stmt: sql.NewSelect(a).Where(a.ILike("x%")),
			SQL: "SELECT t.a FROM t WHERE lower(t.a) LIKE lower(@p1)", Params: []any{"x%"}},
		{Name: "NULLS FIRST", Dialect: d, Stmt: sql.NewSelect(a).OrderBy(sql.Ops(a).NullsFirst()),
			SQL: "SELECT t.a FROM t ORDER BY CASE WHEN t.a IS NULL THEN 0 ELSE 1 END, t.a"},
		{Name: "IS DISTINCT FROM", Dialect: d, Stmt: sql.NewSelect(a).Where(a.IsDistinctFrom("x")),
			SQL: "SELECT t.a FROM t WHERE NOT EXISTS (SELECT t.a INTERSECT SELECT @p1)", Params: []any{"x"}},
		{Name: "IS NOT DISTINCT FROM", Dialect: d, Stmt: sql.NewSelect(a).Where(sql.Not(a.IsDistinctFrom(b))),
			SQL: "SELECT t.a FROM t WHERE EXISTS (SELECT t.a INTERSECT SELECT t.b)"},
		{Name: "empty IN", Dialect: d, Stmt: sql.NewSelect(a).Where(a.In()), SQL: "SELECT t.a FROM t WHERE 1 != 1"},
		{Name: "empty NOT IN", Dialect: d, Stmt: sql.NewSelect(a).Where(a.NotIn()), SQL: "SELECT t.a FROM t WHERE 1 = 1"},
		{Name: "now and char_length", Dialect: d, Stmt: sql.NewSelect(sql.Func("now"), sql.Func("char_length", a)),
			SQL: "SELECT CURRENT_TIMESTAMP AS now_1, LEN(t.a) AS char_length_1 FROM t"},
		{Name: "now with arguments is not renamed", Dialect: d, Stmt: sql.Func("now", 1), SQL: "now(@p1)", Params: []any{1}},
		{Name: "concat function", Dialect: d, Stmt: sql.Func("concat", a, "x"), SQL: "concat(t.a, @p1)", Params: []any{"x"}},
		{Name: "reserved and mixed-case names", Dialect: d,
			Stmt: sql.NewSelect(sql.NewTable("user", sql.NewColumn("order", nil), sql.NewColumn("Name", nil))),
			SQL:  "SELECT [user].[order], [user].[Name] FROM [user]"},
		{Name: "FOR UPDATE", Dialect: d, Stmt: sql.NewSelect(a).ForUpdate(sql.LockClause{}), Err: sql.ErrNotSupported},
		{Name: "TRY_CAST", Dialect: d, Stmt: sql.NewSelect(mssql.TryCast(a, integer)), SQL: "SELECT TRY_CAST (t.a AS INTEGER) AS a FROM t"},
		{Name: "TRY_CAST of a value", Dialect: d, Stmt: sql.NewSelect(mssql.TryCast(sql.Literal("12"), types.Numeric{Precision: 10, Scale: 2})),
			SQL: "SELECT TRY_CAST (@p1 AS NUMERIC(10, 2)) AS anon_1", Params: []any{"12"}},
		{Name: "TRY_CAST without a type", Dialect: d, Stmt: sql.NewSelect(mssql.TryCast(a, nil)), Err: sql.ErrArgument},
	})
}

func TestRowLimitCompile(t *testing.T) {
	d := mssql.New()
	_, tab := fixtures()
	a, b := tab.C("a"), tab.C("b")
	ordered := sql.NewSelect(a).OrderBy(a)
	union := sql.NewSelect(a).Union(sql.NewSelect(b))
	sqltest.Run(t, []sqltest.Case{
		{Name: "TOP without ORDER BY", Dialect: d, Stmt: sql.NewSelect(a).Limit(3), SQL: "SELECT TOP 3 t.a FROM t"},
		{Name: "TOP after DISTINCT", Dialect: d, Stmt: sql.NewSelect(a).Distinct().Limit(3), SQL: "SELECT DISTINCT TOP 3 t.a FROM t"},
		{Name: "OFFSET and LIMIT", Dialect: d, Stmt: ordered.Offset(5).Limit(3),
			SQL: "SELECT t.a FROM t ORDER BY t.a OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY", Params: []any{int64(5), int64(3)}},
		{Name: "LIMIT in a scalar subquery", Dialect: d, Stmt: sql.NewSelect(sql.NewSelect(b).OrderBy(b).Limit(1).ScalarSubquery().Label("first")),
			SQL: "SELECT (SELECT TOP 1 t.b FROM t ORDER BY t.b) AS first"},
		{Name: "UNION with LIMIT", Dialect: d, Stmt: union.OrderBy(a).Limit(2),
			SQL: "SELECT t.a FROM t UNION SELECT t.b FROM t ORDER BY a OFFSET 0 ROWS FETCH FIRST @p1 ROWS ONLY", Params: []any{int64(2)}},
		{Name: "UNION with LIMIT, no ORDER BY", Dialect: d, Stmt: union.Limit(2), Err: sql.ErrArgument},
		{Name: "UNION with OFFSET", Dialect: d, Stmt: union.OrderBy(a).Offset(2),
			SQL: "SELECT t.a FROM t UNION SELECT t.b FROM t ORDER BY a OFFSET @p1 ROWS", Params: []any{int64(2)}},
		// ORDER BY in a nested SELECT stays only with a row limit.
		{Name: "UNION member ORDER BY", Dialect: d, Stmt: sql.NewSelect(a).OrderBy(a).Union(sql.NewSelect(b)),
			SQL: "(SELECT t.a FROM t) UNION SELECT t.b FROM t"},
		{Name: "UNION member with TOP", Dialect: d, Stmt: sql.NewSelect(a).OrderBy(a).Limit(1).Union(sql.NewSelect(b)),
			SQL: "(SELECT TOP 1 t.a FROM t ORDER BY t.a) UNION SELECT t.b FROM t"},
		{Name: "CTE ORDER BY", Dialect: d, Stmt: func() sql.Element {
			c := sql.NewSelect(a).OrderBy(a).CTE("c")
			return sql.NewSelect(c.C("a"))
		}(), SQL: "WITH c AS (SELECT t.a AS a FROM t) SELECT c.a FROM c"},
		{Name: "IN subquery ORDER BY", Dialect: d, Stmt: sql.NewSelect(a).Where(b.In(sql.NewSelect(b).OrderBy(b))),
			SQL: "SELECT t.a FROM t WHERE t.b IN (SELECT t.b FROM t)"},
		{Name: "top level ORDER BY stays", Dialect: d, Stmt: ordered, SQL: "SELECT t.a FROM t ORDER BY t.a"},
	})
}

func TestDMLCompile(t *testing.T) {
	d := mssql.New()
	users, tab := fixtures()
	other := sql.NewTable("other", sql.NewColumn("uid", integer), sql.NewColumn("n", types.String{Length: 30}))
	noKey := sql.NewTable("log", sql.NewColumn("msg", str))
	sqltest.Run(t, []sqltest.Case{
		// The generated key comes back through OUTPUT (go-mssqldb has no
		// LastInsertId).
		{Name: "implicit OUTPUT of the key", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "x"}),
			SQL: "INSERT INTO users (name) OUTPUT inserted.id VALUES (@p1)", Params: []any{"x"}},
		// An IDENTITY column given a value: IDENTITY_INSERT is on around
		// the INSERT, in the same batch (SQLAlchemy sends the two SETs
		// around it).
		{Name: "key given", Dialect: d, Stmt: users.Insert().Values(sql.Values{"id": 7, "name": "x"}),
			SQL: "SET IDENTITY_INSERT users ON; INSERT INTO users (id, name) VALUES (@p1, @p2); SET IDENTITY_INSERT users OFF", Params: []any{7, "x"}},
		{Name: "key given, several rows", Dialect: d, Stmt: users.Insert().Values(sql.Values{"id": 7, "name": "x"}, sql.Values{"id": 8, "name": "y"}),
			SQL: "SET IDENTITY_INSERT users ON; INSERT INTO users (id, name) VALUES (@p1, @p2), (@p3, @p4); SET IDENTITY_INSERT users OFF", Params: []any{7, "x", 8, "y"}},
		{Name: "key given with RETURNING", Dialect: d, Stmt: users.Insert().Values(sql.Values{"id": 7}).Returning(users.C("name")),
			SQL: "SET IDENTITY_INSERT users ON; INSERT INTO users (id) OUTPUT inserted.name VALUES (@p1); SET IDENTITY_INSERT users OFF", Params: []any{7}},
		{Name: "key given from a SELECT", Dialect: d, Stmt: users.Insert().FromSelect([]*sql.Column{users.C("id"), users.C("name")}, sql.NewSelect(tab.C("b"), tab.C("a"))),
			SQL: "SET IDENTITY_INSERT users ON; INSERT INTO users (id, name) SELECT t.b, t.a FROM t; SET IDENTITY_INSERT users OFF"},
		{Name: "identity in a schema", Dialect: d,
			Stmt: sql.NewTable("events", sql.NewColumn("n", integer, sql.AsIdentity(sql.Identity{})), sql.NewColumn("x", integer), sql.Schema("my db.dbo")).
				Insert().Values(sql.Values{"n": 1, "x": 2}),
			SQL: "SET IDENTITY_INSERT [my db].dbo.events ON; INSERT INTO [my db].dbo.events (n, x) VALUES (@p1, @p2); SET IDENTITY_INSERT [my db].dbo.events OFF", Params: []any{1, 2}},
		{Name: "key not autoincrement", Dialect: d,
			Stmt: sql.NewTable("codes", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false))).Insert().Values(sql.Values{"id": 1}),
			SQL:  "INSERT INTO codes (id) VALUES (@p1)", Params: []any{1}},
		{Name: "DEFAULT VALUES", Dialect: d, Stmt: users.Insert(), SQL: "INSERT INTO users OUTPUT inserted.id DEFAULT VALUES"},
		{Name: "no key, no OUTPUT", Dialect: d, Stmt: noKey.Insert().Values(sql.Values{"msg": "m"}), SQL: "INSERT INTO log (msg) VALUES (@p1)", Params: []any{"m"}},
		// With RETURNING of its own, the INSERT returns what it asks for.
		{Name: "RETURNING without the key", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "x"}).Returning(users.C("name")),
			SQL: "INSERT INTO users (name) OUTPUT inserted.name VALUES (@p1)", Params: []any{"x"}},
		{Name: "multi-row VALUES", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "x"}, sql.Values{"name": "y"}).Returning(users.C("id")),
			SQL: "INSERT INTO users (name) OUTPUT inserted.id VALUES (@p1), (@p2)", Params: []any{"x", "y"}},
		{Name: "INSERT ... SELECT", Dialect: d,
			Stmt: users.Insert().FromSelect([]*sql.Column{users.C("name")}, sql.NewSelect(other.C("n")).Where(other.C("uid").Gt(1)).OrderBy(other.C("n"))).Returning(users.C("id")),
			SQL:  "INSERT INTO users (name) OUTPUT inserted.id SELECT other.n FROM other WHERE other.uid > @p1", Params: []any{1}},
		{Name: "OUTPUT of a condition", Dialect: d, Stmt: users.Update().Values(sql.Values{"name": "x"}).Returning(users.C("name").Eq("x").Label("same")),
			SQL: "UPDATE users SET name=@p1 OUTPUT CASE WHEN inserted.name = @p2 THEN 1 ELSE 0 END AS same", Params: []any{"x", "x"}},
		{Name: "UPDATE FROM with OUTPUT", Dialect: d,
			Stmt: users.Update().Values(sql.Values{"name": other.C("n")}).Where(other.C("uid").Eq(users.C("id"))).Returning(users.C("id"), other.C("n")),
			SQL:  "UPDATE users SET name=other.n OUTPUT inserted.id, other.n FROM users, other WHERE other.uid = users.id"},
		{Name: "DELETE FROM with OUTPUT", Dialect: d,
			Stmt: users.Delete().Where(other.C("uid").Eq(users.C("id"))).Returning(users.C("name")),
			SQL:  "DELETE FROM users OUTPUT deleted.name FROM users, other WHERE other.uid = users.id"},
		{Name: "OUTPUT parameters in text order", Dialect: d,
			Stmt: tab.Update().Values(sql.Values{"b": 1}).Where(tab.C("a").Eq("w")).Returning(tab.C("b").Add(10).Label("b10")),
			SQL:  "UPDATE t SET b=@p1 OUTPUT inserted.b + @p2 AS b10 WHERE t.a = @p3", Params: []any{1, 10, "w"}},
	})
}

func TestCompiledKeysAndResults(t *testing.T) {
	users, _ := fixtures()
	c, err := sql.Compile(users.Insert().Values(sql.Values{"name": "x"}), mssql.New())
	if err != nil {
		t.Fatal(err)
	}
	if !c.ImplicitReturning || !c.Returns || len(c.Columns) != 1 || c.Columns[0].Name != "id" {
		t.Fatalf("implicit OUTPUT: ImplicitReturning=%v Returns=%v Columns=%v", c.ImplicitReturning, c.Returns, c.Columns)
	}
	if pk := c.Insert.PK; len(pk) != 1 || pk[0].Returned != 0 || pk[0].LastRowID {
		t.Fatalf("primary key source = %+v, want the OUTPUT column", pk)
	}
}

// TOP's count is written inline: the cache must not hand one count's SQL
// to another.
func TestTopCountIsPartOfTheCacheKey(t *testing.T) {
	_, tab := fixtures()
	cache := sql.NewCache(mssql.New(), 10)
	for _, n := range []int64{10, 20, 10} {
		c, key, _, err := cache.Compile(sql.NewSelect(tab.C("a")).Where(tab.C("b").Eq(n)).Limit(n))
		if err != nil {
			t.Fatal(err)
		}
		want := "SELECT TOP " + map[int64]string{10: "10", 20: "20"}[n] + " t.a FROM t WHERE t.b = @p1"
		if c.SQL != want {
			t.Fatalf("limit %d: %s, want %s", n, c.SQL, want)
		}
		_, args, err := c.Bind(key.Binds(), nil)
		if err != nil || len(args) != 1 || args[0] != n {
			t.Fatalf("limit %d: args %v, %v", n, args, err)
		}
		key.Release()
	}
}

func TestDebugSQLLiterals(t *testing.T) {
	_, tab := fixtures()
	for _, tc := range []struct {
		stmt sql.Element
		want string
	}{
		{sql.NewSelect(tab.C("a")).Where(tab.C("a").Eq("straße")), "SELECT t.a FROM t WHERE t.a = N'straße'"},
		{sql.NewSelect(tab.C("a")).Where(tab.C("a").Eq("it's")), "SELECT t.a FROM t WHERE t.a = 'it''s'"},
		{sql.NewSelect(tab.C("a")).Where(tab.C("a").Eq([]byte{0xca, 0xfe})), "SELECT t.a FROM t WHERE t.a = 0xCAFE"},
		{sql.NewSelect(tab.C("a")).Where(tab.C("a").Eq(true)), "SELECT t.a FROM t WHERE t.a = 1"},
	} {
		got, err := sql.DebugSQL(tc.stmt, mssql.New())
		if err != nil || got != tc.want {
			t.Errorf("DebugSQL = %q, %v; want %q", got, err, tc.want)
		}
	}
}

func TestDialectBasics(t *testing.T) {
	d := mssql.New()
	if d.Name() != "mssql" || d.Paramstyle() != dialect.AtP || d.MaxIdentifierLength() != 128 {
		t.Fatalf("name %q, paramstyle %v, max identifier %d", d.Name(), d.Paramstyle(), d.MaxIdentifierLength())
	}
	for _, name := range []string{"mssql", "sqlserver"} {
		got, err := dialect.Lookup(name)
		if err != nil {
			t.Fatalf("Lookup(%q): %v", name, err)
		}
		if _, ok := got.(*mssql.Dialect); !ok {
			t.Fatalf("Lookup(%q) = %T", name, got)
		}
	}
	for name, want := range map[string]bool{"user": true, "Name": true, "name": false, "merge": true, "a b": true, "#tmp": true, "x_1": false, "offset": false} {
		if got := d.NeedsQuote(name); got != want {
			t.Errorf("NeedsQuote(%q) = %v, want %v", name, got, want)
		}
	}
	if got := d.QuoteIdentifier("a]b"); got != "[a]]b]" {
		t.Errorf("QuoteIdentifier = %q", got)
	}
}

func TestSavepointSQL(t *testing.T) {
	d := mssql.New()
	for _, tc := range []struct {
		step dialect.SavepointStep
		name string
		want string
	}{
		{dialect.SavepointSet, "sa_savepoint_1", "SAVE TRANSACTION sa_savepoint_1"},
		{dialect.SavepointRollback, "sa_savepoint_1", "ROLLBACK TRANSACTION sa_savepoint_1"},
		{dialect.SavepointRelease, "sa_savepoint_1", ""},
		{dialect.SavepointSet, "My Point", "SAVE TRANSACTION [My Point]"},
	} {
		if got := dialect.SavepointSQL(d, tc.step, tc.name); got != tc.want {
			t.Errorf("SavepointSQL(%v, %q) = %q, want %q", tc.step, tc.name, got, tc.want)
		}
	}
}

func TestCompileErrorsAreTyped(t *testing.T) {
	_, tab := fixtures()
	_, err := sql.Compile(sql.NewSelect(tab.C("a")).Offset(1), mssql.New())
	var ce *sql.CompileError
	if !errors.As(err, &ce) || !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("err = %v, want a CompileError matching ErrArgument", err)
	}
}
