package engine_test

import (
	"context"
	"fmt"
	"log"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// A statement executed many times is prepared once: named parameters
// (sql.Bind) take new values at each execution, and no statement is
// built or walked again.
func ExampleEngine_Prepare() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	users := exampleUsers

	// An INSERT without values takes them from the parameters.
	insert := eng.Prepare(users.Insert())
	for _, name := range []string{"sandy", "patrick", "squidward"} {
		if _, err := insert.Execute(ctx, sql.Params{"name": name}); err != nil {
			log.Fatal(err)
		}
	}
	byID := eng.Prepare(sql.NewSelect(users.C("name")).Where(users.C("id").Eq(sql.Bind("id"))))
	for _, id := range []int64{3, 1} {
		name, err := engine.ScanOne[string](byID.Execute(ctx, sql.Params{"id": id}))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(id, name)
	}
	// Output:
	// 3 squidward
	// 1 sandy
}

// CopyFrom loads many rows at once: COPY on PostgreSQL, multi-row
// INSERT batches in one transaction elsewhere.
func ExampleEngine_CopyFrom() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	rows := make([][]any, 0, 1000)
	for i := range 1000 {
		rows = append(rows, []any{fmt.Sprintf("user %d", i)})
	}
	n, err := eng.CopyFrom(ctx, exampleUsers, []string{"name"}, rows)
	if err != nil {
		log.Fatal(err)
	}
	count, err := engine.ScanOne[int64](eng.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(exampleUsers)))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(n, count)
	// Output: 1000 1000
}
