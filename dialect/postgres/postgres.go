package postgres

import (
	"context"
	"fmt"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Dialect is the PostgreSQL dialect. Use New; an engine made from a
// postgresql:// URL makes one by itself.
type Dialect struct {
	dialect.Base
	hooks   *athsql.Hooks
	version int // server_version_num, 0 until detected
}

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.TableLister     = (*Dialect)(nil)
	_ dialect.ObjectLister    = (*Dialect)(nil)
	_ dialect.VersionDetector = (*Dialect)(nil)
	_ dialect.Cursors         = (*Dialect)(nil)

	_ athsql.ParamValued = (*InsertStmt)(nil)
	_ athsql.Walker      = (*InsertStmt)(nil)
)

// New returns the PostgreSQL dialect, with the features of PostgreSQL 10
// and later until DetectVersion has seen the server.
func New() *Dialect {
	d := &Dialect{Base: dialect.Base{
		DialectName: "postgresql",
		Params:      dialect.Dollar,
		QuoteOpen:   '"',
		QuoteClose:  '"',
		Reserved:    dialect.ReservedWords(reserved),
		MaxIdentLen: 63,
		FeatureFlags: dialect.Features{
			InsertReturning: true, UpdateReturning: true, DeleteReturning: true, ImplicitReturning: true,
			MultiValuesInsert: true, DefaultValues: true, UpdateFrom: true, DeleteUsing: true,
			CTE: true, RecursiveCTE: true, CTEOnDML: true, WindowFunctions: true, AggregateFilter: true,
			NullsOrdering: true, FullOuterJoin: true, Intersect: true, IntersectAll: true,
			TupleIn: true, TupleComparison: true, NativeBoolean: true, BooleanExpressions: true,
			NativeILike: true, NativeEnum: true, NativeUUID: true, NativeDecimal: true, NativeJSON: true,
			NativeInterval: true, Sequences: true, Identity: true, Savepoints: true, TransactionalDDL: true,
			Comments: true, AlterAddConstraint: true, SchemaNames: true, ForUpdate: true,
			DistinctOn: true, Lateral: true, LimitBindable: true,
			MaxBindParams: 65535,
		},
	}}
	d.hooks = &athsql.Hooks{
		LockOfUnqualified: true,
		Binary:            writeBinary,
		SelectBind:        writeSelectBind,
		Literal:           writeLiteral,
		ColumnType:        columnType,
		CreateTableSuffix: createTableSuffix,
		NextValue:         writeNextValue,
		SchemaObjects:     enumTypesOf,
		IndexExpression:   indexExpression,
		// PostgreSQL 12 to 17 have STORED generated columns only.
		ComputedStoredOnly: true,
	}
	return d
}

// SQLHooks implements sql.HooksProvider.
func (d *Dialect) SQLHooks() *athsql.Hooks { return d.hooks }

// ServerVersion returns the server's version as server_version_num gives
// it (150004 for 15.4), or 0 before an engine has detected it.
func (d *Dialect) ServerVersion() int { return d.version }

// DetectVersion implements dialect.VersionDetector: it reads
// server_version_num and turns off what older servers lack (identity
// columns before 10, FILTER before 9.4).
func (d *Dialect) DetectVersion(ctx context.Context, conn dialect.Queryer) (dialect.Dialect, error) {
	var raw any
	err := conn.QueryContext(ctx, "SELECT current_setting('server_version_num')", nil, func(v []any) error {
		raw = v[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	var s string
	switch x := raw.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		s = fmt.Sprint(x)
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return nil, fmt.Errorf("athanor: PostgreSQL reported server_version_num %q: %w", s, err)
	}
	return d.ForVersion(v), nil
}

// ForVersion returns a copy of the dialect with the features of the server
// whose server_version_num is v.
func (d *Dialect) ForVersion(v int) *Dialect {
	n := *d
	n.version = v
	f := &n.FeatureFlags
	f.Identity = v >= 100000
	f.AggregateFilter = v >= 90400
	return &n
}

// HasTable implements dialect.TableLister: a table, view, materialized
// view, foreign or partitioned table named name, in schema, or when schema
// is empty, visible through the search_path (temporary tables included).
func (d *Dialect) HasTable(ctx context.Context, conn dialect.Queryer, schema, name string) (bool, error) {
	q := "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
		"WHERE c.relname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND "
	return exists(ctx, conn, q, "pg_catalog.pg_table_is_visible(c.oid)", schema, name)
}

// HasObject implements dialect.ObjectLister for sequences and types (enum
// types among them), found like HasTable finds tables.
func (d *Dialect) HasObject(ctx context.Context, conn dialect.Queryer, kind dialect.ObjectKind, schema, name string) (bool, error) {
	switch kind {
	case dialect.ObjectSequence:
		q := "SELECT 1 FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace " +
			"WHERE c.relname = $1 AND c.relkind = 'S' AND "
		return exists(ctx, conn, q, "pg_catalog.pg_table_is_visible(c.oid)", schema, name)
	case dialect.ObjectType:
		q := "SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace " +
			"WHERE t.typname = $1 AND "
		return exists(ctx, conn, q, "pg_catalog.pg_type_is_visible(t.oid)", schema, name)
	}
	return false, fmt.Errorf("%w: PostgreSQL cannot look up objects of kind %q", dialect.ErrNotSupported, kind)
}

// exists runs a lookup: q ends with "AND ", completed by a schema test or
// by visible, the visibility test of the search_path.
func exists(ctx context.Context, conn dialect.Queryer, q, visible, schema, name string) (bool, error) {
	args := []any{name}
	if schema == "" {
		q += visible
	} else {
		q += "n.nspname = $2"
		args = append(args, schema)
	}
	found := false
	err := conn.QueryContext(ctx, q, args, func([]any) error { found = true; return nil })
	return found, err
}

// reserved are PostgreSQL's reserved key words (those that cannot name a
// table or column unquoted), with the few more SQLAlchemy quotes.
const reserved = `all analyse analyze and any array as asc asymmetric authorization between binary both
case cast check collate collation column concurrently constraint create cross current_catalog
current_date current_role current_schema current_time current_timestamp current_user default
deferrable desc distinct do else end except false fetch for foreign freeze from full grant group
having ilike in initially inner intersect into is isnull join lateral leading left like limit
localtime localtimestamp natural not notnull null offset on only or order outer overlaps placing
primary references returning right select session_user similar some symmetric system_user table
tablesample then to trailing true union unique user using variadic verbose when where window with`

func init() {
	factory := func() dialect.Dialect { return New() }
	dialect.Register("postgresql", factory)
	dialect.Register("postgres", factory)
}
