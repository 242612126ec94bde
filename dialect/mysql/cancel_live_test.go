package mysql_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/leaktest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// stopWithin bounds how long a statement cancelled after 200 ms may take
// to return, from its start. Alone it returns in about 0.2 s; the bound
// is far below the statements' 30 s and leaves room for a loaded 2-core
// machine running every package's tests at once (KILL QUERY opens a
// connection).
const stopWithin = 10 * time.Second

// running counts the statements marked with marker that the server runs
// (for another connection than the monitor's).
func running(monitor *engine.Engine, marker string) (int64, error) {
	return engine.ScanOne[int64](monitor.Execute(context.Background(),
		sql.Text("SELECT count(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE :m AND COMMAND IN ('Query', 'Execute') AND ID <> CONNECTION_ID()"),
		sql.Params{"m": "%" + marker + "%"}))
}

// waitStopped waits up to 5 s for the marked statement to be gone
// from the server's process list, and returns how long it took.
func waitStopped(t *testing.T, monitor *engine.Engine, marker string) time.Duration {
	t.Helper()
	start := time.Now()
	for {
		n, err := running(monitor, marker)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Since(start) > 5*time.Second {
			t.Fatalf("the statement %s still runs on the server %v after it returned", marker, time.Since(start))
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// slowQueries are statements that run far longer than the tests wait:
// SLEEP, alone (it returns 1 when interrupted, then the statement ends
// with the server's error) or with a parameter (a prepared statement,
// unless the URL interpolates parameters), and one that computes.
func slowQueries(t *testing.T, eng *engine.Engine) []struct {
	name, sql string
	params    sql.Params
} {
	computing := "SELECT sum(seq % 7) FROM seq_1_to_10000000000"
	if !mariaDB(t, eng) {
		computing = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c"
	}
	return []struct {
		name, sql string
		params    sql.Params
	}{
		{"sleep", "SELECT SLEEP(30)", nil},
		{"sleep with a parameter", "SELECT SLEEP(:s)", sql.Params{"s": 30}},
		{"computing", computing, nil},
	}
}

// TestCancelKillsQuery cancels and times out running statements: each
// returns promptly with an operational error matching the context's,
// the server no longer runs it, and the same connection (its id
// unchanged) runs the next statement.
func TestCancelKillsQuery(t *testing.T) {
	withOptions(t, []string{"", "interpolateParams=true"}, func(t *testing.T, eng *engine.Engine) {
		monitor := newEngine(t)
		bg := context.Background()
		conn, id := pinned(t, eng)
		for _, q := range slowQueries(t, eng) {
			// The cancel case cancels once the statement is seen running on
			// the server; the deadline case gives it a deadline long enough
			// to be sent on a loaded machine. Either way the monitor reports
			// how many marked statements ran before the context ended.
			for _, c := range []struct {
				name string
				ctx  func() (context.Context, context.CancelFunc)
				want error
				// cancelOnSight: cancel when the statement is seen running.
				cancelOnSight bool
			}{
				{"cancel", func() (context.Context, context.CancelFunc) { return context.WithCancel(bg) }, context.Canceled, true},
				{"deadline", func() (context.Context, context.CancelFunc) {
					return context.WithTimeout(bg, time.Second)
				}, context.DeadlineExceeded, false},
			} {
				t.Run(q.name+"/"+c.name, func(t *testing.T) {
					marker := unique("mycancel")
					ctx, cancel := c.ctx()
					defer cancel()
					seen := make(chan int64, 1)
					go func() {
						var n int64
						for ctx.Err() == nil {
							var err error
							if n, err = running(monitor, marker); err != nil {
								t.Error(err)
								break
							}
							if n > 0 {
								if c.cancelOnSight {
									time.Sleep(50 * time.Millisecond)
									cancel()
								}
								break
							}
							time.Sleep(10 * time.Millisecond)
						}
						seen <- n
					}()
					start := time.Now()
					_, err := conn.Execute(ctx, sql.Text("/* "+marker+" */ "+q.sql), q.params)
					took := time.Since(start)
					if n := <-seen; n != 1 {
						t.Errorf("%d statements marked %s ran before the cancellation, want 1", n, marker)
					}
					if took > stopWithin {
						t.Errorf("returned after %v", took)
					}
					if !errors.Is(err, c.want) || !errors.Is(err, dialect.ErrOperational) {
						t.Fatalf("%v: want an operational error matching %v", err, c.want)
					}
					var me *gomysql.MySQLError
					if !errors.As(err, &me) || me.Number != 1317 {
						t.Errorf("%v: want the server's error 1317", err)
					}
					stopped := waitStopped(t, monitor, marker)
					t.Logf("%v after %v; gone from the process list %v later", err, took.Round(time.Millisecond), stopped.Round(time.Millisecond))
					checkSameConnection(t, conn, id)
				})
			}
		}
	})
}

// mariaDB reports whether the engine's server is MariaDB.
func mariaDB(t *testing.T, eng *engine.Engine) bool {
	t.Helper()
	d, err := eng.DetectDialect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	md, ok := d.(*mysql.Dialect)
	return ok && md.Server().MariaDB
}

// pinned checks a connection out of eng until the test ends, and returns
// it with its id.
func pinned(t *testing.T, eng *engine.Engine) (*engine.Conn, int64) {
	t.Helper()
	conn, err := eng.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn, connectionID(t, conn)
}

// checkSameConnection checks that conn is still the server connection
// id: a cancellation kept it.
func checkSameConnection(t *testing.T, conn *engine.Conn, id int64) {
	t.Helper()
	if got := connectionID(t, conn); got != id {
		t.Errorf("the connection changed from %d to %d", id, got)
	}
}

// connectionID runs SELECT CONNECTION_ID() on a connection.
func connectionID(t *testing.T, conn *engine.Conn) int64 {
	t.Helper()
	id, err := engine.ScanOne[int64](conn.Execute(context.Background(), sql.Text("SELECT CONNECTION_ID()")))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestCancelInTransaction: a statement interrupted inside a transaction
// leaves the transaction going (its earlier and later writes commit);
// a transaction whose own context ends is rolled back whole.
func TestCancelInTransaction(t *testing.T) {
	eng := newEngine(t)
	bg := context.Background()
	md := sql.NewMetaData()
	tbl := md.Table(unique("mycancel_tx"),
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)))
	mustCreate(t, md, eng)
	ids := func() []int64 {
		t.Helper()
		got, err := engine.ScanAll[int64](eng.Execute(bg, sql.NewSelect(tbl.C("id")).OrderBy(tbl.C("id"))))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}

	t.Run("statement", func(t *testing.T) {
		err := eng.Begin(bg, func(tx *engine.Tx) error {
			if _, err := tx.Execute(bg, tbl.Insert().Values(sql.Values{"id": 1})); err != nil {
				return err
			}
			ctx, cancel := context.WithTimeout(bg, 200*time.Millisecond)
			defer cancel()
			if _, err := tx.Execute(ctx, sql.Text("SELECT SLEEP(30)")); !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("the slow statement: %v, want context.DeadlineExceeded", err)
			}
			if mariaDB(t, eng) {
				// An interrupted INSERT ... SELECT is undone alone.
				ctx, cancel = context.WithTimeout(bg, 200*time.Millisecond)
				defer cancel()
				_, err := tx.Execute(ctx, sql.Text("INSERT INTO "+tbl.Name()+" (id) SELECT 100 + seq FROM seq_1_to_1000000000 WHERE SLEEP(0.001) = 0"))
				var me *gomysql.MySQLError
				if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &me) || me.Number != 1317 {
					t.Errorf("the slow INSERT: %v, want error 1317 matching context.DeadlineExceeded", err)
				}
			}
			_, err := tx.Execute(bg, tbl.Insert().Values(sql.Values{"id": 2}))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(); len(got) != 2 || got[0] != 1 || got[1] != 2 {
			t.Errorf("rows %v, want [1 2]", got)
		}
	})

	t.Run("transaction", func(t *testing.T) {
		ctx, cancel := context.WithCancel(bg)
		defer cancel()
		start := time.Now()
		err := eng.Begin(ctx, func(tx *engine.Tx) error {
			if _, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 3})); err != nil {
				return err
			}
			time.AfterFunc(200*time.Millisecond, cancel)
			_, err := tx.Execute(ctx, sql.Text("SELECT SLEEP(30)"))
			return err
		})
		if took := time.Since(start); took > stopWithin {
			t.Errorf("returned after %v", took)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%v, want context.Canceled", err)
		}
		if got := ids(); len(got) != 2 {
			t.Errorf("rows %v, want [1 2]: the cancelled transaction wrote", got)
		}
	})
}

// TestCancelRace ends contexts around the moment statements finish, so
// that KILL QUERY often reaches a connection whose statement is over:
// it must not kill the next statement, and the connection is kept.
func TestCancelRace(t *testing.T) {
	eng := newEngine(t)
	bg := context.Background()
	conn, id := pinned(t, eng)
	interrupted := 0
	for i := range 40 {
		ctx, cancel := context.WithTimeout(bg, time.Duration(5+rand.IntN(20))*time.Millisecond)
		res, err := conn.Execute(ctx, sql.Text("SELECT SLEEP(0.015)"))
		switch {
		case err == nil:
			res.Close()
		case errors.Is(err, context.DeadlineExceeded) && errors.Is(err, dialect.ErrOperational):
			interrupted++
		case errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, dialect.ErrDBAPI):
			// The deadline passed before the statement reached the
			// server: the driver returns the context's error alone,
			// which is not a database error.
			var se *engine.StatementError
			if !errors.As(err, &se) {
				t.Fatalf("round %d: %v (%T), want a *engine.StatementError", i, err, err)
			}
		default:
			t.Fatalf("round %d: %v", i, err)
		}
		cancel()
		n, err := engine.ScanOne[int64](conn.Execute(bg, sql.Text("SELECT 7")))
		if err != nil || n != 7 {
			t.Fatalf("round %d: the next statement: %v, %v", i, n, err)
		}
	}
	checkSameConnection(t, conn, id)
	t.Logf("%d of 40 statements interrupted", interrupted)
}

// TestCancelNoLeak: cancellations leave no goroutine behind once the
// engine is closed.
func TestCancelNoLeak(t *testing.T) {
	url := liveURL(t)
	snap := leaktest.Take()
	eng, err := engine.Create(url)
	if err != nil {
		t.Fatal(err)
	}
	bg := context.Background()
	for range 3 {
		ctx, cancel := context.WithTimeout(bg, 50*time.Millisecond)
		if _, err := eng.Execute(ctx, sql.Text("SELECT SLEEP(30)")); !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("%v, want context.DeadlineExceeded", err)
		}
		cancel()
	}
	if n, err := engine.ScanOne[int64](eng.Execute(bg, sql.Text("SELECT 7"))); err != nil || n != 7 {
		t.Fatalf("the next statement: %v, %v", n, err)
	}
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	snap.Check(t)
}

// BenchmarkCancellableQuery measures what watching a statement's context
// costs: SELECT 1 with a cancellable context, with KILL QUERY and with
// the driver's own cancellation (kill_query=false).
func BenchmarkCancellableQuery(b *testing.B) {
	for _, opt := range []string{"kill_query=true", "kill_query=false"} {
		b.Run(opt, func(b *testing.B) {
			url := os.Getenv("ATHANOR_TEST_MYSQL_URL")
			if url == "" {
				b.Skip("ATHANOR_TEST_MYSQL_URL is not set")
			}
			if strings.Contains(url, "?") {
				url += "&" + opt
			} else {
				url += "?" + opt
			}
			eng, err := engine.Create(url)
			if err != nil {
				b.Fatal(err)
			}
			defer eng.Close()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			b.ReportAllocs()
			for b.Loop() {
				if _, err := engine.ScanOne[int64](eng.Execute(ctx, sql.Text("SELECT 1"))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
