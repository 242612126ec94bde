package sql_test

import (
	"fmt"
	"testing"

	"github.com/athanordb/athanor/sql"
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
