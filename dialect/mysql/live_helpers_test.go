package mysql_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/livetest"
	"github.com/athanordb/athanor/sql"
)

// liveURL returns the test server's URL (ATHANOR_TEST_MYSQL_URL), skipping
// the test when it is not set, or failing it under CI, where the server
// is required.
func liveURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("ATHANOR_TEST_MYSQL_URL")
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ATHANOR_TEST_MYSQL_URL is not set, and CI=true requires the MySQL/MariaDB tests to run")
		}
		t.Skip("ATHANOR_TEST_MYSQL_URL is not set (e.g. mysql://root@127.0.0.1:3306/test): skipping the live MySQL/MariaDB test")
	}
	return u
}

// newEngine opens an engine on the test server, closed when the test ends.
func newEngine(t *testing.T, opts ...engine.Option) *engine.Engine {
	t.Helper()
	return engineFor(t, liveURL(t), opts...)
}

func engineFor(t *testing.T, url string, opts ...engine.Option) *engine.Engine {
	t.Helper()
	return livetest.Open(t, url, opts...)
}

// unique returns base with a random suffix, so that tests running at the
// same time on one server use their own tables.
func unique(base string) string {
	b := make([]byte, 4)
	rand.Read(b)
	return base + "_" + hex.EncodeToString(b)
}

// mustCreate creates the metadata's tables and drops them when the test
// ends.
func mustCreate(t *testing.T, md *sql.MetaData, eng *engine.Engine) {
	t.Helper()
	t.Cleanup(func() {
		if err := md.DropAll(context.Background(), eng); err != nil {
			t.Errorf("drop: %v", err)
			forceDrop(t, eng, md)
		}
	})
	if err := md.CreateAll(context.Background(), eng); err != nil {
		t.Fatal(err)
	}
}

func execOK(t *testing.T, eng *engine.Engine, st sql.Element, params ...sql.Params) *engine.Result {
	t.Helper()
	res, err := eng.Execute(context.Background(), st, params...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func all(t *testing.T, eng *engine.Engine, st sql.Element) []*engine.Row {
	t.Helper()
	rows, err := execOK(t, eng, st).All()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// rowsText returns the rows of a query: values separated by spaces, rows
// by "|", NULL for nil.
func rowsText(t *testing.T, eng *engine.Engine, st sql.Element) string {
	t.Helper()
	var out []string
	for _, r := range all(t, eng, st) {
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

// wantRows checks the values of cols in every row, ordered by the first.
func wantRows(t *testing.T, eng *engine.Engine, want string, cols ...*sql.Column) {
	t.Helper()
	items := make([]sql.Element, len(cols))
	for i, c := range cols {
		items[i] = c
	}
	if got := rowsText(t, eng, sql.NewSelect(items...).OrderBy(cols[0])); got != want {
		t.Fatalf("rows\n got: %s\nwant: %s", got, want)
	}
}

// forceDrop drops the metadata's tables with foreign key checks off, when
// DropAll could not (a test that failed half-way through CreateAll).
func forceDrop(t *testing.T, eng *engine.Engine, md *sql.MetaData) {
	ctx := context.Background()
	conn, err := eng.DB().Conn(ctx)
	if err != nil {
		t.Error(err)
		return
	}
	defer conn.Close()
	conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 0")
	defer conn.ExecContext(ctx, "SET FOREIGN_KEY_CHECKS = 1")
	for _, tb := range md.Tables() {
		if _, err := conn.ExecContext(ctx, "DROP TABLE IF EXISTS "+eng.Dialect().QuoteIdentifier(tb.Name())); err != nil {
			t.Error(err)
		}
	}
}
