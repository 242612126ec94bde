package postgres

import (
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"
)

// textCodec is pgx's codec of the character types, which also writes Go
// numbers, booleans, times and durations as text. PostgreSQL types a
// parameter it cannot infer (SELECT $1, CASE ... THEN $1) as text, and
// pgx's own codec accepts only strings there; with this one a value
// goes as the text the server would have read in a literal, and the
// result converter of the value's Athanor type reads it back.
type textCodec struct{ pgtype.TextCodec }

// registerTextCodecs installs textCodec for the character types on a
// connection's type map.
func registerTextCodecs(m *pgtype.Map) {
	for _, name := range []string{"text", "varchar", "bpchar", "name"} {
		if t, ok := m.TypeForName(name); ok {
			m.RegisterType(&pgtype.Type{Name: t.Name, OID: t.OID, Codec: textCodec{}})
		}
	}
}

// PlanEncode implements pgtype.Codec.
func (c textCodec) PlanEncode(m *pgtype.Map, oid uint32, format int16, value any) pgtype.EncodePlan {
	switch value.(type) {
	case int64, int32, int16, int8, int, uint64, uint32, uint16, uint8, uint,
		float64, float32, bool, time.Time, time.Duration:
		return textPlan{}
	}
	return c.TextCodec.PlanEncode(m, oid, format, value)
}

// textPlan writes a value as PostgreSQL reads it in a literal.
type textPlan struct{}

func (textPlan) Encode(value any, buf []byte) ([]byte, error) {
	switch x := value.(type) {
	case int64:
		return strconv.AppendInt(buf, x, 10), nil
	case int32:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int16:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int8:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case int:
		return strconv.AppendInt(buf, int64(x), 10), nil
	case uint64:
		return strconv.AppendUint(buf, x, 10), nil
	case uint32:
		return strconv.AppendUint(buf, uint64(x), 10), nil
	case uint16:
		return strconv.AppendUint(buf, uint64(x), 10), nil
	case uint8:
		return strconv.AppendUint(buf, uint64(x), 10), nil
	case uint:
		return strconv.AppendUint(buf, uint64(x), 10), nil
	case float64:
		return append(buf, formatFloat(x)...), nil
	case float32:
		return append(buf, formatFloat(float64(x))...), nil
	case bool:
		return strconv.AppendBool(buf, x), nil
	case time.Time:
		return x.AppendFormat(buf, "2006-01-02 15:04:05.999999Z07:00"), nil
	case time.Duration:
		return append(buf, formatInterval(x)...), nil
	}
	return nil, nil
}

// formatInterval writes a duration as PostgreSQL writes an interval:
// [-]HH:MM:SS[.ffffff].
func formatInterval(d time.Duration) string {
	var b []byte
	if d < 0 {
		b = append(b, '-')
		d = -d
	}
	us := d.Microseconds()
	h, us := us/3_600_000_000, us%3_600_000_000
	m, us := us/60_000_000, us%60_000_000
	s, us := us/1_000_000, us%1_000_000
	b = appendPadded(b, h)
	b = append(b, ':')
	b = appendPadded(b, m)
	b = append(b, ':')
	b = appendPadded(b, s)
	if us > 0 {
		frac := strconv.FormatInt(us+1_000_000, 10)[1:]
		for frac[len(frac)-1] == '0' {
			frac = frac[:len(frac)-1]
		}
		b = append(b, '.')
		b = append(b, frac...)
	}
	return string(b)
}

func appendPadded(b []byte, n int64) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, n, 10)
}
