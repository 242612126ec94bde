package athanor

import (
	"iter"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Each streams rows as values of T (see ScanAll).
func Each[T any](res *Result, err error) iter.Seq2[T, error] { return engine.Each[T](res, err) }

// Types. Parameterized types are functions: String(30), Numeric(10, 2).
var (
	Integer      = types.Integer{}
	SmallInteger = types.SmallInteger{}
	BigInteger   = types.BigInteger{}
	Boolean      = types.Boolean{}
	Text         = types.Text{}
	Float        = types.Float{}
	Double       = types.Double{}
	Date         = types.Date{}
	Time         = types.Time{}
	DateTime     = types.DateTime{}
	DateTimeTZ   = types.DateTime{Timezone: true}
	Interval     = types.Interval{}
	LargeBinary  = types.LargeBinary{}
	JSON         = types.JSON{}
	UUID         = types.UUID{}
)

// String is VARCHAR(length); 0 for no length.
func String(length int) types.String { return types.String{Length: length} }

// Numeric is an exact NUMERIC(precision, scale).
func Numeric(precision, scale int) types.Numeric {
	return types.Numeric{Precision: precision, Scale: scale}
}

// Enum is a string limited to values.
func Enum(name string, values ...string) types.Enum { return types.Enum{Name: name, Values: values} }

// WithVariant is base, and t on the dialect named dialectName:
// sa.WithVariant(sa.JSON, "postgresql", postgres.JSONB{}).
func WithVariant(base types.Type, dialectName string, t types.Type) types.Variant {
	return types.WithVariant(base, dialectName, t)
}

// Schema and expression types.
type (
	Type             = types.Type
	Decimal          = types.Decimal
	MetaData         = sql.MetaData
	Table            = sql.Table
	ColumnElement    = sql.ColumnElement
	Element          = sql.Element
	FromClause       = sql.FromClause
	SelectStmt       = sql.Select
	InsertStmt       = sql.Insert
	UpdateStmt       = sql.Update
	DeleteStmt       = sql.Delete
	Values           = sql.Values
	Params           = sql.Params
	When             = sql.When
	Window           = sql.Window
	Frame            = sql.Frame
	FKOptions        = sql.FKOptions
	ConstraintOpts   = sql.ConstraintOptions
	NamingConvention = sql.NamingConvention
	LockClause       = sql.LockClause
	CreateOptions    = sql.CreateOptions
	Compiled         = sql.Compiled
	Dialect          = dialect.Dialect
)

// NewMetaData returns an empty MetaData.
func NewMetaData(opts ...sql.MetaDataOption) *MetaData { return sql.NewMetaData(opts...) }

// Column defines a table column; see sql.NewColumn.
func Column(name string, t types.Type, opts ...sql.ColumnOption) *sql.Column {
	return sql.NewColumn(name, t, opts...)
}

// Table defines a table outside any MetaData.
func NewTable(name string, items ...sql.TableItem) *Table { return sql.NewTable(name, items...) }

// Column and table options, constraints and indexes.
var (
	PrimaryKey       = sql.PrimaryKey
	NotNull          = sql.NotNull
	Nullable         = sql.Nullable
	Unique           = sql.Unique
	Indexed          = sql.Indexed
	Key              = sql.Key
	Default          = sql.Default
	OnUpdate         = sql.OnUpdate
	ServerDefault    = sql.ServerDefault
	ServerOnUpdate   = sql.ServerOnUpdate
	Autoincrement    = sql.Autoincrement
	ColumnComment    = sql.ColumnComment
	ForeignKey       = sql.References
	Generated        = sql.Generated
	AsIdentity       = sql.AsIdentity
	Schema           = sql.Schema
	TableComment     = sql.TableComment
	TableOption      = sql.TableOption
	TablePrefix      = sql.TablePrefix
	PrimaryKeyOn     = sql.PrimaryKeyOn
	ForeignKeyOn     = sql.ForeignKeyOn
	UniqueOn         = sql.UniqueOn
	Check            = sql.Check
	CheckExpr        = sql.CheckExpr
	IndexOn          = sql.IndexOn
	NewIndex         = sql.NewIndex
	WithSchema       = sql.WithSchema
	WithNaming       = sql.WithNamingConvention
	CreateTable      = sql.NewCreateTable
	DropTable        = sql.NewDropTable
	CreateIndex      = sql.NewCreateIndex
	DropIndex        = sql.NewDropIndex
	CreateView       = sql.NewCreateView
	DropView         = sql.NewDropView
	DefaultNamingCon = sql.DefaultNamingConvention
	Listen           = sql.Listen
	RunDDL           = sql.RunDDL
)

// The DDL events a listener runs at (MetaData.Listen, Table.Listen,
// Listen).
const (
	BeforeCreate = sql.BeforeCreate
	AfterCreate  = sql.AfterCreate
	BeforeDrop   = sql.BeforeDrop
	AfterDrop    = sql.AfterDrop
)

// Statements and expressions.
var (
	Select        = sql.NewSelect
	Insert        = sql.NewInsert
	Update        = sql.NewUpdate
	Delete        = sql.NewDelete
	And           = sql.And
	Or            = sql.Or
	Not           = sql.Not
	Exists        = sql.Exists
	Func          = sql.Func
	Case          = sql.NewCase
	CaseValue     = sql.NewCaseValue
	Cast          = sql.NewCast
	Coerce        = sql.Coerce
	Extract       = sql.Extract
	Tuple         = sql.NewTuple
	SQL           = sql.Text
	Bind          = sql.Bind
	Literal       = sql.Literal
	LiteralColumn = sql.LiteralColumn
	Null          = sql.Null
	True          = sql.True
	False         = sql.False
	Label         = sql.NewLabel
	Ops           = sql.Ops
	Compile       = sql.Compile
	DebugSQL      = sql.DebugSQL

	UnboundedPreceding = sql.UnboundedPreceding
	UnboundedFollowing = sql.UnboundedFollowing
	CurrentRow         = sql.CurrentRow
	Preceding          = sql.Preceding
	Following          = sql.Following
)

// Generic functions with known result types.

// Count is count(*), or count(expr).
func Count(expr ...any) *sql.Function { return sql.Func("count", expr...) }

// Sum is sum(expr).
func Sum(expr any) *sql.Function { return sql.Func("sum", expr) }

// Min is min(expr).
func Min(expr any) *sql.Function { return sql.Func("min", expr) }

// Max is max(expr).
func Max(expr any) *sql.Function { return sql.Func("max", expr) }

// Avg is avg(expr).
func Avg(expr any) *sql.Function { return sql.Func("avg", expr) }

// Coalesce is coalesce(a, b, ...).
func Coalesce(exprs ...any) *sql.Function { return sql.Func("coalesce", exprs...) }

// Now is the current timestamp: now(), or the dialect's spelling.
func Now() *sql.Function { return sql.Func("now") }

// Errors, for errors.Is.
var (
	ErrDBAPI                = dialect.ErrDBAPI
	ErrIntegrity            = dialect.ErrIntegrity
	ErrOperational          = dialect.ErrOperational
	ErrProgramming          = dialect.ErrProgramming
	ErrData                 = dialect.ErrData
	ErrNotSupported         = dialect.ErrNotSupported
	ErrInterface            = dialect.ErrInterface
	ErrInternal             = dialect.ErrInternal
	ErrDatabase             = dialect.ErrDatabase
	ErrNoResultFound        = engine.ErrNoResultFound
	ErrMultipleResultsFound = engine.ErrMultipleResultsFound
	ErrCompile              = sql.ErrCompile
	ErrArgument             = sql.ErrArgument
	ErrNoSuchColumn         = sql.ErrNoSuchColumn
	ErrNoForeignKeys        = sql.ErrNoForeignKeys
	ErrAmbiguousJoin        = sql.ErrAmbiguousJoin
	ErrMissingParameter     = sql.ErrMissingParameter
	ErrInvalidURL           = dialect.ErrInvalidURL
)
