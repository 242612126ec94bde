package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Parameters PostgreSQL cannot type (SELECT $1) arrive as text and come
// back as the Go value they were.
func TestUntypedParametersLive(t *testing.T) {
	eng := newEngine(t)
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("", -3*3600-1800))
	id := uuid.MustParse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
	vals := []any{
		int64(math.MinInt64), int64(math.MaxInt64), int64(42), 1.5, math.Inf(-1), true, false, "text 😀", "",
		at, 26*time.Hour + 3*time.Minute + 4500*time.Millisecond, -1500 * time.Microsecond, time.Duration(0),
		types.MustDecimal("12345678901234567890.000000000001"), id,
	}
	items := make([]sql.Element, len(vals))
	for i, v := range vals {
		items[i] = sql.Literal(v)
	}
	row := all(t, eng, sql.NewSelect(items...))[0]
	for i, want := range vals {
		got := row.Get(i)
		ok := reflect.DeepEqual(got, want)
		switch w := want.(type) {
		case time.Time:
			g, isTime := got.(time.Time)
			ok = isTime && g.Equal(w)
		case types.Decimal:
			ok = fmt.Sprint(got) == w.String()
		}
		if !ok {
			t.Errorf("SELECT %#v: got %#v", want, got)
		}
	}
	// NaN is not equal to itself.
	if f, err := execOK(t, eng, sql.NewSelect(sql.Literal(math.NaN()))).Scalar(); err != nil || !math.IsNaN(f.(float64)) {
		t.Errorf("SELECT NaN: %v %v", f, err)
	}
	// CASE with untyped branches.
	c := sql.NewCase(sql.When{Cond: sql.Literal(2).Gt(1), Result: sql.Literal(10)}).Else(sql.Literal(20))
	if v, err := execOK(t, eng, sql.NewSelect(c)).Scalar(); err != nil || v != int64(10) {
		t.Errorf("CASE: %#v %v", v, err)
	}
}

func TestSelectLive(t *testing.T) {
	ctx := context.Background()
	eng := newEngine(t)
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("team", types.String{Length: 10}),
	)
	scores := md.Table("scores",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}),
		sql.NewColumn("points", types.Integer{}),
	)
	mustCreate(t, md, eng)
	if _, err := eng.ExecuteMany(ctx, users.Insert(), []sql.Params{
		{"id": 1, "name": "Spongebob", "team": "a"}, {"id": 2, "name": "sandy", "team": "a"},
		{"id": 3, "name": "PATRICK", "team": "b"}, {"id": 4, "name": "squidward", "team": "c"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.ExecuteMany(ctx, scores.Insert(), []sql.Params{
		{"id": 1, "user_id": 1, "points": 5}, {"id": 2, "user_id": 1, "points": 9}, {"id": 3, "user_id": 2, "points": 7},
		{"id": 4, "user_id": 3, "points": 1}, {"id": 5, "user_id": 9, "points": 3},
	}); err != nil {
		t.Fatal(err)
	}
	// ILIKE
	if got := names(t, eng, sql.NewSelect(users.C("name")).Where(users.C("name").ILike("S%B%")).OrderBy(users.C("id"))); got != "Spongebob" {
		t.Errorf("ILIKE: %s", got)
	}
	got := names(t, eng, sql.NewSelect(users.C("name")).Where(users.C("name").ILike("%a%"), sql.Not(users.C("name").ILike("%wAr%"))).OrderBy(users.C("id")))
	if got != "sandy PATRICK" {
		t.Errorf("ILIKE: %s", got)
	}
	// DISTINCT ON: the first row of each team by name.
	got = names(t, eng, sql.NewSelect(users.C("name")).DistinctOn(users.C("team")).OrderBy(users.C("team"), users.C("name")))
	if got != "Spongebob PATRICK squidward" {
		t.Errorf("DISTINCT ON: %s", got)
	}
	// FULL OUTER JOIN keeps both sides.
	st := sql.NewSelect(users.C("name"), scores.C("points")).
		SelectFrom(users.FullOuterJoin(scores, users.C("id").Eq(scores.C("user_id")))).
		OrderBy(users.C("id").NullsLast(), scores.C("points"))
	var out []string
	for _, r := range all(t, eng, st) {
		out = append(out, fmt.Sprint(r.Values()))
	}
	if fmt.Sprint(out) != "[[Spongebob 5] [Spongebob 9] [sandy 7] [PATRICK 1] [squidward <nil>] [<nil> 3]]" {
		t.Errorf("FULL OUTER JOIN: %v", out)
	}
	// LATERAL: each user's best score.
	best := sql.NewSelect(scores.C("points")).Where(scores.C("user_id").Eq(users.C("id"))).
		OrderBy(scores.C("points").Desc()).Limit(1).Subquery("best").Lateral()
	st = sql.NewSelect(users.C("name"), best.C("points")).SelectFrom(users, best).OrderBy(users.C("id"))
	out = nil
	for _, r := range all(t, eng, st) {
		out = append(out, fmt.Sprint(r.Values()))
	}
	if fmt.Sprint(out) != "[[Spongebob 9] [sandy 7] [PATRICK 1]]" {
		t.Errorf("LATERAL: %v", out)
	}
	// An ordered aggregate.
	agg := sql.Func("string_agg", users.C("name"), postgres.AggregateOrderBy(sql.Literal(","), users.C("name").Desc())).Typed(types.Text{})
	if got := names(t, eng, sql.NewSelect(agg).Where(users.C("team").Eq("a"))); got != "sandy,Spongebob" {
		t.Errorf("string_agg ORDER BY: %s", got)
	}
	// SKIP LOCKED passes over rows another transaction holds.
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Execute(ctx, users.Select().Where(users.C("id").In(1, 2)).ForUpdate(sql.LockClause{Of: []sql.FromClause{users}})); err != nil {
		t.Fatal(err)
	}
	got = names(t, eng, sql.NewSelect(users.C("name")).OrderBy(users.C("id")).ForUpdate(sql.LockClause{SkipLocked: true}))
	if got != "PATRICK squidward" {
		t.Errorf("SKIP LOCKED: %s", got)
	}
	// FOR KEY SHARE is compatible with FOR NO KEY UPDATE... but not with
	// FOR UPDATE, which the other transaction holds.
	got = names(t, eng, sql.NewSelect(users.C("name")).OrderBy(users.C("id")).ForUpdate(sql.LockClause{Read: true, KeyShare: true, SkipLocked: true}))
	if got != "PATRICK squidward" {
		t.Errorf("FOR KEY SHARE SKIP LOCKED: %s", got)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
}

// names returns the first column of every row, space-separated.
func names(t *testing.T, eng *engine.Engine, st sql.Element) string {
	t.Helper()
	vals, err := execOK(t, eng, st).Scalars()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range vals {
		out = append(out, fmt.Sprint(v))
	}
	return strings.Join(out, " ")
}

// Values with no Go counterpart are conversion errors, not silent zeros.
func TestUnrepresentableValuesLive(t *testing.T) {
	eng := newEngine(t)
	for _, c := range []struct {
		text string
		typ  types.Type
	}{
		{"'infinity'::timestamptz", types.DateTime{Timezone: true}},
		{"'NaN'::numeric", types.Numeric{}},
		{"'1 mon'::interval", types.Interval{}},
		{"ARRAY[1, NULL]", postgres.ArrayOf(types.Integer{})},
	} {
		res, err := eng.Execute(context.Background(), sql.Text("SELECT "+c.text).Columns(sql.NewColumn("v", c.typ)))
		if err == nil {
			_, err = res.Scalar()
		}
		var ce *types.ConversionError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v", c.text, err)
		}
	}
}
