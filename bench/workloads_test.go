package bench

import (
	"context"
	"testing"
)

// eachLibrary runs fn as a sub-benchmark per library that has the
// workload (pick returns whether it does).
func eachLibrary(b *testing.B, pick func(*library) bool, fn func(b *testing.B, lib *library)) {
	prepare(b)
	for _, open := range openers {
		lib := open(b)
		if lib == nil {
			continue
		}
		if pick(lib) {
			b.Run(lib.name, func(b *testing.B) {
				b.ReportAllocs()
				start := processCPU()
				fn(b, lib)
				// CPU time of the whole process (every goroutine, the
				// garbage collector) per operation: unlike the wall
				// time, it does not include waiting for the server, nor
				// for a core the machine's load keeps busy.
				b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
			})
		}
		if lib.close != nil {
			lib.close()
		}
	}
}

// emptyWrites empties the write table (outside the timer).
func emptyWrites(b *testing.B) {
	b.Helper()
	db := openStdlib(b)
	defer db.Close()
	q := "TRUNCATE " + WriteTable
	if bench.db == "sqlite" {
		q = "DELETE FROM " + WriteTable
	}
	if _, err := db.ExecContext(context.Background(), q); err != nil {
		b.Fatal(err)
	}
}

// writeRow inserts one row into the write table and returns its id.
func writeRow(b *testing.B) int64 {
	b.Helper()
	db := openStdlib(b)
	defer db.Close()
	m := NewModel(1)
	q := valuesSQL(WriteTable, 1, true)
	var id int64
	if err := db.QueryRowContext(context.Background(), q, m.Args()...).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

func BenchmarkInsertOne(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.insertOne != nil }, func(b *testing.B, lib *library) {
		emptyWrites(b)
		ctx := context.Background()
		m := NewModel(7)
		for b.Loop() {
			m.ID = 0
			if err := lib.insertOne(ctx, &m); err != nil {
				b.Fatal(err)
			}
			if m.ID == 0 {
				b.Fatal("no id")
			}
		}
	})
}

func BenchmarkInsertMulti100(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.insertMulti != nil }, func(b *testing.B, lib *library) {
		emptyWrites(b)
		ctx := context.Background()
		ms := NewModels(100)
		for b.Loop() {
			if err := lib.insertMulti(ctx, ms); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkUpdateByPK(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.updateByPK != nil }, func(b *testing.B, lib *library) {
		emptyWrites(b)
		ctx := context.Background()
		m := NewModel(3)
		m.ID = writeRow(b)
		for i := 0; b.Loop(); i++ {
			m.Balance = int64(i)
			if err := lib.updateByPK(ctx, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkSelectByPK(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.selectByPK != nil }, func(b *testing.B, lib *library) {
		ctx := context.Background()
		for i := 0; b.Loop(); i++ {
			id := int64(i%ReadRows + 1)
			m, err := lib.selectByPK(ctx, id)
			if err != nil {
				b.Fatal(err)
			}
			if m.ID != id {
				b.Fatalf("got id %d, want %d", m.ID, id)
			}
		}
	})
}

func BenchmarkSelect100(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.select100 != nil }, func(b *testing.B, lib *library) {
		ctx := context.Background()
		for b.Loop() {
			ms, err := lib.select100(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if len(ms) != 100 || ms[99].ID != 100 {
				b.Fatalf("got %d rows", len(ms))
			}
		}
	})
}

func BenchmarkSelect10000(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.stream != nil }, func(b *testing.B, lib *library) {
		ctx := context.Background()
		for b.Loop() {
			n, sum := 0, int64(0)
			err := lib.stream(ctx, func(m *Model) {
				n++
				sum += m.ID + int64(len(m.Name))
			})
			if err != nil {
				b.Fatal(err)
			}
			if n != ReadRows || sum == 0 {
				b.Fatalf("got %d rows", n)
			}
		}
	})
}

func BenchmarkBulkInsert10000(b *testing.B) {
	eachLibrary(b, func(l *library) bool { return l.bulkInsert != nil }, func(b *testing.B, lib *library) {
		emptyWrites(b)
		ctx := context.Background()
		ms := NewModels(10000)
		for i := 0; b.Loop(); i++ {
			if i > 0 && i%20 == 0 {
				b.StopTimer()
				emptyWrites(b)
				b.StartTimer()
			}
			if err := lib.bulkInsert(ctx, ms); err != nil {
				b.Fatal(err)
			}
		}
	})
}
