package oracle_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The SQL of these tests is SQLAlchemy's, from the cases of
// shared/conformance/compile_cases.jsonl whose effective dialect is
// Oracle (test/dialect/oracle/test_compiler.py unless said otherwise; the
// line of each is given). SQLAlchemy renders LIMIT and OFFSET values after
// compiling (__[POSTCOMPILE_param_1]); they are in the text here too.
// Parameters are positional (:1, :2).
//
// 111 of the 125 cases are ported, here and in conformance_regexp_test.go
// (regular expressions, CONTAINS, index options, table-valued functions,
// non-ANSI joins) and compiler_test.go; two of them without a part Athanor
// lacks (test_cte.py:1233 and test_compiler.py:172 without the CTE's
// suffix). Not ported:
//
//   - bind parameter names quoted (:"option") and quote=True (118, 119,
//     121, 125, 130, 135): the parameters are :1, :2 (NamedParameters
//     writes names unquoted, for reading) and names are quoted by rule
//     only; the expanding IN of 130 and 135 is tested in TestOperators;
//   - FETCH APPROX FIRST (319: oracle_fetch_approximate) and an OFFSET
//     given as an expression (502, 519): no such options in Athanor;
//   - labels in the table_column style on Oracle 11 (992), a type's
//     column_expression (1398), Identity with neither ALWAYS nor BY
//     DEFAULT (1632, GENERATED  AS IDENTITY): no such options;
//   - test_scalar_alias_multi_columns (1902): two unlabeled COLUMN_VALUE
//     columns, which Athanor labels apart (AS column_value_1);
//   - test_table_function (1945): a function given to select_from as it
//     is; Athanor's FROM items are tables, aliases, subqueries and
//     TableValued functions.

// The tables of SQLAlchemy's compiler tests.
var (
	table1 = sql.NewTable("mytable",
		sql.NewColumn("myid", nil), sql.NewColumn("name", nil), sql.NewColumn("description", nil))
	table2 = sql.NewTable("myothertable", sql.NewColumn("otherid", nil), sql.NewColumn("othername", nil))
	table3 = sql.NewTable("thirdtable", sql.NewColumn("userid", nil), sql.NewColumn("otherstuff", nil))
	some   = sql.NewTable("sometable", sql.NewColumn("col1", nil), sql.NewColumn("col2", nil))
)

var (
	modern = oracle.New()
	// legacy writes LIMIT and OFFSET with ROWNUM (SQLAlchemy's
	// enable_offset_fetch=False).
	legacy = oracle.New(oracle.Options{RownumLimits: true})
	// firstRows adds the FIRST_ROWS hint (optimize_limits=True).
	firstRows = oracle.New(oracle.Options{RownumLimits: true, OptimizeLimits: true})
	oracle11  = oracle.New(oracle.Options{Version: oracle.Version{Major: 11, Minor: 2}})
)

// run runs cases on the modern dialect unless they name another.
func run(t *testing.T, cases []sqltest.Case) {
	t.Helper()
	for i := range cases {
		if cases[i].Dialect == nil {
			cases[i].Dialect = modern
		}
	}
	sqltest.Run(t, cases)
}

func TestConformanceSelect(t *testing.T) {
	t.Parallel()
	ct1 := sql.NewTable("t1", sql.NewColumn("c1", nil), sql.NewColumn("c2", nil), sql.NewColumn("c3", nil))
	ct2 := sql.NewTable("t2", sql.NewColumn("c1", nil), sql.NewColumn("c2", nil), sql.NewColumn("c3", nil))
	w := table1.C("myid").Eq(7)
	run(t, []sqltest.Case{
		// test/sql/test_compiler.py:2274
		{Name: "alias without AS", Stmt: sql.NewSelect(table1.Alias("foo")),
			SQL: "SELECT foo.myid, foo.name, foo.description FROM mytable foo"},
		// test/sql/test_cte.py:1233, without the CTE's suffix: "order" is reserved
		{Name: "reserved names quoted", Stmt: func() sql.Element {
			orders := sql.NewTable("order", sql.NewColumn("order", nil))
			s := sql.NewSelect(orders.C("order")).CTE("regional_sales")
			return sql.NewSelect(orders).Where(orders.C("order").Gt(s.C("order")))
		}(),
			SQL: `WITH regional_sales AS (SELECT "order"."order" AS "order" FROM "order") SELECT "order"."order" FROM "order", regional_sales WHERE "order"."order" > regional_sales."order"`},
		// 60, 61: test_true_false
		{Name: "false", Stmt: sql.False(), SQL: "0"},
		{Name: "true", Stmt: sql.True(), SQL: "1"},
		// 95: test_owner
		{Name: "schema-qualified join", Stmt: func() sql.Element {
			md := sql.NewMetaData()
			parent := md.Table("parent", sql.Schema("ed"),
				sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 50}))
			child := md.Table("child", sql.Schema("ed"),
				sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
				sql.NewColumn("parent_id", types.Integer{}, sql.References("ed.parent.id")))
			return parent.Join(child)
		}(),
			SQL: "ed.parent JOIN ed.child ON ed.parent.id = ed.child.parent_id"},
		// 1324: test_alias_outer_join (table1.alias() is named as SQLAlchemy names it)
		{Name: "outer join to an alias", Stmt: func() sql.Element {
			addressTypes := sql.NewTable("address_types", sql.NewColumn("id", nil), sql.NewColumn("name", nil))
			addresses := sql.NewTable("addresses", sql.NewColumn("id", nil), sql.NewColumn("user_id", nil),
				sql.NewColumn("address_type_id", nil), sql.NewColumn("email_address", nil))
			at := addressTypes.Alias("address_types_1")
			return sql.NewSelect(at, addresses).
				SelectFrom(addresses.OuterJoin(at, addresses.C("address_type_id").Eq(at.C("id")))).
				Where(addresses.C("user_id").Eq(7)).
				OrderBy(addresses.C("id"), addressTypes.C("id"))
		}(),
			SQL:    "SELECT address_types_1.id, address_types_1.name, addresses.id AS id_1, addresses.user_id, addresses.address_type_id, addresses.email_address FROM addresses LEFT OUTER JOIN address_types address_types_1 ON addresses.address_type_id = address_types_1.id WHERE addresses.user_id = :1 ORDER BY addresses.id, address_types.id",
			Params: []any{7}},
		// 1069: test_outer_join_two
		{Name: "outer joins", Stmt: sql.NewSelect(table1, table2, table3).SelectFrom(
			table1.OuterJoin(table2, table1.C("myid").Eq(table2.C("otherid"))).
				OuterJoin(table3, table3.C("userid").Eq(table2.C("otherid")))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername, thirdtable.userid, thirdtable.otherstuff FROM mytable LEFT OUTER JOIN myothertable ON mytable.myid = myothertable.otherid LEFT OUTER JOIN thirdtable ON thirdtable.userid = myothertable.otherid"},
		// 1197, 1211: test_outer_join_seven, test_outer_join_eight (no joins: the same SQL with ANSI joins)
		{Name: "where", Stmt: sql.NewSelect(table1.C("name")).Where(table1.C("name").Eq("foo")),
			SQL: "SELECT mytable.name FROM mytable WHERE mytable.name = :1", Params: []any{"foo"}},
		{Name: "correlated scalar subquery", Stmt: sql.NewSelect(table1.C("name"),
			sql.NewSelect(table3.C("otherstuff")).Where(table3.C("otherstuff").Eq(table1.C("name"))).Label("bar")),
			SQL: "SELECT mytable.name, (SELECT thirdtable.otherstuff FROM thirdtable WHERE thirdtable.otherstuff = mytable.name) AS bar FROM mytable"},
		// 1442, 1447: test_compound
		{Name: "union", Stmt: sql.NewSelect(ct1).Union(sql.NewSelect(ct2)),
			SQL: "SELECT t1.c1, t1.c2, t1.c3 FROM t1 UNION SELECT t2.c1, t2.c2, t2.c3 FROM t2"},
		{Name: "except is MINUS", Stmt: sql.NewSelect(ct1).Except(sql.NewSelect(ct2)),
			SQL: "SELECT t1.c1, t1.c2, t1.c3 FROM t1 MINUS SELECT t2.c1, t2.c2, t2.c3 FROM t2"},
		// 1670: test_double_to_oracle_double
		{Name: "cast to double", Stmt: sql.NewCast(sql.LiteralColumn("foo"), types.Double{}),
			SQL: "CAST(foo AS DOUBLE PRECISION)"},
		// 1869: for update, plain and with the where clause
		{Name: "for update", Stmt: sql.NewSelect(table1).Where(w).ForUpdate(sql.LockClause{}),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE", Params: []any{7}},
	})
}

func TestConformanceForUpdate(t *testing.T) {
	t.Parallel()
	w := table1.C("myid").Eq(7)
	sel := sql.NewSelect(table1).Where(w)
	of := func(l sql.LockClause, cs ...sql.ColumnElement) sql.LockClause { l.OfColumns = cs; return l }
	ta := table1.Alias("mytable_1")
	run(t, []sqltest.Case{
		// test_compiler.py:591-682 (test_for_update)
		{Name: "plain", Stmt: sel.ForUpdate(sql.LockClause{}),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE", Params: []any{7}},
		{Name: "of", Stmt: sel.ForUpdate(of(sql.LockClause{}, table1.C("myid"))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE OF mytable.myid", Params: []any{7}},
		{Name: "nowait", Stmt: sel.ForUpdate(sql.LockClause{NoWait: true}),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE NOWAIT", Params: []any{7}},
		{Name: "of nowait", Stmt: sel.ForUpdate(of(sql.LockClause{NoWait: true}, table1.C("myid"))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE OF mytable.myid NOWAIT", Params: []any{7}},
		{Name: "of two nowait", Stmt: sel.ForUpdate(of(sql.LockClause{NoWait: true}, table1.C("myid"), table1.C("name"))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE OF mytable.myid, mytable.name NOWAIT", Params: []any{7}},
		{Name: "of two skip locked", Stmt: sel.ForUpdate(of(sql.LockClause{SkipLocked: true}, table1.C("myid"), table1.C("name"))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE OF mytable.myid, mytable.name SKIP LOCKED", Params: []any{7}},
		{Name: "key share is FOR UPDATE", Stmt: sel.ForUpdate(sql.LockClause{KeyShare: true}),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE", Params: []any{7}},
		{Name: "read key share is FOR UPDATE", Stmt: sel.ForUpdate(sql.LockClause{Read: true, KeyShare: true}),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE", Params: []any{7}},
		{Name: "of alias columns", Stmt: sql.NewSelect(ta).Where(ta.C("myid").Eq(7)).ForUpdate(of(sql.LockClause{}, ta.C("myid"), ta.C("name"))),
			SQL: "SELECT mytable_1.myid, mytable_1.name, mytable_1.description FROM mytable mytable_1 WHERE mytable_1.myid = :1 FOR UPDATE OF mytable_1.myid, mytable_1.name", Params: []any{7}},
		{Name: "of text", Stmt: sel.ForUpdate(of(sql.LockClause{Read: true}, sql.LiteralColumn("table1"))),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :1 FOR UPDATE OF table1", Params: []any{7}},
		{Name: "of a table is refused", Stmt: sel.ForUpdate(sql.LockClause{Of: []sql.FromClause{table1}}), Err: dialect.ErrNotSupported},
		{Name: "nowait and skip locked refused", Stmt: sel.ForUpdate(sql.LockClause{NoWait: true, SkipLocked: true}), Err: dialect.ErrNotSupported},
	})
}

func TestConformanceLimits(t *testing.T) {
	t.Parallel()
	s := sql.NewSelect(some)
	byCol2 := s.OrderBy(some.C("col2"))
	t2 := sql.NewTable("mytable", sql.NewColumn("myid", nil), sql.NewColumn("name", nil))
	t3 := sql.NewTable("mytable", sql.NewColumn("myid", nil), sql.NewColumn("foo", nil), sql.NewColumn("bar", nil))
	lock := func(cs ...sql.ColumnElement) sql.LockClause { return sql.LockClause{NoWait: true, OfColumns: cs} }
	run(t, []sqltest.Case{
		// 216: test_limit_one
		{Name: "limit offset", Stmt: s.Limit(10).Offset(20),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY"},
		// 193: test_limit_one_legacy
		{Name: "limit offset rownum", Dialect: legacy, Stmt: s.Limit(10).Offset(20),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_2 WHERE ROWNUM <= 10 + 20) anon_1 WHERE ora_rn > 20"},
		{Name: "limit offset before 12c", Dialect: oracle11, Stmt: s.Limit(10).Offset(20),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_2 WHERE ROWNUM <= 10 + 20) anon_1 WHERE ora_rn > 20"},
		// 273: test_limit_one_firstrows_legacy
		{Name: "limit offset first rows", Dialect: firstRows, Stmt: s.Limit(10).Offset(20),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT /*+ FIRST_ROWS(10) */ anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_2 WHERE ROWNUM <= 10 + 20) anon_1 WHERE ora_rn > 20"},
		// 297, 307: test_simple_fetch, test_simple_fetch_offset
		{Name: "fetch", Stmt: s.FetchFirst(10, false, false),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable FETCH FIRST 10 ROWS ONLY"},
		{Name: "fetch offset", Stmt: s.FetchFirst(10, false, false).Offset(20),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY"},
		// 398: test_limit_three
		{Name: "order by limit offset", Stmt: byCol2.Limit(10).Offset(20),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable ORDER BY sometable.col2 OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY"},
		// 414: test_limit_three_legacy
		{Name: "order by limit offset rownum", Dialect: legacy, Stmt: byCol2.Limit(10).Offset(20),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable ORDER BY sometable.col2) anon_2 WHERE ROWNUM <= 10 + 20) anon_1 WHERE ora_rn > 20"},
		// 435: test_limit_four_legacy
		{Name: "for update limit rownum", Dialect: legacy, Stmt: byCol2.ForUpdate(sql.LockClause{}).Limit(10),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable ORDER BY sometable.col2) anon_1 WHERE ROWNUM <= 10 FOR UPDATE"},
		// 449: test_limit_four_firstrows_legacy
		{Name: "for update limit first rows", Dialect: firstRows, Stmt: byCol2.ForUpdate(sql.LockClause{}).Limit(10),
			SQL: "SELECT /*+ FIRST_ROWS(10) */ anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable ORDER BY sometable.col2) anon_1 WHERE ROWNUM <= 10 FOR UPDATE"},
		// 467: test_limit_five
		{Name: "for update limit offset", Stmt: byCol2.ForUpdate(sql.LockClause{}).Limit(10).Offset(20),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable ORDER BY sometable.col2 OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY FOR UPDATE"},
		// 479: test_limit_five_legacy
		{Name: "for update limit offset rownum", Dialect: legacy, Stmt: byCol2.ForUpdate(sql.LockClause{}).Limit(10).Offset(20),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable ORDER BY sometable.col2) anon_2 WHERE ROWNUM <= 10 + 20) anon_1 WHERE ora_rn > 20 FOR UPDATE"},
		// 695: test_for_update_of_w_limit_col_present_legacy
		{Name: "for update of, column selected, limit rownum", Dialect: legacy,
			Stmt: sql.NewSelect(t2.C("myid"), t2.C("name")).Where(t2.C("myid").Eq(7)).ForUpdate(lock(t2.C("name"))).Limit(10),
			SQL:  "SELECT anon_1.myid, anon_1.name FROM (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable WHERE mytable.myid = :1) anon_1 WHERE ROWNUM <= 10 FOR UPDATE OF anon_1.name NOWAIT", Params: []any{7}},
		// 713: test_for_update_of_w_limit_col_unpresent_legacy
		{Name: "for update of, column not selected, limit rownum", Dialect: legacy,
			Stmt: sql.NewSelect(t2.C("myid")).Where(t2.C("myid").Eq(7)).ForUpdate(lock(t2.C("name"))).Limit(10),
			SQL:  "SELECT anon_1.myid FROM (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable WHERE mytable.myid = :1) anon_1 WHERE ROWNUM <= 10 FOR UPDATE OF anon_1.name NOWAIT", Params: []any{7}},
		// 728: test_for_update_of_w_limit_offset_col_present
		{Name: "for update of, limit offset",
			Stmt: sql.NewSelect(t2.C("myid"), t2.C("name")).Where(t2.C("myid").Eq(7)).ForUpdate(lock(t2.C("name"))).Limit(10).Offset(50),
			SQL:  "SELECT mytable.myid, mytable.name FROM mytable WHERE mytable.myid = :1 OFFSET 50 ROWS FETCH FIRST 10 ROWS ONLY FOR UPDATE OF mytable.name NOWAIT", Params: []any{7}},
		// 746: test_for_update_of_w_limit_offset_col_present_legacy
		{Name: "for update of, column selected, limit offset rownum", Dialect: legacy,
			Stmt: sql.NewSelect(t2.C("myid"), t2.C("name")).Where(t2.C("myid").Eq(7)).ForUpdate(lock(t2.C("name"))).Limit(10).Offset(50),
			SQL:  "SELECT anon_1.myid, anon_1.name FROM (SELECT anon_2.myid AS myid, anon_2.name AS name, ROWNUM AS ora_rn FROM (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable WHERE mytable.myid = :1) anon_2 WHERE ROWNUM <= 10 + 50) anon_1 WHERE ora_rn > 50 FOR UPDATE OF anon_1.name NOWAIT", Params: []any{7}},
		// 770: test_for_update_of_w_limit_offset_col_unpresent_legacy
		{Name: "for update of, column not selected, limit offset rownum", Dialect: legacy,
			Stmt: sql.NewSelect(t2.C("myid")).Where(t2.C("myid").Eq(7)).ForUpdate(lock(t2.C("name"))).Limit(10).Offset(50),
			SQL:  "SELECT anon_1.myid FROM (SELECT anon_2.myid AS myid, ROWNUM AS ora_rn, anon_2.name AS name FROM (SELECT mytable.myid AS myid, mytable.name AS name FROM mytable WHERE mytable.myid = :1) anon_2 WHERE ROWNUM <= 10 + 50) anon_1 WHERE ora_rn > 50 FOR UPDATE OF anon_1.name NOWAIT", Params: []any{7}},
		// 793: test_for_update_of_w_limit_offset_partial_col_unpresent_legacy
		{Name: "for update of, some columns not selected, limit offset rownum", Dialect: legacy,
			Stmt: sql.NewSelect(t3.C("myid"), t3.C("bar")).Where(t3.C("myid").Eq(7)).ForUpdate(lock(t3.C("foo"), t3.C("bar"))).Limit(10).Offset(50),
			SQL:  "SELECT anon_1.myid, anon_1.bar FROM (SELECT anon_2.myid AS myid, anon_2.bar AS bar, ROWNUM AS ora_rn, anon_2.foo AS foo FROM (SELECT mytable.myid AS myid, mytable.bar AS bar, mytable.foo AS foo FROM mytable WHERE mytable.myid = :1) anon_2 WHERE ROWNUM <= 10 + 50) anon_1 WHERE ora_rn > 50 FOR UPDATE OF anon_1.foo, anon_1.bar NOWAIT", Params: []any{7}},
		// 833, 894: test_use_binds_for_limits_{disabled,enabled}_one_legacy
		{Name: "limit rownum", Dialect: legacy, Stmt: s.Limit(10),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_1 WHERE ROWNUM <= 10"},
		// 852, 913: test_use_binds_for_limits_{disabled,enabled}_two_legacy
		{Name: "offset rownum", Dialect: legacy, Stmt: s.Offset(10),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_2) anon_1 WHERE ora_rn > 10"},
		// 872, 934: test_use_binds_for_limits_{disabled,enabled}_three_legacy
		{Name: "limit 10 offset 10 rownum", Dialect: legacy, Stmt: s.Limit(10).Offset(10),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_2 WHERE ROWNUM <= 10 + 10) anon_1 WHERE ora_rn > 10"},
		// 1126: test_outer_join_five, with ANSI joins
		{Name: "join limit offset rownum", Dialect: legacy,
			Stmt: sql.NewSelect(table1, table2, table3).
				SelectFrom(table1.Join(table2, table1.C("myid").Eq(table2.C("otherid"))).
					OuterJoin(table3, table3.C("userid").Eq(table2.C("otherid")))).
				OrderBy(table1.C("name")).Limit(10).Offset(5),
			SQL: "SELECT anon_1.myid, anon_1.name, anon_1.description, anon_1.otherid, anon_1.othername, anon_1.userid, anon_1.otherstuff FROM (SELECT anon_2.myid AS myid, anon_2.name AS name, anon_2.description AS description, anon_2.otherid AS otherid, anon_2.othername AS othername, anon_2.userid AS userid, anon_2.otherstuff AS otherstuff, ROWNUM AS ora_rn FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description, myothertable.otherid AS otherid, myothertable.othername AS othername, thirdtable.userid AS userid, thirdtable.otherstuff AS otherstuff FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid LEFT OUTER JOIN thirdtable ON thirdtable.userid = myothertable.otherid ORDER BY mytable.name) anon_2 WHERE ROWNUM <= 10 + 5) anon_1 WHERE ora_rn > 5"},
		{Name: "compound limit", Stmt: s.Union(s).Limit(10).Offset(2),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable UNION SELECT sometable.col1, sometable.col2 FROM sometable OFFSET 2 ROWS FETCH FIRST 10 ROWS ONLY"},
		{Name: "limited members parenthesized", Stmt: s.Limit(1).Union(s.OrderBy(some.C("col1")).Limit(2)),
			SQL: "(SELECT sometable.col1, sometable.col2 FROM sometable FETCH FIRST 1 ROWS ONLY) UNION (SELECT sometable.col1, sometable.col2 FROM sometable ORDER BY sometable.col1 FETCH FIRST 2 ROWS ONLY)"},
		{Name: "fetch first with ties", Stmt: s.OrderBy(some.C("col1")).FetchFirst(3, true, false),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable ORDER BY sometable.col1 FETCH FIRST 3 ROWS WITH TIES"},
		{Name: "fetch first before 12c is ROWNUM", Dialect: oracle11, Stmt: s.FetchFirst(3, false, false),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_1 WHERE ROWNUM <= 3"},
		{Name: "fetch first with ties before 12c refused", Dialect: oracle11, Stmt: s.FetchFirst(3, true, false), Err: dialect.ErrNotSupported},
		{Name: "fetch first kept with RownumLimits on 12c+", Dialect: legacy, Stmt: s.FetchFirst(3, false, false),
			SQL: "SELECT sometable.col1, sometable.col2 FROM sometable FETCH FIRST 3 ROWS ONLY"},
		{Name: "compound limit rownum refused", Dialect: legacy, Stmt: s.Union(s).Limit(10), Err: dialect.ErrNotSupported},
	})
}

// TestConformanceLimitLabels: ORDER BY a select-list label writes its
// expression (test_compiler.py:542-578, test_limit_special_quoting_legacy).
func TestConformanceLimitLabels(t *testing.T) {
	t.Parallel()
	tbl := sql.NewTable("my_table")
	var cases []sqltest.Case
	for _, name := range []string{"SUM(ABC)", "SUM(ABC)_"} {
		col := sql.NewLabel(name, sql.LiteralColumn("SUM(ABC)"))
		cases = append(cases, sqltest.Case{Name: name, Dialect: legacy,
			Stmt: sql.NewSelect(col).SelectFrom(tbl).OrderBy(col).Limit(100),
			SQL:  `SELECT anon_1."` + name + `" FROM (SELECT SUM(ABC) AS "` + name + `" FROM my_table ORDER BY SUM(ABC)) anon_1 WHERE ROWNUM <= 100`})
	}
	run(t, cases)
}

// TestConformanceSubqueries are the cases whose subqueries SQLAlchemy
// writes with labeled columns.
func TestConformanceSubqueries(t *testing.T) {
	t.Parallel()
	limited := sql.NewSelect(some).Limit(10).Offset(20).Subquery("")
	run(t, []sqltest.Case{
		// 105: test_subquery
		{Name: "subquery", Stmt: func() sql.Element {
			sub := sql.NewSelect(some).Subquery("")
			return sql.NewSelect(sub.C("col1"), sub.C("col2"))
		}(),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_1"},
		// 331: test_limit_two
		{Name: "limited subquery", Stmt: sql.NewSelect(limited.C("col1"), limited.C("col2")),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY) anon_1"},
		// 358, 375: test_limit_two_legacy
		{Name: "limited subquery rownum", Dialect: legacy, Stmt: sql.NewSelect(limited.C("col1"), limited.C("col2")),
			SQL: "SELECT anon_1.col1, anon_1.col2 FROM (SELECT anon_2.col1 AS col1, anon_2.col2 AS col2 FROM (SELECT anon_3.col1 AS col1, anon_3.col2 AS col2, ROWNUM AS ora_rn FROM (SELECT sometable.col1 AS col1, sometable.col2 AS col2 FROM sometable) anon_3 WHERE ROWNUM <= 10 + 20) anon_2 WHERE ora_rn > 20) anon_1"},
		// 172: test_cte, without Oracle's SEARCH/CYCLE suffix
		{Name: "recursive CTE without RECURSIVE", Stmt: func() sql.Element {
			part := sql.NewTable("part", sql.NewColumn("part", nil), sql.NewColumn("sub_part", nil), sql.NewColumn("quantity", nil))
			included := sql.NewSelect(part.C("sub_part"), part.C("part"), part.C("quantity")).
				Where(part.C("part").Eq("p1")).RecursiveCTE("included_parts")
			pr1 := included.Alias("pr1")
			p := part.Alias("p")
			included = included.UnionAll(sql.NewSelect(p.C("sub_part"), p.C("part"), p.C("quantity")).
				Where(p.C("part").Eq(pr1.C("sub_part"))))
			return sql.NewSelect(included.C("sub_part"), sql.Func("sum", included.C("quantity")).Label("total_quantity")).
				GroupBy(included.C("sub_part"))
		}(),
			SQL:    "WITH included_parts(sub_part, part, quantity) AS (SELECT part.sub_part AS sub_part, part.part AS part, part.quantity AS quantity FROM part WHERE part.part = :1 UNION ALL SELECT p.sub_part AS sub_part, p.part AS part, p.quantity AS quantity FROM part p, included_parts pr1 WHERE p.part = pr1.sub_part) SELECT included_parts.sub_part, sum(included_parts.quantity) AS total_quantity FROM included_parts GROUP BY included_parts.sub_part",
			Params: []any{"p1"}},
		// 1167: test_outer_join_six, with ANSI joins
		{Name: "outer join to a subquery", Stmt: func() sql.Element {
			subq := sql.NewSelect(table1).SelectFrom(table1.OuterJoin(table2, table1.C("myid").Eq(table2.C("otherid")))).Subquery("")
			return sql.NewSelect(table3).SelectFrom(table3.OuterJoin(subq, table3.C("userid").Eq(subq.C("myid"))))
		}(),
			SQL: "SELECT thirdtable.userid, thirdtable.otherstuff FROM thirdtable LEFT OUTER JOIN (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable LEFT OUTER JOIN myothertable ON mytable.myid = myothertable.otherid) anon_1 ON thirdtable.userid = anon_1.myid"},
	})
}

func TestConformanceReturning(t *testing.T) {
	t.Parallel()
	t1 := sql.NewTable("t1", sql.NewColumn("c1", nil), sql.NewColumn("c2", types.String{}), sql.NewColumn("c3", types.String{}))
	md := sql.NewMetaData()
	computed := md.Table("t1",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("foo", types.Integer{}),
		sql.NewColumn("bar", types.Integer{}, sql.Generated(sql.LiteralColumn("foo + 42"), nil)))
	for _, tc := range []struct {
		name   string
		stmt   sql.Element
		sql    string
		params []any
		outs   []string
	}{
		// 1339: test_returning_insert
		{"insert", t1.Insert().Values(sql.Values{"c1": 1}).Returning(t1.C("c2"), t1.C("c3")),
			"INSERT INTO t1 (c1) VALUES (:1) RETURNING t1.c2, t1.c3 INTO :2, :3", []any{1}, []string{"ret_0", "ret_1"}},
		// 1360: test_returning_insert_functional
		{"insert, function", t1.Insert().Values(sql.Values{"c1": 1}).Returning(sql.Func("lower", t1.C("c2")).Typed(types.String{}), t1.C("c3")),
			"INSERT INTO t1 (c1) VALUES (:1) RETURNING lower(t1.c2), t1.c3 INTO :2, :3", []any{1}, []string{"ret_0", "ret_1"}},
		// 1368: test_returning_insert_labeled
		{"insert, labels", t1.Insert().Values(sql.Values{"c1": 1}).Returning(t1.C("c2").Label("c2_l"), t1.C("c3").Label("c3_l")),
			"INSERT INTO t1 (c1) VALUES (:1) RETURNING t1.c2, t1.c3 INTO :2, :3", []any{1}, []string{"ret_0", "ret_1"}},
		// 1415: test_returning_insert_computed
		{"insert, computed", computed.Insert().Values(sql.Values{"id": 1, "foo": 5}).Returning(computed.C("bar")),
			"INSERT INTO t1 (id, foo) VALUES (:1, :2) RETURNING t1.bar INTO :3", []any{1, 5}, []string{"ret_0"}},
		// 1434: test_returning_update_computed_warning
		{"update, computed", computed.Update().Set(sql.Assignment{Column: computed.C("id"), Value: 1}, sql.Assignment{Column: computed.C("foo"), Value: 5}).Returning(computed.C("bar")),
			"UPDATE t1 SET id=:1, foo=:2 RETURNING t1.bar INTO :3", []any{1, 5}, []string{"ret_0"}},
		{"delete", computed.Delete().Where(computed.C("id").Eq(3)).Returning(computed.C("foo")),
			"DELETE FROM t1 WHERE t1.id = :1 RETURNING t1.foo INTO :2", []any{3}, []string{"ret_0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkReturning(t, tc.stmt, tc.sql, tc.params, tc.outs)
		})
	}
}
