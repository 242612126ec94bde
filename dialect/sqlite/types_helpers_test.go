package sqlite_test

import (
	"context"
	gosql "database/sql"
	"errors"
	"testing"

	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/typetest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// oneColumn creates the table name (id INTEGER PRIMARY KEY, x typ).
func oneColumn(t *testing.T, eng *engine.Engine, name string, typ types.Type) *sql.Table {
	t.Helper()
	md := sql.NewMetaData()
	tbl := md.Table(name,
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("x", typ),
	)
	if err := md.CreateAll(context.Background(), eng); err != nil {
		t.Fatal(err)
	}
	return tbl
}

// insertX inserts one row with x = v and returns its id.
func insertX(t *testing.T, eng *engine.Engine, tbl *sql.Table, id int, v any) error {
	t.Helper()
	_, err := eng.Execute(context.Background(), tbl.Insert().Values(sql.Values{"id": id, "x": v}))
	return err
}

// stored returns SQLite's storage class and text of x in row id, read
// without Athanor's conversions.
func stored(t *testing.T, eng *engine.Engine, table string, id int) (string, any) {
	t.Helper()
	var class string
	var raw any
	err := rawConn(t, eng).QueryRowContext(context.Background(),
		`SELECT typeof(x), x FROM "`+table+`" WHERE id = ?`, id).Scan(&class, &raw)
	if err != nil {
		t.Fatal(err)
	}
	return class, raw
}

// rawConn returns the engine's connection to run SQL without Athanor: an
// in-memory database is one connection, which the engine holds.
func rawConn(t *testing.T, eng *engine.Engine) *gosql.Conn {
	t.Helper()
	conn, err := eng.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn.Raw()
}

// isConversionError checks that err reaches a ConversionError wrapping
// cause (any cause when nil).
func isConversionError(t *testing.T, err, cause error) {
	t.Helper()
	var ce *types.ConversionError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) does not reach a *types.ConversionError", err, err)
	}
	if cause != nil && !errors.Is(err, cause) {
		t.Fatalf("error %q does not wrap %q", err, cause)
	}
}

var same = typetest.Same

func dec(s string) types.Decimal { return types.MustDecimal(s) }
