package sql_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// TestSelectItemFromsImmutable builds statements from one base whose
// select list holds a table (its FROM items given as select items are
// kept apart from the common parts, shared by copies until one changes
// them): each compiles to its own SQL and the base is unchanged.
func TestSelectItemFromsImmutable(t *testing.T) {
	t1, t2 := table1, table2
	base := sql.NewSelect(t1).Where(t1.C("myid").Gt(1))
	baseSQL := "SELECT mytable.myid, mytable.name, mytable.description FROM mytable WHERE mytable.myid > :myid_1"
	baseKey := selKey(base)
	more := base.AddColumns(t2)
	only := base.WithOnlyColumns(t2.C("otherid"))
	froms := base.WithFroms(t2)
	cols := sql.NewSelect(t1.C("myid")).AddColumns(t2)
	checkSelSQL(t, more, nil, "SELECT mytable.myid, mytable.name, mytable.description, myothertable.otherid, myothertable.othername FROM mytable, myothertable WHERE mytable.myid > :myid_1",
		[]string{"myid_1=1"})
	checkSelSQL(t, only, nil, "SELECT myothertable.otherid FROM myothertable, mytable WHERE mytable.myid > :myid_1",
		[]string{"myid_1=1"})
	checkSelSQL(t, cols, nil, "SELECT mytable.myid, myothertable.otherid, myothertable.othername FROM mytable, myothertable", nil)
	if got := froms.Froms(); len(got) != 1 || got[0] != sql.FromClause(t2) {
		t.Errorf("WithFroms(t2).Froms() = %v, want [myothertable]", got)
	}
	if got := base.Froms(); len(got) != 1 || got[0] != sql.FromClause(t1) {
		t.Errorf("base.Froms() = %v, want [mytable]", got)
	}
	if got := more.Froms(); len(got) != 2 {
		t.Errorf("more.Froms() = %v, want [mytable myothertable]", got)
	}
	checkSelSQL(t, base, nil, baseSQL, []string{"myid_1=1"})
	if !bytes.Equal(selKey(base), baseKey) {
		t.Error("the base's cache key changed")
	}
	keys := [][]byte{baseKey, selKey(more), selKey(only), selKey(froms), selKey(cols)}
	for i := range keys {
		for j := range i {
			if bytes.Equal(keys[i], keys[j]) {
				t.Errorf("statements %d and %d have one cache key", i, j)
			}
		}
	}
}

// TestSelectBuildFromOneBase builds the benchmark's statement twice from
// one base, with different conditions, orders and limits: each compiles
// to its own SQL and arguments, and the base to its own.
func TestSelectBuildFromOneBase(t *testing.T) {
	u, o := benchUsers, benchOrders
	base := sql.NewSelect(u.C("id"), u.C("name"), o.C("total")).Join(o, u.C("id").Eq(o.C("user_id")))
	a := base.Where(u.C("active").Eq(true), o.C("total").Gt(5)).OrderBy(o.C("total").Desc()).Limit(10)
	b := base.Where(o.C("status").Eq("paid")).OrderBy(u.C("name")).Limit(3)
	a2 := a.Where(o.C("status").Eq("open"))
	cases := []struct {
		stmt *sql.Select
		sql  string
		args []any
	}{
		{base, "SELECT users.id, users.name, orders.total FROM users JOIN orders ON users.id = orders.user_id", nil},
		{a, "SELECT users.id, users.name, orders.total FROM users JOIN orders ON users.id = orders.user_id WHERE users.active = ? AND orders.total > ? ORDER BY orders.total DESC LIMIT ?", []any{true, 5, int64(10)}},
		{b, "SELECT users.id, users.name, orders.total FROM users JOIN orders ON users.id = orders.user_id WHERE orders.status = ? ORDER BY users.name LIMIT ?", []any{"paid", int64(3)}},
		{a2, "SELECT users.id, users.name, orders.total FROM users JOIN orders ON users.id = orders.user_id WHERE users.active = ? AND orders.total > ? AND orders.status = ? ORDER BY orders.total DESC LIMIT ?", []any{true, 5, "open", int64(10)}},
	}
	for i, tc := range cases {
		c, err := sql.Compile(tc.stmt, qmark)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		text, args, err := c.BindOwn(nil)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if text != tc.sql || fmt.Sprint(args) != fmt.Sprint(tc.args) {
			t.Errorf("%d:\n got: %s %v\nwant: %s %v", i, text, args, tc.sql, tc.args)
		}
	}
}

// TestEscapeImmutable checks that Escape gives a copy: the comparison it
// is made from keeps no ESCAPE, and the two have different cache keys.
func TestEscapeImmutable(t *testing.T) {
	like := table1.C("name").Like("a%")
	esc := like.Escape('!')
	esc2 := esc.Escape('#')
	checkSelSQL(t, sql.NewSelect(table1.C("myid")).Where(like), nil,
		"SELECT mytable.myid FROM mytable WHERE mytable.name LIKE :name_1", []string{`name_1="a%"`})
	checkSelSQL(t, sql.NewSelect(table1.C("myid")).Where(esc), nil,
		"SELECT mytable.myid FROM mytable WHERE mytable.name LIKE :name_1 ESCAPE '!'", []string{`name_1="a%"`})
	checkSelSQL(t, sql.NewSelect(table1.C("myid")).Where(esc2), nil,
		"SELECT mytable.myid FROM mytable WHERE mytable.name LIKE :name_1 ESCAPE '#'", []string{`name_1="a%"`})
	if bytes.Equal(selKey(like), selKey(esc)) || bytes.Equal(selKey(esc), selKey(esc2)) {
		t.Error("an ESCAPE does not change the cache key")
	}
	err := compileErr(t, table1.C("myid").Eq(1).Escape('!'), nil)
	if !errors.Is(err, sql.ErrArgument) {
		t.Errorf("ESCAPE on =: %v, want ErrArgument", err)
	}
}

// TestCompiledParamCounts compiles statements of 0 to 6 parameters (a
// Compiled and a short Params list are allocated together), in a
// positional and the named style (where parameters of one name are one):
// each Params holds exactly the statement's, and appending to it does not
// write into another's.
func TestCompiledParamCounts(t *testing.T) {
	myid := table1.C("myid")
	for n := range 7 {
		conds := make([]sql.ColumnElement, n)
		var want []any
		for i := range n {
			conds[i] = myid.Ne(i)
			want = append(want, i)
		}
		stmt := sql.NewSelect(myid).Where(conds...)
		for _, d := range []dialect.Dialect{qmark, dialect.Generic} {
			c, err := sql.Compile(stmt, d)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Params) != n {
				t.Fatalf("%d conditions, %s: %d params", n, d.Name(), len(c.Params))
			}
			for i, p := range c.Params {
				if wantName := fmt.Sprintf("myid_%d", i+1); p.Name != wantName || p.User || p.Key != -1 {
					t.Errorf("%d conditions, param %d: %+v, want %s", n, i, p, wantName)
				}
			}
			_, args, err := c.BindOwn(nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(args, want) {
				t.Errorf("%d conditions, %s: args %v, want %v", n, d.Name(), args, want)
			}
			other, err := sql.Compile(stmt, d)
			if err != nil {
				t.Fatal(err)
			}
			_ = append(c.Params, sql.Param{Name: "extra"})
			if len(other.Params) != n || n > 0 && other.Params[n-1].Name != fmt.Sprintf("myid_%d", n) {
				t.Errorf("appending to one Params changed another's")
			}
		}
	}
	// One user name used three times is one parameter in the named style.
	x := sql.Bind("x")
	stmt := sql.NewSelect(myid).Where(myid.Gt(x), myid.Lt(x), myid.Ne(x))
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Params) != 1 || c.Params[0].Name != "x" || !c.Params[0].User {
		t.Errorf("named style: params %+v, want one named x", c.Params)
	}
	text, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"x": 4})
	if err != nil || len(args) != 1 || args[0] != 4 {
		t.Errorf("named style: %s %v %v", text, args, err)
	}
}

// TestTupleInExpanding binds an expanding tuple IN (its Param keeps the
// converters of a row's elements): rows expand to one placeholder each,
// and a row of the wrong size is an error.
func TestTupleInExpanding(t *testing.T) {
	pair := sql.NewTuple(table1.C("myid"), table1.C("name"))
	stmt := sql.NewSelect(table1.C("myid")).Where(pair.In(sql.Bind("rows").Expanding()))
	c, err := sql.Compile(stmt, qmark)
	if err != nil {
		t.Fatal(err)
	}
	text, args, err := c.Bind(sql.BindsOf(stmt), sql.Params{"rows": [][]any{{1, "a"}, {2, "b"}}})
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT mytable.myid FROM mytable WHERE (mytable.myid, mytable.name) IN ((?, ?), (?, ?))"; text != want {
		t.Errorf("got %s, want %s", text, want)
	}
	if fmt.Sprint(args) != "[1 a 2 b]" {
		t.Errorf("args %v", args)
	}
	if _, _, err := c.Bind(sql.BindsOf(stmt), sql.Params{"rows": [][]any{{1}}}); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("a row of one value: %v, want ErrArgument", err)
	}
}
