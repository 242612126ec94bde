//go:build !race

package postgres_test

import (
	"context"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// TestNativeStatementAllocations bounds what one statement allocates on
// the native pool, pgx's own allocations and the values read included:
// a select by key read into a struct, and an INSERT whose key comes back
// through the RETURNING the compiler adds. (The race detector allocates
// on its own: this test runs without it.)
func TestNativeStatementAllocations(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	tbl := costTable(md)
	mustCreate(t, md, eng)
	execOK(t, eng, tbl.Insert().Values(sql.Values{"name": "one", "n": 10})) // id 1
	byID := eng.Prepare(sql.NewSelect(tbl.C("id"), tbl.C("name"), tbl.C("n")).Where(tbl.C("id").Eq(sql.Bind("id"))))
	ins := eng.Prepare(tbl.Insert())
	params := sql.Params{"id": int64(1)}
	values := sql.Params{"name": "x"}
	tests := []struct {
		name  string
		max   float64
		round func() error
	}{
		{"select by key into a struct", 12, func() error {
			_, err := engine.ScanOne[costRow](byID.Execute(ctx, params))
			return err
		}},
		{"insert reading its key", 10, func() error {
			res, err := ins.Execute(ctx, values)
			if err != nil {
				return err
			}
			_, err = res.InsertedPrimaryKey()
			return err
		}},
	}
	for _, tt := range tests {
		if err := tt.round(); err != nil { // warm the caches
			t.Fatal(err)
		}
		var err error
		got := testing.AllocsPerRun(200, func() {
			if e := tt.round(); e != nil {
				err = e
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %.1f allocations", tt.name, got)
		if got > tt.max {
			t.Errorf("%s: %.1f allocations, want at most %.0f", tt.name, got, tt.max)
		}
	}
}
