package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"sync"
	"sync/atomic"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Engine is a database: a URL, a dialect, a pool of connections and a
// compiled-statement cache. It is safe for concurrent use; a program
// usually makes one per database and keeps it for its lifetime.
type Engine struct {
	url  *dialect.URL
	base dialect.Dialect // as configured, before version detection
	pool *managedPool    // over database/sql's, or the dialect's native pool
	opts options

	state    atomic.Pointer[engineState]
	initMu   sync.Mutex
	initDone atomic.Bool
	closed   atomic.Bool

	// A single-connection engine shares one connection: static, opened on
	// first use. Transactions on it take turns through txTurn, and Close
	// ends the statements and transactions still open on it by cancelling
	// closing.
	single     bool
	static     atomic.Pointer[managedConn]
	txTurn     chan struct{}
	closing    context.Context
	cancelOpen context.CancelFunc
}

// engineState is what the first use of an engine settles: the dialect
// after version detection, and the cache compiled for it.
type engineState struct {
	dialect dialect.Dialect
	cache   *athsql.Cache
}

// Option configures an Engine.
type Option func(*options)

type options struct {
	dialect    dialect.Dialect
	echo       *slog.Logger
	listeners  []Listener
	isolation  sql.IsolationLevel
	cacheSize  int
	stdlibOnly bool
	schemas    map[string]string
	poolSize   int
	overflow   int
	recycle    time.Duration
	idleTime   time.Duration
	singleConn bool

	poolTimeout    time.Duration
	poolTimeoutSet bool
	prePing        bool
	noPool         bool
	poolListeners  []PoolListener
}

// WithDialect sets the dialect instead of looking it up by the URL's
// scheme.
func WithDialect(d dialect.Dialect) Option { return func(o *options) { o.dialect = d } }

// Echo logs each statement and its parameters at Info level to the logger
// (slog.Default() when nil), and BEGIN, COMMIT and ROLLBACK, as
// SQLAlchemy's echo does. The message is the SQL text; the attributes are
// the parameters, written as SQL literals ('text', 42, NULL), and whether
// the compiled form came from the cache.
func Echo(logger *slog.Logger) Option {
	return func(o *options) {
		if logger == nil {
			logger = slog.Default()
		}
		o.echo = logger
	}
}

// OnExecute adds a listener for statement execution and transaction
// steps. Listeners run in the order they were added, on the goroutine that
// executes.
func OnExecute(l Listener) Option {
	return func(o *options) { o.listeners = append(o.listeners, l) }
}

// IsolationLevel sets the isolation level of every transaction the engine
// begins (Conn.BeginTx overrides it per transaction). The driver refuses
// levels its database does not have.
func IsolationLevel(level sql.IsolationLevel) Option {
	return func(o *options) { o.isolation = level }
}

// UseDatabaseSQL makes the engine run statements through database/sql
// even when its dialect has a native driver path (PostgreSQL runs through
// pgx's own interface by default, which is faster; see dialect.NativePooler).
func UseDatabaseSQL() Option { return func(o *options) { o.stdlibOnly = true } }

// SchemaTranslateMap renames schemas in every statement the engine
// compiles (sql.CompileOptions.SchemaTranslate): a table of schema s is
// written in m[s], a table without a schema in m[""]. The compiled forms
// are cached per translation. HasTable and HasObject (CreateAll's
// check-first) look in the translated schema too.
func SchemaTranslateMap(m map[string]string) Option {
	m = maps.Clone(m)
	return func(o *options) { o.schemas = m }
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

// PoolIdleTimeout closes connections idle for longer than d (0: never).
func PoolIdleTimeout(d time.Duration) Option { return func(o *options) { o.idleTime = d } }

// SingleConnection makes the pool one connection shared by every use, as
// an in-memory SQLite database requires (the dialect asks for it for such
// URLs). A shared connection that a disconnect invalidated is replaced
// by a new one at the next use.
func SingleConnection() Option { return func(o *options) { o.singleConn = true } }

// Create returns an Engine for a database URL (see dialect.URL). The
// dialect is looked up by the URL's scheme among the registered dialects
// (see dialect.Register), unless WithDialect gives it. No connection is
// opened until the engine is first used. A malformed URL gives an error
// matching dialect.ErrInvalidURL.
func Create(rawURL string, opts ...Option) (*Engine, error) {
	u, err := dialect.ParseURL(rawURL)
	if err != nil {
		return nil, err
	}
	o := options{cacheSize: athsql.DefaultCacheSize, poolSize: 5, overflow: 10, poolTimeout: DefaultPoolTimeout}
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	if err := checkPoolOptions(&o); err != nil {
		return nil, err
	}
	d := o.dialect
	if d == nil {
		if d, err = dialect.Lookup(u.Dialect); err != nil {
			return nil, err
		}
	}
	e := &Engine{url: u, base: d, opts: o}
	e.state.Store(&engineState{dialect: d, cache: athsql.NewCache(d, o.cacheSize)})
	if adv, ok := d.(dialect.PoolAdvisor); ok && adv.PoolAdvice(u).SingleConnection {
		e.opts.singleConn = true
	}
	if e.opts.singleConn {
		e.single = true
		e.txTurn = make(chan struct{}, 1)
		e.closing, e.cancelOpen = context.WithCancel(context.Background())
	}
	init, _ := d.(dialect.Initializer)
	cfg := e.poolConfig()
	e.pool = newManagedPool(&e.opts, cfg.MaxOpen, e.isDisconnect)
	cfg.Hooks = e.pool.hooks()
	if native, ok := d.(dialect.NativePooler); ok && !o.stdlibOnly {
		if e.pool.inner, err = native.OpenPool(u, cfg, init); err != nil {
			return nil, err
		}
		return e, nil
	}
	connector, err := d.Connector(u)
	if err != nil {
		return nil, err
	}
	if init != nil {
		connector = &initConnector{Connector: connector, init: init}
	}
	connector = &hookedConnector{Connector: connector, hooks: cfg.Hooks, prePing: cfg.PrePing}
	db := sql.OpenDB(connector)
	db.SetMaxIdleConns(cfg.MaxIdle)
	db.SetMaxOpenConns(cfg.MaxOpen)
	db.SetConnMaxLifetime(cfg.MaxLifetime)
	db.SetConnMaxIdleTime(cfg.MaxIdleTime)
	e.pool.inner = newSQLPool(db)
	return e, nil
}

// poolConfig is the pool settings the options give.
func (e *Engine) poolConfig() dialect.PoolConfig {
	o := e.opts
	if e.single {
		return dialect.PoolConfig{MaxOpen: 1, MaxIdle: 1, PrePing: o.prePing}
	}
	cfg := dialect.PoolConfig{MaxIdle: o.poolSize, MaxLifetime: o.recycle, MaxIdleTime: o.idleTime, PrePing: o.prePing}
	if o.overflow >= 0 {
		cfg.MaxOpen = o.poolSize + o.overflow
	}
	if o.noPool {
		cfg.MaxIdle = 0
	}
	return cfg
}

// init runs once, on first use: it opens the shared connection of a
// single-connection engine and detects the server version.
func (e *Engine) init(ctx context.Context) error {
	if e.closed.Load() {
		return ErrClosed
	}
	if e.initDone.Load() {
		return nil
	}
	e.initMu.Lock()
	defer e.initMu.Unlock()
	if e.closed.Load() {
		return ErrClosed
	}
	if e.initDone.Load() {
		return nil
	}
	if e.single && e.static.Load() == nil {
		conn, err := e.pool.Acquire(ctx)
		if err != nil {
			return e.wrap(ctx, err, "", nil)
		}
		e.static.Store(conn.(*managedConn))
	}
	if vd, ok := e.base.(dialect.VersionDetector); ok {
		var q dialect.Queryer = queryerOf{e, e.pool}
		if c := e.static.Load(); c != nil {
			q = queryerOf{e, c}
		}
		d, err := vd.DetectVersion(ctx, q)
		if err != nil {
			return e.wrap(ctx, err, "", nil)
		}
		e.state.Store(&engineState{dialect: d, cache: athsql.NewCache(d, e.opts.cacheSize)})
	}
	e.initDone.Store(true)
	return nil
}

// dialect returns the engine's current dialect.
func (e *Engine) dialect() dialect.Dialect { return e.state.Load().dialect }

// URL returns a copy of the engine's URL. Print it freely: String masks
// the password.
func (e *Engine) URL() *dialect.URL { return e.url.Clone() }

// Dialect returns the engine's dialect: after version detection once the
// engine has been used, the configured one before.
func (e *Engine) Dialect() dialect.Dialect { return e.dialect() }

// DetectDialect implements sql.DialectDetector: it connects if the engine
// has not been used yet, so that the dialect it returns is the one for
// the server (after version detection).
func (e *Engine) DetectDialect(ctx context.Context) (dialect.Dialect, error) {
	if err := e.init(ctx); err != nil {
		return nil, err
	}
	return e.dialect(), nil
}

// DB returns the underlying database/sql pool, for what Athanor does not
// cover. Statements run on it bypass echo and events. On an engine with a
// native pool (PostgreSQL), it is a database/sql view of that pool: its
// connections count against the same limits.
func (e *Engine) DB() *sql.DB { return e.pool.DB() }

// CacheStats returns the compiled-statement cache's counters.
func (e *Engine) CacheStats() athsql.CacheStats { return e.state.Load().cache.Stats() }

// Close closes the pool; later use gives ErrClosed. Pooled connections in
// use are closed when they are returned. On a single-connection engine,
// results and transactions still open on the shared connection are ended
// (rolled back) first. Close is safe to call more than once.
func (e *Engine) Close() error {
	if !e.closed.CompareAndSwap(false, true) {
		return nil
	}
	e.initMu.Lock()
	static := e.static.Load()
	e.initMu.Unlock()
	if e.cancelOpen != nil {
		e.cancelOpen()
	}
	if static != nil {
		static.Release()
	}
	return e.pool.Close()
}

// Connect checks a connection out of the pool; Close returns it. On a
// single-connection engine, every Conn shares the one connection.
func (e *Engine) Connect(ctx context.Context) (*Conn, error) {
	if err := e.init(ctx); err != nil {
		return nil, err
	}
	if e.single {
		c, err := e.shared(ctx)
		if err != nil {
			return nil, err
		}
		return &Conn{eng: e, conn: c, shared: true}, nil
	}
	c, err := e.pool.Acquire(ctx)
	if err != nil {
		return nil, e.wrap(ctx, err, "", nil)
	}
	return &Conn{eng: e, conn: c}, nil
}

// pool returns what engine-level statements run on: the pool, or the
// shared connection.
func (e *Engine) runner(ctx context.Context) (dialect.Runner, error) {
	if err := e.init(ctx); err != nil {
		return nil, err
	}
	if e.single {
		return e.shared(ctx)
	}
	return e.pool, nil
}

// shared returns a single-connection engine's connection. One that a
// disconnect invalidated is replaced: it is released (the pool closes
// it) and a new one is opened, as SQLAlchemy's static pool recreates its
// connection. A Conn taken before keeps the old one and its errors.
func (e *Engine) shared(ctx context.Context) (dialect.PoolConn, error) {
	c := e.static.Load()
	if !c.invalid.Load() {
		return c, nil
	}
	e.initMu.Lock()
	defer e.initMu.Unlock()
	if e.closed.Load() {
		return nil, ErrClosed
	}
	if c = e.static.Load(); !c.invalid.Load() {
		return c, nil
	}
	c.Release()
	nc, err := e.pool.Acquire(ctx)
	if err != nil {
		return nil, e.wrap(ctx, err, "", nil)
	}
	e.static.Store(nc.(*managedConn))
	return nc, nil
}

// Execute runs a statement on a pooled connection, outside any
// transaction: it commits on its own. params give values for named bind
// parameters (several maps are merged); for an INSERT or UPDATE without
// values, they are the values. A result with rows holds its connection
// until it is closed or read to the end.
//
// On a single-connection engine, a statement executed while another
// goroutine's transaction is open runs inside that transaction, as the
// connection is the same.
func (e *Engine) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	q, err := e.runner(ctx)
	if err != nil {
		return nil, err
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
// panic continues after the rollback). The error is fn's, or the commit's.
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
	q, err := e.runner(ctx)
	if err != nil {
		return false, err
	}
	return e.hasTable(ctx, q, schema, name)
}

func (e *Engine) hasTable(ctx context.Context, q dialect.Runner, schema, name string) (bool, error) {
	d := e.dialect()
	tl, ok := d.(dialect.TableLister)
	if !ok {
		return false, fmt.Errorf("%w: dialect %s cannot tell whether a table exists", dialect.ErrNotSupported, d.Name())
	}
	ok, err := tl.HasTable(ctx, queryerOf{e, q}, e.schemaFor(schema), name)
	return ok, e.wrap(ctx, err, "", nil)
}

// schemaFor translates a schema name by the SchemaTranslateMap.
func (e *Engine) schemaFor(schema string) string {
	if to, ok := e.opts.schemas[schema]; ok {
		return to
	}
	return schema
}

// bound returns ctx, ended also when a single-connection engine closes, so
// that statements and transactions left open on the shared connection do
// not keep Close waiting. release must be called when the work is done.
func (e *Engine) bound(ctx context.Context) (context.Context, func()) {
	if e.closing == nil {
		return ctx, func() {}
	}
	c, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(e.closing, cancel)
	return c, func() { stop(); cancel() }
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

// isDisconnect reports whether err means the connection is gone: the
// dialect says so (dialect.DisconnectClassifier), or database/sql's
// driver.ErrBadConn or sql.ErrConnDone. The end of the caller's context
// is never a disconnect.
func (e *Engine) isDisconnect(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) {
		return true
	}
	dc, ok := e.dialect().(dialect.DisconnectClassifier)
	return ok && dc.IsDisconnect(err)
}
