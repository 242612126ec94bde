package postgres_test

import (
	"math"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	integer = types.Integer{}
	str30   = types.String{Length: 30}
	pg      = postgres.New()
)

// mytable is SQLAlchemy's table1: mytable(myid, name, description).
func mytable() *sql.Table {
	return sql.NewTable("mytable",
		sql.NewColumn("myid", integer),
		sql.NewColumn("name", types.String{Length: 128}),
		sql.NewColumn("description", types.String{Length: 128}),
	)
}

func TestSelectCompile(t *testing.T) {
	t1 := mytable()
	where := t1.Select().Where(t1.C("myid").Eq(7))
	const head = "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = $1"
	ta := t1.Alias("")
	md := sql.NewMetaData()
	inSchema := md.Table("mytable", sql.NewColumn("myid", integer), sql.NewColumn("name", str30), sql.Schema("testschema"))
	reservedTable := sql.NewTable("pg_table", sql.NewColumn("col1", integer), sql.NewColumn("variadic", integer))
	tt := sql.NewTable("t", sql.NewColumn("id", integer), sql.NewColumn("a", integer), sql.NewColumn("b", integer))
	sq := tt.Select().Subquery("")
	x := sql.NewTable("x", sql.NewColumn("name", str30))
	lat := sql.NewSelect(tt.C("a")).Where(tt.C("id").Eq(t1.C("myid"))).Limit(1).Subquery("q").Lateral()
	sqltest.Run(t, []sqltest.Case{
		// test_for_update and its variants.
		{Name: "for update", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{}), SQL: head + " FOR UPDATE", Params: []any{7}},
		{Name: "for update nowait", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{NoWait: true}), SQL: head + " FOR UPDATE NOWAIT", Params: []any{7}},
		{Name: "for share nowait", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, NoWait: true}), SQL: head + " FOR SHARE NOWAIT", Params: []any{7}},
		{Name: "for share of nowait", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, NoWait: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR SHARE OF mytable NOWAIT", Params: []any{7}},
		{Name: "for key share of nowait", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, KeyShare: true, NoWait: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR KEY SHARE OF mytable NOWAIT", Params: []any{7}},
		{Name: "for key share of skip locked", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, KeyShare: true, SkipLocked: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR KEY SHARE OF mytable SKIP LOCKED", Params: []any{7}},
		{Name: "for update of skip locked", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{SkipLocked: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR UPDATE OF mytable SKIP LOCKED", Params: []any{7}},
		{Name: "for share of skip locked", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, SkipLocked: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR SHARE OF mytable SKIP LOCKED", Params: []any{7}},
		{Name: "for no key update of nowait", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{KeyShare: true, NoWait: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR NO KEY UPDATE OF mytable NOWAIT", Params: []any{7}},
		{Name: "for no key update of skip locked", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{KeyShare: true, SkipLocked: true, Of: []sql.FromClause{t1}}),
			SQL: head + " FOR NO KEY UPDATE OF mytable SKIP LOCKED", Params: []any{7}},
		{Name: "for no key update", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{KeyShare: true}), SQL: head + " FOR NO KEY UPDATE", Params: []any{7}},
		{Name: "for key share", Dialect: pg, Stmt: where.ForUpdate(sql.LockClause{Read: true, KeyShare: true}), SQL: head + " FOR KEY SHARE", Params: []any{7}},
		{Name: "for update of alias", Dialect: pg, Stmt: ta.Select().Where(ta.C("myid").Eq(7)).ForUpdate(sql.LockClause{Of: []sql.FromClause{ta}}),
			SQL:    "SELECT anon_1.myid, anon_1.name, anon_1.description FROM mytable AS anon_1 WHERE anon_1.myid = $1 FOR UPDATE OF anon_1",
			Params: []any{7}},
		// test_for_update_with_schema: OF names the table unqualified.
		{Name: "for update of schema table", Dialect: pg, Stmt: inSchema.Select().Where(inSchema.C("myid").Eq(7)).ForUpdate(sql.LockClause{Of: []sql.FromClause{inSchema}}),
			SQL:    "SELECT testschema.mytable.myid, testschema.mytable.name FROM testschema.mytable WHERE testschema.mytable.myid = $1 FOR UPDATE OF mytable",
			Params: []any{7}},
		// test_reserved_words
		{Name: "reserved words", Dialect: pg, Stmt: sql.NewSelect(reservedTable.C("col1"), reservedTable.C("variadic")),
			SQL: `SELECT pg_table.col1, pg_table."variadic" FROM pg_table`},
		// DistinctOnTest
		{Name: "distinct", Dialect: pg, Stmt: tt.Select().Distinct(), SQL: "SELECT DISTINCT t.id, t.a, t.b FROM t"},
		{Name: "distinct on", Dialect: pg, Stmt: tt.Select().DistinctOn(tt.C("a"), tt.C("b")), SQL: "SELECT DISTINCT ON (t.a, t.b) t.id, t.a, t.b FROM t"},
		{Name: "distinct on subquery", Dialect: pg, Stmt: sql.NewSelect(tt.C("id"), sq.C("id")).DistinctOn(sq.C("id")).Where(tt.C("id").Eq(sq.C("id"))),
			SQL: "SELECT DISTINCT ON (anon_1.id) t.id, anon_1.id AS id_1 FROM t, (SELECT t.id AS id, t.a AS a, t.b AS b FROM t) AS anon_1 WHERE t.id = anon_1.id"},
		{Name: "distinct on expression", Dialect: pg, Stmt: tt.Select().DistinctOn(tt.C("a").Eq(sql.LiteralValue(10))),
			SQL: "SELECT DISTINCT ON (t.a = 10) t.id, t.a, t.b FROM t"},
		// test_ilike_escaping and LikeTest
		{Name: "ilike", Dialect: pg, Stmt: x.C("name").ILike("%x%"), SQL: "x.name ILIKE $1", Params: []any{"%x%"}},
		{Name: "not ilike", Dialect: pg, Stmt: sql.Not(x.C("name").ILike("%x%")), SQL: "x.name NOT ILIKE $1", Params: []any{"%x%"}},
		// test_is_distinct_from_postgresql
		{Name: "is distinct from", Dialect: pg, Stmt: t1.C("myid").IsDistinctFrom(1), SQL: "mytable.myid IS DISTINCT FROM $1", Params: []any{1}},
		{Name: "is not distinct from", Dialect: pg, Stmt: sql.Not(t1.C("myid").IsDistinctFrom(1)), SQL: "mytable.myid IS NOT DISTINCT FROM $1", Params: []any{1}},
		{Name: "limit offset", Dialect: pg, Stmt: tt.Select().Limit(10).Offset(20), SQL: "SELECT t.id, t.a, t.b FROM t LIMIT $1 OFFSET $2", Params: []any{int64(10), int64(20)}},
		{Name: "offset only", Dialect: pg, Stmt: tt.Select().Offset(20), SQL: "SELECT t.id, t.a, t.b FROM t OFFSET $1", Params: []any{int64(20)}},
		{Name: "full outer join", Dialect: pg, Stmt: sql.NewSelect(t1.C("myid"), tt.C("a")).SelectFrom(t1.FullOuterJoin(tt, t1.C("myid").Eq(tt.C("id")))),
			SQL: "SELECT mytable.myid, t.a FROM mytable FULL OUTER JOIN t ON mytable.myid = t.id"},
		{Name: "lateral", Dialect: pg, Stmt: sql.NewSelect(t1.C("myid"), lat.C("a")).SelectFrom(t1, lat),
			SQL: "SELECT mytable.myid, q.a FROM mytable, LATERAL (SELECT t.a AS a FROM t WHERE t.id = mytable.myid LIMIT $1) AS q", Params: []any{int64(1)}},
		{Name: "cast", Dialect: pg, Stmt: sql.NewSelect(t1.C("myid").Cast(types.DateTime{Timezone: true}), t1.C("name").Cast(types.LargeBinary{})),
			SQL: "SELECT CAST(mytable.myid AS TIMESTAMP WITH TIME ZONE) AS myid, CAST(mytable.name AS BYTEA) AS name FROM mytable"},
		{Name: "aggregate filter", Dialect: pg, Stmt: sql.NewSelect(sql.Func("count", t1.C("myid")).Filter(t1.C("myid").Gt(1))),
			SQL: "SELECT count(mytable.myid) FILTER (WHERE mytable.myid > $1) AS anon_1 FROM mytable", Params: []any{1}},
		{Name: "intersect all", Dialect: pg, Stmt: tt.Select().IntersectAll(tt.Select()), SQL: "SELECT t.id, t.a, t.b FROM t INTERSECT ALL SELECT t.id, t.a, t.b FROM t"},
	})
}

func TestDMLCompile(t *testing.T) {
	md := sql.NewMetaData()
	other := md.Table("myothertable",
		sql.NewColumn("otherid", integer, sql.PrimaryKey()),
		sql.NewColumn("othername", str30),
	)
	composite := md.Table("t2", sql.NewColumn("x", integer, sql.PrimaryKey()), sql.NewColumn("y", integer, sql.PrimaryKey()))
	noAuto := md.Table("t3", sql.NewColumn("x", integer, sql.PrimaryKey(), sql.Autoincrement(false)), sql.NewColumn("q", integer))
	seq := sql.NewSequence("id_seq")
	withSeq := md.Table("t", sql.NewColumn("id", integer, seq, sql.PrimaryKey()), sql.NewColumn("data", types.String{}))
	t1 := mytable()
	sqltest.Run(t, []sqltest.Case{
		// test_insert_single_element_values: the generated key comes back
		// with RETURNING.
		{Name: "implicit returning", Dialect: pg, Stmt: other.Insert().Values(sql.Values{"othername": "foo"}),
			SQL: "INSERT INTO myothertable (othername) VALUES ($1) RETURNING myothertable.otherid", Params: []any{"foo"}},
		// test_insert_multiple_values: no RETURNING for many rows.
		{Name: "multiple values", Dialect: pg, Stmt: other.Insert().Values(sql.Values{"othername": "foo"}, sql.Values{"othername": "bar"}),
			SQL: "INSERT INTO myothertable (othername) VALUES ($1), ($2)", Params: []any{"foo", "bar"}},
		{Name: "given key", Dialect: pg, Stmt: other.Insert().Values(sql.Values{"otherid": 3, "othername": "foo"}),
			SQL: "INSERT INTO myothertable (otherid, othername) VALUES ($1, $2)", Params: []any{3, "foo"}},
		// test_anticipate_no_pk_*: nothing to fetch.
		{Name: "composite key", Dialect: pg, Stmt: composite.Insert().Values(sql.Values{"x": 1}), SQL: "INSERT INTO t2 (x) VALUES ($1)", Params: []any{1}},
		{Name: "no autoincrement", Dialect: pg, Stmt: noAuto.Insert().Values(sql.Values{"q": 1}), SQL: "INSERT INTO t3 (q) VALUES ($1)", Params: []any{1}},
		// test_insert_returning, test_update_returning
		{Name: "insert returning", Dialect: pg, Stmt: t1.Insert().Values(sql.Values{"name": "foo"}).Returning(t1.C("myid"), t1.C("name")),
			SQL: "INSERT INTO mytable (name) VALUES ($1) RETURNING mytable.myid, mytable.name", Params: []any{"foo"}},
		{Name: "insert returning function", Dialect: pg, Stmt: t1.Insert().Values(sql.Values{"name": "foo"}).Returning(sql.Func("length", t1.C("name"))),
			SQL: "INSERT INTO mytable (name) VALUES ($1) RETURNING length(mytable.name) AS length_1", Params: []any{"foo"}},
		{Name: "update returning", Dialect: pg, Stmt: t1.Update().Values(sql.Values{"name": "foo"}).Returning(t1),
			SQL: "UPDATE mytable SET name=$1 RETURNING mytable.myid, mytable.name, mytable.description", Params: []any{"foo"}},
		{Name: "delete returning", Dialect: pg, Stmt: t1.Delete().Where(t1.C("myid").Eq(1)).Returning(t1.C("myid")),
			SQL: "DELETE FROM mytable WHERE mytable.myid = $1 RETURNING mytable.myid", Params: []any{1}},
		{Name: "update from", Dialect: pg, Stmt: t1.Update().Values(sql.Values{"name": other.C("othername")}).Where(other.C("otherid").Eq(t1.C("myid"))),
			SQL: "UPDATE mytable SET name=myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid"},
		{Name: "delete using", Dialect: pg, Stmt: t1.Delete().Where(other.C("otherid").Eq(t1.C("myid"))),
			SQL: "DELETE FROM mytable USING myothertable WHERE myothertable.otherid = mytable.myid"},
		{Name: "default values", Dialect: pg, Stmt: other.Insert(), SQL: "INSERT INTO myothertable DEFAULT VALUES RETURNING myothertable.otherid"},
		// test_insert_seq_pk_multi_values: each row takes the sequence's
		// next value.
		{Name: "sequence multi values", Dialect: pg, Stmt: withSeq.Insert().Values(sql.Values{"data": "d1"}, sql.Values{"data": "d2"}, sql.Values{"data": "d3"}),
			SQL:    "INSERT INTO t (id, data) VALUES (nextval('id_seq'), $1), (nextval('id_seq'), $2), (nextval('id_seq'), $3)",
			Params: []any{"d1", "d2", "d3"}},
		{Name: "sequence returning", Dialect: pg, Stmt: withSeq.Insert().Values(sql.Values{"data": "d1"}),
			SQL: "INSERT INTO t (id, data) VALUES (nextval('id_seq'), $1) RETURNING t.id", Params: []any{"d1"}},
		{Name: "sequence value given", Dialect: pg, Stmt: withSeq.Insert().Values(sql.Values{"id": 5, "data": "d1"}),
			SQL: "INSERT INTO t (id, data) VALUES ($1, $2)", Params: []any{5, "d1"}},
	})
}

func TestSequenceCompile(t *testing.T) {
	s := sql.NewSequence("some'seq")
	sqltest.Run(t, []sqltest.Case{
		// test_nextval_quote_escaping
		{Name: "nextval quoting", Dialect: pg, Stmt: sql.NewSelect(s.NextValue()), SQL: `SELECT nextval('"some''seq"') AS anon_1`},
		{Name: "nextval schema quoting", Dialect: pg, Stmt: sql.NewSequence("some'seq", sql.SequenceOptions{Schema: "my'schema"}).NextValue(),
			SQL: `nextval('"my''schema"."some''seq"')`},
		{Name: "generic next value", Stmt: sql.NewSequence("s", sql.SequenceOptions{Schema: "sch"}).NextValue(), SQL: "NEXT VALUE FOR sch.s"},
		{Name: "create", Dialect: pg, Stmt: sql.NewCreateSequence(sql.NewSequence("s1")), SQL: "CREATE SEQUENCE s1"},
		// test_compile_type
		{Name: "create as type", Dialect: pg, Stmt: sql.NewCreateSequence(sql.NewSequence("s1", sql.SequenceOptions{DataType: types.SmallInteger{}})),
			SQL: "CREATE SEQUENCE s1 AS SMALLINT"},
		{Name: "create with options", Dialect: pg, Stmt: &sql.CreateSequence{IfNotExists: true, Sequence: sql.NewSequence("s1", sql.SequenceOptions{
			Schema: "sch", Start: sql.Int64(10), Increment: sql.Int64(5), MinValue: sql.Int64(1), NoMaxValue: true, Cache: sql.Int64(20), Cycle: new(bool),
		})}, SQL: "CREATE SEQUENCE IF NOT EXISTS sch.s1 INCREMENT BY 5 START WITH 10 MINVALUE 1 NO MAXVALUE CACHE 20 NO CYCLE"},
		{Name: "create cycle", Dialect: pg, Stmt: sql.NewCreateSequence(sql.NewSequence("s1", sql.SequenceOptions{MaxValue: sql.Int64(9), Cycle: ptr(true)})),
			SQL: "CREATE SEQUENCE s1 MAXVALUE 9 CYCLE"},
		{Name: "bound and no bound", Dialect: pg, Stmt: sql.NewCreateSequence(sql.NewSequence("s1", sql.SequenceOptions{MinValue: sql.Int64(1), NoMinValue: true})), Err: sql.ErrArgument},
		{Name: "no name", Dialect: pg, Stmt: sql.NewCreateSequence(sql.NewSequence("")), Err: sql.ErrArgument},
		{Name: "drop", Dialect: pg, Stmt: &sql.DropSequence{Sequence: sql.NewSequence("s1", sql.SequenceOptions{Schema: "Sch"}), IfExists: true},
			SQL: `DROP SEQUENCE IF EXISTS "Sch".s1`},
	})
}

func ptr[T any](v T) *T { return &v }

func TestAggregateOrderByCompile(t *testing.T) {
	tbl := sql.NewTable("table1", sql.NewColumn("a", integer), sql.NewColumn("b", integer))
	foo := tbl.Alias("foo")
	sqltest.Run(t, []sqltest.Case{
		// test_aggregate_order_by_two
		{Name: "string_agg", Dialect: pg, Stmt: sql.NewSelect(sql.Func("string_agg", tbl.C("a"), postgres.AggregateOrderBy(sql.LiteralColumn("','"), tbl.C("a")))),
			SQL: "SELECT string_agg(table1.a, ',' ORDER BY table1.a) AS string_agg_1 FROM table1"},
		// test_aggregate_order_by_adapt
		{Name: "array_agg desc", Dialect: pg, Stmt: sql.NewSelect(sql.Func("array_agg", postgres.AggregateOrderBy(foo.C("a"), foo.C("b").Desc()))),
			SQL: "SELECT array_agg(foo.a ORDER BY foo.b DESC) AS array_agg_1 FROM table1 AS foo"},
		{Name: "no order", Dialect: pg, Stmt: sql.Func("array_agg", postgres.AggregateOrderBy(tbl.C("a"))), SQL: "array_agg(table1.a)"},
	})
}

func TestDebugSQL(t *testing.T) {
	tbl := sql.NewTable("t", sql.NewColumn("b", types.LargeBinary{}), sql.NewColumn("at", types.DateTime{Timezone: true}),
		sql.NewColumn("f", types.Double{}), sql.NewColumn("d", types.Interval{}))
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("", 5*3600+1800))
	cases := []struct {
		v    any
		col  string
		want string
	}{
		{[]byte{0, 0xab}, "b", `t.b = '\x00ab'`},
		{at, "at", "t.at = '2024-02-29 13:14:15.123456+05:30'"},
		{math.NaN(), "f", "t.f = 'NaN'::float8"},
		{math.Inf(1), "f", "t.f = 'Infinity'::float8"},
		{float32(math.Inf(-1)), "f", "t.f = '-Infinity'::float8"},
		{1.5, "f", "t.f = 1.5"},
		{90 * time.Minute, "d", "t.d = '5400000000 microseconds'"},
	}
	for _, c := range cases {
		got, err := sql.DebugSQL(tbl.C(c.col).Eq(c.v), pg)
		if err != nil || got != c.want {
			t.Errorf("%v: %q, %v; want %q", c.v, got, err, c.want)
		}
	}
}
