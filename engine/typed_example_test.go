package engine_test

import (
	"context"
	"fmt"

	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Values of typed columns come back as their Go types, without type
// assertions.
func ExampleScalarsOf() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()

	md := sql.NewMetaData()
	id := sql.NumberColumn[int64]("id", types.Integer{}, sql.PrimaryKey())
	name := sql.StringColumn("name", types.String{Length: 30})
	users := md.Table("users", id, name)
	if err := md.CreateAll(ctx, eng); err != nil {
		fmt.Println(err)
		return
	}
	for _, n := range []string{"ann", "bob", "cyd"} {
		if _, err := eng.Execute(ctx, users.Insert().Set(name.To(n))); err != nil {
			fmt.Println(err)
			return
		}
	}

	names, err := engine.ScalarsOf(name).All(eng.Execute(ctx, sql.NewSelect(name).Where(id.Ge(2)).OrderBy(id)))
	fmt.Println(names, err) // names is a []string

	// An expression is found in the result by identity: keep it in a
	// variable (or label it and read the label).
	upper := name.Upper()
	rows, err := engine.PairsOf(id, upper).All(eng.Execute(ctx, sql.NewSelect(id, upper).Where(name.Contains("n"))))
	fmt.Printf("%+v %v\n", rows, err)
	// Output:
	// [bob cyd] <nil>
	// [{First:1 Second:ANN}] <nil>
}

// Get reads one typed column of a row.
func ExampleGet() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()

	total := sql.CountOf().Label("total")
	res, err := eng.Execute(ctx, sql.NewSelect(total))
	if err != nil {
		fmt.Println(err)
		return
	}
	row, err := res.One()
	if err != nil {
		fmt.Println(err)
		return
	}
	n, err := engine.Get(row, total) // n is an int64
	fmt.Println(n+1, err)
	// Output:
	// 2 <nil>
}
