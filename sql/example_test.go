package sql_test

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/dialect"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// printSQL compiles a statement for the generic dialect and prints its
// SQL and parameters.
func printSQL(st sql.Element) {
	key := sql.NewCacheKey(st, false)
	defer key.Release()
	c, err := sql.Compile(st, dialect.Generic)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	_, args, err := c.Bind(key.Binds(), nil)
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	fmt.Println(c.SQL)
	for i, p := range c.Params {
		fmt.Printf("  %s = %v\n", p.Name, args[i])
	}
}

func ExampleMetaData_Table() {
	md := sql.NewMetaData()
	users := md.Table("user_account",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull(), sql.Unique()),
		sql.NewColumn("fullname", types.Text{}),
	)
	addresses := md.Table("address",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.NotNull(),
			sql.References("user_account.id", sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("email", types.String{Length: 100}, sql.NotNull(), sql.Indexed()),
	)
	fmt.Println(users.PrimaryKey()[0].Name(), users.AutoincrementColumn().Name())
	ref, _ := addresses.ForeignKeyConstraints()[0].ReferredTable()
	fmt.Println(ref.Name())
	sorted, _ := md.SortedTables()
	fmt.Println(sorted[0].Name(), sorted[1].Name())
	// Output:
	// id id
	// user_account
	// user_account address
}

func ExampleNewCreateTable() {
	md := sql.NewMetaData()
	md.Table("user_account", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	addresses := md.Table("address",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References("user_account.id", sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("email", types.String{Length: 100}, sql.NotNull(), sql.Indexed()),
		sql.NewColumn("kind", types.String{Length: 10}, sql.ServerDefault("home")),
		sql.UniqueOn([]string{"user_id", "email"}),
	)
	printSQL(sql.NewCreateTable(addresses))
	printSQL(sql.NewCreateIndex(addresses.Indexes()[0]))
	// Output:
	// CREATE TABLE address (id INTEGER NOT NULL, user_id INTEGER, email VARCHAR(100) NOT NULL, kind VARCHAR(10) DEFAULT 'home', PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES user_account (id) ON DELETE CASCADE, UNIQUE (user_id, email))
	// CREATE INDEX ix_address_email ON address (email)
}

func ExampleMetaData_CreateAll() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()
	md := sql.NewMetaData()
	md.Table("child", sql.NewColumn("parent_id", types.Integer{}, sql.References("parent.id")))
	md.Table("parent", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	// Parents first; tables that exist are left alone.
	fmt.Println(md.CreateAll(ctx, eng), md.CreateAll(ctx, eng))
	has, _ := eng.HasTable(ctx, "", "child")
	fmt.Println(has)
	fmt.Println(md.DropAll(ctx, eng))
	has, _ = eng.HasTable(ctx, "", "child")
	fmt.Println(has)
	// Output:
	// <nil> <nil>
	// true
	// <nil>
	// false
}

func ExampleInsert_Values() {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("status", types.String{Length: 10}, sql.Default("new")),
	)
	printSQL(users.Insert().Values(sql.Values{"name": "spongebob"}))
	printSQL(users.Insert().Values(sql.Values{"name": "sandy"}, sql.Values{"name": "patrick", "status": "old"}))
	printSQL(users.Insert().Values(sql.Values{"name": "squidward"}).Returning(users.C("id")))
	// Output:
	// INSERT INTO users (name, status) VALUES (:name, :status)
	//   name = spongebob
	//   status = new
	// INSERT INTO users (name, status) VALUES (:name_m0, :status_m0), (:name_m1, :status_m1)
	//   name_m0 = sandy
	//   status_m0 = new
	//   name_m1 = patrick
	//   status_m1 = old
	// INSERT INTO users (name, status) VALUES (:name, :status) RETURNING users.id
	//   name = squidward
	//   status = new
}

// Rows gives many rows by position, as SQLAlchemy's
// insert(t).values([(...), (...)]) does: each row holds one value per
// column named, and columns not named take their defaults.
func ExampleInsert_Rows() {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("status", types.String{Length: 10}, sql.Default("new")),
	)
	printSQL(users.Insert().Rows([]string{"name", "id"},
		[]any{"sandy", 1},
		[]any{"patrick", 2},
	))
	// nil columns: every column of the table, in order.
	printSQL(users.Insert().Rows(nil, []any{3, "squidward", "old"}, []any{4, sql.Func("upper", "gary"), "new"}))
	// Output:
	// INSERT INTO users (id, name, status) VALUES (:id_m0, :name_m0, :status_m0), (:id_m1, :name_m1, :status_m1)
	//   id_m0 = 1
	//   name_m0 = sandy
	//   status_m0 = new
	//   id_m1 = 2
	//   name_m1 = patrick
	//   status_m1 = new
	// INSERT INTO users (id, name, status) VALUES (:id_m0, :name_m0, :status_m0), (:id_m1, upper(:upper_1), :status_m1)
	//   id_m0 = 3
	//   name_m0 = squidward
	//   status_m0 = old
	//   id_m1 = 4
	//   upper_1 = gary
	//   status_m1 = new
}

func ExampleUpdate_Values() {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("version", types.Integer{}, sql.OnUpdate(sql.LiteralColumn("version + 1"))),
	)
	printSQL(users.Update().Values(sql.Values{"name": "patrick"}).Where(users.C("id").Eq(5)))
	// Output:
	// UPDATE users SET name=:name, version=version + 1 WHERE users.id = :id_1
	//   name = patrick
	//   id_1 = 5
}

func ExampleDelete_Where() {
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{}))
	printSQL(users.Delete().Where(users.C("name").Eq("patrick")).Returning(users.C("id")))
	// Output:
	// DELETE FROM users WHERE users.name = :name_1 RETURNING users.id
	//   name_1 = patrick
}
