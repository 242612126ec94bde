package robust_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/postgres"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/livetest"
	"github.com/athanordb/athanor/sql"
)

// backend is a live database the tests run on.
type backend struct {
	name string
	// url opens an engine whose connections, and only those, count
	// reports (a unique application_name on PostgreSQL, a database of
	// its own on MariaDB).
	url  string
	opts []engine.Option
	// count returns the number of server connections the engines on url
	// hold; nil on SQLite, which has no server.
	count func(ctx context.Context) (int64, error)
	// busy returns how many of those connections run a statement.
	busy func(ctx context.Context) (int64, error)
}

// withQuery adds a query option to a URL.
func withQuery(u, kv string) string {
	if strings.Contains(u, "?") {
		return u + "&" + kv
	}
	return u + "?" + kv
}

// scalarInt runs SQL text returning one integer.
func scalarInt(ctx context.Context, eng *engine.Engine, text string, params sql.Params) (int64, error) {
	return engine.ScanOne[int64](eng.Execute(ctx, sql.Text(text), params))
}

// sqliteOptions make a file database take many writers: transactions
// take the write lock when they begin (no deadlock upgrading a read lock),
// readers do not block writers (WAL), and a writer waits its turn for up
// to 30 s (under -race on two cores, 64 workers queue for long).
const sqliteOptions = "?_txlock=immediate&_pragma=journal_mode(wal)&busy_timeout=30000"

// backends returns SQLite (a file of its own) and, when their URLs are
// set, PostgreSQL on its native pool and on database/sql, and MariaDB.
// tag makes the connection markers unique to the calling test.
func backends(t *testing.T, tag string) []backend {
	t.Helper()
	out := []backend{{name: "sqlite", url: "sqlite:///" + filepath.Join(t.TempDir(), "hostile.db") + sqliteOptions}}
	if pg := os.Getenv("ATHANOR_TEST_POSTGRES_URL"); pg != "" || os.Getenv("CI") == "true" {
		pg = livetest.URL(t, "ATHANOR_TEST_POSTGRES_URL")
		monitor := livetest.Open(t, pg)
		for _, mode := range []string{"native", "stdlib"} {
			app := "hostile_" + tag + "_" + mode
			b := backend{name: "postgresql-" + mode, url: withQuery(pg, "application_name="+app),
				count: func(ctx context.Context) (int64, error) {
					return scalarInt(ctx, monitor, "SELECT count(*) FROM pg_stat_activity WHERE application_name = :app", sql.Params{"app": app})
				},
				busy: func(ctx context.Context) (int64, error) {
					return scalarInt(ctx, monitor, "SELECT count(*) FROM pg_stat_activity WHERE application_name = :app AND state = 'active'", sql.Params{"app": app})
				}}
			if mode == "stdlib" {
				b.opts = []engine.Option{engine.UseDatabaseSQL()}
			}
			out = append(out, b)
		}
	} else {
		t.Log("ATHANOR_TEST_POSTGRES_URL is not set: PostgreSQL not tested")
	}
	if my := os.Getenv("ATHANOR_TEST_MYSQL_URL"); my != "" || os.Getenv("CI") == "true" {
		my = livetest.URL(t, "ATHANOR_TEST_MYSQL_URL")
		db := "hostile_" + tag
		monitor := livetest.Open(t, my)
		ctx := context.Background()
		for _, q := range []string{"DROP DATABASE IF EXISTS " + db, "CREATE DATABASE " + db} {
			if _, err := monitor.Execute(ctx, sql.Text(q)); err != nil {
				t.Fatal(err)
			}
		}
		t.Cleanup(func() { monitor.Execute(context.Background(), sql.Text("DROP DATABASE IF EXISTS "+db)) })
		out = append(out, backend{name: "mariadb", url: replaceDatabase(my, db),
			count: func(ctx context.Context) (int64, error) {
				return scalarInt(ctx, monitor, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = :db", sql.Params{"db": db})
			},
			busy: func(ctx context.Context) (int64, error) {
				return scalarInt(ctx, monitor, "SELECT count(*) FROM information_schema.PROCESSLIST WHERE DB = :db AND COMMAND IN ('Query', 'Execute')", sql.Params{"db": db})
			}})
	} else {
		t.Log("ATHANOR_TEST_MYSQL_URL is not set: MariaDB not tested")
	}
	return out
}

// replaceDatabase puts db in place of a URL's database.
func replaceDatabase(u, db string) string {
	rest := ""
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u, rest = u[:i], u[i:]
	}
	scheme := strings.Index(u, "://") + 3
	if slash := strings.IndexByte(u[scheme:], '/'); slash >= 0 {
		u = u[:scheme+slash]
	}
	return u + "/" + db + rest
}

// checkNoConnections waits up to 5 seconds for b's server connections to
// be gone.
func checkNoConnections(t *testing.T, b backend) {
	t.Helper()
	settle(t, b.count, 5*time.Second, "server connections left after Close")
}

// checkServerStopped waits for b's server connections to run no
// statement: a cancelled one must have stopped on the server too, within
// 3 seconds (on a loaded machine; it takes milliseconds). PostgreSQL stops it on the cancel request, MariaDB on the
// KILL QUERY the MySQL dialect sends (the driver alone would close the
// connection, which MariaDB notices only when SLEEP next checks it, up
// to 5 seconds later).
func checkServerStopped(t *testing.T, b backend) {
	t.Helper()
	if took := settle(t, b.busy, 3*time.Second, "statements still running on the server"); took > 0 {
		t.Logf("the server stopped the statement %v after the check began", took.Round(time.Millisecond))
	}
}

// settle waits up to bound for count to reach 0, and returns how long
// it took.
func settle(t *testing.T, count func(context.Context) (int64, error), bound time.Duration, what string) time.Duration {
	t.Helper()
	if count == nil {
		return 0
	}
	ctx := context.Background()
	start := time.Now()
	for {
		n, err := count(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return time.Since(start)
		}
		if time.Since(start) > bound {
			t.Errorf("%d %s", n, what)
			return time.Since(start)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// mustExec runs a statement and closes its result.
func mustExec(t testing.TB, eng *engine.Engine, stmt sql.Element, params ...sql.Params) {
	t.Helper()
	res, err := eng.Execute(context.Background(), stmt, params...)
	if err != nil {
		t.Fatal(err)
	}
	res.Close()
}

// ensureTable drops and creates tbl on eng, and drops it when the test
// ends.
func ensureTable(t testing.TB, eng *engine.Engine, tbl *sql.Table) {
	t.Helper()
	drop := &sql.DropTable{Table: tbl, IfExists: true}
	mustExec(t, eng, drop)
	mustExec(t, eng, sql.NewCreateTable(tbl))
	t.Cleanup(func() {
		if err := eng.ExecDDL(context.Background(), drop); err != nil && !errors.Is(err, engine.ErrClosed) {
			t.Logf("dropping %s: %v", tbl.Name(), err)
		}
	})
}
