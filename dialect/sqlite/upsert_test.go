package sqlite_test

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func upsertTables() (users, usersKeyed, xtra *sql.Table) {
	md := sql.NewMetaData()
	users = md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}),
	)
	usersKeyed = md.Table("users_w_key",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}, sql.Key("name_keyed")),
	)
	xtra = md.Table("users_xtra",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}),
		sql.NewColumn("login_email", types.String{Length: 50}),
		sql.NewColumn("lets_index_this", types.String{Length: 50}),
	)
	return
}

func TestUpsertCompile(t *testing.T) {
	d := sqlite.New()
	users, usersKeyed, xtra := upsertTables()
	ins := sqlite.Insert(users).Values(sql.Values{"id": 1, "name": "x"})
	keyed := sqlite.Insert(usersKeyed).Values(sql.Values{"id": 1, "name_keyed": "x"})
	multi := sqlite.Insert(users).Values(sql.Values{"name": "spongebob"}, sql.Values{"name": "sandy"})
	xi := sqlite.Insert(xtra).Values(sql.Values{"id": 1, "name": "n", "login_email": "e", "lets_index_this": "l"})
	const head = "INSERT INTO users (id, name) VALUES (?, ?) "
	sqltest.Run(t, []sqltest.Case{
		// test_assorted_arg_coercion
		{Name: "do nothing, text index where", Dialect: d,
			Stmt: ins.OnConflictDoNothing(sqlite.On("id").Where(sql.Text("name = 'hi'"))),
			SQL:  head + "ON CONFLICT (id) WHERE name = 'hi' DO NOTHING", Params: []any{1, "x"}},
		// The index condition is written with its value inline: SQLite
		// matches it against the index's own text.
		{Name: "do nothing, index where", Dialect: d,
			Stmt: ins.OnConflictDoNothing(sqlite.On(users.C("id")).Where(users.C("name").Eq("hi"))),
			SQL:  head + "ON CONFLICT (id) WHERE name = 'hi' DO NOTHING", Params: []any{1, "x"}},
		{Name: "do update where", Dialect: d,
			Stmt: ins.OnConflictDoUpdate(sqlite.On(users.C("id")), sql.Values{"name": "there"}, users.C("name").Eq("hi")),
			SQL:  head + "ON CONFLICT (id) DO UPDATE SET name = ? WHERE users.name = ?", Params: []any{1, "x", "there", "hi"}},
		{Name: "do update text where", Dialect: d,
			Stmt: ins.OnConflictDoUpdate(sqlite.On(users.C("id")), sql.Values{"name": "there"}, sql.Text("name = 'hi'")),
			SQL:  head + "ON CONFLICT (id) DO UPDATE SET name = ? WHERE name = 'hi'", Params: []any{1, "x", "there"}},
		// test_set_excluded (SQLAlchemy writes two spaces after ON CONFLICT
		// without a target).
		{Name: "set excluded", Dialect: d,
			Stmt: ins.OnConflictDoUpdate(sqlite.On(), sql.Values{"id": ins.Excluded().C("id"), "name": ins.Excluded().C("name")}),
			SQL:  head + "ON CONFLICT DO UPDATE SET id = excluded.id, name = excluded.name", Params: []any{1, "x"}},
		{Name: "set excluded by key", Dialect: d,
			Stmt: keyed.OnConflictDoUpdate(sqlite.On(), sql.Values{"id": keyed.Excluded().C("id"), "name_keyed": keyed.Excluded().C("name_keyed")}),
			SQL:  "INSERT INTO users_w_key (id, name) VALUES (?, ?) ON CONFLICT DO UPDATE SET id = excluded.id, name = excluded.name", Params: []any{1, "x"}},
		// test_untargeted_do_nothing_renders_last
		{Name: "two clauses", Dialect: d,
			Stmt: ins.OnConflictDoUpdate(sqlite.On(users.C("id")), sql.Values{"name": "name1"}).OnConflictDoNothing(),
			SQL:  head + "ON CONFLICT (id) DO UPDATE SET name = ? ON CONFLICT DO NOTHING", Params: []any{1, "x", "name1"}},
		// test_dont_consume_set_collection
		{Name: "multi-row", Dialect: d,
			Stmt: multi.OnConflictDoUpdate(sqlite.On(users.C("name")), sql.Values{"name": multi.Excluded().C("name")}),
			SQL:  "INSERT INTO users (name) VALUES (?), (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name", Params: []any{"spongebob", "sandy"}},
		{Name: "multi-row returning", Dialect: d,
			Stmt: multi.OnConflictDoUpdate(sqlite.On(users.C("name")), sql.Values{"name": multi.Excluded().C("name")}).Returning(users),
			SQL:  "INSERT INTO users (name) VALUES (?), (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING users.id, users.name", Params: []any{"spongebob", "sandy"}},
		// test_on_conflict_do_update_exotic_targets_six
		{Name: "partial index target", Dialect: d,
			Stmt: xi.OnConflictDoUpdate(sqlite.On(xtra.C("name"), xtra.C("lets_index_this")).Where(xtra.C("lets_index_this").Eq("unique_name")),
				sql.Values{"name": xi.Excluded().C("name"), "login_email": xi.Excluded().C("login_email")}),
			SQL:    "INSERT INTO users_xtra (id, name, login_email, lets_index_this) VALUES (?, ?, ?, ?) ON CONFLICT (name, lets_index_this) WHERE lets_index_this = 'unique_name' DO UPDATE SET name = excluded.name, login_email = excluded.login_email",
			Params: []any{1, "n", "e", "l"}},
		{Name: "expression target and value", Dialect: d,
			Stmt: ins.OnConflictDoUpdate(sqlite.On(sql.Func("lower", users.C("name"))), sql.Values{"name": sql.Ops(users.C("name")).Concat(ins.Excluded().C("name"))}),
			SQL:  head + "ON CONFLICT (lower(name)) DO UPDATE SET name = (users.name || excluded.name)", Params: []any{1, "x"}},
		{Name: "generic dialect names", Stmt: ins.OnConflictDoUpdate(sqlite.On("id"), sql.Values{"name": "y"}),
			SQL: "INSERT INTO users (id, name) VALUES (:id, :name) ON CONFLICT (id) DO UPDATE SET name = :name_1", Params: sql.Params{"id": 1, "name": "x", "name_1": "y"}},
		{Name: "param keys", Dialect: d, Stmt: sqlite.Insert(users).OnConflictDoNothing().WithParamKeys([]string{"id", "name"}),
			SQL: "INSERT INTO users (id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", Exec: sql.Params{"id": 5, "name": "z"}, Params: []any{5, "z"}},

		{Name: "clause after untargeted", Dialect: d, Stmt: ins.OnConflictDoNothing().OnConflictDoNothing(sqlite.On("id")), Err: sql.ErrArgument},
		{Name: "unknown target key", Dialect: d, Stmt: ins.OnConflictDoNothing(sqlite.On("nope")), Err: sql.ErrNoSuchColumn},
		{Name: "target of another table", Dialect: d, Stmt: ins.OnConflictDoNothing(sqlite.On(xtra.C("id"))), Err: sql.ErrArgument},
		{Name: "bad target", Dialect: d, Stmt: ins.OnConflictDoNothing(sqlite.On(42)), Err: sql.ErrArgument},
		{Name: "where without columns", Dialect: d, Stmt: ins.OnConflictDoNothing(sqlite.On().Where(sql.Text("1"))), Err: sql.ErrArgument},
		{Name: "two targets", Dialect: d, Stmt: ins.OnConflictDoNothing(sqlite.On("id"), sqlite.On("name")), Err: sql.ErrArgument},
		{Name: "unknown set key", Dialect: d, Stmt: ins.OnConflictDoUpdate(sqlite.On("id"), sql.Values{"nope": 1}), Err: sql.ErrNoSuchColumn},
		{Name: "empty set", Dialect: d, Stmt: ins.OnConflictDoUpdate(sqlite.On("id"), nil), Err: sql.ErrArgument},
		{Name: "insert error kept", Dialect: d, Stmt: sqlite.Insert(users).Values(sql.Values{"nope": 1}).OnConflictDoNothing(), Err: sql.ErrNoSuchColumn},
	})
}

func TestUpsertCacheKey(t *testing.T) {
	users, _, _ := upsertTables()
	base := func() *sqlite.InsertStmt { return sqlite.Insert(users).Values(sql.Values{"id": 1, "name": "ab"}) }
	stmts := []sql.Element{
		base(),
		base().OnConflictDoNothing(),
		base().OnConflictDoNothing(sqlite.On("id")),
		base().OnConflictDoNothing(sqlite.On("id", "name")),
		base().OnConflictDoNothing(sqlite.On("id").Where(users.C("name").Eq("x"))),
		base().OnConflictDoUpdate(sqlite.On("id"), sql.Values{"name": "a"}),
		base().OnConflictDoUpdate(sqlite.On("id"), sql.Values{"name": "a"}, users.C("id").Gt(1)),
		base().OnConflictDoUpdate(sqlite.On("id"), sql.Values{"id": 3, "name": "a"}),
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
	// Equal structures share one compiled form, with their own values.
	cache := sql.NewCache(sqlite.New(), 10)
	for i, name := range []string{"a", "b"} {
		st := base().OnConflictDoUpdate(sqlite.On("id"), sql.Values{"name": name})
		c, key, hit, err := cache.Compile(st)
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

func TestUpsertLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	counts := md.Table("counts",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("email", str30, sql.NotNull(), sql.Unique()),
		sql.NewColumn("n", integer, sql.NotNull(), sql.ServerDefault(0)),
		sql.NewColumn("tag", str30),
	)
	sql.NewIndex("ix_tag_partial", counts.C("tag")).Unique().Where(counts.C("n").Gt(100))
	mustCreate(t, md, eng)

	exec := func(st sql.Element, params ...sql.Params) *engine.Result {
		t.Helper()
		return execOK(t, eng, st, params...)
	}
	exec(counts.Insert().Values(sql.Values{"email": "a@x", "n": 1}))

	// Insert or ignore.
	res := exec(sqlite.Insert(counts).Values(sql.Values{"email": "a@x", "n": 50}).OnConflictDoNothing())
	if res.RowsAffected() != 0 {
		t.Fatalf("do nothing affected %d rows", res.RowsAffected())
	}
	res = exec(sqlite.Insert(counts).Values(sql.Values{"email": "b@x", "n": 2}).OnConflictDoNothing(sqlite.On("email")))
	if res.RowsAffected() != 1 {
		t.Fatalf("insert affected %d rows", res.RowsAffected())
	}
	wantRows(t, eng, "1 a@x 1|2 b@x 2", counts.C("id"), counts.C("email"), counts.C("n"))

	// Insert or update: the existing row's value plus the proposed one.
	up := sqlite.Insert(counts).Values(sql.Values{"email": "a@x", "n": 10})
	up = up.OnConflictDoUpdate(sqlite.On("email"), sql.Values{"n": sql.Ops(counts.C("n")).Add(up.Excluded().C("n"))})
	exec(up)
	exec(up)
	wantRows(t, eng, "1 a@x 21|2 b@x 2", counts.C("id"), counts.C("email"), counts.C("n"))

	// A false WHERE leaves the row alone.
	exec(sqlite.Insert(counts).Values(sql.Values{"email": "b@x", "n": 7}).
		OnConflictDoUpdate(sqlite.On("email"), sql.Values{"n": 99}, counts.C("n").Gt(1000)))
	wantRows(t, eng, "1 a@x 21|2 b@x 2", counts.C("id"), counts.C("email"), counts.C("n"))

	// RETURNING gives the row, inserted or updated.
	ret := sqlite.Insert(counts).Values(sql.Values{"email": "b@x", "n": 5})
	ret = ret.OnConflictDoUpdate(sqlite.On("email"), sql.Values{"n": ret.Excluded().C("n")}).Returning(counts.C("id"), counts.C("n"))
	rows, err := exec(ret).All()
	if err != nil || len(rows) != 1 || rows[0].Get(0) != int64(2) || rows[0].Get(1) != int64(5) {
		t.Fatalf("returning: %v %v", rows, err)
	}

	// A partial unique index as the target.
	exec(counts.Update().Values(sql.Values{"n": 500, "tag": "t"}).Where(counts.C("id").Eq(1)))
	exec(sqlite.Insert(counts).Values(sql.Values{"email": "c@x", "n": 200, "tag": "t"}).
		OnConflictDoUpdate(sqlite.On("tag").Where(counts.C("n").Gt(100)), sql.Values{"email": "moved@x"}))
	wantRows(t, eng, "1 moved@x 500|2 b@x 5", counts.C("id"), counts.C("email"), counts.C("n"))

	// Several clauses, each for its own constraint.
	both := sqlite.Insert(counts).Values(sql.Values{"id": 2, "email": "new@x", "n": 1})
	both = both.OnConflictDoUpdate(sqlite.On("email"), sql.Values{"n": 0}).OnConflictDoUpdate(sqlite.On("id"), sql.Values{"n": both.Excluded().C("n")})
	exec(both)
	wantRows(t, eng, "1 moved@x 500|2 b@x 1", counts.C("id"), counts.C("email"), counts.C("n"))

	// Values from parameters, and one statement for many parameter sets.
	if _, err := eng.ExecuteMany(ctx, sqlite.Insert(counts).OnConflictDoNothing(), []sql.Params{
		{"email": "b@x", "n": 3}, {"email": "d@x", "n": 4},
	}); err != nil {
		t.Fatal(err)
	}
	wantRows(t, eng, "1 moved@x 500|2 b@x 1|3 d@x 4", counts.C("id"), counts.C("email"), counts.C("n"))

	// A conflict DO NOTHING cannot resolve is still an integrity error,
	// and leaves the table as it was.
	_, err = eng.Execute(ctx, sqlite.Insert(counts).Values(sql.Values{"id": 3, "email": "e@x"}).OnConflictDoNothing(sqlite.On("email")))
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("conflict on another constraint: %v", err)
	}
	wantRows(t, eng, "1 moved@x 500|2 b@x 1|3 d@x 4", counts.C("id"), counts.C("email"), counts.C("n"))
}
