// Package engine runs statements on a database: the Engine (a pool of
// connections for one database URL), Conn, Tx and Result.
//
// # Engines
//
// Create opens an Engine for a URL; the URL's scheme names a registered
// dialect (import its package, as with database/sql drivers):
//
//	eng, err := engine.Create("sqlite:///app.db")   // a file
//	eng, err := engine.Create("sqlite://")          // in memory
//	defer eng.Close()
//
// An Engine is safe for concurrent use. No connection is opened until it
// is first used. An in-memory SQLite database lives in one connection,
// which every user of the engine shares: transactions on it take turns (a
// second Engine.Begin waits for the first to end, so nest with Tx.Begin
// instead), and a statement executed outside a transaction while another
// goroutine's is open runs inside it.
//
// # Pools
//
// Statements run through a small pool contract (dialect.Pool, PoolConn,
// PoolTx, Rows): over database/sql for every dialect, or over a driver's
// own interface where the dialect has one (dialect.NativePooler). A
// PostgreSQL engine uses pgx's pool directly, which is faster and lets
// rows decode straight into struct fields; UseDatabaseSQL keeps it on
// database/sql. Either way the values read are the same, echo and events
// see every statement, and errors are classified alike. Engine.DB is a
// database/sql view of the pool; Conn.Driver is the driver's connection
// (Conn.Raw, the database/sql one, is nil on a native pool).
//
// The pool's settings are SQLAlchemy's: PoolSize connections kept open,
// MaxOverflow more under load, a checkout that waits at most PoolTimeout
// (then fails with ErrPoolTimeout: never a hang), PoolRecycle and
// PoolIdleTimeout, PoolPrePing, NoPool (a connection per checkout) and
// SingleConnection. A connection is reset when it is returned: a
// transaction left open on it is rolled back (database/sql and pgxpool
// add their own checks: database/sql asks the driver to reset the session
// and whether the connection is still valid; pgxpool closes a connection
// returned inside a transaction or while busy). OnPool listeners see
// connect, checkout, checkin, invalidate and close events, and
// Engine.PoolStats counts connections in use and idle, waits, timeouts
// and invalidations, on both pools.
//
// # Disconnects and retries
//
// An error that means the connection is gone (the dialect's
// dialect.DisconnectClassifier: a terminated backend, a killed session,
// a server restart) matches ErrDisconnect and dialect.ErrOperational. The
// connection is invalidated, and so are the pool's connections opened
// before it (SQLAlchemy's pool generation): they are closed at their next
// checkout or checkin, and the next checkout works. A transaction cut
// short that way was rolled back by the server: none of its writes
// remain. A single-connection engine opens a new shared connection in
// place of an invalidated one. A statement run outside a Conn is sent again on another
// connection when the driver says nothing was sent (driver.ErrBadConn).
//
// Engine.BeginRetry runs a transaction again after a serialization
// failure or a deadlock (dialect.RetryClassifier), with exponential
// backoff and jitter, a bounded number of times; a user opts in per
// transaction.
//
// # Executing
//
// Engine, Conn and Tx all execute statements:
//
//	res, err := eng.Execute(ctx, stmt)                      // a pooled connection
//	res, err := conn.Execute(ctx, stmt, sql.Params{"x": 1}) // values for named binds
//	err := eng.Begin(ctx, func(tx *engine.Tx) error {       // commit or roll back
//		_, err := tx.Execute(ctx, stmt)
//		return err
//	})
//
// Outside a transaction each statement commits on its own, as the driver
// does. Inside one, Tx.Begin (or Tx.Transaction) opens a nested
// transaction: a SAVEPOINT that can be rolled back alone.
//
// Each statement is compiled once per structure: the engine keeps a cache
// of compiled statements keyed by structure, so that building the same
// query with other values skips the compiler (see sql.Cache). A
// statement executed many times can skip the cache key's walk too:
// Engine.Prepare keys it once, and each execution binds new values of its
// named parameters from the warm cache:
//
//	byID := eng.Prepare(sql.NewSelect(users.C("name")).Where(users.C("id").Eq(sql.Bind("id"))))
//	res, err := byID.Execute(ctx, sql.Params{"id": 7}) // or conn.Execute(ctx, byID, ...)
//
// # Results
//
// A Result streams the rows of a SELECT: Next and Row, the Rows iterator,
// or the methods that read what they need and close the result (All,
// First, One, OneOrNone, Scalar, ScalarOne, Scalars, Mappings). ScanAll,
// ScanOne, ScanFirst and Each read rows into structs or single values:
//
//	users, err := engine.ScanAll[User](eng.Execute(ctx, stmt))
//
// Streamed rows fill structs by a plan made once per struct type and
// result columns: no reflection per row for the common field types.
//
// The rows of an INSERT, UPDATE or DELETE with RETURNING are read when the
// statement runs, so that its errors come back from Execute and its
// connection is free at once.
//
// # Errors
//
// Database errors are *Error values: the driver's error, classified into a
// DBAPI category (dialect.ErrIntegrity, dialect.ErrProgramming, ...), with
// the statement and its parameters. Statements that cannot be compiled
// fail with errors matching sql.ErrCompile; a cancelled context gives an
// error matching context.Canceled.
//
// # Echo and events
//
// Echo logs every statement and its parameters through log/slog, with
// BEGIN, COMMIT and ROLLBACK; listeners (OnExecute) see each statement
// before and after it runs, with its duration and error, and each
// transaction step, for tracing and metrics.
package engine
