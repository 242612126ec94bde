package sql_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// multiRows is 100 rows of values for benchUsers.
func multiRows() []sql.Values {
	rows := make([]sql.Values, 100)
	for i := range rows {
		rows[i] = sql.Values{"name": fmt.Sprint("u", i), "email": "e", "active": i%2 == 0}
	}
	return rows
}

// BenchmarkCacheKeyInsertMulti100 keys a 100-row INSERT (300 values).
func BenchmarkCacheKeyInsertMulti100(b *testing.B) {
	stmt := sql.NewInsert(benchUsers).Values(multiRows()...)
	b.ReportAllocs()
	for b.Loop() {
		k := sql.NewCacheKey(stmt, false)
		k.Release()
	}
}

// BenchmarkCacheKeyUpdate keys a one-row UPDATE by primary key.
func BenchmarkCacheKeyUpdate(b *testing.B) {
	stmt := sql.NewUpdate(benchUsers).
		Values(sql.Values{"name": "n", "email": "e", "active": true}).
		Where(benchUsers.C("id").Eq(5))
	b.ReportAllocs()
	for b.Loop() {
		k := sql.NewCacheKey(stmt, false)
		k.Release()
	}
}

// BenchmarkInsertMulti100Bind builds a 100-row INSERT of 3 columns,
// compiles it through the cache (a hit) and binds its 300 values: the
// work per statement of a program inserting rows.
func BenchmarkInsertMulti100Bind(b *testing.B) {
	cache := sql.NewCache(qmark, 10)
	run := func(b *testing.B, build func() *sql.Insert) {
		b.ReportAllocs()
		for b.Loop() {
			c, k, _, err := cache.Compile(build())
			if err != nil {
				b.Fatal(err)
			}
			// Slots, as the engine binds: the values are read from the
			// statement's rows.
			if _, _, err := c.Bind(k.Slots(), nil); err != nil {
				b.Fatal(err)
			}
			k.Release()
		}
	}
	b.Run("values", func(b *testing.B) {
		run(b, func() *sql.Insert {
			rows := make([]sql.Values, 100)
			for i := range rows {
				rows[i] = sql.Values{"name": "u", "email": "e", "active": i%2 == 0}
			}
			return sql.NewInsert(benchUsers).Values(rows...)
		})
	})
	b.Run("rows", func(b *testing.B) {
		cols := []string{"name", "email", "active"}
		run(b, func() *sql.Insert {
			rows := make([][]any, 100)
			for i := range rows {
				rows[i] = []any{"u", "e", i%2 == 0}
			}
			return sql.NewInsert(benchUsers).Rows(cols, rows...)
		})
	})
}

// benchWide is a table of ten columns of mixed types, as the bench
// module's.
var benchWide = sql.NewTable("wide",
	sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 50}, sql.NotNull()),
	sql.NewColumn("email", types.String{Length: 100}, sql.NotNull()),
	sql.NewColumn("age", types.Integer{}, sql.NotNull()),
	sql.NewColumn("score", types.Double{}, sql.NotNull()),
	sql.NewColumn("active", types.Boolean{}, sql.NotNull()),
	sql.NewColumn("balance", types.BigInteger{}, sql.NotNull()),
	sql.NewColumn("created_at", types.DateTime{Timezone: true}, sql.NotNull()),
	sql.NewColumn("note", types.Text{}),
	sql.NewColumn("payload", types.LargeBinary{}, sql.NotNull()),
)

// wideValues is one row of benchWide but its key, in a new map as a
// program makes it for each statement.
func wideValues(i int) sql.Values {
	return sql.Values{
		"name": "name", "email": "mail", "age": i, "score": 1.5, "active": true,
		"balance": int64(i), "created_at": benchTime, "note": "n", "payload": benchPayload,
	}
}

var (
	benchTime    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	benchPayload = []byte("payload")
)

// BenchmarkWriteOneBind builds a one-row INSERT and an UPDATE by key of
// nine columns, compiles each through the cache (a hit) and binds it: the
// client's work per statement of InsertOne and UpdateByPK.
func BenchmarkWriteOneBind(b *testing.B) {
	cache := sql.NewCache(qmark, 10)
	run := func(b *testing.B, build func(i int) sql.Element) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c, k, _, err := cache.Compile(build(i))
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := c.Bind(k.Slots(), nil); err != nil {
				b.Fatal(err)
			}
			k.Release()
		}
	}
	b.Run("insert", func(b *testing.B) {
		run(b, func(i int) sql.Element {
			return sql.NewInsert(benchWide).Values(wideValues(i)).Returning(benchWide.C("id"))
		})
	})
	b.Run("update", func(b *testing.B) {
		run(b, func(i int) sql.Element {
			return sql.NewUpdate(benchWide).Values(wideValues(i)).Where(benchWide.C("id").Eq(int64(i)))
		})
	})
}
