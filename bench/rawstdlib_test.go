package bench

import (
	"context"
	"testing"
)

// raw-stdlib: database/sql over pgx's adapter (or modernc's SQLite
// driver), rows scanned by hand.
func init() { register(openStdlibLib) }

type sqlScanner interface{ Scan(dest ...any) error }

func scanStdlib(row sqlScanner, m *Model) error {
	return row.Scan(&m.ID, &m.Name, &m.Email, &m.Age, &m.Score, &m.Active, &m.Balance, &m.CreatedAt, &m.Note, &m.Payload)
}

func openStdlibLib(tb testing.TB) *library {
	db := openStdlib(tb)
	insertOne := valuesSQL(WriteTable, 1, true)
	insert100 := valuesSQL(WriteTable, 100, false)
	update := updateSQL()
	byPK := selectSQL("id = "+placeholder(1), false)
	limited := selectSQL("", true)
	return &library{
		name:  "raw-stdlib",
		close: func() { db.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			return db.QueryRowContext(ctx, insertOne, m.Args()...).Scan(&m.ID)
		},
		insertMulti: func(ctx context.Context, ms []Model) error {
			_, err := db.ExecContext(ctx, insert100, valuesArgs(ms)...)
			return err
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			_, err := db.ExecContext(ctx, update, append(m.Args(), m.ID)...)
			return err
		},
		selectByPK: func(ctx context.Context, id int64) (m Model, err error) {
			err = scanStdlib(db.QueryRowContext(ctx, byPK, id), &m)
			return m, err
		},
		select100: func(ctx context.Context) ([]Model, error) {
			rows, err := db.QueryContext(ctx, limited, 100)
			if err != nil {
				return nil, err
			}
			defer rows.Close()
			var out []Model
			for rows.Next() {
				var m Model
				if err := scanStdlib(rows, &m); err != nil {
					return nil, err
				}
				out = append(out, m)
			}
			return out, rows.Err()
		},
		stream: func(ctx context.Context, fn func(*Model)) error {
			rows, err := db.QueryContext(ctx, limited, ReadRows)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var m Model
				if err := scanStdlib(rows, &m); err != nil {
					return err
				}
				fn(&m)
			}
			return rows.Err()
		},
		bulkInsert: func(ctx context.Context, ms []Model) error {
			tx, err := db.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			defer tx.Rollback()
			batch := 1000
			if bench.db == "sqlite" {
				batch = 3000 / len(Columns) // under SQLite's parameter limit
			}
			for start := 0; start < len(ms); start += batch {
				if err := stdlibInsertValues(ctx, tx, WriteTable, ms[start:min(start+batch, len(ms))]); err != nil {
					return err
				}
			}
			return tx.Commit()
		},
	}
}
