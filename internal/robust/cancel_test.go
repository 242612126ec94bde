package robust_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/leaktest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// A cancelled statement must stop within this bound, counted from the
// start of a statement cancelled after 200 ms: PostgreSQL stops it on a
// cancel request, MariaDB on KILL QUERY, SQLite on an interrupt. The
// statements sleep 60 s; alone they stop within 0.5 s, but a cancel
// request opens a connection, which takes seconds on a loaded 2-core
// machine running every package's tests at once.
const stopBound = 10 * time.Second

var cancelTable = sql.NewTable("hostile_cancel",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
	sql.NewColumn("note", types.String{Length: 20}),
)

// slowSQL is a query that runs for far longer than the tests wait, and
// bigSQL one that returns millions of rows.
func slowSQL(b backend) string {
	switch {
	case strings.HasPrefix(b.name, "postgresql"):
		return "SELECT pg_sleep(60)"
	case b.name == "mariadb":
		return "SELECT SLEEP(60)"
	}
	return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c"
}

func bigSQL(b backend) string {
	switch {
	case strings.HasPrefix(b.name, "postgresql"):
		return "SELECT generate_series(1, 100000000) AS x" // in the select list, not materialized
	case b.name == "mariadb":
		return "SELECT seq FROM seq_1_to_100000000"
	}
	return "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000000) SELECT x FROM c"
}

// checkStopped checks an error of a statement its context stopped: it
// came within stopBound, matches the context's error, and is one of the
// engine's typed errors.
func checkStopped(t *testing.T, what string, err error, want error, took time.Duration) {
	t.Helper()
	if took > stopBound {
		t.Errorf("%s: stopped after %v", what, took)
	}
	if !errors.Is(err, want) {
		t.Fatalf("%s: %v does not match %v", what, err, want)
	}
	var dbErr *engine.Error
	var stmtErr *engine.StatementError
	switch {
	case errors.As(err, &dbErr):
		if !errors.Is(err, dialect.ErrDBAPI) {
			t.Errorf("%s: %v does not match ErrDBAPI", what, err)
		}
	case errors.As(err, &stmtErr):
	default:
		t.Errorf("%s: %T %v is neither an *engine.Error nor an *engine.StatementError", what, err, err)
	}
	t.Logf("%s: %v after %v", what, err, took.Round(time.Millisecond))
}

// checkInterrupted checks that a statement a server stopped as its
// context ended failed with the server's error, an operational one
// (PostgreSQL's query_canceled, MariaDB's 1317 or the MySQL dialect's
// ErrInterrupted), not a closed connection's.
func checkInterrupted(t *testing.T, b backend, what string, err error) {
	t.Helper()
	if b.count != nil && !errors.Is(err, dialect.ErrOperational) {
		t.Errorf("%s: %v is not an operational error", what, err)
	}
}

// checkUsable checks that the engine still runs statements, on every
// connection of its pool.
func checkUsable(t *testing.T, eng *engine.Engine) {
	t.Helper()
	for range 3 {
		n, err := engine.ScanOne[int64](eng.Execute(context.Background(), sql.NewSelect(sql.Literal(7))))
		if err != nil || n != 7 {
			t.Fatalf("the next statement: %v, %v", n, err)
		}
	}
}

// TestCancel stops running queries by deadline and by cancellation:
// alone, inside a transaction (whose writes are then absent) and while
// rows stream; each returns a typed error matching the context's within
// a bound, the server stops the query, and the engine goes on working.
func TestCancel(t *testing.T) {
	for _, b := range backends(t, "cancel") {
		t.Run(b.name, func(t *testing.T) {
			snap := leaktest.Take()
			eng, err := engine.Create(b.url, b.opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			ensureTable(t, eng, cancelTable)
			bg := context.Background()

			for _, c := range []struct {
				name string
				ctx  func() (context.Context, context.CancelFunc)
				want error
			}{
				{"deadline", func() (context.Context, context.CancelFunc) { return context.WithTimeout(bg, 200*time.Millisecond) }, context.DeadlineExceeded},
				{"cancel", func() (context.Context, context.CancelFunc) {
					ctx, cancel := context.WithCancel(bg)
					time.AfterFunc(200*time.Millisecond, cancel)
					return ctx, cancel
				}, context.Canceled},
			} {
				t.Run(c.name, func(t *testing.T) {
					ctx, cancel := c.ctx()
					defer cancel()
					start := time.Now()
					_, err := eng.Execute(ctx, sql.Text(slowSQL(b)))
					checkStopped(t, c.name, err, c.want, time.Since(start))
					checkInterrupted(t, b, c.name, err)
					checkUsable(t, eng)
					checkServerStopped(t, b)
				})
			}
			t.Run("in a transaction", func(t *testing.T) {
				ctx, cancel := context.WithCancel(bg)
				defer cancel()
				start := time.Now()
				err := eng.Begin(ctx, func(tx *engine.Tx) error {
					if _, err := tx.Execute(ctx, cancelTable.Insert().Values(sql.Values{"id": 1, "note": "gone"})); err != nil {
						return err
					}
					time.AfterFunc(200*time.Millisecond, cancel)
					_, err := tx.Execute(ctx, sql.Text(slowSQL(b)))
					return err
				})
				checkStopped(t, "in a transaction", err, context.Canceled, time.Since(start))
				checkInterrupted(t, b, "in a transaction", err)
				checkUsable(t, eng)
				if n := countRows(t, eng, cancelTable); n != 0 {
					t.Errorf("the cancelled transaction left %d rows", n)
				}
				checkServerStopped(t, b)
			})
			t.Run("deadline of a savepoint", func(t *testing.T) {
				err := eng.Begin(bg, func(tx *engine.Tx) error {
					if _, err := tx.Execute(bg, cancelTable.Insert().Values(sql.Values{"id": 2, "note": "kept"})); err != nil {
						return err
					}
					ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
					defer cancel()
					start := time.Now()
					err := tx.Transaction(ctx, func(sp *engine.Tx) error {
						if _, err := sp.Execute(ctx, cancelTable.Insert().Values(sql.Values{"id": 3, "note": "gone"})); err != nil {
							return err
						}
						_, err := sp.Execute(ctx, sql.Text(slowSQL(b)))
						return err
					})
					checkStopped(t, "in a savepoint", err, context.DeadlineExceeded, time.Since(start))
					checkInterrupted(t, b, "in a savepoint", err)
					// PostgreSQL aborts the whole transaction on an error;
					// the rollback to the savepoint recovers it. MariaDB
					// keeps the connection KILL QUERY interrupted, and with
					// it the transaction.
					_, err = tx.Execute(bg, cancelTable.Insert().Values(sql.Values{"id": 4, "note": "kept"}))
					return err
				})
				ids, idsErr := engine.ScanAll[int64](eng.Execute(bg, sql.NewSelect(cancelTable.C("id")).OrderBy(cancelTable.C("id"))))
				if idsErr != nil {
					t.Fatal(idsErr)
				}
				if err != nil || len(ids) != 2 || ids[0] != 2 || ids[1] != 4 {
					t.Errorf("the transaction around the savepoint: %v; rows %v, want [2 4]", err, ids)
				}
				mustExec(t, eng, cancelTable.Delete())
			})
			t.Run("while streaming", func(t *testing.T) {
				ctx, cancel := context.WithCancel(bg)
				defer cancel()
				res, err := eng.Execute(ctx, sql.Text(bigSQL(b)).Columns(sql.NewColumn("x", types.BigInteger{})))
				if err != nil {
					t.Fatal(err)
				}
				defer res.Close()
				n := 0
				for res.Next() {
					if n++; n == 10 {
						cancel()
						break
					}
				}
				start := time.Now()
				for res.Next() {
					n++
				}
				err = res.Err()
				took := time.Since(start)
				// The rows already on their way may be read; the stream
				// ends with the context's error, or at its end if it
				// was read whole (it is not).
				checkStopped(t, "streaming", err, context.Canceled, took)
				t.Logf("%d rows read", n)
				checkUsable(t, eng)
				checkServerStopped(t, b)
			})
			t.Run("Tx.Stream", func(t *testing.T) {
				ctx, cancel := context.WithCancel(bg)
				defer cancel()
				err := eng.Begin(ctx, func(tx *engine.Tx) error {
					if _, err := tx.Execute(ctx, cancelTable.Insert().Values(sql.Values{"id": 5, "note": "gone"})); err != nil {
						return err
					}
					cur, err := tx.Stream(ctx, sql.Text(bigSQL(b)).Columns(sql.NewColumn("x", types.BigInteger{})), 100)
					if errors.Is(err, dialect.ErrNotSupported) {
						t.Skipf("%s has no server-side cursors", b.name)
					}
					if err != nil {
						return err
					}
					defer cur.Close()
					n := 0
					for cur.Next() {
						if n++; n == 150 {
							cancel()
						}
					}
					return cur.Err()
				})
				checkStopped(t, "Tx.Stream", err, context.Canceled, 0)
				checkUsable(t, eng)
				if n := countRows(t, eng, cancelTable); n != 0 {
					t.Errorf("the cancelled transaction left %d rows", n)
				}
			})
			mustExec(t, eng, &sql.DropTable{Table: cancelTable})
			if err := eng.Close(); err != nil {
				t.Fatal(err)
			}
			snap.Check(t)
			checkNoConnections(t, b)
		})
	}
}

// countRows counts a table's rows.
func countRows(t *testing.T, eng *engine.Engine, tbl *sql.Table) int64 {
	t.Helper()
	n, err := engine.ScanOne[int64](eng.Execute(context.Background(), sql.NewSelect(sql.Func("count")).SelectFrom(tbl)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}
