package sql_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// selLive is an in-memory SQLite database holding newSelSchema's tables
// with rows:
//
//	users:     1 alice, 2 bob, 3 carol, 4 NULL
//	addresses: 1 (1) a1@x, 2 (1) a2@x, 3 (2) b@x
//	orders:    1 (1, addr 1) 10, 2 (1, addr 2) 20, 3 (2, addr 3) 5
//	items:     1 (order 1) A, 2 (order 1) B, 3 (order 3) C
//	employees: 1 boss, 2 ann (1), 3 ben (1), 4 cid (2), 5 dee (4)
//	nofk:      1 one, 5 five
type selLive struct {
	*selSchema
	eng *engine.Engine
}

func newSelLive(t *testing.T, opts ...engine.Option) *selLive {
	t.Helper()
	ctx := context.Background()
	eng, err := engine.Create("sqlite://", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	s := &selLive{selSchema: newSelSchema(), eng: eng}
	if err := s.md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	fill := func(tb *sql.Table, rows ...sql.Params) {
		t.Helper()
		if _, err := eng.ExecuteMany(ctx, tb.Insert(), rows); err != nil {
			t.Fatalf("insert into %s: %v", tb.Name(), err)
		}
	}
	fill(s.users, sql.Params{"id": 1, "name": "alice"}, sql.Params{"id": 2, "name": "bob"}, sql.Params{"id": 3, "name": "carol"}, sql.Params{"id": 4, "name": nil})
	fill(s.addresses, sql.Params{"id": 1, "user_id": 1, "email": "a1@x"}, sql.Params{"id": 2, "user_id": 1, "email": "a2@x"}, sql.Params{"id": 3, "user_id": 2, "email": "b@x"})
	fill(s.orders, sql.Params{"id": 1, "user_id": 1, "address_id": 1, "total": 10}, sql.Params{"id": 2, "user_id": 1, "address_id": 2, "total": 20}, sql.Params{"id": 3, "user_id": 2, "address_id": 3, "total": 5})
	fill(s.items, sql.Params{"id": 1, "order_id": 1, "sku": "A"}, sql.Params{"id": 2, "order_id": 1, "sku": "B"}, sql.Params{"id": 3, "order_id": 3, "sku": "C"})
	fill(s.employees, sql.Params{"id": 1, "name": "boss", "manager_id": nil}, sql.Params{"id": 2, "name": "ann", "manager_id": 1}, sql.Params{"id": 3, "name": "ben", "manager_id": 1},
		sql.Params{"id": 4, "name": "cid", "manager_id": 2}, sql.Params{"id": 5, "name": "dee", "manager_id": 4})
	fill(s.nofk, sql.Params{"id": 1, "label": "one"}, sql.Params{"id": 5, "label": "five"})
	return s
}

// rows runs stmt and returns its rows, each as its values joined by "|"
// (NULL as <nil>), and the result's column names.
func (s *selLive) rows(t *testing.T, stmt sql.Element) ([]string, []string) {
	t.Helper()
	res, err := s.eng.Execute(context.Background(), stmt)
	if err != nil {
		text, _ := sql.DebugSQL(stmt, s.eng.Dialect())
		t.Fatalf("execute %s: %v", text, err)
	}
	keys := res.Keys()
	all, err := res.All()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(all))
	for i, r := range all {
		parts := make([]string, r.Len())
		for j, v := range r.Values() {
			parts[j] = fmt.Sprint(v)
		}
		out[i] = strings.Join(parts, "|")
	}
	return out, keys
}

func (s *selLive) check(t *testing.T, stmt sql.Element, want ...string) {
	t.Helper()
	got, _ := s.rows(t, stmt)
	if !slices.Equal(got, want) {
		t.Errorf("rows\n got: %q\nwant: %q", got, want)
	}
}

func TestSelectLiveBasics(t *testing.T) {
	s := newSelLive(t)
	u, a := s.users, s.addresses
	t.Run("columns and where", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name")).Where(u.C("id").Gt(1)).Where(u.C("id").Lt(4)).OrderBy(u.C("id")), "bob", "carol")
	})
	t.Run("whole table", func(t *testing.T) {
		s.check(t, a.Select().OrderBy(a.C("id").Desc()), "3|2|b@x", "2|1|a2@x", "1|1|a1@x")
	})
	t.Run("select from", func(t *testing.T) {
		s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(a), "3")
	})
	t.Run("distinct", func(t *testing.T) {
		s.check(t, sql.NewSelect(a.C("user_id")).Distinct().OrderBy(a.C("user_id")), "1", "2")
	})
	t.Run("group by, having, order by a label", func(t *testing.T) {
		n := sql.Func("count", a.C("id")).Label("n")
		s.check(t, sql.NewSelect(a.C("user_id"), n).GroupBy(a.C("user_id")).Having(sql.Func("count", a.C("id")).Gt(1)).OrderBy(n.Desc()), "1|2")
		s.check(t, sql.NewSelect(a.C("user_id"), n).GroupBy(a.C("user_id")).OrderBy(n.Desc(), a.C("user_id")), "1|2", "2|1")
	})
	t.Run("limit and offset", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("id")).Limit(2).Offset(1), "2", "3")
		s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("id")).Offset(3), "4")
		s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("id")).Offset(1).FetchFirst(1, false, false), "2")
	})
	t.Run("nulls first and last", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name")).OrderBy(u.C("name").NullsFirst()), "<nil>", "alice", "bob", "carol")
		s.check(t, sql.NewSelect(u.C("name")).OrderBy(u.C("name").Desc().NullsLast()), "carol", "bob", "alice", "<nil>")
	})
	t.Run("labels and result names", func(t *testing.T) {
		stmt := sql.NewSelect(u.C("id"), a.C("id"), sql.Func("count"), u.C("id").Add(1)).SelectFrom(u.Join(a)).GroupBy(u.C("id"), a.C("id")).OrderBy(a.C("id")).Limit(1)
		rows, keys := s.rows(t, stmt)
		if want := []string{"id", "id_1", "count_1", "anon_1"}; !slices.Equal(keys, want) {
			t.Errorf("keys %q, want %q", keys, want)
		}
		if want := []string{"1|1|1|2"}; !slices.Equal(rows, want) {
			t.Errorf("rows %q, want %q", rows, want)
		}
	})
	t.Run("subquery columns named like the result columns", func(t *testing.T) {
		inner := sql.NewSelect(u.C("id"), a.C("id"), sql.Func("count")).SelectFrom(u.Join(a)).GroupBy(u.C("id"), a.C("id"))
		sq := inner.Subquery("")
		s.check(t, sql.NewSelect(sq.C("id_1"), sq.C("count_1")).Where(sq.C("id").Eq(1)).OrderBy(sq.C("id_1")), "1|1", "2|1")
	})
}

func TestSelectLiveNullsEmulated(t *testing.T) {
	d := sqlite.New()
	d.FeatureFlags.NullsOrdering = false
	s := newSelLive(t, engine.WithDialect(d))
	u := s.users
	text, err := sql.DebugSQL(sql.NewSelect(u.C("name")).OrderBy(u.C("name").NullsFirst()), d)
	if err != nil || !strings.Contains(text, "CASE WHEN users.name IS NULL THEN 0 ELSE 1 END") {
		t.Fatalf("not emulated: %s %v", text, err)
	}
	s.check(t, sql.NewSelect(u.C("name")).OrderBy(u.C("name").Desc().NullsFirst()), "<nil>", "carol", "bob", "alice")
	s.check(t, sql.NewSelect(u.C("name")).OrderBy(u.C("name").Asc().NullsLast()), "alice", "bob", "carol", "<nil>")
	lab := u.C("name").Label("who")
	s.check(t, sql.NewSelect(lab).OrderBy(lab.NullsLast()), "alice", "bob", "carol", "<nil>")
}

func TestSelectLiveJoins(t *testing.T) {
	s := newSelLive(t)
	u, a, o, it, e := s.users, s.addresses, s.orders, s.items, s.employees
	t.Run("inferred inner join", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name"), a.C("email")).SelectFrom(u.Join(a)).OrderBy(a.C("id")), "alice|a1@x", "alice|a2@x", "bob|b@x")
	})
	t.Run("outer join", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("id"), a.C("email")).SelectFrom(u.OuterJoin(a)).OrderBy(u.C("id"), a.C("id")),
			"1|a1@x", "1|a2@x", "2|b@x", "3|<nil>", "4|<nil>")
	})
	t.Run("full outer join", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("id"), s.nofk.C("label")).SelectFrom(u.FullOuterJoin(s.nofk, u.C("id").Eq(s.nofk.C("id")))).OrderBy(u.C("id").NullsLast()),
			"1|one", "2|<nil>", "3|<nil>", "4|<nil>", "<nil>|five")
	})
	t.Run("join of joins", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name"), it.C("sku")).SelectFrom(u.Join(o).Join(it)).OrderBy(it.C("id")), "alice|A", "alice|B", "bob|C")
	})
	t.Run("Select.Join chain", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name"), sql.Func("sum", o.C("total"))).Join(o).OuterJoin(it).GroupBy(u.C("name")).OrderBy(u.C("name")),
			"alice|40", "bob|5") // order 1 joins two items: 10+10+20
	})
	t.Run("self-join through an alias", func(t *testing.T) {
		m := e.Alias("m")
		s.check(t, sql.NewSelect(e.C("name"), m.C("name")).SelectFrom(e.OuterJoin(m, e.C("manager_id").Eq(m.C("id")))).OrderBy(e.C("id")),
			"boss|<nil>", "ann|boss", "ben|boss", "cid|ann", "dee|cid")
	})
	t.Run("self-join through two anonymous aliases", func(t *testing.T) {
		w, m := e.Alias(""), e.Alias("")
		s.check(t, sql.NewSelect(w.C("name"), m.C("name")).Join(m, w.C("manager_id").Eq(m.C("id"))).Where(m.C("name").Eq("boss")).OrderBy(w.C("name")),
			"ann|boss", "ben|boss")
	})
	t.Run("join to an alias inferred", func(t *testing.T) {
		ua := u.Alias("owner")
		s.check(t, sql.NewSelect(a.C("email"), ua.C("name")).SelectFrom(a.Join(ua)).OrderBy(a.C("id")), "a1@x|alice", "a2@x|alice", "b@x|bob")
	})
	t.Run("join to a subquery", func(t *testing.T) {
		sq := sql.NewSelect(o.C("user_id"), sql.Func("sum", o.C("total")).Label("spent")).GroupBy(o.C("user_id")).Subquery("spending")
		s.check(t, sql.NewSelect(u.C("name"), sq.C("spent")).SelectFrom(u.Join(sq)).OrderBy(sq.C("spent").Desc()), "alice|30", "bob|5")
	})
	t.Run("JoinFrom extends the join", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name"), a.C("email"), o.C("total")).SelectFrom(u).Join(a).JoinFrom(a, o).OrderBy(o.C("id")), "alice|a1@x|10", "alice|a2@x|20", "bob|b@x|5")
	})
	t.Run("the join of a select item", func(t *testing.T) {
		rows, keys := s.rows(t, sql.NewSelect(u.Join(a)).OrderBy(a.C("id")).Limit(1))
		if !slices.Equal(keys, []string{"id", "name", "id_1", "user_id", "email"}) || !slices.Equal(rows, []string{"1|alice|1|1|a1@x"}) {
			t.Errorf("keys %q rows %q", keys, rows)
		}
	})
}

func TestSelectLiveSubqueries(t *testing.T) {
	s := newSelLive(t)
	u, a, o := s.users, s.addresses, s.orders
	t.Run("correlated scalar subquery", func(t *testing.T) {
		n := sql.NewSelect(sql.Func("count")).SelectFrom(a).Where(a.C("user_id").Eq(u.C("id"))).Label("n")
		s.check(t, sql.NewSelect(u.C("id"), n).OrderBy(u.C("id")), "1|2", "2|1", "3|0", "4|0")
	})
	t.Run("correlation to the enclosing select with several FROM items", func(t *testing.T) {
		// The subquery names users and addresses; users correlates.
		sub := sql.NewSelect(sql.Func("max", a.C("email"))).Where(a.C("user_id").Eq(u.C("id")))
		s.check(t, sql.NewSelect(u.C("name"), sub.Label("last")).Where(u.C("id").Le(2)).OrderBy(u.C("id")), "alice|a2@x", "bob|b@x")
	})
	t.Run("Correlate and CorrelateExcept", func(t *testing.T) {
		sub := sql.NewSelect(sql.Func("count")).SelectFrom(a).Where(a.C("user_id").Eq(u.C("id")))
		s.check(t, sql.NewSelect(u.C("id"), sub.Correlate(u).Label("n")).Where(u.C("id").Eq(1)), "1|2")
		s.check(t, sql.NewSelect(u.C("id"), sub.CorrelateExcept(a).Label("n")).Where(u.C("id").Eq(1)), "1|2")
		// Not correlated: the subquery counts the join of all users and
		// addresses.
		s.check(t, sql.NewSelect(u.C("id"), sub.Correlate().Label("n")).Where(u.C("id").Eq(1)), "1|3")
	})
	t.Run("exists and not exists", func(t *testing.T) {
		has := sql.NewSelect().SelectFrom(a).Where(a.C("user_id").Eq(u.C("id"))).Exists()
		s.check(t, sql.NewSelect(u.C("id")).Where(has).OrderBy(u.C("id")), "1", "2")
		s.check(t, sql.NewSelect(u.C("id")).Where(sql.Not(has)).OrderBy(u.C("id")), "3", "4")
	})
	t.Run("IN a subquery", func(t *testing.T) {
		s.check(t, sql.NewSelect(u.C("name")).Where(u.C("id").In(sql.NewSelect(o.C("user_id")).Where(o.C("total").Ge(10)))), "alice")
		s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").NotIn(sql.NewSelect(a.C("user_id")))).OrderBy(u.C("id")), "3", "4")
	})
	t.Run("anonymous subqueries", func(t *testing.T) {
		big := sql.NewSelect(o).Where(o.C("total").Gt(5)).Subquery("")
		small := sql.NewSelect(o).Where(o.C("total").Le(5)).Subquery("")
		s.check(t, sql.NewSelect(sql.Func("count", big.C("id")), sql.Func("count", small.C("id"))).SelectFrom(big, small), "2|2")
	})
	t.Run("a subquery in FROM does not correlate", func(t *testing.T) {
		sq := sql.NewSelect(a.C("user_id")).Where(a.C("user_id").Eq(u.C("id"))).Subquery("sq")
		s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u, sq).Where(u.C("id").Eq(1)), "3")
	})
}

func TestSelectLiveCTE(t *testing.T) {
	s := newSelLive(t)
	u, o, e := s.users, s.orders, s.employees
	t.Run("a CTE referring to another", func(t *testing.T) {
		spent := sql.NewSelect(o.C("user_id"), sql.Func("sum", o.C("total")).Label("total")).GroupBy(o.C("user_id")).CTE("spent")
		big := sql.NewSelect(spent.C("user_id")).Where(spent.C("total").Gt(10)).CTE("big")
		s.check(t, sql.NewSelect(u.C("name")).Where(u.C("id").In(sql.NewSelect(big.C("user_id")))), "alice")
	})
	t.Run("a CTE referenced from a scalar subquery and a FROM subquery", func(t *testing.T) {
		mx := sql.NewSelect(sql.Func("max", o.C("total")).Label("m")).CTE("mx")
		sq := sql.NewSelect(mx.C("m")).Subquery("sq")
		s.check(t, sql.NewSelect(o.C("id"), sq.C("m")).Where(o.C("total").Eq(sql.NewSelect(mx.C("m")).ScalarSubquery())), "2|20")
	})
	t.Run("recursive counter", func(t *testing.T) {
		anchor := sql.NewSelect(sql.Literal(1).Label("n")).RecursiveCTE("counter")
		counter := anchor.UnionAll(sql.NewSelect(anchor.C("n").Add(1)).Where(anchor.C("n").Lt(5)))
		s.check(t, sql.NewSelect(counter.C("n")), "1", "2", "3", "4", "5")
		s.check(t, sql.NewSelect(sql.Func("sum", counter.Alias("c").C("n"))), "15")
	})
	t.Run("recursive hierarchy", func(t *testing.T) {
		chain := sql.NewSelect(e.C("id"), e.C("name"), sql.Literal(0).Label("depth")).Where(e.C("manager_id").IsNull()).RecursiveCTE("chain")
		sub := e.Alias("sub")
		chain = chain.UnionAll(sql.NewSelect(sub.C("id"), sub.C("name"), chain.C("depth").Add(1)).SelectFrom(sub.Join(chain, sub.C("manager_id").Eq(chain.C("id")))))
		s.check(t, sql.NewSelect(chain.C("name"), chain.C("depth")).OrderBy(chain.C("depth"), chain.C("name")),
			"boss|0", "ann|1", "ben|1", "cid|2", "dee|3")
	})
	t.Run("anonymous recursive CTE with the anchor's alias", func(t *testing.T) {
		anchor := sql.NewSelect(e.C("id")).Where(e.C("name").Eq("ann")).RecursiveCTE("")
		prev := anchor.Alias("")
		below := anchor.Union(sql.NewSelect(e.C("id")).SelectFrom(e, prev).Where(e.C("manager_id").Eq(prev.C("id"))))
		s.check(t, sql.NewSelect(below.C("id")).OrderBy(below.C("id")), "2", "4", "5")
	})
}

func TestSelectLiveCompound(t *testing.T) {
	s := newSelLive(t)
	u, a, o := s.users, s.addresses, s.orders
	withAddr := sql.NewSelect(a.C("user_id"))
	withOrder := sql.NewSelect(o.C("user_id"))
	all := sql.NewSelect(u.C("id"))
	t.Run("union and union all", func(t *testing.T) {
		s.check(t, sql.Union(withAddr, withOrder).OrderBy(a.C("user_id")), "1", "2")
		s.check(t, sql.UnionAll(withAddr, withOrder).OrderBy(a.C("user_id").Desc()).Limit(2), "2", "2")
	})
	t.Run("intersect and except", func(t *testing.T) {
		s.check(t, sql.Intersect(all, withAddr).OrderBy(u.C("id")), "1", "2")
		s.check(t, sql.Except(all, withAddr).OrderBy(u.C("id")), "3", "4")
	})
	t.Run("order by, limit and offset on the compound", func(t *testing.T) {
		s.check(t, sql.Union(all, withOrder).OrderBy(u.C("id").Desc()).Limit(2).Offset(1), "3", "2")
	})
	t.Run("nested compounds", func(t *testing.T) {
		// all EXCEPT (addresses UNION orders), written SELECT * FROM (...)
		// on SQLite.
		s.check(t, sql.Except(all, sql.Union(withAddr, withOrder)).OrderBy(u.C("id")), "3", "4")
		s.check(t, sql.Union(sql.Except(all, withAddr), sql.NewSelect(sql.Literal(9))).OrderBy(u.C("id")), "3", "4", "9")
	})
	t.Run("members with their own LIMIT", func(t *testing.T) {
		first := sql.NewSelect(u.C("id")).OrderBy(u.C("id")).Limit(1)
		last := sql.NewSelect(u.C("id")).OrderBy(u.C("id").Desc()).Limit(1)
		s.check(t, sql.UnionAll(first, last).OrderBy(u.C("id")), "1", "4")
	})
	t.Run("a compound as a subquery", func(t *testing.T) {
		sq := sql.UnionAll(withAddr, withOrder).Subquery("")
		s.check(t, sql.NewSelect(sq.C("user_id"), sql.Func("count")).GroupBy(sq.C("user_id")).OrderBy(sq.C("user_id")), "1|4", "2|2")
	})
	t.Run("result names are the first member's", func(t *testing.T) {
		_, keys := s.rows(t, sql.Union(sql.NewSelect(u.C("id"), u.C("name")), sql.NewSelect(o.C("id"), o.C("total"))))
		if !slices.Equal(keys, []string{"id", "name"}) {
			t.Errorf("keys %q", keys)
		}
	})
}

func TestSelectLiveErrors(t *testing.T) {
	s := newSelLive(t)
	ctx := context.Background()
	u := s.users
	for _, tc := range []struct {
		name string
		stmt sql.Element
		want error
	}{
		{"INTERSECT ALL", sql.IntersectAll(sql.NewSelect(u.C("id")), sql.NewSelect(u.C("id"))), sql.ErrNotSupported},
		{"no foreign key", sql.NewSelect(u.C("id")).SelectFrom(u.Join(s.nofk)), sql.ErrNoForeignKeys},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.eng.Execute(ctx, tc.stmt)
			if !errors.Is(err, tc.want) {
				t.Fatalf("error %v, want %v", err, tc.want)
			}
		})
	}
}
