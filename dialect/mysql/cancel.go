package mysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	gomysql "github.com/go-sql-driver/mysql"
)

// CancelGrace is how long a statement whose context ended may take to
// stop after KILL QUERY before its connection is closed, the driver's own
// way to give up; it also bounds the time to send KILL QUERY.
const CancelGrace = 2 * time.Second

// ErrInterrupted is matched by the error of a query whose context ended
// while it ran but whose result came whole, without the server's error:
// the statement finished as KILL QUERY was sent. database/sql would
// discard such a result (rows whose context has ended read as that
// error), so the query fails instead. The error also matches the
// context's error and is operational (dialect.ErrOperational). A query
// KILL QUERY interrupts fails with the server's error 1317 (query
// execution was interrupted) instead, which is operational too and,
// through the engine, matches the context's error.
var ErrInterrupted = errors.New("mysql: the query was interrupted as its context ended")

// killConnector opens connections whose statements stop on the server
// when their context ends: go-sql-driver/mysql answers a cancelled
// context by closing the connection, which loses the session (and its
// transaction) while the server runs the statement on until it notices.
// killConnector instead sends KILL QUERY for the connection, from a
// connection of its own, as the mysql client's Ctrl-C does; the
// statement ends with error 1317 (query execution was interrupted) and
// its connection stays usable, with its transaction. The driver sees a
// context that ends only when KILL QUERY fails or the statement has not
// stopped within the grace period: then the driver closes the
// connection, as before.
type killConnector struct {
	base driver.Connector
	// grace is CancelGrace; kill sends KILL QUERY for a connection id
	// (killQuery). Tests replace them.
	grace time.Duration
	kill  func(ctx context.Context, id uint64) error
}

func newKillConnector(base driver.Connector) *killConnector {
	k := &killConnector{base: base, grace: CancelGrace}
	k.kill = k.killQuery
	return k
}

// fullConn is what go-sql-driver/mysql's connections implement, and the
// wrapper with them.
type fullConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.QueryerContext
	driver.ExecerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
	driver.NamedValueChecker
}

// Connect implements driver.Connector: it opens the driver's connection
// and reads its id (SELECT CONNECTION_ID()), which KILL QUERY names. A
// connection lacking one of fullConn's methods is returned as it is.
func (k *killConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := k.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	fc, ok := c.(fullConn)
	if !ok {
		return c, nil
	}
	id, err := connectionID(ctx, fc)
	if err != nil {
		fc.Close()
		return nil, err
	}
	return &killConn{fullConn: fc, id: id, k: k}, nil
}

// Driver implements driver.Connector.
func (k *killConnector) Driver() driver.Driver { return k.base.Driver() }

// connectionID reads the server's id of a connection.
func connectionID(ctx context.Context, c driver.QueryerContext) (uint64, error) {
	rows, err := c.QueryContext(ctx, "SELECT CONNECTION_ID()", nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	v := make([]driver.Value, 1)
	if err := rows.Next(v); err != nil {
		return 0, fmt.Errorf("athanor: reading CONNECTION_ID(): %w", err)
	}
	var text string
	switch x := v[0].(type) {
	case int64:
		if x >= 0 {
			return uint64(x), nil
		}
	case uint64:
		return x, nil
	case []byte:
		text = string(x)
	case string:
		text = x
	}
	id, err := strconv.ParseUint(text, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("athanor: CONNECTION_ID() returned %v (%T)", v[0], v[0])
	}
	return id, nil
}

// killQuery opens a connection, sends KILL QUERY id on it and closes it.
func (k *killConnector) killQuery(ctx context.Context, id uint64) error {
	c, err := k.base.Connect(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	ex, ok := c.(driver.ExecerContext)
	if !ok {
		return driver.ErrSkip
	}
	_, err = ex.ExecContext(ctx, "KILL QUERY "+strconv.FormatUint(id, 10), nil)
	return err
}

// killConn is a driver connection whose statements stop by KILL QUERY.
// Like every driver connection, it runs one statement at a time.
type killConn struct {
	fullConn
	id uint64
	k  *killConnector
}

// Unwrap returns the driver's connection.
func (c *killConn) Unwrap() driver.Conn { return c.fullConn }

var (
	_ fullConn         = (*killConn)(nil)
	_ driver.Connector = (*killConnector)(nil)
)

// watch returns the context to run a statement with: ctx itself when it
// cannot end or has ended (the driver then fails at once), otherwise a
// statementContext that ends only if KILL QUERY does not stop the
// statement. The statement's end must be reported to it (end).
func (c *killConn) watch(ctx context.Context) (context.Context, *statementContext) {
	if ctx.Done() == nil || ctx.Err() != nil {
		return ctx, nil
	}
	s := &statementContext{caller: ctx, conn: c, abort: make(chan struct{})}
	s.interrupting.Add(1)
	s.stop = context.AfterFunc(ctx, s.interrupt)
	return s, s
}

// statementContext is the context the driver runs one statement with:
// the caller's values, and a Done channel closed only when the driver
// must give up on the connection. Its Err is then the caller's, so that
// the driver's error matches it.
type statementContext struct {
	caller       context.Context
	conn         *killConn
	abort        chan struct{} // Done
	aborted      atomic.Bool   // abort is closed
	ended        atomic.Bool   // the statement is over
	interrupting sync.WaitGroup
	grace        *time.Timer // aborts when the grace period has passed
	stop         func() bool // stops interrupt from starting
}

// Deadline implements context.Context: none, the caller's deadline
// being watched for the driver.
func (s *statementContext) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done implements context.Context.
func (s *statementContext) Done() <-chan struct{} { return s.abort }

// Err implements context.Context.
func (s *statementContext) Err() error {
	if s.aborted.Load() {
		return s.caller.Err()
	}
	return nil
}

// Value implements context.Context: the caller's values.
func (s *statementContext) Value(key any) any { return s.caller.Value(key) }

// giveUp makes the driver close the connection.
func (s *statementContext) giveUp() {
	if s.aborted.CompareAndSwap(false, true) {
		close(s.abort)
	}
}

// interrupt runs when the caller's context ends: it sends KILL QUERY,
// and gives up on the connection when that fails or the statement has
// not ended within the grace period.
func (s *statementContext) interrupt() {
	defer s.interrupting.Done()
	if s.ended.Load() {
		return
	}
	s.grace = time.AfterFunc(s.conn.k.grace, s.giveUp)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.caller), s.conn.k.grace)
	defer cancel()
	if err := s.conn.k.kill(ctx, s.conn.id); err != nil {
		s.giveUp()
	}
}

// end reports that the statement is over. When interrupt has started, it
// waits for it to return, so that a KILL QUERY in flight reaches the
// server before the connection runs anything else (KILL QUERY on an idle
// connection does nothing; on the next statement it would kill that).
// end is nil-safe and must be called once.
func (s *statementContext) end() {
	if s == nil || s.stop() {
		return
	}
	s.ended.Store(true)
	s.interrupting.Wait()
	if s.grace != nil {
		s.grace.Stop()
	}
}

// QueryContext implements driver.QueryerContext.
func (c *killConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	inner, s := c.watch(ctx)
	rows, err := c.fullConn.QueryContext(inner, query, args)
	return watchRows(rows, err, s)
}

// ExecContext implements driver.ExecerContext.
func (c *killConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	inner, s := c.watch(ctx)
	defer s.end()
	return c.fullConn.ExecContext(inner, query, args)
}

// PrepareContext implements driver.ConnPrepareContext.
func (c *killConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	inner, s := c.watch(ctx)
	st, err := c.fullConn.PrepareContext(inner, query)
	s.end()
	if err != nil {
		return nil, err
	}
	if fs, ok := st.(fullStmt); ok {
		return &killStmt{fullStmt: fs, conn: c}, nil
	}
	return st, nil
}

// BeginTx implements driver.ConnBeginTx.
func (c *killConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	inner, s := c.watch(ctx)
	defer s.end()
	return c.fullConn.BeginTx(inner, opts)
}

// Ping implements driver.Pinger.
func (c *killConn) Ping(ctx context.Context) error {
	inner, s := c.watch(ctx)
	defer s.end()
	return c.fullConn.Ping(inner)
}

// fullStmt is what go-sql-driver/mysql's prepared statements implement.
type fullStmt interface {
	driver.Stmt
	driver.StmtQueryContext
	driver.StmtExecContext
	driver.NamedValueChecker
}

// killStmt is a prepared statement of a killConn.
type killStmt struct {
	fullStmt
	conn *killConn
}

// QueryContext implements driver.StmtQueryContext.
func (st *killStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	inner, s := st.conn.watch(ctx)
	rows, err := st.fullStmt.QueryContext(inner, args)
	return watchRows(rows, err, s)
}

// ExecContext implements driver.StmtExecContext.
func (st *killStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	inner, s := st.conn.watch(ctx)
	defer s.end()
	return st.fullStmt.ExecContext(inner, args)
}

// fullRows is what go-sql-driver/mysql's rows implement.
type fullRows interface {
	driver.Rows
	driver.RowsNextResultSet
	driver.RowsColumnTypeDatabaseTypeName
	driver.RowsColumnTypeNullable
	driver.RowsColumnTypePrecisionScale
	driver.RowsColumnTypeScanType
}

// watchRows keeps watching a query's context until its rows are closed:
// the driver reads them from the connection as they are asked for. A
// result that came although the context ended (see ErrInterrupted) is
// closed and replaced by an error.
func watchRows(rows driver.Rows, err error, s *statementContext) (driver.Rows, error) {
	if err != nil || s == nil {
		s.end()
		return rows, err
	}
	if ctxErr := s.caller.Err(); ctxErr != nil {
		// The driver reads the rest: the server's error if it stopped
		// after sending the result's columns (1317).
		err := rows.Close()
		s.end()
		var me *gomysql.MySQLError
		if errors.As(err, &me) {
			return nil, err
		}
		return nil, fmt.Errorf("%w (%w)", ErrInterrupted, ctxErr)
	}
	if fr, ok := rows.(fullRows); ok {
		return &killRows{fullRows: fr, watched: watched{s}}, nil
	}
	return &killRowsPlain{Rows: rows, watched: watched{s}}, nil
}

// killRows are a query's rows while its context is watched.
type killRows struct {
	fullRows
	watched
}

// Close implements driver.Rows: the driver reads what is left of the
// result, then the statement is over.
func (r *killRows) Close() error { return r.ended(r.fullRows.Close()) }

// killRowsPlain are rows of a driver without fullRows's methods.
type killRowsPlain struct {
	driver.Rows
	watched
}

// Close implements driver.Rows.
func (r *killRowsPlain) Close() error { return r.ended(r.Rows.Close()) }

// watched is the statement of rows until they are closed.
type watched struct{ s *statementContext }

// ended reports the statement over, once, and returns err.
func (w *watched) ended(err error) error {
	if w.s != nil {
		w.s.end()
		w.s = nil
	}
	return err
}
