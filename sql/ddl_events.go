package sql

import (
	"context"
	"fmt"
)

// DDLEventKind says when CreateAll or DropAll calls a DDL listener.
type DDLEventKind uint8

// The DDL events, as SQLAlchemy's DDLEvents names them.
const (
	// BeforeCreate: a table's listeners run just before its CREATE TABLE;
	// the metadata's run before anything CreateAll does (before the
	// sequences and named types too).
	BeforeCreate DDLEventKind = iota + 1
	// AfterCreate: a table's listeners run after its CREATE TABLE, its
	// indexes and its comments (foreign keys of a cycle, added with ALTER
	// TABLE once all tables exist, come later); the metadata's run after
	// everything CreateAll does.
	AfterCreate
	// BeforeDrop: a table's listeners run just before its DROP TABLE; the
	// metadata's run before anything DropAll does.
	BeforeDrop
	// AfterDrop: a table's listeners run after its DROP TABLE; the
	// metadata's run after everything DropAll does (after the sequences
	// and named types are dropped).
	AfterDrop
)

var ddlEventNames = [...]string{"", "before create", "after create", "before drop", "after drop"}

func (k DDLEventKind) String() string {
	if int(k) < len(ddlEventNames) && k != 0 {
		return ddlEventNames[k]
	}
	return fmt.Sprintf("DDLEventKind(%d)", k)
}

// DDLEvent is what a DDL listener is told.
type DDLEvent struct {
	Kind DDLEventKind
	// MetaData is the metadata whose CreateAll or DropAll runs.
	MetaData *MetaData
	// Table is the table created or dropped, for a table's listeners;
	// nil for the metadata's.
	Table *Table
	// Tables are the tables the run creates (or drops), in the order it
	// does: with the existence check, only those that do not exist yet
	// (that exist). For the metadata's listeners; nil for a table's.
	Tables []*Table
	// CheckFirst is false when the run was told not to check what exists
	// (CreateOptions.NoCheckFirst).
	CheckFirst bool
}

// DDLListener is called by CreateAll and DropAll around CREATE and DROP,
// with the executor they run on, so that it can run DDL of its own (a
// trigger, a view, a grant) in the same place (the same transaction when
// the executor is one). An error stops the run: nothing after it is
// executed, and CreateAll or DropAll returns the error, wrapped.
//
// A table's listeners run only when CreateAll creates the table (DropAll
// drops it): not when the check finds it exists already (is missing), and
// not for a CreateTable statement executed by hand. The metadata's run on
// every CreateAll and DropAll, even one with nothing to do.
type DDLListener func(ctx context.Context, ex DDLExecutor, ev DDLEvent) error

type ddlListener struct {
	kind DDLEventKind
	fn   DDLListener
}

// Listen registers fn to be called at the event kind of every CreateAll
// and DropAll of the metadata, in the order of registration. Register
// listeners while defining the schema: Listen must not run concurrently
// with CreateAll or DropAll.
func (m *MetaData) Listen(kind DDLEventKind, fn DDLListener) {
	if fn != nil {
		m.listeners = append(m.listeners, ddlListener{kind, fn})
	}
}

// Listen registers fn to be called at the event kind when CreateAll
// creates the table or DropAll drops it, in the order of registration,
// after the listeners given to the table as items (sql.Listen). Like
// MetaData.Listen, it must not run concurrently with them.
func (t *Table) Listen(kind DDLEventKind, fn DDLListener) {
	if fn != nil {
		t.listeners = append(t.listeners, ddlListener{kind, fn})
	}
}

// Listen is a table item that registers a DDL listener of the table, as
// Table.Listen does:
//
//	md.Table("account", cols...,
//		sql.Listen(sql.AfterCreate, sql.RunDDL(sql.Text("CREATE INDEX ..."))))
func Listen(kind DDLEventKind, fn DDLListener) TableItem {
	return tableOptionFunc(func(t *Table) { t.Listen(kind, fn) })
}

// RunDDL returns a listener that executes the statements in order, as
// SQLAlchemy's DDL construct does when attached to an event. A listener
// that depends on the database checks ex.Dialect() itself.
func RunDDL(stmts ...Statement) DDLListener {
	return func(ctx context.Context, ex DDLExecutor, _ DDLEvent) error {
		for _, st := range stmts {
			if err := ex.ExecDDL(ctx, st); err != nil {
				return err
			}
		}
		return nil
	}
}

// ddlStep is one step of what CreateAll or DropAll runs: a statement, or
// the listeners of one event.
type ddlStep struct {
	stmt      Statement
	listeners []ddlListener
	ev        DDLEvent
}

// addEvent appends a step calling the listeners of ev.Kind among ls, if
// there are any.
func (p *ddlPlan) addEvent(ls []ddlListener, ev DDLEvent) {
	var of []ddlListener
	for _, l := range ls {
		if l.kind == ev.Kind {
			of = append(of, l)
		}
	}
	if len(of) > 0 {
		*p = append(*p, ddlStep{listeners: of, ev: ev})
	}
}

func (p *ddlPlan) add(st Statement) { *p = append(*p, ddlStep{stmt: st}) }

// call runs the listeners of a step.
func (s ddlStep) call(ctx context.Context, ex DDLExecutor) error {
	for _, l := range s.listeners {
		if err := l.fn(ctx, ex, s.ev); err != nil {
			if s.ev.Table != nil {
				return fmt.Errorf("athanor: %s listener of table %s: %w", s.ev.Kind, s.ev.Table.FullName(), err)
			}
			return fmt.Errorf("athanor: %s listener of the metadata: %w", s.ev.Kind, err)
		}
	}
	return nil
}
