package engine

import (
	"context"
	"database/sql/driver"
	"errors"

	"github.com/athanordb/athanor/dialect"
)

// database/sql has no pool events: the engine follows its connections by
// wrapping each driver connection (hookedConn). database/sql calls
// ResetSession before it hands a pooled connection out again (the
// checkout: pre-ping, generation check), IsValid when one is returned
// (the checkin) and Close when it drops one; the connector reports new
// connections. A hook that refuses a connection answers
// driver.ErrBadConn, on which database/sql closes it and takes another.

// hookedConnector opens hookedConns.
type hookedConnector struct {
	driver.Connector
	hooks   *dialect.PoolHooks
	prePing bool
}

func (c *hookedConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	h := &hookedConn{Conn: conn, hooks: c.hooks, prePing: c.prePing}
	if c.hooks.Connect != nil {
		h.rec = c.hooks.Connect()
	}
	// database/sql opens a connection for a checkout, and hands it out
	// without a reset.
	if c.hooks.Checkout != nil {
		c.hooks.Checkout(h.rec)
	}
	return h, nil
}

// hookedConn is a driver connection with the engine's hooks. It passes
// every optional interface of database/sql/driver through to the
// driver's connection, answering as database/sql would without it where
// the driver's connection lacks one.
type hookedConn struct {
	driver.Conn
	hooks   *dialect.PoolHooks
	rec     any
	prePing bool
}

var (
	_ driver.ConnPrepareContext = (*hookedConn)(nil)
	_ driver.ConnBeginTx        = (*hookedConn)(nil)
	_ driver.ExecerContext      = (*hookedConn)(nil)
	_ driver.QueryerContext     = (*hookedConn)(nil)
	_ driver.Pinger             = (*hookedConn)(nil)
	_ driver.NamedValueChecker  = (*hookedConn)(nil)
	_ driver.SessionResetter    = (*hookedConn)(nil)
	_ driver.Validator          = (*hookedConn)(nil)
)

// Unwrap returns the driver's connection, for code that reaches it
// through sql.Conn.Raw.
func (c *hookedConn) Unwrap() driver.Conn { return c.Conn }

func (c *hookedConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if p, ok := c.Conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(ctx, query)
	}
	return c.Conn.Prepare(query)
}

func (c *hookedConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if b, ok := c.Conn.(driver.ConnBeginTx); ok {
		return b.BeginTx(ctx, opts)
	}
	if opts.Isolation != driver.IsolationLevel(0) || opts.ReadOnly {
		return nil, errors.New("athanor: the driver does not support transaction options")
	}
	return c.Conn.Begin() //nolint:staticcheck // the driver has nothing else
}

func (c *hookedConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if e, ok := c.Conn.(driver.ExecerContext); ok {
		return e.ExecContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *hookedConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if q, ok := c.Conn.(driver.QueryerContext); ok {
		return q.QueryContext(ctx, query, args)
	}
	return nil, driver.ErrSkip
}

func (c *hookedConn) Ping(ctx context.Context) error {
	if p, ok := c.Conn.(driver.Pinger); ok {
		return p.Ping(ctx)
	}
	return nil
}

func (c *hookedConn) CheckNamedValue(nv *driver.NamedValue) error {
	if n, ok := c.Conn.(driver.NamedValueChecker); ok {
		return n.CheckNamedValue(nv)
	}
	return driver.ErrSkip
}

// ResetSession is database/sql's checkout of a pooled connection: the
// driver's own reset, the pre-ping, then the engine's checkout hook.
func (c *hookedConn) ResetSession(ctx context.Context) error {
	dead := func(err error) error {
		if ctx.Err() == nil && c.hooks.Invalidate != nil {
			c.hooks.Invalidate(c.rec, err)
		}
		return driver.ErrBadConn
	}
	if r, ok := c.Conn.(driver.SessionResetter); ok {
		if err := r.ResetSession(ctx); err != nil {
			return dead(err)
		}
	}
	if c.prePing {
		if err := c.Ping(ctx); err != nil {
			return dead(err)
		}
	}
	if c.hooks.Checkout != nil && !c.hooks.Checkout(c.rec) {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid is database/sql's checkin: false closes the connection.
func (c *hookedConn) IsValid() bool {
	ok := true
	if v, isV := c.Conn.(driver.Validator); isV {
		ok = v.IsValid()
	}
	if c.hooks.Checkin != nil && !c.hooks.Checkin(c.rec) {
		ok = false
	}
	return ok
}

func (c *hookedConn) Close() error {
	err := c.Conn.Close()
	if c.hooks.Close != nil {
		c.hooks.Close(c.rec)
	}
	return err
}
