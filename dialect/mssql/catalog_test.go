package mssql_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
)

// fakeQueryer records the query it is given and answers with rows rows.
type fakeQueryer struct {
	query string
	args  []any
	rows  int
	err   error
}

func (q *fakeQueryer) QueryContext(ctx context.Context, query string, args []any, fn func([]any) error) error {
	q.query, q.args = query, args
	for i := 0; i < q.rows; i++ {
		if err := fn([]any{int64(1)}); err != nil {
			return err
		}
	}
	return q.err
}

func TestCatalogQueries(t *testing.T) {
	d := mssql.New()
	ctx := context.Background()
	for _, tc := range []struct {
		name      string
		call      func(q dialect.Queryer) (bool, error)
		query     string
		args      []any
		rows      int
		wantFound bool
	}{
		{"table in the default schema", func(q dialect.Queryer) (bool, error) { return d.HasTable(ctx, q, "", "users") },
			"SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = @p1 AND TABLE_SCHEMA = SCHEMA_NAME()", []any{"users"}, 1, true},
		{"table in a schema, absent", func(q dialect.Queryer) (bool, error) { return d.HasTable(ctx, q, "sales", "orders") },
			"SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = @p1 AND TABLE_SCHEMA = @p2", []any{"orders", "sales"}, 0, false},
		{"table in another database", func(q dialect.Queryer) (bool, error) { return d.HasTable(ctx, q, "other db.dbo", "t") },
			"SELECT 1 FROM [other db].INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = @p1 AND TABLE_SCHEMA = @p2", []any{"t", "dbo"}, 1, true},
		{"sequence", func(q dialect.Queryer) (bool, error) {
			return d.HasObject(ctx, q, dialect.ObjectSequence, "", "order_seq")
		}, "SELECT 1 FROM INFORMATION_SCHEMA.SEQUENCES WHERE SEQUENCE_NAME = @p1 AND SEQUENCE_SCHEMA = SCHEMA_NAME()", []any{"order_seq"}, 1, true},
	} {
		q := &fakeQueryer{rows: tc.rows}
		found, err := tc.call(q)
		if err != nil || found != tc.wantFound || q.query != tc.query || !reflect.DeepEqual(q.args, tc.args) {
			t.Errorf("%s: found %v, err %v, query %q %v; want %v, %q %v", tc.name, found, err, q.query, q.args, tc.wantFound, tc.query, tc.args)
		}
	}
	if _, err := d.HasObject(ctx, &fakeQueryer{}, dialect.ObjectType, "", "mood"); !errors.Is(err, dialect.ErrNotSupported) {
		t.Errorf("HasObject(type) error = %v, want ErrNotSupported", err)
	}
	boom := errors.New("boom")
	if _, err := d.HasTable(ctx, &fakeQueryer{err: boom}, "", "t"); !errors.Is(err, boom) {
		t.Errorf("HasTable error = %v, want the query's", err)
	}
}
