package postgres_test

import (
	"errors"
	"net"
	"net/netip"
	"reflect"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestDialectTypeNames(t *testing.T) {
	for typ, want := range map[types.Type]string{
		postgres.INET{}: "INET", postgres.CIDR{}: "CIDR", postgres.MACADDR{}: "MACADDR",
		postgres.Int4Range{}: "INT4RANGE", postgres.Int8Range{}: "INT8RANGE", postgres.NumRange{}: "NUMRANGE",
		postgres.DateRange{}: "DATERANGE", postgres.TSRange{}: "TSRANGE", postgres.TSTZRange{}: "TSTZRANGE",
		postgres.ArrayOf(postgres.INET{}): "INET[]",
	} {
		if got, err := pg.TypeName(typ); err != nil || got != want {
			t.Errorf("%s: %q %v", want, got, err)
		}
	}
	tbl := sql.NewTable("hosts", sql.NewColumn("addr", postgres.INET{}), sql.NewColumn("net", postgres.CIDR{}),
		sql.NewColumn("mac", postgres.MACADDR{}), sql.NewColumn("during", postgres.TSTZRange{}))
	sqltest.Check(t, sqltest.Case{Dialect: pg, Stmt: sql.NewCreateTable(tbl),
		SQL: "CREATE TABLE hosts (addr INET, net CIDR, mac MACADDR, during TSTZRANGE)"})
}

// convCheck runs a converter on each input and compares with want (an
// error value: errors.Is on the result's error).
func convCheck(t *testing.T, name string, conv func(any) (any, error), in, want any) {
	t.Helper()
	got, err := conv(in)
	if werr, isErr := want.(error); isErr {
		var ce *types.ConversionError
		if !errors.Is(err, werr) || !errors.As(err, &ce) {
			t.Errorf("%s(%#v): got %#v, %v; want error %v", name, in, got, err, werr)
		}
		return
	}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("%s(%#v): got %#v, %v; want %#v", name, in, got, err, want)
	}
}

// errParse stands for a parser's error (any ConversionError).
var errParse = errors.New("parse error")

func TestNetworkConversions(t *testing.T) {
	prefix := netip.MustParsePrefix("192.168.1.5/24")
	addr := netip.MustParseAddr("2001:db8::1")
	_, ipnet, _ := net.ParseCIDR("10.0.0.0/8")
	bind := postgres.INET{}.BindConverter()
	for _, c := range []struct{ in, want any }{
		{prefix, "192.168.1.5/24"},
		{&prefix, "192.168.1.5/24"},
		{(*netip.Prefix)(nil), nil},
		{addr, "2001:db8::1"},
		{&addr, "2001:db8::1"},
		{net.ParseIP("10.1.2.3"), "10.1.2.3"},
		{net.IP(nil), nil},
		{ipnet, "10.0.0.0/8"},
		{*ipnet, "10.0.0.0/8"},
		{(*net.IPNet)(nil), nil},
		{"::1", "::1"},
		{netip.Prefix{}, types.ErrUnsupportedValue},
		{netip.Addr{}, types.ErrUnsupportedValue},
	} {
		convCheck(t, "INET bind", bind, c.in, c.want)
	}
	for _, conv := range []func(any) (any, error){postgres.INET{}.ResultConverter(), postgres.CIDR{}.ResultConverter()} {
		for _, c := range []struct{ in, want any }{
			{"192.168.1.5/24", prefix},
			{[]byte("10.0.0.1"), netip.MustParsePrefix("10.0.0.1/32")},
			{"::1", netip.MustParsePrefix("::1/128")},
			{"2001:db8::/32", netip.MustParsePrefix("2001:db8::/32")},
			{prefix, prefix},
			{"not an address", errParse},
			{"10.0.0.1/99", errParse},
			{42, types.ErrUnsupportedValue},
		} {
			if c.want == errParse {
				if _, err := conv(c.in); err == nil {
					t.Errorf("result(%v): no error", c.in)
				}
				continue
			}
			convCheck(t, "result", conv, c.in, c.want)
		}
	}
	mac, _ := net.ParseMAC("08:00:2b:01:02:03")
	convCheck(t, "MACADDR bind", postgres.MACADDR{}.BindConverter(), mac, "08:00:2b:01:02:03")
	convCheck(t, "MACADDR bind", postgres.MACADDR{}.BindConverter(), &mac, "08:00:2b:01:02:03")
	convCheck(t, "MACADDR bind", postgres.MACADDR{}.BindConverter(), net.HardwareAddr(nil), nil)
	convCheck(t, "MACADDR bind", postgres.MACADDR{}.BindConverter(), "0800.2b01.0203", "0800.2b01.0203")
	convCheck(t, "MACADDR result", postgres.MACADDR{}.ResultConverter(), "08:00:2b:01:02:03", mac)
	convCheck(t, "MACADDR result", postgres.MACADDR{}.ResultConverter(), 1, types.ErrUnsupportedValue)
	if _, err := (postgres.MACADDR{}).ResultConverter()("zz"); err == nil {
		t.Error("a bad MAC address was read")
	}
	if (postgres.INET{}).GoType() != reflect.TypeFor[netip.Prefix]() || (postgres.MACADDR{}).GoType() != reflect.TypeFor[net.HardwareAddr]() {
		t.Error("Go types")
	}
}

func TestRangeConversions(t *testing.T) {
	ist := time.FixedZone("IST", 5*3600+1800)
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, ist)
	later := at.Add(36 * time.Hour)
	for _, c := range []struct {
		name string
		typ  types.Type
		in   any
		want any
	}{
		{"default bounds", postgres.Int4Range{}, postgres.Range[int64]{Lower: 1, Upper: 10}, `["1","10")`},
		{"NewRange", postgres.Int8Range{}, postgres.NewRange[int64](-5, 5), `["-5","5")`},
		{"inclusive", postgres.Int4Range{}, postgres.Range[int64]{Lower: 1, Upper: 10, LowerType: postgres.Exclusive, UpperType: postgres.Inclusive}, `("1","10"]`},
		{"unbounded", postgres.Int4Range{}, postgres.Range[int64]{Lower: 99, LowerType: postgres.Unbounded, Upper: 3}, `(,"3")`},
		{"unbounded both", postgres.Int4Range{}, &postgres.Range[int64]{LowerType: postgres.Unbounded, UpperType: postgres.Unbounded}, `(,)`},
		{"nil pointer", postgres.Int4Range{}, (*postgres.Range[int64])(nil), nil},
		{"empty", postgres.Int4Range{}, postgres.Range[int64]{Empty: true, Lower: 4}, "empty"},
		{"literal", postgres.Int4Range{}, "[1,2]", "[1,2]"},
		{"wrong Go type", postgres.Int4Range{}, postgres.Range[int]{}, types.ErrUnsupportedValue},
		{"decimals", postgres.NumRange{}, postgres.NewRange(types.MustDecimal("1.50"), types.MustDecimal("-0.001")), `["1.50","-0.001")`},
		{"dates", postgres.DateRange{}, postgres.NewRange(at, later), `["2024-02-29","2024-03-02")`},
		{"wall clocks", postgres.TSRange{}, postgres.NewRange(at, later), `["2024-02-29 13:14:15.123456","2024-03-02 01:14:15.123456")`},
		{"instants", postgres.TSTZRange{}, postgres.NewRange(at, later), `["2024-02-29 13:14:15.123456+05:30","2024-03-02 01:14:15.123456+05:30")`},
	} {
		convCheck(t, c.name, c.typ.BindConverter(), c.in, c.want)
	}
	utc := func(y int, mo time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, mo, d, h, mi, s, ns, time.UTC)
	}
	for _, c := range []struct {
		name string
		typ  types.Type
		in   any
		want any
	}{
		{"canonical", postgres.Int4Range{}, "[1,11)", postgres.Range[int64]{Lower: 1, Upper: 11, LowerType: postgres.Inclusive, UpperType: postgres.Exclusive}},
		{"bytes", postgres.Int8Range{}, []byte("(-9223372036854775808,9223372036854775807]"), postgres.Range[int64]{Lower: -1 << 63, Upper: 1<<63 - 1, LowerType: postgres.Exclusive, UpperType: postgres.Inclusive}},
		{"unbounded", postgres.Int4Range{}, "(,5)", postgres.Range[int64]{Upper: 5, LowerType: postgres.Unbounded, UpperType: postgres.Exclusive}},
		{"unbounded above", postgres.Int4Range{}, "[5,)", postgres.Range[int64]{Lower: 5, LowerType: postgres.Inclusive, UpperType: postgres.Unbounded}},
		{"empty", postgres.Int4Range{}, "empty", postgres.Range[int64]{Empty: true}},
		{"numbers", postgres.NumRange{}, "(1.5,2.250]", postgres.Range[types.Decimal]{Lower: types.MustDecimal("1.5"), Upper: types.MustDecimal("2.250"), LowerType: postgres.Exclusive, UpperType: postgres.Inclusive}},
		{"dates", postgres.DateRange{}, "[2024-02-29,2024-03-02)", postgres.NewRange(utc(2024, 2, 29, 0, 0, 0, 0), utc(2024, 3, 2, 0, 0, 0, 0))},
		{"wall clocks", postgres.TSRange{}, `["2024-02-29 13:14:15.123456","2024-03-02 01:14:15")`, postgres.NewRange(utc(2024, 2, 29, 13, 14, 15, 123456000), utc(2024, 3, 2, 1, 14, 15, 0))},
		{"instants", postgres.TSTZRange{}, `["2024-02-29 13:14:15.123456+05:30","2024-03-02 01:14:15-03:30:12")`,
			postgres.NewRange(utc(2024, 2, 29, 7, 44, 15, 123456000), utc(2024, 3, 2, 4, 44, 27, 0))},
		{"instants in UTC", postgres.TSTZRange{}, `["2024-02-29 07:44:15+00",)`,
			postgres.Range[time.Time]{Lower: utc(2024, 2, 29, 7, 44, 15, 0), LowerType: postgres.Inclusive, UpperType: postgres.Unbounded}},
		{"escapes", postgres.Int4Range{}, `["1",\2]`, postgres.Range[int64]{Lower: 1, Upper: 2, LowerType: postgres.Inclusive, UpperType: postgres.Inclusive}},
		{"a Range already", postgres.Int4Range{}, postgres.NewRange[int64](1, 2), postgres.NewRange[int64](1, 2)},
		{"not a range", postgres.Int4Range{}, "1,2", errParse},
		{"unclosed quote", postgres.Int4Range{}, `["1,2)`, errParse},
		{"three bounds", postgres.Int4Range{}, "[1,2,3)", errParse},
		{"bad number", postgres.Int4Range{}, "[a,2)", errParse},
		{"bad upper", postgres.Int4Range{}, "[1,b)", errParse},
		{"bad instant", postgres.TSTZRange{}, "[infinity,)", errParse},
		{"not text", postgres.Int4Range{}, 12, types.ErrUnsupportedValue},
	} {
		conv := c.typ.ResultConverter()
		if c.want == errParse {
			if out, err := conv(c.in); err == nil {
				t.Errorf("%s: %#v read as %#v", c.name, c.in, out)
			}
			continue
		}
		convCheck(t, c.name, conv, c.in, c.want)
	}
	if (postgres.TSTZRange{}).GoType() != reflect.TypeFor[postgres.Range[time.Time]]() || (postgres.NumRange{}).GoType() != reflect.TypeFor[postgres.Range[types.Decimal]]() {
		t.Error("Go types")
	}
}

func TestRangeOperators(t *testing.T) {
	tbl := sql.NewTable("booking", sql.NewColumn("during", postgres.TSTZRange{}), sql.NewColumn("seats", postgres.Int4Range{}))
	at := time.Date(2024, 1, 1, 12, 0, 0, 0, time.UTC)
	during, seats := postgres.RangeOps(tbl.C("during")), postgres.RangeOps(tbl.C("seats"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "contains element", Dialect: pg, Stmt: during.Contains(at),
			SQL: "booking.during @> CAST($1 AS TIMESTAMP WITH TIME ZONE)", Params: []any{at}},
		{Name: "contains range", Dialect: pg, Stmt: seats.Contains(postgres.NewRange[int64](1, 3)),
			SQL: "booking.seats @> CAST($1 AS INT4RANGE)", Params: []any{`["1","3")`}},
		{Name: "contained by", Dialect: pg, Stmt: seats.ContainedBy("[0,100]"),
			SQL: "booking.seats <@ CAST($1 AS INT4RANGE)", Params: []any{"[0,100]"}},
		{Name: "overlaps column", Dialect: pg, Stmt: seats.Overlaps(tbl.C("seats")), SQL: "booking.seats && booking.seats"},
	})
}
