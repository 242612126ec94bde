package types

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// Decimal is an exact decimal number: an integer coefficient and a scale,
// the number of digits after the point (value = coefficient × 10^-scale).
// It is what Numeric columns return, so that no value passes through
// float64. The zero Decimal is 0. Decimals are values: methods return new
// ones and never change their receiver, so a Decimal may be shared between
// goroutines.
//
// Decimal implements driver.Valuer and sql.Scanner, so it can be bound and
// scanned with any driver; programs that prefer another decimal library can
// scan Numeric columns into that library's type instead. It marshals to
// text (and so to a JSON string) with its scale, "12.50", and unmarshals
// from text, a JSON string or a JSON number.
//
// Rounding, wherever digits are dropped (Rescale, DecimalFromRat), is half
// away from zero, as PostgreSQL and MySQL round NUMERIC.
type Decimal struct {
	coef  big.Int
	scale int32
}

// maxDecimalExponent bounds the exponents ParseDecimal accepts, so that
// text such as "1e999999999" cannot make it allocate without limit. It is
// PostgreSQL's limit on digits before the point.
const maxDecimalExponent = 131072

// ParseDecimal reads a decimal number such as "-12.3400", "+.5" or "1e-3".
// The scale is kept as written: "1.50" has scale 2; an exponent moves the
// point ("1.5e3" is 1500, scale 0; "15e-4" is 0.0015, scale 4). Errors wrap
// ErrInvalidDecimal (malformed text, including NaN and Infinity) or
// ErrOutOfRange (an exponent beyond ±131072).
func ParseDecimal(s string) (Decimal, error) {
	var d Decimal
	invalid := func() (Decimal, error) { return Decimal{}, fmt.Errorf("%w %q", ErrInvalidDecimal, s) }
	t := strings.TrimSpace(s)
	exp := int64(0)
	if i := strings.IndexAny(t, "eE"); i >= 0 {
		e, err := strconv.ParseInt(t[i+1:], 10, 64)
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return invalid()
		}
		if err != nil || e > maxDecimalExponent || e < -maxDecimalExponent {
			return Decimal{}, fmt.Errorf("%w: decimal %q has an exponent beyond ±%d", ErrOutOfRange, s, maxDecimalExponent)
		}
		exp, t = e, t[:i]
	}
	neg := false
	if t != "" && (t[0] == '-' || t[0] == '+') {
		neg, t = t[0] == '-', t[1:]
	}
	intPart, fracPart, _ := strings.Cut(t, ".")
	if intPart == "" && fracPart == "" || !isDigits(intPart) || !isDigits(fracPart) {
		return invalid()
	}
	d.coef.SetString(intPart+fracPart, 10)
	if neg {
		d.coef.Neg(&d.coef)
	}
	exp -= int64(len(fracPart))
	switch {
	case exp > 0:
		d.coef.Mul(&d.coef, pow10(exp))
	case -exp > maxDecimalExponent:
		return Decimal{}, fmt.Errorf("%w: decimal %q has more than %d digits after the point", ErrOutOfRange, s, maxDecimalExponent)
	default:
		d.scale = int32(-exp)
	}
	return d, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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

// NewDecimal returns coefficient × 10^-scale. A negative scale multiplies:
// NewDecimal(15, -2) is 1500, with scale 0.
func NewDecimal(coefficient int64, scale int32) Decimal {
	var d Decimal
	d.coef.SetInt64(coefficient)
	if scale < 0 {
		d.coef.Mul(&d.coef, pow10(-int64(scale)))
		scale = 0
	}
	d.scale = scale
	return d
}

// DecimalFromRat returns r rounded half away from zero to scale digits
// after the point; a negative scale rounds to tens, hundreds... (the result
// then has scale 0). A nil r is 0.
func DecimalFromRat(r *big.Rat, scale int32) Decimal {
	var d Decimal
	if r == nil {
		d.scale = max(scale, 0)
		return d
	}
	num := new(big.Int).Set(r.Num())
	den := new(big.Int).Set(r.Denom())
	if scale >= 0 {
		num.Mul(num, pow10(int64(scale)))
	} else {
		den.Mul(den, pow10(-int64(scale)))
	}
	return fromRounded(roundQuo(num, den), scale)
}

// DecimalFromFloat returns the shortest decimal that reads back as f:
// DecimalFromFloat(0.1) is 0.1, not the binary fraction float64 holds.
// NaN and ±Inf give an error wrapping ErrInvalidDecimal.
func DecimalFromFloat(f float64) (Decimal, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return Decimal{}, fmt.Errorf("%w: %v is not a finite number", ErrInvalidDecimal, f)
	}
	return ParseDecimal(strconv.FormatFloat(f, 'e', -1, 64))
}

// fromRounded returns q × 10^-scale for scale >= 0, and q × 10^-scale with
// scale 0 for a negative scale.
func fromRounded(q *big.Int, scale int32) Decimal {
	var d Decimal
	if scale < 0 {
		q.Mul(q, pow10(-int64(scale)))
		scale = 0
	}
	d.coef.Set(q)
	d.scale = scale
	return d
}

// roundQuo returns num / den rounded half away from zero; den > 0.
func roundQuo(num, den *big.Int) *big.Int {
	q, m := new(big.Int).QuoRem(num, den, new(big.Int))
	m.Abs(m).Lsh(m, 1)
	if m.Cmp(den) >= 0 {
		if num.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

func pow10(n int64) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(n), nil)
}

// Scale returns the number of digits after the decimal point.
func (d Decimal) Scale() int32 { return d.scale }

// Coefficient returns the unscaled integer value (a copy).
func (d Decimal) Coefficient() *big.Int { return new(big.Int).Set(&d.coef) }

// Sign returns -1, 0 or +1.
func (d Decimal) Sign() int { return d.coef.Sign() }

// Rat returns the exact value as a rational number.
func (d Decimal) Rat() *big.Rat {
	return new(big.Rat).SetFrac(&d.coef, pow10(int64(d.scale)))
}

// Float64 returns the nearest float64 and whether it is exact.
func (d Decimal) Float64() (float64, bool) { return d.Rat().Float64() }

// Cmp compares the values of d and e: -1 when d < e, 0 when equal, +1 when
// d > e. Scale does not matter: 1.5 equals 1.50.
func (d Decimal) Cmp(e Decimal) int {
	switch {
	case d.scale == e.scale:
		return d.coef.Cmp(&e.coef)
	case d.scale < e.scale:
		a := new(big.Int).Mul(&d.coef, pow10(int64(e.scale-d.scale)))
		return a.Cmp(&e.coef)
	}
	b := new(big.Int).Mul(&e.coef, pow10(int64(d.scale-e.scale)))
	return d.coef.Cmp(b)
}

// Equal reports whether d and e have the same value (1.5 equals 1.50).
func (d Decimal) Equal(e Decimal) bool { return d.Cmp(e) == 0 }

// Rescale returns d with exactly scale digits after the point, rounding
// half away from zero when digits are dropped. A negative scale rounds to
// tens, hundreds... and gives scale 0: Rescale(-2) of 1250 is 1300.
func (d Decimal) Rescale(scale int32) Decimal {
	if scale == d.scale {
		return d
	}
	if scale > d.scale {
		var r Decimal
		r.coef.Mul(&d.coef, pow10(int64(scale)-int64(d.scale)))
		r.scale = scale
		return r
	}
	return fromRounded(roundQuo(&d.coef, pow10(int64(d.scale)-int64(scale))), scale)
}

// String formats the decimal with its scale, without exponent: "-12.3400".
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

// MarshalText implements encoding.TextMarshaler: String's text.
func (d Decimal) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseDecimal.
func (d *Decimal) UnmarshalText(b []byte) error {
	v, err := ParseDecimal(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// UnmarshalJSON implements json.Unmarshaler: a JSON string holding a
// decimal, or a JSON number, read exactly. JSON null leaves d unchanged.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		return d.UnmarshalText([]byte(s))
	}
	return d.UnmarshalText(b)
}

// Value implements driver.Valuer: the decimal goes to the driver as text.
func (d Decimal) Value() (driver.Value, error) { return d.String(), nil }

// Scan implements sql.Scanner from the values drivers return for numbers
// (text, int64, float64). NULL is an error: scan into *Decimal or
// sql.Null[Decimal] where NULL may come.
func (d *Decimal) Scan(src any) error {
	if src == nil {
		return convErr(Numeric{}, src, errors.New("NULL cannot be stored in a Decimal; use *Decimal or sql.Null[Decimal]"))
	}
	v, err := resultDecimal(Numeric{}, src, -1)
	if err != nil {
		return err
	}
	*d = v.(Decimal)
	return nil
}
