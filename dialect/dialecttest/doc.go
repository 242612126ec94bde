// Package dialecttest is Athanor's backend suite: one dialect-agnostic set
// of tests that runs on a live database, with requirement flags that say
// what the dialect supports. Every dialect of Athanor runs it, and so can
// a dialect written elsewhere, the way pgx's pgxtest and SQLAlchemy's
// testing/suite are used.
//
// # Running it
//
// A dialect's package calls Run from a test, with the database URL (or
// the environment variable holding it), the dialect's upsert builder and
// a check of its driver's error type:
//
//	func TestSuite(t *testing.T) {
//		dialecttest.Run(t, dialecttest.Config{
//			URLEnv: "ATHANOR_TEST_POSTGRES_URL",
//			Upsert: func(t *sql.Table, rows []sql.Values, conflict, update []*sql.Column) sql.Element { ... },
//			DriverError: func(err error) bool { var pe *pgconn.PgError; return errors.As(err, &pe) },
//		})
//	}
//
// Without a URL the suite skips, saying which variable to set; when the
// environment variable CI is "true" it fails instead, so that a CI run
// cannot pass without the database. A URL whose server cannot be reached
// always fails.
//
// # What it covers
//
// Run's subtests are grouped by what they test:
//
//   - Select: every statement form of the expression language on shared
//     tables, each row compared (columns, joins with inferred ON, grouping,
//     ordering with NULLS FIRST/LAST, LIMIT/OFFSET, subqueries, EXISTS, IN
//     over lists, subqueries, empty and expanding lists, LIKE with escaped
//     wildcards, CASE, CAST, functions, text(), bind parameters reused,
//     CTEs, set operations, window functions, FILTER, row values).
//   - DML: INSERT (one row, executemany, multi-row VALUES, from a SELECT,
//     defaults), the inserted primary key, UPDATE (expressions, correlated
//     subqueries, executemany, matched-row counts), DELETE, RETURNING on
//     each, upserts.
//   - Types: each generic type's edge values stored, read back exactly
//     and found by value in WHERE; typed columns.
//   - Transactions: commit, rollback, Engine.Begin with an error and a
//     panic, savepoints nested and rolled back in every combination,
//     transactional DDL.
//   - Errors: unique, not-null, foreign key and check violations are
//     dialect.ErrIntegrity, syntax errors and unknown tables
//     dialect.ErrProgramming, on every database, with the driver's error
//     reachable through errors.As.
//
// # Requirements
//
// DefaultRequirements derives Requirements from the dialect's Features;
// Config.Requirements adjusts what Features cannot say. A requirement
// chooses which branch of a test runs, not whether it runs: a missing
// requirement runs the refusal or behaviour check instead of skipping,
// so that every test of the suite asserts something on every database:
//
//   - a construct the dialect cannot write (DISTINCT ON, LATERAL, FULL
//     OUTER JOIN, FILTER, INTERSECT ALL, RETURNING, sequences, DELETE
//     with other tables, REGEXP_REPLACE, ...) must fail at compile and at
//     execute time with an error matching dialect.ErrNotSupported, before
//     anything is sent; one the compiler writes but the database lacks
//     must fail with a database error (dialect.ErrDBAPI);
//   - a value the database cannot store (FloatNaN, FloatInfinity) must be
//     refused with a types.ConversionError wrapping types.ErrOutOfRange,
//     or a database error matching dialect.ErrData, and nothing stored;
//   - without DataChecks (SQLite) an over-long string and an integer
//     beyond INTEGER's range are stored and read back as given; without
//     CheckConstraints or ForeignKeys the violating row is stored;
//   - without TransactionalDDL (MySQL, MariaDB) a table created in a
//     transaction, and a row inserted after it, survive the ROLLBACK:
//     DDL commits implicitly.
//
// The check logs the requirement's name. Only what has no single
// documented behaviour still skips: upserts without Config.Upsert,
// savepoints, the inserted primary key without RETURNING or a last
// insert id, bare parameters in a select list, and deleting a referenced
// row where foreign keys are not enforced.
//
// # A clean database
//
// Every table the suite creates has a name prefix of the run's own
// (dt<6 hex digits>_), so that runs on one database do not meet, and is
// dropped when its test ends, pass or fail; at the end Run checks that
// none is left. Tests run in parallel on engines with a connection pool.
package dialecttest
