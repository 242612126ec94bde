package sql

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// DDL is a schema statement: CREATE TABLE, DROP TABLE, CREATE INDEX, ...
// DDL statements compile like any other statement, for any dialect.
type DDL interface {
	Statement
	ddl()
}

type ddlBase struct{}

func (ddlBase) StatementKind() StatementKind { return KindDDL }
func (ddlBase) ddl()                         {}

// CreateTable is CREATE TABLE.
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

// WriteCacheKey implements Element. DDL is never cached (see Cache), so
// its key is only a tag.
func (s *CreateTable) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

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
	c.WriteString("DROP TABLE ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.writeTableName(s.Table)
}

// WriteCacheKey implements Element.
func (s *DropTable) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

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

// WriteCacheKey implements Element.
func (s *CreateIndex) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

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
	c.WriteString("DROP INDEX ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	if t := s.Index.table; t != nil && t.schema != "" {
		c.WriteIdentifier(t.schema)
		c.WriteByte('.')
	}
	c.WriteIdentifier(c.indexName(s.Index))
}

// WriteCacheKey implements Element.
func (s *DropIndex) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

// AddConstraint is ALTER TABLE ... ADD CONSTRAINT.
type AddConstraint struct {
	ddlBase
	Constraint Constraint
}

// WriteSQL implements Element.
func (s *AddConstraint) WriteSQL(c *Compiler) {
	if !c.feat.AlterAddConstraint {
		c.NotSupported("ALTER TABLE ADD CONSTRAINT")
		return
	}
	c.WriteString("ALTER TABLE ")
	c.writeTableName(s.Constraint.Table())
	c.WriteString(" ADD ")
	c.writeConstraint(s.Constraint)
}

// WriteCacheKey implements Element.
func (s *AddConstraint) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

// DropConstraint is ALTER TABLE ... DROP CONSTRAINT.
type DropConstraint struct {
	ddlBase
	Constraint Constraint
}

// WriteSQL implements Element.
func (s *DropConstraint) WriteSQL(c *Compiler) {
	if !c.feat.AlterAddConstraint {
		c.NotSupported("ALTER TABLE DROP CONSTRAINT")
		return
	}
	name := c.constraintName(s.Constraint)
	if name == "" {
		c.Fail(fmt.Errorf("%w: cannot drop an unnamed constraint", ErrArgument))
		return
	}
	c.WriteString("ALTER TABLE ")
	c.writeTableName(s.Constraint.Table())
	c.WriteString(" DROP CONSTRAINT ")
	c.WriteIdentifier(name)
}

// WriteCacheKey implements Element.
func (s *DropConstraint) WriteCacheKey(k *CacheKey) { k.Tag(tagDDL) }

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

// CreateAll creates the tables (and their indexes) that do not exist yet,
// each after the tables its foreign keys refer to. Foreign keys that form a
// cycle are added afterwards with ALTER TABLE.
func (m *MetaData) CreateAll(ctx context.Context, ex DDLExecutor, opts ...CreateOptions) error {
	var o CreateOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	tables := o.Tables
	if tables == nil {
		tables = m.order
	}
	for _, t := range tables {
		if t.err != nil {
			return t.err
		}
	}
	sorted, cut, err := sortTables(tables)
	if err != nil {
		return err
	}
	inline := hooksOf(ex.Dialect()).InlineForeignKeyCycles
	var created []*Table
	for _, t := range sorted {
		if !o.NoCheckFirst {
			exists, err := ex.HasTable(ctx, t.schema, t.name)
			if err != nil {
				return err
			}
			if exists {
				continue
			}
		}
		ct := NewCreateTable(t)
		if !inline {
			for _, fk := range cut {
				if fk.table == t {
					ct.SkipForeignKeys = append(ct.SkipForeignKeys, fk)
				}
			}
		}
		if err := ex.ExecDDL(ctx, ct); err != nil {
			return err
		}
		for _, ix := range t.indexes {
			if err := ex.ExecDDL(ctx, NewCreateIndex(ix)); err != nil {
				return err
			}
		}
		created = append(created, t)
	}
	if !inline {
		for _, fk := range cut {
			if slices.Contains(created, fk.table) {
				if err := ex.ExecDDL(ctx, &AddConstraint{Constraint: fk}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// DropAll drops the tables that exist, in the reverse of CreateAll's
// order; foreign keys in a cycle are dropped first.
func (m *MetaData) DropAll(ctx context.Context, ex DDLExecutor, opts ...CreateOptions) error {
	var o CreateOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	tables := o.Tables
	if tables == nil {
		tables = m.order
	}
	sorted, cut, err := sortTables(tables)
	if err != nil {
		return err
	}
	exists := map[*Table]bool{}
	for _, t := range sorted {
		ok := true
		if !o.NoCheckFirst {
			if ok, err = ex.HasTable(ctx, t.schema, t.name); err != nil {
				return err
			}
		}
		exists[t] = ok
	}
	if !hooksOf(ex.Dialect()).InlineForeignKeyCycles {
		for _, fk := range cut {
			if exists[fk.table] && ex.Dialect().Features().AlterAddConstraint {
				if err := ex.ExecDDL(ctx, &DropConstraint{Constraint: fk}); err != nil {
					return err
				}
			}
		}
	}
	for i := len(sorted) - 1; i >= 0; i-- {
		t := sorted[i]
		if !exists[t] {
			continue
		}
		if err := ex.ExecDDL(ctx, NewDropTable(t)); err != nil {
			return err
		}
	}
	return nil
}

// constraintName returns a constraint's name: declared, or made by the
// naming convention, or "" (the database names it).
func (c *Compiler) constraintName(con Constraint) string {
	if n := con.Name(); n != "" {
		return c.truncate(n)
	}
	t := con.Table()
	if t == nil || t.metadata == nil {
		return ""
	}
	nc := t.metadata.naming
	var tmpl string
	var cols []*Column
	var referred *Table
	var referredCols []*Column
	switch x := con.(type) {
	case *PrimaryKeyConstraint:
		tmpl, cols = nc.PrimaryKey, x.columns
	case *UniqueConstraint:
		tmpl, cols = nc.Unique, x.columns
	case *CheckConstraint:
		tmpl = nc.Check
	case *ForeignKeyConstraint:
		tmpl, cols = nc.ForeignKey, x.columns
		referred, _ = x.ReferredTable()
		referredCols, _ = x.ReferredColumns()
	}
	if tmpl == "" {
		return ""
	}
	return c.truncate(expandConvention(tmpl, t, cols, referred, referredCols, con.Name()))
}

func (c *Compiler) indexName(ix *Index) string {
	if ix.name != "" {
		return c.truncate(ix.name)
	}
	if ix.table == nil {
		return ""
	}
	var cols []*Column
	for _, e := range ix.exprs {
		if col, ok := e.(*Column); ok {
			cols = append(cols, col)
		}
	}
	tmpl := DefaultNamingConvention.Index
	if ix.table.metadata != nil && ix.table.metadata.naming.Index != "" {
		tmpl = ix.table.metadata.naming.Index
	}
	return c.truncate(expandConvention(tmpl, ix.table, cols, nil, nil, ""))
}

func (c *Compiler) truncate(name string) string {
	return dialect.TruncateName(name, c.d.MaxIdentifierLength())
}

// expandConvention fills a naming-convention template.
func expandConvention(tmpl string, t *Table, cols []*Column, referred *Table, referredCols []*Column, name string) string {
	names := func(cs []*Column, sep string) string {
		parts := make([]string, len(cs))
		for i, c := range cs {
			parts[i] = c.name
		}
		return strings.Join(parts, sep)
	}
	first := func(cs []*Column) string {
		if len(cs) == 0 {
			return ""
		}
		return cs[0].name
	}
	repl := []string{
		"%(table_name)s", t.name,
		"%(column_0_name)s", first(cols),
		"%(column_0N_name)s", names(cols, ""),
		"%(column_0_N_name)s", names(cols, "_"),
		"%(column_0_label)s", t.name + "_" + first(cols),
		"%(column_0_key)s", first(cols),
		"%(constraint_name)s", name,
	}
	if referred != nil {
		repl = append(repl,
			"%(referred_table_name)s", referred.name,
			"%(referred_column_0_name)s", first(referredCols),
			"%(referred_column_0N_name)s", names(referredCols, ""),
			"%(referred_column_0_N_name)s", names(referredCols, "_"),
		)
	}
	return strings.NewReplacer(repl...).Replace(tmpl)
}
