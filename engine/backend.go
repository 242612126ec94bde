package engine

import (
	"context"
	"database/sql"

	"github.com/athanordb/athanor/dialect"
)

// The engine runs statements through dialect.Pool and its kin: this file
// implements them over database/sql, for every dialect; a dialect that
// implements dialect.NativePooler brings its own.

var (
	_ dialect.Pool     = sqlPool{}
	_ dialect.PoolConn = sqlConn{}
	_ dialect.PoolTx   = sqlTx{}
	_ dialect.Rows     = (*sqlRows)(nil)
)

// sqlRunner is what database/sql runs statements on: *sql.DB, *sql.Conn
// or *sql.Tx.
type sqlRunner interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	PrepareContext(ctx context.Context, query string) (*sql.Stmt, error)
}

// sqlRun implements dialect.Runner on a sqlRunner.
type sqlRun struct{ r sqlRunner }

func (s sqlRun) Query(ctx context.Context, query string, args []any) (dialect.Rows, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return &sqlRows{rows: rows}, nil
}

func (s sqlRun) Exec(ctx context.Context, query string, args []any) (sql.Result, error) {
	return s.r.ExecContext(ctx, query, args...)
}

func (s sqlRun) ExecEach(ctx context.Context, query string, sets [][]any) (int64, []any, error) {
	ps, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return 0, nil, err
	}
	defer ps.Close()
	var total int64
	for _, args := range sets {
		r, err := ps.ExecContext(ctx, args...)
		if err != nil {
			return 0, args, err
		}
		if n, err := r.RowsAffected(); err == nil {
			total += n
		}
	}
	return total, nil, nil
}

type sqlPool struct {
	sqlRun
	db *sql.DB
}

func newSQLPool(db *sql.DB) sqlPool { return sqlPool{sqlRun{db}, db} }

func (p sqlPool) Acquire(ctx context.Context) (dialect.PoolConn, error) {
	c, err := p.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	return sqlConn{sqlRun{c}, c}, nil
}

func (p sqlPool) DB() *sql.DB { return p.db }

func (p sqlPool) Stats() dialect.PoolCounts {
	s := p.db.Stats()
	return dialect.PoolCounts{Open: s.OpenConnections, InUse: s.InUse, Idle: s.Idle}
}

func (p sqlPool) Close() error { return p.db.Close() }

type sqlConn struct {
	sqlRun
	c *sql.Conn
}

func (c sqlConn) Begin(ctx context.Context, opts *sql.TxOptions) (dialect.PoolTx, error) {
	tx, err := c.c.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return sqlTx{sqlRun{tx}, tx}, nil
}

func (c sqlConn) Raw() *sql.Conn { return c.c }
func (c sqlConn) Driver() any    { return c.c }
func (c sqlConn) Release() error { return c.c.Close() }

// Record returns the engine's record of the connection, kept by its
// hookedConn.
func (c sqlConn) Record() any {
	var rec any
	c.c.Raw(func(dc any) error {
		if h, ok := dc.(*hookedConn); ok {
			rec = h.rec
		}
		return nil
	})
	return rec
}

type sqlTx struct {
	sqlRun
	tx *sql.Tx
}

func (t sqlTx) Commit(context.Context) error { return t.tx.Commit() }

func (t sqlTx) Rollback(context.Context) error {
	err := t.tx.Rollback()
	if err == sql.ErrTxDone {
		// database/sql already rolled back, as the context ended.
		return nil
	}
	return err
}

// sqlRows reads database/sql rows as driver values.
type sqlRows struct {
	rows *sql.Rows
	ptrs []any
	vals []any
}

func (r *sqlRows) Columns() []string {
	cols, err := r.rows.Columns()
	if err != nil {
		return nil
	}
	return cols
}

// DatabaseTypeNames implements typeNamer; nil when the driver cannot say.
func (r *sqlRows) DatabaseTypeNames() []string {
	cts, err := r.rows.ColumnTypes()
	if err != nil {
		return nil
	}
	names := make([]string, len(cts))
	for i, ct := range cts {
		names[i] = ct.DatabaseTypeName()
	}
	return names
}

func (r *sqlRows) Next() bool { return r.rows.Next() }

func (r *sqlRows) Values(dst []any) error {
	if len(r.ptrs) != len(dst) {
		r.vals = make([]any, len(dst))
		r.ptrs = make([]any, len(dst))
		for i := range r.vals {
			r.ptrs[i] = &r.vals[i]
		}
	}
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return err
	}
	for i, v := range r.vals {
		dst[i] = v
		r.vals[i] = nil
	}
	return nil
}

func (r *sqlRows) Err() error   { return r.rows.Err() }
func (r *sqlRows) Close() error { return r.rows.Close() }
