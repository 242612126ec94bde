package sqlite_test

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// compileArgs compiles stmt for d and binds its values: the exact SQL and
// driver arguments the engine would send.
func compileArgs(t *testing.T, stmt sql.Element, d dialect.Dialect) (string, []any, error) {
	t.Helper()
	c, err := sql.Compile(stmt, d)
	if err != nil {
		t.Fatal(err)
	}
	key := sql.NewCacheKey(stmt, false)
	defer key.Release()
	return c.Bind(key.Binds(), nil)
}

// TestCompiledParameters checks the SQL and the converted parameter of an
// INSERT and of a comparison, for each type, on SQLite and on the generic
// dialect (which executes generic types unadapted).
func TestCompiledParameters(t *testing.T) {
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456789, plus2)
	clock := time.Date(0, 1, 1, 10, 0, 0, 0, plus2)
	cases := []struct {
		name    string
		typ     types.Type
		in      any
		sqlite  any
		generic any
	}{
		{"Integer", types.Integer{}, userID(5), int64(5), int64(5)},
		{"Boolean", types.Boolean{}, "yes", true, true},
		{"String", types.String{Length: 10}, "𝄞", "𝄞", "𝄞"},
		{"Float", types.Float{}, 1.5, 1.5, 1.5},
		{"Numeric fraction", types.Numeric{Precision: 10, Scale: 2}, dec("12.50"), 12.5, "12.50"},
		{"Numeric whole", types.Numeric{Precision: 10, Scale: 2}, dec("12.00"), int64(12), "12.00"},
		{"Numeric big whole", types.Numeric{}, dec("9223372036854775807"), int64(math.MaxInt64), "9223372036854775807"},
		{"Date", types.Date{}, at, "2024-02-29", at},
		{"Time", types.Time{}, clock, "10:00:00.000000", "10:00:00"},
		{"Time with zone", types.Time{Timezone: true}, clock, "08:00:00.000000", "10:00:00+02:00"},
		{"DateTime", types.DateTime{}, at, "2024-02-29 13:14:15.123456", at},
		{"DateTime with zone", types.DateTime{Timezone: true}, at, "2024-02-29 11:14:15.123456", at},
		{"Interval", types.Interval{}, 90 * time.Second, int64(90000000), 90 * time.Second},
		{"LargeBinary", types.LargeBinary{}, "ab", []byte("ab"), []byte("ab")},
		{"JSON", types.JSON{}, map[string]int{"a": 1}, `{"a":1}`, `{"a":1}`},
		{"JSON raw", types.JSON{}, json.RawMessage(`[1, 2]`), `[1, 2]`, `[1, 2]`},
		{"UUID", types.UUID{}, id1.String(), "6ba7b8109dad11d180b400c04fd430c8", id1.String()},
		{"Enum", types.Enum{Values: []string{"a", "b"}}, "b", "b", "b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			md := sql.NewMetaData()
			tbl := md.Table("t", sql.NewColumn("x", c.typ))
			stmts := []struct {
				stmt              sql.Element
				sqliteSQL, genSQL string
			}{
				// The generic dialect's name for an INSERT value is the DML
				// compiler's business: only its argument is checked.
				{tbl.Insert().Values(sql.Values{"x": c.in}), "INSERT INTO t (x) VALUES (?)", ""},
				{sql.NewSelect(tbl.C("x")).Where(tbl.C("x").Eq(c.in)), "SELECT t.x FROM t WHERE t.x = ?", "SELECT t.x FROM t WHERE t.x = :x_1"},
			}
			for _, s := range stmts {
				for _, d := range []struct {
					d       dialect.Dialect
					wantSQL string
					want    any
				}{{sqlite.New(), s.sqliteSQL, c.sqlite}, {dialect.Generic, s.genSQL, c.generic}} {
					text, args, err := compileArgs(t, s.stmt, d.d)
					if err != nil {
						t.Fatalf("%s: %v", d.d.Name(), err)
					}
					if d.wantSQL == "" {
						text = ""
					}
					if text != d.wantSQL || len(args) != 1 || !same(args[0], d.want) {
						t.Errorf("%s:\n got %s %#v\nwant %s [%#v]", d.d.Name(), text, args, d.wantSQL, d.want)
					}
				}
			}
		})
	}
}

// TestCompiledInList converts each value of an IN list with the column's
// type.
func TestCompiledInList(t *testing.T) {
	md := sql.NewMetaData()
	tbl := md.Table("t", sql.NewColumn("id", types.UUID{}), sql.NewColumn("at", types.DateTime{Timezone: true}))
	stmt := sql.NewSelect(tbl.C("id")).Where(
		tbl.C("id").In(id1, "{"+id1.String()+"}"),
		tbl.C("at").In([]time.Time{time.Date(2024, 1, 1, 2, 0, 0, 0, plus2)}),
	)
	text, args, err := compileArgs(t, stmt, sqlite.New())
	if err != nil {
		t.Fatal(err)
	}
	wantSQL := "SELECT t.id FROM t WHERE t.id IN (?, ?) AND t.at IN (?)"
	wantArgs := []any{"6ba7b8109dad11d180b400c04fd430c8", "6ba7b8109dad11d180b400c04fd430c8", "2024-01-01 00:00:00.000000"}
	if text != wantSQL || !reflect.DeepEqual(args, wantArgs) {
		t.Errorf("got %s %#v\nwant %s %#v", text, args, wantSQL, wantArgs)
	}
}

// TestCompiledConversionError: a value the type refuses fails Bind with a
// ConversionError that names the parameter.
func TestCompiledConversionError(t *testing.T) {
	md := sql.NewMetaData()
	tbl := md.Table("t", sql.NewColumn("n", types.Integer{}))
	_, _, err := compileArgs(t, tbl.Insert().Values(sql.Values{"n": uint64(math.MaxUint64)}), sqlite.New())
	isConversionError(t, err, types.ErrOutOfRange)
	want := `athanor: cannot convert uint64 value "18446744073709551615" for type INTEGER: value out of range: 18446744073709551615 is above the largest int64`
	if !strings.HasPrefix(err.Error(), `athanor: parameter "n`) || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("message:\n got %s\nwant %s", err, want)
	}
}

// TestTypeNames checks SQLite's DDL names of every type, through
// decorators and the types that render as another.
func TestTypeNames(t *testing.T) {
	type status string
	cases := []struct {
		typ  types.Type
		want string
	}{
		{types.Integer{}, "INTEGER"},
		{types.SmallInteger{}, "SMALLINT"},
		{types.BigInteger{}, "BIGINT"},
		{types.Boolean{}, "BOOLEAN"},
		{types.String{Length: 30}, "VARCHAR(30)"},
		{types.String{}, "VARCHAR"},
		{types.Text{}, "TEXT"},
		{types.Float{}, "FLOAT"},
		{types.Double{}, "DOUBLE"},
		{types.Numeric{Precision: 10, Scale: 2}, "NUMERIC(10, 2)"},
		{types.Date{}, "DATE"},
		{types.Time{Timezone: true}, "TIME"},
		{types.DateTime{Timezone: true}, "DATETIME"},
		{types.Interval{}, "INTEGER"},
		{types.LargeBinary{}, "BLOB"},
		{types.JSON{}, "JSON"},
		{types.JSONOf[note]{}, "JSON"},
		{types.UUID{}, "CHAR(32)"},
		{types.Enum{Values: []string{"a", "😀😀😀"}}, "VARCHAR(3)"},
		{types.EnumOf(types.Enum{Name: "status"}, status("open"), status("closed")), "VARCHAR(6)"},
		{types.Decorate[note](types.Text{}, nil, nil), "TEXT"},
	}
	d := sqlite.New()
	for _, c := range cases {
		got, err := dialect.TypeNameOf(d, c.typ)
		if err != nil || got != c.want {
			t.Errorf("%s: %q, %v; want %q", c.typ, got, err, c.want)
		}
	}
	if _, err := dialect.TypeNameOf(d, types.NullType{}); err == nil {
		t.Error("NullType has no DDL type")
	}
}

// TestAdaptType: SQLite replaces the types it stores differently, beneath
// decorators too, and leaves the others as they are.
func TestAdaptType(t *testing.T) {
	d := sqlite.New()
	same := []types.Type{types.Integer{}, types.String{}, types.Text{}, types.Boolean{}, types.LargeBinary{}}
	for _, typ := range same {
		if got := d.AdaptType(typ); got != typ {
			t.Errorf("%s adapted to %T", typ, got)
		}
	}
	adapted := []types.Type{types.DateTime{}, types.Date{}, types.Time{}, types.Interval{}, types.UUID{},
		types.Numeric{}, types.Float{}, types.Double{}, types.JSON{}, types.JSONOf[note]{}}
	for _, typ := range adapted {
		got := d.AdaptType(typ)
		if reflect.TypeOf(got) == reflect.TypeOf(typ) {
			t.Errorf("%s not adapted", typ)
		}
		if got.Affinity() != typ.Affinity() || got.GoType() != typ.GoType() || got.String() != typ.String() {
			t.Errorf("%s adapted to a type of another shape: %s %s %v", typ, got, got.Affinity(), got.GoType())
		}
	}
	// Beneath a decorator, and with an Enum (not comparable) beneath one.
	dec := types.Decorate[time.Time](types.DateTime{}, nil, nil)
	if got := sql.AdaptType(d, dec).(*types.Decorator); reflect.TypeOf(got.Impl) == reflect.TypeOf(types.DateTime{}) {
		t.Error("decorated DateTime not adapted")
	}
	enum := types.EnumOf(types.Enum{Name: "s", NonNative: true}, "a", "b")
	if got := sql.AdaptType(d, enum); got != enum {
		t.Error("a decorated Enum is not adapted and keeps its decorator")
	}
}
