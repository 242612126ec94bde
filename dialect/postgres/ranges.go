package postgres

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// BoundType says how a Range holds one of its bounds.
type BoundType byte

// The kinds of bounds. The zero BoundType is the default: Inclusive for
// a lower bound, Exclusive for an upper one ("[)", PostgreSQL's own).
const (
	Inclusive BoundType = 'i' // the bound is in the range: [ or ]
	Exclusive BoundType = 'e' // the bound is not: ( or )
	Unbounded BoundType = 'u' // no bound on that side; its value is ignored
)

// Range is a value of a PostgreSQL range type: the values between Lower
// and Upper, each included or not as LowerType and UpperType say, or the
// empty range. Results have both types set; PostgreSQL writes the ranges
// of discrete types (Int4Range, Int8Range, DateRange) in their canonical
// form, [lower, upper), so that [1,10] comes back as [1,11).
type Range[T any] struct {
	Lower, Upper         T
	LowerType, UpperType BoundType
	Empty                bool // the empty range: the other fields are ignored
}

func (Range[T]) isRange() {}

// rangeValue is implemented by every Range.
type rangeValue interface{ isRange() }

// NewRange returns the range [lower, upper).
func NewRange[T any](lower, upper T) Range[T] {
	return Range[T]{Lower: lower, Upper: upper, LowerType: Inclusive, UpperType: Exclusive}
}

// The range types. Each reads and writes its Range values in PostgreSQL's
// text form; a bound value that is text (a string) goes as a range
// literal written by hand ('[1,10)').
type (
	// Int4Range is int4range: Range[int64] of 32-bit integers.
	Int4Range struct{ rangeType[int64, int4Kind] }
	// Int8Range is int8range: Range[int64].
	Int8Range struct{ rangeType[int64, int8Kind] }
	// NumRange is numrange: Range[types.Decimal].
	NumRange struct {
		rangeType[types.Decimal, numKind]
	}
	// DateRange is daterange: Range[time.Time] of dates (the time of day
	// is dropped; results are midnight UTC).
	DateRange struct {
		rangeType[time.Time, dateKind]
	}
	// TSRange is tsrange, of timestamps without time zone: Range[time.Time]
	// of wall clocks, read back in UTC as types.DateTime's are.
	TSRange struct {
		rangeType[time.Time, tsKind]
	}
	// TSTZRange is tstzrange, of timestamps with time zone:
	// Range[time.Time] of instants, read back in UTC.
	TSTZRange struct {
		rangeType[time.Time, tstzKind]
	}
)

var (
	_ types.Type = Int4Range{}
	_ types.Type = Int8Range{}
	_ types.Type = NumRange{}
	_ types.Type = DateRange{}
	_ types.Type = TSRange{}
	_ types.Type = TSTZRange{}
)

// rangeKind is what distinguishes the range types of one Go type: the
// name and the text form of the bounds.
type rangeKind[T any] interface {
	name() string
	format(T) string
	parse(string) (T, error)
}

// rangeType implements types.Type for the ranges of kind K.
type rangeType[T any, K rangeKind[T]] struct{}

// Affinity implements types.Type: ranges have none.
func (rangeType[T, K]) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: Range[T].
func (rangeType[T, K]) GoType() reflect.Type { return reflect.TypeFor[Range[T]]() }

// BindConverter implements types.Type: a Range[T] (or a pointer to one;
// nil is NULL) becomes its text; another Range is refused, and other
// values (text, a driver.Valuer) go to the driver as they are.
func (r rangeType[T, K]) BindConverter() types.Converter { return r.bind }

// ResultConverter implements types.Type: PostgreSQL's text becomes a
// Range[T].
func (r rangeType[T, K]) ResultConverter() types.Converter { return r.result }

// String implements types.Type: INT4RANGE, TSTZRANGE, ...
func (rangeType[T, K]) String() string {
	var k K
	return k.name()
}

// bind writes a Range[T] (or a pointer to one; nil is NULL) as text;
// another Range is refused, other values go to the driver as they are.
func (c rangeType[T, K]) bind(v any) (any, error) {
	switch x := v.(type) {
	case Range[T]:
		return c.text(x), nil
	case *Range[T]:
		if x == nil {
			return nil, nil
		}
		return c.text(*x), nil
	case rangeValue:
		return nil, &types.ConversionError{Type: c, Value: v, Err: fmt.Errorf("%w: the type's values are %s", types.ErrUnsupportedValue, c.GoType())}
	}
	return v, nil
}

func (c rangeType[T, K]) text(r Range[T]) string {
	if r.Empty {
		return "empty"
	}
	var b strings.Builder
	if r.LowerType == Exclusive || r.LowerType == Unbounded {
		b.WriteByte('(')
	} else {
		b.WriteByte('[')
	}
	var k K
	if r.LowerType != Unbounded {
		writeQuoted(&b, k.format(r.Lower))
	}
	b.WriteByte(',')
	if r.UpperType != Unbounded {
		writeQuoted(&b, k.format(r.Upper))
	}
	if r.UpperType == Inclusive {
		b.WriteByte(']')
	} else {
		b.WriteByte(')')
	}
	return b.String()
}

// writeQuoted writes a bound value in double quotes, with backslashes
// before quotes and backslashes.
func writeQuoted(b *strings.Builder, s string) {
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
}

// result reads PostgreSQL's text form of a range.
func (c rangeType[T, K]) result(v any) (any, error) {
	if r, ok := v.(Range[T]); ok {
		return r, nil
	}
	return parseText(c, v, c.parseRange)
}

func (c rangeType[T, K]) parseRange(s string) (Range[T], error) {
	var r Range[T]
	if strings.EqualFold(s, "empty") {
		r.Empty = true
		return r, nil
	}
	if len(s) < 3 || s[0] != '[' && s[0] != '(' || s[len(s)-1] != ']' && s[len(s)-1] != ')' {
		return r, fmt.Errorf("%q is not a range", s)
	}
	lower, rest, err := rangeBound(s[1:], ',')
	if err != nil {
		return r, err
	}
	upper, rest, err := rangeBound(rest, s[len(s)-1])
	if err != nil || rest != "" {
		return r, fmt.Errorf("%q is not a range", s)
	}
	var k K
	r.LowerType, r.UpperType = Exclusive, Exclusive
	if s[0] == '[' {
		r.LowerType = Inclusive
	}
	if s[len(s)-1] == ']' {
		r.UpperType = Inclusive
	}
	if lower == nil {
		r.LowerType = Unbounded
	} else if r.Lower, err = k.parse(*lower); err != nil {
		return r, err
	}
	if upper == nil {
		r.UpperType = Unbounded
	} else if r.Upper, err = k.parse(*upper); err != nil {
		return r, err
	}
	return r, nil
}

// rangeBound reads one bound value up to the delimiter end, outside
// double quotes; nil for a missing (unbounded) value. It returns what
// follows the delimiter.
func rangeBound(s string, end byte) (*string, string, error) {
	var b strings.Builder
	quoted, seen := false, false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s):
			i++
			b.WriteByte(s[i])
			seen = true
		case ch == '"' && quoted && i+1 < len(s) && s[i+1] == '"':
			i++
			b.WriteByte('"')
		case ch == '"':
			quoted = !quoted
			seen = true
		case ch == end && !quoted:
			if !seen {
				return nil, s[i+1:], nil
			}
			out := b.String()
			return &out, s[i+1:], nil
		default:
			b.WriteByte(ch)
			seen = true
		}
	}
	return nil, "", fmt.Errorf("a range bound is not closed: %q", s)
}

// The kinds of ranges: their names and the text of their bounds.
type (
	int4Kind struct{ intBounds }
	int8Kind struct{ intBounds }
	numKind  struct{}
	dateKind struct{}
	tsKind   struct{}
	tstzKind struct{}
)

func (int4Kind) name() string { return "INT4RANGE" }
func (int8Kind) name() string { return "INT8RANGE" }
func (numKind) name() string  { return "NUMRANGE" }
func (dateKind) name() string { return "DATERANGE" }
func (tsKind) name() string   { return "TSRANGE" }
func (tstzKind) name() string { return "TSTZRANGE" }

type intBounds struct{}

func (intBounds) format(n int64) string               { return strconv.FormatInt(n, 10) }
func (intBounds) parse(s string) (int64, error)       { return strconv.ParseInt(s, 10, 64) }
func (numKind) format(d types.Decimal) string         { return d.String() }
func (numKind) parse(s string) (types.Decimal, error) { return types.ParseDecimal(s) }
func (dateKind) format(t time.Time) string            { return t.Format(time.DateOnly) }
func (dateKind) parse(s string) (time.Time, error)    { return time.Parse(time.DateOnly, s) }
func (tsKind) format(t time.Time) string              { return t.Format("2006-01-02 15:04:05.999999") }
func (tsKind) parse(s string) (time.Time, error) {
	return time.Parse("2006-01-02 15:04:05.999999999", s)
}
func (tstzKind) format(t time.Time) string { return t.Format("2006-01-02 15:04:05.999999Z07:00") }

// parse reads a timestamp with its UTC offset as PostgreSQL writes it
// (+00, +05:30, or with seconds for old local mean times), in UTC.
func (tstzKind) parse(s string) (time.Time, error) {
	var err error
	for _, layout := range []string{"2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07:00:00"} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, err
}

// rangeElement returns the type of the elements of a range type.
func rangeElement(t types.Type) (types.Type, bool) {
	switch types.Underlying(t).(type) {
	case Int4Range:
		return types.Integer{}, true
	case Int8Range:
		return types.BigInteger{}, true
	case NumRange:
		return types.Numeric{}, true
	case DateRange:
		return types.Date{}, true
	case TSRange:
		return types.DateTime{}, true
	case TSTZRange:
		return types.DateTime{Timezone: true}, true
	}
	return nil, false
}

// RangeExpr gives a range expression (a column of a range type, a
// function returning a range) PostgreSQL's range operators. A value given
// to them is a range when it is a Range (cast to the expression's type),
// and otherwise an element (cast to the element type), so that
// PostgreSQL knows which operator is meant.
type RangeExpr struct{ e athsql.ColumnElement }

// RangeOps returns the range operators of e.
func RangeOps(e athsql.ColumnElement) RangeExpr {
	if e == nil {
		e = athsql.Null()
	}
	return RangeExpr{e}
}

// Contains returns e @> v: v, an element or a range, lies within e.
func (r RangeExpr) Contains(v any) *athsql.BinaryExpression {
	return athsql.Ops(r.e).Op(OpContains, r.operand(v, true))
}

// ContainedBy returns e <@ v: e lies within the range v.
func (r RangeExpr) ContainedBy(v any) *athsql.BinaryExpression {
	return athsql.Ops(r.e).Op(OpContainedBy, r.operand(v, false))
}

// Overlaps returns e && v: the ranges have a value in common.
func (r RangeExpr) Overlaps(v any) *athsql.BinaryExpression {
	return athsql.Ops(r.e).Op(OpOverlap, r.operand(v, false))
}

// operand binds v: an expression as it is, a Range (or, unless element
// is set, any value) cast to the range type, an element to its type.
func (r RangeExpr) operand(v any, element bool) athsql.ColumnElement {
	if e, ok := v.(athsql.ColumnElement); ok {
		return e
	}
	t := r.e.Type()
	if _, isRange := v.(rangeValue); !isRange && element {
		if elem, ok := rangeElement(t); ok {
			return athsql.Ops(athsql.Literal(v, elem)).Cast(elem)
		}
	}
	return athsql.Ops(athsql.Literal(v, t)).Cast(t)
}
