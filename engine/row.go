package engine

import (
	"fmt"
	"slices"

	athsql "github.com/athanordb/athanor/sql"
)

// Row is one row of a result: values by position, by name or by the
// column expression that produced them. A Row does not change once read.
type Row struct {
	vals []any
	meta *resultMeta
}

// Len returns the number of columns.
func (w *Row) Len() int { return len(w.vals) }

// Get returns the value of column i (0-based), or nil when i is out of
// range (Len tells the count).
func (w *Row) Get(i int) any {
	if i < 0 || i >= len(w.vals) {
		return nil
	}
	return w.vals[i]
}

// Values returns a copy of the row's values, in column order.
func (w *Row) Values() []any { return slices.Clone(w.vals) }

// Keys returns the column names.
func (w *Row) Keys() []string { return slices.Clone(w.meta.keys) }

// Value returns the value of the column named key (its name or label):
// ErrNoSuchKey when there is none, ErrAmbiguousKey when several columns
// have that name (ask by position or by column instead).
func (w *Row) Value(key string) (any, error) {
	i, ok := w.meta.index[key]
	if !ok {
		return nil, fmt.Errorf("%w: %q (columns: %v)", ErrNoSuchKey, key, w.meta.keys)
	}
	if i < 0 {
		return nil, fmt.Errorf("%w: %q names several columns (columns: %v)", ErrAmbiguousKey, key, w.meta.keys)
	}
	return w.vals[i], nil
}

// ByColumn returns the value of the column that col produced: the same
// expression, or the same table column through labels, aliases and
// subqueries. ErrNoSuchKey when no column matches, ErrAmbiguousKey when
// several match equally (two aliases of col's table).
func (w *Row) ByColumn(col athsql.ColumnElement) (any, error) {
	i, err := w.meta.columnIndex(col)
	if err != nil {
		return nil, err
	}
	return w.vals[i], nil
}

// columnIndex finds the result column col produced.
func (m *resultMeta) columnIndex(col athsql.ColumnElement) (int, error) {
	if col == nil {
		return 0, fmt.Errorf("%w: nil column", ErrNoSuchKey)
	}
	col = athsql.Untyped(col)
	for i, e := range m.exprs {
		if e == col {
			return i, nil
		}
	}
	for i, e := range m.exprs {
		if l, ok := e.(*athsql.Label); ok && l.Element() == col {
			return i, nil
		}
	}
	target, ok := col.(*athsql.Column)
	if !ok {
		// A label or a literal column: by its name.
		if n, named := col.(athsql.Named); named && n.ResultName() != "" {
			return m.indexOf(n.ResultName())
		}
		return 0, fmt.Errorf("%w: the result has no column for %T", ErrNoSuchKey, col)
	}
	found := -1
	for i, e := range m.exprs {
		if l, isLabel := e.(*athsql.Label); isLabel {
			e = l.Element()
		}
		if c, isCol := e.(*athsql.Column); isCol && c.Base() == target.Base() {
			if found >= 0 {
				return 0, fmt.Errorf("%w: column %q is in the result more than once (through aliases); ask by the alias's column", ErrAmbiguousKey, target.Name())
			}
			found = i
		}
	}
	if found >= 0 {
		return found, nil
	}
	if m.exprs == nil || target.Table() == nil {
		// A textual result, or a column outside any table: by name.
		return m.indexOf(target.Name())
	}
	return 0, fmt.Errorf("%w: column %q of table %q (columns: %v)", ErrNoSuchKey, target.Name(), target.Table().Name(), m.keys)
}

func (m *resultMeta) indexOf(key string) (int, error) {
	i, ok := m.index[key]
	switch {
	case !ok:
		return 0, fmt.Errorf("%w: %q (columns: %v)", ErrNoSuchKey, key, m.keys)
	case i < 0:
		return 0, fmt.Errorf("%w: %q names several columns", ErrAmbiguousKey, key)
	}
	return i, nil
}

// Map returns the row as a map from column name to value; of columns with
// the same name, the first wins.
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
// the conversions database/sql makes (see ScanError for what fails: NULL
// into a destination that cannot hold it, a value out of range...). A
// nil destination skips its column.
func (w *Row) Scan(dest ...any) error {
	if len(dest) != len(w.vals) {
		return fmt.Errorf("%w: Scan got %d destinations for %d columns", athsql.ErrArgument, len(dest), len(w.vals))
	}
	for i, d := range dest {
		if d == nil {
			continue
		}
		if err := assign(d, w.vals[i]); err != nil {
			return withColumn(err, w.meta.keys[i])
		}
	}
	return nil
}
