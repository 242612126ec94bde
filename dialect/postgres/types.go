package postgres

import (
	"fmt"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// JSONB is PostgreSQL's binary JSON type: values as types.JSON has them
// (encoded with encoding/json, decoded into any), stored parsed, with
// the containment and key operators of JSONOps.
type JSONB struct{ types.JSON }

// String renders the type.
func (JSONB) String() string { return "JSONB" }

// Enum is a named enum type in a schema: types.Enum, whose enum type
// CreateAll creates in Schema (the search_path's first schema when
// empty). A plain types.Enum works as well, in no particular schema.
type Enum struct {
	types.Enum
	Schema string
}

// String renders the type, with its schema and name.
func (e Enum) String() string { return e.Schema + "." + e.Name + " " + e.Enum.String() }

// TypeName implements dialect.Dialect with PostgreSQL's type names:
// TIMESTAMP and TIME WITH or WITHOUT TIME ZONE, BYTEA, enum types by
// name, JSONB, arrays (INTEGER[]), the network types (INET, CIDR,
// MACADDR) and the range types (INT4RANGE, TSTZRANGE, ...).
func (d *Dialect) TypeName(t types.Type) (string, error) {
	switch x := t.(type) {
	case types.DateTime:
		return "TIMESTAMP" + timeZoneSuffix(x.Timezone), nil
	case types.Time:
		return "TIME" + timeZoneSuffix(x.Timezone), nil
	case Timestamp:
		return x.String(), checkPrecision(x, x.Precision)
	case Time:
		return x.String(), checkPrecision(x, x.Precision)
	case types.LargeBinary:
		return "BYTEA", nil
	case types.Double:
		return "DOUBLE PRECISION", nil
	case JSONB:
		return "JSONB", nil
	case types.Enum:
		return d.enumTypeName(x, "")
	case Enum:
		return d.enumTypeName(x.Enum, x.Schema)
	case Array:
		return x.typeName(d)
	case INET, CIDR, MACADDR, Int4Range, Int8Range, NumRange, DateRange, TSRange, TSTZRange:
		return t.String(), nil
	}
	return d.Base.TypeName(t)
}

func timeZoneSuffix(tz bool) string {
	if tz {
		return " WITH TIME ZONE"
	}
	return " WITHOUT TIME ZONE"
}

// enumTypeName names an enum type, or the VARCHAR a non-native enum is.
func (d *Dialect) enumTypeName(e types.Enum, schema string) (string, error) {
	if e.NonNative {
		return d.Base.TypeName(e)
	}
	if e.Name == "" {
		return "", fmt.Errorf("%w: a PostgreSQL enum type needs a name (types.Enum.Name), or NonNative for VARCHAR", dialect.ErrNotSupported)
	}
	name := dialect.Quote(d, e.Name)
	if schema != "" {
		name = dialect.Quote(d, schema) + "." + name
	}
	return name, nil
}

// AdaptType implements dialect.Dialect. pgx's database/sql adapter hands
// most values over in the form the generic types read (numeric, interval,
// uuid and time of day as text, json as bytes, timestamps as time.Time);
// TIMESTAMP WITH TIME ZONE values come back in UTC (the same instant,
// whatever the session's time zone), TIME WITH TIME ZONE values are sent
// with their offset, and arrays are written and parsed in PostgreSQL's
// array syntax.
func (d *Dialect) AdaptType(t types.Type) types.Type {
	switch x := t.(type) {
	case types.DateTime:
		if x.Timezone {
			return timestampTZ{x}
		}
	case types.Time:
		if x.Timezone {
			return timeTZ{x}
		}
	case Array:
		return x.adapted(d)
	}
	return t
}

// timeTZ sends TIME WITH TIME ZONE values with their UTC offset.
type timeTZ struct{ types.Time }

func (timeTZ) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(time.Time); ok {
			return x.Format("15:04:05.999999-07:00"), nil
		}
		return v, nil
	}
}

// timestampTZ returns TIMESTAMP WITH TIME ZONE values in UTC.
type timestampTZ struct{ types.DateTime }

func (t timestampTZ) ResultConverter() types.Converter {
	inner := t.DateTime.ResultConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if err != nil {
			return nil, err
		}
		if x, ok := out.(time.Time); ok {
			return x.UTC(), nil
		}
		return out, nil
	}
}

// enumTypesOf implements the SchemaObjects hook: the enum types the
// tables' columns use (arrays of enums included), to be created before the
// tables and dropped after them.
func enumTypesOf(d dialect.Dialect, tables []*athsql.Table) []athsql.SchemaObject {
	var out []athsql.SchemaObject
	for _, t := range tables {
		for _, col := range t.Columns() {
			if col.System() {
				continue
			}
			if e, schema, ok := enumOf(d, col.Type()); ok {
				out = append(out, athsql.SchemaObject{
					Kind: dialect.ObjectType, Schema: schema, Name: e.Name,
					Create: NewCreateEnumType(e, schema), Drop: NewDropEnumType(e, schema),
				})
			}
		}
	}
	return out
}

// enumOf finds the named native enum type t is on d, or holds (an
// array).
func enumOf(d dialect.Dialect, t types.Type) (types.Enum, string, bool) {
	for {
		switch x := dialect.TypeFor(d, t).(type) {
		case Array:
			t = x.Item
			continue
		case types.Enum:
			return x, "", !x.NonNative && x.Name != ""
		case Enum:
			return x.Enum, x.Schema, !x.NonNative && x.Name != ""
		}
		return types.Enum{}, "", false
	}
}
