package mysql

import (
	"fmt"
	"strings"

	athsql "github.com/athanordb/athanor/sql"
)

// InsertStmt is an INSERT with MySQL's additions: ON DUPLICATE KEY UPDATE,
// and prefixes such as IGNORE. It has the methods of sql.Insert, each
// returning an InsertStmt, and executes like one. Like every statement it
// is immutable.
//
// The row the INSERT proposed is Inserted(): its columns in the values of
// OnDuplicateKeyUpdate are written VALUES(col) on MariaDB and on MySQL
// before 8.0.20, and through the row alias MySQL 8.0.20 introduced
// (INSERT ... AS new ON DUPLICATE KEY UPDATE c = new.c) on later MySQL,
// which deprecates VALUES().
type InsertStmt struct {
	ins        *athsql.Insert // the INSERT, with the clause as its post clause
	dup        *duplicateClause
	inserted   *athsql.Alias
	fromSelect bool
	err        error
}

var (
	_ athsql.Statement   = (*InsertStmt)(nil)
	_ athsql.ParamValued = (*InsertStmt)(nil)
	_ athsql.Walker      = (*InsertStmt)(nil)
)

// Insert returns INSERT INTO t, with MySQL's methods.
func Insert(t *athsql.Table) *InsertStmt {
	s := &InsertStmt{ins: athsql.NewInsert(t)}
	if t != nil {
		s.inserted = t.Alias("inserted")
	} else {
		s.inserted = athsql.NewTable("inserted").Alias("inserted")
	}
	return s
}

// with returns the statement over ins, its clause (if any) attached.
func (s *InsertStmt) with(ins *athsql.Insert) *InsertStmt {
	n := *s
	n.ins = ins
	if n.dup != nil {
		dup := *n.dup
		dup.fromSelect = n.fromSelect
		n.dup = &dup
		n.ins = ins.WithPostClause(&dup)
	}
	return &n
}

func (s *InsertStmt) fail(err error) *InsertStmt {
	n := s.with(s.ins)
	if n.err == nil {
		n.err = err
	}
	return n
}

// Values is sql.Insert.Values.
func (s *InsertStmt) Values(rows ...athsql.Values) *InsertStmt { return s.with(s.ins.Values(rows...)) }

// Rows is sql.Insert.Rows.
func (s *InsertStmt) Rows(columns []string, rows ...[]any) *InsertStmt {
	return s.with(s.ins.Rows(columns, rows...))
}

// Set is sql.Insert.Set.
func (s *InsertStmt) Set(assignments ...athsql.Assignment) *InsertStmt {
	return s.with(s.ins.Set(assignments...))
}

// FromSelect is sql.Insert.FromSelect. The row alias cannot follow a
// SELECT, so Inserted() is written VALUES(col) there on every server.
func (s *InsertStmt) FromSelect(columns []*athsql.Column, sel athsql.SelectStatement) *InsertStmt {
	n := *s
	n.fromSelect = true
	return n.with(s.ins.FromSelect(columns, sel))
}

// Returning is sql.Insert.Returning: MariaDB 10.5 and later return the
// rows inserted (or updated by ON DUPLICATE KEY UPDATE); MySQL has no
// RETURNING, and compiling it there fails with ErrNotSupported.
func (s *InsertStmt) Returning(items ...athsql.Element) *InsertStmt {
	return s.with(s.ins.Returning(items...))
}

// Prefix returns the INSERT with words between INSERT and INTO: IGNORE,
// LOW_PRIORITY, HIGH_PRIORITY, DELAYED. They are written as given.
func (s *InsertStmt) Prefix(words ...string) *InsertStmt { return s.with(s.ins.Prefix(words...)) }

// Ignore returns INSERT IGNORE: rows that would violate a unique key are
// skipped (and errors on values become warnings, as MySQL does for
// IGNORE).
func (s *InsertStmt) Ignore() *InsertStmt { return s.Prefix("IGNORE") }

// WithParamKeys is sql.Insert.WithParamKeys.
func (s *InsertStmt) WithParamKeys(keys []string) *InsertStmt {
	return s.with(s.ins.WithParamKeys(keys))
}

// ForParamKeys implements sql.ParamValued.
func (s *InsertStmt) ForParamKeys(keys []string) athsql.Statement { return s.WithParamKeys(keys) }

// HasValues implements sql.ParamValued.
func (s *InsertStmt) HasValues() bool { return s.ins.HasValues() }

// Table returns the target table.
func (s *InsertStmt) Table() *athsql.Table { return s.ins.Table() }

// Columns is sql.Insert.Columns.
func (s *InsertStmt) Columns() []*athsql.Column { return s.ins.Columns() }

// ReturningColumns is sql.Insert.ReturningColumns.
func (s *InsertStmt) ReturningColumns() []athsql.ColumnElement { return s.ins.ReturningColumns() }

// Statement returns the statement as a sql.Insert, with its ON DUPLICATE
// KEY UPDATE clause.
func (s *InsertStmt) Statement() *athsql.Insert { return s.ins }

// Err returns an error found while building the statement, or nil;
// compiling it returns the error too.
func (s *InsertStmt) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.ins.Err()
}

// Inserted returns the row the INSERT proposed, for the values of
// OnDuplicateKeyUpdate: Inserted().C("n") is the value the INSERT gave n.
// It is SQLAlchemy's insert().inserted. Outside ON DUPLICATE KEY UPDATE it
// names nothing the database knows.
func (s *InsertStmt) Inserted() *athsql.Alias { return s.inserted }

// OnDuplicateKeyUpdate returns the INSERT with ON DUPLICATE KEY UPDATE: a
// row that would duplicate a primary or unique key updates the existing
// row instead, setting the columns of set (by key, written in the table's
// column order) to Go values or to expressions over the existing row (the
// table's columns) and the proposed one (Inserted). Column defaults
// (OnUpdate) are not applied. A statement has one such clause: a second
// call replaces the first.
func (s *InsertStmt) OnDuplicateKeyUpdate(set athsql.Values) *InsertStmt {
	t := s.ins.Table()
	if len(set) == 0 {
		return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE needs values to set", athsql.ErrArgument))
	}
	if t == nil {
		return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE on an INSERT without a table", athsql.ErrArgument))
	}
	var assignments []athsql.Assignment
	for _, col := range t.Columns() {
		if v, ok := set[col.Key()]; ok {
			assignments = append(assignments, athsql.Assignment{Column: col, Value: v})
		}
	}
	if len(assignments) < len(set) {
		for k := range set {
			if !t.HasColumn(k) {
				return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE: table %q has no column %q", athsql.ErrNoSuchColumn, t.Name(), k))
			}
		}
	}
	return s.OnDuplicateKeyUpdateOrdered(assignments...)
}

// OnDuplicateKeyUpdateOrdered is OnDuplicateKeyUpdate with the
// assignments written in the order given, which MySQL applies left to
// right (a later one sees the values earlier ones set).
func (s *InsertStmt) OnDuplicateKeyUpdateOrdered(assignments ...athsql.Assignment) *InsertStmt {
	t := s.ins.Table()
	if len(assignments) == 0 {
		return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE needs values to set", athsql.ErrArgument))
	}
	if t == nil {
		return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE on an INSERT without a table", athsql.ErrArgument))
	}
	dup := &duplicateClause{inserted: s.inserted, alias: "new"}
	if strings.EqualFold(t.Name(), "new") {
		dup.alias = "new_1"
	}
	for _, a := range assignments {
		switch {
		case a.Column == nil:
			return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE of a nil column", athsql.ErrArgument))
		case a.Column.From() != athsql.FromClause(t):
			return s.fail(fmt.Errorf("%w: ON DUPLICATE KEY UPDATE of column %q, which is not a column of table %q", athsql.ErrArgument, a.Column.Name(), t.Name()))
		}
		dup.cols = append(dup.cols, a.Column)
		dup.vals = append(dup.vals, athsql.ValueFor(a.Column, a.Value))
	}
	n := *s
	n.dup = dup
	return n.with(s.ins)
}

// StatementKind implements sql.Statement.
func (s *InsertStmt) StatementKind() athsql.StatementKind { return athsql.KindInsert }

// WriteSQL implements sql.Element.
func (s *InsertStmt) WriteSQL(c *athsql.Compiler) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	c.Write(s.ins)
}

// WriteCacheKey implements sql.Element.
func (s *InsertStmt) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("mysql.InsertStmt")
	k.Bool(s.err != nil)
	k.Element(s.ins)
}

// Children implements sql.Walker.
func (s *InsertStmt) Children() []athsql.Element { return []athsql.Element{s.ins} }

// duplicateClause is ON DUPLICATE KEY UPDATE, the post clause of the
// INSERT.
type duplicateClause struct {
	inserted   *athsql.Alias
	alias      string // the row alias's name (MySQL 8.0.20+)
	fromSelect bool
	cols       []*athsql.Column
	vals       []athsql.ColumnElement
}

// WriteSQL implements sql.Element.
func (dc *duplicateClause) WriteSQL(c *athsql.Compiler) {
	d, _ := c.Dialect().(*Dialect)
	rowAlias := d != nil && d.rowAlias && !dc.fromSelect
	if rowAlias {
		c.WriteString("AS ")
		c.WriteIdentifier(dc.alias)
		c.WriteByte(' ')
	}
	c.WriteString("ON DUPLICATE KEY UPDATE ")
	writeInserted := func(c *athsql.Compiler, col *athsql.Column) {
		if rowAlias {
			c.WriteIdentifier(dc.alias)
			c.WriteByte('.')
			c.WriteIdentifier(col.Name())
			return
		}
		c.WriteString("VALUES(")
		c.WriteIdentifier(col.Name())
		c.WriteByte(')')
	}
	c.WithColumnWriter(dc.inserted, writeInserted, func() {
		for i, col := range dc.cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteIdentifier(col.Name())
			c.WriteString(" = ")
			c.Write(dc.vals[i])
		}
	})
}

// WriteCacheKey implements sql.Element.
func (dc *duplicateClause) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("mysql.duplicateClause")
	k.Bool(dc.fromSelect)
	k.String(dc.alias)
	k.From(dc.inserted)
	k.Int(len(dc.cols))
	for i, col := range dc.cols {
		k.String(col.Name())
		k.Element(dc.vals[i])
	}
}

// Children implements sql.Walker.
func (dc *duplicateClause) Children() []athsql.Element {
	out := make([]athsql.Element, len(dc.vals))
	for i, v := range dc.vals {
		out[i] = v
	}
	return out
}
