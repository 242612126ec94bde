package engine_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/pooltest"
	"github.com/athanordb/athanor/sql"
)

// Pool tests without a server: SQLite files through a driver whose
// connections can be killed (killDialect), as the database/sql test suite
// does with its fake driver. The live servers' disconnects are tested in
// internal/pooltest, run by the PostgreSQL and MySQL packages.

// errGone is what a killed connection answers; killDialect classifies it
// as a disconnect.
var errGone = errors.New("test: connection gone")

type killDialect struct {
	*sqlite.Dialect
	k *killer
}

// DetectVersion keeps the wrapper around the dialect version detection
// returns.
func (d killDialect) DetectVersion(ctx context.Context, q dialect.Queryer) (dialect.Dialect, error) {
	nd, err := d.Dialect.DetectVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	return killDialect{nd.(*sqlite.Dialect), d.k}, nil
}

func (d killDialect) IsDisconnect(err error) bool { return errors.Is(err, errGone) }

func (d killDialect) ClassifyError(err error) dialect.ErrorKind {
	if errors.Is(err, errGone) {
		return dialect.KindOperational
	}
	return d.Dialect.ClassifyError(err)
}

func (d killDialect) Connector(u *dialect.URL) (driver.Connector, error) {
	c, err := d.Dialect.Connector(u)
	if err != nil {
		return nil, err
	}
	return killConnector{c, d.k}, nil
}

// killer keeps the connections it opened, so that a test can kill them.
type killer struct {
	mu    sync.Mutex
	conns []*killConn
}

// killAll kills every connection opened so far.
func (k *killer) killAll() {
	k.mu.Lock()
	defer k.mu.Unlock()
	for _, c := range k.conns {
		c.dead.Store(true)
	}
}

func (k *killer) opened() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	return len(k.conns)
}

type killConnector struct {
	driver.Connector
	k *killer
}

func (c killConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	kc := &killConn{inner: conn.(killInner)}
	c.k.mu.Lock()
	c.k.conns = append(c.k.conns, kc)
	c.k.mu.Unlock()
	return kc, nil
}

type killInner interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.ConnPrepareContext
}

type killConn struct {
	inner killInner
	dead  atomic.Bool
}

func (c *killConn) err() error {
	if c.dead.Load() {
		return errGone
	}
	return nil
}

func (c *killConn) Prepare(q string) (driver.Stmt, error) {
	return c.PrepareContext(context.Background(), q)
}
func (c *killConn) Close() error               { return c.inner.Close() }
func (c *killConn) Begin() (driver.Tx, error)  { return nil, errors.New("use BeginTx") }
func (c *killConn) Ping(context.Context) error { return c.err() }

func (c *killConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	return c.inner.BeginTx(ctx, opts)
}

func (c *killConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	return c.inner.ExecContext(ctx, q, args)
}

func (c *killConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	return c.inner.QueryContext(ctx, q, args)
}

func (c *killConn) PrepareContext(ctx context.Context, q string) (driver.Stmt, error) {
	if err := c.err(); err != nil {
		return nil, err
	}
	return c.inner.PrepareContext(ctx, q)
}

func newKillEngine(t *testing.T, opts ...engine.Option) (*engine.Engine, *schema, *killer, *pooltest.Events) {
	t.Helper()
	k := &killer{}
	log := &pooltest.Events{}
	url := "sqlite:///" + filepath.Join(t.TempDir(), "pool.db")
	eng, s := newEngine(t, url, append([]engine.Option{engine.WithDialect(killDialect{sqlite.New(), k}),
		engine.OnPool(log.Listener())}, opts...)...)
	return eng, s, k, log
}

func TestPoolSettingsInvalid(t *testing.T) {
	for name, opts := range map[string][]engine.Option{
		"PoolSize":        {engine.PoolSize(-1)},
		"PoolTimeout":     {engine.PoolTimeout(-time.Second)},
		"PoolRecycle":     {engine.PoolRecycle(-time.Second)},
		"PoolIdleTimeout": {engine.PoolIdleTimeout(-time.Second)},
		"no connection":   {engine.PoolSize(0), engine.MaxOverflow(0)},
		"NoPool single":   {engine.NoPool(), engine.SingleConnection()},
	} {
		_, err := engine.Create("sqlite:///x.db", opts...)
		if !errors.Is(err, engine.ErrPoolSettings) || !errors.Is(err, sql.ErrArgument) {
			t.Errorf("%s: %v, want ErrPoolSettings and ErrArgument", name, err)
		}
	}
}

// A checkout that finds every connection in use waits at most the pool
// timeout, then fails with ErrPoolTimeout; the statistics count it.
func TestPoolTimeout(t *testing.T) {
	eng, s, _, _ := newKillEngine(t, engine.PoolSize(1), engine.MaxOverflow(0), engine.PoolTimeout(100*time.Millisecond))
	ctx := context.Background()
	held, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		_, err := eng.Execute(ctx, s.users.Select())
		done <- err
	}()
	select {
	case err = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the checkout hangs")
	}
	waited := time.Since(start)
	if !errors.Is(err, engine.ErrPoolTimeout) {
		t.Fatalf("checkout with the pool held: %v, want ErrPoolTimeout", err)
	}
	if waited < 100*time.Millisecond || waited > 2*time.Second {
		t.Errorf("waited %v, want about 100ms", waited)
	}
	st := eng.PoolStats()
	if st.Timeouts != 1 || st.Waits != 1 || st.WaitDuration < 100*time.Millisecond || st.MaxOpen != 1 || st.InUse != 1 {
		t.Errorf("stats %+v", st)
	}
	// Once the connection is back, checkouts work again, and a waiting
	// one gets it.
	go func() {
		time.Sleep(50 * time.Millisecond)
		held.Close()
	}()
	res, err := eng.Execute(ctx, s.users.Select())
	if err != nil {
		t.Fatal(err)
	}
	res.Close()
	if st := eng.PoolStats(); st.Waits != 2 || st.Timeouts != 1 || st.InUse != 0 || st.Idle != 1 {
		t.Errorf("stats after %+v", st)
	}
	// The context still bounds a wait.
	if held, err = eng.Connect(ctx); err != nil {
		t.Fatal(err)
	}
	defer held.Close()
	cctx, cancel := context.WithTimeout(ctx, 20*time.Millisecond)
	defer cancel()
	if _, err := eng.Connect(cctx); !errors.Is(err, context.DeadlineExceeded) || errors.Is(err, engine.ErrPoolTimeout) {
		t.Errorf("checkout with an ending context: %v", err)
	}
}

// Events: connect once per connection, checkout and checkin once per
// use, close when the engine closes.
func TestPoolEvents(t *testing.T) {
	eng, s, _, log := newKillEngine(t, engine.PoolSize(2))
	ctx := context.Background()
	base := log.Count("checkout")
	for range 3 {
		if _, err := eng.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "x" + time.Now().String()})); err != nil {
			t.Fatal(err)
		}
	}
	if got := log.Count("checkout") - base; got != 3 {
		t.Errorf("checkouts: %d, want 3", got)
	}
	if log.Count("connect") != 1 || log.Count("checkin") != log.Count("checkout") {
		t.Errorf("events %v", log)
	}
	st := eng.PoolStats()
	if st.Connects != 1 || st.Checkouts != int64(log.Count("checkout")) || st.Open != 1 || st.Idle != 1 {
		t.Errorf("stats %+v", st)
	}
	c1, _ := eng.Connect(ctx)
	c2, _ := eng.Connect(ctx)
	if st := eng.PoolStats(); st.InUse != 2 || st.Open != 2 || log.Count("connect") != 2 {
		t.Errorf("two held: %+v, %d connects", st, log.Count("connect"))
	}
	c1.Close()
	c2.Close()
	eng.Close()
	if log.Count("close") != 2 {
		t.Errorf("closes after Close: %d, want 2 (%v)", log.Count("close"), log)
	}
}

// NoPool opens a connection per checkout and closes it at checkin.
func TestNoPool(t *testing.T) {
	eng, s, _, log := newKillEngine(t, engine.NoPool())
	ctx := context.Background()
	before := log.Count("connect")
	for range 3 {
		if count(t, eng, s.users) != 0 {
			t.Fatal("rows")
		}
	}
	if got := log.Count("connect") - before; got != 3 {
		t.Errorf("connects: %d, want 3", got)
	}
	if log.Count("close") != log.Count("connect") {
		t.Errorf("closes %d, connects %d", log.Count("close"), log.Count("connect"))
	}
	if st := eng.PoolStats(); st.Open != 0 || st.Idle != 0 {
		t.Errorf("stats %+v", st)
	}
	if err := eng.Begin(ctx, func(tx *engine.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// A disconnect invalidates the connection, surfaces as ErrDisconnect
// (and ErrOperational), fires the invalidate event and closes the pool's
// older connections; the next statement works.
func TestDisconnectInvalidates(t *testing.T) {
	eng, s, k, log := newKillEngine(t, engine.PoolSize(3))
	ctx := context.Background()
	// Three connections in the pool.
	var conns []*engine.Conn
	for range 3 {
		c, err := eng.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if count(t, c, s.users) != 0 {
			t.Fatal("rows")
		}
		conns = append(conns, c)
	}
	for _, c := range conns {
		c.Close()
	}
	if k.opened() != 3 {
		t.Fatalf("opened %d", k.opened())
	}
	k.killAll()
	_, err := eng.Execute(ctx, s.users.Select())
	var dbErr *engine.Error
	if !errors.Is(err, engine.ErrDisconnect) || !errors.Is(err, dialect.ErrOperational) || !errors.As(err, &dbErr) || !dbErr.ConnectionInvalidated {
		t.Fatalf("statement on a killed connection: %v", err)
	}
	if log.Count("invalidate") != 1 || len(log.Errs()) != 1 || !errors.Is(log.Errs()[0], errGone) {
		t.Fatalf("invalidate events %v, errors %v", log, log.Errs())
	}
	// The next statements work, on new connections: the killed ones,
	// older than the invalidation, are closed at their checkout.
	for range 3 {
		if count(t, eng, s.users) != 0 {
			t.Fatal("rows")
		}
	}
	if k.opened() != 4 {
		t.Errorf("opened %d, want 4 (one new)", k.opened())
	}
	if st := eng.PoolStats(); st.Invalidations != 1 || st.Generation != 1 || st.Open != 1 {
		t.Errorf("stats %+v", st)
	}
	if log.Count("close") != 3 {
		t.Errorf("closed %d, want the 3 killed", log.Count("close"))
	}
}

// A disconnect inside a transaction: the error is typed, the transaction
// is over, the connection is dropped at checkin, and the next
// transaction works.
func TestDisconnectInTransaction(t *testing.T) {
	eng, s, k, log := newKillEngine(t)
	ctx := context.Background()
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "a"})); err != nil {
			return err
		}
		k.killAll()
		_, err := tx.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "b"}))
		return err
	})
	if !errors.Is(err, engine.ErrDisconnect) {
		t.Fatalf("transaction: %v", err)
	}
	if log.Count("invalidate") != 1 {
		t.Errorf("events %v", log)
	}
	if n := count(t, eng, s.users); n != 0 {
		t.Errorf("%d rows after the failed transaction", n)
	}
	if st := eng.PoolStats(); st.Open != 1 || k.opened() != 2 {
		t.Errorf("stats %+v, opened %d", st, k.opened())
	}
}

// PoolPrePing replaces a dead idle connection without the caller seeing
// an error.
func TestPrePing(t *testing.T) {
	eng, s, k, log := newKillEngine(t, engine.PoolPrePing())
	ctx := context.Background()
	if count(t, eng, s.users) != 0 {
		t.Fatal("rows")
	}
	k.killAll()
	if count(t, eng, s.users) != 0 {
		t.Fatal("rows")
	}
	if log.Count("invalidate") != 1 || !errors.Is(log.Errs()[0], errGone) || k.opened() != 2 {
		t.Errorf("events %v, opened %d", log, k.opened())
	}
	if err := eng.Begin(ctx, func(*engine.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
}

// Releasing a connection rolls back a transaction left open on it.
func TestResetOnReturn(t *testing.T) {
	eng, s, _, _ := newKillEngine(t, engine.PoolSize(1), engine.MaxOverflow(0))
	ctx := context.Background()
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Begin(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "a"})); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	if n := count(t, eng, s.users); n != 0 {
		t.Errorf("%d rows kept from a transaction never committed", n)
	}
}

// An UPDATE outside a Conn whose connection fails before sending it
// (driver.ErrBadConn) runs again on another connection, retryBadConn
// times at most, and every connection checked out is returned.
func TestExecRetriesBadConn(t *testing.T) {
	eng, s, f := newFaultEngine(t, "file", engine.PoolSize(2), engine.MaxOverflow(0))
	insertUsers(t, eng, s, "a")
	ctx := context.Background()
	upd := sql.NewUpdate(s.users).Values(sql.Values{"age": 5}).Where(s.users.C("id").Eq(1))
	f.set(func(f *faults) { f.execFails = 2 })
	res, err := eng.Execute(ctx, upd)
	if err != nil {
		t.Fatalf("two bad connections: %v", err)
	}
	if n := res.RowsAffected(); n != 1 {
		t.Errorf("rows affected %d", n)
	}
	f.set(func(f *faults) { f.execFails = 3 })
	if _, err := eng.Execute(ctx, upd); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("three bad connections: err = %v", err)
	}
	if st := eng.PoolStats(); st.InUse != 0 || st.Checkouts < 6 {
		t.Errorf("pool after: %+v", st)
	}
	// The gate's slots were all given back: both connections can be
	// checked out at once.
	c1, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	ctx2, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	c2, err := eng.Connect(ctx2)
	if err != nil {
		t.Fatalf("second connection: %v", err)
	}
	c2.Close()
}
