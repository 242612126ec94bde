package sql

import (
	"fmt"
	"reflect"

	"github.com/athanordb/athanor/types"
)

// Column is a named column of a FROM item: a table's column (with its
// schema: key, nullability, defaults, foreign keys) or the column of an
// alias, subquery or CTE, which stands for a column or expression inside
// it.
type Column struct {
	ColumnOps
	name  string
	key   string
	typ   types.Type
	from  FromClause    // the table, alias, subquery or CTE; nil while unattached
	proxy ColumnElement // for a derived column, what it stands for
	spec  *columnSpec   // schema details; shared by proxies of a table column
	err   error         // a construction error, reported at compile
}

// columnSpec holds what DDL and DML defaults need to know of a table
// column.
type columnSpec struct {
	primaryKey     bool
	nullable       int8 // 0 unset, 1 NULL, -1 NOT NULL
	unique         bool
	index          bool
	autoincrement  int8 // 0 auto, 1 yes, -1 no
	def            *ColumnDefault
	onUpdate       *ColumnDefault
	serverDefault  ColumnElement
	serverOnUpdate bool
	comment        string
	foreignKeys    []*ForeignKey
	computed       *Computed
	identity       *Identity
	system         bool
}

// ColumnOption configures a Column: PrimaryKey, NotNull, Default,
// ForeignKey, ...
type ColumnOption interface {
	applyColumn(c *Column)
}

type columnOptionFunc func(c *Column)

func (f columnOptionFunc) applyColumn(c *Column) { f(c) }

// NewColumn returns a table column, to be passed to MetaData.Table or
// NewTable. A nil type makes a column of unknown type (NullType), as
// lightweight columns in SQLAlchemy's table() often are.
func NewColumn(name string, t types.Type, opts ...ColumnOption) *Column {
	if t == nil {
		t = types.NullType{}
	}
	c := &Column{name: name, key: name, typ: t, spec: &columnSpec{}}
	c.self = c
	for _, o := range opts {
		if o != nil {
			o.applyColumn(c)
		}
	}
	return c
}

// Name returns the column's name in SQL.
func (c *Column) Name() string { return c.name }

// Key returns the name the column is looked up by (C(key)); it defaults to
// the name.
func (c *Column) Key() string { return c.key }

// Type implements ColumnElement.
func (c *Column) Type() types.Type { return c.typ }

// ResultName implements Named.
func (c *Column) ResultName() string { return c.name }

// From returns the FROM item the column belongs to, or nil.
func (c *Column) From() FromClause { return c.from }

// Table returns the table the column belongs to, following aliases and
// subqueries down to a table column; nil for expressions.
func (c *Column) Table() *Table {
	base := c.Base()
	if t, ok := base.from.(*Table); ok {
		return t
	}
	return nil
}

// Proxy returns what a derived column stands for (nil for a table column).
func (c *Column) Proxy() ColumnElement { return c.proxy }

// Base follows proxies to the column at the bottom: the table column an
// alias column stands for, or the column itself.
func (c *Column) Base() *Column {
	for {
		p, ok := c.proxy.(*Column)
		if !ok {
			return c
		}
		c = p
	}
}

// sharesLineage reports whether c and o are the same column or proxies of
// the same column.
func (c *Column) sharesLineage(o *Column) bool {
	return c == o || c.Base() == o.Base()
}

// PrimaryKey reports whether the column is part of its table's primary key.
func (c *Column) PrimaryKey() bool { return c.spec.primaryKey }

// Nullable reports whether the column accepts NULL: true unless declared
// NOT NULL or part of the primary key.
func (c *Column) Nullable() bool {
	switch c.spec.nullable {
	case 1:
		return true
	case -1:
		return false
	}
	return !c.spec.primaryKey
}

// Unique reports whether the column was declared unique on its own.
func (c *Column) Unique() bool { return c.spec.unique }

// Indexed reports whether the column was declared with an index of its own.
func (c *Column) Indexed() bool { return c.spec.index }

// Default returns the column's client-side default for INSERT, or nil.
func (c *Column) Default() *ColumnDefault { return c.spec.def }

// OnUpdate returns the column's client-side default for UPDATE, or nil.
func (c *Column) OnUpdate() *ColumnDefault { return c.spec.onUpdate }

// ServerDefault returns the column's DDL DEFAULT expression, or nil.
func (c *Column) ServerDefault() ColumnElement { return c.spec.serverDefault }

// Comment returns the column's comment.
func (c *Column) Comment() string { return c.spec.comment }

// ForeignKeys returns the column's foreign keys.
func (c *Column) ForeignKeys() []*ForeignKey { return c.spec.foreignKeys }

// Computed returns the column's generated-column definition, or nil.
func (c *Column) Computed() *Computed { return c.spec.computed }

// Identity returns the column's identity definition, or nil.
func (c *Column) Identity() *Identity { return c.spec.identity }

// Autoincrement reports whether the database generates the column's
// values: set explicitly, or by default for a table's only primary-key
// column when it is an integer without a foreign key or default.
func (c *Column) Autoincrement() bool {
	switch c.spec.autoincrement {
	case 1:
		return true
	case -1:
		return false
	}
	t, ok := c.from.(*Table)
	if !ok || !c.spec.primaryKey || c.spec.def != nil || c.spec.serverDefault != nil || len(c.spec.foreignKeys) > 0 || c.spec.computed != nil {
		return c.spec.identity != nil
	}
	if types.Underlying(c.typ).Affinity() != types.AffinityInteger {
		return false
	}
	return len(t.PrimaryKey()) == 1
}

// WriteSQL implements Element.
func (c *Column) WriteSQL(comp *Compiler) { comp.writeColumn(c) }

// WriteCacheKey implements Element.
func (c *Column) WriteCacheKey(k *CacheKey) {
	k.Tag(tagColumn)
	k.Err(c.err)
	k.String(c.name)
	k.Type(c.typ)
	k.From(c.from)
}

// SelfGroup implements Grouper.
func (c *Column) SelfGroup(*Operator) ColumnElement { return c }

// derive returns a column of from standing for e under name.
func derive(from FromClause, name string, e ColumnElement) *Column {
	d := &Column{name: name, key: name, typ: e.Type(), from: from, proxy: e}
	if base, ok := e.(*Column); ok {
		d.spec = base.spec
		if base.key != base.name && base.name == name {
			d.key = base.key
		}
	} else {
		d.spec = &columnSpec{}
	}
	d.self = d
	return d
}

// invalidColumn stands in for a column that does not exist, so that the
// mistake surfaces as an error at compile instead of a nil dereference.
func invalidColumn(from FromClause, key string) *Column {
	c := NewColumn(key, nil)
	c.from = from
	c.err = fmt.Errorf("%w: %q in %s", ErrNoSuchColumn, key, describeFrom(from))
	return c
}

// ColumnDefault is a value a column takes when an INSERT (or, for
// OnUpdate, an UPDATE) does not give one: a constant, a Go function called
// for each row, or a SQL expression rendered in the statement.
type ColumnDefault struct {
	Value any           // a constant
	Func  func() any    // called for each row at execution
	Expr  ColumnElement // a SQL expression, rendered inline
}

func (d *ColumnDefault) isExpr() bool { return d.Expr != nil }

// makeDefault classifies v: an expression, a function of no arguments with
// one result, or a constant.
func makeDefault(v any) *ColumnDefault {
	switch x := v.(type) {
	case ColumnElement:
		return &ColumnDefault{Expr: x}
	case func() any:
		return &ColumnDefault{Func: x}
	case nil:
		return &ColumnDefault{}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Func && rv.Type().NumIn() == 0 && rv.Type().NumOut() == 1 {
		return &ColumnDefault{Func: func() any { return rv.Call(nil)[0].Interface() }}
	}
	return &ColumnDefault{Value: v}
}

// Computed describes a generated column: GENERATED ALWAYS AS (expr).
type Computed struct {
	Expr      ColumnElement
	Persisted *bool // STORED when true, VIRTUAL when false, the database's default when nil
}

// Identity describes an identity column: GENERATED {ALWAYS | BY DEFAULT}
// AS IDENTITY (...).
type Identity struct {
	Always    bool
	Start     *int64
	Increment *int64
	MinValue  *int64
	MaxValue  *int64
	Cycle     bool
	Cache     *int64
}
