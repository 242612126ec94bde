package oracle

import (
	"fmt"
	"slices"

	athsql "github.com/athanordb/athanor/sql"
)

// MergeStmt is Oracle's upsert, a MERGE of proposed rows into a table:
// rows whose key matches an existing row update it, the others are
// inserted. Make one with Upsert. It is immutable: each method returns a
// new statement.
//
//	stmt := oracle.Upsert(users, sql.Values{"id": 7, "name": "sandy"})
//
// compiles to
//
//	MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL) excluded
//	ON (users.id = excluded.id)
//	WHEN MATCHED THEN UPDATE SET name = excluded.name
//	WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)
//
// (on one line). Several rows are joined with UNION ALL in the USING
// subquery. The key is the table's primary key unless On names other
// columns; the update sets every other column the rows give, from the
// proposed row, unless Set gives the values; DoNothing leaves matched rows
// as they are. MERGE does not lock against a concurrent insert of the same
// key: one of two sessions may still fail with a unique violation
// (ErrIntegrity).
type MergeStmt struct {
	table   *athsql.Table
	cols    []*athsql.Column         // the columns the rows give, in table order
	rows    [][]athsql.ColumnElement // one value per column
	on      []*athsql.Column
	setCols []*athsql.Column
	setVals []athsql.ColumnElement
	setSet  bool
	where   []athsql.ColumnElement
	nothing bool
	err     error
}

var (
	_ athsql.Statement = (*MergeStmt)(nil)
	_ athsql.Walker    = (*MergeStmt)(nil)
)

// excludedName names the proposed rows, as PostgreSQL and SQLite name
// them in their upserts.
const excludedName = "excluded"

// Upsert returns MERGE INTO t of the rows: Go values or expressions by
// column key. Every row must give the same columns.
func Upsert(t *athsql.Table, rows ...athsql.Values) *MergeStmt {
	m := &MergeStmt{table: t}
	if t == nil {
		m.err = fmt.Errorf("%w: MERGE needs a table", athsql.ErrArgument)
		return m
	}
	if len(rows) == 0 {
		m.err = fmt.Errorf("%w: MERGE INTO %s needs at least one row", athsql.ErrArgument, t.Name())
		return m
	}
	for k := range rows[0] {
		if !t.HasColumn(k) {
			m.err = fmt.Errorf("%w: MERGE INTO %s: no column %q", athsql.ErrNoSuchColumn, t.Name(), k)
			return m
		}
	}
	for _, col := range t.Columns() {
		if _, ok := rows[0][col.Key()]; ok {
			m.cols = append(m.cols, col)
		}
	}
	for i, row := range rows {
		if len(row) != len(m.cols) {
			m.err = fmt.Errorf("%w: MERGE INTO %s: row %d gives other columns than the first", athsql.ErrArgument, t.Name(), i+1)
			return m
		}
		vals := make([]athsql.ColumnElement, len(m.cols))
		for j, col := range m.cols {
			v, ok := row[col.Key()]
			if !ok {
				m.err = fmt.Errorf("%w: MERGE INTO %s: row %d gives other columns than the first", athsql.ErrArgument, t.Name(), i+1)
				return m
			}
			vals[j] = athsql.ValueFor(col, v)
		}
		m.rows = append(m.rows, vals)
	}
	m.on = t.PrimaryKey()
	return m
}

func (m *MergeStmt) clone() *MergeStmt {
	n := *m
	return &n
}

func (m *MergeStmt) fail(err error) *MergeStmt {
	n := m.clone()
	if n.err == nil {
		n.err = err
	}
	return n
}

// Table returns the target table.
func (m *MergeStmt) Table() *athsql.Table { return m.table }

// Err returns an error found while building the statement, or nil;
// compiling it returns the error too.
func (m *MergeStmt) Err() error { return m.err }

// Excluded returns the proposed rows, for Set and Where: excluded.col.
func (m *MergeStmt) Excluded() *athsql.Alias {
	if m.table == nil {
		return athsql.NewTable(excludedName).Alias(excludedName)
	}
	return m.table.Alias(excludedName)
}

// On returns the MERGE matching rows on these columns (keys, or columns
// of the table) instead of the primary key. The rows must give them.
func (m *MergeStmt) On(keys ...any) *MergeStmt {
	if m.err != nil {
		return m
	}
	if len(keys) == 0 {
		return m.fail(fmt.Errorf("%w: MERGE On needs columns", athsql.ErrArgument))
	}
	var on []*athsql.Column
	for _, k := range keys {
		var col *athsql.Column
		switch x := k.(type) {
		case string:
			if !m.table.HasColumn(x) {
				return m.fail(fmt.Errorf("%w: MERGE INTO %s ON: no column %q", athsql.ErrNoSuchColumn, m.table.Name(), x))
			}
			col = m.table.C(x)
		case *athsql.Column:
			if x == nil || x.Table() != m.table {
				return m.fail(fmt.Errorf("%w: MERGE INTO %s ON: a column of another table", athsql.ErrArgument, m.table.Name()))
			}
			col = x
		default:
			return m.fail(fmt.Errorf("%w: MERGE ON takes column keys or columns, not %T", athsql.ErrArgument, k))
		}
		on = append(on, col)
	}
	n := m.clone()
	n.on = on
	return n
}

// Set returns the MERGE updating matched rows with these values, by
// column key: Go values, or expressions over the existing row (the
// table's columns) and the proposed one (Excluded). Columns of the match
// cannot be updated (Oracle's ORA-38104).
func (m *MergeStmt) Set(values athsql.Values) *MergeStmt {
	if m.err != nil {
		return m
	}
	if len(values) == 0 {
		return m.fail(fmt.Errorf("%w: MERGE Set needs values", athsql.ErrArgument))
	}
	n := m.clone()
	n.setCols, n.setVals, n.setSet = nil, nil, true
	for _, col := range m.table.Columns() {
		if v, ok := values[col.Key()]; ok {
			n.setCols = append(n.setCols, col)
			n.setVals = append(n.setVals, athsql.ValueFor(col, v))
		}
	}
	if len(n.setCols) < len(values) {
		for k := range values {
			if !m.table.HasColumn(k) {
				return m.fail(fmt.Errorf("%w: MERGE INTO %s SET: no column %q", athsql.ErrNoSuchColumn, m.table.Name(), k))
			}
		}
	}
	return n
}

// Where returns the MERGE updating only the matched rows where the
// conditions hold (WHEN MATCHED THEN UPDATE SET ... WHERE ...).
func (m *MergeStmt) Where(conds ...athsql.ColumnElement) *MergeStmt {
	for _, c := range conds {
		if c == nil {
			return m.fail(fmt.Errorf("%w: MERGE Where: a nil condition", athsql.ErrArgument))
		}
	}
	n := m.clone()
	n.where = append(slices.Clip(m.where), conds...)
	for i, c := range n.where[len(m.where):] {
		n.where[len(m.where)+i] = athsql.Untyped(c)
	}
	return n
}

// DoNothing returns the MERGE without its WHEN MATCHED clause: rows whose
// key exists are left as they are, the others inserted.
func (m *MergeStmt) DoNothing() *MergeStmt {
	n := m.clone()
	n.nothing = true
	return n
}

// StatementKind implements sql.Statement.
func (m *MergeStmt) StatementKind() athsql.StatementKind { return athsql.KindInsert }

// updates returns the columns and values WHEN MATCHED sets.
func (m *MergeStmt) updates() ([]*athsql.Column, []athsql.ColumnElement) {
	if m.setSet {
		return m.setCols, m.setVals
	}
	excluded := m.Excluded()
	var cols []*athsql.Column
	var vals []athsql.ColumnElement
	for _, col := range m.cols {
		if !slices.Contains(m.on, col) {
			cols = append(cols, col)
			vals = append(vals, excluded.C(col.Key()))
		}
	}
	return cols, vals
}

func (m *MergeStmt) check() error {
	if m.err != nil {
		return m.err
	}
	name := m.table.Name()
	if len(m.on) == 0 {
		return fmt.Errorf("%w: MERGE INTO %s needs columns to match on: On(...), or a primary key", athsql.ErrArgument, name)
	}
	for _, col := range m.on {
		if !slices.Contains(m.cols, col) {
			return fmt.Errorf("%w: MERGE INTO %s matches on %s, which the rows do not give", athsql.ErrArgument, name, col.Name())
		}
	}
	if m.nothing && m.setSet {
		return fmt.Errorf("%w: MERGE INTO %s has both Set and DoNothing", athsql.ErrArgument, name)
	}
	if !m.nothing {
		cols, _ := m.updates()
		for _, col := range cols {
			if slices.Contains(m.on, col) {
				return fmt.Errorf("%w: MERGE cannot update %s, a column it matches on (ORA-38104)", athsql.ErrNotSupported, col.Name())
			}
		}
	}
	return nil
}

// WriteSQL implements sql.Element.
func (m *MergeStmt) WriteSQL(c *athsql.Compiler) {
	if err := m.check(); err != nil {
		c.Fail(err)
		return
	}
	excluded := m.Excluded()
	c.Nest([]athsql.FromClause{m.table, excluded}, func() {
		c.WriteString("MERGE INTO ")
		c.Write(m.table)
		c.WriteString(" USING (")
		for i, row := range m.rows {
			if i > 0 {
				c.WriteString(" UNION ALL ")
			}
			c.WriteString("SELECT ")
			for j, v := range row {
				if j > 0 {
					c.WriteString(", ")
				}
				c.Write(v)
				if i == 0 {
					c.WriteString(" AS ")
					c.WriteIdentifier(m.cols[j].Name())
				}
			}
			c.WriteString(" FROM DUAL")
		}
		c.WriteString(") ")
		c.WriteIdentifier(excludedName)
		c.WriteString(" ON (")
		for i, col := range m.on {
			if i > 0 {
				c.WriteString(" AND ")
			}
			c.Write(col)
			c.WriteString(" = ")
			c.Write(excluded.C(col.Key()))
		}
		c.WriteByte(')')
		if cols, vals := m.updates(); !m.nothing && len(cols) > 0 {
			c.WriteString(" WHEN MATCHED THEN UPDATE SET ")
			for i, col := range cols {
				if i > 0 {
					c.WriteString(", ")
				}
				c.WriteIdentifier(col.Name())
				c.WriteString(" = ")
				c.Write(vals[i])
			}
			if len(m.where) > 0 {
				c.WriteString(" WHERE ")
				cond := m.where[0]
				if len(m.where) > 1 {
					cond = athsql.And(m.where...)
				}
				c.WriteCondition(cond)
			}
		}
		c.WriteString(" WHEN NOT MATCHED THEN INSERT (")
		for i, col := range m.cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteIdentifier(col.Name())
		}
		c.WriteString(") VALUES (")
		for i, col := range m.cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.Write(excluded.C(col.Key()))
		}
		c.WriteByte(')')
	})
}

// WriteCacheKey implements sql.Element.
func (m *MergeStmt) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("oracle.MergeStmt")
	k.Bool(m.err != nil)
	if m.err != nil {
		k.String(m.err.Error())
		return
	}
	k.From(m.table)
	names := func(cols []*athsql.Column) {
		k.Int(len(cols))
		for _, col := range cols {
			k.String(col.Name())
		}
	}
	names(m.cols)
	k.Int(len(m.rows))
	for _, row := range m.rows {
		k.Elements(row)
	}
	names(m.on)
	k.Bool(m.setSet)
	names(m.setCols)
	k.Elements(m.setVals)
	k.Elements(m.where)
	k.Bool(m.nothing)
}

// Children implements sql.Walker.
func (m *MergeStmt) Children() []athsql.Element {
	var out []athsql.Element
	for _, row := range m.rows {
		for _, v := range row {
			out = append(out, v)
		}
	}
	for _, v := range m.setVals {
		out = append(out, v)
	}
	for _, w := range m.where {
		out = append(out, w)
	}
	return out
}
