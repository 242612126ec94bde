package mssql

import (
	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Dialect is the SQL Server dialect. Use New.
type Dialect struct {
	dialect.Base
	opts  Options
	hooks *athsql.Hooks
}

// Options configure the dialect. The zero Options are SQL Server 2012 and
// later.
type Options struct {
	_ struct{} // keyed literals only: fields will be added

	// Version is the server's major version: 10 is SQL Server 2008, 11
	// is 2012, 16 is 2022; zero is 2012 or later. Before 11 there is no
	// OFFSET ... FETCH, and no sequences: a SELECT with an OFFSET (or a
	// FETCH FIRST) numbers its rows with ROW_NUMBER() in a subquery, as
	// SQLAlchemy writes it for those servers.
	Version int
}

// offsetFetch reports whether the server has OFFSET ... FETCH (2012).
func (d *Dialect) offsetFetch() bool { return d.opts.Version == 0 || d.opts.Version >= 11 }

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.SavepointWriter = (*Dialect)(nil)
)

// MaxIdentifierLength is the longest identifier SQL Server accepts (a
// sysname is 128 characters).
const MaxIdentifierLength = 128

// New returns the SQL Server dialect, for SQL Server 2012 and later
// (OFFSET ... FETCH, sequences, CONCAT), or for the release Options give.
func New(opts ...Options) *Dialect {
	d := &Dialect{Base: dialect.Base{
		DialectName: "mssql",
		Params:      dialect.AtP,
		QuoteOpen:   '[',
		QuoteClose:  ']',
		Reserved:    dialect.ReservedWords(reserved),
		MaxIdentLen: MaxIdentifierLength,
		FeatureFlags: dialect.Features{
			InsertReturning: true, UpdateReturning: true, DeleteReturning: true,
			// go-mssqldb has no LastInsertId: generated keys come back
			// through OUTPUT inserted.col.
			ImplicitReturning: true,
			MultiValuesInsert: true, DefaultValues: true, UpdateFrom: true, DeleteUsing: true,
			CTE: true, RecursiveCTE: true, CTEOnDML: true, WindowFunctions: true,
			FullOuterJoin: true, Intersect: true, ParenthesizedSetOps: true,
			NativeUUID: true, NativeDecimal: true, Sequences: true, Identity: true,
			Savepoints: true, TransactionalDDL: true, Comments: true, AlterAddConstraint: true, SchemaNames: true,
			OrderByRequiredForOffset: true, LimitBindable: true,
			// A statement takes at most 2100 parameters, and a VALUES list
			// at most 1000 rows.
			MaxBindParams: 2100, MaxInsertRows: 1000,
		},
	}}
	if len(opts) > 0 {
		d.opts = opts[0]
	}
	if !d.offsetFetch() {
		d.FeatureFlags.Sequences = false
	}
	recursive := ""
	d.hooks = &athsql.Hooks{
		SelectPrefix:          selectTop,
		RowLimit:              d.rowLimit,
		RewriteSelect:         d.rewriteSelect,
		LiteralLimits:         true,
		NoSubqueryOrderBy:     true,
		RecursiveKeyword:      &recursive,
		Binary:                renderBinary,
		Extract:               extract,
		Function:              renderFunction,
		BoolConst:             boolConst,
		Literal:               literal,
		Lock:                  lock,
		Returning:             output,
		ReturningBeforeValues: true,
		UpdateFrom:            fromWithTarget,
		DeleteUsing:           fromWithTarget,
		SchemaName:            schemaName,
		ColumnDDL:             columnDDL,
		DropIndexOnTable:      true,
		IndexPrefix:           indexPrefix,
		IndexSuffix:           indexSuffix,
		IndexWithoutColumns:   true,
		ConstraintKeywords:    constraintKeywords,
		OrReplaceView:         "OR ALTER",
		SequenceDefaults:      sequenceDefaults,
		InsertAround:          identityInsert,
		TableHints:            true,
		SetComment:            setComment,
	}
	return d
}

// SQLHooks implements sql.HooksProvider.
func (d *Dialect) SQLHooks() *athsql.Hooks { return d.hooks }

// SavepointSQL implements dialect.SavepointWriter: SQL Server sets a
// savepoint with SAVE TRANSACTION and rolls back to it with ROLLBACK
// TRANSACTION; it has no statement to release one.
func (d *Dialect) SavepointSQL(step dialect.SavepointStep, name string) string {
	switch step {
	case dialect.SavepointSet:
		return "SAVE TRANSACTION " + dialect.Quote(d, name)
	case dialect.SavepointRollback:
		return "ROLLBACK TRANSACTION " + dialect.Quote(d, name)
	}
	return ""
}

func init() {
	factory := func() dialect.Dialect { return New() }
	dialect.Register("mssql", factory)
	dialect.Register("sqlserver", factory)
}
