package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
)

// Cases from SQLAlchemy's test_compound_selects and test_compound_grouping
// (test/sql/test_compiler.py), and ours.
func TestSelectCompound(t *testing.T) {
	t1, t2, t3 := selMyTable, selOtherTable, selThirdTable
	bat := sql.NewTable("bat")
	s := sql.NewSelect(sql.LiteralColumn("foo"), sql.LiteralColumn("bar")).SelectFrom(bat)
	const sb = "SELECT foo, bar FROM bat"
	noParens := withFeatures(func(f *dialect.Features) { f.ParenthesizedSetOps = false })
	runSelCases(t, []selCase{
		{
			name:   "union ordered by a column of the first select",
			stmt:   sql.Union(sql.NewSelect(t1).Where(t1.C("myid").Eq(5)), sql.NewSelect(t1).Where(t1.C("myid").Eq(12))).OrderBy(t1.C("myid")),
			want:   "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :myid_1 UNION SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = :myid_2 ORDER BY myid",
			params: []string{"myid_1=5", "myid_2=12"},
		},
		{
			name: "a nested union is parenthesized",
			stmt: sql.Union(sql.Union(t1.Select(), t1.Select()), t1.Select()),
			want: "(SELECT mytable.myid, mytable.name, mytable.description FROM mytable UNION SELECT mytable.myid, mytable.name, mytable.description FROM mytable) UNION SELECT mytable.myid, mytable.name, mytable.description FROM mytable",
		},
		{
			name: "three selects, ordered by the name of a later select's column position",
			stmt: sql.Union(sql.NewSelect(t1.C("myid"), t1.C("name")), t2.Select(), t3.Select()).OrderBy(t2.C("othername")),
			want: "SELECT mytable.myid, mytable.name FROM mytable UNION SELECT myothertable.otherid, myothertable.othername FROM myothertable UNION SELECT thirdtable.userid, thirdtable.otherstuff FROM thirdtable ORDER BY name",
		},
		{
			name:   "order by, offset and limit on the compound",
			stmt:   sql.Union(sql.NewSelect(t1.C("myid"), t1.C("name")), t2.Select()).OrderBy(t1.C("myid").Desc()).Offset(10).Limit(5),
			want:   "SELECT mytable.myid, mytable.name FROM mytable UNION SELECT myothertable.otherid, myothertable.othername FROM myothertable ORDER BY myid DESC LIMIT :param_1 OFFSET :param_2",
			params: []string{"param_1=5", "param_2=10"},
		},
		{
			name: "members label themselves; the compound's names are the first's",
			stmt: sql.Union(
				sql.NewSelect(t1.C("myid"), t1.C("name"), sql.Func("max", t1.C("description"))).Where(t1.C("name").Eq("name2")).GroupBy(t1.C("myid"), t1.C("name")),
				t1.Select().Where(t1.C("name").Eq("name1")),
			),
			want:   "SELECT mytable.myid, mytable.name, max(mytable.description) AS max_1 FROM mytable WHERE mytable.name = :name_1 GROUP BY mytable.myid, mytable.name UNION SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.name = :name_2",
			params: []string{`name_1="name2"`, `name_2="name1"`},
		},
		{
			name:   "labels",
			stmt:   sql.Union(sql.NewSelect(sql.Literal(100).Label("value")), sql.NewSelect(sql.Literal(200).Label("value"))),
			want:   "SELECT :param_1 AS value UNION SELECT :param_2 AS value",
			params: []string{"param_1=100", "param_2=200"},
		},
		{
			name: "a compound on the right",
			stmt: sql.UnionAll(sql.NewSelect(t1.C("myid")), sql.Union(sql.NewSelect(t2.C("otherid")), sql.NewSelect(t3.C("userid")))),
			want: "SELECT mytable.myid FROM mytable UNION ALL (SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable)",
		},
		{
			name:   "members with ORDER BY and LIMIT are parenthesized",
			stmt:   sql.Union(s.OrderBy(sql.LiteralColumn("foo")), s.OrderBy(sql.LiteralColumn("bar")).Limit(10)),
			want:   "(" + sb + " ORDER BY foo) UNION (" + sb + " ORDER BY bar LIMIT :param_1)",
			params: []string{"param_1=10"},
		},
		{
			name: "grouping to the left",
			stmt: sql.Union(sql.Union(sql.Union(s, s), s), s),
			want: "((" + sb + " UNION " + sb + ") UNION " + sb + ") UNION " + sb,
		},
		{
			name: "one level",
			stmt: sql.Union(s, s, s, s),
			want: sb + " UNION " + sb + " UNION " + sb + " UNION " + sb,
		},
		{
			name: "grouping to the right",
			stmt: sql.Union(s, sql.Union(s, sql.Union(s, s))),
			want: sb + " UNION (" + sb + " UNION (" + sb + " UNION " + sb + "))",
		},
		{
			name: "a compound as a subquery",
			stmt: sql.NewSelect(sql.Except(s, s).Subquery("")),
			want: "SELECT anon_1.foo, anon_1.bar FROM (" + sb + " EXCEPT " + sb + ") AS anon_1",
		},
		{
			name: "a subquery of a compound in a compound",
			stmt: sql.Union(sql.Except(s, s).Subquery("").Select(), s),
			want: "SELECT anon_1.foo, anon_1.bar FROM (" + sb + " EXCEPT " + sb + ") AS anon_1 UNION " + sb,
		},
		{
			name: "except of unions",
			stmt: sql.Except(sql.Union(s, s), sql.Union(s, s)),
			want: "(" + sb + " UNION " + sb + ") EXCEPT (" + sb + " UNION " + sb + ")",
		},
		{
			name: "union of intersects, through the chaining methods",
			stmt: sql.Intersect(s, s).Union(sql.Intersect(s, s)),
			want: "(" + sb + " INTERSECT " + sb + ") UNION (" + sb + " INTERSECT " + sb + ")",
		},
		{
			name:   "limit and offset members",
			stmt:   sql.Union(s.Limit(1), s.Offset(2)),
			want:   "(" + sb + " LIMIT :param_1) UNION (" + sb + " OFFSET :param_2)",
			params: []string{"param_1=1", "param_2=2"},
		},
		{
			name:   "a compound of limited members as a subquery",
			stmt:   sql.Union(s.Limit(1), s.Limit(2).Offset(3)).Subquery("").Select(),
			want:   "SELECT anon_1.foo, anon_1.bar FROM ((" + sb + " LIMIT :param_1) UNION (" + sb + " LIMIT :param_2 OFFSET :param_3)) AS anon_1",
			params: []string{"param_1=1", "param_2=2", "param_3=3"},
		},
		{
			name: "all the set operations",
			stmt: s.Union(s).UnionAll(s).Intersect(s).IntersectAll(s).Except(s).ExceptAll(s),
			want: "(((((" + sb + " UNION " + sb + ") UNION ALL " + sb + ") INTERSECT " + sb + ") INTERSECT ALL " + sb + ") EXCEPT " + sb + ") EXCEPT ALL " + sb,
		},
		{
			name: "Select's set operations",
			stmt: sql.UnionAll(s.IntersectAll(s), s.ExceptAll(s), s.Except(s), s.Intersect(s), s.UnionAll(s)),
			want: "(" + sb + " INTERSECT ALL " + sb + ") UNION ALL (" + sb + " EXCEPT ALL " + sb + ") UNION ALL (" + sb + " EXCEPT " + sb + ") UNION ALL (" + sb + " INTERSECT " + sb + ") UNION ALL (" + sb + " UNION ALL " + sb + ")",
		},
		{
			name:   "a compound member becomes SELECT * FROM (...) where parentheses are refused",
			stmt:   sql.Union(s.Limit(1), sql.Except(s, s)),
			d:      noParens,
			want:   "SELECT * FROM (" + sb + " LIMIT :param_1) AS anon_1 UNION SELECT * FROM (" + sb + " EXCEPT " + sb + ") AS anon_2",
			params: []string{"param_1=1"},
		},
		{
			name:   "SQLite: the rewrite, with SQLite's LIMIT and placeholders",
			stmt:   sql.Union(s.Offset(2), s).OrderBy(sql.LiteralColumn("foo")).Limit(3),
			d:      sqlite.New(),
			want:   "SELECT * FROM (" + sb + " LIMIT -1 OFFSET ?) AS anon_1 UNION " + sb + " ORDER BY foo LIMIT ?",
			params: []string{"param_1=2", "param_2=3"},
		},
		{
			name: "compound ORDER BY nulls, emulated, by result name",
			stmt: sql.Union(sql.NewSelect(t1.C("name")), sql.NewSelect(t2.C("othername"))).OrderBy(t1.C("name").NullsLast()),
			d:    withFeatures(func(f *dialect.Features) { f.NullsOrdering = false }),
			want: "SELECT mytable.name FROM mytable UNION SELECT myothertable.othername FROM myothertable ORDER BY CASE WHEN name IS NULL THEN 1 ELSE 0 END, name",
		},
		{
			name: "a compound in a scalar subquery correlates its members",
			stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").In(sql.Union(
				sql.NewSelect(t2.C("otherid")).Where(t2.C("othername").Eq(t1.C("name"))),
				sql.NewSelect(t3.C("userid")).Where(t3.C("otherstuff").Eq(t1.C("name"))),
			))),
			want: "SELECT mytable.myid FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = mytable.name UNION SELECT thirdtable.userid FROM thirdtable WHERE thirdtable.otherstuff = mytable.name)",
		},
		{
			name: "a compound in EXISTS",
			stmt: sql.NewSelect(t1.C("myid")).Where(sql.Union(sql.NewSelect(t2.C("otherid")), sql.NewSelect(t3.C("userid"))).Exists()),
			want: "SELECT mytable.myid FROM mytable WHERE EXISTS (SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable)",
		},
		{
			name: "a labeled compound",
			stmt: sql.NewSelect(sql.Intersect(sql.NewSelect(t2.C("otherid")), sql.NewSelect(t3.C("userid"))).Label("x")),
			want: "SELECT (SELECT myothertable.otherid FROM myothertable INTERSECT SELECT thirdtable.userid FROM thirdtable) AS x",
		},
	})
	runSelErrCases(t, []selErrCase{
		{name: "different numbers of columns", stmt: sql.Union(t3.Select(), t1.Select()), want: sql.ErrArgument},
		{name: "intersect unsupported", stmt: sql.Intersect(s, s), d: withFeatures(func(f *dialect.Features) { f.Intersect = false }), want: sql.ErrNotSupported},
		{name: "intersect all unsupported", stmt: sql.IntersectAll(s, s), d: sqlite.New(), want: sql.ErrNotSupported},
		{name: "except all unsupported", stmt: sql.ExceptAll(s, s), d: sqlite.New(), want: sql.ErrNotSupported},
		{name: "no selects", stmt: sql.Union(), want: sql.ErrArgument},
		{name: "a nil select", stmt: sql.Union(s, nil), want: sql.ErrArgument},
		{name: "a typed nil select", stmt: sql.Union(s, (*sql.Select)(nil)), want: sql.ErrArgument},
	})
}
