package mysql_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestDialectTypesReflectLive declares a column of each of MySQL's own
// types, creates the table, reflects it and compares: the reflected
// columns have the declared types (as the dialect writes them), and
// inspect.Compare finds no difference.
func TestDialectTypesReflectLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	name := unique("gaps_rtypes")
	cols := []struct {
		name string
		typ  types.Type
	}{
		{"ti", mysql.TinyInt{}}, {"tiu", mysql.TinyInt{Unsigned: true}}, {"tiz", mysql.TinyInt{Unsigned: true, Zerofill: true}},
		{"si", mysql.SmallInt{}}, {"siu", mysql.SmallInt{Unsigned: true}}, {"siz", mysql.SmallInt{Zerofill: true}},
		{"mi", mysql.MediumInt{}}, {"miu", mysql.MediumInt{Unsigned: true}}, {"miz", mysql.MediumInt{Unsigned: true, Zerofill: true}},
		{"i", mysql.Int{}}, {"iu", mysql.Int{Unsigned: true}}, {"iz", mysql.Int{Zerofill: true}},
		{"bi", mysql.BigInt{}}, {"biu", mysql.BigInt{Unsigned: true}}, {"biz", mysql.BigInt{Unsigned: true, Zerofill: true}},
		{"yr", mysql.Year{}}, {"b1", mysql.Bit{}}, {"b9", mysql.Bit{Length: 9}}, {"b64", mysql.Bit{Length: 64}},
		{"perms", mysql.Set{Values: []string{"Read", "write", "it's"}}},
		{"mood", types.Enum{Values: []string{"Happy", "sad"}}},
		{"tt", mysql.TinyText{}}, {"tx", mysql.Text{}}, {"mt", mysql.MediumText{}}, {"lt", mysql.LongText{}},
		{"ltc", mysql.LongText{Collation: "utf8mb4_bin"}}, {"vc", types.String{Length: 20, Collation: "utf8mb4_bin"}},
		{"tb", mysql.TinyBlob{}}, {"bl", mysql.Blob{}}, {"mb", mysql.MediumBlob{}}, {"lb", mysql.LongBlob{}},
		{"dt", mysql.DateTime{}}, {"dt3", mysql.DateTime{FSP: 3}}, {"dt6", mysql.DateTime{FSP: 6}}, {"gdt", types.DateTime{}},
		{"ts", mysql.Timestamp{}}, {"ts6", mysql.Timestamp{FSP: 6}},
		{"tm", mysql.Time{}}, {"tm3", mysql.Time{FSP: 3}}, {"gtm", types.Time{}},
		{"dec", types.Numeric{Precision: 12, Scale: 4}}, {"dec0", types.Numeric{Precision: 9}},
		{"f", types.Float{}}, {"f10", types.Float{Precision: 10}}, {"f40", types.Float{Precision: 40}}, {"d", types.Double{}},
		{"js", types.JSON{}},
	}
	items := []sql.TableItem{sql.NewColumn("id", types.Integer{}, sql.PrimaryKey())}
	for _, c := range cols {
		items = append(items, sql.NewColumn(c.name, c.typ))
	}
	tbl := md.Table(name, items...)
	mustCreate(t, md, eng)

	got := sql.NewMetaData()
	if err := inspect.Reflect(ctx, eng, got, inspect.Options{Tables: []string{name}}); err != nil {
		t.Fatal(err)
	}
	rt, ok := got.Lookup(name)
	if !ok {
		t.Fatal("not reflected")
	}
	d := eng.Dialect()
	for _, c := range cols {
		want, _ := sql.ColumnTypeSQL(d, tbl.C(c.name))
		want = d.(dialect.TypeCanonicalizer).CanonicalTypeName(want)
		have, err := sql.ColumnTypeSQL(d, rt.C(c.name))
		have = d.(dialect.TypeCanonicalizer).CanonicalTypeName(have)
		if err != nil || want != have {
			t.Errorf("%s: declared %s, reflected %s (%T) %v", c.name, want, have, rt.C(c.name).Type(), err)
		}
	}
	if diffs := inspect.Compare(d, md, got); len(diffs) > 0 {
		var lines []string
		for _, df := range diffs {
			lines = append(lines, df.String())
		}
		t.Fatalf("%d differences:\n%s", len(diffs), strings.Join(lines, "\n"))
	}
	// Values go through the reflected table's types: DATETIME(3) keeps
	// milliseconds, TIMESTAMP(6) an instant, read back in UTC (the server
	// drops the digits beyond the column's).
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456789, time.FixedZone("x", 3600))
	execOK(t, eng, rt.Insert().Values(sql.Values{"id": 1, "dt3": at, "ts6": at, "tiz": 7, "biz": uint64(math.MaxUint64), "perms": []string{"Read", "it's"}, "tm3": at}))
	row := all(t, eng, sql.NewSelect(rt.C("dt3"), rt.C("ts6"), rt.C("tiz"), rt.C("biz"), rt.C("perms"), rt.C("tm3")))[0].Values()
	if tm, ok := row[5].(time.Time); !ok || tm.Hour() != 13 || tm.Minute() != 14 || tm.Second() != 15 || tm.Nanosecond() != 123000000 {
		t.Errorf("TIME(3): %#v, want 13:14:15.123", row[5])
	}
	if got, ok := rt.C("tm3").Type().(mysql.Time); !ok || got.FSP != 3 {
		t.Errorf("TIME(3) reflected as %#v", rt.C("tm3").Type())
	}
	wantDT := time.Date(2024, 2, 29, 13, 14, 15, 123000000, time.UTC)
	wantTS := time.Date(2024, 2, 29, 12, 14, 15, 123456000, time.UTC)
	if row[0] != wantDT || row[1] != wantTS || row[2] != int64(7) || row[3] != uint64(math.MaxUint64) || !slices.Equal(row[4].([]string), []string{"Read", "it's"}) {
		t.Fatalf("values: %#v", row)
	}
	// The reflected table creates the same table again.
	if err := got.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if err := got.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	again := sql.NewMetaData()
	if err := inspect.Reflect(ctx, eng, again, inspect.Options{Tables: []string{name}}); err != nil {
		t.Fatal(err)
	}
	if diffs := inspect.Compare(d, md, again); len(diffs) > 0 {
		t.Fatalf("after re-creating from the reflection: %v", diffs)
	}
}

// TestForeignKeyActionsReflectLive: MySQL and MariaDB report a foreign
// key without an action and one with RESTRICT alike (RESTRICT), and NO
// ACTION as written; InnoDB checks all three at once. Reflection gives ""
// for the three and Compare takes them as one action; CASCADE and SET
// NULL are told apart.
func TestForeignKeyActionsReflectLive(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	md := sql.NewMetaData()
	parent := md.Table(unique("gaps_fkp"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	ref := func(onDelete, onUpdate string) sql.ColumnOption {
		return sql.References(parent.C("id"), sql.FKOptions{OnDelete: onDelete, OnUpdate: onUpdate})
	}
	child := md.Table(unique("gaps_fkc"),
		sql.NewColumn("a", types.Integer{}, ref("", "")),
		sql.NewColumn("b", types.Integer{}, ref("RESTRICT", "RESTRICT")),
		sql.NewColumn("c", types.Integer{}, ref("NO ACTION", "NO ACTION")),
		sql.NewColumn("d", types.Integer{}, ref("CASCADE", "SET NULL")),
	)
	mustCreate(t, md, eng)
	got := sql.NewMetaData()
	if err := inspect.Reflect(ctx, eng, got, inspect.Options{Tables: []string{parent.Name(), child.Name()}}); err != nil {
		t.Fatal(err)
	}
	rc, _ := got.Lookup(child.Name())
	var actions []string
	for _, fk := range rc.ForeignKeyConstraints() {
		o := fk.Options()
		actions = append(actions, fk.Columns()[0].Name()+":"+o.OnDelete+"/"+o.OnUpdate)
	}
	slices.Sort(actions)
	if s := strings.Join(actions, " "); s != "a:/ b:/ c:/ d:CASCADE/SET NULL" {
		t.Fatalf("reflected actions: %s", s)
	}
	if diffs := inspect.Compare(eng.Dialect(), md, got); len(diffs) > 0 {
		t.Fatalf("differences: %v", diffs)
	}
	// A declared CASCADE against the reflected RESTRICT is a difference.
	md2 := sql.NewMetaData()
	p2 := md2.Table(parent.Name(), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	md2.Table(child.Name(),
		sql.NewColumn("a", types.Integer{}, sql.References(p2.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("b", types.Integer{}, sql.References(p2.C("id"))),
		sql.NewColumn("c", types.Integer{}, sql.References(p2.C("id"))),
		sql.NewColumn("d", types.Integer{}, sql.References(p2.C("id"), sql.FKOptions{OnDelete: "CASCADE", OnUpdate: "SET NULL"})),
	)
	diffs := inspect.Compare(eng.Dialect(), md2, got)
	if len(diffs) != 1 || diffs[0].Kind != inspect.ModifyForeignKey || !strings.Contains(diffs[0].Want, "ON DELETE CASCADE") {
		t.Fatalf("differences: %v", diffs)
	}
}
