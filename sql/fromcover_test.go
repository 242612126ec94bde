package sql_test

import (
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// TestJoinFromCoverSameSQL builds statements with Select.Join (whose join
// remembers that it covers the FROM items its statement referred to, so
// that compiling does not collect them again) and extends them every way
// a statement changes its select list, WHERE or FROM items afterwards:
// each compiles to the same SQL and arguments, or the same error, as
// when built without that knowledge, in several dialects and nested.
func TestJoinFromCoverSameSQL(t *testing.T) {
	s := newSelSchema()
	u, a, o, it := s.users, s.addresses, s.orders, s.items
	ua := u.Alias("u2")
	builders := []func() sql.Element{
		func() sql.Element {
			return sql.NewSelect(u.C("id"), o.C("total")).Join(o, u.C("id").Eq(o.C("user_id"))).Where(u.C("name").Eq("x"))
		},
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).Where(o.C("total").Gt(3)) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Where(o.C("total").Gt(3)).Join(a) },
		func() sql.Element { return sql.NewSelect(u.C("id"), a.C("email")).Join(o).Where(a.C("id").Eq(1)) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).AddColumns(a.C("email")) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).AddColumns(a) },
		func() sql.Element { return sql.NewSelect(u).Join(o).AddColumns(it) },
		func() sql.Element { return sql.NewSelect(u, o.C("total")).Join(a).Where(it.C("sku").Eq("k")) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).WithOnlyColumns(a.C("email")) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).WithOnlyColumns(o.C("id")) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).SelectFrom(a) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).Join(it) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).Join(it).Where(a.C("id").Eq(2)) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).JoinFrom(u, a) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).JoinFrom(a, it, a.C("id").Eq(it.C("id"))) },
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(o).OuterJoin(a) },
		func() sql.Element {
			j := sql.NewSelect(u.C("id")).Join(o)
			return j.WithFroms(u, o)
		},
		func() sql.Element {
			j := sql.NewSelect(u.C("id")).Join(o)
			return j.WithFroms(j.Froms()...).Where(a.C("id").Eq(1))
		},
		func() sql.Element {
			j := sql.NewSelect(u.C("id")).Join(o)
			return sql.NewSelect(a.C("id")).SelectFrom(j.Froms()...).Where(u.C("id").Eq(1))
		},
		func() sql.Element {
			j := sql.NewSelect(u.C("id")).Join(o)
			return sql.NewSelect(a.C("id")).WithFroms(j.Froms()...)
		},
		func() sql.Element { return sql.NewSelect(ua.C("id"), u.C("id")).Join(o, ua.C("id").Eq(o.C("user_id"))) },
		func() sql.Element {
			return sql.NewSelect(ua.C("id")).Join(u, ua.C("id").Eq(u.C("id"))).Where(u.C("name").Eq("n"))
		},
		func() sql.Element {
			inner := sql.NewSelect(o.C("id")).Join(it).Where(o.C("user_id").Eq(u.C("id"))).ScalarSubquery()
			return sql.NewSelect(u.C("id"), inner)
		},
		func() sql.Element {
			inner := sql.NewSelect(o.C("id")).Where(o.C("user_id").Eq(u.C("id"))).Join(it)
			return sql.NewSelect(u.C("id")).Where(inner.Exists())
		},
		func() sql.Element {
			inner := sql.NewSelect(o.C("id"), u.C("name")).Join(it).Where(o.C("user_id").Eq(u.C("id")))
			return sql.NewSelect(u.C("id")).Where(inner.Exists())
		},
		func() sql.Element {
			inner := sql.NewSelect(u.C("id"), o.C("total")).Join(o).Subquery("sq")
			return sql.NewSelect(inner.C("id")).Join(a, inner.C("id").Eq(a.C("user_id")))
		},
		func() sql.Element {
			c := sql.NewSelect(u.C("id")).Join(o).CTE("c")
			return sql.NewSelect(c.C("id")).Join(a, c.C("id").Eq(a.C("user_id"))).Where(a.C("email").Eq("e"))
		},
		func() sql.Element {
			return sql.NewSelect(u.C("id")).Join(o).Join(a).Limit(3).Offset(1).OrderBy(u.C("id"))
		},
		func() sql.Element { return sql.NewSelect(u.C("id")).Join(s.nofk) },
		func() sql.Element { return sql.NewSelect(u.C("id"), s.twice.C("id")).Join(o) },
		func() sql.Element { return sql.NewSelect(u.C("id"), a.C("id")).Join(o) },
		func() sql.Element {
			base := sql.NewSelect(u.C("id")).Join(o)
			return base.Where(o.C("total").Gt(1)).Union(base.Where(o.C("total").Lt(0)))
		},
	}
	dialects := []dialect.Dialect{qmark, dialect.Generic}
	for i, build := range builders {
		was := sql.SetFromCover(false)
		general := build()
		sql.SetFromCover(true)
		fast := build()
		sql.SetFromCover(was)
		for _, d := range dialects {
			if got, want := compileText(fast, d), compileText(general, d); got != want {
				t.Errorf("%d, %s:\n got: %s\nwant: %s", i, d.Name(), got, want)
			}
		}
	}
}

// compileText is a statement's SQL and arguments, or its error, as text.
func compileText(e sql.Element, d dialect.Dialect) string {
	c, err := sql.Compile(e, d)
	if err != nil {
		return "error: " + err.Error()
	}
	text, args, err := c.BindOwn(nil)
	if err != nil {
		return "bind error: " + err.Error()
	}
	return fmt.Sprintf("%s %v", text, args)
}
