package sql_test

import (
	"bytes"
	"testing"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// regexpTable is SQLAlchemy's RegexpTest table: mytable(myid INTEGER,
// name VARCHAR).
var regexpTable = sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}))

// On the generic dialect (SQLAlchemy's default, not default_enhanced),
// regular expressions are refused and MATCH is x MATCH y.
func TestRegexpAndMatchGeneric(t *testing.T) {
	myid, name := regexpTable.C("myid"), regexpTable.C("name")
	sqltest.Run(t, []sqltest.Case{
		{Name: "regexp_match refused", Stmt: sql.Ops(myid).RegexpMatch("pattern"), Err: sql.ErrNotSupported},
		{Name: "not regexp_match refused", Stmt: sql.Not(sql.Ops(myid).RegexpMatch("pattern")), Err: sql.ErrNotSupported},
		{Name: "regexp_replace refused", Stmt: sql.Ops(myid).RegexpReplace("p", "r"), Err: sql.ErrNotSupported},
		{Name: "two flags strings", Stmt: sql.Ops(myid).RegexpMatch("p", "i", "g"), Err: sql.ErrArgument},
		{Name: "flags with NUL", Stmt: sql.Ops(myid).RegexpMatch("p", "i\x00"), Err: sql.ErrArgument},
		// test_operators.py:3340 (default dialect), test_match_*.
		{Name: "match", Stmt: sql.Ops(myid).Match("somstr"), SQL: "mytable.myid MATCH :myid_1", Params: sql.Params{"myid_1": "somstr"}},
		{Name: "not match", Stmt: sql.Not(sql.Ops(myid).Match("somstr")), SQL: "mytable.myid NOT MATCH :myid_1", Params: sql.Params{"myid_1": "somstr"}},
		{Name: "match column", Stmt: sql.Ops(myid).Match(name), SQL: "mytable.myid MATCH mytable.name"},
		// test_operator_precedence_13.
		{Name: "match is null", Stmt: sql.Ops(sql.Ops(name).Match(name)).Is(nil), SQL: "(mytable.name MATCH mytable.name) IS NULL"},
		{Name: "double negation", Stmt: sql.Not(sql.Not(sql.Ops(myid).Match("x"))), SQL: "mytable.myid MATCH :myid_1", Params: sql.Params{"myid_1": "x"}},
	})
}

// A dialect that writes regular expressions gets the parts; the pattern
// and replacement are strings whatever the subject's type.
func TestRegexpParts(t *testing.T) {
	myid, name := regexpTable.C("myid"), regexpTable.C("name")
	b := sql.Ops(myid).RegexpReplace("p", name, "g")
	if _, ok := b.Type().(types.String); !ok {
		t.Errorf("RegexpReplace on an integer: type %T, want String", b.Type())
	}
	if got := sql.Ops(name).RegexpReplace("p", "r").Type(); got != name.Type() {
		t.Errorf("RegexpReplace on a string keeps its type: %v", got)
	}
	if _, ok := sql.Ops(myid).RegexpMatch("p").Type().(types.Boolean); !ok {
		t.Error("RegexpMatch is not a Boolean")
	}
	for _, tc := range []struct {
		e                 *sql.BinaryExpression
		neg, repl, hasFlg bool
		flags             string
	}{
		{sql.Ops(myid).RegexpMatch("p"), false, false, false, ""},
		{sql.Not(sql.Ops(myid).RegexpMatch("p", "i")).(*sql.BinaryExpression), true, false, true, "i"},
		{b, false, true, true, "g"},
	} {
		var got sql.RegexpOp
		var ok bool
		hook := &sql.Hooks{Binary: func(c *sql.Compiler, x *sql.BinaryExpression) bool {
			got, ok = sql.RegexpParts(c, x)
			c.WriteString("x")
			return true
		}}
		if _, err := sql.Compile(tc.e, newHookDialect(hook, nil)); err != nil {
			t.Fatal(err)
		}
		if !ok || got.Negated != tc.neg || (got.Replacement != nil) != tc.repl || got.HasFlags != tc.hasFlg || got.Flags != tc.flags || got.Subject != myid {
			t.Errorf("%v: parts %+v %v", tc.e.Operator().Name, got, ok)
		}
		if p, isBind := got.Pattern.(*sql.BindParam); !isBind || p.Type() != (types.String{}) {
			t.Errorf("pattern %#v, want a String parameter", got.Pattern)
		}
	}
	// Other operators are not taken apart.
	var ok bool
	hook := &sql.Hooks{Binary: func(c *sql.Compiler, x *sql.BinaryExpression) bool {
		_, ok = sql.RegexpParts(c, x)
		return false
	}}
	if _, err := sql.Compile(myid.Eq(1), newHookDialect(hook, nil)); err != nil || ok {
		t.Errorf("RegexpParts of =: %v %v", ok, err)
	}
}

// The flags and the replacement are part of the cache key.
func TestRegexpCacheKey(t *testing.T) {
	myid := regexpTable.C("myid")
	key := func(e sql.Element) []byte {
		k := sql.NewCacheKey(e, false)
		defer k.Release()
		return bytes.Clone(k.Bytes())
	}
	distinct := []sql.Element{
		sql.Ops(myid).RegexpMatch("p"),
		sql.Ops(myid).RegexpMatch("p", ""),
		sql.Ops(myid).RegexpMatch("p", "i"),
		sql.Ops(myid).RegexpMatch("p", "g"),
		sql.Not(sql.Ops(myid).RegexpMatch("p")),
		sql.Ops(myid).RegexpReplace("p", "r"),
		sql.Ops(myid).RegexpReplace("p", "r", "i"),
		sql.Ops(myid).Match("p"),
		sql.Extract("year", myid),
		sql.Extract("month", myid),
	}
	seen := map[string]int{}
	for i, e := range distinct {
		k := string(key(e))
		if j, dup := seen[k]; dup {
			t.Errorf("cases %d and %d have the same cache key", j, i)
		}
		seen[k] = i
	}
	if !bytes.Equal(key(sql.Ops(myid).RegexpMatch("a", "i")), key(sql.Ops(myid).RegexpMatch("b", "i"))) {
		t.Error("the pattern's value changed the cache key")
	}
}

func TestExtractGeneric(t *testing.T) {
	tb := sql.NewTable("t", sql.NewColumn("col1", nil))
	var cases []sqltest.Case
	for _, f := range []string{"year", "month", "day", "milliseconds", "timezone_hour"} {
		cases = append(cases, sqltest.Case{Name: f, Stmt: sql.NewSelect(sql.Extract(f, tb.C("col1"))),
			SQL: "SELECT EXTRACT(" + f + " FROM t.col1) AS anon_1 FROM t"})
	}
	cases = append(cases,
		sqltest.Case{Name: "in a condition", Stmt: sql.Extract("year", tb.C("col1")).Eq(2024),
			SQL: "EXTRACT(year FROM t.col1) = :param_1", Params: sql.Params{"param_1": 2024}},
		sqltest.Case{Name: "not a word", Stmt: sql.Extract("year FROM x); --", tb.C("col1")), Err: sql.ErrArgument},
		sqltest.Case{Name: "empty field", Stmt: sql.Extract("", tb.C("col1")), Err: sql.ErrArgument},
		sqltest.Case{Name: "nil expression", Stmt: sql.Extract("year", nil), Err: sql.ErrArgument},
	)
	sqltest.Run(t, cases)
	if _, ok := sql.Extract("year", tb.C("col1")).Type().(types.Integer); !ok {
		t.Error("EXTRACT(year) is not an Integer")
	}
	if _, ok := sql.Extract("second", tb.C("col1")).Type().(types.Double); !ok {
		t.Error("EXTRACT(second) is not a Double")
	}
}

// The typed string operators.
func TestRegexpTyped(t *testing.T) {
	name := sql.AsString(regexpTable.C("name"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "match", Stmt: name.Match("x"), SQL: "mytable.name MATCH :name_1", Params: sql.Params{"name_1": "x"}},
		{Name: "regexp", Stmt: name.RegexpMatch("x", "i"), Err: sql.ErrNotSupported},
		{Name: "replace", Stmt: name.RegexpReplace("x", "y"), Err: sql.ErrNotSupported},
	})
}
