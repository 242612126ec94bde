package engine_test

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	_ "github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// accountEmail and accountLevel are types of a program's own, stored as
// a string and an integer.
type (
	accountEmail string
	accountLevel int32
)

// accounts is a table declared with typed columns, on a live SQLite
// database.
type accounts struct {
	eng      *engine.Engine
	table    *sql.Table
	id       sql.NumCol[int64]
	name     sql.StrCol
	nickname sql.Col[*string]
	email    sql.Col[accountEmail]
	level    sql.NumCol[accountLevel]
	balance  sql.NumCol[types.Decimal]
	created  sql.Col[time.Time]
	active   sql.Col[bool]
}

var accountsEpoch = time.Date(2024, 3, 1, 12, 30, 0, 0, time.UTC)

func newAccounts(t *testing.T) *accounts {
	t.Helper()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	a := &accounts{
		eng:      eng,
		id:       sql.NumberColumn[int64]("id", types.Integer{}, sql.PrimaryKey()),
		name:     sql.StringColumn("name", types.String{Length: 30}, sql.NotNull()),
		nickname: sql.TypedColumn[*string]("nickname", types.String{Length: 30}),
		email:    sql.TypedColumn[accountEmail]("email", nil),
		level:    sql.NumberColumn[accountLevel]("level", nil),
		balance:  sql.NumberColumn[types.Decimal]("balance", types.Numeric{Precision: 10, Scale: 2}),
		created:  sql.TypedColumn[time.Time]("created", nil),
		active:   sql.TypedColumn[bool]("active", nil),
	}
	md := sql.NewMetaData()
	a.table = md.Table("accounts", a.id, a.name, a.nickname, a.email, a.level, a.balance, a.created, a.active)
	ctx := context.Background()
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	ann := "annie"
	for i, row := range []struct {
		name    string
		nick    *string
		email   accountEmail
		level   accountLevel
		balance string
		active  bool
	}{
		{"ann", &ann, "ann@example.com", 3, "10.50", true},
		{"bob", nil, "bob@example.com", 1, "0.25", false},
		{"cyd", nil, "cyd@example.org", 2, "100.00", true},
	} {
		_, err := eng.Execute(ctx, a.table.Insert().Set(
			a.name.To(row.name), a.nickname.To(row.nick), a.email.To(row.email), a.level.To(row.level),
			a.balance.To(types.MustDecimal(row.balance)), a.created.To(accountsEpoch.Add(time.Duration(i)*time.Hour)),
			a.active.To(row.active),
		))
		if err != nil {
			t.Fatal(err)
		}
	}
	return a
}

// TestTypedRoundTripSQLite reads every typed column back as its Go type,
// through Get, GetNullable and the readers, with no type assertion.
func TestTypedRoundTripSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	row, err := a.eng.Execute(ctx, sql.NewSelect(a.table).Where(a.email.Eq("ann@example.com")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := row.One()
	if err != nil {
		t.Fatal(err)
	}
	id, err := engine.Get(r, a.id)
	check(t, "id", id, err, int64(1))
	name, err := engine.Get(r, a.name)
	check(t, "name", name, err, "ann")
	email, err := engine.Get(r, a.email)
	check(t, "email", email, err, accountEmail("ann@example.com"))
	level, err := engine.Get(r, a.level)
	check(t, "level", level, err, accountLevel(3))
	created, err := engine.Get(r, a.created)
	check(t, "created", created.UTC(), err, accountsEpoch)
	active, err := engine.Get(r, a.active)
	check(t, "active", active, err, true)
	balance, err := engine.Get(r, a.balance)
	if err != nil || !balance.Equal(types.MustDecimal("10.5")) {
		t.Errorf("balance = %v, %v; want 10.50", balance, err)
	}
	nick, err := engine.Get(r, a.nickname)
	if err != nil || nick == nil || *nick != "annie" {
		t.Errorf("nickname = %v, %v; want annie", nick, err)
	}
	nickname, ok, err := engine.GetNullable(r, a.nickname)
	if err != nil || !ok || *nickname != "annie" {
		t.Errorf("GetNullable(nickname) = %v, %v, %v", nickname, ok, err)
	}

	// The untyped form, side by side: the same row by name and by the
	// untyped column.
	if v, err := r.Value("name"); err != nil || v != "ann" {
		t.Errorf("Value(name) = %v, %v", v, err)
	}
	if v, err := r.ByColumn(a.table.C("level")); err != nil || v != int64(3) {
		t.Errorf("ByColumn(level) = %#v, %v", v, err)
	}
	if v, err := r.ByColumn(a.level); err != nil || v != int64(3) {
		t.Errorf("ByColumn(typed level) = %#v, %v", v, err)
	}
	// ByColumn takes typed expressions too.
	upper := a.name.Upper()
	res, err := a.eng.Execute(ctx, sql.NewSelect(upper))
	if err != nil {
		t.Fatal(err)
	}
	first, err := res.First()
	if err != nil {
		t.Fatal(err)
	}
	if v, err := first.ByColumn(upper); err != nil || v != "ANN" {
		t.Errorf("ByColumn(typed expression) = %#v, %v", v, err)
	}
}

func check[T comparable](t *testing.T, what string, got T, err error, want T) {
	t.Helper()
	if err != nil || got != want {
		t.Errorf("%s = %#v, %v; want %#v", what, got, err, want)
	}
}

func TestTypedReadersSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	byID := sql.NewSelect(a.id, a.name, a.level, a.created).OrderBy(a.id)

	ids, err := engine.ScalarsOf(a.id).All(a.eng.Execute(ctx, byID.Where(a.active)))
	if err != nil || !reflect.DeepEqual(ids, []int64{1, 3}) {
		t.Errorf("ScalarsOf(id) = %v, %v", ids, err)
	}
	pairs, err := engine.PairsOf(a.name, a.level).All(a.eng.Execute(ctx, byID.Where(a.level.Ge(2))))
	want := []engine.Pair[string, accountLevel]{{First: "ann", Second: 3}, {First: "cyd", Second: 2}}
	if err != nil || !reflect.DeepEqual(pairs, want) {
		t.Errorf("PairsOf(name, level) = %v, %v", pairs, err)
	}
	// The readers find their columns by expression, in any order and
	// among other columns.
	triples, err := engine.TriplesOf(a.created, a.id, a.name).All(a.eng.Execute(ctx, byID.Where(a.name.In("bob"))))
	if err != nil || len(triples) != 1 || triples[0].Second != 2 || triples[0].Third != "bob" ||
		!triples[0].First.Equal(accountsEpoch.Add(time.Hour)) {
		t.Errorf("TriplesOf(created, id, name) = %+v, %v", triples, err)
	}

	one, err := engine.ScalarsOf(a.name).One(a.eng.Execute(ctx, byID.Where(a.id.Eq(3))))
	check(t, "One", one, err, "cyd")
	_, err = engine.ScalarsOf(a.name).One(a.eng.Execute(ctx, byID.Where(a.id.Eq(9))))
	if !errors.Is(err, engine.ErrNoResultFound) {
		t.Errorf("One of no row: %v", err)
	}
	_, err = engine.ScalarsOf(a.name).One(a.eng.Execute(ctx, byID))
	if !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("One of three rows: %v", err)
	}
	first, ok, err := engine.ScalarsOf(a.name).First(a.eng.Execute(ctx, byID.OrderBy(a.name.Desc())))
	if err != nil || !ok || first != "ann" {
		t.Errorf("First = %q, %v, %v", first, ok, err)
	}
	_, ok, err = engine.ScalarsOf(a.name).First(a.eng.Execute(ctx, byID.Where(a.id.Gt(9))))
	if err != nil || ok {
		t.Errorf("First of no row = %v, %v", ok, err)
	}
	var names []string
	for name, err := range engine.ScalarsOf(a.name).Each(a.eng.Execute(ctx, byID)) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		if len(names) == 2 {
			break // closes the result
		}
	}
	if !reflect.DeepEqual(names, []string{"ann", "bob"}) {
		t.Errorf("Each = %v", names)
	}
	// An execution error reaches the reader.
	_, err = engine.ScalarsOf(a.name).All(a.eng.Execute(ctx, sql.Text("SELECT nope FROM nowhere")))
	if err == nil {
		t.Error("All of a failed execution: no error")
	}
}

func TestTypedExpressionsSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	total := sql.SumOf(a.balance).Label("total")
	levels := sql.SumOf(a.level).Mul(10).Label("levels")
	count := sql.CountOf().Label("n")
	stmt := sql.NewSelect(a.active, total, levels, count, sql.MaxOf(a.created).Label("last"), sql.AvgOf(a.level).Label("avg")).
		GroupBy(a.active).Having(count.Gt(0)).OrderBy(a.active)
	res, err := a.eng.Execute(ctx, stmt)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := res.All()
	if err != nil || len(rows) != 2 {
		t.Fatalf("rows: %v, %v", rows, err)
	}
	r := rows[1] // active
	sum, err := engine.Get(r, total)
	if err != nil || !sum.Equal(types.MustDecimal("110.50")) {
		t.Errorf("SumOf(balance) = %v, %v", sum, err)
	}
	lv, err := engine.Get(r, levels)
	check(t, "SumOf(level) * 10", lv, err, accountLevel(50))
	n, err := engine.Get(r, count)
	check(t, "CountOf()", n, err, int64(2))
	last, err := engine.Get(r, sql.MaxOf(a.created).Label("last")) // found by label name
	check(t, "MaxOf(created)", last.UTC(), err, accountsEpoch.Add(2*time.Hour))
	avg, err := engine.Get(r, sql.AvgOf(a.level).Label("avg"))
	check(t, "AvgOf(level)", avg, err, 2.5)

	// Arithmetic and string expressions keep their type through a result.
	shout := a.name.Upper().Concat("!").Label("shout")
	next := a.level.Add(1).Label("next")
	pairs, err := engine.PairsOf(shout, next).All(a.eng.Execute(ctx, sql.NewSelect(shout, next).Where(a.name.StartsWith("c"))))
	if err != nil || !reflect.DeepEqual(pairs, []engine.Pair[string, accountLevel]{{First: "CYD!", Second: 3}}) {
		t.Errorf("expressions = %v, %v", pairs, err)
	}
	// coalesce makes a nullable column read as a plain value.
	nick := sql.CoalesceOf(sql.As[string](a.table.C("nickname")), "-")
	nicks, err := engine.ScalarsOf(nick).All(a.eng.Execute(ctx, sql.NewSelect(nick).OrderBy(a.id)))
	if err != nil || !reflect.DeepEqual(nicks, []string{"annie", "-", "-"}) {
		t.Errorf("coalesce = %v, %v", nicks, err)
	}
	// A typed bind parameter, its value given at each execution of the
	// same compiled statement.
	byLevel := sql.NewSelect(a.name).Where(a.level.EqExpr(sql.BindOf[accountLevel]("lv")))
	for lv, want := range map[accountLevel]string{1: "bob", 2: "cyd", 3: "ann"} {
		got, err := engine.ScalarsOf(a.name).One(a.eng.Execute(ctx, byLevel, sql.Params{"lv": lv}))
		check(t, "BindOf", got, err, want)
	}
	// Typed comparisons on time and decimal values.
	rich, err := engine.ScalarsOf(a.name).All(a.eng.Execute(ctx, sql.NewSelect(a.name).
		Where(a.balance.Gt(types.MustDecimal("1")), a.created.Lt(accountsEpoch.Add(90*time.Minute))).OrderBy(a.name)))
	if err != nil || !reflect.DeepEqual(rich, []string{"ann"}) {
		t.Errorf("decimal and time comparisons = %v, %v", rich, err)
	}
}

func TestTypedUpdateDeleteSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	_, err := a.eng.Execute(ctx, a.table.Update().
		Set(a.level.ToExpr(a.level.Mul(2)), a.balance.To(types.MustDecimal("1.00"))).
		Where(a.email.NotIn("ann@example.com")))
	if err != nil {
		t.Fatal(err)
	}
	got, err := engine.PairsOf(a.level, a.balance).All(a.eng.Execute(ctx, sql.NewSelect(a.level, a.balance).OrderBy(a.id)))
	if err != nil || len(got) != 3 || got[1].First != 2 || got[2].First != 4 || got[0].First != 3 ||
		!got[1].Second.Equal(types.MustDecimal("1")) {
		t.Errorf("after update: %v, %v", got, err)
	}
	res, err := a.eng.Execute(ctx, a.table.Delete().Where(a.active.Eq(false)))
	if err != nil || res.RowsAffected() != 1 {
		t.Fatalf("delete: %v, %v", res, err)
	}
	count := sql.CountOf()
	n, err := engine.ScalarsOf(count).One(a.eng.Execute(ctx, sql.NewSelect(count).SelectFrom(a.table)))
	check(t, "count after delete", n, err, int64(2))
}

// TestTypedConversionErrorsSQLite checks that a value that does not fit
// the Go type is an error, never a panic.
func TestTypedConversionErrorsSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	res, err := a.eng.Execute(ctx, sql.NewSelect(a.table).Where(a.name.Eq("bob")))
	if err != nil {
		t.Fatal(err)
	}
	r, err := res.One()
	if err != nil {
		t.Fatal(err)
	}
	// NULL into a non-pointer type.
	_, err = engine.Get(r, sql.As[string](a.table.C("nickname")))
	var se *engine.ScanError
	if !errors.As(err, &se) || se.Column != "nickname" {
		t.Errorf("NULL into string: %v", err)
	}
	if v, ok, err := engine.GetNullable(r, sql.As[string](a.table.C("nickname"))); err != nil || ok || v != "" {
		t.Errorf("GetNullable of NULL = %q, %v, %v", v, ok, err)
	}
	if v, err := engine.Get(r, a.nickname); err != nil || v != nil {
		t.Errorf("NULL into *string = %v, %v", v, err)
	}
	// A value out of the Go type's range.
	thousand := sql.NumExprAs[int8](sql.LiteralColumn("1000", types.Integer{}))
	big, err := engine.ScalarsOf(thousand).One(a.eng.Execute(ctx, sql.NewSelect(thousand)))
	if !errors.As(err, &se) || big != 0 {
		t.Errorf("1000 into int8 = %v, %v; want a ScanError", big, err)
	}
	// A view with the wrong Go type.
	_, err = engine.Get(r, sql.As[time.Time](a.table.C("name")))
	if !errors.As(err, &se) || se.Column != "name" {
		t.Errorf("string into time.Time: %v", err)
	}
	// A column the row does not have.
	_, err = engine.Get(r, sql.TypedColumn[int64]("other", nil))
	if !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("missing column: %v", err)
	}
	_, err = engine.Get(r, sql.Col[int64]{})
	if !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("zero column: %v", err)
	}
	if _, err := engine.PairsOf(a.id, a.created).Row(r); err != nil {
		t.Errorf("Reader.Row: %v", err)
	}
	if _, err := engine.PairsOf(a.id, sql.As[int64](a.table.C("name"))).Row(r); err == nil {
		t.Error("Reader.Row of a string column as int64: no error")
	}
	_, err = engine.ScalarsOf(a.id).All(a.eng.Execute(ctx, sql.NewSelect(a.name)))
	if !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("reader of a missing column: %v", err)
	}
}

// TestTypedViewsSQLite reads through typed views of a table defined
// without them, and through a subquery.
func TestTypedViewsSQLite(t *testing.T) {
	a := newAccounts(t)
	ctx := context.Background()
	plain := a.table // as if defined untyped
	level := sql.AsNumber[int64](plain.C("level"))
	name := sql.AsString(plain.C("name"))
	sub := sql.NewSelect(name, level.Mul(100).Label("points")).Where(level.Gt(1)).Subquery("s")
	points := sql.AsNumber[int64](sub.C("points"))
	subName := sql.AsString(sub.C("name"))
	got, err := engine.PairsOf(subName, points).All(a.eng.Execute(ctx, sql.NewSelect(sub).OrderBy(points.Desc())))
	want := []engine.Pair[string, int64]{{First: "ann", Second: 300}, {First: "cyd", Second: 200}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("through a subquery = %v, %v", got, err)
	}
	// A typed view finds the table's column in a result through the
	// subquery's lineage, as ByColumn does.
	names, err := engine.ScalarsOf(name).All(a.eng.Execute(ctx, sql.NewSelect(sub.C("name")).OrderBy(sub.C("name"))))
	if err != nil || !reflect.DeepEqual(names, []string{"ann", "cyd"}) {
		t.Errorf("table column through a subquery = %v, %v", names, err)
	}
}
