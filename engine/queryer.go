package engine

import (
	"context"

	"github.com/athanordb/athanor/dialect"
)

// Queryer returns a dialect.Queryer that runs SQL text on the engine's
// pool: what a dialect's own queries need (schema reflection, see package
// inspect). Its statements are echoed and seen by listeners like any
// other, and its errors are classified (Error). The engine has detected
// the server's version when Queryer returns, so Dialect is then the
// dialect for the server.
func (e *Engine) Queryer(ctx context.Context) (dialect.Queryer, error) {
	q, err := e.runner(ctx)
	if err != nil {
		return nil, err
	}
	return classifying{queryerOf{e, q}}, nil
}

// Queryer returns a dialect.Queryer that runs SQL text on the connection,
// in its transaction if one is in progress; see Engine.Queryer.
func (c *Conn) Queryer(context.Context) (dialect.Queryer, error) {
	q, err := c.runner()
	if err != nil {
		return nil, err
	}
	return classifying{queryerOf{c.eng, q}}, nil
}

// Queryer returns a dialect.Queryer that runs SQL text in the
// transaction; see Engine.Queryer.
func (t *Tx) Queryer(context.Context) (dialect.Queryer, error) {
	if err := t.usable(); err != nil {
		return nil, err
	}
	return classifying{queryerOf{t.engine(), t.tx}}, nil
}

// classifying wraps the errors of a queryerOf as the engine's statements'
// errors are wrapped.
type classifying struct{ q queryerOf }

func (c classifying) QueryContext(ctx context.Context, query string, args []any, fn func([]any) error) error {
	return c.q.e.wrap(ctx, c.q.QueryContext(ctx, query, args, fn), query, args)
}
