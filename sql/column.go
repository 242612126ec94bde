package sql

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"time"

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

	quoted atomic.Pointer[quotedName] // name as the last dialect wrote it
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
// NOT NULL, part of the primary key, or an identity column (as in
// SQLAlchemy; written NOT NULL where the database has no identity).
func (c *Column) Nullable() bool {
	switch c.spec.nullable {
	case 1:
		return true
	case -1:
		return false
	}
	return !c.spec.primaryKey && c.spec.identity == nil
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

// System reports whether the column is a system column, which exists
// without being created (see System).
func (c *Column) System() bool { return c.spec.system }

// Autoincrement reports whether the database generates the column's
// values: whether it is its table's autoincrement column (see
// Table.AutoincrementColumn).
func (c *Column) Autoincrement() bool {
	t := c.Table()
	return t != nil && t.autoinc == c.Base()
}

// validAutoincrement applies SQLAlchemy's rules to a primary-key column:
// with explicit set, the column must be of an integer type (or a numeric
// of scale 0); otherwise it also must have no default, no server default
// (an identity is fine) and no foreign key.
func (c *Column) validAutoincrement(explicit bool) (bool, error) {
	t := types.Underlying(c.typ)
	switch t.Affinity() {
	case types.AffinityInteger:
	case types.AffinityNumeric:
		if n, ok := t.(types.Numeric); explicit && ok && n.Scale == 0 {
			return true, nil
		}
		if explicit {
			return false, fmt.Errorf("%w: column %q of type %s cannot autoincrement: it has a scale", ErrArgument, c.name, c.typ)
		}
		return false, nil
	default:
		if explicit {
			return false, fmt.Errorf("%w: column %q of type %s cannot autoincrement", ErrArgument, c.name, c.typ)
		}
		return false, nil
	}
	if explicit {
		return true, nil
	}
	s := c.spec
	return (s.def == nil || s.def.isSequence()) && s.serverDefault == nil && len(s.foreignKeys) == 0 && s.computed == nil, nil
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

// makeDefault classifies v: an expression, a function of no arguments with
// one result (the common signatures without reflection at each call), or
// a constant.
func makeDefault(v any) (*ColumnDefault, error) {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Func && rv.IsNil() {
		return nil, fmt.Errorf("%w: a nil default function", ErrArgument)
	}
	switch x := v.(type) {
	case *Sequence:
		return &ColumnDefault{Expr: x.next}, nil
	case ColumnElement:
		return &ColumnDefault{Expr: x}, nil
	case func() any:
		return &ColumnDefault{Func: x}, nil
	case func() time.Time:
		return &ColumnDefault{Func: func() any { return x() }}, nil
	case func() string:
		return &ColumnDefault{Func: func() any { return x() }}, nil
	case func() int64:
		return &ColumnDefault{Func: func() any { return x() }}, nil
	case func() int:
		return &ColumnDefault{Func: func() any { return x() }}, nil
	case nil:
		return &ColumnDefault{}, nil
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Func {
		if rv.IsNil() || rv.Type().NumIn() != 0 || rv.Type().NumOut() != 1 {
			return nil, fmt.Errorf("%w: a default function takes no arguments and returns one value, not %T", ErrArgument, v)
		}
		return &ColumnDefault{Func: func() any { return rv.Call(nil)[0].Interface() }}, nil
	}
	return &ColumnDefault{Value: v}, nil
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
	// NoMinValue, NoMaxValue and NoCycle write NO MINVALUE, NO MAXVALUE
	// and NO CYCLE (Oracle: NOMINVALUE, NOMAXVALUE, NOCYCLE).
	NoMinValue, NoMaxValue, NoCycle bool
	// Order writes ORDER (true) or NOORDER (false); OnNull makes a BY
	// DEFAULT identity also replace an explicit NULL (BY DEFAULT ON
	// NULL). Oracle only: other databases ignore them.
	Order  *bool
	OnNull bool
}

// Column options.

// PrimaryKey makes the column part of the table's primary key.
func PrimaryKey() ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.primaryKey = true })
}

// NotNull declares the column NOT NULL.
func NotNull() ColumnOption { return columnOptionFunc(func(c *Column) { c.spec.nullable = -1 }) }

// Nullable declares the column NULL, even when it is part of the primary
// key.
func Nullable() ColumnOption { return columnOptionFunc(func(c *Column) { c.spec.nullable = 1 }) }

// Unique gives the column a unique constraint of its own.
func Unique() ColumnOption { return columnOptionFunc(func(c *Column) { c.spec.unique = true }) }

// Indexed gives the column an index of its own (unique, when Unique is
// also given), named by the naming convention: ix_<table>_<column> by
// default.
func Indexed() ColumnOption { return columnOptionFunc(func(c *Column) { c.spec.index = true }) }

// Key sets the name the column is looked up by, when it differs from the
// SQL name.
func Key(key string) ColumnOption { return columnOptionFunc(func(c *Column) { c.key = key }) }

// Default sets the value an INSERT gives the column when the statement
// does not: a constant, a Go function of no arguments called for each row
// (time.Now, uuid.New), or a SQL expression rendered into the statement.
func Default(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.def = c.makeDefault(v) })
}

// OnUpdate sets the value an UPDATE gives the column when the statement
// does not; see Default.
func OnUpdate(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.onUpdate = c.makeDefault(v) })
}

// makeDefault makes a default for the column, keeping an error for the
// table to report.
func (c *Column) makeDefault(v any) *ColumnDefault {
	d, err := makeDefault(v)
	if err != nil {
		c.err = fmt.Errorf("column %q: %w", c.name, err)
	}
	return d
}

// ServerDefault sets the column's DEFAULT in DDL: a string is written as a
// quoted literal, an expression as SQL (Text("0"), Func("now")), a number
// or boolean as a literal.
func ServerDefault(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		switch x := v.(type) {
		case nil:
			c.err = fmt.Errorf("%w: column %q: ServerDefault(nil)", ErrArgument, c.name)
		case ColumnElement:
			c.spec.serverDefault = x
		default:
			c.spec.serverDefault = LiteralValue(v)
		}
	})
}

// ServerOnUpdate marks a column the database updates by itself (a trigger,
// MySQL's ON UPDATE CURRENT_TIMESTAMP), so that it is fetched rather than
// set.
func ServerOnUpdate() ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.serverOnUpdate = true })
}

// Autoincrement says whether the database generates the column's values
// (see Table.AutoincrementColumn): true picks the column among a composite
// primary key (it must be an integer), false turns the default off.
func Autoincrement(on bool) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		if on {
			c.spec.autoincrement = 1
		} else {
			c.spec.autoincrement = -1
		}
	})
}

// ColumnComment sets the column's comment.
func ColumnComment(text string) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.comment = text })
}

// System marks a column the database provides by itself (PostgreSQL's
// xmin, ctid): it can be selected but CREATE TABLE leaves it out.
func System() ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.system = true })
}

// References declares a foreign key from the column to target, written
// "table.column" or "schema.table.column", or given as a *Column.
func References(target any, opts ...FKOptions) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		fk := &ForeignKey{}
		switch x := target.(type) {
		case string:
			fk.target = x
		case *Column:
			if x == nil {
				c.err = fmt.Errorf("%w: column %q: References(nil)", ErrArgument, c.name)
				return
			}
			fk.targetCol = x
		case interface{ Untyped() *Column }:
			fk.targetCol = x.Untyped()
		default:
			c.err = fmt.Errorf("%w: column %q: References takes \"table.column\" or a *Column, not %T", ErrArgument, c.name, target)
			return
		}
		if len(opts) > 0 {
			fk.opts = opts[0]
		}
		c.spec.foreignKeys = append(c.spec.foreignKeys, fk)
	})
}

// Generated makes the column a computed column: GENERATED ALWAYS AS
// (expr), stored when persisted is true, virtual when false, the
// database's choice when nil.
func Generated(expr ColumnElement, persisted *bool) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.computed = &Computed{Expr: expr, Persisted: persisted} })
}

// AsIdentity makes the column an identity column where the database has
// them (elsewhere the column is created without the clause).
func AsIdentity(id Identity) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.identity = &id })
}
