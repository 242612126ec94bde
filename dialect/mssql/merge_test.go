package mssql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestMerge(t *testing.T) {
	d := mssql.New()
	visits := sql.NewTable("visits",
		sql.NewColumn("page", types.String{Length: 50}, sql.PrimaryKey()),
		sql.NewColumn("hits", integer, sql.NotNull()),
		sql.NewColumn("seen", types.DateTime{}))
	upsert := mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}).On("page")
	src := upsert.Source()
	const head = "MERGE INTO visits USING (VALUES (@p1, @p2)) AS source (page, hits) ON visits.page = source.page"
	const insert = " WHEN NOT MATCHED THEN INSERT (page, hits) VALUES (source.page, source.hits)"
	sourceTable := sql.NewTable("source", sql.NewColumn("id", integer), sql.NewColumn("v", integer))
	withKeys := sql.NewTable("pairs", sql.NewColumn("a", integer), sql.NewColumn("b", integer), sql.NewColumn("v", integer), sql.Schema("app.dbo"))

	sqltest.Run(t, []sqltest.Case{
		{Name: "upsert", Dialect: d,
			Stmt: upsert.WhenMatchedUpdate(sql.Values{"hits": sql.Ops(visits.C("hits")).Add(src.C("hits"))}).WhenNotMatchedInsert(),
			SQL:  head + " WHEN MATCHED THEN UPDATE SET hits = (visits.hits + source.hits)" + insert + ";", Params: []any{"/", 1}},
		{Name: "update from the source", Dialect: d, Stmt: upsert.WhenMatchedUpdateFromSource().WhenNotMatchedInsert(),
			SQL: head + " WHEN MATCHED THEN UPDATE SET hits = source.hits" + insert + ";", Params: []any{"/", 1}},
		{Name: "insert only", Dialect: d, Stmt: upsert.WhenNotMatchedInsert(), SQL: head + insert + ";", Params: []any{"/", 1}},
		{Name: "several rows", Dialect: d,
			Stmt:   mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}, sql.Values{"page": "/a", "hits": 2}).On("page").WhenNotMatchedInsert(),
			SQL:    "MERGE INTO visits USING (VALUES (@p1, @p2), (@p3, @p4)) AS source (page, hits) ON visits.page = source.page" + insert + ";",
			Params: []any{"/", 1, "/a", 2}},
		{Name: "conditions, delete and set values", Dialect: d,
			Stmt: upsert.WhenMatchedDelete(src.C("hits").Eq(0)).
				WhenMatchedUpdate(sql.Values{"hits": src.C("hits"), "seen": sql.Func("now")}).
				WhenNotMatchedInsert(src.C("hits").Gt(0)).
				WhenNotMatchedBySourceDelete(visits.C("hits").Lt(10)),
			SQL: head + " WHEN MATCHED AND source.hits = @p3 THEN DELETE WHEN MATCHED THEN UPDATE SET hits = source.hits, seen = CURRENT_TIMESTAMP" +
				" WHEN NOT MATCHED AND source.hits > @p4 THEN INSERT (page, hits) VALUES (source.page, source.hits)" +
				" WHEN NOT MATCHED BY SOURCE AND visits.hits < @p5 THEN DELETE;",
			Params: []any{"/", 1, 0, 0, 10}},
		{Name: "HOLDLOCK and OUTPUT", Dialect: d, Stmt: upsert.HoldLock().WhenMatchedUpdateFromSource().WhenNotMatchedInsert().Returning(visits.C("page"), visits.C("hits")),
			SQL: "MERGE INTO visits WITH (HOLDLOCK) USING (VALUES (@p1, @p2)) AS source (page, hits) ON visits.page = source.page" +
				" WHEN MATCHED THEN UPDATE SET hits = source.hits" + insert + " OUTPUT inserted.page, inserted.hits;", Params: []any{"/", 1}},
		{Name: "two keys, schema", Dialect: d,
			Stmt:   mssql.Merge(withKeys).Values(sql.Values{"a": 1, "b": 2, "v": 3}).On("a", "b").WhenMatchedUpdateFromSource(),
			SQL:    "MERGE INTO app.dbo.pairs USING (VALUES (@p1, @p2, @p3)) AS source (a, b, v) ON app.dbo.pairs.a = source.a AND app.dbo.pairs.b = source.b WHEN MATCHED THEN UPDATE SET v = source.v;",
			Params: []any{1, 2, 3}},
		{Name: "a table named source", Dialect: d,
			Stmt: mssql.Merge(sourceTable).Values(sql.Values{"id": 1, "v": 2}).On("id").WhenMatchedUpdateFromSource(),
			SQL:  "MERGE INTO source USING (VALUES (@p1, @p2)) AS src (id, v) ON source.id = src.id WHEN MATCHED THEN UPDATE SET v = src.v;", Params: []any{1, 2}},
		{Name: "named parameters", Dialect: d,
			Stmt: mssql.Merge(visits).Values(sql.Values{"page": sql.Bind("page"), "hits": sql.Bind("hits")}).On("page").WhenNotMatchedInsert(),
			SQL:  "MERGE INTO visits USING (VALUES (@p1, @p2)) AS source (page, hits) ON visits.page = source.page" + insert + ";",
			Exec: sql.Params{"page": "/b", "hits": 5}, Params: []any{"/b", 5}},

		// Bad input fails to compile.
		{Name: "no table", Dialect: d, Stmt: mssql.Merge(nil).Values(sql.Values{"page": "/"}).On("page").WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "no rows", Dialect: d, Stmt: mssql.Merge(visits).On("page").WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "empty Values", Dialect: d, Stmt: mssql.Merge(visits).Values().On("page").WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "unknown column", Dialect: d, Stmt: mssql.Merge(visits).Values(sql.Values{"nope": 1}).On("page").WhenNotMatchedInsert(), Err: sql.ErrNoSuchColumn},
		{Name: "rows of other columns", Dialect: d,
			Stmt: mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}, sql.Values{"page": "/a"}).On("page").WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "no On", Dialect: d, Stmt: mssql.Merge(visits).Values(sql.Values{"page": "/"}).WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "empty On", Dialect: d, Stmt: mssql.Merge(visits).Values(sql.Values{"page": "/"}).On().WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "On unknown column", Dialect: d, Stmt: upsert.On("nope").WhenNotMatchedInsert(), Err: sql.ErrNoSuchColumn},
		{Name: "On a column the rows lack", Dialect: d, Stmt: upsert.On("seen").WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "no WHEN", Dialect: d, Stmt: upsert, Err: sql.ErrArgument},
		{Name: "empty SET", Dialect: d, Stmt: upsert.WhenMatchedUpdate(nil), Err: sql.ErrArgument},
		{Name: "SET unknown column", Dialect: d, Stmt: upsert.WhenMatchedUpdate(sql.Values{"nope": 1}), Err: sql.ErrNoSuchColumn},
		{Name: "update from a source of keys only", Dialect: d,
			Stmt: mssql.Merge(visits).Values(sql.Values{"page": "/"}).On("page").WhenMatchedUpdateFromSource(), Err: sql.ErrArgument},
		{Name: "two inserts", Dialect: d, Stmt: upsert.WhenNotMatchedInsert().WhenNotMatchedInsert(), Err: sql.ErrArgument},
		{Name: "two unconditional WHEN MATCHED", Dialect: d, Stmt: upsert.WhenMatchedDelete().WhenMatchedUpdateFromSource(), Err: sql.ErrArgument},
		{Name: "two updates", Dialect: d, Stmt: upsert.WhenMatchedUpdateFromSource(src.C("hits").Gt(1)).WhenMatchedUpdateFromSource(), Err: sql.ErrArgument},
		{Name: "three WHEN MATCHED", Dialect: d,
			Stmt: upsert.WhenMatchedDelete(src.C("hits").Eq(0)).WhenMatchedUpdateFromSource().WhenMatchedDelete(), Err: sql.ErrArgument},
		{Name: "bad RETURNING", Dialect: d, Stmt: upsert.WhenNotMatchedInsert().Returning(nil), Err: sql.ErrArgument},
	})
}

// MERGE with OUTPUT returns rows: the statement's result columns are the
// OUTPUT columns.
func TestMergeResultColumns(t *testing.T) {
	visits := sql.NewTable("visits", sql.NewColumn("page", types.String{Length: 50}, sql.PrimaryKey()), sql.NewColumn("hits", integer))
	m := mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}).On("page").WhenNotMatchedInsert().Returning(visits.C("hits"))
	c, err := sql.Compile(m, mssql.New())
	if err != nil {
		t.Fatal(err)
	}
	if !c.Returns || len(c.Columns) != 1 || c.Columns[0].Name != "hits" || c.Kind != sql.KindInsert {
		t.Fatalf("Returns=%v Columns=%v Kind=%v", c.Returns, c.Columns, c.Kind)
	}
	// Structurally equal statements share the compiled SQL and bind their
	// own values.
	key1, key2 := sql.NewCacheKey(m, true), sql.NewCacheKey(mssql.Merge(visits).Values(sql.Values{"page": "/x", "hits": 9}).On("page").WhenNotMatchedInsert().Returning(visits.C("hits")), true)
	defer key1.Release()
	defer key2.Release()
	if string(key1.Bytes()) != string(key2.Bytes()) {
		t.Fatal("equal MERGE statements have different cache keys")
	}
	_, args, err := c.Bind(key2.Binds(), nil)
	if err != nil || len(args) != 2 || args[0] != "/x" || args[1] != 9 {
		t.Fatalf("bound %v, %v", args, err)
	}
	other := sql.NewCacheKey(mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}).On("page").HoldLock().WhenNotMatchedInsert().Returning(visits.C("hits")), true)
	defer other.Release()
	if string(other.Bytes()) == string(key1.Bytes()) {
		t.Fatal("HOLDLOCK does not change the cache key")
	}
	// The statement tree is walkable: the values are found.
	n := 0
	sql.Walk(m, func(e sql.Element) bool {
		if _, ok := e.(*sql.BindParam); ok {
			n++
		}
		return true
	})
	if n != 2 {
		t.Fatalf("Walk found %d bind parameters, want 2", n)
	}
}
