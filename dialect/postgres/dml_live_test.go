package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func rowValues(rows []*engine.Row) string {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = r.Values()
	}
	return fmt.Sprint(out)
}

func TestReturningLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("n", types.Integer{}, sql.Default(1)),
		sql.NewColumn("created", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
	)
	mustCreate(t, md, eng)
	rows := all(t, eng, users.Insert().Values(sql.Values{"name": "a"}, sql.Values{"name": "b"}).Returning(users.C("id"), users.C("name"), users.C("n")))
	if got := rowValues(rows); got != "[[1 a 1] [2 b 1]]" {
		t.Fatalf("INSERT RETURNING: %s", got)
	}
	rows = all(t, eng, users.Update().Values(sql.Values{"n": sql.Ops(users.C("n")).Add(10)}).Where(users.C("id").Eq(2)).Returning(users.C("n"), sql.Func("upper", users.C("name"))))
	if got := rowValues(rows); got != "[[11 B]]" {
		t.Fatalf("UPDATE RETURNING: %s", got)
	}
	rows = all(t, eng, users.Delete().Where(users.C("name").Eq("a")).Returning(users.C("id")))
	if got := rowValues(rows); got != "[[1]]" {
		t.Fatalf("DELETE RETURNING: %s", got)
	}
	rows = all(t, eng, users.Insert().Values(sql.Values{"name": "c"}).Returning(users.C("created")))
	if _, ok := rows[0].Get(0).(interface{ IsZero() bool }); !ok {
		t.Fatalf("server default returned: %#v", rows[0].Get(0))
	}
}

// Generated primary keys come back through RETURNING: SERIAL, BIGSERIAL,
// identity columns and sequences.
func TestInsertedPrimaryKeyLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	seq := sql.NewSequence("order_seq", sql.SequenceOptions{Start: sql.Int64(1000), Increment: sql.Int64(10)})
	tables := []*sql.Table{
		md.Table("serial", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("x", types.Integer{})),
		md.Table("bigserial", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()), sql.NewColumn("x", types.Integer{})),
		md.Table("identity", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Start: sql.Int64(50)})), sql.NewColumn("x", types.Integer{})),
		md.Table("sequenced", sql.NewColumn("id", types.BigInteger{}, seq, sql.PrimaryKey()), sql.NewColumn("x", types.Integer{})),
	}
	mustCreate(t, md, eng)
	want := [][]int64{{1, 2}, {1, 2}, {50, 51}, {1000, 1010}}
	for i, tbl := range tables {
		for j := range 2 {
			res, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"x": j}))
			if err != nil {
				t.Fatalf("%s: %v", tbl.Name(), err)
			}
			key, err := res.InsertedPrimaryKey()
			if err != nil || len(key) != 1 || key[0] != want[i][j] {
				t.Errorf("%s insert %d: key %v, %v", tbl.Name(), j, key, err)
			}
		}
		wantRows(t, eng, fmt.Sprintf("%d 0|%d 1", want[i][0], want[i][1]), tbl.C("id"), tbl.C("x"))
	}
	// The sequence is also an expression.
	next, err := execOK(t, eng, sql.NewSelect(seq.NextValue())).Scalar()
	if err != nil || next != int64(1020) {
		t.Fatalf("nextval: %v %v", next, err)
	}
	// An identity ALWAYS refuses a given value.
	always := md.Table("always", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Always: true})))
	mustCreate(t, md, eng)
	if _, err := eng.Execute(ctx, always.Insert().Values(sql.Values{"id": 5})); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("identity ALWAYS with a value: %v", err)
	}
	// Multi-row INSERT of the sequence-keyed table, with executemany.
	if _, err := eng.ExecuteMany(ctx, tables[3].Insert(), []sql.Params{{"x": 7}, {"x": 8}}); err != nil {
		t.Fatal(err)
	}
	wantRows(t, eng, "1000 0|1010 1|1030 7|1040 8", tables[3].C("id"), tables[3].C("x"))
}

func TestUpsertLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	counts := md.Table("counts",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("email", types.String{Length: 30}, sql.NotNull()),
		sql.NewColumn("n", types.Integer{}, sql.NotNull(), sql.ServerDefault(0)),
		sql.NewColumn("tag", types.String{Length: 30}),
		sql.UniqueOn([]string{"email"}, sql.ConstraintOptions{Name: "uq_counts_email"}),
	)
	partial := sql.NewIndex("ix_tag_partial", counts.C("tag")).Unique().Where(counts.C("n").Gt(100))
	mustCreate(t, md, eng)
	exec := func(st sql.Element, params ...sql.Params) *engine.Result {
		t.Helper()
		return execOK(t, eng, st, params...)
	}
	exec(counts.Insert().Values(sql.Values{"email": "a@x", "n": 1}))
	// Insert or ignore, with and without a target.
	res := exec(postgres.Insert(counts).Values(sql.Values{"email": "a@x", "n": 50}).OnConflictDoNothing())
	if key, _ := res.InsertedPrimaryKey(); res.RowsAffected() != 0 || key[0] != nil {
		t.Fatalf("do nothing: %d rows, key %v", res.RowsAffected(), key)
	}
	res = exec(postgres.Insert(counts).Values(sql.Values{"email": "b@x", "n": 2}).OnConflictDoNothing(postgres.On("email")))
	// (The conflict above used up id 2 of the serial.)
	if key, _ := res.InsertedPrimaryKey(); res.RowsAffected() != 1 || key[0] != int64(3) {
		t.Fatalf("insert: %d rows, key %v", res.RowsAffected(), key)
	}
	wantRows(t, eng, "1 a@x 1|3 b@x 2", counts.C("id"), counts.C("email"), counts.C("n"))
	// Insert or update, adding the proposed value to the existing one.
	up := postgres.Insert(counts).Values(sql.Values{"email": "a@x", "n": 10})
	up = up.OnConflictDoUpdate(postgres.On("email"), sql.Values{"n": sql.Ops(counts.C("n")).Add(up.Excluded().C("n"))})
	exec(up)
	exec(up)
	wantRows(t, eng, "a@x 21|b@x 2", counts.C("email"), counts.C("n"))
	// By constraint name; a false WHERE leaves the row, and RETURNING
	// gives nothing for it.
	rows := all(t, eng, postgres.Insert(counts).Values(sql.Values{"email": "b@x", "n": 7}).
		OnConflictDoUpdate(postgres.OnConstraint("uq_counts_email"), sql.Values{"n": 99}, counts.C("n").Gt(1000)).Returning(counts.C("id")))
	if len(rows) != 0 {
		t.Fatalf("WHERE false returned %v", rowValues(rows))
	}
	wantRows(t, eng, "a@x 21|b@x 2", counts.C("email"), counts.C("n"))
	// RETURNING gives the row, inserted or updated.
	ret := postgres.Insert(counts).Values(sql.Values{"email": "b@x", "n": 5}, sql.Values{"email": "c@x", "n": 6})
	ret = ret.OnConflictDoUpdate(postgres.OnConstraintOf(counts.Constraints()[0].(*sql.UniqueConstraint)),
		sql.Values{"n": ret.Excluded().C("n")}).Returning(counts.C("email"), counts.C("n"))
	if got := rowValues(all(t, eng, ret)); got != "[[b@x 5] [c@x 6]]" {
		t.Fatalf("returning: %s", got)
	}
	// A partial unique index as the target.
	exec(counts.Update().Values(sql.Values{"n": 500, "tag": "t"}).Where(counts.C("id").Eq(1)))
	exec(postgres.Insert(counts).Values(sql.Values{"email": "d@x", "n": 200, "tag": "t"}).
		OnConflictDoUpdate(postgres.OnIndex(partial), sql.Values{"email": "moved@x"}))
	wantRows(t, eng, "b@x 5|c@x 6|moved@x 500", counts.C("email"), counts.C("n"))
	// Values from parameters, many sets.
	res, err := eng.ExecuteMany(ctx, postgres.Insert(counts).OnConflictDoNothing(), []sql.Params{
		{"email": "b@x", "n": 3}, {"email": "e@x", "n": 4},
	})
	if err != nil || res.RowsAffected() != 1 {
		t.Fatalf("ExecuteMany: %v rows, %v", res.RowsAffected(), err)
	}
	wantRows(t, eng, "b@x 5|c@x 6|e@x 4|moved@x 500", counts.C("email"), counts.C("n"))
	// A conflict on another constraint than the target's is still an
	// integrity error.
	_, err = eng.Execute(ctx, postgres.Insert(counts).Values(sql.Values{"id": 3, "email": "f@x"}).OnConflictDoNothing(postgres.On("email")))
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("conflict on the primary key: %v", err)
	}
	// A target that matches no unique index is the database's error.
	_, err = eng.Execute(ctx, postgres.Insert(counts).Values(sql.Values{"email": "g@x"}).OnConflictDoNothing(postgres.On("tag")))
	if !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("target without index: %v", err)
	}
}

func TestTransactionsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	items := md.Table("items", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)))
	mustCreate(t, md, eng)
	ins := func(tx *engine.Tx, id int) error {
		_, err := tx.Execute(ctx, items.Insert().Values(sql.Values{"id": id}))
		return err
	}
	boom := errors.New("boom")
	// Commit, and roll back on error.
	if err := eng.Begin(ctx, func(tx *engine.Tx) error { return ins(tx, 1) }); err != nil {
		t.Fatal(err)
	}
	if err := eng.Begin(ctx, func(tx *engine.Tx) error { ins(tx, 2); return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	wantRows(t, eng, "1", items.C("id"))
	// Savepoints: an inner failure rolls back to the savepoint only, even
	// after the database refused a statement (which aborts the
	// transaction until the rollback).
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := ins(tx, 3); err != nil {
			return err
		}
		err := tx.Transaction(ctx, func(inner *engine.Tx) error {
			if err := ins(inner, 4); err != nil {
				return err
			}
			return ins(inner, 1) // duplicate key
		})
		if !errors.Is(err, dialect.ErrIntegrity) {
			return fmt.Errorf("inner: %v", err)
		}
		if err := tx.Transaction(ctx, func(inner *engine.Tx) error { return ins(inner, 5) }); err != nil {
			return err
		}
		return ins(tx, 6)
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, eng, "1|3|5|6", items.C("id"))
	// DDL is transactional: a table created in a rolled-back transaction
	// is gone.
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	md2 := sql.NewMetaData()
	md2.Table("ephemeral", sql.NewColumn("id", types.Integer{}))
	if err := md2.CreateAll(ctx, conn); err != nil {
		t.Fatal(err)
	}
	if ok, _ := conn.HasTable(ctx, "", "ephemeral"); !ok {
		t.Fatal("table not visible in its transaction")
	}
	tx.Rollback()
	if ok, _ := eng.HasTable(ctx, "", "ephemeral"); ok {
		t.Fatal("table survived the rollback")
	}
	// Serializable transactions through the engine's isolation level.
	_, u := newSchema(t)
	ser, err := engine.Create(u, engine.IsolationLevel(6)) // sql.LevelSerializable
	if err != nil {
		t.Fatal(err)
	}
	defer ser.Close()
	err = ser.Begin(ctx, func(tx *engine.Tx) error {
		v, err := tx.Execute(ctx, sql.NewSelect(sql.Func("current_setting", "transaction_isolation")))
		if err != nil {
			return err
		}
		level, err := v.Scalar()
		if level != "serializable" {
			return fmt.Errorf("isolation %v", level)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
