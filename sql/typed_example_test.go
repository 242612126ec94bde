package sql_test

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Typed columns are declared once and given to the table; their operators
// take only values of their Go type.
func ExampleNumberColumn() {
	userID := sql.NumberColumn[int64]("id", types.Integer{}, sql.PrimaryKey())
	userName := sql.StringColumn("name", types.String{Length: 30})
	sql.NewMetaData().Table("users", userID, userName)

	stmt := sql.NewSelect(userID, userName.Upper().Label("shout")).
		Where(userID.Gt(5), userName.StartsWith("a")).
		OrderBy(userID.Desc())
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
	// userID.Gt("5") and userName.Add(1) would not compile.
	// Output:
	// SELECT users.id, upper(users.name) AS shout FROM users WHERE users.id > :id_1 AND users.name LIKE :name_1 ESCAPE '/' ORDER BY users.id DESC
}

// A table defined without typed columns gets typed views of its columns.
func ExampleAs() {
	orders := sql.NewMetaData().Table("orders",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("amount", types.Numeric{Precision: 10, Scale: 2}),
	)
	amount := sql.AsNumber[types.Decimal](orders.C("amount"))
	total := sql.SumOf(amount.Mul(types.MustDecimal("1.2"))).Label("with_tax")

	c, err := sql.Compile(sql.NewSelect(total).Having(total.Gt(types.MustDecimal("100"))), dialect.Generic)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.SQL)
	// Output:
	// SELECT sum(orders.amount * :amount_1) AS with_tax FROM orders HAVING sum(orders.amount * :amount_1) > :with_tax_1
}
