package postgres

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	athsql "github.com/athanordb/athanor/sql"
)

// writeLiteral writes the values PostgreSQL spells its own way when
// written inline (DDL defaults, DebugSQL): byte strings as '\x...'
// (bytea's hex form), times as ISO 8601 text, non-finite floats as
// 'NaN'::float8 and the like.
func writeLiteral(c *athsql.Compiler, v any) bool {
	switch x := v.(type) {
	case []byte:
		c.WriteString(`'\x` + hex.EncodeToString(x) + `'`)
	case time.Time:
		c.WriteString("'" + x.Format("2006-01-02 15:04:05.999999Z07:00") + "'")
	case time.Duration:
		c.WriteString("'" + strconv.FormatInt(x.Microseconds(), 10) + " microseconds'")
	case float64:
		return writeFloat(c, x)
	case float32:
		return writeFloat(c, float64(x))
	default:
		return false
	}
	return true
}

func writeFloat(c *athsql.Compiler, f float64) bool {
	switch {
	case math.IsNaN(f):
		c.WriteString("'NaN'::float8")
	case math.IsInf(f, 1):
		c.WriteString("'Infinity'::float8")
	case math.IsInf(f, -1):
		c.WriteString("'-Infinity'::float8")
	default:
		return false
	}
	return true
}
