package postgres

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

var _ dialect.DirectRows = (*nativeRows)(nil)

// nativeRows are pgx's rows, read as database/sql would read them
// through pgx's adapter (Values), or decoded straight into Go
// destinations (Direct and Scan).
//
// The field descriptions are the connection's while rows remain (see
// nativeRunner.Query), and forgotten when they end: describe the columns
// (Columns, Direct) before reading past the last row, as the engine does.
type nativeRows struct {
	rows      pgx.Rows
	fields    []pgconn.FieldDescription
	preloaded bool // the first row was read by Query
	more      bool // what that read returned
	lent      bool // cols are the connection's (connPlans.cols), given back at the end
	ended     bool // by Next or Close: the connection's room is no longer theirs to borrow
	names     []string
	plans     *connPlans // the connection's, once a column needed one
	cols      []colPlan  // per column, made when a column is first planned
	utc       uint64     // per direct column (the first 64): its times are made UTC
}

// valueFunc turns a column's non-NULL wire value into a driver value.
type valueFunc func(src []byte) (any, error)

// colPlan is how one column is read: decoded straight into a
// destination (direct), else as a driver value (value, made on the first
// row that needs it).
type colPlan struct {
	direct pgtype.ScanPlan // nil: the column is read as a driver value
	value  valueFunc
}

// colPlans returns the per-column plans: the connection's buffer
// (connPlans.cols) when they fit and no other rows hold it, else their
// own.
func (r *nativeRows) colPlans() []colPlan {
	if r.cols == nil {
		n := len(r.fields)
		if p := r.connPlans(); !r.ended && n <= len(p.cols) && p.colsLent.CompareAndSwap(false, true) {
			r.cols, r.lent = p.cols[:n:n], true
			clear(r.cols)
		} else {
			r.cols = make([]colPlan, n)
		}
	}
	return r.cols
}

// giveBack returns the connection's column buffer, when the rows hold
// it, once they have ended: no other rows may use it before, and these
// never touch it after (a use past the end plans its columns anew).
func (r *nativeRows) giveBack() {
	r.ended = true
	if r.lent {
		r.lent, r.cols = false, nil
		r.plans.colsLent.Store(false)
	}
}

// connPlans returns the plans of the rows' connection.
func (r *nativeRows) connPlans() *connPlans {
	if r.plans == nil {
		r.plans = stateOf(r.rows.Conn()).plans
	}
	return r.plans
}

func (r *nativeRows) Columns() []string {
	if r.names == nil {
		fds := r.fields
		r.names = make([]string, len(fds))
		for i, fd := range fds {
			r.names[i] = fd.Name
		}
	}
	return r.names
}

func (r *nativeRows) Next() bool {
	if r.preloaded {
		r.preloaded = false
		return r.more
	}
	if r.rows.Next() {
		return true
	}
	// The connection may be another goroutine's now, and with it the
	// field descriptions and the column buffer.
	r.fields = nil
	r.giveBack()
	return false
}

// NumColumns returns the number of columns without naming them: the
// engine describes a statement's columns once, from its compiled form.
func (r *nativeRows) NumColumns() int { return len(r.fields) }

func (r *nativeRows) Err() error { return r.rows.Err() }

func (r *nativeRows) Close() error {
	r.rows.Close()
	r.giveBack()
	return nil
}

// value reads column i's raw value as a driver value.
func (r *nativeRows) value(i int, src []byte) (any, error) {
	if src == nil {
		return nil, nil
	}
	cp := &r.colPlans()[i]
	f := cp.value
	if f == nil {
		fd := r.fields[i]
		f = r.connPlans().valueFuncAt(i, fd.DataTypeOID, fd.Format)
		cp.value = f
	}
	v, err := f(src)
	if err != nil {
		return nil, fmt.Errorf("convert field %d failed: %w", i, err)
	}
	return v, nil
}

func (r *nativeRows) Values(dst []any) error {
	for i, src := range r.rows.RawValues() {
		v, err := r.value(i, src)
		if err != nil {
			return err
		}
		dst[i] = v
	}
	return nil
}

// valueFuncFor decodes a column as pgx's database/sql adapter does: the
// types database/sql knows as themselves (integers as int64, floats as
// float64, booleans, byte strings, times), JSON as its bytes, and every
// other type as its text.
func valueFuncFor(m *pgtype.Map, oid uint32, format int16) valueFunc {
	switch oid {
	case pgtype.BoolOID:
		return scanAs[bool](m, oid, format, nil)
	case pgtype.ByteaOID, pgtype.JSONOID, pgtype.JSONBOID, pgtype.XMLOID:
		return scanAs[[]byte](m, oid, format, nil)
	case pgtype.CIDOID, pgtype.OIDOID, pgtype.XIDOID:
		return scanAs(m, oid, format, func(d pgtype.Uint32) (any, error) { return d.Value() })
	case pgtype.DateOID:
		return scanAs(m, oid, format, func(d pgtype.Date) (any, error) { return d.Value() })
	case pgtype.Float4OID:
		return scanAs(m, oid, format, func(d float32) (any, error) { return float64(d), nil })
	case pgtype.Float8OID:
		return scanAs[float64](m, oid, format, nil)
	case pgtype.Int2OID:
		return scanAs(m, oid, format, func(d int16) (any, error) { return int64(d), nil })
	case pgtype.Int4OID:
		return scanAs(m, oid, format, func(d int32) (any, error) { return int64(d), nil })
	case pgtype.Int8OID:
		return scanAs[int64](m, oid, format, nil)
	case pgtype.TimestampOID:
		return scanAs(m, oid, format, func(d pgtype.Timestamp) (any, error) { return d.Value() })
	case pgtype.TimestamptzOID:
		return scanAs(m, oid, format, func(d pgtype.Timestamptz) (any, error) { return d.Value() })
	}
	return scanAs[string](m, oid, format, nil)
}

// scanAs decodes into a T, then turns it into a driver value (the T
// itself when conv is nil).
func scanAs[T any](m *pgtype.Map, oid uint32, format int16, conv func(T) (any, error)) valueFunc {
	var d T
	plan := m.PlanScan(oid, format, &d)
	return func(src []byte) (any, error) {
		var v T
		if err := plan.Scan(src, &v); err != nil {
			return nil, err
		}
		if conv != nil {
			return conv(v)
		}
		return v, nil
	}
}

// Direct Go types: the column types (by OID) whose values decode straight
// into them, giving what the driver value would after conversion.
var (
	int64Type   = reflect.TypeFor[int64]()
	int32Type   = reflect.TypeFor[int32]()
	int16Type   = reflect.TypeFor[int16]()
	intType     = reflect.TypeFor[int]()
	float64Type = reflect.TypeFor[float64]()
	float32Type = reflect.TypeFor[float32]()
	boolType    = reflect.TypeFor[bool]()
	stringType  = reflect.TypeFor[string]()
	bytesType   = reflect.TypeFor[[]byte]()
	timeType    = reflect.TypeFor[time.Time]()
)

// decodesInto reports whether a value of column type oid decodes into Go
// type t unchanged (integers widen, never narrow: a narrowing is checked
// by the slow path).
func decodesInto(oid uint32, t reflect.Type) bool {
	switch oid {
	case pgtype.Int8OID:
		return t == int64Type || t == intType
	case pgtype.Int4OID:
		return t == int32Type || t == int64Type || t == intType
	case pgtype.Int2OID:
		return t == int16Type || t == int32Type || t == int64Type || t == intType
	case pgtype.Float8OID:
		return t == float64Type
	case pgtype.Float4OID:
		return t == float32Type || t == float64Type
	case pgtype.BoolOID:
		return t == boolType
	case pgtype.TextOID, pgtype.VarcharOID, pgtype.BPCharOID, pgtype.NameOID:
		return t == stringType
	case pgtype.ByteaOID:
		return t == bytesType
	case pgtype.TimestampOID, pgtype.TimestamptzOID:
		return t == timeType
	}
	return false
}

// passThrough reports whether resultType's converter gives back the
// driver value of a column of type oid unchanged, and whether it turns
// times into UTC. Only Athanor's own types are known to.
func passThrough(oid uint32, resultType types.Type) (ok, utc bool) {
	switch t := resultType.(type) {
	case nil, types.NullType:
		// No converter; a time keeps the location pgx gives it, which a
		// direct decode may not: only times are refused.
		return oid != pgtype.TimestampOID && oid != pgtype.TimestamptzOID, false
	case types.Integer, types.SmallInteger, types.BigInteger:
		return oid == pgtype.Int8OID || oid == pgtype.Int4OID || oid == pgtype.Int2OID, false
	case types.Double, types.Float:
		return oid == pgtype.Float8OID || oid == pgtype.Float4OID, false
	case types.Boolean:
		return oid == pgtype.BoolOID, false
	case types.String, types.Text:
		return oid == pgtype.TextOID || oid == pgtype.VarcharOID || oid == pgtype.BPCharOID || oid == pgtype.NameOID, false
	case types.LargeBinary:
		return oid == pgtype.ByteaOID, false
	case types.DateTime:
		return oid == pgtype.TimestampOID && !t.Timezone, false
	case timestampTZ:
		return oid == pgtype.TimestamptzOID, true
	case Timestamp:
		return passThrough(oid, t.generic())
	}
	return false, false
}

// Direct implements dialect.DirectRows.
func (r *nativeRows) Direct(i int, goType reflect.Type, resultType types.Type) bool {
	fds := r.fields
	if i < 0 || i >= len(fds) || !r.more {
		// No row to read: the connection (whose plans Direct would use)
		// is back in the pool.
		return false
	}
	fd := fds[i]
	ok, utc := passThrough(fd.DataTypeOID, resultType)
	if !ok || utc && i >= 64 {
		// (A column past the 64th whose times are made UTC is read as a
		// value: utc has a bit for the first 64.)
		return false
	}
	elem := goType
	if elem.Kind() == reflect.Pointer {
		elem = elem.Elem()
	}
	if !decodesInto(fd.DataTypeOID, elem) {
		return false
	}
	cp := &r.colPlans()[i]
	cp.direct = r.connPlans().scanPlanAt(i, fd.DataTypeOID, fd.Format, goType)
	if utc {
		r.utc |= 1 << i
	} else {
		r.utc &^= 1 << i
	}
	return true
}

// connPlans are the plans made on one connection (plans depend on its
// type map), so that each statement does not make them again. Only the
// goroutine holding the connection uses them; the pool's hand-over orders
// the uses. They live as long as the connection (connState).
type connPlans struct {
	m      *pgtype.Map
	scans  map[scanKey]pgtype.ScanPlan
	values map[scanKey]valueFunc
	// recent and recentValues hold, per column position, the scan plan
	// and the value func last used there: a statement run again finds
	// them without hashing.
	recent       [16]recentPlan
	recentValues [16]recentValue

	// args and cols are room that one statement at a time borrows, so
	// that each statement allocates neither: args for Query's arguments
	// while pgx sends them, cols for the column plans of its rows until
	// they end. A borrower takes one with a compare-and-swap of its flag
	// and clears the flag when done; a statement that finds it taken
	// (statements run at once on a shared connection, rows left open)
	// allocates its own, so that no two ever share it.
	argsLent atomic.Bool
	colsLent atomic.Bool
	args     [12]any
	cols     [12]colPlan
}

// recentValue is a value func with its key.
type recentValue struct {
	oid    uint32
	format int16
	f      valueFunc
}

// recentPlan is a scan plan with its key.
type recentPlan struct {
	scanKey
	plan pgtype.ScanPlan
}

type scanKey struct {
	oid    uint32
	format int16
	t      reflect.Type // nil for a value func
}

// newConnPlans returns the plans of connection c, none made yet. They
// are kept with the connection (connState).
func newConnPlans(c *pgx.Conn) *connPlans {
	return &connPlans{m: c.TypeMap(), scans: map[scanKey]pgtype.ScanPlan{}, values: map[scanKey]valueFunc{}}
}

func (p *connPlans) scanPlan(oid uint32, format int16, t reflect.Type) pgtype.ScanPlan {
	k := scanKey{oid, format, t}
	plan, ok := p.scans[k]
	if !ok {
		plan = p.m.PlanScan(oid, format, reflect.New(t).Interface())
		p.scans[k] = plan
	}
	return plan
}

// scanPlanAt is scanPlan for the column at position i.
func (p *connPlans) scanPlanAt(i int, oid uint32, format int16, t reflect.Type) pgtype.ScanPlan {
	k := scanKey{oid, format, t}
	if i >= len(p.recent) {
		return p.scanPlan(oid, format, t)
	}
	r := &p.recent[i]
	if r.plan == nil || r.scanKey != k {
		*r = recentPlan{k, p.scanPlan(oid, format, t)}
	}
	return r.plan
}

// valueFuncAt is valueFunc for the column at position i.
func (p *connPlans) valueFuncAt(i int, oid uint32, format int16) valueFunc {
	if i >= len(p.recentValues) {
		return p.valueFunc(oid, format)
	}
	r := &p.recentValues[i]
	if r.f == nil || r.oid != oid || r.format != format {
		*r = recentValue{oid, format, p.valueFunc(oid, format)}
	}
	return r.f
}

func (p *connPlans) valueFunc(oid uint32, format int16) valueFunc {
	k := scanKey{oid: oid, format: format}
	f, ok := p.values[k]
	if !ok {
		f = valueFuncFor(p.m, oid, format)
		p.values[k] = f
	}
	return f
}

// Scan implements dialect.DirectRows.
func (r *nativeRows) Scan(dst []any, null []bool) error {
	cols := r.colPlans()
	for i, src := range r.rows.RawValues() {
		p := &cols[i]
		if p.direct == nil {
			v, err := r.value(i, src)
			if err != nil {
				return err
			}
			*dst[i].(*any) = v
			continue
		}
		null[i] = src == nil
		if src == nil {
			continue
		}
		if err := p.direct.Scan(src, dst[i]); err != nil {
			return fmt.Errorf("convert field %d failed: %w", i, err)
		}
		if i < 64 && r.utc&(1<<i) != 0 {
			switch t := dst[i].(type) {
			case *time.Time:
				*t = t.UTC()
			case **time.Time:
				**t = (*t).UTC()
			}
		}
	}
	return nil
}
