package bench

import (
	"context"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/athanordb/athanor/bench/ent"
	"github.com/athanordb/athanor/bench/ent/benchread"
)

// ent: ent's generated client (package ./ent, from ./ent/schema) over
// database/sql: pgx's adapter on PostgreSQL, modernc's driver on SQLite,
// both given to ent as an open *sql.DB (entsql.OpenDB), so that no driver
// name is registered again. The harness creates the tables; ent never
// migrates them.
func init() { register(openEnt) }

// entDialect is ent's name for the bench database's dialect.
func entDialect() string {
	if bench.db == "sqlite" {
		return dialect.SQLite
	}
	return dialect.Postgres
}

// entCreate is the create builder of one row, every column set.
func entCreate(c *ent.BenchWriteClient, m *Model) *ent.BenchWriteCreate {
	return c.Create().
		SetName(m.Name).SetEmail(m.Email).SetAge(m.Age).SetScore(m.Score).SetActive(m.Active).
		SetBalance(m.Balance).SetCreatedAt(m.CreatedAt).SetNillableNote(m.Note).SetPayload(m.Payload)
}

// entCreates are the create builders of ms, for CreateBulk.
func entCreates(c *ent.BenchWriteClient, ms []Model) []*ent.BenchWriteCreate {
	out := make([]*ent.BenchWriteCreate, len(ms))
	for i := range ms {
		out[i] = entCreate(c, &ms[i])
	}
	return out
}

// entModel copies a bench_read entity into the harness's Model.
func entModel(e *ent.BenchRead) Model {
	return Model{
		ID: e.ID, Name: e.Name, Email: e.Email, Age: e.Age, Score: e.Score, Active: e.Active,
		Balance: e.Balance, CreatedAt: e.CreatedAt, Note: e.Note, Payload: e.Payload,
	}
}

func openEnt(tb testing.TB) *library {
	client := ent.NewClient(ent.Driver(entsql.OpenDB(entDialect(), openStdlib(tb))))
	// The first rows by id, for Select100 and Select10000.
	first := func(n int) *ent.BenchReadQuery {
		return client.BenchRead.Query().Order(benchread.ByID()).Limit(n)
	}
	return &library{
		name:  "ent",
		close: func() { client.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			e, err := entCreate(client.BenchWrite, m).Save(ctx)
			if err != nil {
				return err
			}
			m.ID = e.ID
			return nil
		},
		insertMulti: func(ctx context.Context, ms []Model) error {
			return client.BenchWrite.CreateBulk(entCreates(client.BenchWrite, ms)...).Exec(ctx)
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			u := client.BenchWrite.UpdateOneID(m.ID).
				SetName(m.Name).SetEmail(m.Email).SetAge(m.Age).SetScore(m.Score).SetActive(m.Active).
				SetBalance(m.Balance).SetCreatedAt(m.CreatedAt).SetPayload(m.Payload)
			if m.Note != nil {
				u.SetNote(*m.Note)
			} else {
				u.ClearNote()
			}
			return u.Exec(ctx)
		},
		selectByPK: func(ctx context.Context, id int64) (Model, error) {
			e, err := client.BenchRead.Get(ctx, id)
			if err != nil {
				return Model{}, err
			}
			return entModel(e), nil
		},
		select100: func(ctx context.Context) ([]Model, error) {
			es, err := first(100).All(ctx)
			if err != nil {
				return nil, err
			}
			out := make([]Model, len(es))
			for i, e := range es {
				out[i] = entModel(e)
			}
			return out, nil
		},
		// ent has no row-by-row reading: All loads the 10,000 entities
		// into a slice, and fn then sees them one at a time.
		stream: func(ctx context.Context, fn func(*Model)) error {
			es, err := first(ReadRows).All(ctx)
			if err != nil {
				return err
			}
			for _, e := range es {
				m := entModel(e)
				fn(&m)
			}
			return nil
		},
		// ent cannot COPY: CreateBulk in batches of 1,000 rows (fewer on
		// SQLite, under its parameter limit), in one transaction.
		bulkInsert: func(ctx context.Context, ms []Model) error {
			batch := 1000
			if bench.db == "sqlite" {
				batch = 3000 / len(Columns)
			}
			tx, err := client.Tx(ctx)
			if err != nil {
				return err
			}
			for start := 0; start < len(ms); start += batch {
				chunk := ms[start:min(start+batch, len(ms))]
				if err := tx.BenchWrite.CreateBulk(entCreates(tx.BenchWrite, chunk)...).Exec(ctx); err != nil {
					tx.Rollback()
					return err
				}
			}
			return tx.Commit()
		},
	}
}
