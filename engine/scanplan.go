package engine

import (
	"reflect"
	"strings"
	"sync"
	"time"
	"unsafe"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Reading streamed rows into structs without reflection per row.
//
// A structPlan, made once per struct type and result columns (and kept
// with the compiled statement's result description), gives each column
// the offset of the field that receives it. Each row is then read into
// the struct's memory: columns that the rows can decode straight into the
// field's type (dialect.DirectRows, PostgreSQL's native rows) are decoded
// there; the others are read as driver values, converted by their column
// type, and stored with assign's typed fast paths.
//
// Field addresses are computed with unsafe.Add from the address of the
// struct being filled and the offsets reflect reports for its type, and
// only for fields reached without going through a pointer: each address
// lies inside the value the caller passed, and is used as a pointer to
// the field's exact type. A struct whose columns reach a field through an
// embedded pointer is read by the reflective path instead.

// structPlan is how rows with given columns fill struct type typ.
type structPlan struct {
	typ    reflect.Type
	fields []planField // per column
	paths  [][]int     // per column, the field's index path (nil: none), for the reflective reader
}

// planField is the field that receives one column.
type planField struct {
	mapped bool // false: the column has no field
	offset uintptr
	typ    reflect.Type
	ptr    func(p unsafe.Pointer) any // a *typ for the field at p
	isPtr  bool                       // typ is a pointer: NULL is nil
}

// planOf returns the plan for struct type t and the columns of meta, or
// nil when a field is reached through a pointer (or no column has a
// field: the caller reports that).
func planOf(meta *resultMeta, t reflect.Type) *structPlan {
	if p := meta.plan.Load(); p != nil && p.typ == t {
		return p
	}
	fm := fieldsOf(t)
	p := &structPlan{typ: t, fields: make([]planField, len(meta.keys)), paths: make([][]int, len(meta.keys))}
	matched := false
	for i, k := range meta.keys {
		ref, ok := fm[k]
		if !ok {
			ref, ok = fm[strings.ToLower(k)]
		}
		if !ok {
			continue
		}
		off, ft, flat := fieldOffset(t, ref.path)
		if !flat {
			return nil
		}
		p.paths[i] = ref.path
		p.fields[i] = planField{mapped: true, offset: off, typ: ft, ptr: fieldPointer(ft), isPtr: ft.Kind() == reflect.Pointer}
		matched = true
	}
	if !matched {
		return nil
	}
	meta.plan.Store(p)
	return p
}

// fieldOffset returns the offset and type of the field at path, and
// whether it is reached without going through a pointer.
func fieldOffset(t reflect.Type, path []int) (uintptr, reflect.Type, bool) {
	var off uintptr
	for _, i := range path {
		if t.Kind() != reflect.Struct {
			return 0, nil, false
		}
		f := t.Field(i)
		off += f.Offset
		t = f.Type
	}
	return off, t, true
}

// fieldPointer returns the function that makes a typed pointer to a
// field of type t from its address: without reflection for the common
// types.
func fieldPointer(t reflect.Type) func(unsafe.Pointer) any {
	switch t {
	case reflect.TypeFor[int64]():
		return func(p unsafe.Pointer) any { return (*int64)(p) }
	case reflect.TypeFor[int32]():
		return func(p unsafe.Pointer) any { return (*int32)(p) }
	case reflect.TypeFor[int16]():
		return func(p unsafe.Pointer) any { return (*int16)(p) }
	case reflect.TypeFor[int]():
		return func(p unsafe.Pointer) any { return (*int)(p) }
	case reflect.TypeFor[float64]():
		return func(p unsafe.Pointer) any { return (*float64)(p) }
	case reflect.TypeFor[float32]():
		return func(p unsafe.Pointer) any { return (*float32)(p) }
	case reflect.TypeFor[bool]():
		return func(p unsafe.Pointer) any { return (*bool)(p) }
	case reflect.TypeFor[string]():
		return func(p unsafe.Pointer) any { return (*string)(p) }
	case reflect.TypeFor[[]byte]():
		return func(p unsafe.Pointer) any { return (*[]byte)(p) }
	case reflect.TypeFor[time.Time]():
		return func(p unsafe.Pointer) any { return (*time.Time)(p) }
	case reflect.TypeFor[any]():
		return func(p unsafe.Pointer) any { return (*any)(p) }
	case reflect.TypeFor[*int64]():
		return func(p unsafe.Pointer) any { return (**int64)(p) }
	case reflect.TypeFor[*int32]():
		return func(p unsafe.Pointer) any { return (**int32)(p) }
	case reflect.TypeFor[*int]():
		return func(p unsafe.Pointer) any { return (**int)(p) }
	case reflect.TypeFor[*float64]():
		return func(p unsafe.Pointer) any { return (**float64)(p) }
	case reflect.TypeFor[*bool]():
		return func(p unsafe.Pointer) any { return (**bool)(p) }
	case reflect.TypeFor[*string]():
		return func(p unsafe.Pointer) any { return (**string)(p) }
	case reflect.TypeFor[*time.Time]():
		return func(p unsafe.Pointer) any { return (**time.Time)(p) }
	}
	return func(p unsafe.Pointer) any { return reflect.NewAt(t, p).Interface() }
}

// fastScan reads the streamed rows of one result into structs by a plan.
type fastScan struct {
	r      *Result
	plan   *structPlan
	direct dialect.DirectRows // nil: every column is read as a value
	isDir  []bool             // per column: decoded straight into its field
	dst    []any              // scan destinations
	null   []bool             // NULLs met in direct columns
	tmp    []any              // values of the other columns
	small  *smallFastScan     // the block holding the scan, to reuse
}

// release forgets the scan's result, destinations and values, and keeps
// a small scan for reuse. The scan must not be used afterwards.
func (f *fastScan) release() {
	sf := f.small
	if sf == nil {
		return
	}
	clear(sf.vals[:])
	clear(sf.flags[:])
	sf.fastScan = fastScan{}
	smallScans.Put(sf)
}

// smallScan is the most columns a fastScan holds its buffers for.
const smallScan = 16

// smallFastScan is a fastScan with its buffers, for up to smallScan
// columns.
type smallFastScan struct {
	fastScan
	vals  [2 * smallScan]any
	flags [2 * smallScan]bool
}

// smallScans keeps the small scans released, so that reading a result
// into structs allocates none: they are taken and released by the one
// goroutine reading the result.
var smallScans = sync.Pool{New: func() any { return new(smallFastScan) }}

// newFastScan prepares to read r's rows by plan, asking the rows which
// columns they decode directly. The caller calls release when done.
func newFastScan(r *Result, plan *structPlan) *fastScan {
	n := len(plan.fields)
	var f *fastScan
	var vals []any
	var flags []bool
	if n <= smallScan {
		// The scan and its buffers in one block, reused.
		sf := smallScans.Get().(*smallFastScan)
		sf.small = sf
		f, vals, flags = &sf.fastScan, sf.vals[:2*n], sf.flags[:2*n]
	} else {
		f, vals, flags = &fastScan{}, make([]any, 2*n), make([]bool, 2*n)
	}
	f.r, f.plan, f.dst, f.tmp = r, plan, vals[:n:n], vals[n:]
	for i := range f.tmp {
		f.dst[i] = &f.tmp[i]
	}
	dr, ok := r.rows.(dialect.DirectRows)
	if !ok {
		return f
	}
	for i, pf := range plan.fields {
		if !pf.mapped {
			continue
		}
		var rt types.Type
		if r.meta.convert != nil {
			rt = r.compiled.Columns[i].Type
		}
		if dr.Direct(i, pf.typ, rt) {
			if f.isDir == nil {
				f.isDir, f.null = flags[:n:n], flags[n:]
			}
			f.isDir[i] = true
		}
	}
	if f.isDir != nil {
		f.direct = dr
	}
	return f
}

// scan reads the current row into the struct at base (of the plan's
// type).
func (f *fastScan) scan(base unsafe.Pointer) error {
	var err error
	if f.direct != nil {
		for i, pf := range f.plan.fields {
			if f.isDir[i] {
				f.dst[i] = pf.ptr(unsafe.Add(base, pf.offset))
			}
		}
		err = f.direct.Scan(f.dst, f.null)
	} else {
		err = f.r.rows.Values(f.tmp)
	}
	if err != nil {
		return err
	}
	meta := f.r.meta
	for i, pf := range f.plan.fields {
		v := f.tmp[i]
		f.tmp[i] = nil
		if !pf.mapped {
			continue
		}
		p := unsafe.Add(base, pf.offset)
		if f.isDir != nil && f.isDir[i] {
			if f.null[i] {
				f.null[i] = false
				if err := setNull(pf, p); err != nil {
					return withColumn(err, meta.keys[i])
				}
			}
			continue
		}
		if v != nil && meta.convert != nil && meta.convert[i] != nil {
			cv, err := meta.convert[i](v)
			if err != nil {
				return &ScanError{Column: meta.keys[i], Value: v, Err: err}
			}
			v = cv
		}
		if err := assign(pf.ptr(p), v); err != nil {
			return withColumn(err, meta.keys[i])
		}
	}
	return nil
}

// setNull stores NULL in the field at p: nil for a pointer, else what
// assignValue makes of it (an error, or a Scanner's NULL).
func setNull(pf planField, p unsafe.Pointer) error {
	if pf.isPtr {
		*(*unsafe.Pointer)(p) = nil
		return nil
	}
	return assignValue(reflect.NewAt(pf.typ, p).Elem(), nil)
}
