// Package sql is Athanor's SQL expression language: schema objects,
// statements and the expressions inside them, the compiler that renders
// them for a dialect, and the compiled-statement cache.
//
// # Schema
//
// A MetaData holds Tables (MetaData.Table, or NewTable for a table in no
// MetaData); a table holds Columns (NewColumn with options: PrimaryKey,
// NotNull, Unique, Indexed, Default, OnUpdate, ServerDefault, References,
// ...), constraints (PrimaryKeyOn, ForeignKeyOn, UniqueOn, Check) and
// indexes (IndexOn, NewIndex). Unnamed constraints are named by the
// MetaData's NamingConvention. Mistakes in a definition (a duplicate
// column, a constraint over an unknown column) are kept in the table
// (Table.Err) and returned by every statement that uses it.
//
// MetaData.CreateAll creates the tables that do not exist, each after the
// tables its foreign keys refer to (cycles are closed with ALTER TABLE),
// with the sequences and named types they use before them; DropAll drops
// them in reverse. Identity columns (AsIdentity), computed columns
// (Generated) and comments are written as each database takes them, or
// refused with ErrNotSupported where it cannot (a VIRTUAL column on
// PostgreSQL); SQLite keeps no comments, and CreateAll leaves them out
// there. CreateTable, DropTable, CreateIndex, CreateView, DropView and the
// other DDL constructs compile like any statement. Dialect-specific
// options of an index (Index.Option) and of a primary key or unique
// constraint (ConstraintOptions.Dialect) are written by the dialects
// that know them (SQL Server's CLUSTERED and INCLUDE, Oracle's BITMAP).
//
// DDL listeners (MetaData.Listen, Table.Listen, the Listen table item)
// run around CreateAll and DropAll, before and after each table and the
// whole run (the DDLEventKind constants, SQLAlchemy's DDLEvents), with the
// executor, so that they can run DDL of their own: RunDDL makes one from
// statements.
//
// # Statements
//
// NewSelect (or FromClause.Select) builds a SELECT; Where, Join,
// OuterJoin, GroupBy, Having, OrderBy, Limit, Offset, Distinct and the
// rest return a new statement each time, so statements are values that can
// be shared and extended. Subquery, CTE, RecursiveCTE, ScalarSubquery and
// Exists nest them; Union, Intersect and Except combine them. A join
// without ON is joined on the single foreign key between its sides.
// Subqueries in WHERE or the select list correlate to the enclosing
// SELECT as SQLAlchemy's do. Table.Insert, Update and Delete build DML,
// with Values, Returning, and the columns' defaults applied.
//
// # Typed columns
//
// Col[T], NumCol[T] and StrCol are columns declared with a Go type
// (TypedColumn, NumberColumn, StringColumn, or As for a typed view of an
// existing column): their operators accept only values of T at compile
// time, and the engine reads their values back as T. They are ordinary
// ColumnElements everywhere else.
//
// # Expressions
//
// Column expressions embed ColumnOps, which gives them SQL's operators as
// methods: comparisons (Eq, Ne, Lt, ..., Eq(nil) for IS NULL), IN (In,
// NotIn: over values, a SELECT, or an expanding parameter whose list comes
// at execution; an empty list is false, NOT IN over it true), Between,
// LIKE (Like, ILike, StartsWith, EndsWith, Contains, which escape %, _ and
// / in a value), arithmetic (Add, Sub, Mul, Div, Mod, Neg; Add on strings
// concatenates), Concat, Cast, Label, Asc, Desc. And, Or and Not combine
// conditions, folding constants and negating operators (NOT (a = b) is
// a != b). NewCase, NewCast, Coerce, Func (any SQL function; count, sum,
// min, max, avg, coalesce, now and friends know their result types),
// NewTuple, Text, Literal, LiteralValue and LiteralColumn build the rest;
// Function.Over and Function.Filter make window functions and filtered
// aggregates; Function.TableValued and ColumnValued use a function that
// returns rows as a FROM item (FROM json_each(x) AS anon_1).
//
// Some operators are spelled by each dialect, as SQLAlchemy spells them:
// RegexpMatch and RegexpReplace (x ~ p on PostgreSQL, x REGEXP p on MySQL,
// MariaDB and SQLite, REGEXP_LIKE on Oracle; refused on SQL Server and on
// the generic dialect), Match for full-text search (@@ plainto_tsquery,
// MATCH ... AGAINST, MATCH, CONTAINS), and Extract (EXTRACT(field FROM x),
// DATEPART on SQL Server, strftime on SQLite).
//
// Parentheses are decided when an expression is built, from operator
// precedence (SQLAlchemy's table): an operand whose operator binds no
// tighter than its parent's is grouped, unless both are the same
// associative operator.
//
// # Parameters
//
// Every value is bound, never written into the SQL text: a Go value given
// to an operator becomes an anonymous parameter named after what it is
// compared with (name_1), typed like it, and converted by that type at
// execution. Bind makes a named parameter whose value is given at
// execution (Params); WithValue gives it a default, Expanding makes it a
// list for IN. Parameters with one name take one value.
//
// Placeholders follow the dialect's paramstyle: ? (Qmark), $1 (Dollar),
// :1 (Numeric), @p1 (AtP) or :name (Named, used by dialect.Generic).
//
// # Compiling
//
// Compile renders a statement for a dialect into a Compiled: the SQL text,
// its parameters in the driver's order, and the result columns.
// Compiled.Bind returns the text and arguments to execute, given the
// statement's bind parameters (BindsOf, or a CacheKey's Binds, or its
// Slots, which leave the plain values of a multi-row INSERT in the
// statement instead of making a parameter of each) and the parameters
// given at execution; Compiled.BindOwn does the same with the
// values of the statement compiled, without walking it again (Compile
// itself does not walk the statement for its cache key: it compiles it
// once, and Bind finds the key positions when it first needs them).
// DebugSQL writes the values inline, for
// logs only. A construct that cannot be compiled (a nil operand, an
// unknown column, a feature the dialect lacks) makes Compile return a
// *CompileError matching ErrCompile and its cause (ErrArgument,
// ErrNoSuchColumn, ErrNotSupported, ...); nothing panics.
//
// # The compiled-statement cache
//
// NewCacheKey walks a statement's structure, not its values, into a key
// and collects its bind parameters. A Cache maps keys to Compiled forms: a
// statement built again with other values finds the entry compiled for
// the first and binds its own values to it. The key records everything
// that shapes the SQL text or the parameters' conversion: names,
// operators, types, list lengths, labels, whether LIMIT is present, and
// which parameters and FROM items are the same object. See Element for
// what a construct defined elsewhere must write.
package sql
