package types

import (
	"database/sql/driver"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number: an integer coefficient and a scale,
// the number of digits after the point (value = coefficient × 10^-scale).
// It is what Numeric columns return, so that no value passes through
// float64. The zero Decimal is 0.
//
// Decimal implements driver.Valuer and sql.Scanner, so it can be bound and
// scanned with any driver; programs that prefer another decimal library can
// scan Numeric columns into that library's type instead.
type Decimal struct {
	coef  big.Int
	scale int32
}

// ParseDecimal reads a decimal number such as "-12.3400" or "1e-3". The
// scale is kept as written: "1.50" has scale 2.
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	orig := s
	s = strings.TrimSpace(s)
	exp := int64(0)
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.ParseInt(s[i+1:], 10, 32)
		if err != nil {
			return d, fmt.Errorf("athanor: invalid decimal %q", orig)
		}
		exp = e
		s = s[:i]
	}
	digits := s
	if i := strings.IndexByte(s, '.'); i >= 0 {
		digits = s[:i] + s[i+1:]
		exp -= int64(len(s) - i - 1)
	}
	if digits == "" || digits == "-" || digits == "+" || strings.ContainsAny(digits[1:], "+-") {
		return d, fmt.Errorf("athanor: invalid decimal %q", orig)
	}
	if _, ok := d.coef.SetString(digits, 10); !ok {
		return d, fmt.Errorf("athanor: invalid decimal %q", orig)
	}
	if exp > 0 {
		d.coef.Mul(&d.coef, pow10(int(exp)))
		exp = 0
	}
	if -exp > math.MaxInt32 {
		return d, fmt.Errorf("athanor: decimal %q out of range", orig)
	}
	d.scale = int32(-exp)
	return d, nil
}

// MustDecimal is ParseDecimal for constants: it panics on a malformed
// string, so use it only with literals written in the program.
func MustDecimal(s string) Decimal {
	d, err := ParseDecimal(s)
	if err != nil {
		panic(err)
	}
	return d
}

// NewDecimal returns coefficient × 10^-scale.
func NewDecimal(coefficient int64, scale int32) Decimal {
	var d Decimal
	d.coef.SetInt64(coefficient)
	if scale < 0 {
		d.coef.Mul(&d.coef, pow10(int(-scale)))
		scale = 0
	}
	d.scale = scale
	return d
}

// DecimalFromRat returns r rounded half away from zero to scale digits.
func DecimalFromRat(r *big.Rat, scale int32) Decimal {
	var d Decimal
	num := new(big.Int).Mul(r.Num(), pow10(int(scale)))
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(r.Denom()) >= 0 {
		if r.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	d.coef.Set(q)
	d.scale = scale
	return d
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int32 { return d.scale }

// Coefficient returns the unscaled integer value.
func (d Decimal) Coefficient() *big.Int { return new(big.Int).Set(&d.coef) }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int { return d.coef.Sign() }

// Rat returns the exact value as a rational number.
func (d Decimal) Rat() *big.Rat {
	return new(big.Rat).SetFrac(&d.coef, pow10(int(d.scale)))
}

// Float64 returns the nearest float64 and whether it is exact.
func (d Decimal) Float64() (float64, bool) { return d.Rat().Float64() }

// Cmp compares the values of d and e (scale does not matter: 1.5 = 1.50).
func (d Decimal) Cmp(e Decimal) int { return d.Rat().Cmp(e.Rat()) }

// Equal reports whether d and e have the same value.
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Rescale returns d with exactly scale digits after the point, rounding half
// away from zero when digits are dropped.
func (d Decimal) Rescale(scale int32) Decimal {
	if scale == d.scale {
		return d
	}
	if scale > d.scale {
		var r Decimal
		r.coef.Mul(&d.coef, pow10(int(scale-d.scale)))
		r.scale = scale
		return r
	}
	return DecimalFromRat(d.Rat(), scale)
}

// String formats the decimal with its scale: "-12.3400".
func (d Decimal) String() string {
	s := d.coef.String()
	if d.scale <= 0 {
		return s
	}
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if len(s) <= int(d.scale) {
		s = strings.Repeat("0", int(d.scale)-len(s)+1) + s
	}
	s = s[:len(s)-int(d.scale)] + "." + s[len(s)-int(d.scale):]
	if neg {
		s = "-" + s
	}
	return s
}

// MarshalText implements encoding.TextMarshaler.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value implements driver.Valuer: the decimal goes to the driver as text.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan implements sql.Scanner.
func (d *Decimal) Scan(src any) error {
	v, err := resultDecimal(Numeric{}, src, -1)
	if err != nil {
		return err
	}
	*d = v.(Decimal)
	return nil
}

func bindDecimal(v any) (any, error) {
	switch x := v.(type) {
	case Decimal:
		return x.String(), nil
	case *Decimal:
		return x.String(), nil
	case *big.Rat:
		if x.IsInt() {
			return x.Num().String(), nil
		}
		// A rational with a finite decimal expansion is written exactly;
		// others are rounded to 30 digits after the point.
		return x.FloatString(finiteScale(x)), nil
	case string:
		if _, err := ParseDecimal(x); err != nil {
			return nil, convErr(Numeric{}, v, err)
		}
		return x, nil
	}
	return v, nil
}

// finiteScale returns the digits after the point that write r exactly, or
// 30 when its expansion does not end.
func finiteScale(r *big.Rat) int {
	den := new(big.Int).Set(r.Denom())
	twos, fives := 0, 0
	two, five, zero := big.NewInt(2), big.NewInt(5), new(big.Int)
	m := new(big.Int)
	for m.Mod(den, two).Cmp(zero) == 0 {
		den.Quo(den, two)
		twos++
	}
	for m.Mod(den, five).Cmp(zero) == 0 {
		den.Quo(den, five)
		fives++
	}
	if den.Cmp(big.NewInt(1)) != 0 {
		return 30
	}
	return max(twos, fives)
}

// resultDecimal converts a driver value to Decimal; scale >= 0 rescales it
// (databases that store decimals as floating point lose trailing zeros).
func resultDecimal(t Type, v any, scale int) (any, error) {
	var d Decimal
	var err error
	switch x := v.(type) {
	case Decimal:
		d = x
	case []byte:
		d, err = ParseDecimal(string(x))
	case string:
		d, err = ParseDecimal(x)
	case int64:
		d = NewDecimal(x, 0)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, convErr(t, v, fmt.Errorf("not a finite number"))
		}
		d, err = ParseDecimal(strconv.FormatFloat(x, 'f', -1, 64))
	default:
		return nil, convErr(t, v, nil)
	}
	if err != nil {
		return nil, convErr(t, v, err)
	}
	if scale >= 0 {
		d = d.Rescale(int32(scale))
	}
	return d, nil
}
