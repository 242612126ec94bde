package types_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"strings"
	"sync"
	"testing"

	"github.com/athanordb/athanor/types"
)

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in    string
		want  string
		scale int32
		err   error
	}{
		{in: "0", want: "0", scale: 0},
		{in: "-12.3400", want: "-12.3400", scale: 4},
		{in: "+1.5", want: "1.5", scale: 1},
		{in: " 7 ", want: "7", scale: 0},
		{in: ".5", want: "0.5", scale: 1},
		{in: "-.5", want: "-0.5", scale: 1},
		{in: "5.", want: "5", scale: 0},
		{in: "-0.00", want: "0.00", scale: 2},
		{in: "0.000001", want: "0.000001", scale: 6},
		{in: "1e3", want: "1000", scale: 0},
		{in: "1.5E3", want: "1500", scale: 0},
		{in: "15e-4", want: "0.0015", scale: 4},
		{in: "1e-3", want: "0.001", scale: 3},
		{in: "-2.50e+1", want: "-25.0", scale: 1},
		{in: "123456789012345678901234567890.123456789012345678901234567890", want: "123456789012345678901234567890.123456789012345678901234567890", scale: 30},
		{in: "99999999999999999999999999999999999999", want: "99999999999999999999999999999999999999", scale: 0},
		{in: "", err: types.ErrInvalidDecimal},
		{in: "-", err: types.ErrInvalidDecimal},
		{in: ".", err: types.ErrInvalidDecimal},
		{in: "1.2.3", err: types.ErrInvalidDecimal},
		{in: "1e", err: types.ErrInvalidDecimal},
		{in: "e5", err: types.ErrInvalidDecimal},
		{in: "1e5.5", err: types.ErrInvalidDecimal},
		{in: "NaN", err: types.ErrInvalidDecimal},
		{in: "Infinity", err: types.ErrInvalidDecimal},
		{in: "-Inf", err: types.ErrInvalidDecimal},
		{in: "0x10", err: types.ErrInvalidDecimal},
		{in: "1_000", err: types.ErrInvalidDecimal},
		{in: "1 000", err: types.ErrInvalidDecimal},
		{in: "--1", err: types.ErrInvalidDecimal},
		{in: "1-", err: types.ErrInvalidDecimal},
		{in: "١٢", err: types.ErrInvalidDecimal}, // Arabic-Indic digits
		{in: "1e999999999", err: types.ErrOutOfRange},
		{in: "1e-999999999", err: types.ErrOutOfRange},
		{in: "1e99999999999999999999", err: types.ErrOutOfRange},
		{in: "0." + strings.Repeat("1", 131073), err: types.ErrOutOfRange},
	}
	for _, c := range cases {
		d, err := types.ParseDecimal(c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("ParseDecimal(%.40q): error %v, want %v", c.in, err, c.err)
			}
			continue
		}
		if err != nil || d.String() != c.want || d.Scale() != c.scale {
			t.Errorf("ParseDecimal(%q) = %s (scale %d), %v; want %s (scale %d)", c.in, d, d.Scale(), err, c.want, c.scale)
		}
	}
}

func TestDecimalZeroValue(t *testing.T) {
	var d types.Decimal
	if d.String() != "0" || d.Sign() != 0 || !d.Equal(types.NewDecimal(0, 3)) {
		t.Fatalf("zero Decimal: %s", d)
	}
}

func TestNewDecimal(t *testing.T) {
	cases := []struct {
		coef  int64
		scale int32
		want  string
	}{
		{12345, 2, "123.45"},
		{-5, 3, "-0.005"},
		{15, -2, "1500"},
		{math.MinInt64, 0, "-9223372036854775808"},
		{math.MaxInt64, 19, "0.9223372036854775807"},
	}
	for _, c := range cases {
		if got := types.NewDecimal(c.coef, c.scale).String(); got != c.want {
			t.Errorf("NewDecimal(%d, %d) = %s, want %s", c.coef, c.scale, got, c.want)
		}
	}
}

func TestDecimalRescale(t *testing.T) {
	cases := []struct {
		in    string
		scale int32
		want  string
	}{
		{"1.5", 3, "1.500"},
		{"1.25", 1, "1.3"},
		{"-1.25", 1, "-1.3"},
		{"1.24", 1, "1.2"},
		{"-1.24", 1, "-1.2"},
		{"0.5", 0, "1"},
		{"-0.5", 0, "-1"},
		{"0.49", 0, "0"},
		{"2.5", 0, "3"},
		{"1250", -2, "1300"},
		{"-1249.9", -2, "-1200"},
		{"1234.5678", -1, "1230"},
		{"9.999", 2, "10.00"},
		{"12.50", 2, "12.50"},
		{"123456789012345678901234567890.5", 0, "123456789012345678901234567891"},
	}
	for _, c := range cases {
		d := dec(c.in)
		if got := d.Rescale(c.scale).String(); got != c.want {
			t.Errorf("%s.Rescale(%d) = %s, want %s", c.in, c.scale, got, c.want)
		}
		if d.String() != dec(c.in).String() {
			t.Errorf("Rescale changed its receiver: %s", d)
		}
	}
}

func TestDecimalCmp(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"1.5", "1.50", 0},
		{"1.5", "1.49", 1},
		{"-1.5", "-1.49", -1},
		{"0", "-0.000", 0},
		{"100", "1e2", 0},
		{"0.1", "0.10000000000000000001", -1},
		{"123456789012345678901234567890", "123456789012345678901234567889.9", 1},
	}
	for _, c := range cases {
		a, b := dec(c.a), dec(c.b)
		if got := a.Cmp(b); got != c.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", c.a, c.b, got, c.want)
		}
		if got := b.Cmp(a); got != -c.want {
			t.Errorf("Cmp(%s, %s) = %d, want %d", c.b, c.a, got, -c.want)
		}
		if a.Equal(b) != (c.want == 0) {
			t.Errorf("Equal(%s, %s)", c.a, c.b)
		}
	}
}

func TestDecimalFromRat(t *testing.T) {
	cases := []struct {
		r     *big.Rat
		scale int32
		want  string
	}{
		{big.NewRat(1, 3), 4, "0.3333"},
		{big.NewRat(2, 3), 4, "0.6667"},
		{big.NewRat(-2, 3), 2, "-0.67"},
		{big.NewRat(1, 8), 2, "0.13"},
		{big.NewRat(-1, 8), 2, "-0.13"},
		{big.NewRat(12345, 1), -2, "12300"},
		{nil, 2, "0.00"},
	}
	for _, c := range cases {
		if got := types.DecimalFromRat(c.r, c.scale).String(); got != c.want {
			t.Errorf("DecimalFromRat(%v, %d) = %s, want %s", c.r, c.scale, got, c.want)
		}
	}
}

func TestDecimalFromFloat(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0.1, "0.1"},
		{-12.5, "-12.5"},
		{100, "100"},
		{1e21, "1000000000000000000000"},
		{5e-324, "0." + strings.Repeat("0", 323) + "5"},
		{0.30000000000000004, "0.30000000000000004"},
	}
	for _, c := range cases {
		d, err := types.DecimalFromFloat(c.f)
		if err != nil || d.String() != c.want {
			t.Errorf("DecimalFromFloat(%v) = %s, %v; want %s", c.f, d, err, c.want)
		}
	}
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if _, err := types.DecimalFromFloat(f); !errors.Is(err, types.ErrInvalidDecimal) {
			t.Errorf("DecimalFromFloat(%v): %v", f, err)
		}
	}
}

func TestDecimalAccessors(t *testing.T) {
	d := dec("-12.345")
	if d.Scale() != 3 || d.Sign() != -1 || d.Coefficient().Int64() != -12345 {
		t.Fatalf("accessors of %s", d)
	}
	d.Coefficient().SetInt64(1) // a copy: d is unchanged
	if d.String() != "-12.345" {
		t.Fatalf("Coefficient aliases the decimal: %s", d)
	}
	if r := d.Rat(); r.Cmp(big.NewRat(-12345, 1000)) != 0 {
		t.Fatalf("Rat = %v", r)
	}
	if f, exact := dec("0.5").Float64(); f != 0.5 || !exact {
		t.Fatalf("Float64(0.5) = %v, %v", f, exact)
	}
	if f, exact := dec("0.1").Float64(); f != 0.1 || exact {
		t.Fatalf("Float64(0.1) = %v, %v", f, exact)
	}
}

func TestDecimalText(t *testing.T) {
	for _, s := range []string{"0", "-12.3400", "0.001", "123456789012345678901234567890.12"} {
		b, err := dec(s).MarshalText()
		if err != nil || string(b) != s {
			t.Errorf("MarshalText(%s) = %s, %v", s, b, err)
		}
		var d types.Decimal
		if err := d.UnmarshalText(b); err != nil || d.String() != s {
			t.Errorf("UnmarshalText(%s) = %s, %v", s, d, err)
		}
	}
	var d types.Decimal
	if err := d.UnmarshalText([]byte("x")); !errors.Is(err, types.ErrInvalidDecimal) {
		t.Errorf("UnmarshalText(x): %v", err)
	}
}

func TestDecimalJSON(t *testing.T) {
	type doc struct {
		Price types.Decimal  `json:"price"`
		Tax   *types.Decimal `json:"tax"`
	}
	b, err := json.Marshal(doc{Price: dec("12.50")})
	if err != nil || string(b) != `{"price":"12.50","tax":null}` {
		t.Fatalf("Marshal: %s, %v", b, err)
	}
	cases := []struct {
		in, price, tax string
		err            bool
	}{
		{in: `{"price":"12.50","tax":"0.1"}`, price: "12.50", tax: "0.1"},
		{in: `{"price":12.50}`, price: "12.50"},
		{in: `{"price":123456789012345678901234567890.000000001}`, price: "123456789012345678901234567890.000000001"},
		{in: `{"price":-1e-2}`, price: "-0.01"},
		{in: `{"price":null}`, price: "0"},
		{in: `{"price":"abc"}`, err: true},
		{in: `{"price":true}`, err: true},
	}
	for _, c := range cases {
		var d doc
		err := json.Unmarshal([]byte(c.in), &d)
		if c.err {
			if err == nil {
				t.Errorf("Unmarshal(%s): no error", c.in)
			}
			continue
		}
		if err != nil || d.Price.String() != c.price || (c.tax != "" && (d.Tax == nil || d.Tax.String() != c.tax)) {
			t.Errorf("Unmarshal(%s) = %+v, %v", c.in, d, err)
		}
	}
}

func TestDecimalValueScan(t *testing.T) {
	v, err := dec("-0.50").Value()
	if err != nil || v != "-0.50" {
		t.Fatalf("Value = %v, %v", v, err)
	}
	cases := []struct {
		src  any
		want string
		err  error
	}{
		{src: "12.30", want: "12.30"},
		{src: []byte("7"), want: "7"},
		{src: int64(-3), want: "-3"},
		{src: 2.5, want: "2.5"},
		{src: math.NaN(), err: types.ErrInvalidDecimal},
		{src: math.Inf(-1), err: types.ErrInvalidDecimal},
		{src: "x", err: types.ErrInvalidDecimal},
		{src: true, err: types.ErrUnsupportedValue},
		{src: nil, err: errAny},
	}
	for _, c := range cases {
		var d types.Decimal
		err := d.Scan(c.src)
		if c.err != nil {
			checkConvErr(t, err, c.err)
			continue
		}
		if err != nil || d.String() != c.want {
			t.Errorf("Scan(%v) = %s, %v", c.src, d, err)
		}
	}
	var n sql.Null[types.Decimal]
	if err := n.Scan(nil); err != nil || n.Valid {
		t.Fatalf("Null[Decimal].Scan(nil) = %+v, %v", n, err)
	}
	if err := n.Scan("1.10"); err != nil || !n.Valid || n.V.String() != "1.10" {
		t.Fatalf("Null[Decimal].Scan(1.10) = %+v, %v", n, err)
	}
}

func TestDecimalConcurrentUse(t *testing.T) {
	d := dec("1234567890.123456789")
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 100 {
				_ = d.Rescale(2).String()
				_ = d.Cmp(dec("1"))
				_ = d.Rat()
			}
		}()
	}
	wg.Wait()
	if d.String() != "1234567890.123456789" {
		t.Fatalf("shared decimal changed: %s", d)
	}
}

func TestNumericBind(t *testing.T) {
	type price string
	runConv(t, types.Numeric{Precision: 10, Scale: 2}.BindConverter(), []convCase{
		{in: dec("12.50"), want: "12.50"},
		{in: ptr(dec("-0.001")), want: "-0.001"},
		{name: "nil *Decimal", in: (*types.Decimal)(nil), want: nil},
		{in: big.NewRat(1, 8), want: "0.125"},
		{name: "1/3 to 30 digits", in: big.NewRat(1, 3), want: "0." + strings.Repeat("3", 30)},
		{in: big.NewRat(-6, 3), want: "-2"},
		{name: "nil *big.Rat", in: (*big.Rat)(nil), want: nil},
		{in: new(big.Int).Lsh(big.NewInt(1), 100), want: "1267650600228229401496703205376"},
		{in: "1.50", want: "1.50"},
		{in: " 1e2 ", want: "100"},
		{in: json.Number("0.25"), want: "0.25"},
		{name: "named string", in: price("3.10"), want: "3.10"},
		{in: "1,5", err: types.ErrInvalidDecimal},
		{in: "NaN", err: types.ErrInvalidDecimal},
		{in: int64(5), want: int64(5)},
		{in: 5, want: 5},
		{in: uint64(math.MaxUint64), want: "18446744073709551615"},
		{in: uint64(9), want: int64(9)},
		{in: 1.25, want: 1.25},
		{in: float32(0.5), want: 0.5},
		{in: math.NaN(), err: types.ErrInvalidDecimal},
		{in: math.Inf(1), err: types.ErrInvalidDecimal},
		{name: "pointer to float", in: ptr(2.5), want: 2.5},
		{name: "nil pointer", in: (*float64)(nil), want: nil},
		{name: "named int", in: userID(4), want: int64(4)},
		{name: "valuer passes", in: sql.NullFloat64{Float64: 1, Valid: true}, want: sql.NullFloat64{Float64: 1, Valid: true}},
	})
}

func TestNumericResult(t *testing.T) {
	runConv(t, types.Numeric{Precision: 10, Scale: 2}.ResultConverter(), []convCase{
		{in: "12.5", want: dec("12.50")},
		{in: []byte("12.345"), want: dec("12.35")},
		{in: int64(7), want: dec("7.00")},
		{in: 0.1, want: dec("0.10")},
		{in: 1234567890123.45, want: dec("1234567890123.45")},
		{in: dec("1"), want: dec("1.00")},
		{in: math.NaN(), err: types.ErrInvalidDecimal},
		{in: "abc", err: types.ErrInvalidDecimal},
		{in: true, err: types.ErrUnsupportedValue},
	})
	// Without a precision, the scale is what the database gave.
	runConv(t, types.Numeric{}.ResultConverter(), []convCase{
		{in: "12.500", want: dec("12.500")},
		{in: 0.125, want: dec("0.125")},
	})
	// NUMERIC(5): scale 0.
	runConv(t, types.Numeric{Precision: 5}.ResultConverter(), []convCase{
		{in: 2.5, want: dec("3")},
	})
	if got := (types.Numeric{Precision: 10, Scale: 2}).String(); got != "NUMERIC(10, 2)" {
		t.Errorf("String = %s", got)
	}
	if got := (types.Numeric{Precision: 10}).String(); got != "NUMERIC(10)" {
		t.Errorf("String = %s", got)
	}
}
