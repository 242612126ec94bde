package sql

import (
	"context"
	"fmt"
	"slices"

	"github.com/athanordb/athanor/dialect"
)

// SchemaObject is a database object other than a table that tables
// depend on: a sequence a column takes its values from, a named type
// (PostgreSQL's enum types). CreateAll creates the objects its tables use
// before the tables, and DropAll drops them after the tables, unless a
// table it keeps still uses them. Sequences are Core's; a dialect adds its
// own kinds with the Hooks.SchemaObjects hook.
type SchemaObject struct {
	Kind   dialect.ObjectKind
	Schema string
	Name   string
	Create Statement
	Drop   Statement
}

func (o SchemaObject) key() string { return string(o.Kind) + "\x00" + o.Schema + "\x00" + o.Name }

// ObjectChecker is implemented by DDL executors that can say whether a
// schema object other than a table exists (through the dialect's
// dialect.ObjectLister). CreateAll and DropAll need it to check first for
// tables that use sequences or named types.
type ObjectChecker interface {
	HasObject(ctx context.Context, kind dialect.ObjectKind, schema, name string) (bool, error)
}

// SchemaObjectsOf returns the objects the tables use, on d, in order of
// first use and without repeats: the sequences of their columns' defaults
// (where d has sequences), then the dialect's own (Hooks.SchemaObjects).
func SchemaObjectsOf(d dialect.Dialect, tables []*Table) []SchemaObject {
	var out []SchemaObject
	seen := map[string]bool{}
	add := func(o SchemaObject) {
		if k := o.key(); !seen[k] {
			seen[k] = true
			out = append(out, o)
		}
	}
	if d.Features().Sequences {
		for _, t := range tables {
			for _, col := range t.columns {
				for _, e := range []Element{defaultExpr(col.spec.def), col.spec.serverDefault} {
					Walk(e, func(el Element) bool {
						if n, ok := el.(*NextValue); ok {
							add(n.seq.schemaObject())
						}
						return true
					})
				}
			}
		}
	}
	if h := hooksOf(d).SchemaObjects; h != nil {
		for _, o := range h(d, tables) {
			add(o)
		}
	}
	return out
}

func defaultExpr(d *ColumnDefault) Element {
	if d == nil || d.Expr == nil {
		return nil
	}
	return d.Expr
}

// objectsToCreate returns the objects CreateAll makes for tables (with the
// metadata's own sequences when all tables are created) that do not exist
// yet.
func (m *MetaData) objectsToCreate(ctx context.Context, ex DDLExecutor, d dialect.Dialect, o *CreateOptions, tables []*Table) ([]SchemaObject, error) {
	objs := SchemaObjectsOf(d, tables)
	if o.Tables == nil && d.Features().Sequences {
		objs = mergeObjects(objs, m.sequenceObjects())
	}
	return filterExisting(ctx, ex, o, objs, false)
}

// objectsToDrop returns the objects DropAll drops after tables: those the
// tables use (and the metadata's own sequences when all tables are
// dropped) that no other table of the metadata uses, and that exist.
func (m *MetaData) objectsToDrop(ctx context.Context, ex DDLExecutor, d dialect.Dialect, o *CreateOptions, tables []*Table) ([]SchemaObject, error) {
	objs := SchemaObjectsOf(d, tables)
	if o.Tables == nil {
		if d.Features().Sequences {
			objs = mergeObjects(objs, m.sequenceObjects())
		}
	} else {
		var others []*Table
		for _, t := range m.order {
			if !slices.Contains(tables, t) {
				others = append(others, t)
			}
		}
		kept := map[string]bool{}
		for _, k := range SchemaObjectsOf(d, others) {
			kept[k.key()] = true
		}
		objs = slices.DeleteFunc(objs, func(x SchemaObject) bool { return kept[x.key()] })
	}
	return filterExisting(ctx, ex, o, objs, true)
}

func (m *MetaData) sequenceObjects() []SchemaObject {
	out := make([]SchemaObject, len(m.sequences))
	for i, s := range m.sequences {
		out[i] = s.schemaObject()
	}
	return out
}

func mergeObjects(a, b []SchemaObject) []SchemaObject {
	seen := map[string]bool{}
	for _, x := range a {
		seen[x.key()] = true
	}
	for _, x := range b {
		if !seen[x.key()] {
			seen[x.key()] = true
			a = append(a, x)
		}
	}
	return a
}

// filterExisting keeps the objects that do not exist (want false, for
// CreateAll) or that exist (want true, for DropAll); without the check,
// it keeps them all.
func filterExisting(ctx context.Context, ex DDLExecutor, o *CreateOptions, objs []SchemaObject, want bool) ([]SchemaObject, error) {
	if o.NoCheckFirst || len(objs) == 0 {
		return objs, nil
	}
	oc, ok := ex.(ObjectChecker)
	if !ok {
		return nil, fmt.Errorf("%w: cannot check whether %s %q exists: the executor (%T) has no HasObject; use NoCheckFirst", ErrNotSupported, objs[0].Kind, objs[0].Name, ex)
	}
	var out []SchemaObject
	for _, x := range objs {
		found, err := oc.HasObject(ctx, x.Kind, x.Schema, x.Name)
		if err != nil {
			return nil, err
		}
		if found == want {
			out = append(out, x)
		}
	}
	return out, nil
}
