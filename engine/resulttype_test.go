package engine_test

import (
	"context"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// typingDialect is SQLite with a dialect.ResultTyper that reads BLOB
// columns of unknown type as strings, and records the type names asked.
type typingDialect struct {
	*sqlite.Dialect
	asked *[]string
}

// DetectVersion keeps the wrapper (SQLite's would replace it).
func (d typingDialect) DetectVersion(context.Context, dialect.Queryer) (dialect.Dialect, error) {
	return d, nil
}

func (d typingDialect) ResultType(name string) types.Type {
	*d.asked = append(*d.asked, name)
	if strings.HasPrefix(name, "BLOB") {
		return types.String{}
	}
	return nil
}

// TestResultTyper: columns of no known type get the conversion of the
// type the dialect's ResultTyper names for their driver type; typed
// columns keep their own, and the dialect is not asked about them.
func TestResultTyper(t *testing.T) {
	ctx := context.Background()
	var asked []string
	md := sql.NewMetaData()
	tb := md.Table("blobs", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("b", types.LargeBinary{}))
	eng, err := engine.Create("sqlite://", engine.WithDialect(typingDialect{sqlite.New(), &asked}))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Execute(ctx, tb.Insert().Values(sql.Values{"id": 1, "b": []byte("abc")})); err != nil {
		t.Fatal(err)
	}
	row := func(stmt sql.Element) []any {
		t.Helper()
		res, err := eng.Execute(ctx, stmt)
		if err != nil {
			t.Fatal(err)
		}
		r, err := res.One()
		if err != nil {
			t.Fatal(err)
		}
		return r.Values()
	}
	// Untyped: the id stays as the driver gives it, the BLOB is a string.
	got := row(sql.Text("SELECT id, b FROM blobs"))
	if got[0] != int64(1) || got[1] != "abc" {
		t.Errorf("untyped row: %#v", got)
	}
	if strings.Join(asked, ",") != "INTEGER,BLOB" {
		t.Errorf("asked about %q", asked)
	}
	// Typed: the column's type decides, and the dialect is not asked.
	asked = nil
	got = row(sql.NewSelect(tb.C("id"), tb.C("b")))
	if b, ok := got[1].([]byte); !ok || string(b) != "abc" {
		t.Errorf("typed row: %#v", got)
	}
	if len(asked) != 0 {
		t.Errorf("asked about typed columns: %q", asked)
	}
	// Declared columns of a text() are typed too; an undeclared one is
	// not.
	asked = nil
	got = row(sql.NewSelect(tb.C("b"), sql.LiteralColumn("b")).Where(tb.C("id").Eq(1)))
	if b, ok := got[0].([]byte); !ok || string(b) != "abc" || got[1] != "abc" {
		t.Errorf("mixed row: %#v", got)
	}
	if strings.Join(asked, ",") != "BLOB" {
		t.Errorf("asked about %q", asked)
	}
}
