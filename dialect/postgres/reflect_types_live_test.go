package postgres_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestDialectTypesReflectLive declares a column of each of PostgreSQL's
// own types (and identity, serial and computed columns), creates the
// table, reflects it and compares: each reflected column has the
// declared type, and inspect.Compare finds no difference, also after the
// table is created again from the reflection.
func TestDialectTypesReflectLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	mood := types.Enum{Name: "gaps_mood", Values: []string{"Happy", "sad", "it's"}}
	yes := true
	start, step := int64(10), int64(5)
	cols := []struct {
		name string
		typ  types.Type
		want types.Type // the reflected type, when not typ
	}{
		{"ints", postgres.ArrayOf(types.Integer{}), nil}, {"texts", postgres.ArrayOf(types.Text{}), nil},
		{"grid", postgres.Array{Item: types.Double{}, Dimensions: 2}, nil}, {"moods", postgres.ArrayOf(mood), nil},
		{"jb", postgres.JSONB{}, nil}, {"js", types.JSON{}, nil},
		{"ip", postgres.INET{}, nil}, {"net", postgres.CIDR{}, nil}, {"mac", postgres.MACADDR{}, nil},
		{"r4", postgres.Int4Range{}, nil}, {"r8", postgres.Int8Range{}, nil}, {"rn", postgres.NumRange{}, nil},
		{"rd", postgres.DateRange{}, nil}, {"rts", postgres.TSRange{}, nil}, {"rtz", postgres.TSTZRange{}, nil},
		{"mood", mood, nil}, {"wait", types.Interval{}, nil}, {"uid", types.UUID{}, nil},
		{"ts", types.DateTime{}, nil}, {"tstz", types.DateTime{Timezone: true}, nil}, {"tm", types.Time{}, nil}, {"tmtz", types.Time{Timezone: true}, nil},
		{"num", types.Numeric{Precision: 20, Scale: 6}, nil}, {"f", types.Float{}, types.Double{}}, {"r", types.Float{Precision: 10}, types.Float{Precision: 24}},
	}
	items := []sql.TableItem{
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), // SERIAL
		sql.NewColumn("ident", types.BigInteger{}, sql.AsIdentity(sql.Identity{Always: true, Start: &start, Increment: &step})),
		sql.NewColumn("base", types.Integer{}),
	}
	items = append(items, sql.NewColumn("twice", types.Integer{}, sql.Generated(sql.LiteralColumn("base * 2"), &yes)))
	for _, c := range cols {
		items = append(items, sql.NewColumn(c.name, c.typ))
	}
	name := "gaps_rtypes"
	tbl := md.Table(name, items...)
	mustCreate(t, md, eng)

	reflectAndCompare := func(t *testing.T) *sql.Table {
		got := sql.NewMetaData()
		if err := inspect.Reflect(ctx, eng, got, inspect.Options{Tables: []string{name}}); err != nil {
			t.Fatal(err)
		}
		if diffs := inspect.Compare(eng.Dialect(), md, got); len(diffs) > 0 {
			var lines []string
			for _, df := range diffs {
				lines = append(lines, df.String())
			}
			t.Fatalf("%d differences:\n%s", len(diffs), strings.Join(lines, "\n"))
		}
		rt, _ := got.Lookup(name)
		return rt
	}
	rt := reflectAndCompare(t)
	for _, c := range cols {
		want := c.want
		if want == nil {
			want = c.typ
		}
		if a, ok := want.(postgres.Array); ok && a.Dimensions == 0 {
			a.Dimensions = 1
			want = a
		}
		if got := rt.C(c.name).Type(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: reflected %#v, want %#v", c.name, got, want)
		}
	}
	if id := rt.C("ident").Identity(); id == nil || !id.Always || *id.Start != 10 || *id.Increment != 5 {
		t.Errorf("identity: %+v", id)
	}
	if !rt.C("id").Autoincrement() {
		t.Error("the serial key is not autoincrement")
	}
	if c := rt.C("twice").Computed(); c == nil {
		t.Error("the computed column is not computed")
	}
	// The reflected table is used and created like the declared one.
	execOK(t, eng, rt.Insert().Values(sql.Values{"base": 4, "ip": "10.0.0.1", "r4": postgres.NewRange[int64](1, 5), "moods": []string{"it's"}}))
	execOK(t, eng, tbl.Insert().Values(sql.Values{"base": 5}))
	res := all(t, eng, sql.NewSelect(rt.C("id"), rt.C("ident"), rt.C("twice"), rt.C("r4"), rt.C("moods")).OrderBy(rt.C("id")))
	if v := res[0].Values(); v[0] != int64(1) || v[1] != int64(10) || v[2] != int64(8) ||
		!reflect.DeepEqual(v[3], postgres.NewRange[int64](1, 5)) || !reflect.DeepEqual(v[4], []string{"it's"}) {
		t.Fatalf("row: %#v", v)
	}
	if v := res[1].Values(); v[1] != int64(15) {
		t.Fatalf("second identity: %v", v[1])
	}
	rmd := rt.MetaData()
	if err := rmd.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if err := rmd.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	reflectAndCompare(t)
	if err := rmd.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
}
