package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
)

// fakeConn is a driver connection whose statements run for work unless
// a fake KILL QUERY closes stop (they fail with 1317) or their context
// ends (the driver closes the connection, as go-sql-driver/mysql does).
type fakeConn struct {
	fullConn // nil: the methods the tests do not use
	work     time.Duration
	stop     chan struct{}
	closed   atomic.Bool
	seen     context.Context // the context of the last statement
	rowsErr  error           // what the rows' Close returns
	rows     *fakeRows
}

func newFake(work time.Duration) *fakeConn {
	return &fakeConn{work: work, stop: make(chan struct{})}
}

var errInterruptedByServer = &gomysql.MySQLError{Number: 1317, Message: "Query execution was interrupted"}

func (f *fakeConn) run(ctx context.Context) error {
	f.seen = ctx
	if err := ctx.Err(); err != nil {
		return err
	}
	t := time.NewTimer(f.work)
	defer t.Stop()
	select {
	case <-f.stop:
		return errInterruptedByServer
	case <-ctx.Done():
		f.closed.Store(true)
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func (f *fakeConn) ExecContext(ctx context.Context, _ string, _ []driver.NamedValue) (driver.Result, error) {
	if err := f.run(ctx); err != nil {
		return nil, err
	}
	return driver.RowsAffected(1), nil
}

func (f *fakeConn) QueryContext(ctx context.Context, _ string, _ []driver.NamedValue) (driver.Rows, error) {
	if err := f.run(ctx); err != nil {
		return nil, err
	}
	f.rows = &fakeRows{closeErr: f.rowsErr}
	return f.rows, nil
}

func (f *fakeConn) PrepareContext(context.Context, string) (driver.Stmt, error) {
	return &fakeStmt{conn: f}, nil
}

// fakeStmt is a prepared statement of a fakeConn.
type fakeStmt struct {
	fullStmt
	conn *fakeConn
}

func (s *fakeStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	return s.conn.ExecContext(ctx, "", args)
}

func (s *fakeStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	return s.conn.QueryContext(ctx, "", args)
}

// fakeRows have one column and no row.
type fakeRows struct {
	fullRows
	closeErr error
	closes   atomic.Int32
}

func (r *fakeRows) Columns() []string         { return []string{"x"} }
func (r *fakeRows) Next([]driver.Value) error { return io.EOF }
func (r *fakeRows) Close() error              { r.closes.Add(1); return r.closeErr }

// killer is a fake KILL QUERY.
type killer struct {
	calls atomic.Int32
	id    atomic.Uint64
	done  atomic.Bool // the last call returned
	// how it behaves: take, then stop the statement (or fail)
	take time.Duration
	stop *fakeConn // nil: the statement goes on
	fail bool
	hang bool // until its context ends
}

func (k *killer) kill(ctx context.Context, id uint64) error {
	k.calls.Add(1)
	k.id.Store(id)
	defer k.done.Store(true)
	if k.hang {
		<-ctx.Done()
		return ctx.Err()
	}
	time.Sleep(k.take)
	if k.fail {
		return errors.New("cannot connect")
	}
	if k.stop != nil {
		close(k.stop.stop)
	}
	return nil
}

// testGrace is the fake connections' grace period, and fastBound how long
// a statement stopped without waiting for it may take: far apart, so that
// a loaded machine (CI runs with -race on two cores) does not blur them.
const (
	testGrace = time.Second
	fastBound = 700 * time.Millisecond
)

func fakeKillConn(f *fakeConn, k *killer) *killConn {
	return &killConn{fullConn: f, id: 42, k: &killConnector{grace: testGrace, kill: k.kill}}
}

// cancelAfter returns a context cancelled (or, with deadline, timed out)
// after d.
func cancelAfter(d time.Duration, deadline bool) (context.Context, context.CancelFunc) {
	if deadline {
		return context.WithTimeout(context.Background(), d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(d, cancel)
	return ctx, cancel
}

// TestKillConnStatements runs statements on a fake connection whose
// context ends while they run, with KILL QUERY succeeding, failing,
// hanging or not stopping the statement.
func TestKillConnStatements(t *testing.T) {
	for _, c := range []struct {
		name     string
		killer   func(f *fakeConn) *killer
		deadline bool
		wantErr  func(error) bool
		closed   bool // the connection given up
		min, max time.Duration
	}{
		{"KILL QUERY stops it",
			func(f *fakeConn) *killer { return &killer{stop: f} }, false,
			func(err error) bool { return errors.Is(err, errInterruptedByServer) }, false,
			20 * time.Millisecond, fastBound},
		{"KILL QUERY fails",
			func(*fakeConn) *killer { return &killer{fail: true} }, true,
			func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }, true,
			20 * time.Millisecond, fastBound},
		{"KILL QUERY fails, cancelled",
			func(*fakeConn) *killer { return &killer{fail: true} }, false,
			func(err error) bool { return errors.Is(err, context.Canceled) }, true,
			20 * time.Millisecond, fastBound},
		{"KILL QUERY hangs",
			func(*fakeConn) *killer { return &killer{hang: true} }, false,
			func(err error) bool { return errors.Is(err, context.Canceled) }, true,
			testGrace, testGrace + fastBound},
		{"the statement goes on after KILL QUERY",
			func(*fakeConn) *killer { return &killer{} }, true,
			func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }, true,
			testGrace, testGrace + fastBound},
	} {
		for _, via := range []string{"exec", "query", "prepared exec", "prepared query"} {
			t.Run(c.name+"/"+via, func(t *testing.T) {
				f := newFake(10 * time.Second)
				k := c.killer(f)
				conn := fakeKillConn(f, k)
				start := time.Now()
				ctx, cancel := cancelAfter(20*time.Millisecond, c.deadline)
				defer cancel()
				err := runVia(ctx, conn, via)
				took := time.Since(start)
				if !c.wantErr(err) {
					t.Errorf("error %v", err)
				}
				if took < c.min || took > c.max {
					t.Errorf("returned after %v, want %v to %v", took, c.min, c.max)
				}
				if f.closed.Load() != c.closed {
					t.Errorf("connection given up: %v, want %v", f.closed.Load(), c.closed)
				}
				if k.calls.Load() != 1 || k.id.Load() != 42 || !k.done.Load() {
					t.Errorf("KILL QUERY: %d calls, id %d, returned %v; want 1 call for 42, returned", k.calls.Load(), k.id.Load(), k.done.Load())
				}
				if f.seen == ctx || f.seen.Value(ctxKey{}) != "value" {
					t.Errorf("the driver saw the caller's context, or lost its values")
				}
			})
		}
	}
}

type ctxKey struct{}

// runVia runs a statement on conn one of four ways, reading and closing
// its rows.
func runVia(ctx context.Context, conn *killConn, via string) error {
	ctx = context.WithValue(ctx, ctxKey{}, "value")
	var rows driver.Rows
	var err error
	switch via {
	case "exec":
		_, err = conn.ExecContext(ctx, "SELECT SLEEP(10)", nil)
	case "query":
		rows, err = conn.QueryContext(ctx, "SELECT SLEEP(10)", nil)
	default:
		var st driver.Stmt
		st, err = conn.PrepareContext(ctx, "SELECT SLEEP(?)")
		if err != nil {
			return err
		}
		if _, ok := st.(*killStmt); !ok {
			return errors.New("the prepared statement is not watched")
		}
		if via == "prepared exec" {
			_, err = st.(driver.StmtExecContext).ExecContext(ctx, nil)
		} else {
			rows, err = st.(driver.StmtQueryContext).QueryContext(ctx, nil)
		}
	}
	if rows != nil {
		return rows.Close()
	}
	return err
}

// TestKillConnFinishedFirst: a statement over before its context ends
// sends no KILL QUERY, then or later.
func TestKillConnFinishedFirst(t *testing.T) {
	f := newFake(5 * time.Millisecond)
	k := &killer{}
	conn := fakeKillConn(f, k)
	ctx, cancel := context.WithCancel(context.Background())
	if _, err := conn.ExecContext(ctx, "SELECT 1", nil); err != nil {
		t.Fatal(err)
	}
	rows, err := conn.QueryContext(ctx, "SELECT 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	cancel()
	time.Sleep(20 * time.Millisecond)
	if n := k.calls.Load(); n != 0 {
		t.Errorf("%d KILL QUERY sent for statements already over", n)
	}
}

// TestKillConnWaitsForKill: when a statement ends on its own while KILL
// QUERY is on its way, the statement returns only once KILL QUERY has
// reached the server, so that it cannot stop the next statement. An exec
// keeps its success; a query's result is dropped (ErrInterrupted), as
// database/sql would drop rows whose context has ended, unless closing
// it gives the server's error.
func TestKillConnWaitsForKill(t *testing.T) {
	for _, c := range []struct {
		via     string
		rowsErr error
		want    func(error) bool
	}{
		{"exec", nil, func(err error) bool { return err == nil }},
		{"query", nil, func(err error) bool {
			return errors.Is(err, ErrInterrupted) && errors.Is(err, context.Canceled)
		}},
		{"query", errInterruptedByServer, func(err error) bool {
			return errors.Is(err, errInterruptedByServer) && !errors.Is(err, ErrInterrupted)
		}},
	} {
		t.Run(c.via, func(t *testing.T) {
			f := newFake(40 * time.Millisecond)
			f.rowsErr = c.rowsErr
			k := &killer{take: 100 * time.Millisecond}
			conn := fakeKillConn(f, k)
			ctx, cancel := cancelAfter(10*time.Millisecond, false)
			defer cancel()
			start := time.Now()
			var err error
			if c.via == "exec" {
				_, err = conn.ExecContext(ctx, "SELECT SLEEP(0.04)", nil)
			} else {
				var rows driver.Rows
				rows, err = conn.QueryContext(ctx, "SELECT SLEEP(0.04)", nil)
				if rows != nil {
					t.Errorf("rows returned for a query whose context ended")
				}
				if f.rows.closes.Load() != 1 {
					t.Errorf("the driver's rows closed %d times, want 1", f.rows.closes.Load())
				}
			}
			took := time.Since(start)
			if !k.done.Load() {
				t.Errorf("returned after %v, before KILL QUERY was done", took)
			}
			if !c.want(err) {
				t.Errorf("error %v", err)
			}
			if f.closed.Load() {
				t.Error("the connection was given up")
			}
		})
	}
}

// TestKillConnRows: rows stay watched until closed; a cancellation while
// they are read sends KILL QUERY, and Close waits for it. (Rows closed
// before KILL QUERY starts send none: TestKillConnFinishedFirst.)
func TestKillConnRows(t *testing.T) {
	f := newFake(0)
	k := &killer{take: 50 * time.Millisecond}
	conn := fakeKillConn(f, k)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := conn.QueryContext(ctx, "SELECT 1", nil)
	if err != nil {
		t.Fatal(err)
	}
	kr, ok := rows.(*killRows)
	if !ok {
		t.Fatalf("rows %T, want *killRows", rows)
	}
	cancel()
	time.Sleep(10 * time.Millisecond) // KILL QUERY is under way
	if err := kr.Close(); err != nil {
		t.Fatal(err)
	}
	if k.calls.Load() != 1 || !k.done.Load() {
		t.Errorf("KILL QUERY: %d calls, done %v; want 1, done", k.calls.Load(), k.done.Load())
	}
	if err := kr.Close(); err != nil { // a second Close does not end the statement again
		t.Fatal(err)
	}
	if n := f.rows.closes.Load(); n != 2 {
		t.Errorf("the driver's rows closed %d times, want 2", n)
	}
}

// TestKillConnPassThrough: a context that cannot end, or has ended,
// reaches the driver as it is, and no KILL QUERY is sent.
func TestKillConnPassThrough(t *testing.T) {
	f := newFake(time.Millisecond)
	k := &killer{}
	conn := fakeKillConn(f, k)
	bg := context.Background()
	if _, err := conn.ExecContext(bg, "SELECT 1", nil); err != nil || f.seen != bg {
		t.Errorf("background context: %v; the driver saw it: %v", err, f.seen == bg)
	}
	rows, err := conn.QueryContext(bg, "SELECT 1", nil)
	if err != nil || rows != f.rows {
		t.Errorf("background context: %v; the driver's rows returned: %v", err, rows == f.rows)
	}
	ctx, cancel := context.WithCancel(bg)
	cancel()
	if _, err := conn.ExecContext(ctx, "SELECT 1", nil); !errors.Is(err, context.Canceled) || f.seen != ctx {
		t.Errorf("cancelled context: %v; the driver saw it: %v", err, f.seen == ctx)
	}
	if _, err := conn.QueryContext(ctx, "SELECT 1", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: %v", err)
	}
	if n := k.calls.Load(); n != 0 {
		t.Errorf("%d KILL QUERY sent", n)
	}
}

// idQueryer answers SELECT CONNECTION_ID() with one value.
type idQueryer struct {
	v   driver.Value
	err error
}

func (q idQueryer) QueryContext(context.Context, string, []driver.NamedValue) (driver.Rows, error) {
	if q.err != nil {
		return nil, q.err
	}
	return &valueRows{v: q.v}, nil
}

type valueRows struct {
	v    driver.Value
	read bool
}

func (r *valueRows) Columns() []string { return []string{"CONNECTION_ID()"} }
func (r *valueRows) Close() error      { return nil }
func (r *valueRows) Next(dest []driver.Value) error {
	if r.read {
		return io.EOF
	}
	r.read = true
	dest[0] = r.v
	return nil
}

func TestConnectionID(t *testing.T) {
	failed := errors.New("failed")
	for _, c := range []struct {
		q    idQueryer
		want uint64
		ok   bool
	}{
		{idQueryer{v: int64(7)}, 7, true},
		{idQueryer{v: uint64(1 << 40)}, 1 << 40, true},
		{idQueryer{v: []byte("123")}, 123, true},
		{idQueryer{v: "18446744073709551615"}, 1<<64 - 1, true},
		{idQueryer{v: int64(-1)}, 0, false},
		{idQueryer{v: []byte("x")}, 0, false},
		{idQueryer{v: nil}, 0, false},
		{idQueryer{err: failed}, 0, false},
	} {
		got, err := connectionID(context.Background(), c.q)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%#v: %d, %v; want %d, ok %v", c.q, got, err, c.want, c.ok)
		}
	}
	if _, err := connectionID(context.Background(), idQueryer{err: failed}); !errors.Is(err, failed) {
		t.Errorf("the query's error is lost: %v", err)
	}
}

// TestConnectorKillQuery: the connector sends KILL QUERY unless the URL
// says kill_query=false; kill_query is not passed to the driver.
func TestConnectorKillQuery(t *testing.T) {
	for _, c := range []struct {
		url  string
		kill bool
	}{
		{"mysql://root@h/db", true},
		{"mysql://root@h/db?kill_query=true", true},
		{"mysql://root@h/db?kill_query=1", true},
		{"mysql://root@h/db?kill_query=false", false},
		{"mariadb://root@h/db?kill_query=0&timeout=1s", false},
	} {
		u, err := dialect.ParseURL(c.url)
		if err != nil {
			t.Fatal(err)
		}
		conn, err := New().Connector(u)
		if err != nil {
			t.Fatalf("%s: %v", c.url, err)
		}
		if _, kill := conn.(*killConnector); kill != c.kill {
			t.Errorf("%s: connector %T, KILL QUERY %v", c.url, conn, c.kill)
		}
		cfg, err := Config(u)
		if err != nil || cfg.Params["kill_query"] != "" || contains(cfg.FormatDSN(), "kill_query") {
			t.Errorf("%s: kill_query reaches the driver: %v %v", c.url, cfg, err)
		}
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

// TestKillConnFallbackLive: with the real driver, a KILL QUERY that
// cannot be sent leaves the statement to the driver, which closes the
// connection at once; and a connection's id is the server's.
func TestKillConnFallbackLive(t *testing.T) {
	raw := os.Getenv("ATHANOR_TEST_MYSQL_URL")
	if raw == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ATHANOR_TEST_MYSQL_URL is not set, and CI=true requires the MySQL/MariaDB tests to run")
		}
		t.Skip("ATHANOR_TEST_MYSQL_URL is not set: skipping the live MySQL/MariaDB test")
	}
	u, err := dialect.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	connector, err := New().Connector(u)
	if err != nil {
		t.Fatal(err)
	}
	k := connector.(*killConnector)
	k.grace = testGrace
	k.kill = func(context.Context, uint64) error { return errors.New("cannot connect") }
	db := sql.OpenDB(k)
	defer db.Close()
	bg := context.Background()
	conn, err := db.Conn(bg)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var id uint64
	if err := conn.Raw(func(dc any) error {
		kc, ok := dc.(*killConn)
		if !ok {
			return fmt.Errorf("driver connection %T, want *killConn", dc)
		}
		id = kc.id
		if _, ok := kc.Unwrap().(*killConn); ok || kc.Unwrap() == nil {
			return fmt.Errorf("Unwrap gives %T", kc.Unwrap())
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var serverID uint64
	if err := conn.QueryRowContext(bg, "SELECT CONNECTION_ID()").Scan(&serverID); err != nil || serverID != id {
		t.Fatalf("CONNECTION_ID() %d, %v; the connection's id %d", serverID, err, id)
	}
	ctx, cancel := context.WithTimeout(bg, 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err = conn.ExecContext(ctx, "DO SLEEP(5)")
	took := time.Since(start)
	if !errors.Is(err, context.DeadlineExceeded) || took > testGrace+fastBound {
		t.Errorf("%v after %v, want context.DeadlineExceeded within the grace period", err, took)
	}
	if err := conn.PingContext(bg); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("the connection after the driver gave up: %v, want driver.ErrBadConn", err)
	}
}
