package engine

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// DefaultStreamBatch is the number of rows Stream fetches per round trip
// when given 0.
const DefaultStreamBatch = 1000

var cursorSeq atomic.Int64

// Cursor reads a query's rows from a server-side cursor, a batch per
// round trip, so that a result of any size is read in bounded memory.
// Tx.Stream opens one. It is not safe for concurrent use; Close it when
// reading stops early (ending the transaction closes it too).
type Cursor struct {
	tx       *Tx
	ctx      context.Context
	name     string
	batch    int
	cursors  dialect.Cursors
	compiled *athsql.Compiled
	current  *Result
	inBatch  int
	row      *Row
	done     bool
	closed   bool
	err      error
	fetches  int
}

// Stream runs a SELECT through a server-side cursor (DECLARE ... CURSOR on
// PostgreSQL): the rows stay on the server and are fetched batch rows at a
// time (DefaultStreamBatch when 0) as Next reads them, instead of the
// whole result reaching the client. The cursor lives in the transaction;
// ctx is used for every fetch. Dialects without server-side cursors (see
// dialect.Cursors) return ErrNotSupported.
func (t *Tx) Stream(ctx context.Context, stmt athsql.Element, batch int, params ...athsql.Params) (*Cursor, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	e := t.engine()
	d := e.dialect()
	cursors, ok := d.(dialect.Cursors)
	if !ok {
		return nil, fmt.Errorf("%w: server-side cursors on %s", dialect.ErrNotSupported, d.Name())
	}
	switch {
	case batch == 0:
		batch = DefaultStreamBatch
	case batch < 0:
		return nil, fmt.Errorf("%w: Stream with a batch of %d rows", athsql.ErrArgument, batch)
	}
	p, err := e.prepare(stmt, mergeParams(params))
	if err != nil {
		return nil, err
	}
	defer p.done()
	if p.compiled.Kind != athsql.KindSelect {
		return nil, fmt.Errorf("%w: Stream reads a SELECT, not a statement of kind %d", athsql.ErrArgument, p.compiled.Kind)
	}
	c := &Cursor{
		tx: t, ctx: ctx, batch: batch, cursors: cursors, compiled: p.compiled,
		name: "athanor_cursor_" + strconv.FormatInt(cursorSeq.Add(1), 10),
	}
	text := cursors.DeclareCursor(c.name, p.sql)
	ev := &ExecuteEvent{Statement: stmt, SQL: text, Args: p.args, Cached: p.cached}
	ectx := e.before(ctx, ev)
	start := time.Now()
	_, err = t.tx.Exec(ectx, text, p.args)
	err = e.wrap(ectx, err, text, p.args)
	e.after(ectx, ev, start, err)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// fetch reads the next batch.
func (c *Cursor) fetch() error {
	e := c.tx.engine()
	text := c.cursors.FetchCursor(c.name, c.batch)
	ev := &ExecuteEvent{SQL: text}
	ctx := e.before(c.ctx, ev)
	start := time.Now()
	res := &Result{eng: e, compiled: c.compiled, ctx: ctx, sqlText: text}
	err := e.query(ctx, c.tx.tx, res, false)
	e.after(ctx, ev, start, err)
	if err != nil {
		return err
	}
	c.fetches++
	c.current = res
	c.inBatch = 0
	return nil
}

// Next advances to the next row, fetching a batch when the last one is
// used up. It returns false at the end (closing the cursor) or on an
// error (see Err).
func (c *Cursor) Next() bool {
	if c.closed || c.done || c.err != nil {
		return false
	}
	if err := c.tx.usable(); err != nil {
		c.err = err
		return false
	}
	for {
		if c.current == nil {
			if err := c.fetch(); err != nil {
				c.err = err
				return false
			}
		}
		if c.current.Next() {
			c.row = c.current.Row()
			c.inBatch++
			return true
		}
		if err := c.current.Err(); err != nil {
			c.err = err
			return false
		}
		full := c.inBatch == c.batch
		c.current = nil
		if !full {
			c.done = true
			c.err = c.Close()
			return false
		}
	}
}

// Row returns the current row.
func (c *Cursor) Row() *Row { return c.row }

// Err returns the error that stopped Next, if any.
func (c *Cursor) Err() error { return c.err }

// Fetches returns the number of batches fetched so far.
func (c *Cursor) Fetches() int { return c.fetches }

// Rows iterates over the rows; the cursor is closed when the loop ends,
// however it ends.
func (c *Cursor) Rows() iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		defer c.Close()
		for c.Next() {
			if !yield(c.row, nil) {
				return
			}
		}
		if c.err != nil {
			yield(nil, c.err)
		}
	}
}

// Close closes the cursor on the server. It is safe to call more than
// once, and does nothing once the transaction has ended (which closed the
// cursor).
func (c *Cursor) Close() error {
	if c.closed {
		return nil
	}
	c.closed = true
	if c.current != nil {
		c.current.Close()
		c.current = nil
	}
	if c.tx.usable() != nil {
		return nil
	}
	_, err := c.tx.engine().rawExec(context.WithoutCancel(c.ctx), c.tx.tx, c.cursors.CloseCursor(c.name))
	return err
}
