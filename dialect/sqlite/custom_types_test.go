package sqlite_test

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// point is a custom type through driver.Valuer and sql.Scanner, stored as
// "x,y" text.
type point struct{ X, Y int }

func (p point) Value() (driver.Value, error) { return fmt.Sprintf("%d,%d", p.X, p.Y), nil }

func (p *point) Scan(src any) error {
	var s string
	switch x := src.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return fmt.Errorf("point: cannot scan %T", src)
	}
	_, err := fmt.Sscanf(s, "%d,%d", &p.X, &p.Y)
	return err
}

func TestValuerScannerType(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	tbl := oneColumn(t, eng, "points", types.Text{})
	for i, v := range []any{point{1, 2}, &point{-3, 4}, (*point)(nil)} {
		if err := insertX(t, eng, tbl, i, v); err != nil {
			t.Fatal(err)
		}
	}
	if class, raw := stored(t, eng, "points", 0); class != "text" || raw != "1,2" {
		t.Fatalf("stored %s %v", class, raw)
	}
	sel := sql.NewSelect(tbl.C("x")).OrderBy(tbl.C("id"))

	// Scan into the type, and into a pointer for the NULL row.
	got, err := engine.ScanAll[*point](eng.Execute(ctx, sel))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || *got[0] != (point{1, 2}) || *got[1] != (point{-3, 4}) || got[2] != nil {
		t.Fatalf("ScanAll[*point] = %v", got)
	}
	// As a struct field.
	type row struct {
		ID int64
		X  point
	}
	rows, err := engine.ScanAll[row](eng.Execute(ctx, sql.NewSelect(tbl.C("id"), tbl.C("x")).Where(tbl.C("id").Lt(2)).OrderBy(tbl.C("id"))))
	if err != nil || len(rows) != 2 || rows[1].X != (point{-3, 4}) {
		t.Fatalf("ScanAll[row] = %+v, %v", rows, err)
	}
	// Row.Scan.
	r, err := eng.Execute(ctx, sel.Limit(1))
	if err != nil {
		t.Fatal(err)
	}
	first, err := r.First()
	if err != nil {
		t.Fatal(err)
	}
	var p point
	if err := first.Scan(&p); err != nil || p != (point{1, 2}) {
		t.Fatalf("Row.Scan = %v, %v", p, err)
	}
	// As a comparison value: the driver calls Value.
	ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("id")).Where(tbl.C("x").Eq(point{-3, 4}))))
	if err != nil || !reflect.DeepEqual(ids, []int64{1}) {
		t.Fatalf("WHERE x = point: %v, %v", ids, err)
	}
}

// status is a Go enum stored as its name in a VARCHAR column through a
// Decorator.
type status int

const (
	draft status = iota
	published
	archived
)

var statusNames = []string{"draft", "published", "archived"}

var errBadStatus = errors.New("unknown status")

var statusType = types.Decorate(types.String{Length: 10},
	func(s status) (any, error) {
		if s < 0 || int(s) >= len(statusNames) {
			return nil, fmt.Errorf("%w %d", errBadStatus, s)
		}
		return statusNames[s], nil
	},
	func(v any) (status, error) {
		for i, n := range statusNames {
			if n == v {
				return status(i), nil
			}
		}
		return 0, fmt.Errorf("%w %q", errBadStatus, v)
	})

func TestDecoratorEnum(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	tbl := oneColumn(t, eng, "posts", statusType)
	for i, v := range []any{published, ptr(archived), draft} {
		if err := insertX(t, eng, tbl, i, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, raw := stored(t, eng, "posts", 0); raw != "published" {
		t.Fatalf("stored %v", raw)
	}
	got, err := engine.ScanAll[status](eng.Execute(ctx, sql.NewSelect(tbl.C("x")).OrderBy(tbl.C("id"))))
	if err != nil || !reflect.DeepEqual(got, []status{published, archived, draft}) {
		t.Fatalf("read %v, %v", got, err)
	}
	ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("id")).Where(tbl.C("x").Eq(archived))))
	if err != nil || !reflect.DeepEqual(ids, []int64{1}) {
		t.Fatalf("WHERE x = archived: %v, %v", ids, err)
	}
	// A bad program value fails the insert; a bad stored value fails the read.
	err = insertX(t, eng, tbl, 9, status(7))
	isConversionError(t, err, errBadStatus)
	if _, err := rawConn(t, eng).ExecContext(ctx, `INSERT INTO posts (id, x) VALUES (10, 'deleted')`); err != nil {
		t.Fatal(err)
	}
	_, err = engine.ScanAll[status](eng.Execute(ctx, sql.NewSelect(tbl.C("x"))))
	isConversionError(t, err, errBadStatus)
}

// settings is stored as JSON text in a TEXT column through a Decorator.
type settings struct {
	Theme  string            `json:"theme"`
	Limits map[string]int64  `json:"limits"`
	Tags   []string          `json:"tags"`
	Extra  map[string]string `json:"extra,omitempty"`
}

var settingsType = types.Decorate(types.Text{},
	func(s settings) (any, error) {
		b, err := json.Marshal(s)
		return string(b), err
	},
	func(v any) (settings, error) {
		var s settings
		raw, ok := types.RawJSON(v)
		if !ok {
			return s, fmt.Errorf("settings: %T is not JSON text", v)
		}
		return s, json.Unmarshal(raw, &s)
	})

func TestDecoratorJSONStruct(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	tbl := oneColumn(t, eng, "prefs", settingsType)
	want := settings{Theme: "dark 🌙", Limits: map[string]int64{"big": 1<<62 + 1}, Tags: []string{"a", "b"}}
	if err := insertX(t, eng, tbl, 1, want); err != nil {
		t.Fatal(err)
	}
	if err := insertX(t, eng, tbl, 2, (*settings)(nil)); err != nil {
		t.Fatal(err)
	}
	if class, _ := stored(t, eng, "prefs", 1); class != "text" {
		t.Fatalf("stored as %s", class)
	}
	// A struct type scans as a row of columns: read the value as any.
	got, err := engine.ScanOne[any](eng.Execute(ctx, sql.NewSelect(tbl.C("x")).Where(tbl.C("id").Eq(1))))
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("read %+v, %v", got, err)
	}
	null, err := engine.ScanOne[any](eng.Execute(ctx, sql.NewSelect(tbl.C("x")).Where(tbl.C("id").Eq(2))))
	if err != nil || null != nil {
		t.Fatalf("NULL read as %+v, %v", null, err)
	}
	// The same document through JSONOf, in a JSON column.
	doc := oneColumn(t, eng, "prefs_json", types.JSONOf[settings]{})
	if err := insertX(t, eng, doc, 1, &want); err != nil {
		t.Fatal(err)
	}
	got2, err := engine.ScanOne[any](eng.Execute(ctx, sql.NewSelect(doc.C("x"))))
	if err != nil || !reflect.DeepEqual(got2, want) {
		t.Fatalf("JSONOf read %+v, %v", got2, err)
	}
}

// TestDecoratorOverAdaptedType: a decorated DateTime is still adapted by
// SQLite (stored as text in UTC) beneath the program's conversion.
func TestDecoratorOverAdaptedType(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	unix := types.Decorate(types.DateTime{Timezone: true},
		func(sec int64) (any, error) { return time.Unix(sec, 0), nil },
		func(v any) (int64, error) { return v.(time.Time).Unix(), nil })
	tbl := oneColumn(t, eng, "stamps", unix)
	if err := insertX(t, eng, tbl, 1, int64(1709212455)); err != nil {
		t.Fatal(err)
	}
	if _, raw := stored(t, eng, "stamps", 1); !same(raw, time.Date(2024, 2, 29, 13, 14, 15, 0, time.UTC)) {
		t.Fatalf("stored %#v", raw)
	}
	got, err := engine.ScanOne[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("x"))))
	if err != nil || got != 1709212455 {
		t.Fatalf("read %v, %v", got, err)
	}
}

func TestEnumOfRoundTrip(t *testing.T) {
	type color string
	const (
		red   color = "red"
		green color = "green"
	)
	ctx := context.Background()
	eng := newEngine(t)
	tbl := oneColumn(t, eng, "colors", types.EnumOf(types.Enum{Name: "color", CreateConstraint: true}, red, green))
	if err := insertX(t, eng, tbl, 1, green); err != nil {
		t.Fatal(err)
	}
	isConversionError(t, insertX(t, eng, tbl, 2, color("blue")), types.ErrNotInEnum)
	// The CHECK constraint that CreateConstraint asks for guards the column
	// from SQL that bypasses the type too.
	if _, err := rawConn(t, eng).ExecContext(ctx, `INSERT INTO colors (id, x) VALUES (3, 'blue')`); err == nil {
		t.Fatal("the CHECK constraint let 'blue' in")
	}
	got, err := engine.ScanAll[color](eng.Execute(ctx, sql.NewSelect(tbl.C("x"))))
	if err != nil || !reflect.DeepEqual(got, []color{green}) {
		t.Fatalf("read %v, %v", got, err)
	}
}

// TestScanTypedDestinations reads a row of every type into typed Go
// variables with Row.Scan.
func TestScanTypedDestinations(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	tbl := md.Table("every",
		sql.NewColumn("i", types.BigInteger{}), sql.NewColumn("b", types.Boolean{}),
		sql.NewColumn("s", types.String{Length: 20}), sql.NewColumn("f", types.Double{}),
		sql.NewColumn("n", types.Numeric{Precision: 12, Scale: 3}), sql.NewColumn("d", types.Date{}),
		sql.NewColumn("dt", types.DateTime{Timezone: true}), sql.NewColumn("iv", types.Interval{}),
		sql.NewColumn("bin", types.LargeBinary{}), sql.NewColumn("j", types.JSON{}),
		sql.NewColumn("u", types.UUID{}),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	id := uuid.New()
	_, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{
		"i": int64(-1 << 62), "b": true, "s": "𝄞", "f": 0.5, "n": "-1.5", "d": at, "dt": at,
		"iv": time.Hour, "bin": []byte{0, 1}, "j": []int{1, 2}, "u": id,
	}))
	if err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, sql.NewSelect(tbl))
	if err != nil {
		t.Fatal(err)
	}
	row, err := res.One()
	if err != nil {
		t.Fatal(err)
	}
	var (
		i   int64
		b   bool
		s   string
		f   float64
		n   types.Decimal
		d   time.Time
		dt  time.Time
		iv  time.Duration
		bin []byte
		j   []int
		u   uuid.UUID
	)
	if err := row.Scan(&i, &b, &s, &f, &n, &d, &dt, &iv, &bin, &j, &u); err != nil {
		t.Fatal(err)
	}
	if i != -1<<62 || !b || s != "𝄞" || f != 0.5 || n.String() != "-1.500" || !d.Equal(time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)) ||
		!dt.Equal(at) || iv != time.Hour || !reflect.DeepEqual(bin, []byte{0, 1}) || !reflect.DeepEqual(j, []int{1, 2}) || u != id {
		t.Fatalf("scanned %v %v %q %v %s %v %v %v %v %v %v", i, b, s, f, n, d, dt, iv, bin, j, u)
	}
}

// TestLiteralTypes: values selected without a column get the type Of
// infers, are adapted like column values, and come back converted.
func TestLiteralTypes(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	at := time.Date(2024, 2, 29, 13, 14, 15, 0, plus2)
	cases := []struct {
		lit  *sql.BindParam
		want any
	}{
		{sql.Literal(at), at.UTC()},
		{sql.Literal(&at), at.UTC()},
		{sql.Literal(90 * time.Second), 90 * time.Second},
		{sql.Literal(id1), id1},
		{sql.Literal(id1, types.UUID{AsString: true}), id1.String()},
		{sql.Literal(dec("1.50")), dec("1.5")},
		{sql.Literal(userID(3)), int64(3)},
		{sql.Literal(point{5, 6}), "5,6"}, // NullType: the driver calls Value
		{sql.Literal(json.RawMessage(`{"a":12345678901234567890}`), types.JSON{UseNumber: true}), map[string]any{"a": json.Number("12345678901234567890")}},
		{sql.Literal(json.RawMessage(`{"a":1}`), types.JSON{}), map[string]any{"a": 1.0}},
		{sql.Literal(`{"a":1}`, types.JSON{}), `{"a":1}`}, // a Go string is a JSON string
		{sql.Literal(json.RawMessage(`{"a":1}`)), map[string]any{"a": 1.0}},
	}
	for _, c := range cases {
		got, err := engine.ScanOne[any](eng.Execute(ctx, sql.NewSelect(c.lit)))
		if err != nil || !same(got, c.want) {
			t.Errorf("SELECT %T: %T %v, %v; want %T %v", c.lit, got, got, err, c.want, c.want)
		}
	}
}
