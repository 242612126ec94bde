package sql_test

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/sql"
)

// runStatements are multi-row INSERTs whose rows have all their values in
// the statement's block, and rows that mix them with other elements.
var runStatements = func() []struct {
	name  string
	build func(base int) sql.Element
} {
	out := append([]struct {
		name  string
		build func(base int) sql.Element
	}(nil), blockStatements...)
	taken := sql.BindsOf(blockTable.Insert().Rows([]string{"id", "name"}, []any{1, "t"}, []any{2, "u"}))[1]
	var nilString *string
	more := []struct {
		name  string
		build func(base int) sql.Element
	}{
		{"rows all NULL", func(b int) sql.Element {
			return blockTable.Insert().Rows([]string{"name", "conv"}, []any{nil, nilString}, []any{fmt.Sprint(b), nil}, []any{nil, "c"})
		}},
		{"wide and many", func(b int) sql.Element {
			rows := make([][]any, 150) // row and cell numbers past one byte
			for i := range rows {
				rows[i] = []any{b + i, fmt.Sprint("n", b+i), i, "k"}
				if i%7 == 3 {
					rows[i][2] = nil
				}
			}
			return blockTable.Insert().Rows([]string{"id", "name", "conv", "d"}, rows...)
		}},
		{"columns out of table order", func(b int) sql.Element {
			return blockTable.Insert().Rows([]string{"conv", "name", "id"}, []any{"x", "a", b}, []any{nil, "b", b + 1})
		}},
		{"an expression after the block's first rows", func(b int) sql.Element {
			return blockTable.Insert().Rows([]string{"id", "name", "conv"},
				[]any{b, "a", 1}, []any{b + 1, "b", sql.Func("upper", "c")}, []any{b + 2, nil, "d"}, []any{sql.Bind("p").WithValue(b), "e", nil})
		}},
		{"only expressions", func(b int) sql.Element {
			return blockTable.Insert().Rows([]string{"id", "name"},
				[]any{sql.Func("abs", b), blockTable.C("name")}, []any{sql.Bind("p").WithValue(b), sql.Null()})
		}},
		{"another statement's value given", func(b int) sql.Element {
			// The statement may hold a cell parameter twice: its cells are
			// written in full.
			return blockTable.Insert().Rows([]string{"id", "name"}, []any{b, taken}, []any{b + 1, "b"}, []any{b + 2, "c"}).Returning(taken)
		}},
		{"a value's parameter reused in RETURNING", func(b int) sql.Element {
			ins := blockTable.Insert().Rows([]string{"id", "name", "conv"}, []any{b, "a", 1}, []any{b + 1, "b", 2})
			return ins.Returning(sql.BindsOf(ins)[4])
		}},
	}
	return append(out, more...)
}()

// A row's block cells written in one run and bound in a run give what
// writing and binding them one by one gives: the same key, the same
// parameters, the same SQL, arguments and raw values, with Slots and
// Binds, compiled alone or found in the cache.
func TestBlockCellRuns(t *testing.T) {
	type result struct {
		key   []byte
		binds string
		out   []string
	}
	run := func(d dialect.Dialect, build func(int) sql.Element) result {
		var r result
		cache := sql.NewCache(d, 10)
		for _, base := range []int{1, 100} {
			stmt := build(base)
			k := sql.NewCacheKey(stmt, false)
			if base == 1 {
				r.key = bytes.Clone(k.Bytes())
			}
			slots := append([]*sql.BindParam(nil), k.Slots()...)
			alone, err := sql.Compile(stmt, d)
			if err != nil {
				k.Release()
				r.out = append(r.out, err.Error())
				return r
			}
			c, ck, _, err := cache.Compile(stmt)
			if err != nil {
				t.Fatal(err)
			}
			for _, comp := range []*sql.Compiled{alone, c} {
				for _, src := range [][]*sql.BindParam{slots, ck.Slots()} {
					text, args, err := comp.Bind(src, nil)
					r.out = append(r.out, fmt.Sprintf("%s %#v %v", text, args, err))
					text, args, raws, err := comp.BindRaw(src, nil)
					r.out = append(r.out, fmt.Sprintf("%s %#v %#v %v", text, args, raws, err))
				}
			}
			var vals []any
			for _, b := range k.Binds() { // after Slots: the parameters made
				v, _ := b.Value()
				vals = append(vals, v)
			}
			r.binds += fmt.Sprintf("%#v;", vals)
			text, args, err := c.Bind(ck.Binds(), nil)
			r.out = append(r.out, fmt.Sprintf("%s %#v %v", text, args, err))
			ck.Release()
			k.Release()
		}
		return r
	}
	defer sql.SetCellRuns(sql.SetCellRuns(true))
	for _, d := range []dialect.Dialect{qmark, dollar, postgres.New()} {
		for _, tc := range runStatements {
			name := tc.name + "/" + d.Name()
			sql.SetCellRuns(true)
			got := run(d, tc.build)
			sql.SetCellRuns(false)
			want := run(d, tc.build)
			if !bytes.Equal(got.key, want.key) {
				t.Errorf("%s: key\n got %x\nwant %x", name, got.key, want.key)
			}
			if got.binds != want.binds {
				t.Errorf("%s: binds\n got %s\nwant %s", name, got.binds, want.binds)
			}
			if !reflect.DeepEqual(got.out, want.out) {
				for i := range min(len(got.out), len(want.out)) {
					if got.out[i] != want.out[i] {
						t.Errorf("%s: bound #%d\n got %s\nwant %s", name, i, got.out[i], want.out[i])
						break
					}
				}
				if len(got.out) != len(want.out) {
					t.Errorf("%s: %d bindings, want %d", name, len(got.out), len(want.out))
				}
			}
		}
	}
}
