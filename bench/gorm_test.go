package bench

import (
	"context"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// gorm: GORM with its default configuration (a transaction around each
// write, as a user gets it); CreateInBatches for the bulk insert.
func init() { register(openGorm) }

func openGormDB(tb testing.TB, cfg *gorm.Config) *gorm.DB {
	cfg.Logger = logger.Discard
	db, err := gorm.Open(postgres.New(postgres.Config{Conn: openStdlib(tb)}), cfg)
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

func resetIDs(ms []Model) {
	for i := range ms {
		ms[i].ID = 0
	}
}

func openGorm(tb testing.TB) *library {
	if bench.db != "postgres" {
		return nil // GORM's SQLite drivers are cgo, or register modernc's driver name again
	}
	db := openGormDB(tb, &gorm.Config{})
	return &library{
		name: "gorm",
		close: func() {
			if sqldb, err := db.DB(); err == nil {
				sqldb.Close()
			}
		},
		insertOne: func(ctx context.Context, m *Model) error {
			return db.WithContext(ctx).Table(WriteTable).Create(m).Error
		},
		insertMulti: func(ctx context.Context, ms []Model) error {
			resetIDs(ms)
			return db.WithContext(ctx).Table(WriteTable).Create(&ms).Error
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			return db.WithContext(ctx).Table(WriteTable).Save(m).Error
		},
		selectByPK: func(ctx context.Context, id int64) (m Model, err error) {
			err = db.WithContext(ctx).Table(ReadTable).Where("id = ?", id).Take(&m).Error
			return m, err
		},
		select100: func(ctx context.Context) ([]Model, error) {
			var out []Model
			err := db.WithContext(ctx).Table(ReadTable).Order("id").Limit(100).Find(&out).Error
			return out, err
		},
		stream: func(ctx context.Context, fn func(*Model)) error {
			rows, err := db.WithContext(ctx).Table(ReadTable).Order("id").Limit(ReadRows).Rows()
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var m Model
				if err := db.ScanRows(rows, &m); err != nil {
					return err
				}
				fn(&m)
			}
			return rows.Err()
		},
		bulkInsert: func(ctx context.Context, ms []Model) error {
			resetIDs(ms)
			return db.WithContext(ctx).Table(WriteTable).CreateInBatches(&ms, 1000).Error
		},
	}
}
