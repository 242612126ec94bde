package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// roundTrip inserts each value into a column of type typ and reads it back.
type roundTrip struct {
	name  string
	typ   types.Type
	vals  []any
	check func(in, out any) bool // nil: reflect.DeepEqual
}

func sameInstant(in, out any) bool {
	a, b := in.(time.Time), out.(time.Time)
	return a.Equal(b) && b.Location() == time.UTC
}

func sameWallClock(in, out any) bool {
	a, b := in.(time.Time), out.(time.Time)
	y1, m1, d1 := a.Date()
	y2, m2, d2 := b.Date()
	return y1 == y2 && m1 == m2 && d1 == d2 && a.Hour() == b.Hour() && a.Minute() == b.Minute() &&
		a.Second() == b.Second() && a.Nanosecond() == b.Nanosecond() && b.Location() == time.UTC
}

func sameClockAndOffset(in, out any) bool {
	a, b := in.(time.Time), out.(time.Time)
	_, o1 := a.Zone()
	_, o2 := b.Zone()
	return a.Hour() == b.Hour() && a.Minute() == b.Minute() && a.Second() == b.Second() && a.Nanosecond() == b.Nanosecond() && o1 == o2
}

func sameDecimal(in, out any) bool {
	want, err := types.ParseDecimal(in.(string))
	d, ok := out.(types.Decimal)
	return err == nil && ok && d.String() == want.String()
}

func sameFloat(in, out any) bool {
	a, b := toFloat(in), out.(float64)
	return a == b || math.IsNaN(a) && math.IsNaN(b)
}

func toFloat(v any) float64 {
	if f, ok := v.(float32); ok {
		return float64(f)
	}
	return v.(float64)
}

func sameJSON(in, out any) bool {
	want, _ := json.Marshal(in)
	var norm any
	json.Unmarshal(want, &norm)
	return reflect.DeepEqual(norm, out)
}

func TestGenericTypesLive(t *testing.T) {
	eng, away := timeZoneEngines(t)
	big := make([]byte, 3<<20)
	rand.Read(big)
	ist := time.FixedZone("IST", 5*3600+1800)
	pst := time.FixedZone("PST", -8*3600)
	mood := types.Enum{Name: "mood", Values: []string{"sad", "ok", "happy 😀"}}
	cases := []roundTrip{
		{name: "small", typ: types.SmallInteger{}, vals: []any{int64(math.MinInt16), int64(math.MaxInt16), int64(0)}},
		{name: "int", typ: types.Integer{}, vals: []any{int64(math.MinInt32), int64(math.MaxInt32)}},
		{name: "big", typ: types.BigInteger{}, vals: []any{int64(math.MinInt64), int64(math.MaxInt64)}},
		{name: "flag", typ: types.Boolean{}, vals: []any{true, false}},
		{name: "str", typ: types.String{Length: 20}, vals: []any{"", "a'b\"c\\d", "日本🎉😀𝄞"}},
		{name: "txt", typ: types.Text{}, vals: []any{"", string(bytes.Repeat([]byte("x𝄞"), 100000))}},
		{name: "dbl", typ: types.Double{}, vals: []any{math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, math.MaxFloat64, -0.1}, check: sameFloat},
		{name: "flt", typ: types.Float{}, vals: []any{0.1, math.NaN()}, check: sameFloat},
		{name: "real", typ: types.Float{Precision: 24}, vals: []any{float32(0.1), float32(math.Inf(-1))}, check: sameFloat},
		{name: "num", typ: types.Numeric{}, vals: []any{
			"12345678901234567890123456789012345678901234567890.123456789012345678901234567890",
			"-0.000000000000000000000000000001", "0", "100.100",
		}, check: sameDecimal},
		{name: "num38", typ: types.Numeric{Precision: 38, Scale: 10}, vals: []any{"9999999999999999999999999999.9999999999", "-1.5000000000"}, check: sameDecimal},
		{name: "day", typ: types.Date{}, vals: []any{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{name: "clock", typ: types.Time{}, vals: []any{time.Date(0, 1, 1, 23, 59, 59, 999999000, time.UTC), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)}},
		{name: "clocktz", typ: types.Time{Timezone: true}, vals: []any{time.Date(0, 1, 1, 12, 34, 56, 789000, ist), time.Date(0, 1, 1, 23, 0, 0, 0, pst)},
			check: sameClockAndOffset},
		{name: "ts", typ: types.DateTime{}, vals: []any{
			time.Date(2024, 2, 29, 13, 14, 15, 123456000, ist), time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		}, check: sameWallClock},
		{name: "tstz", typ: types.DateTime{Timezone: true}, vals: []any{
			time.Date(2024, 2, 29, 13, 14, 15, 123456000, ist), time.Date(2024, 11, 3, 1, 30, 0, 1000, pst),
			time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		}, check: sameInstant},
		{name: "span", typ: types.Interval{}, vals: []any{26*time.Hour + 3*time.Minute + 4500*time.Millisecond, -1500 * time.Microsecond, time.Duration(0)}},
		{name: "bin", typ: types.LargeBinary{}, vals: []any{big, []byte{}, []byte{0, 0xff, '\\', 'x'}}},
		{name: "doc", typ: types.JSON{}, vals: []any{
			map[string]any{"a": []any{1.0, "two", nil, map[string]any{"deep": []any{true}}}, "ü😀": "\u0000"}, "just a string", 3.5, []any{},
		}, check: sameJSON},
		{name: "docb", typ: postgres.JSONB{}, vals: []any{map[string]any{"k": map[string]any{"n": []any{1.0, 2.0}}}, false}, check: sameJSON},
		{name: "uid", typ: types.UUID{}, vals: []any{uuid.MustParse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), uuid.Nil}},
		{name: "feeling", typ: mood, vals: []any{"sad", "happy 😀"}},
		{name: "ints", typ: postgres.ArrayOf(types.Integer{}), vals: []any{[]int64{1, math.MaxInt32, math.MinInt32}, []int64{}}},
		{name: "texts", typ: postgres.ArrayOf(types.Text{}), vals: []any{[]string{"", "NULL", "a,b", `q"u\o`, "{x}", " sp ", "😀"}}},
		{name: "grid", typ: postgres.Array{Item: types.Integer{}, Dimensions: 2}, vals: []any{[][]int64{{1, 2}, {3, 4}}}},
		{name: "holes", typ: postgres.Array{Item: types.Text{}, Nullable: true}, vals: []any{[]*string{ptr("a"), nil}}},
		{name: "stamps", typ: postgres.ArrayOf(types.DateTime{Timezone: true}), vals: []any{[]time.Time{time.Date(2024, 2, 29, 13, 14, 15, 123456000, ist).UTC()}}},
		{name: "nums", typ: postgres.ArrayOf(types.Numeric{Precision: 10, Scale: 2}), vals: []any{[]types.Decimal{types.MustDecimal("1.50"), types.MustDecimal("-99999999.99")}},
			check: func(in, out any) bool { return fmt.Sprint(in) == fmt.Sprint(out) }},
		{name: "uids", typ: postgres.ArrayOf(types.UUID{}), vals: []any{[]uuid.UUID{uuid.MustParse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")}}},
		{name: "blobs", typ: postgres.ArrayOf(types.LargeBinary{}), vals: []any{[][]byte{{0, 1, 0xff}, {}}}},
		{name: "bools", typ: postgres.ArrayOf(types.Boolean{}), vals: []any{[]bool{true, false}}},
		{name: "moods", typ: postgres.ArrayOf(mood), vals: []any{[]string{"ok", "happy 😀"}}},
		{name: "dbls", typ: postgres.ArrayOf(types.Double{}), vals: []any{[]float64{1.5, math.Inf(1)}}},
		{name: "docs", typ: postgres.ArrayOf(postgres.JSONB{}), vals: []any{[]any{map[string]any{"a": 1.0}, "s"}}},
		{name: "days", typ: postgres.ArrayOf(types.Date{}), vals: []any{[]time.Time{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}}},
		{name: "spans", typ: postgres.ArrayOf(types.Interval{}), vals: []any{[]time.Duration{90 * time.Minute, -time.Microsecond}}},
	}
	tbl, n := insertRoundTrips(t, eng, "roundtrip", cases)
	for _, e := range []*engine.Engine{eng, away} {
		checkRoundTrips(t, e, tbl, cases, n)
	}
}

// insertRoundTrips creates a table with a column of each case's type and
// writes its values, a row for each, then a row of NULLs; n is the number
// of rows before that one.
func insertRoundTrips(t *testing.T, eng *engine.Engine, name string, cases []roundTrip) (tbl *sql.Table, n int) {
	t.Helper()
	md := sql.NewMetaData()
	cols := []sql.TableItem{sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false))}
	for _, c := range cases {
		cols = append(cols, sql.NewColumn(c.name, c.typ))
		n = max(n, len(c.vals))
	}
	tbl = md.Table(name, cols...)
	mustCreate(t, md, eng)
	for i := 0; i <= n; i++ { // the last row is all NULL
		row := sql.Values{"id": i}
		for _, c := range cases {
			if i < len(c.vals) {
				row[c.name] = c.vals[i]
			}
		}
		if _, err := eng.Execute(context.Background(), tbl.Insert().Values(row)); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	return tbl, n
}

// timeZoneEngines returns two engines on a schema of the test's own: one
// as configured, the other in a session whose time zone is
// America/St_Johns (UTC-03:30), to read the same instants from.
func timeZoneEngines(t *testing.T) (eng, away *engine.Engine) {
	t.Helper()
	_, u := newSchema(t)
	eng, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	away, err = engine.Create(u + "&TimeZone=America/St_Johns")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { away.Close() })
	tz, err := execOK(t, away, sql.NewSelect(sql.Func("current_setting", "TimeZone"))).Scalar()
	if err != nil || tz != "America/St_Johns" {
		t.Fatalf("session time zone: %v %v", tz, err)
	}
	return eng, away
}

func checkRoundTrips(t *testing.T, eng *engine.Engine, tbl *sql.Table, cases []roundTrip, n int) {
	t.Helper()
	got := all(t, eng, tbl.Select().OrderBy(tbl.C("id")))
	if len(got) != n+1 {
		t.Fatalf("%d rows", len(got))
	}
	for _, c := range cases {
		for i := 0; i <= n; i++ {
			out, err := got[i].Value(c.name)
			if err != nil {
				t.Fatal(err)
			}
			if i >= len(c.vals) {
				if out != nil {
					t.Errorf("%s row %d: NULL came back as %#v", c.name, i, out)
				}
				continue
			}
			in := c.vals[i]
			ok := false
			switch {
			case out == nil:
			case c.check != nil:
				ok = c.check(in, out)
			default:
				ok = reflect.DeepEqual(in, out)
			}
			if !ok {
				t.Errorf("%s row %d: sent %s, got %s", c.name, i, short(in), short(out))
			}
		}
	}
}

func short(v any) string {
	s := fmt.Sprintf("%T %#v", v, v)
	if len(s) > 200 {
		s = s[:200] + "..."
	}
	return s
}
