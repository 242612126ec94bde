package bench

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// raw-pgx: pgx's own interface over pgxpool, rows scanned by hand; COPY
// for the bulk insert. raw-pgx-values: the bulk insert as multi-row VALUES
// statements instead, the baseline of multi-row inserts.
func init() {
	register(func(tb testing.TB) *library { return openPgx(tb, "raw-pgx", true) })
	register(func(tb testing.TB) *library { return openPgx(tb, "raw-pgx-values", false) })
}

func scanPgx(row pgx.Row, m *Model) error {
	return row.Scan(&m.ID, &m.Name, &m.Email, &m.Age, &m.Score, &m.Active, &m.Balance, &m.CreatedAt, &m.Note, &m.Payload)
}

func openPgx(tb testing.TB, name string, copyBulk bool) *library {
	if bench.db != "postgres" {
		return nil
	}
	pool, err := pgxpool.New(context.Background(), bench.dsn)
	if err != nil {
		tb.Fatal(err)
	}
	insertOne := valuesSQL(WriteTable, 1, true)
	insert100 := valuesSQL(WriteTable, 100, false)
	update := updateSQL()
	byPK := selectSQL("id = $1", false)
	limited := selectSQL("", true)
	lib := &library{name: name, close: pool.Close}
	lib.bulkInsert = func(ctx context.Context, ms []Model) error {
		return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
			for start := 0; start < len(ms); start += 1000 {
				chunk := ms[start:min(start+1000, len(ms))]
				if _, err := tx.Exec(ctx, valuesSQL(WriteTable, len(chunk), false), valuesArgs(chunk)...); err != nil {
					return err
				}
			}
			return nil
		})
	}
	if !copyBulk {
		return lib
	}
	lib.bulkInsert = func(ctx context.Context, ms []Model) error {
		_, err := pool.CopyFrom(ctx, pgx.Identifier{WriteTable}, Columns, pgx.CopyFromSlice(len(ms), func(i int) ([]any, error) {
			return ms[i].Args(), nil
		}))
		return err
	}
	lib.insertOne = func(ctx context.Context, m *Model) error {
		return pool.QueryRow(ctx, insertOne, m.Args()...).Scan(&m.ID)
	}
	lib.insertMulti = func(ctx context.Context, ms []Model) error {
		_, err := pool.Exec(ctx, insert100, valuesArgs(ms)...)
		return err
	}
	lib.updateByPK = func(ctx context.Context, m *Model) error {
		_, err := pool.Exec(ctx, update, append(m.Args(), m.ID)...)
		return err
	}
	lib.selectByPK = func(ctx context.Context, id int64) (m Model, err error) {
		err = scanPgx(pool.QueryRow(ctx, byPK, id), &m)
		return m, err
	}
	lib.select100 = func(ctx context.Context) ([]Model, error) {
		rows, err := pool.Query(ctx, limited, 100)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var out []Model
		for rows.Next() {
			var m Model
			if err := scanPgx(rows, &m); err != nil {
				return nil, err
			}
			out = append(out, m)
		}
		return out, rows.Err()
	}
	lib.stream = func(ctx context.Context, fn func(*Model)) error {
		rows, err := pool.Query(ctx, limited, ReadRows)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var m Model
			if err := scanPgx(rows, &m); err != nil {
				return err
			}
			fn(&m)
		}
		return rows.Err()
	}
	return lib
}
