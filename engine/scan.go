package engine

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"

	"github.com/athanordb/athanor/types"
)

// ScanError reports a result value that does not fit its destination. It
// wraps the reason: ErrNullValue for NULL into a destination that cannot
// hold it, strconv's errors for text that is not a number, ...
type ScanError struct {
	Column string       // the result column
	Value  any          // the value read
	Dest   reflect.Type // the destination's type; nil when converting a result value
	Err    error
}

// Error implements error.
func (e *ScanError) Error() string {
	if e.Dest == nil {
		return fmt.Sprintf("athanor: result column %q: cannot convert %T: %v", e.Column, e.Value, e.Err)
	}
	return fmt.Sprintf("athanor: column %q: cannot scan %T into %s: %v", e.Column, e.Value, e.Dest, e.Err)
}

// Unwrap returns the reason.
func (e *ScanError) Unwrap() error { return e.Err }

// withColumn names the column of a scan error.
func withColumn(err error, column string) error {
	var se *ScanError
	if errors.As(err, &se) && se.Column == "" {
		se.Column = column
	}
	return err
}

var (
	errNotNumber = errors.New("not a number")
	errRange     = errors.New("value out of range")
	errNotWhole  = errors.New("not a whole number")
)

// assign stores src (a result value, after the column type's conversion)
// in the pointer dest.
func assign(dest, src any) error {
	// Fast paths for the common destinations.
	switch d := dest.(type) {
	case *any:
		if d != nil {
			if b, ok := src.([]byte); ok {
				src = bytes.Clone(b) // an empty byte string stays non-nil: nil is NULL
			}
			*d = src
			return nil
		}
	case *string:
		if s, ok := src.(string); ok && d != nil {
			*d = s
			return nil
		}
	case *int64:
		if n, ok := src.(int64); ok && d != nil {
			*d = n
			return nil
		}
	case *int:
		if n, ok := src.(int64); ok && d != nil && n == int64(int(n)) {
			*d = int(n)
			return nil
		}
	case *float64:
		if f, ok := src.(float64); ok && d != nil {
			*d = f
			return nil
		}
	case *bool:
		if b, ok := src.(bool); ok && d != nil {
			*d = b
			return nil
		}
	case *time.Time:
		if t, ok := src.(time.Time); ok && d != nil {
			*d = t
			return nil
		}
	}
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return &ScanError{Value: src, Dest: reflect.TypeOf(dest), Err: errors.New("the destination is not a non-nil pointer")}
	}
	return assignValue(dv.Elem(), src)
}

var scannerType = reflect.TypeFor[sql.Scanner]()

// assignValue stores src in the settable value dv, converting as
// database/sql does.
func assignValue(dv reflect.Value, src any) error {
	fail := func(err error) error { return &ScanError{Value: src, Dest: dv.Type(), Err: err} }
	if src == nil {
		switch dv.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
			dv.SetZero()
			return nil
		}
		if s, ok := dv.Addr().Interface().(sql.Scanner); ok {
			if err := s.Scan(nil); err != nil {
				return fail(fmt.Errorf("%w (%w)", ErrNullValue, err))
			}
			return nil
		}
		return fail(ErrNullValue)
	}
	sv := reflect.ValueOf(src)
	if sv.Type().AssignableTo(dv.Type()) {
		if b, ok := src.([]byte); ok {
			sv = reflect.ValueOf(bytes.Clone(b))
		}
		dv.Set(sv)
		return nil
	}
	if dv.Kind() == reflect.Pointer {
		if dv.IsNil() {
			dv.Set(reflect.New(dv.Type().Elem()))
		}
		return assignValue(dv.Elem(), src)
	}
	if reflect.PointerTo(dv.Type()).Implements(scannerType) {
		return wrapScanner(dv.Addr().Interface().(sql.Scanner).Scan(driverValue(src)), dv, src)
	}
	switch dv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := toInt(src)
		if err != nil {
			return fail(err)
		}
		if dv.OverflowInt(n) {
			return fail(errRange)
		}
		dv.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, err := toInt(src)
		if err != nil {
			return fail(err)
		}
		if n < 0 || dv.OverflowUint(uint64(n)) {
			return fail(errRange)
		}
		dv.SetUint(uint64(n))
		return nil
	case reflect.Float32, reflect.Float64:
		f, err := toFloat(src)
		if err != nil {
			return fail(err)
		}
		if dv.OverflowFloat(f) {
			return fail(errRange)
		}
		dv.SetFloat(f)
		return nil
	case reflect.String:
		s, ok := toText(src)
		if !ok {
			return fail(errors.New("not text"))
		}
		dv.SetString(s)
		return nil
	case reflect.Bool:
		b, err := toBool(src)
		if err != nil {
			return fail(err)
		}
		dv.SetBool(b)
		return nil
	case reflect.Slice:
		if dv.Type().Elem().Kind() == reflect.Uint8 {
			if s, ok := toText(src); ok {
				dv.SetBytes([]byte(s))
				return nil
			}
		}
	}
	// A JSON value (decoded to maps and slices) into a typed destination.
	switch src.(type) {
	case map[string]any, []any:
		raw, err := json.Marshal(src)
		if err != nil {
			return fail(err)
		}
		if err := json.Unmarshal(raw, dv.Addr().Interface()); err != nil {
			return fail(err)
		}
		return nil
	}
	if sv.Kind() == dv.Kind() && sv.Type().ConvertibleTo(dv.Type()) {
		dv.Set(sv.Convert(dv.Type()))
		return nil
	}
	return fail(errors.New("incompatible types"))
}

// wrapScanner turns a Scanner's error into a ScanError.
func wrapScanner(err error, dv reflect.Value, src any) error {
	if err == nil {
		return nil
	}
	var se *ScanError
	if errors.As(err, &se) {
		return err
	}
	return &ScanError{Value: src, Dest: dv.Type(), Err: err}
}

// driverValue turns a converted value back into one of the types
// database/sql hands Scanners (int64, float64, bool, []byte, string,
// time.Time).
func driverValue(v any) any {
	switch x := v.(type) {
	case int64, float64, bool, []byte, string, time.Time:
		return v
	case types.Decimal:
		return x.String()
	case time.Duration:
		return int64(x)
	case fmt.Stringer:
		return x.String()
	case map[string]any, []any:
		if raw, err := json.Marshal(x); err == nil {
			return raw
		}
	}
	return v
}

func toInt(src any) (int64, error) {
	switch x := src.(type) {
	case int64:
		return x, nil
	case float64:
		if x != math.Trunc(x) {
			return 0, errNotWhole
		}
		if x < math.MinInt64 || x >= math.MaxInt64 {
			return 0, errRange
		}
		return int64(x), nil
	case types.Decimal:
		r := x.Rat()
		if !r.IsInt() {
			return 0, errNotWhole
		}
		if !r.Num().IsInt64() {
			return 0, errRange
		}
		return r.Num().Int64(), nil
	case time.Duration:
		return int64(x), nil
	case string:
		return strconv.ParseInt(x, 10, 64)
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	}
	return 0, errNotNumber
}

func toFloat(src any) (float64, error) {
	switch x := src.(type) {
	case float64:
		return x, nil
	case int64:
		return float64(x), nil
	case types.Decimal:
		f, _ := x.Float64()
		return f, nil
	case string:
		return strconv.ParseFloat(x, 64)
	case []byte:
		return strconv.ParseFloat(string(x), 64)
	}
	return 0, errNotNumber
}

func toBool(src any) (bool, error) {
	switch x := src.(type) {
	case bool:
		return x, nil
	case int64:
		switch x {
		case 0:
			return false, nil
		case 1:
			return true, nil
		}
		return false, fmt.Errorf("%d is not a boolean (0 or 1)", x)
	case string:
		return strconv.ParseBool(x)
	case []byte:
		return strconv.ParseBool(string(x))
	}
	return false, errors.New("not a boolean")
}

// textOf converts values as a TEXT column does: numbers, booleans and
// times as database/sql writes them into a string.
var textOf = types.Text{}.ResultConverter()

// toText renders a value for a string destination.
func toText(src any) (string, bool) {
	if v, err := textOf(src); err == nil {
		if s, ok := v.(string); ok {
			return s, true
		}
	}
	if s, ok := src.(fmt.Stringer); ok {
		return s.String(), true
	}
	return "", false
}
