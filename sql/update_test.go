package sql_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestUpdate(t *testing.T) {
	md := sql.NewMetaData()
	withOnUpdate := md.Table("mytable_with_onupdate",
		sql.NewColumn("myid", integer),
		sql.NewColumn("name", str30),
		sql.NewColumn("description", types.String{Length: 50}),
		sql.NewColumn("updated_at", types.DateTime{}, sql.OnUpdate(sql.Func("now"))),
	)
	goOnUpdate := md.Table("update_w_default",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("x", integer),
		sql.NewColumn("ycol", integer, sql.Key("y")),
		sql.NewColumn("data", str30, sql.OnUpdate(func() any { return "hi" })),
	)
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30, sql.NotNull()))
	addresses := md.Table("addresses",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.References("users.id")),
		sql.NewColumn("email_address", types.String{Length: 50}),
	)
	t1 := mytable
	t2 := myothertable

	sqltest.Run(t, []sqltest.Case{
		// test_update_1
		{Name: "where", Stmt: t1.Update().Where(t1.C("myid").Eq(7)).Values(sql.Values{"name": "fred"}),
			SQL: "UPDATE mytable SET name=:name WHERE mytable.myid = :myid_1", Params: sql.Params{"name": "fred", "myid_1": 7}},
		// test_update_4
		{Name: "column value", Stmt: t1.Update().Values(sql.Values{"name": t1.C("myid")}),
			SQL: "UPDATE mytable SET name=mytable.myid"},
		// test_update_5
		{Name: "user bind in where", Stmt: t1.Update().Where(t1.C("name").Eq(sql.Bind("crit"))).Values(sql.Values{"name": "hi"}),
			SQL: "UPDATE mytable SET name=:name WHERE mytable.name = :crit", Exec: sql.Params{"crit": "notthere"},
			Params: sql.Params{"crit": "notthere", "name": "hi"}},
		// test_update_7: the SET value and the WHERE value of one column
		{Name: "same column in set and where", Stmt: t1.Update().Where(t1.C("myid").Eq(12)).Values(sql.Values{"myid": 9, "description": "test"}),
			SQL: "UPDATE mytable SET myid=:myid, description=:description WHERE mytable.myid = :myid_1", Params: sql.Params{"myid": 9, "description": "test", "myid_1": 12}},
		// test_update_11: values in table order, expressions grouped
		{Name: "expressions", Stmt: t1.Update().
			Where(t1.C("myid").Eq(sql.Func("hoho", 4))).
			Values(sql.Values{"name": sql.Ops(t1.C("name")).Concat("lala"), "myid": sql.Func("do_stuff", t1.C("myid"), sql.Literal("hoho"))}),
			SQL:    "UPDATE mytable SET myid=do_stuff(mytable.myid, :param_1), name=(mytable.name || :name_1) WHERE mytable.myid = hoho(:hoho_1)",
			Params: sql.Params{"param_1": "hoho", "name_1": "lala", "hoho_1": 4}},
		// test_update_ordered_parameters_newstyle_2
		{Name: "ordered", Stmt: t1.Update().Set(
			sql.Assignment{Column: t1.C("name"), Value: sql.Ops(t1.C("name")).Concat("lala")},
			sql.Assignment{Column: t1.C("description"), Value: "some desc"},
			sql.Assignment{Column: t1.C("myid"), Value: sql.Func("do_stuff", t1.C("myid"))},
		), SQL: "UPDATE mytable SET name=(mytable.name || :name_1), description=:description, myid=do_stuff(mytable.myid)",
			Params: sql.Params{"name_1": "lala", "description": "some desc"}},
		{Name: "later value wins", Stmt: t1.Update().Values(sql.Values{"name": "a"}).Set(sql.Assignment{Column: t1.C("name"), Value: "b"}),
			SQL: "UPDATE mytable SET name=:name", Params: sql.Params{"name": "b"}},
		// test_prefix_with
		{Name: "prefix", Stmt: t1.Update().Prefix("C", "D").Values(sql.Values{"myid": 1}),
			SQL: "UPDATE C D mytable SET myid=:myid", Params: sql.Params{"myid": 1}},
		// test_correlated_update_three: the subquery correlates to mytable
		{Name: "correlated subquery", Stmt: t1.Update().Where(t1.C("name").Eq("jack")).
			Values(sql.Values{"name": sql.NewSelect(t2.C("othername")).Where(t2.C("otherid").Eq(t1.C("myid"))).ScalarSubquery()}),
			SQL:    "UPDATE mytable SET name=(SELECT myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid) WHERE mytable.name = :name_1",
			Params: sql.Params{"name_1": "jack"}},
		// test_correlated_update_five
		{Name: "correlated where", Stmt: t1.Update().Values(sql.Values{"description": "d"}).
			Where(t1.C("name").Eq(sql.NewSelect(t2.C("othername")).Where(t2.C("otherid").Eq(t1.C("myid"))).ScalarSubquery())),
			SQL:    "UPDATE mytable SET description=:description WHERE mytable.name = (SELECT myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid)",
			Params: sql.Params{"description": "d"}},
		// test_correlated_update_six
		{Name: "update from by value", Stmt: t1.Update().Values(sql.Values{"name": t2.C("othername")}).Where(t2.C("otherid").Eq(t1.C("myid"))),
			SQL: "UPDATE mytable SET name=myothertable.othername FROM myothertable WHERE myothertable.otherid = mytable.myid"},
		// test_correlated_update_seven
		{Name: "update from", Stmt: t1.Update().Values(sql.Values{"name": "foo"}).Where(t2.C("otherid").Eq(t1.C("myid"))),
			SQL: "UPDATE mytable SET name=:name FROM myothertable WHERE myothertable.otherid = mytable.myid", Params: sql.Params{"name": "foo"}},
		// test_render_table
		{Name: "update from, two conditions", Stmt: users.Update().Values(sql.Values{"name": "newname"}).
			Where(users.C("id").Eq(addresses.C("user_id"))).Where(addresses.C("email_address").Eq("e1")),
			SQL:    "UPDATE users SET name=:name FROM addresses WHERE users.id = addresses.user_id AND addresses.email_address = :email_address_1",
			Params: sql.Params{"name": "newname", "email_address_1": "e1"}},
		{Name: "update from unsupported", Stmt: t1.Update().Values(sql.Values{"name": "foo"}).Where(t2.C("otherid").Eq(t1.C("myid"))),
			Dialect: newPlain(nil), Err: sql.ErrNotSupported},
		// test_from_sql_onupdate (without from_dml_column)
		{Name: "sql onupdate", Stmt: withOnUpdate.Update().Values(sql.Values{"name": "some name"}),
			SQL: "UPDATE mytable_with_onupdate SET name=:name, updated_at=now()", Params: sql.Params{"name": "some name"}},
		{Name: "onupdate given", Stmt: withOnUpdate.Update().Values(sql.Values{"updated_at": nil}),
			SQL: "UPDATE mytable_with_onupdate SET updated_at=NULL"},
		{Name: "go onupdate, key", Stmt: goOnUpdate.Update().Values(sql.Values{"y": 5}).Where(goOnUpdate.C("id").Eq(1)),
			SQL: "UPDATE update_w_default SET ycol=:y, data=:data WHERE update_w_default.id = :id_1", Params: sql.Params{"y": 5, "data": "hi", "id_1": 1}},
		{Name: "returning", Stmt: t1.Update().Values(sql.Values{"name": "x"}).Returning(t1.C("myid"), t1.C("name")),
			SQL: "UPDATE mytable SET name=:name RETURNING mytable.myid, mytable.name", Params: sql.Params{"name": "x"}},
		{Name: "returning unsupported", Stmt: t1.Update().Values(sql.Values{"name": "x"}).Returning(t1.C("myid")), Dialect: newPlain(nil), Err: sql.ErrNotSupported},
		{Name: "param keys", Stmt: t1.Update().Where(t1.C("myid").Eq(sql.Bind("id"))).WithParamKeys([]string{"name"}),
			SQL: "UPDATE mytable SET name=:name WHERE mytable.myid = :id", Exec: sql.Params{"name": "n", "id": 3}, Params: sql.Params{"name": "n", "id": 3}},
		// test_binds_that_match_columns
		{Name: "bind named like the column", Stmt: t1.Update().Where(t1.C("myid").Eq(sql.Bind("myid"))).Values(sql.Values{"myid": sql.Ops(sql.Literal(3)).Add(sql.Bind("myid"))}),
			SQL: "UPDATE mytable SET myid=(:param_1 + :myid) WHERE mytable.myid = :myid", Exec: sql.Params{"myid": 1}, Params: sql.Params{"param_1": 3, "myid": 1}},
		{Name: "positional", Stmt: t1.Update().Values(sql.Values{"name": "a"}).Where(t1.C("myid").Eq(2)), Dialect: newPlain(nil),
			SQL: "UPDATE mytable SET name=? WHERE mytable.myid = ?", Params: []any{"a", 2}},
	})
}

func TestUpdateCorrelationToExtraFroms(t *testing.T) {
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30))
	addresses := md.Table("addresses", sql.NewColumn("user_id", integer), sql.NewColumn("email_address", str30))
	// test_correlation_to_extra (without its NOT): a subquery may
	// correlate to the UPDATE's FROM items too.
	exists := sql.NewSelect(sql.LiteralColumn("*")).SelectFrom(users).
		Where(addresses.C("user_id").Eq(users.C("id"))).Where(addresses.C("email_address").Eq("foo")).
		Correlate(addresses)
	sqltest.Check(t, sqltest.Case{
		Stmt: users.Update().Values(sql.Values{"name": "newname"}).
			Where(users.C("id").Eq(addresses.C("user_id"))).
			Where(exists.Exists()),
		SQL:    "UPDATE users SET name=:name FROM addresses WHERE users.id = addresses.user_id AND EXISTS (SELECT * FROM users WHERE addresses.user_id = users.id AND addresses.email_address = :email_address_1)",
		Params: sql.Params{"name": "newname", "email_address_1": "foo"},
	})
}

func TestUpdateErrors(t *testing.T) {
	cases := map[string]*sql.Update{
		"empty":            mytable.Update().Where(mytable.C("myid").Eq(1)),
		"unknown column":   mytable.Update().Values(sql.Values{"nope": 1}),
		"other table":      mytable.Update().Set(sql.Assignment{Column: myothertable.C("otherid"), Value: 1}),
		"alias column":     mytable.Update().Set(sql.Assignment{Column: mytable.Alias("m").C("myid"), Value: 1}),
		"nil column":       mytable.Update().Set(sql.Assignment{Value: 1}),
		"unknown param":    mytable.Update().WithParamKeys([]string{"nope"}),
		"no table":         sql.NewUpdate(nil).Values(sql.Values{"a": 1}),
		"no table, no set": sql.NewUpdate(nil),
	}
	for name, st := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := sql.Compile(st, dialect.Generic)
			if !errors.Is(err, sql.ErrArgument) && !errors.Is(err, sql.ErrNoSuchColumn) {
				t.Fatalf("compile: %v", err)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	t1, t2 := mytable, myothertable
	sqltest.Run(t, []sqltest.Case{
		// test_delete
		{Name: "where", Stmt: t1.Delete().Where(t1.C("myid").Eq(7)),
			SQL: "DELETE FROM mytable WHERE mytable.myid = :myid_1", Params: sql.Params{"myid_1": 7}},
		{Name: "all rows", Stmt: t1.Delete(), SQL: "DELETE FROM mytable"},
		{Name: "two conditions", Stmt: t1.Delete().Where(t1.C("myid").Eq(7)).Where(t1.C("name").Ne("x")),
			SQL: "DELETE FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name != :name_1", Params: sql.Params{"myid_1": 7, "name_1": "x"}},
		{Name: "returning", Stmt: t1.Delete().Where(t1.C("myid").Eq(7)).Returning(t1.C("name")),
			SQL: "DELETE FROM mytable WHERE mytable.myid = :myid_1 RETURNING mytable.name", Params: sql.Params{"myid_1": 7}},
		// test_delete_explicit_using_dedupe_implicit_from: SQLAlchemy's
		// default dialect writes "DELETE FROM mytable , myothertable";
		// ours writes PostgreSQL's USING, which it supports.
		{Name: "using", Stmt: t1.Delete().Where(t1.C("myid").Eq(t2.C("otherid"))),
			SQL: "DELETE FROM mytable USING myothertable WHERE mytable.myid = myothertable.otherid"},
		{Name: "using unsupported", Stmt: t1.Delete().Where(t1.C("myid").Eq(t2.C("otherid"))), Dialect: newPlain(nil), Err: sql.ErrNotSupported},
		{Name: "correlated", Stmt: t1.Delete().Where(sql.NewSelect(t2.C("otherid")).Where(t2.C("otherid").Eq(t1.C("myid"))).Exists()),
			SQL: "DELETE FROM mytable WHERE EXISTS (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid)"},
		{Name: "prefix", Stmt: t1.Delete().Prefix("LOW_PRIORITY"), SQL: "DELETE LOW_PRIORITY FROM mytable"},
		{Name: "no table", Stmt: sql.NewDelete(nil), Err: sql.ErrArgument},
		{Name: "positional", Stmt: t1.Delete().Where(t1.C("myid").Eq(7)), Dialect: newPlain(nil), SQL: "DELETE FROM mytable WHERE mytable.myid = ?", Params: []any{7}},
	})
	// test_delete_literal_binds
	text, err := sql.DebugSQL(t1.Delete().Where(t1.C("name").Eq("jill")), dialect.Generic)
	if err != nil || text != "DELETE FROM mytable WHERE mytable.name = 'jill'" {
		t.Fatalf("DebugSQL: %q, %v", text, err)
	}
}

func TestDMLCache(t *testing.T) {
	cache := sql.NewCache(dialect.Generic, 10)
	md := sql.NewMetaData()
	tbl := md.Table("c", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("n", integer, sql.Default(sql.Ops(sql.Literal(1)).Add(2))))
	for i, want := range []struct {
		stmt sql.Statement
		hit  bool
		args []any
	}{
		{tbl.Insert().Values(sql.Values{"id": 1}), false, []any{1, 1, 2}},
		{tbl.Insert().Values(sql.Values{"id": 2}), true, []any{2, 1, 2}},
		{tbl.Update().Values(sql.Values{"n": 5}).Where(tbl.C("id").Eq(1)), false, []any{5, 1}},
		{tbl.Update().Values(sql.Values{"n": 6}).Where(tbl.C("id").Eq(2)), true, []any{6, 2}},
		{tbl.Delete().Where(tbl.C("id").Eq(3)), false, []any{3}},
		{tbl.Delete().Where(tbl.C("id").Eq(4)), true, []any{4}},
		{sql.NewCreateTable(tbl), false, nil},
		{sql.NewCreateTable(tbl), false, nil},
	} {
		c, key, hit, err := cache.Compile(want.stmt)
		if err != nil {
			t.Fatal(err)
		}
		_, args, err := c.Bind(key.Binds(), nil)
		key.Release()
		if err != nil {
			t.Fatal(err)
		}
		if hit != want.hit || len(args) != len(want.args) {
			t.Fatalf("%d: hit %v, args %v; want %v, %v", i, hit, args, want.hit, want.args)
		}
		for j := range args {
			if args[j] != want.args[j] {
				t.Fatalf("%d: args %v, want %v", i, args, want.args)
			}
		}
	}
	if st := cache.Stats(); st.Size != 3 {
		t.Fatalf("DDL must not be cached: %+v", st)
	}
}

// TestDMLRareOptionsImmutable builds INSERT, UPDATE and DELETE statements
// from one base each with different rarely used options (prefixes, hints,
// errors: kept apart and shared by copies until one changes) and checks
// that each compiles with its own and the base is unchanged.
func TestDMLRareOptionsImmutable(t *testing.T) {
	t1 := selMyTable
	ub := t1.Update().Prefix("P").Values(sql.Values{"name": "x"}).Where(t1.C("myid").Eq(1))
	ubKey := selKey(ub)
	ua := ub.Prefix("A")
	uh := ub.WithHint(nil, "H")
	uBad := ub.Values(sql.Values{"nope": 1})
	db := t1.Delete().Prefix("P").Where(t1.C("myid").Eq(1))
	dbKey := selKey(db)
	da := db.Prefix("A")
	dh := db.WithHint(nil, "H")
	dBad := db.Returning(nil)
	ib := t1.Insert().Prefix("P").Values(sql.Values{"myid": 1})
	ibKey := selKey(ib)
	ia := ib.Prefix("A")
	ih := ib.WithHint("H")
	iBad := ib.Values(sql.Values{"nope": 1})
	for _, tc := range []struct {
		stmt sql.Element
		want string
	}{
		{ub, "UPDATE P mytable SET name=:name WHERE mytable.myid = :myid_1"},
		{ua, "UPDATE P A mytable SET name=:name WHERE mytable.myid = :myid_1"},
		{db, "DELETE P FROM mytable WHERE mytable.myid = :myid_1"},
		{da, "DELETE P A FROM mytable WHERE mytable.myid = :myid_1"},
		{ib, "INSERT P INTO mytable (myid) VALUES (:myid)"},
		{ia, "INSERT P A INTO mytable (myid) VALUES (:myid)"},
	} {
		c, err := sql.Compile(tc.stmt, dialect.Generic)
		if err != nil {
			t.Errorf("%s: %v", tc.want, err)
		} else if c.SQL != tc.want {
			t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, tc.want)
		}
	}
	for _, bad := range []sql.Element{uBad, dBad, iBad} {
		if err := compileErr(t, bad, dialect.Generic); err == nil {
			t.Errorf("%T: no error", bad)
		}
	}
	if ub.Err() != nil || ib.Err() != nil {
		t.Errorf("an error reached the base: %v, %v", ub.Err(), ib.Err())
	}
	for _, tc := range []struct {
		base, hinted sql.Element
		key          []byte
	}{{ub, uh, ubKey}, {db, dh, dbKey}, {ib, ih, ibKey}} {
		if !bytes.Equal(selKey(tc.base), tc.key) {
			t.Errorf("%T: the base's cache key changed", tc.base)
		}
		if bytes.Equal(selKey(tc.hinted), tc.key) {
			t.Errorf("%T: a hint does not change the cache key", tc.base)
		}
	}
}

// TestUpdateValuesAndWhereCopies: values given in several calls, plain
// and expressions mixed, and WHERE lists extended from a shared
// statement leave the statements they were built from unchanged.
func TestUpdateValuesAndWhereCopies(t *testing.T) {
	v := sql.Values{"name": "a", "description": mytable.C("name").Concat("!")}
	base := mytable.Update().Values(v).Where(mytable.C("myid").Eq(1))
	v["name"] = "late"
	a := base.Values(sql.Values{"name": "b", "myid": 2}).Where(mytable.C("name").Ne("x"))
	b := base.Where(mytable.C("description").IsNot(nil), mytable.C("myid").Lt(5))
	sqltest.Run(t, []sqltest.Case{
		{Name: "base", Stmt: base, SQL: "UPDATE mytable SET name=:name, description=(mytable.name || :name_1) WHERE mytable.myid = :myid_1",
			Params: sql.Params{"name": "a", "name_1": "!", "myid_1": 1}},
		{Name: "values replaced and added", Stmt: a,
			SQL:    "UPDATE mytable SET name=:name, description=(mytable.name || :name_1), myid=:myid WHERE mytable.myid = :myid_1 AND mytable.name != :name_2",
			Params: sql.Params{"name": "b", "name_1": "!", "myid": 2, "myid_1": 1, "name_2": "x"}},
		{Name: "where extended past the short list", Stmt: b,
			SQL:    "UPDATE mytable SET name=:name, description=(mytable.name || :name_1) WHERE mytable.myid = :myid_1 AND mytable.description IS NOT NULL AND mytable.myid < :myid_2",
			Params: sql.Params{"name": "a", "name_1": "!", "myid_1": 1, "myid_2": 5}},
	})
}
