package engine_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/scantest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The plan reader (ScanAll, ScanOne, ScanFirst and Each on streamed rows)
// must fill structs exactly as the reflective reader of Row values
// (ScanRow) does: every type, NULLs, embedded structs, tags, columns
// without a field, conversions and their errors.

type planBase struct {
	ID   int64
	Note *string `db:"note"`
}

type planInner struct {
	Amount types.Decimal
}

type myInt int32

type planRow struct {
	planBase
	Inner    planInner // not embedded: no column reaches it
	Name     string
	Age      myInt
	Small    int16 `db:"age"`
	Ratio    float32
	Score    float64
	Active   bool
	Born     time.Time
	BornPtr  *time.Time `db:"born"`
	Blob     []byte
	Any      any               `db:"blob"`
	NullStr  stdsql.NullString `db:"note"`
	NullInt  stdsql.NullInt64  `db:"age"`
	Price    types.Decimal
	Doc      map[string]any
	Unmapped string `db:"-"`
}

// planDeep reaches a field through an embedded pointer: the reflective
// reader fills it.
type planDeep struct {
	*planBase
	Name string
}

func planTable(md *sql.MetaData) *sql.Table {
	return md.Table("plan_rows",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("note", types.Text{}),
		sql.NewColumn("name", types.String{Length: 20}),
		sql.NewColumn("age", types.Integer{}),
		sql.NewColumn("ratio", types.Float{}),
		sql.NewColumn("score", types.Double{}),
		sql.NewColumn("active", types.Boolean{}),
		sql.NewColumn("born", types.DateTime{}),
		sql.NewColumn("blob", types.LargeBinary{}),
		sql.NewColumn("price", types.Numeric{Precision: 10, Scale: 2}),
		sql.NewColumn("doc", types.JSON{}),
		sql.NewColumn("extra", types.Text{}),
	)
}

func TestPlanScanMatchesRowScan(t *testing.T) {
	ctx := context.Background()
	eng, _ := newEngine(t, "sqlite://")
	md := sql.NewMetaData()
	tbl := planTable(md)
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	born := time.Date(2023, 5, 6, 7, 8, 9, 0, time.UTC)
	rows := []sql.Values{
		{"id": 1, "note": "n", "name": "ann", "age": 30, "ratio": 0.5, "score": 1.25, "active": true, "born": born,
			"blob": []byte{1, 2}, "price": "12.34", "doc": map[string]any{"k": []any{1, "v"}}, "extra": "x"},
		{"id": 2, "note": nil, "name": "", "age": -7, "ratio": -2.5, "score": 0, "active": false, "born": born.Add(time.Hour),
			"blob": []byte{}, "price": "0", "doc": map[string]any{}, "extra": nil},
	}
	if _, err := eng.Execute(ctx, tbl.Insert().Values(rows...)); err != nil {
		t.Fatal(err)
	}
	stmt := tbl.Select().OrderBy(tbl.C("id"))
	comparePlan[planRow](t, eng, stmt)
	comparePlan[planDeep](t, eng, stmt)
	comparePlan[planBase](t, eng, sql.Text("SELECT id, note FROM plan_rows ORDER BY id"))

	// Errors: NULL into a field that cannot hold it, a value out of range.
	type strict struct {
		Note string
	}
	_, err := engine.ScanAll[strict](eng.Execute(ctx, stmt))
	var se *engine.ScanError
	if !errors.Is(err, engine.ErrNullValue) || !errors.As(err, &se) || se.Column != "note" {
		t.Errorf("NULL into string: %v", err)
	}
	type narrow struct {
		Age uint8
	}
	if _, err := engine.ScanAll[narrow](eng.Execute(ctx, stmt)); !errors.As(err, &se) || se.Column != "age" {
		t.Errorf("-7 into uint8: %v", err)
	}
	// ScanOne's counts.
	if _, err := engine.ScanOne[planRow](eng.Execute(ctx, stmt)); !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("ScanOne of two rows: %v", err)
	}
	if _, err := engine.ScanOne[planRow](eng.Execute(ctx, stmt.Where(tbl.C("id").Eq(9)))); !errors.Is(err, engine.ErrNoResultFound) {
		t.Errorf("ScanOne of no row: %v", err)
	}
	if _, ok, err := engine.ScanFirst[planRow](eng.Execute(ctx, stmt.Where(tbl.C("id").Eq(9)))); ok || err != nil {
		t.Errorf("ScanFirst of no row: %v %v", ok, err)
	}
	one, err := engine.ScanOne[planRow](eng.Execute(ctx, stmt.Where(tbl.C("id").Eq(2))))
	if err != nil || one.ID != 2 || one.NullStr.Valid || one.Small != -7 {
		t.Errorf("ScanOne: %+v %v", one, err)
	}
}

// comparePlan reads st into Ts with each reader and compares.
func comparePlan[T any](t *testing.T, eng *engine.Engine, st sql.Element) {
	t.Helper()
	r := scantest.Read[T](t, eng, st)
	r.Check(t, "SQLite", r)
}
