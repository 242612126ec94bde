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
// Int and BigInt (signed or Unsigned; BIGINT UNSIGNED values are uint64),
// TinyText, Text, MediumText and LongText, the blobs TinyBlob to LongBlob,
// Year, Bit (values uint64) and Set (values []string). A types.Variant
// keyed "mysql" picks one of them on MySQL and MariaDB; one keyed
// "mariadb" on MariaDB only.
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
// Insert(t) builds INSERT ... ON DUPLICATE KEY UPDATE and INSERT IGNORE.
//
// Table options are given as sql.TableOption("mysql_engine", "InnoDB"),
// "mysql_charset", "mysql_collate" and the rest of SQLAlchemy's mysql_*
// table keywords (see createTableSuffix in the source for the rules).
//
// # Errors
//
// ClassifyError maps the server's error numbers: 1062 (duplicate key),
// 1451 and 1452 (foreign keys), 1048 (NOT NULL) and 3819/4025 (CHECK) are
// ErrIntegrity; 1064 (syntax) and 1146 (no such table) ErrProgramming;
// 1213 (deadlock) and 1205 (lock wait timeout) ErrOperational. errors.As
// reaches the driver's *mysql.MySQLError.
package mysql
