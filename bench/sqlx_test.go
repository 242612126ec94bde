package bench

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"
)

// sqlx: database/sql with struct scanning by `db` tag.
func init() { register(openSqlx) }

func openSqlx(tb testing.TB) *library {
	driver := "pgx"
	if bench.db == "sqlite" {
		driver = "sqlite"
	}
	db := sqlx.NewDb(openStdlib(tb), driver)
	insertOne := valuesSQL(WriteTable, 1, true)
	insert100 := valuesSQL(WriteTable, 100, false)
	update := updateSQL()
	byPK := selectSQL("id = "+placeholder(1), false)
	limited := selectSQL("", true)
	return &library{
		name:  "sqlx",
		close: func() { db.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			return db.QueryRowxContext(ctx, insertOne, m.Args()...).Scan(&m.ID)
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
			err = db.GetContext(ctx, &m, byPK, id)
			return m, err
		},
		select100: func(ctx context.Context) ([]Model, error) {
			var out []Model
			err := db.SelectContext(ctx, &out, limited, 100)
			return out, err
		},
		stream: func(ctx context.Context, fn func(*Model)) error {
			rows, err := db.QueryxContext(ctx, limited, ReadRows)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var m Model
				if err := rows.StructScan(&m); err != nil {
					return err
				}
				fn(&m)
			}
			return rows.Err()
		},
	}
}
