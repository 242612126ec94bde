package types

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

var uuidType = reflect.TypeFor[uuid.UUID]()

// UUID is a universally unique identifier: UUID on PostgreSQL and SQL
// Server, CHAR(32) holding hex digits elsewhere (the dialect decides).
// Values are uuid.UUID; bound values may also take the forms BindUUID
// reads (strings in any form uuid.Parse accepts, [16]byte, ...).
type UUID struct {
	// AsString returns results as the canonical string instead of uuid.UUID.
	AsString bool
}

func (UUID) Affinity() Affinity { return AffinityUUID }
func (u UUID) GoType() reflect.Type {
	if u.AsString {
		return stringType
	}
	return uuidType
}
func (UUID) BindConverter() Converter { return func(v any) (any, error) { return BindUUID(v, false) } }
func (u UUID) ResultConverter() Converter {
	return func(v any) (any, error) {
		id, err := parseUUID(u, v)
		if err != nil {
			return nil, err
		}
		if u.AsString {
			return id.String(), nil
		}
		return id, nil
	}
}
func (UUID) String() string { return "UUID" }

// BindUUID converts a UUID value to its canonical string, or to 32 hex
// digits when hex is set (the form used where the database has no UUID
// type). It reads uuid.UUID, *uuid.UUID, uuid.NullUUID, [16]byte, a
// 16-byte []byte, and strings in every form uuid.Parse accepts (canonical,
// 32 hex digits, braced, urn:uuid:); a nil pointer or an invalid NullUUID
// is NULL, and other values go to the driver unchanged.
func BindUUID(v any, hex bool) (any, error) {
	var id uuid.UUID
	switch x := v.(type) {
	case uuid.UUID:
		id = x
	case *uuid.UUID:
		if x == nil {
			return nil, nil
		}
		id = *x
	case uuid.NullUUID:
		if !x.Valid {
			return nil, nil
		}
		id = x.UUID
	case [16]byte:
		id = x
	case []byte, string:
		p, err := parseUUID(UUID{}, v)
		if err != nil {
			return nil, err
		}
		id = p
	default:
		if x, ok := indirect(v); ok {
			if x == nil {
				return nil, nil
			}
			return BindUUID(x, hex)
		}
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String && !isValuer(v) {
			return BindUUID(rv.String(), hex)
		}
		return v, nil // a driver.Valuer or the like: the driver decides
	}
	if hex {
		return strings.ReplaceAll(id.String(), "-", ""), nil
	}
	return id.String(), nil
}

func isValuer(v any) bool {
	_, ok := v.(driver.Valuer)
	return ok
}

func parseUUID(t Type, v any) (uuid.UUID, error) {
	switch x := v.(type) {
	case uuid.UUID:
		return x, nil
	case [16]byte:
		return x, nil
	case []byte:
		if len(x) == 16 {
			return uuid.UUID(x), nil
		}
		return parseUUIDString(t, string(x), v)
	case string:
		return parseUUIDString(t, x, v)
	}
	return uuid.UUID{}, convErr(t, v, nil)
}

func parseUUIDString(t Type, s string, v any) (uuid.UUID, error) {
	id, err := uuid.Parse(strings.TrimSpace(s))
	if err != nil {
		return uuid.UUID{}, convErr(t, v, err)
	}
	return id, nil
}

func ofUUID(v any) (Type, bool) {
	switch v.(type) {
	case uuid.UUID, *uuid.UUID, uuid.NullUUID:
		return UUID{}, true
	}
	return nil, false
}

// Enum is a string restricted to a fixed set of values. It renders as a
// native enumerated type where the database has one (CREATE TYPE on
// PostgreSQL, inline ENUM(...) on MySQL) and as VARCHAR elsewhere, with a
// CHECK constraint when CreateConstraint is set. Bound values are checked
// against Values before they reach the database.
type Enum struct {
	Name             string   // the type's name, for databases with named enum types
	Values           []string // the permitted values, in order
	Length           int      // VARCHAR length where not native; default: the longest value
	NonNative        bool     // always use VARCHAR, even where a native type exists
	CreateConstraint bool     // add a CHECK constraint where not native
}

func (Enum) Affinity() Affinity   { return AffinityString }
func (Enum) GoType() reflect.Type { return stringType }

// BindConverter checks each value against Values. It reads strings, Go
// string types (type Color string), values whose driver.Valuer gives a
// string, and fmt.Stringer values (iota enums); a nil pointer is NULL.
// A value outside Values is refused with ErrNotInEnum.
func (e Enum) BindConverter() Converter {
	return func(v any) (any, error) {
		s, ok, err := enumString(v)
		switch {
		case err != nil:
			return nil, convErr(e, v, err)
		case !ok:
			return nil, nil
		}
		if !slices.Contains(e.Values, s) {
			return nil, convErr(e, v, e.notIn())
		}
		return s, nil
	}
}

func (e Enum) notIn() error {
	quoted := make([]string, len(e.Values))
	for i, v := range e.Values {
		quoted[i] = strconv.Quote(v)
	}
	return fmt.Errorf("%w: allowed values are %s", ErrNotInEnum, strings.Join(quoted, ", "))
}

// ResultConverter returns the stored string. Values outside Values (rows
// written before the set changed) are returned, not refused.
func (e Enum) ResultConverter() Converter { return toString(e) }

// String renders the type as MySQL writes it, ENUM('a', 'b'): unambiguous
// for any values, as cache keys need.
func (e Enum) String() string {
	var b strings.Builder
	b.WriteString("ENUM(")
	for i, v := range e.Values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("'" + strings.ReplaceAll(v, "'", "''") + "'")
	}
	b.WriteString(")")
	return b.String()
}

// VarcharLength is the length of the VARCHAR an Enum becomes where it is
// not a native type: Length, or the length in characters of the longest
// value.
func (e Enum) VarcharLength() int {
	if e.Length > 0 {
		return e.Length
	}
	n := 0
	for _, v := range e.Values {
		n = max(n, utf8.RuneCountInString(v))
	}
	return n
}

// enumString returns the string a bound enum value stands for; ok is false
// for NULL.
func enumString(v any) (s string, ok bool, err error) {
	switch x := v.(type) {
	case string:
		return x, true, nil
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return "", false, err
		}
		switch y := dv.(type) {
		case nil:
			return "", false, nil
		case string:
			return y, true, nil
		case []byte:
			return string(y), true, nil
		}
		return "", false, fmt.Errorf("%w: its Value is %T, not a string", ErrUnsupportedValue, dv)
	}
	if x, isPtr := indirect(v); isPtr {
		if x == nil {
			return "", false, nil
		}
		return enumString(x)
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String(), true, nil
	}
	if x, isStringer := v.(fmt.Stringer); isStringer {
		return x.String(), true, nil
	}
	return "", false, ErrUnsupportedValue
}

// EnumOf returns the Enum e restricted to the constants of the Go string
// type T, as a Decorator: e's Values become values, bound values are
// checked against them, and results come back as T. A stored value outside
// values is refused with ErrNotInEnum, so that the program never sees a T
// it did not declare. e's other fields (Name, CreateConstraint, ...) keep
// their meaning for DDL.
//
//	type Status string
//	const (Active Status = "active"; Closed Status = "closed")
//	status := types.EnumOf(types.Enum{Name: "status", CreateConstraint: true}, Active, Closed)
func EnumOf[T ~string](e Enum, values ...T) *Decorator {
	e.Values = make([]string, len(values))
	for i, v := range values {
		e.Values[i] = string(v)
	}
	d := Decorate(e,
		func(v T) (any, error) { return string(v), nil },
		func(v any) (T, error) {
			s, isString := v.(string)
			if !isString {
				return "", fmt.Errorf("%w: %T", ErrUnsupportedValue, v)
			}
			if !slices.Contains(e.Values, s) {
				return "", e.notIn()
			}
			return T(s), nil
		})
	d.Name = e.String()
	return d
}
