package sql

import (
	"testing"

	"github.com/athanordb/athanor/types"
)

// A multi-row INSERT whose values are all expressions has no block, as
// when its rows are taken value by value; one with a plain value in a
// later row has it in the block, and a row with an expression keeps its
// other values there too.
func TestFillCellsBlock(t *testing.T) {
	tbl := NewTable("fill", NewColumn("id", types.Integer{}), NewColumn("name", types.String{}))
	cols := []string{"id", "name"}
	exprs := NewInsert(tbl).Rows(cols, []any{Func("abs", 1), tbl.C("name")}, []any{Null(), Func("lower", "A")})
	if exprs.cells != nil {
		t.Error("a block made for rows without plain values")
	}
	mixed := NewInsert(tbl).Rows(cols, []any{Func("abs", 1), "a"}, []any{2, nil}, []any{3, "c"})
	if mixed.cells == nil {
		t.Fatal("no block for the plain values")
	}
	if got := len(mixed.rows); got != 3 || mixed.rows[0] == nil || mixed.rows[1] != nil || mixed.rows[2] != nil {
		t.Errorf("rows %v: want the first with its expression, the others wholly in the block", mixed.rows)
	}
	want := []any{nil, "a", 2, nullCell{}, 3, "c"}
	for i, v := range want {
		if mixed.cells.vals[i] != v {
			t.Errorf("cell %d = %#v, want %#v", i, mixed.cells.vals[i], v)
		}
	}
}
