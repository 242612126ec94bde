// Package mysql is Athanor's dialect for MySQL and MariaDB, through the
// driver github.com/go-sql-driver/mysql. Importing it registers the
// dialect under the URL schemes mysql:// and mariadb://
// (mysql+gosqldriver:// names the driver explicitly):
//
//	eng, err := engine.Create("mysql://user:secret@127.0.0.1:3306/app")
//
// See Config for the URL's options.
//
// # Servers and versions
//
// MySQL and MariaDB differ, and so do their versions: RETURNING (MariaDB
// 10.5 and later, INSERT and DELETE only), INTERSECT and EXCEPT, window
// functions and WITH, FOR SHARE or LOCK IN SHARE MODE, the row alias of
// ON DUPLICATE KEY UPDATE, MariaDB's UUID type. An engine reads the
// server's version on its first connection (DetectVersion) and compiles
// for it; New, NewMariaDB and ForVersion make a dialect for a given server
// to compile without one.
//
// # Types
//
// See Dialect.TypeName for the type names. DateTime is DATETIME(6) with
// microseconds, stored as a UTC wall clock (a DateTime with a time zone
// is converted to UTC first); Interval is a BIGINT count of microseconds;
// UUID is MariaDB's UUID type where it exists and CHAR(32) elsewhere;
// Boolean is BOOL (TINYINT(1)); Text is LONGTEXT and LargeBinary LONGBLOB
// unless given a length; String needs a length. Numeric without a
// precision is MySQL's DECIMAL, which means DECIMAL(10, 0): give Numeric a
// Precision and Scale.
//
// The dialect's own types are the integers TinyInt, SmallInt, MediumInt,
// Int and BigInt (signed or Unsigned, with or without Zerofill; BIGINT
// UNSIGNED values are uint64), TinyText, Text, MediumText and LongText,
// the blobs TinyBlob to LongBlob, Year, Bit (values uint64), Set (values
// []string), and DateTime, Timestamp and Time with their
// fractional-second digits. A types.Variant keyed "mysql" picks one of them on MySQL and
// MariaDB; one keyed "mariadb" on MariaDB only.
//
// # Reflection
//
// A reflected column has the type its table was created from: a generic
// type where one renders as the server keeps it (INT is Integer,
// DATETIME(6) DateTime, LONGTEXT Text, MariaDB's LONGTEXT checked by
// json_valid JSON), else one of the types above (TINYINT(3) UNSIGNED is
// TinyInt{Unsigned: true}, YEAR(4) Year, SET's values in their case), else
// a dialect.DatabaseType (CHAR, BINARY, TIME(3), geometry). A column's
// collation is kept when it is not its table's default. MySQL reports a
// foreign key without ON DELETE/ON UPDATE as RESTRICT, so no action,
// RESTRICT and NO ACTION (which InnoDB runs alike) reflect as none, and
// inspect.Compare takes them as one. information_schema on MariaDB shows
// characters outside the BMP in ENUM and SET values as '?'.
//
// # Schema
//
// Comments are written inside CREATE TABLE; SetTableComment and
// SetColumnComment change them afterwards (ALTER TABLE ... COMMENT,
// ALTER TABLE ... MODIFY). An identity column is an AUTO_INCREMENT one:
// its start, increment and bounds are not kept. On MariaDB 10.3 and later
// a sql.Sequence is created with the tables that use it, and a key it
// gives is read back with RETURNING (MariaDB 10.5 and later).
//
// # Statements
//
// LIMIT is written LIMIT [offset,] count; concatenation is concat(a, b);
// ILIKE is lower(a) LIKE lower(b); NULLS FIRST/LAST is emulated; an
// UPDATE or DELETE whose WHERE names other tables is MySQL's multi-table
// form (UPDATE t1, t2 SET t1.a=... ; DELETE FROM t1 USING t1, t2 ...).
// FULL OUTER JOIN, partial indexes, UPDATE ... RETURNING, and RETURNING on
// MySQL fail with dialect.ErrNotSupported. Where RETURNING is missing, the
// primary key of a one-row INSERT comes from the driver's LastInsertId.
//
// RegexpMatch is x REGEXP p; with flags, REGEXP_LIKE(x, p, 'flags') on
// MySQL 8.0.4+ and x REGEXP CONCAT('(?', 'flags', ')', p) on MariaDB.
// RegexpReplace is REGEXP_REPLACE (MySQL 8.0.4+, MariaDB); MySQL takes
// its flags as the sixth argument, after the position and occurrence (1,
// 0). Match is MATCH (x) AGAINST (v IN BOOLEAN MODE), which needs a
// FULLTEXT index: sql.IndexOn(name, cols...).Option(OptIndexPrefix,
// "FULLTEXT") writes CREATE FULLTEXT INDEX.
//
// Insert(t) builds INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE.
//
// Table options are given as sql.TableOption("mysql_engine", "InnoDB"),
// "mysql_charset", "mysql_collate" and the rest of SQLAlchemy's mysql_*
// table keywords (see createTableSuffix in the source for the rules).
//
// # Cancellation
//
// go-sql-driver/mysql answers a statement's cancelled context or passed
// deadline by closing the connection: the session is lost, with its
// transaction, and the server runs the statement on until it notices.
// The dialect's connector instead sends KILL QUERY for the connection
// (whose id SELECT CONNECTION_ID() reads when it opens) from a
// short-lived connection of its own, as the mysql client does on Ctrl-C.
// The statement fails at once with the server's error 1317 (query
// execution was interrupted), or ErrInterrupted when its result came
// whole as the context ended; both are ErrOperational and, through the
// engine, match context.Canceled or context.DeadlineExceeded. The
// connection stays in the pool. Inside a transaction the server undoes
// the interrupted statement only: the transaction goes on, and a
// savepoint taken before the statement can be rolled back to, as on
// PostgreSQL. A transaction whose own context ends (the one it began
// with) is rolled back whole by database/sql. A statement returns only
// once its KILL QUERY has reached the server, so that it never stops
// the connection's next statement.
//
// When KILL QUERY cannot be sent within CancelGrace (2 seconds), or the
// statement has not stopped by then, the driver closes the connection as
// it would alone. KILL QUERY is neither echoed nor passed to the
// engine's events. Behind a proxy that may open the new connection on
// another server, a connection id could name another session there: the
// URL option kill_query=false keeps the driver's behaviour.
//
// # Errors
//
// ClassifyError maps the server's error numbers: 1062 (duplicate key),
// 1451 and 1452 (foreign keys), 1048 (NOT NULL) and 3819/4025 (CHECK) are
// ErrIntegrity; 1064 (syntax) and 1146 (no such table) ErrProgramming;
// 1213 (deadlock) and 1205 (lock wait timeout) ErrOperational. errors.As
// reaches the driver's *mysql.MySQLError.
package mysql
