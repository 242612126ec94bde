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

// exampleSchema is users and their addresses, linked by a foreign key.
func exampleSchema() (*sql.MetaData, *sql.Table, *sql.Table) {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
	)
	addresses := md.Table("addresses",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References("users.id")),
		sql.NewColumn("email", types.String{Length: 50}),
	)
	return md, users, addresses
}

func printSelectSQL(stmt sql.Element) {
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
}

// A SELECT with WHERE, a join whose ON comes from the foreign key, and
// ORDER BY.
func ExampleNewSelect() {
	_, users, addresses := exampleSchema()
	stmt := sql.NewSelect(users.C("name"), addresses.C("email")).
		Join(addresses).
		Where(users.C("name").Like("a%")).
		OrderBy(users.C("name"), addresses.C("email").Desc())
	printSelectSQL(stmt)
	// Output:
	// SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id WHERE users.name LIKE :name_1 ORDER BY users.name, addresses.email DESC
}

// Select.Join joins a FROM item of the select: the one a foreign key links
// to the new item, or the one the ON condition names.
func ExampleSelect_Join() {
	_, users, addresses := exampleSchema()
	boss := users.Alias("boss")
	stmt := sql.NewSelect(users.C("name"), boss.C("name").Label("boss")).
		OuterJoin(boss, boss.C("id").Eq(users.C("id").Sub(1))).
		Join(addresses, addresses.C("user_id").Eq(users.C("id")))
	printSelectSQL(stmt)
	// Output:
	// SELECT users.name, boss.name AS boss FROM users LEFT OUTER JOIN users AS boss ON boss.id = users.id - :id_1 JOIN addresses ON addresses.user_id = users.id
}

// A subquery in FROM: its columns are named as its select list exports
// them (count_1 for an unlabeled count).
func ExampleSelect_Subquery() {
	_, users, addresses := exampleSchema()
	counts := sql.NewSelect(addresses.C("user_id"), sql.Func("count")).
		GroupBy(addresses.C("user_id")).
		Subquery("counts")
	stmt := sql.NewSelect(users.C("name"), counts.C("count_1")).
		Join(counts).
		Where(counts.C("count_1").Gt(1))
	printSelectSQL(stmt)
	// Output:
	// SELECT users.name, counts.count_1 FROM users JOIN (SELECT addresses.user_id AS user_id, count(*) AS count_1 FROM addresses GROUP BY addresses.user_id) AS counts ON users.id = counts.user_id WHERE counts.count_1 > :count_1_1
}

// A correlated subquery: the enclosing query's table is left out of the
// subquery's FROM clause.
func ExampleSelect_ScalarSubquery() {
	_, users, addresses := exampleSchema()
	n := sql.NewSelect(sql.Func("count")).
		SelectFrom(addresses).
		Where(addresses.C("user_id").Eq(users.C("id"))).
		Label("n")
	printSelectSQL(sql.NewSelect(users.C("name"), n))
	// Output:
	// SELECT users.name, (SELECT count(*) AS count_1 FROM addresses WHERE addresses.user_id = users.id) AS n FROM users
}

// EXISTS, with an empty select list written SELECT *.
func ExampleSelect_Exists() {
	_, users, addresses := exampleSchema()
	hasAddress := sql.NewSelect().SelectFrom(addresses).Where(addresses.C("user_id").Eq(users.C("id"))).Exists()
	printSelectSQL(sql.NewSelect(users.C("name")).Where(hasAddress))
	// Output:
	// SELECT users.name FROM users WHERE EXISTS (SELECT * FROM addresses WHERE addresses.user_id = users.id)
}

// Two CTEs, the second referring to the first.
func ExampleSelect_CTE() {
	_, users, addresses := exampleSchema()
	counts := sql.NewSelect(addresses.C("user_id"), sql.Func("count").Label("n")).GroupBy(addresses.C("user_id")).CTE("counts")
	busy := sql.NewSelect(counts.C("user_id")).Where(counts.C("n").Gt(1)).CTE("busy")
	printSelectSQL(sql.NewSelect(users.C("name")).Where(users.C("id").In(sql.NewSelect(busy.C("user_id")))))
	// Output:
	// WITH counts AS (SELECT addresses.user_id AS user_id, count(*) AS n FROM addresses GROUP BY addresses.user_id), busy AS (SELECT counts.user_id AS user_id FROM counts WHERE counts.n > :n_1) SELECT users.name FROM users WHERE users.id IN (SELECT busy.user_id FROM busy)
}

// A recursive CTE, run on SQLite.
func ExampleCTE_UnionAll() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()

	anchor := sql.NewSelect(sql.Literal(1).Label("n")).RecursiveCTE("counter")
	counter := anchor.UnionAll(sql.NewSelect(anchor.C("n").Add(1)).Where(anchor.C("n").Lt(5)))
	stmt := sql.NewSelect(counter.C("n"))
	printSelectSQL(stmt)
	ns, err := engine.ScanAll[int64](eng.Execute(ctx, stmt))
	fmt.Println(ns, err)
	// Output:
	// WITH RECURSIVE counter(n) AS (SELECT :param_1 AS n UNION ALL SELECT counter.n + :n_1 AS anon_1 FROM counter WHERE counter.n < :n_2) SELECT counter.n FROM counter
	// [1 2 3 4 5] <nil>
}

// UNION with ORDER BY and LIMIT on the whole: a column of the first
// SELECT orders by its result name.
func ExampleUnion() {
	_, users, addresses := exampleSchema()
	stmt := sql.Union(
		sql.NewSelect(users.C("name")),
		sql.NewSelect(addresses.C("email")),
	).OrderBy(users.C("name")).Limit(10)
	printSelectSQL(stmt)
	// Output:
	// SELECT users.name FROM users UNION SELECT addresses.email FROM addresses ORDER BY name LIMIT :param_1
}
