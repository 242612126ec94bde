package bench

import (
	"fmt"
	"time"

	"github.com/uptrace/bun"
)

// Model is the row every workload reads and writes: ten columns of mixed
// types, one of them nullable.
type Model struct {
	bun.BaseModel `bun:"table:bench_write,alias:m" gorm:"-"`

	ID        int64     `db:"id" bun:"id,pk,autoincrement" gorm:"column:id;primaryKey"`
	Name      string    `db:"name" bun:"name" gorm:"column:name"`
	Email     string    `db:"email" bun:"email" gorm:"column:email"`
	Age       int32     `db:"age" bun:"age" gorm:"column:age"`
	Score     float64   `db:"score" bun:"score" gorm:"column:score"`
	Active    bool      `db:"active" bun:"active" gorm:"column:active"`
	Balance   int64     `db:"balance" bun:"balance" gorm:"column:balance"`
	CreatedAt time.Time `db:"created_at" bun:"created_at" gorm:"column:created_at"`
	Note      *string   `db:"note" bun:"note" gorm:"column:note"`
	Payload   []byte    `db:"payload" bun:"payload" gorm:"column:payload"`
}

// The tables: reads use bench_read (ReadRows rows, loaded once), writes
// use bench_write (emptied at the start of each benchmark).
const (
	ReadTable  = "bench_read"
	WriteTable = "bench_write"
	ReadRows   = 10000
)

// Columns are the columns written, in order (all but id).
var Columns = []string{"name", "email", "age", "score", "active", "balance", "created_at", "note", "payload"}

// AllColumns are the columns read, in order.
var AllColumns = append([]string{"id"}, Columns...)

var baseTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// NewModel returns the i-th generated row (its ID is left to the database).
func NewModel(i int) Model {
	m := Model{
		Name:      fmt.Sprintf("name-%d", i),
		Email:     fmt.Sprintf("user%d@example.com", i),
		Age:       int32(i % 90),
		Score:     float64(i) * 1.5,
		Active:    i%2 == 0,
		Balance:   int64(i) * 100,
		CreatedAt: baseTime.Add(time.Duration(i) * time.Second),
		Payload:   []byte(fmt.Sprintf("payload-%08d", i)),
	}
	if i%3 != 0 {
		note := fmt.Sprintf("note %d", i)
		m.Note = &note
	}
	return m
}

// NewModels returns n generated rows.
func NewModels(n int) []Model {
	out := make([]Model, n)
	for i := range out {
		out[i] = NewModel(i)
	}
	return out
}

// Args returns m's column values, in Columns order.
func (m *Model) Args() []any {
	return []any{m.Name, m.Email, m.Age, m.Score, m.Active, m.Balance, m.CreatedAt, m.Note, m.Payload}
}

// createSQL returns the DDL of a bench table.
func createSQL(db, table string) string {
	id, ts, blob, dbl := "BIGSERIAL PRIMARY KEY", "TIMESTAMPTZ", "BYTEA", "DOUBLE PRECISION"
	if db == "sqlite" {
		id, ts, blob, dbl = "INTEGER PRIMARY KEY AUTOINCREMENT", "TIMESTAMP", "BLOB", "REAL"
	}
	return "CREATE TABLE " + table + " (id " + id + ", name VARCHAR(50) NOT NULL, email VARCHAR(100) NOT NULL, " +
		"age INTEGER NOT NULL, score " + dbl + " NOT NULL, active BOOLEAN NOT NULL, balance BIGINT NOT NULL, " +
		"created_at " + ts + " NOT NULL, note TEXT, payload " + blob + " NOT NULL)"
}
