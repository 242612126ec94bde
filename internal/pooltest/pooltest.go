// Package pooltest tests the engine's pool against a live server: it
// ends connections from another session (PostgreSQL's
// pg_terminate_backend, MariaDB's KILL) while they are idle in the pool,
// running a query, or inside a transaction, and checks what the caller
// sees (ErrDisconnect), the pool's invalidate event, that the next
// statement works and that a transaction is all or nothing. The dialect
// packages run it with their Kit.
package pooltest

import (
	"context"
	"crypto/rand"
	stdsql "database/sql"
	"encoding/hex"
	"errors"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Kit is what the tests need to know about a database.
type Kit struct {
	URL     string
	Options []engine.Option // for every engine the tests create
	// BackendID is a query giving the connection's server-side id.
	BackendID string
	// Kill is the statement that ends the session id, run on another
	// connection; Alive a query counting the sessions of that id.
	Kill  func(id int64) string
	Alive func(id int64) string
	// Sleep is a query that runs for at least 10 seconds.
	Sleep string
	// Restart restarts the server (nil: the restart test is skipped), and
	// Ready reports whether it accepts connections again.
	Restart func() error
	Ready   func() bool
}

// Events counts pool events.
type Events struct {
	mu     sync.Mutex
	counts map[string]int
	errs   []error
}

// Listener returns a listener that counts into ev.
func (ev *Events) Listener() engine.PoolListener {
	add := func(kind string) func(engine.PoolEvent) {
		return func(e engine.PoolEvent) {
			ev.mu.Lock()
			defer ev.mu.Unlock()
			if ev.counts == nil {
				ev.counts = map[string]int{}
			}
			ev.counts[kind]++
			if e.Err != nil {
				ev.errs = append(ev.errs, e.Err)
			}
		}
	}
	return engine.PoolListener{Connect: add("connect"), Checkout: add("checkout"), Checkin: add("checkin"),
		Invalidate: add("invalidate"), Close: add("close")}
}

// Count returns how many events of kind were seen.
func (ev *Events) Count(kind string) int {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return ev.counts[kind]
}

// Errs returns the errors of the invalidate events.
func (ev *Events) Errs() []error {
	ev.mu.Lock()
	defer ev.mu.Unlock()
	return append([]error(nil), ev.errs...)
}

// Engine creates an engine with the kit's options and opts, counting its
// pool events; it is closed when the test ends.
func (k Kit) Engine(t testing.TB, opts ...engine.Option) (*engine.Engine, *Events) {
	t.Helper()
	ev := &Events{}
	all := append(append([]engine.Option{engine.OnPool(ev.Listener())}, k.Options...), opts...)
	eng, err := engine.Create(k.URL, all...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng, ev
}

// ID returns the server-side id of q's connection.
func (k Kit) ID(t testing.TB, q interface {
	Execute(context.Context, sql.Element, ...sql.Params) (*engine.Result, error)
}) int64 {
	t.Helper()
	id, err := engine.ScanOne[int64](q.Execute(context.Background(), sql.Text(k.BackendID)))
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// Terminate ends session id from admin's connection and waits until the
// server has let it go.
func (k Kit) Terminate(t testing.TB, admin *engine.Engine, id int64) {
	t.Helper()
	ctx := context.Background()
	res, err := admin.Execute(ctx, sql.Text(k.Kill(id)))
	if err != nil {
		t.Fatalf("ending session %d: %v", id, err)
	}
	res.Close()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		n, err := engine.ScanOne[int64](admin.Execute(ctx, sql.Text(k.Alive(id))))
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("session %d still there 10 s after it was ended", id)
}

// Table creates a table of the test's own (id INTEGER PRIMARY KEY),
// dropped when the test ends, and returns it.
func (k Kit) Table(t testing.TB, admin *engine.Engine) *sql.Table {
	t.Helper()
	var b [4]byte
	rand.Read(b[:])
	md := sql.NewMetaData()
	tbl := md.Table("pool_"+hex.EncodeToString(b[:]), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)))
	ctx := context.Background()
	if err := md.CreateAll(ctx, admin); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { md.DropAll(context.Background(), admin) })
	return tbl
}

func count(t testing.TB, eng *engine.Engine, tbl *sql.Table) int64 {
	t.Helper()
	n, err := engine.ScanOne[int64](eng.Execute(context.Background(), sql.NewSelect(sql.Func("count")).SelectFrom(tbl)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// wantDisconnect checks that err is a disconnect and that ev saw one
// more invalidation than before.
func wantDisconnect(t testing.TB, what string, err error, ev *Events, before int) {
	t.Helper()
	var dbErr *engine.Error
	if !errors.Is(err, engine.ErrDisconnect) || !errors.Is(err, dialect.ErrOperational) ||
		!errors.As(err, &dbErr) || !dbErr.ConnectionInvalidated {
		t.Fatalf("%s: %v, want an error matching ErrDisconnect and ErrOperational", what, err)
	}
	if got := ev.Count("invalidate"); got != before+1 {
		t.Errorf("%s: %d invalidate events, want %d", what, got, before+1)
	}
}

// Disconnects runs the disconnect tests.
func Disconnects(t *testing.T, k Kit) {
	admin, _ := k.Engine(t)
	ctx := context.Background()

	t.Run("idle", func(t *testing.T) {
		eng, ev := k.Engine(t)
		id := k.ID(t, eng)
		k.Terminate(t, admin, id)
		conn, err := eng.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		res, err := conn.Execute(ctx, sql.Text(k.BackendID))
		if err == nil {
			res.Close()
		}
		conn.Close()
		// The pool may notice the dead connection itself (pgxpool pings
		// connections idle for a second); else the caller sees it.
		if err != nil {
			wantDisconnect(t, "statement on a connection ended while idle", err, ev, 0)
			t.Logf("the caller saw: %v", err)
		} else {
			t.Log("the pool replaced the connection without an error")
		}
		if again := k.ID(t, eng); again == id {
			t.Errorf("the ended session %d was used again", id)
		}
	})

	t.Run("idle with pre-ping", func(t *testing.T) {
		eng, ev := k.Engine(t, engine.PoolPrePing())
		id := k.ID(t, eng)
		k.Terminate(t, admin, id)
		if again := k.ID(t, eng); again == id {
			t.Errorf("the ended session %d was used again", id)
		}
		if ev.Count("invalidate") != 1 {
			t.Errorf("%d invalidate events, want 1 (the failed ping)", ev.Count("invalidate"))
		}
	})

	t.Run("single connection", func(t *testing.T) {
		eng, ev := k.Engine(t, engine.SingleConnection())
		id := k.ID(t, eng)
		if again := k.ID(t, eng); again != id {
			t.Fatalf("a single-connection engine used sessions %d and %d", id, again)
		}
		k.Terminate(t, admin, id)
		_, err := eng.Execute(ctx, sql.Text(k.BackendID))
		wantDisconnect(t, "statement on the shared connection, ended", err, ev, 0)
		// The shared connection is replaced, and kept again.
		next := k.ID(t, eng)
		if next == id {
			t.Fatalf("the ended session %d was used again", id)
		}
		if again := k.ID(t, eng); again != next {
			t.Errorf("after the replacement, sessions %d and %d", next, again)
		}
		if err := eng.Begin(ctx, func(tx *engine.Tx) error {
			if got := k.ID(t, tx); got != next {
				t.Errorf("a transaction ran on session %d, not the shared %d", got, next)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("mid-query", func(t *testing.T) {
		eng, ev := k.Engine(t)
		conn, err := eng.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		id := k.ID(t, conn)
		go func() {
			time.Sleep(300 * time.Millisecond)
			admin.Execute(ctx, sql.Text(k.Kill(id)))
		}()
		start := time.Now()
		_, err = conn.Execute(ctx, sql.Text(k.Sleep))
		if time.Since(start) > 8*time.Second {
			t.Errorf("the query ran %v: it was not ended", time.Since(start))
		}
		wantDisconnect(t, "query whose session was ended", err, ev, 0)
		conn.Close()
		if again := k.ID(t, eng); again == id {
			t.Errorf("the ended session %d was used again", id)
		}
		if st := eng.PoolStats(); st.Invalidations != 1 || st.Generation != 1 {
			t.Errorf("stats %+v", st)
		}
	})

	t.Run("mid-transaction", func(t *testing.T) {
		eng, ev := k.Engine(t)
		tbl := k.Table(t, admin)
		conn, err := eng.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		id := k.ID(t, conn)
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i <= 2; i++ {
			if _, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": i})); err != nil {
				t.Fatal(err)
			}
		}
		k.Terminate(t, admin, id)
		_, err = tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 3}))
		wantDisconnect(t, "insert after the session was ended", err, ev, 0)
		if err := tx.Commit(); err == nil {
			t.Error("the commit of a transaction whose session ended succeeded")
		}
		conn.Close()
		if n := count(t, admin, tbl); n != 0 {
			t.Errorf("%d rows of the interrupted transaction are in the table, want none", n)
		}
		// The next transaction works and is kept whole.
		err = eng.Begin(ctx, func(tx *engine.Tx) error {
			_, err := tx.ExecuteMany(ctx, tbl.Insert(), []sql.Params{{"id": 1}, {"id": 2}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, admin, tbl); n != 2 {
			t.Errorf("%d rows after the next transaction, want 2", n)
		}
	})

	t.Run("older connections", func(t *testing.T) {
		// After a disconnect, the pool's other connections (opened before
		// it) are closed at their next checkout, not reused.
		eng, ev := k.Engine(t, engine.PoolSize(3))
		var conns []*engine.Conn
		old := map[int64]bool{}
		for range 3 {
			c, err := eng.Connect(ctx)
			if err != nil {
				t.Fatal(err)
			}
			old[k.ID(t, c)] = true
			conns = append(conns, c)
		}
		victim := k.ID(t, conns[0])
		for _, c := range conns[1:] {
			c.Close()
		}
		go func() {
			time.Sleep(300 * time.Millisecond)
			admin.Execute(ctx, sql.Text(k.Kill(victim)))
		}()
		_, err := conns[0].Execute(ctx, sql.Text(k.Sleep))
		wantDisconnect(t, "query whose session was ended", err, ev, 0)
		conns[0].Close()
		for range 3 {
			if id := k.ID(t, eng); old[id] {
				t.Errorf("session %d, opened before the disconnect, was used after it", id)
			}
		}
		if got := ev.Count("close"); got < 3 {
			t.Errorf("%d close events, want the 3 connections opened before the disconnect", got)
		}
	})

	t.Run("checkout timeout", func(t *testing.T) {
		eng, _ := k.Engine(t, engine.PoolSize(1), engine.MaxOverflow(0), engine.PoolTimeout(200*time.Millisecond))
		held := make(chan struct{})
		release := make(chan struct{})
		go func() {
			c, err := eng.Connect(ctx)
			if err != nil {
				t.Error(err)
				close(held)
				return
			}
			close(held)
			<-release
			c.Close()
		}()
		<-held
		start := time.Now()
		_, err := eng.Execute(ctx, sql.Text(k.BackendID))
		if !errors.Is(err, engine.ErrPoolTimeout) {
			t.Errorf("checkout from a pool held by another goroutine: %v, want ErrPoolTimeout", err)
		}
		if d := time.Since(start); d < 200*time.Millisecond || d > 3*time.Second {
			t.Errorf("the checkout gave up after %v, want about 200ms", d)
		}
		close(release)
		k.ID(t, eng)
		if st := eng.PoolStats(); st.Timeouts != 1 {
			t.Errorf("stats %+v", st)
		}
	})
}

// Restart restarts the server while an engine is in use, with a
// transaction in flight: the transaction is all or nothing, and the
// engine works again once the server is back. It runs only when
// ATHANOR_TEST_RESTART=1, as a restart breaks the other tests using the
// server at the same time.
func Restart(t *testing.T, k Kit) {
	if os.Getenv("ATHANOR_TEST_RESTART") != "1" {
		t.Skip("set ATHANOR_TEST_RESTART=1 to restart the server (breaks concurrent tests)")
	}
	if k.Restart == nil {
		t.Skip("no restart command for this server")
	}
	ctx := context.Background()
	admin, _ := k.Engine(t)
	tbl := k.Table(t, admin)
	eng, ev := k.Engine(t, engine.PoolSize(3))
	// Fill the pool, and keep a committed row.
	if _, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 1})); err != nil {
		t.Fatal(err)
	}
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 13; i++ {
		if _, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": i})); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.Restart(); err != nil {
		t.Fatalf("restarting the server: %v", err)
	}
	waitReady(t, k)
	_, err = tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 13}))
	if !errors.Is(err, engine.ErrDisconnect) {
		t.Errorf("statement in a transaction across a restart: %v, want ErrDisconnect", err)
	}
	if err := tx.Commit(); err == nil {
		t.Error("a transaction across a restart committed")
	}
	conn.Close()
	// The engine recovers: the pool's connections from before the restart
	// are dropped; at most one statement sees the restart.
	var failures int
	for range 5 {
		res, err := eng.Execute(ctx, sql.Text(k.BackendID))
		if err != nil {
			failures++
			if !errors.Is(err, engine.ErrDisconnect) {
				t.Errorf("statement after the restart: %v", err)
			}
			continue
		}
		res.Close()
	}
	if failures > 0 {
		t.Logf("%d statements failed after the restart before the pool recovered", failures)
	}
	if ev.Count("invalidate") == 0 {
		t.Error("no invalidate event across a restart")
	}
	if n := count(t, eng, tbl); n != 1 {
		t.Errorf("%d rows after the restart, want 1 (the committed one, none of the transaction cut short)", n)
	}
	// With pre-ping, a restart is invisible to the next statements.
	pinged, _ := k.Engine(t, engine.PoolPrePing(), engine.PoolSize(3))
	k.ID(t, pinged)
	if err := k.Restart(); err != nil {
		t.Fatalf("restarting the server: %v", err)
	}
	waitReady(t, k)
	for range 3 {
		k.ID(t, pinged)
	}
}

func waitReady(t *testing.T, k Kit) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !k.Ready() {
		if time.Now().After(deadline) {
			t.Fatal("the server is not back 60 s after its restart")
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// Classifier is a dialect that classifies disconnects and retryable
// errors.
type Classifier interface {
	dialect.DisconnectClassifier
	dialect.RetryClassifier
}

// CheckClass checks how d classifies err.
func CheckClass(t *testing.T, d Classifier, name string, err error, disconnect, retryable bool) {
	t.Helper()
	if got := d.IsDisconnect(err); got != disconnect {
		t.Errorf("%s (%v): IsDisconnect %v, want %v", name, err, got, disconnect)
	}
	if got := d.IsRetryable(err); got != retryable {
		t.Errorf("%s (%v): IsRetryable %v, want %v", name, err, got, retryable)
	}
}

// Retries runs two SERIALIZABLE transactions that each read the table
// and then insert into it, together: a write skew, which PostgreSQL
// refuses with a serialization failure (40001) and InnoDB with a
// deadlock (1213). Engine.BeginRetry runs the failed one again, and both
// rows end up in the table.
func Retries(t *testing.T, k Kit) {
	ctx := context.Background()
	admin, _ := k.Engine(t)
	tbl := k.Table(t, admin)
	eng, _ := k.Engine(t, engine.IsolationLevel(stdsql.LevelSerializable))
	var (
		mu       sync.Mutex
		calls    int
		retried  []error
		arrived  = make(chan struct{}, 2)
		together = make(chan struct{})
	)
	go func() {
		<-arrived
		<-arrived
		close(together)
	}()
	policy := engine.RetryPolicy{OnRetry: func(_ int, err error, _ time.Duration) {
		mu.Lock()
		retried = append(retried, err)
		mu.Unlock()
	}}
	run := func(id int) error {
		first := true
		return eng.BeginRetry(ctx, policy, func(tx *engine.Tx) error {
			mu.Lock()
			calls++
			mu.Unlock()
			if _, err := engine.ScanOne[int64](tx.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(tbl))); err != nil {
				return err
			}
			if first {
				// Both have read before either writes.
				first = false
				arrived <- struct{}{}
				select {
				case <-together:
				case <-time.After(10 * time.Second):
					return errors.New("the other transaction never came")
				}
			}
			_, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": id}))
			return err
		})
	}
	errs := make(chan error, 2)
	for id := 1; id <= 2; id++ {
		go func() { errs <- run(id) }()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("transaction with retries: %v", err)
		}
	}
	if calls < 3 || len(retried) == 0 {
		t.Errorf("%d calls, %d retries: no conflict was provoked", calls, len(retried))
	}
	for _, err := range retried {
		t.Logf("retried after: %v", err)
	}
	if n := count(t, admin, tbl); n != 2 {
		t.Errorf("%d rows, want 2", n)
	}

	// An error that is not retryable returns at once.
	calls = 0
	err := eng.BeginRetry(ctx, engine.RetryPolicy{}, func(tx *engine.Tx) error {
		calls++
		_, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 1}))
		return err
	})
	if !errors.Is(err, dialect.ErrIntegrity) || calls != 1 {
		t.Errorf("a duplicate key: %v after %d calls, want an integrity error at once", err, calls)
	}
}
