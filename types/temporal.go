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
type Time struct {
	Timezone bool
}

func (Time) Affinity() Affinity         { return AffinityDateTime }
func (Time) GoType() reflect.Type       { return timeType }
func (Time) BindConverter() Converter   { return bindClock }
func (Time) ResultConverter() Converter { return resultClock }
func (t Time) String() string {
	if t.Timezone {
		return "TIME WITH TIME ZONE"
	}
	return "TIME"
}

// bindClock sends a time of day as text, which every database accepts for
// TIME.
func bindClock(v any) (any, error) {
	if t, ok := v.(time.Time); ok {
		return t.Format("15:04:05.999999"), nil
	}
	return v, nil
}

func resultClock(v any) (any, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x
	case []byte, string:
		s := asString(x)
		var err error
		if t, err = parseFirst(s, "15:04:05.999999999", "15:04:05.999999999Z07:00", "15:04:05.999999999-07", "15:04"); err != nil {
			return nil, convErr(Time{}, v, err)
		}
	case time.Duration: // MySQL can hand TIME over as a duration
		return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Add(x), nil
	default:
		return nil, convErr(Time{}, v, nil)
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
	return func(v any) (any, error) { return parseTemporal(d, v) }
}
func (d DateTime) String() string {
	if d.Timezone {
		return "TIMESTAMP WITH TIME ZONE"
	}
	return "TIMESTAMP"
}

// Interval is a span of time: INTERVAL where the database has it. Values are
// time.Duration.
type Interval struct{}

func (Interval) Affinity() Affinity         { return AffinityInterval }
func (Interval) GoType() reflect.Type       { return durationType }
func (Interval) BindConverter() Converter   { return nil }
func (Interval) ResultConverter() Converter { return resultInterval }
func (Interval) String() string             { return "INTERVAL" }

func resultInterval(v any) (any, error) {
	switch x := v.(type) {
	case time.Duration:
		return x, nil
	case int64: // microseconds
		return time.Duration(x) * time.Microsecond, nil
	case []byte, string:
		d, err := ParseInterval(asString(x))
		if err != nil {
			return nil, convErr(Interval{}, v, err)
		}
		return d, nil
	}
	return nil, convErr(Interval{}, v, nil)
}

// ParseInterval reads an interval in PostgreSQL's default output form
// ("1 day 02:03:04.5", "-00:00:01", "3 days") or Go's duration syntax.
// Months and years are refused: they have no fixed length.
func ParseInterval(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if d, err := time.ParseDuration(s); err == nil {
		return d, nil
	}
	var total time.Duration
	fields := strings.Fields(s)
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			neg := strings.HasPrefix(f, "-")
			f = strings.TrimLeft(f, "+-")
			var h, m int64
			var sec float64
			if _, err := fmt.Sscanf(f, "%d:%d:%f", &h, &m, &sec); err != nil {
				return 0, fmt.Errorf("interval %q: %w", s, err)
			}
			d := time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec*1e6+0.5*sign(sec))*time.Microsecond
			if neg {
				d = -d
			}
			total += d
			continue
		}
		if i+1 >= len(fields) {
			return 0, fmt.Errorf("interval %q: number without unit", s)
		}
		var n int64
		if _, err := fmt.Sscanf(f, "%d", &n); err != nil {
			return 0, fmt.Errorf("interval %q: %w", s, err)
		}
		unit := strings.TrimSuffix(fields[i+1], "s")
		i++
		switch unit {
		case "day":
			total += time.Duration(n) * 24 * time.Hour
		case "hour":
			total += time.Duration(n) * time.Hour
		case "min", "minute":
			total += time.Duration(n) * time.Minute
		case "sec", "second":
			total += time.Duration(n) * time.Second
		default:
			return 0, fmt.Errorf("interval %q: unit %q has no fixed length", s, fields[i])
		}
	}
	return total, nil
}

func sign(f float64) float64 {
	if f < 0 {
		return -1
	}
	return 1
}

var temporalLayouts = []string{
	"2006-01-02 15:04:05.999999999-07:00",
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
	var firstErr error
	for _, l := range layouts {
		t, err := time.Parse(l, s)
		if err == nil {
			return t, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return time.Time{}, firstErr
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
