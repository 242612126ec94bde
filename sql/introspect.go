package sql

import (
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// The functions of this file tell what DDL writes for a part of a table
// on a dialect, without compiling a whole statement: schema comparison
// (package inspect) compares a declared table with one read back from the
// database through them.

// ObjectName returns the name a constraint or index (a Constraint or an
// *Index) is created with on d: its own, or the one the naming convention
// of its table's MetaData gives it (truncated to the dialect's limit);
// "" when DDL leaves the naming to the database.
func ObjectName(obj any, d dialect.Dialect) (string, error) {
	return objectName(obj, d)
}

// ColumnTypeSQL returns a column's type as CREATE TABLE writes it on d,
// the dialect's column-type hook included (SERIAL for an autoincrement
// integer on PostgreSQL).
func ColumnTypeSQL(d dialect.Dialect, col *Column) (string, error) {
	return renderFragment(d, func(c *Compiler) {
		if c.hooks.ColumnType == nil || !c.hooks.ColumnType(c, col) {
			name, err := typeName(d, col.typ)
			if err != nil {
				c.Fail(err)
				return
			}
			c.WriteString(name)
		}
	})
}

// ServerDefaultSQL returns what CREATE TABLE writes after DEFAULT for a
// column on d, "" when the column has no server default.
func ServerDefaultSQL(d dialect.Dialect, col *Column) (string, error) {
	if col.spec.serverDefault == nil {
		return "", nil
	}
	text, err := renderFragment(d, func(c *Compiler) {
		if c.hooks.ServerDefault == nil || !c.hooks.ServerDefault(c, col) {
			c.WriteString(" DEFAULT ")
			c.writeDDLExpr(col.spec.serverDefault)
		}
	})
	return strings.TrimPrefix(text, " DEFAULT "), err
}

// InlineSQL renders an expression as DDL writes it on d: values as SQL
// literals, columns without their table.
func InlineSQL(d dialect.Dialect, e ColumnElement) (string, error) {
	return renderFragment(d, func(c *Compiler) { c.writeDDLExpr(e) })
}

// ConstraintCreated reports whether CreateAll creates the constraint on d:
// every constraint is created, except the CHECK an Enum or Boolean type
// asks for where d has a native type for it, and, where foreign keys stay
// within a schema (SQLite), a foreign key to another schema.
func ConstraintCreated(d dialect.Dialect, con Constraint) bool {
	c := &Compiler{compileState: compileState{d: d, feat: d.Features(), hooks: hooksOf(d)}}
	switch x := con.(type) {
	case *ForeignKeyConstraint:
		if c.hooks.ForeignKeysWithinSchema {
			if ref, err := x.ReferredTable(); err == nil && ref.schema != x.table.schema {
				return false
			}
		}
		return true
	case *CheckConstraint:
		return x.typeBound == nil || !c.nativeType(x.typeBound.typ)
	}
	return true
}

// renderFragment runs write on a compiler for d and returns its text.
func renderFragment(d dialect.Dialect, write func(c *Compiler)) (string, error) {
	if d == nil {
		return "", &CompileError{Dialect: "<nil>", Err: ErrArgument}
	}
	c := newCompiler(d)
	defer c.release(nil)
	write(c)
	if c.err != nil {
		return "", &CompileError{Dialect: d.Name(), Err: c.err}
	}
	return string(c.buf), nil
}
