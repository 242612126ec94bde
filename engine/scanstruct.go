package engine

import (
	"database/sql"
	"fmt"
	"iter"
	"reflect"
	"strings"
	"sync"
	"time"
	"unicode"
	"unsafe"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// fieldRef locates a struct field that receives a column.
type fieldRef struct {
	path   []int // index path, through embedded structs
	depth  int
	tagged bool
}

var fieldMaps sync.Map // reflect.Type -> map[string]fieldRef

// fieldsOf maps column names to the fields of struct type t: the `db`
// tag's name, else the field's name in snake_case and in lower case.
// Fields of embedded structs (or pointers to structs) count as the outer
// struct's, unless a shallower field has the same name, as Go's own
// promotion rules decide; `db:"-"` skips a field.
func fieldsOf(t reflect.Type) map[string]fieldRef {
	if m, ok := fieldMaps.Load(t); ok {
		return m.(map[string]fieldRef)
	}
	m := map[string]fieldRef{}
	put := func(name string, ref fieldRef) {
		old, taken := m[name]
		if !taken || ref.depth < old.depth || ref.depth == old.depth && ref.tagged && !old.tagged {
			m[name] = ref
		}
	}
	var walk func(t reflect.Type, prefix []int, seen map[reflect.Type]bool)
	walk = func(t reflect.Type, prefix []int, seen map[reflect.Type]bool) {
		seen[t] = true
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			tag := f.Tag.Get("db")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			path := append(append([]int(nil), prefix...), i)
			if f.Anonymous && name == "" {
				et := f.Type
				if et.Kind() == reflect.Pointer {
					if !f.IsExported() {
						continue // cannot be allocated through reflection
					}
					et = et.Elem()
				}
				if et.Kind() == reflect.Struct && !isScalarStruct(et) && !seen[et] {
					walk(et, path, seen)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			ref := fieldRef{path: path, depth: len(prefix), tagged: name != ""}
			if name != "" {
				put(name, ref)
				continue
			}
			put(snakeCase(f.Name), ref)
			put(strings.ToLower(f.Name), ref)
		}
		delete(seen, t)
	}
	walk(t, nil, map[reflect.Type]bool{})
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

// snakeCase turns a Go name into a column name: UserID -> user_id,
// HTTPServer -> http_server, Name2 -> name2.
func snakeCase(s string) string {
	var b strings.Builder
	runes := []rune(s)
	for i, r := range runes {
		if unicode.IsUpper(r) {
			if i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]) ||
				i+1 < len(runes) && unicode.IsLower(runes[i+1]) && unicode.IsUpper(runes[i-1])) {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// scanner reads rows into values of T: a struct by column name, or a
// single-column value.
type scanner[T any] struct {
	fields [][]int // per column, the field's index path; nil: ignored
	scalar bool
	plan   *structPlan // for a struct T whose fields are reached without pointers
}

func newScanner[T any](r *Result) (scanner[T], error) {
	if r.meta == nil {
		if r.hasRows {
			return scanner[T]{}, ErrResultClosed
		}
		return scanner[T]{}, ErrNoRows
	}
	t := reflect.TypeFor[T]()
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	keys := r.meta.keys
	if base.Kind() != reflect.Struct || isScalarStruct(base) {
		if len(keys) != 1 {
			return scanner[T]{}, fmt.Errorf("%w: scanning into %s needs one column, the result has %d %v", athsql.ErrArgument, t, len(keys), keys)
		}
		return scanner[T]{scalar: true}, nil
	}
	if base == t {
		if plan := planOf(r.meta, t); plan != nil {
			return scanner[T]{plan: plan, fields: plan.paths}, nil
		}
	}
	fm := fieldsOf(base)
	s := scanner[T]{fields: make([][]int, len(keys))}
	matched := 0
	for i, k := range keys {
		ref, ok := fm[k]
		if !ok {
			ref, ok = fm[strings.ToLower(k)]
		}
		if ok {
			s.fields[i] = ref.path
			matched++
		}
	}
	if matched == 0 && len(keys) > 0 {
		return scanner[T]{}, fmt.Errorf("%w: no field of %s matches the columns %v", athsql.ErrArgument, t, keys)
	}
	return s, nil
}

// fast returns the plan reader for res when its rows stream and T has a
// plan; nil otherwise. The caller releases it (fastScan.release) when
// done.
func (s *scanner[T]) fast(res *Result) *fastScan {
	if s.plan == nil || !res.streaming() {
		return nil
	}
	return newFastScan(res, s.plan)
}

// scanNext reads the next streamed row into out; false at the end or on
// an error (res.err).
func scanNext[T any](f *fastScan, out *T) bool {
	res := f.r
	if !res.advance() {
		return false
	}
	if err := f.scan(unsafe.Pointer(out)); err != nil {
		res.err = res.rowError(err)
		res.finish(true)
		return false
	}
	return true
}

func (s *scanner[T]) scan(row *Row) (T, error) {
	var out T
	if s.scalar {
		if err := assign(&out, row.vals[0]); err != nil {
			return out, withColumn(err, row.meta.keys[0])
		}
		return out, nil
	}
	v := reflect.ValueOf(&out).Elem()
	for v.Kind() == reflect.Pointer {
		v.Set(reflect.New(v.Type().Elem()))
		v = v.Elem()
	}
	for i, path := range s.fields {
		if path == nil {
			continue
		}
		if err := assignValue(fieldAt(v, path), row.vals[i]); err != nil {
			return out, withColumn(err, row.meta.keys[i])
		}
	}
	return out, nil
}

// fieldAt returns the field at path, allocating embedded pointers on the
// way.
func fieldAt(v reflect.Value, path []int) reflect.Value {
	for _, i := range path {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

// ScanAll reads every row of res into a slice of T and closes res. T is a
// struct whose fields match columns by `db` tag or name (snake_case or
// case-insensitive; columns without a field are skipped), a pointer to
// one, or a single value type (int64, string, time.Time, *string for
// NULLs, ...) for a one-column result. Pass Execute's results straight in:
//
//	users, err := engine.ScanAll[User](eng.Execute(ctx, stmt))
func ScanAll[T any](res *Result, err error) ([]T, error) {
	if res, err = checkResult(res, err); err != nil {
		return nil, err
	}
	defer res.finish(true)
	s, err := newScanner[T](res)
	if err != nil {
		return nil, err
	}
	var out []T
	if f := s.fast(res); f != nil {
		defer f.release()
		var zero T
		for {
			out = append(out, zero)
			if !scanNext(f, &out[len(out)-1]) {
				out = out[:len(out)-1]
				break
			}
		}
		if res.err != nil {
			return nil, res.err
		}
		return out, nil
	}
	for res.Next() {
		v, err := s.scan(res.row)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if res.err != nil {
		return nil, res.err
	}
	return out, nil
}

// ScanOne reads the only row of res into a T (see ScanAll):
// ErrNoResultFound when there is none, ErrMultipleResultsFound when there
// are more. It closes res.
func ScanOne[T any](res *Result, err error) (T, error) {
	var zero T
	if res, err = checkResult(res, err); err != nil {
		return zero, err
	}
	defer res.finish(true)
	s, err := newScanner[T](res)
	if err != nil {
		return zero, err
	}
	if f := s.fast(res); f != nil {
		defer f.release()
		var v T
		if !scanNext(f, &v) {
			if res.err != nil {
				return zero, res.err
			}
			return zero, ErrNoResultFound
		}
		if res.advance() {
			return zero, ErrMultipleResultsFound
		}
		if res.err != nil {
			return zero, res.err
		}
		return v, nil
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
	if res, err = checkResult(res, err); err != nil {
		return zero, false, err
	}
	defer res.finish(true)
	s, err := newScanner[T](res)
	if err != nil {
		return zero, false, err
	}
	if f := s.fast(res); f != nil {
		defer f.release()
		var v T
		if !scanNext(f, &v) {
			return zero, false, res.err
		}
		return v, true, nil
	}
	row, err := res.First()
	if err != nil || row == nil {
		return zero, false, err
	}
	v, err := s.scan(row)
	if err != nil {
		return zero, false, err
	}
	return v, true, nil
}

// ScanRow reads one row into a T (see ScanAll), for use with Next or the
// Rows iterator.
func ScanRow[T any](row *Row) (T, error) {
	var zero T
	if row == nil {
		return zero, fmt.Errorf("%w: nil row", athsql.ErrArgument)
	}
	s, err := newScanner[T](&Result{meta: row.meta})
	if err != nil {
		return zero, err
	}
	return s.scan(row)
}

// Each streams the rows of res as values of T (see ScanAll), closing res
// when the loop ends, however it ends. An error ends the loop as a final
// (zero, err) pair.
func Each[T any](res *Result, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		res, err := checkResult(res, err)
		if err != nil {
			yield(zero, err)
			return
		}
		defer res.finish(true)
		s, err := newScanner[T](res)
		if err != nil {
			yield(zero, err)
			return
		}
		if f := s.fast(res); f != nil {
			defer f.release()
			for {
				var v T
				if !scanNext(f, &v) {
					break
				}
				if !yield(v, nil) {
					return
				}
			}
			if res.err != nil {
				yield(zero, res.err)
			}
			return
		}
		for res.Next() {
			v, err := s.scan(res.row)
			if err != nil {
				yield(zero, err)
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if res.err != nil {
			yield(zero, res.err)
		}
	}
}

// checkResult passes on Execute's two results, refusing a nil result.
func checkResult(res *Result, err error) (*Result, error) {
	if err == nil && res == nil {
		err = fmt.Errorf("%w: nil result", athsql.ErrArgument)
	}
	return res, err
}
