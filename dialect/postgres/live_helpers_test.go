package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	_ "github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// liveURL returns the test server's URL, skipping the test when there is
// none (failing it under CI=true, where the server is required).
func liveURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv("ATHANOR_TEST_POSTGRES_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ATHANOR_TEST_POSTGRES_URL is not set, and CI=true requires the PostgreSQL tests to run")
		}
		t.Skip("ATHANOR_TEST_POSTGRES_URL is not set: this test needs a PostgreSQL server")
	}
	return u
}

// newSchema creates a schema of the test's own, dropped (with all it
// holds) when the test ends, and returns its name and the test URL with
// the schema as its search_path.
func newSchema(t testing.TB) (string, string) {
	t.Helper()
	base := liveURL(t)
	var b [4]byte
	rand.Read(b[:])
	name := fmt.Sprintf("athanor_%s_%s", strings.ToLower(sanitize(t.Name())), hex.EncodeToString(b[:]))
	if len(name) > 60 {
		name = name[:51] + "_" + hex.EncodeToString(b[:])
	}
	ctx := context.Background()
	admin, err := engine.Create(base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Execute(ctx, sql.Text("CREATE SCHEMA "+name)); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.Execute(context.Background(), sql.Text("DROP SCHEMA "+name+" CASCADE")); err != nil {
			t.Errorf("dropping schema %s: %v", name, err)
		}
	})
	u, err := dialect.ParseURL(base)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query == nil {
		u.Query = url.Values{}
	}
	u.Query.Set("search_path", name)
	return name, u.Render(false)
}

func sanitize(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// newEngine returns an engine whose search_path is a schema of the test's
// own, closed and dropped when the test ends.
func newEngine(t testing.TB, opts ...engine.Option) *engine.Engine {
	t.Helper()
	_, u := newSchema(t)
	eng, err := engine.Create(u, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

func mustCreate(t testing.TB, md *sql.MetaData, ex sql.DDLExecutor) {
	t.Helper()
	if err := md.CreateAll(context.Background(), ex); err != nil {
		t.Fatal(err)
	}
}

func execOK(t testing.TB, eng *engine.Engine, st sql.Element, params ...sql.Params) *engine.Result {
	t.Helper()
	res, err := eng.Execute(context.Background(), st, params...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func all(t testing.TB, eng *engine.Engine, st sql.Element) []*engine.Row {
	t.Helper()
	rows, err := execOK(t, eng, st).All()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// rows returns the values of cols in every row, ordered by the first
// column: values separated by spaces, rows by "|", NULL for nil.
func rows(t testing.TB, eng *engine.Engine, cols ...sql.ColumnElement) string {
	t.Helper()
	items := make([]sql.Element, len(cols))
	for i, c := range cols {
		items[i] = c
	}
	var out []string
	for _, r := range all(t, eng, sql.NewSelect(items...).OrderBy(cols[0])) {
		var vals []string
		for _, v := range r.Values() {
			if v == nil {
				vals = append(vals, "NULL")
			} else {
				vals = append(vals, fmt.Sprint(v))
			}
		}
		out = append(out, strings.Join(vals, " "))
	}
	return strings.Join(out, "|")
}

func wantRows(t testing.TB, eng *engine.Engine, want string, cols ...sql.ColumnElement) {
	t.Helper()
	if got := rows(t, eng, cols...); got != want {
		t.Fatalf("rows\n got: %s\nwant: %s", got, want)
	}
}
