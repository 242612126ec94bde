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

// SetTableComment sets a table's comment to Table.Comment (an empty
// comment removes it): COMMENT ON TABLE, or the database's own statement
// (ALTER TABLE ... COMMENT on MySQL). CreateAll runs it where comments are
// not written inside CREATE TABLE. On a database without comments
// (SQLite) it fails with ErrNotSupported; CreateAll leaves comments out
// there.
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
	if c.hooks.SetComment != nil && c.hooks.SetComment(c, s.Table, nil) {
		return
	}
	c.WriteString("COMMENT ON TABLE ")
	c.writeTableName(s.Table)
	c.WriteString(" IS ")
	c.writeLiteral(s.Table.comment)
}

// SetColumnComment sets a column's comment to Column.Comment (an empty
// comment removes it): COMMENT ON COLUMN, or the database's own statement
// (ALTER TABLE ... MODIFY on MySQL, which restates the whole column), as
// SetTableComment does.
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
	if c.hooks.SetComment != nil && c.hooks.SetComment(c, t, s.Column) {
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

// DialectDetector is implemented by DDL executors whose dialect is
// settled only once they are used (an engine reads the server's version
// on its first connection, and the MariaDB dialect has sequences where
// the MySQL one it starts with has none). CreateAll and DropAll call it
// before they plan what to run.
type DialectDetector interface {
	DetectDialect(ctx context.Context) (dialect.Dialect, error)
}

// ddlDialect returns the dialect DDL is planned for on ex.
func ddlDialect(ctx context.Context, ex DDLExecutor) (dialect.Dialect, error) {
	if dd, ok := ex.(DialectDetector); ok {
		return dd.DetectDialect(ctx)
	}
	return ex.Dialect(), nil
}

// CreateOptions tune CreateAll and DropAll.
type CreateOptions struct {
	// Tables limits the operation to these tables (default: all).
	Tables []*Table
	// NoCheckFirst skips the existence check: every CREATE (DROP) is
	// attempted, and fails if the table exists (does not).
	NoCheckFirst bool
}

// ddlPlan is what CreateAll or DropAll will run: statements, compiled
// beforehand so that one that cannot be compiled stops them before
// anything is executed, and the calls of DDL listeners.
type ddlPlan []ddlStep

func (p ddlPlan) check(d dialect.Dialect) error {
	for _, st := range p {
		if st.stmt == nil {
			continue
		}
		if _, err := Compile(st.stmt, d); err != nil {
			return err
		}
	}
	return nil
}

func (p ddlPlan) run(ctx context.Context, ex DDLExecutor) error {
	for _, st := range p {
		var err error
		if st.stmt != nil {
			err = ex.ExecDDL(ctx, st.stmt)
		} else {
			err = st.call(ctx, ex)
		}
		if err != nil {
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
// changes nothing. DDL listeners (MetaData.Listen, Table.Listen) are
// called around it all and around each table (see DDLEventKind).
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
	d, err := ddlDialect(ctx, ex)
	if err != nil {
		return err
	}
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
	objs, err := m.objectsToCreate(ctx, ex, d, &o, sorted)
	if err != nil {
		return err
	}
	var created []*Table
	for _, t := range sorted {
		if !exists[t] {
			created = append(created, t)
		}
	}
	var plan ddlPlan
	plan.addEvent(m.listeners, DDLEvent{Kind: BeforeCreate, MetaData: m, Tables: created, CheckFirst: !o.NoCheckFirst})
	for _, obj := range objs {
		plan.add(obj.Create)
	}
	for _, t := range created {
		ev := DDLEvent{Kind: BeforeCreate, MetaData: m, Table: t, CheckFirst: !o.NoCheckFirst}
		plan.addEvent(t.listeners, ev)
		ct := NewCreateTable(t)
		for _, fk := range later {
			if fk.table == t {
				ct.SkipForeignKeys = append(ct.SkipForeignKeys, fk)
			}
		}
		plan.add(ct)
		for _, ix := range t.indexes {
			plan.add(NewCreateIndex(ix))
		}
		if feat.Comments && !feat.InlineComments {
			if t.comment != "" {
				plan.add(&SetTableComment{Table: t})
			}
			for _, col := range t.columns {
				if col.spec.comment != "" && !col.spec.system {
					plan.add(&SetColumnComment{Column: col})
				}
			}
		}
		ev.Kind = AfterCreate
		plan.addEvent(t.listeners, ev)
	}
	for _, fk := range later {
		if !exists[fk.table] {
			plan.add(NewAddConstraint(fk))
		}
	}
	plan.addEvent(m.listeners, DDLEvent{Kind: AfterCreate, MetaData: m, Tables: created, CheckFirst: !o.NoCheckFirst})
	if err := plan.check(d); err != nil {
		return err
	}
	return plan.run(ctx, ex)
}

// DropAll drops the tables that exist, in the reverse of CreateAll's
// order, then the schema objects they used that no remaining table of the
// metadata uses. Where foreign keys form a cycle, on databases with ALTER TABLE,
// the constraints CreateAll added afterwards are dropped first: they must
// have names (declared, or from a naming convention). DDL listeners are
// called around it all and around each table (see DDLEventKind).
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
	d, err := ddlDialect(ctx, ex)
	if err != nil {
		return err
	}
	exists, err := o.existing(ctx, ex, sorted, true)
	if err != nil {
		return err
	}
	var dropped []*Table
	for i := len(sorted) - 1; i >= 0; i-- {
		if t := sorted[i]; exists[t] {
			dropped = append(dropped, t)
		}
	}
	var plan ddlPlan
	plan.addEvent(m.listeners, DDLEvent{Kind: BeforeDrop, MetaData: m, Tables: dropped, CheckFirst: !o.NoCheckFirst})
	if d.Features().AlterAddConstraint && !hooksOf(d).InlineForeignKeyCycles {
		for _, fk := range cut {
			if !exists[fk.table] {
				continue
			}
			if name, _ := objectName(fk, d); name == "" {
				return fmt.Errorf("%w: cannot drop tables %s: their foreign keys form a cycle, and the one of table %q has no name to drop it by; name it (FKOptions.Name or a naming convention)", ErrArgument, cycleTables(cut), fk.table.name)
			}
			plan.add(NewDropConstraint(fk))
		}
	}
	for _, t := range dropped {
		ev := DDLEvent{Kind: BeforeDrop, MetaData: m, Table: t, CheckFirst: !o.NoCheckFirst}
		plan.addEvent(t.listeners, ev)
		plan.add(NewDropTable(t))
		ev.Kind = AfterDrop
		plan.addEvent(t.listeners, ev)
	}
	objs, err := m.objectsToDrop(ctx, ex, d, &o, sorted)
	if err != nil {
		return err
	}
	for _, obj := range objs {
		plan.add(obj.Drop)
	}
	plan.addEvent(m.listeners, DDLEvent{Kind: AfterDrop, MetaData: m, Tables: dropped, CheckFirst: !o.NoCheckFirst})
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
