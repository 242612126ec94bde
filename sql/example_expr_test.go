package sql_test

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var exampleUsers = sql.NewTable("users",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 30}),
	sql.NewColumn("status", types.String{Length: 10}),
)

// Compile renders a statement for a dialect: every value is a bound
// parameter, named after the column it meets.
func ExampleCompile() {
	users := exampleUsers
	stmt := sql.NewSelect(users.C("id"), users.C("name")).
		Where(users.C("name").StartsWith("sp"), users.C("status").In("new", "active")).
		OrderBy(users.C("id").Desc())
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		panic(err)
	}
	fmt.Println(c.SQL)
	for _, p := range c.Params {
		fmt.Println(p.Name)
	}
	// Output:
	// SELECT users.id, users.name FROM users WHERE users.name LIKE :name_1 ESCAPE '/' AND users.status IN (:status_1, :status_2) ORDER BY users.id DESC
	// name_1
	// status_1
	// status_2
}

// DebugSQL writes the values into the text, for logs: it is never what
// is executed.
func ExampleDebugSQL() {
	users := exampleUsers
	stmt := sql.NewSelect(users.C("id")).
		Where(users.C("name").Eq("O'Brien"), users.C("id").In(sql.Bind("ids").Expanding())).
		Limit(5)
	text, err := sql.DebugSQL(stmt, dialect.Generic, sql.Params{"ids": []int{1, 2, 3}})
	if err != nil {
		panic(err)
	}
	fmt.Println(text)
	// Output:
	// SELECT users.id FROM users WHERE users.name = 'O''Brien' AND users.id IN (1, 2, 3) LIMIT 5
}

// Bind gives a compiled statement its values: those of the statement
// (BindsOf) and, for parameters named with Bind, those given at
// execution. An expanding parameter takes a list; an empty list makes
// the IN false.
func ExampleCompiled_Bind() {
	users := exampleUsers
	stmt := sql.NewSelect(users.C("name")).
		Where(users.C("status").Eq(sql.Bind("status")), users.C("id").In(sql.Bind("ids").Expanding()))
	c, err := sql.Compile(stmt, sqlite.New())
	if err != nil {
		panic(err)
	}
	binds := sql.BindsOf(stmt)
	for _, p := range []sql.Params{
		{"status": "new", "ids": []int{1, 2}},
		{"status": "old", "ids": []int{7, 8, 9}},
		{"status": "any", "ids": []int{}},
	} {
		text, args, err := c.Bind(binds, p)
		if err != nil {
			panic(err)
		}
		fmt.Println(text, args)
	}
	// Output:
	// SELECT users.name FROM users WHERE users.status = ? AND users.id IN (?, ?) [new 1 2]
	// SELECT users.name FROM users WHERE users.status = ? AND users.id IN (?, ?, ?) [old 7 8 9]
	// SELECT users.name FROM users WHERE users.status = ? AND 1 != 1 [any]
}

// A Cache compiles a statement's structure once: a statement built again
// with other values is a hit, and binds its own values.
func ExampleCache() {
	users := exampleUsers
	cache := sql.NewCache(dialect.Generic, 100)
	for _, name := range []string{"alice", "bob"} {
		stmt := sql.NewSelect(users.C("id")).Where(users.C("name").Eq(name))
		c, key, hit, err := cache.Compile(stmt)
		if err != nil {
			panic(err)
		}
		_, args, _ := c.Bind(key.Binds(), nil)
		key.Release()
		fmt.Println(hit, c.SQL, args)
	}
	// Output:
	// false SELECT users.id FROM users WHERE users.name = :name_1 [alice]
	// true SELECT users.id FROM users WHERE users.name = :name_1 [bob]
}

// Text takes SQL as written, with :name parameters; Columns declares
// what it returns.
func ExampleText() {
	q := sql.Text("SELECT id, name FROM users WHERE created > :since AND note = 'a:b' AND id::text <> ''").
		Columns(sql.NewColumn("id", types.Integer{}), sql.NewColumn("name", types.String{}))
	c, err := sql.Compile(q, sqlite.New())
	if err != nil {
		panic(err)
	}
	fmt.Println(c.SQL)
	fmt.Println(c.Params[0].Name, c.Columns[0].Name, c.Columns[1].Name)
	// Output:
	// SELECT id, name FROM users WHERE created > ? AND note = 'a:b' AND id::text <> ''
	// since id name
}
