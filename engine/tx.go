package engine

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Tx is a transaction, or a nested transaction (a SAVEPOINT) inside one.
// Like its Conn, it is not safe for concurrent use.
type Tx struct {
	conn      *Conn
	tx        dialect.PoolTx // the driver's transaction, shared by nested ones
	ctx       context.Context
	parent    *Tx
	child     *Tx    // the nested transaction in progress, if any
	savepoint string // the savepoint's name; "" for the outermost
	done      bool
	release   func() // outermost only: ends what beginOuter set up
}

// errTxDone is returned when a transaction is used after it ended. It
// matches ErrClosed and database/sql's ErrTxDone.
var errTxDone = fmt.Errorf("%w: %w", ErrClosed, sql.ErrTxDone)

// beginOuter starts the connection's outermost transaction. A
// single-connection engine runs one transaction at a time: Begin waits
// for its turn (or for ctx to end).
func (c *Conn) beginOuter(ctx context.Context, opts *sql.TxOptions) (*Tx, error) {
	e := c.eng
	turn := func() {}
	if e.single {
		select {
		case e.txTurn <- struct{}{}:
			turn = func() { <-e.txTurn }
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-e.closing.Done():
			return nil, ErrClosed
		}
	}
	bctx, unbind := e.bound(ctx)
	e.echoText(ctx, "BEGIN")
	start := time.Now()
	tx, err := c.conn.Begin(bctx, opts)
	err = e.wrap(ctx, err, "BEGIN", nil)
	e.txEvent(ctx, &TxEvent{Op: TxBegin}, start, err)
	if err != nil {
		unbind()
		turn()
		return nil, err
	}
	t := &Tx{conn: c, tx: tx, ctx: ctx, release: func() { unbind(); turn() }}
	c.tx = t
	return t, nil
}

func (t *Tx) innermost() *Tx {
	for t.child != nil {
		t = t.child
	}
	return t
}

func (t *Tx) engine() *Engine { return t.conn.eng }

// Conn returns the transaction's connection.
func (t *Tx) Conn() *Conn { return t.conn }

// IsActive reports whether the transaction is still in progress.
func (t *Tx) IsActive() bool { return !t.done }

// IsNested reports whether the transaction is a SAVEPOINT inside another.
func (t *Tx) IsNested() bool { return t.parent != nil }

// Execute runs a statement in the transaction.
func (t *Tx) Execute(ctx context.Context, stmt athsql.Element, params ...athsql.Params) (*Result, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	return t.engine().execute(ctx, t.tx, stmt, mergeParams(params))
}

// ExecuteMany runs a statement once per parameter set in the transaction;
// see Conn.ExecuteMany.
func (t *Tx) ExecuteMany(ctx context.Context, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	return t.engine().executeMany(ctx, t.tx, stmt, params)
}

func (t *Tx) usable() error {
	if t.done {
		return errTxDone
	}
	if t.engine().closed.Load() {
		return ErrClosed
	}
	return nil
}

// Begin starts a nested transaction (SAVEPOINT) inside the innermost one
// in progress. Committing it releases the savepoint; rolling it back undoes
// what was done since it began, and only that.
func (t *Tx) Begin(ctx context.Context) (*Tx, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	e := t.engine()
	if !e.dialect().Features().Savepoints {
		return nil, fmt.Errorf("%w: savepoints on %s", dialect.ErrNotSupported, e.dialect().Name())
	}
	inner := t.innermost()
	t.conn.savepoints++
	name := "sa_savepoint_" + strconv.Itoa(t.conn.savepoints)
	if err := t.savepointOp(ctx, TxSavepoint, name, dialect.SavepointSQL(e.dialect(), dialect.SavepointSet, name)); err != nil {
		return nil, err
	}
	child := &Tx{conn: t.conn, tx: t.tx, ctx: ctx, parent: inner, savepoint: name}
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

// run calls fn, then commits, or rolls back when fn fails, panics or exits
// its goroutine (runtime.Goexit, as t.FailNow does). A panic continues
// after the rollback.
func (t *Tx) run(fn func(tx *Tx) error) error {
	returned := false
	defer func() {
		if !returned && !t.done {
			t.Rollback()
		}
	}()
	err := fn(t)
	returned = true
	if t.done {
		// fn committed or rolled back itself.
		return err
	}
	if err != nil {
		if rbErr := t.Rollback(); rbErr != nil {
			return fmt.Errorf("%w (and the rollback failed: %w)", err, rbErr)
		}
		return err
	}
	return t.Commit()
}

// Commit commits the transaction, or releases the savepoint of a nested
// one. Nested transactions still open inside it are committed with it.
func (t *Tx) Commit() error {
	if t.done {
		return errTxDone
	}
	t.end()
	if t.parent != nil {
		return t.savepointOp(t.ctx, TxReleaseSavepoint, t.savepoint, t.savepointSQL(dialect.SavepointRelease))
	}
	e := t.engine()
	e.echoText(t.ctx, "COMMIT")
	start := time.Now()
	err := e.wrap(t.ctx, t.tx.Commit(t.ctx), "COMMIT", nil)
	e.txEvent(t.ctx, &TxEvent{Op: TxCommit}, start, err)
	t.release()
	return err
}

// Rollback rolls the transaction back, or rolls back to the savepoint of a
// nested one (and releases it). Nested transactions still open inside it
// are rolled back with it.
func (t *Tx) Rollback() error {
	if t.done {
		return errTxDone
	}
	t.end()
	if t.parent != nil {
		ctx := context.WithoutCancel(t.ctx)
		if err := t.savepointOp(ctx, TxRollbackToSavepoint, t.savepoint, t.savepointSQL(dialect.SavepointRollback)); err != nil {
			return err
		}
		return t.savepointOp(ctx, TxReleaseSavepoint, t.savepoint, t.savepointSQL(dialect.SavepointRelease))
	}
	e := t.engine()
	e.echoText(t.ctx, "ROLLBACK")
	start := time.Now()
	err := t.tx.Rollback(context.WithoutCancel(t.ctx))
	err = e.wrap(t.ctx, err, "ROLLBACK", nil)
	e.txEvent(t.ctx, &TxEvent{Op: TxRollback}, start, err)
	t.release()
	return err
}

// end marks t and the transactions nested in it done, and detaches t from
// its parent or connection.
func (t *Tx) end() {
	for c := t; c != nil; c = c.child {
		c.done = true
	}
	t.child = nil
	if t.parent != nil {
		t.parent.child = nil
	} else {
		t.conn.tx = nil
	}
}

// savepointSQL is the dialect's statement for step on t's savepoint.
func (t *Tx) savepointSQL(step dialect.SavepointStep) string {
	return dialect.SavepointSQL(t.engine().dialect(), step, t.savepoint)
}

// savepointOp runs a savepoint statement; an empty one (a step the
// database has no statement for, such as releasing on SQL Server) runs
// nothing, and the step's event still fires.
func (t *Tx) savepointOp(ctx context.Context, op TxOp, name, text string) error {
	e := t.engine()
	start := time.Now()
	var err error
	if text != "" {
		_, err = e.rawExec(ctx, t.tx, text)
	}
	e.txEvent(ctx, &TxEvent{Op: op, Savepoint: name}, start, err)
	return err
}

// ExecDDL implements sql.DDLExecutor, so that CreateAll can run in a
// transaction.
func (t *Tx) ExecDDL(ctx context.Context, stmt athsql.Statement) error {
	res, err := t.Execute(ctx, stmt)
	if err != nil {
		return err
	}
	return res.Close()
}

// HasTable implements sql.DDLExecutor.
func (t *Tx) HasTable(ctx context.Context, schema, name string) (bool, error) {
	if err := t.usable(); err != nil {
		return false, err
	}
	return t.engine().hasTable(ctx, t.tx, schema, name)
}

// Dialect implements sql.DDLExecutor.
func (t *Tx) Dialect() dialect.Dialect { return t.engine().dialect() }
