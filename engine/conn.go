package engine

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// queryer is what statements run on: *sql.DB, *sql.Conn or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// queryerOf adapts a queryer to the dialect package's small interfaces.
type queryerOf struct{ q queryer }

func (a queryerOf) QueryContext(ctx context.Context, query string, args []any, fn func([]any) error) error {
	rows, err := a.q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (a queryerOf) ExecContext(ctx context.Context, query string, args ...any) error {
	_, err := a.q.ExecContext(ctx, query, args...)
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
		return nil, fmt.Errorf("athanor: the driver's connection cannot execute statements for initialization")
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
	eng    *Engine
	conn   *sql.Conn
	tx     *Tx // the outermost transaction in progress
	shared bool
	closed bool
}

// Engine returns the engine the connection belongs to.
func (c *Conn) Engine() *Engine { return c.eng }

// Raw returns the database/sql connection, for what Athanor does not
// cover.
func (c *Conn) Raw() *sql.Conn { return c.conn }

// Close returns the connection to the pool, rolling back a transaction
// left open.
func (c *Conn) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.tx != nil && !c.tx.done {
		c.tx.Rollback()
	}
	if c.shared {
		return nil
	}
	return c.conn.Close()
}

func (c *Conn) runner() (queryer, error) {
	if c.closed {
		return nil, ErrClosed
	}
	if c.tx != nil && !c.tx.done {
		return c.tx.tx, nil
	}
	return c.conn, nil
}

// Execute runs a statement on the connection (in its transaction, if one
// is in progress). params give values for named bind parameters; for an
// INSERT or UPDATE without values, they are the values.
func (c *Conn) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	q, err := c.runner()
	if err != nil {
		return nil, err
	}
	return c.eng.execute(ctx, q, stmt, mergeParams(params))
}

// ExecuteMany runs a statement once for each parameter set. An INSERT is
// sent as multi-row VALUES in as few statements as the database's
// parameter limit allows; other statements are prepared once and executed
// for each set. The result's RowsAffected is the total.
func (c *Conn) ExecuteMany(ctx context.Context, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	q, err := c.runner()
	if err != nil {
		return nil, err
	}
	return c.eng.executeMany(ctx, q, stmt, params)
}

// Begin starts a transaction on the connection; if one is already in
// progress, it starts a nested one (a SAVEPOINT).
func (c *Conn) Begin(ctx context.Context) (*Tx, error) {
	if c.closed {
		return nil, ErrClosed
	}
	if c.tx != nil && !c.tx.done {
		return c.tx.innermost().Begin(ctx)
	}
	var opts *sql.TxOptions
	if c.eng.opts.isolation != sql.LevelDefault {
		opts = &sql.TxOptions{Isolation: c.eng.opts.isolation}
	}
	tx, err := c.conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, c.eng.wrap(err, "BEGIN", nil)
	}
	c.tx = &Tx{conn: c, tx: tx}
	return c.tx, nil
}

// Transaction runs fn in a transaction on the connection (a nested one if a
// transaction is in progress): commit when fn returns nil, rollback when
// it returns an error or panics.
func (c *Conn) Transaction(ctx context.Context, fn func(tx *Tx) error) (err error) {
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
func (c *Conn) Dialect() dialect.Dialect { return c.eng.dialect }

// Tx is a transaction, or a nested transaction (a SAVEPOINT) inside one.
type Tx struct {
	conn      *Conn
	tx        *sql.Tx
	parent    *Tx
	child     *Tx
	savepoint string
	done      bool
	depth     int
}

func (t *Tx) innermost() *Tx {
	for t.child != nil && !t.child.done {
		t = t.child
	}
	return t
}

// Conn returns the transaction's connection.
func (t *Tx) Conn() *Conn { return t.conn }

// Execute runs a statement in the transaction.
func (t *Tx) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	if t.done {
		return nil, ErrClosed
	}
	return t.conn.eng.execute(ctx, t.root().tx, stmt, mergeParams(params))
}

// ExecuteMany runs a statement once per parameter set in the transaction.
func (t *Tx) ExecuteMany(ctx context.Context, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	if t.done {
		return nil, ErrClosed
	}
	return t.conn.eng.executeMany(ctx, t.root().tx, stmt, params)
}

func (t *Tx) root() *Tx {
	for t.parent != nil {
		t = t.parent
	}
	return t
}

// Begin starts a nested transaction: SAVEPOINT.
func (t *Tx) Begin(ctx context.Context) (*Tx, error) {
	if t.done {
		return nil, ErrClosed
	}
	if !t.conn.eng.dialect.Features().Savepoints {
		return nil, fmt.Errorf("%w: savepoints on %s", dialect.ErrNotSupported, t.conn.eng.dialect.Name())
	}
	inner := t.innermost()
	name := "sa_savepoint_" + strconv.Itoa(inner.depth+1)
	if _, err := t.conn.eng.rawExec(ctx, t.root().tx, "SAVEPOINT "+name); err != nil {
		return nil, err
	}
	child := &Tx{conn: t.conn, tx: t.root().tx, parent: inner, savepoint: name, depth: inner.depth + 1}
	inner.child = child
	return child, nil
}

// Transaction runs fn in a nested transaction; see Conn.Transaction.
func (t *Tx) Transaction(ctx context.Context, fn func(tx *Tx) error) error {
	child, err := t.Begin(ctx)
	if err != nil {
		return err
	}
	return child.run(fn)
}

func (t *Tx) run(fn func(tx *Tx) error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			t.Rollback()
			panic(p)
		}
	}()
	if err := fn(t); err != nil {
		if rbErr := t.Rollback(); rbErr != nil && rbErr != ErrClosed {
			return fmt.Errorf("%w (and the rollback failed: %v)", err, rbErr)
		}
		return err
	}
	return t.Commit()
}

// Commit commits the transaction, or releases the savepoint of a nested
// one. Nested transactions still open inside it are committed with it.
func (t *Tx) Commit() error {
	if t.done {
		return ErrClosed
	}
	ctx := context.Background()
	t.closeChildren()
	t.done = true
	if t.savepoint != "" {
		_, err := t.conn.eng.rawExec(ctx, t.tx, "RELEASE SAVEPOINT "+t.savepoint)
		return err
	}
	return t.conn.eng.wrap(t.tx.Commit(), "COMMIT", nil)
}

// Rollback rolls the transaction back, or rolls back to the savepoint of a
// nested one (and releases it).
func (t *Tx) Rollback() error {
	if t.done {
		return ErrClosed
	}
	ctx := context.Background()
	t.closeChildren()
	t.done = true
	if t.savepoint != "" {
		if _, err := t.conn.eng.rawExec(ctx, t.tx, "ROLLBACK TO SAVEPOINT "+t.savepoint); err != nil {
			return err
		}
		_, err := t.conn.eng.rawExec(ctx, t.tx, "RELEASE SAVEPOINT "+t.savepoint)
		return err
	}
	return t.conn.eng.wrap(t.tx.Rollback(), "ROLLBACK", nil)
}

func (t *Tx) closeChildren() {
	for c := t.child; c != nil; c = c.child {
		c.done = true
	}
}

// IsActive reports whether the transaction is still in progress.
func (t *Tx) IsActive() bool { return !t.done }
