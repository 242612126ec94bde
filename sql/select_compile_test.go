package sql_test

import (
	"bytes"
	"database/sql/driver"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestSelectBasics(t *testing.T) {
	t1, t2 := selMyTable, selOtherTable
	runSelCases(t, []selCase{
		{
			name: "columns",
			stmt: sql.NewSelect(t1.C("myid"), t1.C("name")),
			want: "SELECT mytable.myid, mytable.name FROM mytable",
		},
		{
			name: "whole table",
			stmt: t1.Select(),
			want: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable",
		},
		{
			name: "select from adds an item first",
			stmt: sql.NewSelect(sql.Func("count")).SelectFrom(t2),
			want: "SELECT count(*) AS count_1 FROM myothertable",
		},
		{
			name: "explicit items come before implied ones",
			stmt: sql.NewSelect(t1.C("name")).SelectFrom(t2),
			want: "SELECT mytable.name FROM myothertable, mytable",
		},
		{
			name:   "where calls are joined with AND",
			stmt:   sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Gt(1)).Where(t1.C("name").Eq("x"), t1.C("description").IsNull()),
			want:   "SELECT mytable.myid FROM mytable WHERE mytable.myid > :myid_1 AND mytable.name = :name_1 AND mytable.description IS NULL",
			params: []string{"myid_1=1", `name_1="x"`},
		},
		{
			name:   "where implies a FROM item",
			stmt:   sql.NewSelect(t1.C("name")).Where(t1.C("myid").Eq(t2.C("otherid"))),
			want:   "SELECT mytable.name FROM mytable, myothertable WHERE mytable.myid = myothertable.otherid",
			params: nil,
		},
		{
			name: "distinct",
			stmt: sql.NewSelect(t1.C("name")).Distinct(),
			want: "SELECT DISTINCT mytable.name FROM mytable",
		},
		{
			name: "distinct on",
			stmt: sql.NewSelect(t1.C("name"), t1.C("myid")).DistinctOn(t1.C("name")),
			want: "SELECT DISTINCT ON (mytable.name) mytable.name, mytable.myid FROM mytable",
		},
		{
			name: "prefix and suffix",
			stmt: sql.NewSelect(t1.C("myid")).Prefix("SQL_NO_CACHE").Suffix("-- hint"),
			want: "SELECT SQL_NO_CACHE mytable.myid FROM mytable -- hint",
		},
		{
			name: "group by and having",
			stmt: sql.NewSelect(t2.C("othername"), sql.Func("count", t2.C("otherid"))).
				GroupBy(t2.C("othername")).Having(sql.Func("count", t2.C("otherid")).Gt(2)).Having(t2.C("othername").Ne("z")),
			// SQLAlchemy names the bind after the function (:count_2).
			want:   "SELECT myothertable.othername, count(myothertable.otherid) AS count_1 FROM myothertable GROUP BY myothertable.othername HAVING count(myothertable.otherid) > :param_1 AND myothertable.othername != :othername_1",
			params: []string{"param_1=2", `othername_1="z"`},
		},
		{
			name: "order by asc desc",
			stmt: t2.Select().OrderBy(t2.C("otherid"), t2.C("othername").Asc()).OrderBy(t2.C("otherid").Desc()),
			want: "SELECT myothertable.otherid, myothertable.othername FROM myothertable ORDER BY myothertable.otherid, myothertable.othername ASC, myothertable.otherid DESC",
		},
		{
			name:   "no FROM",
			stmt:   sql.NewSelect(sql.Literal(1)),
			want:   "SELECT :param_1 AS anon_1",
			params: []string{"param_1=1"},
		},
		{
			name:   "schema-qualified table",
			stmt:   selRemote.Select().Where(selRemote.C("value").Eq("hi")),
			want:   "SELECT remote_owner.remotetable.rem_id, remote_owner.remotetable.datatype_id, remote_owner.remotetable.value FROM remote_owner.remotetable WHERE remote_owner.remotetable.value = :value_1",
			params: []string{`value_1="hi"`},
		},
	})
}

func TestSelectLabels(t *testing.T) {
	t1, t2 := selMyTable, selOtherTable
	foo := t1.C("myid").Add(12).Label("foo")
	bar := sql.Func("somefunc", t1.C("name")).Label("bar")
	dupe := t2.C("otherid").Label("foo")
	runSelCases(t, []selCase{
		{
			name: "duplicate names get the first free suffix",
			stmt: sql.NewSelect(t1, t2.C("otherid").Label("myid"), t1.C("name")),
			want: "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid AS myid_1, mytable.name AS name_1 FROM mytable, myothertable",
		},
		{
			name:   "functions count_1, count_2; expressions anon_1",
			stmt:   sql.NewSelect(sql.Func("count"), sql.Func("count", t1.C("myid")), t1.C("myid").Add(1), sql.Func("max", t1.C("myid")), t1.C("myid").Neg()),
			want:   "SELECT count(*) AS count_1, count(mytable.myid) AS count_2, mytable.myid + :myid_1 AS anon_1, max(mytable.myid) AS max_1, -mytable.myid AS anon_2 FROM mytable",
			params: []string{"myid_1=1"},
		},
		{
			name:   "order by a label of the select list writes its name",
			stmt:   sql.NewSelect(foo, bar).OrderBy(foo, bar.Desc()),
			want:   "SELECT mytable.myid + :myid_1 AS foo, somefunc(mytable.name) AS bar FROM mytable ORDER BY foo, bar DESC",
			params: []string{"myid_1=12"},
		},
		{
			name:   "a label inside an expression is its expression",
			stmt:   sql.NewSelect(foo, bar).OrderBy(sql.Func("hoho", foo), bar.Desc()),
			want:   "SELECT mytable.myid + :myid_1 AS foo, somefunc(mytable.name) AS bar FROM mytable ORDER BY hoho(mytable.myid + :myid_1), bar DESC",
			params: []string{"myid_1=12"},
		},
		{
			name: "a label not in the select list is its expression",
			stmt: sql.NewSelect(t1.C("myid")).OrderBy(t1.C("name").Label("name")),
			want: "SELECT mytable.myid FROM mytable ORDER BY mytable.name",
		},
		{
			name:   "a renamed duplicate label orders by its new name",
			stmt:   sql.NewSelect(foo, dupe).OrderBy(dupe),
			want:   "SELECT mytable.myid + :myid_1 AS foo, myothertable.otherid AS foo_1 FROM mytable, myothertable ORDER BY foo_1",
			params: []string{"myid_1=12"},
		},
		{
			name:   "group by writes a label's expression",
			stmt:   sql.NewSelect(foo, bar).GroupBy(foo, bar),
			want:   "SELECT mytable.myid + :myid_1 AS foo, somefunc(mytable.name) AS bar FROM mytable GROUP BY mytable.myid + :myid_1, somefunc(mytable.name)",
			params: []string{"myid_1=12"},
		},
		{
			name:   "window functions and FILTER are anonymous",
			stmt:   sql.NewSelect(sql.Func("row_number").Over(sql.Window{OrderBy: []sql.ColumnElement{t1.C("name")}}), sql.Func("count").Filter(t1.C("myid").Gt(3))),
			want:   "SELECT row_number() OVER (ORDER BY mytable.name) AS anon_1, count(*) FILTER (WHERE mytable.myid > :myid_1) AS anon_2 FROM mytable",
			params: []string{"myid_1=3"},
		},
		{
			name: "unnamed labels are anonymous, after what they label",
			stmt: func() sql.Element {
				l := t1.C("name").Label("")
				return sql.NewSelect(l, t1.C("myid").Add(1).Label(""), t1.C("name")).OrderBy(l)
			}(),
			want:   "SELECT mytable.name AS name_1, mytable.myid + :myid_1 AS anon_1, mytable.name FROM mytable ORDER BY name_1",
			params: []string{"myid_1=1"},
		},
		{
			name: "a cast keeps the name of its column",
			stmt: sql.NewSelect(t1.C("myid").Cast(types.String{})),
			want: "SELECT CAST(mytable.myid AS VARCHAR) AS myid FROM mytable",
		},
	})
}

func TestSelectResultColumns(t *testing.T) {
	t1, t2 := selMyTable, selOtherTable
	stmt := sql.NewSelect(t1.C("myid"), t2.C("otherid").Label("myid"), sql.Func("count"), t1.C("myid").Add(1), t1.C("name"))
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"myid", "myid_1", "count_1", "anon_1", "name"}
	sq := stmt.Subquery("sq")
	for i, rc := range c.Columns {
		if rc.Name != want[i] {
			t.Errorf("result column %d is %q, want %q", i, rc.Name, want[i])
		}
		if got := sq.Columns()[i].Name(); got != rc.Name {
			t.Errorf("subquery column %d is %q, result column %q", i, got, rc.Name)
		}
		if sq.C(rc.Name).Name() != rc.Name {
			t.Errorf("sq.C(%q) is %q", rc.Name, sq.C(rc.Name).Name())
		}
	}
	if len(c.Columns) != len(want) {
		t.Fatalf("%d result columns, want %d", len(c.Columns), len(want))
	}
	// A compound's result columns are its first member's.
	u := sql.Union(sql.NewSelect(t1.C("myid"), t1.C("myid")), sql.NewSelect(t2.C("otherid"), t2.C("othername")))
	c, err = sql.Compile(u, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Columns) != 2 || c.Columns[0].Name != "myid" || c.Columns[1].Name != "myid_1" {
		t.Errorf("compound result columns %+v", c.Columns)
	}
}

func TestSelectLimitOffset(t *testing.T) {
	t1 := selMyTable
	noFetch := withFeatures(func(f *dialect.Features) { f.FetchFirst = false })
	runSelCases(t, []selCase{
		{
			name:   "limit and offset",
			stmt:   sql.NewSelect(t1.C("myid")).Limit(10).Offset(20),
			want:   "SELECT mytable.myid FROM mytable LIMIT :param_1 OFFSET :param_2",
			params: []string{"param_1=10", "param_2=20"},
		},
		{
			// SQLAlchemy's default dialect writes LIMIT -1 OFFSET; Generic
			// needs no LIMIT (Features.LimitRequiredForOffset is false).
			name:   "offset alone",
			stmt:   sql.NewSelect(t1.C("myid")).Offset(5),
			want:   "SELECT mytable.myid FROM mytable OFFSET :param_1",
			params: []string{"param_1=5"},
		},
		{
			name:   "offset alone on SQLite needs LIMIT -1",
			stmt:   sql.NewSelect(t1.C("myid")).Offset(5),
			d:      sqlite.New(),
			want:   "SELECT mytable.myid FROM mytable LIMIT -1 OFFSET ?",
			params: []string{"param_1=5"},
		},
		{
			name:   "fetch first with offset",
			stmt:   sql.NewSelect(t1.C("myid")).Limit(42).Offset(7).FetchFirst(1, false, false),
			want:   "SELECT mytable.myid FROM mytable OFFSET :param_1 ROWS FETCH FIRST :param_2 ROWS ONLY",
			params: []string{"param_1=7", "param_2=1"},
		},
		{
			name:   "limit replaces fetch first",
			stmt:   sql.NewSelect(t1.C("myid")).FetchFirst(42, false, false).Limit(1),
			want:   "SELECT mytable.myid FROM mytable LIMIT :param_1",
			params: []string{"param_1=1"},
		},
		{
			name:   "fetch first with ties and percent",
			stmt:   sql.NewSelect(t1.C("myid")).OrderBy(t1.C("myid")).FetchFirst(5, true, true),
			want:   "SELECT mytable.myid FROM mytable ORDER BY mytable.myid FETCH FIRST :param_1 PERCENT ROWS WITH TIES",
			params: []string{"param_1=5"},
		},
		{
			name:   "fetch first becomes LIMIT without the feature",
			stmt:   sql.NewSelect(t1.C("myid")).Offset(3).FetchFirst(5, false, false),
			d:      noFetch,
			want:   "SELECT mytable.myid FROM mytable LIMIT :param_1 OFFSET :param_2",
			params: []string{"param_1=5", "param_2=3"},
		},
	})
	runSelErrCases(t, []selErrCase{
		{name: "with ties without the feature", stmt: sql.NewSelect(t1.C("myid")).FetchFirst(5, true, false), d: noFetch, want: sql.ErrNotSupported},
	})
}

func TestSelectNullsOrdering(t *testing.T) {
	t1 := selMyTable
	noNulls := withFeatures(func(f *dialect.Features) { f.NullsOrdering = false })
	lab := t1.C("name").Label("n")
	runSelCases(t, []selCase{
		{
			name: "native",
			stmt: sql.NewSelect(t1.C("myid")).OrderBy(t1.C("name").NullsFirst(), t1.C("description").Desc().NullsLast()),
			want: "SELECT mytable.myid FROM mytable ORDER BY mytable.name NULLS FIRST, mytable.description DESC NULLS LAST",
		},
		{
			name: "emulated",
			stmt: sql.NewSelect(t1.C("myid")).OrderBy(t1.C("name").NullsFirst(), t1.C("description").Desc().NullsLast()),
			d:    noNulls,
			want: "SELECT mytable.myid FROM mytable ORDER BY CASE WHEN mytable.name IS NULL THEN 0 ELSE 1 END, mytable.name, CASE WHEN mytable.description IS NULL THEN 1 ELSE 0 END, mytable.description DESC",
		},
		{
			name: "emulated on a label of the select list",
			stmt: sql.NewSelect(lab).OrderBy(lab.Asc().NullsLast()),
			d:    noNulls,
			want: "SELECT mytable.name AS n FROM mytable ORDER BY CASE WHEN mytable.name IS NULL THEN 1 ELSE 0 END, n ASC",
		},
	})
}

func TestSelectForUpdate(t *testing.T) {
	t1, t2 := selMyTable, selOtherTable
	base := sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(7))
	runSelCases(t, []selCase{
		{name: "for update", stmt: base.ForUpdate(sql.LockClause{}), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 FOR UPDATE", params: []string{"myid_1=7"}},
		{name: "nowait", stmt: base.ForUpdate(sql.LockClause{NoWait: true}), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 FOR UPDATE NOWAIT", params: []string{"myid_1=7"}},
		{name: "share skip locked", stmt: base.ForUpdate(sql.LockClause{Read: true, SkipLocked: true}), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 FOR SHARE SKIP LOCKED", params: []string{"myid_1=7"}},
		{name: "key share", stmt: base.ForUpdate(sql.LockClause{Read: true, KeyShare: true}), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 FOR KEY SHARE", params: []string{"myid_1=7"}},
		{name: "no key update", stmt: base.ForUpdate(sql.LockClause{KeyShare: true}), want: "SELECT mytable.myid FROM mytable WHERE mytable.myid = :myid_1 FOR NO KEY UPDATE", params: []string{"myid_1=7"}},
		{
			name:   "of tables",
			stmt:   sql.NewSelect(t1.C("myid"), t2.C("otherid")).Where(t1.C("myid").Eq(7)).ForUpdate(sql.LockClause{Of: []sql.FromClause{t1, t2}, NoWait: true}),
			want:   "SELECT mytable.myid, myothertable.otherid FROM mytable, myothertable WHERE mytable.myid = :myid_1 FOR UPDATE OF mytable, myothertable NOWAIT",
			params: []string{"myid_1=7"},
		},
	})
	runSelErrCases(t, []selErrCase{
		{name: "a dialect without FOR UPDATE", stmt: base.ForUpdate(sql.LockClause{}), d: noLockDialect(), want: sql.ErrNotSupported},
	})
}

func TestSelectImmutable(t *testing.T) {
	s := newSelSchema()
	u, a, o := s.users, s.addresses, s.orders
	base := sql.NewSelect(u.C("id")).Where(u.C("id").Gt(0)).SelectFrom(u).OrderBy(u.C("id"))
	x := base.Where(u.C("name").Eq("x")).Join(a).AddColumns(a).GroupBy(u.C("id")).Correlate(u)
	y := base.Where(u.C("name").Eq("y")).Join(o).AddColumns(o).Having(u.C("id").Lt(9)).CTE("y")
	_ = y
	checkSelSQL(t, base, nil, "SELECT users.id FROM users WHERE users.id > :id_1 ORDER BY users.id", []string{"id_1=0"})
	checkSelSQL(t, x, nil, "SELECT users.id, addresses.id AS id_1, addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id WHERE users.id > :id_1 AND users.name = :name_1 GROUP BY users.id ORDER BY users.id",
		[]string{"id_1=0", `name_1="x"`})
	// One statement compiled by many goroutines at once (run with -race).
	stmt := sql.NewSelect(x.Subquery("").Columns()[0], sql.NewSelect(y.C("id")).ScalarSubquery())
	want, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan string)
	for range 8 {
		go func() {
			c, err := sql.Compile(stmt, dialect.Generic)
			if err != nil {
				done <- err.Error()
				return
			}
			done <- c.SQL
		}()
	}
	for range 8 {
		if got := <-done; got != want.SQL {
			t.Errorf("concurrent compile gave %s, want %s", got, want.SQL)
		}
	}
}

// TestSelectRareOptionsImmutable builds statements from one base with
// different rarely used options (kept apart from the common parts and
// shared by copies until one changes): each compiles with its own, the
// base's SQL and cache key are unchanged.
func TestSelectRareOptionsImmutable(t *testing.T) {
	t1 := selMyTable
	base := sql.NewSelect(t1.C("myid"), t1.C("name")).Prefix("P0").Where(t1.C("myid").Gt(1))
	baseSQL := "SELECT P0 mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1"
	baseKey := selKey(base)
	a := base.Prefix("A").DistinctOn(t1.C("name")).ForUpdate(sql.LockClause{NoWait: true}).Suffix("-- a").FetchFirst(5, false, false)
	b := base.Prefix("B").GroupBy(t1.C("name"), t1.C("myid")).Having(t1.C("myid").Lt(9)).Suffix("-- b").Offset(2)
	aLimit := a.Limit(3)
	aNoLock := a.WithoutLock().WithoutLimits()
	bCorr := b.Correlate().AddCTE(sql.NewSelect(t1.C("myid")).CTE("c"))
	bad := b.AddCTE(nil)
	checkSelSQL(t, base, nil, baseSQL, []string{"myid_1=1"})
	checkSelSQL(t, a, nil, "SELECT P0 A DISTINCT ON (mytable.name) mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1 FETCH FIRST :param_1 ROWS ONLY FOR UPDATE NOWAIT -- a",
		[]string{"myid_1=1", "param_1=5"})
	checkSelSQL(t, b, nil, "SELECT P0 B mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1 GROUP BY mytable.name, mytable.myid HAVING mytable.myid < :myid_2 OFFSET :param_1 -- b",
		[]string{"myid_1=1", "myid_2=9", "param_1=2"})
	checkSelSQL(t, aLimit, nil, "SELECT P0 A DISTINCT ON (mytable.name) mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1 LIMIT :param_1 FOR UPDATE NOWAIT -- a",
		[]string{"myid_1=1", "param_1=3"})
	checkSelSQL(t, aNoLock, nil, "SELECT P0 A DISTINCT ON (mytable.name) mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1 -- a",
		[]string{"myid_1=1"})
	checkSelSQL(t, bCorr, nil, "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT P0 B mytable.myid, mytable.name FROM mytable WHERE mytable.myid > :myid_1 GROUP BY mytable.name, mytable.myid HAVING mytable.myid < :myid_2 OFFSET :param_1 -- b",
		[]string{"myid_1=1", "myid_2=9", "param_1=2"})
	// The error of one copy is not the others'.
	if err := compileErr(t, bad, dialect.Generic); !errors.Is(err, sql.ErrArgument) || bad.Err() == nil {
		t.Errorf("AddCTE(nil): err %v, want ErrArgument", err)
	}
	if b.Err() != nil || base.Err() != nil {
		t.Errorf("an error reached another statement: %v, %v", b.Err(), base.Err())
	}
	// Built after all the others, the base is as it was.
	checkSelSQL(t, base, nil, baseSQL, []string{"myid_1=1"})
	if !bytes.Equal(selKey(base), baseKey) {
		t.Error("the base's cache key changed")
	}
	keys := [][]byte{baseKey, selKey(a), selKey(b), selKey(aLimit), selKey(aNoLock), selKey(bCorr)}
	for i := range keys {
		for j := range i {
			if bytes.Equal(keys[i], keys[j]) {
				t.Errorf("statements %d and %d have one cache key", i, j)
			}
		}
	}
}

// noLockDialect is a dialect without SELECT ... FOR UPDATE and without a
// hook that renders it another way.
func noLockDialect() dialect.Dialect {
	return &bareDialect{dialect.Base{DialectName: "nolock", Params: dialect.Qmark, QuoteOpen: '"', QuoteClose: '"'}}
}

type bareDialect struct{ dialect.Base }

func (*bareDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, dialect.ErrNotSupported
}
