package sql_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// cellTable has a column of each kind a row's value meets: typed ones, an
// untyped one (its parameters take the Go value's type), a Go default and
// a SQL default.
var cellTable = sql.NewTable("cells",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 20}),
	sql.NewColumn("n", types.Integer{}),
	sql.NewColumn("any", nil),
	sql.NewColumn("d", types.Integer{}, sql.Default(7)),
	sql.NewColumn("e", types.String{}, sql.Default(sql.Func("now"))),
)

// cacheStep compiles stmt through cache and checks that the SQL and
// arguments it gets are those of compiling it alone, and whether it hit.
func cacheStep(t *testing.T, cache *sql.Cache, name string, stmt sql.Element, wantHit bool) {
	t.Helper()
	c, k, hit, err := cache.Compile(stmt)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	defer k.Release()
	text, args, err := c.Bind(k.Binds(), nil)
	if err != nil {
		t.Fatalf("%s: bind: %v", name, err)
	}
	own, err := sql.Compile(stmt, cache.Dialect())
	if err != nil {
		t.Fatal(err)
	}
	wantText, wantArgs, err := own.Bind(sql.BindsOf(stmt), nil)
	if err != nil {
		t.Fatal(err)
	}
	if text != wantText || fmt.Sprintf("%#v", args) != fmt.Sprintf("%#v", wantArgs) {
		t.Errorf("%s: through the cache\n %s %#v\nalone\n %s %#v", name, text, args, wantText, wantArgs)
	}
	if hit != wantHit {
		t.Errorf("%s: hit = %v, want %v", name, hit, wantHit)
	}
}

func TestCacheMultiRowValues(t *testing.T) {
	rows := func(n int, base int) []sql.Values {
		out := make([]sql.Values, n)
		for i := range out {
			out[i] = sql.Values{"name": fmt.Sprint("u", base+i), "n": base + i}
		}
		return out
	}
	ins := func(rs ...sql.Values) *sql.Insert { return sql.NewInsert(cellTable).Values(rs...) }
	name := cellTable.C("name")

	// The exact SQL and values of a multi-row VALUES, compiled and then
	// bound through the cache with other values.
	cache := sql.NewCache(qmark, 50)
	first := ins(rows(2, 1)...)
	cacheStep(t, cache, "first", first, false)
	second := ins(rows(2, 10)...)
	c, k, hit, err := cache.Compile(second)
	if err != nil || !hit {
		t.Fatalf("same structure: hit=%v err=%v", hit, err)
	}
	text, args, err := c.Bind(k.Binds(), nil)
	k.Release()
	wantSQL := "INSERT INTO cells (name, n, d, e) VALUES (?, ?, ?, now()), (?, ?, ?, now())"
	if err != nil || text != wantSQL || fmt.Sprint(args) != "[u10 10 7 u11 11 7]" {
		t.Errorf("cache hit: %s %v %v", text, args, err)
	}
	if !bytes.Equal(keyOf(first), keyOf(second)) {
		t.Error("rows differing in values only have different keys")
	}

	// Each of these compiles differently from the others: each misses,
	// then hits when built again with other values.
	untyped := func(v any) *sql.Insert {
		return ins(sql.Values{"name": "a", "any": v}, sql.Values{"name": "b", "any": v})
	}
	steps := []struct {
		name  string
		build func(base int) sql.Element
	}{
		{"three rows", func(b int) sql.Element { return ins(rows(3, b)...) }},
		{"other columns", func(b int) sql.Element {
			return ins(sql.Values{"name": "x", "d": b}, sql.Values{"name": "y", "d": b + 1})
		}},
		{"an expression in a cell", func(b int) sql.Element {
			rs := rows(2, b)
			rs[1]["name"] = name.Concat(fmt.Sprint(b))
			return ins(rs...)
		}},
		{"an expression in another cell", func(b int) sql.Element {
			rs := rows(2, b)
			rs[0]["n"] = sql.Func("abs", b)
			return ins(rs...)
		}},
		{"NULL in a cell", func(b int) sql.Element {
			rs := rows(2, b)
			rs[0]["n"] = nil
			return ins(rs...)
		}},
		{"a named parameter in a cell", func(b int) sql.Element {
			rs := rows(2, b)
			rs[1]["n"] = sql.Bind("p").WithValue(b)
			return ins(rs...)
		}},
		{"a default in a row", func(b int) sql.Element {
			return ins(sql.Values{"name": "x", "n": b, "d": b}, sql.Values{"name": "y", "n": b})
		}},
		{"a SQL default given", func(b int) sql.Element {
			rs := rows(2, b)
			rs[0]["e"], rs[1]["e"] = fmt.Sprint(b), "z"
			return ins(rs...)
		}},
		{"an untyped column, int", func(b int) sql.Element { return untyped(b) }},
		{"an untyped column, string", func(b int) sql.Element { return untyped(fmt.Sprint(b)) }},
		{"one row", func(b int) sql.Element { return ins(rows(1, b)...) }},
		{"one row, returning", func(b int) sql.Element {
			return ins(rows(1, b)...).Returning(cellTable.C("id"))
		}},
		{"added rows", func(b int) sql.Element { return ins(rows(2, b)...).Values(rows(2, b+5)...) }},
	}
	for _, s := range steps {
		cacheStep(t, cache, s.name, s.build(100), false)
		cacheStep(t, cache, s.name+" again", s.build(200), true)
	}
}

// A cell's parameter taken from a key and given again (in another row, a
// WHERE, an outer statement) is one parameter used twice, which compiles
// differently from two: the short form of cells must not hide it.
func TestCacheCellParameterReused(t *testing.T) {
	name := cellTable.C("name")
	bindsOf := func(e sql.Element) []*sql.BindParam {
		k := sql.NewCacheKey(e, false)
		defer k.Release()
		return append([]*sql.BindParam(nil), k.Binds()...)
	}
	ins := sql.NewInsert(cellTable).Values(sql.Values{"name": "a"}, sql.Values{"name": "b"})
	taken := bindsOf(ins)[0] // the parameter of row 1's name

	upd := sql.NewUpdate(cellTable).Values(sql.Values{"name": "x", "n": 1})
	updTaken := bindsOf(upd)[0]
	// Parameters of the same column of other statements: their keys are
	// those of updTaken.
	otherTaken := bindsOf(sql.NewUpdate(cellTable).Values(sql.Values{"name": "y"}))[0]
	otherTaken2 := bindsOf(sql.NewUpdate(cellTable).Values(sql.Values{"name": "z"}))[0]
	// A table whose column "name" has another type.
	numbers := sql.NewTable("numbers", sql.NewColumn("name", types.Integer{}))

	for _, tc := range []struct {
		name        string
		twice, once sql.Element
	}{
		{"in another row",
			ins.Values(sql.Values{"name": taken}, sql.Values{"name": "z"}),
			ins.Values(sql.Values{"name": "c"}, sql.Values{"name": "z"})},
		{"in rows of another INSERT",
			sql.NewInsert(cellTable).Values(sql.Values{"name": taken}, sql.Values{"name": taken}),
			sql.NewInsert(cellTable).Values(sql.Values{"name": "c"}, sql.Values{"name": "d"})},
		{"in RETURNING",
			ins.Returning(taken),
			ins.Returning(sql.Literal("c", types.String{Length: 20}))},
		{"in an UPDATE's WHERE",
			upd.Where(name.Eq(updTaken)),
			upd.Where(name.Eq(otherTaken))},
		{"in an UPDATE's WHERE and SET",
			sql.NewUpdate(cellTable).Values(sql.Values{"name": otherTaken}).Where(name.Eq(otherTaken)),
			sql.NewUpdate(cellTable).Values(sql.Values{"name": otherTaken}).Where(name.Eq(otherTaken2))},
		{"in a column of another type",
			sql.NewUpdate(numbers).Values(sql.Values{"name": otherTaken}),
			sql.NewUpdate(numbers).Values(sql.Values{"name": 5})},
		{"twice outside a cell",
			sql.NewSelect(sql.Literal(1)).Where(name.Eq(taken), sql.Exists(sql.NewSelect(sql.Literal(1)).Where(name.Eq(taken)))),
			sql.NewSelect(sql.Literal(1)).Where(name.Eq("c"), sql.Exists(sql.NewSelect(sql.Literal(1)).Where(name.Eq("d"))))},
	} {
		if bytes.Equal(keyOf(tc.twice), keyOf(tc.once)) {
			t.Errorf("%s: one parameter used twice has the key of two", tc.name)
		}
		for _, order := range [][2]sql.Element{{tc.twice, tc.once}, {tc.once, tc.twice}} {
			cache := sql.NewCache(qmark, 10)
			cacheStep(t, cache, tc.name, order[0], false)
			cacheStep(t, cache, tc.name+" (second)", order[1], false)
		}
	}
}
