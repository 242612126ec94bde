// Package dialect is the contract between Athanor's Core and a database.
//
// A dialect is mostly data: a parameter style, identifier quoting rules,
// feature flags and type names, filled into a Base. A few hooks cover what
// data cannot: rendering statements that differ in shape (SQL Server's TOP,
// Oracle's ROWNUM), classifying driver errors, opening connections. Core
// never compares a dialect's name; it asks the dialect.
//
// # What a dialect must provide
//
// A type implementing Dialect:
//
//   - Name, for messages and the URL scheme ("sqlite", "postgresql").
//   - Paramstyle: how bound parameters are written (?, $1, :1, @p1, :name).
//   - QuoteIdentifier and NeedsQuote: quoting characters, escaping, reserved
//     words and case folding. Base implements both from its fields.
//   - MaxIdentifierLength: longer generated names are truncated
//     deterministically (see TruncateName).
//   - Features: capability flags (RETURNING, multi-row VALUES, FILTER,
//     NULLS FIRST, ...). Core renders a construct, rewrites it, or returns a
//     clear error according to these flags.
//   - TypeName: the DDL and CAST name of each generic type (Base knows the
//     standard SQL names; a dialect switches on the types it names
//     differently and falls back to Base).
//   - AdaptType: the dialect's replacement of a generic type for execution,
//     with converters suited to its driver (SQLite stores DateTime as text).
//   - ClassifyError: which DBAPI category a driver error belongs to, so that
//     a unique violation is ErrIntegrity on every database.
//   - Connector: a database/sql connector for a URL.
//
// # What a dialect may provide
//
// Statement-level rendering hooks live beside the compiler, in package sql,
// because they need it: a dialect may implement sql.DialectHooks
// (sql.Hooks) to render LIMIT/OFFSET, locking clauses, RETURNING, function
// names, boolean literals and DDL details its own way. A dialect may also
// implement the optional interfaces of this package:
//
//   - Initializer: statements or checks run on each new connection.
//   - VersionDetector: reads the server version once, so that features can
//     depend on it (MariaDB's RETURNING, SQLite's RETURNING).
//   - TableLister: answers HasTable for CreateAll's check-first.
//   - ObjectLister: the same for sequences and named types (HasObject).
//   - SavepointWriter: savepoint statements other than the standard
//     SAVEPOINT, ROLLBACK TO SAVEPOINT and RELEASE SAVEPOINT (SQL
//     Server's SAVE TRANSACTION); see SavepointSQL.
//   - Cursors: server-side cursors, for streaming a large result in
//     batches (the engine's Tx.Stream).
//   - VariantNamer: the names a types.Variant may be keyed by for this
//     dialect, when there are several (MariaDB takes "mysql" variants).
//   - Reflector: reads the schema back from the catalog (package
//     inspect), in the dialect package's inspect.go; SequenceReflector and
//     EnumReflector for sequences and named enum types, and
//     TypeCanonicalizer where the database keeps a type under another
//     name than DDL gave it. Reflection returns DatabaseType for a type no
//     Athanor type writes alike.
//   - ResultTyper: the type of result columns of no known type, from the
//     driver's column type (MySQL's driver returns text as []byte).
//   - DisconnectClassifier: which driver errors mean the connection is
//     gone, so that the engine invalidates it (and the pool's older ones).
//   - RetryClassifier: which errors (serialization failures, deadlocks)
//     make a transaction worth running again.
//   - NativePooler: a pool of the driver's own, instead of database/sql
//     (pool.go describes the pool contract and its hooks).
//
// Dialect-only constructs (PostgreSQL's ON CONFLICT, MySQL's ON DUPLICATE
// KEY UPDATE) live in the dialect's own package as statement types that
// compile themselves through sql.Compiler.
package dialect

import (
	"context"
	"database/sql/driver"

	"github.com/athanordb/athanor/types"
)

// Dialect is what Core needs to know about a database. See the package
// documentation for the checklist.
type Dialect interface {
	// Name is the dialect's name: "sqlite", "postgresql", "mysql", ...
	Name() string
	// Paramstyle is how bound parameters are written.
	Paramstyle() Paramstyle
	// QuoteIdentifier quotes name unconditionally, escaping quote
	// characters inside it.
	QuoteIdentifier(name string) string
	// NeedsQuote reports whether name must be quoted: a reserved word, a
	// character outside the unquoted set, or letters the database would
	// fold to another case. The answers of NeedsQuote and
	// QuoteIdentifier for a name must not change over the dialect's
	// life: the compiler keeps the text it writes for a table or column
	// name, per dialect.
	NeedsQuote(name string) bool
	// MaxIdentifierLength is the longest identifier the database accepts.
	MaxIdentifierLength() int
	// Features returns the dialect's capability flags. The result must not
	// be modified.
	Features() *Features
	// TypeName renders a type for DDL and CAST. It never sees a decorated
	// type or a types.Variant: TypeNameOf unwraps decorators and chooses
	// variants first (TypeFor).
	TypeName(t types.Type) (string, error)
	// AdaptType returns the type to execute t with on this dialect: t
	// itself, or a type with converters that suit the driver. It never
	// sees a *types.Decorator or a types.Variant: sql.AdaptType adapts the
	// type beneath a decorator, and the variant chosen for the dialect.
	AdaptType(t types.Type) types.Type
	// ClassifyError returns the DBAPI category of a driver error, or
	// KindUnknown when the error did not come from the database.
	ClassifyError(err error) ErrorKind
	// Connector opens connections to the database u names.
	Connector(u *URL) (driver.Connector, error)
}

// Initializer is implemented by dialects that prepare each new connection
// (setting a pragma, a time zone, a session variable).
type Initializer interface {
	InitConnection(ctx context.Context, conn Execer) error
}

// VersionDetector is implemented by dialects whose features depend on the
// server version. DetectVersion runs on the first connection an engine
// opens; the dialect it returns (often a copy of the receiver with adjusted
// flags) is the one the engine then uses.
type VersionDetector interface {
	DetectVersion(ctx context.Context, conn Queryer) (Dialect, error)
}

// TableLister is implemented by dialects that can say whether a table
// exists without full reflection; CreateAll and DropAll use it for their
// check-first mode.
type TableLister interface {
	HasTable(ctx context.Context, conn Queryer, schema, name string) (bool, error)
}

// ResultTyper is implemented by dialects whose driver returns the values
// of result columns of no known type (text() without declared columns, a
// function of unknown type) in another form than other drivers do:
// MySQL's driver returns VARCHAR values as []byte where others return
// strings. ResultType gives the type whose result conversion the engine
// applies to such a column, from the driver's name of the column's type
// (database/sql's ColumnType.DatabaseTypeName); nil leaves the values as
// the driver returns them.
type ResultTyper interface {
	ResultType(databaseTypeName string) types.Type
}

// Execer runs a statement that returns no rows.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) error
}

// Queryer runs a query and hands each row's values to fn.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args []any, fn func(values []any) error) error
}

// TypeNameOf renders t for DDL on d, unwrapping decorators and choosing
// variants (TypeFor), and asking a type that names itself (see
// TypeNamer) before the dialect.
func TypeNameOf(d Dialect, t types.Type) (string, error) {
	t = TypeFor(d, t)
	if n, ok := t.(TypeNamer); ok {
		return n.TypeNameFor(d)
	}
	return d.TypeName(t)
}

// TypeFor returns the type t renders as on d: decorators are unwrapped
// (as types.Underlying does) and each types.Variant is replaced by its
// choice for d (VariantFor), until neither is left. Dialect code that
// switches on a column's type uses it rather than types.Underlying, which
// knows no dialect and so takes a variant's Base.
func TypeFor(d Dialect, t types.Type) types.Type {
	for {
		switch x := t.(type) {
		case types.Variant:
			t = VariantFor(d, x)
			continue
		case interface{ ImplType() types.Type }:
			t = x.ImplType()
			continue
		}
		return t
	}
}

// VariantFor returns the type v stands for on d: its variant for the
// first of d's names that has one (d.Name(), or the names a VariantNamer
// gives), else its Base. The result may be a decorator or another
// Variant.
func VariantFor(d Dialect, v types.Variant) types.Type {
	if vn, ok := d.(VariantNamer); ok {
		return v.For(vn.VariantNames()...)
	}
	return v.For(d.Name())
}

// VariantNamer is implemented by dialects that answer to more than their
// own name when a types.Variant is resolved, the most specific first:
// the MariaDB dialect takes a "mariadb" variant, else a "mysql" one.
type VariantNamer interface {
	VariantNames() []string
}

// TypeNamer is implemented by custom types that render their own DDL name.
type TypeNamer interface {
	TypeNameFor(d Dialect) (string, error)
}

// PoolAdvisor is implemented by dialects whose databases need particular
// pool settings for some URLs (an in-memory SQLite database lives in one
// connection, so the pool must keep exactly one).
type PoolAdvisor interface {
	PoolAdvice(u *URL) PoolAdvice
}

// PoolAdvice is what a PoolAdvisor asks of the pool.
type PoolAdvice struct {
	// SingleConnection: the pool holds one connection, never closed for
	// age or idleness.
	SingleConnection bool
}
