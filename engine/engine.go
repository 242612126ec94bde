// Package engine runs statements on a database: the Engine (a pool of
// connections for one database URL), Conn, Tx and Result.
//
// # Executing
//
// Engine, Conn and Tx all execute statements:
//
//	res, err := eng.Execute(ctx, stmt)                  // a pooled connection
//	res, err := conn.Execute(ctx, stmt, sql.Params{"x": 1})
//	err := eng.Begin(ctx, func(tx *engine.Tx) error {     // commit or roll back
//		_, err := tx.Execute(ctx, stmt)
//		return err
//	})
//
// Each statement is compiled once per structure: the engine keeps a cache
// of compiled statements keyed by structure, so that building the same
// query with other values skips the compiler (see sql.Cache).
//
// No statement runs in an implicit transaction: outside Begin, each
// statement commits on its own, as the driver does.
//
// # Echo and events
//
// Echo logs every statement and its parameters through log/slog; listeners
// (OnExecute) see each statement before and after it runs, with its
// duration and error, for tracing and metrics.
package engine

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Engine is a database: a URL, a dialect, a pool of connections and a
// compiled-statement cache. It is safe for concurrent use; a program
// usually makes one per database and keeps it for its lifetime.
type Engine struct {
	url     *dialect.URL
	base    dialect.Dialect // as configured
	dialect dialect.Dialect // after version detection
	db      *sql.DB
	static  *sql.Conn // the single connection of a single-connection pool
	cache   *athsql.Cache
	opts    options

	initMu   sync.Mutex
	initDone bool
	closed   bool
}

// Option configures an Engine.
type Option func(*options)

type options struct {
	dialect    dialect.Dialect
	echo       *slog.Logger
	listeners  []Listener
	isolation  sql.IsolationLevel
	cacheSize  int
	poolSize   int
	overflow   int
	recycle    time.Duration
	idleTime   time.Duration
	singleConn bool
}

// WithDialect sets the dialect instead of looking it up by the URL's
// scheme.
func WithDialect(d dialect.Dialect) Option { return func(o *options) { o.dialect = d } }

// Echo logs each statement, its parameters and its duration at Info level
// to the logger (slog.Default() when nil).
func Echo(logger *slog.Logger) Option {
	return func(o *options) {
		if logger == nil {
			logger = slog.Default()
		}
		o.echo = logger
	}
}

// OnExecute adds a listener for statement execution.
func OnExecute(l Listener) Option {
	return func(o *options) { o.listeners = append(o.listeners, l) }
}

// IsolationLevel sets the isolation level of every transaction the engine
// begins.
func IsolationLevel(level sql.IsolationLevel) Option {
	return func(o *options) { o.isolation = level }
}

// CacheSize sets the number of compiled statements kept (default
// sql.DefaultCacheSize; 0 turns caching off).
func CacheSize(n int) Option { return func(o *options) { o.cacheSize = n } }

// PoolSize sets the number of connections kept open when idle (default 5).
func PoolSize(n int) Option { return func(o *options) { o.poolSize = n } }

// MaxOverflow sets how many connections may be opened beyond the pool
// size under load (default 10; negative: no limit).
func MaxOverflow(n int) Option { return func(o *options) { o.overflow = n } }

// PoolRecycle closes connections older than d (0: never).
func PoolRecycle(d time.Duration) Option { return func(o *options) { o.recycle = d } }

// SingleConnection makes the pool one connection shared by every use, as
// an in-memory SQLite database requires (set by the dialect for such
// URLs).
func SingleConnection() Option { return func(o *options) { o.singleConn = true } }

// Create returns an Engine for a database URL. The dialect is looked up by
// the URL's scheme among the registered dialects (see dialect.Register),
// unless WithDialect gives it. No connection is opened until the engine is
// first used.
func Create(rawURL string, opts ...Option) (*Engine, error) {
	u, err := dialect.ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	o := options{cacheSize: athsql.DefaultCacheSize, poolSize: 5, overflow: 10}
	for _, opt := range opts {
		opt(&o)
	}
	d := o.dialect
	if d == nil {
		if d, err = dialect.Lookup(u.Dialect); err != nil {
			return nil, err
		}
	}
	connector, err := d.Connector(u)
	if err != nil {
		return nil, err
	}
	if init, ok := d.(dialect.Initializer); ok {
		connector = &initConnector{Connector: connector, init: init}
	}
	e := &Engine{url: u, base: d, dialect: d, opts: o, db: sql.OpenDB(connector)}
	if adv, ok := d.(dialect.PoolAdvisor); ok && adv.PoolAdvice(u).SingleConnection {
		e.opts.singleConn = true
	}
	e.configurePool()
	e.cache = athsql.NewCache(d, o.cacheSize)
	return e, nil
}

func (e *Engine) configurePool() {
	o := e.opts
	if o.singleConn {
		e.db.SetMaxOpenConns(1)
		e.db.SetMaxIdleConns(1)
		e.db.SetConnMaxLifetime(0)
		e.db.SetConnMaxIdleTime(0)
		return
	}
	e.db.SetMaxIdleConns(o.poolSize)
	if o.overflow >= 0 {
		e.db.SetMaxOpenConns(o.poolSize + o.overflow)
	}
	e.db.SetConnMaxLifetime(o.recycle)
}

// init runs once, on first use: it detects the server version, and opens
// the shared connection of a single-connection pool.
func (e *Engine) init(ctx context.Context) error {
	e.initMu.Lock()
	defer e.initMu.Unlock()
	if e.closed {
		return ErrClosed
	}
	if e.initDone {
		return nil
	}
	if e.opts.singleConn {
		conn, err := e.db.Conn(ctx)
		if err != nil {
			return e.wrap(err, "", nil)
		}
		e.static = conn
	}
	if vd, ok := e.base.(dialect.VersionDetector); ok {
		var q dialect.Queryer = queryerOf{e.db}
		if e.static != nil {
			q = queryerOf{e.static}
		}
		d, err := vd.DetectVersion(ctx, q)
		if err != nil {
			return e.wrap(err, "", nil)
		}
		e.dialect = d
		e.cache = athsql.NewCache(d, e.opts.cacheSize)
	}
	e.initDone = true
	return nil
}

// URL returns the engine's URL.
func (e *Engine) URL() *dialect.URL { return e.url }

// Dialect returns the engine's dialect (after version detection, once the
// engine has been used).
func (e *Engine) Dialect() dialect.Dialect { return e.dialect }

// DB returns the underlying database/sql pool, for what Athanor does not
// cover. Statements run on it bypass echo and events.
func (e *Engine) DB() *sql.DB { return e.db }

// CacheStats returns the compiled-statement cache's counters.
func (e *Engine) CacheStats() athsql.CacheStats { return e.cache.Stats() }

// Close closes the pool. Connections in use are closed when returned.
func (e *Engine) Close() error {
	e.initMu.Lock()
	e.closed = true
	static := e.static
	e.initMu.Unlock()
	if static != nil {
		static.Close()
	}
	return e.db.Close()
}

// Connect checks a connection out of the pool. Close returns it.
func (e *Engine) Connect(ctx context.Context) (*Conn, error) {
	if err := e.init(ctx); err != nil {
		return nil, err
	}
	if e.static != nil {
		return &Conn{eng: e, conn: e.static, shared: true}, nil
	}
	c, err := e.db.Conn(ctx)
	if err != nil {
		return nil, e.wrap(err, "", nil)
	}
	return &Conn{eng: e, conn: c}, nil
}

// Execute runs a statement on a pooled connection, outside any
// transaction. A result with rows holds its connection until it is closed
// or read to the end.
func (e *Engine) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	if err := e.init(ctx); err != nil {
		return nil, err
	}
	var q queryer = e.db
	if e.static != nil {
		q = e.static
	}
	return e.execute(ctx, q, stmt, mergeParams(params))
}

// ExecuteMany runs a statement once per parameter set; see Conn.ExecuteMany.
func (e *Engine) ExecuteMany(ctx context.Context, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	conn, err := e.Connect(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return conn.ExecuteMany(ctx, stmt, params)
}

// Begin runs fn in a transaction on a pooled connection: it commits when fn
// returns nil, and rolls back when fn returns an error or panics (the
// panic continues after the rollback).
func (e *Engine) Begin(ctx context.Context, fn func(tx *Tx) error) error {
	conn, err := e.Connect(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Transaction(ctx, fn)
}

// ExecDDL implements sql.DDLExecutor.
func (e *Engine) ExecDDL(ctx context.Context, stmt athsql.Statement) error {
	res, err := e.Execute(ctx, stmt)
	if err != nil {
		return err
	}
	return res.Close()
}

// HasTable implements sql.DDLExecutor.
func (e *Engine) HasTable(ctx context.Context, schema, name string) (bool, error) {
	if err := e.init(ctx); err != nil {
		return false, err
	}
	var q queryer = e.db
	if e.static != nil {
		q = e.static
	}
	return e.hasTable(ctx, q, schema, name)
}

func (e *Engine) hasTable(ctx context.Context, q queryer, schema, name string) (bool, error) {
	tl, ok := e.dialect.(dialect.TableLister)
	if !ok {
		return false, fmt.Errorf("%w: dialect %s cannot tell whether a table exists", dialect.ErrNotSupported, e.dialect.Name())
	}
	ok, err := tl.HasTable(ctx, queryerOf{q}, schema, name)
	return ok, e.wrap(err, "", nil)
}

func mergeParams(ps []athsql.Params) athsql.Params {
	switch len(ps) {
	case 0:
		return nil
	case 1:
		return ps[0]
	}
	out := athsql.Params{}
	for _, p := range ps {
		for k, v := range p {
			out[k] = v
		}
	}
	return out
}
