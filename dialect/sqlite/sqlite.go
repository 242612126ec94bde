// Package sqlite is Athanor's dialect for SQLite, through the pure-Go
// driver modernc.org/sqlite (no cgo). It is the embedded default: a URL of
// sqlite:// or sqlite:///:memory: opens an in-memory database, and
// sqlite:///path/to/file.db a file.
//
// # Connections
//
// Every connection enables foreign keys (PRAGMA foreign_keys = ON; turn it
// off with ?foreign_keys=off) and waits up to 5 seconds for a locked
// database (?busy_timeout=ms). An in-memory database lives in a single
// connection, which the engine's pool keeps open. Other query options are
// passed to the driver (see modernc.org/sqlite's documentation), e.g.
// ?_txlock=immediate.
//
// # Types
//
// SQLite stores values by affinity, not by declared type. Athanor stores
// DateTime, Date and Time as ISO 8601 text (DateTime with time zone in
// UTC), Interval as an INTEGER count of microseconds, UUID as 32 hex
// digits, JSON as text, and Numeric as NUMERIC, which SQLite keeps as a
// 64-bit float: decimals are exact to 15 significant digits, and read back
// at the column's declared scale. Values SQLite would change silently are
// refused with a types.ConversionError: a decimal a float cannot hold
// exactly, a NaN (stored as NULL), a date outside years 0000-9999. See
// types.go.
//
// # Regular expressions
//
// SQLite parses x REGEXP p but has no regexp() function: the dialect
// registers one on the modernc.org/sqlite driver the first time it makes
// a connector (a function a program registered before under that name
// is kept). It matches with Go's regexp package (RE2 syntax), anywhere in
// the value; RegexpMatch's flags are put in front of the pattern as Go's
// inline flags ('(?i)' || p). RegexpReplace is refused (SQLite has no
// REGEXP_REPLACE). Extract is CAST(STRFTIME('%m', x) AS INTEGER), for
// the fields strftime has (month, day, year, second, hour, doy, minute,
// epoch, dow, week).
//
// # Upsert
//
// Insert(t).OnConflictDoNothing(...) and OnConflictDoUpdate(...) render
// SQLite's INSERT ... ON CONFLICT clauses, with Excluded for the row that
// was proposed.
package sqlite

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Dialect is the SQLite dialect. Use New.
type Dialect struct {
	dialect.Base
	hooks *athsql.Hooks
}

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.PoolAdvisor     = (*Dialect)(nil)
	_ dialect.TableLister     = (*Dialect)(nil)
	_ dialect.VersionDetector = (*Dialect)(nil)
)

// New returns the SQLite dialect.
func New() *Dialect {
	d := &Dialect{Base: dialect.Base{
		DialectName: "sqlite",
		Params:      dialect.Qmark,
		QuoteOpen:   '"',
		QuoteClose:  '"',
		Reserved:    dialect.ReservedWords(dialect.StandardReserved, reserved),
		MaxIdentLen: 9999,
		FeatureFlags: dialect.Features{
			InsertReturning: true, UpdateReturning: true, DeleteReturning: true,
			LastInsertID: true, MultiValuesInsert: true, DefaultValues: true, UpdateFrom: true,
			CTE: true, RecursiveCTE: true, CTEOnDML: true, WindowFunctions: true, AggregateFilter: true,
			NullsOrdering: true, FullOuterJoin: true, Intersect: true, TupleIn: true, TupleComparison: true,
			BooleanExpressions: true, Savepoints: true, TransactionalDDL: true, SchemaNames: true,
			LimitRequiredForOffset: true, LimitBindable: true, MaxBindParams: 32766,
		},
	}}
	d.hooks = &athsql.Hooks{
		Function:                renderFunction,
		Binary:                  binary,
		Extract:                 extract,
		ColumnType:              columnType,
		InlineForeignKeyCycles:  true,
		CreateTableSuffix:       createTableSuffix,
		ServerDefault:           serverDefault,
		ForeignKeysWithinSchema: true,
		IndexSchemaOnName:       true,
		NoOrReplaceView:         true,
		Lock:                    omitLock,
		CastTypeName:            castTypeName,
	}
	return d
}

// SQLHooks implements sql.HooksProvider.
func (d *Dialect) SQLHooks() *athsql.Hooks { return d.hooks }

// ClassifyError implements dialect.Dialect from SQLite's primary result
// codes: constraint violations are integrity errors; SQLITE_ERROR (syntax,
// unknown table or column) and SQLITE_RANGE (parameter count) are
// programming errors; locks, I/O, interruption and the like are
// operational.
func (d *Dialect) ClassifyError(err error) dialect.ErrorKind {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return dialect.KindUnknown
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_CONSTRAINT:
		return dialect.KindIntegrity
	case sqlite3.SQLITE_ERROR, sqlite3.SQLITE_RANGE:
		return dialect.KindProgramming
	case sqlite3.SQLITE_MISMATCH, sqlite3.SQLITE_TOOBIG:
		return dialect.KindData
	case sqlite3.SQLITE_INTERNAL, sqlite3.SQLITE_NOTFOUND:
		return dialect.KindInternal
	case sqlite3.SQLITE_MISUSE:
		return dialect.KindInterface
	case sqlite3.SQLITE_NOLFS:
		return dialect.KindNotSupported
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_NOMEM, sqlite3.SQLITE_READONLY,
		sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_FULL, sqlite3.SQLITE_CANTOPEN,
		sqlite3.SQLITE_PROTOCOL, sqlite3.SQLITE_EMPTY, sqlite3.SQLITE_SCHEMA, sqlite3.SQLITE_ABORT,
		sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		return dialect.KindOperational
	}
	return dialect.KindDatabase
}

// Connector implements dialect.Dialect.
func (d *Dialect) Connector(u *dialect.URL) (driver.Connector, error) {
	dsn, err := DSN(u)
	if err != nil {
		return nil, err
	}
	if err := registerRegexp(); err != nil {
		return nil, err
	}
	return sqlite.NewConnector(dsn)
}

// PoolAdvice implements dialect.PoolAdvisor: an in-memory database is one
// connection.
func (d *Dialect) PoolAdvice(u *dialect.URL) dialect.PoolAdvice {
	return dialect.PoolAdvice{SingleConnection: isMemory(u)}
}

func isMemory(u *dialect.URL) bool {
	return u.Database == "" || u.Database == ":memory:" || u.Option("mode") == "memory"
}

// DSN turns an Athanor URL into the driver's DSN, a "file:" URI. The URL
// names a file (or an in-memory database) and no host; its driver, if
// given, is "modernc". Options foreign_keys (on/off) and busy_timeout
// (milliseconds) become pragmas; the others go to the driver as they are.
func DSN(u *dialect.URL) (string, error) {
	fail := func(reason string) (string, error) {
		return "", &dialect.URLError{URL: u.String(), Reason: reason}
	}
	if u.Host != "" || u.Port != 0 || u.Username != "" || u.Password != "" {
		return fail("a SQLite URL names a file after three slashes (sqlite:///file.db), not a host or user")
	}
	if u.Driver != "" && u.Driver != "modernc" {
		return fail(fmt.Sprintf("unknown SQLite driver %q (the driver is modernc.org/sqlite: write sqlite:// or sqlite+modernc://)", u.Driver))
	}
	q := url.Values{}
	fk, busy := "1", "5000"
	for k, vs := range u.Query {
		switch k {
		case "foreign_keys":
			switch strings.ToLower(u.Option(k)) {
			case "on", "1", "true", "yes":
			case "off", "0", "false", "no":
				fk = "0"
			default:
				return fail(fmt.Sprintf("foreign_keys must be on or off, not %q", u.Option(k)))
			}
		case "busy_timeout":
			if n, err := strconv.Atoi(u.Option(k)); err != nil || n < 0 {
				return fail(fmt.Sprintf("busy_timeout must be a number of milliseconds, not %q", u.Option(k)))
			}
			busy = u.Option(k)
		default:
			q[k] = vs
		}
	}
	q.Add("_pragma", "foreign_keys("+fk+")")
	q.Add("_pragma", "busy_timeout("+busy+")")
	name := u.Database
	if name == "" {
		name = ":memory:"
	}
	// In a URI filename, '%', '?' and '#' are special; a path starting
	// with '/' takes an empty authority so that "//" cannot start one.
	name = strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(name)
	if strings.HasPrefix(name, "/") {
		name = "//" + name
	}
	return "file:" + name + "?" + q.Encode(), nil
}

// HasTable implements dialect.TableLister.
func (d *Dialect) HasTable(ctx context.Context, conn dialect.Queryer, schema, name string) (bool, error) {
	master := "sqlite_master"
	if schema != "" {
		master = d.QuoteIdentifier(schema) + ".sqlite_master"
	}
	found := false
	// SQLite compares identifiers without regard to case.
	const where = " WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE"
	err := conn.QueryContext(ctx, "SELECT 1 FROM "+master+where, []any{name},
		func([]any) error { found = true; return nil })
	if err == nil && !found && schema == "" {
		err = conn.QueryContext(ctx, "SELECT 1 FROM sqlite_temp_master"+where, []any{name},
			func([]any) error { found = true; return nil })
	}
	return found, err
}

// DetectVersion implements dialect.VersionDetector: features that SQLite
// gained over time are turned off on older libraries.
func (d *Dialect) DetectVersion(ctx context.Context, conn dialect.Queryer) (dialect.Dialect, error) {
	var version string
	err := conn.QueryContext(ctx, "SELECT sqlite_version()", nil, func(v []any) error {
		version = fmt.Sprint(v[0])
		return nil
	})
	if err != nil {
		return nil, err
	}
	v := parseVersion(version)
	n := *d
	f := &n.FeatureFlags
	f.InsertReturning = v >= 33500
	f.UpdateReturning, f.DeleteReturning = f.InsertReturning, f.InsertReturning
	f.UpdateFrom = v >= 33300
	f.WindowFunctions = v >= 32500
	f.AggregateFilter = v >= 33000
	f.NullsOrdering = v >= 33000
	f.FullOuterJoin = v >= 33900
	return &n, nil
}

func parseVersion(s string) int {
	parts := strings.SplitN(s, ".", 3)
	n := 0
	for i := 0; i < 3; i++ {
		x := 0
		if i < len(parts) {
			x, _ = strconv.Atoi(parts[i])
		}
		n = n*100 + x
	}
	return n
}

// reserved are SQLite's keywords beyond the standard ones.
const reserved = `abort action add after attach autoincrement before begin by cascade conflict
database deferred delete detach drop each escape exclusive explain fail glob if ignore immediate
index indexed insert instead key match no nothing notnull nulls of plan pragma query raise
recursive regexp reindex release rename replace restrict rollback row rows savepoint set temp
temporary transaction trigger update vacuum values view virtual`

func init() {
	dialect.Register("sqlite", func() dialect.Dialect { return New() })
}
