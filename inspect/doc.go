// Package inspect reads a database's schema back: reflection, as
// SQLAlchemy's Inspector and MetaData.reflect do it, and the comparison
// of two schemas that migrations are built on.
//
// # Inspector
//
// An Inspector reads through an engine, a connection or a transaction
// (a Source), and answers questions about the schema: schema, table and
// view names, a view's query, a table's columns (their types as Athanor
// types, nullability, server defaults, autoincrement, identity,
// generated expressions, comments), primary key, foreign keys, indexes,
// unique and check constraints and comment; on PostgreSQL also sequences
// and enum types. Table and Schema gather everything at once, in structs
// whose JSON form is what `athanor inspect --json` prints. What an
// Inspector has read it keeps: a second question costs no query.
//
//	i := inspect.New(eng)
//	cols, err := i.Columns(ctx, "", "users")
//	fks, err := i.ForeignKeys(ctx, "", "orders")
//
// An empty schema is the default schema: the current database on MySQL,
// the search path's on PostgreSQL, main on SQLite, the session's on SQL
// Server and Oracle.
//
// # Reflection into a MetaData
//
// Reflect reads the tables of a schema (some of them, views too) into a
// sql.MetaData, ReflectTable one table; the tables their foreign keys
// refer to come along. A reflected *sql.Table is a table like a declared
// one: it can be queried, created and dropped.
//
//	md := sql.NewMetaData()
//	err := inspect.Reflect(ctx, eng, md)
//	users, _ := md.Lookup("users")
//
// # Comparison
//
// Compare reports how one MetaData differs from another as a dialect
// creates them: tables, columns (type, nullability, default,
// autoincrement, identity, generated expression, comment), primary keys,
// foreign keys, unique and check constraints, indexes and comments. Two
// types are the same when the dialect writes them alike (a UUID and a
// CHAR(32) on SQLite), and defaults and conditions are compared as SQL,
// regardless of the casts and parentheses databases add. Compare the
// MetaData a program declares with the one reflected from its database
// and the differences are what a migration has to do.
//
// # Dialects
//
// Each dialect reads its own catalog by implementing dialect.Reflector
// (and dialect.SequenceReflector, dialect.EnumReflector,
// dialect.TypeCanonicalizer where they apply), in its package's
// inspect.go: SQLite's PRAGMAs and CREATE statements, PostgreSQL's
// pg_catalog, MySQL's and MariaDB's information_schema, SQL Server's
// catalog views and Oracle's data dictionary.
package inspect
