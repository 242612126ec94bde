package postgres_test

import (
	"context"
	"errors"
	"math"
	"net"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The network and range types, and variants, on edge values; read back
// in this session and in one in another time zone.
func TestDialectTypesLive(t *testing.T) {
	ctx := context.Background()
	eng, away := timeZoneEngines(t)
	p := netip.MustParsePrefix
	mac, _ := net.ParseMAC("08:00:2b:01:02:03")
	ist := time.FixedZone("IST", 5*3600+1800)
	utc := func(y int, mo time.Month, d, h, mi, s, us int) time.Time {
		return time.Date(y, mo, d, h, mi, s, us*1000, time.UTC)
	}
	incl := func(r postgres.Range[int64]) postgres.Range[int64] {
		r.LowerType, r.UpperType = postgres.Inclusive, postgres.Exclusive
		return r
	}
	cases := []roundTrip{
		{name: "host", typ: postgres.INET{}, vals: []any{
			p("192.168.1.5/24"), p("10.0.0.1/32"), p("::1/128"), p("2001:db8::8a2e:370:7334/64"), p("::ffff:1.2.3.4/128"), p("0.0.0.0/0"),
		}},
		{name: "net", typ: postgres.CIDR{}, vals: []any{p("10.0.0.0/8"), p("2001:db8::/32"), p("0.0.0.0/0"), p("255.255.255.255/32")}},
		{name: "mac", typ: postgres.MACADDR{}, vals: []any{mac, net.HardwareAddr{0, 0, 0, 0, 0, 0}}},
		{name: "hosts", typ: postgres.ArrayOf(postgres.INET{}), vals: []any{[]netip.Prefix{p("10.0.0.1/32"), p("::/0")}, []netip.Prefix{}}},
		{name: "seats", typ: postgres.Int4Range{}, vals: []any{
			postgres.Range[int64]{Lower: math.MinInt32, Upper: math.MaxInt32 - 1, LowerType: postgres.Inclusive, UpperType: postgres.Inclusive},
			postgres.Range[int64]{Empty: true},
			postgres.Range[int64]{LowerType: postgres.Unbounded, Upper: 0, UpperType: postgres.Exclusive},
			postgres.Range[int64]{Lower: 5, LowerType: postgres.Exclusive, UpperType: postgres.Unbounded},
			postgres.NewRange[int64](3, 3), // empty: PostgreSQL says so
		}, check: func(in, out any) bool {
			want := in.(postgres.Range[int64])
			switch {
			case want.Lower == 3: // [3,3)
				want = postgres.Range[int64]{Empty: true}
			case want.UpperType == postgres.Inclusive: // canonical [lo, hi+1)
				want = incl(postgres.Range[int64]{Lower: want.Lower, Upper: want.Upper + 1})
			case want.LowerType == postgres.Exclusive:
				want = postgres.Range[int64]{Lower: want.Lower + 1, LowerType: postgres.Inclusive, UpperType: postgres.Unbounded}
			}
			return reflect.DeepEqual(want, out)
		}},
		{name: "bigs", typ: postgres.Int8Range{}, vals: []any{postgres.NewRange[int64](math.MinInt64, math.MaxInt64)}},
		{name: "amounts", typ: postgres.NumRange{}, vals: []any{
			postgres.Range[types.Decimal]{Lower: types.MustDecimal("-12345678901234567890.123456789012345678901234567890"),
				Upper: types.MustDecimal("0.000000000000000000000000000001"), LowerType: postgres.Exclusive, UpperType: postgres.Inclusive},
		}, check: func(in, out any) bool { return reflectString(in) == reflectString(out) }},
		{name: "days", typ: postgres.DateRange{}, vals: []any{
			postgres.NewRange(utc(2024, 2, 29, 0, 0, 0, 0), utc(9999, 12, 31, 0, 0, 0, 0)),
			postgres.NewRange(utc(1, 1, 1, 0, 0, 0, 0), utc(1970, 1, 1, 0, 0, 0, 0)),
		}},
		{name: "clocks", typ: postgres.TSRange{}, vals: []any{
			postgres.Range[time.Time]{Lower: utc(2024, 2, 29, 13, 14, 15, 123456), Upper: utc(2024, 3, 1, 0, 0, 0, 1),
				LowerType: postgres.Inclusive, UpperType: postgres.Inclusive},
		}},
		{name: "spans", typ: postgres.TSTZRange{}, vals: []any{
			postgres.NewRange(time.Date(2024, 2, 29, 13, 14, 15, 123456000, ist), time.Date(2024, 11, 3, 1, 30, 0, 1000, ist)),
			postgres.Range[time.Time]{LowerType: postgres.Unbounded, Upper: utc(1970, 1, 1, 0, 0, 0, 0), UpperType: postgres.Inclusive},
		}, check: func(in, out any) bool {
			a, b := in.(postgres.Range[time.Time]), out.(postgres.Range[time.Time])
			return a.LowerType == b.LowerType && a.UpperType == b.UpperType && a.Lower.Equal(b.Lower) && a.Upper.Equal(b.Upper) &&
				(a.LowerType == postgres.Unbounded || b.Lower.Location() == time.UTC) && b.Upper.Location() == time.UTC
		}},
		// Variants: JSONB here, and a network type standing for text.
		{name: "doc", typ: types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{}), vals: []any{
			map[string]any{"a": []any{1.0, map[string]any{"b": nil}}}, "😀",
		}, check: sameJSON},
		{name: "nets", typ: types.WithVariant(types.String{Length: 40}, "mysql", types.Text{}).With("postgresql", postgres.CIDR{}),
			vals: []any{p("192.168.0.0/16")}},
	}
	tbl, n := insertRoundTrips(t, eng, "dialect_types", cases)
	q := sql.Text("SELECT string_agg(column_name || ':' || udt_name, ' ' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'dialect_types' AND table_schema = current_schema()").
		Columns(sql.NewColumn("x", types.Text{}))
	got, err := execOK(t, eng, q).ScalarOne()
	if want := "id:int4 host:inet net:cidr mac:macaddr hosts:_inet seats:int4range bigs:int8range amounts:numrange days:daterange clocks:tsrange spans:tstzrange doc:jsonb nets:cidr"; err != nil || got != want {
		t.Fatalf("column types:\n got %v %v\nwant %s", got, err, want)
	}
	for _, e := range []*engine.Engine{eng, away} {
		checkRoundTrips(t, e, tbl, cases, n)
	}

	// The operators.
	seats, spans := postgres.RangeOps(tbl.C("seats")), postgres.RangeOps(tbl.C("spans"))
	for _, c := range []struct {
		cond sql.ColumnElement
		want []int64
	}{
		{seats.Contains(0), []int64{0}},
		{seats.Contains(-1), []int64{0, 2}},
		{seats.Contains(postgres.NewRange[int64](6, 9)), []int64{0, 3}},
		{seats.ContainedBy(postgres.Range[int64]{LowerType: postgres.Unbounded, UpperType: postgres.Unbounded}), []int64{0, 1, 2, 3, 4}},
		{seats.Overlaps("[-5,7)"), []int64{0, 2, 3}},
		{spans.Contains(time.Date(2024, 6, 1, 0, 0, 0, 0, ist)), []int64{0}},
		{spans.Contains(utc(1970, 1, 1, 0, 0, 0, 0)), []int64{1}},
		{sql.Ops(tbl.C("host")).Eq(p("10.0.0.1/32")), []int64{1}},
	} {
		ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("id")).Where(c.cond).OrderBy(tbl.C("id"))))
		if err != nil || !reflect.DeepEqual(ids, c.want) {
			t.Errorf("%s: %v %v, want %v", debugSQL(c.cond), ids, err, c.want)
		}
	}
	// A network with bits right of its mask is the database's to refuse.
	if _, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 100, "net": p("10.0.0.1/8")})); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("cidr with host bits: %v", err)
	}
}

func reflectString(v any) string {
	r := v.(postgres.Range[types.Decimal])
	return r.Lower.String() + " " + r.Upper.String() + " " + string(r.LowerType) + string(r.UpperType)
}

func debugSQL(e sql.Element) string {
	s, err := sql.DebugSQL(e, postgres.New())
	if err != nil {
		return err.Error()
	}
	return s
}
