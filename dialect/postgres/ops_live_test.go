package postgres_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func firstColumn(t *testing.T, eng *engine.Engine, st sql.Element) string {
	t.Helper()
	vals, err := execOK(t, eng, st).Scalars()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(vals)
}

func TestArrayOperatorsLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	posts := md.Table("posts",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("tags", postgres.ArrayOf(types.Text{})),
		sql.NewColumn("grid", postgres.Array{Item: types.Integer{}, Dimensions: 2}),
	)
	mustCreate(t, md, eng)
	if _, err := eng.ExecuteMany(ctx, posts.Insert(), []sql.Params{
		{"id": 1, "tags": []string{"go", "sql"}, "grid": [][]int{{1, 2}, {3, 4}}},
		{"id": 2, "tags": []string{"go"}, "grid": [][]int{{5, 6}, {7, 8}}},
		{"id": 3, "tags": []string{"rust", "sql", "db"}, "grid": [][]int{{0, 0}, {0, 9}}},
	}); err != nil {
		t.Fatal(err)
	}
	tags := postgres.ArrayOps(posts.C("tags"))
	ids := func(conds ...sql.ColumnElement) string {
		t.Helper()
		return firstColumn(t, eng, sql.NewSelect(posts.C("id")).Where(conds...).OrderBy(posts.C("id")))
	}
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"contains", ids(tags.Contains([]string{"sql"})), "[1 3]"},
		{"contains all", ids(tags.Contains([]string{"go", "sql"})), "[1]"},
		{"contained by", ids(tags.ContainedBy([]string{"go", "sql", "js"})), "[1 2]"},
		{"overlap", ids(tags.Overlap([]string{"db", "go"})), "[1 2 3]"},
		{"any", ids(sql.Literal("rust").Eq(tags.Any())), "[3]"},
		{"any turned", ids(tags.Any().Eq("sql")), "[1 3]"},
		{"not any", ids(sql.Not(tags.Any().Eq("sql"))), "[1 2 3]"},
		{"all", ids(sql.Literal("go").Eq(tags.All())), "[2]"},
		{"index", ids(tags.Index(1).Eq("go")), "[1 2]"},
		{"index out of range is NULL", ids(tags.Index(3).IsNull()), "[1 2]"},
		{"2-d index", ids(postgres.ArrayOps(posts.C("grid")).Index(2).Index(2).Gt(5)), "[2 3]"},
		{"array constructor", ids(tags.Contains(postgres.NewArray("db"))), "[3]"},
		{"any of a bound array", ids(posts.C("id").Eq(postgres.Any(sql.Literal([]int{1, 3}, postgres.ArrayOf(types.Integer{}))))), "[1 3]"},
		{"slice", firstColumn(t, eng, sql.NewSelect(tags.Slice(2, 3)).Where(posts.C("id").Eq(3))), "[[sql db]]"},
		{"element", firstColumn(t, eng, sql.NewSelect(tags.Index(1)).OrderBy(posts.C("id"))), "[go go rust]"},
		{"sub-array", firstColumn(t, eng, sql.NewSelect(postgres.ArrayOps(posts.C("grid")).Slice(2, 2)).Where(posts.C("id").Eq(1))), "[[[3 4]]]"},
		{"array_agg", firstColumn(t, eng, sql.NewSelect(sql.Func("array_agg", posts.C("id")).Typed(postgres.ArrayOf(types.Integer{})))), "[[1 2 3]]"},
		{"unnest", firstColumn(t, eng, sql.NewSelect(sql.Func("unnest", posts.C("tags")).Typed(types.Text{})).Where(posts.C("id").Eq(3))), "[rust sql db]"},
		{"typed empty array", firstColumn(t, eng, sql.NewSelect(sql.Func("cardinality", postgres.NewArray().ItemType(types.Date{})))), "[0]"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
	// Append with ||, and update an element.
	execOK(t, eng, posts.Update().Values(sql.Values{"tags": sql.Ops(posts.C("tags")).Concat([]string{"new"})}).Where(posts.C("id").Eq(2)))
	wantRows(t, eng, "1 [go sql]|2 [go new]|3 [rust sql db]", posts.C("id"), posts.C("tags"))
}

func TestJSONOperatorsLive(t *testing.T) {
	eng := newEngine(t)
	md := sql.NewMetaData()
	events := md.Table("events",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("doc", postgres.JSONB{}),
		sql.NewColumn("raw", types.JSON{}),
	)
	mustCreate(t, md, eng)
	docs := []map[string]any{
		{"user": map[string]any{"name": "ann", "tags": []any{"a", "b"}}, "n": 1, "ok": true},
		{"user": map[string]any{"name": "bob"}, "n": 2},
		{"user": map[string]any{"name": "cy", "tags": []any{"c"}}, "n": 3, "ok": false, "extra": nil},
	}
	for i, d := range docs {
		execOK(t, eng, events.Insert().Values(sql.Values{"id": i + 1, "doc": d, "raw": d}))
	}
	doc := postgres.JSONOps(events.C("doc"))
	raw := postgres.JSONOps(events.C("raw"))
	ids := func(conds ...sql.ColumnElement) string {
		t.Helper()
		return firstColumn(t, eng, sql.NewSelect(events.C("id")).Where(conds...).OrderBy(events.C("id")))
	}
	byID := func(e sql.ColumnElement) string {
		t.Helper()
		return firstColumn(t, eng, sql.NewSelect(e).OrderBy(events.C("id")))
	}
	cases := []struct {
		name, got, want string
	}{
		{"get", byID(doc.Get("user")), "[map[name:ann tags:[a b]] map[name:bob] map[name:cy tags:[c]]]"},
		{"get text", byID(doc.Get("user").GetText("name")), "[ann bob cy]"},
		{"get index", byID(doc.Path("user", "tags").Get(0)), "[a <nil> c]"},
		{"json get", byID(raw.Get("user").GetText("name")), "[ann bob cy]"},
		{"path", byID(doc.Path("user", "tags", 1)), "[b <nil> <nil>]"},
		{"path text", byID(doc.PathText("user", "name")), "[ann bob cy]"},
		{"number", byID(doc.Get("n")), "[1 2 3]"},
		{"compare text", ids(doc.Get("user").GetText("name").Eq("bob")), "[2]"},
		{"compare cast", ids(doc.GetText("n").Cast(types.Integer{}).Ge(2)), "[2 3]"},
		{"compare jsonb", ids(doc.Get("ok").Eq(true)), "[1]"},
		{"contains", ids(doc.Contains(map[string]any{"user": map[string]any{"tags": []string{"c"}}})), "[3]"},
		{"contained by", ids(doc.Get("user").ContainedBy(map[string]any{"name": "bob", "x": 1})), "[2]"},
		{"has key", ids(doc.HasKey("ok")), "[1 3]"},
		{"has key of null", ids(doc.HasKey("extra")), "[3]"},
		{"has any", ids(doc.HasAny("extra", "ok")), "[1 3]"},
		{"has all", ids(doc.HasAll("extra", "ok")), "[3]"},
		{"array has string", ids(doc.Path("user", "tags").HasKey("a")), "[1]"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %s, want %s", c.name, c.got, c.want)
		}
	}
}
