package inspect_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/postgres"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/internal/livetest"
	"github.com/athanordb/athanor/sql"
)

// backend is a live database the tests run on.
type backend struct {
	name string
	eng  *engine.Engine
}

// liveURL returns the URL in env, skipping the test when it is unset, or
// failing it under CI, where every database is required.
func liveURL(t *testing.T, env, example string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
		}
		t.Skipf("%s is not set (e.g. %s): skipping the live test", env, example)
	}
	return u
}

func openEngine(t *testing.T, url string, opts ...engine.Option) *engine.Engine {
	t.Helper()
	return livetest.Open(t, url, opts...)
}

// The databases: SQLite always (in memory), PostgreSQL and MySQL/MariaDB
// when their URLs are set.
var backendNames = []string{"sqlite", "postgresql", "mysql"}

func openBackend(t *testing.T, name string) *backend {
	t.Helper()
	switch name {
	case "postgresql":
		return &backend{name: name, eng: openEngine(t, liveURL(t, "ATHANOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"))}
	case "mysql":
		return &backend{name: name, eng: openEngine(t, liveURL(t, "ATHANOR_TEST_MYSQL_URL", "mysql://root@127.0.0.1:3306/test"))}
	}
	return &backend{name: name, eng: openEngine(t, "sqlite://")}
}

// forEachBackend runs fn as a subtest on each database.
func forEachBackend(t *testing.T, fn func(t *testing.T, b *backend)) {
	for _, name := range backendNames {
		t.Run(name, func(t *testing.T) {
			if !dialectRegistered(name) {
				t.Skipf("the %s dialect is not in this build", name)
			}
			fn(t, openBackend(t, name))
		})
	}
}

func dialectRegistered(name string) bool {
	_, err := dialect.Lookup(name)
	return err == nil
}

// dialect returns the backend's dialect after version detection.
func (b *backend) dialect(t *testing.T) dialect.Dialect {
	t.Helper()
	if _, err := b.eng.Queryer(context.Background()); err != nil {
		t.Fatal(err)
	}
	return b.eng.Dialect()
}

// supports reports whether the dialect compiles a statement (a feature
// probe: an expression index on MariaDB, a partial index on MySQL).
func (b *backend) supports(t *testing.T, st sql.Element) bool {
	_, err := sql.Compile(st, b.dialect(t))
	if err != nil && !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("probe: %v", err)
	}
	return err == nil
}

// exec runs SQL text.
func (b *backend) exec(t *testing.T, text string) {
	t.Helper()
	res, err := b.eng.Execute(context.Background(), sql.Text(text))
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	res.Close()
}

// unique returns base with a random suffix, so that tests running at the
// same time on one server use their own names.
func unique(base string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return base + "_" + hex.EncodeToString(b)
}

// create creates the metadata's tables, and drops them when the test
// ends.
func create(t *testing.T, b *backend, md *sql.MetaData) {
	t.Helper()
	t.Cleanup(func() {
		if err := md.DropAll(context.Background(), b.eng); err != nil {
			t.Errorf("drop: %v", err)
		}
	})
	if err := md.CreateAll(context.Background(), b.eng); err != nil {
		t.Fatal(err)
	}
}

// reflectInto reads the named tables of md into a new MetaData.
func reflectInto(t *testing.T, b *backend, md *sql.MetaData, opts ...inspect.Options) *sql.MetaData {
	t.Helper()
	got := sql.NewMetaData()
	o := inspect.Options{}
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Tables == nil {
		for _, tb := range md.Tables() {
			o.Tables = append(o.Tables, tb.Name())
		}
	}
	if err := inspect.Reflect(context.Background(), b.eng, got, o); err != nil {
		t.Fatal(err)
	}
	return got
}

// noDifferences fails the test when want and have differ.
func noDifferences(t *testing.T, d dialect.Dialect, want, have *sql.MetaData) {
	t.Helper()
	if diffs := inspect.Compare(d, want, have); len(diffs) > 0 {
		var lines []string
		for _, df := range diffs {
			lines = append(lines, df.String())
		}
		t.Fatalf("%d differences:\n%s", len(diffs), strings.Join(lines, "\n"))
	}
}

// newSchema makes an empty schema (an attached database on SQLite, a
// database on MySQL), dropped when the test ends.
func (b *backend) newSchema(t *testing.T) string {
	t.Helper()
	name := unique("s")
	q := b.eng.Dialect().QuoteIdentifier(name)
	switch b.name {
	case "sqlite":
		b.exec(t, "ATTACH DATABASE ':memory:' AS "+q)
		t.Cleanup(func() { b.exec(t, "DETACH DATABASE "+q) })
	case "postgresql":
		b.exec(t, "CREATE SCHEMA "+q)
		t.Cleanup(func() { b.exec(t, "DROP SCHEMA "+q+" CASCADE") })
	default:
		b.exec(t, "CREATE DATABASE "+q)
		t.Cleanup(func() { b.exec(t, "DROP DATABASE "+q) })
	}
	return name
}

// defaultSchema is the name of the default schema of the test databases.
func (b *backend) defaultSchema() string {
	switch b.name {
	case "sqlite":
		return "main"
	case "postgresql":
		return "public"
	}
	return b.eng.URL().Database
}
