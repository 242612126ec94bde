package mysql

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// TypeName implements dialect.Dialect with MySQL's type names:
//
//	Boolean        BOOL (TINYINT(1): values are 0 and 1)
//	String         VARCHAR(n): a length is required
//	Text           LONGTEXT (unbounded; TEXT holds only 64 KiB)
//	Float          FLOAT, FLOAT(p); Double DOUBLE
//	Numeric        DECIMAL(p, s)
//	Time           TIME(6); DateTime DATETIME(6), with or without time zone
//	Interval       BIGINT, microseconds
//	LargeBinary    LONGBLOB, or BLOB(n) with a length
//	JSON           JSON (on MariaDB a LONGTEXT checked with json_valid)
//	UUID           UUID on MariaDB 10.7 and later, CHAR(32) of hex digits elsewhere
//	Enum           ENUM('a', 'b'), or VARCHAR(n) when NonNative
//
// and the dialect's own types by their names (TINYINT UNSIGNED,
// MEDIUMTEXT, SET('a','b'), YEAR, BIT(n), ...).
func (d *Dialect) TypeName(t types.Type) (string, error) {
	if name, ok, err := d.dialectTypeName(t); ok {
		return name, err
	}
	switch t := t.(type) {
	case types.Boolean:
		return "BOOL", nil
	case types.String:
		if t.Length <= 0 {
			return "", fmt.Errorf("%w: VARCHAR requires a length on %s: give String a Length, or use Text", dialect.ErrNotSupported, d.Name())
		}
		return withCollation("VARCHAR("+strconv.Itoa(t.Length)+")", t.Collation), nil
	case types.Text:
		return withCollation("LONGTEXT", t.Collation), nil
	case types.Float:
		if t.Precision > 0 {
			return "FLOAT(" + strconv.Itoa(t.Precision) + ")", nil
		}
		return "FLOAT", nil
	case types.Double:
		return "DOUBLE", nil
	case types.Numeric:
		return decimalName(t), nil
	case types.Time:
		return "TIME(6)", nil
	case types.DateTime:
		return "DATETIME(6)", nil
	case types.Interval:
		return "BIGINT", nil
	case types.LargeBinary:
		if t.Length > 0 {
			return "BLOB(" + strconv.Itoa(t.Length) + ")", nil
		}
		return "LONGBLOB", nil
	case types.Enum:
		if len(t.Values) == 0 {
			return "", fmt.Errorf("%w: an Enum needs values", dialect.ErrNotSupported)
		}
		if t.NonNative {
			return "VARCHAR(" + strconv.Itoa(t.VarcharLength()) + ")", nil
		}
		quoted := make([]string, len(t.Values))
		for i, v := range t.Values {
			quoted[i] = d.quoteString(v)
		}
		return "ENUM(" + strings.Join(quoted, ",") + ")", nil
	}
	return d.Base.TypeName(t)
}

// ResultType implements dialect.ResultTyper: the driver returns the
// values of character columns as []byte, so a column of no known type
// (text() without declared columns) whose server type is a character
// type is read as String, as other databases' drivers return it. Binary
// types (BLOB, VARBINARY) stay []byte; other types are left as they are.
func (d *Dialect) ResultType(databaseTypeName string) types.Type {
	switch databaseTypeName {
	case "CHAR", "VARCHAR", "TINYTEXT", "TEXT", "MEDIUMTEXT", "LONGTEXT", "ENUM", "SET":
		return types.String{}
	}
	return nil
}

func decimalName(t types.Numeric) string {
	switch {
	case t.Precision > 0 && t.Scale > 0:
		return "DECIMAL(" + strconv.Itoa(t.Precision) + ", " + strconv.Itoa(t.Scale) + ")"
	case t.Precision > 0:
		return "DECIMAL(" + strconv.Itoa(t.Precision) + ")"
	}
	return "DECIMAL"
}

func withCollation(name, collation string) string {
	if collation != "" {
		return name + " COLLATE " + collation
	}
	return name
}

// castTypeName names a type inside CAST, which accepts fewer names than
// DDL: SIGNED INTEGER for integers, CHAR for strings, BINARY for bytes.
func castTypeName(dd dialect.Dialect, t types.Type) (string, error) {
	d, _ := dd.(*Dialect)
	if d == nil {
		d = New()
	}
	if name, ok := dialectCastName(t); ok {
		return name, nil
	}
	switch t := types.Underlying(t).(type) {
	case types.Integer, types.SmallInteger, types.BigInteger, types.Interval:
		return "SIGNED INTEGER", nil
	case types.String:
		if t.Length > 0 {
			return "CHAR(" + strconv.Itoa(t.Length) + ")", nil
		}
		return "CHAR", nil
	case types.Text, types.Enum:
		return "CHAR", nil
	case types.UUID:
		return "CHAR", nil
	case types.LargeBinary:
		return "BINARY", nil
	case types.Numeric:
		return decimalName(t), nil
	case types.Date:
		return "DATE", nil
	case types.Time:
		return "TIME(6)", nil
	case types.DateTime:
		return "DATETIME(6)", nil
	case types.Float, types.Double:
		if !d.floatCast {
			return "", fmt.Errorf("%w: CAST to a floating-point type on %s (MySQL 8.0.17, MariaDB 10.4.5 and later have it)", dialect.ErrNotSupported, d.server)
		}
		if _, ok := t.(types.Double); ok {
			return "DOUBLE", nil
		}
		return d.TypeName(t)
	case types.JSON:
		if !d.jsonCast {
			return "", fmt.Errorf("%w: CAST to JSON on %s", dialect.ErrNotSupported, d.server)
		}
		return "JSON", nil
	case types.Boolean:
		return "", fmt.Errorf("%w: CAST to BOOLEAN on %s, which has no boolean type (compare with 0 instead)", dialect.ErrNotSupported, d.Name())
	}
	return "", fmt.Errorf("%w: CAST to %s on %s", dialect.ErrNotSupported, t, d.Name())
}

// AdaptType implements dialect.Dialect. DATETIME values travel as text
// holding a UTC wall clock (converted from the value's zone when the
// DateTime has a time zone, kept as given when not) and come back in UTC;
// intervals as microseconds; UUIDs as hex digits where there is no UUID
// type; FLOAT results as the shortest decimal that names the stored
// single-precision value. NaN and infinities, which MySQL and MariaDB
// cannot store, are refused before they are sent (the driver would
// write them into the SQL text as bare words when it interpolates
// parameters).
func (d *Dialect) AdaptType(t types.Type) types.Type {
	switch t := t.(type) {
	case types.DateTime:
		return dateTime{t}
	case types.Date:
		return date{t}
	case types.Interval:
		return interval{t}
	case types.UUID:
		if !d.FeatureFlags.NativeUUID {
			return uuidHex{t}
		}
	case types.Float:
		if t.Precision <= 24 {
			return float32Type{t}
		}
		return finite{t}
	case types.Double:
		return finite{t}
	}
	return t
}

// finite refuses NaN and infinities.
type finite struct{ types.Type }

func (f finite) BindConverter() types.Converter { return bindFinite(f.Type) }

// bindFinite refuses the floats MySQL cannot store: NaN, +Inf, -Inf, also
// behind a pointer. Other values go to the driver as they are.
func bindFinite(t types.Type) types.Converter {
	return func(v any) (any, error) {
		var f float64
		switch x := v.(type) {
		case float64:
			f = x
		case float32:
			f = float64(x)
		case *float64:
			if x == nil {
				return nil, nil
			}
			f = *x
		case *float32:
			if x == nil {
				return nil, nil
			}
			f = float64(*x)
		default:
			return v, nil
		}
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, &types.ConversionError{Type: t, Value: v, Err: fmt.Errorf("%w: MySQL and MariaDB store no NaN or infinity", types.ErrOutOfRange)}
		}
		return v, nil
	}
}

const (
	dateTimeFormat = "2006-01-02 15:04:05.000000"
	dateFormat     = "2006-01-02"
)

// dateTime sends DATETIME values as text, so that the driver's time zone
// setting plays no part.
type dateTime struct{ types.DateTime }

func (t dateTime) BindConverter() types.Converter {
	return func(v any) (any, error) {
		x, ok := v.(time.Time)
		if !ok {
			return v, nil
		}
		if t.Timezone {
			x = x.UTC()
		}
		return x.Format(dateTimeFormat), nil
	}
}

func (t dateTime) ResultConverter() types.Converter {
	inner := t.DateTime.ResultConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if err != nil {
			return nil, err
		}
		x := out.(time.Time)
		// The stored wall clock is UTC's; keep it.
		return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC), nil
	}
}

// date sends DATE values as text.
type date struct{ types.Date }

func (date) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(time.Time); ok {
			return x.Format(dateFormat), nil
		}
		return v, nil
	}
}

// interval stores Interval as a count of microseconds.
type interval struct{ types.Interval }

func (interval) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(time.Duration); ok {
			return x.Microseconds(), nil
		}
		return v, nil
	}
}

// uuidHex stores UUID as 32 hex digits.
type uuidHex struct{ types.UUID }

func (uuidHex) BindConverter() types.Converter {
	return func(v any) (any, error) { return types.BindUUID(v, true) }
}

// float32Type reads FLOAT columns, which hold single-precision values:
// the driver hands them over as float32, which a plain conversion would
// turn into float64 digits the value never had (0.1 as 0.10000000149).
type float32Type struct{ types.Float }

func (t float32Type) BindConverter() types.Converter { return bindFinite(t.Float) }

func (t float32Type) ResultConverter() types.Converter {
	inner := t.Float.ResultConverter()
	return func(v any) (any, error) {
		if x, ok := v.(float32); ok {
			if math.IsInf(float64(x), 0) || math.IsNaN(float64(x)) {
				return float64(x), nil
			}
			return strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		}
		return inner(v)
	}
}
