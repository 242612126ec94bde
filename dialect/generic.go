package dialect

import (
	"database/sql/driver"
	"fmt"
)

// Generic is the dialect of no database in particular: standard SQL with
// named parameters (:name) and every optional feature. It renders
// statements for reading (SQLAlchemy's default dialect does the same) and
// is the reference of the compiler's tests; it cannot connect.
var Generic Dialect = &genericDialect{Base{
	DialectName: "default",
	Params:      Named,
	QuoteOpen:   '"',
	QuoteClose:  '"',
	Reserved:    ReservedWords(StandardReserved),
	MaxIdentLen: 9999,
	FeatureFlags: Features{
		InsertReturning: true, UpdateReturning: true, DeleteReturning: true,
		MultiValuesInsert: true, DefaultValues: true, UpdateFrom: true, DeleteUsing: true,
		CTE: true, RecursiveCTE: true, CTEOnDML: true, WindowFunctions: true, AggregateFilter: true,
		NullsOrdering: true, FullOuterJoin: true, Intersect: true, IntersectAll: true,
		ParenthesizedSetOps: true, FetchFirst: true,
		TupleIn: true, TupleComparison: true, NativeBoolean: true, BooleanExpressions: true,
		NativeILike: true, NativeEnum: true, NativeUUID: true, NativeDecimal: true, NativeJSON: true,
		NativeInterval: true, Sequences: true, Identity: true, Savepoints: true, TransactionalDDL: true,
		Comments: true, AlterAddConstraint: true, SchemaNames: true, ForUpdate: true,
		DistinctOn: true, Lateral: true, LimitBindable: true,
	},
}}

type genericDialect struct{ Base }

func (d *genericDialect) Connector(u *URL) (driver.Connector, error) {
	return nil, fmt.Errorf("%w: the generic dialect renders SQL and cannot connect", ErrNotSupported)
}
