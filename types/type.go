// Package types defines Athanor's SQL data types: the generic types every
// dialect renders (Integer, String, DateTime, Numeric, JSON, ...), the
// conversions between Go values and driver values, and the means to define
// new types (Decorator, or any Go type that implements driver.Valuer and
// sql.Scanner).
//
// # The Type contract
//
// A Type does two jobs. For DDL and CAST it is data: a dialect's type
// compiler switches on the concrete type and reads its fields (Length,
// Precision, Timezone, ...) to render a type name. For execution it converts
// values: BindConverter turns the Go value a program passes into something
// the driver accepts, ResultConverter turns what the driver returns into the
// type's Go value (GoType). Either converter may be nil, meaning that values
// pass through unchanged; that is the fast path and the common one.
//
// A dialect may replace a generic type by an adapted one before execution
// (dialect.Dialect.AdaptType): SQLite, for example, stores DateTime as text
// and adapts it to a type whose converters format and parse that text.
//
// # Go values
//
// Each type's default Go representation:
//
//	Integer, SmallInteger, BigInteger  int64
//	Boolean                            bool
//	String, Text, Enum                 string
//	Float, Double                      float64
//	Numeric                            Decimal (exact; float64 when AsFloat is set)
//	Date, Time, DateTime               time.Time
//	Interval                           time.Duration
//	LargeBinary                        []byte
//	JSON                               any (as decoded by encoding/json)
//	UUID                               uuid.UUID (github.com/google/uuid)
//
// Converters are called only for non-NULL values: NULL is always nil.
package types

import (
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

// ConversionError reports a value that a type cannot convert. It carries
// the type and the value; errors.As reaches it through Athanor's wrapping.
type ConversionError struct {
	Type  Type
	Value any
	Err   error // the cause, if any
}

func (e *ConversionError) Error() string {
	msg := fmt.Sprintf("athanor: cannot convert %T value %s for type %s", e.Value, shortValue(e.Value), e.Type)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *ConversionError) Unwrap() error { return e.Err }

func shortValue(v any) string {
	s := fmt.Sprintf("%v", v)
	if len(s) > 64 {
		s = s[:61] + "..."
	}
	return fmt.Sprintf("%q", s)
}

func convErr(t Type, v any, err error) error { return &ConversionError{Type: t, Value: v, Err: err} }

// Of returns the generic type Athanor infers for a Go value bound without
// a column to say its type: int64 for Go integers, String for strings, and
// so on. Values of unknown Go types get NullType, which passes them to the
// driver unchanged.
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
	}
	if t, ok := ofTime(v); ok {
		return t
	}
	if t, ok := ofUUID(v); ok {
		return t
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
