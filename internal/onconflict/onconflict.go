// Package onconflict renders the ON CONFLICT clause of INSERT, the upsert
// syntax SQLite and PostgreSQL share, for their dialect packages:
//
//	ON CONFLICT [(index elements) [WHERE index condition] | ON CONSTRAINT name]
//	    DO NOTHING
//	    DO UPDATE SET col = value, ... [WHERE condition]
//
// A dialect package builds Clauses when its Insert statement's methods are
// called (so that their bind parameters exist before compilation) and
// attaches them with sql.Insert.WithPostClause; the rules that differ
// (SQLite takes several clauses, PostgreSQL one and ON CONSTRAINT) stay in
// the dialect.
package onconflict

import (
	"fmt"

	"github.com/athanordb/athanor/sql"
)

// Target is a conflict target: the columns or expressions of a unique
// index (and, for a partial index, its condition), or a constraint's name.
// The zero Target is no target: any conflict.
type Target struct {
	elems      []any
	where      sql.ColumnElement
	constraint string
}

// On returns the target made of a unique index's elements: column keys
// (strings) of the INSERT's table, its columns, or expressions
// (lower(email)).
func On(elems ...any) Target { return Target{elems: elems} }

// OnConstraint returns the target named by a unique constraint
// (PostgreSQL's ON CONSTRAINT).
func OnConstraint(name string) Target { return Target{constraint: name} }

// Where returns the target of a partial unique index: its condition, which
// is written with its values inline, as the index has them.
func (t Target) Where(cond sql.ColumnElement) Target {
	t.where = cond
	return t
}

// IsZero reports whether the target is empty (any conflict).
func (t Target) IsZero() bool { return len(t.elems) == 0 && t.constraint == "" && t.where == nil }

// Clause is one ON CONFLICT clause.
type Clause struct {
	elems      []sql.ColumnElement
	where      sql.ColumnElement
	constraint string
	update     bool
	setCols    []*sql.Column
	setVals    []sql.ColumnElement
	cond       sql.ColumnElement
	err        error
}

func (c *Clause) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

func resolve(t *sql.Table, target Target) *Clause {
	c := &Clause{where: target.where, constraint: target.constraint}
	if t == nil {
		c.fail(fmt.Errorf("%w: ON CONFLICT on an INSERT without a table", sql.ErrArgument))
		return c
	}
	if target.where != nil && len(target.elems) == 0 {
		c.fail(fmt.Errorf("%w: an ON CONFLICT target with WHERE needs the index's columns", sql.ErrArgument))
	}
	for _, e := range target.elems {
		switch x := e.(type) {
		case string:
			if !t.HasColumn(x) {
				c.fail(fmt.Errorf("%w: ON CONFLICT target: table %q has no column %q", sql.ErrNoSuchColumn, t.Name(), x))
				continue
			}
			c.elems = append(c.elems, t.C(x))
		case *sql.Column:
			if x == nil || x.Table() != t {
				c.fail(fmt.Errorf("%w: ON CONFLICT target: a column of another table than %q", sql.ErrArgument, t.Name()))
				continue
			}
			c.elems = append(c.elems, x)
		case sql.ColumnElement:
			c.elems = append(c.elems, x)
		default:
			c.fail(fmt.Errorf("%w: ON CONFLICT target: %T is neither a column key nor an expression", sql.ErrArgument, e))
		}
	}
	return c
}

// DoNothing returns ON CONFLICT [target] DO NOTHING for an INSERT into t.
func DoNothing(t *sql.Table, target Target) *Clause { return resolve(t, target) }

// DoUpdate returns ON CONFLICT target DO UPDATE SET ... [WHERE cond] for an
// INSERT into t. set gives values by column key, written in the table's
// column order: Go values (bound with the column's type) or expressions,
// such as the proposed row's columns (excluded.col). cond may be nil.
func DoUpdate(t *sql.Table, target Target, set sql.Values, cond sql.ColumnElement) *Clause {
	c := resolve(t, target)
	c.update, c.cond = true, cond
	if len(set) == 0 {
		c.fail(fmt.Errorf("%w: ON CONFLICT DO UPDATE needs values to set", sql.ErrArgument))
	}
	if t == nil {
		return c
	}
	n := 0
	for _, col := range t.Columns() {
		if v, ok := set[col.Key()]; ok {
			c.setCols = append(c.setCols, col)
			c.setVals = append(c.setVals, sql.ValueFor(col, v))
			n++
		}
	}
	if n < len(set) {
		for k := range set {
			if !t.HasColumn(k) {
				c.fail(fmt.Errorf("%w: ON CONFLICT DO UPDATE SET: table %q has no column %q", sql.ErrNoSuchColumn, t.Name(), k))
				break
			}
		}
	}
	return c
}

// HasTarget reports whether the clause names a conflict target.
func (c *Clause) HasTarget() bool { return len(c.elems) > 0 || c.constraint != "" }

// IsUpdate reports whether the clause is DO UPDATE.
func (c *Clause) IsUpdate() bool { return c.update }

// Err returns the error found building the clause, or nil.
func (c *Clause) Err() error { return c.err }

// WriteSQL implements sql.Element.
func (c *Clause) WriteSQL(comp *sql.Compiler) {
	if c.err != nil {
		comp.Fail(c.err)
		return
	}
	comp.WriteString("ON CONFLICT")
	switch {
	case c.constraint != "":
		comp.WriteString(" ON CONSTRAINT ")
		comp.WriteIdentifier(c.constraint)
	case len(c.elems) > 0:
		comp.WriteString(" (")
		for i, e := range c.elems {
			if i > 0 {
				comp.WriteString(", ")
			}
			comp.WriteInline(e)
		}
		comp.WriteByte(')')
		if c.where != nil {
			comp.WriteString(" WHERE ")
			comp.WriteInline(c.where)
		}
	}
	if !c.update {
		comp.WriteString(" DO NOTHING")
		return
	}
	comp.WriteString(" DO UPDATE SET ")
	for i, col := range c.setCols {
		if i > 0 {
			comp.WriteString(", ")
		}
		comp.WriteIdentifier(col.Name())
		comp.WriteString(" = ")
		comp.Write(c.setVals[i])
	}
	if c.cond != nil {
		comp.WriteString(" WHERE ")
		comp.Write(c.cond)
	}
}

// WriteCacheKey implements sql.Element.
func (c *Clause) WriteCacheKey(k *sql.CacheKey) {
	k.Custom("onconflict.Clause")
	k.Elements(c.elems)
	k.Element(c.where)
	k.String(c.constraint)
	k.Bool(c.update)
	k.Int(len(c.setCols))
	for i, col := range c.setCols {
		k.String(col.Name())
		k.Element(c.setVals[i])
	}
	k.Element(c.cond)
	k.Bool(c.err != nil)
}

// Children implements sql.Walker.
func (c *Clause) Children() []sql.Element {
	out := make([]sql.Element, 0, len(c.elems)+len(c.setVals)+2)
	for _, e := range c.elems {
		out = append(out, e)
	}
	for _, v := range c.setVals {
		out = append(out, v)
	}
	if c.where != nil {
		out = append(out, c.where)
	}
	if c.cond != nil {
		out = append(out, c.cond)
	}
	return out
}

// Clauses are the ON CONFLICT clauses of one INSERT, written in order,
// separated by spaces: the post clause of the sql.Insert.
type Clauses []*Clause

// WriteSQL implements sql.Element.
func (cs Clauses) WriteSQL(comp *sql.Compiler) {
	for i, c := range cs {
		if i > 0 {
			comp.WriteByte(' ')
		}
		comp.Write(c)
	}
}

// WriteCacheKey implements sql.Element.
func (cs Clauses) WriteCacheKey(k *sql.CacheKey) {
	k.Custom("onconflict.Clauses")
	k.Int(len(cs))
	for _, c := range cs {
		k.Element(c)
	}
}

// Children implements sql.Walker.
func (cs Clauses) Children() []sql.Element {
	out := make([]sql.Element, len(cs))
	for i, c := range cs {
		out[i] = c
	}
	return out
}
