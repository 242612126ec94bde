package dialecttest

import (
	"context"
	gosql "database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// moreSelectTests: CTEs, set operations, window functions, FILTER, row
// values.
func (s *suite) moreSelectTests(t *testing.T) {
	fx := s.fx
	u, a, e, n := fx.users, fx.addresses, fx.employees, fx.nums
	feat := s.dialect.Features()
	s.group(t, []test{
		{"CTE", func(t *testing.T) {
			big := sql.NewSelect(u.C("id"), u.C("name")).Where(u.C("score").Ge(10)).CTE("big")
			stmt := sql.NewSelect(big.C("name")).OrderBy(big.C("name"))
			if !s.supports(t, "CTE", s.req.CTE, feat.CTE, stmt) {
				return
			}
			s.check(t, stmt, "alice", "bob", "dave")
			// A CTE used in a join, and a CTE referring to another.
			s.check(t, sql.NewSelect(big.C("name"), a.C("email")).SelectFrom(big.Join(a, a.C("user_id").Eq(big.C("id")))).OrderBy(a.C("id")),
				"alice|alice@x.org", "alice|alice@y.org", "bob|bob@x.org")
			top := sql.NewSelect(big.C("id")).Where(big.C("name").Ne("alice")).CTE("top")
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(top), "2")
		}},
		{"RecursiveCTE", func(t *testing.T) {
			// The anchor's value is cast: a bare parameter there is the
			// SelectListParameters test's.
			anchor := sql.NewSelect(sql.NewCast(sql.Literal(1), integer).Label("k")).RecursiveCTE("counter")
			counter := anchor.UnionAll(sql.NewSelect(anchor.C("k").Add(1)).Where(anchor.C("k").Lt(5)))
			stmt := sql.NewSelect(counter.C("k")).OrderBy(counter.C("k"))
			if !s.supports(t, "RecursiveCTE", s.req.RecursiveCTE, feat.RecursiveCTE, stmt) {
				return
			}
			s.check(t, stmt, "1", "2", "3", "4", "5")
			chain := sql.NewSelect(e.C("id"), e.C("name"), sql.NewCast(sql.Literal(0), integer).Label("depth")).Where(e.C("manager_id").IsNull()).RecursiveCTE("chain")
			sub := e.Alias("sub")
			chain = chain.UnionAll(sql.NewSelect(sub.C("id"), sub.C("name"), chain.C("depth").Add(1)).
				SelectFrom(sub.Join(chain, sub.C("manager_id").Eq(chain.C("id")))))
			s.check(t, sql.NewSelect(chain.C("name"), chain.C("depth")).OrderBy(chain.C("depth"), chain.C("name")),
				"boss|0", "ann|1", "ben|1", "cid|2", "dee|3")
		}},
		{"SelectListParameters", func(t *testing.T) {
			need(t, "SelectListParameters", s.req.SelectListParameters)
			s.check(t, sql.NewSelect(sql.Literal(2).Label("two"), sql.Literal("ab"), sql.Literal(true)), "2|ab|true")
			sq := sql.NewSelect(sql.Literal(2).Label("x"), sql.Literal("a").Label("y")).Subquery("lit")
			s.check(t, sql.NewSelect(sq.C("x").Add(1), sq.C("y").Concat("b")), "3|ab")
			anchor := sql.NewSelect(sql.Literal(1).Label("k")).RecursiveCTE("counter")
			counter := anchor.UnionAll(sql.NewSelect(anchor.C("k").Add(1)).Where(anchor.C("k").Lt(3)))
			if !s.supports(t, "RecursiveCTE", s.req.RecursiveCTE, feat.RecursiveCTE, sql.NewSelect(counter.C("k"))) {
				return
			}
			s.check(t, sql.NewSelect(counter.C("k")).OrderBy(counter.C("k")), "1", "2", "3")
		}},
		{"DistinctOn", func(t *testing.T) {
			stmt := sql.NewSelect(n.C("grp"), n.C("n")).DistinctOn(n.C("grp")).OrderBy(n.C("grp"), n.C("n").Desc())
			if !s.supports(t, "DistinctOn", s.req.DistinctOn, feat.DistinctOn, stmt) {
				return
			}
			s.check(t, stmt, "a|3", "b|5", "c|6")
		}},
		{"Lateral", func(t *testing.T) {
			last := sql.NewSelect(a.C("email")).Where(a.C("user_id").Eq(u.C("id"))).OrderBy(a.C("email").Desc()).Limit(1).Lateral("last")
			stmt := sql.NewSelect(u.C("name"), last.C("email")).SelectFrom(u, last).OrderBy(u.C("id"))
			if !s.supports(t, "Lateral", s.req.Lateral, feat.Lateral, stmt) {
				return
			}
			s.check(t, stmt, "alice|alice@y.org", "bob|bob@x.org")
		}},
		{"ScanStructs", s.testScanStructs},
		{"PartialReads", s.testPartialReads},
		{"Union", func(t *testing.T) {
			low, high := sql.NewSelect(n.C("n")).Where(n.C("n").Le(4)), sql.NewSelect(n.C("n")).Where(n.C("n").Ge(3))
			s.check(t, sql.Union(low, high).OrderBy(n.C("n")), "1", "2", "3", "4", "5", "6")
			s.check(t, sql.Union(low, high).OrderBy(n.C("n").Desc()).Limit(2), "6", "5")
			s.check(t, low.Union(high, sql.NewSelect(sql.Literal(9))).OrderBy(n.C("n")).Limit(2).Offset(5), "6", "9")
		}},
		{"UnionAll", func(t *testing.T) {
			low, high := sql.NewSelect(n.C("n")).Where(n.C("n").Le(4)), sql.NewSelect(n.C("n")).Where(n.C("n").Ge(3))
			s.check(t, sql.UnionAll(low, high).OrderBy(n.C("n")).Limit(3).Offset(2), "3", "3", "4")
			sq := sql.UnionAll(low, high).Subquery("both")
			s.check(t, sql.NewSelect(sq.C("n"), sql.Func("count")).GroupBy(sq.C("n")).Having(sql.Func("count").Gt(1)).OrderBy(sq.C("n")), "3|2", "4|2")
			// Members with their own ORDER BY and LIMIT.
			first := sql.NewSelect(n.C("n")).OrderBy(n.C("n")).Limit(1)
			last := sql.NewSelect(n.C("n")).OrderBy(n.C("n").Desc()).Limit(1)
			s.check(t, sql.UnionAll(first, last).OrderBy(n.C("n")), "1", "6")
		}},
		{"IntersectExcept", func(t *testing.T) {
			low, high := sql.NewSelect(n.C("n")).Where(n.C("n").Le(4)), sql.NewSelect(n.C("n")).Where(n.C("n").Ge(3))
			stmt := sql.Intersect(low, high).OrderBy(n.C("n"))
			if !s.supports(t, "Intersect", s.req.Intersect, feat.Intersect, stmt) {
				return
			}
			s.check(t, stmt, "3", "4")
			s.check(t, sql.Except(low, high).OrderBy(n.C("n").Desc()), "2", "1")
			s.check(t, sql.Except(low, high).OrderBy(n.C("n")).Limit(1), "1")
		}},
		{"IntersectExceptAll", func(t *testing.T) {
			low, high := sql.NewSelect(n.C("grp")).Where(n.C("n").Le(4)), sql.NewSelect(n.C("grp")).Where(n.C("n").Ge(2))
			stmt := sql.IntersectAll(low, high).OrderBy(n.C("grp"))
			if !s.supports(t, "IntersectAll", s.req.IntersectAll, feat.IntersectAll, stmt) {
				return
			}
			s.check(t, stmt, "a", "a", "b")
			s.check(t, sql.ExceptAll(low, high).OrderBy(n.C("grp")), "a")
		}},
		{"WindowFunctions", func(t *testing.T) {
			rn := sql.Func("row_number").Over(sql.Window{PartitionBy: []sql.ColumnElement{n.C("grp")}, OrderBy: []sql.ColumnElement{n.C("n").Desc()}})
			stmt := sql.NewSelect(n.C("id"), rn).OrderBy(n.C("id"))
			if !s.supports(t, "WindowFunctions", s.req.WindowFunctions, feat.WindowFunctions, stmt) {
				return
			}
			s.check(t, stmt, "1|3", "2|2", "3|1", "4|2", "5|1", "6|1")
			total := sql.Func("sum", n.C("n")).Over(sql.Window{PartitionBy: []sql.ColumnElement{n.C("grp")}})
			rank := sql.Func("dense_rank").Over(sql.Window{OrderBy: []sql.ColumnElement{n.C("grp")}})
			s.check(t, sql.NewSelect(n.C("id"), total, rank).OrderBy(n.C("id")), "1|6|1", "2|6|1", "3|6|1", "4|9|2", "5|9|2", "6|6|3")
			// A window function in a subquery, filtered outside.
			sq := sql.NewSelect(n.C("id"), rn.Label("rn")).Subquery("ranked")
			s.check(t, sql.NewSelect(sq.C("id")).Where(sq.C("rn").Eq(1)).OrderBy(sq.C("id")), "3", "5", "6")
		}},
		{"WindowFrames", func(t *testing.T) {
			byID := []sql.ColumnElement{n.C("id")}
			moving := sql.Func("sum", n.C("n")).Over(sql.Window{OrderBy: byID, Rows: &sql.Frame{Start: sql.Preceding(1), End: sql.CurrentRow}})
			stmt := sql.NewSelect(n.C("id"), moving).OrderBy(n.C("id"))
			if !s.supports(t, "WindowFunctions", s.req.WindowFunctions, feat.WindowFunctions, stmt) {
				return
			}
			s.check(t, stmt, "1|1", "2|3", "3|5", "4|7", "5|9", "6|11")
			ahead := sql.Func("sum", n.C("n")).Over(sql.Window{OrderBy: byID, Rows: &sql.Frame{Start: sql.CurrentRow, End: sql.Following(2)}})
			whole := sql.Func("max", n.C("n")).Over(sql.Window{OrderBy: byID, Rows: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.UnboundedFollowing}})
			running := sql.Func("sum", n.C("n")).Over(sql.Window{OrderBy: []sql.ColumnElement{n.C("n")}, Range: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.CurrentRow}})
			s.check(t, sql.NewSelect(n.C("id"), ahead, whole, running).OrderBy(n.C("id")),
				"1|6|6|1", "2|9|6|3", "3|12|6|6", "4|15|6|10", "5|11|6|15", "6|6|6|21")
		}},
		{"AggregateFilter", func(t *testing.T) {
			stmt := sql.NewSelect(sql.Func("count").Filter(n.C("n").Gt(2)), sql.Func("sum", n.C("n")).Filter(n.C("grp").Eq("a")))
			if !s.supports(t, "AggregateFilter", s.req.AggregateFilter, feat.AggregateFilter, stmt) {
				return
			}
			s.check(t, stmt, "4|6")
			s.check(t, sql.NewSelect(n.C("grp"), sql.Func("count").Filter(n.C("n").Ge(3), n.C("n").Le(5))).GroupBy(n.C("grp")).OrderBy(n.C("grp")),
				"a|1", "b|2", "c|0")
		}},
		{"TupleIn", func(t *testing.T) {
			pair := sql.NewTuple(n.C("grp"), n.C("n"))
			stmt := sql.NewSelect(n.C("id")).Where(pair.In([]any{"a", 1}, []any{"b", 5}, []any{"c", 1})).OrderBy(n.C("id"))
			if !s.supports(t, "TupleIn", s.req.TupleIn, feat.TupleIn, stmt) {
				return
			}
			s.check(t, stmt, "1", "5")
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(n).Where(pair.NotIn([]any{"a", 1}, []any{"b", 5})), "4")
			sub := sql.NewSelect(n.C("grp"), sql.Func("max", n.C("n"))).GroupBy(n.C("grp"))
			s.check(t, sql.NewSelect(n.C("id")).Where(pair.In(sub)).OrderBy(n.C("id")), "3", "5", "6")
			exp := sql.NewSelect(n.C("id")).Where(pair.In(sql.Bind("pairs").Expanding())).OrderBy(n.C("id"))
			s.checkParams(t, exp, sql.Params{"pairs": [][]any{{"a", 2}, {"c", 6}}}, "2", "6")
			s.checkParams(t, exp, sql.Params{"pairs": [][]any{}})
		}},
		{"TupleComparison", func(t *testing.T) {
			pair := sql.NewTuple(n.C("grp"), n.C("n"))
			stmt := sql.NewSelect(n.C("id")).Where(pair.Gt([]any{"a", 2})).OrderBy(n.C("id"))
			if !s.supports(t, "TupleComparison", s.req.TupleComparison, feat.TupleComparison, stmt) {
				return
			}
			s.check(t, stmt, "3", "4", "5", "6")
			s.check(t, sql.NewSelect(n.C("id")).Where(pair.Le([]any{"b", 4})).OrderBy(n.C("id")), "1", "2", "3", "4")
			s.check(t, sql.NewSelect(n.C("id")).Where(pair.Eq([]any{"b", 5})), "5")
		}},
	})
}

// testNow: now() is the current instant, read as a time.Time.
func (s *suite) testNow(t *testing.T) {
	before := time.Now().Add(-5 * time.Minute)
	v, err := s.exec(t, sql.NewSelect(sql.Func("now"))).ScalarOne()
	if err != nil {
		t.Fatal(err)
	}
	got, ok := v.(time.Time)
	if !ok {
		t.Fatalf("now() = %T %v, want a time.Time", v, v)
	}
	if got.Before(before) || got.After(time.Now().Add(5*time.Minute)) {
		t.Errorf("now() = %v, more than 5 minutes from the client's clock %v", got, time.Now())
	}
	u := s.fx.users
	s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u).Where(sql.Func("now").Gt(time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC))), "5")
}

// testText: text() with parameters given at execution or bound, and
// declared result columns that type the rows.
func (s *suite) testText(t *testing.T) {
	u := s.fx.users
	q := "SELECT id, name FROM " + s.dialect.QuoteIdentifier(u.Name()) + " WHERE score >= :lo AND id <> :lo ORDER BY id"
	s.checkParams(t, sql.Text(q), sql.Params{"lo": 10}, "1|alice", "2|bob", "5|dave")
	s.check(t, sql.Text(q).BindParams(sql.Bind("lo").WithValue(20)), "2|bob", "5|dave")
	// Declared columns convert the values: score > 10 is a Boolean.
	typed := sql.Text("SELECT id, score > 10 AS big, name FROM "+s.dialect.QuoteIdentifier(u.Name())+" WHERE score IS NOT NULL ORDER BY id").
		Columns(sql.NewColumn("id", integer), sql.NewColumn("big", types.Boolean{}), sql.NewColumn("name", str30))
	s.check(t, typed, "1|false|alice", "2|true|bob", "4|false|NULL", "5|true|dave")
	// As a subquery.
	sq := typed.Subquery("t")
	s.check(t, sql.NewSelect(sq.C("name")).Where(sq.C("big")).OrderBy(sq.C("id")), "bob", "dave")
	// A missing parameter is a typed error, before anything is sent.
	_, err := s.eng.Execute(context.Background(), sql.Text(q))
	if !errors.Is(err, sql.ErrMissingParameter) {
		t.Errorf("text without its parameter: %v, want ErrMissingParameter", err)
	}
}

// testBindReuse: a named parameter used twice takes one value; the same
// statement runs again with other values, and a statement built again
// with other values reuses the compiled form.
func (s *suite) testBindReuse(t *testing.T) {
	u := s.fx.users
	v := sql.Bind("v")
	stmt := sql.NewSelect(u.C("id")).Where(sql.Or(u.C("id").Eq(v), u.C("score").Eq(v))).OrderBy(u.C("id"))
	s.checkParams(t, stmt, sql.Params{"v": 5}, "4", "5")
	s.checkParams(t, stmt, sql.Params{"v": 20}, "2", "5")
	s.checkParams(t, stmt, sql.Params{"v": 1}, "1")
	byName := func(name string) *sql.Select { return sql.NewSelect(u.C("id")).Where(u.C("name").Eq(name)) }
	s.check(t, byName("carol"), "3")
	s.check(t, byName("dave"), "5")
	s.check(t, byName("nobody"))
	withDefault := sql.NewSelect(u.C("name")).Where(u.C("id").Eq(sql.Bind("id").WithValue(2)))
	s.check(t, withDefault, "bob")
	s.checkParams(t, withDefault, sql.Params{"id": 3}, "carol")
	if _, err := s.eng.Execute(context.Background(), stmt); !errors.Is(err, sql.ErrMissingParameter) {
		t.Errorf("without a value for v: %v, want ErrMissingParameter", err)
	}
}

// testScanStructs: rows scan into structs by column name, converting to
// the fields' types, from typed statements and from text().
func (s *suite) testScanStructs(t *testing.T) {
	ctx := context.Background()
	u, a := s.fx.users, s.fx.addresses
	type user struct {
		ID     int32
		Name   *string
		Score  gosql.NullInt64
		Emails int `db:"n"`
	}
	n := sql.Func("count", a.C("id")).Label("n")
	stmt := sql.NewSelect(u.C("id"), u.C("name"), u.C("score"), n).SelectFrom(u.OuterJoin(a)).
		GroupBy(u.C("id"), u.C("name"), u.C("score")).OrderBy(u.C("id"))
	users, err := engine.ScanAll[user](s.eng.Execute(ctx, stmt))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, x := range users {
		name := "NULL"
		if x.Name != nil {
			name = *x.Name
		}
		got = append(got, fmt.Sprintf("%d|%s|%v|%d", x.ID, name, x.Score, x.Emails))
	}
	want := []string{"1|alice|{10 true}|2", "2|bob|{20 true}|1", "3|carol|{0 false}|0", "4|NULL|{5 true}|0", "5|dave|{20 true}|0"}
	if !slices.Equal(got, want) {
		t.Errorf("typed rows\n got: %q\nwant: %q", got, want)
	}
	// text() without declared columns: the driver's values, converted to
	// the fields.
	type plain struct {
		ID   int64
		Name string
	}
	q := sql.Text("SELECT id, name FROM " + s.dialect.QuoteIdentifier(u.Name()) + " WHERE name IS NOT NULL ORDER BY id DESC")
	rows, err := engine.ScanAll[plain](s.eng.Execute(ctx, q))
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0] != (plain{5, "dave"}) || rows[3] != (plain{1, "alice"}) {
		t.Errorf("text rows: %+v", rows)
	}
	total, err := engine.ScanOne[int](s.eng.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(u)))
	if err != nil || total != 5 {
		t.Errorf("count into int: %v %v", total, err)
	}
}

// testPartialReads: results read in part and closed, or left by a loop
// that breaks, give their connection back: more of them than the pool
// holds leave the engine usable.
func (s *suite) testPartialReads(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	n := s.fx.nums
	stmt := sql.NewSelect(n.C("id")).OrderBy(n.C("id"))
	for i := 0; i < 40; i++ {
		res, err := s.eng.Execute(ctx, stmt)
		if err != nil {
			t.Fatalf("query %d: %v", i, err)
		}
		switch i % 3 {
		case 0:
			if !res.Next() || res.Row().Get(0) != int64(1) {
				t.Fatalf("first row: %v", res.Err())
			}
			if err := res.Close(); err != nil {
				t.Fatal(err)
			}
		case 1:
			for row, err := range res.Rows() {
				if err != nil || row.Get(0) != int64(1) {
					t.Fatalf("first row: %v", err)
				}
				break
			}
		case 2:
			if _, err := res.First(); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(n), "6")
}
