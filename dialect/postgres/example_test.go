package postgres_test

import (
	"context"
	"fmt"
	"log"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func show(st sql.Element) {
	c, err := sql.Compile(st, postgres.New())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
}

// A table with PostgreSQL's types: SERIAL key, a named enum type, an
// array, JSONB, and a time zone-aware timestamp. CreateAll creates the
// enum type first.
func ExampleNew() {
	md := sql.NewMetaData()
	status := types.Enum{Name: "ticket_status", Values: []string{"open", "closed"}}
	tickets := md.Table("tickets",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("status", status, sql.NotNull(), sql.ServerDefault("open")),
		sql.NewColumn("labels", postgres.ArrayOf(types.Text{})),
		sql.NewColumn("data", postgres.JSONB{}),
		sql.NewColumn("opened", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
	)
	for _, o := range sql.SchemaObjectsOf(postgres.New(), md.Tables()) {
		show(o.Create)
	}
	show(sql.NewCreateTable(tickets))
	// Output:
	// CREATE TYPE ticket_status AS ENUM ('open', 'closed')
	// CREATE TABLE tickets (id SERIAL NOT NULL, status ticket_status DEFAULT 'open' NOT NULL, labels TEXT[], data JSONB, opened TIMESTAMP WITH TIME ZONE DEFAULT now(), PRIMARY KEY (id))
}

// Insert or update: ON CONFLICT on the key, adding the proposed hits to
// the stored ones, and returning the row either way.
func ExampleInsert() {
	md := sql.NewMetaData()
	visits := md.Table("visits",
		sql.NewColumn("page", types.Text{}, sql.PrimaryKey()),
		sql.NewColumn("hits", types.BigInteger{}, sql.NotNull()),
	)
	ins := postgres.Insert(visits).Values(sql.Values{"page": "/", "hits": 1})
	ins = ins.OnConflictDoUpdate(postgres.On("page"),
		sql.Values{"hits": sql.Ops(visits.C("hits")).Add(ins.Excluded().C("hits"))}).
		Returning(visits.C("hits"))
	show(ins)
	show(postgres.Insert(visits).Values(sql.Values{"page": "/", "hits": 1}).OnConflictDoNothing(postgres.OnConstraint("visits_pkey")))
	// Output:
	// INSERT INTO visits (page, hits) VALUES ($1, $2) ON CONFLICT (page) DO UPDATE SET hits = (visits.hits + excluded.hits) RETURNING visits.hits
	// INSERT INTO visits (page, hits) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT visits_pkey DO NOTHING
}

func ExampleArrayOps() {
	posts := sql.NewTable("posts", sql.NewColumn("id", types.Integer{}), sql.NewColumn("tags", postgres.ArrayOf(types.Text{})))
	tags := postgres.ArrayOps(posts.C("tags"))
	show(sql.NewSelect(posts.C("id"), tags.Index(1)).Where(tags.Contains([]string{"go"}), tags.Any().Ne("draft")))
	show(sql.NewSelect(posts.C("id")).Where(tags.Overlap([]string{"sql", "db"})))
	// Output:
	// SELECT posts.id, posts.tags[$1] AS anon_1 FROM posts WHERE posts.tags @> $2 AND $3 != ANY (posts.tags)
	// SELECT posts.id FROM posts WHERE posts.tags && $1
}

func ExampleJSONOps() {
	events := sql.NewTable("events", sql.NewColumn("id", types.Integer{}), sql.NewColumn("payload", postgres.JSONB{}))
	doc := postgres.JSONOps(events.C("payload"))
	show(sql.NewSelect(doc.Get("user").GetText("name")).Where(doc.Contains(map[string]any{"type": "login"}), doc.HasKey("user")))
	show(sql.NewSelect(doc.PathText("user", "address", "city")))
	// Output:
	// SELECT (events.payload -> $1) ->> $2 AS anon_1 FROM events WHERE events.payload @> $3 AND events.payload ? $4
	// SELECT events.payload #>> $1 AS anon_1 FROM events
}

// A sequence as a column's default: created with the table, and the key
// of an inserted row comes back with RETURNING.
func ExampleInsert_sequence() {
	md := sql.NewMetaData()
	ids := sql.NewSequence("order_id_seq", sql.SequenceOptions{Start: sql.Int64(1000)})
	orders := md.Table("orders", sql.NewColumn("id", types.BigInteger{}, ids, sql.PrimaryKey()), sql.NewColumn("total", types.Numeric{Precision: 10, Scale: 2}))
	show(sql.NewCreateSequence(ids))
	show(sql.NewCreateTable(orders))
	show(orders.Insert().Values(sql.Values{"total": "9.99"}))
	// Output:
	// CREATE SEQUENCE order_id_seq START WITH 1000
	// CREATE TABLE orders (id BIGINT NOT NULL, total NUMERIC(10, 2), PRIMARY KEY (id))
	// INSERT INTO orders (id, total) VALUES (nextval('order_id_seq'), $1) RETURNING orders.id
}

// Streaming a large result through a server-side cursor, 500 rows per
// round trip. (This example needs a server, so it only compiles.)
func Example_stream() {
	ctx := context.Background()
	eng, err := engine.Create("postgresql://app@localhost/app")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	logs := sql.NewTable("logs", sql.NewColumn("id", types.BigInteger{}), sql.NewColumn("line", types.Text{}))
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		cur, err := tx.Stream(ctx, sql.NewSelect(logs.C("id"), logs.C("line")).OrderBy(logs.C("id")), 500)
		if err != nil {
			return err
		}
		for row, err := range cur.Rows() {
			if err != nil {
				return err
			}
			fmt.Println(row.Get(0), row.Get(1))
		}
		return nil
	})
	if err != nil {
		log.Fatal(err)
	}
}
