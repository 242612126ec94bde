package sqlite_test

import (
	"context"
	gosql "database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// roundTrip is a column type and values that must come back from SQLite as
// want (a nil want entry is NULL), stored with the given storage classes.
type roundTrip struct {
	name  string
	typ   types.Type
	in    []any
	want  []any
	class []string // SQLite's typeof() of each stored value; empty: not checked
}

var (
	newYork = mustZone("America/New_York")
	plus2   = time.FixedZone("", 2*3600)
	id1     = uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
)

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.FixedZone(name, -5*3600)
	}
	return loc
}

type userID int64

// textDecimal stands for another library's decimal: a driver.Valuer that
// sends text.
type textDecimal string

func (d textDecimal) Value() (driver.Value, error) { return string(d), nil }

type note struct {
	Text string `json:"text"`
	N    int64  `json:"n"`
}

func roundTrips() []roundTrip {
	blob := make([]byte, 4<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range blob {
		blob[i] = byte(r.UintN(256))
	}
	long := strings.Repeat("long text ", 20000)
	unicode := "héllo, 世界, 𝄞 and 😀 outside the BMP"
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456789, newYork)
	return []roundTrip{
		{name: "Integer", typ: types.Integer{},
			in:    []any{0, int64(-1), int64(math.MaxInt64), int64(math.MinInt64), userID(7), uint64(math.MaxInt64), "42", nil},
			want:  []any{int64(0), int64(-1), int64(math.MaxInt64), int64(math.MinInt64), int64(7), int64(math.MaxInt64), int64(42), nil},
			class: []string{"integer", "integer", "integer", "integer", "integer", "integer", "integer", "null"}},
		{name: "SmallInteger", typ: types.SmallInteger{},
			in: []any{int16(-32768), uint8(255)}, want: []any{int64(-32768), int64(255)}},
		{name: "BigInteger", typ: types.BigInteger{},
			in: []any{int64(math.MaxInt64), int64(math.MinInt64)}, want: []any{int64(math.MaxInt64), int64(math.MinInt64)}},
		{name: "Boolean", typ: types.Boolean{},
			in: []any{true, false, 1, "yes", nil}, want: []any{true, false, true, true, nil},
			class: []string{"integer", "integer", "integer", "integer", "null"}},
		{name: "String", typ: types.String{Length: 50},
			in:    []any{"", "plain", unicode, "nul\x00inside", nil},
			want:  []any{"", "plain", unicode, "nul\x00inside", nil},
			class: []string{"text", "text", "text", "text", "null"}},
		{name: "Text", typ: types.Text{},
			in: []any{"", long, unicode}, want: []any{"", long, unicode}},
		{name: "Float", typ: types.Float{},
			in: []any{0.0, -0.5, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), float32(0.25), 3,
				gosql.NullFloat64{Float64: 1.5, Valid: true}, gosql.NullFloat64{}},
			want: []any{0.0, -0.5, math.MaxFloat64, math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), 0.25, 3.0, 1.5, nil}},
		{name: "Double", typ: types.Double{},
			in: []any{1.0 / 3, -1e-300}, want: []any{1.0 / 3, -1e-300}, class: []string{"real", "real"}},
		{name: "Numeric(18, 2)", typ: types.Numeric{Precision: 18, Scale: 2},
			in: []any{dec("12.50"), "-0.01", dec("0.00"), dec("1234567890123.45"), 7, "9223372036854775807", 0.1, nil},
			want: []any{dec("12.50"), dec("-0.01"), dec("0.00"), dec("1234567890123.45"), dec("7.00"),
				dec("9223372036854775807.00"), dec("0.10"), nil},
			class: []string{"real", "real", "integer", "real", "integer", "integer", "real", "null"}},
		{name: "Numeric(30, 10) at 15 significant digits", typ: types.Numeric{Precision: 30, Scale: 10},
			in:   []any{dec("12345.1234567890"), dec("-0.0000000001"), dec("999999999999999")},
			want: []any{dec("12345.1234567890"), dec("-0.0000000001"), dec("999999999999999.0000000000")}},
		{name: "Numeric without precision", typ: types.Numeric{},
			in: []any{dec("0.125"), dec("100"), dec("1e20")}, want: []any{dec("0.125"), dec("100"), dec("100000000000000000000")}},
		{name: "Numeric from another library's decimal", typ: types.Numeric{Precision: 10, Scale: 2},
			in: []any{textDecimal("12.50"), textDecimal("-3")}, want: []any{dec("12.50"), dec("-3.00")},
			class: []string{"real", "integer"}},
		{name: "Numeric as float", typ: types.Numeric{Precision: 10, Scale: 2, AsFloat: true},
			in: []any{1.5, dec("2.25")}, want: []any{1.5, 2.25}},
		{name: "Date", typ: types.Date{},
			in: []any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
				time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), ts, "2000-01-02"},
			want: []any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
				time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
				time.Date(2000, 1, 2, 0, 0, 0, 0, time.UTC)},
			class: []string{"text", "text", "text", "text", "text"}},
		{name: "Time", typ: types.Time{},
			in: []any{time.Date(0, 1, 1, 13, 14, 15, 123456000, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
				time.Date(0, 1, 1, 23, 59, 59, 999999999, time.UTC), "07:08"},
			want: []any{time.Date(0, 1, 1, 13, 14, 15, 123456000, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
				time.Date(0, 1, 1, 23, 59, 59, 999999000, time.UTC), time.Date(0, 1, 1, 7, 8, 0, 0, time.UTC)}},
		{name: "Time with time zone", typ: types.Time{Timezone: true},
			in:   []any{time.Date(0, 1, 1, 10, 0, 0, 5000, plus2)},
			want: []any{time.Date(0, 1, 1, 8, 0, 0, 5000, time.UTC)}},
		{name: "DateTime, naive: wall clock kept", typ: types.DateTime{},
			in: []any{ts, time.Date(1970, 1, 1, 0, 0, 0, 1000, time.UTC), "2024-01-02T03:04:05"},
			want: []any{time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC), time.Date(1970, 1, 1, 0, 0, 0, 1000, time.UTC),
				time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)},
			class: []string{"text", "text", "text"}},
		{name: "DateTime with time zone: instant kept, in UTC", typ: types.DateTime{Timezone: true},
			in:   []any{ts, time.Date(2024, 6, 1, 12, 0, 0, 0, plus2), "2024-06-01 12:00:00+02:00"},
			want: []any{ts.Truncate(time.Microsecond).UTC(), time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC), time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC)}},
		{name: "Interval", typ: types.Interval{},
			in: []any{time.Duration(0), time.Microsecond, -time.Microsecond, 26*time.Hour + 3*time.Minute + 4500*time.Millisecond,
				-36 * time.Hour, 200 * 365 * 24 * time.Hour, 1500 * time.Nanosecond, "1 day 01:00:00", ptr(time.Second)},
			want: []any{time.Duration(0), time.Microsecond, -time.Microsecond, 26*time.Hour + 3*time.Minute + 4500*time.Millisecond,
				-36 * time.Hour, 200 * 365 * 24 * time.Hour, time.Microsecond, 25 * time.Hour, time.Second},
			class: []string{"integer", "integer", "integer", "integer", "integer", "integer", "integer", "integer", "integer"}},
		{name: "LargeBinary", typ: types.LargeBinary{},
			in:    []any{[]byte{}, []byte{0, 1, 0, 255}, blob, "as text", []byte(nil)},
			want:  []any{[]byte{}, []byte{0, 1, 0, 255}, blob, []byte("as text"), nil},
			class: []string{"blob", "blob", "blob", "blob", "null"}},
		{name: "JSON", typ: types.JSON{},
			in: []any{map[string]any{"a": map[string]any{"b": []any{1, "x", nil, true}}}, []any{1.5, "𝄞"}, "str", 42,
				json.RawMessage(`null`), note{"n", 3}, &note{"p", 4}},
			want: []any{map[string]any{"a": map[string]any{"b": []any{1.0, "x", nil, true}}}, []any{1.5, "𝄞"}, "str", 42.0,
				nil, map[string]any{"text": "n", "n": 3.0}, map[string]any{"text": "p", "n": 4.0}}},
		{name: "JSON with numbers kept", typ: types.JSON{UseNumber: true},
			in:   []any{map[string]any{"id": json.Number("12345678901234567890")}, int64(math.MaxInt64)},
			want: []any{map[string]any{"id": json.Number("12345678901234567890")}, json.Number("9223372036854775807")}},
		{name: "JSONOf", typ: types.JSONOf[note]{},
			in:   []any{note{"exact", 9007199254740993}, &note{Text: "ptr"}},
			want: []any{note{"exact", 9007199254740993}, note{Text: "ptr"}}},
		{name: "UUID", typ: types.UUID{},
			in:    []any{id1, id1.String(), "{" + strings.ToUpper(id1.String()) + "}", [16]byte(id1), &id1, uuid.NullUUID{}},
			want:  []any{id1, id1, id1, id1, id1, nil},
			class: []string{"text", "text", "text", "text", "text", "null"}},
		{name: "UUID as string", typ: types.UUID{AsString: true},
			in: []any{id1}, want: []any{id1.String()}},
		{name: "Enum", typ: types.Enum{Name: "mood", Values: []string{"sad", "ok", "😀"}},
			in: []any{"ok", "😀", nil}, want: []any{"ok", "😀", nil}},
	}
}

func TestRoundTrip(t *testing.T) {
	eng := newEngine(t)
	ctx := context.Background()
	for n, rt := range roundTrips() {
		t.Run(rt.name, func(t *testing.T) {
			name := fmt.Sprintf("rt_%d", n)
			tbl := oneColumn(t, eng, name, rt.typ)
			for i, v := range rt.in {
				if err := insertX(t, eng, tbl, i, v); err != nil {
					t.Fatalf("insert %T %v: %v", v, shorten(v), err)
				}
			}
			got, err := engine.ScanAll[any](eng.Execute(ctx, sql.NewSelect(tbl.C("x")).OrderBy(tbl.C("id"))))
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(rt.want) {
				t.Fatalf("read %d rows, want %d", len(got), len(rt.want))
			}
			for i := range got {
				if !same(got[i], rt.want[i]) {
					t.Errorf("row %d: bound %T %v, read %T %v, want %T %v", i, rt.in[i], shorten(rt.in[i]),
						got[i], shorten(got[i]), rt.want[i], shorten(rt.want[i]))
				}
				if rt.class != nil {
					if class, raw := stored(t, eng, name, i); class != rt.class[i] {
						t.Errorf("row %d: stored as %s %v, want %s", i, class, shorten(raw), rt.class[i])
					}
				}
			}
			// Each value finds its own row: what is bound for a comparison
			// has the form that was stored.
			for i, v := range rt.in {
				if rt.want[i] == nil || strings.HasPrefix(rt.name, "JSON") {
					continue
				}
				ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("id")).Where(tbl.C("x").Eq(v))))
				if err != nil {
					t.Fatalf("select by %v: %v", shorten(v), err)
				}
				if len(ids) == 0 {
					t.Errorf("WHERE x = %T %v finds no row", v, shorten(v))
				}
			}
		})
	}
}

func shorten(v any) any {
	switch x := v.(type) {
	case []byte:
		if len(x) > 32 {
			return fmt.Sprintf("[%d bytes]", len(x))
		}
	case string:
		if len(x) > 64 {
			return x[:32] + fmt.Sprintf("...(%d bytes)", len(x))
		}
	}
	return v
}

func ptr[T any](v T) *T { return &v }

// TestStoredForms pins the text SQLite holds for temporal values and
// UUIDs: sortable, readable by SQLite's date functions, as SQLAlchemy
// writes them.
func TestStoredForms(t *testing.T) {
	eng := newEngine(t)
	cases := []struct {
		typ   types.Type
		in    any
		class string
		raw   any
	}{
		{types.DateTime{}, time.Date(2024, 2, 29, 13, 14, 15, 123456789, plus2), "text", "2024-02-29 13:14:15.123456"},
		{types.DateTime{Timezone: true}, time.Date(2024, 2, 29, 13, 14, 15, 0, plus2), "text", "2024-02-29 11:14:15.000000"},
		{types.Date{}, time.Date(2024, 2, 29, 23, 0, 0, 0, plus2), "text", "2024-02-29"},
		{types.Time{}, time.Date(0, 1, 1, 1, 2, 3, 4000, time.UTC), "text", "01:02:03.000004"},
		{types.Interval{}, 90 * time.Minute, "integer", int64(5400000000)},
		{types.UUID{}, id1, "text", "6ba7b8109dad11d180b400c04fd430c8"},
		{types.Numeric{Precision: 10, Scale: 2}, dec("12.50"), "real", 12.5},
		{types.Numeric{Precision: 10, Scale: 2}, dec("12.00"), "integer", int64(12)},
		{types.JSON{}, map[string]any{"b": 1, "a": []int{}}, "text", `{"a":[],"b":1}`},
		{types.Boolean{}, true, "integer", int64(1)},
	}
	for i, c := range cases {
		name := fmt.Sprintf("stored_%d", i)
		tbl := oneColumn(t, eng, name, c.typ)
		if err := insertX(t, eng, tbl, 1, c.in); err != nil {
			t.Fatalf("%s: %v", c.typ, err)
		}
		class, raw := stored(t, eng, name, 1)
		if tm, isTime := raw.(time.Time); isTime { // the driver parsed DATE/DATETIME text
			raw = tm.Format("2006-01-02 15:04:05.000000")
			if c.typ == (types.Date{}) {
				raw = tm.Format("2006-01-02")
			}
		}
		if class != c.class || !same(raw, c.raw) {
			t.Errorf("%s %v: stored %s %#v, want %s %#v", c.typ, c.in, class, raw, c.class, c.raw)
		}
	}
	// SQLite's own functions read the stored text.
	var day string
	if err := rawConn(t, eng).QueryRowContext(context.Background(), `SELECT strftime('%Y/%m/%d %H', x) FROM stored_0`).Scan(&day); err != nil || day != "2024/02/29 13" {
		t.Errorf("strftime on stored DateTime: %q, %v", day, err)
	}
}

// TestRefusedValues checks the values a type refuses before they reach
// SQLite, because they do not fit or because SQLite would change them
// silently.
func TestRefusedValues(t *testing.T) {
	eng := newEngine(t)
	cases := []struct {
		typ   types.Type
		in    any
		cause error
	}{
		{types.Integer{}, uint64(math.MaxInt64) + 1, types.ErrOutOfRange},
		{types.BigInteger{}, 1.5, types.ErrOutOfRange},
		{types.Boolean{}, 2, types.ErrOutOfRange},
		{types.Float{}, math.NaN(), types.ErrOutOfRange},
		{types.Double{}, ptr(math.NaN()), types.ErrOutOfRange},
		{types.Double{}, gosql.NullFloat64{Float64: math.NaN(), Valid: true}, types.ErrOutOfRange},
		{types.Numeric{Precision: 20, Scale: 2}, textDecimal("9999999999999999.99"), types.ErrOutOfRange},
		{types.Numeric{Precision: 20, Scale: 2}, textDecimal("twelve"), types.ErrInvalidDecimal},
		{types.Numeric{Precision: 20, Scale: 2}, gosql.NullFloat64{Float64: math.NaN(), Valid: true}, types.ErrInvalidDecimal},
		{types.Numeric{Precision: 20, Scale: 2}, math.Inf(1), types.ErrInvalidDecimal},
		{types.Numeric{Precision: 20, Scale: 2}, "12,5", types.ErrInvalidDecimal},
		{types.Numeric{Precision: 20, Scale: 2}, dec("9999999999999999.99"), types.ErrOutOfRange},
		{types.Numeric{Precision: 40, Scale: 20}, dec("0.12345678901234567890"), types.ErrOutOfRange},
		{types.Numeric{Precision: 30}, dec("12345678901234567890123"), types.ErrOutOfRange},
		{types.Numeric{}, uint64(math.MaxUint64), types.ErrOutOfRange},
		{types.Date{}, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), types.ErrOutOfRange},
		{types.DateTime{}, time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), types.ErrOutOfRange},
		{types.DateTime{}, "next tuesday", nil},
		{types.Interval{}, "1 month", types.ErrInvalidInterval},
		{types.UUID{}, "not-a-uuid", nil},
		{types.JSON{}, json.RawMessage(`{"a":`), nil},
		{types.JSON{}, json.Number("12345678901234567890.5"), types.ErrOutOfRange},
		{types.Enum{Values: []string{"a", "b"}}, "c", types.ErrNotInEnum},
	}
	for i, c := range cases {
		tbl := oneColumn(t, eng, fmt.Sprintf("refused_%d", i), c.typ)
		err := insertX(t, eng, tbl, 1, c.in)
		if err == nil {
			t.Errorf("%s accepted %T %v", c.typ, c.in, c.in)
			continue
		}
		t.Run(fmt.Sprintf("%s_%d", c.typ, i), func(t *testing.T) { isConversionError(t, err, c.cause) })
		n, err := engine.ScanOne[int64](eng.Execute(context.Background(), sql.NewSelect(sql.Func("count")).SelectFrom(tbl)))
		if err != nil || n != 0 {
			t.Errorf("%s: %d rows after a refused insert, %v", c.typ, n, err)
		}
	}
}

// TestUnreadableStoredValue: a value another program stored in a form the
// type cannot read fails the read with a ConversionError naming the
// column, rather than coming back wrong.
func TestUnreadableStoredValue(t *testing.T) {
	eng := newEngine(t)
	cases := []struct {
		typ types.Type
		raw any
	}{
		{types.Integer{}, "abc"},
		{types.Numeric{Precision: 5, Scale: 2}, "twelve"},
		{types.DateTime{}, "yesterday"},
		{types.UUID{}, "zz"},
		{types.JSON{}, "{not json"},
		{types.Interval{}, "forever"},
		{types.Boolean{}, "maybe"},
	}
	for i, c := range cases {
		name := fmt.Sprintf("unreadable_%d", i)
		tbl := oneColumn(t, eng, name, c.typ)
		if _, err := rawConn(t, eng).ExecContext(context.Background(), `INSERT INTO "`+name+`" (id, x) VALUES (1, ?)`, c.raw); err != nil {
			t.Fatal(err)
		}
		_, err := engine.ScanAll[any](eng.Execute(context.Background(), sql.NewSelect(tbl.C("x"))))
		if err == nil {
			t.Errorf("%s read %q without error", c.typ, c.raw)
			continue
		}
		isConversionError(t, err, nil)
		if !strings.Contains(err.Error(), `"x"`) {
			t.Errorf("error does not name the column: %v", err)
		}
	}
}
