package types

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"strconv"
)

// JSON is a JSON document: JSON, JSONB on PostgreSQL (as a dialect type),
// text elsewhere. Results decode into any, as encoding/json decodes them:
// objects as map[string]any, arrays as []any, numbers as float64 (exact up
// to 2^53), or as json.Number, which keeps every digit, when UseNumber is
// set.
//
// Bound values are encoded with encoding/json, with these exceptions: a
// json.RawMessage is sent as it is, once checked to be valid JSON; a value
// that implements driver.Valuer goes to the driver unchanged (it produces
// its JSON text itself); a nil pointer is SQL NULL. To store a JSON null
// rather than SQL NULL, bind json.RawMessage("null"). JSONOf decodes into
// a Go type of the program's instead of any.
type JSON struct {
	UseNumber bool // decode numbers as json.Number instead of float64
}

func (JSON) Affinity() Affinity           { return AffinityJSON }
func (JSON) GoType() reflect.Type         { return anyType }
func (j JSON) BindConverter() Converter   { return func(v any) (any, error) { return bindJSON(j, v) } }
func (j JSON) ResultConverter() Converter { return j.decode }
func (JSON) String() string               { return "JSON" }

func bindJSON(t Type, v any) (any, error) {
	switch x := v.(type) {
	case json.RawMessage:
		return validJSON(t, v, x)
	case *json.RawMessage:
		if x == nil {
			return nil, nil
		}
		return validJSON(t, v, *x)
	case driver.Valuer:
		return v, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, convErr(t, v, err)
	}
	return string(b), nil
}

func validJSON(t Type, v any, raw []byte) (any, error) {
	if !json.Valid(raw) {
		return nil, convErr(t, v, errors.New("invalid JSON text"))
	}
	return string(raw), nil
}

// decode reads a JSON document the driver returned (see RawJSON).
func (j JSON) decode(v any) (any, error) {
	raw, ok := RawJSON(v)
	if !ok {
		return v, nil // already decoded by the driver
	}
	var out any
	if err := decodeJSON(raw, &out, j.UseNumber); err != nil {
		return nil, convErr(j, v, err)
	}
	return out, nil
}

// decodeJSON decodes exactly one JSON value from raw into dst.
func decodeJSON(raw []byte, dst any, useNumber bool) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if useNumber {
		dec.UseNumber()
	}
	if err := dec.Decode(dst); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("invalid JSON text: data after the document")
	}
	return nil
}

// RawJSON returns the text of a JSON document as a driver returns it
// (before any result conversion), for code that decodes it itself, such
// as a Decorator's FromDB over Text. Databases that store JSON as text
// with numeric affinity (SQLite) return a document that is a bare number
// as int64 or float64: RawJSON gives that number's text.
func RawJSON(v any) ([]byte, bool) {
	switch x := v.(type) {
	case []byte:
		return x, true
	case string:
		return []byte(x), true
	case int64:
		return strconv.AppendInt(nil, x, 10), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		return strconv.AppendFloat(nil, x, 'g', -1, 64), true
	}
	return nil, false
}

// JSONOf is a JSON document held in the Go type T: results decode
// straight from the document's text into a T (never through any, so
// numbers keep every digit T's fields can hold), and T or *T values are
// bound encoded with encoding/json. Other values bind as JSON binds them.
// In DDL it is JSON (ImplType):
//
//	sql.NewColumn("prefs", types.JSONOf[Prefs]{})
//
// engine.ScanAll[T] takes a struct T for a row of columns: read a struct
// document as a field of a row struct, or as any.
type JSONOf[T any] struct{}

// ImplType returns JSON, the type that renders in DDL.
func (JSONOf[T]) ImplType() Type { return JSON{} }

func (JSONOf[T]) Affinity() Affinity   { return AffinityJSON }
func (JSONOf[T]) GoType() reflect.Type { return reflect.TypeFor[T]() }
func (j JSONOf[T]) BindConverter() Converter {
	return func(v any) (any, error) { return bindJSON(j, v) }
}
func (j JSONOf[T]) ResultConverter() Converter {
	return func(v any) (any, error) {
		raw, ok := RawJSON(v)
		if !ok {
			if x, isT := v.(T); isT {
				return x, nil
			}
			return nil, convErr(j, v, nil)
		}
		var out T
		if err := decodeJSON(raw, &out, false); err != nil {
			return nil, convErr(j, v, err)
		}
		return out, nil
	}
}
func (JSONOf[T]) String() string { return "JSON" }
