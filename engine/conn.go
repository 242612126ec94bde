package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// queryerOf adapts a queryer to the dialect package's small interfaces
// (for HasTable, version detection...), with echo and events: every
// statement the engine sends is visible.
type queryerOf struct {
	e *Engine
	q dialect.Runner
}

func (a queryerOf) QueryContext(ctx context.Context, query string, args []any, fn func([]any) error) error {
	ev := &ExecuteEvent{SQL: query, Args: args}
	ctx = a.e.before(ctx, ev)
	start := time.Now()
	rows, err := a.q.Query(ctx, query, args)
	a.e.after(ctx, ev, start, err)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]any, len(rows.Columns()))
	for rows.Next() {
		if err := rows.Values(vals); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (a queryerOf) ExecContext(ctx context.Context, query string, args ...any) error {
	ev := &ExecuteEvent{SQL: query, Args: args}
	ctx = a.e.before(ctx, ev)
	start := time.Now()
	_, err := a.q.Exec(ctx, query, args)
	a.e.after(ctx, ev, start, err)
	return err
}

// initConnector runs the dialect's initialization on each new connection.
type initConnector struct {
	driver.Connector
	init dialect.Initializer
}

func (c *initConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	ex, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("%w: the driver's connection cannot execute statements for initialization", dialect.ErrInterface)
	}
	if err := c.init.InitConnection(ctx, driverExecer{ex}); err != nil {
		conn.Close()
		return nil, err
	}
	return conn, nil
}

type driverExecer struct{ ex driver.ExecerContext }

func (d driverExecer) ExecContext(ctx context.Context, query string, args ...any) error {
	named := make([]driver.NamedValue, len(args))
	for i, a := range args {
		named[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	_, err := d.ex.ExecContext(ctx, query, named)
	return err
}

// Conn is one connection checked out of the engine's pool. It is not safe
// for concurrent use. Close returns it to the pool.
type Conn struct {
	eng        *Engine
	conn       dialect.PoolConn
	tx         *Tx // the outermost transaction, while it is in progress
	savepoints int // savepoints made, for unique names
	shared     bool
	closed     bool
}

// Engine returns the engine the connection belongs to.
func (c *Conn) Engine() *Engine { return c.eng }

// Raw returns the database/sql connection, for what Athanor does not
// cover. Statements run on it bypass echo and events. It is nil on an
// engine with a native pool (PostgreSQL, unless UseDatabaseSQL): use
// Driver there.
func (c *Conn) Raw() *sql.Conn { return c.conn.Raw() }

// Driver returns the driver's own connection: *sql.Conn through
// database/sql, *pgx.Conn on PostgreSQL's native pool. Statements run on
// it bypass echo and events.
func (c *Conn) Driver() any { return c.conn.Driver() }

// Close returns the connection to the pool, rolling back a transaction
// left open. It is safe to call more than once.
func (c *Conn) Close() error {
	if c.closed {
		return nil
	}
	var err error
	if c.tx != nil {
		err = c.tx.Rollback()
	}
	c.closed = true
	if c.shared {
		return err
	}
	if cerr := c.conn.Release(); err == nil {
		err = cerr
	}
	return err
}

// InTransaction reports whether a transaction is in progress on the
// connection.
func (c *Conn) InTransaction() bool { return c.tx != nil }

func (c *Conn) runner() (dialect.Runner, error) {
	if c.closed || c.eng.closed.Load() {
		return nil, ErrClosed
	}
	if c.tx != nil {
		return c.tx.tx, nil
	}
	return c.conn, nil
}

// Execute runs a statement on the connection, in its transaction if one
// is in progress. params give values for named bind parameters; for an
// INSERT or UPDATE without values, they are the values.
func (c *Conn) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	q, err := c.runner()
	if err != nil {
		return nil, err
	}
	return c.eng.execute(ctx, q, stmt, mergeParams(params))
}

// ExecuteMany runs a statement once for each parameter set; every set must
// have the same keys. An INSERT without values is sent as multi-row
// VALUES, in as few statements as the database's parameter limit
// (Features.MaxBindParams) allows; other statements are prepared once and
// executed for each set. The result's RowsAffected is the total; with
// RETURNING, its rows are those of every set, in the order the database
// returns them.
//
// ExecuteMany is atomic: outside a transaction it runs in one of its own,
// so that when a set fails none is kept.
func (c *Conn) ExecuteMany(ctx context.Context, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	if _, err := c.runner(); err != nil {
		return nil, err
	}
	if c.tx != nil {
		return c.tx.ExecuteMany(ctx, stmt, params)
	}
	var res *Result
	err := c.Transaction(ctx, func(tx *Tx) error {
		var err error
		res, err = tx.ExecuteMany(ctx, stmt, params)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// Begin starts a transaction on the connection with the engine's isolation
// level; if one is already in progress, it starts a nested one (a
// SAVEPOINT) inside the innermost.
func (c *Conn) Begin(ctx context.Context) (*Tx, error) {
	var opts *sql.TxOptions
	if c.eng.opts.isolation != sql.LevelDefault {
		opts = &sql.TxOptions{Isolation: c.eng.opts.isolation}
	}
	return c.BeginTx(ctx, opts)
}

// BeginTx starts a transaction with options (nil: the engine's), such as an
// isolation level or read-only access. A nested transaction takes the
// options of the one it is in: opts must then be nil.
func (c *Conn) BeginTx(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	if c.closed || c.eng.closed.Load() {
		return nil, ErrClosed
	}
	if c.tx != nil {
		if opts != nil {
			return nil, fmt.Errorf("%w: a nested transaction cannot have its own options", athsql.ErrArgument)
		}
		return c.tx.innermost().Begin(ctx)
	}
	if opts == nil && c.eng.opts.isolation != sql.LevelDefault {
		opts = &sql.TxOptions{Isolation: c.eng.opts.isolation}
	}
	return c.beginOuter(ctx, opts)
}

// Transaction runs fn in a transaction on the connection (a nested one if a
// transaction is in progress): it commits when fn returns nil, and rolls
// back when fn returns an error or panics (the panic continues).
func (c *Conn) Transaction(ctx context.Context, fn func(tx *Tx) error) error {
	tx, err := c.Begin(ctx)
	if err != nil {
		return err
	}
	return tx.run(fn)
}

// ExecDDL implements sql.DDLExecutor.
func (c *Conn) ExecDDL(ctx context.Context, stmt athsql.Statement) error {
	res, err := c.Execute(ctx, stmt)
	if err != nil {
		return err
	}
	return res.Close()
}

// HasTable implements sql.DDLExecutor.
func (c *Conn) HasTable(ctx context.Context, schema, name string) (bool, error) {
	q, err := c.runner()
	if err != nil {
		return false, err
	}
	return c.eng.hasTable(ctx, q, schema, name)
}

// Dialect implements sql.DDLExecutor.
func (c *Conn) Dialect() dialect.Dialect { return c.eng.dialect() }
