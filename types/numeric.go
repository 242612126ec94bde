package types

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strconv"
)

// Numeric is an exact decimal number: NUMERIC(Precision, Scale). Values
// come back as Decimal, never through float64, unless AsFloat is set; with
// a Precision, they come back at the column's Scale (databases that keep
// decimals as floating point lose trailing zeros).
//
// Bound values may be Decimal, *Decimal, *big.Rat, *big.Int, a decimal
// string (json.Number too), any Go integer (a uint64 above math.MaxInt64
// goes as a decimal string) or a float32/float64, which goes to the driver
// as it is: exact only as far as the float is. NaN and ±Inf are refused
// with ErrInvalidDecimal: a Decimal cannot hold them.
type Numeric struct {
	Precision int
	Scale     int
	AsFloat   bool // return float64 instead of Decimal
}

func (Numeric) Affinity() Affinity { return AffinityNumeric }

func (n Numeric) GoType() reflect.Type {
	if n.AsFloat {
		return float64Type
	}
	return decimalType
}

func (n Numeric) BindConverter() Converter {
	return func(v any) (any, error) { return bindDecimal(n, v) }
}

func (n Numeric) ResultConverter() Converter {
	if n.AsFloat {
		return toFloat(n)
	}
	scale := -1
	if n.Precision > 0 {
		scale = n.Scale
	}
	return func(v any) (any, error) { return resultDecimal(n, v, scale) }
}

func (n Numeric) String() string {
	switch {
	case n.Precision > 0 && n.Scale > 0:
		return "NUMERIC(" + strconv.Itoa(n.Precision) + ", " + strconv.Itoa(n.Scale) + ")"
	case n.Precision > 0:
		return "NUMERIC(" + strconv.Itoa(n.Precision) + ")"
	}
	return "NUMERIC"
}

// bindDecimal sends decimals as their exact text, integers and floats as
// they are.
func bindDecimal(t Type, v any) (any, error) {
	switch x := v.(type) {
	case Decimal:
		return x.String(), nil
	case *Decimal:
		if x == nil {
			return nil, nil
		}
		return x.String(), nil
	case *big.Rat:
		if x == nil {
			return nil, nil
		}
		return DecimalFromRat(x, int32(finiteScale(x))).String(), nil
	case *big.Int:
		if x == nil {
			return nil, nil
		}
		return x.String(), nil
	case string:
		return parseDecimalValue(t, v, x)
	case json.Number:
		return parseDecimalValue(t, v, string(x))
	case int64, int, int32, int16, int8, uint32, uint16, uint8:
		return v, nil
	case uint64:
		return bigUint(x), nil
	case uint:
		return bigUint(uint64(x)), nil
	case float64:
		return finiteFloat(t, v, x)
	case float32:
		return finiteFloat(t, v, float64(x))
	}
	if x, ok := indirect(v); ok {
		if x == nil {
			return nil, nil
		}
		return bindDecimal(t, x)
	}
	if _, ok := v.(driver.Valuer); ok {
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return parseDecimalValue(t, v, rv.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return rv.Int(), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return bigUint(rv.Uint()), nil
	case reflect.Float32, reflect.Float64:
		return finiteFloat(t, v, rv.Float())
	}
	return v, nil
}

// bigUint returns u as int64 when it fits, otherwise as decimal text.
func bigUint(u uint64) any {
	if u <= math.MaxInt64 {
		return int64(u)
	}
	return strconv.FormatUint(u, 10)
}

func finiteFloat(t Type, v any, f float64) (any, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil, convErr(t, v, fmt.Errorf("%w: %v is not a finite number", ErrInvalidDecimal, f))
	}
	return f, nil
}

func parseDecimalValue(t Type, v any, s string) (any, error) {
	d, err := ParseDecimal(s)
	if err != nil {
		return nil, convErr(t, v, err)
	}
	return d.String(), nil
}

// finiteScale returns the digits after the point that write r exactly, or
// 30 when its expansion does not end.
func finiteScale(r *big.Rat) int {
	den := new(big.Int).Set(r.Denom())
	twos, fives := 0, 0
	two, five := big.NewInt(2), big.NewInt(5)
	q, m := new(big.Int), new(big.Int)
	for {
		q.QuoRem(den, two, m)
		if m.Sign() != 0 {
			break
		}
		den.Set(q)
		twos++
	}
	for {
		q.QuoRem(den, five, m)
		if m.Sign() != 0 {
			break
		}
		den.Set(q)
		fives++
	}
	if !den.IsInt64() || den.Int64() != 1 {
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
		d, err = DecimalFromFloat(x)
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
