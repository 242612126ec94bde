package sql_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/athanordb/athanor/dialect"
	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// liveTable is the table the live tests query: names chosen to catch
// LIKE wildcards that are not escaped.
var liveTable = sql.NewTable("live_items",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 30}),
	sql.NewColumn("grp", types.String{Length: 5}),
	sql.NewColumn("qty", types.Integer{}),
	sql.NewColumn("note", types.Text{}),
)

var liveRows = []sql.Values{
	{"id": 1, "name": "50% off", "grp": "a", "qty": 10, "note": "x"},
	{"id": 2, "name": "a_b", "grp": "a", "qty": 20, "note": nil},
	{"id": 3, "name": "axb", "grp": "b", "qty": 30, "note": "y"},
	{"id": 4, "name": "a/b", "grp": "b", "qty": 40, "note": nil},
	{"id": 5, "name": "Apple", "grp": "c", "qty": 50, "note": "it's"},
}

func liveEngine(t *testing.T) *engine.Engine {
	t.Helper()
	return liveEngineFor(t, "sqlite://")
}

// liveEngineFor opens url and fills liveTable, dropped when the test ends.
func liveEngineFor(t *testing.T, url string) *engine.Engine {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Create(url)
	if err != nil {
		t.Fatal(err)
	}
	drop := &sql.DropTable{Table: liveTable, IfExists: true}
	if err := eng.ExecDDL(ctx, drop); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		eng.ExecDDL(ctx, drop)
		eng.Close()
	})
	if err := eng.ExecDDL(ctx, sql.NewCreateTable(liveTable)); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Execute(ctx, liveTable.Insert().Values(liveRows...)); err != nil {
		t.Fatal(err)
	}
	return eng
}

// liveEngines returns engines on SQLite and, when their URLs are set, on
// the MySQL/MariaDB and PostgreSQL test servers (required under CI).
func liveEngines(t *testing.T) map[string]*engine.Engine {
	t.Helper()
	engines := map[string]*engine.Engine{"sqlite": liveEngine(t)}
	for name, env := range map[string]string{"mysql": "ATHANOR_TEST_MYSQL_URL", "postgresql": "ATHANOR_TEST_POSTGRES_URL"} {
		url := os.Getenv(env)
		if url == "" {
			if os.Getenv("CI") == "true" && name == "mysql" {
				t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
			}
			t.Logf("%s is not set: %s not tested", env, name)
			continue
		}
		if _, err := dialect.Lookup(name); err != nil {
			t.Logf("no %s dialect: %v", name, err)
			continue
		}
		engines[name] = liveEngineFor(t, url)
	}
	return engines
}

// ids runs SELECT id ... WHERE cond ORDER BY id and returns the ids.
func ids(t *testing.T, eng *engine.Engine, cond sql.ColumnElement, params ...sql.Params) []int64 {
	t.Helper()
	stmt := sql.NewSelect(liveTable.C("id")).Where(cond).OrderBy(liveTable.C("id"))
	out, err := engine.ScanAll[int64](eng.Execute(context.Background(), stmt, params...))
	if err != nil {
		t.Fatalf("%v\n%s", err, debug(stmt))
	}
	return out
}

// scalar runs SELECT expr and returns its value.
func scalar(t *testing.T, eng *engine.Engine, e sql.ColumnElement, params ...sql.Params) any {
	t.Helper()
	stmt := sql.NewSelect(sql.Ops(e).Label("v"))
	v, err := eng.Execute(context.Background(), stmt, params...)
	if err != nil {
		t.Fatalf("%v\n%s", err, debug(stmt))
	}
	x, err := v.ScalarOne()
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestLiveOperators(t *testing.T) {
	for dname, eng := range liveEngines(t) {
		t.Run(dname, func(t *testing.T) { testLiveOperators(t, eng) })
	}
}

func testLiveOperators(t *testing.T, eng *engine.Engine) {
	id, name, grp, qty, note := liveTable.C("id"), liveTable.C("name"), liveTable.C("grp"), liveTable.C("qty"), liveTable.C("note")
	for _, tc := range []struct {
		name   string
		cond   sql.ColumnElement
		params sql.Params
		want   []int64
	}{
		{"in", id.In(1, 3, 9), nil, []int64{1, 3}},
		{"not in", id.NotIn(1, 3), nil, []int64{2, 4, 5}},
		{"in empty is false", id.In(), nil, nil},
		{"not in empty is true, NULL rows too", note.NotIn(), nil, []int64{1, 2, 3, 4, 5}},
		{"in empty is false for NULL rows", sql.Not(note.In()), nil, []int64{1, 2, 3, 4, 5}},
		{"in subquery", id.In(sql.NewSelect(liveTable.C("id")).Where(qty.Gt(30))), nil, []int64{4, 5}},
		{"expanding", id.In(sql.Bind("ids").Expanding()), sql.Params{"ids": []int{2, 4}}, []int64{2, 4}},
		{"expanding empty", id.In(sql.Bind("ids").Expanding()), sql.Params{"ids": []int{}}, nil},
		{"expanding not in empty", id.NotIn(sql.Bind("ids").Expanding()), sql.Params{"ids": []int64{}}, []int64{1, 2, 3, 4, 5}},
		{"expanding with another parameter", sql.And(id.In(sql.Bind("ids").Expanding()), qty.Gt(sql.Bind("min"))), sql.Params{"ids": []int{1, 2, 3}, "min": 15}, []int64{2, 3}},
		{"between", qty.Between(20, 40), nil, []int64{2, 3, 4}},
		{"not between", sql.Not(qty.Between(20, 40)), nil, []int64{1, 5}},
		{"is null", note.Eq(nil), nil, []int64{2, 4}},
		{"is not null", note.Ne(nil), nil, []int64{1, 3, 5}},
		{"contains percent", name.Contains("%"), nil, []int64{1}},
		{"starts with underscore literal", name.StartsWith("a_"), nil, []int64{2}},
		{"contains slash", name.Contains("/"), nil, []int64{4}},
		{"ends with", name.EndsWith("b"), nil, []int64{2, 3, 4}},
		{"like wildcard", name.Like("a_b"), nil, []int64{2, 3, 4}},
		{"like escape", name.Like(`a\_b`).Escape('\\'), nil, []int64{2}},
		{"starts with parameter", name.StartsWith(sql.Bind("p")), sql.Params{"p": "50%"}, []int64{1}},
		{"ilike fallback", name.ILike("apple"), nil, []int64{5}},
		{"icontains", name.IContains("APP"), nil, []int64{5}},
		{"and or precedence", sql.Or(sql.And(grp.Eq("a"), qty.Gt(10)), id.Eq(5)), nil, []int64{2, 5}},
		{"or under and", sql.And(sql.Or(grp.Eq("a"), grp.Eq("b")), qty.Lt(30)), nil, []int64{1, 2}},
		{"not of and", sql.Not(sql.And(grp.Eq("a"), qty.Eq(10))), nil, []int64{2, 3, 4, 5}},
		{"tuple in", sql.NewTuple(grp, qty).In([]any{"a", 20}, []any{"b", 40}), nil, []int64{2, 4}},
		{"tuple comparison", sql.NewTuple(grp, qty).Gt([]any{"b", 30}), nil, []int64{4, 5}},
		{"tuple expanding", sql.NewTuple(grp, qty).In(sql.Bind("rows").Expanding()), sql.Params{"rows": [][]any{{"c", 50}, {"a", 10}}}, []int64{1, 5}},
		{"tuple expanding empty", sql.NewTuple(grp, qty).In(sql.Bind("rows").Expanding()), sql.Params{"rows": [][]any{}}, nil},
		{"text condition", sql.Text("qty >= :lo AND qty < :hi"), sql.Params{"lo": 20, "hi": 40}, []int64{2, 3}},
		{"case", sql.NewCase(sql.When{Cond: grp.Eq("a"), Result: 1}).Else(0).Eq(1), nil, []int64{1, 2}},
		{"true", sql.True(), nil, []int64{1, 2, 3, 4, 5}},
		{"false", sql.Or(), nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var params []sql.Params
			if tc.params != nil {
				params = append(params, tc.params)
			}
			if got := ids(t, eng, tc.cond, params...); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestLiveExpressions(t *testing.T) {
	eng := liveEngine(t)
	lit := func(v any) *sql.BindParam { return sql.Literal(v) }
	for _, tc := range []struct {
		name   string
		e      sql.ColumnElement
		params sql.Params
		want   any
	}{
		{"add then mul", lit(1).Add(2).Mul(3), nil, int64(9)},
		{"mul then add", lit(1).Add(lit(2).Mul(3)), nil, int64(7)},
		{"sub right grouped", lit(10).Sub(lit(5).Sub(2)), nil, int64(7)},
		{"sub left", lit(10).Sub(5).Sub(2), nil, int64(3)},
		{"div right grouped", lit(100).Div(lit(10).Div(2)), nil, int64(20)},
		{"neg of neg", lit(5).Neg().Neg(), nil, int64(5)},
		{"neg of negative literal", sql.LiteralValue(-5).Neg(), nil, int64(5)},
		{"mod", lit(17).Mod(5), nil, int64(2)},
		{"concat", lit("a").Add("b").Add(lit("c")), nil, "abc"},
		{"concat under comparison", lit("a").Concat("b").Eq("ab"), nil, true},
		{"cast", sql.NewCast(lit("12"), types.Integer{}), nil, int64(12)},
		{"cast to text", lit(12).Cast(types.String{}), nil, "12"},
		{"coerce", sql.Coerce(lit(1), types.Boolean{}), nil, true},
		{"case searched", sql.NewCase(sql.When{Cond: lit(1).Gt(2), Result: "no"}, sql.When{Cond: lit(2).Gt(1), Result: "yes"}).Else("else"), nil, "yes"},
		{"case simple", sql.NewCaseValue(lit(2), sql.When{Cond: 1, Result: "one"}, sql.When{Cond: 2, Result: "two"}), nil, "two"},
		{"case else", sql.NewCaseValue(lit(3), sql.When{Cond: 1, Result: "one"}).Else("other"), nil, "other"},
		{"case no match", sql.NewCaseValue(lit(3), sql.When{Cond: 1, Result: "one"}), nil, nil},
		{"coalesce", sql.Func("coalesce", nil, lit(5)), nil, int64(5)},
		{"count", sql.NewSelect(sql.Func("count")).SelectFrom(liveTable).ScalarSubquery(), nil, int64(5)},
		{"sum", sql.NewSelect(sql.Func("sum", liveTable.C("qty"))).ScalarSubquery(), nil, int64(150)},
		{"max string", sql.NewSelect(sql.Func("max", liveTable.C("name"))).ScalarSubquery(), nil, "axb"},
		{"filter", sql.NewSelect(sql.Func("count").Filter(liveTable.C("grp").Eq("b"))).SelectFrom(liveTable).ScalarSubquery(), nil, int64(2)},
		{"current timestamp is not null", sql.Func("current_timestamp").IsNotNull(), nil, true},
		{"now is not null", sql.Func("now").IsNotNull(), nil, true},
		{"lower", sql.Func("lower", lit("ABC")), nil, "abc"},
		{"reused parameter", sql.Bind("x").WithType(types.Integer{}).Mul(2), sql.Params{"x": 21}, int64(42)},
		{"literal value quoted", sql.LiteralValue("it's"), nil, "it's"},
		{"bool comparison", lit(3).Gt(2), nil, true},
		{"exists", sql.Exists(sql.NewSelect(liveTable.C("id")).Where(liveTable.C("qty").Gt(45))), nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var params []sql.Params
			if tc.params != nil {
				params = append(params, tc.params)
			}
			if got := scalar(t, eng, tc.e, params...); fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestLiveWindowFunctions(t *testing.T) {
	eng := liveEngine(t)
	id, grp, qty := liveTable.C("id"), liveTable.C("grp"), liveTable.C("qty")
	stmt := sql.NewSelect(
		id,
		sql.Func("row_number").Over(sql.Window{PartitionBy: []sql.ColumnElement{grp}, OrderBy: []sql.ColumnElement{qty.Desc()}}).Label("rn"),
		sql.Func("sum", qty).Over(sql.Window{OrderBy: []sql.ColumnElement{id}, Rows: &sql.Frame{Start: sql.Preceding(1), End: sql.CurrentRow}}).Label("moving"),
		sql.Func("sum", qty).Over(sql.Window{OrderBy: []sql.ColumnElement{id}, Groups: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.Following(1)}}).Label("upto_next"),
	).OrderBy(id)
	type row struct {
		ID       int64
		RN       int64 `db:"rn"`
		Moving   int64
		UptoNext int64
	}
	got, err := engine.ScanAll[row](eng.Execute(context.Background(), stmt))
	if err != nil {
		t.Fatal(err)
	}
	want := []row{{1, 2, 10, 30}, {2, 1, 30, 60}, {3, 2, 50, 100}, {4, 1, 70, 150}, {5, 1, 90, 150}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
}

// TestLiveCache executes structurally equal statements with other values:
// the second is a cache hit and sees its own values.
func TestLiveCache(t *testing.T) {
	eng := liveEngine(t)
	before := eng.CacheStats()
	q := func(min int, prefix string) []int64 {
		return ids(t, eng, sql.And(liveTable.C("qty").Ge(min), liveTable.C("name").StartsWith(prefix)))
	}
	// SQLite's LIKE ignores ASCII case: "Apple" starts with "a".
	if got := q(0, "a"); !slices.Equal(got, []int64{2, 3, 4, 5}) {
		t.Errorf("first: %v", got)
	}
	if got := q(35, "a"); !slices.Equal(got, []int64{4, 5}) {
		t.Errorf("second: %v", got)
	}
	if got := q(0, "50%"); !slices.Equal(got, []int64{1}) {
		t.Errorf("third: %v", got)
	}
	after := eng.CacheStats()
	if after.Hits-before.Hits < 2 {
		t.Errorf("stats before %+v after %+v: want two hits", before, after)
	}
	t.Run("statement reused with new parameters", func(t *testing.T) {
		stmt := sql.NewSelect(liveTable.C("id")).Where(liveTable.C("grp").Eq(sql.Bind("g"))).OrderBy(liveTable.C("id"))
		for g, want := range map[string][]int64{"a": {1, 2}, "b": {3, 4}, "z": nil} {
			got, err := engine.ScanAll[int64](eng.Execute(context.Background(), stmt, sql.Params{"g": g}))
			if err != nil || !slices.Equal(got, want) {
				t.Errorf("g=%s: got %v %v, want %v", g, got, err, want)
			}
		}
	})
}

func TestLiveTextualSelect(t *testing.T) {
	eng := liveEngine(t)
	ts := sql.Text("SELECT id, qty FROM live_items WHERE grp = :g ORDER BY id").
		Columns(sql.NewColumn("id", types.Integer{}), sql.NewColumn("qty", types.Integer{}))
	type row struct{ ID, Qty int64 }
	got, err := engine.ScanAll[row](eng.Execute(context.Background(), ts, sql.Params{"g": "b"}))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []row{{3, 30}, {4, 40}}) {
		t.Errorf("got %v", got)
	}
	n, err := engine.ScanOne[int64](eng.Execute(context.Background(), sql.Text("SELECT count(*) FROM live_items WHERE name LIKE 'a%'")))
	if err != nil || n != 4 {
		t.Errorf("text statement: %v %v", n, err)
	}
}
