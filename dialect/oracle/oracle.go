package oracle

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Version is an Oracle Database release: Major.Minor (19.0, 12.2, 23.4).
// The zero Version is DefaultVersion.
type Version struct {
	Major, Minor int
}

// DefaultVersion is the release SQL is written for when Options gives
// none and no connection has told the server's: 19c, the long-term
// release. A VersionDetector engine replaces it with the server's own on
// its first connection.
var DefaultVersion = Version{Major: 19}

// AtLeast reports whether v is major.minor or later.
func (v Version) AtLeast(major, minor int) bool {
	return v.Major > major || v.Major == major && v.Minor >= minor
}

// String returns "major.minor".
func (v Version) String() string { return strconv.Itoa(v.Major) + "." + strconv.Itoa(v.Minor) }

// ParseVersion reads a release number as Oracle reports it: "19.0.0.0.0",
// "23.4", "12.2.0.1.0".
func ParseVersion(s string) (Version, error) {
	parts := strings.Split(strings.TrimSpace(s), ".")
	var v Version
	var err error
	if v.Major, err = strconv.Atoi(parts[0]); err != nil || v.Major <= 0 {
		return Version{}, fmt.Errorf("%w: %q is not an Oracle release number", dialect.ErrInterface, s)
	}
	if len(parts) > 1 {
		if v.Minor, err = strconv.Atoi(parts[1]); err != nil || v.Minor < 0 {
			return Version{}, fmt.Errorf("%w: %q is not an Oracle release number", dialect.ErrInterface, s)
		}
	}
	return v, nil
}

// Options configure the dialect. Use keyed fields: more will be added.
type Options struct {
	_ struct{} // keyed literals only

	// Version is the server release SQL is written for (zero:
	// DefaultVersion). It decides LIMIT/OFFSET (FETCH FIRST from 12.1,
	// ROWNUM before), IDENTITY columns (12.1), the identifier length (30
	// bytes before 12.2, 128 from it), JSON (a type from 21, BLOB before),
	// INTERSECT ALL and EXCEPT ALL (21) and BOOLEAN (23, SMALLINT before).
	Version Version
	// RownumLimits writes LIMIT and OFFSET with ROWNUM on every release,
	// as before 12.1 (SQLAlchemy's enable_offset_fetch=False).
	RownumLimits bool
	// OptimizeLimits adds the FIRST_ROWS(n) optimizer hint to the ROWNUM
	// form of LIMIT (SQLAlchemy's optimize_limits).
	OptimizeLimits bool
	// NamedParameters writes parameters as :name instead of :1, :2. The
	// engine passes values by position, which matches named placeholders
	// only while no name repeats: use it to read SQL, not to run it.
	NamedParameters bool
	// NonANSIJoins writes joins without JOIN, for Oracle 8: the tables
	// listed in FROM, the conditions in WHERE, (+) on the columns of an
	// outer join's right side (SQLAlchemy's use_ansi=False). FULL OUTER
	// JOIN is refused.
	NonANSIJoins bool
}

// Dialect is the Oracle Database dialect. Make one with New; it is
// immutable and safe for concurrent use.
type Dialect struct {
	dialect.Base
	opts    Options
	version Version
	hooks   *athsql.Hooks
}

var (
	_ dialect.Dialect         = (*Dialect)(nil)
	_ athsql.HooksProvider    = (*Dialect)(nil)
	_ dialect.VersionDetector = (*Dialect)(nil)
	_ dialect.SavepointWriter = (*Dialect)(nil)
	_ dialect.TableLister     = (*Dialect)(nil)
	_ dialect.ObjectLister    = (*Dialect)(nil)
)

// New returns the Oracle dialect with the given options (at most one).
func New(opts ...Options) *Dialect {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	v := o.Version
	if v == (Version{}) {
		v = DefaultVersion
	}
	d := &Dialect{opts: o, version: v}
	params := dialect.Numeric
	if o.NamedParameters {
		params = dialect.Named
	}
	maxIdent := 128
	if !v.AtLeast(12, 2) {
		maxIdent = 30
	}
	d.Base = dialect.Base{
		DialectName: "oracle",
		Params:      params,
		QuoteOpen:   '"',
		QuoteClose:  '"',
		Reserved:    dialect.ReservedWords(reserved),
		FoldUpper:   true,
		MaxIdentLen: maxIdent,
		FeatureFlags: dialect.Features{
			InsertReturning: true, UpdateReturning: true, DeleteReturning: true,
			CTE: true, RecursiveCTE: true, WindowFunctions: true, NullsOrdering: true,
			FullOuterJoin: true, Intersect: true, IntersectAll: v.AtLeast(21, 0), TupleIn: true,
			NativeBoolean: v.AtLeast(23, 0), BooleanExpressions: v.AtLeast(23, 0),
			NativeDecimal: true, NativeJSON: v.AtLeast(21, 0), NativeInterval: true,
			Sequences: true, Identity: v.AtLeast(12, 1), Savepoints: true, Comments: true,
			AlterAddConstraint: true, SchemaNames: true, ForUpdate: true, Lateral: v.AtLeast(12, 1),
			ParenthesizedSetOps: true, FetchFirst: v.AtLeast(12, 1), MaxBindParams: 65535,
		},
	}
	d.hooks = d.newHooks()
	return d
}

// Version returns the release the dialect writes SQL for.
func (d *Dialect) Version() Version { return d.version }

// Options returns the options the dialect was made with.
func (d *Dialect) Options() Options { return d.opts }

// WithVersion returns a copy of the dialect for another release.
func (d *Dialect) WithVersion(v Version) *Dialect {
	o := d.opts
	o.Version = v
	return New(o)
}

// fetchFirst reports whether LIMIT and OFFSET are written as OFFSET ...
// ROWS FETCH FIRST ... ROWS ONLY (12.1 on) rather than with ROWNUM.
func (d *Dialect) fetchFirst() bool { return d.version.AtLeast(12, 1) && !d.opts.RownumLimits }

// SQLHooks implements sql.HooksProvider.
func (d *Dialect) SQLHooks() *athsql.Hooks { return d.hooks }

// NeedsQuote implements dialect.Dialect with SQLAlchemy's rules for
// Oracle: a name in lower case (letters, digits, '_', '$') is written
// unquoted, and Oracle reads it in upper case; a name with an upper-case
// letter or another character, a reserved word, or a name starting with
// a digit, '_' or '$' is quoted, and so case-sensitive.
func (d *Dialect) NeedsQuote(name string) bool {
	return name != "" && name[0] == '_' || d.Base.NeedsQuote(name)
}

// SavepointSQL implements dialect.SavepointWriter: Oracle has no RELEASE
// SAVEPOINT (a savepoint lasts until its transaction ends), so releasing
// one runs nothing.
func (d *Dialect) SavepointSQL(step dialect.SavepointStep, name string) string {
	name = d.quoteName(name)
	switch step {
	case dialect.SavepointSet:
		return "SAVEPOINT " + name
	case dialect.SavepointRollback:
		return "ROLLBACK TO SAVEPOINT " + name
	}
	return ""
}

func (d *Dialect) quoteName(name string) string { return dialect.Quote(d, name) }

// versionQuery reads the server's release; PRODUCT_COMPONENT_VERSION is
// readable by every user.
const versionQuery = "SELECT version FROM product_component_version WHERE product LIKE 'Oracle%'"

// DetectVersion implements dialect.VersionDetector: it reads the server's
// release and returns the dialect for it (with the same options).
func (d *Dialect) DetectVersion(ctx context.Context, conn dialect.Queryer) (dialect.Dialect, error) {
	var text string
	err := conn.QueryContext(ctx, versionQuery, nil, func(v []any) error {
		if text == "" && len(v) > 0 {
			switch x := v[0].(type) {
			case string:
				text = x
			case []byte:
				text = string(x)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if text == "" {
		return nil, fmt.Errorf("%w: the server did not report its release", dialect.ErrInterface)
	}
	v, err := ParseVersion(text)
	if err != nil {
		return nil, err
	}
	return d.WithVersion(v), nil
}

// HasTable implements dialect.TableLister from the data dictionary. Names
// are matched as Oracle stores them: a name NeedsQuote leaves unquoted in
// upper case, a quoted one as written.
func (d *Dialect) HasTable(ctx context.Context, conn dialect.Queryer, schema, name string) (bool, error) {
	return d.inDictionary(ctx, conn, "tables", "table_name", "owner", schema, name)
}

// HasObject implements dialect.ObjectLister for sequences (Oracle has
// no other kind Core creates).
func (d *Dialect) HasObject(ctx context.Context, conn dialect.Queryer, kind dialect.ObjectKind, schema, name string) (bool, error) {
	if kind != dialect.ObjectSequence {
		return false, fmt.Errorf("%w: Oracle has no %s objects", dialect.ErrNotSupported, kind)
	}
	return d.inDictionary(ctx, conn, "sequences", "sequence_name", "sequence_owner", schema, name)
}

// inDictionary reports whether the data dictionary view user_<view> (or
// all_<view>, for another schema) has the name.
func (d *Dialect) inDictionary(ctx context.Context, conn dialect.Queryer, view, nameCol, ownerCol, schema, name string) (bool, error) {
	query := "SELECT 1 FROM user_" + view + " WHERE " + nameCol + " = :1"
	args := []any{d.storedName(name)}
	if schema != "" {
		query = "SELECT 1 FROM all_" + view + " WHERE " + nameCol + " = :1 AND " + ownerCol + " = :2"
		args = append(args, d.storedName(schema))
	}
	found := false
	err := conn.QueryContext(ctx, query, args, func([]any) error { found = true; return nil })
	return found, err
}

// storedName is the name the data dictionary holds for a name as
// Athanor writes it.
func (d *Dialect) storedName(name string) string {
	if d.NeedsQuote(name) {
		return name
	}
	return strings.ToUpper(name)
}

// reserved are Oracle's reserved words (SQLAlchemy's list).
const reserved = `share raw drop between from desc option prior long then default alter is into
minus integer number grant identified all to order on float date having cluster nowait resource
any table index for update where check smallint with delete by asc revoke like size rename
nocompress null group values as in view exclusive compress synonym select insert exists not
trigger else create intersect pctfree distinct user connect set mode of unique varchar2 varchar
lock or char decimal union public and start uid comment current level`

func init() {
	dialect.Register("oracle", func() dialect.Dialect { return New() })
}
