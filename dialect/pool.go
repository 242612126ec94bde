package dialect

import (
	"context"
	"database/sql"
	"reflect"
	"time"

	"github.com/athanordb/athanor/types"
)

// A pool of connections, as the engine sees it. The engine runs every
// statement through these interfaces: over database/sql for every
// dialect, or over a driver's own interface for a dialect that implements
// NativePooler (PostgreSQL through pgx), which skips database/sql's
// conversions and lets rows decode straight into struct fields.
//
// A Pool's methods are safe for concurrent use; a PoolConn, a PoolTx and
// Rows are used by one goroutine at a time.

// NativePooler is implemented by dialects that drive their database
// without database/sql. OpenPool is called once per engine; no connection
// need be opened before the first Acquire or statement. init, when not
// nil, runs on each new connection (see Initializer).
type NativePooler interface {
	OpenPool(u *URL, cfg PoolConfig, init Initializer) (Pool, error)
}

// PoolConfig is the engine's pool settings, as a native pool takes them.
type PoolConfig struct {
	_ struct{} // keyed literals only: fields will be added

	MaxOpen     int           // connections open at most (0: no limit)
	MaxIdle     int           // connections kept open when idle
	MaxLifetime time.Duration // close connections older than this (0: never)
	MaxIdleTime time.Duration // close connections idle longer than this (0: never)
	// PrePing: a pooled connection is pinged before it is handed out; one
	// that fails is closed (Hooks.Invalidate is told why) and another is
	// taken, without the caller seeing the error.
	PrePing bool
	// Hooks, when not nil, follow each connection's life (see PoolHooks).
	Hooks *PoolHooks
}

// PoolHooks let the engine follow the connections of a pool, whichever
// implements it: they carry its pool events, its invalidation of
// connections and its statistics. Each hook may be nil. A pool calls them
// synchronously, possibly while holding its own locks: they must not use
// the pool.
//
// Connect returns the connection's record, an opaque value the pool keeps
// with the connection and passes to the other hooks (and returns from
// PoolConn.Record).
type PoolHooks struct {
	// Connect is called when a new connection is open (and initialized),
	// before it is first handed out.
	Connect func() any
	// Checkout is called when a connection is handed out (a new one
	// included). false: the connection must not be used; the pool closes
	// it and takes another.
	Checkout func(record any) bool
	// Checkin is called when a connection is returned. false: the pool
	// closes it instead of keeping it.
	Checkin func(record any) bool
	// Invalidate is called when the pool found a connection dead (a
	// failed pre-ping) and closes it.
	Invalidate func(record any, err error)
	// Close is called when a connection is closed, for any reason.
	Close func(record any)
}

// Runner runs statements: a pool (on any of its connections), a
// connection, or a transaction. Args are the bound values as the engine
// converted them; the text uses the dialect's paramstyle.
type Runner interface {
	Query(ctx context.Context, query string, args []any) (Rows, error)
	Exec(ctx context.Context, query string, args []any) (sql.Result, error)
	// ExecEach runs query once per argument set (preparing it once where
	// that helps) and returns the total of rows affected. On an error it
	// returns the set that failed.
	ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error)
}

// Pool is a pool of connections.
type Pool interface {
	Runner
	// Acquire checks a connection out; PoolConn.Release returns it.
	Acquire(ctx context.Context) (PoolConn, error)
	// DB is a database/sql view of the pool, for what Athanor does not
	// cover (its connections count against the same limits).
	DB() *sql.DB
	// Stats returns the pool's connection counts.
	Stats() PoolCounts
	// Close closes the pool. It must not wait without bound for
	// connections still checked out (a result left open): those are
	// closed when they are returned, or ended by force.
	Close() error
}

// PoolCounts are a pool's connection counts at one moment.
type PoolCounts struct {
	Open  int // connections open: in use and idle
	InUse int // connections checked out
	Idle  int // connections open and not checked out
}

// PoolConn is a connection checked out of a Pool.
type PoolConn interface {
	Runner
	Begin(ctx context.Context, opts *sql.TxOptions) (PoolTx, error)
	// Raw is the database/sql connection, or nil when the connection is
	// not one (a native pool's).
	Raw() *sql.Conn
	// Driver is the driver's own connection (*sql.Conn for database/sql,
	// *pgx.Conn for PostgreSQL's native pool).
	Driver() any
	// Record is the value PoolHooks.Connect returned for the connection
	// (nil without hooks).
	Record() any
	// Release returns the connection to the pool. A transaction still
	// open on it is rolled back (or the connection closed).
	Release() error
}

// PoolTx is a transaction on a PoolConn.
type PoolTx interface {
	Runner
	Commit(ctx context.Context) error
	// Rollback rolls back; a transaction the driver already ended (as its
	// context was cancelled) rolls back without error.
	Rollback(ctx context.Context) error
}

// Rows are the rows of a query, read forward once.
type Rows interface {
	Columns() []string
	Next() bool
	// Values stores the current row's values in dst (one per column) as
	// database/sql hands them over: nil, int64, float64, bool, []byte,
	// string or time.Time. A []byte is the caller's to keep.
	Values(dst []any) error
	Err() error
	Close() error
}

// DirectRows are Rows that can decode a column straight into a Go
// destination, without the driver value and the conversions Values
// implies: a struct field of the row's Go type is filled directly.
type DirectRows interface {
	Rows
	// Direct reports whether column i can be decoded straight into a
	// destination of type *goType, giving exactly what Values followed by
	// resultType's ResultConverter (nil: none) and assignment would give,
	// for every non-NULL value. A true answer commits Scan to decode the
	// column that way.
	Direct(i int, goType reflect.Type, resultType types.Type) bool
	// Scan reads the current row: into dst[i] (a *goType) for a column
	// Direct accepted, and as Values would into *dst[i] (a *any)
	// otherwise. A NULL in a direct column leaves its destination alone
	// and sets null[i].
	Scan(dst []any, null []bool) error
}

// Copier is implemented by a Runner that loads rows in bulk through the
// database's own protocol (PostgreSQL's COPY ... FROM STDIN, on pgx's
// native pool): the engine's CopyFrom uses it, and inserts rows with
// multi-row INSERT statements where the runner is not a Copier.
type Copier interface {
	// CopyFrom inserts n rows into table (in schema, when not "") with
	// values for columns, in order: row(i, dst) fills dst (one value per
	// column, already converted for the driver) for row i; dst is reused
	// from row to row. It returns the number of rows inserted.
	CopyFrom(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error)
}
