package engine_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// scanRow runs a one-row query on SQLite and returns its row.
func scanRow(t *testing.T, eng *engine.Engine, stmt sql.Element) *engine.Row {
	t.Helper()
	res, err := eng.Execute(context.Background(), stmt)
	if err != nil {
		t.Fatal(err)
	}
	row, err := res.One()
	if err != nil {
		t.Fatal(err)
	}
	return row
}

// TestRowScan scans values SQLite returns into destinations of every
// kind, with database/sql's conversions.
func TestRowScan(t *testing.T) {
	eng, _ := newEngine(t, "sqlite://")
	ptr := func(v any) any { return reflect.New(reflect.TypeOf(v)).Interface() }
	tests := []struct {
		expr string // a SQL expression SQLite evaluates
		dest any    // a zero value of the destination type
		want any    // the value scanned; an error to match
	}{
		{"42", int64(0), int64(42)},
		{"42", int(0), 42},
		{"42", int8(0), int8(42)},
		{"42", uint16(0), uint16(42)},
		{"42", float64(0), 42.0},
		{"42", float32(0), float32(42)},
		{"42", "", "42"},
		{"42", []byte(nil), []byte("42")},
		{"1", true, true},
		{"0", true, false},
		{"2", true, errors.New("not a boolean")},
		{"1.5", float64(0), 1.5},
		{"1.5", "", "1.5"},
		{"3.0", int64(0), int64(3)},
		{"3.5", int64(0), errors.New("not a whole number")},
		{"'17'", int64(0), int64(17)},
		{"'x17'", int64(0), strconv.ErrSyntax},
		{"'2.5'", float64(0), 2.5},
		{"'true'", false, true},
		{"'text'", "", "text"},
		{"'text'", []byte(nil), []byte("text")},
		{"x'00ff'", []byte(nil), []byte{0, 0xff}},
		{"x'6869'", "", "hi"},
		{"300", int8(0), errors.New("value out of range")},
		{"-1", uint(0), errors.New("value out of range")},
		{"1e300", float32(0), errors.New("value out of range")},
		{"9223372036854775807", int64(0), int64(math.MaxInt64)},
		{"NULL", "", engine.ErrNullValue},
		{"NULL", int64(0), engine.ErrNullValue},
		{"NULL", (*string)(nil), (*string)(nil)},
		{"NULL", []byte(nil), []byte(nil)},
		{"NULL", any(nil), nil},
		{"'x'", (*string)(nil), ptrTo("x")},
		{"7", (**int)(nil), ptrTo(ptrTo(7))},
		{"NULL", stdsql.NullString{}, stdsql.NullString{}},
		{"'x'", stdsql.NullString{}, stdsql.NullString{String: "x", Valid: true}},
		{"12", stdsql.NullInt64{}, stdsql.NullInt64{Int64: 12, Valid: true}},
		{"'12.50'", types.Decimal{}, types.MustDecimal("12.50")},
		{"12", types.Decimal{}, types.MustDecimal("12")},
		{"'x'", time.Time{}, errors.New("incompatible types")},
		{"'x'", struct{}{}, errors.New("incompatible types")},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s into %T", tt.expr, tt.dest), func(t *testing.T) {
			row := scanRow(t, eng, sql.Text("SELECT "+tt.expr+" AS v"))
			var dest any
			if tt.dest == nil {
				var a any = "not nil"
				dest = &a
			} else {
				dest = ptr(tt.dest)
			}
			err := row.Scan(dest)
			if want, isErr := tt.want.(error); isErr {
				var se *engine.ScanError
				if !errors.As(err, &se) || se.Column != "v" {
					t.Fatalf("err = %v, want a ScanError on column v", err)
				}
				if !errors.Is(err, want) && !containsText(err, want.Error()) {
					t.Fatalf("err = %v, want %v", err, want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := reflect.ValueOf(dest).Elem().Interface()
			if d, ok := got.(types.Decimal); ok {
				if !d.Equal(tt.want.(types.Decimal)) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				return
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

func ptrTo[T any](v T) *T { return &v }

func containsText(err error, s string) bool {
	return err != nil && s != "" && strings.Contains(err.Error(), s)
}

func TestRowScanArity(t *testing.T) {
	eng, _ := newEngine(t, "sqlite://")
	row := scanRow(t, eng, sql.Text("SELECT 1 AS a, 'x' AS b"))
	var a int
	if err := row.Scan(&a); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("too few destinations: %v", err)
	}
	var b string
	if err := row.Scan(nil, &b); err != nil || b != "x" {
		t.Errorf("a nil destination skips its column: %v %q", err, b)
	}
	if err := row.Scan(a, &b); err == nil {
		t.Error("a non-pointer destination")
	}
	var np *int
	if err := row.Scan(np, &b); err == nil {
		t.Error("a nil pointer destination")
	}
}

// TestScanTypedColumns scans columns whose types convert values (dates,
// decimals, booleans) into Go types and structs.
func TestScanTypedColumns(t *testing.T) {
	ctx := context.Background()
	md := sql.NewMetaData()
	tbl := md.Table("typed",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("at", types.DateTime{}),
		sql.NewColumn("price", types.Numeric{Precision: 10, Scale: 2}),
		sql.NewColumn("ok", types.Boolean{}),
		sql.NewColumn("data", types.JSON{}),
	)
	eng := newEngineFor(t, md)
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	_, err := eng.Execute(ctx, tbl.Insert().Values(sql.Values{
		"id": 1, "at": at, "price": types.MustDecimal("12.5"), "ok": true, "data": map[string]any{"k": []any{1, 2}},
	}))
	if err != nil {
		t.Fatal(err)
	}
	eng.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 2}))

	type Data struct{ K []int }
	type Rec struct {
		ID    int
		At    *time.Time
		Price *types.Decimal
		OK    stdsql.NullBool
		Data  *Data
	}
	recs, err := engine.ScanAll[Rec](eng.Execute(ctx, sql.NewSelect(tbl).OrderBy(tbl.C("id"))))
	if err != nil {
		t.Fatal(err)
	}
	r := recs[0]
	if !r.At.Equal(at) || r.Price.String() != "12.50" || r.OK != (stdsql.NullBool{Bool: true, Valid: true}) || fmt.Sprint(r.Data.K) != "[1 2]" {
		t.Errorf("rec = %+v", r)
	}
	if r := recs[1]; r.At != nil || r.Price != nil || r.OK.Valid || r.Data != nil {
		t.Errorf("NULL rec = %+v", r)
	}
	// A converted value into other Go types.
	var s string
	var f float64
	var ns stdsql.NullString
	row := scanRow(t, eng, sql.NewSelect(tbl.C("price"), tbl.C("price"), tbl.C("price")).Where(tbl.C("id").Eq(1)))
	if err := row.Scan(&s, &f, &ns); err != nil || s != "12.50" || f != 12.5 || ns.String != "12.50" {
		t.Errorf("Scan = %q %v %v, %v", s, f, ns, err)
	}
	// NULL into a column type's Go type fails clearly.
	var price types.Decimal
	row = scanRow(t, eng, sql.NewSelect(tbl.C("price")).Where(tbl.C("id").Eq(2)))
	if err := row.Scan(&price); !errors.Is(err, engine.ErrNullValue) {
		t.Errorf("NULL into Decimal: %v", err)
	}
}

type Audit struct {
	CreatedBy string
	Note      string `db:"audit_note"`
}

type Meta struct {
	Version int
}

type Person struct {
	ID       int64  `db:"id"`
	Name     string // matches "name"
	FullName *string
	YearsOld int    `db:"age"`
	Ignored  string `db:"-"`
	Audit           // embedded: created_by, audit_note
	*Meta           // embedded pointer: version
	hidden   int
}

func TestScanStructs(t *testing.T) {
	ctx := context.Background()
	eng, _ := newEngine(t, "sqlite://")
	q := sql.Text(`SELECT 1 AS id, 'ann' AS NAME, NULL AS full_name, 30 AS age, 'x' AS ignored,
		'root' AS created_by, 'hi' AS audit_note, 3 AS version, 'extra' AS unknown_column, 5 AS hidden`)
	p, err := engine.ScanOne[Person](eng.Execute(ctx, q))
	if err != nil {
		t.Fatal(err)
	}
	want := Person{ID: 1, Name: "ann", YearsOld: 30, Audit: Audit{"root", "hi"}, Meta: &Meta{3}}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got  %+v %+v\nwant %+v %+v", p, p.Meta, want, want.Meta)
	}
	pp, err := engine.ScanOne[*Person](eng.Execute(ctx, sql.Text("SELECT 2 AS id, 'bo' AS full_name")))
	if err != nil || pp.ID != 2 || *pp.FullName != "bo" || pp.Meta != nil {
		t.Errorf("pointer: %+v, %v", pp, err)
	}
	// No field matches: an error rather than zero values.
	if _, err := engine.ScanOne[Person](eng.Execute(ctx, sql.Text("SELECT 1 AS nada"))); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("no matching field: %v", err)
	}
	// A value that does not fit names its column.
	_, err = engine.ScanOne[Person](eng.Execute(ctx, sql.Text("SELECT 'x' AS age")))
	var se *engine.ScanError
	if !errors.As(err, &se) || se.Column != "age" {
		t.Errorf("bad value: %v", err)
	}
	if _, err := engine.ScanOne[Person](eng.Execute(ctx, sql.Text("SELECT NULL AS age"))); !errors.Is(err, engine.ErrNullValue) {
		t.Errorf("NULL into int field: %v", err)
	}
}

// Shadow checks Go's promotion rule: the shallower field wins.
type Shadow struct {
	Inner
	Name string
}

type Inner struct {
	Name  string
	Other string
}

func TestScanStructShadowing(t *testing.T) {
	eng, _ := newEngine(t, "sqlite://")
	s, err := engine.ScanOne[Shadow](eng.Execute(context.Background(), sql.Text("SELECT 'outer' AS name, 'o' AS other")))
	if err != nil || s.Name != "outer" || s.Inner.Name != "" || s.Other != "o" {
		t.Errorf("got %+v, %v", s, err)
	}
}

func TestScanGenerics(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	names := sql.NewSelect(s.users.C("name")).OrderBy(s.users.C("id"))

	all, err := engine.ScanAll[string](eng.Execute(ctx, names))
	if err != nil || fmt.Sprint(all) != "[a b c]" {
		t.Errorf("ScanAll = %v, %v", all, err)
	}
	none, err := engine.ScanAll[string](eng.Execute(ctx, names.Where(s.users.C("id").Gt(9))))
	if err != nil || none != nil {
		t.Errorf("ScanAll of none = %v, %v", none, err)
	}
	if _, err := engine.ScanAll[string](eng.Execute(ctx, sql.NewSelect(s.users.C("id"), s.users.C("name")))); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("a single value from two columns: %v", err)
	}
	if _, err := engine.ScanAll[string](nil, nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("nil result: %v", err)
	}
	boom := errors.New("boom")
	if _, err := engine.ScanAll[string](nil, boom); err != boom {
		t.Errorf("Execute's error: %v", err)
	}

	one, err := engine.ScanOne[string](eng.Execute(ctx, names.Where(s.users.C("id").Eq(2))))
	if err != nil || one != "b" {
		t.Errorf("ScanOne = %v, %v", one, err)
	}
	if _, err := engine.ScanOne[string](eng.Execute(ctx, names)); !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("ScanOne of many: %v", err)
	}
	if _, err := engine.ScanOne[string](eng.Execute(ctx, names.Where(s.users.C("id").Gt(9)))); !errors.Is(err, engine.ErrNoResultFound) {
		t.Errorf("ScanOne of none: %v", err)
	}

	first, ok, err := engine.ScanFirst[string](eng.Execute(ctx, names))
	if err != nil || !ok || first != "a" {
		t.Errorf("ScanFirst = %v, %v, %v", first, ok, err)
	}
	first, ok, err = engine.ScanFirst[string](eng.Execute(ctx, names.Where(s.users.C("id").Gt(9))))
	if err != nil || ok || first != "" {
		t.Errorf("ScanFirst of none = %v, %v, %v", first, ok, err)
	}
	if _, ok, err := engine.ScanFirst[int8](eng.Execute(ctx, sql.Text("SELECT 999"))); ok || err == nil {
		t.Errorf("ScanFirst of a bad value = %v, %v", ok, err)
	}

	res, _ := eng.Execute(ctx, names)
	var got []string
	for name, err := range engine.Each[string](res, nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, name)
		if len(got) == 2 {
			break
		}
	}
	if fmt.Sprint(got) != "[a b]" {
		t.Errorf("Each = %v", got)
	}
	if res.Next() || !errors.Is(res.Err(), engine.ErrResultClosed) {
		t.Errorf("Each's break did not close the result: %v", res.Err())
	}
	for v, err := range engine.Each[int8](eng.Execute(ctx, sql.Text("SELECT 1 UNION ALL SELECT 999"))) {
		if err != nil {
			var se *engine.ScanError
			if !errors.As(err, &se) || v != 0 {
				t.Errorf("Each error = %v, %v", v, err)
			}
		}
	}
	for _, err := range engine.Each[string](nil, boom) {
		if err != boom {
			t.Errorf("Each of Execute's error: %v", err)
		}
	}

	res, _ = eng.Execute(ctx, sql.NewSelect(s.users.C("id"), s.users.C("name")).OrderBy(s.users.C("id")))
	type U struct {
		ID   int
		Name string
	}
	var us []U
	for row, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		u, err := engine.ScanRow[U](row)
		if err != nil {
			t.Fatal(err)
		}
		us = append(us, u)
	}
	if fmt.Sprint(us) != "[{1 a} {2 b} {3 c}]" {
		t.Errorf("ScanRow = %v", us)
	}
	if _, err := engine.ScanRow[U](nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("ScanRow(nil): %v", err)
	}
}

// FuzzRowScan scans values of each kind SQLite returns into destinations
// of each kind: it must never panic, and an error must be a ScanError.
func FuzzRowScan(f *testing.F) {
	f.Add(int64(1), 1.5, "x", []byte{1}, uint8(0), uint8(0))
	f.Add(int64(-1), math.Inf(1), "", []byte(nil), uint8(3), uint8(7))
	f.Add(int64(math.MaxInt64), math.NaN(), "true", []byte("12"), uint8(5), uint8(2))
	dests := []func() any{
		func() any { return new(int) }, func() any { return new(int8) }, func() any { return new(uint64) },
		func() any { return new(float32) }, func() any { return new(float64) }, func() any { return new(string) },
		func() any { return new([]byte) }, func() any { return new(bool) }, func() any { return new(time.Time) },
		func() any { return new(*int) }, func() any { return new(stdsql.NullInt64) }, func() any { return new(types.Decimal) },
		func() any { return new(any) }, func() any { return new(struct{ A int }) }, func() any { return new(map[string]any) },
		func() any { return new(time.Duration) },
	}
	f.Fuzz(func(t *testing.T, i int64, fl float64, s string, b []byte, which, dest uint8) {
		srcs := []any{i, fl, s, b, nil, i != 0, types.MustDecimal("1.25"), map[string]any{"A": fl}, []any{s}, time.Duration(i)}
		src := srcs[int(which)%len(srcs)]
		d := dests[int(dest)%len(dests)]()
		err := engine.AssignForTest(d, src)
		if err != nil {
			var se *engine.ScanError
			if !errors.As(err, &se) {
				t.Fatalf("%T into %T: %v is not a ScanError", src, d, err)
			}
			_ = err.Error()
		}
	})
}
