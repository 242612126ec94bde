package types

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"
)

var (
	int64Type    = reflect.TypeFor[int64]()
	boolType     = reflect.TypeFor[bool]()
	stringType   = reflect.TypeFor[string]()
	float64Type  = reflect.TypeFor[float64]()
	decimalType  = reflect.TypeFor[Decimal]()
	timeType     = reflect.TypeFor[time.Time]()
	durationType = reflect.TypeFor[time.Duration]()
	bytesType    = reflect.TypeFor[[]byte]()
	anyType      = reflect.TypeFor[any]()
)

// NullType is the type of an expression whose type is unknown. Values pass
// through to and from the driver unchanged.
type NullType struct{}

func (NullType) Affinity() Affinity         { return AffinityNone }
func (NullType) GoType() reflect.Type       { return anyType }
func (NullType) BindConverter() Converter   { return nil }
func (NullType) ResultConverter() Converter { return nil }
func (NullType) String() string             { return "NULL" }

// Integer is a 32-bit integer: INTEGER. Results are int64. Bound values may
// be any Go integer (named integer types too), a whole float or a bool; a
// uint64 above math.MaxInt64 and a fractional float are refused with
// ErrOutOfRange. Strings go to the database, which reads them as it does.
// The 32-bit range is the database's to check, as are SmallInteger's and
// BigInteger's.
type Integer struct{}

func (Integer) Affinity() Affinity         { return AffinityInteger }
func (Integer) GoType() reflect.Type       { return int64Type }
func (Integer) BindConverter() Converter   { return bindInteger }
func (Integer) ResultConverter() Converter { return resultInteger }
func (Integer) String() string             { return "INTEGER" }

// SmallInteger is a 16-bit integer: SMALLINT. Values as for Integer.
type SmallInteger struct{}

func (SmallInteger) Affinity() Affinity         { return AffinityInteger }
func (SmallInteger) GoType() reflect.Type       { return int64Type }
func (SmallInteger) BindConverter() Converter   { return bindSmallInteger }
func (SmallInteger) ResultConverter() Converter { return resultSmallInteger }
func (SmallInteger) String() string             { return "SMALLINT" }

// BigInteger is a 64-bit integer: BIGINT. Values as for Integer.
type BigInteger struct{}

func (BigInteger) Affinity() Affinity         { return AffinityInteger }
func (BigInteger) GoType() reflect.Type       { return int64Type }
func (BigInteger) BindConverter() Converter   { return bindBigInteger }
func (BigInteger) ResultConverter() Converter { return resultBigInteger }
func (BigInteger) String() string             { return "BIGINT" }

// The converters of the types without parameters, made once: a compiled
// statement asks for them for each parameter and column.
var (
	bindInteger        = bindInt(Integer{})
	bindSmallInteger   = bindInt(SmallInteger{})
	bindBigInteger     = bindInt(BigInteger{})
	resultInteger      = toInt64(Integer{})
	resultSmallInteger = toInt64(SmallInteger{})
	resultBigInteger   = toInt64(BigInteger{})
	resultString       = toString(String{})
	resultText         = toString(Text{})
	resultFloat        = toFloat(Float{})
	resultDouble       = toFloat(Double{})
)

// bindInt passes Go integers to the driver as they are, refusing unsigned
// values above math.MaxInt64; whole floats, bools and named integer types
// become int64, fractional floats are refused. Strings go as they are: the
// database reads them (range within int64 is its business too).
func bindInt(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case int, int64, int32, int16, int8, uint8, uint16, uint32, string:
			return v, nil
		case uint64:
			if _, err := uintToInt(t, v, x); err != nil {
				return nil, err
			}
			return v, nil
		case uint:
			if _, err := uintToInt(t, v, uint64(x)); err != nil {
				return nil, err
			}
			return v, nil
		}
		if n, known, err := intOf(t, v); known {
			return n, err
		}
		if x, ok := indirect(v); ok {
			if x == nil {
				return nil, nil
			}
			return bindInt(t)(x)
		}
		if _, ok := v.(driver.Valuer); ok {
			return v, nil
		}
		rv := reflect.ValueOf(v)
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return rv.Int(), nil
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return uintToInt(t, v, rv.Uint())
		case reflect.String:
			return rv.String(), nil
		}
		return v, nil
	}
}

// toInt64 is the integer types' result converter.
func toInt64(t Type) Converter {
	return func(v any) (any, error) {
		n, known, err := intOf(t, v)
		if !known {
			return nil, convErr(t, v, nil)
		}
		return n, err
	}
}

// intOf converts the Go values that hold an integer to int64; known is
// false for other Go types.
func intOf(t Type, v any) (n any, known bool, err error) {
	switch x := v.(type) {
	case int64:
		return v, true, nil // as it is: boxing x again would allocate
	case int:
		return int64(x), true, nil
	case int32:
		return int64(x), true, nil
	case int16:
		return int64(x), true, nil
	case int8:
		return int64(x), true, nil
	case uint8:
		return int64(x), true, nil
	case uint16:
		return int64(x), true, nil
	case uint32:
		return int64(x), true, nil
	case uint64:
		n, err = uintToInt(t, v, x)
	case uint:
		n, err = uintToInt(t, v, uint64(x))
	case float64:
		n, err = floatToInt(t, v, x)
	case float32:
		n, err = floatToInt(t, v, float64(x))
	case []byte:
		n, err = parseInt(t, v, string(x))
	case string:
		n, err = parseInt(t, v, x)
	case bool:
		return boolToInt(x), true, nil
	default:
		return nil, false, nil
	}
	return n, true, err
}

func uintToInt(t Type, v any, x uint64) (any, error) {
	if x > math.MaxInt64 {
		return nil, convErr(t, v, fmt.Errorf("%w: %d is above the largest int64", ErrOutOfRange, x))
	}
	return int64(x), nil
}

func floatToInt(t Type, v any, x float64) (any, error) {
	// -2^63 is exact in float64; 2^63 is the first value above MaxInt64.
	if x != math.Trunc(x) || x < math.MinInt64 || x >= math.MaxInt64 {
		return nil, convErr(t, v, fmt.Errorf("%w: %v is not a whole number within int64", ErrOutOfRange, x))
	}
	return int64(x), nil
}

func boolToInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func parseInt(t Type, v any, s string) (any, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			err = fmt.Errorf("%w: %s", ErrOutOfRange, err)
		}
		return nil, convErr(t, v, err)
	}
	return n, nil
}

// Boolean is a truth value: BOOLEAN where the database has it, otherwise a
// small integer holding 0 or 1 (the dialect decides). Bound values may be
// bool, the integers 0 and 1 (any other is refused with ErrOutOfRange), or
// the words 1/0, t/f, true/false, y/n, yes/no, on/off in any case. Results
// read the same words, and any non-zero number as true.
type Boolean struct {
	// CreateConstraint adds CHECK (col IN (0, 1)) on databases without a
	// native boolean type.
	CreateConstraint bool
}

func (Boolean) Affinity() Affinity         { return AffinityBoolean }
func (Boolean) GoType() reflect.Type       { return boolType }
func (Boolean) BindConverter() Converter   { return bindBool }
func (Boolean) ResultConverter() Converter { return resultBool }
func (Boolean) String() string             { return "BOOLEAN" }

// bindBool accepts bool, the integers 0 and 1, and the words parseBool
// reads; any other integer is refused rather than read as true.
func bindBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return intToBool(v, x)
	case int:
		return intToBool(v, int64(x))
	case string:
		return parseBool(v, x)
	}
	if x, ok := indirect(v); ok {
		if x == nil {
			return nil, nil
		}
		return bindBool(x)
	}
	if _, ok := v.(driver.Valuer); ok {
		return v, nil // the driver decides
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Bool:
		return rv.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intToBool(v, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		if u := rv.Uint(); u <= 1 {
			return u == 1, nil
		}
		return nil, convErr(Boolean{}, v, errNotBoolInt)
	case reflect.String:
		return parseBool(v, rv.String())
	}
	return nil, convErr(Boolean{}, v, nil)
}

func intToBool(v any, n int64) (any, error) {
	switch n {
	case 0:
		return false, nil
	case 1:
		return true, nil
	}
	return nil, convErr(Boolean{}, v, errNotBoolInt)
}

var errNotBoolInt = fmt.Errorf("%w: a boolean is 0 or 1", ErrOutOfRange)

// resultBool reads what databases return for booleans: bool, integers
// (any non-zero integer is true, as SQL's tests treat it), and the words of
// parseBool.
func resultBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case float64:
		return x != 0, nil
	case []byte:
		return parseBool(v, string(x))
	case string:
		return parseBool(v, x)
	}
	return nil, convErr(Boolean{}, v, nil)
}

func parseBool(v any, s string) (any, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "1", "t", "true", "y", "yes", "on":
		return true, nil
	case "0", "f", "false", "n", "no", "off":
		return false, nil
	}
	return nil, convErr(Boolean{}, v, fmt.Errorf("%q is not a boolean", s))
}

// String is variable-length character data: VARCHAR(Length). Length 0
// means no length, which some databases (MySQL, SQL Server, Oracle) refuse
// in DDL. Bound values go to the driver as they are; results are string
// (text, bytes, numbers and times the driver returns are formatted).
type String struct {
	Length    int
	Collation string
}

func (String) Affinity() Affinity         { return AffinityString }
func (String) GoType() reflect.Type       { return stringType }
func (String) BindConverter() Converter   { return nil }
func (String) ResultConverter() Converter { return resultString }
func (s String) String() string {
	if s.Length > 0 {
		return "VARCHAR(" + strconv.Itoa(s.Length) + ")"
	}
	return "VARCHAR"
}

// Text is character data of unbounded length: TEXT, CLOB.
type Text struct {
	Collation string
}

func (Text) Affinity() Affinity         { return AffinityString }
func (Text) GoType() reflect.Type       { return stringType }
func (Text) BindConverter() Converter   { return nil }
func (Text) ResultConverter() Converter { return resultText }
func (Text) String() string             { return "TEXT" }

func toString(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case string:
			return v, nil
		case []byte:
			return string(x), nil
		case int64:
			return strconv.FormatInt(x, 10), nil
		case float64:
			return strconv.FormatFloat(x, 'g', -1, 64), nil
		case bool:
			return strconv.FormatBool(x), nil
		case time.Time:
			return x.Format(time.RFC3339Nano), nil
		}
		return nil, convErr(t, v, nil)
	}
}

// Float is a floating-point number: FLOAT, or FLOAT(Precision) when
// Precision is set (in binary digits). Results are float64; bound values go
// to the driver as they are, except where the dialect adapts them (SQLite
// refuses NaN, which it would store as NULL).
type Float struct {
	Precision int
}

func (Float) Affinity() Affinity         { return AffinityNumeric }
func (Float) GoType() reflect.Type       { return float64Type }
func (Float) BindConverter() Converter   { return nil }
func (Float) ResultConverter() Converter { return resultFloat }
func (f Float) String() string {
	if f.Precision > 0 {
		return "FLOAT(" + strconv.Itoa(f.Precision) + ")"
	}
	return "FLOAT"
}

// Double is a double-precision floating-point number: DOUBLE PRECISION.
type Double struct{}

func (Double) Affinity() Affinity         { return AffinityNumeric }
func (Double) GoType() reflect.Type       { return float64Type }
func (Double) BindConverter() Converter   { return nil }
func (Double) ResultConverter() Converter { return resultDouble }
func (Double) String() string             { return "DOUBLE PRECISION" }

func toFloat(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case float64:
			return v, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case []byte:
			return parseFloat(t, v, string(x))
		case string:
			return parseFloat(t, v, x)
		}
		return nil, convErr(t, v, nil)
	}
}

func parseFloat(t Type, v any, s string) (any, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		if errors.Is(err, strconv.ErrRange) {
			err = fmt.Errorf("%w: %s", ErrOutOfRange, err)
		}
		return nil, convErr(t, v, err)
	}
	return f, nil
}

// LargeBinary is a byte string: BLOB, BYTEA, VARBINARY(MAX). Bound values
// are []byte (a nil slice is NULL, an empty one an empty byte string) or a
// string, sent as its bytes so that it compares equal to the same []byte.
type LargeBinary struct {
	Length int
}

func (LargeBinary) Affinity() Affinity         { return AffinityBinary }
func (LargeBinary) GoType() reflect.Type       { return bytesType }
func (LargeBinary) BindConverter() Converter   { return bindBytes }
func (LargeBinary) ResultConverter() Converter { return toBytes }
func (LargeBinary) String() string             { return "BLOB" }

func bindBytes(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return v, nil // as given: boxing x again would allocate
	case string:
		return []byte(x), nil
	}
	if x, ok := indirect(v); ok {
		if x == nil {
			return nil, nil
		}
		return bindBytes(x)
	}
	if _, ok := v.(driver.Valuer); ok {
		return v, nil
	}
	rv := reflect.ValueOf(v)
	switch {
	case rv.Kind() == reflect.String:
		return []byte(rv.String()), nil
	case rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() == reflect.Uint8:
		return rv.Bytes(), nil
	}
	return v, nil
}

func toBytes(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		if x == nil {
			// Converters see only non-NULL values: this is an empty byte
			// string, which some drivers hand over as a nil slice.
			return []byte{}, nil
		}
		return v, nil
	case string:
		return []byte(x), nil
	}
	return nil, convErr(LargeBinary{}, v, nil)
}
