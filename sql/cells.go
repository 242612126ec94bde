package sql

import (
	"reflect"
	"sync/atomic"
	"unsafe"
)

// cellBlock holds the plain Go values of a multi-row INSERT's rows
// without a bind parameter per value: each is bound, at execution, with
// its column's type, as the parameter setCell would make. A row's element
// is nil where its value is in the block, at row*len(cols)+column, and
// a row whose values are all in the block is nil. A NULL (nil, or a nil
// pointer) is kept there too, as nullCell, and written as NULL.
//
// The cache key writes such a value as one tag and collects the block's
// stand-in (bind) in its place: Compiled.Bind reads the value from the
// stand-in's block at the position the compiled parameter records
// (Param.cell). Whatever needs one parameter per value (compiling the
// statement, CacheKey.Binds, Walk) gets the parameters made from the
// values on first need, once per block.
type cellBlock struct {
	cols  []*Column         // the statement's columns
	rows  [][]ColumnElement // the statement's rows
	vals  []any
	bind  BindParam // the stand-in in a key's binds
	extra bindExtra // extra of the stand-in and of the parameters made
	made  atomic.Pointer[[]BindParam]
}

// noCellRuns turns off the ways of handling a block's cells in runs
// (fillCells, CacheKey.blockRow, cellReader), for tests that compare both
// ways.
var noCellRuns bool

// nullCell is a NULL kept in a block: written NULL, never bound.
type nullCell struct{}

// isNullValue reports whether v, not a plain value (isPlainValue), is
// what ValueFor makes NULL: nil, or a nil pointer that is no expression.
func isNullValue(v any) bool {
	switch v.(type) {
	case nil:
		return true
	case *BindParam, ColumnElement, SelectStatement:
		return false
	}
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// elem returns the element of cell i: NULL, or the parameter of its
// value.
func (b *cellBlock) elem(i int) ColumnElement {
	if _, null := b.vals[i].(nullCell); null {
		return Null()
	}
	return b.param(i)
}

// newCellBlock returns a block for rows of cols.
func newCellBlock(cols []*Column, rows int) *cellBlock {
	b := &cellBlock{cols: cols, vals: make([]any, rows*len(cols))}
	b.extra.block = b
	b.bind.self = &b.bind
	b.bind.extra = &b.extra
	return b
}

// params returns the bind parameters of the block's values, by cell,
// made on first use; the cells of rows that hold no value of the block
// are zero.
func (b *cellBlock) params() []BindParam {
	if p := b.made.Load(); p != nil {
		return *p
	}
	made := make([]BindParam, len(b.vals))
	n := len(b.cols)
	for r, row := range b.rows {
		for j := range n {
			if _, null := b.vals[r*n+j].(nullCell); !null && elemAt(row, j) == nil {
				p := &made[r*n+j]
				p.setCell(b.cols[j], b.vals[r*n+j])
				p.extra = &b.extra
			}
		}
	}
	// Racing goroutines make the same parameters: keep the first, so that
	// a parameter has one identity.
	b.made.CompareAndSwap(nil, &made)
	return *b.made.Load()
}

// param returns the parameter of cell i.
func (b *cellBlock) param(i int) *BindParam { return &b.params()[i] }

// cellOf returns the block of p and its cell when p is a parameter made
// from a block's value, or nil.
func cellOf(p *BindParam) (*cellBlock, int) {
	if p == nil || !p.cell || p.extra == nil || p.extra.block == nil {
		return nil, 0
	}
	b := p.extra.block
	made := b.made.Load()
	if made == nil || len(*made) == 0 {
		return nil, 0
	}
	off := uintptr(unsafe.Pointer(p)) - uintptr(unsafe.Pointer(&(*made)[0]))
	i := int(off / unsafe.Sizeof(BindParam{}))
	if i < 0 || i >= len(*made) || &(*made)[i] != p {
		return nil, 0
	}
	return b, i
}

// blockOf returns the block whose stand-in b is, or nil.
func blockOf(b *BindParam) *cellBlock {
	if b == nil || b.extra == nil || b.extra.block == nil || &b.extra.block.bind != b {
		return nil
	}
	return b.extra.block
}
