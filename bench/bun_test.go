package bench

import (
	"context"
	"testing"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	"github.com/uptrace/bun/dialect/sqlitedialect"
	"github.com/uptrace/bun/schema"
)

// bun: Bun over database/sql (pgx's adapter, or modernc's SQLite).
func init() { register(openBun) }

func bunDialect() schema.Dialect {
	if bench.db == "sqlite" {
		return sqlitedialect.New()
	}
	return pgdialect.New()
}

func openBun(tb testing.TB) *library {
	db := bun.NewDB(openStdlib(tb), bunDialect())
	readExpr := ReadTable + " AS m"
	return &library{
		name:  "bun",
		close: func() { db.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			_, err := db.NewInsert().Model(m).Exec(ctx)
			return err
		},
		insertMulti: func(ctx context.Context, ms []Model) error {
			resetIDs(ms)
			_, err := db.NewInsert().Model(&ms).Exec(ctx)
			return err
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			_, err := db.NewUpdate().Model(m).WherePK().Exec(ctx)
			return err
		},
		selectByPK: func(ctx context.Context, id int64) (m Model, err error) {
			err = db.NewSelect().Model(&m).ModelTableExpr(readExpr).Where("m.id = ?", id).Scan(ctx)
			return m, err
		},
		select100: func(ctx context.Context) ([]Model, error) {
			var out []Model
			err := db.NewSelect().Model(&out).ModelTableExpr(readExpr).Order("m.id").Limit(100).Scan(ctx)
			return out, err
		},
		stream: func(ctx context.Context, fn func(*Model)) error {
			rows, err := db.NewSelect().Model((*Model)(nil)).ModelTableExpr(readExpr).Order("m.id").Limit(ReadRows).Rows(ctx)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var m Model
				if err := db.ScanRow(ctx, rows, &m); err != nil {
					return err
				}
				fn(&m)
			}
			return rows.Err()
		},
		bulkInsert: func(ctx context.Context, ms []Model) error {
			resetIDs(ms)
			batch := 1000
			if bench.db == "sqlite" {
				batch = 3000 / len(Columns)
			}
			return db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
				for start := 0; start < len(ms); start += batch {
					chunk := ms[start:min(start+batch, len(ms))]
					if _, err := tx.NewInsert().Model(&chunk).Exec(ctx); err != nil {
						return err
					}
				}
				return nil
			})
		},
	}
}
