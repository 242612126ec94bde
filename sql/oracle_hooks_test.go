package sql_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestRewriteSelect: the statement the hook returns is compiled in the
// SELECT's place, at its depth: its columns are the result columns, and
// a rewritten subquery stays a subquery.
func TestRewriteSelect(t *testing.T) {
	// Wrap every SELECT with a LIMIT: SELECT * of the unlimited one.
	var d *hookDialect
	d = newHookDialect(&sql.Hooks{RewriteSelect: func(c *sql.Compiler, s *sql.Select) sql.SelectStatement {
		rl := s.RowLimit()
		if rl.Limit == nil {
			return nil
		}
		v, _ := rl.Limit.Value()
		n := v.(int64)
		sub := s.WithoutLimits().Subquery("")
		items := make([]sql.Element, len(sub.Columns()))
		for i, col := range sub.Columns() {
			items[i] = col
		}
		return sql.NewSelect(items...).Where(sql.LiteralColumn("ROWNUM <= " + map[int64]string{2: "2", 3: "3"}[n]))
	}}, nil)
	sel := sql.NewSelect(mytable.C("myid"), mytable.C("name")).Where(mytable.C("myid").Eq(5)).Limit(3)
	c, err := sql.Compile(sel, d)
	if err != nil {
		t.Fatal(err)
	}
	// The text is the replacement's own (how a subquery's columns are
	// written is not this test's business).
	inner := sel.WithoutLimits().Subquery("")
	alone, err := sql.Compile(sql.NewSelect(inner.C("myid"), inner.C("name")).Where(sql.LiteralColumn("ROWNUM <= 3")), dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	want := alone.SQL
	if !strings.HasPrefix(want, "SELECT anon_1.myid, anon_1.name FROM (SELECT mytable.myid") || !strings.HasSuffix(want, "WHERE mytable.myid = :myid_1) AS anon_1 WHERE ROWNUM <= 3") {
		t.Fatalf("unexpected form %s", want)
	}
	if c.SQL != want {
		t.Fatalf("got  %s\nwant %s", c.SQL, want)
	}
	if len(c.Columns) != 2 || c.Columns[0].Name != "myid" || c.Columns[1].Name != "name" || !c.Returns {
		t.Fatalf("result columns %+v", c.Columns)
	}
	// The bind of the rewritten WHERE is the statement's own.
	sqltest.Check(t, sqltest.Case{Stmt: sel, Dialect: d, SQL: want, Params: sql.Params{"myid_1": 5}})
	// Nested: the rewritten SELECT is a subquery of the outer one.
	sub := sql.NewSelect(mytable.C("myid")).Limit(2).Subquery("s")
	c, err = sql.Compile(sql.NewSelect(sub.C("myid")), d)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.SQL, "SELECT s.myid FROM (SELECT anon_1.myid") || !strings.Contains(c.SQL, "FROM (SELECT mytable.myid") ||
		!strings.HasSuffix(c.SQL, "FROM mytable) AS anon_1 WHERE ROWNUM <= 2) AS s") || len(c.Columns) != 1 {
		t.Fatalf("nested: %s", c.SQL)
	}
}

func TestSelectRewriteParts(t *testing.T) {
	base := sql.NewSelect(mytable.C("myid"))
	lock := sql.LockClause{NoWait: true, OfColumns: []sql.ColumnElement{mytable.C("name")}}
	s := base.Limit(5).Offset(7).ForUpdate(lock)
	l := s.Lock()
	if l == nil || !l.NoWait || len(l.OfColumns) != 1 || base.Lock() != nil {
		t.Fatalf("lock %+v", l)
	}
	l.NoWait = false // a copy
	if !s.Lock().NoWait {
		t.Fatal("Lock returned the statement's own clause")
	}
	plain := s.WithoutLimits().WithoutLock()
	if !plain.RowLimit().IsZero() || plain.Lock() != nil {
		t.Fatal("WithoutLimits or WithoutLock")
	}
	if !base.FetchFirst(3, false, false).WithoutLimits().RowLimit().IsZero() {
		t.Fatal("WithoutLimits keeps FETCH FIRST")
	}
	if s.RowLimit().Offset == nil || s.Lock() == nil {
		t.Fatal("the receiver changed")
	}
	sqltest.Check(t, sqltest.Case{Stmt: plain, SQL: "SELECT mytable.myid FROM mytable"})
}

func TestOrderByLabelExpressions(t *testing.T) {
	d := newHookDialect(&sql.Hooks{OrderByLabelExpressions: true}, nil)
	l := sql.Func("lower", mytable.C("name")).Label("n")
	sel := sql.NewSelect(l).OrderBy(l)
	sqltest.Check(t, sqltest.Case{Stmt: sel, SQL: "SELECT lower(mytable.name) AS n FROM mytable ORDER BY n"})
	sqltest.Check(t, sqltest.Case{Stmt: sel, Dialect: d, SQL: "SELECT lower(mytable.name) AS n FROM mytable ORDER BY lower(mytable.name)"})
}

func TestSetOperationKeywords(t *testing.T) {
	d := newHookDialect(&sql.Hooks{SetOperationKeywords: map[string]string{"EXCEPT": "MINUS", "EXCEPT ALL": "MINUS ALL"}}, nil)
	a, b := sql.NewSelect(mytable.C("myid")), sql.NewSelect(myothertable.C("otherid"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "except", Stmt: a.Except(b), Dialect: d, SQL: "SELECT mytable.myid FROM mytable MINUS SELECT myothertable.otherid FROM myothertable"},
		{Name: "except all", Stmt: a.ExceptAll(b), Dialect: d, SQL: "SELECT mytable.myid FROM mytable MINUS ALL SELECT myothertable.otherid FROM myothertable"},
		{Name: "union unchanged", Stmt: a.Union(b), Dialect: d, SQL: "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable"},
		{Name: "standard", Stmt: a.Except(b), SQL: "SELECT mytable.myid FROM mytable EXCEPT SELECT myothertable.otherid FROM myothertable"},
	})
}

func TestLockOfColumns(t *testing.T) {
	sel := sql.NewSelect(mytable.C("myid"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "columns", Stmt: sel.ForUpdate(sql.LockClause{OfColumns: []sql.ColumnElement{mytable.C("myid"), mytable.C("name")}}),
			SQL: "SELECT mytable.myid FROM mytable FOR UPDATE OF mytable.myid, mytable.name"},
		{Name: "tables and columns", Stmt: sel.ForUpdate(sql.LockClause{Of: []sql.FromClause{mytable}, OfColumns: []sql.ColumnElement{myothertable.C("otherid")}, NoWait: true}),
			SQL: "SELECT mytable.myid FROM mytable FOR UPDATE OF mytable, myothertable.otherid NOWAIT"},
	})
	k := func(e sql.Element) string {
		key := sql.NewCacheKey(e, false)
		defer key.Release()
		return string(key.Bytes())
	}
	if k(sel.ForUpdate(sql.LockClause{OfColumns: []sql.ColumnElement{mytable.C("myid")}})) == k(sel.ForUpdate(sql.LockClause{OfColumns: []sql.ColumnElement{mytable.C("name")}})) {
		t.Fatal("OF columns are not in the cache key")
	}
}

func TestLiteralFetchFirst(t *testing.T) {
	d := newHookDialect(&sql.Hooks{LiteralLimits: true}, nil)
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewSelect(mytable.C("myid")).FetchFirst(4, true, false), Dialect: d,
		SQL: "SELECT mytable.myid FROM mytable FETCH FIRST 4 ROWS WITH TIES"})
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewSelect(mytable.C("myid")).FetchFirst(4, false, false),
		SQL: "SELECT mytable.myid FROM mytable FETCH FIRST :param_1 ROWS ONLY", Params: sql.Params{"param_1": int64(4)}})
}

// TestOutParams: output parameters are in the SQL and the parameter list,
// marked Out, and binding a statement with one for execution fails.
func TestOutParams(t *testing.T) {
	d := newHookDialect(&sql.Hooks{Returning: func(c *sql.Compiler, _ sql.StatementKind, _ *sql.Table, cols []sql.ColumnElement, _ []string) {
		c.WriteString(" RETURNING ")
		c.WriteList(cols, ", ")
		c.WriteString(" INTO ")
		for i, col := range cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteOutParam("ret_"+string(rune('0'+i)), col.Type())
		}
	}}, nil)
	stmt := mytable.Insert().Values(sql.Values{"myid": 3}).Returning(mytable.C("name"), sql.LiteralColumn("x"))
	c, err := sql.Compile(stmt, d)
	if err != nil {
		t.Fatal(err)
	}
	if want := "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.name, x INTO :ret_0, :ret_1"; c.SQL != want {
		t.Fatalf("got %s", c.SQL)
	}
	if len(c.Params) != 3 || c.Params[0].Out || !c.Params[1].Out || c.Params[1].Name != "ret_0" || !c.Params[2].Out ||
		c.Params[1].Type != (types.String{}) {
		t.Fatalf("params %+v", c.Params)
	}
	key := sql.NewCacheKey(stmt, false)
	defer key.Release()
	if _, _, err := c.Bind(key.Binds(), nil); !errors.Is(err, dialect.ErrNotSupported) || !strings.Contains(err.Error(), "ret_0") {
		t.Fatalf("bind: %v", err)
	}
	if v, err := c.Value(0, key.Binds(), nil); err != nil || v != 3 {
		t.Fatalf("input value %v %v", v, err)
	}
	text, err := sql.DebugSQL(stmt, d)
	if err != nil || text != "INSERT INTO mytable (myid) VALUES (3) RETURNING mytable.name, x INTO :ret_0, :ret_1" {
		t.Fatalf("debug: %s %v", text, err)
	}
}

func TestIdentityOptions(t *testing.T) {
	i64 := func(n int64) *int64 { return &n }
	id := sql.Identity{Start: i64(1), MaxValue: i64(9), NoMinValue: true, Cache: i64(5), NoCycle: true, OnNull: true, Order: new(bool)}
	tbl := sql.NewTable("t", sql.NewColumn("id", types.Integer{}, sql.AsIdentity(id)), sql.NewColumn("x", types.Integer{}, sql.AsIdentity(sql.Identity{NoMaxValue: true})))
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateTable(tbl),
		SQL: "CREATE TABLE t (id INTEGER GENERATED BY DEFAULT AS IDENTITY (START WITH 1 MAXVALUE 9 NO MINVALUE CACHE 5 NO CYCLE), x INTEGER GENERATED BY DEFAULT AS IDENTITY (NO MAXVALUE))"})
	d := newHookDialect(&sql.Hooks{Identity: func(c *sql.Compiler, id *sql.Identity) { c.WriteString(" AUTO") }}, nil)
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateTable(tbl), Dialect: d, SQL: "CREATE TABLE t (id INTEGER AUTO, x INTEGER AUTO)"})
}

func TestIndexNameQualified(t *testing.T) {
	tbl := sql.NewTable("foo", sql.Schema("s"), sql.NewColumn("x", types.Integer{}))
	ix := sql.NewIndex("bar", tbl.C("x"))
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateIndex(ix), SQL: "CREATE INDEX bar ON s.foo (x)"})
	d := newHookDialect(&sql.Hooks{IndexNameQualified: true}, nil)
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateIndex(ix), Dialect: d, SQL: "CREATE INDEX s.bar ON s.foo (x)"})
}

// nested is a statement of another package's kind, written through
// Compiler.Nest and WriteCondition.
type nested struct{ where sql.ColumnElement }

func (n nested) WriteSQL(c *sql.Compiler) {
	c.Nest([]sql.FromClause{mytable}, func() {
		c.WriteString("DO SOMETHING WITH mytable WHERE ")
		c.WriteCondition(n.where)
	})
}
func (n nested) WriteCacheKey(k *sql.CacheKey)    { k.Custom("nested"); k.Element(n.where) }
func (n nested) StatementKind() sql.StatementKind { return sql.KindUpdate }

// TestNest: a SELECT inside a nested part is a subquery that correlates
// to the statement's FROM items, and is not the statement.
func TestNest(t *testing.T) {
	sub := sql.NewSelect(sql.Func("max", myothertable.C("otherid"))).Where(myothertable.C("othername").Eq(mytable.C("name")))
	stmt := nested{where: mytable.C("myid").Eq(sub.ScalarSubquery())}
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	want := "DO SOMETHING WITH mytable WHERE mytable.myid = (SELECT max(myothertable.otherid) AS max_1 FROM myothertable WHERE myothertable.othername = mytable.name)"
	if c.SQL != want || len(c.Columns) != 0 || c.Returns {
		t.Fatalf("got %s (columns %v)", c.SQL, c.Columns)
	}
	c, err = sql.Compile(nested{where: sql.True()}, newHookDialect(&sql.Hooks{BoolConst: func(c *sql.Compiler, v, cond bool) {
		if cond {
			c.WriteString("1 = 1")
		} else {
			c.WriteString("1")
		}
	}}, nil))
	if err != nil || c.SQL != "DO SOMETHING WITH mytable WHERE 1 = 1" {
		t.Fatalf("condition: %v %v", c, err)
	}
}

// TestNumericBooleans: boolean values standing as conditions are compared
// with 1 where the dialect has no boolean type and asks for it.
func TestNumericBooleans(t *testing.T) {
	flags := sql.NewTable("flags", sql.NewColumn("id", types.Integer{}), sql.NewColumn("on", types.Boolean{}))
	on := flags.C("on")
	d := newHookDialect(&sql.Hooks{NumericBooleans: true}, func(f *dialect.Features) { f.NativeBoolean = false })
	native := newHookDialect(&sql.Hooks{NumericBooleans: true}, nil)
	sel := sql.NewSelect(flags.C("id"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "column", Dialect: d, Stmt: sel.Where(on), SQL: `SELECT flags.id FROM flags WHERE flags."on" = 1`},
		{Name: "not", Dialect: d, Stmt: sel.Where(sql.Not(on)), SQL: `SELECT flags.id FROM flags WHERE flags."on" = 0`},
		{Name: "parameter", Dialect: d, Stmt: sel.Where(sql.Bind("b").WithType(types.Boolean{}).WithValue(true)),
			SQL: `SELECT flags.id FROM flags WHERE :b = 1`, Params: sql.Params{"b": true}},
		{Name: "function", Dialect: d, Stmt: sel.Where(sql.Func("is_ok", flags.C("id")).Typed(types.Boolean{})),
			SQL: `SELECT flags.id FROM flags WHERE is_ok(flags.id) = 1`},
		{Name: "nested lists", Dialect: d, Stmt: sel.Where(sql.Or(sql.And(on, sql.Ops(flags.C("id")).Gt(1)), sql.Not(on))),
			SQL: `SELECT flags.id FROM flags WHERE flags."on" = 1 AND flags.id > :id_1 OR flags."on" = 0`, Params: sql.Params{"id_1": 1}},
		{Name: "join on", Dialect: d, Stmt: sql.NewSelect(mytable.C("myid")).SelectFrom(mytable.Join(flags, on)),
			SQL: `SELECT mytable.myid FROM mytable JOIN flags ON flags."on" = 1`},
		{Name: "comparison unchanged", Dialect: d, Stmt: sel.Where(sql.Ops(on).Eq(false)), SQL: `SELECT flags.id FROM flags WHERE flags."on" = :on_1`, Params: sql.Params{"on_1": false}},
		{Name: "not a boolean", Dialect: d, Stmt: sel.Where(flags.C("id")), SQL: `SELECT flags.id FROM flags WHERE flags.id`},
		{Name: "native boolean", Dialect: native, Stmt: sel.Where(sql.Not(on)), SQL: `SELECT flags.id FROM flags WHERE NOT flags."on"`},
		{Name: "standard", Stmt: sel.Where(on), SQL: `SELECT flags.id FROM flags WHERE flags."on"`},
	})
}
