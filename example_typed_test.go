package athanor_test

import (
	"context"
	"fmt"
	"time"

	sa "github.com/athanordb/athanor"
)

// Typed columns: operators that take only the column's Go type, values
// read back as that type; the untyped form is used alongside.
func Example_typedColumns() {
	ctx := context.Background()
	eng, err := sa.CreateEngine("sqlite://")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer eng.Close()

	md := sa.NewMetaData()
	userID := sa.NumberColumn[int64]("id", sa.Integer, sa.PrimaryKey())
	userName := sa.StringColumn("name", sa.String(30), sa.NotNull())
	joined := sa.TypedColumn[time.Time]("joined", sa.DateTime)
	users := md.Table("users", userID, userName, joined, sa.Column("note", sa.Text))
	if err := md.CreateAll(ctx, eng); err != nil {
		fmt.Println(err)
		return
	}
	day := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, name := range []string{"alice", "albert", "bob"} {
		_, err := eng.Execute(ctx, users.Insert().
			Set(userName.To(name), joined.To(day.AddDate(0, 0, i))).
			Values(sa.Values{"note": "untyped"}))
		if err != nil {
			fmt.Println(err)
			return
		}
	}

	stmt := sa.Select(userID, userName, joined).
		Where(userID.Ge(1), userName.StartsWith("al"), users.C("note").Eq("untyped")).
		OrderBy(userID)
	rows, err := sa.TriplesOf(userID, userName, joined).All(eng.Execute(ctx, stmt))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range rows {
		fmt.Println(r.First+100, r.Second, r.Third.Format(time.DateOnly))
	}
	// Output:
	// 101 alice 2024-01-01
	// 102 albert 2024-01-02
}
