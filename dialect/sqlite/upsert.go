package sqlite

import (
	"fmt"

	"github.com/athanordb/athanor/internal/onconflict"
	athsql "github.com/athanordb/athanor/sql"
)

// InsertStmt is an INSERT with SQLite's upsert clauses: ON CONFLICT ... DO
// NOTHING and ON CONFLICT ... DO UPDATE SET. It has the methods of
// sql.Insert, each returning an InsertStmt, and executes like one.
// Like every statement it is immutable.
//
// After a conflict SQLite's last insert id tells nothing about the row:
// ask for the key with Returning rather than InsertedPrimaryKey.
type InsertStmt struct {
	ins     *athsql.Insert // the INSERT, with the clauses as its post clause
	clauses onconflict.Clauses
	err     error
}

var (
	_ athsql.Statement   = (*InsertStmt)(nil)
	_ athsql.ParamValued = (*InsertStmt)(nil)
	_ athsql.Walker      = (*InsertStmt)(nil)
)

// ConflictTarget is an ON CONFLICT target: the columns or expressions of
// a unique index or constraint, and for a partial index its condition.
// Make one with On; its Where method adds the condition.
type ConflictTarget = onconflict.Target

// On returns the conflict target made of a unique index's (or the primary
// key's) elements: column keys (strings), columns, or expressions such as
// lower(email).
func On(elems ...any) ConflictTarget { return onconflict.On(elems...) }

// Insert returns INSERT INTO t, with SQLite's upsert methods.
func Insert(t *athsql.Table) *InsertStmt { return &InsertStmt{ins: athsql.NewInsert(t)} }

func (s *InsertStmt) with(ins *athsql.Insert) *InsertStmt {
	return &InsertStmt{ins: ins, clauses: s.clauses, err: s.err}
}

// Values is sql.Insert.Values.
func (s *InsertStmt) Values(rows ...athsql.Values) *InsertStmt { return s.with(s.ins.Values(rows...)) }

// Set is sql.Insert.Set.
func (s *InsertStmt) Set(assignments ...athsql.Assignment) *InsertStmt {
	return s.with(s.ins.Set(assignments...))
}

// FromSelect is sql.Insert.FromSelect. SQLite parses INSERT ... SELECT ...
// ON CONFLICT only when the SELECT has a WHERE clause (WHERE true will
// do).
func (s *InsertStmt) FromSelect(columns []*athsql.Column, sel athsql.SelectStatement) *InsertStmt {
	return s.with(s.ins.FromSelect(columns, sel))
}

// Returning is sql.Insert.Returning: the rows inserted or updated.
func (s *InsertStmt) Returning(items ...athsql.Element) *InsertStmt {
	return s.with(s.ins.Returning(items...))
}

// Prefix is sql.Insert.Prefix.
func (s *InsertStmt) Prefix(words ...string) *InsertStmt { return s.with(s.ins.Prefix(words...)) }

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

// Statement returns the statement as a sql.Insert, with its ON CONFLICT
// clauses.
func (s *InsertStmt) Statement() *athsql.Insert { return s.ins }

// Err returns an error found while building the statement, or nil;
// compiling it returns the error too.
func (s *InsertStmt) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.ins.Err()
}

// Excluded returns the row the INSERT proposed, which a conflict kept out:
// excluded.col in DO UPDATE SET and WHERE.
func (s *InsertStmt) Excluded() *athsql.Alias {
	if t := s.ins.Table(); t != nil {
		return t.Alias("excluded")
	}
	return athsql.NewTable("excluded").Alias("excluded")
}

// OnConflictDoNothing returns the INSERT with ON CONFLICT [target] DO
// NOTHING: rows that would violate a uniqueness constraint (the target's,
// or any without a target) are skipped. Clauses are written in the order
// they are added; only the last may omit its target.
func (s *InsertStmt) OnConflictDoNothing(target ...ConflictTarget) *InsertStmt {
	var t ConflictTarget
	switch len(target) {
	case 0:
	case 1:
		t = target[0]
	default:
		return s.fail(fmt.Errorf("%w: OnConflictDoNothing takes at most one target", athsql.ErrArgument))
	}
	return s.add(onconflict.DoNothing(s.ins.Table(), t))
}

// OnConflictDoUpdate returns the INSERT with ON CONFLICT target DO UPDATE
// SET ... [WHERE ...]: a row that conflicts on the target updates the
// existing row instead. set gives the new values by column key: Go values,
// or expressions over the existing row (the table's columns) and the
// proposed one (Excluded). Rows where a condition is false are left as
// they are. Column defaults (OnUpdate) are not applied.
func (s *InsertStmt) OnConflictDoUpdate(target ConflictTarget, set athsql.Values, where ...athsql.ColumnElement) *InsertStmt {
	var cond athsql.ColumnElement
	switch len(where) {
	case 0:
	case 1:
		cond = where[0]
	default:
		cond = athsql.And(where...)
	}
	return s.add(onconflict.DoUpdate(s.ins.Table(), target, set, cond))
}

func (s *InsertStmt) fail(err error) *InsertStmt {
	n := s.with(s.ins)
	if n.err == nil {
		n.err = err
	}
	return n
}

// add appends a clause: SQLite accepts several, the last of which alone
// may omit its target.
func (s *InsertStmt) add(c *onconflict.Clause) *InsertStmt {
	if k := len(s.clauses); k > 0 && !s.clauses[k-1].HasTarget() {
		return s.fail(fmt.Errorf("%w: the INSERT already has an ON CONFLICT clause without a target, which must be its last", athsql.ErrArgument))
	}
	clauses := append(s.clauses[:len(s.clauses):len(s.clauses)], c)
	n := &InsertStmt{ins: s.ins.WithPostClause(clauses), clauses: clauses, err: s.err}
	return n
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
	k.Custom("sqlite.InsertStmt")
	k.Bool(s.err != nil)
	k.Element(s.ins)
}

// Children implements sql.Walker.
func (s *InsertStmt) Children() []athsql.Element { return []athsql.Element{s.ins} }
