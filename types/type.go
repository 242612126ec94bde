package types

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Type is a SQL data type. See the package documentation for the contract.
type Type interface {
	// Affinity is the broad class of the type, which decides the operators
	// an expression of this type offers (+ on strings is concatenation) and
	// how a value of unknown type is treated.
	Affinity() Affinity
	// GoType is the Go type of a result value after ResultConverter.
	GoType() reflect.Type
	// BindConverter returns the conversion of a non-nil Go value into a
	// driver value, or nil when values pass through unchanged.
	BindConverter() Converter
	// ResultConverter returns the conversion of a non-nil driver value into
	// a value of GoType, or nil when values pass through unchanged.
	ResultConverter() Converter
	// String renders the type in generic SQL, as in "VARCHAR(30)". It is for
	// messages and cache keys; DDL asks the dialect's type compiler.
	String() string
}

// Converter converts one non-nil value. It returns an error, never panics,
// when the value does not fit.
type Converter func(v any) (any, error)

// Affinity is the broad class of a SQL type.
type Affinity uint8

// The affinities.
const (
	AffinityNone     Affinity = iota // unknown or any type
	AffinityInteger                  // whole numbers
	AffinityNumeric                  // decimals and floating point
	AffinityString                   // character data
	AffinityBoolean                  // true and false
	AffinityDateTime                 // dates, times and timestamps
	AffinityInterval                 // durations
	AffinityBinary                   // byte strings
	AffinityJSON                     // JSON documents
	AffinityUUID                     // universally unique identifiers
)

var affinityNames = [...]string{"none", "integer", "numeric", "string", "boolean", "datetime", "interval", "binary", "json", "uuid"}

func (a Affinity) String() string {
	if int(a) < len(affinityNames) {
		return affinityNames[a]
	}
	return fmt.Sprintf("Affinity(%d)", a)
}

// IsNumber reports whether values of the affinity support arithmetic.
func (a Affinity) IsNumber() bool { return a == AffinityInteger || a == AffinityNumeric }

// Errors that a ConversionError's Err may wrap, for errors.Is.
var (
	// ErrOutOfRange: the value does not fit the type's Go or storage
	// representation (a uint64 above math.MaxInt64, a year SQLite's text
	// dates cannot hold, a duration beyond time.Duration).
	ErrOutOfRange = errors.New("value out of range")
	// ErrInvalidDecimal: the text is not a decimal number, or the number
	// is not finite (NaN, ±Inf).
	ErrInvalidDecimal = errors.New("invalid decimal")
	// ErrInvalidInterval: the text is not an interval ParseInterval reads,
	// or it has months or years, which have no fixed length.
	ErrInvalidInterval = errors.New("invalid interval")
	// ErrNotInEnum: the value is not one of an Enum's values.
	ErrNotInEnum = errors.New("not a value of the enum")
	// ErrUnsupportedValue: the type has no conversion for a value of this
	// Go type.
	ErrUnsupportedValue = errors.New("unsupported Go type")
)

// ConversionError reports a value that a type cannot convert. It carries
// the type and the value; errors.As reaches it through Athanor's wrapping,
// and errors.Is reaches its cause (ErrOutOfRange, ErrInvalidDecimal, ...).
type ConversionError struct {
	Type  Type
	Value any
	Err   error // the cause; never nil from Athanor's converters
}

func (e *ConversionError) Error() string {
	name := "<nil>"
	if e.Type != nil {
		name = e.Type.String()
	}
	msg := fmt.Sprintf("athanor: cannot convert %T value %s for type %s", e.Value, shortValue(e.Value), name)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ConversionError) Unwrap() error { return e.Err }

func shortValue(v any) string {
	var s string
	switch x := v.(type) {
	case []byte:
		if len(x) > 64 {
			return fmt.Sprintf("[%d bytes]", len(x))
		}
		s = string(x)
	default:
		s = fmt.Sprintf("%v", v)
	}
	if len(s) > 64 {
		s = s[:61] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// convErr returns a ConversionError; a nil cause means the Go type is not
// one the type converts.
func convErr(t Type, v any, err error) error {
	if err == nil {
		err = ErrUnsupportedValue
	}
	return &ConversionError{Type: t, Value: v, Err: err}
}

// Of returns the generic type Athanor infers for a Go value bound without
// a column to say its type: Integer for Go integers, String for strings,
// DateTime (with time zone) for time.Time, and so on; a pointer gets the
// type of what it points to. Values of unknown Go types, and values that
// implement driver.Valuer, get NullType, which passes them to the driver
// unchanged.
func Of(v any) Type {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return Integer{}
	case string:
		return String{}
	case bool:
		return Boolean{}
	case float32, float64:
		return Double{}
	case []byte:
		return LargeBinary{}
	case Decimal, *Decimal:
		return Numeric{}
	case json.RawMessage:
		return JSON{}
	}
	if t, ok := ofTime(v); ok {
		return t
	}
	if t, ok := ofUUID(v); ok {
		return t
	}
	if _, ok := v.(driver.Valuer); ok || v == nil {
		return NullType{}
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer:
		if rv.IsNil() {
			return NullType{}
		}
		return Of(rv.Elem().Interface())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return Integer{}
	case reflect.String:
		return String{}
	case reflect.Bool:
		return Boolean{}
	case reflect.Float32, reflect.Float64:
		return Double{}
	}
	return NullType{}
}

// Underlying follows decorators down to the type that finally renders in
// DDL and decides affinity.
func Underlying(t Type) Type {
	for {
		d, ok := t.(interface{ ImplType() Type })
		if !ok {
			return t
		}
		t = d.ImplType()
	}
}

// BindFunc returns a bind converter built on f, which converts values of
// the Go type T. The converter applies f to a T and to a non-nil *T, turns
// a nil *T into NULL, and passes any other value to the driver unchanged
// (a driver.Valuer, or a form the database converts itself). Dialects use
// it to adapt types; it serves custom types as well.
func BindFunc[T any](f func(T) (any, error)) Converter {
	return func(v any) (any, error) {
		switch x := v.(type) {
		case T:
			return f(x)
		case *T:
			if x == nil {
				return nil, nil
			}
			return f(*x)
		}
		return v, nil
	}
}

// indirect returns what the pointer v points to, or nil for a nil pointer;
// ok is false when v is not a pointer or is a pointer that implements
// driver.Valuer (the driver calls it).
func indirect(v any) (elem any, ok bool) {
	if _, valuer := v.(driver.Valuer); valuer {
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer {
		return nil, false
	}
	if rv.IsNil() {
		return nil, true
	}
	return rv.Elem().Interface(), true
}
