package sql

import (
	"fmt"
	"maps"
	"slices"
)

// Values maps column keys to values for INSERT and UPDATE: Go values
// (bound as the column's type) or SQL expressions.
type Values map[string]any

// Assignment is one column = value pair, for statements whose order of
// assignments matters or that use typed columns (Col[T].To(v)).
type Assignment struct {
	Column *Column
	Value  any
}

// Insert is an INSERT statement. Like every statement it is immutable.
type Insert struct {
	table      *Table
	cols       []*Column         // the columns given values, in table order
	rows       [][]ColumnElement // one slice per row, aligned with cols
	fromSelect SelectStatement
	returning  []ColumnElement
	prefixes   []string
	post       Element // a dialect's clause after the values (ON CONFLICT ...)
	err        error
}

// NewInsert returns INSERT INTO table; give the values with Values, or at
// execution as parameters.
func NewInsert(t *Table) *Insert { return &Insert{table: t} }

func (s *Insert) clone() *Insert {
	n := *s
	return &n
}

// Table returns the target table.
func (s *Insert) Table() *Table { return s.table }

// StatementKind implements Statement.
func (s *Insert) StatementKind() StatementKind { return KindInsert }

// Values returns the INSERT with values for one row, or with several rows
// (a multi-row VALUES clause). A later call with one row adds to the
// columns of a single-row INSERT.
func (s *Insert) Values(rows ...Values) *Insert {
	n := s.clone()
	switch {
	case len(rows) == 0:
		return n
	case len(rows) == 1 && len(s.rows) <= 1:
		merged := Values{}
		for i, c := range s.cols {
			if len(s.rows) == 1 {
				merged[c.key] = s.rows[0][i]
			}
		}
		maps.Copy(merged, rows[0])
		n.setRows([]Values{merged})
	default:
		n.setRows(rows)
	}
	return n
}

// Set returns the INSERT with values given as assignments.
func (s *Insert) Set(assignments ...Assignment) *Insert {
	row := Values{}
	for _, a := range assignments {
		if a.Column == nil {
			s = s.clone()
			s.err = fmt.Errorf("%w: assignment to a nil column", ErrArgument)
			return s
		}
		row[a.Column.key] = a.Value
	}
	return s.Values(row)
}

func (s *Insert) setRows(rows []Values) {
	keys := map[string]bool{}
	for _, r := range rows {
		for k := range r {
			keys[k] = true
		}
	}
	s.cols = s.cols[:0:0]
	for _, c := range s.table.columns {
		if keys[c.key] {
			s.cols = append(s.cols, c)
			delete(keys, c.key)
		}
	}
	if len(keys) > 0 {
		s.err = fmt.Errorf("%w: table %q has no columns %v", ErrNoSuchColumn, s.table.name, slices.Sorted(maps.Keys(keys)))
		return
	}
	s.rows = make([][]ColumnElement, len(rows))
	for i, r := range rows {
		row := make([]ColumnElement, len(s.cols))
		for j, c := range s.cols {
			v, ok := r[c.key]
			switch {
			case ok:
				row[j] = coerceAgainst(v, c)
			case c.spec.def != nil:
				row[j] = defaultElement(c, c.spec.def)
			default:
				s.err = fmt.Errorf("%w: row %d of a multi-row INSERT has no value for column %q, and the column has no default", ErrArgument, i+1, c.name)
				return
			}
		}
		s.rows[i] = row
	}
}

// FromSelect returns INSERT INTO table (columns) SELECT ....
func (s *Insert) FromSelect(columns []*Column, sel SelectStatement) *Insert {
	n := s.clone()
	n.cols, n.rows, n.fromSelect = columns, nil, sel
	return n
}

// Returning returns the INSERT with a RETURNING clause.
func (s *Insert) Returning(items ...Element) *Insert {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.err = err
	}
	return n
}

// Prefix returns the INSERT with words after INSERT ("OR IGNORE",
// "IGNORE"), written as given.
func (s *Insert) Prefix(words ...string) *Insert {
	n := s.clone()
	n.prefixes = appendTo(s.prefixes, words...)
	return n
}

// WithPostClause returns the INSERT with a clause after its values: how a
// dialect package adds ON CONFLICT or ON DUPLICATE KEY UPDATE.
func (s *Insert) WithPostClause(e Element) *Insert {
	n := s.clone()
	n.post = e
	return n
}

// ReturningColumns returns the RETURNING list.
func (s *Insert) ReturningColumns() []ColumnElement { return s.returning }

// Columns returns the columns given values, in table order.
func (s *Insert) Columns() []*Column { return s.cols }

// RowCount returns the number of rows in the VALUES clause.
func (s *Insert) RowCount() int { return len(s.rows) }

// HasValues reports whether the INSERT carries its values (or a SELECT);
// without, the values come from parameters at execution.
func (s *Insert) HasValues() bool { return s.rows != nil || s.fromSelect != nil }

// WithParamKeys returns the INSERT with a named bind parameter for each
// key: the form conn.Execute uses for INSERT statements whose values are
// given as parameters.
func (s *Insert) WithParamKeys(keys []string) *Insert {
	row := make(Values, len(keys))
	for _, k := range keys {
		if c, ok := s.table.byKey[k]; ok {
			row[k] = Bind(k).WithType(c.typ)
		} else {
			row[k] = Bind(k)
		}
	}
	return s.Values(row)
}

// WriteSQL implements Element.
func (s *Insert) WriteSQL(c *Compiler) { c.writeInsert(s) }

// WriteCacheKey implements Element.
func (s *Insert) WriteCacheKey(k *CacheKey) {
	k.Tag(tagInsert)
	k.Err(s.err)
	k.From(s.table)
	k.Int(len(s.cols))
	for _, c := range s.cols {
		k.String(c.name)
	}
	k.Int(len(s.rows))
	for _, r := range s.rows {
		k.Elements(r)
	}
	k.Element(s.fromSelect)
	k.Elements(s.returning)
	k.Strings(s.prefixes)
	k.Element(s.post)
}

// defaultElement is the value of a column default inside a statement: an
// expression as is, a constant bound, a function evaluated at execution.
func defaultElement(c *Column, d *ColumnDefault) ColumnElement {
	switch {
	case d.Expr != nil:
		return d.Expr
	case d.Func != nil:
		b := &BindParam{base: c.name, typ: c.typ, hasValue: true, fn: d.Func}
		b.self = b
		return b
	}
	return newBindValue(c.name, d.Value, c.typ)
}

type setClause struct {
	col   *Column
	value ColumnElement
}

// Update is an UPDATE statement.
type Update struct {
	table     *Table
	sets      []setClause
	where     []ColumnElement
	returning []ColumnElement
	prefixes  []string
	err       error
}

// NewUpdate returns UPDATE table.
func NewUpdate(t *Table) *Update { return &Update{table: t} }

func (s *Update) clone() *Update {
	n := *s
	return &n
}

// Table returns the target table.
func (s *Update) Table() *Table { return s.table }

// StatementKind implements Statement.
func (s *Update) StatementKind() StatementKind { return KindUpdate }

// Values returns the UPDATE with SET assignments by column key, in the
// table's column order. Values may be expressions, correlated subqueries
// included.
func (s *Update) Values(v Values) *Update {
	n := s.clone()
	n.sets = slices.Clip(s.sets)
	seen := map[string]bool{}
	for _, c := range s.table.columns {
		if val, ok := v[c.key]; ok {
			n.sets = append(n.sets, setClause{col: c, value: coerceAgainst(val, c)})
			seen[c.key] = true
		}
	}
	for k := range v {
		if !seen[k] && n.err == nil {
			n.err = fmt.Errorf("%w: table %q has no column %q", ErrNoSuchColumn, s.table.name, k)
		}
	}
	return n
}

// Set returns the UPDATE with assignments in the given order.
func (s *Update) Set(assignments ...Assignment) *Update {
	n := s.clone()
	n.sets = slices.Clip(s.sets)
	for _, a := range assignments {
		if a.Column == nil {
			if n.err == nil {
				n.err = fmt.Errorf("%w: assignment to a nil column", ErrArgument)
			}
			continue
		}
		n.sets = append(n.sets, setClause{col: a.Column, value: coerceAgainst(a.Value, a.Column)})
	}
	return n
}

// Where returns the UPDATE with conditions added (joined with AND).
func (s *Update) Where(conds ...ColumnElement) *Update {
	n := s.clone()
	n.where = appendTo(s.where, conds...)
	return n
}

// Returning returns the UPDATE with a RETURNING clause.
func (s *Update) Returning(items ...Element) *Update {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.err = err
	}
	return n
}

// Prefix returns the UPDATE with words after UPDATE.
func (s *Update) Prefix(words ...string) *Update {
	n := s.clone()
	n.prefixes = appendTo(s.prefixes, words...)
	return n
}

// HasValues reports whether the UPDATE carries its SET values.
func (s *Update) HasValues() bool { return len(s.sets) > 0 }

// WithParamKeys returns the UPDATE setting each key's column to a named
// bind parameter, for values given at execution.
func (s *Update) WithParamKeys(keys []string) *Update {
	v := make(Values, len(keys))
	for _, k := range keys {
		if c, ok := s.table.byKey[k]; ok {
			v[k] = Bind(k).WithType(c.typ)
		} else {
			v[k] = Bind(k)
		}
	}
	return s.Values(v)
}

// ReturningColumns returns the RETURNING list.
func (s *Update) ReturningColumns() []ColumnElement { return s.returning }

// WriteSQL implements Element.
func (s *Update) WriteSQL(c *Compiler) { c.writeUpdate(s) }

// WriteCacheKey implements Element.
func (s *Update) WriteCacheKey(k *CacheKey) {
	k.Tag(tagUpdate)
	k.Err(s.err)
	k.From(s.table)
	k.Int(len(s.sets))
	for _, a := range s.sets {
		k.String(a.col.name)
		k.Element(a.value)
	}
	k.Elements(s.where)
	k.Elements(s.returning)
	k.Strings(s.prefixes)
}

// Delete is a DELETE statement.
type Delete struct {
	table     *Table
	where     []ColumnElement
	returning []ColumnElement
	prefixes  []string
	err       error
}

// NewDelete returns DELETE FROM table.
func NewDelete(t *Table) *Delete { return &Delete{table: t} }

func (s *Delete) clone() *Delete {
	n := *s
	return &n
}

// Table returns the target table.
func (s *Delete) Table() *Table { return s.table }

// StatementKind implements Statement.
func (s *Delete) StatementKind() StatementKind { return KindDelete }

// Where returns the DELETE with conditions added (joined with AND).
func (s *Delete) Where(conds ...ColumnElement) *Delete {
	n := s.clone()
	n.where = appendTo(s.where, conds...)
	return n
}

// Returning returns the DELETE with a RETURNING clause.
func (s *Delete) Returning(items ...Element) *Delete {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.err = err
	}
	return n
}

// Prefix returns the DELETE with words after DELETE.
func (s *Delete) Prefix(words ...string) *Delete {
	n := s.clone()
	n.prefixes = appendTo(s.prefixes, words...)
	return n
}

// ReturningColumns returns the RETURNING list.
func (s *Delete) ReturningColumns() []ColumnElement { return s.returning }

// WriteSQL implements Element.
func (s *Delete) WriteSQL(c *Compiler) { c.writeDelete(s) }

// WriteCacheKey implements Element.
func (s *Delete) WriteCacheKey(k *CacheKey) {
	k.Tag(tagDelete)
	k.Err(s.err)
	k.From(s.table)
	k.Elements(s.where)
	k.Elements(s.returning)
	k.Strings(s.prefixes)
}

// Insert returns INSERT INTO the table.
func (t *Table) Insert() *Insert { return NewInsert(t) }

// Update returns UPDATE the table.
func (t *Table) Update() *Update { return NewUpdate(t) }

// Delete returns DELETE FROM the table.
func (t *Table) Delete() *Delete { return NewDelete(t) }
