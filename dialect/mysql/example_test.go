package mysql_test

import (
	"fmt"

	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func ExampleInsert() {
	visits := sql.NewMetaData().Table("visits",
		sql.NewColumn("page", types.String{Length: 50}, sql.PrimaryKey()),
		sql.NewColumn("hits", types.Integer{}, sql.NotNull()),
	)
	// Insert a page, or add to its hits when it is there.
	ins := mysql.Insert(visits).Values(sql.Values{"page": "/", "hits": 1})
	ins = ins.OnDuplicateKeyUpdate(sql.Values{"hits": sql.Ops(visits.C("hits")).Add(ins.Inserted().C("hits"))})
	for _, version := range []string{"8.0.36", "10.11.6-MariaDB"} {
		d, _ := mysql.ForVersion(version)
		c, err := sql.Compile(ins, d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(c.SQL)
	}
	// Insert or ignore.
	c, _ := sql.Compile(mysql.Insert(visits).Values(sql.Values{"page": "/", "hits": 1}).Ignore(), mysql.New())
	fmt.Println(c.SQL)
	// Output:
	// INSERT INTO visits (page, hits) VALUES (?, ?) AS new ON DUPLICATE KEY UPDATE hits = (visits.hits + new.hits)
	// INSERT INTO visits (page, hits) VALUES (?, ?) ON DUPLICATE KEY UPDATE hits = (visits.hits + VALUES(hits))
	// INSERT IGNORE INTO visits (page, hits) VALUES (?, ?)
}

func ExampleForVersion() {
	users := sql.NewMetaData().Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
	)
	page := sql.NewSelect(users).OrderBy(users.C("name")).Limit(10).Offset(20).ForUpdate(sql.LockClause{Read: true})
	for _, version := range []string{"8.0.36", "10.11.6-MariaDB"} {
		d, _ := mysql.ForVersion(version)
		c, _ := sql.Compile(page, d)
		fmt.Println(d.Server(), "|", c.SQL)
	}
	// Output:
	// MySQL 8.0.36 | SELECT users.id, users.name FROM users ORDER BY users.name LIMIT ?, ? FOR SHARE
	// MariaDB 10.11.6 | SELECT users.id, users.name FROM users ORDER BY users.name LIMIT ?, ? LOCK IN SHARE MODE
}
