package sql_test

import (
	"context"
	"fmt"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// A trigger created with its table, and a listener of the whole metadata
// that reports what CreateAll and DropAll did.
func ExampleMetaData_Listen() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()
	md := sql.NewMetaData()
	md.Listen(sql.AfterCreate, func(ctx context.Context, ex sql.DDLExecutor, ev sql.DDLEvent) error {
		fmt.Println(ev.Kind, len(ev.Tables), "tables on", ex.Dialect().Name())
		return nil
	})
	md.Listen(sql.AfterDrop, func(ctx context.Context, ex sql.DDLExecutor, ev sql.DDLEvent) error {
		fmt.Println(ev.Kind, len(ev.Tables), "tables")
		return nil
	})
	accounts := md.Table("account",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("balance", types.Integer{}, sql.NotNull()),
		sql.NewColumn("changes", types.Integer{}, sql.NotNull(), sql.ServerDefault(sql.Literal(0))),
		sql.Listen(sql.AfterCreate, sql.RunDDL(sql.Text(
			`CREATE TRIGGER account_changes AFTER UPDATE OF balance ON account
			 BEGIN UPDATE account SET changes = changes + 1 WHERE id = new.id; END`))),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		fmt.Println(err)
		return
	}
	eng.Execute(ctx, accounts.Insert().Values(sql.Values{"id": 1, "balance": 10}))
	eng.Execute(ctx, accounts.Update().Values(sql.Values{"balance": 20}))
	res, _ := eng.Execute(ctx, sql.NewSelect(accounts.C("changes")))
	changes, _ := res.ScalarOne()
	fmt.Println("changes:", changes)
	fmt.Println(md.DropAll(ctx, eng))
	// Output:
	// after create 1 tables on sqlite
	// changes: 1
	// after drop 1 tables
	// <nil>
}
