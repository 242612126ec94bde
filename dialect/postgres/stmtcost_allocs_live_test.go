//go:build !race

package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
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

// TestNativeWideRowTimes reads times with a time zone in UTC wherever
// their column stands, past the 64th included, when pgx decodes them in
// another local zone. (It sets time.Local, which other goroutines read:
// it runs without the race detector.)
func TestNativeWideRowTimes(t *testing.T) {
	local := time.Local
	time.Local = time.FixedZone("UTC+9", 9*3600)
	t.Cleanup(func() { time.Local = local })
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	cols := []sql.TableItem{sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey())}
	for i := 1; i < 70; i++ {
		cols = append(cols, sql.NewColumn(fmt.Sprintf("c%d", i), types.Integer{}))
	}
	cols = append(cols, sql.NewColumn("early", types.DateTime{Timezone: true}))
	tbl := md.Table("wide", cols...)
	mustCreate(t, md, eng)
	// "early" is the table's 71st column, and the second select's 2nd.
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	execOK(t, eng, tbl.Insert().Values(sql.Values{"id": 1, "early": at}))
	type wide struct {
		ID    int64
		Early time.Time
	}
	for _, st := range []sql.Element{
		tbl.Select(),
		sql.NewSelect(tbl.C("id"), tbl.C("early")),
	} {
		got, err := engine.ScanOne[wide](eng.Execute(ctx, st))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Early.Equal(at) || got.Early.Location() != time.UTC {
			t.Errorf("early = %v (%v), want %v in UTC", got.Early, got.Early.Location(), at)
		}
	}
}
