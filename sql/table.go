package sql

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/athanordb/athanor/types"
)

// Table is a table: its name, schema, columns and constraints. Tables are
// made with MetaData.Table, or NewTable for a table outside any metadata
// (SQLAlchemy's lightweight table()); they are read-only once made, except
// that NewIndex may add an index to a table.
//
// A mistake in a table's definition (two columns with one name, a
// constraint naming a column the table lacks) does not panic: the table
// keeps the error (Err), and compiling any statement that uses the table,
// or CreateAll, returns it.
type Table struct {
	FromOps
	name        string
	schema      string
	metadata    *MetaData
	columns     []*Column
	byKey       map[string]*Column
	pk          *PrimaryKeyConstraint
	constraints []Constraint
	indexes     []*Index
	autoinc     *Column
	comment     string
	options     map[string]any
	prefixes    []string
	listeners   []ddlListener // DDL listeners (ddl_events.go)
	err         error

	quoted atomic.Pointer[quotedName] // name as the last dialect wrote it
}

// TableItem is what a table is made of: columns, constraints, indexes and
// table options (Schema, TableComment, TableOption).
type TableItem interface {
	applyTable(t *Table)
}

type tableOptionFunc func(t *Table)

func (f tableOptionFunc) applyTable(t *Table) { f(t) }

// NewTable returns a table that belongs to no MetaData: it can be queried
// but foreign keys naming other tables by string cannot be resolved.
func NewTable(name string, items ...TableItem) *Table {
	return newTable(nil, name, items)
}

func newTable(md *MetaData, name string, items []TableItem) *Table {
	t := &Table{name: name, metadata: md, byKey: make(map[string]*Column)}
	t.self = t
	if md != nil {
		t.schema = md.schema
	}
	if name == "" {
		t.fail(fmt.Errorf("%w: a table needs a name", ErrArgument))
	}
	for _, it := range items {
		if it != nil && !isNilItem(it) {
			it.applyTable(t)
		}
	}
	t.finish()
	return t
}

// isNilItem catches typed nil pointers passed as table items.
func isNilItem(it TableItem) bool {
	switch x := it.(type) {
	case *Column:
		return x == nil
	case *Index:
		return x == nil
	case *PrimaryKeyConstraint:
		return x == nil
	case *ForeignKeyConstraint:
		return x == nil
	case *UniqueConstraint:
		return x == nil
	case *CheckConstraint:
		return x == nil
	}
	return false
}

func (c *Column) applyTable(t *Table) {
	switch {
	case c.from != nil:
		t.fail(fmt.Errorf("%w: column %q already belongs to %s", ErrArgument, c.name, describeFrom(c.from)))
		return
	case c.name == "":
		t.fail(fmt.Errorf("%w: table %q has a column without a name", ErrArgument, t.name))
		return
	case c.err != nil:
		t.fail(c.err)
		return
	}
	if _, dup := t.byKey[c.key]; dup {
		t.fail(fmt.Errorf("%w: table %q has two columns with key %q", ErrArgument, t.name, c.key))
		return
	}
	for _, o := range t.columns {
		if o.name == c.name {
			t.fail(fmt.Errorf("%w: table %q has two columns named %q", ErrArgument, t.name, c.name))
			return
		}
	}
	c.from = t
	t.columns = append(t.columns, c)
	t.byKey[c.key] = c
	// The constraints a column declares come in the column's place.
	for _, fk := range c.spec.foreignKeys {
		if fk.constraint == nil {
			fkc := &ForeignKeyConstraint{
				constraintBase: constraintBase{name: fk.opts.Name, table: t, deferrable: fk.opts.Deferrable, initially: fk.opts.Initially},
				columns:        []*Column{c},
				elements:       []*ForeignKey{fk},
				opts:           fk.opts,
			}
			fk.constraint = fkc
			t.constraints = append(t.constraints, fkc)
		}
		fk.parent = c
	}
	if c.spec.unique && !c.spec.index {
		t.constraints = append(t.constraints, &UniqueConstraint{constraintBase: constraintBase{table: t}, columns: []*Column{c}})
	}
	if c.spec.index {
		t.indexes = append(t.indexes, &Index{table: t, exprs: []ColumnElement{c}, unique: c.spec.unique})
	}
	if chk := typeCheck(c); chk != nil {
		chk.table = t
		t.constraints = append(t.constraints, chk)
	}
}

// typeCheck returns the CHECK constraint a column's type asks for where the
// database has no native type for it: an Enum or Boolean with
// CreateConstraint. Whether it is written depends on the dialect.
func typeCheck(c *Column) *CheckConstraint {
	switch t := types.Underlying(c.typ).(type) {
	case types.Enum:
		if !t.CreateConstraint || len(t.Values) == 0 {
			return nil
		}
		vals := make([]any, len(t.Values))
		for i, v := range t.Values {
			vals[i] = v
		}
		chk := CheckExpr(Ops(c).In(vals...))
		chk.name, chk.typeBound, chk.unnamedType = t.Name, c, t.Name == ""
		return chk
	case types.Boolean:
		if !t.CreateConstraint {
			return nil
		}
		chk := CheckExpr(Ops(c).In(LiteralValue(0), LiteralValue(1)))
		chk.typeBound, chk.unnamedType = c, true
		return chk
	}
	return nil
}

func (t *Table) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// finish resolves what refers to columns by key (the primary key,
// table-level constraints, indexes) and finds the autoincrement column.
func (t *Table) finish() {
	var flagged []*Column
	for _, c := range t.columns {
		if c.spec.primaryKey {
			flagged = append(flagged, c)
		}
	}
	if t.pk == nil {
		t.pk = &PrimaryKeyConstraint{constraintBase: constraintBase{table: t}, columns: flagged, implicit: true}
	} else {
		t.pk.columns = resolveColumns(t, t.pk.keys, "primary key")
		for _, c := range flagged {
			if !slices.Contains(t.pk.columns, c) {
				t.fail(fmt.Errorf("%w: column %q of table %q is declared PrimaryKey but is not in the table's PrimaryKeyOn %v", ErrArgument, c.name, t.name, t.pk.keys))
			}
		}
		for _, c := range t.pk.columns {
			c.spec.primaryKey = true
		}
	}
	for _, con := range t.constraints {
		con.attach(t)
	}
	for _, ix := range t.indexes {
		ix.attach(t)
	}
	t.findAutoincrement()
}

// findAutoincrement decides the table's autoincrement column among its
// primary key, as SQLAlchemy does: with one key column, that column when
// it is declared Autoincrement(true) or qualifies on its own (an integer
// without default or foreign key); with several, the one declared
// Autoincrement(true), if any.
func (t *Table) findAutoincrement() {
	pk := t.pk.columns
	if len(pk) == 1 {
		c := pk[0]
		switch c.spec.autoincrement {
		case -1:
			return
		case 1:
			if _, err := c.validAutoincrement(true); err != nil {
				t.fail(err)
				return
			}
			t.autoinc = c
		default:
			if ok, _ := c.validAutoincrement(false); ok || c.spec.identity != nil {
				t.autoinc = c
			}
		}
		return
	}
	for _, c := range pk {
		if c.spec.autoincrement != 1 {
			continue
		}
		if _, err := c.validAutoincrement(true); err != nil {
			t.fail(err)
			return
		}
		if t.autoinc != nil {
			t.fail(fmt.Errorf("%w: table %q: only one column may be declared Autoincrement(true), found %q and %q", ErrArgument, t.name, t.autoinc.name, c.name))
			return
		}
		t.autoinc = c
	}
	for _, c := range t.columns {
		if c.spec.autoincrement == 1 && !c.spec.primaryKey {
			t.fail(fmt.Errorf("%w: column %q of table %q is declared Autoincrement(true) but is not part of the primary key", ErrArgument, c.name, t.name))
		}
	}
}

// Name returns the table's name.
func (t *Table) Name() string { return t.name }

// Schema returns the table's schema, "" for the default one.
func (t *Table) Schema() string { return t.schema }

// FullName returns schema.name, or name.
func (t *Table) FullName() string {
	if t.schema != "" {
		return t.schema + "." + t.name
	}
	return t.name
}

// MetaData returns the MetaData the table belongs to, or nil.
func (t *Table) MetaData() *MetaData { return t.metadata }

// Columns implements FromClause.
func (t *Table) Columns() []*Column { return t.columns }

// C implements FromClause. An unknown key gives a placeholder column that
// fails at compile with ErrNoSuchColumn.
func (t *Table) C(key string) *Column {
	// A short list is searched faster than the map is hashed into; keys
	// are unique, so both find the same column.
	if len(t.columns) <= 8 {
		for _, c := range t.columns {
			if c.key == key {
				return c
			}
		}
		return invalidColumn(t, key)
	}
	if c, ok := t.byKey[key]; ok {
		return c
	}
	return invalidColumn(t, key)
}

// HasColumn reports whether the table has a column with the key.
func (t *Table) HasColumn(key string) bool {
	_, ok := t.byKey[key]
	return ok
}

// PrimaryKey returns the primary-key columns, in key order.
func (t *Table) PrimaryKey() []*Column { return t.pk.columns }

// PrimaryKeyConstraint returns the primary key as a constraint.
func (t *Table) PrimaryKeyConstraint() *PrimaryKeyConstraint { return t.pk }

// AutoincrementColumn returns the primary-key column whose values the
// database generates when an INSERT gives none, or nil. By default it is
// the only column of a single-column integer primary key that has no
// default and no foreign key; Autoincrement(true) chooses one among a
// composite key, Autoincrement(false) turns the default off.
func (t *Table) AutoincrementColumn() *Column { return t.autoinc }

// Constraints returns the table's constraints other than the primary key:
// foreign keys, unique and check constraints, in declaration order (a
// column's own constraints in the column's place).
func (t *Table) Constraints() []Constraint { return t.constraints }

// ForeignKeyConstraints returns the table's foreign keys.
func (t *Table) ForeignKeyConstraints() []*ForeignKeyConstraint {
	var out []*ForeignKeyConstraint
	for _, c := range t.constraints {
		if fk, ok := c.(*ForeignKeyConstraint); ok {
			out = append(out, fk)
		}
	}
	return out
}

// Indexes returns the table's indexes.
func (t *Table) Indexes() []*Index { return t.indexes }

// Comment returns the table's comment.
func (t *Table) Comment() string { return t.comment }

// Option returns a dialect-specific table option ("mysql_engine", ...).
func (t *Table) Option(key string) (any, bool) {
	v, ok := t.options[key]
	return v, ok
}

// Options returns a copy of the dialect-specific table options.
func (t *Table) Options() map[string]any { return maps.Clone(t.options) }

// Prefixes returns the words written between CREATE and TABLE
// ("TEMPORARY").
func (t *Table) Prefixes() []string { return t.prefixes }

// Err returns the first error in the table's definition, or nil. Compiling
// a statement that uses the table returns it too.
func (t *Table) Err() error { return t.err }

// WriteSQL implements Element: the table's (qualified, quoted) name.
func (t *Table) WriteSQL(c *Compiler) { c.writeTableName(t); c.writeHint(t) }

// WriteCacheKey implements Element.
func (t *Table) WriteCacheKey(k *CacheKey) {
	if t == nil {
		k.Tag(tagNil)
		return
	}
	k.Tag(tagTable)
	k.Err(t.err)
	k.String(t.schema)
	k.String(t.name)
}

// Schema sets a table's schema.
func Schema(name string) TableItem {
	return tableOptionFunc(func(t *Table) { t.schema = name })
}

// TableComment sets a table's comment.
func TableComment(text string) TableItem {
	return tableOptionFunc(func(t *Table) { t.comment = text })
}

// TableOption sets a dialect-specific table option, named as in
// SQLAlchemy: "mysql_engine", "mysql_charset", "sqlite_strict", ...
func TableOption(key string, value any) TableItem {
	return tableOptionFunc(func(t *Table) {
		if t.options == nil {
			t.options = make(map[string]any)
		}
		t.options[key] = value
	})
}

// TablePrefix adds a word between CREATE and TABLE, such as "TEMPORARY".
func TablePrefix(word string) TableItem {
	return tableOptionFunc(func(t *Table) { t.prefixes = append(t.prefixes, word) })
}

// MetaData is a collection of tables, with the naming convention for
// their constraints. A program usually has one; it owns it: there is no
// global registry.
type MetaData struct {
	schema string
	naming NamingConvention
	tables map[string]*Table
	order  []*Table
	// sequences made by MetaData.Sequence (sequence.go)
	sequences []*Sequence
	// DDL listeners (ddl_events.go)
	listeners []ddlListener
}

// MetaDataOption configures a MetaData.
type MetaDataOption func(*MetaData)

// WithSchema sets the default schema of tables made by the MetaData.
func WithSchema(schema string) MetaDataOption { return func(m *MetaData) { m.schema = schema } }

// WithNamingConvention sets how unnamed constraints and indexes are named
// (see NamingConvention). A convention without an Index template keeps
// the default one for indexes.
func WithNamingConvention(nc NamingConvention) MetaDataOption {
	return func(m *MetaData) { m.naming = nc }
}

// NewMetaData returns an empty MetaData.
func NewMetaData(opts ...MetaDataOption) *MetaData {
	m := &MetaData{tables: make(map[string]*Table), naming: DefaultNamingConvention}
	for _, o := range opts {
		if o != nil {
			o(m)
		}
	}
	return m
}

// Table defines a table in the MetaData. Defining a name twice is an
// error, which the second table carries (Table.Err) and reports when used.
func (m *MetaData) Table(name string, items ...TableItem) *Table {
	t := newTable(m, name, items)
	key := t.FullName()
	if _, dup := m.tables[key]; dup {
		t.fail(fmt.Errorf("%w: table %q is already defined in this MetaData", ErrArgument, key))
		return t
	}
	m.tables[key] = t
	m.order = append(m.order, t)
	return t
}

// Add puts a table made elsewhere (by reflection, say) into the MetaData.
func (m *MetaData) Add(t *Table) error {
	key := t.FullName()
	if _, dup := m.tables[key]; dup {
		return fmt.Errorf("%w: table %q is already defined in this MetaData", ErrArgument, key)
	}
	t.metadata = m
	m.tables[key] = t
	m.order = append(m.order, t)
	return nil
}

// Lookup returns the table named name ("schema.name" for another schema).
func (m *MetaData) Lookup(name string) (*Table, bool) {
	t, ok := m.tables[name]
	return t, ok
}

// Tables returns the tables in the order they were defined.
func (m *MetaData) Tables() []*Table { return slices.Clone(m.order) }

// Schema returns the MetaData's default schema.
func (m *MetaData) Schema() string { return m.schema }

// Naming returns the MetaData's naming convention.
func (m *MetaData) Naming() NamingConvention { return m.naming }

// describeFrom names a FROM item for messages.
func describeFrom(f FromClause) string {
	switch x := f.(type) {
	case nil:
		return "no table"
	case *Table:
		return "table " + strings.TrimPrefix(x.FullName(), ".")
	case *Alias:
		return "alias " + x.name
	case *Subquery:
		if x.name == "" {
			return "anonymous subquery"
		}
		return "subquery " + x.name
	case *CTE:
		return "CTE " + x.name
	case *Join:
		return "join"
	}
	return fmt.Sprintf("%T", f)
}
