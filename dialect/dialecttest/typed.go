package dialecttest

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// testTypedColumns: columns declared with Go types are written with
// assignments of those types and read back as them, without assertions.
func (s *suite) testTypedColumns(t *testing.T) {
	ctx := context.Background()
	id := sql.NumberColumn[int64]("id", integer, sql.PrimaryKey(), sql.Autoincrement(false))
	name := sql.StringColumn("name", str30, sql.NotNull())
	price := sql.NumberColumn[types.Decimal]("price", types.Numeric{Precision: 10, Scale: 2})
	at := sql.TypedColumn[time.Time]("at", types.DateTime{Timezone: true})
	ok := sql.TypedColumn[bool]("ok", types.Boolean{})
	ref := sql.TypedColumn[uuid.UUID]("ref", types.UUID{})
	wait := sql.NumberColumn[time.Duration]("wait", types.Interval{})
	md := sql.NewMetaData()
	tb := md.Table(s.name("typed"), id, name, price, at, ok, ref, wait)
	s.create(t, md)
	when := time.Date(2024, 5, 6, 7, 8, 9, 123456000, plus0530)
	refs := []uuid.UUID{uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8"), uuid.MustParse("00000000-0000-0000-0000-000000000001")}
	s.exec(t, tb.Insert().Set(id.To(1), name.To("widget"), price.To(types.MustDecimal("9.99")), at.To(when), ok.To(true), ref.To(refs[0]), wait.To(90*time.Minute)))
	s.exec(t, tb.Insert().Set(id.To(2), name.To("gadget"), price.To(types.MustDecimal("10.01")), at.To(when.Add(time.Hour)), ok.To(false), ref.To(refs[1]), wait.To(-time.Microsecond)))

	res, err := s.eng.Execute(ctx, sql.NewSelect(id, name, price, at, ok, ref, wait).Where(price.Gt(types.MustDecimal("10")), name.EndsWith("get")).OrderBy(id))
	if err != nil {
		t.Fatal(err)
	}
	row, err := res.One()
	if err != nil {
		t.Fatal(err)
	}
	gotID, err1 := engine.Get(row, id)
	gotName, err2 := engine.Get(row, name)
	gotPrice, err3 := engine.Get(row, price)
	gotAt, err4 := engine.Get(row, at)
	gotOK, err5 := engine.Get(row, ok)
	gotRef, err6 := engine.Get(row, ref)
	gotWait, err7 := engine.Get(row, wait)
	for _, err := range []error{err1, err2, err3, err4, err5, err6, err7} {
		if err != nil {
			t.Fatal(err)
		}
	}
	if gotID != 2 || gotName != "gadget" || gotPrice.String() != "10.01" || !gotAt.Equal(when.Add(time.Hour)) || gotOK || gotRef != refs[1] || gotWait != -time.Microsecond {
		t.Errorf("row: %v %q %v %v %v %v %v", gotID, gotName, gotPrice, gotAt, gotOK, gotRef, gotWait)
	}
	// Typed expressions keep their Go types through arithmetic and
	// aggregates.
	total, err := engine.ScalarsOf(sql.SumOf(price).Label("total")).One(s.eng.Execute(ctx, sql.NewSelect(sql.SumOf(price).Label("total"))))
	if err != nil || total.String() != "20.00" {
		t.Errorf("sum(price) = %v, %v; want 20.00", total, err)
	}
	pairs, err := engine.PairsOf(id, name.Upper().Label("shout")).All(s.eng.Execute(ctx, sql.NewSelect(id, name.Upper().Label("shout")).Where(ok.Eq(true))))
	if err != nil || len(pairs) != 1 || pairs[0].First != 1 || pairs[0].Second != "WIDGET" {
		t.Errorf("pairs: %v, %v", pairs, err)
	}
	later := wait.Add(30 * time.Minute).Label("later")
	waits, err := engine.ScalarsOf(later).All(s.eng.Execute(ctx, sql.NewSelect(later).OrderBy(id)))
	if err != nil || len(waits) != 2 || waits[0] != 2*time.Hour || waits[1] != 30*time.Minute-time.Microsecond {
		t.Errorf("wait + 30m: %v, %v", waits, err)
	}
	// Typed assignments in an UPDATE.
	s.exec(t, tb.Update().Set(price.ToExpr(price.Mul(types.MustDecimal("2"))), ok.To(true)).Where(id.Eq(1)))
	prices, err := engine.ScalarsOf(price).All(s.eng.Execute(ctx, sql.NewSelect(price).Where(ok.Eq(true)).OrderBy(id)))
	if err != nil || len(prices) != 1 || prices[0].String() != "19.98" {
		t.Errorf("prices after update: %v, %v", prices, err)
	}
}
