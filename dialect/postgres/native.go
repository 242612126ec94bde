package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/athanordb/athanor/dialect"
)

// The native pool: an engine on PostgreSQL runs its statements through
// pgx's own interface (pgxpool), not through database/sql, unless it is
// told to (engine.UseDatabaseSQL). Rows give the same values as pgx's
// database/sql adapter does (values.go), and can decode columns straight
// into struct fields (direct.go).

var _ dialect.NativePooler = (*Dialect)(nil)

// never stands for "no limit" among pgxpool's durations, whose zero
// values mean their defaults (in ParseConfig). MaxConnLifetime is the
// exception: zero is how NewWithConfig reads "no limit", and saves the
// pool reading the clock at each checkout and return.
const never = time.Duration(math.MaxInt64)

// OpenPool implements dialect.NativePooler: a pgxpool configured from the
// URL (see ConnConfig) and the engine's pool settings. No connection is
// opened until one is needed.
func (d *Dialect) OpenPool(u *dialect.URL, cfg dialect.PoolConfig, init dialect.Initializer) (dialect.Pool, error) {
	cc, err := ConnConfig(u)
	if err != nil {
		return nil, err
	}
	pc, err := pgxpool.ParseConfig("")
	if err != nil {
		return nil, err
	}
	pc.ConnConfig = cc
	pc.MaxConns = math.MaxInt32
	if cfg.MaxOpen > 0 {
		pc.MaxConns = int32(min(cfg.MaxOpen, math.MaxInt32))
	}
	pc.MinConns = 0
	pc.MaxConnLifetime, pc.MaxConnIdleTime = 0, never
	if cfg.MaxLifetime > 0 {
		pc.MaxConnLifetime = cfg.MaxLifetime
	}
	if cfg.MaxIdleTime > 0 {
		pc.MaxConnIdleTime = cfg.MaxIdleTime
	}
	hooks := cfg.Hooks
	if hooks == nil {
		hooks = &dialect.PoolHooks{}
	}
	pc.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		registerTextCodecs(c.TypeMap())
		if init != nil {
			if err := init.InitConnection(ctx, pgxExecer{c}); err != nil {
				return err
			}
		}
		st := &connState{plans: newConnPlans(c)}
		if hooks.Connect != nil {
			st.rec = hooks.Connect()
		}
		c.PgConn().CustomData()[stateKey] = st
		return nil
	}
	if cfg.PrePing {
		// PrepareConn pings, to tell the engine why it drops a connection.
		pc.ShouldPing = func(context.Context, pgxpool.ShouldPingParams) bool { return false }
	}
	pc.PrepareConn = func(ctx context.Context, c *pgx.Conn) (bool, error) {
		rec := recordOf(c)
		if cfg.PrePing {
			if err := c.Ping(ctx); err != nil {
				if ctx.Err() != nil {
					return false, ctx.Err()
				}
				if hooks.Invalidate != nil {
					hooks.Invalidate(rec, err)
				}
				return false, nil
			}
		}
		if hooks.Checkout != nil && !hooks.Checkout(rec) {
			return false, nil
		}
		return true, nil
	}
	pc.BeforeClose = func(c *pgx.Conn) {
		if hooks.Close != nil {
			hooks.Close(recordOf(c))
		}
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, err
	}
	return &nativePool{nativeRunner: nativeRunner{q: pool, retry: true}, pool: pool, hooks: hooks,
		out: map[*nativeConn]struct{}{}}, nil
}

// stateKey keys a connection's connState among its custom data.
const stateKey = "athanor.conn"

// connState is what the pool keeps with each connection: the engine's
// record of it (PoolHooks.Connect) and the plans made on it, found with
// one lookup when the connection is checked out.
type connState struct {
	rec   any
	plans *connPlans
}

// stateOf returns c's state, made when the pool opened c; a connection
// without one (not opened by the pool) is given one.
func stateOf(c *pgx.Conn) *connState {
	data := c.PgConn().CustomData()
	st, ok := data[stateKey].(*connState)
	if !ok {
		st = &connState{plans: newConnPlans(c)}
		data[stateKey] = st
	}
	return st
}

func recordOf(c *pgx.Conn) any { return stateOf(c).rec }

type pgxExecer struct{ c *pgx.Conn }

func (e pgxExecer) ExecContext(ctx context.Context, query string, args ...any) error {
	_, err := e.c.Exec(ctx, query, args...)
	return err
}

// pgxQuerier is what pgx runs statements on: *pgxpool.Pool,
// *pgxpool.Conn or pgx.Tx.
type pgxQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// nativeRunner implements dialect.Runner on pgx. A pool's runner tries a
// statement again on another connection when pgx says that nothing was
// sent (a connection the server closed while it was idle), as
// database/sql does with the adapter's driver.ErrBadConn.
type nativeRunner struct {
	q     pgxQuerier
	retry bool
	open  *openRows  // a connection's: its rows not yet closed
	plans *connPlans // a connection's plans; nil for the pool's runner
}

// openRows tracks the rows open on one connection, which ending its
// transaction or releasing it closes, as database/sql does.
type openRows struct{ rows *nativeRows }

func (o *openRows) close() {
	if o != nil && o.rows != nil {
		o.rows.Close()
		o.rows = nil
	}
}

// resultFormats asks for the formats pgx's database/sql adapter asks for,
// so that values read as text (numeric, intervals, arrays...) are the
// server's text, exactly as through database/sql.
var resultFormats = pgx.QueryResultFormatsByOID{
	pgtype.BoolOID: 1, pgtype.ByteaOID: 1, pgtype.CIDOID: 1, pgtype.DateOID: 1,
	pgtype.Float4OID: 1, pgtype.Float8OID: 1, pgtype.Int2OID: 1, pgtype.Int4OID: 1,
	pgtype.Int8OID: 1, pgtype.OIDOID: 1, pgtype.TimestampOID: 1, pgtype.TimestamptzOID: 1,
	pgtype.XIDOID: 1,
}

func (r nativeRunner) Query(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	// The arguments with the result formats first: in the connection's
	// room when it is free and they fit, which saves an allocation per
	// statement. pgx is done with them when Query returns (it keeps them
	// only for a tracer, which the pool never sets).
	var full []any
	room := r.plans
	if room != nil && len(args)+1 <= len(room.args) && room.argsLent.CompareAndSwap(false, true) {
		full = room.args[:0]
	} else {
		room, full = nil, make([]any, 0, 1+len(args))
	}
	full = append(append(full, resultFormats), args...)
	rows, err := r.q.Query(ctx, query, full...)
	if err != nil && r.retry && pgconn.SafeToRetry(err) {
		rows, err = r.q.Query(ctx, query, full...)
	}
	clear(full)
	if room != nil {
		room.argsLent.Store(false)
	}
	if err != nil {
		return nil, r.unsent(err)
	}
	// Read the first row now, so that the statement's errors are
	// Execute's, as through database/sql.
	more := rows.Next()
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	// The field descriptions live in the connection, which pgxpool takes
	// back as soon as the rows end: a result of no rows keeps a copy (the
	// engine may describe its columns when another goroutine uses the
	// connection). Rows that have one are read while the connection is
	// theirs, and the engine describes them before reading on.
	fields := rows.FieldDescriptions()
	if !more {
		fields = slices.Clone(fields)
	}
	nr := &nativeRows{rows: rows, fields: fields, preloaded: true, more: more, plans: r.plans}
	if r.open != nil {
		r.open.rows = nr
	}
	return nr, nil
}

func (r nativeRunner) Exec(ctx context.Context, query string, args []any) (sql.Result, error) {
	tag, err := r.q.Exec(ctx, query, args...)
	if err != nil && r.retry && pgconn.SafeToRetry(err) {
		tag, err = r.q.Exec(ctx, query, args...)
	}
	if err != nil {
		return nil, r.unsent(err)
	}
	return execResult(tag.RowsAffected()), nil
}

func (r nativeRunner) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	var total int64
	for _, args := range sets {
		tag, err := r.q.Exec(ctx, query, args...)
		if err != nil {
			return 0, args, r.unsent(err)
		}
		total += tag.RowsAffected()
	}
	return total, nil, nil
}

// unsent marks an error after which pgx says nothing was sent (the
// connection was found closed) as database/sql's driver.ErrBadConn, as
// pgx's database/sql adapter does: the engine then runs a statement
// outside a transaction again on another connection.
func (r nativeRunner) unsent(err error) error {
	if !r.retry && pgconn.SafeToRetry(err) {
		return unsentError{err}
	}
	return err
}

// unsentError is an error of pgx that matches driver.ErrBadConn.
type unsentError struct{ error }

func (e unsentError) Unwrap() error        { return e.error }
func (e unsentError) Is(target error) bool { return target == driver.ErrBadConn }

// execResult is an Exec's outcome: PostgreSQL has no last insert id
// (RETURNING gives keys).
type execResult int64

func (n execResult) RowsAffected() (int64, error) { return int64(n), nil }

func (execResult) LastInsertId() (int64, error) {
	return 0, fmt.Errorf("%w: LastInsertId on PostgreSQL (use RETURNING)", dialect.ErrNotSupported)
}

// nativePool is the pool. It keeps the connections checked out, so that
// Close can end those a caller left checked out (a result never closed):
// pgxpool's Close waits for every connection to be returned.
type nativePool struct {
	nativeRunner
	pool   *pgxpool.Pool
	hooks  *dialect.PoolHooks
	dbOnce sync.Once
	db     *sql.DB

	mu       sync.Mutex
	out      map[*nativeConn]struct{} // checked out
	closed   atomic.Bool              // set under mu, read without it by Acquire's first check
	returned chan struct{}            // closed when out empties after Close
}

// CloseGrace is how long Close waits for connections still checked out
// (a result left open) to be returned before it closes them by force: a
// statement running on one then fails as on a lost connection.
var CloseGrace = time.Second

var errPoolClosed = errors.New("athanor: the pool is closed")

func (p *nativePool) Acquire(ctx context.Context) (dialect.PoolConn, error) {
	if p.closed.Load() {
		return nil, errPoolClosed
	}
	c, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	pc := c.Conn()
	st := stateOf(pc)
	nc := &nativeConn{nativeRunner: nativeRunner{q: pc, plans: st.plans}, c: c, pc: pc, st: st, p: p}
	nc.open = &nc.rowsOpen
	p.mu.Lock()
	if p.closed.Load() {
		p.mu.Unlock()
		c.Release()
		return nil, errPoolClosed
	}
	p.out[nc] = struct{}{}
	p.mu.Unlock()
	return nc, nil
}

func (p *nativePool) DB() *sql.DB {
	p.dbOnce.Do(func() { p.db = stdlib.OpenDBFromPool(p.pool) })
	return p.db
}

func (p *nativePool) Stats() dialect.PoolCounts {
	s := p.pool.Stat()
	return dialect.PoolCounts{Open: int(s.TotalConns()), InUse: int(s.AcquiredConns()), Idle: int(s.IdleConns())}
}

// Close closes the pool. Connections still checked out are given
// CloseGrace to be returned, then closed by force, so that Close never
// waits without bound.
func (p *nativePool) Close() error {
	p.mu.Lock()
	if p.closed.Load() {
		p.mu.Unlock()
		return nil
	}
	p.closed.Store(true)
	var wait chan struct{}
	if len(p.out) > 0 {
		p.returned = make(chan struct{})
		wait = p.returned
	}
	p.mu.Unlock()
	p.dbOnce.Do(func() {})
	if p.db != nil {
		p.db.Close()
	}
	if wait != nil {
		t := time.NewTimer(CloseGrace)
		select {
		case <-wait:
		case <-t.C:
		}
		t.Stop()
		p.mu.Lock()
		left := make([]*nativeConn, 0, len(p.out))
		for c := range p.out {
			left = append(left, c)
		}
		p.mu.Unlock()
		for _, c := range left {
			c.force()
		}
	}
	p.pool.Close()
	return nil
}

// returnConn forgets a connection returned or ended.
func (p *nativePool) returnConn(c *nativeConn) {
	p.mu.Lock()
	delete(p.out, c)
	if p.closed.Load() && len(p.out) == 0 && p.returned != nil {
		close(p.returned)
		p.returned = nil
	}
	p.mu.Unlock()
}

// nativeConn is a checked-out connection. Its statements run on the
// pgx.Conn (pc); c, pgxpool's handle, is touched only by Release or
// force, whichever sets done first.
type nativeConn struct {
	nativeRunner
	rowsOpen openRows // what nativeRunner.open points at
	c        *pgxpool.Conn
	pc       *pgx.Conn
	st       *connState
	p        *nativePool

	done atomic.Bool // released, or ended by force
}

func (c *nativeConn) Begin(ctx context.Context, opts *sql.TxOptions) (dialect.PoolTx, error) {
	var to pgx.TxOptions
	if opts != nil {
		switch opts.Isolation {
		case sql.LevelDefault:
		case sql.LevelReadUncommitted:
			to.IsoLevel = pgx.ReadUncommitted
		case sql.LevelReadCommitted:
			to.IsoLevel = pgx.ReadCommitted
		case sql.LevelRepeatableRead, sql.LevelSnapshot:
			to.IsoLevel = pgx.RepeatableRead
		case sql.LevelSerializable:
			to.IsoLevel = pgx.Serializable
		default:
			return nil, fmt.Errorf("%w: isolation level %v on PostgreSQL", dialect.ErrNotSupported, opts.Isolation)
		}
		if opts.ReadOnly {
			to.AccessMode = pgx.ReadOnly
		}
	}
	tx, err := c.pc.BeginTx(ctx, to)
	if err != nil {
		return nil, err
	}
	return nativeTx{nativeRunner{q: tx, open: c.open, plans: c.plans}, tx}, nil
}

func (c *nativeConn) Raw() *sql.Conn { return nil }
func (c *nativeConn) Driver() any    { return c.pc }
func (c *nativeConn) Record() any    { return c.st.rec }

// Release returns the connection: rows left open on it are closed, and a
// connection in a transaction, or one the engine no longer wants
// (PoolHooks.Checkin), is closed instead of kept (pgxpool closes a
// connection returned inside a transaction).
func (c *nativeConn) Release() error {
	if !c.done.CompareAndSwap(false, true) {
		return nil
	}
	c.open.close()
	if c.p.hooks.Checkin != nil && !c.p.hooks.Checkin(c.st.rec) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		c.pc.Close(ctx)
		cancel()
	}
	c.c.Release()
	c.p.returnConn(c)
	return nil
}

// force ends a connection still checked out when the pool closes: it is
// taken from pgxpool (which would wait for it) and its socket closed,
// which makes whatever runs on it fail.
func (c *nativeConn) force() {
	if !c.done.CompareAndSwap(false, true) {
		// Released: pgxpool's Close waits for the release to end.
		return
	}
	c.c.Hijack()
	c.pc.PgConn().Conn().Close()
	if c.p.hooks.Close != nil {
		c.p.hooks.Close(c.st.rec)
	}
	c.p.returnConn(c)
}

type nativeTx struct {
	nativeRunner
	tx pgx.Tx
}

func (t nativeTx) Commit(ctx context.Context) error {
	t.open.close()
	return t.tx.Commit(ctx)
}

func (t nativeTx) Rollback(ctx context.Context) error {
	t.open.close()
	if err := t.tx.Rollback(ctx); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		return err
	}
	return nil
}
