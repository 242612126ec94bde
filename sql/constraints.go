package sql

import (
	"fmt"
	"maps"
	"regexp"
	"strings"
)

// Constraint is a table constraint: PrimaryKeyConstraint,
// ForeignKeyConstraint, UniqueConstraint or CheckConstraint.
type Constraint interface {
	TableItem
	// Name returns the constraint's name as declared, "" when unnamed (the
	// naming convention may name it in DDL).
	Name() string
	// Table returns the table the constraint belongs to.
	Table() *Table
	attach(t *Table)
	base() *constraintBase
}

type constraintBase struct {
	name       string
	table      *Table
	deferrable *bool
	initially  string
	options    map[string]any
}

func (c *constraintBase) Name() string          { return c.name }
func (c *constraintBase) Table() *Table         { return c.table }
func (c *constraintBase) base() *constraintBase { return c }

// ConstraintOptions are the optional parts of a constraint.
type ConstraintOptions struct {
	Name       string
	Deferrable *bool  // DEFERRABLE / NOT DEFERRABLE
	Initially  string // INITIALLY DEFERRED / IMMEDIATE
	// Dialect holds dialect-specific options, named as in SQLAlchemy
	// ("mssql_clustered"); a dialect reads those it knows.
	Dialect map[string]any
}

func (c *constraintBase) setOptions(opts []ConstraintOptions) {
	if len(opts) > 0 {
		c.name, c.deferrable, c.initially = opts[0].Name, opts[0].Deferrable, opts[0].Initially
		c.options = maps.Clone(opts[0].Dialect)
	}
}

// DialectOption returns a dialect-specific option of the constraint
// (ConstraintOptions.Dialect).
func (c *constraintBase) DialectOption(key string) (any, bool) {
	v, ok := c.options[key]
	return v, ok
}

// resolveColumns looks up column keys in t, failing the table on unknown
// keys.
func resolveColumns(t *Table, keys []string, what string) []*Column {
	cols := make([]*Column, 0, len(keys))
	for _, k := range keys {
		c, ok := t.byKey[k]
		if !ok {
			t.fail(fmt.Errorf("%w: %s names column %q, which table %q does not have", ErrNoSuchColumn, what, k, t.name))
			continue
		}
		cols = append(cols, c)
	}
	return cols
}

// PrimaryKeyConstraint is a table's primary key.
type PrimaryKeyConstraint struct {
	constraintBase
	keys     []string
	columns  []*Column
	implicit bool // made from columns declared PrimaryKey
}

// PrimaryKeyOn declares a (composite) primary key over columns by key, in
// key order. Columns declared PrimaryKey must be among them.
func PrimaryKeyOn(keys []string, opts ...ConstraintOptions) *PrimaryKeyConstraint {
	pk := &PrimaryKeyConstraint{keys: keys}
	pk.setOptions(opts)
	return pk
}

func (pk *PrimaryKeyConstraint) applyTable(t *Table) {
	if t.pk != nil {
		t.fail(fmt.Errorf("%w: table %q has two PrimaryKeyOn", ErrArgument, t.name))
		return
	}
	pk.table = t
	t.pk = pk
}

func (pk *PrimaryKeyConstraint) attach(*Table) {}

// Columns returns the key's columns in order.
func (pk *PrimaryKeyConstraint) Columns() []*Column { return pk.columns }

// ForeignKey is one column's reference to a column of another table. It
// is declared as a column option (References("users.id")) or as part of a
// ForeignKeyConstraint (ForeignKeyOn).
type ForeignKey struct {
	target     string  // "table.column" or "schema.table.column"
	targetCol  *Column // when given as a column
	parent     *Column
	constraint *ForeignKeyConstraint
	opts       FKOptions
}

// FKOptions are the options of a foreign key. The referential actions and
// INITIALLY are SQL keywords, checked before they are written: OnDelete
// and OnUpdate take CASCADE, SET NULL, SET DEFAULT, RESTRICT or NO
// ACTION; Initially DEFERRED or IMMEDIATE; Match FULL, PARTIAL or SIMPLE.
type FKOptions struct {
	Name       string
	OnDelete   string
	OnUpdate   string
	Deferrable *bool
	Initially  string
	// UseAlter creates the constraint with ALTER TABLE after the tables,
	// on databases that can (foreign keys that form a cycle are found and
	// created that way without it).
	UseAlter bool
	Match    string
}

var (
	fkActionRE    = regexp.MustCompile(`^(?i)(CASCADE|SET NULL|SET DEFAULT|RESTRICT|NO ACTION)$`)
	fkInitiallyRE = regexp.MustCompile(`^(?i)(DEFERRED|IMMEDIATE)$`)
	fkMatchRE     = regexp.MustCompile(`^(?i)(FULL|PARTIAL|SIMPLE)$`)
)

// validate checks the keywords that are written into DDL as given.
func (o FKOptions) validate() error {
	for _, f := range []struct {
		what, v string
		re      *regexp.Regexp
	}{{"ON DELETE", o.OnDelete, fkActionRE}, {"ON UPDATE", o.OnUpdate, fkActionRE}, {"INITIALLY", o.Initially, fkInitiallyRE}, {"MATCH", o.Match, fkMatchRE}} {
		if f.v != "" && !f.re.MatchString(f.v) {
			return fmt.Errorf("%w: foreign key %s %q is not one of the keywords SQL allows there", ErrArgument, f.what, f.v)
		}
	}
	return nil
}

// Target returns the referred column as written: "table.column".
func (fk *ForeignKey) Target() string {
	if fk.targetCol != nil {
		if t := fk.targetCol.Table(); t != nil {
			return t.FullName() + "." + fk.targetCol.name
		}
		return fk.targetCol.name
	}
	return fk.target
}

// Parent returns the referring column.
func (fk *ForeignKey) Parent() *Column { return fk.parent }

// Constraint returns the constraint the foreign key is part of.
func (fk *ForeignKey) Constraint() *ForeignKeyConstraint { return fk.constraint }

// Column resolves the referred column, through the parent table's MetaData
// when the target was given as a string ("table.column", or
// "schema.table.column"; the column by key, or else by name). It fails
// with ErrNoReferencedTable when the target cannot be found.
func (fk *ForeignKey) Column() (*Column, error) {
	if fk.targetCol != nil {
		if fk.targetCol.err != nil {
			return nil, fmt.Errorf("%w: foreign key target: %w", ErrNoReferencedTable, fk.targetCol.err)
		}
		if fk.targetCol.Table() == nil {
			return nil, fmt.Errorf("%w: foreign key to column %q, which belongs to no table", ErrNoReferencedTable, fk.targetCol.name)
		}
		return fk.targetCol, nil
	}
	parts := strings.Split(fk.target, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return nil, fmt.Errorf("%w: foreign key target %q must be \"table.column\" or \"schema.table.column\"", ErrNoReferencedTable, fk.target)
	}
	tableName := strings.Join(parts[:len(parts)-1], ".")
	colName := parts[len(parts)-1]
	var md *MetaData
	if fk.parent != nil {
		if t, ok := fk.parent.from.(*Table); ok {
			md = t.metadata
		}
	}
	if md == nil {
		return nil, fmt.Errorf("%w: foreign key to %q: the table is in no MetaData to look %q up in", ErrNoReferencedTable, fk.target, tableName)
	}
	t, ok := md.tables[tableName]
	if !ok && md.schema != "" && len(parts) == 2 {
		t, ok = md.tables[md.schema+"."+tableName]
	}
	if !ok {
		return nil, fmt.Errorf("%w: foreign key to %q: no table %q in the MetaData", ErrNoReferencedTable, fk.target, tableName)
	}
	if c, ok := t.byKey[colName]; ok {
		return c, nil
	}
	for _, c := range t.columns {
		if c.name == colName {
			return c, nil
		}
	}
	return nil, fmt.Errorf("%w: foreign key to %q: table %q has no column %q", ErrNoReferencedTable, fk.target, tableName, colName)
}

// References reports whether the foreign key refers to a column of t.
func (fk *ForeignKey) References(t *Table) bool {
	c, err := fk.Column()
	return err == nil && c.from == t
}

// ForeignKeyConstraint is a (possibly composite) foreign key.
type ForeignKeyConstraint struct {
	constraintBase
	keys     []string
	columns  []*Column
	elements []*ForeignKey
	opts     FKOptions
}

// ForeignKeyOn declares a composite foreign key: columns (by key) of this
// table refer to targets ("table.column"), pairwise.
func ForeignKeyOn(columns []string, targets []string, opts ...FKOptions) *ForeignKeyConstraint {
	fkc := &ForeignKeyConstraint{keys: columns}
	if len(opts) > 0 {
		fkc.opts = opts[0]
		fkc.name, fkc.deferrable, fkc.initially = fkc.opts.Name, fkc.opts.Deferrable, fkc.opts.Initially
	}
	for _, tgt := range targets {
		fkc.elements = append(fkc.elements, &ForeignKey{target: tgt, constraint: fkc, opts: fkc.opts})
	}
	return fkc
}

func (fkc *ForeignKeyConstraint) applyTable(t *Table) {
	fkc.table = t
	t.constraints = append(t.constraints, fkc)
}

func (fkc *ForeignKeyConstraint) attach(t *Table) {
	if err := fkc.opts.validate(); err != nil {
		t.fail(err)
	}
	if fkc.columns != nil {
		return // made from a column's References
	}
	if len(fkc.keys) != len(fkc.elements) || len(fkc.keys) == 0 {
		t.fail(fmt.Errorf("%w: foreign key has %d columns but %d targets", ErrArgument, len(fkc.keys), len(fkc.elements)))
		return
	}
	fkc.columns = resolveColumns(t, fkc.keys, "foreign key")
	if len(fkc.columns) != len(fkc.keys) {
		return
	}
	for i, c := range fkc.columns {
		fk := fkc.elements[i]
		fk.parent = c
		c.spec.foreignKeys = append(c.spec.foreignKeys, fk)
	}
}

// named reports whether DDL will name the constraint: declared with a
// name, or named by its MetaData's convention.
func (fkc *ForeignKeyConstraint) named() bool {
	if fkc.name != "" {
		return true
	}
	t := fkc.table
	return t != nil && t.metadata != nil && t.metadata.naming.ForeignKey != "" &&
		!strings.Contains(t.metadata.naming.ForeignKey, "%(constraint_name)s")
}

// Columns returns the referring columns.
func (fkc *ForeignKeyConstraint) Columns() []*Column { return fkc.columns }

// Elements returns the column-to-column references, in order.
func (fkc *ForeignKeyConstraint) Elements() []*ForeignKey { return fkc.elements }

// Options returns the constraint's options (ON DELETE, ...).
func (fkc *ForeignKeyConstraint) Options() FKOptions { return fkc.opts }

// ReferredTable resolves the table the constraint refers to.
func (fkc *ForeignKeyConstraint) ReferredTable() (*Table, error) {
	cols, err := fkc.ReferredColumns()
	if err != nil {
		return nil, err
	}
	return cols[0].Table(), nil
}

// ReferredColumns resolves the referred columns, in order; they must all
// belong to one table.
func (fkc *ForeignKeyConstraint) ReferredColumns() ([]*Column, error) {
	if len(fkc.elements) == 0 {
		return nil, fmt.Errorf("%w: foreign key without columns", ErrArgument)
	}
	out := make([]*Column, len(fkc.elements))
	for i, fk := range fkc.elements {
		c, err := fk.Column()
		if err != nil {
			return nil, err
		}
		if i > 0 && c.Table() != out[0].Table() {
			return nil, fmt.Errorf("%w: foreign key refers to columns of two tables, %s and %s", ErrArgument, out[0].Table().FullName(), c.Table().FullName())
		}
		out[i] = c
	}
	return out, nil
}

// UniqueConstraint is UNIQUE (columns).
type UniqueConstraint struct {
	constraintBase
	keys    []string
	columns []*Column
}

// UniqueOn declares a unique constraint over columns by key.
func UniqueOn(keys []string, opts ...ConstraintOptions) *UniqueConstraint {
	u := &UniqueConstraint{keys: keys}
	u.setOptions(opts)
	return u
}

func (u *UniqueConstraint) applyTable(t *Table) {
	u.table = t
	t.constraints = append(t.constraints, u)
}

func (u *UniqueConstraint) attach(t *Table) {
	if u.columns == nil {
		if len(u.keys) == 0 {
			t.fail(fmt.Errorf("%w: table %q: a unique constraint needs columns", ErrArgument, t.name))
		}
		u.columns = resolveColumns(t, u.keys, "unique constraint")
	}
}

// Columns returns the constrained columns.
func (u *UniqueConstraint) Columns() []*Column { return u.columns }

// CheckConstraint is CHECK (condition).
type CheckConstraint struct {
	constraintBase
	text string        // SQL text, as written
	cond ColumnElement // or an expression over the table's columns
	// typeBound is the column whose type (an Enum or Boolean with
	// CreateConstraint) asked for the constraint; it is written only where
	// the dialect has no native type for it.
	typeBound   *Column
	unnamedType bool
}

// Check declares CHECK (sqlText); the text is written into DDL as given,
// so it must never come from user input.
func Check(sqlText string, opts ...ConstraintOptions) *CheckConstraint {
	c := &CheckConstraint{text: sqlText}
	c.setOptions(opts)
	return c
}

// CheckExpr declares CHECK (cond) from an expression over the table's
// columns; values in it are written inline, as SQL literals.
func CheckExpr(cond ColumnElement, opts ...ConstraintOptions) *CheckConstraint {
	c := &CheckConstraint{cond: cond}
	c.setOptions(opts)
	return c
}

func (c *CheckConstraint) applyTable(t *Table) {
	c.table = t
	t.constraints = append(t.constraints, c)
}

func (c *CheckConstraint) attach(t *Table) {
	if c.cond == nil && strings.TrimSpace(c.text) == "" {
		t.fail(fmt.Errorf("%w: table %q: a check constraint needs a condition", ErrArgument, t.name))
	}
}

// SQLText returns the condition's text when it was given as text.
func (c *CheckConstraint) SQLText() string { return c.text }

// Condition returns the condition when it was given as an expression.
func (c *CheckConstraint) Condition() ColumnElement { return c.cond }

// Columns returns the columns the condition refers to, in order of
// appearance (none for a textual condition).
func (c *CheckConstraint) Columns() []*Column {
	var out []*Column
	if c.cond != nil {
		Walk(c.cond, func(e Element) bool {
			if col, ok := e.(*Column); ok {
				for _, o := range out {
					if o == col {
						return false
					}
				}
				out = append(out, col)
				return false
			}
			return true
		})
	}
	return out
}

// Index is an index on a table's columns or expressions.
type Index struct {
	name    string
	table   *Table
	keys    []string
	exprs   []ColumnElement
	unique  bool
	where   ColumnElement
	options map[string]any
}

// IndexOn declares an index named name over columns (by key) of the table
// it is passed to. An empty name lets the naming convention name it.
func IndexOn(name string, keys ...string) *Index {
	return &Index{name: name, keys: keys}
}

// NewIndex declares an index over expressions: columns of a table already
// made, or functions of them (lower(name)); it adds itself to their table.
// Given to MetaData.Table instead, its expressions may be text.
func NewIndex(name string, exprs ...ColumnElement) *Index {
	ix := &Index{name: name, exprs: untypedAll(exprs)}
	for _, e := range exprs {
		if t := tableOf(e); t != nil {
			ix.table = t
			t.indexes = append(t.indexes, ix)
			break
		}
	}
	return ix
}

// Unique marks the index UNIQUE and returns it.
func (ix *Index) Unique() *Index {
	ix.unique = true
	return ix
}

// Where makes a partial index (PostgreSQL, SQLite) and returns it; values
// in the condition are written inline.
func (ix *Index) Where(cond ColumnElement) *Index {
	ix.where = cond
	return ix
}

// Option sets a dialect-specific option, named as in SQLAlchemy
// ("mssql_clustered", "oracle_bitmap", ...), and returns the index.
func (ix *Index) Option(key string, v any) *Index {
	if ix.options == nil {
		ix.options = make(map[string]any)
	}
	ix.options[key] = v
	return ix
}

func (ix *Index) applyTable(t *Table) {
	if ix.table != nil && ix.table != t {
		t.fail(fmt.Errorf("%w: index %q already belongs to %s", ErrArgument, ix.name, describeFrom(ix.table)))
		return
	}
	ix.table = t
	t.indexes = append(t.indexes, ix)
}

func (ix *Index) attach(t *Table) {
	if ix.exprs == nil {
		for _, c := range resolveColumns(t, ix.keys, "index") {
			ix.exprs = append(ix.exprs, c)
		}
	}
	// An index without columns is refused when it is created, unless
	// the dialect has such indexes (SQL Server's clustered columnstore
	// index).
}

// DialectOption returns a dialect-specific option set with Option.
func (ix *Index) DialectOption(key string) (any, bool) {
	v, ok := ix.options[key]
	return v, ok
}

// Name returns the index's declared name.
func (ix *Index) Name() string { return ix.name }

// Table returns the indexed table.
func (ix *Index) Table() *Table { return ix.table }

// IsUnique reports whether the index is unique.
func (ix *Index) IsUnique() bool { return ix.unique }

// Expressions returns the indexed columns and expressions.
func (ix *Index) Expressions() []ColumnElement { return ix.exprs }

// WhereClause returns a partial index's condition, or nil.
func (ix *Index) WhereClause() ColumnElement { return ix.where }

// Columns returns the indexed expressions that are plain columns.
func (ix *Index) Columns() []*Column {
	var out []*Column
	for _, e := range ix.exprs {
		if c, ok := e.(*Column); ok {
			out = append(out, c)
		}
	}
	return out
}

// tableOf returns the table an expression's first column belongs to.
func tableOf(e ColumnElement) *Table {
	var found *Table
	Walk(e, func(el Element) bool {
		if c, ok := el.(*Column); ok && found == nil {
			found = c.Table()
		}
		return found == nil
	})
	return found
}
