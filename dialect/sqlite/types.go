package sqlite

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/athanordb/athanor/types"
)

// TypeName implements dialect.Dialect with SQLite's type names.
func (d *Dialect) TypeName(t types.Type) (string, error) {
	switch t := t.(type) {
	case types.DateTime:
		return "DATETIME", nil
	case types.Double:
		return "DOUBLE", nil
	case types.Interval:
		return "INTEGER", nil
	case types.Time:
		return "TIME", nil
	case types.Enum:
		return "VARCHAR(" + strconv.Itoa(t.VarcharLength()) + ")", nil
	}
	return d.Base.TypeName(t)
}

// AdaptType implements dialect.Dialect: temporal values travel as text,
// intervals as microseconds, UUIDs as hex; decimals, floats and JSON
// documents are checked for what SQLite would silently change.
func (d *Dialect) AdaptType(t types.Type) types.Type {
	switch t := t.(type) {
	case types.DateTime:
		return dateTime{t}
	case types.Date:
		return date{t}
	case types.Time:
		return clock{t}
	case types.Interval:
		return interval{t}
	case types.UUID:
		return uuidHex{t}
	case types.Numeric:
		return numeric{t}
	case types.Float, types.Double:
		return float{t}
	case types.JSON:
		return jsonDoc{t}
	}
	if _, isJSON := types.Underlying(t).(types.JSON); isJSON {
		if _, isDecorator := t.(*types.Decorator); !isDecorator {
			return jsonDoc{t} // types.JSONOf and other JSON types of their own
		}
	}
	return t
}

// Text formats of temporal values, as SQLAlchemy's SQLite dialect writes
// them: sortable, and readable by SQLite's date functions. They keep
// microseconds; finer digits are dropped.
const (
	dateTimeFormat = "2006-01-02 15:04:05.000000"
	dateFormat     = "2006-01-02"
	clockFormat    = "15:04:05.000000"
)

// textTime returns the bind converter of a temporal type stored as text:
// time.Time values are formatted by format, strings are first read by the
// type's own result converter (so that every stored value has the same
// form, which keeps text comparison and sorting right).
func textTime(t types.Type, format func(time.Time) (string, error)) types.Converter {
	parse := t.ResultConverter()
	bind := types.BindFunc(func(x time.Time) (any, error) {
		s, err := format(x)
		if err != nil {
			return nil, &types.ConversionError{Type: t, Value: x, Err: err}
		}
		return s, nil
	})
	return func(v any) (any, error) {
		if s, ok := v.(string); ok {
			x, err := parse(s)
			if err != nil {
				return nil, err
			}
			v = x
		}
		return bind(v)
	}
}

// checkYear refuses years that the four-digit text form cannot hold.
func checkYear(x time.Time) error {
	if y := x.Year(); y < 0 || y > 9999 {
		return fmt.Errorf("%w: year %d: SQLite stores dates as text with years 0000 to 9999", types.ErrOutOfRange, y)
	}
	return nil
}

// dateTime stores DateTime as text; with a time zone, in UTC. Results
// are in UTC: the instant for a time-zone-aware column, the stored wall
// clock for a naive one.
type dateTime struct{ types.DateTime }

func (t dateTime) BindConverter() types.Converter {
	return textTime(t.DateTime, func(x time.Time) (string, error) {
		if t.Timezone {
			x = x.UTC()
		}
		return x.Format(dateTimeFormat), checkYear(x)
	})
}

func (t dateTime) ResultConverter() types.Converter {
	inner := t.DateTime.ResultConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if err != nil {
			return nil, err
		}
		return out.(time.Time).In(time.UTC), nil
	}
}

// date stores Date as text.
type date struct{ types.Date }

func (t date) BindConverter() types.Converter {
	return textTime(t.Date, func(x time.Time) (string, error) {
		return x.Format(dateFormat), checkYear(x)
	})
}

// clock stores Time as text; with a time zone, in UTC.
type clock struct{ types.Time }

func (t clock) BindConverter() types.Converter {
	return textTime(t.Time, func(x time.Time) (string, error) {
		if t.Timezone {
			x = x.UTC()
		}
		return x.Format(clockFormat), nil
	})
}

// interval stores Interval as an INTEGER count of microseconds. Durations
// are truncated to microseconds; text is read by types.ParseInterval;
// integers are taken as microseconds already.
type interval struct{ types.Interval }

func (t interval) BindConverter() types.Converter {
	bind := types.BindFunc(func(d time.Duration) (any, error) { return d.Microseconds(), nil })
	return func(v any) (any, error) {
		if s, ok := v.(string); ok {
			d, err := types.ParseInterval(s)
			if err != nil {
				return nil, &types.ConversionError{Type: t.Interval, Value: v, Err: err}
			}
			return d.Microseconds(), nil
		}
		return bind(v)
	}
}

// uuidHex stores UUID as 32 hex digits, as SQLAlchemy does where there is
// no UUID type.
type uuidHex struct{ types.UUID }

func (uuidHex) BindConverter() types.Converter {
	return func(v any) (any, error) { return types.BindUUID(v, true) }
}

// numeric binds decimals as SQLite stores them, INTEGER or REAL (a 64-bit
// float), and refuses those a float would change: any decimal of up to 15
// significant digits is exact, and integers within int64 always are.
type numeric struct{ types.Numeric }

func (n numeric) BindConverter() types.Converter {
	inner := n.Numeric.BindConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if _, isValuer := out.(driver.Valuer); isValuer && err == nil {
			// Another library's decimal is checked by what it sends.
			if out, err = valueOf(out); err != nil {
				return nil, &types.ConversionError{Type: n.Numeric, Value: v, Err: err}
			}
			if out != nil {
				out, err = inner(out)
			}
		}
		if s, isText := out.(string); isText && err == nil {
			return sqliteNumber(n.Numeric, v, s)
		}
		return out, err
	}
}

// valueOf returns what a driver.Valuer sends (NULL for a nil pointer), and
// any other value as it is.
func valueOf(v any) (any, error) {
	vr, ok := v.(driver.Valuer)
	if !ok {
		return v, nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return nil, nil
	}
	return vr.Value()
}

// sqliteNumber returns the int64 or float64 that holds the decimal text s
// exactly, or a ConversionError when there is none.
func sqliteNumber(t types.Type, v any, s string) (any, error) {
	d, err := types.ParseDecimal(s)
	if err != nil {
		return nil, &types.ConversionError{Type: t, Value: v, Err: err}
	}
	if whole := d.Rescale(0); whole.Equal(d) {
		if c := whole.Coefficient(); c.IsInt64() {
			return c.Int64(), nil
		}
	}
	f, _ := d.Float64()
	if back, err := types.DecimalFromFloat(f); err == nil && back.Equal(d) {
		return f, nil
	}
	return nil, &types.ConversionError{Type: t, Value: v, Err: fmt.Errorf(
		"%w: SQLite stores NUMERIC as a 64-bit float, which cannot hold %s exactly (up to 15 significant digits always fit)",
		types.ErrOutOfRange, s)}
}

// float refuses NaN, which SQLite would store as NULL.
type float struct{ types.Type }

func (f float) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(float64); ok && !math.IsNaN(x) {
			return v, nil
		}
		x, err := valueOf(v) // sql.NullFloat64 and the like: what they send
		if err != nil {
			return nil, &types.ConversionError{Type: f.Type, Value: v, Err: err}
		}
		rv := reflect.ValueOf(x)
		for rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return nil, nil
			}
			rv = rv.Elem()
		}
		if k := rv.Kind(); (k == reflect.Float64 || k == reflect.Float32) && math.IsNaN(rv.Float()) {
			return nil, &types.ConversionError{Type: f.Type, Value: v, Err: fmt.Errorf("%w: SQLite stores NaN as NULL", types.ErrOutOfRange)}
		}
		return x, nil
	}
}

// jsonDoc checks documents that are a bare number: the JSON column has
// numeric affinity on SQLite, which stores such a document as a number and
// would round one that a 64-bit float cannot hold.
type jsonDoc struct{ types.Type }

func (j jsonDoc) BindConverter() types.Converter {
	inner := j.Type.BindConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if s, isText := out.(string); isText && err == nil && looksNumeric(s) {
			if _, err := sqliteNumber(j.Type, v, s); err != nil {
				return nil, err
			}
		}
		return out, err
	}
}

func looksNumeric(s string) bool {
	s = strings.TrimSpace(s)
	return s != "" && (s[0] == '-' || s[0] >= '0' && s[0] <= '9')
}
