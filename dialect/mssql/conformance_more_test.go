package mssql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
)

// test_match_3 and test_boolean_inversion_mssql (test/sql/
// test_operators.py:3360, 3402), test_extract (test_compiler.py:1019);
// regular expressions are refused, as SQLAlchemy refuses them.
func TestConformanceMatchExtract(t *testing.T) {
	d := mssql.New()
	mt := mytable()
	col := sql.NewTable("t", sql.NewColumn("col1", nil)).C("col1")
	cases := []sqltest.Case{
		{Name: "test_match_3/3360", Stmt: sql.Ops(mt.C("myid")).Match("somstr"), SQL: "CONTAINS (mytable.myid, @p1)", Params: []any{"somstr"}},
		{Name: "test_boolean_inversion_mssql/3402", Stmt: sql.Not(sql.Ops(mt.C("myid")).Match("somstr")), SQL: "NOT CONTAINS (mytable.myid, @p1)", Params: []any{"somstr"}},
		{Name: "regexp_match refused", Stmt: sql.Ops(mt.C("name")).RegexpMatch("x"), Err: sql.ErrNotSupported},
		{Name: "not regexp_match refused", Stmt: sql.Not(sql.Ops(mt.C("name")).RegexpMatch("x", "i")), Err: sql.ErrNotSupported},
		{Name: "regexp_replace refused", Stmt: sql.Ops(mt.C("name")).RegexpReplace("x", "y"), Err: sql.ErrNotSupported},
		{Name: "extract doy", Stmt: sql.Extract("doy", col), SQL: "DATEPART(dayofyear, t.col1)"},
		{Name: "extract dow", Stmt: sql.Extract("dow", col), SQL: "DATEPART(weekday, t.col1)"},
		{Name: "extract milliseconds", Stmt: sql.Extract("milliseconds", col), SQL: "DATEPART(millisecond, t.col1)"},
	}
	for _, f := range []string{"day", "month", "year"} {
		cases = append(cases, sqltest.Case{Name: "test_extract/1019/" + f, Stmt: sql.NewSelect(sql.Extract(f, col)),
			SQL: "SELECT DATEPART(" + f + ", t.col1) AS anon_1 FROM t"})
	}
	for i := range cases {
		cases[i].Dialect = d
	}
	sqltest.Run(t, cases)
}

// Index and constraint options (test_compiler.py:1381-1593).
func TestConformanceIndexOptions(t *testing.T) {
	d := mssql.New()
	clustered := func(v bool) sql.ConstraintOptions {
		return sql.ConstraintOptions{Dialect: map[string]any{mssql.OptClustered: v}}
	}
	xy := func(items ...sql.TableItem) *sql.Table {
		return sql.NewTable("test", append([]sql.TableItem{sql.NewColumn("x", integer, sql.Autoincrement(false)), sql.NewColumn("y", integer, sql.Autoincrement(false))}, items...)...)
	}
	xyz := func() *sql.Table {
		return sql.NewTable("test", sql.NewColumn("x", integer), sql.NewColumn("y", integer), sql.NewColumn("z", integer))
	}
	withID := func() *sql.Table { return sql.NewTable("test", sql.NewColumn("id", integer)) }
	empty := func(opts ...any) *sql.Index {
		ix := sql.IndexOn("foo")
		for i := 0; i < len(opts); i += 2 {
			ix = ix.Option(opts[i].(string), opts[i+1])
		}
		sql.NewTable("test", sql.NewColumn("id", integer), ix)
		return ix
	}
	inc1, inc2, inc3, inc4 := xyz(), xyz(), xyz(), xyz()
	tb := xy()
	cases := []sqltest.Case{
		{Name: "test_table_pkc_clustering/1381", Stmt: sql.NewCreateTable(xy(sql.PrimaryKeyOn([]string{"x", "y"}, clustered(true)))),
			SQL: "CREATE TABLE test (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY CLUSTERED (x, y))"},
		{Name: "test_table_pkc_explicit_nonclustered/1396", Stmt: sql.NewCreateTable(xy(sql.PrimaryKeyOn([]string{"x", "y"}, clustered(false)))),
			SQL: "CREATE TABLE test (x INTEGER NOT NULL, y INTEGER NOT NULL, PRIMARY KEY NONCLUSTERED (x, y))"},
		{Name: "test_table_idx_explicit_nonclustered/1412", Stmt: sql.NewCreateIndex(sql.NewIndex("myidx", tb.C("x"), tb.C("y")).Option(mssql.OptClustered, false)),
			SQL: "CREATE NONCLUSTERED INDEX myidx ON test (x, y)"},
		{Name: "test_table_uc_explicit_nonclustered/1426", Stmt: sql.NewCreateTable(xy(sql.UniqueOn([]string{"x", "y"}, clustered(false)))),
			SQL: "CREATE TABLE test (x INTEGER NULL, y INTEGER NULL, UNIQUE NONCLUSTERED (x, y))"},
		{Name: "test_table_uc_clustering/1442", Stmt: sql.NewCreateTable(xy(sql.PrimaryKeyOn([]string{"x"}), sql.UniqueOn([]string{"y"}, clustered(true)))),
			SQL: "CREATE TABLE test (x INTEGER NOT NULL, y INTEGER NULL, PRIMARY KEY (x), UNIQUE CLUSTERED (y))"},
		{Name: "test_index_clustering/1452", Stmt: func() sql.Element {
			tb := withID()
			return sql.NewCreateIndex(sql.NewIndex("foo", tb.C("id")).Option(mssql.OptClustered, true))
		}(), SQL: "CREATE CLUSTERED INDEX foo ON test (id)"},
		{Name: "test_index_empty/1460", Stmt: sql.NewCreateIndex(empty()), SQL: "CREATE INDEX foo ON test"},
		{Name: "test_index_colstore_clustering/1468", Stmt: sql.NewCreateIndex(empty(mssql.OptClustered, true, mssql.OptColumnstore, true)),
			SQL: "CREATE CLUSTERED COLUMNSTORE INDEX foo ON test"},
		{Name: "test_index_colstore_no_clustering/1479", Stmt: func() sql.Element {
			tb := withID()
			return sql.NewCreateIndex(sql.NewIndex("foo", tb.C("id")).Option(mssql.OptClustered, false).Option(mssql.OptColumnstore, true))
		}(), SQL: "CREATE NONCLUSTERED COLUMNSTORE INDEX foo ON test (id)"},
		{Name: "test_index_not_colstore_clustering/1488", Stmt: sql.NewCreateIndex(empty(mssql.OptClustered, true, mssql.OptColumnstore, false)),
			SQL: "CREATE CLUSTERED INDEX foo ON test"},
		{Name: "test_index_extra_include_1/1555", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", inc1.C("x")).Option(mssql.OptInclude, []string{"y"})),
			SQL: "CREATE INDEX foo ON test (x) INCLUDE (y)"},
		{Name: "test_index_extra_include_2/1569", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", inc2.C("x")).Option(mssql.OptInclude, []*sql.Column{inc2.C("y")})),
			SQL: "CREATE INDEX foo ON test (x) INCLUDE (y)"},
		{Name: "test_index_include_where/1585", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", inc3.C("x")).Option(mssql.OptInclude, []sql.ColumnElement{inc3.C("y")}).Where(inc3.C("y").Gt(1))),
			SQL: "CREATE INDEX foo ON test (x) INCLUDE (y) WHERE y > 1"},
		{Name: "test_index_include_where/1593", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", inc4.C("x")).Option(mssql.OptInclude, []*sql.Column{inc4.C("y")}).Where(sql.Text("y > 1"))),
			SQL: "CREATE INDEX foo ON test (x) INCLUDE (y) WHERE y > 1"},
		// Beyond SQLAlchemy's cases.
		{Name: "unique clustered", Stmt: func() sql.Element {
			tb := withID()
			return sql.NewCreateIndex(sql.NewIndex("foo", tb.C("id")).Unique().Option(mssql.OptClustered, true))
		}(), SQL: "CREATE UNIQUE CLUSTERED INDEX foo ON test (id)"},
		{Name: "include unknown column", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", xyz().C("x")).Option(mssql.OptInclude, []string{"nope"})), Err: sql.ErrArgument},
		{Name: "include of an expression", Stmt: func() sql.Element {
			tb := xyz()
			return sql.NewCreateIndex(sql.NewIndex("foo", tb.C("x")).Option(mssql.OptInclude, []sql.ColumnElement{tb.C("y").Gt(1)}))
		}(), Err: sql.ErrArgument},
		{Name: "include of another type", Stmt: sql.NewCreateIndex(sql.NewIndex("foo", xyz().C("x")).Option(mssql.OptInclude, "y")), Err: sql.ErrArgument},
		{Name: "clustered not a bool", Stmt: sql.NewCreateIndex(empty(mssql.OptClustered, "yes")), Err: sql.ErrArgument},
		{Name: "clustered primary key not a bool", Stmt: sql.NewCreateTable(xy(sql.PrimaryKeyOn([]string{"x"}, sql.ConstraintOptions{Dialect: map[string]any{mssql.OptClustered: 1}}))), Err: sql.ErrArgument},
	}
	for i := range cases {
		cases[i].Dialect = d
	}
	sqltest.Run(t, cases)
}

// SQL Server 2008: OFFSET and FETCH FIRST with ROW_NUMBER()
// (test_compiler.py, the tests whose dialect has no server version).
// SQLAlchemy names the OFFSET parameter twice (:param_1); @p1, @p2... are
// numbered in text order here, so the second use is a parameter of its
// own with the same value (as with pyodbc's ?).
func TestConformanceRowNumber(t *testing.T) {
	d := mssql.New(mssql.Options{Version: 10})
	tab := sql.NewTable("t", sql.NewColumn("x", integer), sql.NewColumn("y", integer))
	base := sql.NewSelect(tab).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y"))
	const inner = "SELECT anon_1.x, anon_1.y FROM (SELECT t.x AS x, t.y AS y, ROW_NUMBER() OVER (ORDER BY t.y) AS mssql_rn FROM t WHERE t.x = @p1) AS anon_1 WHERE "
	mt := mytable()
	myid := mt.C("myid")
	inSub := func(q *sql.Select) sql.Element {
		foo := q.Subquery("foo")
		return sql.NewSelect(sql.LiteralColumn("*")).Where(foo.C("myid").Eq(myid))
	}
	const subHead = "SELECT * FROM (SELECT anon_1.myid AS myid FROM (SELECT mytable.myid AS myid, ROW_NUMBER() OVER (ORDER BY mytable.myid) AS mssql_rn FROM mytable) AS anon_1 WHERE "
	const subTail = ") AS foo, mytable WHERE foo.myid = mytable.myid"
	t1 := sql.NewTable("t1", sql.NewColumn("x", integer), sql.NewColumn("y", integer))
	t2 := sql.NewTable("t2", sql.NewColumn("x", integer), sql.NewColumn("y", integer))
	ft := sql.NewTable("t", sql.NewColumn("x", integer))
	cases := []sqltest.Case{
		{Name: "test_noorderby_insubquery_fetch/535", Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).FetchFirst(10, false, false)),
			SQL: subHead + "mssql_rn <= @p1" + subTail, Params: []any{int64(10)}},
		{Name: "test_noorderby_insubquery_fetch/535/ties", Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).FetchFirst(10, true, false)),
			SQL: "SELECT * FROM (SELECT TOP 10 WITH TIES mytable.myid AS myid FROM mytable ORDER BY mytable.myid" + subTail},
		{Name: "test_noorderby_insubquery_offset_oldstyle/581/10", Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).Offset(10)),
			SQL: subHead + "mssql_rn > @p1" + subTail, Params: []any{int64(10)}},
		{Name: "test_noorderby_insubquery_offset_oldstyle/581/0", Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).Offset(0)),
			SQL: subHead + "mssql_rn > @p1" + subTail, Params: []any{int64(0)}},
		{Name: "test_offset_using_window/1182", Stmt: base.Offset(20), SQL: inner + "mssql_rn > @p2", Params: []any{5, int64(20)}},
		{Name: "test_limit_offset_using_window/1222", Stmt: base.Limit(10).Offset(20),
			SQL: inner + "mssql_rn > @p2 AND mssql_rn <= @p3 + @p4", Params: []any{5, int64(20), int64(10), int64(20)}},
		{Name: "test_limit_offset_w_ambiguous_cols/1269",
			Stmt:   sql.NewSelect(tab.C("x"), tab.C("x").Label("q"), tab.C("x").Label("p"), tab.C("y")).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y")).Limit(10).Offset(20),
			SQL:    "SELECT anon_1.x, anon_1.q, anon_1.p, anon_1.y FROM (SELECT t.x AS x, t.x AS q, t.x AS p, t.y AS y, ROW_NUMBER() OVER (ORDER BY t.y) AS mssql_rn FROM t WHERE t.x = @p1) AS anon_1 WHERE mssql_rn > @p2 AND mssql_rn <= @p3 + @p4",
			Params: []any{5, int64(20), int64(10), int64(20)}},
		{Name: "test_limit_offset_with_correlated_order_by/1300",
			Stmt:   sql.NewSelect(t1).Where(t1.C("x").Eq(5)).OrderBy(sql.NewSelect(t2.C("y")).Where(t1.C("x").Eq(t2.C("x"))).ScalarSubquery()).Limit(10).Offset(20),
			SQL:    "SELECT anon_1.x, anon_1.y FROM (SELECT t1.x AS x, t1.y AS y, ROW_NUMBER() OVER (ORDER BY (SELECT t2.y FROM t2 WHERE t1.x = t2.x)) AS mssql_rn FROM t1 WHERE t1.x = @p1) AS anon_1 WHERE mssql_rn > @p2 AND mssql_rn <= @p3 + @p4",
			Params: []any{5, int64(20), int64(10), int64(20)}},
		{Name: "test_offset_dont_misapply_labelreference/1329", Stmt: func() sql.Element {
			e := sql.Func("foo", ft.C("x")).Label("x")
			return sql.NewSelect(e).OrderBy(sql.Ops(e).Desc()).Offset(1)
		}(), SQL: "SELECT anon_1.x FROM (SELECT foo(t.x) AS x, ROW_NUMBER() OVER (ORDER BY foo(t.x) DESC) AS mssql_rn FROM t) AS anon_1 WHERE mssql_rn > @p1", Params: []any{int64(1)}},
		{Name: "test_offset_dont_misapply_labelreference/1336", Stmt: func() sql.Element {
			e := sql.Func("foo", ft.C("x")).Label("y")
			return sql.NewSelect(e).OrderBy(sql.Ops(e).Desc()).Offset(1)
		}(), SQL: "SELECT anon_1.y FROM (SELECT foo(t.x) AS y, ROW_NUMBER() OVER (ORDER BY foo(t.x) DESC) AS mssql_rn FROM t) AS anon_1 WHERE mssql_rn > @p1", Params: []any{int64(1)}},
		{Name: "test_limit_zero_offset_using_window/1349", Stmt: base.Limit(0).Offset(0),
			SQL: inner + "mssql_rn > @p2 AND mssql_rn <= @p3 + @p4", Params: []any{5, int64(0), int64(0), int64(0)}},
		// A LIMIT alone is TOP on every version (test_limit_using_top).
		{Name: "limit is TOP", Stmt: base.Limit(10), SQL: "SELECT TOP 10 t.x, t.y FROM t WHERE t.x = @p1 ORDER BY t.y", Params: []any{5}},
		{Name: "label ordering", Stmt: func() sql.Element {
			e := sql.Func("foo", ft.C("x")).Label("x")
			return sql.NewSelect(e).OrderBy(e).Offset(1)
		}(), SQL: "SELECT anon_1.x FROM (SELECT foo(t.x) AS x, ROW_NUMBER() OVER (ORDER BY foo(t.x)) AS mssql_rn FROM t) AS anon_1 WHERE mssql_rn > @p1", Params: []any{int64(1)}},
		{Name: "offset without order by", Stmt: sql.NewSelect(tab).Offset(5), Err: sql.ErrArgument},
		{Name: "compound offset refused", Stmt: sql.NewSelect(tab).Union(sql.NewSelect(tab)).OrderBy(tab.C("x")).Offset(5), Err: sql.ErrNotSupported},
		{Name: "no sequences", Stmt: sql.NewCreateSequence(sql.NewSequence("s")), Err: sql.ErrNotSupported},
	}
	// test_fetch_old_version (test_compiler.py:1814), its integer
	// combinations.
	ta := sql.NewTable("t", sql.NewColumn("a", nil))
	sel := sql.NewSelect(ta).OrderBy(ta.C("a"))
	const old = "SELECT anon_1.a FROM (SELECT t.a AS a, ROW_NUMBER() OVER (ORDER BY t.a) AS mssql_rn FROM t) AS anon_1 WHERE "
	cases = append(cases,
		sqltest.Case{Name: "test_fetch_old_version/1814/5,10", Stmt: sel.FetchFirst(5, false, false).Offset(10),
			SQL: old + "mssql_rn > @p1 AND mssql_rn <= @p2 + @p3", Params: []any{int64(10), int64(5), int64(10)}},
		sqltest.Case{Name: "test_fetch_old_version/1814/None,10", Stmt: sel.Offset(10), SQL: old + "mssql_rn > @p1", Params: []any{int64(10)}},
		sqltest.Case{Name: "test_fetch_old_version/1814/5,None", Stmt: sel.FetchFirst(5, false, false), SQL: old + "mssql_rn <= @p1", Params: []any{int64(5)}},
		sqltest.Case{Name: "test_fetch_old_version/1814/0,0", Stmt: sel.FetchFirst(0, false, false).Offset(0),
			SQL: old + "mssql_rn > @p1 AND mssql_rn <= @p2 + @p3", Params: []any{int64(0), int64(0), int64(0)}},
		sqltest.Case{Name: "test_fetch_old_version/1814/percent", Stmt: sel.FetchFirst(5, false, true), SQL: "SELECT TOP 5 PERCENT t.a FROM t ORDER BY t.a"},
		sqltest.Case{Name: "test_fetch_old_version/1814/percent,ties", Stmt: sel.FetchFirst(5, true, true), SQL: "SELECT TOP 5 PERCENT WITH TIES t.a FROM t ORDER BY t.a"},
		sqltest.Case{Name: "test_fetch_old_version/1814/ties", Stmt: sel.FetchFirst(5, true, false), SQL: "SELECT TOP 5 WITH TIES t.a FROM t ORDER BY t.a"},
		sqltest.Case{Name: "ties with offset refused", Stmt: sel.FetchFirst(5, true, false).Offset(1), Err: sql.ErrNotSupported},
	)
	for i := range cases {
		cases[i].Dialect = d
	}
	sqltest.Run(t, cases)
}

// Views (test_compiler.py:1889, 1901) and IDENTITY on a column outside
// the primary key (1962, 2016, 2052): SQLAlchemy declares those with
// autoincrement=True, which Athanor accepts only on a primary key column;
// Identity gives the same DDL.
func TestConformanceViewsIdentity(t *testing.T) {
	d := mssql.New()
	tb := sql.NewTable("t", sql.NewColumn("a", integer), sql.NewColumn("b", str))
	sel := sql.NewSelect(tb.C("a"), tb.C("b")).Where(tb.C("a").Gt(5))
	identity := sql.AsIdentity(sql.Identity{})
	cases := []sqltest.Case{
		{Name: "test_create_view_or_replace/1889", Stmt: &sql.CreateView{Name: "my_view", Select: sel, OrReplace: true},
			SQL: "CREATE OR ALTER VIEW my_view AS SELECT t.a, t.b FROM t WHERE t.a > 5"},
		{Name: "test_create_view_basic/1901", Stmt: sql.NewCreateView("my_view", sel),
			SQL: "CREATE VIEW my_view AS SELECT t.a, t.b FROM t WHERE t.a > 5"},
		{Name: "drop view", Stmt: &sql.DropView{Name: "my_view", Schema: "dbo", IfExists: true}, SQL: "DROP VIEW IF EXISTS dbo.my_view"},
		{Name: "test_identity_no_primary_key/1962", Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, identity))),
			SQL: "CREATE TABLE test (id INTEGER NOT NULL IDENTITY)"},
		{Name: "test_identity_separate_from_primary_key/2016", Stmt: sql.NewCreateTable(sql.NewTable("test",
			sql.NewColumn("id", integer, sql.Autoincrement(false), sql.PrimaryKey()), sql.NewColumn("x", integer, identity))),
			SQL: "CREATE TABLE test (id INTEGER NOT NULL, x INTEGER NOT NULL IDENTITY, PRIMARY KEY (id))"},
		{Name: "test_identity_illegal_two_autoincrements/2052", Stmt: sql.NewCreateTable(sql.NewTable("test",
			sql.NewColumn("id", integer, identity), sql.NewColumn("id2", integer, identity))),
			SQL: "CREATE TABLE test (id INTEGER NOT NULL IDENTITY, id2 INTEGER NOT NULL IDENTITY)"},
	}
	for i := range cases {
		cases[i].Dialect = d
	}
	sqltest.Run(t, cases)
}
