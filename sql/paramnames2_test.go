package sql_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestGeneratedNamesAgainstColumnNames names anonymous parameters in
// statements whose DML values are named after columns that look like
// generated names (x_1, x_01, param_1, anon_1), in either order (a SET's
// expression named before a later column's value, a user name reserved):
// no two parameters share a name unless they are one, and the names are
// those SQLAlchemy's numbering gives.
func TestGeneratedNamesAgainstColumnNames(t *testing.T) {
	tbl := sql.NewTable("t",
		sql.NewColumn("x", types.Integer{}),
		sql.NewColumn("x_1", types.Integer{}),
		sql.NewColumn("x_2", types.Integer{}),
		sql.NewColumn("x_01", types.Integer{}),
		sql.NewColumn("param_1", types.Integer{}),
		sql.NewColumn("anon_1", types.Integer{}),
	)
	x, x1, x2, x01 := tbl.C("x"), tbl.C("x_1"), tbl.C("x_2"), tbl.C("x_01")
	sub := sql.NewSelect(x).Where(x.Gt(1)).Subquery("")
	cases := []struct {
		stmt       sql.Element
		named, pos string // SQL | parameter names, in the named and a positional style
	}{
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: x, Value: x.Add(1)}, sql.Assignment{Column: x1, Value: 7}),
			"UPDATE t SET x=(t.x + :x_1), x_1=:x_1_1 | x_1,x_1_1",
			"UPDATE t SET x=(t.x + ?), x_1=? | x_1,x_1_1"},
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: x, Value: x.Add(1).Add(2)}, sql.Assignment{Column: x2, Value: 7}, sql.Assignment{Column: x1, Value: 8}),
			"UPDATE t SET x=(t.x + :x_1 + :param_1), x_2=:x_2, x_1=:x_1_1 | x_1,param_1,x_2,x_1_1",
			"UPDATE t SET x=(t.x + ? + ?), x_2=?, x_1=? | x_1,param_1,x_2,x_1_1"},
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: x1, Value: 7}, sql.Assignment{Column: x, Value: x.Add(1)}).Where(x.Gt(3)),
			"UPDATE t SET x_1=:x_1, x=(t.x + :x_2) WHERE t.x > :x_3 | x_1,x_2,x_3",
			"UPDATE t SET x_1=?, x=(t.x + ?) WHERE t.x > ? | x_1,x_2,x_3"},
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: x, Value: x.Add(1)}, sql.Assignment{Column: x01, Value: 7}).Where(x01.Lt(sql.Bind("x_3"))),
			"UPDATE t SET x=(t.x + :x_1), x_01=:x_01 WHERE t.x_01 < :x_3 | x_1,x_01,x_3",
			"UPDATE t SET x=(t.x + ?), x_01=? WHERE t.x_01 < ? | x_1,x_01,x_3"},
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: x, Value: x.Add(1)}, sql.Assignment{Column: x1, Value: 7}).Where(x.Ne(sql.Bind("x_2")), x.Ne(4)),
			"UPDATE t SET x=(t.x + :x_1), x_1=:x_1_1 WHERE t.x != :x_2 AND t.x != :x_3 | x_1,x_1_1,x_2,x_3",
			"UPDATE t SET x=(t.x + ?), x_1=? WHERE t.x != ? AND t.x != ? | x_1,x_1_1,x_2,x_3"},
		{sql.NewUpdate(tbl).Set(sql.Assignment{Column: tbl.C("param_1"), Value: 1}, sql.Assignment{Column: tbl.C("anon_1"), Value: 2}).Where(x.In(sql.NewSelect(sub.C("x")).Limit(3))),
			"UPDATE t SET param_1=:param_1, anon_1=:anon_1 WHERE t.x IN (SELECT anon_2.x FROM (SELECT t.x AS x FROM t WHERE t.x > :x_1) AS anon_2 LIMIT :param_2) | param_1,anon_1,x_1,param_2",
			"UPDATE t SET param_1=?, anon_1=? WHERE t.x IN (SELECT anon_2.x FROM (SELECT t.x AS x FROM t WHERE t.x > ?) AS anon_2 LIMIT ?) | param_1,anon_1,x_1,param_2"},
		{sql.NewInsert(tbl).Values(map[string]any{"x": 1, "x_1": 2, "x_2": 3}),
			"INSERT INTO t (x, x_1, x_2) VALUES (:x, :x_1, :x_2) | x,x_1,x_2",
			"INSERT INTO t (x, x_1, x_2) VALUES (?, ?, ?) | x,x_1,x_2"},
		{sql.NewSelect(x, x1).Where(x.Eq(1), x1.Eq(2), x.Eq(sql.Bind("x_1")), x.Ne(3)).Limit(2).Offset(4),
			"SELECT t.x, t.x_1 FROM t WHERE t.x = :x_3 AND t.x_1 = :x_1_1 AND t.x = :x_1 AND t.x != :x_2 LIMIT :param_1 OFFSET :param_2 | x_3,x_1_1,x_1,x_2,param_1,param_2",
			"SELECT t.x, t.x_1 FROM t WHERE t.x = ? AND t.x_1 = ? AND t.x = ? AND t.x != ? LIMIT ? OFFSET ? | x_1,x_1_1,x_1,x_2,param_1,param_2"},
		{sql.NewSelect(sub.C("x")).Where(sub.C("x").Lt(9)).Limit(2),
			"SELECT anon_1.x FROM (SELECT t.x AS x FROM t WHERE t.x > :x_1) AS anon_1 WHERE anon_1.x < :x_2 LIMIT :param_1 | x_1,x_2,param_1",
			"SELECT anon_1.x FROM (SELECT t.x AS x FROM t WHERE t.x > ?) AS anon_1 WHERE anon_1.x < ? LIMIT ? | x_1,x_2,param_1"},
	}
	for _, d := range []dialect.Dialect{dialect.Generic, qmark} {
		for i, tc := range cases {
			want := tc.named
			if d == qmark {
				want = tc.pos
			}
			c, err := sql.Compile(tc.stmt, d)
			if err != nil {
				t.Fatalf("%d: %v", i, err)
			}
			names := make([]string, len(c.Params))
			for j, p := range c.Params {
				names[j] = p.Name
			}
			got := c.SQL + " | " + strings.Join(names, ",")
			if got != want {
				t.Errorf("%s %d:\n got: %s\nwant: %s", d.Name(), i, got, want)
			}
		}
	}
}

// TestBindEmptyNameIsAnonymous checks that Bind("") is an anonymous
// parameter (a BindParam keeps the user's name and an anonymous one's
// base in one field): numbered param_N, taking no value by name, beside
// user names that look generated.
func TestBindEmptyNameIsAnonymous(t *testing.T) {
	myid := table1.C("myid")
	cases := []struct {
		stmt       sql.Element
		named, pos string // SQL | parameter name/user, in the named and a positional style
		args       string
	}{
		{sql.NewSelect(myid).Where(myid.Eq(sql.Bind("").WithValue(1)), myid.Ne(sql.Bind("").WithValue(3)), myid.Gt(sql.Literal(4)), myid.Lt(sql.Bind("x")), myid.Ne(sql.Bind("x"))),
			"SELECT mytable.myid FROM mytable WHERE mytable.myid = :param_1 AND mytable.myid != :param_2 AND mytable.myid > :param_3 AND mytable.myid < :x AND mytable.myid != :x | param_1/false,param_2/false,param_3/false,x/true",
			"SELECT mytable.myid FROM mytable WHERE mytable.myid = ? AND mytable.myid != ? AND mytable.myid > ? AND mytable.myid < ? AND mytable.myid != ? | param_1/false,param_2/false,param_3/false,x/true,x/true",
			"[1 3 4 7"},
		{sql.NewSelect(myid).Where(myid.Eq(sql.Bind("param_1")), myid.Gt(sql.Literal(4)), myid.Lt(sql.Bind("").WithValue(1))),
			"SELECT mytable.myid FROM mytable WHERE mytable.myid = :param_1 AND mytable.myid > :param_3 AND mytable.myid < :param_2 | param_1/true,param_3/false,param_2/false",
			"SELECT mytable.myid FROM mytable WHERE mytable.myid = ? AND mytable.myid > ? AND mytable.myid < ? | param_1/true,param_1/false,param_2/false",
			"[9 4 1]"},
	}
	for _, d := range []dialect.Dialect{dialect.Generic, qmark} {
		for i, tc := range cases {
			c, err := sql.Compile(tc.stmt, d)
			if err != nil {
				t.Fatal(err)
			}
			names := make([]string, len(c.Params))
			for j, p := range c.Params {
				names[j] = fmt.Sprintf("%s/%v", p.Name, p.User)
			}
			want := tc.named
			if d == qmark {
				want = tc.pos
			}
			if got := c.SQL + " | " + strings.Join(names, ","); got != want {
				t.Errorf("%s %d:\n got: %s\nwant: %s", d.Name(), i, got, want)
			}
			_, args, err := c.Bind(sql.BindsOf(tc.stmt), sql.Params{"x": 7, "": 8, "param_1": 9})
			if err != nil || !strings.HasPrefix(fmt.Sprint(args), tc.args) {
				t.Errorf("%s %d: args %v, %v; want %s...", d.Name(), i, args, err, tc.args)
			}
		}
	}
}
