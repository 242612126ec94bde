package athanor_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	sa "github.com/athanordb/athanor"
	"github.com/athanordb/athanor/dialect"
)

// TestTypedVocabulary uses every typed re-export of the root package, on
// SQL text and on a live SQLite database.
func TestTypedVocabulary(t *testing.T) {
	md := sa.NewMetaData()
	id := sa.NumberColumn[int64]("id", sa.Integer, sa.PrimaryKey())
	name := sa.StringColumn("name", sa.String(20))
	born := sa.TypedColumn[time.Time]("born", sa.Date)
	people := md.Table("people", id, name, born, sa.Column("score", sa.Integer), sa.Column("note", sa.Text))
	score := sa.AsNumber[int64](people.C("score"))
	note := sa.AsString(people.C("note"))
	noteOrDash := sa.CoalesceOf(sa.As[string](people.C("note")), "-")

	total := sa.SumOf(score).Label("total")
	stmt := sa.Select(
		sa.MaxOf(born).Label("youngest"), sa.MinOf(name).Label("first"), total, sa.AvgOf(score).Label("mean"),
		sa.CountOf().Label("n"), sa.CastTo[string](score.Sub(1), sa.Text).Label("txt"), sa.ValueOf(int64(7)).Label("seven"),
	).Where(
		score.EqExpr(sa.BindOf[int64]("s")).Or(score.Ge(0)), name.Untyped().IsNotNull(),
		sa.ExprAs[bool](note.Contains("x").Not()), sa.NumExprAs[int64](sa.Func("length", name)).Lt(50),
		sa.StrExprAs(sa.Func("lower", name)).NotLike("z%"),
	)
	c, err := sa.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	want := "SELECT max(people.born) AS youngest, min(people.name) AS first, sum(people.score) AS total, avg(people.score) AS mean, " +
		"count(*) AS n, CAST(people.score - :score_1 AS TEXT) AS txt, :param_1 AS seven FROM people " +
		"WHERE (people.score = :s OR people.score >= :score_2) AND people.name IS NOT NULL AND people.note NOT LIKE :note_1 ESCAPE '/' " +
		"AND length(people.name) < :param_2 AND lower(people.name) NOT LIKE :param_3"
	if c.SQL != want {
		t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, want)
	}
	if sa.Untyped(id) != sa.ColumnElement(people.C("id")) {
		t.Error("sa.Untyped does not unwrap")
	}

	ctx := context.Background()
	eng, err := sa.CreateEngine("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2000, 2, 3, 0, 0, 0, 0, time.UTC)
	for i, n := range []string{"ann", "bob"} {
		_, err := eng.Execute(ctx, people.Insert().Set(name.To(n), born.To(day.AddDate(i, 0, 0)), score.To(int64(10*i+5)), note.To("hi")))
		if err != nil {
			t.Fatal(err)
		}
	}
	res, err := eng.Execute(ctx, stmt, sa.Params{"s": int64(5)})
	if err != nil {
		t.Fatal(err)
	}
	row, err := res.One()
	if err != nil {
		t.Fatal(err)
	}
	if v, err := sa.Get(row, total); err != nil || v != 20 {
		t.Errorf("Get(total) = %v, %v", v, err)
	}
	if v, ok, err := sa.GetNullable(row, sa.MaxOf(born).Label("youngest")); err != nil || !ok || !v.Equal(day.AddDate(1, 0, 0)) {
		t.Errorf("GetNullable(youngest) = %v, %v, %v", v, ok, err)
	}
	names, err := sa.ScalarsOf(name).All(eng.Execute(ctx, sa.Select(name).OrderBy(name.Desc())))
	if err != nil || !reflect.DeepEqual(names, []string{"bob", "ann"}) {
		t.Errorf("ScalarsOf = %v, %v", names, err)
	}
	pairs, err := sa.PairsOf(id, noteOrDash).All(eng.Execute(ctx, sa.Select(id, noteOrDash).OrderBy(id)))
	if err != nil || !reflect.DeepEqual(pairs, []sa.Pair[int64, string]{{First: 1, Second: "hi"}, {First: 2, Second: "hi"}}) {
		t.Errorf("PairsOf = %v, %v", pairs, err)
	}
	var reader sa.Reader[sa.Triple[int64, string, time.Time]] = sa.TriplesOf(id, name, born)
	triple, err := reader.One(eng.Execute(ctx, sa.Select(id, name, born).Where(id.Eq(1))))
	if err != nil || triple.Second != "ann" || !triple.Third.Equal(day) {
		t.Errorf("TriplesOf = %+v, %v", triple, err)
	}
	// The aliases are the sql and engine types.
	var _ sa.Col[int64] = id.Col
	var _ sa.NumCol[int64] = score
	var _ sa.StrCol = note
	var _ sa.Expr[string] = noteOrDash
	var _ sa.NumExpr[int64] = total
	var _ sa.StrExpr = name.Lower()
	var _ sa.Typed[int64] = id
}
