package engine

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync/atomic"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Result is the outcome of executing a statement: rows to read, for a
// SELECT or a statement with RETURNING, and the count of rows affected.
//
// The rows of a SELECT are streamed: Next and Row, the Rows iterator, or
// the methods that read what they need and close the result (All, First,
// One, OneOrNone, Scalar, ScalarOne, Scalars, Mappings, and ScanAll and
// its kin). A result with streamed rows holds its connection until it is
// read to the end or closed: Close it when reading stops early. The rows of
// DML with RETURNING are read when the statement runs.
//
// After the last row, reading gives nothing more; after Close, or after a
// method that reads one row and discards the rest (First, One, Scalar,
// breaking out of Rows), reading fails with ErrResultClosed. Reading the
// rows of a statement that returns none fails with ErrNoRows.
//
// A Result is not safe for concurrent use; the Rows it returns are
// immutable and may be shared.
type Result struct {
	eng      *Engine
	compiled *athsql.Compiled // nil for SQL the engine writes itself
	ctx      context.Context  // the statement's
	sqlText  string
	args     []any

	rows     dialect.Rows // streamed rows
	release  func()       // called when rows are closed
	buffered []*Row       // rows read at execution (DML with RETURNING)
	hasRows  bool         // the statement returns rows
	isBuffer bool         // rows come from buffered
	pos      int          // next row of buffered

	meta *resultMeta
	tmp  []any // a row's values as read
	row  *Row

	rowsAffected int64
	pk           []any  // the inserted primary key
	pkInline     [1]any // room for a one-column pk
	tmpInline    [2]any // room for tmp, for a short row
	pkErr        error  // why the primary key could not be read
	many         bool   // the result of ExecuteMany

	exhausted bool // every row was read
	closed    bool // closed before the end, or by Close
	err       error

	home *queryHome // room for the wrappers of a query on the pool, or nil
}

// resultMeta describes a result's columns; rows share it.
type resultMeta struct {
	keys    []string
	convert []types.Converter
	exprs   []athsql.ColumnElement
	index   map[string]int             // key -> position; -1 for a key that repeats
	plan    atomic.Pointer[structPlan] // the last struct type the rows filled
}

func newMeta(keys []string, cols []athsql.ResultColumn) *resultMeta {
	m := &resultMeta{keys: keys}
	if len(cols) == len(keys) {
		m.keys = make([]string, len(cols))
		m.convert = make([]types.Converter, len(cols))
		m.exprs = make([]athsql.ColumnElement, len(cols))
		for i, c := range cols {
			m.keys[i], m.convert[i], m.exprs[i] = c.Name, c.Convert, c.Expr
		}
	}
	m.index = make(map[string]int, len(m.keys))
	for i, k := range m.keys {
		if _, dup := m.index[k]; dup {
			m.index[k] = -1
		} else {
			m.index[k] = i
		}
	}
	return m
}

// unconverted reports whether a column has no conversion.
func (m *resultMeta) unconverted() bool {
	if m.convert == nil {
		return true
	}
	for _, c := range m.convert {
		if c == nil {
			return true
		}
	}
	return false
}

// columnCounter is rows that tell their number of columns without
// naming them (PostgreSQL's native rows).
type columnCounter interface{ NumColumns() int }

// openRows prepares to stream rows.
func (r *Result) openRows(rows dialect.Rows, release func()) error {
	r.rows, r.release, r.hasRows = rows, release, true
	r.rowsAffected = -1
	var names []string
	n := 0
	if cc, ok := rows.(columnCounter); ok {
		n = cc.NumColumns()
	} else {
		names = rows.Columns()
		n = len(names)
	}
	var cols []athsql.ResultColumn
	if r.compiled != nil {
		cols = r.compiled.Columns
	}
	if len(cols) > 0 && len(cols) == n {
		// The columns are the compiled statement's: described once.
		r.meta = r.compiled.Memo(func() any {
			if names == nil {
				names = rows.Columns()
			}
			return r.typeUnknownColumns(newMeta(names, cols), rows)
		}).(*resultMeta)
	} else {
		if names == nil {
			names = rows.Columns()
		}
		r.meta = r.typeUnknownColumns(newMeta(names, cols), rows)
	}
	return nil
}

// typeUnknownColumns gives m's columns that have no conversion the one
// the dialect's ResultTyper chooses from the driver's column type, where
// the rows tell it (database/sql's do), and returns m.
func (r *Result) typeUnknownColumns(m *resultMeta, rows dialect.Rows) *resultMeta {
	d := r.eng.dialect()
	rt, ok := d.(dialect.ResultTyper)
	if !ok || !m.unconverted() {
		return m
	}
	tr, ok := rows.(typeNamer)
	if !ok {
		return m
	}
	names := tr.DatabaseTypeNames()
	if len(names) != len(m.keys) {
		return m
	}
	if m.convert == nil {
		m.convert = make([]types.Converter, len(names))
	}
	for i, name := range names {
		if m.convert[i] != nil {
			continue
		}
		if t := rt.ResultType(name); t != nil {
			m.convert[i] = athsql.AdaptType(d, t).ResultConverter()
		}
	}
	return m
}

// typeNamer is implemented by rows that know the database's name of each
// column's type.
type typeNamer interface {
	DatabaseTypeNames() []string
}

// bufferRows reads every row now, so that the statement completes (and
// reports its errors) at execution and its connection is free.
func (r *Result) bufferRows() error {
	for r.Next() {
		r.buffered = append(r.buffered, r.row)
	}
	if r.err != nil {
		return r.err
	}
	r.isBuffer, r.exhausted, r.pos, r.row = true, false, 0, nil
	r.rowsAffected = int64(len(r.buffered))
	return nil
}

// readKey reads every row of an INSERT whose RETURNING the engine added
// to learn the key, as bufferRows does, but keeps only the key of the
// first row (in r.pk) and the count of rows: no Row is made.
func (r *Result) readKey() error {
	n := 0
	for r.advance() {
		if err := r.readValues(); err != nil {
			r.err = r.rowError(err)
			r.finish(true)
			return r.err
		}
		if n == 0 {
			r.pk = r.newPK(len(r.compiled.Insert.PK))
			r.capturePK(r.tmp)
		}
		clear(r.tmp)
		n++
	}
	if r.err != nil {
		return r.err
	}
	if n == 0 {
		r.pk = r.newPK(len(r.compiled.Insert.PK))
	}
	r.isBuffer, r.exhausted, r.pos, r.row = true, false, 0, nil
	r.rowsAffected = int64(n)
	return nil
}

// Keys returns the result's column names (labels), in order; nil for a
// statement that returns no rows.
func (r *Result) Keys() []string {
	if r.meta == nil {
		return nil
	}
	return slices.Clone(r.meta.keys)
}

// Next advances to the next row, which Row returns. It returns false after
// the last row (closing the result) or on an error, which Err returns.
func (r *Result) Next() bool {
	r.row = nil
	switch {
	case r.err != nil:
		return false
	case r.closed:
		r.err = ErrResultClosed
		return false
	case r.exhausted:
		return false
	case !r.hasRows:
		r.err = ErrNoRows
		return false
	case r.isBuffer:
		if r.pos >= len(r.buffered) {
			r.exhausted = true
			return false
		}
		r.row = r.buffered[r.pos]
		r.pos++
		return true
	}
	if !r.advance() {
		return false
	}
	row, err := r.scanRow()
	if err != nil {
		r.err = r.rowError(err)
		r.finish(true)
		return false
	}
	r.row = row
	return true
}

// advance moves the streamed rows to the next one; at the end, or on an
// error (kept in r.err), it closes them and returns false.
func (r *Result) advance() bool {
	if !r.rows.Next() {
		r.err = r.eng.wrap(r.ctx, r.rows.Err(), r.sqlText, r.args)
		r.finish(r.err != nil)
		r.exhausted = r.err == nil
		return false
	}
	return true
}

// rowError is the error reading a row gave: a ScanError as it is, and a
// driver's error classified like the statement's (database/sql's rows
// report a context that ended while they were read as a bare
// context.Canceled).
func (r *Result) rowError(err error) error {
	var se *ScanError
	if errors.As(err, &se) {
		return err
	}
	return r.eng.wrap(r.ctx, err, r.sqlText, r.args)
}

// streaming reports whether the result's rows are read from the database
// as they come (not buffered, not yet ended).
func (r *Result) streaming() bool {
	return r.rows != nil && !r.isBuffer && r.err == nil && !r.closed && !r.exhausted
}

// readValues reads the current row's values into r.tmp, converted by
// their column types.
func (r *Result) readValues() error {
	if r.tmp == nil {
		if n := len(r.meta.keys); n <= len(r.tmpInline) {
			r.tmp = r.tmpInline[:n:n]
		} else {
			r.tmp = make([]any, n)
		}
	}
	if err := r.rows.Values(r.tmp); err != nil {
		return err
	}
	if r.meta.convert == nil {
		return nil
	}
	for i, v := range r.tmp {
		if v != nil && r.meta.convert[i] != nil {
			cv, err := r.meta.convert[i](v)
			if err != nil {
				clear(r.tmp)
				return &ScanError{Column: r.meta.keys[i], Value: v, Err: err}
			}
			r.tmp[i] = cv
		}
	}
	return nil
}

func (r *Result) scanRow() (*Row, error) {
	if err := r.readValues(); err != nil {
		return nil, err
	}
	var vals []any
	var row *Row
	if n := len(r.tmp); n <= len(shortRow{}.vals) {
		// A short row (DML's RETURNING) and its values in one block.
		b := &shortRow{}
		vals, row = b.vals[:n:n], &b.row
	} else {
		vals, row = make([]any, n), new(Row)
	}
	copy(vals, r.tmp)
	clear(r.tmp)
	*row = Row{vals: vals, meta: r.meta}
	return row, nil
}

// shortRow is a Row allocated with room for its values.
type shortRow struct {
	row  Row
	vals [2]any
}

// newPK returns a slice for an n-column inserted key, in r when it fits.
func (r *Result) newPK(n int) []any {
	if n <= len(r.pkInline) {
		return r.pkInline[:n:n]
	}
	return make([]any, n)
}

// finish closes the streamed rows; hard marks the result closed before
// its end.
func (r *Result) finish(hard bool) {
	if hard && !r.exhausted {
		r.closed = true
	}
	if r.rows != nil {
		r.rows.Close()
		r.rows = nil
		if r.release != nil {
			r.release()
			r.release = nil
		}
	}
}

// Row returns the current row (nil before Next or after the end).
func (r *Result) Row() *Row { return r.row }

// Err returns the error that stopped Next, if any.
func (r *Result) Err() error { return r.err }

// Close releases the result's connection; reading afterwards fails with
// ErrResultClosed. It is safe to call more than once.
func (r *Result) Close() error {
	r.finish(true)
	if r.hasRows {
		r.closed = true
	}
	return nil
}

// Rows iterates over the rows, streaming them from the database. The
// result is closed when the loop ends, however it ends; an error ends the
// loop as a final (nil, err) pair.
func (r *Result) Rows() iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		for r.Next() {
			if !yield(r.row, nil) {
				r.finish(true)
				return
			}
		}
		if r.err != nil {
			yield(nil, r.err)
		}
	}
}

// All reads every remaining row.
func (r *Result) All() ([]*Row, error) {
	var out []*Row
	for r.Next() {
		out = append(out, r.row)
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// First returns the first row, or nil when there is none, and closes the
// result.
func (r *Result) First() (*Row, error) {
	defer r.finish(true)
	if r.Next() {
		return r.row, nil
	}
	return nil, r.err
}

// One returns the only row: ErrNoResultFound when there is none,
// ErrMultipleResultsFound when there are more. It closes the result.
func (r *Result) One() (*Row, error) {
	row, err := r.OneOrNone()
	if err == nil && row == nil {
		return nil, ErrNoResultFound
	}
	return row, err
}

// OneOrNone returns the only row, or nil when there is none;
// ErrMultipleResultsFound when there are more. It closes the result.
func (r *Result) OneOrNone() (*Row, error) {
	defer r.finish(true)
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

// Scalars returns the first column of every remaining row.
func (r *Result) Scalars() ([]any, error) {
	var out []any
	for r.Next() {
		out = append(out, r.row.Get(0))
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// Mappings returns every remaining row as a map from column name to value.
func (r *Result) Mappings() ([]map[string]any, error) {
	var out []map[string]any
	for r.Next() {
		out = append(out, r.row.Map())
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// RowsAffected returns the number of rows an INSERT, UPDATE or DELETE
// changed (with RETURNING: the rows it returned; for ExecuteMany: the
// total), or -1 when unknown, as for a SELECT.
func (r *Result) RowsAffected() int64 { return r.rowsAffected }

// ReturnsRows reports whether the statement returns rows.
func (r *Result) ReturnsRows() bool { return r.hasRows }

// InsertedPrimaryKey returns the primary key of the row a single-row
// INSERT made, in the table's key order: the values the statement gave,
// or those the database generated (through RETURNING or the driver's last
// insert id). A value the statement neither gave nor could read back is
// nil (a key the database fills otherwise; or none, when a conflict
// clause skipped the row). For the result of anything else (a multi-row
// INSERT, ExecuteMany, another statement) it fails with
// ErrNotSingleInsert.
func (r *Result) InsertedPrimaryKey() ([]any, error) {
	switch {
	case r.many:
		return nil, fmt.Errorf("%w: ExecuteMany inserts many rows; use RETURNING to read their keys", ErrNotSingleInsert)
	case r.compiled == nil || r.compiled.Kind != athsql.KindInsert:
		return nil, fmt.Errorf("%w: the statement is not an INSERT built with sql.Insert", ErrNotSingleInsert)
	case r.compiled.Insert == nil:
		return nil, fmt.Errorf("%w: a multi-row INSERT or INSERT ... SELECT; use RETURNING to read the keys", ErrNotSingleInsert)
	case r.pkErr != nil:
		return nil, r.pkErr
	}
	return slices.Clone(r.pk), nil
}

// capturePK takes the primary-key values an INSERT ... RETURNING
// returned, from the values of its first row: the columns the compiler
// added for them, or the key columns among those the statement returns.
// A generated key it does not return cannot be known (the driver's last
// insert id is not available for a statement that returns rows).
func (r *Result) capturePK(vals []any) {
	info := r.compiled.Insert
	if info == nil {
		return
	}
	for i, src := range info.PK {
		at := src.Returned
		if at < 0 {
			at = slices.IndexFunc(r.compiled.Columns, func(c athsql.ResultColumn) bool {
				return c.Expr == athsql.ColumnElement(src.Column)
			})
		}
		switch {
		case at >= 0 && at < len(vals):
			r.pk[i] = vals[at]
		case src.LastRowID && src.Param < 0:
			r.pkErr = fmt.Errorf("%w: the generated key column %q is not among the RETURNING columns; add it to read the key", ErrNotSingleInsert, src.Column.Name())
		}
	}
}
