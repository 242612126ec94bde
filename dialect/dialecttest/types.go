package dialecttest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// roundTrip is a type and values that must come back as want (nil: NULL).
type roundTrip struct {
	name string
	typ  types.Type
	in   []any
	want []any // nil: the same as in
	// noFilter: the values cannot be compared in WHERE (JSON, NaN).
	noFilter bool
	// requirement the case needs, and whether it is met; when it is not,
	// storing the values must fail with a typed error (see refuseValues)
	requirement string
	has         bool
}

var (
	plus0530   = time.FixedZone("+05:30", 5*3600+30*60)
	minus0800  = time.FixedZone("-08:00", -8*3600)
	unicodeStr = "héllo, 世界, 𝄞 and 😀 outside the BMP"
)

func (s *suite) roundTrips() []roundTrip {
	r := s.req
	blob := make([]byte, r.BinarySize)
	rng := rand.New(rand.NewPCG(7, 11))
	for i := range blob {
		blob[i] = byte(rng.UintN(256))
	}
	long := strings.Repeat("long text ", 20000)
	odd := `quotes ' and " and \ and % and _`
	dec := s.decimals()
	minYear := r.DateMinYear
	wall := func(y int, mo time.Month, d, h, mi, sec, us int) time.Time {
		return time.Date(y, mo, d, h, mi, sec, us*1000, time.UTC)
	}
	clock := func(h, m, sec, us int) time.Time { return wall(0, 1, 1, h, m, sec, us) }
	day := func(y int, mo time.Month, d int) time.Time { return wall(y, mo, d, 0, 0, 0, 0) }
	enum := types.Enum{Name: s.name("color"), Values: []string{"red", "green", "it's blue"}}
	nested := map[string]any{
		"name": "ünï 😀", "n": 1.5, "big": 1e300, "neg": -7.0, "t": true, "nil": nil,
		"list": []any{1.0, "two", nil, false, map[string]any{"deep": []any{}}},
		"obj":  map[string]any{"a": map[string]any{"b": map[string]any{"c": "d"}}},
	}
	return []roundTrip{
		{name: "Integer", typ: types.Integer{},
			in: []any{0, -1, int64(math.MaxInt32), int64(math.MinInt32), nil}},
		{name: "SmallInteger", typ: types.SmallInteger{},
			in: []any{int64(math.MaxInt16), int64(math.MinInt16), 0}},
		{name: "BigInteger", typ: types.BigInteger{},
			in: []any{int64(math.MaxInt64), int64(math.MinInt64), int64(-1), nil}},
		{name: "Boolean", typ: types.Boolean{},
			in: []any{true, false, nil}},
		{name: "String", typ: types.String{Length: 100},
			in: []any{"", "plain", unicodeStr, odd, nil}},
		{name: "Text", typ: types.Text{},
			in: []any{"", long, unicodeStr, odd, nil}},
		{name: "Float", typ: types.Float{},
			// Values a 32-bit FLOAT holds exactly, in at most six
			// significant digits (MySQL sends FLOAT as text with six).
			in: []any{0.0, 0.5, -3.25, 1e10, 0.125, -1024.5, nil}},
		{name: "Double", typ: types.Double{},
			in: []any{1.0 / 3, -1e-300, math.MaxFloat64, math.SmallestNonzeroFloat64, -math.MaxFloat64, nil}},
		{name: "FloatNaN", typ: types.Double{}, in: []any{math.NaN()}, noFilter: true,
			requirement: "FloatNaN", has: r.FloatNaN},
		{name: "FloatInfinity", typ: types.Double{}, in: []any{math.Inf(1), math.Inf(-1)},
			requirement: "FloatInfinity", has: r.FloatInfinity},
		{name: fmt.Sprintf("Numeric(%d,%d)", r.DecimalPrecision, r.DecimalScale), typ: dec.typ, in: dec.in, want: dec.want},
		{name: "Date", typ: types.Date{},
			in:   []any{day(2024, 2, 29), day(minYear, 1, 1), day(9999, 12, 31), time.Date(2024, 3, 1, 23, 30, 0, 0, minus0800)},
			want: []any{day(2024, 2, 29), day(minYear, 1, 1), day(9999, 12, 31), day(2024, 3, 1)}},
		{name: "Time", typ: types.Time{},
			in: []any{clock(0, 0, 0, 0), clock(23, 59, 59, 999999), clock(13, 14, 15, 123456), nil}},
		{name: "DateTime", typ: types.DateTime{},
			// Without a time zone the wall clock is kept, read back in UTC.
			in: []any{wall(2024, 2, 29, 13, 14, 15, 123456), wall(minYear, 1, 1, 0, 0, 0, 0), wall(9999, 12, 31, 23, 59, 59, 999999),
				time.Date(2024, 7, 1, 8, 0, 0, 1000, plus0530)},
			want: []any{wall(2024, 2, 29, 13, 14, 15, 123456), wall(minYear, 1, 1, 0, 0, 0, 0), wall(9999, 12, 31, 23, 59, 59, 999999),
				wall(2024, 7, 1, 8, 0, 0, 1)}},
		{name: "DateTimeTZ", typ: types.DateTime{Timezone: true},
			// With a time zone the instant is kept.
			in: []any{time.Date(2024, 7, 1, 8, 0, 0, 1000, plus0530), time.Date(2024, 12, 31, 23, 59, 59, 999999000, minus0800),
				time.Unix(0, 0).UTC(), time.Date(minYear+1, 1, 1, 12, 0, 0, 0, plus0530)}},
		{name: "Interval", typ: types.Interval{},
			in: []any{time.Duration(0), time.Microsecond, -time.Microsecond, 26*time.Hour + 3*time.Minute + 4500*time.Millisecond,
				-36 * time.Hour, 200 * 365 * 24 * time.Hour, nil}},
		{name: "LargeBinary", typ: types.LargeBinary{},
			in: []any{[]byte{}, []byte{0, 1, 0, 255, '\'', '\\'}, blob, nil}},
		{name: "JSON", typ: types.JSON{}, noFilter: true,
			in: []any{nested, []any{}, map[string]any{}, "a string", 42.0, []any{map[string]any{"k": "v"}, []any{[]any{1.0}}}, nil}},
		{name: "UUID", typ: types.UUID{},
			in: []any{uuid.Nil, uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), uuid.MustParse("ffffffff-ffff-ffff-ffff-ffffffffffff"), nil}},
		{name: "Enum", typ: enum,
			in: []any{"red", "it's blue", "green", nil}},
	}
}

// decimals are NUMERIC values at the full precision of the requirements.
type decimalCase struct {
	typ      types.Numeric
	in, want []any
}

func (s *suite) decimals() decimalCase {
	p, sc := s.req.DecimalPrecision, s.req.DecimalScale
	intDigits := strings.Repeat("9", p-sc)
	frac := strings.Repeat("9", sc)
	largest := intDigits
	tiny := "0"
	if sc > 0 {
		largest += "." + frac
		tiny = "0." + strings.Repeat("0", sc-1) + "1"
	}
	mixed := strings.Repeat("1234567890", p/10+1)[:p-sc]
	if sc > 0 {
		mixed += "." + strings.Repeat("0987654321", sc/10+1)[:sc]
	}
	vals := []string{largest, "-" + largest, tiny, "-" + tiny, mixed, "0", "1"}
	c := decimalCase{typ: types.Numeric{Precision: p, Scale: sc}}
	for _, v := range vals {
		d := types.MustDecimal(v)
		c.in = append(c.in, d)
		c.want = append(c.want, d.Rescale(int32(sc)))
	}
	c.in, c.want = append(c.in, nil), append(c.want, nil)
	return c
}

// typeTests store each type's edge values, read them back and find each
// row by its value.
func (s *suite) typeTests(t *testing.T) {
	var tests []test
	for _, rt := range s.roundTrips() {
		tests = append(tests, test{rt.name, func(t *testing.T) { s.roundTrip(t, rt) }})
	}
	tests = append(tests,
		test{"EnumRefusesOthers", s.testEnumRefusesOthers},
		test{"BooleanConditions", s.testBooleanConditions},
		test{"TypedColumns", s.testTypedColumns},
	)
	s.group(t, tests)
}

// refuseValues checks that each value of rt, whose requirement is not
// met, is refused precisely: by the dialect before it is sent, with a
// types.ConversionError wrapping types.ErrOutOfRange that names the value
// (MariaDB's NaN and infinities, SQLite's NaN), or by the database with a
// classified error matching dialect.ErrData; and that nothing is stored.
func (s *suite) refuseValues(t *testing.T, tb *sql.Table, rt roundTrip) {
	t.Helper()
	for i, v := range rt.in {
		_, err := s.eng.Execute(context.Background(), tb.Insert().Values(sql.Values{"id": i + 1, "v": v}))
		var ce *types.ConversionError
		switch {
		case err == nil:
			t.Errorf("storing %s where requirement %s is not met: no error", short(v), rt.requirement)
		case errors.As(err, &ce):
			if !errors.Is(err, types.ErrOutOfRange) || !same(ce.Value, v, rt.typ) || errors.Is(err, dialect.ErrDBAPI) {
				t.Errorf("storing %s where requirement %s is not met: %v (value %s), want a ConversionError for the value wrapping ErrOutOfRange, sent to no database",
					short(v), rt.requirement, err, short(ce.Value))
			}
		case !errors.Is(err, dialect.ErrData) || !errors.Is(err, dialect.ErrDBAPI):
			t.Errorf("storing %s where requirement %s is not met: %v, want a ConversionError or a database error matching ErrData", short(v), rt.requirement, err)
		}
	}
	s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(tb), "0")
	t.Logf("requirement %s is not met: its values are refused, as they should be", rt.requirement)
}

func (s *suite) roundTrip(t *testing.T, rt roundTrip) {
	md := sql.NewMetaData()
	tb := md.Table(s.name("rt_"+strings.ToLower(strings.Map(keepAlnum, rt.name))),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("v", rt.typ),
	)
	s.create(t, md)
	if rt.requirement != "" && !rt.has {
		s.refuseValues(t, tb, rt)
		return
	}
	want := rt.want
	if want == nil {
		want = rt.in
	}
	for i, v := range rt.in {
		if _, err := s.eng.Execute(context.Background(), tb.Insert().Values(sql.Values{"id": i + 1, "v": v})); err != nil {
			t.Fatalf("insert value %d (%s): %v", i+1, short(v), err)
		}
	}
	rows, err := s.exec(t, sql.NewSelect(tb.C("id"), tb.C("v")).OrderBy(tb.C("id"))).All()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != len(rt.in) {
		t.Fatalf("%d rows, want %d", len(rows), len(rt.in))
	}
	for i, row := range rows {
		if got := row.Get(1); !same(got, want[i], rt.typ) {
			t.Errorf("value %d: got %T %s, want %T %s", i+1, got, short(got), want[i], short(want[i]))
		}
	}
	if rt.noFilter {
		return
	}
	s.findByList(t, tb, rt.in)
	// Each value finds its row in WHERE, bound through the same type.
	for i, v := range rt.in {
		cond := tb.C("v").Eq(v)
		if v == nil {
			cond = tb.C("v").IsNull()
		}
		ids, err := engine.ScalarsOf(sql.AsNumber[int64](tb.C("id"))).All(s.eng.Execute(context.Background(), sql.NewSelect(tb.C("id")).Where(cond).OrderBy(tb.C("id"))))
		if err != nil {
			t.Fatalf("WHERE v = value %d: %v", i+1, err)
		}
		if !slicesContain(ids, int64(i+1)) {
			t.Errorf("WHERE v = value %d (%s) found rows %v", i+1, short(v), ids)
		}
	}
}

// findByList checks that v IN (values) and v IN (expanding parameter)
// find the rows of every non-NULL value.
func (s *suite) findByList(t *testing.T, tb *sql.Table, in []any) {
	t.Helper()
	var vals []any
	var want []string
	for i, v := range in {
		if v != nil {
			vals = append(vals, v)
			want = append(want, fmt.Sprint(i+1))
		}
	}
	if len(vals) == 0 {
		return
	}
	s.check(t, sql.NewSelect(tb.C("id")).Where(tb.C("v").In(vals...)).OrderBy(tb.C("id")), want...)
	exp := sql.NewSelect(tb.C("id")).Where(tb.C("v").In(sql.Bind("vals").Expanding())).OrderBy(tb.C("id"))
	s.checkParams(t, exp, sql.Params{"vals": vals}, want...)
}

func slicesContain(ids []int64, id int64) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

func keepAlnum(r rune) rune {
	if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
		return r
	}
	return -1
}

// same compares a value read back with the one expected: times as
// instants (and naive DateTime, Date and Time in UTC), decimals by value
// and scale, floats by bits (NaN equals NaN), JSON documents by their
// encoding.
func same(got, want any, typ types.Type) bool {
	switch w := want.(type) {
	case nil:
		return got == nil
	case time.Time:
		g, ok := got.(time.Time)
		if !ok || !g.Equal(w) {
			return false
		}
		if dt, isDT := typ.(types.DateTime); isDT && dt.Timezone {
			return true
		}
		return g.Location() == time.UTC
	case types.Decimal:
		g, ok := got.(types.Decimal)
		return ok && g.String() == w.String()
	case float64:
		g, ok := got.(float64)
		return ok && (math.Float64bits(g) == math.Float64bits(w) || math.IsNaN(g) && math.IsNaN(w))
	case []byte:
		g, ok := got.([]byte)
		return ok && bytes.Equal(g, w)
	}
	if _, isJSON := typ.(types.JSON); isJSON {
		a, errA := json.Marshal(got)
		b, errB := json.Marshal(want)
		return errA == nil && errB == nil && string(a) == string(b)
	}
	if i, ok := want.(int); ok {
		want = int64(i)
	}
	return reflect.DeepEqual(got, want)
}

// short describes a value for messages, cutting long ones.
func short(v any) string {
	var s string
	switch x := v.(type) {
	case []byte:
		s = fmt.Sprintf("%d bytes %q", len(x), x)
	case time.Time:
		s = x.Format(time.RFC3339Nano)
	default:
		s = fmt.Sprintf("%v", v)
	}
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

// testBooleanConditions: a Boolean column is a condition by itself, and
// compares with Go booleans, on databases with and without a BOOLEAN
// type.
func (s *suite) testBooleanConditions(t *testing.T) {
	md := sql.NewMetaData()
	tb := md.Table(s.name("flags"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("on", types.Boolean{}),
	)
	s.create(t, md)
	if _, err := s.eng.ExecuteMany(context.Background(), tb.Insert(), []sql.Params{{"id": 1, "on": true}, {"id": 2, "on": false}, {"id": 3, "on": nil}}); err != nil {
		t.Fatal(err)
	}
	on := tb.C("on")
	ids := func(cond sql.ColumnElement, want ...string) {
		t.Helper()
		s.check(t, sql.NewSelect(tb.C("id")).Where(cond).OrderBy(tb.C("id")), want...)
	}
	ids(on, "1")
	ids(sql.Not(on), "2")
	ids(on.Eq(true), "1")
	ids(on.Eq(false), "2")
	ids(on.Ne(true), "2")
	ids(on.IsNull(), "3")
	ids(sql.Or(on, on.IsNull()), "1", "3")
	ids(sql.And(on, tb.C("id").Gt(0)), "1")
	s.check(t, sql.NewSelect(tb.C("id"), sql.Not(on), tb.C("id").Gt(1)).OrderBy(tb.C("id")), "1|false|false", "2|true|true", "3|NULL|true")
	s.exec(t, tb.Update().Values(sql.Values{"on": sql.Not(on)}).Where(on.IsNotNull()))
	ids(on, "2")
}

// testEnumRefusesOthers: a value outside an Enum's values is refused
// before it reaches the database, with a typed error.
func (s *suite) testEnumRefusesOthers(t *testing.T) {
	md := sql.NewMetaData()
	tb := md.Table(s.name("enum_refuse"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("v", types.Enum{Name: s.name("shade"), Values: []string{"light", "dark"}}),
	)
	s.create(t, md)
	_, err := s.eng.Execute(context.Background(), tb.Insert().Values(sql.Values{"id": 1, "v": "purple"}))
	var ce *types.ConversionError
	if !errors.Is(err, types.ErrNotInEnum) || !errors.As(err, &ce) {
		t.Fatalf("inserting a value outside the enum: %v, want a ConversionError matching ErrNotInEnum", err)
	}
	s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(tb), "0")
}
