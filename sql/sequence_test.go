package sql_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// objDialect is a dialect with or without sequences, whose hook adds a
// named type for every column of type Text (standing for PostgreSQL's
// enum types).
type objDialect struct {
	dialect.Base
	hooks *sql.Hooks
}

func (objDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, dialect.ErrNotSupported
}

func (d *objDialect) SQLHooks() *sql.Hooks { return d.hooks }

func newObjDialect(sequences bool) *objDialect {
	d := &objDialect{Base: dialect.Base{
		DialectName: "objects", Params: dialect.Qmark, QuoteOpen: '"', QuoteClose: '"',
		Reserved: dialect.ReservedWords(dialect.StandardReserved), MaxIdentLen: 30,
		FeatureFlags: dialect.Features{DefaultValues: true, MultiValuesInsert: true, Sequences: sequences, AlterAddConstraint: true},
	}}
	d.hooks = &sql.Hooks{SchemaObjects: func(_ dialect.Dialect, tables []*sql.Table) []sql.SchemaObject {
		var out []sql.SchemaObject
		for _, t := range tables {
			for _, c := range t.Columns() {
				if _, ok := c.Type().(types.Text); ok {
					name := "type_" + c.Name()
					out = append(out, sql.SchemaObject{Kind: dialect.ObjectType, Name: name,
						Create: sql.Text("CREATE TYPE " + name), Drop: sql.Text("DROP TYPE " + name)})
				}
			}
		}
		return out
	}}
	return d
}

// objRecorder records DDL, with tables and objects that "exist".
type objRecorder struct {
	d        dialect.Dialect
	existing map[string]bool
	stmts    []string
	noCheck  bool // has no HasObject
}

func (r *objRecorder) Dialect() dialect.Dialect { return r.d }

func (r *objRecorder) ExecDDL(_ context.Context, st sql.Statement) error {
	c, err := sql.Compile(st, r.d)
	if err != nil {
		return err
	}
	r.stmts = append(r.stmts, c.SQL)
	return nil
}

func (r *objRecorder) HasTable(_ context.Context, schema, name string) (bool, error) {
	return r.existing["table "+name], nil
}

type checkingRecorder struct{ *objRecorder }

func (r checkingRecorder) HasObject(_ context.Context, kind dialect.ObjectKind, schema, name string) (bool, error) {
	return r.existing[string(kind)+" "+name], nil
}

func (r *objRecorder) executor() sql.DDLExecutor {
	if r.noCheck {
		return r
	}
	return checkingRecorder{r}
}

func TestSequenceCompile(t *testing.T) {
	seq := sql.NewSequence("id_seq")
	md := sql.NewMetaData()
	tbl := md.Table("t", sql.NewColumn("id", integer, seq, sql.PrimaryKey()), sql.NewColumn("x", integer))
	withDefault := md.Table("u", sql.NewColumn("id", integer, sql.Default(sql.NewSequence("u_seq", sql.SequenceOptions{Schema: "s"})), sql.PrimaryKey()))
	none := newObjDialect(false)
	sqltest.Run(t, []sqltest.Case{
		{Name: "next value", Stmt: sql.NewSelect(seq.NextValue()), SQL: "SELECT NEXT VALUE FOR id_seq AS anon_1"},
		{Name: "insert takes the next value", Stmt: tbl.Insert().Values(sql.Values{"x": 1}),
			SQL: "INSERT INTO t (id, x) VALUES (NEXT VALUE FOR id_seq, :x)", Params: sql.Params{"x": 1}},
		{Name: "given value", Stmt: tbl.Insert().Values(sql.Values{"id": 5, "x": 1}),
			SQL: "INSERT INTO t (id, x) VALUES (:id, :x)", Params: sql.Params{"id": 5, "x": 1}},
		{Name: "Default(sequence)", Stmt: withDefault.Insert(), SQL: "INSERT INTO u (id) VALUES (NEXT VALUE FOR s.u_seq)"},
		{Name: "no DEFAULT in DDL", Stmt: sql.NewCreateTable(tbl), SQL: "CREATE TABLE t (id INTEGER NOT NULL, x INTEGER, PRIMARY KEY (id))"},
		// Without sequences, the column is left to the database.
		{Name: "ignored without sequences", Dialect: none, Stmt: tbl.Insert().Values(sql.Values{"x": 1}), SQL: "INSERT INTO t (x) VALUES (?)", Params: []any{1}},
		{Name: "next value without sequences", Dialect: none, Stmt: seq.NextValue(), Err: sql.ErrNotSupported},
		{Name: "create without sequences", Dialect: none, Stmt: sql.NewCreateSequence(seq), Err: sql.ErrNotSupported},
		{Name: "drop without sequences", Dialect: none, Stmt: sql.NewDropSequence(seq), Err: sql.ErrNotSupported},
		{Name: "drop nil", Stmt: &sql.DropSequence{}, Err: sql.ErrArgument},
		{Name: "create nil", Stmt: &sql.CreateSequence{}, Err: sql.ErrArgument},
		{Name: "bad data type", Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{DataType: types.NullType{}})), Err: sql.ErrNotSupported},
	})
	// A sequence default keeps the key an autoincrement column.
	if tbl.AutoincrementColumn() != tbl.C("id") {
		t.Fatal("a sequence default turned autoincrement off")
	}
	if seq.Name() != "id_seq" || seq.Schema() != "" || seq.NextValue().Sequence() != seq || seq.NextValue().Type() != (types.BigInteger{}) {
		t.Fatal("accessors")
	}
	if ms := md.Sequence("m", sql.SequenceOptions{Increment: sql.Int64(2)}); *ms.Options().Increment != 2 || len(md.Sequences()) != 1 {
		t.Fatal("MetaData.Sequence")
	}
	if schemaMD := sql.NewMetaData(sql.WithSchema("app")); schemaMD.Sequence("q").Schema() != "app" {
		t.Fatal("a metadata sequence takes the metadata's schema")
	}
}

func TestCreateAllSchemaObjects(t *testing.T) {
	ctx := context.Background()
	md := sql.NewMetaData()
	md.Sequence("standalone")
	a := md.Table("a", sql.NewColumn("id", integer, sql.NewSequence("a_seq"), sql.PrimaryKey()), sql.NewColumn("label", text))
	b := md.Table("b", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.ServerDefault(sql.NewSequence("b_seq").NextValue())),
		sql.NewColumn("label", text), sql.NewColumn("a_id", integer, sql.References("a.id")))
	run := func(r *objRecorder, fn func(context.Context, sql.DDLExecutor, ...sql.CreateOptions) error, opts ...sql.CreateOptions) string {
		t.Helper()
		r.stmts = nil
		if err := fn(ctx, r.executor(), opts...); err != nil {
			t.Fatal(err)
		}
		return strings.Join(r.stmts, "; ")
	}
	r := &objRecorder{d: newObjDialect(true), existing: map[string]bool{}}
	got := run(r, md.CreateAll)
	want := "CREATE SEQUENCE a_seq; CREATE SEQUENCE b_seq; CREATE TYPE type_label; CREATE SEQUENCE standalone; " +
		"CREATE TABLE a (id INTEGER NOT NULL, label TEXT, PRIMARY KEY (id)); " +
		"CREATE TABLE b (id INTEGER DEFAULT NEXT VALUE FOR b_seq NOT NULL, label TEXT, a_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(a_id) REFERENCES a (id))"
	if got != want {
		t.Fatalf("CreateAll:\n got %s\nwant %s", got, want)
	}
	got = run(r, md.DropAll, sql.CreateOptions{NoCheckFirst: true})
	want = "DROP TABLE b; DROP TABLE a; DROP SEQUENCE a_seq; DROP SEQUENCE b_seq; DROP TYPE type_label; DROP SEQUENCE standalone"
	if got != want {
		t.Fatalf("DropAll:\n got %s\nwant %s", got, want)
	}
	// Check first: what exists is not created again, what does not is not
	// dropped.
	for _, k := range []string{"table a", "sequence a_seq", "type type_label"} {
		r.existing[k] = true
	}
	if got = run(r, md.CreateAll); got != "CREATE SEQUENCE b_seq; CREATE SEQUENCE standalone; "+
		"CREATE TABLE b (id INTEGER DEFAULT NEXT VALUE FOR b_seq NOT NULL, label TEXT, a_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(a_id) REFERENCES a (id))" {
		t.Fatalf("CreateAll, check first: %s", got)
	}
	if got = run(r, md.DropAll); got != "DROP TABLE a; DROP SEQUENCE a_seq; DROP TYPE type_label" {
		t.Fatalf("DropAll, check first: %s", got)
	}
	// Dropping some tables keeps what the others use; the metadata's own
	// sequences stay.
	r.existing = map[string]bool{"table a": true, "table b": true, "sequence a_seq": true, "sequence b_seq": true, "type type_label": true}
	if got = run(r, md.DropAll, sql.CreateOptions{Tables: []*sql.Table{b}}); got != "DROP TABLE b; DROP SEQUENCE b_seq" {
		t.Fatalf("DropAll of b: %s", got)
	}
	if got = run(r, md.CreateAll, sql.CreateOptions{Tables: []*sql.Table{a}, NoCheckFirst: true}); !strings.HasPrefix(got, "CREATE SEQUENCE a_seq; CREATE TYPE type_label; CREATE TABLE a") {
		t.Fatalf("CreateAll of a: %s", got)
	}
	// Without sequences, only the dialect's objects; a sequence in a
	// server default cannot be written.
	plain := &objRecorder{d: newObjDialect(false), existing: map[string]bool{}}
	if got = run(plain, md.CreateAll, sql.CreateOptions{Tables: []*sql.Table{a}}); got != "CREATE TYPE type_label; CREATE TABLE a (id INTEGER NOT NULL, label TEXT, PRIMARY KEY (id))" {
		t.Fatalf("CreateAll without sequences: %s", got)
	}
	if err := md.CreateAll(ctx, plain.executor()); !errors.Is(err, sql.ErrNotSupported) {
		t.Fatalf("nextval server default without sequences: %v", err)
	}
	// An executor that cannot check objects must be told not to.
	blind := &objRecorder{d: newObjDialect(true), existing: map[string]bool{}, noCheck: true}
	if err := md.CreateAll(ctx, blind.executor()); !errors.Is(err, sql.ErrNotSupported) || len(blind.stmts) > 0 {
		t.Fatalf("CreateAll without HasObject: %v %v", err, blind.stmts)
	}
	if got = run(blind, md.CreateAll, sql.CreateOptions{NoCheckFirst: true}); !strings.HasPrefix(got, "CREATE SEQUENCE a_seq") {
		t.Fatalf("CreateAll without HasObject, no check: %s", got)
	}
	objs := sql.SchemaObjectsOf(newObjDialect(true), []*sql.Table{a, b, a})
	var keys []string
	for _, o := range objs {
		keys = append(keys, string(o.Kind)+" "+o.Name)
	}
	if !slices.Equal(keys, []string{"sequence a_seq", "sequence b_seq", "type type_label"}) {
		t.Fatalf("SchemaObjectsOf: %v", keys)
	}
}

// On SQLite, which has no sequences, a sequence default is ignored: the
// key is generated as without it.
func TestSequenceOnSQLite(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	md := sql.NewMetaData()
	md.Sequence("unused_seq")
	tbl := md.Table("t", sql.NewColumn("id", integer, sql.NewSequence("id_seq"), sql.PrimaryKey()), sql.NewColumn("x", integer))
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	for want := int64(1); want <= 2; want++ {
		res, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"x": 1}))
		if err != nil {
			t.Fatal(err)
		}
		if key, err := res.InsertedPrimaryKey(); err != nil || key[0] != want {
			t.Fatalf("key %v %v", key, err)
		}
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
}
