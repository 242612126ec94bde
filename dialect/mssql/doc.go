// Package mssql is Athanor's dialect for Microsoft SQL Server (2012 and
// later, or an older release given as Options.Version) and Azure SQL
// Database, through the driver
// github.com/microsoft/go-mssqldb. Importing the package registers it as
// "mssql" and "sqlserver":
//
//	eng, err := engine.Create("mssql://user:pass@host:1433/appdb?encrypt=disable")
//
// No SQL Server runs where Athanor is tested: the dialect's SQL is tested
// as exact text (statement, SQL, parameters), against what SQLAlchemy's
// SQL Server dialect emits for the same constructs; its URL handling, type
// conversions and error classes are tested without a server. Nothing here
// has been run against a live database.
//
// # SQL
//
// Names are quoted with brackets ([order], [Mixed Case]); parameters are
// @p1, @p2, ... . A dotted schema is [database.]owner, as in SQLAlchemy:
// Schema("mydb.dbo") writes mydb.dbo.table; the owner is the last part and
// the database everything before it ("a.b.dbo" is [a.b].dbo); brackets
// keep dots inside a part ("[my.schema]" is one owner) and bracketed
// database parts are kept as written ("[srv].[db].dbo", for a linked
// server).
//
// Row limits follow SQLAlchemy: a LIMIT without OFFSET is TOP n, with the
// count written inline (SELECT TOP 10 ...); FETCH FIRST n PERCENT or WITH
// TIES is TOP n PERCENT / WITH TIES; an OFFSET, or a plain FETCH FIRST, is
// OFFSET n ROWS FETCH FIRST m ROWS ONLY after the ORDER BY, which SQL
// Server requires (compiling without one fails with sql.ErrArgument). A
// subquery drops its ORDER BY unless it limits its rows, as SQL Server
// refuses one there. Before SQL Server 2012 (Options{Version: 10}) there
// is no OFFSET: a SELECT with an OFFSET or a plain FETCH FIRST numbers its
// rows with ROW_NUMBER() OVER (its ORDER BY) in a subquery that the outer
// SELECT filters (WHERE mssql_rn > offset AND mssql_rn <= limit + offset),
// as SQLAlchemy writes it; a UNION's OFFSET is refused there, and so are
// sequences.
//
// RETURNING is SQL Server's OUTPUT clause, before VALUES in an INSERT,
// after SET in an UPDATE and after the table in a DELETE, naming the row
// written (inserted.col) or removed (deleted.col). An INSERT fetches the
// keys the database generates that way, go-mssqldb having no
// LastInsertId. A table with triggers refuses OUTPUT without INTO:
// there, read the keys another way.
//
// Booleans are BIT: true and false are 1 and 0, and 1 = 1 and 0 = 1 where
// they stand alone as a condition. A condition in the select list (or in
// OUTPUT) is CASE WHEN cond THEN 1 ELSE 0 END (an unknown, NULL, result
// gives 0). Strings concatenate with +; ILIKE is lower(x) LIKE lower(y);
// NULLS FIRST and LAST are emulated; IS [NOT] DISTINCT FROM is a set
// comparison (EXISTS (SELECT a INTERSECT SELECT b)). now() is
// CURRENT_TIMESTAMP, current_date() GETDATE() (a DATETIME), length and
// char_length LEN, pow POWER. SELECT ... FOR UPDATE is refused
// (sql.ErrNotSupported): SQL Server locks rows with table hints.
//
// UPDATE and DELETE with other tables list the target again, as SQL
// Server reads them: UPDATE t SET ... FROM t, u WHERE ...; DELETE FROM t
// FROM t, u WHERE ... .
//
// An INSERT that gives a value to an IDENTITY column is sent between SET
// IDENTITY_INSERT t ON and SET IDENTITY_INSERT t OFF, in the same batch
// (SQLAlchemy sends the same statements around it). Table hints
// (Select.WithHint, Insert/Update/Delete.WithHint) are written after their
// table: FROM t WITH (NOLOCK), UPDATE t WITH (PAGLOCK) SET ...; statement
// hints at the end of the SELECT.
//
// Full-text Match is CONTAINS (x, v); Extract is DATEPART(field, x)
// (doy, dow, milliseconds and microseconds renamed dayofyear, weekday,
// millisecond and microsecond). Regular expressions (RegexpMatch,
// RegexpReplace) are refused with sql.ErrNotSupported, as SQLAlchemy
// refuses them.
//
// Not done yet: a boolean column standing alone as a condition (WHERE
// active) must be written as a comparison (active = 1); DELETE of an
// alias (DELETE FROM a1 FROM t1 AS a1) is not in Core.
//
// # DDL
//
// A column is written name type NULL or NOT NULL, then IDENTITY or
// DEFAULT: the table's autoincrement column is an IDENTITY, an Identity
// is IDENTITY(start,increment); a computed column is name AS (expr)
// [PERSISTED]. DROP INDEX names the table (DROP INDEX ix ON t). Index
// options (sql.Index.Option) OptClustered (CLUSTERED or NONCLUSTERED),
// OptColumnstore (COLUMNSTORE) and OptInclude (INCLUDE (cols)) are
// written, and a clustered columnstore index may have no columns
// (sql.IndexOn(name)); OptClustered also applies to a primary key or a
// unique constraint (sql.ConstraintOptions.Dialect): PRIMARY KEY
// CLUSTERED (x, y). CreateView with OrReplace is CREATE OR ALTER VIEW. A
// sequence is CREATE SEQUENCE name AS BIGINT START WITH 1 unless its
// options say otherwise (SQL Server would start at the type's minimum);
// its next value is NEXT VALUE FOR name. Types are listed at
// Dialect.TypeName. Comments are the MS_Description extended property, as
// in SQLAlchemy: CreateAll sets them after CREATE TABLE, and
// SetTableComment and SetColumnComment write one batch that drops the
// property if it is there (sp_dropextendedproperty, checked with
// fn_listextendedproperty) and adds the new one (sp_addextendedproperty)
// unless it is empty; reflection reads them back from
// sys.extended_properties.
//
// # Transactions
//
// Nested transactions use SAVE TRANSACTION name and ROLLBACK TRANSACTION
// name; SQL Server has no statement that releases a savepoint.
//
// # Upsert
//
// Merge builds SQL Server's MERGE: source rows (a VALUES list), the
// columns that match them to the table's rows, and WHEN MATCHED / WHEN
// NOT MATCHED clauses.
//
// # Types
//
// UUIDs are UNIQUEIDENTIFIER, sent as GUID parameters and read back from
// SQL Server's byte order; DateTime is DATETIME2 (DATETIMEOFFSET with a
// time zone); strings are NVARCHAR; Interval is a BIGINT count of
// microseconds. See Dialect.TypeName and Dialect.AdaptType.
//
// # Errors
//
// Driver errors are classified by SQL Server's error numbers (see
// Dialect.ClassifyError): a unique violation matches dialect.ErrIntegrity,
// a deadlock dialect.ErrOperational.
package mssql
