package catalog

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
)

func TestRow(t *testing.T) {
	r := Row{"a", []byte("b"), int64(3), 4.0, "5", nil, true, "YES", "no", []byte("7")}
	if r.String(0) != "a" || r.String(1) != "b" || r.String(2) != "3" || r.String(5) != "" || r.String(99) != "" {
		t.Error("String")
	}
	if r.Int(2) != 3 || r.Int(3) != 4 || r.Int(4) != 5 || r.Int(5) != 0 || r.Int(6) != 1 || r.Int(9) != 7 || r.Int(0) != 0 {
		t.Error("Int")
	}
	if !r.Bool(6) || !r.Bool(7) || r.Bool(8) || !r.Bool(2) || r.Bool(5) {
		t.Error("Bool")
	}
	if !r.Null(5) || r.Null(0) || !r.Null(10) {
		t.Error("Null")
	}
}

func TestCanned(t *testing.T) {
	q := &Canned{Rules: []Rule{{Contains: "FROM a", Rows: []Row{{"x"}, {"y"}}}}}
	got, err := Strings(context.Background(), q, "SELECT n FROM a WHERE b = ?", 1)
	if err != nil || len(got) != 2 || got[1] != "y" || q.Args[0][0] != 1 {
		t.Fatalf("%v %v", got, err)
	}
	if _, err := Query(context.Background(), q, "SELECT 1"); err == nil {
		t.Fatal("a query no rule answers")
	}
}

func TestHelpers(t *testing.T) {
	rows := []Row{{"a", 1}, {"a", 2}, {"b", 3}}
	if g := GroupBy(rows, 0); len(g) != 2 || len(g[0]) != 2 || g[1][0].Int(1) != 3 || GroupBy(nil, 0) != nil {
		t.Fatalf("GroupBy: %v", g)
	}
	q := &Canned{Rules: []Rule{{Contains: "first", Rows: []Row{{"x"}}}, {Contains: "empty"}}}
	if v, err := Value(context.Background(), q, "first"); v != "x" || err != nil {
		t.Fatalf("Value: %q %v", v, err)
	}
	if v, err := Value(context.Background(), q, "empty"); v != "" || err != nil {
		t.Fatalf("Value of no row: %q %v", v, err)
	}
	if err := MustExist(false, nil, "s", "t"); !errors.Is(err, dialect.ErrNoSuchTable) || err.Error() != "athanor: no such table: s.t" {
		t.Fatalf("MustExist: %v", err)
	}
	if MustExist(true, nil, "", "t") != nil || !errors.Is(MustExist(false, errBoom, "", "t"), errBoom) {
		t.Fatal("MustExist")
	}
}

var errBoom = errors.New("boom")

// TestTableRows: rows come back as they are; no rows asks mustExist, whose
// answer (not found, or nil for a table with none) is the error; a failed
// query never asks it.
func TestTableRows(t *testing.T) {
	ctx := context.Background()
	notFound := errors.New("no such table")
	var asked []string
	mustExist := func(_ context.Context, _ dialect.Queryer, schema, table string) error {
		asked = append(asked, schema+"."+table)
		if table == "missing" {
			return notFound
		}
		return nil
	}
	q := &Canned{Rules: []Rule{{Contains: "FROM full", Rows: []Row{{"k"}}}, {Contains: "FROM empty"}}}
	rows, err := TableRows(ctx, q, mustExist, "s", "t", "SELECT k FROM full")
	if err != nil || len(rows) != 1 || len(asked) != 0 {
		t.Errorf("rows: %v %v, asked %v", rows, err, asked)
	}
	if rows, err := TableRows(ctx, q, mustExist, "s", "t", "SELECT k FROM empty"); err != nil || rows != nil {
		t.Errorf("a table with none: %v %v", rows, err)
	}
	if _, err := TableRows(ctx, q, mustExist, "s", "missing", "SELECT k FROM empty"); !errors.Is(err, notFound) {
		t.Errorf("a missing table: %v", err)
	}
	asked = nil
	if _, err := TableRows(ctx, q, mustExist, "s", "t", "SELECT k FROM nowhere"); err == nil || len(asked) != 0 {
		t.Errorf("a failed query: %v, asked %v", err, asked)
	}
}
