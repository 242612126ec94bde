package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// catalog lists the tables, sequences, enum types and indexes of a
// schema: "kind:name" in order.
func catalog(t *testing.T, eng *engine.Engine, schema string) string {
	t.Helper()
	q := sql.Text(`SELECT kind || ':' || name FROM (
		SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'S' THEN 'sequence' WHEN 'i' THEN 'index' END AS kind, c.relname AS name
		FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :s AND c.relkind IN ('r', 'S', 'i')
		UNION ALL
		SELECT 'enum', t.typname FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = :s AND t.typtype = 'e'
	) x ORDER BY 1`).Columns(sql.NewColumn("x", types.Text{}))
	vals, err := execOK(t, eng, q, sql.Params{"s": schema}).Scalars()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vals {
		out = append(out, fmt.Sprint(v))
	}
	return strings.Join(out, " ")
}

func TestCreateAllDropAllLive(t *testing.T) {
	ctx := context.Background()
	schema, u := newSchema(t)
	eng, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	status := types.Enum{Name: "status", Values: []string{"new", "done"}}
	prio := postgres.Enum{Enum: types.Enum{Name: "prio", Values: []string{"low", "high"}}, Schema: schema}
	ticket := sql.NewSequence("ticket_seq", sql.SequenceOptions{Start: sql.Int64(100)})
	md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{ForeignKey: "fk_%(table_name)s_%(column_0_name)s"}))
	standalone := md.Sequence("standalone_seq")
	md.Table("tasks",
		sql.NewColumn("id", types.BigInteger{}, ticket, sql.PrimaryKey()),
		sql.NewColumn("status", status, sql.NotNull(), sql.ServerDefault("new")),
		sql.NewColumn("prio", prio),
		sql.NewColumn("labels", postgres.ArrayOf(status)),
		sql.NewColumn("owner_id", types.Integer{}, sql.References("owners.id")),
		sql.NewColumn("note", types.Text{}, sql.Indexed(), sql.ColumnComment("free text")),
		sql.TableComment("work to do"),
	)
	md.Table("owners",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("status", status),
		sql.NewColumn("last_task", types.BigInteger{}, sql.References("tasks.id")), // a cycle
	)
	mustCreate(t, md, eng)
	want := "enum:prio enum:status index:ix_tasks_note index:owners_pkey index:tasks_pkey " +
		"sequence:owners_id_seq sequence:standalone_seq sequence:ticket_seq table:owners table:tasks"
	if got := catalog(t, eng, schema); got != want {
		t.Fatalf("after CreateAll:\n got %s\nwant %s", got, want)
	}
	// Check first: nothing to do the second time.
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatalf("second CreateAll: %v", err)
	}
	// The enum type and the sequence work.
	tasks, _ := md.Lookup("tasks")
	res := execOK(t, eng, tasks.Insert().Values(sql.Values{"prio": "high", "labels": []string{"new", "done"}}))
	if key, err := res.InsertedPrimaryKey(); err != nil || key[0] != int64(100) {
		t.Fatalf("sequence key: %v %v", key, err)
	}
	wantRows(t, eng, "100 new high [new done]", tasks.C("id"), tasks.C("status"), tasks.C("prio"), tasks.C("labels"))
	if _, err := eng.Execute(ctx, sql.Text("INSERT INTO tasks (status) VALUES ('bogus')")); !errors.Is(err, dialect.ErrData) {
		t.Fatalf("a value outside the enum: %v", err)
	}
	comment, err := execOK(t, eng, sql.NewSelect(sql.Func("obj_description", sql.Text("'tasks'::regclass"), "pg_class"))).Scalar()
	if err != nil || comment != "work to do" {
		t.Fatalf("table comment: %v %v", comment, err)
	}
	// Dropping one table keeps the types another table still uses, and
	// drops the sequence only it used.
	if err := md.DropAll(ctx, eng, sql.CreateOptions{Tables: []*sql.Table{tasks}}); err == nil {
		t.Fatal("dropping a table another table refers to (the cycle) succeeded")
	}
	owners, _ := md.Lookup("owners")
	if _, err := eng.Execute(ctx, sql.Text("ALTER TABLE owners DROP CONSTRAINT fk_owners_last_task")); err != nil {
		t.Fatal(err)
	}
	if err := md.DropAll(ctx, eng, sql.CreateOptions{Tables: []*sql.Table{tasks}}); err != nil {
		t.Fatal(err)
	}
	want = "enum:status index:owners_pkey sequence:owners_id_seq sequence:standalone_seq table:owners"
	if got := catalog(t, eng, schema); got != want {
		t.Fatalf("after dropping tasks:\n got %s\nwant %s", got, want)
	}
	// CreateAll of the one table brings back what it needs.
	if err := md.CreateAll(ctx, eng, sql.CreateOptions{Tables: []*sql.Table{tasks}}); err != nil {
		t.Fatal(err)
	}
	if got := catalog(t, eng, schema); !strings.Contains(got, "enum:prio") || !strings.Contains(got, "sequence:ticket_seq") {
		t.Fatalf("after re-creating tasks: %s", got)
	}
	// DropAll removes everything, cycle included (by the constraint's
	// conventional name), standalone sequence too.
	if _, err := eng.Execute(ctx, sql.Text("ALTER TABLE owners ADD CONSTRAINT fk_owners_last_task FOREIGN KEY (last_task) REFERENCES tasks (id)")); err != nil {
		t.Fatal(err)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := catalog(t, eng, schema); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatalf("second DropAll: %v", err)
	}
	// Without the check, the first missing object fails.
	if err := md.DropAll(ctx, eng, sql.CreateOptions{NoCheckFirst: true}); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("DropAll without check: %v", err)
	}
	_ = standalone
	_ = owners

	// Everything in one transaction: a failure leaves nothing behind.
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Transaction(ctx, func(tx *engine.Tx) error {
		if err := md.CreateAll(ctx, conn); err != nil {
			return err
		}
		_, err := tx.Execute(ctx, sql.Text("SELECT 1/0"))
		return err
	})
	if !errors.Is(err, dialect.ErrData) {
		t.Fatalf("transaction: %v", err)
	}
	if got := catalog(t, eng, schema); got != "" {
		t.Fatalf("after the rolled-back CreateAll: %s", got)
	}
}

// Server defaults written inline in CREATE TABLE are valid PostgreSQL.
func TestServerDefaultsLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	tbl := md.Table("defaults",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("status", types.Enum{Name: "st", Values: []string{"new", "old"}}, sql.ServerDefault("new")),
		sql.NewColumn("flag", types.Boolean{}, sql.ServerDefault(sql.True())),
		sql.NewColumn("raw", types.LargeBinary{}, sql.ServerDefault([]byte{0, 0xff})),
		sql.NewColumn("doc", postgres.JSONB{}, sql.ServerDefault(sql.Text(`'{"a": 1}'::jsonb`))),
		sql.NewColumn("f", types.Double{}, sql.ServerDefault(sql.LiteralValue(math.Inf(1)))),
		sql.NewColumn("n", types.Numeric{Precision: 5, Scale: 2}, sql.ServerDefault(sql.LiteralValue(types.MustDecimal("1.50")))),
		sql.NewColumn("s", types.Text{}, sql.ServerDefault("it's")),
		sql.NewColumn("at", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("tags", postgres.ArrayOf(types.Text{}), sql.ServerDefault(sql.Text("'{}'"))),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, tbl.Insert().Values(sql.Values{"id": 1}))
	row := all(t, eng, tbl.Select())[0]
	got := fmt.Sprint(row.Values()[:9])
	if got != "[1 new true [0 255] map[a:1] +Inf 1.50 it's "+fmt.Sprint(row.Get(8))+"]" || row.Get(8) == nil || fmt.Sprint(row.Get(9)) != "[]" {
		t.Fatalf("defaults: %v", row.Values())
	}
}

// Expression, functional and partial indexes are created as PostgreSQL
// wants them.
func TestIndexesLive(t *testing.T) {
	schema, u := newSchema(t)
	eng, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	md := sql.NewMetaData()
	tbl := md.Table("ix",
		sql.NewColumn("x", types.Integer{}), sql.NewColumn("y", types.Integer{}), sql.NewColumn("s", types.Text{}),
	)
	sql.NewIndex("ix_sum", sql.Ops(tbl.C("x")).Add(tbl.C("y")).Desc().NullsLast())
	sql.NewIndex("ix_lower", sql.Func("lower", tbl.C("s"))).Unique().Where(tbl.C("x").Gt(0))
	sql.NewIndex("ix_cast", tbl.C("s").Cast(types.Integer{}), tbl.C("y"))
	mustCreate(t, md, eng)
	if got := catalog(t, eng, schema); got != "index:ix_cast index:ix_lower index:ix_sum table:ix" {
		t.Fatalf("catalog: %s", got)
	}
	def, err := execOK(t, eng, sql.Text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_lower'").Columns(sql.NewColumn("d", types.Text{}))).Scalar()
	if err != nil || !strings.Contains(fmt.Sprint(def), "UNIQUE INDEX ix_lower") || !strings.Contains(fmt.Sprint(def), "WHERE (x > 0)") {
		t.Fatalf("partial functional index: %v %v", def, err)
	}
}
