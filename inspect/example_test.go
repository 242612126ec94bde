package inspect_test

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// exampleEngine opens an in-memory SQLite database with two tables.
func exampleEngine() *engine.Engine {
	eng, err := engine.Create("sqlite://")
	if err != nil {
		panic(err)
	}
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull(), sql.ServerDefault("anon")),
	)
	md.Table("orders",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References(users.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
	)
	if err := md.CreateAll(context.Background(), eng); err != nil {
		panic(err)
	}
	return eng
}

func ExampleInspector() {
	eng := exampleEngine()
	defer eng.Close()
	ctx := context.Background()
	i := inspect.New(eng)

	tables, _ := i.TableNames(ctx, "")
	fmt.Println(tables)
	cols, _ := i.Columns(ctx, "", "users")
	for _, c := range cols {
		fmt.Printf("%s %s nullable=%v default=%q autoincrement=%v\n", c.Name, c.Type, c.Nullable, c.Default, c.Autoincrement)
	}
	fks, _ := i.ForeignKeys(ctx, "", "orders")
	fmt.Println(fks[0].Columns, "->", fks[0].ReferredTable, fks[0].ReferredColumns, fks[0].OnDelete)
	// Output:
	// [orders users]
	// id INTEGER nullable=false default="" autoincrement=true
	// name VARCHAR(30) nullable=false default="'anon'" autoincrement=false
	// [user_id] -> users [id] CASCADE
}

func ExampleReflect() {
	eng := exampleEngine()
	defer eng.Close()
	ctx := context.Background()

	md := sql.NewMetaData()
	if err := inspect.Reflect(ctx, eng, md); err != nil {
		panic(err)
	}
	users, _ := md.Lookup("users")
	orders, _ := md.Lookup("orders")
	// The reflected tables are used like declared ones.
	stmt := sql.NewSelect(users.C("name"), orders.C("id")).Join(orders)
	text, _ := sql.Compile(stmt, eng.Dialect())
	fmt.Println(text.SQL)
	// Output:
	// SELECT users.name, orders.id FROM users JOIN orders ON users.id = orders.user_id
}

func ExampleCompare() {
	eng := exampleEngine()
	defer eng.Close()
	ctx := context.Background()

	// What the program declares now: users.name is longer, and users has
	// an email.
	want := sql.NewMetaData()
	users := want.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 60}, sql.NotNull(), sql.ServerDefault("anon")),
		sql.NewColumn("email", types.String{Length: 100}),
	)
	want.Table("orders",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References(users.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
	)
	// What the database has.
	have := sql.NewMetaData()
	if err := inspect.Reflect(ctx, eng, have); err != nil {
		panic(err)
	}
	for _, d := range inspect.Compare(eng.Dialect(), want, have) {
		fmt.Println(d)
	}
	// Output:
	// add_column users.email: VARCHAR(100)
	// modify_type users.name: want VARCHAR(60), have VARCHAR(30)
}
