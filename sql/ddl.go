package sql

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// DDL is a schema statement: CREATE TABLE, DROP TABLE, CREATE INDEX, ...
// DDL statements compile like any other statement, for any dialect, but
// are never kept in the compiled-statement cache: they are compiled each
// time they run.
type DDL interface {
	Statement
	ddl()
}

type ddlBase struct{}

func (ddlBase) StatementKind() StatementKind { return KindDDL }
func (ddlBase) ddl()                         {}

// WriteCacheKey implements Element. DDL is never cached (see Cache), so
// its key is only a tag.
func (ddlBase) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

var (
	_ DDL = (*CreateTable)(nil)
	_ DDL = (*DropTable)(nil)
	_ DDL = (*CreateIndex)(nil)
	_ DDL = (*DropIndex)(nil)
	_ DDL = (*AddConstraint)(nil)
	_ DDL = (*DropConstraint)(nil)
	_ DDL = (*SetTableComment)(nil)
	_ DDL = (*SetColumnComment)(nil)
)

// CreateTable is CREATE TABLE: the columns, the primary key and the
// table's other constraints. Its indexes are created by CreateIndex.
type CreateTable struct {
	ddlBase
	Table       *Table
	IfNotExists bool
	// SkipForeignKeys are constraints left out, to be added with ALTER
	// TABLE after the tables of a cycle exist.
	SkipForeignKeys []*ForeignKeyConstraint
}

// NewCreateTable returns CREATE TABLE t.
func NewCreateTable(t *Table) *CreateTable { return &CreateTable{Table: t} }

// WriteSQL implements Element.
func (s *CreateTable) WriteSQL(c *Compiler) { c.writeCreateTable(s) }

// DropTable is DROP TABLE.
type DropTable struct {
	ddlBase
	Table    *Table
	IfExists bool
}

// NewDropTable returns DROP TABLE t.
func NewDropTable(t *Table) *DropTable { return &DropTable{Table: t} }

// WriteSQL implements Element.
func (s *DropTable) WriteSQL(c *Compiler) {
	if s.Table == nil {
		c.Fail(fmt.Errorf("%w: DROP TABLE without a table", ErrArgument))
		return
	}
	c.WriteString("DROP TABLE ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.writeTableName(s.Table)
}

// CreateIndex is CREATE INDEX.
type CreateIndex struct {
	ddlBase
	Index       *Index
	IfNotExists bool
}

// NewCreateIndex returns CREATE INDEX.
func NewCreateIndex(ix *Index) *CreateIndex { return &CreateIndex{Index: ix} }

// WriteSQL implements Element.
func (s *CreateIndex) WriteSQL(c *Compiler) { c.writeCreateIndex(s) }

// DropIndex is DROP INDEX.
type DropIndex struct {
	ddlBase
	Index    *Index
	IfExists bool
}

// NewDropIndex returns DROP INDEX.
func NewDropIndex(ix *Index) *DropIndex { return &DropIndex{Index: ix} }

// WriteSQL implements Element.
func (s *DropIndex) WriteSQL(c *Compiler) {
	if s.Index == nil {
		c.Fail(fmt.Errorf("%w: DROP INDEX without an index", ErrArgument))
		return
	}
	name := c.indexName(s.Index)
	if name == "" {
		c.Fail(fmt.Errorf("%w: DROP INDEX needs the index to have a name", ErrArgument))
		return
	}
	c.WriteString("DROP INDEX ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	t := s.Index.table
	if c.hooks.DropIndexOnTable {
		if t == nil {
			c.Fail(fmt.Errorf("%w: DROP INDEX %q needs the index's table", ErrArgument, name))
			return
		}
		c.WriteIdentifier(name)
		c.WriteString(" ON ")
		c.writeTableName(t)
		return
	}
	if t != nil {
		if schema := c.SchemaFor(t.schema); schema != "" {
			c.WriteIdentifier(schema)
			c.WriteByte('.')
		}
	}
	c.WriteIdentifier(name)
}

// AddConstraint is ALTER TABLE ... ADD CONSTRAINT, for databases that can
// (dialect.Features.AlterAddConstraint).
type AddConstraint struct {
	ddlBase
	Constraint Constraint
}

// NewAddConstraint returns ALTER TABLE ... ADD con.
func NewAddConstraint(con Constraint) *AddConstraint { return &AddConstraint{Constraint: con} }

// WriteSQL implements Element.
func (s *AddConstraint) WriteSQL(c *Compiler) {
	if s.Constraint == nil || s.Constraint.Table() == nil {
		c.Fail(fmt.Errorf("%w: ADD CONSTRAINT needs a constraint of a table", ErrArgument))
		return
	}
	if !c.feat.AlterAddConstraint {
		c.NotSupported("ALTER TABLE ADD CONSTRAINT")
		return
	}
	c.WriteString("ALTER TABLE ")
	c.writeTableName(s.Constraint.Table())
	c.WriteString(" ADD ")
	c.writeConstraint(s.Constraint)
}

// DropConstraint is ALTER TABLE ... DROP CONSTRAINT; the constraint must
// have a name (declared, or from the naming convention).
type DropConstraint struct {
	ddlBase
	Constraint Constraint
	IfExists   bool
	Cascade    bool
}

// NewDropConstraint returns ALTER TABLE ... DROP CONSTRAINT name.
func NewDropConstraint(con Constraint) *DropConstraint { return &DropConstraint{Constraint: con} }

// WriteSQL implements Element.
func (s *DropConstraint) WriteSQL(c *Compiler) {
	if s.Constraint == nil || s.Constraint.Table() == nil {
		c.Fail(fmt.Errorf("%w: DROP CONSTRAINT needs a constraint of a table", ErrArgument))
		return
	}
	if !c.feat.AlterAddConstraint {
		c.NotSupported("ALTER TABLE DROP CONSTRAINT")
		return
	}
	name := c.constraintName(s.Constraint)
	if name == "" {
		c.Fail(fmt.Errorf("%w: cannot drop an unnamed constraint of table %q; name it (or use a naming convention)", ErrArgument, s.Constraint.Table().name))
		return
	}
	if c.hooks.DropConstraint != nil && c.hooks.DropConstraint(c, s) {
		return
	}
	c.WriteString("ALTER TABLE ")
	c.writeTableName(s.Constraint.Table())
	c.WriteString(" DROP CONSTRAINT ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.WriteIdentifier(name)
	if s.Cascade {
		c.WriteString(" CASCADE")
	}
}

// SetTableComment is COMMENT ON TABLE, for databases that keep comments
// apart from CREATE TABLE.
type SetTableComment struct {
	ddlBase
	Table *Table
}

// WriteSQL implements Element.
func (s *SetTableComment) WriteSQL(c *Compiler) {
	if s.Table == nil {
		c.Fail(fmt.Errorf("%w: COMMENT ON TABLE without a table", ErrArgument))
		return
	}
	if !c.feat.Comments {
		c.NotSupported("table comments")
		return
	}
	c.WriteString("COMMENT ON TABLE ")
	c.writeTableName(s.Table)
	c.WriteString(" IS ")
	c.writeLiteral(s.Table.comment)
}

// SetColumnComment is COMMENT ON COLUMN.
type SetColumnComment struct {
	ddlBase
	Column *Column
}

// WriteSQL implements Element.
func (s *SetColumnComment) WriteSQL(c *Compiler) {
	if s.Column == nil {
		c.Fail(fmt.Errorf("%w: COMMENT ON COLUMN without a column", ErrArgument))
		return
	}
	t := s.Column.Table()
	if t == nil {
		c.Fail(fmt.Errorf("%w: COMMENT ON COLUMN %q, which belongs to no table", ErrArgument, s.Column.name))
		return
	}
	if !c.feat.Comments {
		c.NotSupported("column comments")
		return
	}
	c.WriteString("COMMENT ON COLUMN ")
	c.writeTableName(t)
	c.WriteByte('.')
	c.WriteIdentifier(s.Column.name)
	c.WriteString(" IS ")
	c.writeLiteral(s.Column.spec.comment)
}

// DDLExecutor runs DDL: an engine or a connection. CreateAll and DropAll
// use it.
type DDLExecutor interface {
	Dialect() dialect.Dialect
	// ExecDDL executes one DDL statement.
	ExecDDL(ctx context.Context, stmt Statement) error
	// HasTable reports whether the table exists.
	HasTable(ctx context.Context, schema, name string) (bool, error)
}

// CreateOptions tune CreateAll and DropAll.
type CreateOptions struct {
	// Tables limits the operation to these tables (default: all).
	Tables []*Table
	// NoCheckFirst skips the existence check: every CREATE (DROP) is
	// attempted, and fails if the table exists (does not).
	NoCheckFirst bool
}

// ddlPlan is what CreateAll or DropAll will run, compiled beforehand so
// that a statement that cannot be compiled stops them before anything is
// executed.
type ddlPlan []Statement

func (p ddlPlan) check(d dialect.Dialect) error {
	for _, st := range p {
		if _, err := Compile(st, d); err != nil {
			return err
		}
	}
	return nil
}

func (p ddlPlan) run(ctx context.Context, ex DDLExecutor) error {
	for _, st := range p {
		if err := ex.ExecDDL(ctx, st); err != nil {
			return err
		}
	}
	return nil
}

func (o *CreateOptions) tables(m *MetaData) []*Table {
	if o.Tables != nil {
		return o.Tables
	}
	return m.order
}

// existing asks which tables exist, unless NoCheckFirst says to assume
// that all do (want true) or none do (want false).
func (o *CreateOptions) existing(ctx context.Context, ex DDLExecutor, tables []*Table, assume bool) (map[*Table]bool, error) {
	out := make(map[*Table]bool, len(tables))
	for _, t := range tables {
		if o.NoCheckFirst {
			out[t] = assume
			continue
		}
		ok, err := ex.HasTable(ctx, t.schema, t.name)
		if err != nil {
			return nil, err
		}
		out[t] = ok
	}
	return out, nil
}

// CreateAll creates the tables (and their indexes and comments) that do
// not exist yet, each after the tables its foreign keys refer to, and
// before them the schema objects they use (sequences, named types; see
// SchemaObject). Foreign
// keys that form a cycle (or are declared UseAlter) are added afterwards
// with ALTER TABLE where the database can; SQLite, which checks
// references only when rows change, gets them inside CREATE TABLE.
// Every statement is compiled before the first one runs, so a definition
// error (Table.Err, an unresolvable foreign key, a type the database lacks)
// changes nothing.
func (m *MetaData) CreateAll(ctx context.Context, ex DDLExecutor, opts ...CreateOptions) error {
	var o CreateOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if ex == nil {
		return fmt.Errorf("%w: CreateAll without an engine or connection", ErrArgument)
	}
	tables := o.tables(m)
	for _, t := range tables {
		if t == nil {
			return fmt.Errorf("%w: CreateAll of a nil table", ErrArgument)
		}
		if t.err != nil {
			return t.err
		}
	}
	sorted, cut, err := sortTables(tables)
	if err != nil {
		return err
	}
	d := ex.Dialect()
	feat, hooks := d.Features(), hooksOf(d)
	alter := feat.AlterAddConstraint && !hooks.InlineForeignKeyCycles
	if len(cut) > 0 && !alter && !hooks.InlineForeignKeyCycles {
		return fmt.Errorf("%w: the foreign keys of tables %s form a cycle, and %s can neither add them with ALTER TABLE nor create them before the tables they refer to", ErrNotSupported, cycleTables(cut), d.Name())
	}
	var later []*ForeignKeyConstraint // added with ALTER TABLE
	if alter {
		later = append(later, cut...)
	}
	if feat.AlterAddConstraint {
		for _, t := range sorted {
			for _, fk := range t.ForeignKeyConstraints() {
				if fk.opts.UseAlter && !slices.Contains(later, fk) {
					later = append(later, fk)
				}
			}
		}
	}
	exists, err := o.existing(ctx, ex, sorted, false)
	if err != nil {
		return err
	}
	objs, err := m.objectsToCreate(ctx, ex, &o, sorted)
	if err != nil {
		return err
	}
	var plan ddlPlan
	for _, obj := range objs {
		plan = append(plan, obj.Create)
	}
	for _, t := range sorted {
		if exists[t] {
			continue
		}
		ct := NewCreateTable(t)
		for _, fk := range later {
			if fk.table == t {
				ct.SkipForeignKeys = append(ct.SkipForeignKeys, fk)
			}
		}
		plan = append(plan, ct)
		for _, ix := range t.indexes {
			plan = append(plan, NewCreateIndex(ix))
		}
		if feat.Comments && !feat.InlineComments {
			if t.comment != "" {
				plan = append(plan, &SetTableComment{Table: t})
			}
			for _, col := range t.columns {
				if col.spec.comment != "" && !col.spec.system {
					plan = append(plan, &SetColumnComment{Column: col})
				}
			}
		}
	}
	for _, fk := range later {
		if !exists[fk.table] {
			plan = append(plan, NewAddConstraint(fk))
		}
	}
	if err := plan.check(d); err != nil {
		return err
	}
	return plan.run(ctx, ex)
}

// DropAll drops the tables that exist, in the reverse of CreateAll's
// order, then the schema objects they used that no remaining table of the
// metadata uses. Where foreign keys form a cycle, on databases with ALTER TABLE,
// the constraints CreateAll added afterwards are dropped first: they must
// have names (declared, or from a naming convention).
func (m *MetaData) DropAll(ctx context.Context, ex DDLExecutor, opts ...CreateOptions) error {
	var o CreateOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if ex == nil {
		return fmt.Errorf("%w: DropAll without an engine or connection", ErrArgument)
	}
	if slices.Contains(o.tables(m), nil) {
		return fmt.Errorf("%w: DropAll of a nil table", ErrArgument)
	}
	sorted, cut, err := sortTables(o.tables(m))
	if err != nil {
		return err
	}
	d := ex.Dialect()
	exists, err := o.existing(ctx, ex, sorted, true)
	if err != nil {
		return err
	}
	var plan ddlPlan
	if d.Features().AlterAddConstraint && !hooksOf(d).InlineForeignKeyCycles {
		for _, fk := range cut {
			if !exists[fk.table] {
				continue
			}
			if name, _ := objectName(fk, d); name == "" {
				return fmt.Errorf("%w: cannot drop tables %s: their foreign keys form a cycle, and the one of table %q has no name to drop it by; name it (FKOptions.Name or a naming convention)", ErrArgument, cycleTables(cut), fk.table.name)
			}
			plan = append(plan, NewDropConstraint(fk))
		}
	}
	for i := len(sorted) - 1; i >= 0; i-- {
		if t := sorted[i]; exists[t] {
			plan = append(plan, NewDropTable(t))
		}
	}
	objs, err := m.objectsToDrop(ctx, ex, &o, sorted)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		plan = append(plan, obj.Drop)
	}
	if err := plan.check(d); err != nil {
		return err
	}
	return plan.run(ctx, ex)
}

// cycleTables names the tables of cut foreign keys, for messages.
func cycleTables(cut []*ForeignKeyConstraint) string {
	var names []string
	for _, fk := range cut {
		names = append(names, fk.table.FullName())
		if ref, err := fk.ReferredTable(); err == nil {
			names = append(names, ref.FullName())
		}
	}
	slices.Sort(names)
	return strings.Join(slices.Compact(names), ", ")
}
