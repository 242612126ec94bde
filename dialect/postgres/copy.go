package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/athanordb/athanor/dialect"
)

var _ dialect.Copier = nativeRunner{}

// pgxCopier is what runs COPY on pgx: *pgxpool.Pool, *pgxpool.Conn and
// pgx.Tx.
type pgxCopier interface {
	CopyFrom(ctx context.Context, table pgx.Identifier, columns []string, src pgx.CopyFromSource) (int64, error)
}

// CopyFrom implements dialect.Copier with pgx's CopyFrom (COPY ... FROM
// STDIN in the binary format).
func (r nativeRunner) CopyFrom(ctx context.Context, schema, table string, columns []string, n int, row func(i int, dst []any) error) (int64, error) {
	c, ok := r.q.(pgxCopier)
	if !ok {
		return 0, fmt.Errorf("postgres: %T cannot run COPY", r.q)
	}
	id := pgx.Identifier{table}
	if schema != "" {
		id = pgx.Identifier{schema, table}
	}
	return c.CopyFrom(ctx, id, columns, &copySource{n: n, row: row, dst: make([]any, len(columns)), i: -1})
}

// copySource is pgx.CopyFromSource over a row function; pgx encodes each
// row's values before asking for the next, so one slice serves them all.
type copySource struct {
	n, i int
	row  func(i int, dst []any) error
	dst  []any
	err  error
}

func (s *copySource) Next() bool {
	if s.err != nil || s.i+1 >= s.n {
		return false
	}
	s.i++
	clear(s.dst)
	s.err = s.row(s.i, s.dst)
	return s.err == nil
}

func (s *copySource) Values() ([]any, error) { return s.dst, s.err }

func (s *copySource) Err() error { return s.err }
