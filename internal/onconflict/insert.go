package onconflict

import (
	"fmt"

	"github.com/athanordb/athanor/sql"
)

// Insert is what the dialects' upsert statements share: an INSERT whose
// ON CONFLICT clauses are its post clause, with the builder methods of
// sql.Insert returning the dialect's own statement type S. A dialect
// declares
//
//	type InsertStmt struct{ onconflict.Insert[*InsertStmt] }
//
// makes one with NewInsert, and adds its OnConflict methods, which build
// clauses and attach them with Add (functions rather than methods, so that
// they do not become methods of the dialect's statement).
type Insert[S sql.Statement] struct {
	ins     *sql.Insert
	clauses Clauses
	err     error
	tag     string
	wrap    func(Insert[S]) S
}

// NewInsert returns INSERT INTO t as the dialect's statement: wrap makes
// an S of the shared part, tag names the statement in cache keys.
func NewInsert[S sql.Statement](t *sql.Table, tag string, wrap func(Insert[S]) S) S {
	return wrap(Insert[S]{ins: sql.NewInsert(t), tag: tag, wrap: wrap})
}

func (s Insert[S]) with(ins *sql.Insert) S {
	s.ins = ins
	return s.wrap(s)
}

// Values is sql.Insert.Values.
func (s Insert[S]) Values(rows ...sql.Values) S { return s.with(s.ins.Values(rows...)) }

// Rows is sql.Insert.Rows.
func (s Insert[S]) Rows(columns []string, rows ...[]any) S {
	return s.with(s.ins.Rows(columns, rows...))
}

// Set is sql.Insert.Set.
func (s Insert[S]) Set(assignments ...sql.Assignment) S { return s.with(s.ins.Set(assignments...)) }

// FromSelect is sql.Insert.FromSelect.
func (s Insert[S]) FromSelect(columns []*sql.Column, sel sql.SelectStatement) S {
	return s.with(s.ins.FromSelect(columns, sel))
}

// Returning is sql.Insert.Returning: the rows inserted or updated.
func (s Insert[S]) Returning(items ...sql.Element) S { return s.with(s.ins.Returning(items...)) }

// Prefix is sql.Insert.Prefix.
func (s Insert[S]) Prefix(words ...string) S { return s.with(s.ins.Prefix(words...)) }

// WithParamKeys is sql.Insert.WithParamKeys.
func (s Insert[S]) WithParamKeys(keys []string) S { return s.with(s.ins.WithParamKeys(keys)) }

// ForParamKeys implements sql.ParamValued.
func (s Insert[S]) ForParamKeys(keys []string) sql.Statement { return s.WithParamKeys(keys) }

// HasValues implements sql.ParamValued.
func (s Insert[S]) HasValues() bool { return s.ins.HasValues() }

// Table returns the target table.
func (s Insert[S]) Table() *sql.Table { return s.ins.Table() }

// Columns is sql.Insert.Columns.
func (s Insert[S]) Columns() []*sql.Column { return s.ins.Columns() }

// ReturningColumns is sql.Insert.ReturningColumns.
func (s Insert[S]) ReturningColumns() []sql.ColumnElement { return s.ins.ReturningColumns() }

// Statement returns the statement as a sql.Insert, with its ON CONFLICT
// clauses.
func (s Insert[S]) Statement() *sql.Insert { return s.ins }

// Err returns an error found while building the statement, or nil;
// compiling it returns the error too.
func (s Insert[S]) Err() error {
	if s.err != nil {
		return s.err
	}
	return s.ins.Err()
}

// Excluded returns the row the INSERT proposed, which a conflict kept out:
// excluded.col in DO UPDATE SET and WHERE.
func (s Insert[S]) Excluded() *sql.Alias {
	if t := s.ins.Table(); t != nil {
		return t.Alias("excluded")
	}
	return sql.NewTable("excluded").Alias("excluded")
}

// ClausesOf returns the ON CONFLICT clauses added to s so far.
func ClausesOf[S sql.Statement](s Insert[S]) Clauses { return s.clauses }

// Fail returns s with an error that compiling it will return (the first
// one is kept).
func Fail[S sql.Statement](s Insert[S], err error) S {
	if s.err == nil {
		s.err = err
	}
	return s.wrap(s)
}

// Add returns s with a clause appended.
func Add[S sql.Statement](s Insert[S], c *Clause) S {
	s.clauses = append(s.clauses[:len(s.clauses):len(s.clauses)], c)
	s.ins = s.ins.WithPostClause(s.clauses)
	return s.wrap(s)
}

// StatementKind implements sql.Statement.
func (s Insert[S]) StatementKind() sql.StatementKind { return sql.KindInsert }

// WriteSQL implements sql.Element.
func (s Insert[S]) WriteSQL(c *sql.Compiler) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	c.Write(s.ins)
}

// WriteCacheKey implements sql.Element.
func (s Insert[S]) WriteCacheKey(k *sql.CacheKey) {
	k.Custom(s.tag)
	k.Bool(s.err != nil)
	k.Element(s.ins)
}

// Children implements sql.Walker.
func (s Insert[S]) Children() []sql.Element { return []sql.Element{s.ins} }

// AtMostOne returns the target of an OnConflictDoNothing(target...) call:
// the zero value for none, an ErrArgument error for more than one.
func AtMostOne[T any](targets []T) (T, error) {
	var t T
	switch len(targets) {
	case 0:
		return t, nil
	case 1:
		return targets[0], nil
	}
	return t, fmt.Errorf("%w: OnConflictDoNothing takes at most one target", sql.ErrArgument)
}

// Condition joins the conditions of a DO UPDATE's WHERE with AND; nil for
// none.
func Condition(where []sql.ColumnElement) sql.ColumnElement {
	switch len(where) {
	case 0:
		return nil
	case 1:
		return where[0]
	}
	return sql.And(where...)
}
