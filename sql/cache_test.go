package sql_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func keyOf(e sql.Element) []byte {
	k := sql.NewCacheKey(e, false)
	defer k.Release()
	return bytes.Clone(k.Bytes())
}

func TestCacheKeyIgnoresValues(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	build := func(id int, who string, lim int64) sql.Element {
		return sql.NewSelect(myid, name).
			Join(table2, myid.Eq(table2.C("otherid"))).
			Where(myid.Gt(id), name.StartsWith(who), table2.C("othername").In(who, who+"x")).
			OrderBy(name.Desc()).Limit(lim)
	}
	a, b := build(1, "a", 10), build(2, "bb'", 20)
	if !bytes.Equal(keyOf(a), keyOf(b)) {
		t.Fatal("statements differing in values have different keys")
	}
	cache := sql.NewCache(qmark, 10)
	first, k1, hit, err := cache.Compile(a)
	if err != nil || hit {
		t.Fatalf("first compile: hit=%v err=%v", hit, err)
	}
	k1.Release()
	second, k2, hit, err := cache.Compile(b)
	if err != nil || !hit || second != first {
		t.Fatalf("second compile: hit=%v same=%v err=%v", hit, second == first, err)
	}
	defer k2.Release()
	text, args, err := second.Bind(k2.Binds(), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []any{2, "bb''%", "bb'", "bb'x", int64(20)}
	want[1] = "bb'%"
	if fmt.Sprint(args) != fmt.Sprint(want) {
		t.Errorf("cache hit bound %v, want the new values %v", args, want)
	}
	if text != first.SQL {
		t.Errorf("SQL %q", text)
	}
	if s := cache.Stats(); s.Hits != 1 || s.Misses != 1 || s.Size != 1 {
		t.Errorf("stats %+v", s)
	}
}

// TestCacheKeyStructure lists pairs of statements that compile to
// different SQL (or bind differently) and so must have different keys.
func TestCacheKeyStructure(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	sel := func(cond sql.ColumnElement) *sql.Select { return sql.NewSelect(myid).Where(cond) }
	sameName := sql.NewTable("mytable", sql.NewColumn("myid", types.Integer{}), sql.NewColumn("name", types.String{}))
	bind := sql.Literal(5)
	sub := sql.NewSelect(table2.C("otherid")).Subquery("")
	sub2 := sql.NewSelect(table2.C("otherid")).Subquery("")
	enumA := types.Enum{Name: "a", Values: []string{"x"}}
	enumB := types.Enum{Name: "b", Values: []string{"x"}}
	for _, tc := range []struct {
		name string
		a, b sql.Element
	}{
		{"operator", myid.Eq(1), myid.Ne(1)},
		{"operator lt gt", myid.Lt(1), myid.Gt(1)},
		{"column", myid.Eq(1), name.Eq(1)},
		{"table", sel(myid.Eq(1)), sql.NewSelect(table2.C("otherid")).Where(table2.C("otherid").Eq(1))},
		{"value type", myid.Eq(sql.Literal(1)), myid.Eq(sql.Literal("1"))},
		{"list length", myid.In(1, 2), myid.In(1, 2, 3)},
		{"empty list", myid.In(), myid.In(1)},
		{"label", sql.NewSelect(myid.Label("a")), sql.NewSelect(myid.Label("b"))},
		{"limit presence", sel(myid.Eq(1)), sel(myid.Eq(1)).Limit(1)},
		{"offset presence", sel(myid.Eq(1)).Limit(1), sel(myid.Eq(1)).Offset(1)},
		{"order direction", sel(nil).OrderBy(myid.Asc()), sel(nil).OrderBy(myid.Desc())},
		{"distinct", sql.NewSelect(myid), sql.NewSelect(myid).Distinct()},
		{"null vs value", myid.Eq(nil), myid.Eq(1)},
		{"function name", sql.Func("max", myid), sql.Func("min", myid)},
		{"cast type", myid.Cast(types.String{Length: 5}), myid.Cast(types.String{Length: 6})},
		{"coerce type", sql.Coerce(sql.Literal(1), types.Integer{}), sql.Coerce(sql.Literal(1), types.BigInteger{})},
		{"escape", name.Like("a").Escape('!'), name.Like("a").Escape('#')},
		{"starts vs ends with", name.StartsWith("a"), name.EndsWith("a")},
		{"literal value", myid.Eq(sql.LiteralValue(1)), myid.Eq(sql.LiteralValue(2))},
		{"literal value type", myid.Eq(sql.LiteralValue(1)), myid.Eq(sql.LiteralValue("1"))},
		{"literal column", sql.LiteralColumn("a"), sql.LiteralColumn("b")},
		{"text", sql.Text("a = :x"), sql.Text("a = :y")},
		{"text split", sql.Text("ab:x"), sql.Text("a:bx")},
		{"boolean constant", sel(sql.True()), sel(sql.False())},
		{"expanding", myid.In(sql.Bind("x").Expanding()), myid.In(sql.Bind("x"))},
		{"user name", myid.Eq(sql.Bind("x")), myid.Eq(sql.Bind("y"))},
		{"named vs anonymous", myid.Eq(sql.Bind("myid_1").WithValue(1)), myid.Eq(1)},
		{"case else", sql.NewCase(sql.When{Cond: myid.Eq(1), Result: 1}), sql.NewCase(sql.When{Cond: myid.Eq(1), Result: 1}).Else(2)},
		{"frame kind", sql.Func("f").Over(sql.Window{Rows: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.CurrentRow}}),
			sql.Func("f").Over(sql.Window{Range: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.CurrentRow}})},
		{"frame offset", sql.Func("f").Over(sql.Window{Rows: &sql.Frame{Start: sql.Preceding(1), End: sql.CurrentRow}}),
			sql.Func("f").Over(sql.Window{Rows: &sql.Frame{Start: sql.UnboundedPreceding, End: sql.CurrentRow}})},
		{"tuple arity", sql.NewTuple(myid, name).In([]any{1, "a"}), sql.NewTuple(myid).In([]any{1})},
		{"custom operator precedence", myid.Op(sql.Custom("#", 5, false), 1).Mul(2), myid.Op(sql.Custom("#", 9, false), 1).Mul(2)},
		{"same value twice vs two values", sql.And(myid.Eq(bind), name.Eq(bind)), sql.And(myid.Eq(sql.Literal(5)), name.Eq(sql.Literal(5)))},
		{"anonymous subquery twice vs two", sql.NewSelect(sub.C("otherid"), sub.C("otherid").Label("x")), sql.NewSelect(sub.C("otherid"), sub2.C("otherid").Label("x"))},
		{"two tables of one name", sql.NewSelect(myid, table1.C("name")), sql.NewSelect(myid, sameName.C("name"))},
		{"enum name", sql.Literal("x").Cast(enumA), sql.Literal("x").Cast(enumB)},
		{"uuid as string", myid.Eq(sql.Bind("u").WithType(types.UUID{})), myid.Eq(sql.Bind("u").WithType(types.UUID{AsString: true}))},
		{"decorators", myid.Eq(sql.Bind("d").WithType(types.Decorate[int](types.Integer{}, nil, nil))),
			myid.Eq(sql.Bind("d").WithType(types.Decorate[int](types.Integer{}, nil, nil)))},
		{"construction error", sql.NewSelect(myid), sql.NewSelect(myid, nil)},
		{"text with a bad bind", sql.Text(":a"), sql.Text(":a").BindParams(sql.Bind("b"))},
		{"text bind presence", sql.Text(":a"), sql.Text(":a").BindParams(sql.Bind("a"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if bytes.Equal(keyOf(tc.a), keyOf(tc.b)) {
				t.Errorf("equal keys for\n%v\n%v", debug(tc.a), debug(tc.b))
			}
		})
	}
}

func debug(e sql.Element) string {
	s, err := sql.DebugSQL(e, dialect.Generic)
	if err != nil {
		return err.Error()
	}
	return s
}

// TestCacheSameValueTwice: one parameter used twice takes one value; two
// equal ones each take their own, also through the cache.
func TestCacheSameValueTwice(t *testing.T) {
	myid, name := table1.C("myid"), table1.C("name")
	shared := sql.Literal("v1")
	a := sql.NewSelect(myid).Where(name.Eq(shared), table1.C("description").Eq(shared))
	b := sql.NewSelect(myid).Where(name.Eq(sql.Literal("v2")), table1.C("description").Eq(sql.Literal("v3")))
	for _, d := range []dialect.Dialect{dialect.Generic, qmark} {
		cache := sql.NewCache(d, 10)
		twice := "[v1 v1]"
		if d == dialect.Generic {
			twice = "[v1]" // one name, one parameter
		}
		for _, tc := range []struct {
			stmt sql.Element
			want string
		}{{a, twice}, {b, "[v2 v3]"}, {a, twice}} {
			c, k, _, err := cache.Compile(tc.stmt)
			if err != nil {
				t.Fatal(err)
			}
			_, args, err := c.Bind(k.Binds(), nil)
			k.Release()
			if err != nil || fmt.Sprint(args) != tc.want {
				t.Errorf("%s: got %v %v, want %s", d.Name(), args, err, tc.want)
			}
		}
	}
}

// TestCacheKeyProperty compiles many random statements through one cache
// and directly: whenever a statement hits an entry compiled for another,
// the cached form must give it exactly the SQL and arguments its own
// compilation gives. This is what makes a key correct.
func TestCacheKeyProperty(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, d := range []dialect.Dialect{dialect.Generic, qmark, dollar} {
		cache := sql.NewCache(d, 1000)
		hits := 0
		for range 3000 {
			data := make([]byte, 12)
			for i := range data {
				// Few distinct choices, so that structures repeat.
				data[i] = byte(r.IntN(3))
			}
			g := &exprGen{data: data}
			stmt := g.statement()
			direct, err := sql.Compile(stmt, d)
			if err != nil {
				continue
			}
			wantSQL, wantArgs, wantErr := direct.Bind(sql.BindsOf(stmt), genParams)
			c, k, hit, err := cache.Compile(stmt)
			if err != nil {
				t.Fatal(err)
			}
			if hit {
				hits++
			}
			gotSQL, gotArgs, gotErr := c.Bind(k.Binds(), genParams)
			k.Release()
			if gotSQL != wantSQL || fmt.Sprintf("%#v", gotArgs) != fmt.Sprintf("%#v", wantArgs) || (gotErr == nil) != (wantErr == nil) {
				t.Fatalf("%s: cached (hit=%v)\n%s %v %v\ndirect\n%s %v %v", d.Name(), hit, gotSQL, gotArgs, gotErr, wantSQL, wantArgs, wantErr)
			}
		}
		if hits < 100 {
			t.Errorf("%s: only %d hits: the test does not exercise the cache", d.Name(), hits)
		}
	}
}

func TestCacheConcurrent(t *testing.T) {
	cache := sql.NewCache(qmark, 8)
	myid, name := table1.C("myid"), table1.C("name")
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 300 {
				id, who := w*1000+i, fmt.Sprintf("w%d-%d", w, i)
				var stmt sql.Element
				switch i % 3 {
				case 0:
					stmt = sql.NewSelect(myid).Where(myid.Eq(id), name.Ne(who))
				case 1:
					stmt = sql.NewSelect(name).Where(name.Ne(who), myid.Eq(id))
				default:
					stmt = sql.NewSelect(myid).Where(myid.In(id, id), name.Eq(sql.Bind("who")))
				}
				c, k, _, err := cache.Compile(stmt)
				if err != nil {
					errs <- err
					return
				}
				_, args, err := c.Bind(k.Binds(), sql.Params{"who": who})
				k.Release()
				var want string
				switch i % 3 {
				case 0:
					want = fmt.Sprint([]any{id, who})
				case 1:
					want = fmt.Sprint([]any{who, id})
				default:
					want = fmt.Sprint([]any{id, id, who})
				}
				if err != nil || fmt.Sprint(args) != want {
					errs <- fmt.Errorf("got %v %v, want %s", args, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if s := cache.Stats(); s.Size > 8 || s.Hits == 0 {
		t.Errorf("stats %+v", s)
	}
}

func TestCacheEviction(t *testing.T) {
	cache := sql.NewCache(qmark, 4)
	stmts := make([]sql.Element, 10)
	for i := range stmts {
		stmts[i] = sql.NewSelect(table1.C("myid").Label(fmt.Sprintf("l%d", i)))
	}
	compile := func(e sql.Element) bool {
		_, k, hit, err := cache.Compile(e)
		if err != nil {
			t.Fatal(err)
		}
		k.Release()
		return hit
	}
	for i := range 4 {
		compile(stmts[i])
	}
	compile(stmts[0]) // 0 is now the most recently used
	for i := 4; i < 10; i++ {
		compile(stmts[i])
		if s := cache.Stats(); s.Size > 4 {
			t.Fatalf("size %d over 4", s.Size)
		}
	}
	s := cache.Stats()
	if s.Evicted != 6 || s.Size != 4 {
		t.Errorf("stats %+v", s)
	}
	if !compile(stmts[9]) {
		t.Error("the newest entry was evicted")
	}
	if compile(stmts[1]) {
		t.Error("the least recently used entry was kept")
	}
}

func TestCacheDisabledAndDDL(t *testing.T) {
	off := sql.NewCache(qmark, 0)
	for range 2 {
		_, k, hit, err := off.Compile(sql.NewSelect(table1.C("myid")))
		if err != nil || hit {
			t.Errorf("hit=%v err=%v", hit, err)
		}
		k.Release()
	}
	if s := off.Stats(); s.Size != 0 || s.Misses != 2 {
		t.Errorf("stats %+v", s)
	}
	on := sql.NewCache(qmark, 10)
	ddl := sql.NewCreateTable(sql.NewTable("t", sql.NewColumn("a", types.Integer{})))
	for range 2 {
		_, k, hit, err := on.Compile(ddl)
		if err != nil || hit {
			t.Errorf("DDL: hit=%v err=%v", hit, err)
		}
		k.Release()
	}
	if on.Stats().Size != 0 {
		t.Error("DDL was cached")
	}
	t.Run("errors are not cached", func(t *testing.T) {
		for range 2 {
			if _, _, _, err := on.Compile(table1.C("nope").Eq(1)); err == nil {
				t.Error("no error")
			}
		}
	})
}

func TestCacheLiteralLimits(t *testing.T) {
	a := sql.NewSelect(table1.C("myid")).Limit(5)
	b := sql.NewSelect(table1.C("myid")).Limit(6)
	ka := sql.NewCacheKey(a, true)
	kb := sql.NewCacheKey(b, true)
	defer ka.Release()
	defer kb.Release()
	if bytes.Equal(ka.Bytes(), kb.Bytes()) {
		t.Error("LIMIT values written inline share a key")
	}
	if !bytes.Equal(keyOf(a), keyOf(b)) {
		t.Error("bound LIMIT values differ in key")
	}
}

func TestResultExprs(t *testing.T) {
	cache := sql.NewCache(qmark, 10)
	build := func(n int) (*sql.Select, *sql.Label) {
		l := table1.C("myid").Add(n).Label("x")
		return sql.NewSelect(table1.C("name"), l), l
	}
	s1, l1 := build(1)
	s2, l2 := build(2)
	c1, k, _, _ := cache.Compile(s1)
	k.Release()
	c2, k, hit, _ := cache.Compile(s2)
	k.Release()
	if !hit || c1 != c2 {
		t.Fatal("no cache hit")
	}
	if got := c2.ResultExprs(s2); got[0] != table1.C("name") || got[1] != l2 {
		t.Errorf("got %v, want the executed statement's label", got)
	}
	if got := c1.ResultExprs(s1); got[1] != l1 {
		t.Errorf("got %v", got)
	}
	if c2.Columns[1].Expr != l1 {
		t.Error("Columns holds the first statement's expressions")
	}
}
