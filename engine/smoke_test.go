package engine_test

import (
	"context"
	"testing"

	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestSmokeSQLite(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull()),
		sql.NewColumn("score", types.Numeric{Precision: 10, Scale: 2}),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, users.Insert().Values(sql.Values{"name": "alice", "score": "12.50"}))
	if err != nil {
		t.Fatal(err)
	}
	pk, err := res.InsertedPrimaryKey()
	t.Log(pk, err)
	if _, err := eng.ExecuteMany(ctx, users.Insert(), []sql.Params{{"name": "bob", "score": "1.1"}, {"name": "carol", "score": "3"}}); err != nil {
		t.Fatal(err)
	}
	type User struct {
		ID    int64
		Name  string
		Score types.Decimal
	}
	all, err := engine.ScanAll[User](eng.Execute(ctx, sql.NewSelect(users).OrderBy(users.C("id"))))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", all)
	n, err := engine.ScanOne[int64](eng.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(users)))
	t.Log(n, err)
	t.Log(eng.CacheStats())
}
