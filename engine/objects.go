package engine

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/dialect"
)

// HasObject implements sql.ObjectChecker: whether a sequence or a named
// type exists, for CreateAll and DropAll (through the dialect's
// dialect.ObjectLister).
func (e *Engine) HasObject(ctx context.Context, kind dialect.ObjectKind, schema, name string) (bool, error) {
	q, err := e.runner(ctx)
	if err != nil {
		return false, err
	}
	return e.hasObject(ctx, q, kind, schema, name)
}

// HasObject implements sql.ObjectChecker.
func (c *Conn) HasObject(ctx context.Context, kind dialect.ObjectKind, schema, name string) (bool, error) {
	q, err := c.runner()
	if err != nil {
		return false, err
	}
	return c.eng.hasObject(ctx, q, kind, schema, name)
}

func (e *Engine) hasObject(ctx context.Context, q dialect.Runner, kind dialect.ObjectKind, schema, name string) (bool, error) {
	d := e.dialect()
	ol, ok := d.(dialect.ObjectLister)
	if !ok {
		return false, fmt.Errorf("%w: dialect %s cannot tell whether a %s exists", dialect.ErrNotSupported, d.Name(), kind)
	}
	found, err := ol.HasObject(ctx, queryerOf{e, q}, kind, e.schemaFor(schema), name)
	return found, e.wrap(ctx, err, "", nil)
}

// HasObject implements sql.ObjectChecker.
func (t *Tx) HasObject(ctx context.Context, kind dialect.ObjectKind, schema, name string) (bool, error) {
	if err := t.usable(); err != nil {
		return false, err
	}
	return t.engine().hasObject(ctx, t.tx, kind, schema, name)
}
