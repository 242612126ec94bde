package oracle

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	goora "github.com/sijms/go-ora/v2"

	"github.com/athanordb/athanor/types"
)

// lobThreshold is the longest string or byte string bound as a plain
// value; longer ones are bound as LOBs, as Oracle takes at most 32767
// bytes in a VARCHAR2 or RAW bind.
const lobThreshold = 32767

// AdaptType implements dialect.Dialect: values travel in the forms go-ora
// binds exactly.
//
//   - Numeric: decimal text becomes a go-ora Number, so that the server
//     does not read it with the session's decimal separator.
//   - DateTime and Date: time.Time is bound as TIMESTAMP (without a zone,
//     its wall clock) or TIMESTAMP WITH TIME ZONE; results without a zone
//     are their wall clock in UTC.
//   - Interval: a time.Duration is bound as Oracle's interval text
//     ("+1 02:03:04.000005"), which results are read from too.
//   - UUID: 32 hex digits, for CHAR(32).
//   - JSON before 21: the document's bytes, for BLOB.
//   - Text and LargeBinary: values over 32767 bytes are bound as CLOB and
//     BLOB.
//
// These forms follow go-ora's documentation; they have not been run
// against a server here.
func (d *Dialect) AdaptType(t types.Type) types.Type {
	switch t := t.(type) {
	case types.Numeric:
		return numeric{t}
	case types.DateTime:
		return dateTime{t}
	case Timestamp:
		return dateTime{t.DateTime}
	case types.Date:
		return date{t}
	case types.Interval:
		return interval{t}
	case types.UUID:
		return uuidHex{t}
	case types.Text:
		return text{t}
	case types.LargeBinary:
		return binary{t}
	}
	if _, isJSON := types.Underlying(t).(types.JSON); isJSON && !d.FeatureFlags.NativeJSON {
		if _, isDecorator := t.(*types.Decorator); !isDecorator {
			return jsonBlob{t}
		}
	}
	return t
}

// numeric binds decimal text as a go-ora Number.
type numeric struct{ types.Numeric }

func (n numeric) BindConverter() types.Converter {
	inner := n.Numeric.BindConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if s, isText := out.(string); isText && err == nil {
			num, err := goora.NewNumberFromString(s)
			if err != nil {
				return nil, &types.ConversionError{Type: n.Numeric, Value: v, Err: err}
			}
			return num, nil
		}
		return out, err
	}
}

// dateTime binds TIMESTAMP (wall clock) or TIMESTAMP WITH TIME ZONE.
type dateTime struct{ types.DateTime }

func (t dateTime) BindConverter() types.Converter {
	return types.BindFunc(func(x time.Time) (any, error) {
		if t.Timezone {
			return goora.TimeStampTZ(x), nil
		}
		return goora.TimeStamp(x), nil
	})
}

func (t dateTime) ResultConverter() types.Converter {
	inner := t.DateTime.ResultConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if x, ok := out.(time.Time); ok && err == nil && !t.Timezone {
			return wallClockUTC(x), nil
		}
		return out, err
	}
}

func wallClockUTC(x time.Time) time.Time {
	return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
}

// date binds a date as a TIMESTAMP at midnight.
type date struct{ types.Date }

func (t date) BindConverter() types.Converter {
	return types.BindFunc(func(x time.Time) (any, error) {
		y, m, dd := x.Date()
		return goora.TimeStamp(time.Date(y, m, dd, 0, 0, 0, 0, time.UTC)), nil
	})
}

// interval binds and reads INTERVAL DAY TO SECOND text.
type interval struct{ types.Interval }

func (t interval) BindConverter() types.Converter {
	return types.BindFunc(func(x time.Duration) (any, error) { return FormatInterval(x), nil })
}

func (t interval) ResultConverter() types.Converter {
	inner := t.Interval.ResultConverter()
	return func(v any) (any, error) {
		if s, ok := v.(string); ok {
			if d, ok := parseOracleInterval(s); ok {
				return d, nil
			}
		}
		return inner(v)
	}
}

// FormatInterval writes a duration as Oracle's INTERVAL DAY TO SECOND
// text: a sign, days, and the clock to microseconds ("+1 02:03:04.000005",
// "-0 00:00:01.500000"). Finer parts are dropped, as Oracle keeps
// microseconds at most by default.
func FormatInterval(x time.Duration) string {
	sign := "+"
	if x < 0 {
		sign = "-"
		x = -x
	}
	us := x / time.Microsecond
	days := us / (24 * 3600 * 1e6)
	us -= days * 24 * 3600 * 1e6
	h := us / (3600 * 1e6)
	us -= h * 3600 * 1e6
	m := us / (60 * 1e6)
	us -= m * 60 * 1e6
	s := us / 1e6
	us -= s * 1e6
	return fmt.Sprintf("%s%d %02d:%02d:%02d.%06d", sign, days, h, m, s, us)
}

// parseOracleInterval reads "[+-]D HH:MM:SS[.F]", the text go-ora gives
// for INTERVAL DAY TO SECOND.
func parseOracleInterval(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	dayText, clock, ok := strings.Cut(s, " ")
	if !ok {
		return 0, false
	}
	days, err := strconv.ParseInt(dayText, 10, 64)
	if err != nil || days < 0 || days > 999999999 {
		return 0, false
	}
	hms := strings.Split(clock, ":")
	if len(hms) != 3 {
		return 0, false
	}
	h, err1 := strconv.Atoi(hms[0])
	m, err2 := strconv.Atoi(hms[1])
	secText, frac, _ := strings.Cut(hms[2], ".")
	sec, err3 := strconv.Atoi(secText)
	if err1 != nil || err2 != nil || err3 != nil || h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 {
		return 0, false
	}
	var ns int64
	if frac != "" {
		if len(frac) > 9 || strings.Trim(frac, "0123456789") != "" {
			return 0, false
		}
		n, _ := strconv.ParseInt((frac + "000000000")[:9], 10, 64)
		ns = n
	}
	const maxDays = int64(1<<63-1) / int64(24*time.Hour)
	if days > maxDays-1 {
		return 0, false
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute +
		time.Duration(sec)*time.Second + time.Duration(ns)
	if neg {
		d = -d
	}
	return d, true
}

// uuidHex binds a UUID as 32 hex digits, as SQLAlchemy stores one where
// there is no UUID type.
type uuidHex struct{ types.UUID }

func (uuidHex) BindConverter() types.Converter {
	return func(v any) (any, error) { return types.BindUUID(v, true) }
}

// text binds long strings as CLOB.
type text struct{ types.Text }

func (text) BindConverter() types.Converter {
	return func(v any) (any, error) {
		if s, ok := v.(string); ok && len(s) > lobThreshold {
			return goora.Clob{String: s, Valid: true}, nil
		}
		return v, nil
	}
}

// binary binds long byte strings as BLOB.
type binary struct{ types.LargeBinary }

func (b binary) BindConverter() types.Converter {
	inner := b.LargeBinary.BindConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if x, ok := out.([]byte); ok && err == nil && len(x) > lobThreshold {
			return goora.Blob{Data: x}, nil
		}
		return out, err
	}
}

// jsonBlob binds a document as its bytes, for a BLOB column (before 21).
type jsonBlob struct{ types.Type }

func (j jsonBlob) BindConverter() types.Converter {
	inner := j.Type.BindConverter()
	return func(v any) (any, error) {
		out, err := inner(v)
		if s, ok := out.(string); ok && err == nil {
			return []byte(s), nil
		}
		return out, err
	}
}
