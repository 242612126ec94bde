package sql

import (
	"fmt"
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
}

type constraintBase struct {
	name       string
	table      *Table
	deferrable *bool
	initially  string
}

func (c *constraintBase) Name() string  { return c.name }
func (c *constraintBase) Table() *Table { return c.table }

// ConstraintOptions are the optional parts of a constraint.
type ConstraintOptions struct {
	Name       string
	Deferrable *bool  // DEFERRABLE / NOT DEFERRABLE
	Initially  string // INITIALLY DEFERRED / IMMEDIATE
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
	keys    []string
	columns []*Column
}

// PrimaryKeyOn declares a (composite) primary key over columns by key.
func PrimaryKeyOn(keys []string, opts ...ConstraintOptions) *PrimaryKeyConstraint {
	pk := &PrimaryKeyConstraint{keys: keys}
	if len(opts) > 0 {
		pk.name = opts[0].Name
	}
	return pk
}

func (pk *PrimaryKeyConstraint) applyTable(t *Table) {
	pk.table = t
	t.pk = pk
}

func (pk *PrimaryKeyConstraint) attach(t *Table) {}

// Columns returns the key's columns in order.
func (pk *PrimaryKeyConstraint) Columns() []*Column { return pk.columns }

// ForeignKey is one column's reference to a column of another table. It
// is declared as a column option (ForeignKey("users.id")) or as part of a
// ForeignKeyConstraint.
type ForeignKey struct {
	target     string  // "table.column" or "schema.table.column"
	targetCol  *Column // when given as a column
	parent     *Column
	constraint *ForeignKeyConstraint
	opts       FKOptions
}

// FKOptions are the options of a foreign key.
type FKOptions struct {
	Name       string
	OnDelete   string // CASCADE, SET NULL, SET DEFAULT, RESTRICT, NO ACTION
	OnUpdate   string
	Deferrable *bool
	Initially  string
	// UseAlter creates the constraint with ALTER TABLE after the tables,
	// as is needed for foreign keys that form a cycle (detected on its
	// own by CreateAll).
	UseAlter bool
	Match    string // MATCH FULL, ...
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
// when the target was given as a string.
func (fk *ForeignKey) Column() (*Column, error) {
	if fk.targetCol != nil {
		return fk.targetCol, nil
	}
	parts := strings.Split(fk.target, ".")
	if len(parts) < 2 {
		return nil, fmt.Errorf("%w: foreign key target %q must be \"table.column\"", ErrArgument, fk.target)
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
		fkc.name = fkc.opts.Name
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
	if fkc.columns == nil {
		fkc.columns = resolveColumns(t, fkc.keys, "foreign key")
		if len(fkc.keys) != len(fkc.elements) {
			t.fail(fmt.Errorf("%w: foreign key has %d columns but %d targets", ErrArgument, len(fkc.keys), len(fkc.elements)))
			return
		}
		for i, c := range fkc.columns {
			fk := fkc.elements[i]
			fk.parent = c
			c.spec.foreignKeys = append(c.spec.foreignKeys, fk)
		}
	}
}

// Columns returns the referring columns.
func (fkc *ForeignKeyConstraint) Columns() []*Column { return fkc.columns }

// Elements returns the column-to-column references, in order.
func (fkc *ForeignKeyConstraint) Elements() []*ForeignKey { return fkc.elements }

// Options returns the constraint's options (ON DELETE, ...).
func (fkc *ForeignKeyConstraint) Options() FKOptions { return fkc.opts }

// ReferredTable resolves the table the constraint refers to.
func (fkc *ForeignKeyConstraint) ReferredTable() (*Table, error) {
	if len(fkc.elements) == 0 {
		return nil, fmt.Errorf("%w: foreign key without columns", ErrArgument)
	}
	c, err := fkc.elements[0].Column()
	if err != nil {
		return nil, err
	}
	return c.Table(), nil
}

// ReferredColumns resolves the referred columns, in order.
func (fkc *ForeignKeyConstraint) ReferredColumns() ([]*Column, error) {
	out := make([]*Column, len(fkc.elements))
	for i, fk := range fkc.elements {
		c, err := fk.Column()
		if err != nil {
			return nil, err
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
	if len(opts) > 0 {
		u.name = opts[0].Name
		u.deferrable = opts[0].Deferrable
		u.initially = opts[0].Initially
	}
	return u
}

func (u *UniqueConstraint) applyTable(t *Table) {
	u.table = t
	t.constraints = append(t.constraints, u)
}

func (u *UniqueConstraint) attach(t *Table) {
	if u.columns == nil {
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
}

// Check declares CHECK (sqlText); the text is written into DDL as given.
func Check(sqlText string, opts ...ConstraintOptions) *CheckConstraint {
	c := &CheckConstraint{text: sqlText}
	if len(opts) > 0 {
		c.name = opts[0].Name
	}
	return c
}

// CheckExpr declares CHECK (cond) from an expression; values in it are
// rendered inline.
func CheckExpr(cond ColumnElement, opts ...ConstraintOptions) *CheckConstraint {
	c := &CheckConstraint{cond: cond}
	if len(opts) > 0 {
		c.name = opts[0].Name
	}
	return c
}

func (c *CheckConstraint) applyTable(t *Table) {
	c.table = t
	t.constraints = append(t.constraints, c)
}

func (c *CheckConstraint) attach(*Table) {}

// SQLText returns the condition's text when it was given as text.
func (c *CheckConstraint) SQLText() string { return c.text }

// Condition returns the condition when it was given as an expression.
func (c *CheckConstraint) Condition() ColumnElement { return c.cond }

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

// NewIndex declares an index over expressions of a table already made
// (columns or functions of them); it attaches itself to their table.
func NewIndex(name string, exprs ...ColumnElement) *Index {
	ix := &Index{name: name, exprs: exprs}
	for _, e := range exprs {
		if t := tableOf(e); t != nil {
			ix.table = t
			t.indexes = append(t.indexes, ix)
			break
		}
	}
	return ix
}

// Unique returns a copy of the index declared UNIQUE. Use it before the
// index is attached to a table.
func (ix *Index) Unique() *Index {
	ix.unique = true
	return ix
}

// Where makes a partial index (PostgreSQL, SQLite).
func (ix *Index) Where(cond ColumnElement) *Index {
	ix.where = cond
	return ix
}

// Option sets a dialect-specific option ("postgresql_using", ...).
func (ix *Index) Option(key string, v any) *Index {
	if ix.options == nil {
		ix.options = make(map[string]any)
	}
	ix.options[key] = v
	return ix
}

func (ix *Index) applyTable(t *Table) {
	ix.table = t
	t.indexes = append(t.indexes, ix)
}

func (ix *Index) attach(t *Table) {
	if ix.exprs == nil {
		for _, c := range resolveColumns(t, ix.keys, "index") {
			ix.exprs = append(ix.exprs, c)
		}
	}
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
// also given).
func Indexed() ColumnOption { return columnOptionFunc(func(c *Column) { c.spec.index = true }) }

// Key sets the name the column is looked up by, when it differs from the
// SQL name.
func Key(key string) ColumnOption { return columnOptionFunc(func(c *Column) { c.key = key }) }

// Default sets the value an INSERT gives the column when the statement
// does not: a constant, a Go function of no arguments called for each row
// (time.Now, uuid.New), or a SQL expression rendered into the statement.
func Default(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.def = makeDefault(v) })
}

// OnUpdate sets the value an UPDATE gives the column when the statement
// does not; see Default.
func OnUpdate(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.onUpdate = makeDefault(v) })
}

// ServerDefault sets the column's DEFAULT in DDL: a string is written as a
// quoted literal, an expression as SQL (Text("0"), Func("now")).
func ServerDefault(v any) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		switch x := v.(type) {
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

// Autoincrement says whether the database generates the column's values.
// By default, a table's only integer primary-key column without a default
// or foreign key does.
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

// References declares a foreign key from the column to target, written
// "table.column" or "schema.table.column", or given as a *Column.
func References(target any, opts ...FKOptions) ColumnOption {
	return columnOptionFunc(func(c *Column) {
		fk := &ForeignKey{}
		switch x := target.(type) {
		case string:
			fk.target = x
		case *Column:
			fk.targetCol = x
		case interface{ Untyped() *Column }:
			fk.targetCol = x.Untyped()
		default:
			fk.target = fmt.Sprint(target)
		}
		if len(opts) > 0 {
			fk.opts = opts[0]
		}
		c.spec.foreignKeys = append(c.spec.foreignKeys, fk)
	})
}

// Generated makes the column a computed column: GENERATED ALWAYS AS
// (expr), stored when persisted is true.
func Generated(expr ColumnElement, persisted *bool) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.computed = &Computed{Expr: expr, Persisted: persisted} })
}

// AsIdentity makes the column an identity column.
func AsIdentity(id Identity) ColumnOption {
	return columnOptionFunc(func(c *Column) { c.spec.identity = &id })
}

// NamingConvention names constraints and indexes that were declared
// without a name, with SQLAlchemy's templates and tokens:
// %(table_name)s, %(column_0_name)s, %(column_0N_name)s (all columns,
// joined), %(column_0_N_name)s (joined with "_"), %(column_0_label)s,
// %(referred_table_name)s, %(referred_column_0_name)s, %(constraint_name)s.
type NamingConvention struct {
	Index      string // "ix"
	Unique     string // "uq"
	Check      string // "ck"
	ForeignKey string // "fk"
	PrimaryKey string // "pk"
}

// DefaultNamingConvention names indexes only, as SQLAlchemy does.
var DefaultNamingConvention = NamingConvention{Index: "ix_%(column_0_label)s"}
