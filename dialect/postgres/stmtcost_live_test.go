package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The fixed cost of one statement on the native pool: what the engine
// and the native rows allocate beyond pgx itself. The scans of struct
// rows are reused from one statement to the next, so they must start
// clean each time.

func costTable(md *sql.MetaData) *sql.Table {
	return md.Table("cost",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 20}),
		sql.NewColumn("n", types.Integer{}),
		sql.NewColumn("at", types.DateTime{Timezone: true}),
	)
}

type costRow struct {
	ID   int64
	Name *string
	N    *int64
}

type costName struct {
	Name string
	ID   int64
}

// TestNativeScansStartClean alternates struct types, column counts and
// NULLs, with a scan that fails in between: each read must give exactly
// its own row.
func TestNativeScansStartClean(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	tbl := costTable(md)
	mustCreate(t, md, eng)
	execOK(t, eng, tbl.Insert().Values(
		sql.Values{"id": 1, "name": "one", "n": 10},
		sql.Values{"id": 2, "name": nil, "n": nil},
		sql.Values{"id": 3, "name": "three", "n": nil},
	))
	byID := eng.Prepare(sql.NewSelect(tbl.C("id"), tbl.C("name"), tbl.C("n")).Where(tbl.C("id").Eq(sql.Bind("id"))))
	nameOf := eng.Prepare(sql.NewSelect(tbl.C("name"), tbl.C("id")).Where(tbl.C("id").Eq(sql.Bind("id"))))
	show := func(r costRow) string {
		s := fmt.Sprintf("%d", r.ID)
		for _, p := range []any{r.Name, r.N} {
			switch p := p.(type) {
			case *string:
				if p == nil {
					s += " <nil>"
				} else {
					s += " " + *p
				}
			case *int64:
				if p == nil {
					s += " <nil>"
				} else {
					s += fmt.Sprintf(" %d", *p)
				}
			}
		}
		return s
	}
	want := map[int64]string{1: "1 one 10", 2: "2 <nil> <nil>", 3: "3 three <nil>"}
	for range 3 {
		for _, id := range []int64{1, 2, 3, 2, 1} {
			got, err := engine.ScanOne[costRow](byID.Execute(ctx, sql.Params{"id": id}))
			if err != nil {
				t.Fatal(err)
			}
			if show(got) != want[id] {
				t.Errorf("row %d = %s, want %s", id, show(got), want[id])
			}
			named, err := engine.ScanOne[costName](nameOf.Execute(ctx, sql.Params{"id": id}))
			switch {
			case id == 2 && err == nil:
				t.Errorf("NULL name into a string: %+v, no error", named)
			case id != 2 && (err != nil || named.ID != id || named.Name == ""):
				t.Errorf("name of %d = %+v, %v", id, named, err)
			}
		}
		all, err := engine.ScanAll[costRow](eng.Execute(ctx, sql.NewSelect(tbl.C("id"), tbl.C("name"), tbl.C("n")).OrderBy(tbl.C("id"))))
		if err != nil || len(all) != 3 {
			t.Fatalf("ScanAll: %v, %v", all, err)
		}
		for _, r := range all {
			if show(r) != want[r.ID] {
				t.Errorf("ScanAll row %d = %s, want %s", r.ID, show(r), want[r.ID])
			}
		}
	}
}

// TestNativeInsertKey reads the key of INSERTs through the RETURNING the
// compiler adds, on the pool and in a transaction, and when a conflict
// skips the row.
func TestNativeInsertKey(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	tbl := md.Table("keyed",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 20}, sql.Unique()),
	)
	mustCreate(t, md, eng)
	check := func(what string, res *engine.Result, err error, wantPK string, wantRows int64) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		pk, err := res.InsertedPrimaryKey()
		if err != nil || fmt.Sprint(pk) != wantPK {
			t.Errorf("%s: InsertedPrimaryKey = %v, %v; want %s", what, pk, err, wantPK)
		}
		if res.ReturnsRows() || res.RowsAffected() != wantRows {
			t.Errorf("%s: ReturnsRows %v, RowsAffected %d", what, res.ReturnsRows(), res.RowsAffected())
		}
	}
	res, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{"name": "a"}))
	check("generated", res, err, "[1]", 1)
	ins := eng.Prepare(tbl.Insert())
	res, err = ins.Execute(ctx, sql.Params{"name": "b"})
	check("prepared", res, err, "[2]", 1)
	res, err = eng.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 40, "name": "c"}))
	check("given", res, err, "[40]", 1)
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		res, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"name": "d"}))
		check("in a transaction", res, err, "[3]", 1)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err = eng.Execute(ctx, postgres.Insert(tbl).Values(sql.Values{"name": "a"}).OnConflictDoNothing())
	check("skipped by a conflict", res, err, "[<nil>]", 0)
}
