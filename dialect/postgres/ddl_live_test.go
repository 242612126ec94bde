package postgres_test

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

// text runs a query whose one column is text, and returns its rows
// joined by "|".
func text(t *testing.T, eng interface {
	Execute(context.Context, sql.Element, ...sql.Params) (*engine.Result, error)
}, query string, params ...sql.Params) string {
	t.Helper()
	res, err := eng.Execute(context.Background(), sql.Text(query).Columns(sql.NewColumn("x", types.Text{})), params...)
	if err != nil {
		t.Fatal(err)
	}
	vals, err := res.Scalars()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vals {
		out = append(out, fmt.Sprint(v))
	}
	return strings.Join(out, "|")
}

// schemaEngine returns a schema of the test's own and an engine whose
// search_path it is, closed when the test ends.
func schemaEngine(t *testing.T) (string, *engine.Engine) {
	t.Helper()
	schema, u := newSchema(t)
	eng, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return schema, eng
}

// Identity columns with their options, stored computed columns and
// comments, as the catalog shows them; a virtual computed column is
// refused before anything is created.
func TestDDLCompletenessLive(t *testing.T) {
	ctx := context.Background()
	schema, eng := schemaEngine(t)
	stored, virtual := true, false
	md := sql.NewMetaData()
	ident := md.Table("ident",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{
			Always: true, Start: sql.Int64(10), Increment: sql.Int64(3), MinValue: sql.Int64(1), MaxValue: sql.Int64(1000000),
			Cache: sql.Int64(20), Cycle: true})),
		sql.NewColumn("by_default", types.Integer{}, sql.AsIdentity(sql.Identity{NoMaxValue: true, NoCycle: true})),
		sql.NewColumn("a", types.Integer{}, sql.ColumnComment("the input, it's an integer")),
		sql.NewColumn("s", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Mul(2), &stored)),
		sql.NewColumn("d", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Add(1), nil)),
		sql.TableComment("identity and generated columns"),
	)
	mustCreate(t, md, eng)
	q := `SELECT a.attname || ' ' || a.attidentity::text || ' ' || a.attgenerated::text || ' ' || a.attnotnull || ' ' || coalesce(col_description(a.attrelid, a.attnum), '-')
		FROM pg_attribute a WHERE a.attrelid = 'ident'::regclass AND a.attnum > 0 ORDER BY a.attnum`
	if got := text(t, eng, q); got != "id a  true -|by_default d  true -|a   false the input, it's an integer|s  s false -|d  s false -" {
		t.Fatalf("columns: %s", got)
	}
	q = `SELECT s.seqstart || ' ' || s.seqincrement || ' ' || s.seqmin || ' ' || s.seqmax || ' ' || s.seqcache || ' ' || s.seqcycle
		FROM pg_sequence s WHERE s.seqrelid = pg_get_serial_sequence('ident', :c)::regclass`
	if got := text(t, eng, q, sql.Params{"c": "id"}); got != "10 3 1 1000000 20 true" {
		t.Fatalf("identity options: %s", got)
	}
	if got := text(t, eng, q, sql.Params{"c": "by_default"}); got != "1 1 1 2147483647 1 false" {
		t.Fatalf("identity defaults: %s", got)
	}
	if got := text(t, eng, "SELECT obj_description('ident'::regclass, 'pg_class')"); got != "identity and generated columns" {
		t.Fatalf("table comment: %s", got)
	}
	for range 2 {
		execOK(t, eng, ident.Insert().Values(sql.Values{"a": 5}))
	}
	wantRows(t, eng, "10 1 5 10 6|13 2 5 10 6", ident.C("id"), ident.C("by_default"), ident.C("a"), ident.C("s"), ident.C("d"))
	// ALWAYS: a value of one's own is refused.
	if _, err := eng.Execute(ctx, ident.Insert().Values(sql.Values{"id": 1, "a": 1})); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("a value for an ALWAYS identity: %v", err)
	}
	// An empty comment removes one.
	plain := sql.NewTable("ident", sql.Schema(schema), sql.NewColumn("a", types.Integer{}))
	for _, st := range []sql.Statement{&sql.SetTableComment{Table: plain}, &sql.SetColumnComment{Column: plain.C("a")}} {
		execOK(t, eng, st)
	}
	if got := text(t, eng, "SELECT coalesce(obj_description('ident'::regclass, 'pg_class'), '-') || coalesce(col_description('ident'::regclass, 3), '-')"); got != "--" {
		t.Fatalf("comments after removal: %s", got)
	}

	bad := sql.NewMetaData()
	bad.Table("fine", sql.NewColumn("a", types.Integer{}))
	bad.Table("virt", sql.NewColumn("a", types.Integer{}), sql.NewColumn("v", types.Integer{}, sql.Generated(sql.LiteralColumn("a"), &virtual)))
	if err := bad.CreateAll(ctx, eng); !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("a virtual column: %v", err)
	}
	if got := catalog(t, eng, schema); got != "index:ident_pkey sequence:ident_by_default_seq sequence:ident_id_seq table:ident" {
		t.Fatalf("after the refused CreateAll: %s", got)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := catalog(t, eng, schema); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}
}

// Listeners create a trigger and its function with the table and drop
// the function after it; inside a transaction, a failure takes all of it
// back.
func TestDDLEventsLive(t *testing.T) {
	ctx := context.Background()
	schema, eng := schemaEngine(t)
	md := sql.NewMetaData()
	md.Listen(sql.BeforeCreate, sql.RunDDL(sql.Text(`CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS
		$$ BEGIN NEW.changed := NEW.changed + 1; RETURN NEW; END $$`)))
	md.Listen(sql.AfterDrop, sql.RunDDL(sql.Text("DROP FUNCTION stamp()")))
	docs := md.Table("docs",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("body", types.Text{}),
		sql.NewColumn("changed", types.Integer{}, sql.NotNull(), sql.ServerDefault(sql.Literal(0))),
		sql.Listen(sql.AfterCreate, sql.RunDDL(sql.Text("CREATE TRIGGER docs_stamp BEFORE UPDATE ON docs FOR EACH ROW EXECUTE FUNCTION stamp()"))),
	)
	objects := func() string {
		return text(t, eng, `SELECT x FROM (
			SELECT 'function:' || p.proname AS x FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = :s
			UNION ALL SELECT 'trigger:' || tgname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND NOT g.tgisinternal
			UNION ALL SELECT 'table:' || c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind = 'r'
		) o ORDER BY x`, sql.Params{"s": schema})
	}
	mustCreate(t, md, eng)
	if got := objects(); got != "function:stamp|table:docs|trigger:docs_stamp" {
		t.Fatalf("after CreateAll: %s", got)
	}
	execOK(t, eng, docs.Insert().Values(sql.Values{"id": 1, "body": "a"}))
	execOK(t, eng, docs.Update().Values(sql.Values{"body": "b"}))
	execOK(t, eng, docs.Update().Values(sql.Values{"body": "c"}))
	wantRows(t, eng, "c 2", docs.C("body"), docs.C("changed"))
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := objects(); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}

	// In a transaction, a failing listener after the table is created
	// leaves nothing behind.
	broken := errors.New("broken")
	docs.Listen(sql.AfterCreate, func(context.Context, sql.DDLExecutor, sql.DDLEvent) error { return broken })
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Transaction(ctx, func(tx *engine.Tx) error { return md.CreateAll(ctx, tx) })
	if !errors.Is(err, broken) {
		t.Fatalf("CreateAll: %v", err)
	}
	if got := objects(); got != "" {
		t.Fatalf("after the rolled-back CreateAll: %s", got)
	}
}
