package sqlite_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// newEngine opens an in-memory database, closed when the test ends.
func newEngine(t *testing.T) *engine.Engine {
	t.Helper()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}

func mustCreate(t *testing.T, md *sql.MetaData, eng *engine.Engine) {
	t.Helper()
	if err := md.CreateAll(context.Background(), eng); err != nil {
		t.Fatal(err)
	}
}

// rows returns the values of cols in every row, ordered by the first
// column: values separated by spaces, rows by "|", NULL for nil.
func rows(t *testing.T, eng *engine.Engine, cols ...*sql.Column) string {
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

func wantRows(t *testing.T, eng *engine.Engine, want string, cols ...*sql.Column) {
	t.Helper()
	if got := rows(t, eng, cols...); got != want {
		t.Fatalf("rows\n got: %s\nwant: %s", got, want)
	}
}

// execOK executes a statement that must succeed.
func execOK(t *testing.T, eng *engine.Engine, st sql.Element, params ...sql.Params) *engine.Result {
	t.Helper()
	res, err := eng.Execute(context.Background(), st, params...)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// all executes a query and reads every row.
func all(t *testing.T, eng *engine.Engine, st sql.Element) []*engine.Row {
	t.Helper()
	rows, err := execOK(t, eng, st).All()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}
