package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

func TestSelectSubqueries(t *testing.T) {
	t1, t2 := selMyTable, selOtherTable
	inner := sql.NewSelect(t1).Where(t1.C("name").Eq("jack"))
	anon := inner.Subquery("")
	anon2 := sql.NewSelect(t2).Subquery("")
	named := inner.Subquery("sq")
	ta := t1.Alias("ta")
	runSelCases(t, []selCase{
		{
			name:   "anonymous subquery: anon_1, columns labeled inside",
			stmt:   sql.NewSelect(anon).Where(anon.C("myid").Eq(7)),
			want:   "SELECT anon_1.myid, anon_1.name, anon_1.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS anon_1 WHERE anon_1.myid = :myid_1",
			params: []string{`name_1="jack"`, "myid_1=7"},
		},
		{
			name:   "anonymous names in order of appearance",
			stmt:   sql.NewSelect(anon2.C("otherid"), anon.C("myid")),
			want:   "SELECT anon_1.otherid, anon_2.myid FROM (SELECT myothertable.otherid AS otherid, myothertable.othername AS othername FROM myothertable) AS anon_1, (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS anon_2",
			params: []string{`name_1="jack"`},
		},
		{
			name:   "named subquery, selected with FromOps.Select",
			stmt:   named.Select(),
			want:   "SELECT sq.myid, sq.name, sq.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS sq",
			params: []string{`name_1="jack"`},
		},
		{
			name: "subquery columns named as its select list exports them",
			stmt: func() sql.Element {
				sq := sql.NewSelect(t1.C("myid"), t2.C("otherid").Label("myid"), sql.Func("count")).GroupBy(t1.C("myid"), t2.C("otherid")).Subquery("s")
				return sql.NewSelect(sq.C("myid"), sq.C("myid_1"), sq.C("count_1"))
			}(),
			want: "SELECT s.myid, s.myid_1, s.count_1 FROM (SELECT mytable.myid AS myid, myothertable.otherid AS myid_1, count(*) AS count_1 FROM mytable, myothertable GROUP BY mytable.myid, myothertable.otherid) AS s",
		},
		{
			name: "a subquery of a subquery",
			stmt: func() sql.Element {
				sq := sql.NewSelect(named.C("myid")).Subquery("")
				return sql.NewSelect(sq.C("myid"))
			}(),
			want:   "SELECT anon_1.myid FROM (SELECT sq.myid AS myid FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS sq) AS anon_1",
			params: []string{`name_1="jack"`},
		},
		{
			name:   "aliases: named, anonymous, of an alias, of a subquery",
			stmt:   sql.NewSelect(ta.C("myid"), t1.Alias("").C("myid"), ta.Alias("tb").C("name"), named.Alias("sq2").C("name")),
			want:   "SELECT ta.myid, anon_1.myid AS myid_1, tb.name, sq2.name AS name_1 FROM mytable AS ta, mytable AS anon_1, mytable AS tb, (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS sq2",
			params: []string{`name_1="jack"`},
		},
		{
			name:   "scalar subquery in the select list",
			stmt:   sql.NewSelect(t1.C("myid"), sql.NewSelect(t2.C("otherid")).Where(t2.C("otherid").Eq(3)).ScalarSubquery()),
			want:   "SELECT mytable.myid, (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = :otherid_1) AS anon_1 FROM mytable",
			params: []string{"otherid_1=3"},
		},
		{
			name: "a *Select item is a scalar subquery; Label names it",
			stmt: sql.NewSelect(t1.C("myid"), sql.NewSelect(sql.Func("max", t2.C("otherid"))), sql.NewSelect(sql.Func("min", t2.C("otherid"))).Label("lo")),
			want: "SELECT mytable.myid, (SELECT max(myothertable.otherid) AS max_1 FROM myothertable) AS anon_1, (SELECT min(myothertable.otherid) AS min_1 FROM myothertable) AS lo FROM mytable",
		},
		{
			name: "correlated scalar subquery",
			stmt: sql.NewSelect(t1.C("name"), sql.NewSelect(sql.Func("count")).SelectFrom(t2).Where(t2.C("otherid").Eq(t1.C("myid"))).Label("n")),
			want: "SELECT mytable.name, (SELECT count(*) AS count_1 FROM myothertable WHERE myothertable.otherid = mytable.myid) AS n FROM mytable",
		},
		{
			name:   "a single FROM item is not correlated",
			stmt:   sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(sql.NewSelect(t1.C("myid")).Where(t1.C("name").Eq("jack")).ScalarSubquery())),
			want:   "SELECT mytable.myid FROM mytable WHERE mytable.myid = (SELECT mytable.myid FROM mytable WHERE mytable.name = :name_1)",
			params: []string{`name_1="jack"`},
		},
		{
			name: "exists",
			stmt: t1.Select().Where(sql.NewSelect(t2.C("otherid")).Where(t2.C("otherid").Eq(t1.C("myid"))).Exists()),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT myothertable.otherid FROM myothertable WHERE myothertable.otherid = mytable.myid)",
		},
		{
			name: "exists of an empty select list is SELECT *",
			stmt: t1.Select().Where(sql.Exists(sql.NewSelect().SelectFrom(t2).Where(t2.C("otherid").Eq(t1.C("myid")))).Not()),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE NOT EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)",
		},
		{
			name:   "IN a subquery",
			stmt:   sql.NewSelect(t1.C("name")).Where(t1.C("myid").In(sql.NewSelect(t2.C("otherid")).Where(t2.C("othername").Eq("x")))),
			want:   "SELECT mytable.name FROM mytable WHERE mytable.myid IN (SELECT myothertable.otherid FROM myothertable WHERE myothertable.othername = :othername_1)",
			params: []string{`othername_1="x"`},
		},
		{
			name: "NOT IN a compound",
			stmt: sql.NewSelect(t1.C("name")).Where(t1.C("myid").NotIn(sql.Union(sql.NewSelect(t2.C("otherid")), sql.NewSelect(selThirdTable.C("userid"))))),
			want: "SELECT mytable.name FROM mytable WHERE mytable.myid NOT IN (SELECT myothertable.otherid FROM myothertable UNION SELECT thirdtable.userid FROM thirdtable)",
		},
		{
			name: "scalar subquery in ORDER BY correlates",
			stmt: t1.Select().OrderBy(sql.NewSelect(t2.C("otherid")).Where(t1.C("myid").Eq(t2.C("otherid"))).ScalarSubquery().Desc()),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable ORDER BY (SELECT myothertable.otherid FROM myothertable WHERE mytable.myid = myothertable.otherid) DESC",
		},
		{
			name: "a subquery in FROM does not correlate",
			stmt: sql.NewSelect(t2, sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(t2.C("otherid"))).Subquery("")),
			want: "SELECT myothertable.otherid, myothertable.othername, anon_1.myid FROM myothertable, (SELECT mytable.myid AS myid FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid) AS anon_1",
		},
		{
			name: "correlation to a table inside the enclosing join",
			stmt: sql.NewSelect(t1.C("name")).SelectFrom(t1.Join(t2, t1.C("myid").Eq(t2.C("otherid")))).
				Where(sql.NewSelect(selThirdTable.C("userid")).Where(selThirdTable.C("userid").Eq(t2.C("otherid"))).Exists()),
			want: "SELECT mytable.name FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid WHERE EXISTS (SELECT thirdtable.userid FROM thirdtable WHERE thirdtable.userid = myothertable.otherid)",
		},
	})
}

// TestSelectCorrelation ports SQLAlchemy's CorrelateTest
// (test/sql/test_compiler.py).
func TestSelectCorrelation(t *testing.T) {
	t1, t2 := selT1, selT2
	s1 := sql.NewSelect(t1).Where(t1.C("a").Eq(t2.C("a")))
	const (
		whereCorrelated      = "SELECT t2.a FROM t2 WHERE t2.a = (SELECT t1.a FROM t1 WHERE t1.a = t2.a)"
		whereUncorrelated    = "SELECT t2.a FROM t2 WHERE t2.a = (SELECT t1.a FROM t1, t2 WHERE t1.a = t2.a)"
		whereAllCorrelated   = "SELECT t1.a, t2.a AS a_1 FROM t1, t2 WHERE t2.a = (SELECT t1.a WHERE t1.a = t2.a)"
		columnCorrelated     = "SELECT t2.a, (SELECT t1.a FROM t1 WHERE t1.a = t2.a) AS anon_1 FROM t2"
		columnUncorrelated   = "SELECT t2.a, (SELECT t1.a FROM t1, t2 WHERE t1.a = t2.a) AS anon_1 FROM t2"
		columnAllCorrelated  = "SELECT t1.a, t2.a AS a_1, (SELECT t1.a WHERE t1.a = t2.a) AS anon_1 FROM t1, t2"
		havingCorrelated     = "SELECT t2.a FROM t2 HAVING t2.a = (SELECT t1.a FROM t1 WHERE t1.a = t2.a)"
		havingUncorrelated   = "SELECT t2.a FROM t2 HAVING t2.a = (SELECT t1.a FROM t1, t2 WHERE t1.a = t2.a)"
		fromUncorrelated     = "SELECT t2.a, anon_1.a AS a_1 FROM t2, (SELECT t1.a AS a FROM t1, t2 WHERE t1.a = t2.a) AS anon_1"
		fromAllUncorrelated  = "SELECT t1.a, t2.a AS a_1, anon_1.a AS a_2 FROM t1, t2, (SELECT t1.a AS a FROM t1, t2 WHERE t1.a = t2.a) AS anon_1"
		singleFullCorrelated = "SELECT t1.a FROM t1 WHERE t1.a = (SELECT t1.a)"
	)
	where := func(sub *sql.Select) sql.Element { return sql.NewSelect(t2).Where(t2.C("a").Eq(sub.ScalarSubquery())) }
	having := func(sub *sql.Select) sql.Element {
		return sql.NewSelect(t2).Having(t2.C("a").Eq(sub.ScalarSubquery()))
	}
	column := func(sub *sql.Select) sql.Element { return sql.NewSelect(t2, sub.ScalarSubquery()) }
	from := func(sub *sql.Select) sql.Element { return sql.NewSelect(t2, sub.Subquery("")) }
	single := sql.NewSelect(t1.C("a"))
	runSelCases(t, []selCase{
		{name: "dont overcorrelate", stmt: sql.NewSelect(selMyTable).SelectFrom(selMyTable).SelectFrom(selMyTable.Select().Subquery("")),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable, (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable) AS anon_1"},
		{name: "semiauto where", stmt: where(s1.Correlate(t2)), want: whereCorrelated},
		{name: "semiauto column", stmt: column(s1.Correlate(t2)), want: columnCorrelated},
		{name: "semiauto from", stmt: from(s1.Correlate(t2)), want: fromUncorrelated},
		{name: "semiauto having", stmt: having(s1.Correlate(t2)), want: havingCorrelated},
		{name: "except inclusion where", stmt: where(s1.CorrelateExcept(t1)), want: whereCorrelated},
		{name: "except exclusion where", stmt: where(s1.CorrelateExcept(t2)), want: whereUncorrelated},
		{name: "except inclusion column", stmt: column(s1.CorrelateExcept(t1)), want: columnCorrelated},
		{name: "except exclusion column", stmt: column(s1.CorrelateExcept(t2)), want: columnUncorrelated},
		{name: "except inclusion from", stmt: from(s1.CorrelateExcept(t1)), want: fromUncorrelated},
		{name: "except exclusion from", stmt: from(s1.CorrelateExcept(t2)), want: fromUncorrelated},
		{name: "except empty", stmt: sql.NewSelect(t1, t2).Where(t2.C("a").Eq(s1.CorrelateExcept().ScalarSubquery())), want: whereAllCorrelated},
		{name: "except having", stmt: having(s1.CorrelateExcept(t1)), want: havingCorrelated},
		{name: "auto where", stmt: where(s1), want: whereCorrelated},
		{name: "auto column", stmt: column(s1), want: columnCorrelated},
		{name: "auto from", stmt: from(s1), want: fromUncorrelated},
		{name: "auto having", stmt: having(s1), want: havingCorrelated},
		{name: "disabled where", stmt: where(s1.Correlate()), want: whereUncorrelated},
		{name: "disabled column", stmt: column(s1.Correlate()), want: columnUncorrelated},
		{name: "disabled from", stmt: from(s1.Correlate()), want: fromUncorrelated},
		{name: "disabled having", stmt: having(s1.Correlate()), want: havingUncorrelated},
		{name: "all where", stmt: sql.NewSelect(t1, t2).Where(t2.C("a").Eq(s1.Correlate(t1, t2).ScalarSubquery())), want: whereAllCorrelated},
		{name: "all column", stmt: sql.NewSelect(t1, t2, s1.Correlate(t1, t2).ScalarSubquery()), want: columnAllCorrelated},
		{name: "all from", stmt: sql.NewSelect(t1, t2, s1.Correlate(t1, t2).Subquery("")), want: fromAllUncorrelated},
		{name: "from all ok", stmt: sql.NewSelect(t1, t2, s1.Subquery("")), want: fromAllUncorrelated},
		{name: "auto where single from", stmt: sql.NewSelect(t1).Where(t1.C("a").Eq(single.ScalarSubquery())), want: "SELECT t1.a FROM t1 WHERE t1.a = (SELECT t1.a FROM t1)"},
		{name: "semiauto where single from", stmt: sql.NewSelect(t1).Where(t1.C("a").Eq(single.Correlate(t1).ScalarSubquery())), want: singleFullCorrelated},
		{name: "except semiauto where single from", stmt: sql.NewSelect(t1).Where(t1.C("a").Eq(single.CorrelateExcept(t2).ScalarSubquery())), want: singleFullCorrelated},
		{name: "correlate alone has no effect", stmt: s1.Correlate(t1, t2), want: "SELECT t1.a FROM t1, t2 WHERE t1.a = t2.a"},
		{
			name: "correlate except through a FROM subquery",
			stmt: func() sql.Element {
				t2b := sql.NewTable("t2", sql.NewColumn("a", nil), sql.NewColumn("b", nil))
				s := sql.NewSelect(t2b.C("b")).Where(t1.C("a").Eq(t2b.C("a"))).CorrelateExcept(t2b).Subquery("s")
				s2 := sql.NewSelect(sql.Func("foo", s.C("b"))).ScalarSubquery()
				return sql.NewSelect(t1).OrderBy(s2)
			}(),
			want: "SELECT t1.a FROM t1 ORDER BY (SELECT foo(s.b) AS foo_1 FROM (SELECT t2.b AS b FROM t2 WHERE t1.a = t2.a) AS s)",
		},
		{
			name: "multilevel FROM correlation",
			stmt: func() sql.Element {
				p := sql.NewTable("parent", sql.NewColumn("id", nil))
				c := sql.NewTable("child", sql.NewColumn("id", nil), sql.NewColumn("parent_id", nil), sql.NewColumn("pos", nil))
				s := c.Select().Where(c.C("parent_id").Eq(p.C("id"))).OrderBy(c.C("pos")).Limit(1).Correlate(p).Subquery("")
				return sql.NewSelect(p).Where(sql.NewSelect().SelectFrom(s).Where(s.C("id").Eq(1)).Exists())
			}(),
			want:   "SELECT parent.id FROM parent WHERE EXISTS (SELECT * FROM (SELECT child.id AS id, child.parent_id AS parent_id, child.pos AS pos FROM child WHERE child.parent_id = parent.id ORDER BY child.pos LIMIT :param_1) AS anon_1 WHERE anon_1.id = :id_1)",
			params: []string{"param_1=1", "id_1=1"},
		},
		{
			name: "no contextless correlate except",
			stmt: func() sql.Element {
				x := sql.NewTable("t1", sql.NewColumn("x", nil))
				y := sql.NewTable("t2", sql.NewColumn("y", nil))
				z := sql.NewTable("t3", sql.NewColumn("z", nil))
				return sql.NewSelect(x).Where(x.C("x").Eq(y.C("y"))).Where(y.C("y").Eq(z.C("z"))).CorrelateExcept(x)
			}(),
			want: "SELECT t1.x FROM t1, t2, t3 WHERE t1.x = t2.y AND t2.y = t3.z",
		},
		{
			name: "multilevel implicit correlation disabled",
			stmt: func() sql.Element {
				x := sql.NewTable("t1", sql.NewColumn("x", nil))
				y := sql.NewTable("t2", sql.NewColumn("y", nil))
				z := sql.NewTable("t3", sql.NewColumn("z", nil))
				s := sql.NewSelect(x.C("x")).Where(x.C("x").Eq(y.C("y")))
				s2 := sql.NewSelect(z.C("z")).Where(z.C("z").Eq(s.ScalarSubquery()))
				return sql.NewSelect(x).Where(x.C("x").Eq(s2.ScalarSubquery()))
			}(),
			want: "SELECT t1.x FROM t1 WHERE t1.x = (SELECT t3.z FROM t3 WHERE t3.z = (SELECT t1.x FROM t1, t2 WHERE t1.x = t2.y))",
		},
		{
			name: "from implicit correlation disabled",
			stmt: func() sql.Element {
				x := sql.NewTable("t1", sql.NewColumn("x", nil))
				y := sql.NewTable("t2", sql.NewColumn("y", nil))
				s := sql.NewSelect(x.C("x")).Where(x.C("x").Eq(y.C("y")))
				s2 := sql.NewSelect(y, s.Subquery(""))
				return sql.NewSelect(x, s2.Subquery(""))
			}(),
			want: "SELECT t1.x, anon_1.y, anon_1.x AS x_1 FROM t1, (SELECT t2.y AS y, anon_2.x AS x FROM t2, (SELECT t1.x AS x FROM t1, t2 WHERE t1.x = t2.y) AS anon_2) AS anon_1",
		},
		{
			name: "explicit correlation reaches past an enclosing level",
			stmt: func() sql.Element {
				x := sql.NewTable("t1", sql.NewColumn("x", nil))
				y := sql.NewTable("t2", sql.NewColumn("y", nil))
				z := sql.NewTable("t3", sql.NewColumn("z", nil))
				s := sql.NewSelect(x.C("x")).Where(x.C("x").Eq(y.C("y"))).Correlate(x)
				s2 := sql.NewSelect(z.C("z")).Where(z.C("z").Eq(s.ScalarSubquery()))
				return sql.NewSelect(x).Where(x.C("x").Eq(s2.ScalarSubquery()))
			}(),
			want: "SELECT t1.x FROM t1 WHERE t1.x = (SELECT t3.z FROM t3 WHERE t3.z = (SELECT t1.x FROM t2 WHERE t1.x = t2.y))",
		},
		{
			name:   "UPDATE's table correlates",
			stmt:   t1.Update().Values(sql.Values{"a": sql.NewSelect(sql.Func("max", t2.C("a"))).Where(t2.C("a").Lt(t1.C("a"))).ScalarSubquery()}).Where(t1.C("a").In(sql.NewSelect(t2.C("a")).Where(t2.C("a").Eq(t1.C("a"))))),
			want:   "UPDATE t1 SET a=(SELECT max(t2.a) AS max_1 FROM t2 WHERE t2.a < t1.a) WHERE t1.a IN (SELECT t2.a FROM t2 WHERE t2.a = t1.a)",
			params: nil,
		},
	})
	t.Run("INSERT ... SELECT does not correlate to the INSERT's table", func(t *testing.T) {
		stmt := t1.Insert().FromSelect([]*sql.Column{t1.C("a")}, sql.NewSelect(t1.C("a")).Where(t1.C("a").Eq(t2.C("a"))))
		checkSelSQL(t, stmt, nil, "INSERT INTO t1 (a) SELECT t1.a FROM t1, t2 WHERE t1.a = t2.a", nil)
	})
	runSelErrCases(t, []selErrCase{
		{name: "auto correlation leaving no FROM", stmt: sql.NewSelect(t1, t2).Where(t2.C("a").Eq(s1.ScalarSubquery())), want: sql.ErrArgument},
		{name: "nil correlate", stmt: where(s1.Correlate(nil)), want: sql.ErrArgument},
		{name: "SELECT with no columns outside EXISTS", stmt: sql.NewSelect().SelectFrom(t1), want: sql.ErrArgument},
		{name: "lateral unsupported", stmt: sql.NewSelect(t1.C("a")).SelectFrom(t1.Join(sql.NewSelect(t2.C("a")).Lateral("l"), sql.True())), d: withFeatures(func(f *dialect.Features) { f.Lateral = false }), want: sql.ErrNotSupported},
	})
}

func TestSelectLateral(t *testing.T) {
	people := sql.NewTable("people", sql.NewColumn("people_id", nil), sql.NewColumn("age", nil), sql.NewColumn("name", nil))
	books := sql.NewTable("books", sql.NewColumn("book_id", nil), sql.NewColumn("book_owner_id", nil))
	owned := sql.NewSelect(books.C("book_id")).Where(books.C("book_owner_id").Eq(people.C("people_id")))
	lat := owned.Lateral("alias")
	runSelCases(t, []selCase{
		{
			name: "join to a lateral subquery correlates to the left",
			stmt: sql.NewSelect(people).SelectFrom(people.Join(lat, sql.True())),
			want: "SELECT people.people_id, people.age, people.name FROM people JOIN LATERAL (SELECT books.book_id AS book_id FROM books WHERE books.book_owner_id = people.people_id) AS alias ON true",
		},
		{
			name: "an alias of a lateral subquery stays LATERAL",
			stmt: sql.NewSelect(sql.NewSelect(people.C("people_id")).Subquery("").Lateral().Alias("alias")),
			want: "SELECT alias.people_id FROM LATERAL (SELECT people.people_id AS people_id FROM people) AS alias",
		},
		{
			name: "Select.Join to a lateral",
			stmt: func() sql.Element {
				l := owned.Subquery("").Lateral()
				return sql.NewSelect(people, l.C("book_id")).Join(l, sql.True())
			}(),
			want: "SELECT people.people_id, people.age, people.name, anon_1.book_id FROM people JOIN LATERAL (SELECT books.book_id AS book_id FROM books WHERE books.book_owner_id = people.people_id) AS anon_1 ON true",
		},
	})
}

// TestSelectBadInput checks that mistakes give errors at compile, never
// panics.
func TestSelectBadInput(t *testing.T) {
	t1 := selMyTable
	var nilTable *sql.Table
	var nilSelect *sql.Select
	var nilCol *sql.Column
	runSelErrCases(t, []selErrCase{
		{name: "nil select item", stmt: sql.NewSelect(nil), want: sql.ErrArgument},
		{name: "typed nil table item", stmt: sql.NewSelect(nilTable), want: sql.ErrArgument},
		{name: "typed nil column item", stmt: sql.NewSelect(t1.C("myid"), nilCol), want: sql.ErrArgument},
		{name: "not selectable", stmt: sql.NewSelect(notSelectable{}), want: sql.ErrArgument},
		{name: "nil where", stmt: sql.NewSelect(t1.C("myid")).Where(nil), want: sql.ErrArgument},
		{name: "typed nil where", stmt: sql.NewSelect(t1.C("myid")).Where(nilCol), want: sql.ErrArgument},
		{name: "nil order by", stmt: sql.NewSelect(t1.C("myid")).OrderBy(nil), want: sql.ErrArgument},
		{name: "nil group by", stmt: sql.NewSelect(t1.C("myid")).GroupBy(nilCol), want: sql.ErrArgument},
		{name: "unknown column", stmt: sql.NewSelect(t1.C("nope")), want: sql.ErrNoSuchColumn},
		{name: "unknown subquery column", stmt: sql.NewSelect(sql.NewSelect(t1.C("myid")).Subquery("s").C("nope")), want: sql.ErrNoSuchColumn},
		{name: "unknown CTE column", stmt: sql.NewSelect(sql.NewSelect(t1.C("myid")).CTE("c").C("nope")), want: sql.ErrNoSuchColumn},
		{name: "unknown alias column", stmt: sql.NewSelect(t1.Alias("a").C("nope")), want: sql.ErrNoSuchColumn},
		{name: "subquery of a nil select", stmt: sql.NewSelect(nilSelect.Subquery("s")), want: sql.ErrArgument},
		{name: "CTE of a nil select", stmt: sql.NewSelect(nilSelect.CTE("c")), want: sql.ErrArgument},
		{name: "exists of nil", stmt: sql.NewSelect(t1.C("myid")).Where(sql.Exists(nil)), want: sql.ErrArgument},
		{name: "scalar of a nil select", stmt: sql.NewSelect(t1.C("myid"), nilSelect.ScalarSubquery()), want: sql.ErrArgument},
		{name: "join of a nil FromOps", stmt: sql.NewSelect(t1.C("myid")).SelectFrom(sql.FromOps{}.Join(t1)), want: sql.ErrArgument},
		{name: "FOR UPDATE OF a typed nil", stmt: sql.NewSelect(t1.C("myid")).ForUpdate(sql.LockClause{Of: []sql.FromClause{nilTable}}), want: sql.ErrArgument},
		{name: "IN a nil select", stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").In(nilSelect)), want: sql.ErrArgument},
	})
}

// notSelectable is an element that is neither a column nor a FROM item.
type notSelectable struct{}

func (notSelectable) WriteSQL(c *sql.Compiler)      { c.WriteString("?") }
func (notSelectable) WriteCacheKey(k *sql.CacheKey) { k.Custom("notSelectable") }
