package mysql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestServerDetectionLive(t *testing.T) {
	ctx := context.Background()
	url := liveURL(t)
	_, rest, _ := strings.Cut(url, "://")
	for _, scheme := range []string{"mysql", "mariadb", "mysql+gosqldriver"} {
		eng := engineFor(t, scheme+"://"+rest)
		var version string
		row, err := execOK(t, eng, sql.NewSelect(sql.Func("version"))).One()
		if err != nil {
			t.Fatal(err)
		}
		version = asString(row.Get(0))
		d, ok := eng.Dialect().(*mysql.Dialect)
		if !ok {
			t.Fatalf("%s: dialect %T", scheme, eng.Dialect())
		}
		want, err := mysql.ParseServerVersion(version)
		if err != nil {
			t.Fatal(err)
		}
		if d.Server() != want || d.Server().MariaDB != strings.Contains(version, "MariaDB") {
			t.Fatalf("%s: detected %v for %q", scheme, d.Server(), version)
		}
		if want.MariaDB && d.Name() != "mariadb" || !want.MariaDB && d.Name() != "mysql" {
			t.Fatalf("%s: name %s for %v", scheme, d.Name(), want)
		}
		f := d.Features()
		if f.InsertReturning != (want.MariaDB && want.AtLeast(10, 5, 0)) || f.UpdateReturning {
			t.Fatalf("%s: RETURNING flags %v %v for %v", scheme, f.InsertReturning, f.UpdateReturning, want)
		}
		if _, err := eng.Execute(ctx, sql.Text("SELECT 1")); err != nil {
			t.Fatal(err)
		}
	}
}

func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return fmt.Sprint(v)
}

func TestInsertedPrimaryKeyLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	auto := md.Table(unique("auto"), sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()), sql.NewColumn("x", integer))
	given := md.Table(unique("given"), sql.NewColumn("a", integer, sql.PrimaryKey()), sql.NewColumn("b", str30, sql.PrimaryKey()))
	mustCreate(t, md, eng)
	pk := func(st sql.Element, params ...sql.Params) string {
		t.Helper()
		key, err := execOK(t, eng, st, params...).InsertedPrimaryKey()
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(key)
	}
	if got := pk(auto.Insert().Values(sql.Values{"x": 1})); got != "[1]" {
		t.Fatalf("first key: %s", got)
	}
	if got := pk(auto.Insert(), sql.Params{"x": 2}); got != "[2]" {
		t.Fatalf("key from params: %s", got)
	}
	if got := pk(auto.Insert().Values(sql.Values{"id": 40})); got != "[40]" {
		t.Fatalf("given key: %s", got)
	}
	if got := pk(auto.Insert()); got != "[41]" { // INSERT INTO t () VALUES ()
		t.Fatalf("key of an empty insert: %s", got)
	}
	if got := pk(given.Insert().Values(sql.Values{"b": "q", "a": 7})); got != "[7 q]" {
		t.Fatalf("composite key: %s", got)
	}
	// executemany sends multi-row VALUES.
	res, err := eng.ExecuteMany(ctx, auto.Insert(), []sql.Params{{"x": 10}, {"x": 11}, {"x": 12}})
	if err != nil || res.RowsAffected() != 3 {
		t.Fatalf("executemany: %v %v", res, err)
	}
	wantRows(t, eng, "1 1|2 2|40 NULL|41 NULL|42 10|43 11|44 12", auto.C("id"), auto.C("x"))
}

func TestReturningLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	users := md.Table(unique("users"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30),
		sql.NewColumn("n", integer, sql.ServerDefault(1)),
	)
	mustCreate(t, md, eng)
	if _, err := eng.Execute(ctx, sql.Text("SELECT 1")); err != nil {
		t.Fatal(err)
	}
	f := eng.Dialect()
	ins := users.Insert().Values(sql.Values{"name": "a"}, sql.Values{"name": "b"}).Returning(users.C("id"), users.C("name"), users.C("n"))
	upd := users.Update().Values(sql.Values{"n": 5}).Returning(users.C("n"))
	if !f.Features().InsertReturning {
		if _, err := eng.Execute(ctx, ins); !errors.Is(err, dialect.ErrNotSupported) {
			t.Fatalf("RETURNING on %s: %v", f.Name(), err)
		}
		t.Skipf("%v has no RETURNING", f.(*mysql.Dialect).Server())
	}
	if got := rowsText(t, eng, ins); got != "1 a 1|2 b 1" {
		t.Fatalf("INSERT RETURNING: %s", got)
	}
	if got := rowsText(t, eng, users.Delete().Where(users.C("name").Eq("a")).Returning(users.C("id"), users.C("name"))); got != "1 a" {
		t.Fatalf("DELETE RETURNING: %s", got)
	}
	// SQLAlchemy's #10505: a DELETE ... RETURNING that deletes nothing.
	if got := rowsText(t, eng, users.Delete().Where(sql.Ops(users.C("id")).In()).Returning(users.C("id"))); got != "" {
		t.Fatalf("empty DELETE RETURNING: %q", got)
	}
	if _, err := eng.Execute(ctx, upd); !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("UPDATE RETURNING: %v", err)
	}
	// The key of a one-row INSERT comes from LastInsertId, or from the
	// RETURNING asked for.
	res := execOK(t, eng, users.Insert().Values(sql.Values{"name": "c"}).Returning(users.C("id")))
	id, err := res.ScalarOne()
	if err != nil || id != int64(3) {
		t.Fatalf("RETURNING id: %v %v", id, err)
	}
}

func TestUpsertLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	counts := md.Table(unique("counts"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("email", str30, sql.NotNull(), sql.Unique()),
		sql.NewColumn("n", integer, sql.NotNull(), sql.ServerDefault(0)),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, counts.Insert().Values(sql.Values{"email": "a@x", "n": 1}))

	// INSERT IGNORE skips the duplicate.
	res := execOK(t, eng, mysql.Insert(counts).Values(sql.Values{"email": "a@x", "n": 50}).Ignore())
	if res.RowsAffected() != 0 {
		t.Fatalf("IGNORE affected %d rows", res.RowsAffected())
	}
	// ON DUPLICATE KEY UPDATE: the existing row plus the proposed one.
	up := mysql.Insert(counts).Values(sql.Values{"email": "a@x", "n": 10})
	up = up.OnDuplicateKeyUpdate(sql.Values{"n": sql.Ops(counts.C("n")).Add(up.Inserted().C("n"))})
	execOK(t, eng, up)
	execOK(t, eng, up)
	wantRows(t, eng, "a@x 21", counts.C("email"), counts.C("n"))
	// A row without conflict is inserted, its key from LastInsertId.
	fresh := mysql.Insert(counts).Values(sql.Values{"email": "b@x", "n": 2})
	execOK(t, eng, fresh.OnDuplicateKeyUpdate(sql.Values{"n": fresh.Inserted().C("n")}))
	// Many rows in one statement, and parameters at execution.
	many := mysql.Insert(counts).Values(sql.Values{"email": "a@x", "n": 100}, sql.Values{"email": "c@x", "n": 3})
	execOK(t, eng, many.OnDuplicateKeyUpdate(sql.Values{"n": many.Inserted().C("n")}))
	if _, err := eng.ExecuteMany(ctx, mysql.Insert(counts).OnDuplicateKeyUpdate(sql.Values{"n": 7}), []sql.Params{
		{"email": "b@x", "n": 0}, {"email": "d@x", "n": 4},
	}); err != nil {
		t.Fatal(err)
	}
	// (Statements that update consume AUTO_INCREMENT values too: the ids
	// have gaps.)
	wantRows(t, eng, "a@x 100|b@x 7|c@x 3|d@x 4", counts.C("email"), counts.C("n"))
	// Assignments apply left to right.
	ord := mysql.Insert(counts).Values(sql.Values{"email": "c@x"})
	execOK(t, eng, ord.OnDuplicateKeyUpdateOrdered(
		sql.Assignment{Column: counts.C("n"), Value: sql.Ops(counts.C("n")).Mul(2)},
		sql.Assignment{Column: counts.C("email"), Value: sql.Ops(counts.C("email")).Concat(sql.Ops(counts.C("n")).Cast(types.String{}))},
	))
	wantRows(t, eng, "a@x 100|b@x 7|c@x6 6|d@x 4", counts.C("email"), counts.C("n"))
	// MariaDB returns the row, inserted or updated.
	if eng.Dialect().Features().InsertReturning {
		ret := mysql.Insert(counts).Values(sql.Values{"email": "d@x", "n": 9})
		ret = ret.OnDuplicateKeyUpdate(sql.Values{"n": ret.Inserted().C("n")}).Returning(counts.C("email"), counts.C("n"))
		if got := rowsText(t, eng, ret); got != "d@x 9" {
			t.Fatalf("upsert RETURNING: %s", got)
		}
	}
	// A conflict on another key than ON DUPLICATE KEY UPDATE covers is
	// still updated (MySQL does not take a target), but a value that
	// breaks a constraint is an integrity error.
	_, err := eng.Execute(ctx, mysql.Insert(counts).Values(sql.Values{"email": "e@x"}).OnDuplicateKeyUpdate(sql.Values{"n": nil}))
	if err != nil {
		t.Fatal(err)
	}
	_, err = eng.Execute(ctx, mysql.Insert(counts).Values(sql.Values{"email": "e@x"}).OnDuplicateKeyUpdate(sql.Values{"email": "a@x"}))
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("duplicate through the update: %v", err)
	}
}

func TestErrorsLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	parent := md.Table(unique("parent"), sql.NewColumn("id", integer, sql.PrimaryKey()))
	child := md.Table(unique("child"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("parent_id", integer, sql.References(parent.C("id"))),
		sql.NewColumn("name", str30, sql.NotNull()),
		sql.NewColumn("qty", integer),
		sql.Check("qty > 0"),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, parent.Insert().Values(sql.Values{"id": 1}))
	execOK(t, eng, child.Insert().Values(sql.Values{"id": 1, "parent_id": 1, "name": "a", "qty": 1}))
	missing := sql.NewTable(unique("missing"), sql.NewColumn("x", integer))
	for _, c := range []struct {
		name    string
		stmt    sql.Element
		kind    error
		numbers []uint16
	}{
		{"duplicate key", child.Insert().Values(sql.Values{"id": 1, "name": "b"}), dialect.ErrIntegrity, []uint16{1062}},
		{"no parent", child.Insert().Values(sql.Values{"id": 2, "parent_id": 9, "name": "b"}), dialect.ErrIntegrity, []uint16{1452}},
		{"parent in use", parent.Delete().Where(parent.C("id").Eq(1)), dialect.ErrIntegrity, []uint16{1451}},
		{"not null", child.Insert().Values(sql.Values{"id": 3, "name": nil}), dialect.ErrIntegrity, []uint16{1048}},
		{"check", child.Insert().Values(sql.Values{"id": 4, "name": "c", "qty": -1}), dialect.ErrIntegrity, []uint16{3819, 4025}},
		{"syntax", sql.Text("SELEKT 1"), dialect.ErrProgramming, []uint16{1064}},
		{"no table", sql.NewSelect(missing.C("x")), dialect.ErrProgramming, []uint16{1146}},
		{"no column", sql.Text("SELECT nope FROM " + parent.Name()), dialect.ErrProgramming, []uint16{1054}},
		{"out of range", child.Insert().Values(sql.Values{"id": 5, "name": "d", "qty": int64(1) << 40}), dialect.ErrData, []uint16{1264}},
		{"too long", child.Insert().Values(sql.Values{"id": 6, "name": strings.Repeat("x", 31)}), dialect.ErrData, []uint16{1406}},
	} {
		_, err := eng.Execute(ctx, c.stmt)
		var me *gomysql.MySQLError
		if !errors.Is(err, c.kind) || !errors.Is(err, dialect.ErrDBAPI) || !errors.As(err, &me) || !slicesContains(c.numbers, me.Number) {
			t.Errorf("%s: got %v, want %v with error %v", c.name, err, c.kind, c.numbers)
		}
		var ae *engine.Error
		if errors.As(err, &ae) && ae.SQL == "" {
			t.Errorf("%s: the error does not carry its SQL", c.name)
		}
	}
	wantRows(t, eng, "1 1 a 1", child.C("id"), child.C("parent_id"), child.C("name"), child.C("qty"))
}

func slicesContains(s []uint16, n uint16) bool {
	for _, x := range s {
		if x == n {
			return true
		}
	}
	return false
}

// TestLockErrorsLive: a lock wait that times out and a deadlock are
// operational errors.
func TestLockErrorsLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	tb := md.Table(unique("locks"), sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("v", integer))
	mustCreate(t, md, eng)
	execOK(t, eng, tb.Insert().Values(sql.Values{"id": 1, "v": 0}, sql.Values{"id": 2, "v": 0}))
	a, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, c := range []*engine.Conn{a, b} {
		if _, err := c.Execute(ctx, sql.Text("SET SESSION innodb_lock_wait_timeout = 1")); err != nil {
			t.Fatal(err)
		}
	}
	upd := func(id int) sql.Element { return tb.Update().Values(sql.Values{"v": 1}).Where(tb.C("id").Eq(id)) }
	txA, err := a.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := txA.Execute(ctx, upd(1)); err != nil {
		t.Fatal(err)
	}
	txB, err := b.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = txB.Execute(ctx, upd(1))
	var me *gomysql.MySQLError
	if !errors.Is(err, dialect.ErrOperational) || !errors.As(err, &me) || me.Number != 1205 {
		t.Fatalf("lock wait: %v", err)
	}
	// A deadlock: B holds row 2 and waits for row 1, A then asks for row 2.
	if _, err := txB.Execute(ctx, upd(2)); err != nil {
		t.Fatal(err)
	}
	if _, err := txB.Execute(ctx, sql.Text("SET SESSION innodb_lock_wait_timeout = 20")); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := txB.Execute(ctx, tb.Update().Values(sql.Values{"v": 2}).Where(tb.C("id").Eq(1)))
		done <- err
	}()
	waitForLockWait(t, eng, done)
	_, errA := txA.Execute(ctx, upd(2))
	errB := <-done
	deadlocked := errA
	if deadlocked == nil {
		deadlocked = errB
	}
	if !errors.Is(deadlocked, dialect.ErrOperational) || !errors.As(deadlocked, &me) || me.Number != 1213 {
		t.Fatalf("deadlock: A %v, B %v", errA, errB)
	}
	txA.Rollback()
	txB.Rollback()
}

// waitForLockWait waits until a transaction of the server waits for a
// lock.
func waitForLockWait(t *testing.T, eng *engine.Engine, done <-chan error) {
	t.Helper()
	trx := sql.NewTable("innodb_trx", sql.NewColumn("trx_state", types.String{}), sql.Schema("information_schema"))
	waiting := sql.NewSelect(sql.Func("count", trx.C("trx_state"))).Where(trx.C("trx_state").Eq("LOCK WAIT"))
	// The waiting statement has a 20 s lock timeout; a loaded machine may
	// take seconds to send it.
	for i := 0; i < 1500; i++ {
		select {
		case err := <-done:
			t.Fatalf("the statement meant to wait for the lock ended first: %v", err)
		default:
		}
		row, err := execOK(t, eng, waiting).One()
		if err == nil && asString(row.Get(0)) != "0" {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no transaction came to wait for the lock")
}
