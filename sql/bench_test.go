package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The benchmark tables: users and the orders that refer to them.
var (
	benchUsers = sql.NewTable("users",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}),
		sql.NewColumn("email", types.String{Length: 100}),
		sql.NewColumn("active", types.Boolean{}),
	)
	benchOrders = sql.NewTable("orders",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.BigInteger{}),
		sql.NewColumn("total", types.Integer{}),
		sql.NewColumn("status", types.String{Length: 20}),
	)
)

// buildSelect is the benchmark issue's BuildSelect statement: a join,
// three WHERE conditions, ORDER BY and LIMIT.
func buildSelect(minTotal int, status string, limit int64) *sql.Select {
	u, o := benchUsers, benchOrders
	return sql.NewSelect(u.C("id"), u.C("name"), o.C("total")).
		Join(o, u.C("id").Eq(o.C("user_id"))).
		Where(u.C("active").Eq(true), o.C("total").Gt(minTotal), o.C("status").Eq(status)).
		OrderBy(o.C("total").Desc()).
		Limit(limit)
}

// BenchmarkBuildSelect builds the statement and compiles it, cold: SQL
// text and arguments, no cache.
func BenchmarkBuildSelect(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		stmt := buildSelect(i, "paid", 10)
		c, err := sql.Compile(stmt, qmark)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.BindOwn(nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCompileOnly compiles a statement built once: the compiler's
// own cost.
func BenchmarkCompileOnly(b *testing.B) {
	stmt := buildSelect(5, "paid", 10)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sql.Compile(stmt, qmark); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCachedCompile is the warm path of a statement built once: key
// walk, cache lookup and Bind.
func BenchmarkCachedCompile(b *testing.B) {
	stmt := buildSelect(5, "paid", 10)
	cache := sql.NewCache(qmark, 100)
	b.ReportAllocs()
	for b.Loop() {
		compileCached(b, cache, stmt)
	}
}

// compileCached compiles through the cache and binds.
func compileCached(b *testing.B, cache *sql.Cache, stmt sql.Element) {
	c, k, _, err := cache.Compile(stmt)
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := c.Bind(k.Binds(), nil); err != nil {
		b.Fatal(err)
	}
	k.Release()
}

// BenchmarkBuildSelectCached builds the statement anew each time (as a
// program does) and compiles it through a warm cache.
func BenchmarkBuildSelectCached(b *testing.B) {
	cache := sql.NewCache(qmark, 100)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		compileCached(b, cache, buildSelect(i, "paid", 10))
	}
}

// BenchmarkBuildOnly builds the statement without compiling it.
func BenchmarkBuildOnly(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if buildSelect(i, "paid", 10) == nil {
			b.Fatal("nil")
		}
	}
}

// BenchmarkCacheKey walks a built statement into its key.
func BenchmarkCacheKey(b *testing.B) {
	stmt := buildSelect(5, "paid", 10)
	b.ReportAllocs()
	for b.Loop() {
		k := sql.NewCacheKey(stmt, false)
		k.Release()
	}
}

// BenchmarkReuseKeyed is the reuse path: a statement built once with
// named parameters, keyed once, compiled through the warm cache and bound
// with new values at each execution.
func BenchmarkReuseKeyed(b *testing.B) {
	u, o := benchUsers, benchOrders
	stmt := sql.NewSelect(u.C("id"), u.C("name"), o.C("total")).
		Join(o, u.C("id").Eq(o.C("user_id"))).
		Where(u.C("active").Eq(true), o.C("total").Gt(sql.Bind("min")), o.C("status").Eq(sql.Bind("status"))).
		OrderBy(o.C("total").Desc()).
		Limit(10)
	cache := sql.NewCache(qmark, 100)
	ks := cache.KeyStatement(stmt, sql.CompileOptions{})
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		c, _, err := cache.CompileKeyed(ks)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := c.Bind(ks.Binds(), sql.Params{"min": i, "status": "paid"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBuildUpdate builds an UPDATE with SET, WHERE and RETURNING.
func BenchmarkBuildUpdate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s := benchUsers.Update().Values(sql.Values{"name": "x"}).Where(benchUsers.C("id").Eq(i)).Returning(benchUsers.C("id"))
		if s == nil {
			b.Fatal("nil")
		}
	}
}

// BenchmarkBuildDelete builds a DELETE with WHERE and RETURNING.
func BenchmarkBuildDelete(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if benchUsers.Delete().Where(benchUsers.C("id").Eq(i)).Returning(benchUsers.C("id")) == nil {
			b.Fatal("nil")
		}
	}
}

// BenchmarkBuildInsert builds a one-row INSERT with RETURNING.
func BenchmarkBuildInsert(b *testing.B) {
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if benchUsers.Insert().Values(sql.Values{"id": i, "name": "x"}).Returning(benchUsers.C("id")) == nil {
			b.Fatal("nil")
		}
	}
}
