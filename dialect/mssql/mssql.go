package mssql

import (
	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Dialect is the SQL Server dialect. Use New.
type Dialect struct {
	dialect.Base
	hooks *athsql.Hooks
}

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.SavepointWriter = (*Dialect)(nil)
)

// MaxIdentifierLength is the longest identifier SQL Server accepts (a
// sysname is 128 characters).
const MaxIdentifierLength = 128

// New returns the SQL Server dialect, for SQL Server 2012 and later
// (OFFSET ... FETCH, sequences, CONCAT).
func New() *Dialect {
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
			Savepoints: true, TransactionalDDL: true, AlterAddConstraint: true, SchemaNames: true,
			OrderByRequiredForOffset: true, LimitBindable: true,
			// A statement takes at most 2100 parameters, and a VALUES list
			// at most 1000 rows.
			MaxBindParams: 2100, MaxInsertRows: 1000,
		},
	}}
	recursive := ""
	d.hooks = &athsql.Hooks{
		SelectPrefix:          selectTop,
		RowLimit:              rowLimit,
		LiteralLimits:         true,
		NoSubqueryOrderBy:     true,
		RecursiveKeyword:      &recursive,
		Binary:                renderBinary,
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
		SequenceDefaults:      sequenceDefaults,
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
