package postgres

import (
	"encoding/hex"
	"math"
	"strconv"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// writeSelectBind writes a parameter standing alone in a select list as
// CAST($n AS type): PostgreSQL cannot infer its type there and takes it
// for text, so that SELECT $1 AS n UNION ALL SELECT n + 1 fails (text +
// integer), as does SELECT $1 + $2. The cast names the type's family, so
// that no value is cut: BIGINT for integers (every Go integer fits),
// TEXT, NUMERIC and DOUBLE PRECISION without a length or precision. A
// parameter of unknown type stays as it is.
func writeSelectBind(c *athsql.Compiler, b *athsql.BindParam) bool {
	if b.IsExpanding() {
		return false
	}
	var name string
	switch t := types.Underlying(b.Type()).(type) {
	case types.NullType:
		return false
	case types.Integer, types.SmallInteger, types.BigInteger:
		name = "BIGINT"
	case types.String, types.Text:
		name = "TEXT"
	case types.Numeric:
		name = "NUMERIC"
	case types.Float, types.Double:
		name = "DOUBLE PRECISION"
	default:
		n, err := dialect.TypeNameOf(c.Dialect(), t)
		if err != nil {
			return false
		}
		name = n
	}
	c.WriteString("CAST(")
	c.WriteBind(b)
	c.WriteString(" AS " + name + ")")
	return true
}

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
