package mssql

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/dialect"
)

var (
	_ dialect.TableLister  = (*Dialect)(nil)
	_ dialect.ObjectLister = (*Dialect)(nil)
)

// HasTable implements dialect.TableLister from INFORMATION_SCHEMA.TABLES
// (tables and views): in the schema given, or the session's default
// schema (SCHEMA_NAME(), dbo for most logins). A schema
// "database.owner" looks in that database's catalog.
func (d *Dialect) HasTable(ctx context.Context, conn dialect.Queryer, schema, name string) (bool, error) {
	return d.exists(ctx, conn, "TABLES", "TABLE", schema, name)
}

// HasObject implements dialect.ObjectLister for sequences, from
// INFORMATION_SCHEMA.SEQUENCES.
func (d *Dialect) HasObject(ctx context.Context, conn dialect.Queryer, kind dialect.ObjectKind, schema, name string) (bool, error) {
	if kind != dialect.ObjectSequence {
		return false, fmt.Errorf("%w: SQL Server has no %s objects", dialect.ErrNotSupported, kind)
	}
	return d.exists(ctx, conn, "SEQUENCES", "SEQUENCE", schema, name)
}

// exists looks name up in an INFORMATION_SCHEMA view whose columns are
// prefix_NAME and prefix_SCHEMA.
func (d *Dialect) exists(ctx context.Context, conn dialect.Queryer, view, prefix, schema, name string) (bool, error) {
	catalog := "INFORMATION_SCHEMA." + view
	owner := "SCHEMA_NAME()"
	args := []any{name}
	if schema != "" {
		parts := splitSchema(schema)
		if db := parts[:len(parts)-1]; len(db) > 0 {
			catalog = databaseName(d, db) + "." + catalog
		}
		owner = "@p2"
		args = append(args, parts[len(parts)-1].name)
	}
	query := "SELECT 1 FROM " + catalog + " WHERE " + prefix + "_NAME = @p1 AND " + prefix + "_SCHEMA = " + owner
	found := false
	err := conn.QueryContext(ctx, query, args, func([]any) error { found = true; return nil })
	return found, err
}
