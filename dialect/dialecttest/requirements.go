package dialecttest

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// Requirements say what the database under test supports. A test that
// needs something a dialect lacks does not pass silently: when the
// dialect's compiler is expected to refuse the construct (its Features
// flag is off), the test checks that it does, with an error matching
// dialect.ErrNotSupported, and then skips naming the requirement;
// otherwise it skips naming the requirement.
//
// DefaultRequirements derives the fields from the dialect's Features;
// Config.Requirements adjusts them for what Features cannot say (a
// server that ignores CHECK constraints, a float column without NaN).
type Requirements struct {
	_ struct{} // keyed literals only: fields will be added

	// Statement forms, from Features.
	InsertReturning   bool // INSERT ... RETURNING
	UpdateReturning   bool // UPDATE ... RETURNING
	DeleteReturning   bool // DELETE ... RETURNING
	MultiValuesInsert bool // INSERT ... VALUES (...), (...)
	CTE               bool // WITH
	RecursiveCTE      bool // WITH RECURSIVE
	WindowFunctions   bool // OVER (...), with ROWS frames
	AggregateFilter   bool // count(*) FILTER (WHERE ...)
	FullOuterJoin     bool // FULL OUTER JOIN
	Intersect         bool // INTERSECT and EXCEPT
	IntersectAll      bool // INTERSECT ALL and EXCEPT ALL
	TupleIn           bool // (a, b) IN ((1, 2), ...)
	TupleComparison   bool // (a, b) < (1, 2)
	UpdateFrom        bool // UPDATE with other tables (FROM, or MySQL's UPDATE t1, t2)
	DeleteUsing       bool // DELETE with other tables (USING)
	DistinctOn        bool // SELECT DISTINCT ON (...)
	Lateral           bool // LATERAL subqueries
	Sequences         bool // CREATE SEQUENCE, next values
	// NullsOrdering: ORDER BY ... NULLS FIRST/LAST is written natively.
	// Without it the compiler emulates it, and the ordering tests still
	// run: this flag only names the native form in messages.
	NullsOrdering bool

	// Transactions, from Features.
	Savepoints       bool // SAVEPOINT, nested transactions
	TransactionalDDL bool // CREATE TABLE is undone by ROLLBACK

	// What the database enforces or stores: not in Features. The defaults
	// are what the SQL standard asks for; a dialect turns off what its
	// database does not do.

	CheckConstraints bool // CHECK constraints are enforced (default true)
	// DataChecks: a value that does not fit its column (a string longer
	// than VARCHAR(n), an integer beyond INTEGER's range) is refused with
	// an error (default true; SQLite stores it).
	DataChecks  bool
	ForeignKeys bool // foreign keys are enforced (default true)
	// Upsert: the dialect has an INSERT that resolves conflicts; set
	// from Config.Upsert.
	Upsert bool
	// FloatNaN: a NaN is stored in a Float or Double column and read back
	// (default false).
	FloatNaN bool
	// FloatInfinity: +Inf and -Inf are stored and read back (default
	// false).
	FloatInfinity bool
	// DecimalPrecision and DecimalScale are the NUMERIC column the
	// decimal round trip uses: values with that many digits must come
	// back exactly. Defaults: 38 and 18 with Features.NativeDecimal, 15
	// and 6 without.
	DecimalPrecision, DecimalScale int
	// BinarySize is the size of the largest binary value round-tripped
	// (default 2 MiB + 1).
	BinarySize int
	// SelectListParameters: a bound value standing alone in a select
	// list keeps the type of its Go value through what follows (a
	// subquery's SELECT ? AS x used in x + 1, a recursive CTE's anchor
	// SELECT ? AS n); default true. PostgreSQL types such a parameter as
	// text unless the dialect casts it.
	SelectListParameters bool
	// DateMinYear is the earliest year a DATE or DATETIME column holds
	// (default 1000: MySQL's documented range starts there).
	DateMinYear int
}

// DefaultRequirements derives the requirements from d's Features, with
// the SQL standard's defaults for the rest.
func DefaultRequirements(d dialect.Dialect) Requirements {
	f := d.Features()
	r := Requirements{
		InsertReturning:      f.InsertReturning,
		UpdateReturning:      f.UpdateReturning,
		DeleteReturning:      f.DeleteReturning,
		MultiValuesInsert:    f.MultiValuesInsert,
		CTE:                  f.CTE,
		RecursiveCTE:         f.RecursiveCTE,
		WindowFunctions:      f.WindowFunctions,
		AggregateFilter:      f.AggregateFilter,
		FullOuterJoin:        f.FullOuterJoin,
		Intersect:            f.Intersect,
		IntersectAll:         f.IntersectAll,
		TupleIn:              f.TupleIn,
		TupleComparison:      f.TupleComparison,
		UpdateFrom:           f.UpdateFrom,
		DeleteUsing:          f.DeleteUsing,
		DistinctOn:           f.DistinctOn,
		Lateral:              f.Lateral,
		Sequences:            f.Sequences,
		NullsOrdering:        f.NullsOrdering,
		Savepoints:           f.Savepoints,
		TransactionalDDL:     f.TransactionalDDL,
		CheckConstraints:     true,
		DataChecks:           true,
		ForeignKeys:          true,
		SelectListParameters: true,
		DecimalPrecision:     15,
		DecimalScale:         6,
		BinarySize:           2<<20 + 1,
		DateMinYear:          1000,
	}
	if f.NativeDecimal {
		r.DecimalPrecision, r.DecimalScale = 38, 18
	}
	return r
}

// need skips t, naming the requirement, when has is false.
func need(t *testing.T, name string, has bool) {
	t.Helper()
	if !has {
		t.Skipf("requirement %s is not met by this dialect", name)
	}
}

// needOrRefused is need for a construct the compiler refuses when the
// dialect's feature flag is off: when the requirement is not met and the
// flag is off, compiling stmt must fail with dialect.ErrNotSupported
// before t is skipped. (A requirement turned off by Config.Requirements
// while the flag is on is only skipped: the database, not the compiler,
// lacks it.)
func (s *suite) needOrRefused(t *testing.T, name string, has, flag bool, stmt sql.Element) {
	t.Helper()
	if has {
		return
	}
	if !flag {
		_, err := sql.Compile(stmt, s.dialect)
		if !errors.Is(err, dialect.ErrNotSupported) || !errors.Is(err, sql.ErrCompile) {
			t.Fatalf("requirement %s is not met, and compiling the construct gave %v, want an error matching ErrNotSupported", name, err)
		}
		t.Skipf("requirement %s is not met by this dialect (the compiler refuses it with ErrNotSupported, as it should)", name)
	}
	t.Skipf("requirement %s is not met by this database", name)
}
