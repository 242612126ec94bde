package sqlite

import (
	"time"

	"github.com/athanordb/athanor/types"
)

// Text formats of temporal values, as SQLAlchemy's SQLite dialect writes
// them: sortable, and readable by SQLite's date functions.
const (
	dateTimeFormat = "2006-01-02 15:04:05.000000"
	dateFormat     = "2006-01-02"
	clockFormat    = "15:04:05.000000"
)

// dateTime stores DateTime as text; with a time zone, in UTC.
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
		// Text without an offset reads as UTC; keep the wall clock.
		return x.In(time.UTC), nil
	}
}

// date stores Date as text.
type date struct{ types.Date }

func (date) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(time.Time); ok {
			return x.Format(dateFormat), nil
		}
		return v, nil
	}
}

// clock stores Time as text.
type clock struct{ types.Time }

func (clock) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if x, ok := v.(time.Time); ok {
			return x.Format(clockFormat), nil
		}
		return v, nil
	}
}

// interval stores Interval as microseconds.
type interval struct{ types.Interval }

func (interval) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if d, ok := v.(time.Duration); ok {
			return d.Microseconds(), nil
		}
		return v, nil
	}
}

// uuidHex stores UUID as 32 hex digits, as SQLAlchemy does where there is
// no UUID type.
type uuidHex struct{ types.UUID }

func (uuidHex) BindConverter() types.Converter {
	return func(v any) (any, error) { return types.BindUUID(v, true) }
}
