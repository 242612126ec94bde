package postgres_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestCursorSQL(t *testing.T) {
	if got := pg.DeclareCursor("c1", "SELECT 1"); got != `DECLARE c1 NO SCROLL CURSOR FOR SELECT 1` {
		t.Error(got)
	}
	if got := pg.FetchCursor("Big", 500); got != `FETCH FORWARD 500 FROM "Big"` {
		t.Error(got)
	}
	if got := pg.CloseCursor("c1"); got != "CLOSE c1" {
		t.Error(got)
	}
}

// Stream reads 100,000 rows a batch at a time: one FETCH per 1,000 rows,
// never the whole result at once.
func TestStreamLive(t *testing.T) {
	ctx := context.Background()
	var fetches, declares, closes atomic.Int64
	listener := engine.Listener{BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
		switch {
		case strings.HasPrefix(ev.SQL, "FETCH FORWARD 1000 "):
			fetches.Add(1)
		case strings.HasPrefix(ev.SQL, "DECLARE "):
			declares.Add(1)
		case strings.HasPrefix(ev.SQL, "CLOSE "):
			closes.Add(1)
		}
		return ctx
	}}
	eng := newEngine(t, engine.OnExecute(listener))
	md := sql.NewMetaData()
	big := md.Table("big", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("payload", types.Text{}))
	mustCreate(t, md, eng)
	execOK(t, eng, sql.Text("INSERT INTO big (id, payload) SELECT g, repeat('x', 100) FROM generate_series(1, 100000) g"))

	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Transaction(ctx, func(tx *engine.Tx) error {
		cur, err := tx.Stream(ctx, sql.NewSelect(big.C("id"), sql.Func("length", big.C("payload"))).
			Where(big.C("id").Gt(0)).OrderBy(big.C("id")), 1000)
		if err != nil {
			return err
		}
		var n, sum int64
		batchStart := fetches.Load()
		for cur.Next() {
			n++
			id := cur.Row().Get(0).(int64)
			if id != n {
				t.Fatalf("row %d has id %d", n, id)
			}
			sum += cur.Row().Get(1).(int64)
			// Never more than one batch ahead of the reader.
			if ahead := (fetches.Load() - batchStart) * 1000; ahead-n >= 1000 {
				t.Fatalf("fetched %d rows with %d read", ahead, n)
			}
		}
		if err := cur.Err(); err != nil {
			return err
		}
		if n != 100000 || sum != 100*100000 {
			t.Fatalf("read %d rows, %d bytes", n, sum)
		}
		if cur.Fetches() != 101 || fetches.Load() != 101 {
			t.Fatalf("%d fetches (%d seen by the listener), want 101 (100 full batches and the empty one)", cur.Fetches(), fetches.Load())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if declares.Load() != 1 || closes.Load() != 1 {
		t.Fatalf("DECLARE %d, CLOSE %d", declares.Load(), closes.Load())
	}

	// Stopping early closes the cursor; the iterator does too.
	err = conn.Transaction(ctx, func(tx *engine.Tx) error {
		cur, err := tx.Stream(ctx, big.Select().Where(big.C("id").Le(sql.Bind("top"))), 10, sql.Params{"top": 25})
		if err != nil {
			return err
		}
		got := 0
		for row, err := range cur.Rows() {
			if err != nil {
				return err
			}
			if got++; row.Get(1).(string) != strings.Repeat("x", 100) || got == 15 {
				break
			}
		}
		if got != 15 {
			t.Fatalf("iterator read %d", got)
		}
		if cur.Next() {
			t.Fatal("Next after the iterator closed the cursor")
		}
		// Default batch; a cursor over no rows.
		empty, err := tx.Stream(ctx, big.Select().Where(big.C("id").Lt(0)), 0)
		if err != nil {
			return err
		}
		if empty.Next() || empty.Err() != nil || empty.Fetches() != 1 {
			t.Fatalf("empty cursor: %v %d", empty.Err(), empty.Fetches())
		}
		return empty.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	if closes.Load() != 3 {
		t.Fatalf("CLOSE %d times, want 3", closes.Load())
	}

	// Misuse.
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Stream(ctx, big.Insert().Values(sql.Values{"id": 0}), 10); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("Stream of an INSERT: %v", err)
	}
	if _, err := tx.Stream(ctx, big.Select(), -1); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("negative batch: %v", err)
	}
	if _, err := tx.Stream(ctx, sql.NewSelect(sql.NewTable("nope", sql.NewColumn("x", nil)).C("x")), 10); !errors.Is(err, dialect.ErrProgramming) {
		t.Fatalf("cursor over a missing table: %v", err)
	}
	tx.Rollback()
	cur, err := func() (*engine.Cursor, error) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return nil, err
		}
		defer tx.Commit()
		return tx.Stream(ctx, big.Select(), 10)
	}()
	if err != nil {
		t.Fatal(err)
	}
	if cur.Next() || !errors.Is(cur.Err(), engine.ErrClosed) {
		t.Fatalf("reading a cursor after its transaction: %v", cur.Err())
	}
	if err := cur.Close(); err != nil {
		t.Fatalf("Close after the transaction: %v", err)
	}
}
