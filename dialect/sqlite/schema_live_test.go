package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// schemaObjects lists the tables and indexes SQLite has, by name.
func schemaObjects(t *testing.T, eng *engine.Engine) string {
	t.Helper()
	master := sql.NewTable("sqlite_master", sql.NewColumn("type", types.Text{}), sql.NewColumn("name", types.Text{}))
	st := sql.NewSelect(master.C("type"), master.C("name")).
		Where(master.C("name").NotLike("sqlite_%")).
		OrderBy(master.C("type"), master.C("name"))
	var out []string
	for _, r := range all(t, eng, st) {
		out = append(out, fmt.Sprintf("%v:%v", r.Get(0), r.Get(1)))
	}
	return strings.Join(out, " ")
}

func TestCreateAllDropAllLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Unique: "uq_%(table_name)s_%(column_0_name)s"}))
	// Declared children first: CreateAll orders them.
	md.Table("address",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.NotNull(), sql.References("users.id", sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("email", str30, sql.Indexed()),
	)
	md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.Unique()),
	)
	// A cycle, created inline on SQLite.
	md.Table("a", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("bid", integer, sql.References("b.id")))
	md.Table("b", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("aid", integer, sql.References("a.id")))

	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	want := "index:ix_address_email table:a table:address table:b table:users"
	if got := schemaObjects(t, eng); got != want {
		t.Fatalf("after CreateAll: %s", got)
	}
	// Check first: a second CreateAll finds the tables and does nothing.
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatalf("second CreateAll: %v", err)
	}
	// Without the check, CREATE TABLE fails on the first existing table.
	if err := md.CreateAll(ctx, eng, sql.CreateOptions{NoCheckFirst: true}); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("CreateAll without check: %v", err)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	if got := schemaObjects(t, eng); got != "" {
		t.Fatalf("after DropAll: %s", got)
	}
	if err := md.DropAll(ctx, eng); err != nil {
		t.Fatalf("second DropAll: %v", err)
	}
	if err := md.DropAll(ctx, eng, sql.CreateOptions{NoCheckFirst: true}); !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("DropAll without check: %v", err)
	}

	// A definition error creates nothing.
	bad := sql.NewMetaData()
	bad.Table("fine", sql.NewColumn("x", integer))
	bad.Table("broken", sql.NewColumn("x", integer, sql.References("missing.id")))
	if err := bad.CreateAll(ctx, eng); !errors.Is(err, sql.ErrNoReferencedTable) {
		t.Fatalf("CreateAll with a bad table: %v", err)
	}
	if got := schemaObjects(t, eng); got != "" {
		t.Fatalf("a failed CreateAll left %s", got)
	}
}

func TestConstraintsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.NotNull()),
		sql.NewColumn("email", str30),
		sql.NewColumn("status", types.Enum{Values: []string{"on", "off"}, CreateConstraint: true}),
		sql.CheckExpr(sql.Func("length", sql.LiteralColumn("name")).Gt(1), sql.ConstraintOptions{Name: "name_long_enough"}),
	)
	sql.NewIndex("ix_email_lower", sql.Func("lower", users.C("email"))).Unique()
	addresses := md.Table("addresses",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.References("users.id", sql.FKOptions{OnDelete: "CASCADE", OnUpdate: "CASCADE"})),
		sql.NewColumn("street", str30),
	)
	parent := md.Table("parent", sql.NewColumn("a", integer), sql.NewColumn("b", integer), sql.PrimaryKeyOn([]string{"a", "b"}))
	child := md.Table("child",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("pa", integer), sql.NewColumn("pb", integer),
		sql.ForeignKeyOn([]string{"pa", "pb"}, []string{"parent.a", "parent.b"}, sql.FKOptions{OnDelete: "SET NULL"}),
	)
	mustCreate(t, md, eng)
	exec := func(st sql.Element) error {
		res, err := eng.Execute(ctx, st)
		if err == nil {
			res.Close()
		}
		return err
	}
	must := func(st sql.Element) {
		t.Helper()
		if err := exec(st); err != nil {
			t.Fatal(err)
		}
	}
	integrity := func(what string, st sql.Element) {
		t.Helper()
		if err := exec(st); !errors.Is(err, dialect.ErrIntegrity) {
			t.Fatalf("%s: %v, want an integrity error", what, err)
		}
	}
	must(users.Insert().Values(sql.Values{"id": 1, "name": "ann", "email": "Ann@x", "status": "on"}, sql.Values{"id": 2, "name": "bob", "email": "bob@x", "status": nil}))
	must(addresses.Insert().Values(sql.Values{"id": 10, "user_id": 1, "street": "s1"}, sql.Values{"id": 11, "user_id": 1, "street": "s2"}, sql.Values{"id": 12, "user_id": 2, "street": "s3"}))

	integrity("not null", users.Insert().Values(sql.Values{"id": 3, "name": nil}))
	integrity("check", users.Insert().Values(sql.Values{"id": 3, "name": "x"}))
	integrity("expression index", users.Insert().Values(sql.Values{"id": 3, "name": "ann2", "email": "ANN@X"}))
	integrity("enum check", sql.Text("INSERT INTO users (id, name, status) VALUES (3, 'cat', 'maybe')"))
	integrity("foreign key", addresses.Insert().Values(sql.Values{"id": 13, "user_id": 99}))
	integrity("primary key", users.Insert().Values(sql.Values{"id": 1, "name": "dup"}))

	// ON UPDATE CASCADE and ON DELETE CASCADE.
	must(users.Update().Values(sql.Values{"id": 5}).Where(users.C("id").Eq(2)))
	wantRows(t, eng, "10 1|11 1|12 5", addresses.C("id"), addresses.C("user_id"))
	must(users.Delete().Where(users.C("id").Eq(1)))
	wantRows(t, eng, "12 5", addresses.C("id"), addresses.C("user_id"))

	// A composite key, ON DELETE SET NULL.
	must(parent.Insert().Values(sql.Values{"a": 1, "b": 2}))
	must(child.Insert().Values(sql.Values{"id": 1, "pa": 1, "pb": 2}))
	integrity("composite foreign key", child.Insert().Values(sql.Values{"id": 2, "pa": 1, "pb": 3}))
	must(parent.Delete())
	wantRows(t, eng, "1 NULL NULL", child.C("id"), child.C("pa"), child.C("pb"))
}

func TestDefaultsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	var calls atomic.Int64
	next := func() any { return fmt.Sprintf("k%d", calls.Add(1)) }
	md := sql.NewMetaData()
	items := md.Table("items",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("code", str30, sql.Default(next)),
		sql.NewColumn("qty", integer, sql.Default(7)),
		sql.NewColumn("twice", integer, sql.Default(sql.Ops(sql.Literal(21)).Mul(2))),
		sql.NewColumn("server", str30, sql.ServerDefault("srv")),
		sql.NewColumn("ts", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("version", integer, sql.Default(1), sql.OnUpdate(sql.LiteralColumn("version + 1"))),
		sql.NewColumn("touched", str30, sql.OnUpdate(func() any { return "yes" })),
	)
	mustCreate(t, md, eng)
	cols := []*sql.Column{items.C("id"), items.C("code"), items.C("qty"), items.C("twice"), items.C("server"), items.C("version"), items.C("touched")}

	exec := func(st sql.Element, params ...sql.Params) *engine.Result {
		t.Helper()
		return execOK(t, eng, st, params...)
	}
	exec(items.Insert().Values(sql.Values{"id": 1}))
	exec(items.Insert().Values(sql.Values{"id": 2, "qty": 3}, sql.Values{"id": 3}))
	exec(items.Insert(), sql.Params{"id": 4})
	if _, err := eng.ExecuteMany(ctx, items.Insert(), []sql.Params{{"id": 5}, {"id": 6}}); err != nil {
		t.Fatal(err)
	}
	exec(items.Insert().Values(sql.Values{}))
	// The Go default is called once per row, in every form of INSERT.
	wantRows(t, eng, "1 k1 7 42 srv 1 NULL|2 k2 3 42 srv 1 NULL|3 k3 7 42 srv 1 NULL|4 k4 7 42 srv 1 NULL|5 k5 7 42 srv 1 NULL|6 k6 7 42 srv 1 NULL|7 k7 7 42 srv 1 NULL", cols...)
	res, err := eng.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(items).Where(items.C("ts").IsNotNull()))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := res.Scalar(); err != nil || n != int64(7) {
		t.Fatalf("server default timestamps: %v %v", n, err)
	}

	// UPDATE applies the onupdate defaults; a value given wins.
	exec(items.Update().Values(sql.Values{"qty": 0}).Where(items.C("id").Le(2)))
	exec(items.Update().Values(sql.Values{"qty": 1, "touched": "given"}).Where(items.C("id").Eq(3)))
	exec(items.Delete().Where(items.C("id").Gt(4)))
	wantRows(t, eng, "1 0 2 yes|2 0 2 yes|3 1 2 given|4 7 1 NULL", items.C("id"), items.C("qty"), items.C("version"), items.C("touched"))
}
