package dialect

// Features are a dialect's capability flags. Core consults them to render a
// construct natively, rewrite it into an equivalent form, or refuse it with
// ErrNotSupported. The zero value supports nothing optional.
type Features struct {
	_ struct{} // keyed literals only: fields will be added

	InsertReturning bool // INSERT ... RETURNING
	UpdateReturning bool // UPDATE ... RETURNING
	DeleteReturning bool // DELETE ... RETURNING
	// ImplicitReturning fetches server-generated primary keys of a
	// single-row INSERT with RETURNING rather than with LastInsertId.
	ImplicitReturning bool
	// LastInsertID: the driver's Result.LastInsertId gives the
	// autoincrement key of the row just inserted.
	LastInsertID bool

	MultiValuesInsert  bool // INSERT ... VALUES (...), (...)
	DefaultValues      bool // INSERT ... DEFAULT VALUES
	EmptyValuesInsert  bool // INSERT ... () VALUES () (MySQL's form)
	UpdateFrom         bool // UPDATE ... FROM other tables
	DeleteUsing        bool // DELETE ... USING other tables
	CTE                bool // WITH
	RecursiveCTE       bool // WITH RECURSIVE
	CTEOnDML           bool // WITH ... INSERT/UPDATE/DELETE
	WindowFunctions    bool // OVER (...)
	AggregateFilter    bool // FILTER (WHERE ...)
	NullsOrdering      bool // ORDER BY ... NULLS FIRST/LAST
	FullOuterJoin      bool // FULL OUTER JOIN
	Intersect          bool // INTERSECT, EXCEPT
	IntersectAll       bool // INTERSECT ALL, EXCEPT ALL
	TupleIn            bool // (a, b) IN ((1, 2), (3, 4))
	TupleComparison    bool // (a, b) < (1, 2)
	NativeBoolean      bool // a BOOLEAN type and TRUE/FALSE literals
	BooleanExpressions bool // a comparison may appear as a value (in the select list)
	NativeILike        bool // ILIKE
	NativeEnum         bool // an enumerated type
	NativeUUID         bool // a UUID type
	NativeDecimal      bool // NUMERIC values are stored exactly
	NativeJSON         bool // a JSON type
	NativeInterval     bool // an INTERVAL type
	Sequences          bool // CREATE SEQUENCE
	Identity           bool // GENERATED ... AS IDENTITY
	Savepoints         bool // SAVEPOINT
	TransactionalDDL   bool // DDL can be rolled back
	Comments           bool // table and column comments
	InlineComments     bool // comments in CREATE TABLE rather than COMMENT ON
	AlterAddConstraint bool // ALTER TABLE ADD CONSTRAINT
	SchemaNames        bool // schema-qualified names
	ForUpdate          bool // SELECT ... FOR UPDATE
	DistinctOn         bool // SELECT DISTINCT ON (...)
	Lateral            bool // LATERAL subqueries
	// LimitRequiredForOffset: OFFSET without LIMIT needs a dummy LIMIT.
	LimitRequiredForOffset bool
	// OrderByRequiredForOffset: OFFSET needs an ORDER BY (SQL Server).
	OrderByRequiredForOffset bool
	// LimitBindable: LIMIT and OFFSET accept bound parameters.
	LimitBindable bool
	// MaxBindParams is the most parameters one statement may carry (0: no
	// known limit). Executemany batches respect it.
	MaxBindParams int
	// MaxInsertRows bounds the rows of one multi-row VALUES (0: no limit).
	MaxInsertRows int
	// ParenthesizedSetOps: a member of UNION, INTERSECT or EXCEPT may be
	// parenthesized, (SELECT ... LIMIT n) UNION (...). Without it, such a
	// member is written as SELECT * FROM (...).
	ParenthesizedSetOps bool
	// FetchFirst: OFFSET n ROWS FETCH FIRST m ROWS ONLY | WITH TIES, and
	// FETCH FIRST m PERCENT ROWS ONLY. Without it, FETCH FIRST m ROWS
	// ONLY is written as LIMIT m.
	FetchFirst bool
}
