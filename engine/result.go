package engine

import (
	"database/sql"
	"errors"
	"fmt"
	"iter"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Result is the outcome of executing a statement: rows to read, for a
// SELECT or a statement with RETURNING, and the count of rows affected.
//
// Rows are streamed: Next/Row, the Rows iterator, or the methods that read
// everything (All, Scalars, ScanAll...) and close the result. A result
// with rows holds its connection until it is closed or read to the end;
// Close it when reading stops early.
type Result struct {
	eng          *Engine
	compiled     *athsql.Compiled
	rows         *sql.Rows
	meta         *resultMeta
	row          *Row
	buf          []any
	ptrs         []any
	rowsAffected int64
	read         int64
	pk           []any
	pkFilled     bool
	closed       bool
	err          error
	sqlText      string
	args         []any
}

// resultMeta describes a result's columns.
type resultMeta struct {
	keys    []string
	convert []types.Converter
	exprs   []athsql.ColumnElement
	index   map[string]int
}

func (m *resultMeta) indexOf(key string) (int, bool) {
	if m.index == nil {
		m.index = make(map[string]int, len(m.keys))
		for i, k := range m.keys {
			if _, dup := m.index[k]; !dup {
				m.index[k] = i
			}
		}
	}
	i, ok := m.index[key]
	return i, ok
}

func (r *Result) setup() error {
	if r.meta != nil {
		return nil
	}
	if r.rows == nil {
		return ErrNoRows
	}
	names, err := r.rows.Columns()
	if err != nil {
		return err
	}
	m := &resultMeta{keys: names}
	if cols := r.compiled.Columns; len(cols) == len(names) {
		m.keys = make([]string, len(cols))
		m.convert = make([]types.Converter, len(cols))
		m.exprs = make([]athsql.ColumnElement, len(cols))
		for i, c := range cols {
			m.keys[i], m.convert[i], m.exprs[i] = c.Name, c.Convert, c.Expr
		}
	}
	r.meta = m
	r.buf = make([]any, len(names))
	r.ptrs = make([]any, len(names))
	for i := range r.buf {
		r.ptrs[i] = &r.buf[i]
	}
	return nil
}

// Keys returns the result's column names (labels), in order.
func (r *Result) Keys() []string {
	if err := r.setup(); err != nil {
		return nil
	}
	return r.meta.keys
}

// Next advances to the next row, which Row returns. It returns false at the
// end (closing the result) or on an error (see Err).
func (r *Result) Next() bool {
	if r.closed || r.err != nil {
		return false
	}
	if err := r.setup(); err != nil {
		r.err = err
		return false
	}
	if !r.rows.Next() {
		r.err = r.eng.wrap(r.rows.Err(), r.sqlText, r.args)
		r.finish()
		return false
	}
	row, err := r.scanRow()
	if err != nil {
		r.err = err
		r.finish()
		return false
	}
	r.row = row
	return true
}

func (r *Result) scanRow() (*Row, error) {
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, err
	}
	vals := make([]any, len(r.buf))
	for i, v := range r.buf {
		r.buf[i] = nil
		if v != nil && r.meta.convert != nil && r.meta.convert[i] != nil {
			cv, err := r.meta.convert[i](v)
			if err != nil {
				return nil, fmt.Errorf("athanor: result column %q: %w", r.meta.keys[i], err)
			}
			v = cv
		}
		vals[i] = v
	}
	r.read++
	row := &Row{vals: vals, meta: r.meta}
	r.capturePK(row)
	return row, nil
}

// capturePK takes primary-key values an INSERT ... RETURNING returned.
func (r *Result) capturePK(row *Row) {
	info := r.compiled.Insert
	if info == nil || r.pkFilled {
		return
	}
	r.pkFilled = true
	for i, src := range info.PK {
		if src.Returned >= 0 && src.Returned < len(row.vals) {
			r.pk[i] = row.vals[src.Returned]
		}
	}
}

func (r *Result) consumeImplicitReturning() error {
	defer r.finish()
	if !r.Next() {
		if r.err != nil {
			return r.err
		}
		return nil
	}
	r.rowsAffected = 1
	return nil
}

func (r *Result) finish() {
	if r.closed {
		return
	}
	r.closed = true
	if r.rows != nil {
		r.rows.Close()
		if r.rowsAffected < 0 && r.compiled.Kind != athsql.KindSelect {
			r.rowsAffected = r.read
		}
	}
}

// Row returns the current row.
func (r *Result) Row() *Row { return r.row }

// Err returns the error that stopped Next, if any.
func (r *Result) Err() error { return r.err }

// Close releases the result's connection. It is safe to call more than
// once.
func (r *Result) Close() error {
	r.finish()
	return r.err
}

// Rows iterates over the rows, streaming them from the database; the
// result is closed when the loop ends, however it ends.
func (r *Result) Rows() iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		defer r.finish()
		for r.Next() {
			if !yield(r.row, nil) {
				return
			}
		}
		if r.err != nil {
			yield(nil, r.err)
		}
	}
}

// All reads every row and closes the result.
func (r *Result) All() ([]*Row, error) {
	var out []*Row
	for r.Next() {
		out = append(out, r.row)
	}
	return out, r.Close()
}

// First returns the first row, or nil when there is none, and closes the
// result.
func (r *Result) First() (*Row, error) {
	defer r.finish()
	if r.Next() {
		return r.row, nil
	}
	return nil, r.err
}

// One returns the only row: ErrNoResultFound when there is none,
// ErrMultipleResultsFound when there are more.
func (r *Result) One() (*Row, error) {
	row, err := r.OneOrNone()
	if err == nil && row == nil {
		return nil, ErrNoResultFound
	}
	return row, err
}

// OneOrNone returns the only row, or nil when there is none;
// ErrMultipleResultsFound when there are more.
func (r *Result) OneOrNone() (*Row, error) {
	defer r.finish()
	if !r.Next() {
		return nil, r.err
	}
	row := r.row
	if r.Next() {
		return nil, ErrMultipleResultsFound
	}
	if r.err != nil {
		return nil, r.err
	}
	return row, nil
}

// Scalar returns the first column of the first row, or nil when there is
// no row, and closes the result.
func (r *Result) Scalar() (any, error) {
	row, err := r.First()
	if err != nil || row == nil {
		return nil, err
	}
	return row.Get(0), nil
}

// ScalarOne returns the first column of the only row (see One).
func (r *Result) ScalarOne() (any, error) {
	row, err := r.One()
	if err != nil {
		return nil, err
	}
	return row.Get(0), nil
}

// Scalars returns the first column of every row.
func (r *Result) Scalars() ([]any, error) {
	var out []any
	for r.Next() {
		out = append(out, r.row.Get(0))
	}
	return out, r.Close()
}

// Mappings returns every row as a map from column name to value.
func (r *Result) Mappings() ([]map[string]any, error) {
	var out []map[string]any
	for r.Next() {
		out = append(out, r.row.Map())
	}
	return out, r.Close()
}

// RowsAffected returns the number of rows an INSERT, UPDATE or DELETE
// changed; for one with RETURNING, the rows read so far; -1 when unknown.
func (r *Result) RowsAffected() int64 { return r.rowsAffected }

// ReturnsRows reports whether the result has rows to read.
func (r *Result) ReturnsRows() bool { return r.rows != nil }

// InsertedPrimaryKey returns the primary key of the row a single-row
// INSERT made, in key order: the values given, or those the database
// generated (through RETURNING or the driver's last insert id).
func (r *Result) InsertedPrimaryKey() ([]any, error) {
	if r.compiled == nil || r.compiled.Insert == nil {
		return nil, fmt.Errorf("%w: InsertedPrimaryKey is only for a single-row INSERT", athsql.ErrArgument)
	}
	for i, src := range r.compiled.Insert.PK {
		if src.Returned >= 0 && !r.pkFilled && !r.closed {
			return nil, fmt.Errorf("%w: read the RETURNING row before asking for the inserted key", athsql.ErrArgument)
		}
		_ = i
	}
	return r.pk, nil
}

// Row is one row of a result: values by position, by name or by the
// column expression that produced them.
type Row struct {
	vals []any
	meta *resultMeta
}

// Len returns the number of columns.
func (w *Row) Len() int { return len(w.vals) }

// Get returns the value of column i (0-based); nil when out of range.
func (w *Row) Get(i int) any {
	if i < 0 || i >= len(w.vals) {
		return nil
	}
	return w.vals[i]
}

// Values returns the row's values in column order. The slice belongs to
// the row.
func (w *Row) Values() []any { return w.vals }

// Keys returns the column names.
func (w *Row) Keys() []string { return w.meta.keys }

// Value returns the value of the column named key (a name or label).
func (w *Row) Value(key string) (any, error) {
	i, ok := w.meta.indexOf(key)
	if !ok {
		return nil, fmt.Errorf("%w: %q (columns: %v)", ErrNoSuchKey, key, w.meta.keys)
	}
	return w.vals[i], nil
}

// ByColumn returns the value of the column that col produced: the same
// expression, or the same table column (through labels and aliases).
func (w *Row) ByColumn(col athsql.ColumnElement) (any, error) {
	i, ok := w.columnIndex(col)
	if !ok {
		return nil, fmt.Errorf("%w: the row has no column for %T", ErrNoSuchKey, col)
	}
	return w.vals[i], nil
}

func (w *Row) columnIndex(col athsql.ColumnElement) (int, bool) {
	col = athsql.Untyped(col)
	for i, e := range w.meta.exprs {
		if e == col {
			return i, true
		}
	}
	target, ok := col.(*athsql.Column)
	if !ok {
		return 0, false
	}
	for i, e := range w.meta.exprs {
		if l, isLabel := e.(*athsql.Label); isLabel {
			e = l.Element()
		}
		if c, isCol := e.(*athsql.Column); isCol && c.Base() == target.Base() {
			return i, true
		}
	}
	if target.Table() == nil {
		return w.meta.indexOf(target.Name())
	}
	return 0, false
}

// Map returns the row as a map from column name to value.
func (w *Row) Map() map[string]any {
	m := make(map[string]any, len(w.vals))
	for i, k := range w.meta.keys {
		if _, dup := m[k]; !dup {
			m[k] = w.vals[i]
		}
	}
	return m
}

// Scan copies the row's values into dest, one pointer per column, with
// the conversions database/sql makes (and a clear error for NULL into a
// non-pointer).
func (w *Row) Scan(dest ...any) error {
	if len(dest) != len(w.vals) {
		return fmt.Errorf("%w: Scan got %d destinations for %d columns", athsql.ErrArgument, len(dest), len(w.vals))
	}
	for i, d := range dest {
		if err := assign(d, w.vals[i]); err != nil {
			return fmt.Errorf("athanor: column %q: %w", w.meta.keys[i], err)
		}
	}
	return nil
}

var errNilDest = errors.New("destination is a nil pointer")
