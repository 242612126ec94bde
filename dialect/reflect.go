package dialect

import (
	"context"
	"errors"
	"reflect"

	"github.com/athanordb/athanor/types"
)

// ErrNoSuchTable is matched by the error a Reflector returns for a table or
// view that does not exist.
var ErrNoSuchTable = errors.New("athanor: no such table")

// Reflector is implemented by dialects that can read a database's schema
// back: schema reflection. Package inspect builds its Inspector, and
// MetaData reflection, on it; a dialect implements it without importing
// the engine, running its queries on the Queryer it is given.
//
// In every method an empty schema means the default schema, the one
// unqualified names resolve in (the current database on MySQL, the first
// schema of the search path on PostgreSQL, "main" on SQLite). Names are
// returned as the database stores them. A method about one table returns
// an error matching ErrNoSuchTable when the table does not exist; a table
// without any of what the method asks for gives an empty result.
type Reflector interface {
	// DefaultSchemaName returns the name of the default schema.
	DefaultSchemaName(ctx context.Context, q Queryer) (string, error)
	// SchemaNames lists the schemas (databases on MySQL, attached
	// databases on SQLite), sorted.
	SchemaNames(ctx context.Context, q Queryer) ([]string, error)
	// TableNames lists the tables of a schema, without views and without
	// the database's internal tables, sorted.
	TableNames(ctx context.Context, q Queryer, schema string) ([]string, error)
	// ViewNames lists the views of a schema, sorted.
	ViewNames(ctx context.Context, q Queryer, schema string) ([]string, error)
	// ViewDefinition returns the query of a view: its SELECT, as the
	// database keeps it.
	ViewDefinition(ctx context.Context, q Queryer, schema, view string) (string, error)
	// Columns describes a table's (or view's) columns, in order.
	Columns(ctx context.Context, q Queryer, schema, table string) ([]ColumnInfo, error)
	// PrimaryKey describes a table's primary key; it has no columns when
	// the table has none.
	PrimaryKey(ctx context.Context, q Queryer, schema, table string) (PrimaryKeyInfo, error)
	// ForeignKeys describes a table's foreign keys.
	ForeignKeys(ctx context.Context, q Queryer, schema, table string) ([]ForeignKeyInfo, error)
	// Indexes describes a table's indexes, other than those that
	// implement its primary key and unique constraints (which
	// UniqueConstraints reports) and those the database made by itself
	// for a foreign key.
	Indexes(ctx context.Context, q Queryer, schema, table string) ([]IndexInfo, error)
	// UniqueConstraints describes a table's unique constraints. Where the
	// database does not tell a unique constraint from a unique index over
	// columns (MySQL), such indexes are reported here.
	UniqueConstraints(ctx context.Context, q Queryer, schema, table string) ([]UniqueInfo, error)
	// CheckConstraints describes a table's check constraints, other than
	// those the database adds by itself for a type (MariaDB's
	// json_valid for a JSON column).
	CheckConstraints(ctx context.Context, q Queryer, schema, table string) ([]CheckInfo, error)
	// TableComment returns a table's comment, "" when it has none or the
	// database has no comments.
	TableComment(ctx context.Context, q Queryer, schema, table string) (string, error)
}

// SequenceReflector is implemented by dialects of databases with
// sequences (PostgreSQL).
type SequenceReflector interface {
	// Sequences describes the sequences of a schema, sorted by name.
	Sequences(ctx context.Context, q Queryer, schema string) ([]SequenceInfo, error)
}

// EnumReflector is implemented by dialects of databases with named
// enumerated types (PostgreSQL's CREATE TYPE ... AS ENUM).
type EnumReflector interface {
	// Enums describes the enumerated types of a schema, sorted by name.
	Enums(ctx context.Context, q Queryer, schema string) ([]EnumInfo, error)
}

// TypeCanonicalizer is implemented by dialects whose databases keep some
// types under another name than the one DDL gave them (PostgreSQL keeps
// FLOAT as DOUBLE PRECISION): schema comparison reads the type names of
// declared and reflected columns through it.
type TypeCanonicalizer interface {
	// CanonicalTypeName returns the name the database keeps for a type
	// that DDL writes as name (upper case, as TypeName writes it).
	CanonicalTypeName(name string) string
}

// FKActionCanonicalizer is implemented by dialects whose databases keep
// some foreign-key actions under another one's name, or cannot tell them
// apart when reflecting (MySQL reports no action given as RESTRICT, and
// InnoDB runs RESTRICT and NO ACTION alike): schema comparison reads the
// ON DELETE and ON UPDATE actions of declared and reflected foreign keys
// through it.
type FKActionCanonicalizer interface {
	// CanonicalFKAction returns the action the database keeps for
	// action (upper case; "" when none was given).
	CanonicalFKAction(action string) string
}

// ColumnInfo describes a reflected column.
type ColumnInfo struct {
	Name string `json:"name"`
	// Type is the column's type as an Athanor type, with its length,
	// precision, scale and time zone; a DatabaseType when no Athanor type
	// renders as the database's type does. Never nil.
	Type types.Type `json:"-"`
	// TypeName is the type as the database writes it ("character
	// varying(30)", "int(11)", "VARCHAR(30)").
	TypeName string `json:"type"`
	Nullable bool   `json:"nullable"`
	// Default is the server default as SQL text, as DDL writes it after
	// DEFAULT; "" when there is none. It may be what implements
	// Autoincrement: PostgreSQL's nextval of a SERIAL column's sequence.
	Default string `json:"default,omitempty"`
	// Autoincrement: the database generates the column's values (an
	// AUTO_INCREMENT, SERIAL or IDENTITY column, SQLite's rowid alias).
	Autoincrement bool `json:"autoincrement,omitempty"`
	// Identity describes an identity column (GENERATED ... AS IDENTITY).
	Identity *IdentityInfo `json:"identity,omitempty"`
	// Computed describes a generated column (GENERATED ALWAYS AS).
	Computed *ComputedInfo `json:"computed,omitempty"`
	Comment  string        `json:"comment,omitempty"`
}

// IdentityInfo describes an identity column.
type IdentityInfo struct {
	Always bool `json:"always"` // GENERATED ALWAYS rather than BY DEFAULT
	SequenceOptions
}

// SequenceOptions are the parameters of a sequence, or of the sequence
// behind an identity column.
type SequenceOptions struct {
	Start     int64 `json:"start"`
	Increment int64 `json:"increment"`
	MinValue  int64 `json:"min_value"`
	MaxValue  int64 `json:"max_value"`
	Cache     int64 `json:"cache,omitempty"`
	Cycle     bool  `json:"cycle,omitempty"`
}

// ComputedInfo describes a generated column.
type ComputedInfo struct {
	Expression string `json:"expression"` // as the database keeps it
	Persisted  bool   `json:"persisted"`  // STORED rather than VIRTUAL
}

// PrimaryKeyInfo describes a primary key.
type PrimaryKeyInfo struct {
	// Name is the constraint's name, "" where the database does not keep
	// one (MySQL's is always PRIMARY; SQLite's only when declared).
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"` // in key order
}

// ForeignKeyInfo describes a foreign key.
type ForeignKeyInfo struct {
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"`
	// ReferredSchema is the referred table's schema as the database names
	// it; "" when the database does not say (SQLite, whose references
	// stay within one database).
	ReferredSchema  string   `json:"referred_schema,omitempty"`
	ReferredTable   string   `json:"referred_table"`
	ReferredColumns []string `json:"referred_columns"`
	// OnDelete and OnUpdate are the referential actions (CASCADE, SET
	// NULL, SET DEFAULT, RESTRICT), "" for the default, NO ACTION.
	OnDelete string `json:"on_delete,omitempty"`
	OnUpdate string `json:"on_update,omitempty"`
	// Deferrable is nil where the database does not say.
	Deferrable *bool  `json:"deferrable,omitempty"`
	Initially  string `json:"initially,omitempty"` // DEFERRED or IMMEDIATE
	Match      string `json:"match,omitempty"`     // FULL or PARTIAL; "" for the default
}

// IndexInfo describes an index.
type IndexInfo struct {
	Name    string        `json:"name"`
	Unique  bool          `json:"unique"`
	Columns []IndexColumn `json:"columns"`
	// Where is a partial index's condition, SQL text; "" for none.
	Where string `json:"where,omitempty"`
}

// IndexColumn is one element of an index: a column or an expression.
type IndexColumn struct {
	Name       string `json:"name,omitempty"`       // the column, "" for an expression
	Expression string `json:"expression,omitempty"` // the expression's SQL text, "" for a column
	Descending bool   `json:"descending,omitempty"`
}

// UniqueInfo describes a unique constraint.
type UniqueInfo struct {
	Name    string   `json:"name,omitempty"`
	Columns []string `json:"columns"`
}

// CheckInfo describes a check constraint.
type CheckInfo struct {
	Name string `json:"name,omitempty"`
	// Expression is the condition, without CHECK and its parentheses, as
	// the database keeps it.
	Expression string `json:"expression"`
}

// SequenceInfo describes a sequence.
type SequenceInfo struct {
	Name     string `json:"name"`
	TypeName string `json:"type,omitempty"` // the values' type ("bigint")
	SequenceOptions
}

// EnumInfo describes a named enumerated type.
type EnumInfo struct {
	Name   string   `json:"name"`
	Values []string `json:"values"` // in the type's order
}

// DatabaseType is a column type that reflection found and that no Athanor
// type renders the same way: CHAR(32), MEDIUMINT, TINYTEXT, PostgreSQL's
// tsvector. DDL writes Name as it is, so that a reflected table is created
// again with the same type; values convert as Base's do (a NullType when
// Base is nil: they pass through unchanged).
type DatabaseType struct {
	Name string     // the type as DDL writes it
	Base types.Type // the generic type whose conversions values get
}

var _ TypeNamer = DatabaseType{}

func (t DatabaseType) base() types.Type {
	if t.Base == nil {
		return types.NullType{}
	}
	return t.Base
}

// Affinity implements types.Type: Base's.
func (t DatabaseType) Affinity() types.Affinity { return t.base().Affinity() }

// GoType implements types.Type: Base's.
func (t DatabaseType) GoType() reflect.Type { return t.base().GoType() }

// BindConverter implements types.Type: Base's.
func (t DatabaseType) BindConverter() types.Converter { return t.base().BindConverter() }

// ResultConverter implements types.Type: Base's.
func (t DatabaseType) ResultConverter() types.Converter { return t.base().ResultConverter() }

// String implements types.Type: the name.
func (t DatabaseType) String() string { return t.Name }

// TypeNameFor implements TypeNamer: the name, on every dialect.
func (t DatabaseType) TypeNameFor(Dialect) (string, error) { return t.Name, nil }
