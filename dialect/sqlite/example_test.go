package sqlite_test

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func ExampleInsert() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()
	md := sql.NewMetaData()
	visits := md.Table("visits",
		sql.NewColumn("page", types.String{Length: 50}, sql.PrimaryKey()),
		sql.NewColumn("hits", types.Integer{}, sql.NotNull()),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		fmt.Println(err)
		return
	}
	// Insert a page, or add to its hits when it is there.
	visit := func(page string, hits int) {
		ins := sqlite.Insert(visits).Values(sql.Values{"page": page, "hits": hits})
		ins = ins.OnConflictDoUpdate(sqlite.On("page"),
			sql.Values{"hits": sql.Ops(visits.C("hits")).Add(ins.Excluded().C("hits"))})
		if _, err := eng.Execute(ctx, ins); err != nil {
			fmt.Println(err)
		}
	}
	visit("/", 1)
	visit("/about", 1)
	visit("/", 2)
	// Insert or ignore.
	if _, err := eng.Execute(ctx, sqlite.Insert(visits).Values(sql.Values{"page": "/", "hits": 100}).OnConflictDoNothing()); err != nil {
		fmt.Println(err)
	}
	sql1, _ := sql.Compile(sqlite.Insert(visits).Values(sql.Values{"page": "/", "hits": 1}).OnConflictDoNothing(sqlite.On("page")), sqlite.New())
	fmt.Println(sql1.SQL)

	type pageHits struct {
		Page string
		Hits int64
	}
	rows, err := engine.ScanAll[pageHits](eng.Execute(ctx, sql.NewSelect(visits).OrderBy(visits.C("page"))))
	fmt.Println(rows, err)
	// Output:
	// INSERT INTO visits (page, hits) VALUES (?, ?) ON CONFLICT (page) DO NOTHING
	// [{/ 3} {/about 1}] <nil>
}
