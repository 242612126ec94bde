package engine_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

func TestCreateMemoryURLs(t *testing.T) {
	ctx := context.Background()
	for _, url := range []string{"sqlite://", "sqlite:///:memory:", "sqlite+modernc://", "SQLite:///:memory:?foreign_keys=on"} {
		t.Run(url, func(t *testing.T) {
			eng, s := newEngine(t, url)
			insertUsers(t, eng, s, "alice", "bob")
			// Every use sees the same in-memory database.
			conn, err := eng.Connect(ctx)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if n := count(t, conn, s.users); n != 2 {
				t.Fatalf("count = %d, want 2", n)
			}
			if n := count(t, eng, s.users); n != 2 {
				t.Fatalf("count = %d, want 2", n)
			}
		})
	}
}

func TestCreateFileURL(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "a dir#with?odd%chars")
	path := filepath.Join(dir, "app.db")
	if err := mkdir(dir); err != nil {
		t.Fatal(err)
	}
	url := (&dialect.URL{Dialect: "sqlite", Database: path}).Render(false)
	eng, s := newEngine(t, url)
	insertUsers(t, eng, s, "alice")
	eng.Close()
	if !fileExists(path) {
		t.Fatalf("no database file at %s", path)
	}

	// A second engine on the same file sees the row.
	eng2, err := engine.Create(url)
	if err != nil {
		t.Fatal(err)
	}
	defer eng2.Close()
	name, err := engine.ScanOne[string](eng2.Execute(ctx, sql.NewSelect(s.users.C("name"))))
	if err != nil || name != "alice" {
		t.Fatalf("got %q, %v", name, err)
	}
	if got := eng2.URL().Database; got != path {
		t.Errorf("URL().Database = %q, want %q", got, path)
	}
}

func TestCreateErrors(t *testing.T) {
	tests := []struct {
		url  string
		want error
	}{
		{"not a url", dialect.ErrInvalidURL},
		{"sqlite:/x.db", dialect.ErrInvalidURL},
		{"sqlite://localhost/x.db", dialect.ErrInvalidURL},
		{"sqlite://user:pw@/x.db", dialect.ErrInvalidURL},
		{"sqlite+pysqlite:///x.db", dialect.ErrInvalidURL},
		{"sqlite:///x.db?busy_timeout=soon", dialect.ErrInvalidURL},
		{"sqlite:///x.db?foreign_keys=maybe", dialect.ErrInvalidURL},
		{"nosuchdb://host/db", dialect.ErrNotSupported},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			eng, err := engine.Create(tt.url)
			if err == nil {
				eng.Close()
				t.Fatal("no error")
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("error %v does not match %v", err, tt.want)
			}
		})
	}
	if _, err := engine.Create("sqlite://", engine.PoolSize(-1)); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("PoolSize(-1): %v", err)
	}
}

func TestEngineURLMasksPassword(t *testing.T) {
	eng, err := engine.Create("sqlite:///:memory:?x=1")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	u := eng.URL()
	u.Database = "changed"
	if eng.URL().Database != ":memory:" {
		t.Error("URL() shares the engine's URL")
	}
	if got := fmt.Sprint(eng.URL()); got != "sqlite:///:memory:?x=1" {
		t.Errorf("URL prints as %q", got)
	}
}

// TestEngineConcurrent runs many goroutines on one engine over a file
// database: statements, transactions and reads at once (run with -race).
func TestEngineConcurrent(t *testing.T) {
	for _, url := range []string{"file", "sqlite://"} {
		t.Run(url, func(t *testing.T) {
			ctx := context.Background()
			eng, s := newEngine(t, url)
			const workers, each = 12, 20
			var wg sync.WaitGroup
			errs := make(chan error, workers)
			for w := range workers {
				wg.Go(func() {
					for i := range each {
						id := w*each + i + 1
						var err error
						switch i % 3 {
						case 0:
							_, err = eng.Execute(ctx, s.users.Insert(), sql.Params{"id": id, "name": fmt.Sprint("u", id)})
						case 1:
							err = eng.Begin(ctx, func(tx *engine.Tx) error {
								if _, err := tx.Execute(ctx, s.users.Insert(), sql.Params{"id": id, "name": fmt.Sprint("u", id)}); err != nil {
									return err
								}
								_, err := tx.Execute(ctx, s.emails.Insert(), sql.Params{"user_id": id, "address": "x"})
								return err
							})
						case 2:
							_, err = eng.Execute(ctx, s.users.Insert(), sql.Params{"id": id, "name": fmt.Sprint("u", id)})
							if err == nil {
								_, err = engine.ScanAll[string](eng.Execute(ctx, sql.NewSelect(s.users.C("name")).Where(s.users.C("id").Le(id))))
							}
						}
						if err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			if n := count(t, eng, s.users); n != workers*each {
				t.Errorf("users = %d, want %d", n, workers*each)
			}
			if n := count(t, eng, s.emails); n != workers*((each+1)/3) {
				t.Errorf("emails = %d, want %d", n, workers*((each+1)/3))
			}
		})
	}
}

// TestSingleConnectionOpenResult runs statements on an in-memory database
// while a result is still open on its one connection.
func TestSingleConnectionOpenResult(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	done := make(chan error, 1)
	go func() {
		done <- func() error {
			res, err := eng.Execute(ctx, sql.NewSelect(s.users.C("name")).OrderBy(s.users.C("id")))
			if err != nil {
				return err
			}
			if !res.Next() {
				return fmt.Errorf("no first row: %v", res.Err())
			}
			// With the first result open: an insert, a query, a transaction.
			if _, err := eng.Execute(ctx, s.users.Insert(), sql.Params{"id": 4, "name": "d"}); err != nil {
				return err
			}
			if n := count(t, eng, s.users); n != 4 {
				return fmt.Errorf("count = %d", n)
			}
			if err := eng.Begin(ctx, func(tx *engine.Tx) error {
				_, err := tx.Execute(ctx, s.users.Insert(), sql.Params{"id": 5, "name": "e"})
				return err
			}); err != nil {
				return err
			}
			rest, err := res.Scalars()
			if err != nil {
				return err
			}
			if fmt.Sprint(rest) != "[b c]" && fmt.Sprint(rest) != "[b c d e]" {
				return fmt.Errorf("rest = %v", rest)
			}
			return nil
		}()
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("deadlock: a statement waited for the open result")
	}
}

// TestCloseEndsOpenWork closes a single-connection engine with a result
// and a transaction still open: Close must not wait for them.
func TestCloseEndsOpenWork(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b")
	res, err := eng.Execute(ctx, sql.NewSelect(s.users.C("name")))
	if err != nil {
		t.Fatal(err)
	}
	res.Next()
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- eng.Close() }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close waited for the open result")
	}
	if _, err := eng.Execute(ctx, sql.NewSelect(s.users.C("name"))); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Execute after Close: %v", err)
	}
	if _, err := tx.Execute(ctx, sql.NewSelect(s.users.C("name"))); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Tx.Execute after Close: %v", err)
	}
	if _, err := conn.Execute(ctx, sql.NewSelect(s.users.C("name"))); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Conn.Execute after Close: %v", err)
	}
	if _, err := eng.Connect(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Connect after Close: %v", err)
	}
	if err := eng.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestConnect(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if conn.Engine() != eng || conn.Raw() == nil || conn.Dialect().Name() != "sqlite" {
		t.Error("Conn accessors")
	}
	if _, err := conn.Execute(ctx, s.users.Insert(), sql.Params{"name": "a"}); err != nil {
		t.Fatal(err)
	}
	ok, err := conn.HasTable(ctx, "", "users")
	if err != nil || !ok {
		t.Errorf("HasTable = %v, %v", ok, err)
	}
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if err := conn.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := conn.Execute(ctx, s.users.Insert(), sql.Params{"name": "b"}); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Execute after Close: %v", err)
	}
	if _, err := conn.Begin(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Begin after Close: %v", err)
	}
	if n := count(t, eng, s.users); n != 1 {
		t.Errorf("count = %d", n)
	}
}

func TestEngineHasTableAndDialect(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	count(t, eng, s.users)
	for name, want := range map[string]bool{"users": true, "USERS": true, "nope": false} {
		got, err := eng.HasTable(ctx, "", name)
		if err != nil || got != want {
			t.Errorf("HasTable(%q) = %v, %v", name, got, err)
		}
	}
	if eng.Dialect().Name() != "sqlite" || eng.DB() == nil {
		t.Error("accessors")
	}
	if st := eng.CacheStats(); st.Misses == 0 {
		t.Errorf("CacheStats = %+v", st)
	}
}

func TestCacheReuse(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	before := eng.CacheStats()
	for _, name := range []string{"a", "b", "c"} {
		got, err := engine.ScanOne[int64](eng.Execute(ctx, sql.NewSelect(s.users.C("id")).Where(s.users.C("name").Eq(name))))
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(strings.Index("abc", name) + 1); got != want {
			t.Errorf("%s: id %d, want %d", name, got, want)
		}
	}
	after := eng.CacheStats()
	if after.Hits-before.Hits != 2 || after.Misses-before.Misses != 1 {
		t.Errorf("cache: before %+v, after %+v", before, after)
	}
}
