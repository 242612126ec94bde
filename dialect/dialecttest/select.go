package dialecttest

import (
	"slices"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// selectTests query the shared tables (see fixture) and compare every
// row. Nothing here writes.
func (s *suite) selectTests(t *testing.T) {
	fx := s.fx
	u, a, e, w := fx.users, fx.addresses, fx.employees, fx.words
	s.group(t, []test{
		{"Columns", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id"), u.C("name")).Where(u.C("id").Le(2)).OrderBy(u.C("id")), "1|alice", "2|bob")
		}},
		{"WholeTable", func(t *testing.T) {
			s.check(t, u.Select().OrderBy(u.C("id").Desc()).Limit(2), "5|dave|20", "4|NULL|5")
		}},
		{"SelectFrom", func(t *testing.T) {
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u), "5")
			s.check(t, sql.NewSelect(sql.Literal(1).Label("one")).SelectFrom(a).Where(a.C("id").Eq(3)), "1")
		}},
		{"Where", func(t *testing.T) {
			// Several Where calls are joined with AND; NULL names are not
			// "not bob".
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("score").Ge(10)).Where(u.C("name").Ne("bob")).OrderBy(u.C("id")), "1", "5")
		}},
		{"InnerJoinInferred", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("name"), a.C("email")).SelectFrom(u.Join(a)).OrderBy(a.C("id")),
				"alice|alice@x.org", "alice|alice@y.org", "bob|bob@x.org")
			s.check(t, sql.NewSelect(u.C("name"), a.C("email")).Join(a).Where(a.C("email").EndsWith("@x.org")).OrderBy(a.C("id")),
				"alice|alice@x.org", "bob|bob@x.org")
		}},
		{"LeftOuterJoin", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id"), a.C("email")).SelectFrom(u.OuterJoin(a)).OrderBy(u.C("id"), a.C("id")),
				"1|alice@x.org", "1|alice@y.org", "2|bob@x.org", "3|NULL", "4|NULL", "5|NULL")
		}},
		{"FullOuterJoin", func(t *testing.T) {
			stmt := sql.NewSelect(u.C("id"), a.C("id")).SelectFrom(u.FullOuterJoin(a)).OrderBy(u.C("id").NullsLast(), a.C("id"))
			if !s.supports(t, "FullOuterJoin", s.req.FullOuterJoin, s.dialect.Features().FullOuterJoin, stmt) {
				return
			}
			s.check(t, stmt, "1|1", "1|2", "2|3", "3|NULL", "4|NULL", "5|NULL", "NULL|4")
		}},
		{"GroupByHaving", func(t *testing.T) {
			n := sql.Func("count").Label("n")
			s.check(t, sql.NewSelect(u.C("score"), n).GroupBy(u.C("score")).Having(sql.Func("count").Gt(1)), "20|2")
			s.check(t, sql.NewSelect(a.C("user_id"), n).Where(a.C("user_id").IsNotNull()).GroupBy(a.C("user_id")).OrderBy(n.Desc()),
				"1|2", "2|1")
		}},
		{"OrderByAscDesc", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("score").IsNotNull()).OrderBy(u.C("score").Desc(), u.C("id").Asc()),
				"2", "5", "1", "4")
		}},
		{"OrderByNulls", func(t *testing.T) {
			// Written natively, or emulated where NullsOrdering is off:
			// the rows are the same.
			s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("score").NullsFirst(), u.C("id")), "3", "4", "1", "2", "5")
			s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("score").Desc().NullsLast(), u.C("id")), "2", "5", "1", "4", "3")
			s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("name").Asc().NullsLast()), "1", "2", "3", "5", "4")
			s.check(t, sql.NewSelect(u.C("id")).OrderBy(u.C("name").Desc().NullsFirst()), "4", "5", "3", "2", "1")
		}},
		{"LimitOffset", func(t *testing.T) {
			byID := sql.NewSelect(u.C("id")).OrderBy(u.C("id"))
			s.check(t, byID.Limit(2).Offset(1), "2", "3")
			s.check(t, byID.Offset(3), "4", "5")
			s.check(t, byID.Limit(0))
			s.check(t, byID.Limit(10).Offset(4), "5")
			s.check(t, byID.Offset(1).FetchFirst(2, false, false), "2", "3")
		}},
		{"Distinct", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("score")).Distinct().Where(u.C("score").IsNotNull()).OrderBy(u.C("score")), "5", "10", "20")
			s.check(t, sql.NewSelect(sql.Func("count", u.C("score").Distinct())), "3")
		}},
		{"Aliases", func(t *testing.T) {
			m := e.Alias("boss")
			s.check(t, sql.NewSelect(e.C("name"), m.C("name").Label("manager")).SelectFrom(e.OuterJoin(m, e.C("manager_id").Eq(m.C("id")))).OrderBy(e.C("id")),
				"boss|NULL", "ann|boss", "ben|boss", "cid|ann", "dee|cid")
			anon := u.Alias("")
			s.check(t, sql.NewSelect(anon.C("name")).Where(anon.C("id").Eq(2)), "bob")
			sq := sql.NewSelect(u.C("id"), u.C("score").Mul(2).Label("double")).Where(u.C("score").IsNotNull()).Subquery("doubled")
			s.check(t, sql.NewSelect(sq.C("id"), sq.C("double")).Where(sq.C("double").Gt(20)).OrderBy(sq.C("id")), "2|40", "5|40")
		}},
		{"ScalarSubquery", func(t *testing.T) {
			top := sql.NewSelect(sql.Func("max", u.C("score"))).ScalarSubquery()
			s.check(t, sql.NewSelect(u.C("name")).Where(u.C("score").Eq(top)).OrderBy(u.C("id")), "bob", "dave")
			s.check(t, sql.NewSelect(top.Label("top")), "20")
		}},
		{"CorrelatedSubquery", func(t *testing.T) {
			n := sql.NewSelect(sql.Func("count")).SelectFrom(a).Where(a.C("user_id").Eq(u.C("id"))).Label("n")
			s.check(t, sql.NewSelect(u.C("id"), n).OrderBy(u.C("id")), "1|2", "2|1", "3|0", "4|0", "5|0")
			first := sql.NewSelect(sql.Func("min", a.C("email"))).Where(a.C("user_id").Eq(u.C("id"))).ScalarSubquery()
			s.check(t, sql.NewSelect(u.C("name")).Where(first.EndsWith("@x.org")).OrderBy(u.C("id")), "alice", "bob")
		}},
		{"Exists", func(t *testing.T) {
			has := sql.NewSelect(a.C("id")).Where(a.C("user_id").Eq(u.C("id"))).Exists()
			s.check(t, sql.NewSelect(u.C("id")).Where(has).OrderBy(u.C("id")), "1", "2")
			s.check(t, sql.NewSelect(u.C("id")).Where(sql.Not(has)).OrderBy(u.C("id")), "3", "4", "5")
		}},
		{"InList", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").In(1, 3, 9)).OrderBy(u.C("id")), "1", "3")
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("name").In([]string{"bob", "dave"})).OrderBy(u.C("id")), "2", "5")
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").NotIn(1, 2)).OrderBy(u.C("id")), "3", "4", "5")
		}},
		{"InSubquery", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.NewSelect(a.C("user_id")))).OrderBy(u.C("id")), "1", "2")
			nonNull := sql.NewSelect(a.C("user_id")).Where(a.C("user_id").IsNotNull())
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").NotIn(nonNull)).OrderBy(u.C("id")), "3", "4", "5")
			// NOT IN a list holding NULL is never true: the compiler must
			// not rewrite it.
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").NotIn(sql.NewSelect(a.C("user_id")))))
		}},
		{"InEmpty", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("id").In()))
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u).Where(u.C("id").NotIn()), "5")
			s.check(t, sql.NewSelect(u.C("id")).Where(sql.Or(u.C("id").In(), u.C("id").Eq(2))), "2")
		}},
		{"InExpanding", func(t *testing.T) {
			in := sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.Bind("ids").Expanding())).OrderBy(u.C("id"))
			s.checkParams(t, in, sql.Params{"ids": []int{4, 2}}, "2", "4")
			s.checkParams(t, in, sql.Params{"ids": []any{1, 2, 3, 5}}, "1", "2", "3", "5")
			s.checkParams(t, in, sql.Params{"ids": []int{}})
			notIn := sql.NewSelect(sql.Func("count")).SelectFrom(u).Where(u.C("id").NotIn(sql.Bind("ids").Expanding()))
			s.checkParams(t, notIn, sql.Params{"ids": []int{}}, "5")
			s.checkParams(t, notIn, sql.Params{"ids": []int{1}}, "4")
			names := sql.NewSelect(u.C("id")).Where(u.C("name").In(sql.Bind("names").Expanding())).OrderBy(u.C("id"))
			s.checkParams(t, names, sql.Params{"names": []string{"carol", "alice", "nobody"}}, "1", "3")
		}},
		{"Between", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("score").Between(5, 10)).OrderBy(u.C("id")), "1", "4")
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("score").NotBetween(5, 10)).OrderBy(u.C("id")), "2", "5")
		}},
		{"LikeEscaping", func(t *testing.T) {
			ids := func(cond sql.ColumnElement, want ...string) {
				t.Helper()
				s.check(t, sql.NewSelect(w.C("id")).Where(cond).OrderBy(w.C("id")), want...)
			}
			// % and _ given to Contains, StartsWith and EndsWith are
			// escaped: they match themselves only.
			ids(w.C("w").Contains("%"), "1")
			ids(w.C("w").Contains("0%"), "1")
			ids(w.C("w").StartsWith("a_"), "3")
			ids(w.C("w").EndsWith("_b"), "3")
			ids(w.C("w").Contains("/"), "7")
			ids(w.C("w").EndsWith("/y"), "7")
			ids(w.C("w").Contains(`\`), "8")
			ids(w.C("w").StartsWith(`back\s`), "8")
			// In a LIKE pattern they are wildcards.
			ids(w.C("w").Like("a_b"), "3", "4")
			ids(w.C("w").Like("100%"), "1", "2")
			ids(w.C("w").NotLike("%0%"), "3", "4", "5", "6", "7", "8")
			ids(w.C("w").LikeEscape("100!%", '!'), "1")
		}},
		{"ILike", func(t *testing.T) {
			ids := func(cond sql.ColumnElement, want ...string) {
				t.Helper()
				s.check(t, sql.NewSelect(w.C("id")).Where(cond).OrderBy(w.C("id")), want...)
			}
			ids(w.C("w").ILike("abc"), "5", "6")
			ids(w.C("w").ILike("A_C"), "5", "6")
			ids(w.C("w").NotILike("%B%"), "1", "2", "7")
			ids(w.C("w").IContains("B"), "3", "4", "5", "6", "8")
			ids(w.C("w").IStartsWith("A_"), "3")
			ids(w.C("w").IEndsWith("BC"), "5", "6")
		}},
		{"IsNull", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("name").IsNull()), "4")
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("name").Eq(nil)), "4")
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u).Where(u.C("score").IsNotNull()), "4")
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(u).Where(u.C("score").Ne(nil)), "4")
		}},
		{"AndOrNot", func(t *testing.T) {
			ids := func(cond sql.ColumnElement, want ...string) {
				t.Helper()
				s.check(t, sql.NewSelect(u.C("id")).Where(cond).OrderBy(u.C("id")), want...)
			}
			ids(sql.Or(u.C("score").Lt(10), u.C("name").Eq("carol")), "3", "4")
			ids(sql.And(u.C("score").Eq(20), u.C("name").Ne("bob")), "5")
			ids(sql.Not(sql.Or(u.C("id").Eq(1), u.C("id").Eq(2))), "3", "4", "5")
			ids(sql.And(sql.Or(u.C("id").Eq(1), u.C("id").Eq(5)), sql.Not(u.C("score").Lt(15))), "5")
			ids(sql.And(u.C("id").Gt(3), sql.True()), "4", "5")
			ids(sql.Or(u.C("id").Gt(3), sql.False()), "4", "5")
		}},
		{"ArithmeticConcat", func(t *testing.T) {
			sc := u.C("score")
			s.check(t, sql.NewSelect(sc.Add(1), sc.Sub(3), sc.Mul(2), sc.Div(5), sc.Mod(3), sc.Neg(), sc.Add(sc).Mul(2), sc.Neg().Div(3)).Where(u.C("id").Eq(2)),
				"21|17|40|4|2|-20|80|-6")
			s.check(t, sql.NewSelect(u.C("name").Concat("!"), u.C("name").Add("?"), sql.Literal("<").Concat(u.C("name")).Concat(">")).Where(u.C("id").Eq(1)),
				"alice!|alice?|<alice>")
			// Concatenation with NULL is NULL.
			s.check(t, sql.NewSelect(u.C("name").Concat("!")).Where(u.C("id").Eq(4)), "NULL")
		}},
		{"Case", func(t *testing.T) {
			c := sql.NewCase(
				sql.When{Cond: u.C("score").Ge(20), Result: "high"},
				sql.When{Cond: u.C("score").Ge(10), Result: "mid"},
			).Else("low")
			s.check(t, sql.NewSelect(u.C("id"), c).OrderBy(u.C("id")), "1|mid", "2|high", "3|low", "4|low", "5|high")
			byValue := sql.NewCaseValue(u.C("name"), sql.When{Cond: "alice", Result: 1}, sql.When{Cond: "bob", Result: 2})
			s.check(t, sql.NewSelect(byValue).OrderBy(u.C("id")), "1", "2", "NULL", "NULL", "NULL")
		}},
		{"Cast", func(t *testing.T) {
			s.check(t, sql.NewSelect(u.C("score").Cast(types.String{Length: 10})).Where(u.C("id").Eq(1)), "10")
			s.check(t, sql.NewSelect(sql.NewCast(sql.Literal("42"), integer).Add(1)), "43")
			s.check(t, sql.NewSelect(u.C("score").Cast(types.Numeric{Precision: 10, Scale: 2})).Where(u.C("id").Eq(4)), "5.00")
			s.check(t, sql.NewSelect(sql.NewCast(sql.Literal("2024-02-29"), types.Date{})), "2024-02-29T00:00:00Z")
		}},
		{"Functions", func(t *testing.T) {
			sc := u.C("score")
			s.check(t, sql.NewSelect(sql.Func("count"), sql.Func("count", sc), sql.Func("sum", sc), sql.Func("min", sc), sql.Func("max", sc)),
				"5|4|55|5|20")
			row, err := s.exec(t, sql.NewSelect(sql.Func("avg", sc))).One()
			if err != nil {
				t.Fatal(err)
			}
			if avg, ok := number(row.Get(0)); !ok || avg != 13.75 {
				t.Errorf("avg(score) = %#v, want 13.75", row.Get(0))
			}
			s.check(t, sql.NewSelect(sql.Func("coalesce", u.C("name"), "?"), sql.Func("coalesce", sc, 0)).OrderBy(u.C("id")),
				"alice|10", "bob|20", "carol|0", "?|5", "dave|20")
			s.check(t, sql.NewSelect(sql.Func("sum", sc)).Where(u.C("id").Gt(100)), "NULL")
		}},
		{"Now", s.testNow},
		{"Regexp", s.testRegexp},
		{"Extract", s.testExtract},
		{"Views", s.testViews},
		{"Labels", func(t *testing.T) {
			stmt := sql.NewSelect(u.C("id").Label("ident"), sql.Func("upper", u.C("name")).Label("shout"), u.C("score"), sql.Func("count")).
				Where(u.C("id").Eq(2)).GroupBy(u.C("id"), u.C("name"), u.C("score"))
			res := s.exec(t, stmt)
			if keys := res.Keys(); !slices.Equal(keys, []string{"ident", "shout", "score", "count_1"}) {
				t.Errorf("keys %q", keys)
			}
			row, err := res.One()
			if err != nil {
				t.Fatal(err)
			}
			if v, err := row.Value("shout"); err != nil || v != "BOB" {
				t.Errorf("shout: %v %v", v, err)
			}
			if v, err := row.ByColumn(u.C("score")); err != nil || v != int64(20) {
				t.Errorf("score: %v %v", v, err)
			}
		}},
		{"Literals", func(t *testing.T) {
			odd := `it's "quoted" \ and %`
			s.check(t, sql.NewSelect(sql.Literal(7), sql.Literal("bound"), sql.LiteralValue(odd), sql.LiteralValue(12)),
				`7|bound|`+odd+`|12`)
			s.check(t, sql.NewSelect(sql.LiteralColumn("3", integer).Add(1)), "4")
			s.check(t, sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.LiteralValue("bob"))), "2")
		}},
		{"Text", s.testText},
		{"BindReuse", s.testBindReuse},
	})
	s.moreSelectTests(t)
}
