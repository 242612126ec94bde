package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

func TestReturningLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30),
		sql.NewColumn("n", integer, sql.Default(1)),
	)
	mustCreate(t, md, eng)
	all := func(st sql.Element) []*engine.Row { return all(t, eng, st) }
	rows := all(users.Insert().Values(sql.Values{"name": "a"}, sql.Values{"name": "b"}).Returning(users.C("id"), users.C("name"), users.C("n")))
	if got := fmt.Sprint(rowValues(rows)); got != "[[1 a 1] [2 b 1]]" {
		t.Fatalf("INSERT RETURNING: %s", got)
	}
	rows = all(users.Update().Values(sql.Values{"n": sql.Ops(users.C("n")).Add(10)}).Where(users.C("id").Eq(2)).Returning(users.C("n")))
	if got := fmt.Sprint(rowValues(rows)); got != "[[11]]" {
		t.Fatalf("UPDATE RETURNING: %s", got)
	}
	rows = all(users.Delete().Where(users.C("name").Eq("a")).Returning(users.C("id")))
	if got := fmt.Sprint(rowValues(rows)); got != "[[1]]" {
		t.Fatalf("DELETE RETURNING: %s", got)
	}
	row, err := rows[0].Value("id")
	if err != nil || row != int64(1) {
		t.Fatalf("RETURNING column by name: %v %v", row, err)
	}
}

func rowValues(rows []*engine.Row) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = r.Values()
	}
	return out
}

func TestInsertedPrimaryKeyLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	var seq atomic.Int64
	md := sql.NewMetaData()
	auto := md.Table("auto", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("x", integer))
	given := md.Table("given", sql.NewColumn("a", integer, sql.PrimaryKey()), sql.NewColumn("b", str30, sql.PrimaryKey()))
	generated := md.Table("generated",
		sql.NewColumn("code", str30, sql.PrimaryKey(), sql.Default(func() any { return fmt.Sprintf("c%d", seq.Add(1)) })),
	)
	mustCreate(t, md, eng)
	pk := func(st sql.Element, params ...sql.Params) []any {
		t.Helper()
		key, err := execOK(t, eng, st, params...).InsertedPrimaryKey()
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	pk(auto.Insert().Values(sql.Values{"x": 1}))
	if got := fmt.Sprint(pk(auto.Insert().Values(sql.Values{"x": 2}))); got != "[2]" {
		t.Fatalf("autoincrement key: %s", got)
	}
	if got := fmt.Sprint(pk(auto.Insert(), sql.Params{"x": 3})); got != "[3]" {
		t.Fatalf("autoincrement key from params: %s", got)
	}
	if got := fmt.Sprint(pk(given.Insert().Values(sql.Values{"b": "q", "a": 7}))); got != "[7 q]" {
		t.Fatalf("given composite key: %s", got)
	}
	key := pk(generated.Insert().Values(sql.Values{}))
	wantRows(t, eng, fmt.Sprint(key[0]), generated.C("code"))
	// Returning the key instead.
	res, err := eng.Execute(ctx, auto.Insert().Values(sql.Values{"x": 4}).Returning(auto.C("id")))
	if err != nil {
		t.Fatal(err)
	}
	id, err := res.ScalarOne()
	if err != nil || id != int64(4) {
		t.Fatalf("RETURNING id: %v %v", id, err)
	}
}

func TestTransactionsLeaveNothingLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30, sql.Unique()))
	mustCreate(t, md, eng)

	// A failing statement inside a transaction: everything rolls back.
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Execute(ctx, users.Insert().Values(sql.Values{"id": 1, "name": "a"})); err != nil {
			return err
		}
		if _, err := tx.Execute(ctx, users.Update().Values(sql.Values{"name": "b"}).Where(users.C("id").Eq(1))); err != nil {
			return err
		}
		_, err := tx.Execute(ctx, users.Insert().Values(sql.Values{"id": 2, "name": "b"}))
		return err
	})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("transaction: %v", err)
	}
	wantRows(t, eng, "", users.C("id"))

	// A statement that fails halfway (the second row of three) leaves no
	// row of its own behind, inside or outside a transaction.
	_, err = eng.Execute(ctx, users.Insert().Values(sql.Values{"id": 1, "name": "a"}, sql.Values{"id": 2, "name": "a"}, sql.Values{"id": 3, "name": "c"}))
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("multi-row insert: %v", err)
	}
	wantRows(t, eng, "", users.C("id"))
	// A statement that cannot compile sends nothing.
	if _, err := eng.Execute(ctx, users.Insert().Values(sql.Values{"nope": 1})); !errors.Is(err, sql.ErrNoSuchColumn) {
		t.Fatalf("bad insert: %v", err)
	}
	if _, err := eng.Execute(ctx, users.Update().Where(users.C("id").Eq(1))); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("empty update: %v", err)
	}
}

func TestUpdateFromAndInsertSelectLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30), sql.NewColumn("total", integer))
	orders := md.Table("orders", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("user_id", integer), sql.NewColumn("amount", integer))
	archive := md.Table("archive",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30),
		sql.NewColumn("source", str30, sql.Default("users")),
	)
	mustCreate(t, md, eng)
	exec := func(st sql.Element) {
		t.Helper()
		if _, err := eng.Execute(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	exec(users.Insert().Values(sql.Values{"id": 1, "name": "a"}, sql.Values{"id": 2, "name": "b"}))
	exec(orders.Insert().Values(sql.Values{"id": 1, "user_id": 1, "amount": 5}, sql.Values{"id": 2, "user_id": 1, "amount": 7}, sql.Values{"id": 3, "user_id": 2, "amount": 1}))

	// A correlated subquery in SET.
	sum := sql.NewSelect(sql.Func("sum", orders.C("amount"))).Where(orders.C("user_id").Eq(users.C("id"))).ScalarSubquery()
	exec(users.Update().Values(sql.Values{"total": sum}))
	wantRows(t, eng, "1 12|2 1", users.C("id"), users.C("total"))

	// UPDATE ... FROM.
	exec(users.Update().Values(sql.Values{"total": orders.C("amount")}).Where(orders.C("user_id").Eq(users.C("id")), orders.C("id").Eq(3)))
	wantRows(t, eng, "1 12|2 1", users.C("id"), users.C("total"))
	exec(users.Update().Values(sql.Values{"name": sql.Ops(users.C("name")).Concat(orders.C("amount"))}).Where(orders.C("user_id").Eq(users.C("id")), orders.C("amount").Eq(7)))
	wantRows(t, eng, "1 a7|2 b", users.C("id"), users.C("name"))

	// INSERT ... SELECT, with a default filled in.
	exec(archive.Insert().FromSelect([]*sql.Column{archive.C("id"), archive.C("name")},
		sql.NewSelect(users.C("id"), users.C("name")).Where(users.C("total").Gt(5))))
	wantRows(t, eng, "1 a7 users", archive.C("id"), archive.C("name"), archive.C("source"))

	// DELETE with a correlated EXISTS.
	exec(orders.Delete().Where(sql.NewSelect(users.C("id")).Where(users.C("id").Eq(orders.C("user_id")), users.C("name").Eq("b")).Exists()))
	wantRows(t, eng, "1|2", orders.C("id"))
}
