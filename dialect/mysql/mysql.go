package mysql

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Server names a database server: MySQL or MariaDB, and its version.
type Server struct {
	MariaDB bool
	Major   int
	Minor   int
	Patch   int
}

// Default servers the dialects assume until DetectVersion has read the
// real one: the oldest release series still maintained of each.
var (
	DefaultMySQL   = Server{Major: 8, Minor: 0}
	DefaultMariaDB = Server{MariaDB: true, Major: 10, Minor: 6}
)

// ErrVersion is matched by errors of ParseServerVersion.
var ErrVersion = errors.New("athanor: unrecognized MySQL/MariaDB server version")

// ParseServerVersion reads what SELECT VERSION() returns: "8.0.36",
// "8.4.0-log", "10.11.6-MariaDB-0+deb12u1", or the form older MariaDB
// servers report to replication clients, "5.5.5-10.4.32-MariaDB".
func ParseServerVersion(s string) (Server, error) {
	var srv Server
	text := strings.TrimSpace(s)
	if i := strings.Index(strings.ToLower(text), "-mariadb"); i >= 0 {
		srv.MariaDB = true
		text = strings.TrimPrefix(text[:i], "5.5.5-")
	} else if i := strings.IndexFunc(text, func(r rune) bool { return r != '.' && (r < '0' || r > '9') }); i >= 0 {
		text = text[:i]
	}
	parts := strings.Split(text, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Server{}, fmt.Errorf("%w: %q", ErrVersion, s)
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Server{}, fmt.Errorf("%w: %q", ErrVersion, s)
		}
		nums[i] = n
	}
	srv.Major, srv.Minor, srv.Patch = nums[0], nums[1], nums[2]
	if srv.Major == 0 {
		return Server{}, fmt.Errorf("%w: %q", ErrVersion, s)
	}
	return srv, nil
}

// AtLeast reports whether the server's version is major.minor.patch or
// later.
func (s Server) AtLeast(major, minor, patch int) bool {
	if s.Major != major {
		return s.Major > major
	}
	if s.Minor != minor {
		return s.Minor > minor
	}
	return s.Patch >= patch
}

func (s Server) String() string {
	name := "MySQL"
	if s.MariaDB {
		name = "MariaDB"
	}
	return fmt.Sprintf("%s %d.%d.%d", name, s.Major, s.Minor, s.Patch)
}

// Dialect is the MySQL and MariaDB dialect. Its features follow the
// server it is made for: New and NewMariaDB assume DefaultMySQL and
// DefaultMariaDB, ForServer takes a version, and an engine replaces the
// dialect with the one for the server it connects to (DetectVersion).
type Dialect struct {
	dialect.Base
	server Server
	// server capabilities beyond Features
	rowAlias          bool // INSERT ... AS new ON DUPLICATE KEY UPDATE c = new.c
	forShare          bool // FOR SHARE rather than LOCK IN SHARE MODE
	lockOf            bool // FOR UPDATE OF tables
	noWait            bool // NOWAIT
	skipLocked        bool // SKIP LOCKED
	defaultExprs      bool // DEFAULT (expression)
	functionalIndexes bool // CREATE INDEX ... ((expression))
	floatCast         bool // CAST(x AS DOUBLE)
	jsonCast          bool // CAST(x AS JSON)
	backslashEscapes  bool // backslashes escape in string literals (no NO_BACKSLASH_ESCAPES)
	hooks             *athsql.Hooks
}

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.TableLister     = (*Dialect)(nil)
	_ dialect.ObjectLister    = (*Dialect)(nil)
	_ dialect.VersionDetector = (*Dialect)(nil)
	_ dialect.ResultTyper     = (*Dialect)(nil)
	_ dialect.VariantNamer    = (*Dialect)(nil)
)

// New returns the MySQL dialect, for DefaultMySQL until an engine detects
// the server's version.
func New() *Dialect { return ForServer(DefaultMySQL) }

// NewMariaDB returns the MariaDB dialect, for DefaultMariaDB until an
// engine detects the server's version.
func NewMariaDB() *Dialect { return ForServer(DefaultMariaDB) }

// ForVersion returns the dialect for the server whose SELECT VERSION() is
// version (see ParseServerVersion).
func ForVersion(version string) (*Dialect, error) {
	srv, err := ParseServerVersion(version)
	if err != nil {
		return nil, err
	}
	return ForServer(srv), nil
}

// ForServer returns the dialect for a server.
func ForServer(srv Server) *Dialect {
	d := &Dialect{server: srv, backslashEscapes: true}
	name := "mysql"
	if srv.MariaDB {
		name = "mariadb"
	}
	f := dialect.Features{
		LastInsertID: true, MultiValuesInsert: true, EmptyValuesInsert: true,
		UpdateFrom: true, DeleteUsing: true, TupleIn: true, TupleComparison: true,
		BooleanExpressions: true, NativeEnum: true, NativeDecimal: true,
		Savepoints: true, Comments: true, InlineComments: true, AlterAddConstraint: true,
		SchemaNames: true, ForUpdate: true, LimitRequiredForOffset: true, LimitBindable: true,
		MaxBindParams: 65535,
	}
	if srv.MariaDB {
		f.CTE = srv.AtLeast(10, 2, 1)
		f.WindowFunctions = srv.AtLeast(10, 2, 0)
		f.Intersect = srv.AtLeast(10, 3, 0)
		f.IntersectAll = srv.AtLeast(10, 5, 0)
		f.InsertReturning = srv.AtLeast(10, 5, 0)
		f.DeleteReturning = srv.AtLeast(10, 0, 5)
		f.NativeUUID = srv.AtLeast(10, 7, 0)
		f.Sequences = srv.AtLeast(10, 3, 0)
		d.noWait = srv.AtLeast(10, 3, 0)
		d.skipLocked = srv.AtLeast(10, 6, 0)
		d.defaultExprs = srv.AtLeast(10, 2, 1)
		d.floatCast = srv.AtLeast(10, 4, 5)
	} else {
		f.CTE = srv.AtLeast(8, 0, 0)
		f.WindowFunctions = srv.AtLeast(8, 0, 0)
		f.Intersect = srv.AtLeast(8, 0, 31)
		f.IntersectAll = f.Intersect
		f.Lateral = srv.AtLeast(8, 0, 14)
		f.NativeJSON = srv.AtLeast(5, 7, 8)
		d.rowAlias = srv.AtLeast(8, 0, 20)
		d.forShare = srv.AtLeast(8, 0, 1)
		d.lockOf = srv.AtLeast(8, 0, 0)
		d.noWait = d.lockOf
		d.skipLocked = d.lockOf
		d.defaultExprs = srv.AtLeast(8, 0, 13)
		d.functionalIndexes = d.defaultExprs
		d.floatCast = srv.AtLeast(8, 0, 17)
		d.jsonCast = f.NativeJSON
	}
	f.RecursiveCTE = f.CTE
	f.CTEOnDML = false // MySQL writes INSERT ... WITH, not WITH ... INSERT
	d.Base = dialect.Base{
		DialectName:  name,
		Params:       dialect.Qmark,
		QuoteOpen:    '`',
		QuoteClose:   '`',
		Reserved:     reservedWords(srv.MariaDB),
		MaxIdentLen:  64,
		FeatureFlags: f,
	}
	d.hooks = d.newHooks()
	return d
}

// VariantNames implements dialect.VariantNamer: a types.Variant keyed
// "mysql" applies to MariaDB too, unless it has a "mariadb" variant.
func (d *Dialect) VariantNames() []string {
	if d.server.MariaDB {
		return []string{"mariadb", "mysql"}
	}
	return []string{"mysql"}
}

// Server returns the server the dialect is made for.
func (d *Dialect) Server() Server { return d.server }

// SQLHooks implements sql.HooksProvider.
func (d *Dialect) SQLHooks() *athsql.Hooks { return d.hooks }

// HasTable implements dialect.TableLister: a table or view in the schema
// (database), or in the connection's current database when schema is "".
func (d *Dialect) HasTable(ctx context.Context, conn dialect.Queryer, schema, name string) (bool, error) {
	return lookUp(ctx, conn, "", schema, name)
}

// HasObject implements dialect.ObjectLister for MariaDB's sequences,
// which information_schema lists among the tables, in the schema or the
// current database. MySQL has no sequences, nor named types.
func (d *Dialect) HasObject(ctx context.Context, conn dialect.Queryer, kind dialect.ObjectKind, schema, name string) (bool, error) {
	if kind != dialect.ObjectSequence || !d.FeatureFlags.Sequences {
		return false, fmt.Errorf("%w: %s has no schema objects of kind %q", dialect.ErrNotSupported, d.server, kind)
	}
	return lookUp(ctx, conn, " AND table_type = 'SEQUENCE'", schema, name)
}

// lookUp finds a row of information_schema.tables, with more conditions.
func lookUp(ctx context.Context, conn dialect.Queryer, more, schema, name string) (bool, error) {
	q := "SELECT 1 FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?" + more
	args := []any{name}
	if schema != "" {
		q = "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?" + more
		args = []any{schema, name}
	}
	found := false
	err := conn.QueryContext(ctx, q, args, func([]any) error { found = true; return nil })
	return found, err
}

// DetectVersion implements dialect.VersionDetector: it reads the server's
// version (MySQL or MariaDB) and SQL mode, and returns the dialect for
// them.
func (d *Dialect) DetectVersion(ctx context.Context, conn dialect.Queryer) (dialect.Dialect, error) {
	var version, mode string
	err := conn.QueryContext(ctx, "SELECT VERSION(), @@sql_mode", nil, func(v []any) error {
		version, mode = asText(v[0]), asText(v[1])
		return nil
	})
	if err != nil {
		return nil, err
	}
	srv, err := ParseServerVersion(version)
	if err != nil {
		return nil, err
	}
	n := ForServer(srv)
	n.applySQLMode(mode)
	return n, nil
}

// applySQLMode adjusts literal escaping and identifier quoting to the
// session's sql_mode.
func (d *Dialect) applySQLMode(mode string) {
	for _, m := range strings.Split(strings.ToUpper(mode), ",") {
		switch strings.TrimSpace(m) {
		case "NO_BACKSLASH_ESCAPES":
			d.backslashEscapes = false
		case "ANSI_QUOTES", "ANSI":
			d.QuoteOpen, d.QuoteClose = '"', '"'
		}
	}
}

func asText(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

func init() {
	dialect.Register("mysql", func() dialect.Dialect { return New() })
	dialect.Register("mariadb", func() dialect.Dialect { return NewMariaDB() })
}
