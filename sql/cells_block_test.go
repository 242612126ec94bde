package sql_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// blockTable has a column of each kind a multi-row INSERT's value meets:
// typed, with a bind converter, untyped, with a Go function default, a
// constant default and a SQL default.
var blockTable = sql.NewTable("blk",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 20}),
	sql.NewColumn("conv", &types.Decorator{Impl: types.String{}, ToDB: func(v any) (any, error) { return fmt.Sprint("<", v, ">"), nil }}),
	sql.NewColumn("any", nil),
	sql.NewColumn("f", types.Integer{}, sql.Default(func() any { return 42 })),
	sql.NewColumn("d", types.Integer{}, sql.Default(7)),
	sql.NewColumn("e", types.String{}, sql.Default(sql.Func("now"))),
)

// blockStatements are multi-row INSERTs built with the values of base,
// each a shape of its own.
var blockStatements = []struct {
	name  string
	build func(base int) sql.Element
}{
	{"rows", func(b int) sql.Element {
		return blockTable.Insert().Rows([]string{"id", "name", "conv"}, []any{b, "a", b + 1}, []any{b + 2, "b", "x"}, []any{b + 3, nil, "y"})
	}},
	{"values", func(b int) sql.Element {
		return blockTable.Insert().Values(sql.Values{"id": b, "name": "a", "any": b}, sql.Values{"id": b + 1, "name": nil, "any": "s", "d": b})
	}},
	{"expressions mixed", func(b int) sql.Element {
		return blockTable.Insert().Rows([]string{"id", "name"},
			[]any{b, blockTable.C("name").Concat("x")}, []any{sql.Func("abs", b), fmt.Sprint(b)}, []any{sql.Bind("p").WithValue(b), "z"})
	}},
	{"rows added", func(b int) sql.Element {
		return blockTable.Insert().Rows([]string{"id", "name", "d"}, []any{b, "m", 1}, []any{b + 1, "o", nil}).
			Values(sql.Values{"id": b + 2, "name": "n"}, sql.Values{"id": b + 3, "name": b, "f": b}).
			Rows([]string{"name", "id"}, []any{"q", b + 4}, []any{"r", b + 5})
	}},
	{"returning", func(b int) sql.Element {
		return blockTable.Insert().Rows([]string{"id", "name"}, []any{b, "a"}, []any{b + 1, "b"}).Returning(blockTable.C("id"), blockTable.C("f"))
	}},
	{"a value's parameter reused", func(b int) sql.Element {
		ins := blockTable.Insert().Rows([]string{"id", "name"}, []any{b, "a"}, []any{b + 1, "b"})
		return ins.Returning(sql.BindsOf(ins)[1])
	}},
	{"on conflict", func(b int) sql.Element {
		return postgres.Insert(blockTable).Rows([]string{"id", "name"}, []any{b, "a"}, []any{b + 1, "b"}).
			OnConflictDoUpdate(postgres.On("id"), sql.Values{"name": fmt.Sprint("u", b)})
	}},
}

// The values kept in a statement's block bind alike whichever way the
// statement is bound: with its key's Slots (as the engine does), its
// Binds, BindsOf, BindOwn, compiled alone or through the cache, and a
// structurally equal statement found in the cache binds its own values.
func TestBlockCellsBindAlike(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Generic, qmark, dollar, postgres.New(), mysql.New(), mssql.New()} {
		for _, tc := range blockStatements {
			name := tc.name + "/" + d.Name()
			first, second := tc.build(1), tc.build(100)
			if !bytes.Equal(keyOf(first), keyOf(second)) {
				t.Fatalf("%s: statements differing in values have different keys", name)
			}
			cache := sql.NewCache(d, 10)
			for i, stmt := range []sql.Element{first, second} {
				alone, err := sql.Compile(stmt, d)
				if err != nil {
					if errors.Is(err, sql.ErrNotSupported) {
						continue // RETURNING or ON CONFLICT elsewhere
					}
					t.Fatalf("%s: %v", name, err)
				}
				type bound struct {
					text string
					args string
					err  error
				}
				bind := func(text string, args []any, err error) bound { return bound{text, fmt.Sprintf("%#v", args), err} }
				want := bind(alone.Bind(sql.BindsOf(stmt), nil))
				if want.err != nil {
					t.Fatalf("%s: %v", name, want.err)
				}
				c, k, hit, err := cache.Compile(stmt)
				if err != nil || hit != (i == 1) {
					t.Fatalf("%s #%d: hit=%v err=%v", name, i, hit, err)
				}
				k2 := sql.NewCacheKey(stmt, false)
				got := map[string]bound{
					"cache, Slots": bind(c.Bind(k.Slots(), nil)),
					"cache, Binds": bind(c.Bind(k.Binds(), nil)),
					"alone, Slots": bind(alone.Bind(k2.Slots(), nil)),
					"BindOwn":      bind(alone.BindOwn(nil)),
				}
				k.Release()
				k2.Release()
				for what, g := range got {
					if !reflect.DeepEqual(g, want) {
						t.Errorf("%s #%d: %s\n got %v\nwant %v", name, i, what, g, want)
					}
				}
			}
		}
	}
}

// A statement compiled alone binds the values of a structurally equal
// statement given by its key's Slots.
func TestBlockCellsOtherStatement(t *testing.T) {
	for _, tc := range blockStatements {
		first, second := tc.build(1), tc.build(100)
		c, err := sql.Compile(first, dollar)
		if err != nil {
			t.Fatal(err)
		}
		want, err := sql.Compile(second, dollar)
		if err != nil {
			t.Fatal(err)
		}
		wantText, wantArgs, err := want.BindOwn(nil)
		if err != nil {
			t.Fatal(err)
		}
		k := sql.NewCacheKey(second, false)
		text, args, err := c.Bind(k.Slots(), nil)
		k.Release()
		if err != nil || text != wantText || !reflect.DeepEqual(args, wantArgs) {
			t.Errorf("%s: got %s %v %v, want %s %v", tc.name, text, args, err, wantText, wantArgs)
		}
	}
}

// A value's parameter taken from one statement and given to another of
// the same structure is not that statement's own value: the two compile
// alike but bind differently, and the cache must not mix them.
func TestBlockCellTakenByAnother(t *testing.T) {
	build := func(b int) *sql.Insert {
		return blockTable.Insert().Rows([]string{"id", "name"}, []any{b, "a"}, []any{b + 1, "b"})
	}
	one, two := build(1), build(2)
	taken := sql.BindsOf(one)[0]
	own, other := one.Returning(taken), two.Returning(taken)
	if bytes.Equal(keyOf(own), keyOf(other)) {
		t.Error("a statement's own value used again has the key of another's")
	}
	for _, order := range [][2]sql.Element{{own, other}, {other, own}} {
		cache := sql.NewCache(qmark, 10)
		cacheStep(t, cache, "first", order[0], false)
		cacheStep(t, cache, "second", order[1], false)
	}
	// The parameters of a statement's values are made once: every key
	// of the statement gives the same ones.
	if again := sql.BindsOf(one)[0]; again != taken {
		t.Error("BindsOf gives other parameters the second time")
	}
}

// Goroutines that make a statement's parameters at once get the same
// ones, and bind the same values (run with -race).
func TestBlockCellsConcurrent(t *testing.T) {
	stmt := blockTable.Insert().Rows([]string{"id", "name"}, []any{1, "a"}, []any{2, "b"}, []any{3, "c"})
	cache := sql.NewCache(dollar, 10)
	var wg sync.WaitGroup
	firsts := make([]*sql.BindParam, 8)
	texts := make([]string, 8)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, k, _, err := cache.Compile(stmt)
			if err != nil {
				t.Error(err)
				return
			}
			text, args, err := c.Bind(k.Slots(), nil)
			texts[i] = fmt.Sprint(text, args, err)
			k.Release()
			firsts[i] = sql.BindsOf(stmt)[0]
		}()
	}
	wg.Wait()
	for i := range 8 {
		if firsts[i] != firsts[0] || texts[i] != texts[0] {
			t.Fatalf("goroutine %d: %p %s, goroutine 0: %p %s", i, firsts[i], texts[i], firsts[0], texts[0])
		}
	}
}

// Walk visits a parameter for each value kept in the block, with the
// value, in row order.
func TestBlockCellsWalk(t *testing.T) {
	stmt := blockTable.Insert().Rows([]string{"id", "name"}, []any{1, "a"}, []any{2, sql.Func("lower", "B")}, []any{3, "c"})
	var got []any
	sql.Walk(stmt, func(e sql.Element) bool {
		if b, ok := e.(*sql.BindParam); ok {
			v, _ := b.Value()
			got = append(got, v)
		}
		return true
	})
	if want := []any{1, "a", 2, "B", 3, "c"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Walk found %v, want %v", got, want)
	}
}

// A NULL kept in the block (nil, a nil pointer) is the NULL element
// given as a value: the same key, SQL and arguments.
func TestBlockCellsNull(t *testing.T) {
	var nilString *string
	kept := blockTable.Insert().Rows([]string{"id", "name"}, []any{1, nil}, []any{2, nilString}, []any{3, "c"})
	given := blockTable.Insert().Rows([]string{"id", "name"}, []any{1, sql.Null()}, []any{2, sql.Null()}, []any{3, "c"})
	if !bytes.Equal(keyOf(kept), keyOf(given)) {
		t.Error("a NULL in the block has another key than sql.Null()")
	}
	for _, stmt := range []sql.Element{kept, given} {
		cacheStep(t, sql.NewCache(qmark, 10), "NULLs", stmt, false)
		assertCompile(t, stmt, qmark, "INSERT INTO blk (id, name, f, d, e) VALUES (?, NULL, ?, ?, now()), (?, NULL, ?, ?, now()), (?, ?, ?, ?, now())",
			[]any{1, 42, 7, 2, 42, 7, 3, "c", 42, 7})
	}
	var nulls int
	sql.Walk(kept, func(e sql.Element) bool {
		if e == sql.Null() {
			nulls++
		}
		return true
	})
	if nulls != 2 {
		t.Errorf("Walk found %d NULLs, want 2", nulls)
	}
}
