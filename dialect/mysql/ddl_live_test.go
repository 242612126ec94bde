package mysql_test

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

// columnsOf describes a table's columns from information_schema: name,
// type, extra (auto_increment, STORED GENERATED, ...) and comment.
func columnsOf(t *testing.T, eng *engine.Engine, table string) string {
	t.Helper()
	rows, err := eng.DB().QueryContext(context.Background(),
		"SELECT column_name, column_type, extra, column_comment FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position", table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name, typ, extra, comment string
		if err := rows.Scan(&name, &typ, &extra, &comment); err != nil {
			t.Fatal(err)
		}
		out = append(out, strings.TrimSpace(fmt.Sprintf("%s %s %s %s", name, typ, extra, comment)))
	}
	return strings.Join(out, "|")
}

// Identity (AUTO_INCREMENT), computed columns stored and virtual, and
// comments written inline or set afterwards, as information_schema shows
// them.
func TestDDLCompletenessLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	stored, virtual := true, false
	md := sql.NewMetaData()
	name := unique("gen")
	gen := md.Table(name,
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Start: sql.Int64(10)})),
		sql.NewColumn("a", types.Integer{}, sql.ColumnComment("the input, it's \\ an integer")),
		sql.NewColumn("s", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Mul(2), &stored)),
		sql.NewColumn("v", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Mul(3), &virtual)),
		sql.NewColumn("d", types.Integer{}, sql.Generated(sql.LiteralColumn("a").Add(1), nil)),
		sql.TableComment("generated columns"),
	)
	mustCreate(t, md, eng)
	want := `id bigint(20) auto_increment|a int(11)  the input, it's \ an integer|s int(11) STORED GENERATED|v int(11) VIRTUAL GENERATED|d int(11) VIRTUAL GENERATED`
	if got := columnsOf(t, eng, name); got != want {
		t.Fatalf("columns\n got: %s\nwant: %s", got, want)
	}
	if got := rawQuery(t, eng, "SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?", name); got != "generated columns" {
		t.Fatalf("table comment: %s", got)
	}
	res := execOK(t, eng, gen.Insert().Values(sql.Values{"a": 5}))
	if key, err := res.InsertedPrimaryKey(); err != nil || key[0] != int64(1) {
		t.Fatalf("key %v %v", key, err)
	}
	wantRows(t, eng, "1 5 10 15 6", gen.C("id"), gen.C("a"), gen.C("s"), gen.C("v"), gen.C("d"))
	// Comments set afterwards; an empty one removes it.
	plain := sql.NewTable(name, sql.NewColumn("a", types.Integer{}))
	for _, st := range []sql.Statement{&sql.SetTableComment{Table: plain}, &sql.SetColumnComment{Column: plain.C("a")}} {
		execOK(t, eng, st)
	}
	if got := rawQuery(t, eng, "SELECT CONCAT(t.table_comment, '/', c.column_comment) FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name) WHERE t.table_schema = DATABASE() AND t.table_name = ? AND c.column_name = 'a'", name); got != "/" {
		t.Fatalf("comments after removal: %q", got)
	}
	commented := sql.NewTable(name, sql.NewColumn("a", types.Integer{}, sql.ColumnComment("again")), sql.TableComment("again"))
	for _, st := range []sql.Statement{&sql.SetTableComment{Table: commented}, &sql.SetColumnComment{Column: commented.C("a")}} {
		execOK(t, eng, st)
	}
	if got := rawQuery(t, eng, "SELECT CONCAT(t.table_comment, '/', c.column_comment) FROM information_schema.tables t JOIN information_schema.columns c USING (table_schema, table_name) WHERE t.table_schema = DATABASE() AND t.table_name = ? AND c.column_name = 'a'", name); got != "again/again" {
		t.Fatalf("comments set again: %q", got)
	}
	_ = ctx
}

// Sequences on MariaDB: created before the tables that use them and with
// the metadata, a key's default (fetched back with RETURNING), dropped
// after; the dialect is the server's even on an engine's first use.
func TestSequencesLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	d, err := eng.DetectDialect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Features().Sequences {
		t.Skipf("%s has no sequences", d.Name())
	}
	fresh := newEngine(t) // not used yet: its dialect is MySQL's until it connects
	md := sql.NewMetaData()
	seqName, lone := unique("order_seq"), unique("lone_seq")
	seq := sql.NewSequence(seqName, sql.SequenceOptions{Start: sql.Int64(1000), Increment: sql.Int64(5)})
	md.Sequence(lone)
	orders := md.Table(unique("orders"),
		sql.NewColumn("id", types.BigInteger{}, seq, sql.PrimaryKey()),
		sql.NewColumn("note", types.String{Length: 20}),
	)
	sequences := func() string {
		return rawQuery(t, eng, "SELECT COALESCE(GROUP_CONCAT(table_name ORDER BY table_name = ?), '') FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'SEQUENCE' AND table_name IN (?, ?)", lone, seqName, lone)
	}
	if err := md.CreateAll(ctx, fresh, sql.CreateOptions{NoCheckFirst: true}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { md.DropAll(context.Background(), eng) })
	if got := sequences(); got != seqName+","+lone {
		t.Fatalf("sequences: %q", got)
	}
	if err := md.CreateAll(ctx, eng); err != nil { // check first: nothing to do
		t.Fatal(err)
	}
	for i, want := range []int64{1000, 1005} {
		res := execOK(t, eng, orders.Insert().Values(sql.Values{"note": fmt.Sprint(i)}))
		if key, err := res.InsertedPrimaryKey(); err != nil || key[0] != want {
			t.Fatalf("key %v %v, want %d", key, err, want)
		}
	}
	wantRows(t, eng, "1000 0|1005 1", orders.C("id"), orders.C("note"))
	if got := rowsText(t, eng, sql.NewSelect(sql.NewSequence(lone).NextValue())); got != "1" {
		t.Fatalf("next value of %s: %s", lone, got)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := sequences(); got != "" {
		t.Fatalf("after DropAll: %q", got)
	}
	if err := md.DropAll(ctx, eng, sql.CreateOptions{NoCheckFirst: true}); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("DropAll without check: %v", err)
	}
}

// A trigger created by a listener with its table, dropped with it.
func TestDDLEventsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	name, trigger := unique("item"), unique("item_trg")
	var log []string
	md.Listen(sql.AfterCreate, func(_ context.Context, _ sql.DDLExecutor, ev sql.DDLEvent) error {
		log = append(log, fmt.Sprintf("%s %d", ev.Kind, len(ev.Tables)))
		return nil
	})
	items := md.Table(name,
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 20}),
		sql.NewColumn("upper_name", types.String{Length: 20}),
		sql.Listen(sql.AfterCreate, sql.RunDDL(sql.Text(
			"CREATE TRIGGER "+trigger+" BEFORE INSERT ON "+name+" FOR EACH ROW SET NEW.upper_name = UPPER(NEW.name)"))),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, items.Insert().Values(sql.Values{"id": 1, "name": "pen"}))
	wantRows(t, eng, "pen PEN", items.C("name"), items.C("upper_name"))
	if got := rawQuery(t, eng, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = ?", trigger); got != "1" {
		t.Fatalf("triggers: %s", got)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := rawQuery(t, eng, "SELECT COUNT(*) FROM information_schema.triggers WHERE trigger_schema = DATABASE() AND trigger_name = ?", trigger); got != "0" {
		t.Fatalf("triggers after DropAll: %s", got)
	}
	if got := strings.Join(log, ", "); got != "after create 1" {
		t.Fatalf("log: %s", got)
	}
}
