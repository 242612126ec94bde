package mssql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The cases of shared/conformance/compile_cases.jsonl whose dialect is
// mssql and whose constructs Athanor has, with SQLAlchemy's SQL (its
// :name parameters are @p1, @p2... here, and the values it renders after
// compilation, __[POSTCOMPILE_x], are inline or expanded). Each case is
// named after SQLAlchemy's test and line. SQLAlchemy's own tests use a
// dialect without a server version, which writes OFFSET with ROW_NUMBER()
// as for SQL Server 2008: those cases are ported on
// mssql.New(mssql.Options{Version: 10}) (conformance_more_test.go), and
// the 2012 form from the tests that set it (test_fetch,
// test_limit_offset_using_offset_fetch).
//
// 121 of the 128 cases are here and in conformance_more_test.go (three of
// them, IDENTITY on a column outside the primary key, with Identity where
// SQLAlchemy writes autoincrement=True, which Athanor accepts only on a
// primary key). Not ported:
//
//   - test_plain_returning_column_expression (146): a type's
//     column_expression, which Athanor's types do not have;
//   - test_delete_extra_froms_alias (270, 273): DELETE of an alias; a
//     DELETE's target is a Table;
//   - test_strict_binds (415): the strict-binds compiler mode;
//   - test_count (442): Table.count, gone from SQLAlchemy 2;
//   - test_simple_limit_expression_offset_using_window (1206): an OFFSET
//     given as an expression; Athanor's Offset takes a number;
//   - assert_compile_with_warning (1916): a helper, not a statement.

var (
	integer = types.Integer{}
	str     = types.String{}
)

func mytable() *sql.Table {
	return sql.NewTable("mytable",
		sql.NewColumn("myid", integer), sql.NewColumn("name", types.String{Length: 128}), sql.NewColumn("description", types.String{Length: 128}))
}

func TestConformanceSelect(t *testing.T) {
	d := mssql.New()
	sometable := sql.NewTable("sometable", sql.NewColumn("somecolumn", nil))
	tab := sql.NewTable("t", sql.NewColumn("x", integer), sql.NewColumn("y", integer))
	sc := sql.NewTable("sometable", sql.NewColumn("col1", integer), sql.NewColumn("col2", integer))
	mt := mytable()
	myid := mt.C("myid")
	// test_noorderby_insubquery*: a subquery's ORDER BY goes unless it
	// limits its rows.
	inSub := func(q *sql.Select) sql.Element {
		foo := q.Subquery("foo")
		return sql.NewSelect(sql.LiteralColumn("*")).Where(foo.C("myid").Eq(myid))
	}
	const subTail = " AS foo, mytable WHERE foo.myid = mytable.myid"
	t1 := sql.NewTable("t1", sql.NewColumn("col1", nil), sql.NewColumn("col2", nil), sql.NewColumn("col3", nil), sql.NewColumn("col4", nil))
	t2 := sql.NewTable("t2", sql.NewColumn("col1", nil), sql.NewColumn("col2", nil), sql.NewColumn("col3", nil), sql.NewColumn("col4", nil))
	c3, c4 := t1.C("col3").Label("col3"), t1.C("col4").Label("col4")
	union := sql.NewSelect(c3, c4).Where(t1.C("col2").In("t1col2r1", "t1col2r2")).
		Union(sql.NewSelect(t2.C("col3").Label("col3"), t2.C("col4").Label("col4")).Where(t2.C("col2").In("t2col2r2", "t2col2r3"))).
		OrderBy(c3, c4)
	const unionSQL = "SELECT t1.col3 AS col3, t1.col4 AS col4 FROM t1 WHERE t1.col2 IN (@p1, @p2) UNION SELECT t2.col3 AS col3, t2.col4 AS col4 FROM t2 WHERE t2.col2 IN (@p3, @p4)"
	unionParams := []any{"t1col2r1", "t1col2r2", "t2col2r2", "t2col2r3"}

	sqltest.Run(t, []sqltest.Case{
		{Name: "test_true_false/55", Stmt: sql.False(), Dialect: d, SQL: "0"},
		{Name: "test_true_false/56", Stmt: sql.True(), Dialect: d, SQL: "1"},
		{Name: "test_in_with_subqueries/424", Dialect: d,
			Stmt: sql.NewSelect(sometable).Where(sql.Ops(sometable.C("somecolumn")).Eq(sql.NewSelect(sometable).ScalarSubquery())),
			SQL:  "SELECT sometable.somecolumn FROM sometable WHERE sometable.somecolumn = (SELECT sometable.somecolumn FROM sometable)"},
		{Name: "test_in_with_subqueries/431", Dialect: d,
			Stmt: sql.NewSelect(sometable).Where(sql.Ops(sometable.C("somecolumn")).Ne(sql.NewSelect(sometable).ScalarSubquery())),
			SQL:  "SELECT sometable.somecolumn FROM sometable WHERE sometable.somecolumn != (SELECT sometable.somecolumn FROM sometable)"},
		{Name: "test_noorderby_insubquery/461", Dialect: d,
			Stmt: inSub(sql.NewSelect(myid).OrderBy(myid)),
			SQL:  "SELECT * FROM (SELECT mytable.myid AS myid FROM mytable)" + subTail},
		{Name: "test_noorderby_insubquery_limit/486", Dialect: d,
			Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).Limit(10)),
			SQL:  "SELECT * FROM (SELECT TOP 10 mytable.myid AS myid FROM mytable ORDER BY mytable.myid)" + subTail},
		{Name: "test_noorderby_insubquery_fetch/546", Dialect: d,
			Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).FetchFirst(10, true, false)),
			SQL:  "SELECT * FROM (SELECT TOP 10 WITH TIES mytable.myid AS myid FROM mytable ORDER BY mytable.myid)" + subTail},
		{Name: "test_noorderby_insubquery_fetch/554", Dialect: d,
			Stmt: inSub(sql.NewSelect(myid).OrderBy(myid).FetchFirst(10, false, true)),
			SQL:  "SELECT * FROM (SELECT TOP 10 PERCENT mytable.myid AS myid FROM mytable ORDER BY mytable.myid)" + subTail},
		{Name: "test_noorderby_insubquery_offset_newstyle/609/10", Dialect: d,
			Stmt:   inSub(sql.NewSelect(myid).OrderBy(myid).Offset(10)),
			SQL:    "SELECT * FROM (SELECT mytable.myid AS myid FROM mytable ORDER BY mytable.myid OFFSET @p1 ROWS)" + subTail,
			Params: []any{int64(10)}},
		{Name: "test_noorderby_insubquery_offset_newstyle/609/0", Dialect: d,
			Stmt:   inSub(sql.NewSelect(myid).OrderBy(myid).Offset(0)),
			SQL:    "SELECT * FROM (SELECT mytable.myid AS myid FROM mytable ORDER BY mytable.myid OFFSET @p1 ROWS)" + subTail,
			Params: []any{int64(0)}},
		{Name: "test_noorderby_insubquery_limit_offset_newstyle/636", Dialect: d,
			Stmt:   inSub(sql.NewSelect(myid).OrderBy(myid).Limit(10).Offset(10)),
			SQL:    "SELECT * FROM (SELECT mytable.myid AS myid FROM mytable ORDER BY mytable.myid OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY)" + subTail,
			Params: []any{int64(10), int64(10)}},
		{Name: "test_noorderby_parameters_insubquery/665", Dialect: d,
			Stmt:   inSub(sql.NewSelect(myid, sql.Literal("bar").Label("c1")).OrderBy(sql.Ops(mt.C("name")).Concat("-"))),
			SQL:    "SELECT * FROM (SELECT mytable.myid AS myid, @p1 AS c1 FROM mytable)" + subTail,
			Params: []any{"bar"}},
		{Name: "test_union/973", Dialect: d, Stmt: union, SQL: unionSQL + " ORDER BY col3, col4", Params: unionParams},
		{Name: "test_union/985", Dialect: d, Stmt: sql.NewSelect(union.Subquery("bar")),
			SQL: "SELECT bar.col3, bar.col4 FROM (" + unionSQL + ") AS bar", Params: unionParams},
		{Name: "test_function/999", Dialect: d, Stmt: sql.Func("foo", 1, 2), SQL: "foo(@p1, @p2)", Params: []any{1, 2}},
		{Name: "test_function/1000", Dialect: d, Stmt: sql.Func("current_time"), SQL: "CURRENT_TIME"},
		{Name: "test_function/1001", Dialect: d, Stmt: sql.Func("foo"), SQL: "foo()"},
		{Name: "test_function/1006", Dialect: d, Stmt: sql.NewSelect(sql.Func("max", sc.C("col1"))), SQL: "SELECT max(sometable.col1) AS max_1 FROM sometable"},
		{Name: "test_function_overrides/1012", Dialect: d, Stmt: sql.Func("current_date"), SQL: "GETDATE()"},
		{Name: "test_function_overrides/1013", Dialect: d, Stmt: sql.Func("length", 3), SQL: "LEN(@p1)", Params: []any{3}},
		{Name: "test_simple_compile/1880/pow", Dialect: d, Stmt: sql.Func("pow", tab.C("x"), 3), SQL: "POWER(t.x, @p1)", Params: []any{3}},
		{Name: "test_simple_compile/1880/power", Dialect: d, Stmt: sql.Func("power", tab.C("x"), tab.C("y")), SQL: "power(t.x, t.y)"},
		{Name: "test_limit_using_top/1136", Dialect: d,
			Stmt:   sql.NewSelect(tab).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y")).Limit(10),
			SQL:    "SELECT TOP 10 t.x, t.y FROM t WHERE t.x = @p1 ORDER BY t.y",
			Params: []any{5}},
		{Name: "test_limit_zero_using_top/1164", Dialect: d,
			Stmt:   sql.NewSelect(tab).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y")).Limit(0),
			SQL:    "SELECT TOP 0 t.x, t.y FROM t WHERE t.x = @p1 ORDER BY t.y",
			Params: []any{5}},
		{Name: "test_limit_zero_using_window/1365", Dialect: d,
			Stmt:   sql.NewSelect(tab).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y")).Limit(0),
			SQL:    "SELECT TOP 0 t.x, t.y FROM t WHERE t.x = @p1 ORDER BY t.y",
			Params: []any{5}},
		{Name: "test_try_cast/1607", Dialect: d,
			Stmt: sql.NewSelect(mssql.TryCast(sql.NewTable("t1", sql.NewColumn("id", integer, sql.PrimaryKey())).C("id"), integer)),
			SQL:  "SELECT TRY_CAST (t1.id AS INTEGER) AS id FROM t1"},
		{Name: "test_limit_offset_using_offset_fetch/1241", Dialect: d,
			Stmt:   sql.NewSelect(tab).Where(tab.C("x").Eq(5)).OrderBy(tab.C("y")).Limit(10).Offset(20),
			SQL:    "SELECT t.x, t.y FROM t WHERE t.x = @p1 ORDER BY t.y OFFSET @p2 ROWS FETCH FIRST @p3 ROWS ONLY",
			Params: []any{5, int64(20), int64(10)}},
		{Name: "test_select_w_order_by_collate/115", Dialect: d,
			Stmt: sql.NewSelect(sql.NewTable("sometable", sql.NewColumn("somecolumn", str)).C("somecolumn")).
				OrderBy(sql.Ops(sometable.C("somecolumn").Collate("Latin1_General_CS_AS_KS_WS_CI")).Asc()),
			SQL: "SELECT sometable.somecolumn FROM sometable ORDER BY sometable.somecolumn COLLATE Latin1_General_CS_AS_KS_WS_CI ASC"},
	})
}

// test_fetch (test_compiler.py:1718, SQL Server 2012 and later).
func TestConformanceFetch(t *testing.T) {
	d := mssql.New()
	tab := sql.NewTable("t", sql.NewColumn("a", nil))
	base := sql.NewSelect(tab).OrderBy(tab.C("a"))
	const sel = "SELECT t.a FROM t ORDER BY t.a "
	sqltest.Run(t, []sqltest.Case{
		{Name: "5,10", Dialect: d, Stmt: base.FetchFirst(5, false, false).Offset(10),
			SQL: sel + "OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY", Params: []any{int64(10), int64(5)}},
		{Name: "None,10", Dialect: d, Stmt: base.Offset(10), SQL: sel + "OFFSET @p1 ROWS", Params: []any{int64(10)}},
		{Name: "5,None", Dialect: d, Stmt: base.FetchFirst(5, false, false),
			SQL: sel + "OFFSET 0 ROWS FETCH FIRST @p1 ROWS ONLY", Params: []any{int64(5)}},
		{Name: "0,0", Dialect: d, Stmt: base.FetchFirst(0, false, false).Offset(0),
			SQL: sel + "OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY", Params: []any{int64(0), int64(0)}},
		{Name: "percent", Dialect: d, Stmt: base.FetchFirst(5, false, true), SQL: "SELECT TOP 5 PERCENT t.a FROM t ORDER BY t.a"},
		{Name: "percent,ties", Dialect: d, Stmt: base.FetchFirst(5, true, true), SQL: "SELECT TOP 5 PERCENT WITH TIES t.a FROM t ORDER BY t.a"},
		{Name: "ties", Dialect: d, Stmt: base.FetchFirst(5, true, false), SQL: "SELECT TOP 5 WITH TIES t.a FROM t ORDER BY t.a"},
		// test_row_limit_compile_error (test_compiler.py:1839).
		{Name: "percent with offset", Dialect: d, Stmt: base.FetchFirst(5, false, true).Offset(3), Err: sql.ErrNotSupported},
		{Name: "ties with offset", Dialect: d, Stmt: base.FetchFirst(5, true, false).Offset(3), Err: sql.ErrNotSupported},
		{Name: "percent and ties with offset", Dialect: d, Stmt: base.FetchFirst(5, true, true).Offset(3), Err: sql.ErrNotSupported},
		{Name: "fetch offset without order by", Dialect: d, Stmt: sql.NewSelect(tab).FetchFirst(5, false, false).Offset(3), Err: sql.ErrArgument},
		{Name: "fetch without order by", Dialect: d, Stmt: sql.NewSelect(tab).FetchFirst(5, false, false), Err: sql.ErrArgument},
		{Name: "offset without order by", Dialect: d, Stmt: sql.NewSelect(tab).Offset(5), Err: sql.ErrArgument},
	})
}

func TestConformanceIdentifiers(t *testing.T) {
	d := mssql.New()
	// test_identifier_rendering (test_compiler.py:89).
	var cases []sqltest.Case
	for _, tc := range []struct{ name, quoted string }{
		{"sometable", "sometable"},
		{"colo[u]r", "[colo[u]]r]"},
		{"colo[ur", "[colo[ur]"},
		{"colou]r", "[colou]]r]"},
		{`Edwin "Buzz" Aldrin`, `[Edwin "Buzz" Aldrin]`},
		{"Dash-8", "[Dash-8]"},
		{"tl/dr", "[tl/dr]"},
		{"Red Deer", "[Red Deer]"},
		{"OK?", "[OK?]"},
		{"GST%", "[GST%]"},
	} {
		tab := sql.NewTable(tc.name, sql.NewColumn("somecolumn", nil))
		cases = append(cases, sqltest.Case{Name: "test_identifier_rendering/" + tc.name, Dialect: d, Stmt: sql.NewSelect(tab),
			SQL: "SELECT " + tc.quoted + ".somecolumn FROM " + tc.quoted})
	}
	// test_schema_* (test_compiler.py:707-852): a dotted schema is
	// [database.]owner. SQLAlchemy's quoted_name("foo.dbo", True) is
	// written "[foo.dbo]" here.
	for _, tc := range []struct{ line, schema, want string }{
		{"707", "abc", "abc"},
		{"707", "has spaces", "[has spaces]"},
		{"707", "[abc]", "abc"},
		{"707", "[has spaces]", "[has spaces]"},
		{"728", "abc.def.efg.hij", "[abc.def.efg].hij"},
		{"747", "[abc].[def].[efg].[hij]", "[abc].[def].[efg].hij"},
		{"761+773", "[foo.dbo]", "[foo.dbo]"},
		{"792+814", "[Foo.dbo]", "[Foo.dbo]"},
		{"834", "foo.dbo", "foo.dbo"},
		{"852", "Foo.dbo", "[Foo].dbo"},
	} {
		tab := sql.NewTable("test", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.Schema(tc.schema))
		cases = append(cases, sqltest.Case{Name: "test_schema/" + tc.line + "/" + tc.schema, Dialect: d, Stmt: sql.NewSelect(tab),
			SQL: "SELECT " + tc.want + ".test.id FROM " + tc.want + ".test"})
	}
	sqltest.Run(t, cases)
}

func TestConformanceDML(t *testing.T) {
	d := mssql.New()
	sometable := sql.NewTable("sometable", sql.NewColumn("somecolumn", nil))
	mt := mytable()
	other := sql.NewTable("myothertable", sql.NewColumn("otherid", integer), sql.NewColumn("othername", types.String{Length: 30}))
	mtAlias := mt.Alias("mytable_1")
	t1 := sql.NewTable("t1", sql.NewColumn("c1", nil))
	t2 := sql.NewTable("t2", sql.NewColumn("c1", nil))
	schemaTable := sql.NewTable("sometable", sql.NewColumn("sym", str), sql.NewColumn("val", integer), sql.Schema("schema"))
	tempTable := sql.NewTable("#other", sql.NewColumn("sym", str), sql.NewColumn("newval", integer))

	cases := []sqltest.Case{
		{Name: "test_insert/178", Dialect: d, Stmt: sometable.Insert().Values(sql.Values{"somecolumn": sql.Bind("somecolumn")}),
			SQL: "INSERT INTO sometable (somecolumn) VALUES (@p1)", Exec: sql.Params{"somecolumn": "x"}, Params: []any{"x"}},
		{Name: "test_update/185", Dialect: d, Stmt: sometable.Update().Values(sql.Values{"somecolumn": 10}).Where(sometable.C("somecolumn").Eq(7)),
			SQL: "UPDATE sometable SET somecolumn=@p1 WHERE sometable.somecolumn = @p2", Params: []any{10, 7}},
		// test_update_exclude_hint, test_delete_exclude_hint: the hint is
		// MySQL's; nothing is written for SQL Server.
		{Name: "test_update_exclude_hint/225", Dialect: d, Stmt: sometable.Update().Values(sql.Values{"somecolumn": "x"}).Where(sometable.C("somecolumn").Eq("q")),
			SQL: "UPDATE sometable SET somecolumn=@p1 WHERE sometable.somecolumn = @p2", Params: []any{"x", "q"}},
		{Name: "test_delete_exclude_hint/250", Dialect: d, Stmt: sometable.Delete().Where(sometable.C("somecolumn").Eq("q")),
			SQL: "DELETE FROM sometable WHERE sometable.somecolumn = @p1", Params: []any{"q"}},
		{Name: "test_delete_extra_froms/262", Dialect: d, Stmt: t1.Delete().Where(t1.C("c1").Eq(t2.C("c1"))),
			SQL: "DELETE FROM t1 FROM t1, t2 WHERE t1.c1 = t2.c1"},
		{Name: "test_update_from/300", Dialect: d, Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Where(other.C("otherid").Eq(mt.C("myid"))),
			SQL: "UPDATE mytable SET name=@p1 FROM mytable, myothertable WHERE myothertable.otherid = mytable.myid", Params: []any{"foo"}},
		{Name: "test_update_from/307", Dialect: d,
			Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Where(other.C("otherid").Eq(mt.C("myid"))).Where(other.C("othername").Eq(mtAlias.C("name"))),
			SQL:  "UPDATE mytable SET name=@p1 FROM mytable, myothertable, mytable AS mytable_1 WHERE myothertable.otherid = mytable.myid AND myothertable.othername = mytable_1.name", Params: []any{"foo"}},
		{Name: "test_update_to_select_schema/347", Dialect: d,
			Stmt: schemaTable.Update().Values(sql.Values{"val": sql.NewSelect(tempTable.C("newval")).Where(schemaTable.C("sym").Eq(tempTable.C("sym"))).ScalarSubquery()}),
			SQL:  "UPDATE [schema].sometable SET val=(SELECT [#other].newval FROM [#other] WHERE [schema].sometable.sym = [#other].sym)"},
		{Name: "test_update_to_select_schema/359", Dialect: d,
			Stmt: schemaTable.Update().Values(sql.Values{"val": tempTable.C("newval")}).Where(schemaTable.C("sym").Eq(tempTable.C("sym"))),
			SQL:  "UPDATE [schema].sometable SET val=[#other].newval FROM [schema].sometable, [#other] WHERE [schema].sometable.sym = [#other].sym"},
		// test_update_returning, test_delete_returning, test_insert_returning.
		{Name: "test_update_returning/1036", Dialect: d, Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Returning(mt.C("myid"), mt.C("name")),
			SQL: "UPDATE mytable SET name=@p1 OUTPUT inserted.myid, inserted.name", Params: []any{"foo"}},
		{Name: "test_update_returning/1042", Dialect: d, Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Returning(mt),
			SQL: "UPDATE mytable SET name=@p1 OUTPUT inserted.myid, inserted.name, inserted.description", Params: []any{"foo"}},
		{Name: "test_update_returning/1054", Dialect: d, Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Returning(mt).Where(mt.C("name").Eq("bar")),
			SQL: "UPDATE mytable SET name=@p1 OUTPUT inserted.myid, inserted.name, inserted.description WHERE mytable.name = @p2", Params: []any{"foo", "bar"}},
		{Name: "test_update_returning/1066", Dialect: d, Stmt: mt.Update().Values(sql.Values{"name": "foo"}).Returning(sql.Func("length", mt.C("name"))),
			SQL: "UPDATE mytable SET name=@p1 OUTPUT LEN(inserted.name) AS length_1", Params: []any{"foo"}},
		{Name: "test_delete_returning/1080", Dialect: d, Stmt: mt.Delete().Returning(mt.C("myid"), mt.C("name")),
			SQL: "DELETE FROM mytable OUTPUT deleted.myid, deleted.name"},
		{Name: "test_delete_returning/1088", Dialect: d, Stmt: mt.Delete().Where(mt.C("name").Eq("bar")).Returning(mt.C("myid"), mt.C("name")),
			SQL: "DELETE FROM mytable OUTPUT deleted.myid, deleted.name WHERE mytable.name = @p1", Params: []any{"bar"}},
		{Name: "test_insert_returning/1106", Dialect: d, Stmt: mt.Insert().Values(sql.Values{"name": "foo"}).Returning(mt.C("myid"), mt.C("name")),
			SQL: "INSERT INTO mytable (name) OUTPUT inserted.myid, inserted.name VALUES (@p1)", Params: []any{"foo"}},
		{Name: "test_insert_returning/1113", Dialect: d, Stmt: mt.Insert().Values(sql.Values{"name": "foo"}).Returning(mt),
			SQL: "INSERT INTO mytable (name) OUTPUT inserted.myid, inserted.name, inserted.description VALUES (@p1)", Params: []any{"foo"}},
		{Name: "test_insert_returning/1124", Dialect: d, Stmt: mt.Insert().Values(sql.Values{"name": "foo"}).Returning(sql.Func("length", mt.C("name"))),
			SQL: "INSERT INTO mytable (name) OUTPUT LEN(inserted.name) AS length_1 VALUES (@p1)", Params: []any{"foo"}},
	}
	// test_delete_schema* (test_compiler.py:869-940).
	for _, tc := range []struct{ line, schema, want string }{
		{"869", "paj", "paj"},
		{"889", "banana.paj", "banana.paj"},
		{"910", "banana split.paj", "[banana split].paj"},
		{"933", "banana split.paj with a space", "[banana split].[paj with a space]"},
	} {
		tbl := sql.NewTable("test", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.Schema(tc.schema))
		q := tc.want + ".test"
		sub := sql.NewSelect(tbl.C("id")).Where(tbl.C("id").Eq(1))
		cases = append(cases,
			sqltest.Case{Name: "test_delete_schema/" + tc.line + "/eq", Dialect: d, Stmt: tbl.Delete().Where(tbl.C("id").Eq(1)),
				SQL: "DELETE FROM " + q + " WHERE " + q + ".id = @p1", Params: []any{1}},
			sqltest.Case{Name: "test_delete_schema/" + tc.line + "/in", Dialect: d, Stmt: tbl.Delete().Where(tbl.C("id").In(sub)),
				SQL: "DELETE FROM " + q + " WHERE " + q + ".id IN (SELECT " + q + ".id FROM " + q + " WHERE " + q + ".id = @p1)", Params: []any{1}})
	}
	sqltest.Run(t, cases)
}

func TestConformanceCTE(t *testing.T) {
	// test_cte.py:150 test_recursive, on SQL Server: WITH without
	// RECURSIVE. SQLAlchemy's anonymous aliases parts_1 and anon_2 are
	// named here (Athanor numbers anonymous aliases anon_N).
	parts := sql.NewTable("parts", sql.NewColumn("part", nil), sql.NewColumn("sub_part", nil), sql.NewColumn("quantity", nil))
	included := sql.NewSelect(parts.C("sub_part"), parts.C("part"), parts.C("quantity")).Where(parts.C("part").Eq("our part")).RecursiveCTE("")
	inclAlias := included.Alias("anon_2")
	partsAlias := parts.Alias("parts_1")
	included = included.Union(sql.NewSelect(partsAlias.C("sub_part"), partsAlias.C("part"), partsAlias.C("quantity")).Where(partsAlias.C("part").Eq(inclAlias.C("sub_part"))))
	s := sql.NewSelect(included.C("sub_part"), sql.Func("sum", included.C("quantity")).Label("total_quantity")).
		SelectFrom(included.Join(parts, included.C("part").Eq(parts.C("part")))).
		GroupBy(included.C("sub_part"))
	sqltest.Check(t, sqltest.Case{Dialect: mssql.New(), Stmt: s,
		SQL: "WITH anon_1(sub_part, part, quantity) AS (SELECT parts.sub_part AS sub_part, parts.part AS part, parts.quantity AS quantity FROM parts WHERE parts.part = @p1 " +
			"UNION SELECT parts_1.sub_part AS sub_part, parts_1.part AS part, parts_1.quantity AS quantity FROM parts AS parts_1, anon_1 AS anon_2 WHERE parts_1.part = anon_2.sub_part) " +
			"SELECT anon_1.sub_part, sum(anon_1.quantity) AS total_quantity FROM anon_1 JOIN parts ON anon_1.part = parts.part GROUP BY anon_1.sub_part",
		Params: []any{"our part"}})
}

func TestConformanceDDL(t *testing.T) {
	d := mssql.New()
	i64 := func(n int64) *int64 { return &n }
	persisted := func(b bool) *bool { return &b }
	computed := func(p *bool) *sql.Table {
		return sql.NewTable("t", sql.NewColumn("x", integer), sql.NewColumn("y", integer, sql.Generated(sql.LiteralColumn("x + 2"), p)))
	}
	data := sql.NewTable("test", sql.NewColumn("data", integer))
	xyz := sql.NewTable("test", sql.NewColumn("x", integer), sql.NewColumn("y", integer), sql.NewColumn("z", integer))
	foo := sql.NewTable("foo", sql.NewColumn("x", integer))
	bar := sql.NewTable("foo", sql.NewColumn("x", integer), sql.Schema("bar"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "test_column_computed/1628/no_persisted", Dialect: d, Stmt: sql.NewCreateTable(computed(nil)), SQL: "CREATE TABLE t (x INTEGER NULL, y AS (x + 2))"},
		{Name: "test_column_computed/1628/persisted_true", Dialect: d, Stmt: sql.NewCreateTable(computed(persisted(true))), SQL: "CREATE TABLE t (x INTEGER NULL, y AS (x + 2) PERSISTED)"},
		{Name: "test_column_computed/1628/persisted_false", Dialect: d, Stmt: sql.NewCreateTable(computed(persisted(false))), SQL: "CREATE TABLE t (x INTEGER NULL, y AS (x + 2))"},
		{Name: "test_index_where/1496", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("test_idx_data_1", data.C("data")).Where(data.C("data").Gt(1))),
			SQL: "CREATE INDEX test_idx_data_1 ON test (data) WHERE data > 1"},
		{Name: "test_index_where/1502", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("test_idx_data_1", data.C("data")).Where(sql.Text("data > 1"))),
			SQL: "CREATE INDEX test_idx_data_1 ON test (data) WHERE data > 1"},
		{Name: "test_index_ordering/1517", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("foo", sql.Ops(xyz.C("x")).Desc(), xyz.C("y"))),
			SQL: "CREATE INDEX foo ON test (x DESC, y)"},
		{Name: "test_create_index_expr/1524", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("bar", foo.C("x").Gt(5))),
			SQL: "CREATE INDEX bar ON foo (x > 5)"},
		{Name: "test_drop_index_w_schema/1532", Dialect: d, Stmt: sql.NewDropIndex(sql.NewIndex("idx_foo", bar.C("x"))),
			SQL: "DROP INDEX idx_foo ON bar.foo"},
		{Name: "test_drop_index_if_exists/1540", Dialect: d, Stmt: &sql.DropIndex{Index: sql.NewIndex("idx_foo", bar.C("x")), IfExists: true},
			SQL: "DROP INDEX IF EXISTS idx_foo ON bar.foo"},
		{Name: "test_primary_key_no_identity/1925", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.Autoincrement(false), sql.PrimaryKey()))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL, PRIMARY KEY (id))"},
		{Name: "test_primary_key_defaults_to_identity/1933", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.PrimaryKey()))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY, PRIMARY KEY (id))"},
		{Name: "test_primary_key_with_identity_object/1951", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Start: i64(3), Increment: i64(42)}), sql.PrimaryKey()))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY(3,42), PRIMARY KEY (id))"},
		{Name: "test_identity_object_no_primary_key/1974", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Increment: i64(42)})))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY(1,42))"},
		{Name: "test_identity_object_1_1/1986", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Start: i64(1), Increment: i64(1)})))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY(1,1))"},
		{Name: "test_identity_object_no_primary_key_non_nullable/2003", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Start: i64(3)}), sql.NotNull()))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY(3,1))"},
		{Name: "test_identity_object_separate_from_primary_key/2035", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.Autoincrement(false), sql.PrimaryKey()),
				sql.NewColumn("x", integer, sql.AsIdentity(sql.Identity{Start: i64(3), Increment: i64(42)})))),
			SQL: "CREATE TABLE test (id INTEGER NOT NULL, x INTEGER NOT NULL IDENTITY(3,42), PRIMARY KEY (id))"},
		// SQLAlchemy's case also declares id autoincrement=True, which
		// Athanor accepts only on a primary key; the SQL is the same.
		{Name: "test_identity_object_illegal_two_autoincrements/2077", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Start: i64(3), Increment: i64(42)})),
				sql.NewColumn("id2", integer, sql.AsIdentity(sql.Identity{Start: i64(7), Increment: i64(2)})))),
			SQL: "CREATE TABLE test (id INTEGER NOT NULL IDENTITY(3,42), id2 INTEGER NOT NULL IDENTITY(7,2))"},
		{Name: "test_identity_object_no_options/2154", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("test", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{})))),
			SQL:  "CREATE TABLE test (id INTEGER NOT NULL IDENTITY)"},
	})
}

// Table and statement hints (with_hint, with_statement_hint), for SQL
// Server or every dialect ("*" or none named); a hint for another dialect
// is left out.
func TestConformanceHints(t *testing.T) {
	d := mssql.New()
	mt := mytable()
	other := sql.NewTable("myothertable", sql.NewColumn("otherid", integer), sql.NewColumn("othername", types.String{Length: 30}))
	sometable := sql.NewTable("sometable", sql.NewColumn("somecolumn", nil))
	schemaTable := sql.NewTable("sometable", sql.NewColumn("somecolumn", nil), sql.Schema("test_schema"))
	t1 := sql.NewTable("t1", sql.NewColumn("a", integer), sql.NewColumn("b", str), sql.NewColumn("c", str))
	t2 := sql.NewTable("t2", sql.NewColumn("a", integer), sql.NewColumn("b", integer), sql.NewColumn("c", integer))
	othertable := sql.NewTable("othertable", sql.NewColumn("somecolumn", nil))
	one := func() *sql.Select { return sql.NewSelect(sql.LiteralColumn("1")).SelectFrom(other) }
	cases := []sqltest.Case{
		{Name: "test_exists_with_hint/1369", Dialect: d,
			Stmt: sql.NewSelect(mt).Where(sql.Exists(one().WithHint(other, "WITH (NOLOCK)", "mssql"))),
			SQL:  "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT 1 FROM myothertable WITH (NOLOCK))"},
		{Name: "test_exists_with_statement_hint/1384", Dialect: d,
			Stmt: sql.NewSelect(mt).Where(sql.Exists(one().WithStatementHint("WITH (NOLOCK)", "mssql"))),
			SQL:  "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT 1 FROM myothertable WITH (NOLOCK))"},
		{Name: "test_select_with_nolock/95", Dialect: d, Stmt: sql.NewSelect(sometable).WithHint(sometable, "WITH (NOLOCK)"),
			SQL: "SELECT sometable.somecolumn FROM sometable WITH (NOLOCK)"},
		{Name: "test_select_with_nolock_schema/105", Dialect: d, Stmt: sql.NewSelect(schemaTable).WithHint(schemaTable, "WITH (NOLOCK)"),
			SQL: "SELECT test_schema.sometable.somecolumn FROM test_schema.sometable WITH (NOLOCK)"},
		{Name: "test_join_with_hint/170", Dialect: d,
			Stmt: sql.NewSelect(t1, t2).SelectFrom(t1.Join(t2, t1.C("a").Eq(t2.C("a")))).WithHint(t1, "WITH (NOLOCK)"),
			SQL:  "SELECT t1.a, t1.b, t1.c, t2.a AS a_1, t2.b AS b_1, t2.c AS c_1 FROM t1 WITH (NOLOCK) JOIN t2 ON t1.a = t2.a"},
		{Name: "test_update_from_hint/319", Dialect: d,
			Stmt: sometable.Update().Where(sometable.C("somecolumn").Eq(othertable.C("somecolumn"))).Values(sql.Values{"somecolumn": "x"}).
				WithHint(othertable, "WITH (PAGLOCK)", "mssql"),
			SQL: "UPDATE sometable SET somecolumn=@p1 FROM sometable, othertable WITH (PAGLOCK) WHERE sometable.somecolumn = othertable.somecolumn", Params: []any{"x"}},
		// Beyond SQLAlchemy's cases: an alias takes its hint after its
		// name, a hint for another dialect is left out, two hints on one
		// table are written in order.
		{Name: "alias", Dialect: d, Stmt: func() sql.Element {
			a := sometable.Alias("s")
			return sql.NewSelect(a).WithHint(a, "WITH (NOLOCK)")
		}(), SQL: "SELECT s.somecolumn FROM sometable AS s WITH (NOLOCK)"},
		{Name: "another dialect's hint", Dialect: d, Stmt: sql.NewSelect(sometable).WithHint(sometable, "USE INDEX (ix)", "mysql").WithStatementHint("x", "oracle"),
			SQL: "SELECT sometable.somecolumn FROM sometable"},
	}
	for _, darg := range []string{"*", "mssql"} {
		cases = append(cases,
			sqltest.Case{Name: "test_insert_hint/197/" + darg, Dialect: d,
				Stmt: sometable.Insert().Values(sql.Values{"somecolumn": "x"}).WithHint("WITH (PAGLOCK)", darg),
				SQL:  "INSERT INTO sometable WITH (PAGLOCK) (somecolumn) VALUES (@p1)", Params: []any{"x"}},
			sqltest.Case{Name: "test_update_hint/211/" + darg, Dialect: d,
				Stmt: sometable.Update().Where(sometable.C("somecolumn").Eq("q")).Values(sql.Values{"somecolumn": "x"}).WithHint(nil, "WITH (PAGLOCK)", darg),
				SQL:  "UPDATE sometable WITH (PAGLOCK) SET somecolumn=@p1 WHERE sometable.somecolumn = @p2", Params: []any{"x", "q"}},
			sqltest.Case{Name: "test_delete_hint/238/" + darg, Dialect: d,
				Stmt: sometable.Delete().Where(sometable.C("somecolumn").Eq("q")).WithHint(sometable, "WITH (PAGLOCK)", darg),
				SQL:  "DELETE FROM sometable WITH (PAGLOCK) WHERE sometable.somecolumn = @p1", Params: []any{"q"}})
	}
	sqltest.Run(t, cases)
	// Dialects without table hints leave them out.
	sqltest.Check(t, sqltest.Case{Dialect: postgres.New(), Stmt: sql.NewSelect(sometable).WithHint(sometable, "WITH (NOLOCK)").WithStatementHint("x"),
		SQL: "SELECT sometable.somecolumn FROM sometable"})
}
