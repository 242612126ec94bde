package oracle_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestUpsert(t *testing.T) {
	t.Parallel()
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("visits", types.Integer{}),
	)
	emails := md.Table("emails", sql.Schema("crm"),
		sql.NewColumn("email", types.String{Length: 100}),
		sql.NewColumn("owner", types.String{Length: 30}),
	)
	keyOnly := md.Table("tags", sql.NewColumn("tag", types.String{Length: 10}, sql.PrimaryKey()))
	up := oracle.Upsert(users, sql.Values{"id": 7, "name": "sandy"})
	ex := up.Excluded()
	run(t, []sqltest.Case{
		{Name: "one row", Stmt: up,
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{7, "sandy"}},
		{Name: "rows", Stmt: oracle.Upsert(users, sql.Values{"id": 1, "name": "a"}, sql.Values{"id": 2, "name": "b"}),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL UNION ALL SELECT :3, :4 FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{1, "a", 2, "b"}},
		{Name: "set and where", Stmt: oracle.Upsert(users, sql.Values{"id": 7, "name": "sandy", "visits": 1}).
			Set(sql.Values{"visits": sql.Ops(users.C("visits")).Add(ex.C("visits")), "name": ex.C("name")}).
			Where(sql.Ops(users.C("name")).Ne(ex.C("name"))),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name, :3 AS visits FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name, visits = (users.visits + excluded.visits) WHERE users.name != excluded.name WHEN NOT MATCHED THEN INSERT (id, name, visits) VALUES (excluded.id, excluded.name, excluded.visits)",
			Params: []any{7, "sandy", 1}},
		{Name: "do nothing", Stmt: up.DoNothing(),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL) excluded ON (users.id = excluded.id) WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{7, "sandy"}},
		{Name: "on other columns, schema", Stmt: oracle.Upsert(emails, sql.Values{"email": "s@x", "owner": "sandy"}).On("email"),
			SQL:    "MERGE INTO crm.emails USING (SELECT :1 AS email, :2 AS owner FROM DUAL) excluded ON (crm.emails.email = excluded.email) WHEN MATCHED THEN UPDATE SET owner = excluded.owner WHEN NOT MATCHED THEN INSERT (email, owner) VALUES (excluded.email, excluded.owner)",
			Params: []any{"s@x", "sandy"}},
		{Name: "on a column", Stmt: oracle.Upsert(users, sql.Values{"id": 7, "name": "sandy"}).On(users.C("name")),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL) excluded ON (users.name = excluded.name) WHEN MATCHED THEN UPDATE SET id = excluded.id WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{7, "sandy"}},
		{Name: "key only", Stmt: oracle.Upsert(keyOnly, sql.Values{"tag": "go"}),
			SQL:    "MERGE INTO tags USING (SELECT :1 AS tag FROM DUAL) excluded ON (tags.tag = excluded.tag) WHEN NOT MATCHED THEN INSERT (tag) VALUES (excluded.tag)",
			Params: []any{"go"}},
		{Name: "expression value", Stmt: oracle.Upsert(users, sql.Values{"id": 7, "name": sql.Func("user")}),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, USER AS name FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{7}},
		{Name: "named for reading", Dialect: oracle.New(oracle.Options{NamedParameters: true}), Stmt: up,
			SQL:    "MERGE INTO users USING (SELECT :id_1 AS id, :name_1 AS name FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: sql.Params{"id_1": 7, "name_1": "sandy"}},
		{Name: "where true", Stmt: up.Where(sql.True()),
			SQL:    "MERGE INTO users USING (SELECT :1 AS id, :2 AS name FROM DUAL) excluded ON (users.id = excluded.id) WHEN MATCHED THEN UPDATE SET name = excluded.name WHERE 1 = 1 WHEN NOT MATCHED THEN INSERT (id, name) VALUES (excluded.id, excluded.name)",
			Params: []any{7, "sandy"}},

		{Name: "nil table", Stmt: oracle.Upsert(nil, sql.Values{"id": 1}), Err: sql.ErrArgument},
		{Name: "no rows", Stmt: oracle.Upsert(users), Err: sql.ErrArgument},
		{Name: "unknown column", Stmt: oracle.Upsert(users, sql.Values{"nope": 1}), Err: sql.ErrNoSuchColumn},
		{Name: "rows differ", Stmt: oracle.Upsert(users, sql.Values{"id": 1}, sql.Values{"name": "x"}), Err: sql.ErrArgument},
		{Name: "rows differ in size", Stmt: oracle.Upsert(users, sql.Values{"id": 1}, sql.Values{"id": 2, "name": "x"}), Err: sql.ErrArgument},
		{Name: "no key", Stmt: oracle.Upsert(emails, sql.Values{"email": "x"}), Err: sql.ErrArgument},
		{Name: "key not given", Stmt: oracle.Upsert(users, sql.Values{"name": "x"}), Err: sql.ErrArgument},
		{Name: "on unknown", Stmt: up.On("nope"), Err: sql.ErrNoSuchColumn},
		{Name: "on nothing", Stmt: up.On(), Err: sql.ErrArgument},
		{Name: "on other table's column", Stmt: up.On(emails.C("email")), Err: sql.ErrArgument},
		{Name: "on a number", Stmt: up.On(3), Err: sql.ErrArgument},
		{Name: "set nothing", Stmt: up.Set(nil), Err: sql.ErrArgument},
		{Name: "set unknown", Stmt: up.Set(sql.Values{"nope": 1}), Err: sql.ErrNoSuchColumn},
		{Name: "set the key", Stmt: up.Set(sql.Values{"id": 8}), Err: dialect.ErrNotSupported},
		{Name: "set and do nothing", Stmt: up.Set(sql.Values{"name": "x"}).DoNothing(), Err: sql.ErrArgument},
		{Name: "nil condition", Stmt: up.Where(nil), Err: sql.ErrArgument},
	})
	if up.Table() != users || up.Err() != nil || oracle.Upsert(nil).Err() == nil {
		t.Fatal("Table or Err")
	}
	if got := oracle.Upsert(nil).Excluded().Name(); got != "excluded" {
		t.Fatalf("Excluded of a nil table: %s", got)
	}
}

// TestUpsertImmutable: building on a statement leaves it as it was.
func TestUpsertImmutable(t *testing.T) {
	t.Parallel()
	users := sql.NewTable("users", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 9}))
	base := oracle.Upsert(users, sql.Values{"id": 1, "name": "a"})
	before, err := sql.Compile(base, modern)
	if err != nil {
		t.Fatal(err)
	}
	_ = base.DoNothing()
	_ = base.Where(sql.Ops(users.C("name")).Eq("b"))
	_ = base.Set(sql.Values{"name": "c"})
	_ = base.On("name")
	after, err := sql.Compile(base, modern)
	if err != nil || after.SQL != before.SQL {
		t.Fatalf("changed: %s", after.SQL)
	}
	w := base.Where(sql.Ops(users.C("name")).Eq("b"))
	w1 := w.Where(sql.Ops(users.C("id")).Gt(0))
	w2 := w.Where(sql.Ops(users.C("id")).Lt(9))
	a, _ := sql.Compile(w1, modern)
	b, _ := sql.Compile(w2, modern)
	if a == nil || b == nil || a.SQL == b.SQL {
		t.Fatal("two statements built on one share their conditions")
	}
}

// TestUpsertCacheKey: structurally equal statements share a key, others
// do not; values are bound, not keyed.
func TestUpsertCacheKey(t *testing.T) {
	t.Parallel()
	users := sql.NewTable("users", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 9}))
	key := func(e sql.Element) string {
		k := sql.NewCacheKey(e, true)
		defer k.Release()
		return string(k.Bytes())
	}
	a := key(oracle.Upsert(users, sql.Values{"id": 1, "name": "a"}))
	b := key(oracle.Upsert(users, sql.Values{"id": 2, "name": "b"}))
	c := key(oracle.Upsert(users, sql.Values{"id": 2, "name": "b"}).DoNothing())
	d := key(oracle.Upsert(users, sql.Values{"id": 2, "name": "b"}).On("name"))
	e := key(oracle.Upsert(users, sql.Values{"id": 2}))
	if a != b || a == c || a == d || a == e || c == d {
		t.Fatal("cache keys")
	}
	cache := sql.NewCache(modern, 4)
	for i, name := range []string{"a", "b"} {
		comp, k, hit, err := cache.Compile(oracle.Upsert(users, sql.Values{"id": i, "name": name}))
		if err != nil || hit != (i == 1) {
			t.Fatalf("row %d: hit %v, %v", i, hit, err)
		}
		_, args, err := comp.Bind(k.Binds(), nil)
		k.Release()
		if err != nil || args[0] != i || args[1] != name {
			t.Fatalf("row %d: %v %v", i, args, err)
		}
	}
}
