package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/sql"
)

// TestSelectConformance ports cases of SQLAlchemy's test/sql/test_compiler.py
// (effective dialect "default") by line number, with the exact text
// SQLAlchemy asserts. Where our text differs legitimately, a comment says
// why; the usual reason is that a select list names its columns on its own
// (myid_1, count_1), while SQLAlchemy numbers labels and bind parameters
// with one counter per statement.
func TestSelectConformance(t *testing.T) {
	t1, t2, t3 := selMyTable, selOtherTable, selThirdTable
	users := sql.NewTable("users", sql.NewColumn("user_id", nil), sql.NewColumn("user_name", nil), sql.NewColumn("password", nil))
	addresses := sql.NewTable("addresses", sql.NewColumn("address_id", nil), sql.NewColumn("user_id", nil),
		sql.NewColumn("street", nil), sql.NewColumn("city", nil), sql.NewColumn("state", nil), sql.NewColumn("zip", nil))
	zips := sql.NewTable("zips", sql.NewColumn("zipcode", nil), sql.NewColumn("latitude", nil), sql.NewColumn("longitude", nil))
	places := sql.NewTable("places", sql.NewColumn("id", nil), sql.NewColumn("nm", nil))
	one := func() sql.ColumnElement { return sql.LiteralColumn("1") } // SQLAlchemy's exists(1)
	sq := t1.Select().Where(t1.C("name").Eq("jack")).Subquery("")
	mainZip := zips.Alias("main_zip")
	t2alias := t2.Alias("t2alias")
	stmt := t1.Select()

	runSelCases(t, []selCase{
		{name: "293 table select", stmt: t1.Select(), want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable"},
		{name: "299 two tables", stmt: sql.NewSelect(t1, t2), want: "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername FROM mytable, myothertable"},
		{name: "575 select_from order", stmt: sql.NewSelect(t1.C("name")).SelectFrom(t1, t2).Where(t1.C("myid").Eq(t2.C("otherid"))), want: "SELECT mytable.name FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid"},
		{name: "582 select_from order", stmt: sql.NewSelect(t1.C("name")).SelectFrom(t2, t1).Where(t1.C("myid").Eq(t2.C("otherid"))), want: "SELECT mytable.name FROM myothertable, mytable WHERE mytable.myid = myothertable.otherid"},
		{name: "603 select_from order", stmt: sql.NewSelect(t3.C("userid"), t1.C("name")).Where(t1.C("myid").Eq(t2.C("otherid"))).SelectFrom(t1, t3, t2), want: "SELECT thirdtable.userid, mytable.name FROM mytable, thirdtable, myothertable WHERE mytable.myid = myothertable.otherid"},
		{name: "619 select_from order", stmt: sql.NewSelect(t3.C("userid"), t1.C("name")).Where(t1.C("myid").Eq(t2.C("otherid"))).SelectFrom(t1, t2), want: "SELECT thirdtable.userid, mytable.name FROM mytable, myothertable, thirdtable WHERE mytable.myid = myothertable.otherid"},
		{
			name: "635 select_from and join_from",
			stmt: sql.NewSelect(t3.C("userid"), t1.C("name")).Where(t1.C("myid").Eq(t2.C("otherid"))).SelectFrom(t3, t2).JoinFrom(t3, t1, t3.C("userid").Eq(t1.C("myid"))),
			want: "SELECT thirdtable.userid, mytable.name FROM thirdtable JOIN mytable ON thirdtable.userid = mytable.myid, myothertable WHERE mytable.myid = myothertable.otherid",
		},
		{
			name: "645 select_from and join_from",
			stmt: sql.NewSelect(t3.C("userid"), t1.C("name")).Where(t1.C("myid").Eq(t2.C("otherid"))).SelectFrom(t2, t3).JoinFrom(t3, t1, t3.C("userid").Eq(t1.C("myid"))),
			want: "SELECT thirdtable.userid, mytable.name FROM myothertable, thirdtable JOIN mytable ON thirdtable.userid = mytable.myid WHERE mytable.myid = myothertable.otherid",
		},
		{
			name:   "662 from subquery",
			stmt:   sql.NewSelect(sq).Where(sq.C("myid").Eq(7)),
			want:   "SELECT anon_1.myid, anon_1.name, anon_1.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable WHERE mytable.name = :name_1) AS anon_1 WHERE anon_1.myid = :myid_1",
			params: []string{`name_1="jack"`, "myid_1=7"},
		},
		{name: "675 subquery select", stmt: t1.Select().Subquery("").Select(), want: "SELECT anon_1.myid, anon_1.name, anon_1.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable) AS anon_1"},
		{
			name:   "1252 exists",
			stmt:   sql.Exists(sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(5))),
			want:   "EXISTS (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1)",
			params: []string{"myid_1=5"},
		},
		{name: "1271 exists in the select list", stmt: sql.NewSelect(t1, sql.NewSelect(one()).SelectFrom(t2).Exists()), want: "SELECT mytable.myid, mytable.name, mytable.description, EXISTS (SELECT 1 FROM myothertable) AS anon_1 FROM mytable"},
		{name: "1278 labeled exists", stmt: sql.NewSelect(t1, sql.NewSelect(one()).SelectFrom(t2).Exists().Label("foo")), want: "SELECT mytable.myid, mytable.name, mytable.description, EXISTS (SELECT 1 FROM myothertable) AS foo FROM mytable"},
		{name: "1286 exists of *, correlated", stmt: t1.Select().Where(sql.NewSelect().Where(t2.C("otherid").Eq(t1.C("myid"))).Correlate(t1).Exists()), want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT * FROM myothertable WHERE myothertable.otherid = mytable.myid)"},
		{name: "1322 exists without FROM", stmt: sql.NewSelect(sql.NewSelect(one()).Exists()), want: "SELECT EXISTS (SELECT 1) AS anon_1"},
		{
			name:   "1335 exists with where",
			stmt:   sql.NewSelect(sql.LiteralColumn("42")).SelectFrom(t1).Where(t1.C("name").Eq("foo"), t1.C("description").Eq("bar")).Exists(),
			want:   "EXISTS (SELECT 42 FROM mytable WHERE mytable.name = :name_1 AND mytable.description = :description_1)",
			params: []string{`name_1="foo"`, `description_1="bar"`},
		},
		{
			name: "1353 exists method",
			stmt: t1.Select().Where(sql.NewSelect(sql.Func("count", t2.C("otherid"))).Where(t2.C("otherid").Eq(t1.C("myid"))).Correlate(t1).
				GroupBy(t2.C("otherid")).Having(sql.Func("count", t2.C("otherid")).Gt(1)).Exists()),
			// SQLAlchemy names the bind :count_2 after the function.
			want:   "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT count(myothertable.otherid) AS count_1 FROM myothertable WHERE myothertable.otherid = mytable.myid GROUP BY myothertable.otherid HAVING count(myothertable.otherid) > :param_1)",
			params: []string{"param_1=1"},
		},
		{
			name: "1390 don't correlate in a FROM list",
			stmt: func() sql.Element {
				s := sql.NewSelect(addresses.C("street")).Where(addresses.C("user_id").Eq(users.C("user_id"))).Subquery("s")
				return sql.NewSelect(users, s.C("street")).SelectFrom(s)
			}(),
			want: "SELECT users.user_id, users.user_name, users.password, s.street FROM (SELECT addresses.street AS street FROM addresses, users WHERE addresses.user_id = users.user_id) AS s, users",
		},
		{
			name: "1414 correlated where subquery",
			stmt: t1.Select().Where(t1.C("myid").Eq(sql.NewSelect(t2.C("otherid")).Where(t1.C("name").Eq(t2.C("othername"))).ScalarSubquery())),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid = (SELECT myothertable.otherid FROM myothertable WHERE mytable.name = myothertable.othername)",
		},
		{name: "1432 exists correlated", stmt: t1.Select().Where(sql.NewSelect(one()).Where(t2.C("otherid").Eq(t1.C("myid"))).Exists()), want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE EXISTS (SELECT 1 FROM myothertable WHERE myothertable.otherid = mytable.myid)"},
		{
			name: "1447 a subquery of an alias with exists, and the table",
			stmt: func() sql.Element {
				ta := t1.Alias("ta")
				s := sql.NewSelect(ta).Where(sql.NewSelect(one()).Where(t2.C("otherid").Eq(ta.C("myid"))).Exists()).Subquery("sq2")
				return sql.NewSelect(s, t1)
			}(),
			want: "SELECT sq2.myid, sq2.name, sq2.description, mytable.myid AS myid_1, mytable.name AS name_1, mytable.description AS description_1 FROM (SELECT ta.myid AS myid, ta.name AS name, ta.description AS description FROM mytable AS ta WHERE EXISTS (SELECT 1 FROM myothertable WHERE myothertable.otherid = ta.myid)) AS sq2, mytable",
		},
		{name: "1507 uncorrelated scalar select", stmt: sql.NewSelect(t1, sql.NewSelect(t1.C("myid")).Correlate().ScalarSubquery()), want: "SELECT mytable.myid, mytable.name, mytable.description, (SELECT mytable.myid FROM mytable) AS anon_1 FROM mytable"},
		{name: "1514 scalar select of another table", stmt: sql.NewSelect(t2, sql.NewSelect(t1.C("myid")).ScalarSubquery()), want: "SELECT myothertable.otherid, myothertable.othername, (SELECT mytable.myid FROM mytable) AS anon_1 FROM myothertable"},
		{name: "1531 scalar select alone", stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(5)).ScalarSubquery(), want: "(SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1)", params: []string{"myid_1=5"}},
		{name: "1540 compared to a scalar select", stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Lt(sql.NewSelect(t1.C("myid")).ScalarSubquery())), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid < (SELECT mytable.myid FROM mytable)"},
		{name: "1562 scalar select arithmetic", stmt: sql.NewSelect(sql.NewSelect(t1.C("myid")).ScalarSubquery().Sub(sql.Literal(8))), want: "SELECT (SELECT mytable.myid FROM mytable) - :param_1 AS anon_1", params: []string{"param_1=8"}},
		{name: "1577 labeled scalar select", stmt: sql.NewSelect(sql.NewSelect(t1.C("name")).Label("foo")), want: "SELECT (SELECT mytable.name FROM mytable) AS foo"},
		{
			name: "1629 uncorrelated scalar selects in a function",
			stmt: func() sql.Element {
				qlat := sql.NewSelect(zips.C("latitude")).Where(zips.C("zipcode").Eq("12345")).Correlate().ScalarSubquery()
				qlng := sql.NewSelect(zips.C("longitude")).Where(zips.C("zipcode").Eq("12345")).Correlate().ScalarSubquery()
				dist := sql.Func("latlondist", qlat, qlng).Label("dist")
				return sql.NewSelect(places.C("id"), places.C("nm"), zips.C("zipcode"), dist).Where(zips.C("zipcode").Eq("12345")).OrderBy(dist, places.C("nm"))
			}(),
			want:   "SELECT places.id, places.nm, zips.zipcode, latlondist((SELECT zips.latitude FROM zips WHERE zips.zipcode = :zipcode_1), (SELECT zips.longitude FROM zips WHERE zips.zipcode = :zipcode_2)) AS dist FROM places, zips WHERE zips.zipcode = :zipcode_3 ORDER BY dist, places.nm",
			params: []string{`zipcode_1="12345"`, `zipcode_2="12345"`, `zipcode_3="12345"`},
		},
		{
			name: "1658 scalar selects correlated to an alias",
			stmt: func() sql.Element {
				qlat := sql.NewSelect(zips.C("latitude")).Where(zips.C("zipcode").Eq(mainZip.C("zipcode"))).ScalarSubquery()
				qlng := sql.NewSelect(zips.C("longitude")).Where(zips.C("zipcode").Eq(mainZip.C("zipcode"))).ScalarSubquery()
				dist := sql.Func("latlondist", qlat, qlng).Label("dist")
				return sql.NewSelect(places.C("id"), places.C("nm"), mainZip.C("zipcode"), dist).OrderBy(dist, places.C("nm"))
			}(),
			want: "SELECT places.id, places.nm, main_zip.zipcode, latlondist((SELECT zips.latitude FROM zips WHERE zips.zipcode = main_zip.zipcode), (SELECT zips.longitude FROM zips WHERE zips.zipcode = main_zip.zipcode)) AS dist FROM places, zips AS main_zip ORDER BY dist, places.nm",
		},
		{
			name: "1678 correlated to a table of the join",
			stmt: sql.NewSelect(t1, sql.NewSelect(t2alias.C("otherid")).Where(t1.C("myid").Eq(t2alias.C("otherid"))).ScalarSubquery()).
				SelectFrom(t1.Join(t2, t1.C("myid").Eq(t2.C("otherid")))),
			want: "SELECT mytable.myid, mytable.name, mytable.description, (SELECT t2alias.otherid FROM myothertable AS t2alias WHERE mytable.myid = t2alias.otherid) AS anon_1 FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid",
		},
		{
			name: "1691 a label compared is its expression",
			stmt: func() sql.Element {
				x := sql.Func("lala", t1.C("myid")).Label("foo")
				return sql.NewSelect(x).Where(x.Eq(5))
			}(),
			// SQLAlchemy names the bind :param_1; ours takes the label's name.
			want:   "SELECT lala(mytable.myid) AS foo FROM mytable WHERE lala(mytable.myid) = :foo_1",
			params: []string{"foo_1=5"},
		},
		{name: "2010 a distinct subquery", stmt: sql.NewSelect(sql.NewSelect(t1.C("myid").Distinct()).Subquery("")), want: "SELECT anon_1.anon_1 FROM (SELECT DISTINCT mytable.myid AS anon_1 FROM mytable) AS anon_1"},
		{name: "2080 where with several conditions", stmt: sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(12), t1.C("name").Eq("foobar")), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 AND mytable.name = :name_1", params: []string{"myid_1=12", `name_1="foobar"`}},
		{name: "2119 nulls first", stmt: t2.Select().OrderBy(t2.C("otherid").NullsFirst(), t2.C("othername").Desc()), want: "SELECT myothertable.otherid, myothertable.othername FROM myothertable ORDER BY myothertable.otherid NULLS FIRST, myothertable.othername DESC"},
		{name: "2129 desc nulls last", stmt: t2.Select().OrderBy(t2.C("otherid").NullsFirst(), t2.C("othername").Desc().NullsLast()), want: "SELECT myothertable.otherid, myothertable.othername FROM myothertable ORDER BY myothertable.otherid NULLS FIRST, myothertable.othername DESC NULLS LAST"},
		{name: "2140 order by asc", stmt: t2.Select().OrderBy(t2.C("otherid"), t2.C("othername").Asc()), want: "SELECT myothertable.otherid, myothertable.othername FROM myothertable ORDER BY myothertable.otherid, myothertable.othername ASC"},
		{name: "2178 group by", stmt: sql.NewSelect(t2.C("othername"), sql.Func("count", t2.C("otherid"))).GroupBy(t2.C("othername")), want: "SELECT myothertable.othername, count(myothertable.otherid) AS count_1 FROM myothertable GROUP BY myothertable.othername"},
		{name: "2208 group by and order by", stmt: sql.NewSelect(t2.C("othername"), sql.Func("count", t2.C("otherid"))).GroupBy(t2.C("othername")).OrderBy(t2.C("othername")), want: "SELECT myothertable.othername, count(myothertable.otherid) AS count_1 FROM myothertable GROUP BY myothertable.othername ORDER BY myothertable.othername"},
		// SQLAlchemy names an anonymous alias of a table after the table
		// (mytable_1); ours are anon_1, anon_2.
		{name: "2280 anonymous alias", stmt: sql.NewSelect(t1.Alias("")), want: "SELECT anon_1.myid, anon_1.name, anon_1.description FROM mytable AS anon_1"},
		{name: "2329 alias of aliases", stmt: sql.NewSelect(t1.Alias("").Alias("bar").Alias("bat")), want: "SELECT bat.myid, bat.name, bat.description FROM mytable AS bat"},
		{name: "2345 anonymous aliases of an alias", stmt: sql.NewSelect(t1.Alias("foo").Alias("").Alias("")), want: "SELECT anon_1.myid, anon_1.name, anon_1.description FROM mytable AS anon_1"},
		{name: "2353 aliases of a subquery", stmt: sql.NewSelect(stmt.Subquery("foo").Alias("bar").Alias("bat")), want: "SELECT bat.myid, bat.name, bat.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable) AS bat"},
		{name: "2360 anonymous aliases of a subquery", stmt: sql.NewSelect(stmt.Subquery("foo").Alias("").Alias("")), want: "SELECT anon_1.myid, anon_1.name, anon_1.description FROM (SELECT mytable.myid AS myid, mytable.name AS name, mytable.description AS description FROM mytable) AS anon_1"},
		{name: "2368 prefixes", stmt: t1.Select().Prefix("SQL_CALC_FOUND_ROWS").Prefix("SQL_SOME_WEIRD_MYSQL_THING"), want: "SELECT SQL_CALC_FOUND_ROWS SQL_SOME_WEIRD_MYSQL_THING mytable.myid, mytable.name, mytable.description FROM mytable"},
		{name: "2417 literals from a table", stmt: sql.NewSelect(sql.Literal("foo").Concat(sql.Literal("bar"))).SelectFrom(t1), want: "SELECT :param_1 || :param_2 AS anon_1 FROM mytable", params: []string{`param_1="foo"`, `param_2="bar"`}},
		{name: "2478 join select", stmt: t2.Join(t1, t1.C("myid").Eq(t2.C("otherid"))).Select(), want: "SELECT myothertable.otherid, myothertable.othername, mytable.myid, mytable.name, mytable.description FROM myothertable JOIN mytable ON mytable.myid = myothertable.otherid"},
		{
			name: "2493 join of a join",
			stmt: sql.NewSelect(t1.Join(t2, t1.C("myid").Eq(t2.C("otherid"))).Join(t3, t1.C("myid").Eq(t3.C("userid")))),
			want: "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername, thirdtable.userid, thirdtable.otherstuff FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid JOIN thirdtable ON mytable.myid = thirdtable.userid",
		},
		{
			name: "2522 outer join of a join",
			stmt: sql.NewSelect(t1, t2, t3).SelectFrom(t1.Join(t2, t1.C("myid").Eq(t2.C("otherid"))).OuterJoin(t3, t1.C("myid").Eq(t3.C("userid")))),
			want: "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername, thirdtable.userid, thirdtable.otherstuff FROM mytable JOIN myothertable ON mytable.myid = myothertable.otherid LEFT OUTER JOIN thirdtable ON mytable.myid = thirdtable.userid",
		},
		{
			name: "2585 full outer join",
			stmt: sql.NewSelect(t1).SelectFrom(t1.FullOuterJoin(t2, t1.C("myid").Eq(t2.C("otherid")))),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable FULL OUTER JOIN myothertable ON mytable.myid = myothertable.otherid",
		},
		{
			name: "2748 dupe columns union",
			stmt: func() sql.Element {
				s1 := sql.NewSelect(t1, t1.C("myid")).Where(t1.C("myid").Eq(5))
				s2 := sql.NewSelect(t1, t2.C("otherid")).Where(t1.C("myid").Eq(t2.C("otherid")))
				return sql.Union(s1, s2).OrderBy(t1.C("myid"))
			}(),
			// SQLAlchemy labels a repeated column myid__1.
			want:   "SELECT mytable.myid, mytable.name, mytable.description, mytable.myid AS myid_1 FROM mytable WHERE mytable.myid = :myid_1 UNION SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid ORDER BY myid",
			params: []string{"myid_1=5"},
		},
		{name: "3928 statement suffix", stmt: sql.NewSelect(t1.C("myid")).Suffix("test hint one"), want: "SELECT mytable.myid FROM mytable test hint one"},
		{
			name: "4132 the same scalar select twice",
			stmt: func() sql.Element {
				s := sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(sql.Bind("myid").WithValue(5))).ScalarSubquery()
				return t1.Select().Where(t1.C("myid").Eq(s)).AddColumns(s)
			}(),
			want:   "SELECT mytable.myid, mytable.name, mytable.description, (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid) AS anon_1 FROM mytable WHERE mytable.myid = (SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid)",
			params: []string{"myid=5"},
		},
		{name: "7038 schema table", stmt: selRemote.Select(), want: "SELECT remote_owner.remotetable.rem_id, remote_owner.remotetable.datatype_id, remote_owner.remotetable.value FROM remote_owner.remotetable"},
		{
			name:   "7046 schema table where",
			stmt:   selRemote.Select().Where(sql.And(selRemote.C("datatype_id").Eq(7), selRemote.C("value").Eq("hi"))),
			want:   "SELECT remote_owner.remotetable.rem_id, remote_owner.remotetable.datatype_id, remote_owner.remotetable.value FROM remote_owner.remotetable WHERE remote_owner.remotetable.datatype_id = :datatype_id_1 AND remote_owner.remotetable.value = :value_1",
			params: []string{"datatype_id_1=7", `value_1="hi"`},
		},
		{
			name: "7127 join to a schema table",
			stmt: sql.NewSelect(t1, selRemote).SelectFrom(t1.Join(selRemote, t1.C("myid").Eq(selRemote.C("rem_id")))),
			want: "SELECT mytable.myid, mytable.name, mytable.description, remote_owner.remotetable.rem_id, remote_owner.remotetable.datatype_id, remote_owner.remotetable.value FROM mytable JOIN remote_owner.remotetable ON mytable.myid = remote_owner.remotetable.rem_id",
		},
	})
}
