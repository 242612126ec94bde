package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// CopyFrom inserts rows into table: each row holds the values of columns
// (column keys of table), in order. Values are converted through the
// columns' types, as an INSERT's parameters are.
//
// On PostgreSQL over pgx's native pool (the default) the rows go in one
// COPY ... FROM STDIN, the fastest way to load them; elsewhere (database/sql
// pools, other databases), and when a column left out has a Go-side
// default (which COPY would not evaluate), they are inserted by multi-row
// INSERT statements (Insert.Rows) in batches under the dialect's limits,
// in one transaction: a row that fails leaves none of them. COPY fires one ExecuteEvent,
// with SQL "COPY table (columns) FROM STDIN" and Many set to the number
// of rows. It returns the number of rows inserted.
func (e *Engine) CopyFrom(ctx context.Context, table *athsql.Table, columns []string, rows [][]any) (int64, error) {
	conn, err := e.Connect(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	return conn.CopyFrom(ctx, table, columns, rows)
}

// CopyFrom is Engine.CopyFrom on the connection, in its transaction if
// one is in progress.
func (c *Conn) CopyFrom(ctx context.Context, table *athsql.Table, columns []string, rows [][]any) (int64, error) {
	q, err := c.runner()
	if err != nil {
		return 0, err
	}
	return c.eng.copyFrom(ctx, q, table, columns, rows, func(ctx context.Context, fn func(dialect.Runner) error) error {
		if c.tx != nil {
			return fn(c.tx.tx)
		}
		return c.Transaction(ctx, func(tx *Tx) error { return fn(tx.tx) })
	})
}

// CopyFrom is Engine.CopyFrom in the transaction.
func (t *Tx) CopyFrom(ctx context.Context, table *athsql.Table, columns []string, rows [][]any) (int64, error) {
	if err := t.usable(); err != nil {
		return 0, err
	}
	return t.engine().copyFrom(ctx, t.tx, table, columns, rows, func(_ context.Context, fn func(dialect.Runner) error) error {
		return fn(t.tx)
	})
}

// atomicFunc runs fn in a transaction (the one in progress, or one of its
// own), giving it the transaction's runner.
type atomicFunc func(ctx context.Context, fn func(q dialect.Runner) error) error

func (e *Engine) copyFrom(ctx context.Context, q dialect.Runner, table *athsql.Table, columns []string, rows [][]any, atomic atomicFunc) (int64, error) {
	if table == nil {
		return 0, fmt.Errorf("%w: CopyFrom into a nil table", athsql.ErrArgument)
	}
	if len(columns) == 0 {
		return 0, fmt.Errorf("%w: CopyFrom with no columns", athsql.ErrArgument)
	}
	cols := make([]*athsql.Column, len(columns))
	for i, key := range columns {
		if !table.HasColumn(key) {
			return 0, fmt.Errorf("%w: table %s has no column %q", athsql.ErrArgument, table.Name(), key)
		}
		cols[i] = table.C(key)
		for _, prev := range cols[:i] {
			if prev == cols[i] {
				return 0, fmt.Errorf("%w: column %q given twice to CopyFrom", athsql.ErrArgument, key)
			}
		}
	}
	for i, r := range rows {
		if len(r) != len(columns) {
			return 0, fmt.Errorf("%w: CopyFrom row %d has %d values for %d columns", athsql.ErrArgument, i+1, len(r), len(columns))
		}
	}
	if len(rows) == 0 {
		return 0, nil
	}
	copier, ok := copierOf(q)
	if !ok || leavesOutDefault(table, cols) {
		var n int64
		err := atomic(ctx, func(q dialect.Runner) error {
			var err error
			n, err = e.copyByInsert(ctx, q, table, columns, rows)
			return err
		})
		return n, err
	}
	convs := make([]types.Converter, len(cols))
	names := make([]string, len(cols))
	for i, col := range cols {
		convs[i] = athsql.AdaptType(e.dialect(), col.Type()).BindConverter()
		names[i] = col.Name()
	}
	schema := table.Schema()
	if s, ok := e.opts.schemas[schema]; ok {
		schema = s
	}
	ev := &ExecuteEvent{Statement: athsql.NewInsert(table), SQL: copyText(schema, table.Name(), names), Many: len(rows)}
	ctx = e.before(ctx, ev)
	start := time.Now()
	qctx, release := e.bound(ctx)
	n, err := copier.CopyFrom(qctx, schema, table.Name(), names, len(rows), func(i int, dst []any) error {
		for j, v := range rows[i] {
			if v == nil || convs[j] == nil {
				dst[j] = v
				continue
			}
			out, err := convs[j](v)
			if err != nil {
				return fmt.Errorf("athanor: CopyFrom row %d, column %q: %w", i+1, columns[j], err)
			}
			dst[j] = out
		}
		return nil
	})
	release()
	if err != nil {
		err = e.wrap(ctx, err, ev.SQL, nil)
	}
	e.after(ctx, ev, start, err)
	if err != nil {
		return 0, err
	}
	return n, nil
}

// leavesOutDefault reports whether a column of table that cols leave out
// has a Go-side default, which an INSERT evaluates and COPY would not.
func leavesOutDefault(table *athsql.Table, cols []*athsql.Column) bool {
	for _, c := range table.Columns() {
		if c.Default() == nil {
			continue
		}
		listed := false
		for _, l := range cols {
			listed = listed || l == c
		}
		if !listed {
			return true
		}
	}
	return false
}

// copyByInsert inserts the rows with multi-row INSERT statements (Rows),
// batched under the dialect's limits, on q; where the dialect has no
// multi-row VALUES, with ExecuteMany's one statement per row.
func (e *Engine) copyByInsert(ctx context.Context, q dialect.Runner, table *athsql.Table, columns []string, rows [][]any) (int64, error) {
	ins := athsql.NewInsert(table)
	if !e.dialect().Features().MultiValuesInsert {
		params := make([]athsql.Params, len(rows))
		for i, r := range rows {
			p := make(athsql.Params, len(columns))
			for j, key := range columns {
				p[key] = r[j]
			}
			params[i] = p
		}
		res, err := e.executeMany(ctx, q, ins, params)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected(), nil
	}
	res, err := e.insertBatches(ctx, q, ins.Rows(columns, rows[0]), len(columns), len(rows), func(start, end int) *athsql.Insert {
		return ins.Rows(columns, rows[start:end]...)
	})
	if err != nil {
		return 0, err
	}
	return res.RowsAffected(), nil
}

// copyText is the statement CopyFrom reports to echo and listeners.
func copyText(schema, table string, columns []string) string {
	var b strings.Builder
	b.WriteString("COPY ")
	if schema != "" {
		b.WriteString(schema)
		b.WriteByte('.')
	}
	b.WriteString(table)
	b.WriteString(" (")
	b.WriteString(strings.Join(columns, ", "))
	b.WriteString(") FROM STDIN")
	return b.String()
}
