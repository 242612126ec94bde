package postgres

import (
	"database/sql/driver"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Array is PostgreSQL's array type: Item[] (Item[][] for two dimensions).
// Values are Go slices of the item's Go values ([]int64 for INTEGER[],
// [][]string for TEXT[][]); bound values may be slices of anything the
// item type binds (a []int32, a []uuid.UUID). A NULL element of a result
// is an error unless Nullable is set, in which case elements are pointers
// ([]*int64), nil for NULL.
//
// Arrays travel in PostgreSQL's text form ('{1,2,3}'), written and parsed
// here, so that every item type works through pgx's database/sql adapter.
type Array struct {
	Item       types.Type
	Dimensions int  // 0 or 1: one dimension
	Nullable   bool // results may hold NULL elements, read as nil pointers
}

// ArrayOf returns the one-dimensional array type of item.
func ArrayOf(item types.Type) Array { return Array{Item: item} }

var _ types.Type = Array{}

func (a Array) dims() int { return max(a.Dimensions, 1) }

func (a Array) item() types.Type {
	if a.Item == nil {
		return types.NullType{}
	}
	return a.Item
}

// Affinity implements types.Type: arrays have no affinity of their own.
func (Array) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: nested slices of the item's Go type.
func (a Array) GoType() reflect.Type {
	t := a.item().GoType()
	if a.Nullable {
		t = reflect.PointerTo(t)
	}
	for range a.dims() {
		t = reflect.SliceOf(t)
	}
	return t
}

// String implements types.Type.
func (a Array) String() string {
	s := a.item().String() + strings.Repeat("[]", a.dims())
	if a.Nullable {
		s += " (NULL elements)"
	}
	return s
}

// typeName renders the type for DDL and CAST.
func (a Array) typeName(d dialect.Dialect) (string, error) {
	if a.Item == nil {
		return "", fmt.Errorf("%w: an array type needs an item type", dialect.ErrNotSupported)
	}
	if _, nested := dialect.TypeFor(d, a.Item).(Array); nested {
		return "", fmt.Errorf("%w: an array of arrays: give Dimensions instead", dialect.ErrNotSupported)
	}
	item, err := dialect.TypeNameOf(d, a.Item)
	if err != nil {
		return "", err
	}
	return item + strings.Repeat("[]", a.dims()), nil
}

// adapted returns the array with its item adapted to the dialect.
func (a Array) adapted(d dialect.Dialect) Array {
	if a.Item != nil {
		a.Item = athsql.AdaptType(d, a.Item)
	}
	return a
}

// BindConverter implements types.Type: a slice becomes the array's text
// form, each element converted by the item type first. A string is taken
// as an array literal already written; a driver.Valuer goes to the driver.
func (a Array) BindConverter() types.Converter {
	item := a.item()
	bind := item.BindConverter()
	_, isDate := types.Underlying(item).(types.Date)
	return func(v any) (any, error) {
		switch v.(type) {
		case string, driver.Valuer:
			return v, nil
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return nil, nil
			}
			rv = rv.Elem()
		}
		if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
			return nil, &types.ConversionError{Type: a, Value: v, Err: errors.New("not a slice")}
		}
		if rv.Kind() == reflect.Slice && rv.IsNil() {
			return nil, nil
		}
		var b strings.Builder
		if err := writeArray(&b, rv, a.dims(), bind, isDate); err != nil {
			return nil, &types.ConversionError{Type: a, Value: v, Err: err}
		}
		return b.String(), nil
	}
}

// writeArray writes one level of an array literal.
func writeArray(b *strings.Builder, v reflect.Value, depth int, bind types.Converter, isDate bool) error {
	for v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer {
		if v.IsNil() {
			if depth > 0 {
				return errors.New("a nil sub-array")
			}
			b.WriteString("NULL")
			return nil
		}
		v = v.Elem()
	}
	if depth == 0 {
		if (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil() {
			b.WriteString("NULL")
			return nil
		}
		e := v.Interface()
		if bind != nil {
			var err error
			if e, err = bind(e); err != nil {
				return err
			}
		}
		return writeElement(b, e, isDate)
	}
	if k := v.Kind(); k != reflect.Slice && k != reflect.Array {
		return fmt.Errorf("a %s where a slice was expected for a dimension", v.Type())
	}
	b.WriteByte('{')
	for i := 0; i < v.Len(); i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		if err := writeArray(b, v.Index(i), depth-1, bind, isDate); err != nil {
			return err
		}
	}
	b.WriteByte('}')
	return nil
}

// writeElement writes one element, quoted (PostgreSQL reads a quoted
// element as any type).
func writeElement(b *strings.Builder, e any, isDate bool) error {
	var s string
	switch x := e.(type) {
	case nil:
		b.WriteString("NULL")
		return nil
	case string:
		s = x
	case []byte:
		s = `\x` + hex.EncodeToString(x)
	case bool:
		s = "f"
		if x {
			s = "t"
		}
	case float64:
		s = formatFloat(x)
	case float32:
		s = formatFloat(float64(x))
	case time.Time:
		if isDate {
			s = x.Format("2006-01-02")
		} else {
			s = x.Format("2006-01-02 15:04:05.999999999Z07:00")
		}
	case time.Duration:
		s = strconv.FormatInt(x.Microseconds(), 10) + " microseconds"
	case driver.Valuer:
		dv, err := x.Value()
		if err != nil {
			return err
		}
		return writeElement(b, dv, isDate)
	case fmt.Stringer:
		s = x.String()
	default:
		rv := reflect.ValueOf(e)
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.String:
			s = fmt.Sprint(e)
		default:
			return fmt.Errorf("cannot write a %T as an array element", e)
		}
	}
	writeQuoted(b, s)
	return nil
}

func formatFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// ResultConverter implements types.Type: the array's text form becomes
// nested slices, each element converted by the item type.
func (a Array) ResultConverter() types.Converter {
	item := a.item()
	conv := item.ResultConverter()
	_, isBinary := types.Underlying(item).(types.LargeBinary)
	goType := a.GoType()
	return func(v any) (any, error) {
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		default:
			if reflect.TypeOf(v) == goType {
				return v, nil
			}
			return nil, &types.ConversionError{Type: a, Value: v}
		}
		tree, err := parseArray(s)
		if err != nil {
			return nil, &types.ConversionError{Type: a, Value: v, Err: err}
		}
		out, err := a.build(tree, goType, a.dims(), conv, isBinary)
		if err != nil {
			return nil, &types.ConversionError{Type: a, Value: v, Err: err}
		}
		return out.Interface(), nil
	}
}

// build makes a slice of type t from a parsed level.
func (a Array) build(level []any, t reflect.Type, depth int, conv types.Converter, isBinary bool) (reflect.Value, error) {
	out := reflect.MakeSlice(t, len(level), len(level))
	for i, e := range level {
		if depth > 1 {
			sub, ok := e.([]any)
			if !ok {
				return reflect.Value{}, fmt.Errorf("element %d: a value where a sub-array was expected", i)
			}
			v, err := a.build(sub, t.Elem(), depth-1, conv, isBinary)
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(v)
			continue
		}
		if e == nil {
			if !a.Nullable {
				return reflect.Value{}, fmt.Errorf("element %d is NULL: declare the array Nullable to read NULL elements", i)
			}
			continue
		}
		s, ok := e.(string)
		if !ok {
			return reflect.Value{}, fmt.Errorf("element %d: a sub-array where a value was expected", i)
		}
		var val any = s
		if isBinary {
			b, err := decodeBytea(s)
			if err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %w", i, err)
			}
			val = b
		}
		if conv != nil {
			var err error
			if val, err = conv(val); err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %w", i, err)
			}
		}
		dst := out.Index(i)
		if a.Nullable {
			p := reflect.New(t.Elem().Elem())
			out.Index(i).Set(p)
			dst = p.Elem()
		}
		if val == nil {
			continue
		}
		rv := reflect.ValueOf(val)
		if !rv.Type().AssignableTo(dst.Type()) {
			if !rv.Type().ConvertibleTo(dst.Type()) {
				return reflect.Value{}, fmt.Errorf("element %d: a %T does not fit a %s", i, val, dst.Type())
			}
			rv = rv.Convert(dst.Type())
		}
		dst.Set(rv)
	}
	return out, nil
}

// decodeBytea reads bytea's hex output form, \x0102.
func decodeBytea(s string) ([]byte, error) {
	if !strings.HasPrefix(s, `\x`) {
		return nil, fmt.Errorf("bytea %q is not in hex form", s)
	}
	return hex.DecodeString(s[2:])
}

// parseArray reads an array's text form into nested []any whose leaves
// are strings, and nil for NULL.
func parseArray(s string) ([]any, error) {
	if strings.HasPrefix(s, "[") {
		// Dimension decoration, written when a lower bound is not 1.
		eq := strings.IndexByte(s, '=')
		if eq < 0 {
			return nil, errors.New("malformed array dimensions")
		}
		s = s[eq+1:]
	}
	p := arrayParser{s: s}
	out, err := p.level()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, fmt.Errorf("text after the array at offset %d", p.i)
	}
	return out, nil
}

type arrayParser struct {
	s string
	i int
}

func (p *arrayParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n') {
		p.i++
	}
}

func (p *arrayParser) level() ([]any, error) {
	p.space()
	if p.i >= len(p.s) || p.s[p.i] != '{' {
		return nil, fmt.Errorf("expected '{' at offset %d", p.i)
	}
	p.i++
	out := []any{}
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '}' {
		p.i++
		return out, nil
	}
	for {
		p.space()
		if p.i >= len(p.s) {
			return nil, errors.New("unterminated array")
		}
		switch p.s[p.i] {
		case '{':
			sub, err := p.level()
			if err != nil {
				return nil, err
			}
			out = append(out, sub)
		case '"':
			v, err := p.quoted()
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		default:
			start := p.i
			for p.i < len(p.s) && p.s[p.i] != ',' && p.s[p.i] != '}' {
				p.i++
			}
			word := strings.TrimSpace(p.s[start:p.i])
			if word == "" {
				return nil, fmt.Errorf("empty element at offset %d", start)
			}
			if strings.EqualFold(word, "NULL") {
				out = append(out, nil)
			} else {
				out = append(out, word)
			}
		}
		p.space()
		if p.i >= len(p.s) {
			return nil, errors.New("unterminated array")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case '}':
			p.i++
			return out, nil
		default:
			return nil, fmt.Errorf("unexpected %q at offset %d", p.s[p.i], p.i)
		}
	}
}

func (p *arrayParser) quoted() (string, error) {
	p.i++ // the opening quote
	var b strings.Builder
	for p.i < len(p.s) {
		c := p.s[p.i]
		switch c {
		case '\\':
			if p.i+1 >= len(p.s) {
				return "", errors.New("unterminated escape")
			}
			b.WriteByte(p.s[p.i+1])
			p.i += 2
		case '"':
			p.i++
			return b.String(), nil
		default:
			b.WriteByte(c)
			p.i++
		}
	}
	return "", errors.New("unterminated quoted element")
}
