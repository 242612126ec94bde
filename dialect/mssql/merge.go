package mssql

import (
	"fmt"
	"strings"

	athsql "github.com/athanordb/athanor/sql"
)

// MergeStmt is SQL Server's MERGE: the upsert (insert a row, or update
// the row it matches) and its relatives. Build it with Merge; like every
// statement it is immutable, each method returning a new MergeStmt.
//
//	m := mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}).On("page")
//	m = m.WhenMatchedUpdate(sql.Values{"hits": sql.Ops(visits.C("hits")).Add(m.Source().C("hits"))}).
//		WhenNotMatchedInsert()
//
// is
//
//	MERGE INTO visits USING (VALUES (@p1, @p2)) AS source (page, hits)
//	ON visits.page = source.page
//	WHEN MATCHED THEN UPDATE SET hits = (visits.hits + source.hits)
//	WHEN NOT MATCHED THEN INSERT (page, hits) VALUES (source.page, source.hits);
//
// (on one line). The source rows are a VALUES list named source, whose
// columns are the table's columns the rows give (Source). SQL Server runs
// the clauses for each source row: WHEN MATCHED for a row that matches a
// target row on the On columns, WHEN NOT MATCHED for one that matches
// none. Column defaults computed in Go (sql.Default) are not applied;
// server defaults are. Two source rows must not match the same target
// row. Under concurrent upserts of the same keys, add HoldLock, which
// keeps the matched range locked until the statement ends.
type MergeStmt struct {
	table     *athsql.Table
	source    *athsql.Alias
	cols      []*athsql.Column
	rows      [][]athsql.ColumnElement
	on        []*athsql.Column
	clauses   []mergeClause
	returning []athsql.ColumnElement
	holdLock  bool
	err       error
}

var (
	_ athsql.Statement = (*MergeStmt)(nil)
	_ athsql.Walker    = (*MergeStmt)(nil)
)

// mergeAction is what a WHEN clause does.
type mergeAction uint8

const (
	mergeUpdate mergeAction = iota + 1
	mergeDelete
	mergeInsert
)

// mergeWhen is the kind of a WHEN clause.
type mergeWhen uint8

const (
	whenMatched mergeWhen = iota + 1
	whenNotMatched
	whenNotMatchedBySource
)

var whenText = [...]string{whenMatched: "WHEN MATCHED", whenNotMatched: "WHEN NOT MATCHED", whenNotMatchedBySource: "WHEN NOT MATCHED BY SOURCE"}

type mergeClause struct {
	when    mergeWhen
	action  mergeAction
	cond    athsql.ColumnElement // AND cond, or nil
	setCols []*athsql.Column     // UPDATE SET
	setVals []athsql.ColumnElement
}

// Merge returns MERGE INTO t. Give it source rows (Values), the columns
// that match a source row to a target row (On) and at least one WHEN
// clause.
func Merge(t *athsql.Table) *MergeStmt {
	m := &MergeStmt{table: t}
	if t == nil {
		m.err = fmt.Errorf("%w: MERGE without a table", athsql.ErrArgument)
		return m
	}
	name := "source"
	if strings.EqualFold(t.Name(), name) {
		name = "src"
	}
	m.source = t.Alias(name)
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

// Source returns the source row, for the expressions of WHEN clauses:
// Source().C("hits") is source.hits, the value the row being merged gives.
// Its columns are the table's.
func (m *MergeStmt) Source() *athsql.Alias { return m.source }

// Table returns the target table.
func (m *MergeStmt) Table() *athsql.Table { return m.table }

// Err returns an error found while building the statement, or nil;
// compiling it returns the error too.
func (m *MergeStmt) Err() error { return m.err }

// Values returns the MERGE with the source rows added: column keys of
// the table and Go values (bound with the column's type) or expressions.
// Every row gives the same columns, which are the source's, in table
// order.
func (m *MergeStmt) Values(rows ...athsql.Values) *MergeStmt {
	if m.err != nil {
		return m
	}
	if len(rows) == 0 {
		return m.fail(fmt.Errorf("%w: MERGE Values needs at least one row", athsql.ErrArgument))
	}
	cols := m.cols
	if cols == nil {
		for _, col := range m.table.Columns() {
			if _, ok := rows[0][col.Key()]; ok {
				cols = append(cols, col)
			}
		}
	}
	n := m.clone()
	n.cols = cols
	n.rows = m.rows[:len(m.rows):len(m.rows)]
	for i, row := range rows {
		if len(row) != len(cols) {
			return m.fail(m.rowError(i, row, cols))
		}
		vals := make([]athsql.ColumnElement, len(cols))
		for j, col := range cols {
			v, ok := row[col.Key()]
			if !ok {
				return m.fail(m.rowError(i, row, cols))
			}
			vals[j] = athsql.ValueFor(col, v)
		}
		n.rows = append(n.rows, vals)
	}
	return n
}

// rowError explains why a row does not fit the source's columns.
func (m *MergeStmt) rowError(i int, row athsql.Values, cols []*athsql.Column) error {
	for k := range row {
		if !m.table.HasColumn(k) {
			return fmt.Errorf("%w: MERGE Values: table %q has no column %q", athsql.ErrNoSuchColumn, m.table.Name(), k)
		}
	}
	keys := make([]string, len(cols))
	for j, col := range cols {
		keys[j] = col.Key()
	}
	return fmt.Errorf("%w: MERGE Values: row %d does not give the columns the first row gives (%s)", athsql.ErrArgument, i+1, strings.Join(keys, ", "))
}

// On returns the MERGE matching a source row to the target rows whose
// columns keys equal the source row's: ON t.k = source.k AND ...
func (m *MergeStmt) On(keys ...string) *MergeStmt {
	if m.err != nil {
		return m
	}
	if len(keys) == 0 {
		return m.fail(fmt.Errorf("%w: MERGE On needs at least one column", athsql.ErrArgument))
	}
	n := m.clone()
	n.on = nil
	for _, k := range keys {
		if !m.table.HasColumn(k) {
			return m.fail(fmt.Errorf("%w: MERGE On: table %q has no column %q", athsql.ErrNoSuchColumn, m.table.Name(), k))
		}
		n.on = append(n.on, m.table.C(k))
	}
	return n
}

// HoldLock returns the MERGE with the table hint WITH (HOLDLOCK): the
// rows it matched, and the gaps where it inserts, stay locked until the
// statement ends, so that concurrent upserts of one key do not both
// insert.
func (m *MergeStmt) HoldLock() *MergeStmt {
	n := m.clone()
	n.holdLock = true
	return n
}

// WhenMatchedUpdate adds WHEN MATCHED [AND cond] THEN UPDATE SET ...: a
// source row that matches a target row updates it. set gives the new
// values by column key: Go values, or expressions over the target row
// (the table's columns) and the source row (Source).
func (m *MergeStmt) WhenMatchedUpdate(set athsql.Values, cond ...athsql.ColumnElement) *MergeStmt {
	if len(set) == 0 {
		return m.fail(fmt.Errorf("%w: MERGE WhenMatchedUpdate needs values to set", athsql.ErrArgument))
	}
	c := mergeClause{when: whenMatched, action: mergeUpdate, cond: condOf(cond)}
	for k := range set {
		if m.table != nil && !m.table.HasColumn(k) {
			return m.fail(fmt.Errorf("%w: MERGE WhenMatchedUpdate: table %q has no column %q", athsql.ErrNoSuchColumn, m.table.Name(), k))
		}
	}
	for _, col := range m.tableColumns() {
		if v, ok := set[col.Key()]; ok {
			c.setCols = append(c.setCols, col)
			c.setVals = append(c.setVals, athsql.ValueFor(col, v))
		}
	}
	return m.add(c)
}

// WhenMatchedUpdateFromSource adds WHEN MATCHED [AND cond] THEN UPDATE
// SET col = source.col for every source column other than the On columns.
// Call it after Values and On.
func (m *MergeStmt) WhenMatchedUpdateFromSource(cond ...athsql.ColumnElement) *MergeStmt {
	c := mergeClause{when: whenMatched, action: mergeUpdate, cond: condOf(cond)}
	for _, col := range m.cols {
		if !m.isOn(col) {
			c.setCols = append(c.setCols, col)
			c.setVals = append(c.setVals, m.source.C(col.Key()))
		}
	}
	if len(c.setCols) == 0 && m.err == nil {
		return m.fail(fmt.Errorf("%w: MERGE WhenMatchedUpdateFromSource: the source has no column besides the On columns (call it after Values and On)", athsql.ErrArgument))
	}
	return m.add(c)
}

// WhenMatchedDelete adds WHEN MATCHED [AND cond] THEN DELETE: a source
// row that matches a target row deletes it.
func (m *MergeStmt) WhenMatchedDelete(cond ...athsql.ColumnElement) *MergeStmt {
	return m.add(mergeClause{when: whenMatched, action: mergeDelete, cond: condOf(cond)})
}

// WhenNotMatchedInsert adds WHEN NOT MATCHED [AND cond] THEN INSERT
// (cols) VALUES (source.cols): a source row that matches no target row is
// inserted.
func (m *MergeStmt) WhenNotMatchedInsert(cond ...athsql.ColumnElement) *MergeStmt {
	return m.add(mergeClause{when: whenNotMatched, action: mergeInsert, cond: condOf(cond)})
}

// WhenNotMatchedBySourceDelete adds WHEN NOT MATCHED BY SOURCE [AND cond]
// THEN DELETE: every target row that no source row matches is deleted
// (with no condition, the table ends up holding only the source rows).
func (m *MergeStmt) WhenNotMatchedBySourceDelete(cond ...athsql.ColumnElement) *MergeStmt {
	return m.add(mergeClause{when: whenNotMatchedBySource, action: mergeDelete, cond: condOf(cond)})
}

// Returning returns the MERGE with an OUTPUT clause: the rows as the
// MERGE left them (inserted.col), one per row inserted or updated (a
// deleted row gives NULLs). Items are as sql.Insert.Returning takes them:
// columns, expressions, or the table for all its columns.
func (m *MergeStmt) Returning(items ...athsql.Element) *MergeStmt {
	if m.table == nil {
		return m
	}
	r := athsql.NewInsert(m.table).Returning(items...)
	if err := r.Err(); err != nil {
		return m.fail(err)
	}
	n := m.clone()
	n.returning = append(m.returning[:len(m.returning):len(m.returning)], r.ReturningColumns()...)
	return n
}

func condOf(conds []athsql.ColumnElement) athsql.ColumnElement {
	switch len(conds) {
	case 0:
		return nil
	case 1:
		return athsql.Untyped(conds[0])
	}
	return athsql.And(conds...)
}

func (m *MergeStmt) tableColumns() []*athsql.Column {
	if m.table == nil {
		return nil
	}
	return m.table.Columns()
}

func (m *MergeStmt) isOn(col *athsql.Column) bool {
	for _, o := range m.on {
		if o == col {
			return true
		}
	}
	return false
}

// add appends a WHEN clause, checking SQL Server's rules: at most two
// WHEN MATCHED clauses (an UPDATE and a DELETE, the first with a
// condition), at most one WHEN NOT MATCHED, at most two WHEN NOT MATCHED
// BY SOURCE (likewise).
func (m *MergeStmt) add(c mergeClause) *MergeStmt {
	if m.err != nil {
		return m
	}
	var same []mergeClause
	for _, x := range m.clauses {
		if x.when == c.when {
			same = append(same, x)
		}
	}
	limit := 2
	if c.when == whenNotMatched {
		limit = 1
	}
	switch {
	case len(same) >= limit:
		return m.fail(fmt.Errorf("%w: a MERGE takes at most %d %s clause(s)", athsql.ErrArgument, limit, whenText[c.when]))
	case len(same) == 1 && same[0].cond == nil:
		return m.fail(fmt.Errorf("%w: the first of two %s clauses needs a condition", athsql.ErrArgument, whenText[c.when]))
	case len(same) == 1 && same[0].action == c.action:
		return m.fail(fmt.Errorf("%w: two %s clauses must be an UPDATE and a DELETE", athsql.ErrArgument, whenText[c.when]))
	}
	n := m.clone()
	n.clauses = append(m.clauses[:len(m.clauses):len(m.clauses)], c)
	return n
}

// StatementKind implements sql.Statement: MERGE runs as DML that may
// insert.
func (m *MergeStmt) StatementKind() athsql.StatementKind { return athsql.KindInsert }

// check returns what keeps the statement from compiling.
func (m *MergeStmt) check() error {
	switch {
	case m.err != nil:
		return m.err
	case m.table.Err() != nil:
		return m.table.Err()
	case len(m.rows) == 0:
		return fmt.Errorf("%w: MERGE INTO %s has no source rows (Values)", athsql.ErrArgument, m.table.Name())
	case len(m.on) == 0:
		return fmt.Errorf("%w: MERGE INTO %s has no match columns (On)", athsql.ErrArgument, m.table.Name())
	case len(m.clauses) == 0:
		return fmt.Errorf("%w: MERGE INTO %s has no WHEN clause", athsql.ErrArgument, m.table.Name())
	}
	for _, col := range m.on {
		if !containsColumn(m.cols, col) {
			return fmt.Errorf("%w: MERGE On column %q is not among the source's columns (Values)", athsql.ErrArgument, col.Name())
		}
	}
	return nil
}

func containsColumn(cols []*athsql.Column, col *athsql.Column) bool {
	for _, c := range cols {
		if c == col {
			return true
		}
	}
	return false
}

// WriteSQL implements sql.Element.
func (m *MergeStmt) WriteSQL(c *athsql.Compiler) {
	if err := m.check(); err != nil {
		c.Fail(err)
		return
	}
	c.WriteString("MERGE INTO ")
	c.Write(m.table)
	if m.holdLock {
		c.WriteString(" WITH (HOLDLOCK)")
	}
	c.WriteString(" USING (VALUES ")
	writeEach(c, len(m.rows), ", ", func(i int) {
		c.WriteByte('(')
		c.WriteList(m.rows[i], ", ")
		c.WriteByte(')')
	})
	c.WriteString(") AS ")
	c.WriteIdentifier(m.source.Name())
	c.WriteString(" (")
	m.writeNames(c)
	c.WriteString(") ON ")
	writeEach(c, len(m.on), " AND ", func(i int) {
		c.Write(m.on[i])
		c.WriteString(" = ")
		c.Write(m.source.C(m.on[i].Key()))
	})
	for _, cl := range m.clauses {
		m.writeClause(c, cl)
	}
	if len(m.returning) > 0 {
		c.WriteReturning(athsql.KindInsert, m.table, m.returning)
	}
	c.WriteByte(';')
}

// writeEach calls f for 0 to n-1, writing sep between the calls.
func writeEach(c *athsql.Compiler, n int, sep string, f func(i int)) {
	for i := range n {
		if i > 0 {
			c.WriteString(sep)
		}
		f(i)
	}
}

// writeNames writes the names of the source's columns.
func (m *MergeStmt) writeNames(c *athsql.Compiler) {
	writeEach(c, len(m.cols), ", ", func(i int) { c.WriteIdentifier(m.cols[i].Name()) })
}

func (m *MergeStmt) writeClause(c *athsql.Compiler, cl mergeClause) {
	c.WriteString(" " + whenText[cl.when])
	if cl.cond != nil {
		c.WriteString(" AND ")
		c.Write(cl.cond)
	}
	c.WriteString(" THEN ")
	switch cl.action {
	case mergeUpdate:
		c.WriteString("UPDATE SET ")
		writeEach(c, len(cl.setCols), ", ", func(i int) {
			c.WriteIdentifier(cl.setCols[i].Name())
			c.WriteString(" = ")
			c.Write(cl.setVals[i])
		})
	case mergeDelete:
		c.WriteString("DELETE")
	case mergeInsert:
		c.WriteString("INSERT (")
		m.writeNames(c)
		c.WriteString(") VALUES (")
		writeEach(c, len(m.cols), ", ", func(i int) { c.Write(m.source.C(m.cols[i].Key())) })
		c.WriteByte(')')
	}
}

// WriteCacheKey implements sql.Element.
func (m *MergeStmt) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("mssql.MergeStmt")
	k.Bool(m.err != nil)
	if m.err != nil || m.table == nil {
		return
	}
	k.Element(m.table)
	k.Bool(m.holdLock)
	k.Int(len(m.cols))
	for _, col := range m.cols {
		k.String(col.Name())
	}
	k.Int(len(m.rows))
	for _, row := range m.rows {
		k.Elements(row)
	}
	k.Int(len(m.on))
	for _, col := range m.on {
		k.String(col.Name())
	}
	k.Int(len(m.clauses))
	for _, cl := range m.clauses {
		k.Int(int(cl.when))
		k.Int(int(cl.action))
		k.Element(cl.cond)
		k.Int(len(cl.setCols))
		for i, col := range cl.setCols {
			k.String(col.Name())
			k.Element(cl.setVals[i])
		}
	}
	k.Elements(m.returning)
}

// Children implements sql.Walker.
func (m *MergeStmt) Children() []athsql.Element {
	var out []athsql.Element
	if m.table != nil {
		out = append(out, m.table)
	}
	for _, row := range m.rows {
		for _, v := range row {
			out = append(out, v)
		}
	}
	for _, cl := range m.clauses {
		if cl.cond != nil {
			out = append(out, cl.cond)
		}
		for _, v := range cl.setVals {
			out = append(out, v)
		}
	}
	for _, r := range m.returning {
		out = append(out, r)
	}
	return out
}
