package postgres_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"

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
		{"ts0", postgres.Timestamp{Precision: 0}, nil}, {"tstz3", postgres.Timestamp{Precision: 3, Timezone: true}, nil},
		{"tm2", postgres.Time{Precision: 2}, nil}, {"tmtz4", postgres.Time{Precision: 4, Timezone: true}, nil},
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

// TestPrecisionTypesLive stores a time with microseconds in columns of
// Timestamp and Time with fewer digits, on both connection paths: the
// server rounds to the declared precision, and values come back as the
// generic types' do (TIMESTAMP WITH TIME ZONE in UTC).
func TestPrecisionTypesLive(t *testing.T) {
	for _, path := range []struct {
		name string
		opts []engine.Option
	}{{"native", nil}, {"database/sql", []engine.Option{engine.UseDatabaseSQL()}}} {
		t.Run(path.name, func(t *testing.T) {
			eng := newEngine(t, path.opts...)
			md := sql.NewMetaData()
			tbl := md.Table("gaps_precision",
				sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
				sql.NewColumn("ts0", postgres.Timestamp{Precision: 0}),
				sql.NewColumn("tstz3", postgres.Timestamp{Precision: 3, Timezone: true}),
				sql.NewColumn("tm2", postgres.Time{Precision: 2}),
			)
			mustCreate(t, md, eng)
			at := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.UTC)
			zoned := time.Date(2026, 1, 2, 3, 4, 5, 123456000, time.FixedZone("", 2*3600))
			execOK(t, eng, tbl.Insert().Values(sql.Values{"id": 1, "ts0": at, "tstz3": zoned, "tm2": at}))
			type row struct {
				TS0   time.Time
				TSTZ3 time.Time
				TM2   time.Time
			}
			got, err := engine.ScanOne[row](eng.Execute(context.Background(), sql.NewSelect(tbl.C("ts0"), tbl.C("tstz3"), tbl.C("tm2"))))
			if err != nil {
				t.Fatal(err)
			}
			if want := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC); !got.TS0.Equal(want) {
				t.Errorf("TIMESTAMP(0): %v, want %v", got.TS0, want)
			}
			if want := time.Date(2026, 1, 2, 1, 4, 5, 123000000, time.UTC); !got.TSTZ3.Equal(want) || got.TSTZ3.Location() != time.UTC {
				t.Errorf("TIMESTAMP(3) WITH TIME ZONE: %v, want %v in UTC", got.TSTZ3, want)
			}
			if h, m, s := got.TM2.Clock(); h != 3 || m != 4 || s != 5 || got.TM2.Nanosecond() != 120000000 {
				t.Errorf("TIME(2): %v, want 03:04:05.12", got.TM2)
			}
			if _, err := sql.Compile(sql.NewCreateTable(sql.NewTable("bad", sql.NewColumn("x", postgres.Time{Precision: 7}))), eng.Dialect()); !errors.Is(err, dialect.ErrNotSupported) {
				t.Errorf("TIME(7): %v, want ErrNotSupported", err)
			}
		})
	}
}
