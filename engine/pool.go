package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The engine's pool, in SQLAlchemy's terms: a fixed number of
// connections kept open (PoolSize) and more opened under load
// (MaxOverflow), a checkout that waits at most PoolTimeout, connections
// recycled by age (PoolRecycle) or idleness (PoolIdleTimeout), tested
// before use (PoolPrePing), invalidated when the database says they are
// gone, or not kept at all (NoPool). Pool events (OnPool) and statistics
// (Engine.PoolStats) work alike on both pools the engine drives:
// database/sql's, for every dialect, and a dialect's native pool
// (PostgreSQL's pgxpool).
//
// managedPool wraps either. Every statement checks a connection out
// through it (Engine.Execute as much as Engine.Connect), so that a
// checkout is bounded by the pool timeout, and every error of a
// connection is seen: a disconnect invalidates the connection, and the
// pool's generation moves on so that the connections opened before it
// are closed at their next checkout or checkin rather than handed out,
// as SQLAlchemy's pool does after a disconnect.

// Errors of the pool, for errors.Is.
var (
	// ErrPoolTimeout: a checkout waited longer than the pool timeout
	// (PoolTimeout) for a connection, as every one allowed was in use.
	ErrPoolTimeout = errors.New("athanor: timed out waiting for a pooled connection")
	// ErrDisconnect: the connection was lost (the server closed it, was
	// restarted, the network failed). The error also matches
	// dialect.ErrOperational. The connection was invalidated: the next
	// checkout gets another one. A transaction in progress on it was
	// rolled back by the server; none of its writes remain.
	ErrDisconnect = errors.New("athanor: the database connection was lost")
	// ErrPoolSettings: a pool option was given an invalid value. It also
	// matches sql.ErrArgument.
	ErrPoolSettings = errors.New("athanor: invalid pool settings")
)

// DefaultPoolTimeout is how long a checkout waits for a connection unless
// PoolTimeout says otherwise (SQLAlchemy's default).
const DefaultPoolTimeout = 30 * time.Second

// PoolTimeout sets how long a checkout waits for a connection when every
// connection the pool allows (PoolSize + MaxOverflow) is in use (default
// DefaultPoolTimeout). A checkout that waits longer fails with an error
// matching ErrPoolTimeout. 0: wait until the context ends. With an
// unlimited overflow, checkouts never wait.
func PoolTimeout(d time.Duration) Option {
	return func(o *options) { o.poolTimeout, o.poolTimeoutSet = d, true }
}

// PoolPrePing tests each connection with a ping when it is checked out of
// the pool; a connection that fails is invalidated and replaced by
// another, without the caller seeing the error (SQLAlchemy's
// pool_pre_ping). It costs a round trip per checkout and covers a
// connection that died while idle, as after a server restart.
func PoolPrePing() Option { return func(o *options) { o.prePing = true } }

// NoPool makes every checkout open a new connection and every checkin
// close it (SQLAlchemy's NullPool): for programs that connect rarely, or
// behind an external pooler such as PgBouncer. PoolSize + MaxOverflow
// still bound how many connections are open at once.
func NoPool() Option { return func(o *options) { o.noPool = true } }

// OnPool adds a listener for pool events. Listeners run in the order
// they were added, synchronously, on whichever goroutine checks
// connections out or in, often while the pool holds a lock: they must be
// quick, safe for concurrent use, and must not use the engine.
func OnPool(l PoolListener) Option {
	return func(o *options) { o.poolListeners = append(o.poolListeners, l) }
}

// PoolListener receives pool events (SQLAlchemy's connect, checkout,
// checkin, invalidate and close). Any function may be nil.
type PoolListener struct {
	// Connect: a new connection was opened (and initialized by the
	// dialect).
	Connect func(ev PoolEvent)
	// Checkout: a connection is handed out of the pool, a new one
	// included.
	Checkout func(ev PoolEvent)
	// Checkin: a connection was returned to the pool.
	Checkin func(ev PoolEvent)
	// Invalidate: a connection was found dead, by an error that means a
	// disconnect (ev.Err) or a failed pre-ping; it will be closed, and
	// the connections opened before it will be closed at their next
	// checkout or checkin.
	Invalidate func(ev PoolEvent)
	// Close: a connection was closed, for whatever reason (age,
	// idleness, invalidation, NoPool, the engine's Close).
	Close func(ev PoolEvent)
}

// PoolEvent describes a pool event.
type PoolEvent struct {
	// ConnID identifies the connection within its engine (1, 2, ... in
	// the order they were opened).
	ConnID uint64
	// Generation is the pool generation the connection was opened in; it
	// moves on at each invalidation.
	Generation uint64
	// Opened is when the connection was opened.
	Opened time.Time
	// Err is why the connection was invalidated (Invalidate only).
	Err error
}

// PoolStats are an engine's pool statistics (Engine.PoolStats).
type PoolStats struct {
	Open  int // connections open, in use or idle
	InUse int // connections checked out
	Idle  int // connections open and not checked out
	// MaxOpen is the most connections open at once (PoolSize +
	// MaxOverflow); 0 for no limit.
	MaxOpen int
	// Waits counts checkouts that had to wait for a connection, and
	// WaitDuration is the total time they waited.
	Waits        int64
	WaitDuration time.Duration
	// Timeouts counts checkouts that gave up after the pool timeout.
	Timeouts int64
	// Connects counts connections opened; Checkouts, connections handed
	// out (every statement outside a Conn checks one out).
	Connects  int64
	Checkouts int64
	// Invalidations counts connections found dead (disconnects, failed
	// pre-pings).
	Invalidations int64
	// Generation is the pool generation: the number of invalidations
	// that discarded the connections opened before them.
	Generation uint64
}

// PoolStats returns the pool's statistics.
func (e *Engine) PoolStats() PoolStats {
	p := e.pool
	c := p.inner.Stats()
	return PoolStats{
		Open: c.Open, InUse: c.InUse, Idle: c.Idle,
		MaxOpen:       cap(p.gate.slots),
		Waits:         p.gate.waits.Load(),
		WaitDuration:  time.Duration(p.gate.waitNanos.Load()),
		Timeouts:      p.gate.timeouts.Load(),
		Connects:      p.connects.Load(),
		Checkouts:     p.checkouts.Load(),
		Invalidations: p.invalidations.Load(),
		Generation:    p.gen.Load(),
	}
}

// checkPoolOptions validates the pool options.
func checkPoolOptions(o *options) error {
	bad := func(what string, v any) error {
		return fmt.Errorf("%w: %w: %s %v is negative", athsql.ErrArgument, ErrPoolSettings, what, v)
	}
	switch {
	case o.poolSize < 0:
		return bad("PoolSize", o.poolSize)
	case o.recycle < 0:
		return bad("PoolRecycle", o.recycle)
	case o.idleTime < 0:
		return bad("PoolIdleTimeout", o.idleTime)
	case o.poolTimeout < 0:
		return bad("PoolTimeout", o.poolTimeout)
	case o.noPool && o.singleConn:
		return fmt.Errorf("%w: %w: NoPool and SingleConnection exclude each other", athsql.ErrArgument, ErrPoolSettings)
	case o.poolSize == 0 && o.overflow == 0:
		return fmt.Errorf("%w: %w: PoolSize 0 with MaxOverflow 0 allows no connection", athsql.ErrArgument, ErrPoolSettings)
	}
	return nil
}

// connRecord is the engine's record of one connection, kept by the pool
// with the connection (dialect.PoolHooks).
type connRecord struct {
	id      uint64
	gen     uint64
	opened  time.Time
	invalid atomic.Bool
}

func (r *connRecord) event(err error) PoolEvent {
	if r == nil {
		return PoolEvent{Err: err}
	}
	return PoolEvent{ConnID: r.id, Generation: r.gen, Opened: r.opened, Err: err}
}

// managedPool is the engine's pool over a dialect.Pool: checkout timeout,
// events, statistics, invalidation.
type managedPool struct {
	inner     dialect.Pool
	gate      gate
	listeners []PoolListener
	noPool    bool
	// isDisconnect classifies errors (the engine's dialect may change
	// after version detection, the classification does not).
	isDisconnect func(error) bool

	ids, connects, checkouts, invalidations atomic.Int64
	gen                                     atomic.Uint64
}

func newManagedPool(o *options, maxOpen int, isDisconnect func(error) bool) *managedPool {
	p := &managedPool{listeners: o.poolListeners, noPool: o.noPool, isDisconnect: isDisconnect}
	p.gate.init(maxOpen, o.poolTimeout)
	return p
}

// hooks are the dialect.PoolHooks through which the pool reports to p.
func (p *managedPool) hooks() *dialect.PoolHooks {
	return &dialect.PoolHooks{
		Connect: func() any {
			r := &connRecord{id: uint64(p.ids.Add(1)), gen: p.gen.Load(), opened: time.Now()}
			p.connects.Add(1)
			p.fire(func(l PoolListener) func(PoolEvent) { return l.Connect }, r.event(nil))
			return r
		},
		Checkout: func(rec any) bool {
			r, _ := rec.(*connRecord)
			if r != nil && (r.invalid.Load() || r.gen != p.gen.Load()) {
				return false
			}
			p.checkouts.Add(1)
			p.fire(func(l PoolListener) func(PoolEvent) { return l.Checkout }, r.event(nil))
			return true
		},
		Checkin: func(rec any) bool {
			r, _ := rec.(*connRecord)
			p.fire(func(l PoolListener) func(PoolEvent) { return l.Checkin }, r.event(nil))
			return !p.noPool && (r == nil || !r.invalid.Load() && r.gen == p.gen.Load())
		},
		Invalidate: func(rec any, err error) { p.invalidate(rec, err) },
		Close: func(rec any) {
			r, _ := rec.(*connRecord)
			p.fire(func(l PoolListener) func(PoolEvent) { return l.Close }, r.event(nil))
		},
	}
}

func (p *managedPool) fire(pick func(PoolListener) func(PoolEvent), ev PoolEvent) {
	for _, l := range p.listeners {
		if f := pick(l); f != nil {
			f(ev)
		}
	}
}

// invalidate marks a connection dead (once) and moves the pool's
// generation on, so that the connections opened before are closed at
// their next checkout or checkin.
func (p *managedPool) invalidate(rec any, err error) {
	r, _ := rec.(*connRecord)
	if r != nil && !r.invalid.CompareAndSwap(false, true) {
		return
	}
	p.invalidations.Add(1)
	p.gen.Add(1)
	p.fire(func(l PoolListener) func(PoolEvent) { return l.Invalidate }, r.event(err))
}

// Acquire checks a connection out: it waits for a slot (at most the pool
// timeout), then takes a connection of the inner pool.
func (p *managedPool) Acquire(ctx context.Context) (dialect.PoolConn, error) {
	c, err := p.acquire(ctx, nil)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// acquire is Acquire into c, a managedConn never used, or a new one when
// c is nil.
func (p *managedPool) acquire(ctx context.Context, c *managedConn) (*managedConn, error) {
	if err := p.gate.enter(ctx); err != nil {
		return nil, err
	}
	inner, err := p.inner.Acquire(ctx)
	if err != nil {
		p.gate.leave()
		return nil, err
	}
	if c == nil {
		c = new(managedConn)
	}
	c.p, c.inner = p, inner
	return c, nil
}

// retryBadConn is how many times a statement outside a Conn is tried
// again on another connection when the driver says that nothing was sent
// (driver.ErrBadConn), as database/sql does.
const retryBadConn = 2

// onConn runs f on a connection checked out for it, again on another
// connection when the first failed before sending anything. keep: f
// returned rows that hold the connection; they release it. first, when
// not nil, is room never used for the first attempt's connection.
func (p *managedPool) onConn(ctx context.Context, first *managedConn, f func(c *managedConn) (keep bool, err error)) error {
	for attempt := 0; ; attempt++ {
		var room *managedConn
		if attempt == 0 {
			room = first
		}
		c, err := p.acquire(ctx, room)
		if err != nil {
			return err
		}
		keep, err := f(c)
		if !keep {
			c.Release()
		}
		if err != nil && attempt < retryBadConn && errors.Is(err, driver.ErrBadConn) && ctx.Err() == nil {
			continue
		}
		return err
	}
}

func (p *managedPool) Query(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	return p.query(ctx, query, args, nil)
}

// queryHome is room for the wrappers of one query on the pool (the
// connection checked out for it and its rows), allocated with the
// statement's Result so that the query allocates neither. Each is used
// by that one query only, and never reused.
type queryHome struct {
	conn managedConn
	rows managedDirectRows
}

// query is Query with the wrappers of its first attempt in home (when
// not nil); an attempt again on another connection allocates its own.
func (p *managedPool) query(ctx context.Context, query string, args []any, home *queryHome) (dialect.Rows, error) {
	var first *managedConn
	if home != nil {
		first = &home.conn
	}
	var rows dialect.Rows
	err := p.onConn(ctx, first, func(c *managedConn) (bool, error) {
		r, err := c.inner.Query(ctx, query, args)
		c.check(ctx, err)
		if err != nil {
			return false, err
		}
		var at *managedDirectRows
		if c == first {
			at = &home.rows
		}
		rows = wrapRowsAt(ctx, r, c, at)
		rows.(managedRowsOf).managed().release = true
		return true, nil
	})
	return rows, err
}

// Exec is onConn for one Exec, with the checked-out connection's
// wrapper on the stack: it never leaves this call, and begins no
// transaction. (Through onConn's callback the wrapper would escape to
// the heap: one allocation more on every statement's path.)
func (p *managedPool) Exec(ctx context.Context, query string, args []any) (sql.Result, error) {
	for attempt := 0; ; attempt++ {
		if err := p.gate.enter(ctx); err != nil {
			return nil, err
		}
		inner, err := p.inner.Acquire(ctx)
		if err != nil {
			p.gate.leave()
			return nil, err
		}
		c := managedConn{p: p, inner: inner}
		res, err := c.Exec(ctx, query, args)
		// Release, for a connection that began no transaction.
		inner.Release()
		p.gate.leave()
		if err != nil && attempt < retryBadConn && errors.Is(err, driver.ErrBadConn) && ctx.Err() == nil {
			continue
		}
		return res, err
	}
}

func (p *managedPool) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	var n int64
	var failed []any
	err := p.onConn(ctx, nil, func(c *managedConn) (bool, error) {
		var err error
		n, failed, err = c.ExecEach(ctx, query, sets)
		return false, err
	})
	return n, failed, err
}

func (p *managedPool) DB() *sql.DB               { return p.inner.DB() }
func (p *managedPool) Stats() dialect.PoolCounts { return p.inner.Stats() }

func (p *managedPool) Close() error {
	p.gate.close()
	return p.inner.Close()
}

// managedConn is a connection checked out of a managedPool. Its
// methods may be called from several goroutines at once on a
// single-connection engine, as the underlying connection allows.
type managedConn struct {
	p        *managedPool
	inner    dialect.PoolConn
	tx       atomic.Pointer[managedTx] // the transaction in progress
	invalid  atomic.Bool
	released atomic.Bool
}

// check invalidates the connection when err means it is gone. A
// context's end is the caller's doing, not a disconnect, even when the
// driver closed the connection for it (the pool then drops it anyway).
func (c *managedConn) check(ctx context.Context, err error) {
	if err == nil || c.invalid.Load() || ctx.Err() != nil {
		return
	}
	if c.p.isDisconnect(err) && c.invalid.CompareAndSwap(false, true) {
		c.p.invalidate(c.inner.Record(), err)
	}
}

func (c *managedConn) Query(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	rows, err := c.inner.Query(ctx, query, args)
	c.check(ctx, err)
	if err != nil {
		return nil, err
	}
	return wrapRows(ctx, rows, c), nil
}

func (c *managedConn) Exec(ctx context.Context, query string, args []any) (sql.Result, error) {
	res, err := c.inner.Exec(ctx, query, args)
	c.check(ctx, err)
	return res, err
}

func (c *managedConn) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	n, failed, err := c.inner.ExecEach(ctx, query, sets)
	c.check(ctx, err)
	return n, failed, err
}

func (c *managedConn) Begin(ctx context.Context, opts *sql.TxOptions) (dialect.PoolTx, error) {
	tx, err := c.inner.Begin(ctx, opts)
	c.check(ctx, err)
	if err != nil {
		return nil, err
	}
	t := &managedTx{c: c, inner: tx}
	c.tx.Store(t)
	return t, nil
}

func (c *managedConn) Raw() *sql.Conn { return c.inner.Raw() }
func (c *managedConn) Driver() any    { return c.inner.Driver() }
func (c *managedConn) Record() any    { return c.inner.Record() }

// Release returns the connection: a transaction left open on it is
// rolled back first (SQLAlchemy's reset on return).
func (c *managedConn) Release() error {
	if !c.released.CompareAndSwap(false, true) {
		return nil
	}
	if t := c.tx.Load(); t != nil {
		t.Rollback(context.Background())
	}
	err := c.inner.Release()
	c.p.gate.leave()
	return err
}

// managedTx is a transaction on a managedConn.
type managedTx struct {
	c     *managedConn
	inner dialect.PoolTx
}

func (t *managedTx) Query(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	rows, err := t.inner.Query(ctx, query, args)
	t.c.check(ctx, err)
	if err != nil {
		return nil, err
	}
	return wrapRows(ctx, rows, t.c), nil
}

func (t *managedTx) Exec(ctx context.Context, query string, args []any) (sql.Result, error) {
	res, err := t.inner.Exec(ctx, query, args)
	t.c.check(ctx, err)
	return res, err
}

func (t *managedTx) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	n, failed, err := t.inner.ExecEach(ctx, query, sets)
	t.c.check(ctx, err)
	return n, failed, err
}

func (t *managedTx) Commit(ctx context.Context) error {
	t.c.tx.CompareAndSwap(t, nil)
	err := t.inner.Commit(ctx)
	t.c.check(ctx, err)
	return err
}

func (t *managedTx) Rollback(ctx context.Context) error {
	t.c.tx.CompareAndSwap(t, nil)
	err := t.inner.Rollback(ctx)
	t.c.check(ctx, err)
	return err
}

// managedRows are the rows of a managedConn: their errors are checked for
// disconnects, and rows of a statement run on the pool release their
// connection when closed.
type managedRows struct {
	dialect.Rows
	ctx     context.Context // the query's
	c       *managedConn
	release bool
	closed  bool
}

// managedDirectRows keep the inner rows' direct decoding.
type managedDirectRows struct {
	managedRows
	direct dialect.DirectRows
}

type managedRowsOf interface{ managed() *managedRows }

func (r *managedRows) managed() *managedRows { return r }

var (
	_ dialect.DirectRows = (*managedDirectRows)(nil)
	_ typeNamer          = (*managedRows)(nil)
)

func wrapRows(ctx context.Context, rows dialect.Rows, c *managedConn) dialect.Rows {
	return wrapRowsAt(ctx, rows, c, nil)
}

// wrapRowsAt is wrapRows into at, room never used, or into a new
// wrapper when at is nil.
func wrapRowsAt(ctx context.Context, rows dialect.Rows, c *managedConn, at *managedDirectRows) dialect.Rows {
	if at == nil {
		// One allocation: this is on every statement's path.
		at = new(managedDirectRows)
	}
	if d, ok := rows.(dialect.DirectRows); ok {
		*at = managedDirectRows{managedRows{Rows: rows, ctx: ctx, c: c}, d}
		return at
	}
	at.managedRows = managedRows{Rows: rows, ctx: ctx, c: c}
	return &at.managedRows
}

func (r *managedRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.c.check(r.ctx, r.Rows.Err())
	return false
}

func (r *managedRows) Values(dst []any) error {
	err := r.Rows.Values(dst)
	r.c.check(r.ctx, err)
	return err
}

func (r *managedRows) Err() error {
	err := r.Rows.Err()
	r.c.check(r.ctx, err)
	return err
}

func (r *managedRows) Close() error {
	err := r.Rows.Close()
	r.c.check(r.ctx, err)
	if r.release && !r.closed {
		r.closed = true
		r.c.Release()
	}
	return err
}

// NumColumns implements columnCounter: the inner rows' count when they
// tell it without naming the columns.
func (r *managedRows) NumColumns() int {
	if cc, ok := r.Rows.(columnCounter); ok {
		return cc.NumColumns()
	}
	return len(r.Rows.Columns())
}

// DatabaseTypeNames implements typeNamer when the inner rows do.
func (r *managedRows) DatabaseTypeNames() []string {
	if tn, ok := r.Rows.(typeNamer); ok {
		return tn.DatabaseTypeNames()
	}
	return nil
}

func (r *managedDirectRows) Direct(i int, goType reflect.Type, resultType types.Type) bool {
	return r.direct.Direct(i, goType, resultType)
}

func (r *managedDirectRows) Scan(dst []any, null []bool) error {
	err := r.direct.Scan(dst, null)
	r.c.check(r.ctx, err)
	return err
}

// gate bounds the connections checked out at once, with a timeout.
type gate struct {
	slots   chan struct{} // nil: no limit
	timeout time.Duration
	done    chan struct{} // closed by close

	waits, waitNanos, timeouts atomic.Int64
}

func (g *gate) init(maxOpen int, timeout time.Duration) {
	g.timeout, g.done = timeout, make(chan struct{})
	if maxOpen > 0 {
		g.slots = make(chan struct{}, maxOpen)
	}
}

func (g *gate) enter(ctx context.Context) error {
	if g.slots == nil {
		return nil
	}
	select {
	case g.slots <- struct{}{}:
		return nil
	default:
	}
	g.waits.Add(1)
	start := time.Now()
	defer func() { g.waitNanos.Add(int64(time.Since(start))) }()
	var expired <-chan time.Time
	if g.timeout > 0 {
		t := time.NewTimer(g.timeout)
		defer t.Stop()
		expired = t.C
	}
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-g.done:
		return ErrClosed
	case <-expired:
		g.timeouts.Add(1)
		return fmt.Errorf("%w: waited %v, all %d connections in use", ErrPoolTimeout, g.timeout, cap(g.slots))
	}
}

func (g *gate) leave() {
	if g.slots != nil {
		<-g.slots
	}
}

func (g *gate) close() {
	select {
	case <-g.done:
	default:
		close(g.done)
	}
}

// copierOf returns q's bulk loader (dialect.Copier), seeing through the
// managed pool's wrappers.
func copierOf(q dialect.Runner) (dialect.Copier, bool) {
	if m, ok := q.(interface{ copier() (dialect.Copier, bool) }); ok {
		return m.copier()
	}
	c, ok := q.(dialect.Copier)
	return c, ok
}

// copyFunc adapts a function to dialect.Copier.
type copyFunc func(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error)

func (f copyFunc) CopyFrom(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error) {
	return f(ctx, schema, table, columns, n, row)
}

// copier loads on a connection checked out for it, when the pool's
// connections can.
func (p *managedPool) copier() (dialect.Copier, bool) {
	if _, ok := p.inner.(dialect.Copier); !ok {
		return nil, false
	}
	return copyFunc(func(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error) {
		var total int64
		err := p.onConn(ctx, nil, func(c *managedConn) (bool, error) {
			cp, ok := c.copier()
			if !ok {
				return false, fmt.Errorf("%w: the pool's connections cannot bulk load", dialect.ErrNotSupported)
			}
			var err error
			total, err = cp.CopyFrom(ctx, schema, table, columns, n, row)
			return false, err
		})
		return total, err
	}), true
}

// copier is the connection's bulk loader, its errors checked for
// disconnects.
func (c *managedConn) copier() (dialect.Copier, bool) { return c.checkedCopier(c.inner) }

func (t *managedTx) copier() (dialect.Copier, bool) { return t.c.checkedCopier(t.inner) }

func (c *managedConn) checkedCopier(r dialect.Runner) (dialect.Copier, bool) {
	cp, ok := r.(dialect.Copier)
	if !ok {
		return nil, false
	}
	return copyFunc(func(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error) {
		total, err := cp.CopyFrom(ctx, schema, table, columns, n, row)
		c.check(ctx, err)
		return total, err
	}), true
}
