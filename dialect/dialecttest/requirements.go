package dialecttest

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// Requirements say what the database under test supports. They choose
// which branch of a test runs, never whether it runs: where a
// requirement is met the test checks the construct's result; where it is
// not, the test checks the dialect's documented behaviour instead. A
// construct the dialect cannot write (its Features flag is off) must be
// refused at compile and execute time with an error matching
// dialect.ErrNotSupported; a value the database cannot store (FloatNaN,
// FloatInfinity) must be refused with a types.ConversionError wrapping
// types.ErrOutOfRange, or a database error matching dialect.ErrData; a
// database without DataChecks must store an over-long string and an
// out-of-range integer as given; a database without TransactionalDDL
// must keep a table created in a rolled-back transaction (DDL commits
// implicitly).
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
	// Regexp: RegexpMatch works (default true; SQL Server has no
	// regular expressions).
	Regexp bool
	// RegexpReplace: RegexpReplace works (default true; SQLite has no
	// REGEXP_REPLACE).
	RegexpReplace bool
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
		Regexp:               true,
		RegexpReplace:        true,
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

// supports reports whether the requirement name is met (has). When it
// is not, the test runs the refusal check instead of skipping: where the
// dialect's feature flag is off the compiler must refuse stmt, and
// executing it must fail before anything is sent, both with an error
// matching dialect.ErrNotSupported; where the flag is on (the database,
// not the compiler, lacks the construct, as Config.Requirements says) the
// database must refuse it with a classified error (dialect.ErrDBAPI).
// The caller returns when supports is false: the positive checks are for
// the dialects that have the construct.
func (s *suite) supports(t *testing.T, name string, has, flag bool, stmt sql.Element) bool {
	t.Helper()
	if has {
		return true
	}
	_, err := s.eng.Execute(context.Background(), stmt)
	if flag {
		if !errors.Is(err, dialect.ErrDBAPI) {
			t.Errorf("requirement %s is not met by this database, and executing the construct gave %v, want a database error (ErrDBAPI)", name, err)
		}
		t.Logf("requirement %s is not met: the database refuses the construct (%v), as it should", name, err)
		return false
	}
	if !errors.Is(err, dialect.ErrNotSupported) || !errors.Is(err, sql.ErrCompile) || errors.Is(err, dialect.ErrDBAPI) {
		t.Errorf("requirement %s is not met, and executing the construct gave %v, want a compile error matching ErrNotSupported, sent to no database", name, err)
	}
	_, err = sql.Compile(stmt, s.dialect)
	if !errors.Is(err, dialect.ErrNotSupported) || !errors.Is(err, sql.ErrCompile) {
		t.Errorf("requirement %s is not met, and compiling the construct gave %v, want an error matching ErrNotSupported", name, err)
	}
	t.Logf("requirement %s is not met: the construct is refused with ErrNotSupported, as it should be", name)
	return false
}
