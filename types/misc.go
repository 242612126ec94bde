package types

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/google/uuid"
)

var uuidType = reflect.TypeFor[uuid.UUID]()

// UUID is a universally unique identifier: UUID on PostgreSQL and SQL
// Server, CHAR(32) holding hex digits elsewhere (the dialect decides).
// Values are uuid.UUID; bound values may also be strings in any form
// uuid.Parse accepts, or [16]byte.
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
		id, err := parseUUID(v)
		if err != nil || !u.AsString {
			return id, err
		}
		return id.String(), nil
	}
}
func (UUID) String() string { return "UUID" }

// BindUUID converts a UUID value to its canonical string, or to 32 hex
// digits when hex is set (the form used where the database has no UUID
// type).
func BindUUID(v any, hex bool) (any, error) {
	var id uuid.UUID
	switch x := v.(type) {
	case uuid.UUID:
		id = x
	case [16]byte:
		id = x
	case string:
		p, err := uuid.Parse(x)
		if err != nil {
			return nil, convErr(UUID{}, v, err)
		}
		id = p
	default:
		return v, nil // a driver.Valuer or the like: the driver decides
	}
	if hex {
		return strings.ReplaceAll(id.String(), "-", ""), nil
	}
	return id.String(), nil
}

func parseUUID(v any) (uuid.UUID, error) {
	switch x := v.(type) {
	case uuid.UUID:
		return x, nil
	case [16]byte:
		return x, nil
	case []byte:
		if len(x) == 16 {
			return uuid.FromBytes(x)
		}
		return parseUUIDString(string(x), v)
	case string:
		return parseUUIDString(x, v)
	}
	return uuid.UUID{}, convErr(UUID{}, v, nil)
}

func parseUUIDString(s string, v any) (uuid.UUID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return uuid.UUID{}, convErr(UUID{}, v, err)
	}
	return id, nil
}

func ofUUID(v any) (Type, bool) {
	if _, ok := v.(uuid.UUID); ok {
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
func (e Enum) BindConverter() Converter {
	return func(v any) (any, error) {
		s, ok := enumString(v)
		if !ok {
			return nil, convErr(e, v, nil)
		}
		if !slices.Contains(e.Values, s) {
			return nil, convErr(e, v, fmt.Errorf("not one of %s", strings.Join(e.Values, ", ")))
		}
		return s, nil
	}
}
func (e Enum) ResultConverter() Converter { return toString(e) }
func (e Enum) String() string {
	return "ENUM(" + strings.Join(e.Values, ", ") + ")"
}

// VarcharLength is the length of the VARCHAR an Enum becomes where it is
// not a native type.
func (e Enum) VarcharLength() int {
	if e.Length > 0 {
		return e.Length
	}
	n := 0
	for _, v := range e.Values {
		n = max(n, len(v))
	}
	return n
}

func enumString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case fmt.Stringer:
		return x.String(), true
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
		return rv.String(), true
	}
	return "", false
}
