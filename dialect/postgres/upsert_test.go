package postgres_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// SQLAlchemy's InsertOnConflictTest fixtures.
func conflictTables() (users, usersKeyed, table1 *sql.Table, uq *sql.UniqueConstraint) {
	md := sql.NewMetaData()
	users = md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}),
	)
	usersKeyed = md.Table("users_w_key",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}, sql.Key("name_keyed")),
	)
	uq = sql.UniqueOn([]string{"name"}, sql.ConstraintOptions{Name: "uq_name"})
	table1 = md.Table("mytable",
		sql.NewColumn("myid", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 128}),
		sql.NewColumn("description", types.String{Length: 128}),
		uq,
	)
	return
}

func TestUpsertCompile(t *testing.T) {
	users, usersKeyed, table1, uq := conflictTables()
	ins := postgres.Insert(users).Values(sql.Values{"id": 1, "name": "x"})
	keyed := postgres.Insert(usersKeyed).Values(sql.Values{"id": 1, "name_keyed": "x"})
	multi := postgres.Insert(users).Values(sql.Values{"name": "spongebob"}, sql.Values{"name": "sandy"})
	foo := postgres.Insert(table1).Values(sql.Values{"name": "foo"})
	withID := postgres.Insert(table1).Values(sql.Values{"myid": 1, "name": "foo"})
	goofy := sql.NewIndex("", table1.C("name")).Where(table1.C("name").Gt("m"))
	fancy := sql.NewTable("t", sql.NewColumn("FancyName", nil), sql.NewColumn("other name", nil))
	fancyIns := postgres.Insert(fancy).Values(sql.Values{"FancyName": "something new"})
	const head = "INSERT INTO users (id, name) VALUES ($1, $2) "
	const fooHead = "INSERT INTO mytable (name) VALUES ($1) "
	sqltest.Run(t, []sqltest.Case{
		// test_assorted_arg_coercion
		{Name: "do nothing, text index where", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.On("id").Where(sql.Text("name = 'hi'"))),
			SQL: head + "ON CONFLICT (id) WHERE name = 'hi' DO NOTHING", Params: []any{1, "x"}},
		{Name: "do nothing, index where", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.On(users.C("id")).Where(users.C("name").Eq("hi"))),
			SQL: head + "ON CONFLICT (id) WHERE name = 'hi' DO NOTHING", Params: []any{1, "x"}},
		{Name: "do update where", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.On(users.C("id")), sql.Values{"name": "there"}, users.C("name").Eq("hi")),
			SQL: head + "ON CONFLICT (id) DO UPDATE SET name = $3 WHERE users.name = $4", Params: []any{1, "x", "there", "hi"}},
		{Name: "do update on constraint", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.OnConstraint("users_pkey"), sql.Values{"name": "there"}),
			SQL: head + "ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET name = $3", Params: []any{1, "x", "there"}},
		// test_set_excluded: an unnamed primary key is its columns.
		{Name: "set excluded", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.OnConstraintOf(users.PrimaryKeyConstraint()),
			sql.Values{"id": ins.Excluded().C("id"), "name": ins.Excluded().C("name")}),
			SQL: head + "ON CONFLICT (id) DO UPDATE SET id = excluded.id, name = excluded.name", Params: []any{1, "x"}},
		{Name: "set excluded by key", Dialect: pg, Stmt: keyed.OnConflictDoUpdate(postgres.OnConstraintOf(usersKeyed.PrimaryKeyConstraint()),
			sql.Values{"id": keyed.Excluded().C("id"), "name_keyed": keyed.Excluded().C("name_keyed")}),
			SQL: "INSERT INTO users_w_key (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET id = excluded.id, name = excluded.name", Params: []any{1, "x"}},
		// test_dont_consume_set_collection
		{Name: "multi-row", Dialect: pg, Stmt: multi.OnConflictDoUpdate(postgres.On(users.C("name")), sql.Values{"name": multi.Excluded().C("name")}),
			SQL: "INSERT INTO users (name) VALUES ($1), ($2) ON CONFLICT (name) DO UPDATE SET name = excluded.name", Params: []any{"spongebob", "sandy"}},
		{Name: "multi-row returning", Dialect: pg, Stmt: multi.OnConflictDoUpdate(postgres.On(users.C("name")), sql.Values{"name": multi.Excluded().C("name")}).Returning(users),
			SQL:    "INSERT INTO users (name) VALUES ($1), ($2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING users.id, users.name",
			Params: []any{"spongebob", "sandy"}},
		// test_do_nothing_no_target, test_do_nothing_index_elements_target
		{Name: "do nothing", Dialect: pg, Stmt: foo.OnConflictDoNothing(), SQL: fooHead + "ON CONFLICT DO NOTHING RETURNING mytable.myid", Params: []any{"foo"}},
		{Name: "do nothing on column", Dialect: pg, Stmt: foo.OnConflictDoNothing(postgres.On("myid")), SQL: fooHead + "ON CONFLICT (myid) DO NOTHING RETURNING mytable.myid", Params: []any{"foo"}},
		// test_do_update_set_clause_none
		{Name: "set none", Dialect: pg, Stmt: withID.OnConflictDoUpdate(postgres.On("myid"), sql.Values{"name": "I'm a name", "description": nil}),
			SQL:    "INSERT INTO mytable (myid, name) VALUES ($1, $2) ON CONFLICT (myid) DO UPDATE SET name = $3, description = NULL",
			Params: []any{1, "foo", "I'm a name"}},
		// test_do_update_str_index_elements_target_two
		{Name: "update excluded", Dialect: pg, Stmt: foo.OnConflictDoUpdate(postgres.On("myid"), sql.Values{"name": foo.Excluded().C("name")}),
			SQL: fooHead + "ON CONFLICT (myid) DO UPDATE SET name = excluded.name RETURNING mytable.myid", Params: []any{"foo"}},
		// test_do_update_named_unique_constraint_target
		{Name: "named constraint", Dialect: pg, Stmt: foo.OnConflictDoUpdate(postgres.OnConstraintOf(uq), sql.Values{"myid": foo.Excluded().C("myid")}),
			SQL: fooHead + "ON CONFLICT ON CONSTRAINT uq_name DO UPDATE SET myid = excluded.myid RETURNING mytable.myid", Params: []any{"foo"}},
		// test_do_nothing_quoted_string_constraint_target
		{Name: "quoted constraint name", Dialect: pg, Stmt: foo.OnConflictDoNothing(postgres.OnConstraint("Some Constraint Name")),
			SQL: fooHead + `ON CONFLICT ON CONSTRAINT "Some Constraint Name" DO NOTHING RETURNING mytable.myid`, Params: []any{"foo"}},
		// test_do_update_unnamed_index_target: its condition is inline.
		{Name: "partial index target", Dialect: pg, Stmt: foo.OnConflictDoUpdate(postgres.OnIndex(goofy), sql.Values{"name": foo.Excluded().C("name")}),
			SQL: fooHead + "ON CONFLICT (name) WHERE name > 'm' DO UPDATE SET name = excluded.name RETURNING mytable.myid", Params: []any{"foo"}},
		// test_do_update_add_whereclause, on an index rather than an
		// exclusion constraint.
		{Name: "index target and where", Dialect: pg, Stmt: foo.OnConflictDoUpdate(postgres.OnIndex(goofy), sql.Values{"name": foo.Excluded().C("name")},
			table1.C("name").Ne("brah"), table1.C("description").Ne("brah")),
			SQL:    fooHead + "ON CONFLICT (name) WHERE name > 'm' DO UPDATE SET name = excluded.name WHERE mytable.name != $2 AND mytable.description != $3 RETURNING mytable.myid",
			Params: []any{"foo", "brah", "brah"}},
		// test_quote_raw_string_col
		{Name: "quoted columns", Dialect: pg, Stmt: fancyIns.OnConflictDoUpdate(postgres.On("FancyName", "other name"),
			sql.Values{"FancyName": "something updated", "other name": "something else"}),
			SQL:    `INSERT INTO t ("FancyName") VALUES ($1) ON CONFLICT ("FancyName", "other name") DO UPDATE SET "FancyName" = $2, "other name" = $3`,
			Params: []any{"something new", "something updated", "something else"}},
		{Name: "explicit returning", Dialect: pg, Stmt: ins.OnConflictDoNothing().Returning(users.C("name")),
			SQL: head + "ON CONFLICT DO NOTHING RETURNING users.name", Params: []any{1, "x"}},
		{Name: "from params", Dialect: pg, Stmt: postgres.Insert(users).OnConflictDoNothing().WithParamKeys([]string{"id", "name"}),
			SQL: "INSERT INTO users (id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING", Exec: sql.Params{"id": 5, "name": "z"}, Params: []any{5, "z"}},
		{Name: "generic dialect", Stmt: ins.OnConflictDoUpdate(postgres.On("id"), sql.Values{"name": "y"}),
			SQL: "INSERT INTO users (id, name) VALUES (:id, :name) ON CONFLICT (id) DO UPDATE SET name = :name_1", Params: sql.Params{"id": 1, "name": "x", "name_1": "y"}},
		{Name: "two clauses", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.On("id")).OnConflictDoNothing(), Err: sql.ErrArgument},
		{Name: "update without target", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.On(), sql.Values{"name": "y"}), Err: sql.ErrArgument},
		{Name: "two targets", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.On("id"), postgres.On("name")), Err: sql.ErrArgument},
		{Name: "empty constraint name", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.OnConstraint("")), Err: sql.ErrArgument},
		{Name: "check constraint", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.OnConstraintOf(sql.Check("id > 0"))), Err: sql.ErrArgument},
		{Name: "nil index", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.OnIndex(nil), sql.Values{"name": "y"}), Err: sql.ErrArgument},
		{Name: "nil constraint", Dialect: pg, Stmt: ins.OnConflictDoNothing(postgres.OnConstraintOf((*sql.UniqueConstraint)(nil))), Err: sql.ErrArgument},
		{Name: "unknown column", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.On("nope"), sql.Values{"name": "y"}), Err: sql.ErrNoSuchColumn},
		{Name: "unknown set column", Dialect: pg, Stmt: ins.OnConflictDoUpdate(postgres.On("id"), sql.Values{"nope": "y"}), Err: sql.ErrNoSuchColumn},
	})
}

func TestUpsertCacheKey(t *testing.T) {
	users, _, _, _ := conflictTables()
	base := func() *postgres.InsertStmt { return postgres.Insert(users).Values(sql.Values{"id": 1, "name": "ab"}) }
	stmts := []sql.Element{
		base(),
		base().OnConflictDoNothing(),
		base().OnConflictDoNothing(postgres.On("id")),
		base().OnConflictDoNothing(postgres.OnConstraint("users_pkey")),
		base().OnConflictDoNothing(postgres.On("id").Where(users.C("name").Eq("x"))),
		base().OnConflictDoUpdate(postgres.On("id"), sql.Values{"name": "a"}),
		base().OnConflictDoUpdate(postgres.On("id"), sql.Values{"name": "a"}, users.C("id").Gt(1)),
	}
	seen := map[string]int{}
	for i, st := range stmts {
		k := sql.NewCacheKey(st, false)
		key := string(k.Bytes())
		k.Release()
		if j, dup := seen[key]; dup {
			t.Fatalf("statements %d and %d share a cache key", j, i)
		}
		seen[key] = i
	}
	cache := sql.NewCache(pg, 10)
	for i, name := range []string{"a", "b"} {
		c, key, hit, err := cache.Compile(base().OnConflictDoUpdate(postgres.On("id"), sql.Values{"name": name}))
		if err != nil {
			t.Fatal(err)
		}
		_, args, err := c.Bind(key.Binds(), nil)
		key.Release()
		if err != nil || hit != (i == 1) || args[2] != name {
			t.Fatalf("%d: hit %v args %v err %v", i, hit, args, err)
		}
	}
}
