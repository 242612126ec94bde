package mysql_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// rawQuery reads one text value through the driver.
func rawQuery(t *testing.T, eng *engine.Engine, q string, args ...any) string {
	t.Helper()
	var s string
	if err := eng.DB().QueryRowContext(context.Background(), q, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return s
}

func TestSchemaLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Index: "ix_%(column_0_label)s", ForeignKey: "fk_%(table_name)s_%(column_0_name)s"}))
	bName := unique("b")
	a := md.Table(unique("a"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("b_id", integer, sql.References(bName+".id")),
		sql.NewColumn("kind", types.Enum{Values: []string{"x", "y"}}, sql.ServerDefault("x"), sql.ColumnComment("the kind")),
		sql.NewColumn("at", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("note", types.Text{}),
		sql.NewColumn("n", integer, sql.ServerDefault(sql.Text("-1"))),
		sql.TableComment("table a"),
		sql.TableOption("mysql_engine", "InnoDB"),
		sql.TableOption("mysql_charset", "utf8mb4"),
		sql.TableOption("mysql_collate", "utf8mb4_bin"),
	)
	b := md.Table(bName, sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("a_id", integer, sql.References(a.C("id"))))
	ix := sql.NewIndex(unique("ix_n"), a.C("n"), sql.Ops(a.C("kind")).Desc())
	mustCreate(t, md, eng)
	// Twice: the tables exist, nothing happens.
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := rawQuery(t, eng, "SELECT CONCAT(engine, ' ', table_collation, ' ', table_comment) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", a.Name()); got != "InnoDB utf8mb4_bin table a" {
		t.Fatalf("table options: %s", got)
	}
	if got := rawQuery(t, eng, "SELECT CONCAT(column_type, ' ', column_default, ' ', column_comment) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? AND column_name = 'kind'", a.Name()); got != "enum('x','y') 'x' the kind" {
		t.Fatalf("enum column: %s", got)
	}
	execOK(t, eng, a.Insert().Values(sql.Values{"id": 1}))
	if got := rowsText(t, eng, sql.NewSelect(a.C("kind"), a.C("n")).Where(a.C("at").IsNotNull())); got != "x -1" {
		t.Fatalf("defaults: %s", got)
	}
	execOK(t, eng, b.Insert().Values(sql.Values{"id": 1, "a_id": 1}))
	execOK(t, eng, a.Update().Values(sql.Values{"b_id": 1}).Where(a.C("id").Eq(1)))
	// The cycle is enforced both ways.
	if _, err := eng.Execute(ctx, b.Delete()); !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("delete b: %v", err)
	}
	if _, err := eng.Execute(ctx, sql.NewDropIndex(ix)); err != nil {
		t.Fatal(err)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if ok, err := eng.HasTable(ctx, "", a.Name()); ok || err != nil {
		t.Fatalf("after DropAll: %v %v", ok, err)
	}
	if ok, err := eng.HasTable(ctx, "information_schema", "TABLES"); !ok || err != nil {
		t.Fatalf("HasTable in a schema: %v %v", ok, err)
	}
}

func TestTransactionsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	tb := md.Table(unique("tx"), sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("v", str30))
	mustCreate(t, md, eng)
	ins := func(tx *engine.Tx, id int) error {
		_, err := tx.Execute(ctx, tb.Insert().Values(sql.Values{"id": id, "v": "x"}))
		return err
	}
	fail := errors.New("roll back")
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := ins(tx, 1); err != nil {
			return err
		}
		// A savepoint rolled back keeps the outer work.
		if err := tx.Transaction(ctx, func(inner *engine.Tx) error {
			if err := ins(inner, 2); err != nil {
				return err
			}
			return fail
		}); !errors.Is(err, fail) {
			return err
		}
		// A savepoint released keeps its work; a nested one inside it is
		// rolled back.
		return tx.Transaction(ctx, func(inner *engine.Tx) error {
			if err := ins(inner, 3); err != nil {
				return err
			}
			if err := inner.Transaction(ctx, func(deeper *engine.Tx) error {
				if err := ins(deeper, 4); err != nil {
					return err
				}
				return fail
			}); !errors.Is(err, fail) {
				return err
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, eng, "1|3", tb.C("id"))
	// A failed transaction leaves nothing; the duplicate is an integrity
	// error inside the transaction too.
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := ins(tx, 5); err != nil {
			return err
		}
		return ins(tx, 1)
	})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("duplicate in a transaction: %v", err)
	}
	wantRows(t, eng, "1|3", tb.C("id"))
}

func TestQueriesLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table(unique("users"), sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30), sql.NewColumn("score", integer))
	addrs := md.Table(unique("addrs"), sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer), sql.NewColumn("email", str30))
	mustCreate(t, md, eng)
	execOK(t, eng, users.Insert().Values(
		sql.Values{"id": 1, "name": "Ann", "score": 5}, sql.Values{"id": 2, "name": "bob", "score": nil},
		sql.Values{"id": 3, "name": `c\d's`, "score": 1}, sql.Values{"id": 4, "name": "dave", "score": 9}))
	execOK(t, eng, addrs.Insert().Values(sql.Values{"id": 1, "user_id": 1, "email": "a@x"}, sql.Values{"id": 2, "user_id": 3, "email": "c@x"}))
	ids := func(st sql.Element) string { t.Helper(); return rowsText(t, eng, st) }
	byID := sql.NewSelect(users.C("id")).OrderBy(users.C("id"))
	if got := ids(byID.Limit(2).Offset(1)); got != "2|3" {
		t.Fatalf("LIMIT offset, count: %s", got)
	}
	if got := ids(byID.Offset(3)); got != "4" {
		t.Fatalf("OFFSET alone: %s", got)
	}
	if got := ids(sql.NewSelect(users.C("id")).OrderBy(sql.Ops(users.C("score")).NullsLast())); got != "3|1|4|2" {
		t.Fatalf("NULLS LAST: %s", got)
	}
	if got := ids(byID.Where(sql.Ops(users.C("name")).ILike("a%"))); got != "1" {
		t.Fatalf("ILIKE: %s", got)
	}
	if got := ids(sql.NewSelect(sql.Ops(sql.Ops(users.C("name")).Concat("-")).Concat(users.C("id")).Label("x")).Where(users.C("id").Eq(3))); got != `c\d's-3` {
		t.Fatalf("concat: %s", got)
	}
	if got := ids(byID.Where(sql.Ops(users.C("name")).Contains(`\d'`))); got != "3" {
		t.Fatalf("contains with a backslash: %s", got)
	}
	// The literal rendering reads back the same value.
	lit, err := sql.DebugSQL(sql.NewSelect(users.C("id")).Where(users.C("name").Eq(`c\d's`)), eng.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	if got := rawQuery(t, eng, lit); got != "3" {
		t.Fatalf("DebugSQL %s: %s", lit, got)
	}
	if got := ids(byID.Where(sql.Ops(users.C("score")).IsNotDistinctFrom(nil))); got != "2" {
		t.Fatalf("IS NOT DISTINCT FROM NULL: %s", got)
	}
	// Multi-table UPDATE and DELETE.
	execOK(t, eng, users.Update().Values(sql.Values{"name": addrs.C("email")}).Where(users.C("id").Eq(addrs.C("user_id")), addrs.C("email").Eq("c@x")))
	if got := ids(sql.NewSelect(users.C("name")).Where(users.C("id").Eq(3))); got != "c@x" {
		t.Fatalf("UPDATE with another table: %s", got)
	}
	res := execOK(t, eng, users.Delete().Where(users.C("id").Eq(addrs.C("user_id"))))
	if res.RowsAffected() != 2 {
		t.Fatalf("DELETE with another table deleted %d", res.RowsAffected())
	}
	if got := ids(byID); got != "2|4" {
		t.Fatalf("after DELETE: %s", got)
	}
	// RowsAffected counts matched rows, changed or not.
	res = execOK(t, eng, users.Update().Values(sql.Values{"name": "dave"}).Where(users.C("id").Eq(4)))
	if res.RowsAffected() != 1 {
		t.Fatalf("matched rows: %d", res.RowsAffected())
	}
	// Window functions, CTEs and set operations on this server.
	f := eng.Dialect().Features()
	if f.WindowFunctions {
		rn := sql.Func("row_number").Over(sql.Window{OrderBy: []sql.ColumnElement{sql.Ops(users.C("id")).Desc()}}).Label("rn")
		if got := ids(sql.NewSelect(users.C("id"), rn).OrderBy(users.C("id"))); got != "2 2|4 1" {
			t.Fatalf("window: %s", got)
		}
	}
	if f.Intersect {
		if got := ids(sql.NewSelect(users.C("id")).Except(sql.NewSelect(users.C("id")).Where(users.C("id").Eq(2)))); got != "4" {
			t.Fatalf("EXCEPT: %s", got)
		}
	}
	// FOR UPDATE and the read lock, inside a transaction.
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		for _, l := range []sql.LockClause{{}, {Read: true}, {Of: []sql.FromClause{users}}} {
			res, err := tx.Execute(ctx, byID.ForUpdate(l))
			if err != nil {
				return err
			}
			if rows, err := res.All(); err != nil || len(rows) != 2 {
				return fmt.Errorf("locked rows %d: %v", len(rows), err)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
