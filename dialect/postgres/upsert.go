package postgres

import (
	"fmt"

	"github.com/athanordb/athanor/internal/onconflict"
	athsql "github.com/athanordb/athanor/sql"
)

// InsertStmt is an INSERT that may carry PostgreSQL's upsert clause: ON
// CONFLICT ... DO NOTHING, or ON CONFLICT ... DO UPDATE SET ... [WHERE
// ...]. Its builder methods are sql.Insert's (Values, Returning, ...),
// returning InsertStmt values; Returning gives the rows inserted or updated,
// not those DO NOTHING skipped. Statements are immutable.
type InsertStmt struct {
	onconflict.Insert[*InsertStmt]
}

// Insert returns INSERT INTO t, with PostgreSQL's upsert methods.
func Insert(t *athsql.Table) *InsertStmt {
	return onconflict.NewInsert(t, "postgres.InsertStmt", func(b onconflict.Insert[*InsertStmt]) *InsertStmt {
		return &InsertStmt{b}
	})
}

// ConflictTarget is what an ON CONFLICT clause arbitrates on: the
// elements of a unique index (On, with Where for a partial index) or a
// constraint (OnConstraint, OnConstraintOf, OnIndex).
type ConflictTarget struct {
	t   onconflict.Target
	err error
}

// On returns the target made of a unique index's (or the primary key's)
// elements: column keys (strings), columns, or expressions such as
// lower(email); PostgreSQL finds the index.
func On(elems ...any) ConflictTarget { return ConflictTarget{t: onconflict.On(elems...)} }

// Where returns the target of a partial unique index: its condition, which
// is written with its values inline, as PostgreSQL matches it against the
// index's.
func (t ConflictTarget) Where(cond athsql.ColumnElement) ConflictTarget {
	t.t = t.t.Where(cond)
	return t
}

// OnConstraint returns the target named by a unique or exclusion
// constraint: ON CONFLICT ON CONSTRAINT name.
func OnConstraint(name string) ConflictTarget {
	if name == "" {
		return ConflictTarget{err: fmt.Errorf("%w: OnConstraint needs a constraint name", athsql.ErrArgument)}
	}
	return ConflictTarget{t: onconflict.OnConstraint(name)}
}

// OnConstraintOf returns the target of a table's primary key or unique
// constraint: by name when it was declared with one, by its columns
// otherwise.
func OnConstraintOf(c athsql.Constraint) ConflictTarget {
	var cols []*athsql.Column
	switch x := c.(type) {
	case *athsql.PrimaryKeyConstraint:
		if x != nil {
			cols = x.Columns()
		}
	case *athsql.UniqueConstraint:
		if x != nil {
			cols = x.Columns()
		}
	default:
		return ConflictTarget{err: fmt.Errorf("%w: an ON CONFLICT target is a primary key or unique constraint, not %T", athsql.ErrArgument, c)}
	}
	if len(cols) == 0 {
		return ConflictTarget{err: fmt.Errorf("%w: ON CONFLICT on a constraint without columns", athsql.ErrArgument)}
	}
	if name := c.Name(); name != "" {
		return OnConstraint(name)
	}
	elems := make([]any, len(cols))
	for i, col := range cols {
		elems[i] = col
	}
	return On(elems...)
}

// OnIndex returns the target of a unique index: its expressions, and its
// condition when it is partial.
func OnIndex(ix *athsql.Index) ConflictTarget {
	if ix == nil || len(ix.Expressions()) == 0 {
		return ConflictTarget{err: fmt.Errorf("%w: ON CONFLICT on an index without expressions", athsql.ErrArgument)}
	}
	elems := make([]any, len(ix.Expressions()))
	for i, e := range ix.Expressions() {
		elems[i] = e
	}
	t := On(elems...)
	if w := ix.WhereClause(); w != nil {
		t = t.Where(w)
	}
	return t
}

// OnConflictDoNothing returns the INSERT with ON CONFLICT [target] DO
// NOTHING: a row that would violate a uniqueness or exclusion constraint
// (the target's, or any without a target) is skipped. An INSERT has one
// ON CONFLICT clause.
func (s *InsertStmt) OnConflictDoNothing(target ...ConflictTarget) *InsertStmt {
	t, err := onconflict.AtMostOne(target)
	if err == nil {
		err = t.err
	}
	if err != nil {
		return onconflict.Fail(s.Insert, err)
	}
	return s.add(onconflict.DoNothing(s.Table(), t.t))
}

// OnConflictDoUpdate returns the INSERT with ON CONFLICT target DO UPDATE
// SET ... [WHERE ...]: a row that conflicts on the target updates the
// existing row instead. set gives the new values by column key: Go values,
// or expressions over the existing row (the table's columns) and the
// proposed one (Excluded). Rows where a condition is false are left as
// they are (and not returned). The target is required; column defaults
// (OnUpdate) are not applied.
func (s *InsertStmt) OnConflictDoUpdate(target ConflictTarget, set athsql.Values, where ...athsql.ColumnElement) *InsertStmt {
	if target.err != nil {
		return onconflict.Fail(s.Insert, target.err)
	}
	if target.t.IsZero() {
		return onconflict.Fail(s.Insert, fmt.Errorf("%w: ON CONFLICT DO UPDATE needs a target (On, OnConstraint)", athsql.ErrArgument))
	}
	return s.add(onconflict.DoUpdate(s.Table(), target.t, set, onconflict.Condition(where)))
}

// add sets the clause: PostgreSQL takes one.
func (s *InsertStmt) add(c *onconflict.Clause) *InsertStmt {
	if len(onconflict.ClausesOf(s.Insert)) > 0 {
		return onconflict.Fail(s.Insert, fmt.Errorf("%w: the INSERT already has an ON CONFLICT clause; PostgreSQL takes one", athsql.ErrArgument))
	}
	return onconflict.Add(s.Insert, c)
}
