package inspect_test

import (
	"context"
	"slices"
	"testing"

	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestSources: an Inspector reads through a connection (its temporary
// tables) or a transaction (what it has created and not yet committed).
func TestSources(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		conn, err := b.eng.Connect(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		q := b.eng.Dialect().QuoteIdentifier

		if b.name != "mysql" { // MySQL keeps temporary tables out of information_schema
			temp := unique("temp")
			res, err := conn.Execute(ctx, sql.Text("CREATE TEMPORARY TABLE "+q(temp)+" (id INTEGER PRIMARY KEY, note VARCHAR(10))"))
			if err != nil {
				t.Fatal(err)
			}
			res.Close()
			cols, err := inspect.New(conn).Columns(ctx, "", temp)
			if err != nil || len(cols) != 2 || cols[1].Name != "note" {
				t.Fatalf("a temporary table through its connection: %+v, %v", cols, err)
			}
			res, err = conn.Execute(ctx, sql.Text("DROP TABLE "+q(temp)))
			if err != nil {
				t.Fatal(err)
			}
			res.Close()
		}

		if !b.dialect(t).Features().TransactionalDDL {
			return
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		md := sql.NewMetaData()
		tb := md.Table(unique("in_tx"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
		if err := md.CreateAll(ctx, tx); err != nil {
			t.Fatal(err)
		}
		names, err := inspect.New(tx).TableNames(ctx, "")
		if err != nil || !slices.Contains(names, tb.Name()) {
			t.Fatalf("the transaction's table: %v, %v", names, err)
		}
		if err := tx.Rollback(); err != nil {
			t.Fatal(err)
		}
		if ok, err := inspect.New(b.eng).HasTable(ctx, "", tb.Name()); ok || err != nil {
			t.Fatalf("after ROLLBACK: %v, %v", ok, err)
		}
		if _, err := inspect.New(tx).TableNames(ctx, ""); err == nil {
			t.Fatal("an Inspector read through a transaction that ended")
		}
	})
}
