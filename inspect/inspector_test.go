package inspect_test

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestNoSuchTable: every question about a table that does not exist is
// answered with ErrNoSuchTable.
func TestNoSuchTable(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		i := inspect.New(b.eng)
		name := unique("missing")
		calls := map[string]func() error{
			"Columns":           func() error { _, err := i.Columns(ctx, "", name); return err },
			"PrimaryKey":        func() error { _, err := i.PrimaryKey(ctx, "", name); return err },
			"ForeignKeys":       func() error { _, err := i.ForeignKeys(ctx, "", name); return err },
			"Indexes":           func() error { _, err := i.Indexes(ctx, "", name); return err },
			"UniqueConstraints": func() error { _, err := i.UniqueConstraints(ctx, "", name); return err },
			"CheckConstraints":  func() error { _, err := i.CheckConstraints(ctx, "", name); return err },
			"TableComment":      func() error { _, err := i.TableComment(ctx, "", name); return err },
			"ViewDefinition":    func() error { _, err := i.ViewDefinition(ctx, "", name); return err },
			"Table":             func() error { _, err := i.Table(ctx, "", name); return err },
			"ReflectTable":      func() error { _, err := i.ReflectTable(ctx, sql.NewMetaData(), name); return err },
		}
		for what, call := range calls {
			if err := call(); !errors.Is(err, inspect.ErrNoSuchTable) {
				t.Errorf("%s: got %v, want ErrNoSuchTable", what, err)
			}
		}
		if ok, err := i.HasTable(ctx, "", name); ok || err != nil {
			t.Errorf("HasTable: %v, %v", ok, err)
		}
	})
}

// TestCache: what an Inspector has read it answers again without a query,
// until ClearCache.
func TestCache(t *testing.T) {
	for _, name := range backendNames {
		t.Run(name, func(t *testing.T) {
			if !dialectRegistered(name) {
				t.Skipf("the %s dialect is not in this build", name)
			}
			var queries atomic.Int64
			listen := engine.OnExecute(engine.Listener{AfterExecute: func(context.Context, *engine.ExecuteEvent) { queries.Add(1) }})
			b := openBackend(t, name)
			b.eng = openEngine(t, b.eng.URL().String(), listen)
			md := sql.NewMetaData()
			tb := md.Table(unique("cached"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
			create(t, b, md)
			ctx := context.Background()
			i := inspect.New(b.eng)
			first, err := i.Table(ctx, "", tb.Name())
			if err != nil {
				t.Fatal(err)
			}
			before := queries.Load()
			again, err := i.Table(ctx, "", tb.Name())
			if err != nil {
				t.Fatal(err)
			}
			if n := queries.Load() - before; n != 0 || !slices.EqualFunc(first.Columns, again.Columns, func(a, b inspect.ColumnInfo) bool { return a.Name == b.Name }) {
				t.Fatalf("the second read sent %d queries", n)
			}
			i.ClearCache()
			if _, err := i.Table(ctx, "", tb.Name()); err != nil {
				t.Fatal(err)
			}
			if queries.Load() == before {
				t.Fatal("after ClearCache, reading sent no query")
			}
		})
	}
}

// TestNames: schemas, tables and views, and a view's query.
func TestNames(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		schema := b.newSchema(t)
		md := sql.NewMetaData(sql.WithSchema(schema))
		beta := md.Table("beta", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("n", types.Integer{}))
		md.Table("alpha", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
		create(t, b, md)
		q := b.eng.Dialect().QuoteIdentifier
		b.exec(t, "CREATE VIEW "+q(schema)+"."+q("v_beta")+" AS SELECT id, n FROM "+q(schema)+"."+q(beta.Name())+" WHERE n > 1")
		t.Cleanup(func() { b.exec(t, "DROP VIEW "+q(schema)+"."+q("v_beta")) })

		i := inspect.New(b.eng)
		if def, err := i.DefaultSchema(ctx); err != nil || def != b.defaultSchema() {
			t.Fatalf("DefaultSchema: %q, %v", def, err)
		}
		schemas, err := i.SchemaNames(ctx)
		if err != nil || !slices.Contains(schemas, schema) || !slices.IsSorted(schemas) {
			t.Fatalf("SchemaNames: %v, %v", schemas, err)
		}
		if tables, err := i.TableNames(ctx, schema); err != nil || !slices.Equal(tables, []string{"alpha", "beta"}) {
			t.Fatalf("TableNames: %v, %v", tables, err)
		}
		if views, err := i.ViewNames(ctx, schema); err != nil || !slices.Equal(views, []string{"v_beta"}) {
			t.Fatalf("ViewNames: %v, %v", views, err)
		}
		def, err := i.ViewDefinition(ctx, schema, "v_beta")
		if err != nil || !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(def)), "SELECT") || !strings.Contains(def, "1") {
			t.Fatalf("ViewDefinition: %q, %v", def, err)
		}
		if _, err := i.ViewDefinition(ctx, schema, "beta"); !errors.Is(err, inspect.ErrNoSuchTable) {
			t.Fatalf("ViewDefinition of a table: %v", err)
		}
		cols, err := i.Columns(ctx, schema, "v_beta")
		if err != nil || len(cols) != 2 || cols[0].Name != "id" || cols[1].Name != "n" {
			t.Fatalf("view columns: %v, %v", cols, err)
		}

		// Reflect: the tables, then the view too.
		got := sql.NewMetaData(sql.WithSchema(schema))
		if err := inspect.Reflect(ctx, b.eng, got); err != nil {
			t.Fatal(err)
		}
		if names := tableNames(got); !slices.Equal(names, []string{schema + ".alpha", schema + ".beta"}) {
			t.Fatalf("Reflect: %v", names)
		}
		noDifferences(t, b.dialect(t), md, got)
		if err := inspect.Reflect(ctx, b.eng, got, inspect.Options{Views: true}); err != nil {
			t.Fatal(err)
		}
		view, ok := got.Lookup(schema + ".v_beta")
		if !ok {
			t.Fatalf("Reflect with Views: %v", tableNames(got))
		}
		if _, err := b.eng.Execute(ctx, sql.NewInsert(beta).Values(sql.Values{"id": 1, "n": 5}, sql.Values{"id": 2, "n": 0})); err != nil {
			t.Fatal(err)
		}
		res, err := b.eng.Execute(ctx, sql.NewSelect(view.C("n")))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := res.All()
		if err != nil || len(rows) != 1 || rows[0].Values()[0] != int64(5) {
			t.Fatalf("the reflected view: %v, %v", rows, err)
		}
	})
}

func tableNames(md *sql.MetaData) []string {
	var out []string
	for _, tb := range md.Tables() {
		out = append(out, tb.FullName())
	}
	slices.Sort(out)
	return out
}

// TestReferredTables: reflecting a table reflects the tables its foreign
// keys refer to, unless told not to.
func TestReferredTables(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		md := sql.NewMetaData()
		parent := md.Table(unique("parent"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
		child := md.Table(unique("child"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("parent_id", types.Integer{}, sql.References(parent.C("id"))))
		create(t, b, md)

		got := sql.NewMetaData()
		tb, err := inspect.ReflectTable(ctx, b.eng, got, child.Name())
		if err != nil {
			t.Fatal(err)
		}
		if names := tableNames(got); !slices.Equal(names, tableNames(md)) {
			t.Fatalf("ReflectTable reflected %v", names)
		}
		fk := tb.ForeignKeyConstraints()
		if len(fk) != 1 {
			t.Fatalf("foreign keys: %v", fk)
		}
		if ref, err := fk[0].ReferredTable(); err != nil || ref.Name() != parent.Name() {
			t.Fatalf("the foreign key refers to %v (%v)", ref, err)
		}
		if again, err := inspect.ReflectTable(ctx, b.eng, got, child.Name()); err != nil || again != tb {
			t.Fatalf("reflecting a table the MetaData holds: %v, %v", again, err)
		}

		alone := sql.NewMetaData()
		if _, err := inspect.ReflectTable(ctx, b.eng, alone, child.Name(), inspect.Options{NoReferredTables: true}); err != nil {
			t.Fatal(err)
		}
		if names := tableNames(alone); len(names) != 1 {
			t.Fatalf("NoReferredTables reflected %v", names)
		}
	})
}

// TestNotSupported: sequences and enum types on databases without them.
func TestNotSupported(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		if b.name == "postgresql" {
			t.Skip("PostgreSQL has sequences and enum types")
		}
		i := inspect.New(b.eng)
		if _, err := i.Sequences(context.Background(), ""); !errors.Is(err, dialect.ErrNotSupported) {
			t.Errorf("Sequences: %v", err)
		}
		if _, err := i.Enums(context.Background(), ""); !errors.Is(err, dialect.ErrNotSupported) {
			t.Errorf("Enums: %v", err)
		}
	})
}

// TestSequencesAndEnums: PostgreSQL's sequences, with their parameters,
// and enum types, with their labels in order.
func TestSequencesAndEnums(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		if b.name != "postgresql" {
			t.Skip("sequences and enum types are PostgreSQL's here")
		}
		ctx := context.Background()
		schema := b.newSchema(t)
		q := b.eng.Dialect().QuoteIdentifier
		b.exec(t, "CREATE SEQUENCE "+q(schema)+".ids AS integer START WITH 100 INCREMENT BY 10 MAXVALUE 5000 CACHE 5 CYCLE")
		b.exec(t, "CREATE TYPE "+q(schema)+".mood AS ENUM ('sad', 'ok', 'happy')")
		b.exec(t, "CREATE TABLE "+q(schema)+".people (id SERIAL PRIMARY KEY, m "+q(schema)+".mood DEFAULT 'ok')")
		i := inspect.New(b.eng)
		seqs, err := i.Sequences(ctx, schema)
		if err != nil {
			t.Fatal(err)
		}
		want := []inspect.SequenceInfo{
			{Name: "ids", TypeName: "integer", SequenceOptions: inspect.SequenceOptions{Start: 100, Increment: 10, MinValue: 1, MaxValue: 5000, Cache: 5, Cycle: true}},
			{Name: "people_id_seq", TypeName: "integer", SequenceOptions: inspect.SequenceOptions{Start: 1, Increment: 1, MinValue: 1, MaxValue: 1<<31 - 1, Cache: 1}},
		}
		if !reflect.DeepEqual(seqs, want) {
			t.Fatalf("sequences:\n got %+v\nwant %+v", seqs, want)
		}
		enums, err := i.Enums(ctx, schema)
		if err != nil || !reflect.DeepEqual(enums, []inspect.EnumInfo{{Name: "mood", Values: []string{"sad", "ok", "happy"}}}) {
			t.Fatalf("enums: %+v, %v", enums, err)
		}
		cols, err := i.Columns(ctx, schema, "people")
		if err != nil {
			t.Fatal(err)
		}
		if e, ok := cols[1].Type.(postgres.Enum); !ok || e.Schema != schema || e.Name != "mood" || len(e.Values) != 3 {
			t.Fatalf("an enum column of another schema: %#v", cols[1].Type)
		}
		s, err := i.Schema(ctx, schema)
		if err != nil || len(s.Sequences) != 2 || len(s.Enums) != 1 || len(s.Tables) != 1 {
			t.Fatalf("Schema: %+v, %v", s, err)
		}
	})
}

// TestConcurrent: an Inspector over an engine answers several goroutines
// at once.
func TestConcurrent(t *testing.T) {
	b := openBackend(t, "sqlite")
	md := sql.NewMetaData()
	md.Table("a", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	md.Table("b", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("a_id", types.Integer{}, sql.References("a.id")))
	create(t, b, md)
	i := inspect.New(b.eng)
	done := make(chan error)
	for k := range 8 {
		go func() {
			name := []string{"a", "b"}[k%2]
			_, err := i.Table(context.Background(), "", name)
			if k == 4 {
				i.ClearCache()
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}
