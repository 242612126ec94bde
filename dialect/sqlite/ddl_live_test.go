package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// textRows runs a query and returns its rows: values separated by
// spaces, rows by "|".
func textRows(t *testing.T, eng *engine.Engine, query string, cols ...string) string {
	t.Helper()
	var out []string
	items := make([]sql.ColumnElement, len(cols))
	for i, c := range cols {
		items[i] = sql.NewColumn(c, types.Text{})
	}
	for _, r := range all(t, eng, sql.Text(query).Columns(items...)) {
		var vals []string
		for _, v := range r.Values() {
			vals = append(vals, fmt.Sprint(v))
		}
		out = append(out, strings.Join(vals, " "))
	}
	return strings.Join(out, "|")
}

// Identity, computed columns and comments as SQLite takes them: an
// identity key is the rowid, computed columns are stored or virtual as
// asked, and comments, which SQLite cannot keep, are left out by CreateAll
// and refused by the statements that set them.
func TestDDLCompletenessLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	stored, virtual := true, false
	md := sql.NewMetaData()
	tbl := md.Table("gen",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Start: sql.Int64(10)})),
		sql.NewColumn("a", types.Integer{}, sql.ColumnComment("the input")),
		sql.NewColumn("s", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Mul(2), &stored)),
		sql.NewColumn("v", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Mul(3), &virtual)),
		sql.NewColumn("d", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Add(1), nil)),
		sql.TableComment("generated columns"),
	)
	mustCreate(t, md, eng)
	// hidden: 2 for a virtual column, 3 for a stored one.
	if got := textRows(t, eng, "SELECT name, type, hidden FROM pragma_table_xinfo('gen') ORDER BY cid", "name", "type", "hidden"); got != "id INTEGER 0|a INTEGER 0|s INTEGER 3|v INTEGER 2|d INTEGER 2" {
		t.Fatalf("columns: %s", got)
	}
	res := execOK(t, eng, tbl.Insert().Values(sql.Values{"a": 5}))
	if key, err := res.InsertedPrimaryKey(); err != nil || key[0] != int64(1) {
		t.Fatalf("key %v %v", key, err)
	}
	wantRows(t, eng, "1 5 10 15 6", tbl.C("id"), tbl.C("a"), tbl.C("s"), tbl.C("v"), tbl.C("d"))
	for _, st := range []sql.Statement{&sql.SetTableComment{Table: tbl}, &sql.SetColumnComment{Column: tbl.C("a")}} {
		if _, err := eng.Execute(ctx, st); !errors.Is(err, dialect.ErrNotSupported) {
			t.Fatalf("%T: %v", st, err)
		}
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := schemaObjects(t, eng); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}
}

// A trigger created by a listener with its table, dropped with it; the
// metadata's listeners see the whole run.
func TestDDLEventsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	var log []string
	md.Listen(sql.BeforeCreate, func(ctx context.Context, ex sql.DDLExecutor, ev sql.DDLEvent) error {
		log = append(log, fmt.Sprintf("%s %d", ev.Kind, len(ev.Tables)))
		return ex.ExecDDL(ctx, sql.Text("CREATE TABLE audit (what TEXT)"))
	})
	md.Listen(sql.AfterDrop, func(ctx context.Context, ex sql.DDLExecutor, ev sql.DDLEvent) error {
		log = append(log, fmt.Sprintf("%s %d", ev.Kind, len(ev.Tables)))
		return ex.ExecDDL(ctx, sql.Text("DROP TABLE audit"))
	})
	items := md.Table("item",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.Text{}),
		sql.Listen(sql.AfterCreate, sql.RunDDL(sql.Text(
			"CREATE TRIGGER item_audit AFTER INSERT ON item BEGIN INSERT INTO audit VALUES ('added ' || new.name); END"))),
	)
	mustCreate(t, md, eng)
	if got := schemaObjects(t, eng); got != "table:audit table:item trigger:item_audit" {
		t.Fatalf("after CreateAll: %s", got)
	}
	execOK(t, eng, items.Insert().Values(sql.Values{"name": "pen"}))
	if got := textRows(t, eng, "SELECT what FROM audit", "what"); got != "added pen" {
		t.Fatalf("audit: %s", got)
	}
	// The table exists: no table events, the metadata's still run (and
	// fail: audit exists), before anything else.
	if err := md.CreateAll(ctx, eng); !errors.Is(err, dialect.ErrDBAPI) || !strings.Contains(err.Error(), "before create listener of the metadata") {
		t.Fatalf("second CreateAll: %v", err)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := schemaObjects(t, eng); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}
	if got := strings.Join(log, ", "); got != "before create 1, before create 0, after drop 1" {
		t.Fatalf("log: %s", got)
	}
}
