package types

import (
	"fmt"
	"reflect"
	"strings"
	"time"
)

// Date is a calendar date: DATE. Values are time.Time at midnight UTC.
type Date struct{}

func (Date) Affinity() Affinity         { return AffinityDateTime }
func (Date) GoType() reflect.Type       { return timeType }
func (Date) BindConverter() Converter   { return nil }
func (Date) ResultConverter() Converter { return resultDate }
func (Date) String() string             { return "DATE" }

// resultDate keeps the calendar date of the value, in the value's own zone.
func resultDate(v any) (any, error) {
	t, err := parseTemporal(Date{}, v)
	if err != nil {
		return nil, err
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// Time is a time of day: TIME, or TIME WITH TIME ZONE when Timezone is set.
// Values are time.Time on January 1 of year 0 (only the clock matters).
// Bound values are sent as text, "15:04:05.999999", with the UTC offset
// ("15:04:05.999999-07:00") when Timezone is set; use a fixed zone
// (time.FixedZone) for those, as a named zone's offset on a date of year 0
// is its local mean time.
type Time struct {
	Timezone bool
}

func (Time) Affinity() Affinity   { return AffinityDateTime }
func (Time) GoType() reflect.Type { return timeType }
func (t Time) BindConverter() Converter {
	layout := "15:04:05.999999"
	if t.Timezone {
		layout += "Z07:00"
	}
	return BindFunc(func(x time.Time) (any, error) { return x.Format(layout), nil })
}
func (t Time) ResultConverter() Converter {
	return func(v any) (any, error) { return resultClock(t, v) }
}
func (t Time) String() string {
	if t.Timezone {
		return "TIME WITH TIME ZONE"
	}
	return "TIME"
}

var clockLayouts = []string{
	"15:04:05.999999999",
	"15:04:05.999999999Z07:00",
	"15:04:05.999999999-07",
	"15:04",
}

func resultClock(typ Type, v any) (any, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case []byte, string:
		var err error
		if t, err = parseFirst(asString(x), clockLayouts...); err != nil {
			return nil, convErr(typ, v, err)
		}
	case time.Duration: // MySQL can hand TIME over as a duration
		if x < 0 || x >= 24*time.Hour {
			return nil, convErr(typ, v, fmt.Errorf("%w: %v is not a time of day", ErrOutOfRange, x))
		}
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Add(x), nil
	default:
		return nil, convErr(typ, v, nil)
	}
	return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location()), nil
}

// DateTime is a date and time: TIMESTAMP / DATETIME, or TIMESTAMP WITH TIME
// ZONE when Timezone is set. Values are time.Time; without a time zone the
// wall clock is stored as given and read back in UTC.
type DateTime struct {
	Timezone bool
}

func (DateTime) Affinity() Affinity       { return AffinityDateTime }
func (DateTime) GoType() reflect.Type     { return timeType }
func (DateTime) BindConverter() Converter { return nil }
func (d DateTime) ResultConverter() Converter {
	return func(v any) (any, error) {
		t, err := parseTemporal(d, v)
		if err != nil {
			return nil, err
		}
		return t, nil
	}
}
func (d DateTime) String() string {
	if d.Timezone {
		return "TIMESTAMP WITH TIME ZONE"
	}
	return "TIMESTAMP"
}

var temporalLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999-07:00:00",
	"2006-01-02T15:04:05.999999999-07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseTemporal(t Type, v any) (time.Time, error) {
	switch x := v.(type) {
	case time.Time:
		return x, nil
	case []byte, string:
		tm, err := parseFirst(asString(x), temporalLayouts...)
		if err != nil {
			return time.Time{}, convErr(t, v, err)
		}
		return tm, nil
	}
	return time.Time{}, convErr(t, v, nil)
}

func parseFirst(s string, layouts ...string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not in a date or time format Athanor reads", s)
}

func asString(v any) string {
	if b, ok := v.([]byte); ok {
		return string(b)
	}
	return v.(string)
}

func ofTime(v any) (Type, bool) {
	switch v.(type) {
	case time.Time:
		return DateTime{Timezone: true}, true
	case time.Duration:
		return Interval{}, true
	}
	return nil, false
}
