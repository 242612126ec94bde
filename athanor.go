// Package athanor is a database toolkit for Go in the manner of Python's
// SQLAlchemy: schema metadata, a SQL expression language compiled for
// each database, and an engine with pooled connections, transactions and
// typed results. Import it as sa:
//
//	import sa "github.com/athanordb/athanor"
//
// This package gathers what a program writes every day; the layers it
// draws from are importable on their own:
//
//   - types: SQL data types and conversions.
//   - sql: the expression language, schema objects, DDL, the compiler and
//     its cache.
//   - dialect: the contract a database implements; dialect/sqlite (the
//     embedded default) and the other databases' packages.
//   - engine: Engine, Conn, Tx, Result.
//
// # Defining tables
//
//	md := sa.NewMetaData()
//	users := md.Table("user_account",
//		sa.Column("id", sa.Integer, sa.PrimaryKey()),
//		sa.Column("name", sa.String(30), sa.NotNull()),
//	)
//
// # Querying
//
//	stmt := sa.Select(users.C("id"), users.C("name")).
//		Where(users.C("name").Eq("spongebob")).
//		OrderBy(users.C("id").Desc())
//	rows, err := sa.ScanAll[User](eng.Execute(ctx, stmt))
//
// Values are always sent as bound parameters, never written into SQL.
package athanor

import (
	"github.com/athanordb/athanor/engine"

	// The embedded default dialect.
	_ "github.com/athanordb/athanor/dialect/sqlite"
)

// Version is Athanor's version.
const Version = "0.1.0"

// CreateEngine returns an Engine for a database URL, such as
// "sqlite://" (in memory), "sqlite:///app.db" or
// "postgresql://user:pass@localhost/db". See engine.Create.
func CreateEngine(url string, opts ...engine.Option) (*Engine, error) {
	return engine.Create(url, opts...)
}

// Engine, connection and result types.
type (
	Engine       = engine.Engine
	Conn         = engine.Conn
	Tx           = engine.Tx
	Result       = engine.Result
	Row          = engine.Row
	EngineOption = engine.Option
	Listener     = engine.Listener
	ExecuteEvent = engine.ExecuteEvent
	DBError      = engine.Error
)

// Engine options.
var (
	Echo           = engine.Echo
	OnExecute      = engine.OnExecute
	IsolationLevel = engine.IsolationLevel
	CacheSize      = engine.CacheSize
	PoolSize       = engine.PoolSize
	MaxOverflow    = engine.MaxOverflow
	PoolRecycle    = engine.PoolRecycle
	WithDialect    = engine.WithDialect
)

// ScanAll reads every row into a slice of T: a struct matched to columns
// by `db` tag or snake_case field name, or one value per row for a
// one-column result. Pass Execute's results straight in:
//
//	users, err := sa.ScanAll[User](eng.Execute(ctx, stmt))
func ScanAll[T any](res *Result, err error) ([]T, error) { return engine.ScanAll[T](res, err) }

// ScanOne reads the only row into a T; ErrNoResultFound or
// ErrMultipleResultsFound otherwise.
func ScanOne[T any](res *Result, err error) (T, error) { return engine.ScanOne[T](res, err) }

// ScanFirst reads the first row into a T and reports whether there was
// one.
func ScanFirst[T any](res *Result, err error) (T, bool, error) {
	return engine.ScanFirst[T](res, err)
}
