// Quickstart runs Athanor's Core on an in-memory SQLite database: it
// defines two related tables, creates them, inserts rows, runs a join with
// an aggregate, an update and a delete, and prints each statement the
// engine sends (echo) with the results.
package main

import (
	"context"
	"fmt"
	"log"
	"log/slog"
	"os"

	sa "github.com/athanordb/athanor"
)

// User is a row of the join query below.
type User struct {
	Name      string
	Fullname  string
	Addresses int64
}

func main() {
	ctx := context.Background()

	// Echo every statement through log/slog, without timestamps.
	echo := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(groups []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	eng, err := sa.CreateEngine("sqlite://", sa.Echo(echo))
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()

	// Schema: two tables linked by a foreign key.
	md := sa.NewMetaData()
	users := md.Table("user_account",
		sa.Column("id", sa.Integer, sa.PrimaryKey()),
		sa.Column("name", sa.String(30), sa.NotNull(), sa.Unique()),
		sa.Column("fullname", sa.Text),
	)
	addresses := md.Table("address",
		sa.Column("id", sa.Integer, sa.PrimaryKey()),
		sa.Column("user_id", sa.Integer, sa.NotNull(), sa.ForeignKey("user_account.id", sa.FKOptions{OnDelete: "CASCADE"})),
		sa.Column("email_address", sa.String(100), sa.NotNull()),
	)
	section("CREATE")
	check(md.CreateAll(ctx, eng))

	section("INSERT")
	res, err := eng.Execute(ctx, users.Insert().Values(sa.Values{"name": "spongebob", "fullname": "Spongebob Squarepants"}))
	check(err)
	pk, err := res.InsertedPrimaryKey()
	check(err)
	fmt.Println("inserted primary key:", pk)
	_, err = eng.ExecuteMany(ctx, users.Insert(), []sa.Params{
		{"name": "sandy", "fullname": "Sandy Cheeks"},
		{"name": "patrick", "fullname": "Patrick Star"},
	})
	check(err)
	// Several rows in one statement, by position.
	_, err = eng.Execute(ctx, addresses.Insert().Rows([]string{"user_id", "email_address"},
		[]any{1, "spongebob@sqlalchemy.org"},
		[]any{2, "sandy@sqlalchemy.org"},
		[]any{2, "sandy@squirrelpower.org"},
	))
	check(err)

	section("JOIN with an aggregate")
	count := sa.Count(addresses.C("id")).Label("addresses")
	stmt := sa.Select(users.C("name"), users.C("fullname"), count).
		SelectFrom(users.OuterJoin(addresses)).
		GroupBy(users.C("name"), users.C("fullname")).
		OrderBy(count.Desc(), users.C("name"))
	rows, err := sa.ScanAll[User](eng.Execute(ctx, stmt))
	check(err)
	for _, u := range rows {
		fmt.Printf("  %-10s %-22s %d address(es)\n", u.Name, u.Fullname, u.Addresses)
	}

	section("UPDATE in a transaction")
	check(eng.Begin(ctx, func(tx *sa.Tx) error {
		res, err := tx.Execute(ctx, users.Update().
			Values(sa.Values{"fullname": "Patrick Star, Esq."}).
			Where(users.C("name").Eq("patrick")))
		if err == nil {
			fmt.Println("rows updated:", res.RowsAffected())
		}
		return err
	}))

	section("DELETE (addresses follow through ON DELETE CASCADE)")
	res, err = eng.Execute(ctx, users.Delete().Where(users.C("name").Eq("sandy")))
	check(err)
	fmt.Println("rows deleted:", res.RowsAffected())
	left, err := sa.ScanOne[int64](eng.Execute(ctx, sa.Select(sa.Count()).SelectFrom(addresses)))
	check(err)
	fmt.Println("addresses left:", left)

	section("Compiled once, reused")
	for _, name := range []string{"spongebob", "patrick"} {
		u, err := sa.ScanOne[string](eng.Execute(ctx,
			sa.Select(users.C("fullname")).Where(users.C("name").Eq(name))))
		check(err)
		fmt.Printf("  %s -> %s\n", name, u)
	}
	st := eng.CacheStats()
	fmt.Printf("compiled-statement cache: %d hits, %d misses\n", st.Hits, st.Misses)
}

func section(title string) { fmt.Printf("\n== %s\n", title) }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
