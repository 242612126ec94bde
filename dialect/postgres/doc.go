// Package postgres is Athanor's dialect for PostgreSQL, through pgx
// (github.com/jackc/pgx/v5) and its database/sql adapter. Importing the
// package registers the dialect as "postgresql" and "postgres", so that
// engines open URLs such as
//
//	postgresql://user:secret@db.example.com:5432/app?sslmode=verify-full
//	postgresql+pgx://user@/app?host=/var/run/postgresql
//	postgres://localhost/app?application_name=worker&search_path=app,public
//
// # Connections
//
// User, password, host, port and database come from the URL; its query
// options are read as pgx reads a connection URL (sslmode, sslrootcert,
// connect_timeout, target_session_attrs, ...), and options pgx does not
// know (search_path, statement_timeout, TimeZone) are sent as session
// settings. See ConnConfig. Parameters are written $1, $2, ..., and
// PostgreSQL types each from what it meets (a column, a typed
// expression). Where it meets nothing, two parameters of an arithmetic or
// || operator, both are cast to their Athanor types: SELECT CAST($1 AS
// INTEGER) + CAST($2 AS INTEGER). A parameter of no known type is never
// cast: cast it yourself (sql.NewCast) where the server cannot tell.
//
// # Types
//
// Generic types take PostgreSQL's names: TIMESTAMP and TIME WITH or
// WITHOUT TIME ZONE, BYTEA, DOUBLE PRECISION, NUMERIC(p, s) (exact:
// results are types.Decimal), UUID, INTERVAL, JSON. An Enum with a name is
// a named enum type (CREATE TYPE ... AS ENUM), which CreateAll creates
// before the tables that use it and DropAll drops after them. The
// dialect's own types are JSONB, Array (INTEGER[], TEXT[][]), Enum (an
// enum type in a schema), the network types INET and CIDR (values
// netip.Prefix) and MACADDR (net.HardwareAddr), and the range types
// Int4Range, Int8Range, NumRange, DateRange, TSRange and TSTZRange
// (values Range[T]; RangeOps gives their operators), and Timestamp and
// Time with a precision (TIMESTAMP(3) WITH TIME ZONE; the generic types
// keep PostgreSQL's default, microseconds). A types.Variant
// keyed "postgresql" picks one of them where other databases take
// another type.
//
// Computed columns are STORED (PostgreSQL has no VIRTUAL ones: a
// sql.Computed with Persisted false is refused). Comments are set with
// COMMENT ON after CREATE TABLE.
//
// An autoincrement integer primary key is SERIAL (BIGSERIAL,
// SMALLSERIAL), or an identity column when declared with sql.AsIdentity;
// a sql.Sequence as a column's default is created with the table and
// gives its values with nextval('name'). Generated keys come back with
// RETURNING.
//
// TIMESTAMP WITH TIME ZONE values are returned in UTC: the same instant as
// the one stored, whatever its offset. TIMESTAMP WITHOUT TIME ZONE keeps
// the wall clock of the value given and is returned in UTC. Values with
// no Go counterpart ('infinity' timestamps, NaN numerics, intervals of
// months) are conversion errors when read (types.ConversionError).
//
// A parameter standing alone in a select list is cast to its type's
// family (SELECT CAST($1 AS BIGINT) AS n), so that a subquery's or a
// recursive CTE's column made of it has that type. A parameter
// PostgreSQL cannot type elsewhere (a CASE branch, a parameter of unknown
// type) is text to the server: a Go number, boolean, time or duration
// given there is sent as text, and read back through the parameter's
// Athanor type, so that SELECT of a literal returns the Go value.
//
// # Statements
//
// Insert(t) builds an INSERT with an ON CONFLICT clause (OnConflictDoNothing,
// OnConflictDoUpdate on index elements, a partial index, or a named
// constraint, with Excluded for the proposed row). ArrayOps gives array
// subscripts, slices, ANY/ALL, containment (@>, <@) and overlap (&&);
// JSONOps gives ->, ->>, #>, #>>, @>, <@, ?, ?| and ?&. DISTINCT ON, ILIKE,
// FOR UPDATE / FOR SHARE (with NOWAIT, SKIP LOCKED and OF), LATERAL and
// FULL OUTER JOIN are Core's constructs, which the dialect renders natively.
// RegexpMatch is x ~ p (~* for the flag i, the other flags put in front
// of the pattern as (?flags)), negated !~; RegexpReplace is
// REGEXP_REPLACE(x, p, r[, flags]); Match is x @@ plainto_tsquery(v).
//
// # Streaming
//
// The dialect implements dialect.Cursors: engine.Tx.Stream reads a query
// through DECLARE ... CURSOR and FETCH, a batch of rows per round trip.
//
// # Errors
//
// Database errors are classified by SQLSTATE class (see ClassifyError): a
// unique violation matches dialect.ErrIntegrity, and errors.As reaches the
// *pgconn.PgError with its code, constraint and detail.
package postgres
