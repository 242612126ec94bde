package sql_test

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The tables of SQLAlchemy's compiler tests (test/sql/test_insert.py,
// test_update.py, test_delete.py).
var (
	mytable = sql.NewTable("mytable",
		sql.NewColumn("myid", integer),
		sql.NewColumn("name", types.String{}),
		sql.NewColumn("description", types.String{}),
	)
	myothertable = sql.NewTable("myothertable",
		sql.NewColumn("otherid", integer),
		sql.NewColumn("othername", types.String{}),
	)
)

// counter returns a function that counts its calls: a default called
// once per row shows it in the parameters.
func counter() func() any {
	n := int64(0)
	return func() any { n++; return n }
}

func TestInsert(t *testing.T) {
	md := sql.NewMetaData()
	sometable := md.Table("sometable",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("foo", integer, sql.Default(sql.Func("foobar"))),
	)
	foo := md.Table("foo", sql.NewColumn("id", integer))
	inlineDefaults := md.Table("test",
		sql.NewColumn("col1", integer, sql.Default(sql.Func("foo"))),
		sql.NewColumn("col2", integer, sql.Default(sql.NewSelect(sql.Func("coalesce", sql.Func("max", foo.C("id")))).ScalarSubquery())),
	)
	withDefaults := md.Table("table_w_defaults",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("x", integer, sql.Default(10)),
		sql.NewColumn("y", integer, sql.ServerDefault(sql.Text("5"))),
		sql.NewColumn("z", integer, sql.Default(counter())),
	)
	composite := sql.NewTable("t",
		sql.NewColumn("x", integer, sql.PrimaryKey()),
		sql.NewColumn("y", integer, sql.PrimaryKey()),
	)
	exprDefault := md.Table("exprdef", sql.NewColumn("n", integer), sql.NewColumn("m", integer, sql.Default(sql.Ops(sql.Literal(2)).Add(3))))

	sqltest.Run(t, []sqltest.Case{
		{Name: "one row", Stmt: mytable.Insert().Values(sql.Values{"myid": 3, "name": "jack"}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Params: sql.Params{"myid": 3, "name": "jack"}},
		// test_insert_with_user_supplied_bind_params
		{Name: "user binds", Stmt: mytable.Insert().Values(sql.Values{"myid": sql.Bind("userid"), "name": sql.Bind("username")}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:userid, :username)", Exec: sql.Params{"userid": 7, "username": "x"},
			Params: sql.Params{"userid": 7, "username": "x"}},
		// test_insert_values_multiple
		{Name: "values merged", Stmt: mytable.Insert().Values(sql.Values{"myid": sql.Bind("userid")}).Values(sql.Values{"name": sql.Bind("username")}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:userid, :username)", Exec: sql.Params{"userid": 1, "username": "a"},
			Params: sql.Params{"userid": 1, "username": "a"}},
		{Name: "later value wins", Stmt: mytable.Insert().Values(sql.Values{"myid": 1}).Values(sql.Values{"myid": 2}),
			SQL: "INSERT INTO mytable (myid) VALUES (:myid)", Params: sql.Params{"myid": 2}},
		// test_prefix_with (SQLAlchemy lists every column when an INSERT
		// has no values; here it would be DEFAULT VALUES).
		{Name: "prefix", Stmt: mytable.Insert().Prefix("C", "D").Values(sql.Values{"myid": 1}),
			SQL: "INSERT C D INTO mytable (myid) VALUES (:myid)", Params: sql.Params{"myid": 1}},
		// test_inline_default
		{Name: "sql default inline", Stmt: sometable.Insert().Values(sql.Values{}),
			SQL: "INSERT INTO sometable (foo) VALUES (foobar())"},
		// test_inline_defaults
		{Name: "sql defaults with parameters", Stmt: inlineDefaults.Insert().Values(sql.Values{}),
			SQL: "INSERT INTO test (col1, col2) VALUES (foo(), (SELECT coalesce(max(foo.id)) AS coalesce_1 FROM foo))"},
		{Name: "sql default expression grouped", Stmt: exprDefault.Insert().Values(sql.Values{"n": 1}),
			SQL: "INSERT INTO exprdef (n, m) VALUES (:n, (:param_1 + :param_2))", Params: sql.Params{"n": 1, "param_1": 2, "param_2": 3}},
		// test_insert_returning_not_in_default
		{Name: "returning", Stmt: mytable.Insert().Values(sql.Values{"myid": 1}).Returning(mytable.C("myid")),
			SQL: "INSERT INTO mytable (myid) VALUES (:myid) RETURNING mytable.myid", Params: sql.Params{"myid": 1}},
		{Name: "python defaults", Stmt: withDefaults.Insert().Values(sql.Values{"id": 1}),
			SQL: "INSERT INTO table_w_defaults (id, x, z) VALUES (:id, :x, :z)", Params: sql.Params{"id": 1, "x": 10, "z": int64(1)}},
		// test_anticipate_no_pk_composite_pk
		{Name: "composite key partly given", Stmt: composite.Insert().Values(sql.Values{"x": 1}),
			SQL: "INSERT INTO t (x) VALUES (:x)", Params: sql.Params{"x": 1}},
		{Name: "expression value grouped", Stmt: mytable.Insert().Values(sql.Values{"myid": 5, "name": sql.Ops(mytable.C("name")).Concat("lala")}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, (mytable.name || :name_1))", Params: sql.Params{"myid": 5, "name_1": "lala"}},
		{Name: "null and select values", Stmt: mytable.Insert().Values(sql.Values{"myid": sql.NewSelect(sql.Func("max", myothertable.C("otherid"))), "name": nil}),
			SQL: "INSERT INTO mytable (myid, name) VALUES ((SELECT max(myothertable.otherid) AS max_1 FROM myothertable), NULL)"},
		{Name: "set", Stmt: mytable.Insert().Set(sql.Assignment{Column: mytable.C("name"), Value: "n"}, sql.Assignment{Column: mytable.C("myid"), Value: 1}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Params: sql.Params{"myid": 1, "name": "n"}},
		{Name: "user name taken by a value", Stmt: mytable.Insert().Values(sql.Values{"myid": sql.Bind("name"), "name": "x"}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:name, :name_1)", Exec: sql.Params{"name": 1}, Params: sql.Params{"name": 1, "name_1": "x"}},
		{Name: "param keys", Stmt: mytable.Insert().WithParamKeys([]string{"myid", "name"}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Exec: sql.Params{"myid": 4, "name": "q"}, Params: sql.Params{"myid": 4, "name": "q"}},
	})
}

func TestInsertMultiRow(t *testing.T) {
	md := sql.NewMetaData()
	var nilString *string
	someName := "n"
	withDefaults := md.Table("d",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("x", integer, sql.Default(10)),
		sql.NewColumn("z", integer, sql.Default(counter())),
		sql.NewColumn("e", integer, sql.Default(sql.Func("now"))),
	)
	sqltest.Run(t, []sqltest.Case{
		// test_named_with_column_objects
		{Name: "three rows", Stmt: mytable.Insert().Values(
			sql.Values{"myid": 1, "name": "a", "description": "b"},
			sql.Values{"myid": 2, "name": "c", "description": "d"},
			sql.Values{"myid": 3, "name": "e", "description": "f"},
		), SQL: "INSERT INTO mytable (myid, name, description) VALUES (:myid_m0, :name_m0, :description_m0), (:myid_m1, :name_m1, :description_m1), (:myid_m2, :name_m2, :description_m2)",
			Params: sql.Params{"myid_m0": 1, "name_m0": "a", "description_m0": "b", "myid_m1": 2, "name_m1": "c", "description_m1": "d", "myid_m2": 3, "name_m2": "e", "description_m2": "f"}},
		{Name: "rows added", Stmt: mytable.Insert().Values(sql.Values{"myid": 1}, sql.Values{"myid": 2}).Values(sql.Values{"myid": 3}, sql.Values{"myid": 4}),
			SQL: "INSERT INTO mytable (myid) VALUES (:myid_m0), (:myid_m1), (:myid_m2), (:myid_m3)", Params: sql.Params{"myid_m0": 1, "myid_m1": 2, "myid_m2": 3, "myid_m3": 4}},
		// A Go function default is called for each row; a column some rows
		// give takes its default in the others.
		{Name: "defaults per row", Stmt: withDefaults.Insert().Values(sql.Values{"id": 1, "x": 5}, sql.Values{"id": 2}),
			SQL:    "INSERT INTO d (id, x, z, e) VALUES (:id_m0, :x_m0, :z_m0, now()), (:id_m1, :x_m1, :z_m1, now())",
			Params: sql.Params{"id_m0": 1, "x_m0": 5, "z_m0": int64(1), "id_m1": 2, "x_m1": 10, "z_m1": int64(2)}},
		{Name: "positional", Stmt: md.Table("d2", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("x", integer, sql.Default(10)),
			sql.NewColumn("z", integer, sql.Default(counter())), sql.NewColumn("e", integer, sql.Default(sql.Func("now")))).Insert().Values(sql.Values{"id": 1}, sql.Values{"id": 2}), Dialect: newPlain(nil),
			SQL: "INSERT INTO d2 (id, x, z, e) VALUES (?, ?, ?, now()), (?, ?, ?, now())", Params: []any{1, 10, int64(1), 2, 10, int64(2)}},
		{Name: "not supported", Stmt: mytable.Insert().Values(sql.Values{"myid": 1}, sql.Values{"myid": 2}),
			Dialect: newPlain(func(f *dialect.Features) { f.MultiValuesInsert = false }), Err: sql.ErrNotSupported},
		// Plain values (bound in one block), expressions, NULLs and named
		// parameters mixed in the rows of one statement.
		{Name: "mixed values", Stmt: mytable.Insert().Values(
			sql.Values{"myid": 1, "name": nilString, "description": sql.Func("lower", sql.Literal("X"))},
			sql.Values{"myid": sql.Bind("id2").WithValue(2), "name": nil, "description": "d"},
			sql.Values{"myid": 3, "name": &someName, "description": mytable.C("name").Concat("!")},
		), SQL: "INSERT INTO mytable (myid, name, description) VALUES (:myid_m0, NULL, lower(:param_1)), (:id2, NULL, :description_m1), (:myid_m2, :name_m2, (mytable.name || :name_1))",
			Params: sql.Params{"myid_m0": 1, "param_1": "X", "id2": 2, "description_m1": "d", "myid_m2": 3, "name_m2": &someName, "name_1": "!"}},
	})
}

func TestInsertEmpty(t *testing.T) {
	auto := sql.NewTable("auto", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("x", integer))
	none := newPlain(func(f *dialect.Features) { f.DefaultValues = false })
	sqltest.Run(t, []sqltest.Case{
		// test_supports_empty_insert_true_executemany_mode and
		// test_empty_insert_default: the form depends on the dialect.
		{Name: "default values", Stmt: mytable.Insert(), SQL: "INSERT INTO mytable DEFAULT VALUES"},
		{Name: "default values explicit", Stmt: mytable.Insert().Values(sql.Values{}), SQL: "INSERT INTO mytable DEFAULT VALUES"},
		{Name: "empty values", Stmt: mytable.Insert(), Dialect: newPlain(func(f *dialect.Features) { f.DefaultValues, f.EmptyValuesInsert = false, true }),
			SQL: "INSERT INTO mytable () VALUES ()"},
		{Name: "default keyword", Stmt: auto.Insert(), Dialect: none, SQL: "INSERT INTO auto (id) VALUES (DEFAULT)"},
		{Name: "impossible", Stmt: mytable.Insert(), Dialect: none, Err: sql.ErrNotSupported},
		{Name: "several empty rows", Stmt: mytable.Insert().Values(sql.Values{}, sql.Values{}), Err: sql.ErrArgument},
		{Name: "returning", Stmt: auto.Insert().Returning(auto.C("id")), SQL: "INSERT INTO auto DEFAULT VALUES RETURNING auto.id"},
	})
}

func TestInsertFromSelect(t *testing.T) {
	md := sql.NewMetaData()
	sometable := md.Table("sometable",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("foo", integer, sql.Default(sql.Func("foobar"))),
	)
	fnDefaults := md.Table("fndefaults",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("foo", integer, sql.Default(func() any { return 12 })),
		sql.NewColumn("bar", integer, sql.Default("bar")),
	)
	sel := sql.NewSelect(mytable.C("name"), mytable.C("myid")).Where(mytable.C("name").Eq("foo"))
	sqltest.Run(t, []sqltest.Case{
		// test_insert_from_select_select_alt_ordering
		{Name: "columns reordered", Stmt: myothertable.Insert().FromSelect([]*sql.Column{myothertable.C("othername"), myothertable.C("otherid")}, sel),
			SQL:    "INSERT INTO myothertable (othername, otherid) SELECT mytable.name, mytable.myid FROM mytable WHERE mytable.name = :name_1",
			Params: sql.Params{"name_1": "foo"}},
		// test_insert_from_select_with_sql_defaults
		{Name: "sql default", Stmt: sometable.Insert().FromSelect([]*sql.Column{sometable.C("id")}, sql.NewSelect(mytable.C("myid")).Where(mytable.C("name").Eq("foo"))),
			SQL:    "INSERT INTO sometable (id, foo) SELECT mytable.myid, foobar() AS foobar_1 FROM mytable WHERE mytable.name = :name_1",
			Params: sql.Params{"name_1": "foo"}},
		// test_insert_from_select_fn_defaults
		{Name: "go defaults", Stmt: fnDefaults.Insert().FromSelect([]*sql.Column{fnDefaults.C("id")}, sql.NewSelect(mytable.C("myid")).Where(mytable.C("name").Eq("foo"))),
			SQL:    "INSERT INTO fndefaults (id, foo, bar) SELECT mytable.myid, :foo AS anon_1, :bar AS anon_2 FROM mytable WHERE mytable.name = :name_1",
			Params: sql.Params{"name_1": "foo", "foo": 12, "bar": "bar"}},
		{Name: "returning", Stmt: myothertable.Insert().FromSelect([]*sql.Column{myothertable.C("othername"), myothertable.C("otherid")}, sel).Returning(myothertable.C("otherid")),
			SQL:    "INSERT INTO myothertable (othername, otherid) SELECT mytable.name, mytable.myid FROM mytable WHERE mytable.name = :name_1 RETURNING myothertable.otherid",
			Params: sql.Params{"name_1": "foo"}},
	})
}

func TestInsertErrors(t *testing.T) {
	md := sql.NewMetaData()
	strict := md.Table("strict", sql.NewColumn("a", integer), sql.NewColumn("b", integer))
	cases := map[string]*sql.Insert{
		"unknown column":           mytable.Insert().Values(sql.Values{"nope": 1}),
		"unknown param key":        mytable.Insert().WithParamKeys([]string{"nope"}),
		"one row after several":    mytable.Insert().Values(sql.Values{"myid": 1}, sql.Values{"myid": 2}).Values(sql.Values{"myid": 3}),
		"several after one row":    mytable.Insert().Values(sql.Values{"myid": 1}).Values(sql.Values{"myid": 2}, sql.Values{"myid": 3}),
		"row missing a value":      strict.Insert().Values(sql.Values{"a": 1, "b": 2}, sql.Values{"a": 3}),
		"set another table":        mytable.Insert().Set(sql.Assignment{Column: myothertable.C("otherid"), Value: 1}),
		"set nil column":           mytable.Insert().Set(sql.Assignment{Value: 1}),
		"set unknown column":       mytable.Insert().Set(sql.Assignment{Column: mytable.C("nope"), Value: 1}),
		"select after values":      mytable.Insert().Values(sql.Values{"myid": 1}).FromSelect([]*sql.Column{mytable.C("myid")}, sql.NewSelect(myothertable.C("otherid"))),
		"values after select":      mytable.Insert().FromSelect([]*sql.Column{mytable.C("myid")}, sql.NewSelect(myothertable.C("otherid"))).Values(sql.Values{"myid": 1}),
		"select column count":      mytable.Insert().FromSelect([]*sql.Column{mytable.C("myid")}, sql.NewSelect(myothertable)),
		"select into other column": mytable.Insert().FromSelect([]*sql.Column{myothertable.C("otherid")}, sql.NewSelect(myothertable.C("otherid"))),
		"nil select":               mytable.Insert().FromSelect([]*sql.Column{mytable.C("myid")}, nil),
		"no table":                 sql.NewInsert(nil).Values(sql.Values{"a": 1}),
		"returning nil":            mytable.Insert().Returning(nil),
	}
	for name, st := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := sql.Compile(st, dialect.Generic); !errors.Is(err, sql.ErrArgument) && !errors.Is(err, sql.ErrNoSuchColumn) {
				t.Fatalf("compile: %v", err)
			} else if !errors.Is(err, sql.ErrCompile) {
				t.Fatalf("not a compile error: %v", err)
			}
		})
	}
	sqltest.Check(t, sqltest.Case{Stmt: mytable.Insert().Values(sql.Values{"myid": 1}).Returning(mytable.C("myid")), Dialect: newPlain(nil), Err: sql.ErrNotSupported})
	if err := mytable.Insert().Values(sql.Values{"nope": 1}).Err(); !errors.Is(err, sql.ErrNoSuchColumn) {
		t.Fatalf("Err() = %v", err)
	}
}

func TestInsertImmutable(t *testing.T) {
	base := mytable.Insert().Values(sql.Values{"myid": 1})
	a := base.Values(sql.Values{"name": "a"})
	b := base.Values(sql.Values{"description": "b"})
	for _, tc := range []sqltest.Case{
		{Stmt: base, SQL: "INSERT INTO mytable (myid) VALUES (:myid)", Params: sql.Params{"myid": 1}},
		{Stmt: a, SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Params: sql.Params{"myid": 1, "name": "a"}},
		{Stmt: b, SQL: "INSERT INTO mytable (myid, description) VALUES (:myid, :description)", Params: sql.Params{"myid": 1, "description": "b"}},
	} {
		sqltest.Check(t, tc)
	}
	// The caller's map is not kept: changing it afterwards changes nothing.
	row := sql.Values{"myid": 1}
	st := mytable.Insert().Values(row, sql.Values{"myid": 2})
	row["name"] = "late"
	sqltest.Check(t, sqltest.Case{Stmt: st, SQL: "INSERT INTO mytable (myid) VALUES (:myid_m0), (:myid_m1)", Params: sql.Params{"myid_m0": 1, "myid_m1": 2}})
}

func TestDefaultFunctions(t *testing.T) {
	type id string
	md := sql.NewMetaData()
	tbl := md.Table("f",
		sql.NewColumn("a", integer, sql.Default(func() int { return 1 })),
		sql.NewColumn("b", integer, sql.Default(func() int64 { return 2 })),
		sql.NewColumn("c", str30, sql.Default(func() string { return "c" })),
		sql.NewColumn("d", str30, sql.Default(func() id { return "d" })),
	)
	sqltest.Check(t, sqltest.Case{Stmt: tbl.Insert().Values(sql.Values{}), Dialect: newPlain(nil),
		SQL: "INSERT INTO f (a, b, c, d) VALUES (?, ?, ?, ?)", Params: []any{1, int64(2), "c", id("d")}})
	for _, bad := range []any{func(int) string { return "" }, func() {}, (func() any)(nil)} {
		if err := sql.NewTable("b", sql.NewColumn("x", integer, sql.Default(bad))).Err(); !errors.Is(err, sql.ErrArgument) {
			t.Fatalf("Default(%T): %v", bad, err)
		}
	}
}

// TestInsertValuesKeepsNoMap: the rows' maps are read by Values and not
// kept, also by the statements later built from it, and rows added by a
// later call extend the earlier ones.
func TestInsertValuesKeepsNoMap(t *testing.T) {
	md := sql.NewMetaData()
	withDefaults := md.Table("d",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("x", integer, sql.Default(10)),
		sql.NewColumn("e", integer, sql.Default(sql.Func("now"))),
	)
	strict := md.Table("strict", sql.NewColumn("a", integer), sql.NewColumn("b", integer))

	one := sql.Values{"myid": 1}
	single := mytable.Insert().Values(one)
	one["myid"], one["description"] = 9, "late"
	merged := single.Values(sql.Values{"name": "n"})
	r0, r1 := sql.Values{"id": 1}, sql.Values{"id": 2}
	multi := withDefaults.Insert().Values(r0, r1)
	r0["id"], r1["x"] = 8, 9
	wider := multi.Values(sql.Values{"id": 3, "x": 7}, sql.Values{"id": 4})
	sqltest.Run(t, []sqltest.Case{
		{Name: "single", Stmt: single, SQL: "INSERT INTO mytable (myid) VALUES (:myid)", Params: sql.Params{"myid": 1}},
		{Name: "merged later", Stmt: merged, SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Params: sql.Params{"myid": 1, "name": "n"}},
		{Name: "multi", Stmt: multi, SQL: "INSERT INTO d (id, x, e) VALUES (:id_m0, :x_m0, now()), (:id_m1, :x_m1, now())",
			Params: sql.Params{"id_m0": 1, "x_m0": 10, "id_m1": 2, "x_m1": 10}},
		{Name: "rows added with a new column", Stmt: wider,
			SQL:    "INSERT INTO d (id, x, e) VALUES (:id_m0, :x_m0, now()), (:id_m1, :x_m1, now()), (:id_m2, :x_m2, now()), (:id_m3, :x_m3, now())",
			Params: sql.Params{"id_m0": 1, "x_m0": 10, "id_m1": 2, "x_m1": 10, "id_m2": 3, "x_m2": 7, "id_m3": 4, "x_m3": 10}},
		{Name: "later value replaces", Stmt: mytable.Insert().Values(sql.Values{"myid": 1, "name": "a"}).Values(sql.Values{"name": "b", "description": "c"}),
			SQL: "INSERT INTO mytable (myid, name, description) VALUES (:myid, :name, :description)", Params: sql.Params{"myid": 1, "name": "b", "description": "c"}},
	})

	for _, tc := range []struct {
		name string
		stmt *sql.Insert
		want string
	}{
		{"new column without default for earlier rows", strict.Insert().Values(sql.Values{"a": 1}, sql.Values{"a": 2}).Values(sql.Values{"a": 3, "b": 4}, sql.Values{"a": 5, "b": 6}),
			`athanor: invalid argument: row 1 of a multi-row INSERT has no value for column "b", and the column has no default`},
		{"missing in a later row", strict.Insert().Values(sql.Values{"a": 1, "b": 2}, sql.Values{"b": 3}, sql.Values{"a": 4}),
			`athanor: invalid argument: row 2 of a multi-row INSERT has no value for column "a", and the column has no default`},
		{"unknown keys before missing values", strict.Insert().Values(sql.Values{"a": 1, "b": 2}, sql.Values{"a": 3, "z": 1}, sql.Values{"a": 4, "nope": 1, "z": 2}),
			`athanor: no such column: table "strict" has no columns [nope z]`},
		{"unknown key merged", strict.Insert().Values(sql.Values{"a": 1}).Values(sql.Values{"q": 1, "b": 2}),
			`athanor: no such column: table "strict" has no columns [q]`},
	} {
		if err := tc.stmt.Err(); err == nil || err.Error() != tc.want {
			t.Errorf("%s: Err() = %v, want %s", tc.name, err, tc.want)
		}
	}
}
