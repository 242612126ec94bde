package sql

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Table is a table: its name, schema, columns and constraints. Tables are
// made with MetaData.Table, or NewTable for a table outside any metadata
// (SQLAlchemy's lightweight table()); they are read-only once made.
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
	comment     string
	options     map[string]any
	prefixes    []string
	err         error
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
	for _, it := range items {
		if it != nil {
			it.applyTable(t)
		}
	}
	t.finish()
	return t
}

func (c *Column) applyTable(t *Table) {
	if c.from != nil {
		t.fail(fmt.Errorf("%w: column %q already belongs to %s", ErrArgument, c.name, describeFrom(c.from)))
		return
	}
	if _, dup := t.byKey[c.key]; dup {
		t.fail(fmt.Errorf("%w: table %q has two columns with key %q", ErrArgument, t.name, c.key))
		return
	}
	c.from = t
	t.columns = append(t.columns, c)
	t.byKey[c.key] = c
}

func (t *Table) fail(err error) {
	if t.err == nil {
		t.err = err
	}
}

// finish derives table-level constraints from column options: the primary
// key, single-column foreign keys and unique constraints, indexes.
func (t *Table) finish() {
	var pkCols []*Column
	for _, c := range t.columns {
		if c.spec.primaryKey {
			pkCols = append(pkCols, c)
		}
	}
	if t.pk == nil {
		t.pk = &PrimaryKeyConstraint{constraintBase: constraintBase{table: t}, columns: pkCols}
	} else {
		for _, c := range t.pk.columns {
			c.spec.primaryKey = true
		}
	}
	for _, c := range t.columns {
		for _, fk := range c.spec.foreignKeys {
			if fk.constraint == nil {
				fkc := &ForeignKeyConstraint{
					constraintBase: constraintBase{name: fk.opts.Name, table: t},
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
	}
	for _, con := range t.constraints {
		con.attach(t)
	}
	for _, ix := range t.indexes {
		ix.attach(t)
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

// Constraints returns the table's constraints other than the primary key:
// foreign keys, unique and check constraints, in declaration order.
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
func (t *Table) WriteSQL(c *Compiler) { c.writeTableName(t) }

// WriteCacheKey implements Element.
func (t *Table) WriteCacheKey(k *CacheKey) {
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

// MetaData is a collection of tables (and the sequences and types they
// use), with the naming convention for their constraints. A program
// usually has one; it owns it: there is no global registry.
type MetaData struct {
	schema string
	naming NamingConvention
	tables map[string]*Table
	order  []*Table
}

// MetaDataOption configures a MetaData.
type MetaDataOption func(*MetaData)

// WithSchema sets the default schema of tables made by the MetaData.
func WithSchema(schema string) MetaDataOption { return func(m *MetaData) { m.schema = schema } }

// WithNamingConvention sets how unnamed constraints and indexes are named.
func WithNamingConvention(nc NamingConvention) MetaDataOption {
	return func(m *MetaData) { m.naming = nc }
}

// NewMetaData returns an empty MetaData.
func NewMetaData(opts ...MetaDataOption) *MetaData {
	m := &MetaData{tables: make(map[string]*Table), naming: DefaultNamingConvention}
	for _, o := range opts {
		o(m)
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

// SortedTables returns the tables ordered so that each comes after the
// tables its foreign keys refer to (the order CreateAll uses; DropAll uses
// the reverse). Foreign keys that form a cycle are left out of the
// ordering; DDL creates them with ALTER TABLE.
func (m *MetaData) SortedTables() ([]*Table, error) {
	sorted, _, err := sortTables(m.order)
	return sorted, err
}

// sortTables orders tables by their foreign-key dependencies, and returns
// the constraints that had to be dropped to break cycles.
func sortTables(tables []*Table) ([]*Table, []*ForeignKeyConstraint, error) {
	index := make(map[*Table]int, len(tables))
	for i, t := range tables {
		index[t] = i
	}
	type edge struct {
		from, to int
		fk       *ForeignKeyConstraint
	}
	var edges []edge
	var errs []error
	for i, t := range tables {
		for _, fk := range t.ForeignKeyConstraints() {
			ref, err := fk.ReferredTable()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			j, ok := index[ref]
			if !ok || j == i {
				continue
			}
			edges = append(edges, edge{from: j, to: i, fk: fk})
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	var cut []*ForeignKeyConstraint
	for {
		order, cyc := topoSort(len(tables), func(yield func(int, int) bool) {
			for _, e := range edges {
				if e.fk != nil && !yield(e.from, e.to) {
					return
				}
			}
		})
		if cyc < 0 {
			out := make([]*Table, len(order))
			for i, o := range order {
				out[i] = tables[o]
			}
			return out, cut, nil
		}
		// Break the cycle at a foreign key into table cyc: prefer one that
		// is nullable-safe (use_alter semantics), otherwise the first.
		for i := range edges {
			if edges[i].fk != nil && edges[i].to == cyc {
				cut = append(cut, edges[i].fk)
				edges[i].fk = nil
				break
			}
		}
	}
}

// topoSort orders n nodes by the edges (from before to), stable on node
// index. It returns the order, or -1 and a node on a cycle.
func topoSort(n int, edges func(yield func(int, int) bool)) ([]int, int) {
	indeg := make([]int, n)
	adj := make([][]int, n)
	for f, t := range edges {
		adj[f] = append(adj[f], t)
		indeg[t]++
	}
	order := make([]int, 0, n)
	done := make([]bool, n)
	for len(order) < n {
		picked := -1
		for i := 0; i < n; i++ {
			if !done[i] && indeg[i] == 0 {
				picked = i
				break
			}
		}
		if picked < 0 {
			for i := 0; i < n; i++ {
				if !done[i] {
					return nil, i
				}
			}
		}
		done[picked] = true
		order = append(order, picked)
		for _, t := range adj[picked] {
			indeg[t]--
		}
	}
	return order, -1
}

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
