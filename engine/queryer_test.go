package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestQueryer: SQL text run through the engine's Queryer is seen by
// listeners, and its errors are classified like statements' errors; a
// connection's and a transaction's Queryer run on them.
func TestQueryer(t *testing.T) {
	ctx := context.Background()
	var seen []string
	eng, err := engine.Create("sqlite://", engine.OnExecute(engine.Listener{
		AfterExecute: func(_ context.Context, ev *engine.ExecuteEvent) { seen = append(seen, ev.SQL) },
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	q, err := eng.Queryer(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []any
	if err := q.QueryContext(ctx, "SELECT ? + 1", []any{41}, func(v []any) error { got = append(got, v[0]); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != int64(42) || len(seen) == 0 || seen[len(seen)-1] != "SELECT ? + 1" {
		t.Fatalf("rows %v, statements seen %v", got, seen)
	}
	err = q.QueryContext(ctx, "SELECT FROM nowhere", nil, func([]any) error { return nil })
	var dbErr *engine.Error
	if !errors.Is(err, dialect.ErrProgramming) || !errors.As(err, &dbErr) || dbErr.SQL != "SELECT FROM nowhere" {
		t.Fatalf("a syntax error: %v", err)
	}

	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Execute(ctx, sql.Text("CREATE TABLE in_tx (id INTEGER)")); err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]interface {
		Queryer(context.Context) (dialect.Queryer, error)
	}{"conn": conn, "tx": tx} {
		q, err := src.Queryer(ctx)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		if err := q.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE name = 'in_tx'", nil, func([]any) error { n++; return nil }); err != nil || n != 1 {
			t.Fatalf("%s: %d rows, %v", name, n, err)
		}
	}
	tx.Rollback()
	if _, err := tx.Queryer(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Fatalf("the Queryer of an ended transaction: %v", err)
	}
	conn.Close()
	if _, err := conn.Queryer(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Fatalf("the Queryer of a closed connection: %v", err)
	}
}

// TestSchemaTranslateMap: an engine that maps the default schema to an
// attached SQLite database creates, fills, reads and drops its tables
// there, and looks for them there.
func TestSchemaTranslateMap(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://", engine.SchemaTranslateMap(map[string]string{"": "aux"}))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, err := eng.Execute(ctx, sql.Text("ATTACH DATABASE ':memory:' AS aux")); err != nil {
		t.Fatal(err)
	}
	md := sql.NewMetaData()
	items := md.Table("items", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 10}, sql.Indexed()))
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	count := func(master string) int {
		t.Helper()
		res, err := eng.Execute(ctx, sql.Text("SELECT count(*) FROM "+master+" WHERE tbl_name = 'items'"))
		if err != nil {
			t.Fatal(err)
		}
		row, err := res.One()
		if err != nil {
			t.Fatal(err)
		}
		return int(row.Values()[0].(int64))
	}
	if main, aux := count("main.sqlite_master"), count("aux.sqlite_master"); main != 0 || aux != 2 {
		t.Fatalf("the table and its index: %d in main, %d in aux", main, aux)
	}
	if _, err := eng.Execute(ctx, sql.NewInsert(items).Values(sql.Values{"id": 1, "name": "x"})); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, sql.NewSelect(items.C("name")).Where(items.C("id").Eq(1)))
	if err != nil {
		t.Fatal(err)
	}
	if row, err := res.One(); err != nil || row.Values()[0] != "x" {
		t.Fatalf("%v %v", row, err)
	}
	if ok, err := eng.HasTable(ctx, "", "items"); !ok || err != nil {
		t.Fatalf("HasTable: %v %v", ok, err)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if aux := count("aux.sqlite_master"); aux != 0 {
		t.Fatalf("after DropAll, aux has %d objects", aux)
	}
}
