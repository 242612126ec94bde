package sqlite_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
)

func TestDSN(t *testing.T) {
	tests := []struct {
		url, want string
	}{
		{"sqlite://", "file::memory:?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29"},
		{"sqlite:///:memory:", "file::memory:?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29"},
		{"sqlite:///app.db", "file:app.db?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29"},
		{"sqlite:////var/db/app.db", "file:///var/db/app.db?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29"},
		{"sqlite:///a%3Fb%23c%25d.db", "file:a%3Fb%23c%25d.db?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29"},
		{"sqlite+modernc:///x.db?foreign_keys=off&busy_timeout=10&_txlock=immediate",
			"file:x.db?_pragma=foreign_keys%280%29&_pragma=busy_timeout%2810%29&_txlock=immediate"},
		{"sqlite:///shared?mode=memory&cache=shared",
			"file:shared?_pragma=foreign_keys%281%29&_pragma=busy_timeout%285000%29&cache=shared&mode=memory"},
	}
	for _, tt := range tests {
		u, err := dialect.ParseURL(tt.url)
		if err != nil {
			t.Fatal(err)
		}
		got, err := sqlite.DSN(u)
		if err != nil {
			t.Errorf("%s: %v", tt.url, err)
			continue
		}
		if got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.url, got, tt.want)
		}
	}
	for _, bad := range []string{
		"sqlite://host/x.db", "sqlite://:5/x.db", "sqlite://u@/x.db", "sqlite+pysqlite:///x.db",
		"sqlite:///x.db?busy_timeout=-1", "sqlite:///x.db?busy_timeout=x", "sqlite:///x.db?foreign_keys=maybe",
	} {
		u, err := dialect.ParseURL(bad)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sqlite.DSN(u); !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestPoolAdvice(t *testing.T) {
	d := sqlite.New()
	for raw, single := range map[string]bool{
		"sqlite://": true, "sqlite:///:memory:": true, "sqlite:///x?mode=memory": true,
		"sqlite:///x.db": false, "sqlite:////tmp/x.db?mode=ro": false,
	} {
		u, _ := dialect.ParseURL(raw)
		if got := d.PoolAdvice(u).SingleConnection; got != single {
			t.Errorf("%s: SingleConnection = %v", raw, got)
		}
	}
}

// queryer runs dialect queries on a database/sql connection.
type queryer struct{ db *stdsql.DB }

func (q queryer) QueryContext(ctx context.Context, query string, args []any, fn func([]any) error) error {
	rows, err := q.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if err := fn(vals); err != nil {
			return err
		}
	}
	return rows.Err()
}

func openDB(t *testing.T) *stdsql.DB {
	t.Helper()
	u, _ := dialect.ParseURL("sqlite:///" + filepath.Join(t.TempDir(), "t.db"))
	c, err := sqlite.New().Connector(u)
	if err != nil {
		t.Fatal(err)
	}
	db := stdsql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return db
}

func TestHasTable(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	for _, s := range []string{
		"CREATE TABLE Users (id INTEGER)",
		"CREATE VIEW v AS SELECT 1",
		"CREATE TEMP TABLE scratch (x)",
		"ATTACH DATABASE ':memory:' AS other",
		"CREATE TABLE other.elsewhere (x)",
	} {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	d := sqlite.New()
	tests := []struct {
		schema, name string
		want         bool
	}{
		{"", "Users", true},
		{"", "users", true},
		{"", "v", true},
		{"", "scratch", true},
		{"", "nope", false},
		{"", "elsewhere", false},
		{"other", "elsewhere", true},
		{"other", "Users", false},
		{"temp", "scratch", true},
		{"", "x' OR '1'='1", false},
	}
	for _, tt := range tests {
		got, err := d.HasTable(ctx, queryer{db}, tt.schema, tt.name)
		if err != nil || got != tt.want {
			t.Errorf("HasTable(%q, %q) = %v, %v", tt.schema, tt.name, got, err)
		}
	}
	if _, err := d.HasTable(ctx, queryer{db}, "nosuchschema", "x"); err == nil {
		t.Error("unknown schema: no error")
	}
}

type fakeVersion string

func (v fakeVersion) QueryContext(_ context.Context, _ string, _ []any, fn func([]any) error) error {
	return fn([]any{string(v)})
}

func TestDetectVersion(t *testing.T) {
	ctx := context.Background()
	d := sqlite.New()
	old, err := d.DetectVersion(ctx, fakeVersion("3.29.0"))
	if err != nil {
		t.Fatal(err)
	}
	f := old.Features()
	if f.InsertReturning || f.UpdateReturning || f.DeleteReturning || f.UpdateFrom || f.NullsOrdering ||
		f.AggregateFilter || f.FullOuterJoin || !f.WindowFunctions {
		t.Errorf("3.29.0: %+v", *f)
	}
	if !d.Features().InsertReturning {
		t.Error("DetectVersion changed the receiver")
	}
	cur, err := d.DetectVersion(ctx, queryer{openDB(t)})
	if err != nil {
		t.Fatal(err)
	}
	if f := cur.Features(); !f.InsertReturning || !f.FullOuterJoin {
		t.Errorf("the bundled SQLite: %+v", *f)
	}
	if _, err := d.DetectVersion(ctx, failing{}); err == nil {
		t.Error("no error from a failing query")
	}
}

type failing struct{}

func (failing) QueryContext(context.Context, string, []any, func([]any) error) error {
	return errors.New("down")
}

// TestClassifyError runs statements on SQLite and classifies their
// errors.
func TestClassifyError(t *testing.T) {
	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE p (id INTEGER PRIMARY KEY, n TEXT NOT NULL UNIQUE CHECK (n <> ''));
		CREATE TABLE c (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES p(id))`); err != nil {
		t.Fatal(err)
	}
	db.Exec("INSERT INTO p (id, n) VALUES (1, 'a')")
	d := sqlite.New()
	tests := []struct {
		sql  string
		args []any
		want dialect.ErrorKind
	}{
		{"INSERT INTO p (n) VALUES ('a')", nil, dialect.KindIntegrity},
		{"INSERT INTO p (n) VALUES (NULL)", nil, dialect.KindIntegrity},
		{"INSERT INTO p (n) VALUES ('')", nil, dialect.KindIntegrity},
		{"INSERT INTO c (pid) VALUES (9)", nil, dialect.KindIntegrity},
		{"SELEC 1", nil, dialect.KindProgramming},
		{"SELECT * FROM nope", nil, dialect.KindProgramming},
		{"INSERT INTO p (id, n) VALUES ('x', 'b')", nil, dialect.KindData},
		{"SELECT zeroblob(2000000000)", nil, dialect.KindData},
	}
	for _, tt := range tests {
		_, err := db.Exec(tt.sql, tt.args...)
		if err == nil {
			t.Errorf("%s: no error", tt.sql)
			continue
		}
		if got := d.ClassifyError(err); got != tt.want {
			t.Errorf("%s: %v is %v, want %v", tt.sql, err, got, tt.want)
		}
	}
	// A read-only database refuses writes: operational.
	ro := filepath.Join(t.TempDir(), "ro.db")
	rw := openURL(t, "sqlite:///"+ro)
	rw.Exec("CREATE TABLE t (x)")
	rw.Close()
	db2 := openURL(t, "sqlite:///"+ro+"?mode=ro")
	if _, err := db2.Exec("INSERT INTO t VALUES (1)"); d.ClassifyError(err) != dialect.KindOperational {
		t.Errorf("read-only: %v is %v", err, d.ClassifyError(err))
	}
	if k := d.ClassifyError(errors.New("not from sqlite")); k != dialect.KindUnknown {
		t.Errorf("foreign error: %v", k)
	}
	if k := d.ClassifyError(fmt.Errorf("wrapped: %w", stdsql.ErrNoRows)); k != dialect.KindUnknown {
		t.Errorf("sql.ErrNoRows: %v", k)
	}
}

func openURL(t *testing.T, raw string) *stdsql.DB {
	t.Helper()
	u, err := dialect.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sqlite.New().Connector(u)
	if err != nil {
		t.Fatal(err)
	}
	db := stdsql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db
}
