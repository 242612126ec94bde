package mysql_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestTypesRoundTripLive writes edge values of every generic type and
// reads them back unchanged.
func TestTypesRoundTripLive(t *testing.T) {
	withOptions(t, []string{"", "parseTime=true"}, roundTrip)
}

// withOptions runs test as a subtest for each option added to the test
// server's URL ("" for none).
func withOptions(t *testing.T, options []string, test func(*testing.T, *engine.Engine)) {
	for _, opt := range options {
		t.Run("options="+opt, func(t *testing.T) {
			url := liveURL(t)
			if opt != "" {
				if strings.Contains(url, "?") {
					url += "&" + opt
				} else {
					url += "?" + opt
				}
			}
			test(t, engineFor(t, url))
		})
	}
}

func roundTrip(t *testing.T, eng *engine.Engine) {
	ctx := context.Background()
	md := sql.NewMetaData()
	big := bytes.Repeat([]byte{0, 1, 2, 255, 'a'}, 3<<20/5) // 3 MB
	enum := types.Enum{Values: []string{"red", "green", `it's \ odd`}}
	tb := md.Table(unique("types"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("i", types.Integer{}),
		sql.NewColumn("si", types.SmallInteger{}),
		sql.NewColumn("bi", types.BigInteger{}),
		sql.NewColumn("b", types.Boolean{}),
		sql.NewColumn("s", types.String{Length: 100}),
		sql.NewColumn("txt", types.Text{}),
		sql.NewColumn("f", types.Float{}),
		sql.NewColumn("dbl", types.Double{}),
		sql.NewColumn("dec", types.Numeric{Precision: 65, Scale: 30}),
		sql.NewColumn("d", types.Date{}),
		sql.NewColumn("tm", types.Time{}),
		sql.NewColumn("dt", types.DateTime{}),
		sql.NewColumn("dtz", types.DateTime{Timezone: true}),
		sql.NewColumn("iv", types.Interval{}),
		sql.NewColumn("bin", types.LargeBinary{}),
		sql.NewColumn("js", types.JSON{}),
		sql.NewColumn("u", types.UUID{}),
		sql.NewColumn("e", enum),
	)
	mustCreate(t, md, eng)
	ny, _ := time.LoadLocation("America/New_York")
	if ny == nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	id := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	nested := map[string]any{"a": []any{1.0, "two", nil, true, map[string]any{"deep": "😀"}}, "n": 1.5e300}
	full := sql.Values{
		"id": 1, "i": int64(math.MinInt32), "si": int64(math.MaxInt16), "bi": int64(math.MinInt64),
		"b": true, "s": "Ünïcode 😀 𝄞 outside the BMP", "txt": strings.Repeat("long text ", 20000),
		"f": 0.1, "dbl": math.MaxFloat64,
		"dec": types.MustDecimal("12345678901234567890123456789012345.123456789012345678901234567891"),
		"d":   time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), "tm": time.Date(0, 1, 1, 23, 59, 59, 999999000, time.UTC),
		"dt": time.Date(2024, 2, 29, 13, 14, 15, 123456000, ny), "dtz": time.Date(2024, 7, 1, 8, 0, 0, 1000, ny),
		"iv": -(49*time.Hour + 3*time.Microsecond), "bin": big, "js": nested, "u": id, "e": `it's \ odd`,
	}
	second := sql.Values{
		"id": 2, "i": int64(math.MaxInt32), "si": int64(math.MinInt16), "bi": int64(math.MaxInt64),
		"b": false, "s": "", "txt": "", "f": -3.25, "dbl": -math.SmallestNonzeroFloat64,
		"dec": types.MustDecimal("-0.000000000000000000000000000001"), "d": time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
		"tm": time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), "dt": time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		"dtz": time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "iv": time.Duration(0), "bin": []byte{}, "js": []any{},
		"u": uuid.Nil, "e": "red",
	}
	nulls := sql.Values{"id": 3}
	for _, row := range []sql.Values{full, second, nulls} {
		execOK(t, eng, tb.Insert().Values(row))
	}
	res, err := eng.Execute(ctx, sql.NewSelect(tb).OrderBy(tb.C("id")))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := res.All()
	if err != nil || len(rows) != 3 {
		t.Fatalf("rows: %d, %v", len(rows), err)
	}
	expect := func(row sql.Values) map[string]any {
		out := map[string]any{}
		for k, v := range row {
			switch x := v.(type) {
			case int:
				v = int64(x)
			case time.Time:
				switch k {
				case "dt": // the wall clock, read back in UTC
					v = time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
				case "dtz": // the instant, in UTC
					v = x.UTC()
				}
			}
			out[k] = v
		}
		return out
	}
	for i, want := range []sql.Values{full, second, nulls} {
		got := rows[i].Map()
		for k, w := range expect(want) {
			g := got[k]
			if !sameValue(g, w) {
				gs, ws := short(g), short(w)
				t.Errorf("row %d column %s: got %T %s, want %T %s", i+1, k, g, gs, w, ws)
			}
		}
		if i == 2 {
			for k, v := range got {
				if k != "id" && v != nil {
					t.Errorf("row 3 column %s: got %v, want NULL", k, v)
				}
			}
		}
	}
}

func sameValue(g, w any) bool {
	switch x := w.(type) {
	case types.Decimal:
		y, ok := g.(types.Decimal)
		return ok && x.Equal(y)
	case time.Time:
		y, ok := g.(time.Time)
		return ok && x.Equal(y) && y.Location() == time.UTC
	case []byte:
		y, ok := g.([]byte)
		return ok && bytes.Equal(x, y)
	case map[string]any, []any:
		a, _ := json.Marshal(x)
		b, _ := json.Marshal(g)
		return string(a) == string(b)
	}
	return reflect.DeepEqual(g, w)
}

func short(v any) string {
	s, _ := json.Marshal(v)
	if len(s) > 80 {
		return string(s[:80]) + "..."
	}
	return string(s)
}

// TestUntypedResultsLive: the driver returns character columns as []byte;
// columns of no known type (text() without declared columns) are read
// as strings, as on other databases, and binary ones stay bytes.
func TestUntypedResultsLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	tb := md.Table(unique("untyped"),
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("s", str30),
		sql.NewColumn("txt", types.Text{}),
		sql.NewColumn("e", types.Enum{Values: []string{"a", "b"}}),
		sql.NewColumn("bin", types.LargeBinary{}),
	)
	mustCreate(t, md, eng)
	execOK(t, eng, tb.Insert().Values(sql.Values{"id": 1, "s": "é", "txt": "", "e": "b", "bin": []byte("x")}))
	row, err := execOK(t, eng, sql.Text("SELECT id, s, txt, e, bin, CAST('y' AS BINARY), 'lit' FROM "+tb.Name())).One()
	if err != nil {
		t.Fatal(err)
	}
	want := []any{int64(1), "é", "", "b", []byte("x"), []byte("y"), "lit"}
	if got := row.Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("untyped row %#v, want %#v", got, want)
	}
}

// TestSessionTimeZoneLive: sessions are in UTC, so that the server's
// clock (NOW(), DEFAULT CURRENT_TIMESTAMP) agrees with the UTC wall clocks
// Athanor reads and writes, whatever the server's own time zone.
func TestSessionTimeZoneLive(t *testing.T) {
	eng := newEngine(t)
	row, err := execOK(t, eng, sql.NewSelect(sql.Func("now"), sql.LiteralColumn("@@session.time_zone"))).One()
	if err != nil {
		t.Fatal(err)
	}
	now, ok := row.Get(0).(time.Time)
	if !ok || time.Until(now).Abs() > time.Minute || asString(row.Get(1)) != "+00:00" {
		t.Errorf("now() = %v, time_zone %v; the client's clock says %v", row.Get(0), row.Get(1), time.Now().UTC())
	}
	// A zone of the URL's is the session's, and NOW() follows it.
	u := liveURL(t)
	sep := "?"
	if strings.Contains(u, "?") {
		sep = "&"
	}
	other := engineFor(t, u+sep+"time_zone=%27%2B05%3A00%27")
	row, err = execOK(t, other, sql.NewSelect(sql.LiteralColumn("@@session.time_zone"))).One()
	if err != nil || asString(row.Get(0)) != "+05:00" {
		t.Errorf("time_zone from the URL: %v %v", row.Get(0), err)
	}
}
