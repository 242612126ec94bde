package mssql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// columnDDL writes a column of CREATE TABLE as SQLAlchemy's SQL Server
// dialect does:
//
//	name type {NOT NULL | NULL} [IDENTITY[(start,increment)] | DEFAULT expr]
//	name AS (expr) [PERSISTED] [NOT NULL]
//
// A nullable column says NULL (a database or session setting can make
// NOT NULL the default); an identity column is NOT NULL; the table's
// autoincrement column is an IDENTITY (unless a sequence gives its
// values); a computed column has no type.
func columnDDL(c *athsql.Compiler, col *athsql.Column) bool {
	c.WriteIdentifier(col.Name())
	comp := col.Computed()
	if comp != nil {
		c.WriteString(" AS (")
		c.WriteInline(comp.Expr)
		c.WriteByte(')')
		if comp.Persisted != nil && *comp.Persisted {
			c.WriteString(" PERSISTED")
		}
	} else {
		name, err := dialect.TypeNameOf(c.Dialect(), col.Type())
		if err != nil {
			c.Fail(fmt.Errorf("column %q: %w", col.Name(), err))
			return true
		}
		c.WriteString(" " + name)
	}
	id := col.Identity()
	identity := id != nil || col.Autoincrement() && !fromSequence(col)
	switch {
	case !col.Nullable() || identity:
		c.WriteString(" NOT NULL")
	case comp == nil:
		c.WriteString(" NULL")
	}
	switch {
	case id != nil:
		writeIdentity(c, col, id)
	case identity:
		c.WriteString(" IDENTITY")
	case col.ServerDefault() != nil:
		c.WriteString(" DEFAULT ")
		c.WriteInline(col.ServerDefault())
	}
	return true
}

// fromSequence reports whether the column's default is a sequence's next
// value: such a key is no IDENTITY.
func fromSequence(col *athsql.Column) bool {
	if d := col.Default(); d != nil {
		_, ok := d.Expr.(*athsql.NextValue)
		return ok
	}
	return false
}

// writeIdentity writes IDENTITY[(start,increment)]; SQL Server's
// identity has no minimum, maximum, cycle or cache (a SEQUENCE has them).
func writeIdentity(c *athsql.Compiler, col *athsql.Column, id *athsql.Identity) {
	if id.MinValue != nil || id.MaxValue != nil || id.Cycle || id.Cache != nil {
		c.Fail(fmt.Errorf("%w: column %q: an IDENTITY on mssql takes only a start and an increment (no MinValue, MaxValue, Cycle or Cache)", athsql.ErrNotSupported, col.Name()))
		return
	}
	c.WriteString(" IDENTITY")
	if id.Start == nil && id.Increment == nil {
		return
	}
	start, inc := int64(1), int64(1)
	if id.Start != nil {
		start = *id.Start
	}
	if id.Increment != nil {
		inc = *id.Increment
	}
	c.WriteString("(" + strconv.FormatInt(start, 10) + "," + strconv.FormatInt(inc, 10) + ")")
}

// sequenceDefaults makes a sequence BIGINT and, when it counts up from no
// given start or minimum, start at 1 (SQL Server's own start is the
// type's minimum, -9223372036854775808 for BIGINT).
func sequenceDefaults(o athsql.SequenceOptions) athsql.SequenceOptions {
	if o.DataType == nil {
		o.DataType = types.BigInteger{}
	}
	if o.Start == nil && o.MinValue == nil && (o.Increment == nil || *o.Increment > 0) {
		o.Start = athsql.Int64(1)
	}
	return o
}

// isIdentity reports whether CREATE TABLE makes col an IDENTITY column.
func isIdentity(col *athsql.Column) bool {
	return col.Identity() != nil || col.Autoincrement() && !fromSequence(col)
}

// identityInsert turns IDENTITY_INSERT on around an INSERT that gives an
// IDENTITY column its value, as SQL Server refuses such an INSERT
// otherwise (SQLAlchemy sends the same two statements around it).
func identityInsert(c *athsql.Compiler, table *athsql.Table, cols []*athsql.Column) (before, after string) {
	for _, col := range cols {
		if isIdentity(col) {
			name := tableSQL(c, table)
			return "SET IDENTITY_INSERT " + name + " ON; ", "; SET IDENTITY_INSERT " + name + " OFF"
		}
	}
	return "", ""
}

// setComment writes a table's or a column's comment as SQL Server keeps
// it, the MS_Description extended property (as SQLAlchemy does): one
// batch drops the property if it is there, then adds the new comment
// unless it is empty. The table's schema is the default one
// (SCHEMA_NAME()) when it has none.
func setComment(c *athsql.Compiler, t *athsql.Table, col *athsql.Column) bool {
	comment := t.Comment()
	if col != nil {
		comment = col.Comment()
	}
	owner := "SCHEMA_NAME()"
	if schema := c.SchemaFor(t.Schema()); schema != "" {
		parts := splitSchema(schema)
		if len(parts) > 1 {
			c.Fail(fmt.Errorf("%w: a comment on a table of schema %q, in another database", athsql.ErrNotSupported, schema))
			return true
		}
		owner = nstring(parts[0].name)
	}
	levels := "N'SCHEMA', @schema, N'TABLE', " + nstring(t.Name())
	listColumn := "NULL, NULL"
	if col != nil {
		levels += ", N'COLUMN', " + nstring(col.Name())
		listColumn = "N'COLUMN', " + nstring(col.Name())
	}
	c.WriteString("DECLARE @schema sysname = " + owner + "; " +
		"IF EXISTS (SELECT 1 FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', @schema, N'TABLE', " + nstring(t.Name()) + ", " + listColumn + ")) " +
		"EXEC sp_dropextendedproperty N'MS_Description', " + levels)
	if comment != "" {
		c.WriteString("; EXEC sp_addextendedproperty N'MS_Description', " + nstring(comment) + ", " + levels)
	}
	return true
}

// nstring is s as an NVARCHAR literal.
func nstring(s string) string { return "N'" + strings.ReplaceAll(s, "'", "''") + "'" }
