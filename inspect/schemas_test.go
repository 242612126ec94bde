package inspect_test

import (
	"context"
	"slices"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestSeveralSchemas: schema-qualified tables, foreign keys across
// schemas (not on SQLite, whose references stay within a database), and a
// table of the default schema referring to another schema's.
func TestSeveralSchemas(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		one, two := b.newSchema(t), b.newSchema(t)
		md := sql.NewMetaData()
		parent := md.Table("parent", sql.Schema(one),
			sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("code", types.String{Length: 5}, sql.Unique()))
		sibling := md.Table("sibling", sql.Schema(two), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
		md.Table("child", sql.Schema(two),
			sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("parent_id", types.Integer{}, sql.References(parent.C("id"))),
			sql.NewColumn("sibling_id", types.Integer{}, sql.References(sibling.C("id")), sql.Indexed()))
		local := md.Table(unique("local"),
			sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("parent_id", types.Integer{}, sql.References(parent.C("id"))))
		create(t, b, md)

		i := inspect.New(b.eng)
		if names, err := i.TableNames(ctx, two); err != nil || !slices.Equal(names, []string{"child", "sibling"}) {
			t.Fatalf("TableNames(%s): %v, %v", two, names, err)
		}
		fks, err := i.ForeignKeys(ctx, two, "child")
		if err != nil {
			t.Fatal(err)
		}
		refs := map[string]string{}
		for _, fk := range fks {
			refs[fk.ReferredTable] = fk.ReferredSchema
		}
		wantRefs := map[string]string{"parent": one, "sibling": two}
		if b.name == "sqlite" {
			wantRefs = map[string]string{"sibling": two}
		}
		if len(refs) != len(wantRefs) || refs["parent"] != wantRefs["parent"] || refs["sibling"] != wantRefs["sibling"] {
			t.Fatalf("foreign keys of %s.child: %+v", two, fks)
		}

		// Reflect the second schema: the first's parent comes along, as
		// the table a foreign key refers to.
		got := sql.NewMetaData()
		if err := i.Reflect(ctx, got, inspect.Options{Schema: two}); err != nil {
			t.Fatal(err)
		}
		want := []string{one + ".parent", two + ".child", two + ".sibling"}
		if b.name == "sqlite" {
			want = want[1:]
		}
		slices.Sort(want)
		if names := tableNames(got); !slices.Equal(names, want) {
			t.Fatalf("Reflect(%s): %v", two, names)
		}
		if b.name != "sqlite" {
			if _, err := i.ReflectTable(ctx, got, local.Name()); err != nil {
				t.Fatal(err)
			}
			if fk := mustLookup(t, got, local.Name()).ForeignKeyConstraints(); len(fk) != 1 || fk[0].Elements()[0].Target() != one+".parent.id" {
				t.Fatalf("the default schema's table refers to %v", fk[0].Elements()[0].Target())
			}
		} else {
			if err := i.Reflect(ctx, got, inspect.Options{Schema: one}); err != nil {
				t.Fatal(err)
			}
			if _, err := i.ReflectTable(ctx, got, local.Name(), inspect.Options{NoReferredTables: true}); err != nil {
				t.Fatal(err)
			}
		}
		noDifferences(t, b.dialect(t), md, got)
	})
}

func mustLookup(t *testing.T, md *sql.MetaData, name string) *sql.Table {
	t.Helper()
	tb, ok := md.Lookup(name)
	if !ok {
		t.Fatalf("no table %s in %v", name, tableNames(md))
	}
	return tb
}

// TestSchemaTranslateMap: an engine that translates schemas creates,
// fills, queries and drops a MetaData's tables in the schemas it maps
// them to; two engines with two maps keep two sets of tables apart.
func TestSchemaTranslateMap(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		if b.name == "sqlite" {
			t.Skip("an attached SQLite database belongs to one engine's connection: see TestSchemaTranslateMap in package engine")
		}
		md := sql.NewMetaData()
		items := md.Table(unique("items"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 10}))
		md.Table("logs", sql.Schema("audit"),
			sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("item_id", types.Integer{}, sql.References(items.C("id")), sql.Indexed()))

		tenants := []string{b.newSchema(t), b.newSchema(t)}
		var engines []*engine.Engine
		for k, schema := range tenants {
			eng := openEngine(t, b.eng.URL().String(), engine.SchemaTranslateMap(map[string]string{"": schema, "audit": schema}))
			engines = append(engines, eng)
			if err := md.CreateAll(ctx, eng); err != nil {
				t.Fatal(err)
			}
			if _, err := eng.Execute(ctx, sql.NewInsert(items).Values(sql.Values{"id": k + 1, "name": schema})); err != nil {
				t.Fatal(err)
			}
		}
		i := inspect.New(b.eng)
		for k, eng := range engines {
			if names, err := i.TableNames(ctx, tenants[k]); err != nil || !slices.Equal(names, []string{items.Name(), "logs"}) {
				t.Fatalf("tables in %s: %v, %v", tenants[k], names, err)
			}
			for range 2 {
				res, err := eng.Execute(ctx, sql.NewSelect(items.C("id"), items.C("name")))
				if err != nil {
					t.Fatal(err)
				}
				rows, err := res.All()
				if err != nil || len(rows) != 1 || rows[0].Values()[0] != int64(k+1) {
					t.Fatalf("tenant %d reads %v (%v)", k, rows, err)
				}
			}
			if eng.CacheStats().Hits == 0 {
				t.Fatal("the translated SELECT was not cached")
			}
		}
		if ok, err := b.eng.HasTable(ctx, "", items.Name()); ok || err != nil {
			t.Fatalf("the default schema has %s: %v, %v", items.Name(), ok, err)
		}
		for k, eng := range engines {
			if ok, err := eng.HasTable(ctx, "", items.Name()); !ok || err != nil {
				t.Fatalf("HasTable through tenant %d: %v, %v", k, ok, err)
			}
			if err := md.DropAll(ctx, eng); err != nil {
				t.Fatal(err)
			}
			if names, err := i.TableNames(ctx, tenants[k]); err != nil || len(names) != 0 {
				i.ClearCache()
				if names, err = i.TableNames(ctx, tenants[k]); err != nil || len(names) != 0 {
					t.Fatalf("after DropAll, %s has %v (%v)", tenants[k], names, err)
				}
			}
		}
	})
}
