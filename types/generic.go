package types

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
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

// Integer is a 32-bit integer: INTEGER.
type Integer struct{}

func (Integer) Affinity() Affinity         { return AffinityInteger }
func (Integer) GoType() reflect.Type       { return int64Type }
func (Integer) BindConverter() Converter   { return nil }
func (Integer) ResultConverter() Converter { return toInt64(Integer{}) }
func (Integer) String() string             { return "INTEGER" }

// SmallInteger is a 16-bit integer: SMALLINT.
type SmallInteger struct{}

func (SmallInteger) Affinity() Affinity         { return AffinityInteger }
func (SmallInteger) GoType() reflect.Type       { return int64Type }
func (SmallInteger) BindConverter() Converter   { return nil }
func (SmallInteger) ResultConverter() Converter { return toInt64(SmallInteger{}) }
func (SmallInteger) String() string             { return "SMALLINT" }

// BigInteger is a 64-bit integer: BIGINT.
type BigInteger struct{}

func (BigInteger) Affinity() Affinity         { return AffinityInteger }
func (BigInteger) GoType() reflect.Type       { return int64Type }
func (BigInteger) BindConverter() Converter   { return nil }
func (BigInteger) ResultConverter() Converter { return toInt64(BigInteger{}) }
func (BigInteger) String() string             { return "BIGINT" }

func toInt64(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case int64:
			return x, nil
		case int:
			return int64(x), nil
		case int32:
			return int64(x), nil
		case int16:
			return int64(x), nil
		case int8:
			return int64(x), nil
		case uint8:
			return int64(x), nil
		case uint16:
			return int64(x), nil
		case uint32:
			return int64(x), nil
		case uint64:
			if x > math.MaxInt64 {
				return nil, convErr(t, v, fmt.Errorf("out of range"))
			}
			return int64(x), nil
		case float64:
			if x != math.Trunc(x) || x < math.MinInt64 || x >= math.MaxInt64 {
				return nil, convErr(t, v, fmt.Errorf("not a whole number in range"))
			}
			return int64(x), nil
		case []byte:
			return parseInt(t, string(x))
		case string:
			return parseInt(t, x)
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
		return nil, convErr(t, v, nil)
	}
}

func parseInt(t Type, s string) (any, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return nil, convErr(t, s, err)
	}
	return n, nil
}

// Boolean is a truth value: BOOLEAN where the database has it, otherwise a
// small integer holding 0 or 1 (the dialect decides).
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

func bindBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case int:
		return x != 0, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Bool {
		return rv.Bool(), nil
	}
	return v, nil // driver.Valuer and the like: the driver decides
}

func resultBool(v any) (any, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case int64:
		return x != 0, nil
	case []byte:
		return parseBool(string(x))
	case string:
		return parseBool(x)
	}
	return nil, convErr(Boolean{}, v, nil)
}

func parseBool(s string) (any, error) {
	switch s {
	case "1", "t", "true", "TRUE", "T", "y", "yes", "on":
		return true, nil
	case "0", "f", "false", "FALSE", "F", "n", "no", "off":
		return false, nil
	}
	return nil, convErr(Boolean{}, s, nil)
}

// String is variable-length character data: VARCHAR(Length). Length 0
// means no length, which some databases (MySQL, SQL Server, Oracle) refuse
// in DDL.
type String struct {
	Length    int
	Collation string
}

func (String) Affinity() Affinity         { return AffinityString }
func (String) GoType() reflect.Type       { return stringType }
func (String) BindConverter() Converter   { return nil }
func (String) ResultConverter() Converter { return toString(String{}) }
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
func (Text) ResultConverter() Converter { return toString(Text{}) }
func (Text) String() string             { return "TEXT" }

func toString(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case string:
			return x, nil
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
// Precision is set (in binary digits).
type Float struct {
	Precision int
}

func (Float) Affinity() Affinity         { return AffinityNumeric }
func (Float) GoType() reflect.Type       { return float64Type }
func (Float) BindConverter() Converter   { return nil }
func (Float) ResultConverter() Converter { return toFloat(Float{}) }
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
func (Double) ResultConverter() Converter { return toFloat(Double{}) }
func (Double) String() string             { return "DOUBLE PRECISION" }

func toFloat(t Type) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case float64:
			return x, nil
		case float32:
			return float64(x), nil
		case int64:
			return float64(x), nil
		case []byte:
			return parseFloat(t, string(x))
		case string:
			return parseFloat(t, x)
		}
		return nil, convErr(t, v, nil)
	}
}

func parseFloat(t Type, s string) (any, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, convErr(t, s, err)
	}
	return f, nil
}

// Numeric is an exact decimal number: NUMERIC(Precision, Scale). Values
// come back as Decimal, never through float64, unless AsFloat is set.
// Bound values may be Decimal, *big.Rat, a decimal string, a Go integer or
// a float64 (which is exact only as far as the float is).
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
func (Numeric) BindConverter() Converter { return bindDecimal }
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

// LargeBinary is a byte string: BLOB, BYTEA, VARBINARY(MAX).
type LargeBinary struct {
	Length int
}

func (LargeBinary) Affinity() Affinity         { return AffinityBinary }
func (LargeBinary) GoType() reflect.Type       { return bytesType }
func (LargeBinary) BindConverter() Converter   { return nil }
func (LargeBinary) ResultConverter() Converter { return toBytes }
func (LargeBinary) String() string             { return "BLOB" }

func toBytes(v any) (any, error) {
	switch x := v.(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return nil, convErr(LargeBinary{}, v, nil)
}

// JSON is a JSON document: JSON, JSONB on PostgreSQL (as a dialect type),
// text elsewhere. Bound values are encoded with encoding/json, except
// json.RawMessage, which is sent as it is; results decode into any.
type JSON struct{}

func (JSON) Affinity() Affinity         { return AffinityJSON }
func (JSON) GoType() reflect.Type       { return anyType }
func (JSON) BindConverter() Converter   { return bindJSON }
func (JSON) ResultConverter() Converter { return resultJSON }
func (JSON) String() string             { return "JSON" }

func bindJSON(v any) (any, error) {
	if raw, ok := v.(json.RawMessage); ok {
		if !json.Valid(raw) {
			return nil, convErr(JSON{}, v, fmt.Errorf("invalid JSON"))
		}
		return string(raw), nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, convErr(JSON{}, v, err)
	}
	return string(b), nil
}

func resultJSON(v any) (any, error) {
	var raw []byte
	switch x := v.(type) {
	case []byte:
		raw = x
	case string:
		raw = []byte(x)
	default:
		return v, nil // already decoded by the driver
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, convErr(JSON{}, v, err)
	}
	return out, nil
}

// RawJSON returns the undecoded text of a JSON result value, for callers
// that decode into their own Go type.
func RawJSON(v any) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	}
	return nil, false
}
