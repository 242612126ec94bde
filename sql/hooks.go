package sql

import (
	"reflect"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Hooks are the statement-level rendering hooks a dialect may supply, for
// the constructs whose SQL differs in shape between databases. A nil hook
// keeps the standard rendering; a hook that returns false falls back to it.
// A dialect supplies its Hooks by implementing HooksProvider.
type Hooks struct {
	_ struct{} // keyed literals only: fields will be added

	// LimitOffset writes LIMIT and OFFSET after ORDER BY; either may be
	// nil. The standard form is " LIMIT n OFFSET m".
	LimitOffset func(c *Compiler, limit, offset *BindParam)
	// SelectPrefix writes after SELECT [DISTINCT], before the columns
	// (SQL Server's TOP n).
	SelectPrefix func(c *Compiler, s *Select)
	// Select renders a whole SELECT its own way (Oracle's ROWNUM
	// wrapping); it returns false to use the standard rendering.
	Select func(c *Compiler, s *Select) bool
	// RewriteSelect returns a statement to compile in place of a SELECT
	// whose structure the database needs in another form (Oracle before
	// 12c has no LIMIT or OFFSET: the SELECT is wrapped in subqueries
	// filtered on ROWNUM), or nil to compile the SELECT as it is. The
	// statement it returns is compiled in the SELECT's place, at the same
	// depth (its columns are the result columns of a top-level statement),
	// and the hook is called again for each SELECT in it: it must return
	// nil for those it made. Bind parameters it adds must follow the
	// cache rules (a constant, or a user name).
	RewriteSelect func(c *Compiler, s *Select) SelectStatement
	// EmptyFrom is written where a SELECT has no FROM items (" FROM DUAL").
	EmptyFrom string
	// NoTableAliasAS omits AS between a FROM item and its alias (Oracle).
	NoTableAliasAS bool
	// RecursiveKeyword is written after WITH when a CTE is recursive
	// ("RECURSIVE " on most databases, "" on SQL Server and Oracle).
	RecursiveKeyword *string
	// OrderByLabelExpressions: ORDER BY writes a select-list label's
	// expression rather than the label's name (Oracle, as SQLAlchemy
	// writes it there).
	OrderByLabelExpressions bool
	// SetOperationKeywords replaces the keywords of set operations
	// ("UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT",
	// "EXCEPT ALL") by the database's spelling: Oracle writes EXCEPT as
	// MINUS.
	SetOperationKeywords map[string]string
	// Binary renders an operator its own way; false falls back.
	Binary func(c *Compiler, b *BinaryExpression) bool
	// SelectBind writes a bound value that stands alone as a select-list
	// item (SELECT ? AS n), where the database cannot infer its type from
	// what is around it: PostgreSQL takes such a parameter for text, so
	// that SELECT $1 AS n UNION ALL SELECT n + 1 fails. It is not called
	// when values are written inline (DebugSQL). false falls back to the
	// placeholder.
	SelectBind func(c *Compiler, b *BindParam) bool
	// Function renders a function call its own way (a renamed function, a
	// different argument order); false falls back.
	Function func(c *Compiler, f *Function) bool
	// Extract writes EXTRACT(field FROM expr) its own way (SQL Server's
	// DATEPART, SQLite's strftime); false falls back. The field is
	// checked to be a word before it is called.
	Extract func(c *Compiler, x *ExtractExpr) bool
	// TableFunction writes a function called in a FROM clause
	// (Function.TableValued, ColumnValued) its own way: Oracle's TABLE
	// (fn(...)). nil writes the call.
	TableFunction func(c *Compiler, fn *Function)
	// ColumnValue is how a ColumnValued function's value is named after
	// its alias (Oracle's "COLUMN_VALUE": anon_1.COLUMN_VALUE); empty
	// writes the alias alone.
	ColumnValue string
	// BoolConst writes TRUE or FALSE where the database lacks them; cond
	// says the constant stands alone as a condition (WHERE TRUE), where
	// some databases need 1 = 1.
	BoolConst func(c *Compiler, v bool, cond bool)
	// NumericBooleans: where the database has no boolean type (Features.
	// NativeBoolean off), a boolean value standing as a condition (WHERE,
	// HAVING, ON; alone or under AND, OR, NOT) is compared with 1:
	// WHERE flag = 1, WHERE flag = 0 for NOT flag (Oracle before 23, as
	// SQLAlchemy writes it).
	NumericBooleans bool
	// Lock writes the locking clause of a SELECT.
	Lock func(c *Compiler, l *LockClause)
	// LockOfUnqualified: FOR UPDATE OF names a table without its schema
	// (PostgreSQL refuses qualified names there).
	LockOfUnqualified bool
	// CastTypeName names a type inside CAST, where it may differ from DDL
	// (MySQL's CAST(x AS SIGNED)). It is given the type dialect.TypeFor
	// returns: no decorator, no variant.
	CastTypeName func(d dialect.Dialect, t types.Type) (string, error)
	// Literal writes a value inline (debug rendering, DDL defaults) its own
	// way; false falls back to standard SQL literals.
	Literal func(c *Compiler, v any) bool
	// Returning writes the RETURNING clause of an INSERT, UPDATE or
	// DELETE (kind) into table; names are the result columns' names. The
	// standard is " RETURNING cols" at the end of the statement. Oracle
	// writes RETURNING cols INTO with output parameters
	// (Compiler.WriteOutParam).
	Returning func(c *Compiler, kind StatementKind, table *Table, cols []ColumnElement, names []string)
	// ReturningBeforeValues: RETURNING is written where SQL Server writes
	// OUTPUT: after an INSERT's column list (before VALUES, SELECT or
	// DEFAULT VALUES), after an UPDATE's SET list and after a DELETE's
	// table, before their FROM and WHERE.
	ReturningBeforeValues bool
	// EmptyIn is the condition an IN over an empty list becomes (in is
	// true for IN, false for NOT IN), also when an expanding parameter's
	// list given at execution is empty. The standard is 1 != 1 and 1 = 1.
	// It must not write bind parameters.
	EmptyIn func(c *Compiler, in bool)
	// LiteralLimits writes LIMIT, OFFSET and FETCH FIRST values, and
	// window frame offsets (n PRECEDING), into the SQL text; the values
	// then become part of the cache key.
	LiteralLimits bool
	// LiteralFrameOffsets writes window frame offsets (n PRECEDING) into
	// the SQL text while LIMIT and OFFSET stay bound (MariaDB refuses a
	// parameter in a frame). Frame offsets are always part of the cache
	// key.
	LiteralFrameOffsets bool
	// InsertDefaultValues writes an INSERT with no columns (" DEFAULT
	// VALUES" as standard).
	InsertDefaultValues func(c *Compiler)
	// UpdateFrom writes an UPDATE's extra FROM items; the standard is
	// " FROM items" (SQL Server lists the target table among them).
	UpdateFrom func(c *Compiler, target *Table, froms []FromClause)
	// MultiTableUpdate writes an UPDATE's extra FROM items after its
	// table, before SET, and names the columns SET assigns with their
	// table: UPDATE t1, t2 SET t1.a=t2.b WHERE ... (MySQL).
	MultiTableUpdate bool
	// DeleteUsing writes a DELETE's extra FROM items; the standard is
	// " USING items" (MySQL lists the target table among them).
	DeleteUsing func(c *Compiler, target *Table, froms []FromClause)
	// RowLimit writes the row limiting clauses of a SELECT or compound
	// SELECT after its ORDER BY (SQL Server's OFFSET ... FETCH, with TOP
	// written by SelectPrefix); false falls back to LimitOffset and the
	// standard forms.
	RowLimit func(c *Compiler, rl RowLimit) bool
	// NoSubqueryOrderBy: a SELECT nested in another statement (a
	// subquery, a CTE, a member of UNION, INSERT ... SELECT) drops its
	// ORDER BY unless it limits its rows, as SQL Server refuses ORDER BY
	// there without TOP or OFFSET.
	NoSubqueryOrderBy bool
	// SchemaName writes the schema that qualifies a table name (SQL
	// Server reads a dotted schema as database.owner); nil writes it as
	// one identifier.
	SchemaName func(c *Compiler, schema string)

	// DDL

	// ColumnDDL writes a whole column definition in CREATE TABLE its own
	// way (SQL Server: NULL for a nullable column, IDENTITY after NOT
	// NULL, a computed column without its type); false falls back. The
	// Column's accessors (Computed, Identity, Nullable, ServerDefault...)
	// give what to write.
	ColumnDDL func(c *Compiler, col *Column) bool
	// ColumnType writes a column's type in CREATE TABLE, when it differs
	// from TypeName (SERIAL for an autoincrement column on PostgreSQL);
	// false falls back.
	ColumnType func(c *Compiler, col *Column) bool
	// Autoincrement writes the keyword that makes a column autoincrement
	// (" AUTO_INCREMENT"); it is called for the table's autoincrement
	// column after its type and nullability.
	Autoincrement func(c *Compiler, col *Column)
	// ComputedStoredOnly: computed columns are always stored, as on
	// PostgreSQL: a Computed without Persisted is written STORED, and
	// one with Persisted false (VIRTUAL) is refused.
	ComputedStoredOnly bool
	// SetComment writes the statement that sets a table's comment (col
	// nil) or a column's, where the database has no COMMENT ON (MySQL's
	// ALTER TABLE ... COMMENT and ALTER TABLE ... MODIFY); false falls
	// back to COMMENT ON.
	SetComment func(c *Compiler, t *Table, col *Column) bool
	// Identity writes a column's GENERATED ... AS IDENTITY clause its own
	// way (Oracle's NOMINVALUE, ORDER, ON NULL).
	Identity func(c *Compiler, id *Identity)
	// CreateTableSuffix writes what follows CREATE TABLE's closing
	// parenthesis (MySQL's ENGINE=...).
	CreateTableSuffix func(c *Compiler, t *Table)
	// InlineForeignKeyCycles: foreign keys in a cycle are written inside
	// CREATE TABLE anyway (SQLite, which cannot ALTER TABLE ADD
	// CONSTRAINT and does not check references at creation).
	InlineForeignKeyCycles bool
	// ServerDefault writes a column's " DEFAULT ..." clause its own way
	// (SQLite parenthesizes expressions); false falls back. InlineSQL
	// renders the default's expression.
	ServerDefault func(c *Compiler, col *Column) bool
	// ForeignKeysWithinSchema: a foreign key is written only when both
	// tables are in the same schema, and names the referred table without
	// its schema (SQLite, whose references cannot cross databases).
	ForeignKeysWithinSchema bool
	// IndexSchemaOnName: CREATE INDEX qualifies the index name with the
	// schema, not the table name (SQLite: CREATE INDEX s.ix ON t (...)).
	IndexSchemaOnName bool
	// IndexExpression writes an index element that is an expression
	// (not a column, text, or a column with ASC or DESC): MySQL
	// parenthesizes it (CREATE INDEX ix ON t ((x + y))), a database
	// without expression indexes refuses it. nil writes it as it is.
	IndexExpression func(c *Compiler, e ColumnElement)
	// IndexPrefix writes words between CREATE [UNIQUE] and INDEX, from
	// the index's dialect options (SQL Server's "CLUSTERED ", Oracle's
	// "BITMAP "), each followed by a space.
	IndexPrefix func(c *Compiler, ix *Index)
	// IndexSuffix writes what follows CREATE INDEX's column list, before
	// its WHERE (SQL Server's " INCLUDE (cols)", Oracle's " COMPRESS").
	IndexSuffix func(c *Compiler, ix *Index)
	// IndexWithoutColumns: an index may have no columns (SQL Server's
	// clustered columnstore index, CREATE INDEX ix ON t); elsewhere one
	// is refused.
	IndexWithoutColumns bool
	// ConstraintKeywords writes words after PRIMARY KEY or UNIQUE,
	// before the column list, from the constraint's dialect options
	// (SQL Server's " CLUSTERED").
	ConstraintKeywords func(c *Compiler, con Constraint)
	// OrReplaceView is written for CreateView.OrReplace ("OR ALTER" on SQL
	// Server); empty writes OR REPLACE.
	OrReplaceView string
	// NoOrReplaceView: the database cannot replace a view (SQLite);
	// CreateView.OrReplace is refused.
	NoOrReplaceView bool
	// NoPartialIndexes: the database has no partial indexes (CREATE INDEX
	// ... WHERE); an index with a condition is refused.
	NoPartialIndexes bool
	// DropIndexOnTable: DROP INDEX names the index's table (DROP INDEX ix
	// ON t: MySQL), where index names are per table.
	DropIndexOnTable bool
	// DropConstraint writes ALTER TABLE ... DROP for a constraint its own
	// way (MySQL drops a foreign key with DROP FOREIGN KEY); false falls
	// back to DROP CONSTRAINT.
	DropConstraint func(c *Compiler, s *DropConstraint) bool
	// SequenceDefaults fills in the options CREATE SEQUENCE writes for
	// those a sequence leaves unset, where the database's own defaults
	// surprise (SQL Server starts a sequence at its type's minimum).
	SequenceDefaults func(o SequenceOptions) SequenceOptions
	// NextValue writes a sequence's next value (PostgreSQL's
	// nextval('name')); the standard is NEXT VALUE FOR name.
	NextValue func(c *Compiler, s *Sequence)
	// CreateSequence writes CREATE SEQUENCE its own way (Oracle spells
	// NOMINVALUE, NOCYCLE and takes no AS type); false falls back. It is
	// called once the sequence's options are checked.
	CreateSequence func(c *Compiler, s *CreateSequence) bool
	// SchemaObjects returns the dialect's own schema objects the tables
	// use (PostgreSQL's enum types), which CreateAll creates before them
	// and DropAll drops after them; sequences are found by Core.
	SchemaObjects func(d dialect.Dialect, tables []*Table) []SchemaObject
	// IndexNameQualified: CREATE INDEX qualifies the index name with the
	// table's schema as well as the table (Oracle: CREATE INDEX s.ix ON
	// s.t (...)), as an index is created in the schema its name gives.
	IndexNameQualified bool
	// InsertAround returns statements to run before and after a
	// top-level INSERT into table that gives values to cols, in the same
	// batch (SQL Server's SET IDENTITY_INSERT t ON; ...; SET
	// IDENTITY_INSERT t OFF around an INSERT that sets an IDENTITY
	// column). They are written in front of the statement (its WITH
	// clause included) and after it, each with its separator.
	InsertAround func(c *Compiler, table *Table, cols []*Column) (before, after string)
	// TableHints: the dialect writes table hints (Select.WithHint) after
	// their FROM item and statement hints at the end of the SELECT;
	// others leave both out, as SQLAlchemy's default compiler does.
	TableHints bool
}

// HooksProvider is implemented by dialects with rendering hooks.
type HooksProvider interface {
	SQLHooks() *Hooks
}

var noHooks = &Hooks{}

func hooksOf(d dialect.Dialect) *Hooks {
	if p, ok := d.(HooksProvider); ok {
		if h := p.SQLHooks(); h != nil {
			return h
		}
	}
	return noHooks
}

// AdaptType returns the type values of t are executed with on d: the
// dialect's adaptation, applied beneath decorators too, of the type a
// types.Variant stands for on d.
func AdaptType(d dialect.Dialect, t types.Type) types.Type {
	switch x := t.(type) {
	case *types.Decorator:
		inner := AdaptType(d, x.Impl)
		if unadapted(inner, x.Impl) {
			return x
		}
		n := *x
		n.Impl = inner
		return &n
	case types.Variant:
		return AdaptType(d, dialect.VariantFor(d, x))
	}
	return d.AdaptType(t)
}

// unadapted reports whether the dialect returned t itself. Types with
// fields that cannot be compared (Enum's Values) are taken as unchanged
// when the Go type is: comparing them with == would panic.
func unadapted(adapted, t types.Type) bool {
	rt := reflect.TypeOf(t)
	if reflect.TypeOf(adapted) != rt {
		return false
	}
	return rt == nil || !rt.Comparable() || adapted == t
}
