package sql_test

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Go types that are not among the scalars a column comparison builds
// without reflection: they take the general path.
type (
	slowInt   int
	slowStr   string
	slowFloat float64
)

// TestColumnComparisonFastPath checks that a column compared with a Go
// scalar or another column (built on a fast path) compiles as the same
// comparison built on the general path: SQL, parameter names and types.
func TestColumnComparisonFastPath(t *testing.T) {
	tbl := sql.NewTable("fast",
		sql.NewColumn("a", types.Integer{}),
		sql.NewColumn("b", types.BigInteger{}),
		sql.NewColumn("s", types.String{Length: 10}),
		sql.NewColumn("f", types.Float{}),
	)
	a, b, s, f := tbl.C("a"), tbl.C("b"), tbl.C("s"), tbl.C("f")
	build := func(i, str, fl any) *sql.Select {
		return sql.NewSelect(a, s).Where(
			a.Eq(i), a.Ne(i), a.Gt(i), a.Ge(i), a.Lt(i), a.Le(i),
			s.Eq(str), f.Gt(fl), a.Add(i).Gt(b), a.Eq(b), b.Lt(a),
			a.IsDistinctFrom(i),
		)
	}
	fast, slow := build(5, "x", 1.5), build(slowInt(5), slowStr("x"), slowFloat(1.5))
	cf, err := sql.Compile(fast, qmark)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := sql.Compile(slow, qmark)
	if err != nil {
		t.Fatal(err)
	}
	if cf.SQL != cs.SQL {
		t.Errorf("SQL\nfast: %s\nslow: %s", cf.SQL, cs.SQL)
	}
	const want = "SELECT fast.a, fast.s FROM fast WHERE fast.a = ? AND fast.a != ? AND fast.a > ? AND fast.a >= ? AND fast.a < ? AND fast.a <= ? AND fast.s = ? AND fast.f > ? AND fast.a + ? > fast.b AND fast.a = fast.b AND fast.b < fast.a AND fast.a IS DISTINCT FROM ?"
	if cf.SQL != want {
		t.Errorf("SQL\n got: %s\nwant: %s", cf.SQL, want)
	}
	if len(cf.Params) != len(cs.Params) {
		t.Fatalf("params: fast %d, slow %d", len(cf.Params), len(cs.Params))
	}
	for i := range cf.Params {
		pf, ps := cf.Params[i], cs.Params[i]
		if pf.Name != ps.Name || !reflect.DeepEqual(pf.Type, ps.Type) {
			t.Errorf("param %d: fast %s %#v, slow %s %#v", i, pf.Name, pf.Type, ps.Name, ps.Type)
		}
	}
	// The expressions' own types are the general path's too.
	for _, tc := range []struct {
		fast, slow *sql.BinaryExpression
	}{
		{a.Eq(5), a.Eq(slowInt(5))},
		{a.Add(5), a.Add(slowInt(5))},
		{a.Lt(b), a.Lt(slowInt(1))},
		{a.Add(b), a.Add(slowInt(1))},
	} {
		if got, want := fmt.Sprintf("%#v", tc.fast.Type()), fmt.Sprintf("%#v", tc.slow.Type()); got != want {
			t.Errorf("type: fast %s, slow %s", got, want)
		}
	}
}

// TestColumnComparisonUnknownType: a column of unknown type binds a
// value with the value's own type, on the fast path as on the general.
func TestColumnComparisonUnknownType(t *testing.T) {
	tbl := sql.NewTable("unk", sql.NewColumn("u", types.NullType{}))
	e := tbl.C("u").Eq(5)
	bp, ok := e.Right().(*sql.BindParam)
	if !ok {
		t.Fatalf("right: %T", e.Right())
	}
	if got, want := fmt.Sprintf("%#v", bp.Type()), fmt.Sprintf("%#v", types.Of(5)); got != want {
		t.Errorf("bind type %s, want %s", got, want)
	}
}

// TestTableCLongAndShort: Table.C finds a column by key, or fails, for
// a table of a few columns (searched in order) and one of many (by map).
func TestTableCLongAndShort(t *testing.T) {
	for _, n := range []int{1, 8, 9, 20} {
		var specs []*sql.Column
		for i := range n {
			specs = append(specs, sql.NewColumn(fmt.Sprintf("c%d", i), types.Integer{}, sql.Key(fmt.Sprintf("k%d", i))))
		}
		items := make([]sql.TableItem, len(specs))
		for i, c := range specs {
			items[i] = c
		}
		tbl := sql.NewTable(fmt.Sprintf("t%d", n), items...)
		for i := range n {
			if got := tbl.C(fmt.Sprintf("k%d", i)); got != specs[i] {
				t.Errorf("%d columns: C(k%d) is not the column", n, i)
			}
		}
		bad := tbl.C("c0") // a name, not a key
		if _, err := sql.Compile(sql.NewSelect(bad), qmark); err == nil {
			t.Errorf("%d columns: C of a missing key compiled", n)
		}
	}
}
