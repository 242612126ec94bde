package inspect_test

import (
	"context"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// declareShop declares tables that use every generic type and every kind
// of constraint the backend can create, with names made unique by suffix.
func declareShop(t *testing.T, b *backend, suffix string) *sql.MetaData {
	t.Helper()
	md := sql.NewMetaData()
	yes := true
	small := sql.NewColumn("small", types.SmallInteger{}, sql.ServerDefault(1))
	customers := md.Table("customers_"+suffix,
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}, sql.NotNull(), sql.ServerDefault("anon")),
		sql.NewColumn("code", types.String{Length: 10}, sql.Unique()),
		sql.NewColumn("note", types.Text{}, sql.ColumnComment("free text")),
		sql.NewColumn("active", types.Boolean{CreateConstraint: true}, sql.NotNull(), sql.ServerDefault(true)),
		sql.NewColumn("balance", types.Numeric{Precision: 10, Scale: 2}, sql.ServerDefault(1.5)),
		sql.NewColumn("ratio", types.Float{}),
		sql.NewColumn("score", types.Double{}),
		sql.NewColumn("big", types.BigInteger{}),
		small,
		sql.NewColumn("twice", types.Integer{}, sql.Generated(sql.Ops(small).Mul(sql.LiteralValue(2)), &yes)),
		sql.NewColumn("born", types.Date{}),
		sql.NewColumn("created", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("seen", types.DateTime{Timezone: true}),
		sql.NewColumn("opens", types.Time{}),
		sql.NewColumn("photo", types.LargeBinary{}),
		sql.NewColumn("prefs", types.JSON{}),
		sql.NewColumn("token", types.UUID{}),
		sql.NewColumn("tier", types.Enum{Name: "tier_" + suffix, Values: []string{"gold", "silver"}, CreateConstraint: true}),
		sql.NewColumn("wait", types.Interval{}),
		sql.UniqueOn([]string{"name", "born"}, sql.ConstraintOptions{Name: "uq_name_born_" + suffix}),
		sql.CheckExpr(sql.Ops(small).Gt(0)),
		sql.Check("big >= 0", sql.ConstraintOptions{Name: "ck_big_" + suffix}),
		sql.TableComment("people who buy"),
	)
	orders := md.Table("orders_"+suffix,
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("customer_id", types.Integer{}, sql.NotNull(), sql.References(customers.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("label", types.String{Length: 40}),
		sql.NewColumn("qty", types.Integer{}, sql.Indexed()),
		sql.NewColumn("sku", types.String{Length: 20}, sql.Indexed(), sql.Unique()),
	)
	sql.NewIndex("ix_orders_label_qty_"+suffix, orders.C("label"), sql.Ops(orders.C("qty")).Desc())
	if b.supports(t, sql.NewCreateIndex(sql.NewIndex("probe", sql.Func("lower", sql.NewTable("p", sql.NewColumn("x", types.String{Length: 5})).C("x"))))) {
		sql.NewIndex("ix_orders_lower_"+suffix, sql.Func("lower", orders.C("label")))
	}
	if b.supports(t, sql.NewCreateIndex(sql.NewIndex("probe", sql.NewTable("p", sql.NewColumn("x", types.Integer{})).C("x")).Where(sql.True()))) {
		sql.NewIndex("ix_orders_big_"+suffix, orders.C("qty")).Where(sql.Ops(orders.C("qty")).Gt(100))
	}
	md.Table("lines_"+suffix,
		sql.NewColumn("order_id", types.BigInteger{}),
		sql.NewColumn("line", types.Integer{}),
		sql.NewColumn("customer_id", types.Integer{}),
		sql.NewColumn("note", types.String{Length: 10}),
		sql.PrimaryKeyOn([]string{"order_id", "line"}, sql.ConstraintOptions{Name: "pk_lines_" + suffix}),
		sql.ForeignKeyOn([]string{"order_id"}, []string{"orders_" + suffix + ".id"}, sql.FKOptions{Name: "fk_lines_order_" + suffix, OnUpdate: "CASCADE"}),
		sql.ForeignKeyOn([]string{"customer_id"}, []string{"customers_" + suffix + ".id"}, sql.FKOptions{OnDelete: "SET NULL"}),
		sql.UniqueOn([]string{"order_id", "note"}),
	)
	return md
}

// TestRoundTrip declares tables, creates them, reflects them into a new
// MetaData and compares the two: they are equal column by column and
// constraint by constraint. The reflected tables are then used like
// declared ones: rows go in and come out, they are dropped, created again
// from the reflection, and reflect the same.
func TestRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		suffix := unique("rt")
		md := declareShop(t, b, suffix)
		create(t, b, md)
		d := b.dialect(t)

		got := reflectInto(t, b, md)
		noDifferences(t, d, md, got)

		// Query the reflected tables.
		customers, _ := got.Lookup("customers_" + suffix)
		orders, _ := got.Lookup("orders_" + suffix)
		if _, err := b.eng.Execute(ctx, sql.NewInsert(customers).Values(sql.Values{"id": 1, "name": "ann", "small": 2})); err != nil {
			t.Fatal(err)
		}
		if _, err := b.eng.Execute(ctx, sql.NewInsert(orders).Values(sql.Values{"id": 10, "customer_id": 1, "label": "x", "qty": 3})); err != nil {
			t.Fatal(err)
		}
		res, err := b.eng.Execute(ctx, sql.NewSelect(customers.C("name"), customers.C("twice"), customers.C("active"), orders.C("qty")).
			Join(orders).Where(customers.C("id").Eq(1)))
		if err != nil {
			t.Fatal(err)
		}
		row, err := res.One()
		if err != nil {
			t.Fatal(err)
		}
		if v := row.Values(); v[0] != "ann" || v[1] != int64(4) || v[2] != true || v[3] != int64(3) {
			t.Fatalf("the reflected tables gave %v", v)
		}

		// Drop and create again from the reflection.
		if err := got.DropAll(ctx, b.eng); err != nil {
			t.Fatal(err)
		}
		if ok, _ := b.eng.HasTable(ctx, "", "customers_"+suffix); ok {
			t.Fatal("DropAll of the reflected MetaData left customers")
		}
		if err := got.CreateAll(ctx, b.eng); err != nil {
			t.Fatal(err)
		}
		noDifferences(t, d, md, reflectInto(t, b, md))
	})
}
