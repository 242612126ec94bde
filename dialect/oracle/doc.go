// Package oracle is Athanor's dialect for Oracle Database, through the
// pure-Go driver github.com/sijms/go-ora (database/sql driver "oracle").
// Import it for its side effect to open oracle:// URLs:
//
//	import _ "github.com/athanordb/athanor/dialect/oracle"
//
//	eng, err := engine.Create("oracle://scott:tiger@db.example.com:1521/orclpdb1")
//
// The SQL it writes follows SQLAlchemy's Oracle dialect, and is tested on
// its text only: no Oracle server runs where Athanor is tested, so the
// package's tests compare exact SQL and parameters (many ported from
// SQLAlchemy's own Oracle compiler tests), the connection string built
// for go-ora, and error classification of constructed driver errors.
// Behaviour only a server decides (type round trips, RETURNING INTO at
// execution) is documented, not tested.
//
// # Releases
//
// SQL depends on the server's release (Options.Version; 19c unless set,
// and the server's own once an engine has connected, see DetectVersion):
//
//   - LIMIT and OFFSET are OFFSET n ROWS FETCH FIRST m ROWS ONLY from 12.1,
//     and subqueries filtered on ROWNUM before (or with
//     Options.RownumLimits). The values are written into the SQL text.
//   - Identity columns (GENERATED ... AS IDENTITY) from 12.1.
//   - Identifiers are at most 30 bytes before 12.2, 128 from it; names
//     Athanor generates (constraints, indexes) are shortened
//     deterministically to fit (dialect.TruncateName).
//   - JSON is a JSON column from 21, a BLOB before; INTERSECT ALL and
//     EXCEPT ALL from 21.
//   - Boolean is BOOLEAN from 23, SMALLINT before.
//
// # Names
//
// As in SQLAlchemy, a name in lower case is case-insensitive: it is
// written unquoted, and Oracle stores it in upper case (user_account
// is USER_ACCOUNT in the data dictionary). A name with an upper-case
// letter, a reserved word, or a name starting with '_' is quoted, and so
// case-sensitive.
//
// # Statements
//
// Parameters are positional, :1, :2 (Options.NamedParameters writes
// :name for reading). Oracle's spellings: FROM DUAL for a SELECT without
// FROM, no AS before a table alias, MINUS for EXCEPT, || to concatenate,
// mod() for %, CURRENT_TIMESTAMP for now(), LENGTH for char_length, true
// and false as 1 and 0 (1 = 1 as a condition), a boolean column as a
// condition compared with 1 before 23 (WHERE flag = 1, flag = 0 for NOT
// flag), FOR UPDATE [OF columns] [NOWAIT | SKIP LOCKED]
// (LockClause.OfColumns: Oracle names columns), MERGE for upserts,
// name.nextval for a sequence's next value. RegexpMatch and RegexpReplace
// are REGEXP_LIKE(x, p[, 'flags']) and REGEXP_REPLACE(x, p, r[, 'flags']),
// Match is CONTAINS (x, v), and a table-valued function is TABLE (fn(...))
// alias, its ColumnValued column alias.COLUMN_VALUE.
//
// Options.NonANSIJoins writes joins as Oracle 8 reads them (SQLAlchemy's
// use_ansi=False): the joined tables listed in FROM, the join conditions
// added to WHERE, and the columns of an outer join's right side marked
// (+): WHERE a.id = b.a_id(+). FULL OUTER JOIN is refused there.
//
// RETURNING is written RETURNING cols INTO :ret_0, ...: Oracle returns
// the values through output parameters. The SQL compiles, and the
// parameters are marked sql.Param.Out; executing it fails with
// dialect.ErrNotSupported until the engine passes output parameters to
// the driver. For the same reason an INSERT does not fetch a generated
// key itself (Result.InsertedPrimaryKey has no value for an identity
// column).
//
// Savepoints are SAVEPOINT and ROLLBACK TO SAVEPOINT; Oracle has no
// RELEASE SAVEPOINT, so committing a nested transaction runs nothing.
//
// # Upsert
//
// Upsert(t, rows...) is a MERGE: matched rows are updated, the others
// inserted. See MergeStmt for the SQL.
//
// # Types
//
// Index options (sql.Index.Option): OptionBitmap writes CREATE BITMAP
// INDEX, OptionCompress COMPRESS or COMPRESS n.
//
// See Dialect.TypeName for the DDL names (VARCHAR2(n CHAR), NUMBER(19),
// CLOB, BLOB, DATE, TIMESTAMP WITH TIME ZONE, INTERVAL DAY TO SECOND,
// ...), Timestamp for TIMESTAMP with fractions of a second, and
// Dialect.AdaptType for the values sent to go-ora.
package oracle
