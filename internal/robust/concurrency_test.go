package robust_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/leaktest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

const (
	workers    = 64
	iterations = 12
)

var concTable = sql.NewTable("hostile_conc",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
	sql.NewColumn("worker", types.Integer{}, sql.NotNull()),
	sql.NewColumn("n", types.Integer{}, sql.NotNull()),
	sql.NewColumn("note", types.String{Length: 40}),
)

// errRollback makes a transaction function roll back.
var errRollback = errors.New("roll back on purpose")

// ledger is what a worker knows it committed.
type ledger struct {
	ids []int64
	sum int64
}

// TestConcurrentEngine shares one Engine (its pool, its compiled-statement
// cache kept small so that entries are evicted, and statement objects)
// among 64 goroutines that insert, read, update in transactions, roll
// back, use savepoints and build statements of new shapes. Each worker
// checks that it reads back exactly what it committed; at the end the
// totals match, and after Close no goroutine and no server connection is
// left.
func TestConcurrentEngine(t *testing.T) {
	for _, b := range backends(t, "conc") {
		t.Run(b.name, func(t *testing.T) {
			snap := leaktest.Take()
			opts := append([]engine.Option{engine.CacheSize(8)}, b.opts...)
			eng, err := engine.Create(b.url, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			ensureTable(t, eng, concTable)

			// Statement objects every worker shares.
			insert := concTable.Insert()
			ownRows := sql.NewSelect(concTable.C("id"), concTable.C("n")).
				Where(concTable.C("worker").Eq(sql.Bind("w"))).OrderBy(concTable.C("id"))
			bump := concTable.Update().Values(sql.Values{"n": concTable.C("n").Add(1)}).
				Where(concTable.C("id").Eq(sql.Bind("id")))

			ledgers := make([]ledger, workers)
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					if err := work(eng, w, &ledgers[w], insert, ownRows, bump); err != nil {
						errs <- fmt.Errorf("worker %d: %w", w, err)
					}
				}()
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Error(err)
			}

			var wantRows, wantSum int64
			for _, l := range ledgers {
				wantRows += int64(len(l.ids))
				wantSum += l.sum
			}
			total := sql.NewSelect(sql.Func("count", concTable.C("id")).Label("rows"),
				sql.Func("coalesce", sql.Func("sum", concTable.C("n")), 0).Label("sum"))
			row, err := engine.ScanOne[struct{ Rows, Sum int64 }](eng.Execute(context.Background(), total))
			if err != nil {
				t.Fatal(err)
			}
			if row.Rows != wantRows || row.Sum != wantSum {
				t.Errorf("the table holds %d rows summing to %d, the workers committed %d summing to %d", row.Rows, row.Sum, wantRows, wantSum)
			}
			stats := eng.CacheStats()
			if stats.Hits == 0 || stats.Misses == 0 {
				t.Errorf("cache stats %+v: want hits and misses both", stats)
			}
			t.Logf("%d rows, cache %+v", row.Rows, stats)

			if stats.Evicted == 0 {
				t.Errorf("cache stats %+v: want evictions", stats)
			}
			if b.count != nil {
				// The marker counts this engine's connections.
				if n, err := b.count(context.Background()); err != nil || n == 0 {
					t.Fatalf("%s: %d connections counted while the engine is open (%v)", b.name, n, err)
				}
			}
			mustExec(t, eng, &sql.DropTable{Table: concTable})
			if err := eng.Close(); err != nil {
				t.Fatal(err)
			}
			snap.Check(t)
			checkNoConnections(t, b)
		})
	}
}

// work is one worker's mix of operations; it checks what it reads
// against its ledger.
func work(eng *engine.Engine, w int, l *ledger, insert *sql.Insert, ownRows *sql.Select, bump *sql.Update) error {
	ctx := context.Background()
	seq := 0
	newRow := func(n int64) sql.Params {
		seq++
		return sql.Params{"id": int64(w*1000 + seq), "worker": w, "n": n, "note": fmt.Sprintf("w%d", w)}
	}
	record := func(p sql.Params) {
		l.ids = append(l.ids, p["id"].(int64))
		l.sum += p["n"].(int64)
	}
	check := func(ex interface {
		Execute(context.Context, sql.Element, ...sql.Params) (*engine.Result, error)
	}, want ledger) error {
		type idN struct{ ID, N int64 }
		rows, err := engine.ScanAll[idN](ex.Execute(ctx, ownRows, sql.Params{"w": w}))
		if err != nil {
			return err
		}
		var sum int64
		for _, r := range rows {
			sum += r.N
		}
		if len(rows) != len(want.ids) || sum != want.sum {
			return fmt.Errorf("read %d rows summing to %d, committed %d summing to %d", len(rows), sum, len(want.ids), want.sum)
		}
		return nil
	}
	for i := range iterations {
		switch (w + i) % 6 {
		case 0: // a plain insert, committed on its own
			p := newRow(int64(i))
			res, err := eng.Execute(ctx, insert, p)
			if err != nil {
				return err
			}
			res.Close()
			record(p)
		case 1: // two rows in a transaction, a third in a savepoint rolled back
			a, b, c := newRow(1), newRow(2), newRow(100)
			err := eng.Begin(ctx, func(tx *engine.Tx) error {
				if _, err := tx.ExecuteMany(ctx, insert, []sql.Params{a, b}); err != nil {
					return err
				}
				err := tx.Transaction(ctx, func(sp *engine.Tx) error {
					if _, err := sp.Execute(ctx, insert, c); err != nil {
						return err
					}
					return errRollback
				})
				if !errors.Is(err, errRollback) {
					return fmt.Errorf("savepoint: %v", err)
				}
				want := *l
				want.ids = append(want.ids[:len(want.ids):len(want.ids)], a["id"].(int64), b["id"].(int64))
				want.sum += 3
				return check(tx, want)
			})
			if err != nil {
				return err
			}
			record(a)
			record(b)
		case 2: // a transaction rolled back: nothing of it stays
			err := eng.Begin(ctx, func(tx *engine.Tx) error {
				if _, err := tx.Execute(ctx, insert, newRow(1000)); err != nil {
					return err
				}
				return errRollback
			})
			if !errors.Is(err, errRollback) {
				return fmt.Errorf("rolled-back transaction: %v", err)
			}
		case 3: // read back everything committed
			if err := check(eng, *l); err != nil {
				return err
			}
		case 4: // statements of a new shape: IN lists of growing length
			if len(l.ids) == 0 {
				continue
			}
			k := 1 + (w+i)%min(len(l.ids), 9)
			ids := make([]any, k)
			for j := range ids {
				ids[j] = l.ids[j]
			}
			stmt := sql.NewSelect(sql.Func("count", concTable.C("id"))).Where(concTable.C("id").In(ids...))
			n, err := engine.ScanOne[int64](eng.Execute(ctx, stmt))
			if err != nil {
				return err
			}
			if n != int64(k) {
				return fmt.Errorf("IN of %d ids found %d rows", k, n)
			}
		case 5: // an update in a transaction, read back inside it
			if len(l.ids) == 0 {
				continue
			}
			id := l.ids[len(l.ids)-1]
			err := eng.Begin(ctx, func(tx *engine.Tx) error {
				res, err := tx.Execute(ctx, bump, sql.Params{"id": id})
				if err != nil {
					return err
				}
				if res.RowsAffected() != 1 {
					return fmt.Errorf("update of row %d affected %d rows", id, res.RowsAffected())
				}
				want := *l
				want.sum++
				return check(tx, want)
			})
			if err != nil {
				return err
			}
			l.sum++
		}
	}
	return check(eng, *l)
}
