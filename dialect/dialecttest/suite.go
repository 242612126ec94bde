package dialecttest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Config is what Run needs to test a dialect.
type Config struct {
	_ struct{} // keyed literals only: fields will be added

	// URL is the database URL. When it is empty, URLEnv names the
	// environment variable that holds it.
	URL string
	// URLEnv is the environment variable holding the URL
	// ("ATHANOR_TEST_POSTGRES_URL"). When neither gives a URL, Run skips
	// with a message naming it, or fails when CI=true: in CI every
	// database is required.
	URLEnv string
	// Options are passed to engine.Create.
	Options []engine.Option
	// Requirements, when set, adjusts the requirements DefaultRequirements
	// derived from the dialect (after the engine detected the server
	// version).
	Requirements func(*Requirements)
	// Upsert builds the dialect's INSERT that resolves conflicts; nil
	// when the dialect has none (the upsert tests then skip, naming the
	// Upsert requirement).
	Upsert UpsertFunc
	// DriverError reports whether err's chain holds the driver's own
	// error type (errors.As with *pgconn.PgError, *mysql.MySQLError,
	// *sqlite.Error). Required: the error tests check that Athanor's
	// errors keep the driver's error reachable.
	DriverError func(err error) bool
}

// UpsertFunc returns an INSERT of rows into t that, when a row conflicts
// with an existing one on the unique key made of the conflict columns,
// does nothing (update is empty) or sets the update columns to the values
// the row proposed: ON CONFLICT (conflict) DO NOTHING / DO UPDATE SET
// c = excluded.c, or MySQL's ON DUPLICATE KEY UPDATE c = VALUES(c).
type UpsertFunc func(t *sql.Table, rows []sql.Values, conflict, update []*sql.Column) sql.Element

// suite is one run of the tests on one database.
type suite struct {
	cfg      Config
	eng      *engine.Engine
	dialect  dialect.Dialect // as detected on the first connection
	req      Requirements
	prefix   string // of every table name this run creates
	parallel bool
	fx       *fixture

	mu      sync.Mutex
	created []string // names of every table created, checked at the end
	objects []object // named types (enums) and sequences created with them
}

// object is a schema object other than a table.
type object struct {
	kind dialect.ObjectKind
	name string
}

// Run runs the backend suite on the database cfg names, as subtests of
// t: Select, DML, Types, Transactions and Errors. Tables are created with
// a name prefix of the run's own and dropped when t ends, pass or fail;
// Run then checks that none is left. Tests run in parallel unless the
// engine has a single connection (an in-memory SQLite database).
func Run(t *testing.T, cfg Config) {
	t.Helper()
	url := cfg.URL
	if url == "" && cfg.URLEnv != "" {
		url = os.Getenv(cfg.URLEnv)
	}
	if url == "" {
		fail, msg := missingURL(cfg.URLEnv, os.Getenv("CI"))
		if fail {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if cfg.DriverError == nil {
		t.Fatal("dialecttest: Config.DriverError is required (it checks that errors reach the driver's error type)")
	}
	s, err := start(t, url, cfg)
	if err != nil {
		t.Fatalf("dialecttest: %v", err)
	}
	t.Logf("dialecttest: %s, table prefix %s, parallel %v", s.dialect.Name(), s.prefix, s.parallel)
	t.Run("Select", s.selectTests)
	t.Run("DML", s.dmlTests)
	t.Run("Types", s.typeTests)
	t.Run("Transactions", s.txTests)
	t.Run("Errors", s.errorTests)
}

// missingURL says what to do without a URL: skip, or fail when the CI
// variable is "true".
func missingURL(env, ci string) (fail bool, msg string) {
	what := "no database URL was given"
	if env != "" {
		what = env + " is not set"
	}
	if ci == "true" {
		return true, "dialecttest: " + what + ", and CI=true requires every database's suite to run"
	}
	return false, "dialecttest: " + what + ": skipping the backend suite for this database"
}

// start opens the engine, detects the dialect, derives the requirements
// and creates the shared tables. Everything it creates is dropped when t
// ends.
func start(t *testing.T, url string, cfg Config) (*suite, error) {
	ctx := context.Background()
	eng, err := engine.Create(url, cfg.Options...)
	if err != nil {
		return nil, fmt.Errorf("engine: %w", err)
	}
	t.Cleanup(func() { closeEngine(t, eng) })
	// The first connection detects the server version, and so the
	// dialect's flags; an unreachable server fails here, never skips.
	d, err := eng.DetectDialect(ctx)
	if err != nil {
		return nil, fmt.Errorf("connecting to %s: %w", eng.URL(), err)
	}
	b := make([]byte, 3)
	rand.Read(b)
	s := &suite{
		cfg:     cfg,
		eng:     eng,
		dialect: d,
		prefix:  "dt" + hex.EncodeToString(b) + "_",
	}
	s.req = DefaultRequirements(s.dialect)
	s.req.Upsert = cfg.Upsert != nil
	if cfg.Requirements != nil {
		cfg.Requirements(&s.req)
	}
	if adv, ok := s.dialect.(dialect.PoolAdvisor); !ok || !adv.PoolAdvice(eng.URL()).SingleConnection {
		s.parallel = true
	}
	t.Cleanup(func() { s.checkClean(t) })
	s.fx, err = s.newFixture(t)
	if err != nil {
		return nil, fmt.Errorf("shared tables: %w", err)
	}
	return s, nil
}

// closeEngine closes eng, failing t when that takes more than 30 seconds:
// a pool that waits for its connections (pgx's) waits forever for one a
// test never released (a result left open).
func closeEngine(t *testing.T, eng *engine.Engine) {
	done := make(chan error, 1)
	go func() { done <- eng.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("closing the engine: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("Engine.Close has not returned after 30 seconds: a connection was not released (a result left open?)")
	}
}

// name returns base with the run's prefix.
func (s *suite) name(base string) string { return s.prefix + base }

// create creates md's tables, dropped when t ends.
func (s *suite) create(t testing.TB, md *sql.MetaData) {
	t.Helper()
	if err := s.createAll(t, md); err != nil {
		t.Fatalf("create tables: %v", err)
	}
}

func (s *suite) createAll(t testing.TB, md *sql.MetaData) error {
	s.mu.Lock()
	for _, tb := range md.Tables() {
		s.created = append(s.created, tb.Name())
		for _, c := range tb.Columns() {
			if e, ok := types.Underlying(c.Type()).(types.Enum); ok && e.Name != "" {
				s.objects = append(s.objects, object{dialect.ObjectType, e.Name})
			}
			if d := c.Default(); d != nil {
				if nv, ok := d.Expr.(*sql.NextValue); ok {
					s.objects = append(s.objects, object{dialect.ObjectSequence, nv.Sequence().Name()})
				}
			}
		}
	}
	for _, seq := range md.Sequences() {
		s.objects = append(s.objects, object{dialect.ObjectSequence, seq.Name()})
	}
	s.mu.Unlock()
	t.Cleanup(func() {
		if err := md.DropAll(context.Background(), s.eng); err != nil {
			t.Errorf("dropping tables: %v", err)
		}
	})
	return md.CreateAll(context.Background(), s.eng)
}

// checkClean fails t when a table this run created is still there, or
// a named type or sequence where the dialect can tell
// (dialect.ObjectLister).
func (s *suite) checkClean(t *testing.T) {
	ctx := context.Background()
	s.mu.Lock()
	names, objects := slices.Clone(s.created), slices.Clone(s.objects)
	s.mu.Unlock()
	if _, ok := s.dialect.(dialect.ObjectLister); ok {
		for _, o := range objects {
			left, err := s.eng.HasObject(ctx, o.kind, "", o.name)
			if err != nil && !errors.Is(err, dialect.ErrNotSupported) {
				t.Errorf("checking that %s %s was dropped: %v", o.kind, o.name, err)
			}
			if left {
				t.Errorf("%s %s was left behind", o.kind, o.name)
			}
		}
	}
	for _, n := range names {
		left, err := s.eng.HasTable(ctx, "", n)
		if err != nil {
			t.Errorf("checking that %s was dropped: %v", n, err)
			continue
		}
		if left {
			t.Errorf("table %s was left behind", n)
		}
	}
}

// group runs tests as subtests of t, in parallel when the engine allows.
func (s *suite) group(t *testing.T, tests []test) {
	t.Helper()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if s.parallel {
				t.Parallel()
			}
			tc.fn(t)
		})
	}
}

// test is one named test of a group.
type test struct {
	name string
	fn   func(t *testing.T)
}
