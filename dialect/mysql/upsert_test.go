package mysql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func foos() *sql.Table {
	return sql.NewMetaData().Table("foos",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("bar", types.String{Length: 10}),
		sql.NewColumn("baz", types.String{Length: 10}),
		sql.NewColumn("updated_once", types.Boolean{}, sql.Default(false)),
	)
}

func TestUpsertCompile(t *testing.T) {
	tb := foos()
	rows := mysql.Insert(tb).Values(sql.Values{"id": 1, "bar": "ab"}, sql.Values{"id": 2, "bar": "b"})
	fromValues := rows.OnDuplicateKeyUpdate(sql.Values{"bar": rows.Inserted().C("bar"), "baz": rows.Inserted().C("baz")})
	sel := mysql.Insert(tb).FromSelect([]*sql.Column{tb.C("id"), tb.C("bar")},
		sql.NewSelect(tb.C("id"), sql.LiteralColumn("'bar2'")).OrderBy(tb.C("id")))
	fromSelect := sel.OnDuplicateKeyUpdate(sql.Values{"bar": sel.Inserted().C("bar"), "baz": sel.Inserted().C("baz")})
	newTable := sql.NewMetaData().Table("new", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("bar", str30), sql.NewColumn("baz", str30))
	dupAlias := mysql.Insert(newTable).Values(sql.Values{"id": 1, "bar": "ab"}, sql.Values{"id": 2, "bar": "b"})
	dupAlias = dupAlias.OnDuplicateKeyUpdate(sql.Values{
		"bar": sql.Func("coalesce", dupAlias.Inserted().C("bar")),
		"baz": sql.Ops(sql.Ops(dupAlias.Inserted().C("baz")).Concat("some literal")).Concat(dupAlias.Inserted().C("bar")),
	})
	one := mysql.Insert(tb).Values(sql.Values{"id": 1, "bar": "x"})
	const multiHead = "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?), (?, ?, ?) "
	multiParams := []any{1, "ab", false, 2, "b", false}
	sqltest.Run(t, []sqltest.Case{
		// test_from_values, both variants.
		{Name: "values() form", Dialect: mysql8019, Stmt: fromValues,
			SQL: multiHead + "ON DUPLICATE KEY UPDATE bar = VALUES(bar), baz = VALUES(baz)", Params: multiParams},
		{Name: "values() form on mariadb", Dialect: mariadb11, Stmt: fromValues,
			SQL: multiHead + "ON DUPLICATE KEY UPDATE bar = VALUES(bar), baz = VALUES(baz)", Params: multiParams},
		{Name: "row alias form", Dialect: mysql8020, Stmt: fromValues,
			SQL: multiHead + "AS new ON DUPLICATE KEY UPDATE bar = new.bar, baz = new.baz", Params: multiParams},
		// test_from_select: no row alias after a SELECT.
		{Name: "from select", Dialect: mysql84, Stmt: fromSelect,
			SQL: "INSERT INTO foos (id, bar, updated_once) SELECT foos.id, 'bar2', ? AS anon_1 FROM foos ORDER BY foos.id " +
				"ON DUPLICATE KEY UPDATE bar = VALUES(bar), baz = VALUES(baz)", Params: []any{false}},
		// test_from_literal
		{Name: "literal value", Dialect: mysql84, Stmt: rows.OnDuplicateKeyUpdate(sql.Values{"bar": sql.LiteralColumn("bb")}),
			SQL: multiHead + "AS new ON DUPLICATE KEY UPDATE bar = bb", Params: multiParams},
		// test_mysql8_on_update_dont_dup_alias_name
		{Name: "table named new", Dialect: mysql8020, Stmt: dupAlias,
			SQL:    "INSERT INTO new (id, bar) VALUES (?, ?), (?, ?) AS new_1 ON DUPLICATE KEY UPDATE bar = coalesce(new_1.bar), baz = (concat(new_1.baz, ?, new_1.bar))",
			Params: []any{1, "ab", 2, "b", "some literal"}},
		// test_on_update_instrumented_attribute_dict: a Go value is bound.
		{Name: "value", Dialect: mysql84, Stmt: one.OnDuplicateKeyUpdate(sql.Values{"bar": "y"}),
			SQL: "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?) AS new ON DUPLICATE KEY UPDATE bar = ?", Params: []any{1, "x", false, "y"}},
		{Name: "existing row and inserted", Dialect: mysql80,
			Stmt:   one.OnDuplicateKeyUpdate(sql.Values{"bar": sql.Ops(tb.C("bar")).Concat(one.Inserted().C("bar")), "updated_once": true}),
			SQL:    "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE bar = (concat(foos.bar, VALUES(bar))), updated_once = ?",
			Params: []any{1, "x", false, true}},
		{Name: "ordered", Dialect: mysql80,
			Stmt:   one.OnDuplicateKeyUpdateOrdered(sql.Assignment{Column: tb.C("baz"), Value: "z"}, sql.Assignment{Column: tb.C("bar"), Value: tb.C("baz")}),
			SQL:    "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE baz = ?, bar = foos.baz",
			Params: []any{1, "x", false, "z"}},
		{Name: "ignore", Dialect: mysql80, Stmt: one.Ignore(), SQL: "INSERT IGNORE INTO foos (id, bar, updated_once) VALUES (?, ?, ?)", Params: []any{1, "x", false}},
		{Name: "priority", Dialect: mysql80, Stmt: one.Prefix("HIGH_PRIORITY"), SQL: "INSERT HIGH_PRIORITY INTO foos (id, bar, updated_once) VALUES (?, ?, ?)", Params: []any{1, "x", false}},
		{Name: "returning on mariadb", Dialect: mariadb11, Stmt: one.OnDuplicateKeyUpdate(sql.Values{"bar": "y"}).Returning(tb.C("id"), tb.C("bar")),
			SQL: "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE bar = ? RETURNING foos.id, foos.bar", Params: []any{1, "x", false, "y"}},
		{Name: "no returning on mysql", Dialect: mysql84, Stmt: one.Returning(tb.C("id")), Err: sql.ErrNotSupported},
		{Name: "param keys", Dialect: mysql80, Stmt: mysql.Insert(tb).OnDuplicateKeyUpdate(sql.Values{"bar": "q"}).WithParamKeys([]string{"bar", "id"}),
			Exec: sql.Params{"id": 5, "bar": "z"},
			SQL:  "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE bar = ?", Params: []any{5, "z", false, "q"}},
		{Name: "generic dialect", Stmt: one.OnDuplicateKeyUpdate(sql.Values{"bar": one.Inserted().C("bar")}),
			SQL:    "INSERT INTO foos (id, bar, updated_once) VALUES (:id, :bar, :updated_once) ON DUPLICATE KEY UPDATE bar = VALUES(bar)",
			Params: sql.Params{"id": 1, "bar": "x", "updated_once": false}},

		{Name: "empty set", Dialect: mysql80, Stmt: one.OnDuplicateKeyUpdate(nil), Err: sql.ErrArgument},
		{Name: "unknown column", Dialect: mysql80, Stmt: one.OnDuplicateKeyUpdate(sql.Values{"nope": 1}), Err: sql.ErrNoSuchColumn},
		{Name: "column of another table", Dialect: mysql80, Stmt: one.OnDuplicateKeyUpdateOrdered(sql.Assignment{Column: newTable.C("bar"), Value: 1}), Err: sql.ErrArgument},
		{Name: "nil column", Dialect: mysql80, Stmt: one.OnDuplicateKeyUpdateOrdered(sql.Assignment{Value: 1}), Err: sql.ErrArgument},
		{Name: "nil table", Dialect: mysql80, Stmt: mysql.Insert(nil).OnDuplicateKeyUpdate(sql.Values{"a": 1}), Err: sql.ErrArgument},
		{Name: "insert error kept", Dialect: mysql80, Stmt: mysql.Insert(tb).Values(sql.Values{"nope": 1}).OnDuplicateKeyUpdate(sql.Values{"bar": 1}), Err: sql.ErrNoSuchColumn},
	})
}

func TestUpsertCacheKey(t *testing.T) {
	tb := foos()
	base := func() *mysql.InsertStmt { return mysql.Insert(tb).Values(sql.Values{"id": 1, "bar": "ab"}) }
	b := base()
	stmts := []sql.Element{
		b,
		b.Ignore(),
		b.OnDuplicateKeyUpdate(sql.Values{"bar": "a"}),
		b.OnDuplicateKeyUpdate(sql.Values{"baz": "a"}),
		b.OnDuplicateKeyUpdate(sql.Values{"bar": b.Inserted().C("bar")}),
		b.OnDuplicateKeyUpdate(sql.Values{"bar": "a", "baz": "b"}),
		b.OnDuplicateKeyUpdateOrdered(sql.Assignment{Column: tb.C("baz"), Value: "b"}, sql.Assignment{Column: tb.C("bar"), Value: "a"}),
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
	cache := sql.NewCache(mysql8020, 10)
	for i, name := range []string{"a", "b"} {
		st := base().OnDuplicateKeyUpdate(sql.Values{"bar": name})
		c, key, hit, err := cache.Compile(st)
		if err != nil {
			t.Fatal(err)
		}
		_, args, err := c.Bind(key.Binds(), nil)
		key.Release()
		if err != nil || hit != (i == 1) || args[3] != name {
			t.Fatalf("%d: hit %v args %v err %v", i, hit, args, err)
		}
	}
}

func TestUpsertImmutable(t *testing.T) {
	tb := foos()
	base := mysql.Insert(tb).Values(sql.Values{"id": 1, "bar": "x"})
	_ = base.OnDuplicateKeyUpdate(sql.Values{"bar": "y"})
	_ = base.Ignore()
	sqltest.Check(t, sqltest.Case{Dialect: mysql80, Stmt: base, SQL: "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?)", Params: []any{1, "x", false}})
}
