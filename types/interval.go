package types

import (
	"fmt"
	"math"
	"math/big"
	"reflect"
	"strings"
	"time"
)

// Interval is a span of time: INTERVAL where the database has it. Values are
// time.Duration. Results may come as a duration, as text in a form
// ParseInterval reads, or as a number of microseconds (how databases
// without an interval type, SQLite among them, store it). Databases keep
// microseconds: finer parts of a bound duration are dropped.
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
	case int64:
		d, err := fromMicros(x)
		if err != nil {
			return nil, convErr(Interval{}, v, err)
		}
		return d, nil
	case float64:
		if math.IsNaN(x) || math.Abs(x) >= math.MaxInt64 {
			return nil, convErr(Interval{}, v, fmt.Errorf("%w: %v microseconds", ErrOutOfRange, x))
		}
		d, err := fromMicros(int64(math.Round(x)))
		if err != nil {
			return nil, convErr(Interval{}, v, err)
		}
		return d, nil
	case []byte, string:
		d, err := ParseInterval(asString(x))
		if err != nil {
			return nil, convErr(Interval{}, v, err)
		}
		return d, nil
	}
	return nil, convErr(Interval{}, v, nil)
}

// fromMicros returns n microseconds as a duration, or an error wrapping
// ErrOutOfRange when that is beyond time.Duration (about 292 years).
func fromMicros(n int64) (time.Duration, error) {
	const limit = math.MaxInt64 / int64(time.Microsecond)
	if n > limit || n < -limit {
		return 0, fmt.Errorf("%w: %d microseconds is beyond time.Duration", ErrOutOfRange, n)
	}
	return time.Duration(n) * time.Microsecond, nil
}

// ParseInterval reads a duration written in any of these forms:
//
//	Go:                  "1h2m3.5s", "-90s"
//	PostgreSQL:          "1 day 02:03:04.5", "-00:00:01", "3 days", "-1 days +02:00:00"
//	PostgreSQL verbose:  "@ 1 day 2 hours 3 mins 4.5 secs ago"
//	SQL standard:        "1 2:03:04.5" (days, then the clock)
//	ISO 8601:            "P1DT2H3M4.5S", "PT0.000001S", "-P1W"
//
// Units from microseconds to weeks are read; months and years are refused
// (unless zero), as they have no fixed length. Parts finer than a
// nanosecond are dropped. Errors wrap ErrInvalidInterval, or ErrOutOfRange
// when the total is beyond time.Duration.
func ParseInterval(s string) (time.Duration, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return 0, fmt.Errorf("%w: empty text", ErrInvalidInterval)
	}
	if d, err := time.ParseDuration(in); err == nil {
		return d, nil
	}
	p := intervalParser{text: s, total: new(big.Rat)}
	var err error
	if body := strings.TrimLeft(in, "+-"); strings.HasPrefix(body, "P") && len(in)-len(body) <= 1 {
		err = p.iso(body[1:], strings.HasPrefix(in, "-"))
	} else {
		err = p.words(strings.Fields(in))
	}
	if err != nil {
		return 0, err
	}
	q := new(big.Int).Quo(p.total.Num(), p.total.Denom()) // toward zero
	if !q.IsInt64() {
		return 0, fmt.Errorf("%w: interval %q is beyond time.Duration", ErrOutOfRange, s)
	}
	return time.Duration(q.Int64()), nil
}

// intervalParser adds up an interval in nanoseconds, exactly.
type intervalParser struct {
	text  string
	total *big.Rat
}

func (p *intervalParser) fail(why string) error {
	return fmt.Errorf("%w %q: %s", ErrInvalidInterval, p.text, why)
}

// add adds n units of unit (nanoseconds per unit; 0: no fixed length).
func (p *intervalParser) add(n *big.Rat, unit int64, name string) error {
	if unit == 0 {
		if n.Sign() != 0 {
			return p.fail(name + " has no fixed length")
		}
		return nil
	}
	p.total.Add(p.total, new(big.Rat).Mul(n, new(big.Rat).SetInt64(unit)))
	return nil
}

func (p *intervalParser) number(s string) (*big.Rat, error) {
	d, err := ParseDecimal(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		return nil, p.fail(fmt.Sprintf("%q is not a number", s))
	}
	return d.Rat(), nil
}

// words reads the PostgreSQL and SQL standard forms.
func (p *intervalParser) words(fields []string) error {
	if len(fields) > 0 && fields[0] == "@" {
		fields = fields[1:]
	}
	ago := len(fields) > 0 && strings.EqualFold(fields[len(fields)-1], "ago")
	if ago {
		fields = fields[:len(fields)-1]
	}
	if len(fields) == 0 {
		return p.fail("no value")
	}
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		if strings.Contains(f, ":") {
			if err := p.clock(f); err != nil {
				return err
			}
			continue
		}
		n, err := p.number(f)
		if err != nil {
			return err
		}
		var unit int64
		name := "day"
		switch {
		case i+1 < len(fields) && strings.Contains(fields[i+1], ":"):
			unit = 24 * int64(time.Hour) // SQL standard: days before the clock
		case i+1 < len(fields):
			i++
			name = strings.ToLower(fields[i])
			var known bool
			if unit, known = intervalUnit(name); !known {
				return p.fail(fmt.Sprintf("unknown unit %q", fields[i]))
			}
		default:
			return p.fail(fmt.Sprintf("number %q without a unit", f))
		}
		if err := p.add(n, unit, name); err != nil {
			return err
		}
	}
	if ago {
		p.total.Neg(p.total)
	}
	return nil
}

// clock reads [+-]H:MM[:SS[.ffffff]].
func (p *intervalParser) clock(f string) error {
	neg := strings.HasPrefix(f, "-")
	parts := strings.Split(strings.TrimLeft(f, "+-"), ":")
	if len(parts) < 2 || len(parts) > 3 || len(f)-len(strings.TrimLeft(f, "+-")) > 1 {
		return p.fail(fmt.Sprintf("%q is not a clock (H:MM:SS)", f))
	}
	units := []int64{int64(time.Hour), int64(time.Minute), int64(time.Second)}
	sum := new(big.Rat)
	for k, part := range parts {
		if part == "" || (k < 2 && !isDigits(part)) {
			return p.fail(fmt.Sprintf("%q is not a clock (H:MM:SS)", f))
		}
		n, err := p.number(part)
		if err != nil {
			return err
		}
		sum.Add(sum, n.Mul(n, new(big.Rat).SetInt64(units[k])))
	}
	if neg {
		sum.Neg(sum)
	}
	p.total.Add(p.total, sum)
	return nil
}

// intervalUnit returns the nanoseconds in a unit, 0 for units without a
// fixed length, and false for unknown units.
func intervalUnit(name string) (int64, bool) {
	switch name {
	case "us", "usec", "usecs", "microsecond", "microseconds":
		return int64(time.Microsecond), true
	case "ms", "msec", "msecs", "millisecond", "milliseconds":
		return int64(time.Millisecond), true
	case "s", "sec", "secs", "second", "seconds":
		return int64(time.Second), true
	case "min", "mins", "minute", "minutes":
		return int64(time.Minute), true
	case "h", "hr", "hrs", "hour", "hours":
		return int64(time.Hour), true
	case "day", "days":
		return 24 * int64(time.Hour), true
	case "week", "weeks":
		return 7 * 24 * int64(time.Hour), true
	case "mon", "mons", "month", "months", "year", "years", "yr", "yrs",
		"decade", "decades", "century", "centuries", "millennium", "millennia":
		return 0, true
	}
	return 0, false
}

// iso reads the ISO 8601 form after its P: [nY][nM][nW][nD][T[nH][nM][nS]].
func (p *intervalParser) iso(body string, neg bool) error {
	if body == "" || body == "T" {
		return p.fail("no value")
	}
	inTime := false
	for body != "" {
		if body[0] == 'T' {
			if inTime {
				return p.fail("second T")
			}
			inTime, body = true, body[1:]
			if body == "" {
				return p.fail("nothing after T")
			}
			continue
		}
		end := strings.IndexAny(body, "YMWDHST")
		if end <= 0 {
			return p.fail("a number needs a designator (Y, M, W, D, H, M, S)")
		}
		n, err := p.number(body[:end])
		if err != nil {
			return err
		}
		var unit int64
		name := string(body[end])
		switch {
		case !inTime && (name == "Y" || name == "M"):
			unit, name = 0, map[string]string{"Y": "year", "M": "month"}[name]
		case !inTime && name == "W":
			unit = 7 * 24 * int64(time.Hour)
		case !inTime && name == "D":
			unit = 24 * int64(time.Hour)
		case inTime && name == "H":
			unit = int64(time.Hour)
		case inTime && name == "M":
			unit = int64(time.Minute)
		case inTime && name == "S":
			unit = int64(time.Second)
		default:
			return p.fail("designator " + name + " in the wrong place")
		}
		if err := p.add(n, unit, name); err != nil {
			return err
		}
		body = body[end+1:]
	}
	if neg {
		p.total.Neg(p.total)
	}
	return nil
}
