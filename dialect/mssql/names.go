package mssql

import (
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// schemaPart is one dot-separated part of a schema name.
type schemaPart struct {
	name      string
	bracketed bool // written [name] in the schema string
}

// splitSchema reads a schema name as SQL Server's [database.]owner. Dots
// inside brackets do not separate: "[my.db].dbo" is the database my.db
// and the owner dbo.
func splitSchema(schema string) []schemaPart {
	var parts []schemaPart
	var cur strings.Builder
	inBracket, bracketed := false, false
	for _, r := range schema {
		switch {
		case r == '[' && !inBracket:
			inBracket, bracketed = true, true
		case r == ']' && inBracket:
			inBracket = false
		case r == '.' && !inBracket:
			parts = append(parts, schemaPart{cur.String(), bracketed})
			cur.Reset()
			bracketed = false
		default:
			cur.WriteRune(r)
		}
	}
	return append(parts, schemaPart{cur.String(), bracketed})
}

// schemaName writes a table's schema as SQLAlchemy's SQL Server dialect
// does. A dotted schema names a database and an owner: "mydb.dbo" is
// mydb.dbo, "other db.dbo" is [other db].dbo. The owner is the last part;
// the database, everything before it: unbracketed, it is one name even
// with dots ("a.b.dbo" is [a.b].dbo), and bracketed parts are kept as
// written ("[srv].[db].dbo" is [srv].[db].dbo, for a linked server). A
// name needing quotes gets brackets: "[my.schema]" is one owner, written
// [my.schema].
func schemaName(c *athsql.Compiler, schema string) {
	c.WriteString(schemaSQL(c.Dialect(), schema))
}

// schemaSQL is a schema name as schemaName writes it.
func schemaSQL(d dialect.Dialect, schema string) string {
	parts := splitSchema(schema)
	owner := parts[len(parts)-1]
	if owner.name == "" {
		return dialect.Quote(d, schema) // not a [database.]owner form: one name
	}
	out := dialect.Quote(d, owner.name)
	if db := parts[:len(parts)-1]; len(db) > 0 {
		out = databaseName(d, db) + "." + out
	}
	return out
}

// tableSQL is a table's name, with its schema (as translated for this
// compilation), as SQL.
func tableSQL(c *athsql.Compiler, t *athsql.Table) string {
	name := dialect.Quote(c.Dialect(), t.Name())
	if schema := c.SchemaFor(t.Schema()); schema != "" {
		return schemaSQL(c.Dialect(), schema) + "." + name
	}
	return name
}

// databaseName returns the database part of a schema name as written in
// SQL.
func databaseName(d dialect.Dialect, db []schemaPart) string {
	anyBracketed := false
	names := make([]string, len(db))
	for i, p := range db {
		names[i] = p.name
		anyBracketed = anyBracketed || p.bracketed
	}
	if len(db) == 1 || !anyBracketed {
		return dialect.Quote(d, strings.Join(names, "."))
	}
	for i, p := range db {
		if p.bracketed {
			names[i] = d.QuoteIdentifier(p.name)
		} else {
			names[i] = dialect.Quote(d, p.name)
		}
	}
	return strings.Join(names, ".")
}
