package engine

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"iter"
	"math"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// ScanError reports a value that does not fit its destination.
type ScanError struct {
	Column string
	Value  any
	Dest   reflect.Type
	Reason string
}

func (e *ScanError) Error() string {
	return fmt.Sprintf("athanor: cannot scan %T into %s (column %q): %s", e.Value, e.Dest, e.Column, e.Reason)
}

// assign stores src (a converted result value) in the pointer dest.
func assign(dest, src any) error {
	switch d := dest.(type) {
	case nil:
		return errNilDest
	case *any:
		*d = src
		return nil
	case sql.Scanner:
		if src != nil && reflect.TypeOf(src) == reflect.TypeOf(dest).Elem() {
			reflect.ValueOf(dest).Elem().Set(reflect.ValueOf(src))
			return nil
		}
		return d.Scan(src)
	case *string:
		if s, ok := src.(string); ok {
			*d = s
			return nil
		}
	case *int64:
		if n, ok := src.(int64); ok {
			*d = n
			return nil
		}
	case *int:
		if n, ok := src.(int64); ok {
			*d = int(n)
			return nil
		}
	case *float64:
		if f, ok := src.(float64); ok {
			*d = f
			return nil
		}
	case *bool:
		if b, ok := src.(bool); ok {
			*d = b
			return nil
		}
	case *time.Time:
		if t, ok := src.(time.Time); ok {
			*d = t
			return nil
		}
	case *[]byte:
		if b, ok := src.([]byte); ok {
			*d = b
			return nil
		}
	}
	dv := reflect.ValueOf(dest)
	if dv.Kind() != reflect.Pointer || dv.IsNil() {
		return fmt.Errorf("%w (%T)", errNilDest, dest)
	}
	return assignValue(dv.Elem(), src)
}

// assignValue stores src in the settable value dv.
func assignValue(dv reflect.Value, src any) error {
	if src == nil {
		switch dv.Kind() {
		case reflect.Pointer, reflect.Interface, reflect.Map, reflect.Slice:
			dv.SetZero()
			return nil
		}
		if s, ok := dv.Addr().Interface().(sql.Scanner); ok {
			return s.Scan(nil)
		}
		return &ScanError{Value: src, Dest: dv.Type(), Reason: "NULL needs a pointer, slice, map or sql.Null destination"}
	}
	sv := reflect.ValueOf(src)
	if sv.Type().AssignableTo(dv.Type()) {
		dv.Set(sv)
		return nil
	}
	if dv.Kind() == reflect.Pointer {
		if dv.IsNil() {
			dv.Set(reflect.New(dv.Type().Elem()))
		}
		return assignValue(dv.Elem(), src)
	}
	if s, ok := dv.Addr().Interface().(sql.Scanner); ok {
		return s.Scan(driverValue(src))
	}
	fail := func(reason string) error { return &ScanError{Value: src, Dest: dv.Type(), Reason: reason} }
	switch dv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, err := toInt(src)
		if err != nil {
			return fail(err.Error())
		}
		if dv.OverflowInt(n) {
			return fail("value out of range")
		}
		dv.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		n, err := toInt(src)
		if err != nil {
			return fail(err.Error())
		}
		if n < 0 || dv.OverflowUint(uint64(n)) {
			return fail("value out of range")
		}
		dv.SetUint(uint64(n))
		return nil
	case reflect.Float32, reflect.Float64:
		var f float64
		switch x := src.(type) {
		case float64:
			f = x
		case int64:
			f = float64(x)
		case types.Decimal:
			f, _ = x.Float64()
		default:
			return fail("not a number")
		}
		if dv.Kind() == reflect.Float32 && math.Abs(f) > math.MaxFloat32 && !math.IsInf(f, 0) {
			return fail("value out of range")
		}
		dv.SetFloat(f)
		return nil
	case reflect.String:
		switch x := src.(type) {
		case string:
			dv.SetString(x)
		case []byte:
			dv.SetString(string(x))
		case fmt.Stringer:
			dv.SetString(x.String())
		case int64:
			dv.SetString(strconv.FormatInt(x, 10))
		default:
			return fail("not a string")
		}
		return nil
	case reflect.Bool:
		b, ok := src.(bool)
		if !ok {
			return fail("not a boolean")
		}
		dv.SetBool(b)
		return nil
	}
	// A JSON value (decoded to maps and slices) into a typed destination.
	switch src.(type) {
	case map[string]any, []any:
		raw, err := json.Marshal(src)
		if err != nil {
			return fail(err.Error())
		}
		if err := json.Unmarshal(raw, dv.Addr().Interface()); err != nil {
			return fail(err.Error())
		}
		return nil
	}
	if sv.Type().ConvertibleTo(dv.Type()) && sv.Kind() == dv.Kind() {
		dv.Set(sv.Convert(dv.Type()))
		return nil
	}
	return fail("incompatible types")
}

// driverValue turns a converted value back into a form Scanners expect.
func driverValue(v any) any {
	switch x := v.(type) {
	case types.Decimal:
		return x.String()
	case fmt.Stringer:
		if _, isTime := v.(time.Time); !isTime {
			return x.String()
		}
	}
	return v
}

func toInt(src any) (int64, error) {
	switch x := src.(type) {
	case int64:
		return x, nil
	case float64:
		if x != math.Trunc(x) {
			return 0, fmt.Errorf("%v is not a whole number", x)
		}
		return int64(x), nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	case types.Decimal:
		r := x.Rat()
		if !r.IsInt() || !r.Num().IsInt64() {
			return 0, fmt.Errorf("%s is not a whole number in range", x)
		}
		return r.Num().Int64(), nil
	case string:
		return strconv.ParseInt(x, 10, 64)
	case []byte:
		return strconv.ParseInt(string(x), 10, 64)
	}
	return 0, fmt.Errorf("not an integer")
}

// structPlan maps result columns to the fields of a struct type.
type structPlan struct {
	fields [][]int // per column, the field index path; nil: column ignored
}

var fieldMaps sync.Map // reflect.Type -> map[string][]int

// fieldsOf maps column names to field index paths of struct type t: the
// `db` tag, else the field name in snake_case, and the field name itself
// (case-insensitively). Embedded structs contribute their fields; `db:"-"`
// skips a field.
func fieldsOf(t reflect.Type) map[string][]int {
	if m, ok := fieldMaps.Load(t); ok {
		return m.(map[string][]int)
	}
	m := map[string][]int{}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			path := append(append([]int(nil), prefix...), i)
			tag := f.Tag.Get("db")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct && !isScalarStruct(f.Type) {
				walk(f.Type, path)
				continue
			}
			if name != "" {
				m[name] = path
				continue
			}
			for _, n := range []string{snakeCase(f.Name), strings.ToLower(f.Name)} {
				if _, taken := m[n]; !taken {
					m[n] = path
				}
			}
		}
	}
	walk(t, nil)
	fieldMaps.Store(t, m)
	return m
}

// isScalarStruct reports struct types that hold one value (time.Time, a
// decimal, sql.NullString) rather than columns.
func isScalarStruct(t reflect.Type) bool {
	if t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[types.Decimal]() {
		return true
	}
	return reflect.PointerTo(t).Implements(reflect.TypeFor[sql.Scanner]())
}

func snakeCase(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(runes[i-1]) || i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func planFor(t reflect.Type, keys []string) (*structPlan, error) {
	fm := fieldsOf(t)
	p := &structPlan{fields: make([][]int, len(keys))}
	matched := 0
	for i, k := range keys {
		if path, ok := fm[k]; ok {
			p.fields[i] = path
			matched++
		} else if path, ok := fm[strings.ToLower(k)]; ok {
			p.fields[i] = path
			matched++
		}
	}
	if matched == 0 && len(keys) > 0 {
		return nil, fmt.Errorf("%w: no field of %s matches the columns %v", athsql.ErrArgument, t, keys)
	}
	return p, nil
}

// scanner reads rows of a result into values of T: a struct by column
// name, or a single-column value.
type scanner[T any] struct {
	plan   *structPlan
	scalar bool
}

func newScanner[T any](r *Result) (*scanner[T], error) {
	if err := r.setup(); err != nil {
		return nil, err
	}
	t := reflect.TypeFor[T]()
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if base.Kind() != reflect.Struct || isScalarStruct(base) {
		if len(r.meta.keys) != 1 {
			return nil, fmt.Errorf("%w: scanning into %s needs one column, the result has %d", athsql.ErrArgument, t, len(r.meta.keys))
		}
		return &scanner[T]{scalar: true}, nil
	}
	plan, err := planFor(base, r.meta.keys)
	if err != nil {
		return nil, err
	}
	return &scanner[T]{plan: plan}, nil
}

func (s *scanner[T]) scan(row *Row) (T, error) {
	var out T
	if s.scalar {
		err := assign(&out, row.vals[0])
		if err != nil {
			return out, fmt.Errorf("athanor: column %q: %w", row.meta.keys[0], err)
		}
		return out, nil
	}
	v := reflect.ValueOf(&out).Elem()
	for v.Kind() == reflect.Pointer {
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	for i, path := range s.plan.fields {
		if path == nil {
			continue
		}
		if err := assignValue(v.FieldByIndex(path), row.vals[i]); err != nil {
			if se, ok := err.(*ScanError); ok {
				se.Column = row.meta.keys[i]
			}
			return out, err
		}
	}
	return out, nil
}

// ScanAll reads every row of res into a slice of T and closes res. T is a
// struct whose fields match columns by `db` tag or name (snake_case), or
// a single value type (int64, string, time.Time, ...) for a one-column
// result.
func ScanAll[T any](res *Result, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer res.finish()
	s, err := newScanner[T](res)
	if err != nil {
		return nil, err
	}
	var out []T
	for res.Next() {
		v, err := s.scan(res.row)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, res.Close()
}

// ScanOne reads the only row of res into a T (see ScanAll):
// ErrNoResultFound when there is none, ErrMultipleResultsFound when there
// are more.
func ScanOne[T any](res *Result, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	s, err := newScanner[T](res)
	if err != nil {
		res.finish()
		return zero, err
	}
	row, err := res.One()
	if err != nil {
		return zero, err
	}
	return s.scan(row)
}

// ScanFirst reads the first row of res into a T, reporting whether there
// was one, and closes res.
func ScanFirst[T any](res *Result, err error) (T, bool, error) {
	var zero T
	if err != nil {
		return zero, false, err
	}
	s, err := newScanner[T](res)
	if err != nil {
		res.finish()
		return zero, false, err
	}
	row, err := res.First()
	if err != nil || row == nil {
		return zero, false, err
	}
	v, err := s.scan(row)
	return v, err == nil, err
}

// Each streams the rows of res as values of T (see ScanAll), closing res
// when the loop ends.
func Each[T any](res *Result, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err != nil {
			yield(zero, err)
			return
		}
		defer res.finish()
		s, err := newScanner[T](res)
		if err != nil {
			yield(zero, err)
			return
		}
		for res.Next() {
			v, err := s.scan(res.row)
			if !yield(v, err) || err != nil {
				return
			}
		}
		if res.err != nil {
			yield(zero, res.err)
		}
	}
}
