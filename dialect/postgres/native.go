package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sync"
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
// values mean their defaults.
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
	pc.MaxConnLifetime, pc.MaxConnIdleTime = never, never
	if cfg.MaxLifetime > 0 {
		pc.MaxConnLifetime = cfg.MaxLifetime
	}
	if cfg.MaxIdleTime > 0 {
		pc.MaxConnIdleTime = cfg.MaxIdleTime
	}
	pc.AfterConnect = func(ctx context.Context, c *pgx.Conn) error {
		registerTextCodecs(c.TypeMap())
		if init != nil {
			return init.InitConnection(ctx, pgxExecer{c})
		}
		return nil
	}
	pc.BeforeClose = forgetPlans
	pool, err := pgxpool.NewWithConfig(context.Background(), pc)
	if err != nil {
		return nil, err
	}
	return &nativePool{nativeRunner: nativeRunner{q: pool, retry: true}, pool: pool}, nil
}

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
	open  *openRows // a connection's: its rows not yet closed
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
	full := make([]any, 1+len(args))
	full[0] = resultFormats
	copy(full[1:], args)
	rows, err := r.q.Query(ctx, query, full...)
	if err != nil && r.retry && pgconn.SafeToRetry(err) {
		rows, err = r.q.Query(ctx, query, full...)
	}
	if err != nil {
		return nil, err
	}
	// Read the first row now, so that the statement's errors are
	// Execute's, as through database/sql.
	more := rows.Next()
	if err := rows.Err(); err != nil {
		rows.Close()
		return nil, err
	}
	nr := &nativeRows{rows: rows, preloaded: true, more: more}
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
		return nil, err
	}
	return execResult(tag.RowsAffected()), nil
}

func (r nativeRunner) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	var total int64
	for _, args := range sets {
		tag, err := r.q.Exec(ctx, query, args...)
		if err != nil {
			return 0, args, err
		}
		total += tag.RowsAffected()
	}
	return total, nil, nil
}

// execResult is an Exec's outcome: PostgreSQL has no last insert id
// (RETURNING gives keys).
type execResult int64

func (n execResult) RowsAffected() (int64, error) { return int64(n), nil }

func (execResult) LastInsertId() (int64, error) {
	return 0, fmt.Errorf("%w: LastInsertId on PostgreSQL (use RETURNING)", dialect.ErrNotSupported)
}

type nativePool struct {
	nativeRunner
	pool   *pgxpool.Pool
	dbOnce sync.Once
	db     *sql.DB
}

func (p *nativePool) Acquire(ctx context.Context) (dialect.PoolConn, error) {
	c, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, err
	}
	return &nativeConn{nativeRunner: nativeRunner{q: c, open: &openRows{}}, c: c}, nil
}

func (p *nativePool) DB() *sql.DB {
	p.dbOnce.Do(func() { p.db = stdlib.OpenDBFromPool(p.pool) })
	return p.db
}

func (p *nativePool) Close() error {
	if p.db != nil {
		p.db.Close()
	}
	p.pool.Close()
	return nil
}

type nativeConn struct {
	nativeRunner
	c *pgxpool.Conn
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
	tx, err := c.c.BeginTx(ctx, to)
	if err != nil {
		return nil, err
	}
	return nativeTx{nativeRunner{q: tx, open: c.open}, tx}, nil
}

func (c *nativeConn) Raw() *sql.Conn { return nil }
func (c *nativeConn) Driver() any    { return c.c.Conn() }
func (c *nativeConn) Release() error {
	c.open.close()
	c.c.Release()
	return nil
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
