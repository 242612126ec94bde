package sqlite_test

import (
	"context"
	"testing"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// SQLite has no row locks: FOR UPDATE is left out of the SQL, and the
// statement runs.
func TestForUpdateOmitted(t *testing.T) {
	md := sql.NewMetaData()
	tbl := md.Table("locked", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	stmt := sql.NewSelect(tbl.C("id")).Where(tbl.C("id").Eq(1)).ForUpdate(sql.LockClause{NoWait: true})
	c, err := sql.Compile(stmt, sqlite.New())
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT locked.id FROM locked WHERE locked.id = ?"; c.SQL != want {
		t.Fatalf("SQL %q, want %q", c.SQL, want)
	}
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 1})); err != nil {
		t.Fatal(err)
	}
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		ids, err := engine.ScanAll[int64](tx.Execute(ctx, stmt))
		if err == nil && (len(ids) != 1 || ids[0] != 1) {
			t.Errorf("rows %v, want [1]", ids)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
