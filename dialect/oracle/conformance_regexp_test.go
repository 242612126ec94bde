package oracle_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// RegexpTest (test_compiler.py:1771-1874) and test_match_5
// (test/sql/test_operators.py:3374).
func TestConformanceRegexp(t *testing.T) {
	t.Parallel()
	tb := sql.NewTable("mytable", sql.NewColumn("myid", types.String{}), sql.NewColumn("name", types.String{}))
	myid, name := sql.Ops(tb.C("myid")), tb.C("name")
	str := sql.Ops(sql.Literal("string"))
	run(t, []sqltest.Case{
		{Name: "test_regexp_match/1771", Stmt: myid.RegexpMatch("pattern"), SQL: "REGEXP_LIKE(mytable.myid, :1)", Params: []any{"pattern"}},
		{Name: "test_regexp_match_column/1778", Stmt: myid.RegexpMatch(name), SQL: "REGEXP_LIKE(mytable.myid, mytable.name)"},
		{Name: "test_regexp_match_str/1785", Stmt: str.RegexpMatch(name), SQL: "REGEXP_LIKE(:1, mytable.name)", Params: []any{"string"}},
		{Name: "test_regexp_match_flags/1792", Stmt: myid.RegexpMatch("pattern", "ig"), SQL: "REGEXP_LIKE(mytable.myid, :1, 'ig')", Params: []any{"pattern"}},
		{Name: "test_regexp_match_flags_safestring/1799", Stmt: myid.RegexpMatch("pattern", "i'g"), SQL: "REGEXP_LIKE(mytable.myid, :1, 'i''g')", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match/1806", Stmt: sql.Not(myid.RegexpMatch("pattern")), SQL: "NOT REGEXP_LIKE(mytable.myid, :1)", Params: []any{"pattern"}},
		{Name: "test_not_regexp_match_column/1813", Stmt: sql.Not(myid.RegexpMatch(name)), SQL: "NOT REGEXP_LIKE(mytable.myid, mytable.name)"},
		{Name: "test_not_regexp_match_str/1820", Stmt: sql.Not(str.RegexpMatch(name)), SQL: "NOT REGEXP_LIKE(:1, mytable.name)", Params: []any{"string"}},
		{Name: "test_not_regexp_match_flags/1827", Stmt: sql.Not(myid.RegexpMatch("pattern", "ig")), SQL: "NOT REGEXP_LIKE(mytable.myid, :1, 'ig')", Params: []any{"pattern"}},
		{Name: "test_regexp_replace/1834", Stmt: myid.RegexpReplace("pattern", "replacement"),
			SQL: "REGEXP_REPLACE(mytable.myid, :1, :2)", Params: []any{"pattern", "replacement"}},
		{Name: "test_regexp_replace_column/1841", Stmt: myid.RegexpReplace("pattern", name),
			SQL: "REGEXP_REPLACE(mytable.myid, :1, mytable.name)", Params: []any{"pattern"}},
		{Name: "test_regexp_replace_column2/1848", Stmt: myid.RegexpReplace(name, "replacement"),
			SQL: "REGEXP_REPLACE(mytable.myid, mytable.name, :1)", Params: []any{"replacement"}},
		{Name: "test_regexp_replace_string/1855", Stmt: str.RegexpReplace("pattern", name),
			SQL: "REGEXP_REPLACE(:1, :2, mytable.name)", Params: []any{"string", "pattern"}},
		{Name: "test_regexp_replace_flags/1862", Stmt: myid.RegexpReplace("pattern", "replacement", "ig"),
			SQL: "REGEXP_REPLACE(mytable.myid, :1, :2, 'ig')", Params: []any{"pattern", "replacement"}},
		{Name: "test_regexp_replace_flags_safestring/1874", Stmt: myid.RegexpReplace("pattern", "replacement", "i'g"),
			SQL: "REGEXP_REPLACE(mytable.myid, :1, :2, 'i''g')", Params: []any{"pattern", "replacement"}},
		{Name: "test_match_5/3374", Stmt: sql.Ops(table1.C("myid")).Match("somstr"), SQL: "CONTAINS (mytable.myid, :1)", Params: []any{"somstr"}},
		// test_simple_compile (test_compiler.py:1711), its MATCH
		// combinations.
		{Name: "test_simple_compile/1711/match column", Stmt: sql.Ops(tb.C("name")).Match(tb.C("myid")), SQL: "CONTAINS (mytable.name, mytable.myid)"},
		{Name: "test_simple_compile/1711/match value", Stmt: sql.Ops(tb.C("name")).Match("w"), SQL: "CONTAINS (mytable.name, :1)", Params: []any{"w"}},
		// Beyond SQLAlchemy's cases.
		{Name: "not match", Stmt: sql.Not(sql.Ops(table1.C("myid")).Match("somstr")), SQL: "NOT CONTAINS (mytable.myid, :1)", Params: []any{"somstr"}},
		{Name: "in a WHERE clause", Stmt: sql.NewSelect(tb.C("myid")).Where(myid.RegexpMatch("^a")),
			SQL: "SELECT mytable.myid FROM mytable WHERE REGEXP_LIKE(mytable.myid, :1)", Params: []any{"^a"}},
		{Name: "extract", Stmt: sql.NewSelect(sql.Extract("year", tb.C("myid"))), SQL: "SELECT EXTRACT(year FROM mytable.myid) AS anon_1 FROM mytable"},
	})
}

// test_create_index_bitmap_compress (test_compiler.py:1524-1532).
func TestConformanceIndexOptions(t *testing.T) {
	t.Parallel()
	tbl := sql.NewTable("testtbl", sql.NewColumn("data", types.Integer{}))
	run(t, []sqltest.Case{
		{Name: "compress/1524", Stmt: sql.NewCreateIndex(sql.NewIndex("idx1", tbl.C("data")).Option(oracle.OptionCompress, true)),
			SQL: "CREATE INDEX idx1 ON testtbl (data) COMPRESS"},
		{Name: "compress 1/1528", Stmt: sql.NewCreateIndex(sql.NewIndex("idx2", tbl.C("data")).Option(oracle.OptionCompress, 1)),
			SQL: "CREATE INDEX idx2 ON testtbl (data) COMPRESS 1"},
		{Name: "bitmap/1532", Stmt: sql.NewCreateIndex(sql.NewIndex("idx3", tbl.C("data")).Option(oracle.OptionBitmap, true)),
			SQL: "CREATE BITMAP INDEX idx3 ON testtbl (data)"},
		{Name: "not compressed", Stmt: sql.NewCreateIndex(sql.NewIndex("idx4", tbl.C("data")).Option(oracle.OptionCompress, false).Option(oracle.OptionBitmap, false)),
			SQL: "CREATE INDEX idx4 ON testtbl (data)"},
		{Name: "compress 0 refused", Stmt: sql.NewCreateIndex(sql.NewIndex("idx5", tbl.C("data")).Option(oracle.OptionCompress, 0)), Err: sql.ErrArgument},
		{Name: "compress OLTP refused on an index", Stmt: sql.NewCreateIndex(sql.NewIndex("idx6", tbl.C("data")).Option(oracle.OptionCompress, "OLTP")), Err: sql.ErrArgument},
		{Name: "bitmap not a bool", Stmt: sql.NewCreateIndex(sql.NewIndex("idx7", tbl.C("data")).Option(oracle.OptionBitmap, 1)), Err: sql.ErrArgument},
		{Name: "an index without columns refused", Stmt: func() sql.Element {
			ix := sql.IndexOn("idx8")
			sql.NewTable("t8", sql.NewColumn("data", types.Integer{}), ix)
			return sql.NewCreateIndex(ix)
		}(), Err: sql.ErrArgument},
	})
}

// Table-valued functions (test_compiler.py:1892-1932).
func TestConformanceTableValued(t *testing.T) {
	t.Parallel()
	scalar := func(n int) *sql.Function { return sql.Func("scalar_strings", n) }
	c1, c2 := scalar(5).ColumnValued(), scalar(3).ColumnValued()
	pairs := sql.Func("three_pairs").TableValued("string1", "string2")
	run(t, []sqltest.Case{
		// test_scalar_alias_column (1892: fn.alias().column) and
		// test_column_valued (1912: fn.column_valued()) are both
		// ColumnValued here.
		{Name: "test_scalar_alias_column/1892", Stmt: sql.NewSelect(scalar(5).ColumnValued()),
			SQL: "SELECT anon_1.COLUMN_VALUE FROM TABLE (scalar_strings(:1)) anon_1", Params: []any{5}},
		{Name: "test_column_valued/1912", Stmt: sql.NewSelect(scalar(5).ColumnValued()),
			SQL: "SELECT anon_1.COLUMN_VALUE FROM TABLE (scalar_strings(:1)) anon_1", Params: []any{5}},
		{Name: "test_multi_column_valued/1922", Stmt: sql.NewSelect(c1, c2.Label("x")),
			SQL: "SELECT anon_1.COLUMN_VALUE, anon_2.COLUMN_VALUE AS x FROM TABLE (scalar_strings(:1)) anon_1, TABLE (scalar_strings(:2)) anon_2", Params: []any{5, 3}},
		{Name: "test_table_valued/1932", Stmt: sql.NewSelect(pairs.C("string1"), pairs.C("string2")),
			SQL: "SELECT anon_1.string1, anon_1.string2 FROM TABLE (three_pairs()) anon_1"},
		{Name: "named alias", Stmt: func() sql.Element {
			p := sql.Func("three_pairs").TableValued("string1").Alias("p")
			return sql.NewSelect(p.C("string1")).Where(p.C("string1").Eq("x"))
		}(), SQL: "SELECT p.string1 FROM TABLE (three_pairs()) p WHERE p.string1 = :1", Params: []any{"x"}},
	})
}

// Joins without JOIN (use_ansi=False: Options.NonANSIJoins),
// test_compiler.py:1049-1297.
func TestConformanceNonANSIJoins(t *testing.T) {
	t.Parallel()
	d := oracle.New(oracle.Options{NonANSIJoins: true})
	legacyNonANSI := oracle.New(oracle.Options{NonANSIJoins: true, RownumLimits: true})
	t1 := sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}), sql.NewColumn("description", types.String{}))
	t2 := sql.NewTable("myothertable", sql.NewColumn("otherid", types.Integer{}), sql.NewColumn("othername", types.String{}))
	a, b, c := sql.NewTable("a", sql.NewColumn("a", nil)), sql.NewTable("b", sql.NewColumn("b", nil)), sql.NewTable("c", sql.NewColumn("c", nil))
	const all3 = "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername, thirdtable.userid, thirdtable.otherstuff FROM mytable, myothertable, thirdtable WHERE "
	subq := sql.NewSelect(table1).SelectFrom(table1.OuterJoin(table2, table1.C("myid").Eq(table2.C("otherid")))).Subquery("")
	cases := []sqltest.Case{
		// Athanor parenthesizes a text() among OR's terms, which
		// SQLAlchemy writes bare: (EXISTS (...)).
		{Name: "test_outer_join_one/1049", Stmt: sql.NewSelect(table1, table2).
			Where(sql.Or(table1.C("name").Eq("fred"), table1.C("myid").Eq(10), table2.C("othername").Ne("jack"), sql.Text("EXISTS (select yay from foo where boo = lar)"))).
			SelectFrom(table1.OuterJoin(table2, table1.C("myid").Eq(table2.C("otherid")))),
			SQL:    "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername FROM mytable, myothertable WHERE (mytable.name = :1 OR mytable.myid = :2 OR myothertable.othername != :3 OR (EXISTS (select yay from foo where boo = lar))) AND mytable.myid = myothertable.otherid(+)",
			Params: []any{"fred", 10, "jack"}},
		{Name: "test_outer_join_three/1088", Stmt: sql.NewSelect(table1.OuterJoin(table2, table1.C("myid").Eq(table2.C("otherid"))).OuterJoin(table3, table3.C("userid").Eq(table2.C("otherid")))),
			SQL: all3 + "thirdtable.userid(+) = myothertable.otherid AND mytable.myid = myothertable.otherid(+)"},
		{Name: "test_outer_join_four/1107", Stmt: sql.NewSelect(table1.Join(table2, table1.C("myid").Eq(table2.C("otherid"))).Join(table3, table3.C("userid").Eq(table2.C("otherid")))),
			SQL: all3 + "thirdtable.userid = myothertable.otherid AND mytable.myid = myothertable.otherid"},
		{Name: "test_outer_join_five/1126", Dialect: legacyNonANSI,
			Stmt: sql.NewSelect(table1.Join(table2, table1.C("myid").Eq(table2.C("otherid"))).OuterJoin(table3, table3.C("userid").Eq(table2.C("otherid")))).
				OrderBy(table1.C("name")).Limit(10).Offset(5),
			SQL: "SELECT anon_1.myid, anon_1.name, anon_1.description, anon_1.otherid, anon_1.othername, anon_1.userid, anon_1.otherstuff FROM (SELECT anon_2.myid AS myid, anon_2.name AS name, anon_2.description AS description, anon_2.otherid AS otherid, anon_2.othername AS othername, anon_2.userid AS userid, anon_2.otherstuff AS otherstuff, ROWNUM AS ora_rn FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description, myothertable.otherid AS otherid, myothertable.othername AS othername, thirdtable.userid AS userid, thirdtable.otherstuff AS otherstuff FROM mytable, myothertable, thirdtable WHERE thirdtable.userid(+) = myothertable.otherid AND mytable.myid = myothertable.otherid ORDER BY mytable.name) anon_2 WHERE ROWNUM <= 10 + 5) anon_1 WHERE ora_rn > 5"},
		{Name: "test_outer_join_six/1180", Stmt: sql.NewSelect(table3).SelectFrom(table3.OuterJoin(subq, table3.C("userid").Eq(subq.C("myid")))),
			SQL: "SELECT thirdtable.userid, thirdtable.otherstuff FROM thirdtable, (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid(+)) anon_1 WHERE thirdtable.userid = anon_1.myid(+)"},
		{Name: "test_nonansi_plusses_everthing_in_the_condition/1244", Stmt: sql.NewSelect(t1).SelectFrom(t1.OuterJoin(t2,
			sql.And(t1.C("myid").Eq(t2.C("otherid")), t2.C("othername").Gt(5), t1.C("name").Eq("foo")))),
			SQL:    "SELECT mytable.myid, mytable.name, mytable.description FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid(+) AND myothertable.othername(+) > :1 AND mytable.name = :2",
			Params: []any{5, "foo"}},
		{Name: "test_nonansi_plusses_everthing_in_the_condition/1263", Stmt: sql.NewSelect(t1).SelectFrom(t1.OuterJoin(t2,
			sql.And(t1.C("myid").Eq(t2.C("otherid")), t2.C("othername").Eq(nil), t1.C("name").Eq(nil)))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid(+) AND myothertable.othername(+) IS NULL AND mytable.name IS NULL"},
		{Name: "test_nonansi_nested_right_join/1279", Stmt: sql.NewSelect(a.Join(b.Join(c, b.C("b").Eq(c.C("c"))), a.C("a").Eq(b.C("b")))),
			SQL: "SELECT a.a, b.b, c.c FROM a, b, c WHERE a.a = b.b AND b.b = c.c"},
		{Name: "test_nonansi_nested_right_join/1288", Stmt: sql.NewSelect(a.OuterJoin(b.Join(c, b.C("b").Eq(c.C("c"))), a.C("a").Eq(b.C("b")))),
			SQL: "SELECT a.a, b.b, c.c FROM a, b, c WHERE a.a = b.b(+) AND b.b = c.c"},
		{Name: "test_nonansi_nested_right_join/1297", Stmt: sql.NewSelect(a.Join(b.OuterJoin(c, b.C("b").Eq(c.C("c"))), a.C("a").Eq(b.C("b")))),
			SQL: "SELECT a.a, b.b, c.c FROM a, b, c WHERE a.a = b.b AND b.b = c.c(+)"},
		// Beyond SQLAlchemy's cases.
		{Name: "an OR condition is parenthesized", Stmt: sql.NewSelect(t1).SelectFrom(t1.OuterJoin(t2, sql.Or(t1.C("myid").Eq(t2.C("otherid")), t2.C("othername").Eq("x")))).Where(t1.C("name").Eq("y")),
			SQL:    "SELECT mytable.myid, mytable.name, mytable.description FROM mytable, myothertable WHERE mytable.name = :1 AND (mytable.myid = myothertable.otherid(+) OR myothertable.othername(+) = :2)",
			Params: []any{"y", "x"}},
		{Name: "an alias on the right", Stmt: func() sql.Element {
			o := t2.Alias("o")
			return sql.NewSelect(t1.C("myid"), o.C("othername")).SelectFrom(t1.OuterJoin(o, t1.C("myid").Eq(o.C("otherid"))))
		}(), SQL: "SELECT mytable.myid, o.othername FROM mytable, myothertable o WHERE mytable.myid = o.otherid(+)"},
		{Name: "full outer join refused", Stmt: sql.NewSelect(t1).SelectFrom(t1.FullOuterJoin(t2, t1.C("myid").Eq(t2.C("otherid")))), Err: sql.ErrNotSupported},
		{Name: "no join: unchanged", Stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(1)), SQL: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :1", Params: []any{1}},
	}
	for i := range cases {
		if cases[i].Dialect == nil {
			cases[i].Dialect = d
		}
	}
	run(t, cases)
}
