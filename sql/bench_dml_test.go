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
