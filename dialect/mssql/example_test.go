package mssql_test

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func ExampleNew() {
	d := mssql.New()
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull()),
		sql.NewColumn("active", types.Boolean{}),
	)
	show := func(stmt sql.Element) {
		c, err := sql.Compile(stmt, d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.SQL)
	}
	show(sql.NewCreateTable(users))
	// LIMIT is TOP; OFFSET needs the ORDER BY.
	show(sql.NewSelect(users).Where(users.C("active").Eq(true)).OrderBy(users.C("name")).Limit(10))
	show(sql.NewSelect(users.C("name")).OrderBy(users.C("name")).Offset(20).Limit(10))
	show(sql.NewSelect(users.C("name")).Offset(20))
	// The generated key comes back through OUTPUT.
	show(users.Insert().Values(sql.Values{"name": "ann"}))
	show(users.Update().Values(sql.Values{"active": false}).Where(users.C("name").Eq("ann")).Returning(users.C("id")))
	// A condition in the select list is a CASE.
	show(sql.NewSelect(users.C("name"), users.C("name").Eq("ann").Label("is_ann")))
	// Output:
	// CREATE TABLE users (id INTEGER NOT NULL IDENTITY, name NVARCHAR(30) NOT NULL, active BIT NULL, PRIMARY KEY (id))
	// SELECT TOP 10 users.id, users.name, users.active FROM users WHERE users.active = @p1 ORDER BY users.name
	// SELECT users.name FROM users ORDER BY users.name OFFSET @p1 ROWS FETCH FIRST @p2 ROWS ONLY
	// athanor: cannot compile for mssql: invalid argument: SQL Server needs ORDER BY to use OFFSET (it is written OFFSET ... ROWS FETCH FIRST ... ROWS ONLY): add OrderBy
	// INSERT INTO users (name) OUTPUT inserted.id VALUES (@p1)
	// UPDATE users SET active=@p1 OUTPUT inserted.id WHERE users.name = @p2
	// SELECT users.name, CASE WHEN users.name = @p1 THEN 1 ELSE 0 END AS is_ann FROM users
}

func ExampleMerge() {
	visits := sql.NewTable("visits",
		sql.NewColumn("page", types.String{Length: 50}, sql.PrimaryKey()),
		sql.NewColumn("hits", types.Integer{}, sql.NotNull()),
	)
	// Insert a page, or add to its hits when it is there.
	m := mssql.Merge(visits).Values(sql.Values{"page": "/", "hits": 1}).On("page").HoldLock()
	m = m.WhenMatchedUpdate(sql.Values{"hits": sql.Ops(visits.C("hits")).Add(m.Source().C("hits"))}).
		WhenNotMatchedInsert()
	c, err := sql.Compile(m, mssql.New())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
	// Output:
	// MERGE INTO visits WITH (HOLDLOCK) USING (VALUES (@p1, @p2)) AS source (page, hits) ON visits.page = source.page WHEN MATCHED THEN UPDATE SET hits = (visits.hits + source.hits) WHEN NOT MATCHED THEN INSERT (page, hits) VALUES (source.page, source.hits);
}

func ExampleDSN() {
	u, err := dialect.ParseURL("mssql://sa:secret@db.example.com:1433/appdb?encrypt=disable")
	if err != nil {
		fmt.Println(err)
		return
	}
	dsn, err := mssql.DSN(u)
	fmt.Println(dsn, err)
	// Output:
	// sqlserver://sa:secret@db.example.com:1433?database=appdb&encrypt=disable <nil>
}

func ExampleTryCast() {
	t := sql.NewTable("imports", sql.NewColumn("raw", types.String{Length: 20}))
	c, err := sql.Compile(sql.NewSelect(mssql.TryCast(t.C("raw"), types.Integer{})), mssql.New())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
	// Output:
	// SELECT TRY_CAST (imports.raw AS INTEGER) AS raw FROM imports
}
