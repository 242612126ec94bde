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
// ask for the key with Returning rather than InsertedPrimaryKey. SQLite
// parses INSERT ... SELECT ... ON CONFLICT only when the SELECT has a
// WHERE clause (WHERE true will do).
type InsertStmt struct {
	onconflict.Insert[*InsertStmt]
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
func Insert(t *athsql.Table) *InsertStmt {
	return onconflict.NewInsert(t, "sqlite.InsertStmt", func(b onconflict.Insert[*InsertStmt]) *InsertStmt {
		return &InsertStmt{b}
	})
}

// OnConflictDoNothing returns the INSERT with ON CONFLICT [target] DO
// NOTHING: rows that would violate a uniqueness constraint (the target's,
// or any without a target) are skipped. Clauses are written in the order
// they are added; only the last may omit its target.
func (s *InsertStmt) OnConflictDoNothing(target ...ConflictTarget) *InsertStmt {
	t, err := onconflict.AtMostOne(target)
	if err != nil {
		return onconflict.Fail(s.Insert, err)
	}
	return s.add(onconflict.DoNothing(s.Table(), t))
}

// OnConflictDoUpdate returns the INSERT with ON CONFLICT target DO UPDATE
// SET ... [WHERE ...]: a row that conflicts on the target updates the
// existing row instead. set gives the new values by column key: Go values,
// or expressions over the existing row (the table's columns) and the
// proposed one (Excluded). Rows where a condition is false are left as
// they are. Column defaults (OnUpdate) are not applied.
func (s *InsertStmt) OnConflictDoUpdate(target ConflictTarget, set athsql.Values, where ...athsql.ColumnElement) *InsertStmt {
	return s.add(onconflict.DoUpdate(s.Table(), target, set, onconflict.Condition(where)))
}

// add appends a clause: SQLite accepts several, the last of which alone
// may omit its target.
func (s *InsertStmt) add(c *onconflict.Clause) *InsertStmt {
	if cs := onconflict.ClausesOf(s.Insert); len(cs) > 0 && !cs[len(cs)-1].HasTarget() {
		return onconflict.Fail(s.Insert, fmt.Errorf("%w: the INSERT already has an ON CONFLICT clause without a target, which must be its last", athsql.ErrArgument))
	}
	return onconflict.Add(s.Insert, c)
}
