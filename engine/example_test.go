package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"os"

	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	exampleMD    = sql.NewMetaData()
	exampleUsers = exampleMD.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull()),
	)
)

// exampleEngine opens an in-memory database with the users table.
func exampleEngine(opts ...engine.Option) *engine.Engine {
	eng, err := engine.Create("sqlite://", opts...)
	if err != nil {
		log.Fatal(err)
	}
	if err := exampleMD.CreateAll(context.Background(), eng); err != nil {
		log.Fatal(err)
	}
	return eng
}

func ExampleCreate() {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://") // in memory; sqlite:///app.db for a file
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := exampleMD.CreateAll(ctx, eng); err != nil {
		log.Fatal(err)
	}

	users := exampleUsers
	if _, err := eng.Execute(ctx, users.Insert().Values(sql.Values{"name": "spongebob"})); err != nil {
		log.Fatal(err)
	}
	res, err := eng.Execute(ctx, sql.NewSelect(users.C("id"), users.C("name")))
	if err != nil {
		log.Fatal(err)
	}
	for row, err := range res.Rows() {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(row.Get(0), row.Get(1))
	}
	// Output: 1 spongebob
}

func ExampleEngine_Execute() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()

	// Parameters given at execution are the values of an INSERT without
	// values, and of named bind parameters.
	eng.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "sandy"})
	stmt := sql.NewSelect(exampleUsers.C("id")).Where(exampleUsers.C("name").Eq(sql.Bind("who")))
	id, err := engine.ScanOne[int64](eng.Execute(ctx, stmt, sql.Params{"who": "sandy"}))
	fmt.Println(id, err)
	// Output: 1 <nil>
}

func ExampleEngine_Begin() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()

	// Commits when the function returns nil.
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "patrick"})
		return err
	})
	fmt.Println("first:", err)

	// Rolls back when it returns an error (or panics). A nested
	// transaction is a savepoint: its rollback undoes only its own work.
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		tx.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "squidward"})
		tx.Transaction(ctx, func(inner *engine.Tx) error {
			inner.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "plankton"})
			return errors.New("not him")
		})
		return errors.New("changed my mind")
	})
	fmt.Println("second:", err)

	names, _ := engine.ScanAll[string](eng.Execute(ctx, sql.NewSelect(exampleUsers.C("name"))))
	fmt.Println(names)
	// Output:
	// first: <nil>
	// second: changed my mind
	// [patrick]
}

func ExampleScanAll() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	eng.ExecuteMany(ctx, exampleUsers.Insert(), []sql.Params{{"name": "spongebob"}, {"name": "sandy"}})

	type User struct {
		ID   int64
		Name string `db:"name"`
	}
	users, err := engine.ScanAll[User](eng.Execute(ctx, sql.NewSelect(exampleUsers).OrderBy(exampleUsers.C("name"))))
	fmt.Printf("%+v %v\n", users, err)
	// Output: [{ID:2 Name:sandy} {ID:1 Name:spongebob}] <nil>
}

func ExampleResult_One() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	eng.ExecuteMany(ctx, exampleUsers.Insert(), []sql.Params{{"name": "a"}, {"name": "b"}})

	res, _ := eng.Execute(ctx, sql.NewSelect(exampleUsers.C("name")).Where(exampleUsers.C("id").Eq(2)))
	row, err := res.One()
	fmt.Println(row.Get(0), err)

	res, _ = eng.Execute(ctx, sql.NewSelect(exampleUsers.C("name")))
	_, err = res.One()
	fmt.Println(errors.Is(err, engine.ErrMultipleResultsFound))

	res, _ = eng.Execute(ctx, sql.NewSelect(exampleUsers.C("name")).Where(exampleUsers.C("id").Eq(9)))
	_, err = res.One()
	fmt.Println(errors.Is(err, engine.ErrNoResultFound))
	// Output:
	// b <nil>
	// true
	// true
}

func ExampleResult_InsertedPrimaryKey() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()

	res, _ := eng.Execute(ctx, exampleUsers.Insert().Values(sql.Values{"name": "gary"}))
	pk, err := res.InsertedPrimaryKey()
	fmt.Println(pk, err)
	// Output: [1] <nil>
}

func ExampleResult_RowsAffected() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	eng.ExecuteMany(ctx, exampleUsers.Insert(), []sql.Params{{"name": "a"}, {"name": "b"}, {"name": "c"}})

	res, _ := eng.Execute(ctx, exampleUsers.Update().Values(sql.Values{"name": "z"}).Where(exampleUsers.C("id").Gt(1)))
	fmt.Println(res.RowsAffected())
	// Output: 2
}

func ExampleResult_Scalars() {
	ctx := context.Background()
	eng := exampleEngine()
	defer eng.Close()
	eng.ExecuteMany(ctx, exampleUsers.Insert(), []sql.Params{{"name": "a"}, {"name": "b"}})

	res, _ := eng.Execute(ctx, sql.NewSelect(exampleUsers.C("name")).OrderBy(exampleUsers.C("id")))
	names, err := res.Scalars()
	fmt.Println(names, err)
	// Output: [a b] <nil>
}

func ExampleEcho() {
	// Log every statement, its parameters, and transaction steps.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	eng, err := engine.Create("sqlite://", engine.Echo(logger))
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	ctx := context.Background()
	eng.Execute(ctx, sql.NewCreateTable(exampleUsers))
	eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "Mr. Krabs"})
		return err
	})
	// Output:
	// msg="SELECT sqlite_version()"
	// msg="CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(30) NOT NULL, PRIMARY KEY (id))" cached=false
	// msg=BEGIN
	// msg="INSERT INTO users (name) VALUES (?)" params="('Mr. Krabs')" cached=false
	// msg=COMMIT
}

func ExampleOnExecute() {
	ctx := context.Background()
	count := 0
	eng := exampleEngine(engine.OnExecute(engine.Listener{
		AfterExecute: func(ctx context.Context, ev *engine.ExecuteEvent) {
			count++
			if ev.Err != nil {
				fmt.Println("failed:", ev.SQL)
			}
		},
	}))
	defer eng.Close()
	count = 0 // leave out creating the table
	eng.Execute(ctx, exampleUsers.Insert(), sql.Params{"name": "a"})
	eng.Execute(ctx, sql.Text("SELECT nope"))
	fmt.Println(count, "statements")
	// Output:
	// failed: SELECT nope
	// 2 statements
}
