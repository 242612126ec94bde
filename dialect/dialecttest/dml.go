package dialecttest

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// dmlTests write to tables of their own.
func (s *suite) dmlTests(t *testing.T) {
	s.group(t, []test{
		{"InsertOne", s.testInsertOne},
		{"InsertMany", s.testInsertMany},
		{"InsertManyBatches", s.testInsertManyBatches},
		{"QuotedIdentifiers", s.testQuotedIdentifiers},
		{"InsertFromSelect", s.testInsertFromSelect},
		{"InsertDefaults", s.testInsertDefaults},
		{"InsertedPrimaryKey", s.testInsertedPrimaryKey},
		{"InsertedPrimaryKeyExpression", s.testInsertedPrimaryKeyExpression},
		{"Sequences", s.testSequences},
		{"UpdateExpressions", s.testUpdateExpressions},
		{"UpdateCorrelated", s.testUpdateCorrelated},
		{"UpdateMany", s.testUpdateMany},
		{"UpdateFrom", s.testUpdateFrom},
		{"DeleteUsing", s.testDeleteUsing},
		{"UpdateRowCount", s.testUpdateRowCount},
		{"Delete", s.testDelete},
		{"InsertReturning", s.testInsertReturning},
		{"UpdateReturning", s.testUpdateReturning},
		{"DeleteReturning", s.testDeleteReturning},
		{"UpsertDoNothing", s.testUpsertDoNothing},
		{"UpsertDoUpdate", s.testUpsertDoUpdate},
	})
}

// items makes a table of its own for a test: id (an autoincrement key),
// name (not null) and qty, with a name based on base.
func (s *suite) items(t *testing.T, base string) *sql.Table {
	t.Helper()
	md := sql.NewMetaData()
	tb := md.Table(s.name(base),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.NotNull()),
		sql.NewColumn("qty", integer),
	)
	s.create(t, md)
	return tb
}

// fill inserts rows of name and qty, ids 1, 2, ... in order.
func (s *suite) fill(t *testing.T, tb *sql.Table, rows ...sql.Params) {
	t.Helper()
	for i, r := range rows {
		r["id"] = i + 1
	}
	if _, err := s.eng.ExecuteMany(context.Background(), tb.Insert(), rows); err != nil {
		t.Fatalf("filling %s: %v", tb.Name(), err)
	}
}

// all returns every row of tb's columns, ordered by the first.
func (s *suite) all(t *testing.T, tb *sql.Table) []string {
	t.Helper()
	return s.rows(t, tb.Select().OrderBy(tb.Columns()[0]))
}

func (s *suite) wantTable(t *testing.T, tb *sql.Table, want ...string) {
	t.Helper()
	if got := s.all(t, tb); !slices.Equal(got, want) {
		t.Errorf("rows of %s\n got: %q\nwant: %q", tb.Name(), got, want)
	}
}

func wantAffected(t *testing.T, what string, got, want int64) {
	t.Helper()
	if got != want {
		t.Errorf("%s: %d rows affected, want %d", what, got, want)
	}
}

func (s *suite) testInsertOne(t *testing.T) {
	tb := s.items(t, "ins_one")
	res := s.exec(t, tb.Insert().Values(sql.Values{"name": "a", "qty": 1}))
	wantAffected(t, "insert", res.RowsAffected(), 1)
	// Values given at execution.
	s.exec(t, tb.Insert(), sql.Params{"name": "b", "qty": nil})
	// Values that are expressions.
	s.exec(t, tb.Insert().Values(sql.Values{"name": sql.Literal("c").Concat("!"), "qty": sql.NewSelect(sql.Func("max", tb.C("qty"))).ScalarSubquery()}))
	s.wantTable(t, tb, "1|a|1", "2|b|NULL", "3|c!|1")
}

func (s *suite) testInsertMany(t *testing.T) {
	tb := s.items(t, "ins_many")
	res, err := s.eng.ExecuteMany(context.Background(), tb.Insert(), []sql.Params{
		{"name": "a", "qty": 1}, {"name": "b", "qty": 2}, {"name": "c", "qty": nil},
	})
	if err != nil {
		t.Fatal(err)
	}
	wantAffected(t, "executemany", res.RowsAffected(), 3)
	s.wantTable(t, tb, "1|a|1", "2|b|2", "3|c|NULL")
	multi := tb.Insert().Values(sql.Values{"name": "d", "qty": 4}, sql.Values{"name": "e", "qty": 5})
	if !s.supports(t, "MultiValuesInsert", s.req.MultiValuesInsert, s.dialect.Features().MultiValuesInsert, multi) {
		return
	}
	wantAffected(t, "multi-row VALUES", s.exec(t, multi).RowsAffected(), 2)
	s.wantTable(t, tb, "1|a|1", "2|b|2", "3|c|NULL", "4|d|4", "5|e|5")
}

// testInsertManyBatches: executemany with more parameters than any
// database takes in one statement (SQLite 32766, PostgreSQL and MySQL
// 65535) is sent in batches.
func (s *suite) testInsertManyBatches(t *testing.T) {
	tb := s.items(t, "ins_batches")
	const n = 25000
	rows := make([]sql.Params, n)
	for i := range rows {
		rows[i] = sql.Params{"id": i + 1, "name": fmt.Sprintf("n%d", i%7), "qty": i % 100}
	}
	res, err := s.eng.ExecuteMany(context.Background(), tb.Insert(), rows)
	if err != nil {
		t.Fatal(err)
	}
	wantAffected(t, "executemany", res.RowsAffected(), n)
	s.check(t, sql.NewSelect(sql.Func("count"), sql.Func("sum", tb.C("id")), sql.Func("max", tb.C("name")), sql.Func("sum", tb.C("qty"))).SelectFrom(tb),
		fmt.Sprintf("%d|%d|n6|%d", n, n*(n+1)/2, 250*4950))
}

// testQuotedIdentifiers: reserved words, upper case and spaces in names
// are quoted everywhere a name is written.
func (s *suite) testQuotedIdentifiers(t *testing.T) {
	md := sql.NewMetaData()
	tb := md.Table(s.name("Order Lines"),
		sql.NewColumn("select", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("group", str30, sql.NotNull(), sql.Unique()),
		sql.NewColumn("CamelCase", integer, sql.Indexed()),
		sql.NewColumn("with space", integer, sql.ServerDefault(7)),
	)
	s.create(t, md)
	s.exec(t, tb.Insert().Values(sql.Values{"select": 1, "group": "a", "CamelCase": 10}))
	s.exec(t, tb.Insert().Values(sql.Values{"select": 2, "group": "b", "CamelCase": 20, "with space": 8}))
	s.exec(t, tb.Update().Values(sql.Values{"CamelCase": tb.C("CamelCase").Add(tb.C("with space"))}).Where(tb.C("group").Eq("a")))
	al := tb.Alias("From")
	s.check(t, sql.NewSelect(al.C("select"), al.C("group"), al.C("CamelCase").Label("Where"), al.C("with space")).OrderBy(al.C("select").Desc()),
		"2|b|20|8", "1|a|17|7")
	res := s.exec(t, sql.NewSelect(tb.C("CamelCase").Label("Mixed Label"), sql.Func("count").Label("order")).GroupBy(tb.C("CamelCase")).OrderBy(tb.C("CamelCase")).Limit(1))
	if keys := res.Keys(); !slices.Equal(keys, []string{"Mixed Label", "order"}) {
		t.Errorf("keys %q", keys)
	}
	res.Close()
	wantAffected(t, "delete", s.exec(t, tb.Delete().Where(tb.C("select").Eq(2))).RowsAffected(), 1)
}

func (s *suite) testInsertFromSelect(t *testing.T) {
	tb := s.items(t, "ins_select")
	u := s.fx.users
	sel := sql.NewSelect(u.C("id"), u.C("name"), u.C("score").Add(1)).Where(u.C("score").Ge(10))
	res := s.exec(t, tb.Insert().FromSelect([]*sql.Column{tb.C("id"), tb.C("name"), tb.C("qty")}, sel))
	wantAffected(t, "INSERT ... SELECT", res.RowsAffected(), 3)
	s.wantTable(t, tb, "1|alice|11", "2|bob|21", "5|dave|21")
}

func (s *suite) testInsertDefaults(t *testing.T) {
	md := sql.NewMetaData()
	calls := 0
	tb := md.Table(s.name("ins_defaults"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("a", integer, sql.Default(7)),
		sql.NewColumn("b", str30, sql.Default(func() any { calls++; return fmt.Sprintf("gen%d", calls) })),
		sql.NewColumn("c", integer, sql.Default(sql.LiteralColumn("2 + 3", integer))),
		sql.NewColumn("d", integer, sql.ServerDefault(3)),
		sql.NewColumn("e", types.String{Length: 10}, sql.ServerDefault("it's")),
		sql.NewColumn("f", integer),
		sql.NewColumn("at", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
	)
	s.create(t, md)
	s.exec(t, tb.Insert())
	s.exec(t, tb.Insert().Values(sql.Values{"a": 1, "b": "given", "c": nil, "d": 4, "e": nil}))
	s.exec(t, tb.Insert(), sql.Params{"f": 8})
	cols := []sql.Element{tb.C("id"), tb.C("a"), tb.C("b"), tb.C("c"), tb.C("d"), tb.C("e"), tb.C("f")}
	s.check(t, sql.NewSelect(cols...).OrderBy(tb.C("id")), "1|7|gen1|5|3|it's|NULL", "2|1|given|NULL|4|NULL|NULL", "3|7|gen2|5|3|it's|8")
	// The server's clock, read as an instant.
	ats, err := s.exec(t, sql.NewSelect(tb.C("at")).OrderBy(tb.C("id"))).Scalars()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range ats {
		at, ok := v.(time.Time)
		if !ok || time.Until(at).Abs() > 5*time.Minute {
			t.Errorf("row %d: DEFAULT now() gave %T %v; the client's clock says %v", i+1, v, v, time.Now())
		}
	}
}

func (s *suite) testInsertedPrimaryKey(t *testing.T) {
	f := s.dialect.Features()
	need(t, "InsertedPrimaryKey (RETURNING or a last insert id)", f.ImplicitReturning || f.LastInsertID)
	tb := s.items(t, "ins_pk")
	md := sql.NewMetaData()
	pair := md.Table(s.name("ins_pk_pair"),
		sql.NewColumn("a", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("b", str30, sql.PrimaryKey()),
	)
	s.create(t, md)
	key := func(stmt sql.Element, params ...sql.Params) string {
		t.Helper()
		k, err := s.exec(t, stmt, params...).InsertedPrimaryKey()
		if err != nil {
			t.Fatalf("InsertedPrimaryKey: %v", err)
		}
		return fmt.Sprint(k)
	}
	if got := key(tb.Insert().Values(sql.Values{"name": "a"})); got != "[1]" {
		t.Errorf("first generated key: %s", got)
	}
	if got := key(tb.Insert(), sql.Params{"name": "b"}); got != "[2]" {
		t.Errorf("second generated key: %s", got)
	}
	if got := key(tb.Insert().Values(sql.Values{"id": 10, "name": "c"})); got != "[10]" {
		t.Errorf("given key: %s", got)
	}
	if got := key(pair.Insert().Values(sql.Values{"b": "x", "a": 7})); got != "[7 x]" {
		t.Errorf("composite key: %s", got)
	}
	s.wantTable(t, tb, "1|a|NULL", "2|b|NULL", "10|c|NULL")
}

// testSequences: a sequence as a column's default numbers the rows an
// INSERT gives no key, and its next value can be selected.
func (s *suite) testSequences(t *testing.T) {
	md := sql.NewMetaData()
	ids := sql.NewSequence(s.name("ids"), sql.SequenceOptions{Start: sql.Int64(100), Increment: sql.Int64(5)})
	counter := md.Sequence(s.name("counter"))
	tb := md.Table(s.name("seq_items"),
		sql.NewColumn("id", types.BigInteger{}, ids, sql.PrimaryKey()),
		sql.NewColumn("name", str30),
	)
	next := sql.NewSelect(counter.NextValue())
	if !s.supports(t, "Sequences", s.req.Sequences, s.dialect.Features().Sequences, next) {
		return
	}
	s.create(t, md)
	k, err := s.exec(t, tb.Insert().Values(sql.Values{"name": "a"})).InsertedPrimaryKey()
	switch {
	case !s.req.InsertReturning:
		// Without RETURNING nothing tells the key (MariaDB before 10.5).
		t.Log("requirement InsertReturning is not met: the key a sequence gives is not checked")
	case err != nil || fmt.Sprint(k) != "[100]":
		t.Errorf("first key from the sequence: %v %v", k, err)
	}
	s.exec(t, tb.Insert(), sql.Params{"name": "b"})
	if _, err := s.eng.ExecuteMany(context.Background(), tb.Insert(), []sql.Params{{"name": "c"}, {"name": "d"}}); err != nil {
		t.Fatal(err)
	}
	s.wantTable(t, tb, "100|a", "105|b", "110|c", "115|d")
	s.check(t, next, "1")
	s.check(t, next, "2")
	s.check(t, sql.NewSelect(counter.NextValue().Add(10)), "13")
}

// testInsertedPrimaryKeyExpression: a key given as an expression is
// computed by the database, which RETURNING reports.
func (s *suite) testInsertedPrimaryKeyExpression(t *testing.T) {
	tb := s.items(t, "ins_pk_expr")
	next := sql.NewSelect(sql.Func("coalesce", sql.Func("max", tb.C("id")), 0).Add(10)).ScalarSubquery()
	ins := tb.Insert().Values(sql.Values{"id": next, "name": "a"})
	need(t, "InsertReturning", s.req.InsertReturning)
	for _, want := range []string{"[10]", "[20]"} {
		k, err := s.exec(t, ins).InsertedPrimaryKey()
		if err != nil || fmt.Sprint(k) != want {
			t.Errorf("key computed by a subquery: %v %v, want %s", k, err, want)
		}
	}
	s.wantTable(t, tb, "10|a|NULL", "20|a|NULL")
}

func (s *suite) testUpdateExpressions(t *testing.T) {
	tb := s.items(t, "upd_expr")
	s.fill(t, tb, sql.Params{"name": "a", "qty": 1}, sql.Params{"name": "b", "qty": 2}, sql.Params{"name": "c", "qty": nil})
	defer s.testOnUpdate(t)
	res := s.exec(t, tb.Update().Values(sql.Values{"qty": tb.C("qty").Mul(10).Add(1), "name": tb.C("name").Concat("+")}).Where(tb.C("qty").IsNotNull()))
	wantAffected(t, "update", res.RowsAffected(), 2)
	s.exec(t, tb.Update().Set(sql.Assignment{Column: tb.C("qty"), Value: sql.Func("coalesce", tb.C("qty"), 0).Sub(1)}).Where(tb.C("name").Eq("c")))
	wantAffected(t, "update of nothing", s.exec(t, tb.Update().Values(sql.Values{"qty": 0}).Where(tb.C("id").Gt(100))).RowsAffected(), 0)
	s.wantTable(t, tb, "1|a+|11", "2|b+|21", "3|c|-1")
}

// testOnUpdate: a column's OnUpdate value is set by an UPDATE that does
// not set the column itself.
func (s *suite) testOnUpdate(t *testing.T) {
	md := sql.NewMetaData()
	n := 0
	tb := md.Table(s.name("upd_onupdate"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("v", integer),
		sql.NewColumn("version", integer, sql.Default(1), sql.OnUpdate(func() any { n++; return n + 1 })),
		sql.NewColumn("touched", str30, sql.OnUpdate(sql.Literal("yes"))),
	)
	s.create(t, md)
	s.exec(t, tb.Insert().Values(sql.Values{"id": 1, "v": 1}))
	s.exec(t, tb.Update().Values(sql.Values{"v": 2}))
	s.exec(t, tb.Update().Values(sql.Values{"v": 3, "version": 10}))
	s.wantTable(t, tb, "1|3|10|yes")
	s.exec(t, tb.Update(), sql.Params{"v": 4})
	s.wantTable(t, tb, "1|4|3|yes")
}

func (s *suite) testUpdateCorrelated(t *testing.T) {
	tb := s.items(t, "upd_corr")
	s.fill(t, tb, sql.Params{"name": "alice", "qty": nil}, sql.Params{"name": "bob", "qty": nil}, sql.Params{"name": "carol", "qty": 0})
	u, a := s.fx.users, s.fx.addresses
	count := sql.NewSelect(sql.Func("count", a.C("id"))).SelectFrom(u.Join(a)).Where(u.C("name").Eq(tb.C("name"))).ScalarSubquery()
	res := s.exec(t, tb.Update().Values(sql.Values{"qty": count}).Where(tb.C("qty").IsNull()))
	wantAffected(t, "correlated update", res.RowsAffected(), 2)
	// A correlated EXISTS in the WHERE clause.
	has := sql.NewSelect(u.C("id")).Where(u.C("name").Eq(tb.C("name")), u.C("score").IsNull()).Exists()
	s.exec(t, tb.Update().Values(sql.Values{"name": "carol?"}).Where(has))
	s.wantTable(t, tb, "1|alice|2", "2|bob|1", "3|carol?|0")
}

// testUpdateFrom: an UPDATE whose WHERE names other tables joins them.
func (s *suite) testUpdateFrom(t *testing.T) {
	tb := s.items(t, "upd_from")
	u := s.fx.users
	upd := tb.Update().Values(sql.Values{"qty": u.C("score")}).Where(u.C("name").Eq(tb.C("name")), u.C("score").Gt(10))
	if !s.supports(t, "UpdateFrom", s.req.UpdateFrom, s.dialect.Features().UpdateFrom, upd) {
		return
	}
	s.fill(t, tb, sql.Params{"name": "alice", "qty": 0}, sql.Params{"name": "bob", "qty": 0}, sql.Params{"name": "dave", "qty": 0}, sql.Params{"name": "zed", "qty": 0})
	wantAffected(t, "UPDATE ... FROM", s.exec(t, upd).RowsAffected(), 2)
	s.wantTable(t, tb, "1|alice|0", "2|bob|20", "3|dave|20", "4|zed|0")
}

// testDeleteUsing: a DELETE whose WHERE names other tables joins them.
func (s *suite) testDeleteUsing(t *testing.T) {
	tb := s.items(t, "del_using")
	u := s.fx.users
	del := tb.Delete().Where(u.C("name").Eq(tb.C("name")), u.C("score").Ge(20))
	if !s.supports(t, "DeleteUsing", s.req.DeleteUsing, s.dialect.Features().DeleteUsing, del) {
		return
	}
	s.fill(t, tb, sql.Params{"name": "alice", "qty": 0}, sql.Params{"name": "bob", "qty": 0}, sql.Params{"name": "dave", "qty": 0}, sql.Params{"name": "zed", "qty": 0})
	wantAffected(t, "DELETE ... USING", s.exec(t, del).RowsAffected(), 2)
	s.wantTable(t, tb, "1|alice|0", "4|zed|0")
}

func (s *suite) testUpdateMany(t *testing.T) {
	tb := s.items(t, "upd_many")
	s.fill(t, tb, sql.Params{"name": "a", "qty": 1}, sql.Params{"name": "b", "qty": 2}, sql.Params{"name": "c", "qty": 3})
	upd := tb.Update().Values(sql.Values{"qty": sql.Bind("new_qty")}).Where(tb.C("name").Eq(sql.Bind("which")))
	res, err := s.eng.ExecuteMany(context.Background(), upd, []sql.Params{{"which": "a", "new_qty": 10}, {"which": "c", "new_qty": 30}, {"which": "z", "new_qty": 0}})
	if err != nil {
		t.Fatal(err)
	}
	wantAffected(t, "executemany UPDATE", res.RowsAffected(), 2)
	s.wantTable(t, tb, "1|a|10", "2|b|2", "3|c|30")
}

// testUpdateRowCount: an UPDATE counts the rows it matched, also those
// whose values did not change (SQLAlchemy's "sane rowcount", which
// optimistic versioning relies on).
func (s *suite) testUpdateRowCount(t *testing.T) {
	tb := s.items(t, "upd_count")
	s.fill(t, tb, sql.Params{"name": "a", "qty": 1}, sql.Params{"name": "b", "qty": 1}, sql.Params{"name": "c", "qty": 2})
	res := s.exec(t, tb.Update().Values(sql.Values{"qty": 1}).Where(tb.C("id").Le(3)))
	wantAffected(t, "update to the same value", res.RowsAffected(), 3)
	res, err := s.eng.ExecuteMany(context.Background(), tb.Update().Values(sql.Values{"qty": 1}).Where(tb.C("id").Eq(sql.Bind("k"))),
		[]sql.Params{{"k": 1}, {"k": 2}, {"k": 9}})
	if err != nil {
		t.Fatal(err)
	}
	wantAffected(t, "executemany update to the same value", res.RowsAffected(), 2)
}

func (s *suite) testDelete(t *testing.T) {
	tb := s.items(t, "del")
	s.fill(t, tb, sql.Params{"name": "alice", "qty": 1}, sql.Params{"name": "bob", "qty": 2}, sql.Params{"name": "carol", "qty": 3}, sql.Params{"name": "zed", "qty": 4})
	wantAffected(t, "delete", s.exec(t, tb.Delete().Where(tb.C("qty").Eq(2))).RowsAffected(), 1)
	u := s.fx.users
	res := s.exec(t, tb.Delete().Where(tb.C("name").In(sql.NewSelect(u.C("name")).Where(u.C("score").IsNull()))))
	wantAffected(t, "delete with IN (SELECT ...)", res.RowsAffected(), 1)
	wantAffected(t, "delete of nothing", s.exec(t, tb.Delete().Where(tb.C("id").In())).RowsAffected(), 0)
	s.wantTable(t, tb, "1|alice|1", "4|zed|4")
	wantAffected(t, "delete all", s.exec(t, tb.Delete()).RowsAffected(), 2)
	s.wantTable(t, tb)
}

// sorted returns rows sorted by their first value, a number: the order
// of rows RETURNING gives for several rows is the database's.
func sorted(rows []string) []string {
	slices.SortFunc(rows, byKey)
	return rows
}

// byKey orders rows of text by their first value, an integer.
func byKey(a, b string) int {
	ka, _, _ := strings.Cut(a, "|")
	kb, _, _ := strings.Cut(b, "|")
	na, _ := strconv.Atoi(ka)
	nb, _ := strconv.Atoi(kb)
	return na - nb
}

func (s *suite) testInsertReturning(t *testing.T) {
	tb := s.items(t, "ret_ins")
	one := tb.Insert().Values(sql.Values{"name": "a", "qty": 5}).Returning(tb.C("id"), tb.C("name"), tb.C("qty").Mul(2).Label("double"))
	if !s.supports(t, "InsertReturning", s.req.InsertReturning, s.dialect.Features().InsertReturning, one) {
		return
	}
	s.check(t, one, "1|a|10")
	if s.req.MultiValuesInsert {
		many := tb.Insert().Values(sql.Values{"name": "b", "qty": 1}, sql.Values{"name": "c", "qty": nil}).Returning(tb.C("id"), tb.C("name"))
		if got := sorted(s.rows(t, many)); !slices.Equal(got, []string{"2|b", "3|c"}) {
			t.Errorf("multi-row INSERT RETURNING: %q", got)
		}
	}
	// The key is read through RETURNING too.
	res := s.exec(t, tb.Insert().Values(sql.Values{"name": "d"}).Returning(tb.C("id")))
	defer s.testManyReturning(t)
	id, err := res.ScalarOne()
	if err != nil {
		t.Fatal(err)
	}
	want := int64(2)
	if s.req.MultiValuesInsert {
		want = 4
	}
	if id != want {
		t.Errorf("RETURNING id: %#v, want %d", id, want)
	}
}

// testManyReturning: executemany of an INSERT with RETURNING returns the
// row of every parameter set (the ORM's bulk insert of objects whose keys
// the database generates).
func (s *suite) testManyReturning(t *testing.T) {
	tb := s.items(t, "ret_many")
	params := make([]sql.Params, 30)
	want := make([]string, len(params))
	for i := range params {
		params[i] = sql.Params{"name": fmt.Sprintf("n%02d", i), "qty": i}
		want[i] = fmt.Sprintf("%d|n%02d|%d", i+1, i, i)
	}
	res, err := s.eng.ExecuteMany(context.Background(), tb.Insert().Returning(tb.C("id"), tb.C("name"), tb.C("qty")), params)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := res.All()
	if err != nil {
		t.Fatal(err)
	}
	got := make([]string, len(rows))
	for i, r := range rows {
		got[i] = rowText(r)
	}
	// The rows in the order of the keys (the database's order of
	// RETURNING rows is its own).
	slices.SortFunc(got, byKey)
	if !slices.Equal(got, want) {
		t.Errorf("executemany RETURNING\n got: %q\nwant: %q", got, want)
	}
	s.wantTable(t, tb, want...)
}

func (s *suite) testUpdateReturning(t *testing.T) {
	tb := s.items(t, "ret_upd")
	upd := tb.Update().Values(sql.Values{"qty": tb.C("qty").Add(1)}).Where(tb.C("qty").Ge(2)).Returning(tb.C("id"), tb.C("qty"))
	if !s.supports(t, "UpdateReturning", s.req.UpdateReturning, s.dialect.Features().UpdateReturning, upd) {
		return
	}
	s.fill(t, tb, sql.Params{"name": "a", "qty": 1}, sql.Params{"name": "b", "qty": 2}, sql.Params{"name": "c", "qty": 3})
	if got := sorted(s.rows(t, upd)); !slices.Equal(got, []string{"2|3", "3|4"}) {
		t.Errorf("UPDATE RETURNING: %q", got)
	}
	s.check(t, tb.Update().Values(sql.Values{"qty": 0}).Where(tb.C("id").Gt(10)).Returning(tb.C("id")))
	s.wantTable(t, tb, "1|a|1", "2|b|3", "3|c|4")
}

func (s *suite) testDeleteReturning(t *testing.T) {
	tb := s.items(t, "ret_del")
	del := tb.Delete().Where(tb.C("qty").Le(2)).Returning(tb.C("id"), tb.C("name"))
	if !s.supports(t, "DeleteReturning", s.req.DeleteReturning, s.dialect.Features().DeleteReturning, del) {
		return
	}
	s.fill(t, tb, sql.Params{"name": "a", "qty": 1}, sql.Params{"name": "b", "qty": 2}, sql.Params{"name": "c", "qty": 3})
	if got := sorted(s.rows(t, del)); !slices.Equal(got, []string{"1|a", "2|b"}) {
		t.Errorf("DELETE RETURNING: %q", got)
	}
	s.check(t, tb.Delete().Where(tb.C("id").In()).Returning(tb.C("id")))
	s.wantTable(t, tb, "3|c|3")
}

// upsertTable has a unique key k besides its primary key.
func (s *suite) upsertTable(t *testing.T, base string) *sql.Table {
	t.Helper()
	need(t, "Upsert", s.req.Upsert)
	md := sql.NewMetaData()
	tb := md.Table(s.name(base),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("k", types.String{Length: 20}, sql.NotNull(), sql.Unique()),
		sql.NewColumn("v", integer),
		sql.NewColumn("note", str30),
	)
	s.create(t, md)
	s.exec(t, tb.Insert().Values(sql.Values{"id": 1, "k": "a", "v": 1, "note": "old"}))
	s.exec(t, tb.Insert().Values(sql.Values{"id": 2, "k": "b", "v": 2, "note": "old"}))
	return tb
}

func (s *suite) testUpsertDoNothing(t *testing.T) {
	tb := s.upsertTable(t, "ups_nothing")
	k := []*sql.Column{tb.C("k")}
	s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 3, "k": "a", "v": 10, "note": "new"}}, k, nil))
	s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 4, "k": "c", "v": 3, "note": "new"}}, k, nil))
	if s.req.MultiValuesInsert {
		s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 5, "k": "b", "v": 20, "note": "new"}, {"id": 6, "k": "d", "v": 4, "note": "new"}}, k, nil))
	} else {
		s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 6, "k": "d", "v": 4, "note": "new"}}, k, nil))
	}
	s.wantTable(t, tb, "1|a|1|old", "2|b|2|old", "4|c|3|new", "6|d|4|new")
}

func (s *suite) testUpsertDoUpdate(t *testing.T) {
	tb := s.upsertTable(t, "ups_update")
	k, set := []*sql.Column{tb.C("k")}, []*sql.Column{tb.C("v"), tb.C("note")}
	s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 3, "k": "a", "v": 10, "note": "new"}}, k, set))
	// Again: the same row, updated to the same values.
	s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 3, "k": "a", "v": 10, "note": "new"}}, k, set))
	s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 4, "k": "c", "v": 3, "note": "new"}}, k, set))
	if s.req.MultiValuesInsert {
		s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 5, "k": "b", "v": 20, "note": "newer"}, {"id": 6, "k": "d", "v": 4, "note": "new"}}, k, set[:1]))
	} else {
		s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 5, "k": "b", "v": 20, "note": "newer"}}, k, set[:1]))
		s.exec(t, s.cfg.Upsert(tb, []sql.Values{{"id": 6, "k": "d", "v": 4, "note": "new"}}, k, set[:1]))
	}
	s.wantTable(t, tb, "1|a|10|new", "2|b|20|old", "4|c|3|new", "6|d|4|new")
}
