package bench

import (
	"context"
	"testing"

	_ "github.com/athanordb/athanor/dialect/postgres"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// athanor-core: Athanor's Core as a program uses it: statements built for
// each call, executed through the engine (compile cache, echo and events
// hooks included), rows read with ScanAll, ScanOne and Each.
func init() {
	register(openAthanor)
	register(openAthanorPrepared)
}

func benchTable(md *sql.MetaData, name string) *sql.Table {
	return md.Table(name,
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}, sql.NotNull()),
		sql.NewColumn("email", types.String{Length: 100}, sql.NotNull()),
		sql.NewColumn("age", types.Integer{}, sql.NotNull()),
		sql.NewColumn("score", types.Double{}, sql.NotNull()),
		sql.NewColumn("active", types.Boolean{}, sql.NotNull()),
		sql.NewColumn("balance", types.BigInteger{}, sql.NotNull()),
		sql.NewColumn("created_at", types.DateTime{Timezone: true}, sql.NotNull()),
		sql.NewColumn("note", types.Text{}),
		sql.NewColumn("payload", types.LargeBinary{}, sql.NotNull()),
	)
}

var bulkColumns = []string{"name", "email", "age", "score", "active", "balance", "created_at", "note", "payload"}

func athanorValues(m *Model) sql.Values {
	return sql.Values{
		"name": m.Name, "email": m.Email, "age": m.Age, "score": m.Score, "active": m.Active,
		"balance": m.Balance, "created_at": m.CreatedAt, "note": m.Note, "payload": m.Payload,
	}
}

// athanor-core-prepared: the single-row workloads through Engine.Prepare,
// the way a program executes one statement many times: built once with
// named parameters (or, for the INSERT and the UPDATE's values, taking
// its values from the parameters), keyed once, then executed with
// sql.Params through the warm cache.
func openAthanorPrepared(tb testing.TB) *library {
	eng, read, write, cols := openAthanorEngine(tb)
	ins := eng.Prepare(sql.NewInsert(write))
	upd := eng.Prepare(sql.NewUpdate(write).Where(write.C("id").Eq(sql.Bind("id"))))
	byPK := eng.Prepare(sql.NewSelect(cols...).Where(read.C("id").Eq(sql.Bind("id"))))
	return &library{
		name:  "athanor-core-prepared",
		close: func() { eng.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			res, err := ins.Execute(ctx, sql.Params(athanorValues(m)))
			return setInsertedID(m, res, err)
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			p := sql.Params(athanorValues(m))
			p["id"] = m.ID
			_, err := upd.Execute(ctx, p)
			return err
		},
		selectByPK: func(ctx context.Context, id int64) (Model, error) {
			return engine.ScanOne[Model](byPK.Execute(ctx, sql.Params{"id": id}))
		},
	}
}

// setInsertedID sets m.ID to the key an INSERT's result reports.
func setInsertedID(m *Model, res *engine.Result, err error) error {
	if err != nil {
		return err
	}
	pk, err := res.InsertedPrimaryKey()
	if err != nil {
		return err
	}
	m.ID = pk[0].(int64)
	return nil
}

// openAthanorEngine opens an engine on the benchmark database and
// describes its tables; cols are the read table's columns.
func openAthanorEngine(tb testing.TB) (eng *engine.Engine, read, write *sql.Table, cols []sql.Element) {
	eng, err := engine.Create(bench.url)
	if err != nil {
		tb.Fatal(err)
	}
	md := sql.NewMetaData()
	read, write = benchTable(md, ReadTable), benchTable(md, WriteTable)
	cols = make([]sql.Element, 0, len(AllColumns))
	for _, c := range read.Columns() {
		cols = append(cols, c)
	}
	return eng, read, write, cols
}

func openAthanor(tb testing.TB) *library {
	eng, read, write, cols := openAthanorEngine(tb)
	return &library{
		name:  "athanor-core",
		close: func() { eng.Close() },
		insertOne: func(ctx context.Context, m *Model) error {
			res, err := eng.Execute(ctx, sql.NewInsert(write).Values(athanorValues(m)))
			return setInsertedID(m, res, err)
		},
		insertMulti: func(ctx context.Context, ms []Model) error {
			// Rows by position (Insert.Rows), as a program inserting many
			// rows writes them.
			rows := make([][]any, len(ms))
			for i := range ms {
				m := &ms[i]
				rows[i] = []any{m.Name, m.Email, m.Age, m.Score, m.Active, m.Balance, m.CreatedAt, m.Note, m.Payload}
			}
			_, err := eng.Execute(ctx, sql.NewInsert(write).Rows(bulkColumns, rows...))
			return err
		},
		updateByPK: func(ctx context.Context, m *Model) error {
			_, err := eng.Execute(ctx, sql.NewUpdate(write).Values(athanorValues(m)).Where(write.C("id").Eq(m.ID)))
			return err
		},
		selectByPK: func(ctx context.Context, id int64) (Model, error) {
			return engine.ScanOne[Model](eng.Execute(ctx, sql.NewSelect(cols...).Where(read.C("id").Eq(id))))
		},
		select100: func(ctx context.Context) ([]Model, error) {
			return engine.ScanAll[Model](eng.Execute(ctx, sql.NewSelect(cols...).OrderBy(read.C("id")).Limit(100)))
		},
		stream: func(ctx context.Context, fn func(*Model)) error {
			for m, err := range engine.Each[Model](eng.Execute(ctx, sql.NewSelect(cols...).OrderBy(read.C("id")).Limit(ReadRows))) {
				if err != nil {
					return err
				}
				fn(&m)
			}
			return nil
		},
		bulkInsert: func(ctx context.Context, ms []Model) error {
			// CopyFrom: COPY on PostgreSQL, multi-row INSERT batches on
			// SQLite.
			rows := make([][]any, len(ms))
			for i := range ms {
				m := &ms[i]
				rows[i] = []any{m.Name, m.Email, m.Age, m.Score, m.Active, m.Balance, m.CreatedAt, m.Note, m.Payload}
			}
			_, err := eng.CopyFrom(ctx, write, bulkColumns, rows)
			return err
		},
	}
}
