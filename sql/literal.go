package sql

import (
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/athanordb/athanor/types"
)

// writeLiteral writes a Go value as a SQL literal: for LiteralValue, the
// debug rendering and DDL defaults. The dialect's Literal hook comes
// first.
func (c *Compiler) writeLiteral(v any) {
	if c.hooks.Literal != nil && c.hooks.Literal(c, v) {
		return
	}
	c.buf = appendLiteral(c.buf, v, c.feat.NativeBoolean)
}

// appendLiteral appends v as a standard SQL literal. Strings are quoted
// with single quotes doubled; numbers are written as Go formats them,
// non-finite floats quoted ('NaN'); times as quoted ISO 8601 text.
func appendLiteral(buf []byte, v any, nativeBool bool) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "NULL"...)
	case string:
		return appendQuoted(buf, x)
	case bool:
		return appendBool(buf, x, nativeBool)
	case int:
		return strconv.AppendInt(buf, int64(x), 10)
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return fmt.Append(buf, x)
	case float32:
		return appendFloat(buf, float64(x), 32)
	case float64:
		return appendFloat(buf, x, 64)
	case []byte:
		buf = append(buf, "X'"...)
		buf = append(buf, strings.ToUpper(hex.EncodeToString(x))...)
		return append(buf, '\'')
	case time.Time:
		return appendQuoted(buf, x.Format("2006-01-02 15:04:05.999999999Z07:00"))
	case types.Decimal:
		return append(buf, x.String()...)
	case *types.Decimal:
		if x == nil {
			return append(buf, "NULL"...)
		}
		return append(buf, x.String()...)
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return appendQuoted(buf, fmt.Sprint(v))
		}
		if _, again := dv.(driver.Valuer); again {
			return appendQuoted(buf, fmt.Sprint(dv))
		}
		return appendLiteral(buf, dv, nativeBool)
	case fmt.Stringer:
		return appendQuoted(buf, x.String())
	}
	return appendQuoted(buf, fmt.Sprint(v))
}

func appendFloat(buf []byte, f float64, bits int) []byte {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return appendQuoted(buf, strconv.FormatFloat(f, 'g', -1, bits))
	}
	return strconv.AppendFloat(buf, f, 'g', -1, bits)
}

func appendQuoted(buf []byte, s string) []byte {
	buf = append(buf, '\'')
	for {
		i := strings.IndexByte(s, '\'')
		if i < 0 {
			break
		}
		buf = append(buf, s[:i+1]...)
		buf = append(buf, '\'')
		s = s[i+1:]
	}
	buf = append(buf, s...)
	return append(buf, '\'')
}

func appendBool(buf []byte, v, native bool) []byte {
	switch {
	case native && v:
		return append(buf, "true"...)
	case native:
		return append(buf, "false"...)
	case v:
		return append(buf, '1')
	}
	return append(buf, '0')
}

// QuoteString writes s as a standard SQL string literal, doubling single
// quotes.
func QuoteString(s string) string {
	return string(appendQuoted(make([]byte, 0, len(s)+2), s))
}

func (c *Compiler) writeBoolConst(v bool) {
	if c.hooks.BoolConst != nil {
		c.hooks.BoolConst(c, v, false)
		return
	}
	c.buf = appendBool(c.buf, v, c.feat.NativeBoolean)
}

// The LIKE patterns StartsWith, EndsWith and Contains make of a value:
// its %, _ and the escape character are escaped, then % is added.
const (
	affixBefore uint8 = 1 << iota // % in front: EndsWith
	affixAfter                    // % behind: StartsWith
)

// likeEscaper escapes a pattern with "/", as SQLAlchemy's autoescape does.
var likeEscaper = strings.NewReplacer("/", "//", "%", "/%", "_", "/_")

// likePattern makes the LIKE pattern of v; NULL stays NULL.
func likePattern(v any, affix uint8) (any, error) {
	var s string
	switch x := v.(type) {
	case nil:
		return nil, nil
	case string:
		s = x
	case []byte:
		s = string(x)
	case fmt.Stringer:
		s = x.String()
	case bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		s = fmt.Sprint(x)
	default:
		return nil, fmt.Errorf("%w: a StartsWith, EndsWith or Contains value must be a string, got %T", ErrArgument, v)
	}
	s = likeEscaper.Replace(s)
	if affix&affixBefore != 0 {
		s = "%" + s
	}
	if affix&affixAfter != 0 {
		s += "%"
	}
	return s, nil
}
