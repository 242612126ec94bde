package sql

import (
	"encoding/binary"
	"reflect"
	"slices"
	"sync"
	"unsafe"

	"github.com/athanordb/athanor/types"
)

// Tags that start each built-in element's cache key.
const (
	tagNil byte = iota
	tagBind
	tagNull
	tagBool
	tagLiteralColumn
	tagInlineLiteral
	tagIdentifier
	tagBinary
	tagInList
	tagBetween
	tagUnary
	tagBoolList
	tagGrouping
	tagLabel
	tagCast
	tagCoerce
	tagTuple
	tagCase
	tagColumn
	tagTable
	tagAlias
	tagSubquery
	tagJoin
	tagCTE
	tagSelect
	tagFetch
	tagLock
	tagScalarSelect
	tagCompound
	tagFunction
	tagFilter
	tagOver
	tagText
	tagTextualSelect
	tagInsert
	tagUpdate
	tagDelete
	tagDDL
	tagBackref
	tagCustom
	tagType
	tagError
	tagBindAgain
	tagTableColumn
	tagSchemaTranslate
	tagCell
)

// CacheKey is the structure of a statement, without its values: the key
// of the compiled-statement cache. Walking a statement with WriteCacheKey
// fills the key and collects the statement's bound parameters in a fixed
// order; the compiled form records, for each placeholder, its position in
// that order, so that a structurally equal statement reuses the compiled
// SQL with its own values.
type CacheKey struct {
	buf   []byte
	binds []*BindParam
	seen  ptrIndex[*BindParam, int] // binds written so far
	froms ptrIndex[FromClause, int] // FROM items written so far
	anon  map[any]int
	ctes  map[*CTE]bool
	// cellsOut: a cell parameter (BindParam.cell) was written in full,
	// outside a cell (see cell).
	cellsOut bool
	// cellIdx: the cell of each block stand-in in binds, in order (see
	// blockCell and materialize).
	cellIdx []int32
	// LiteralLimits makes LIMIT and OFFSET values (and window frame
	// offsets) part of the key, for dialects that write them into the SQL
	// text.
	LiteralLimits bool
}

var keyPool = sync.Pool{New: func() any { return &CacheKey{buf: make([]byte, 0, 256)} }}

// NewCacheKey walks e into a key taken from a pool; Release returns it.
func NewCacheKey(e Element, literalLimits bool) *CacheKey {
	k := keyPool.Get().(*CacheKey)
	k.LiteralLimits = literalLimits
	k.Element(e)
	return k
}

// Release returns the key to the pool. The key and its Binds must not be
// used afterwards.
func (k *CacheKey) Release() {
	if cap(k.buf) > 1<<16 || cap(k.binds) > 1<<12 {
		return // let oversized keys go
	}
	k.buf = k.buf[:0]
	clear(k.binds)
	k.binds = k.binds[:0]
	k.seen.reset()
	k.froms.reset()
	clear(k.anon)
	clear(k.ctes)
	k.cellsOut = false
	k.cellIdx = k.cellIdx[:0]
	keyPool.Put(k)
}

// Bytes returns the key. It is valid until Release.
func (k *CacheKey) Bytes() []byte { return k.buf }

// Binds returns the bound parameters in key order.
func (k *CacheKey) Binds() []*BindParam {
	k.materialize()
	return k.binds
}

// Slots returns what Compiled.Bind takes to bind the statement's values:
// Binds, except that the plain Go values of a multi-row INSERT's rows are
// not made into bind parameters, one each. Their statement's stand-in
// takes their places, from which Bind reads them. Give Slots to Bind only;
// Binds is the list of parameters.
func (k *CacheKey) Slots() []*BindParam { return k.binds }

// materialize replaces the block stand-ins in binds with the parameters
// of their cells.
func (k *CacheKey) materialize() {
	if len(k.cellIdx) == 0 {
		return
	}
	next := 0
	for i, b := range k.binds {
		if blk := blockOf(b); blk != nil {
			k.binds[i] = blk.param(int(k.cellIdx[next]))
			next++
		}
	}
	k.cellIdx = k.cellIdx[:0]
}

// blockCell writes cell i of blk, the value of column c in an INSERT's
// row: as a cell (see cell), collecting the block's stand-in, or, where
// cells are written in full, as its parameter.
func (k *CacheKey) blockCell(c *Column, blk *cellBlock, i int, own bool) {
	if _, null := blk.vals[i].(nullCell); null {
		k.Element(Null())
		return
	}
	if !own || k.cellsOut {
		k.cell(c, blk.param(i), own)
		return
	}
	k.buf = append(k.buf, tagCell)
	k.binds = append(k.binds, &blk.bind)
	k.cellIdx = append(k.cellIdx, int32(i))
}

// growCells makes room for n cells of a block written as cells.
func (k *CacheKey) growCells(n int) {
	k.buf = slices.Grow(k.buf, n)
	k.binds = slices.Grow(k.binds, n)
	k.cellIdx = slices.Grow(k.cellIdx, n)
}

// blockRow writes a row whose values are all in blk, its cells from
// start, one per column of cols: as blockCell writes each, in one pass
// where they are written as cells.
func (k *CacheKey) blockRow(cols []*Column, blk *cellBlock, start int, own bool) {
	vals := blk.vals[start : start+len(cols)]
	if !own || k.cellsOut {
		for j := range vals {
			k.blockCell(cols[j], blk, start+j, own)
		}
		return
	}
	for j, v := range vals {
		if _, null := v.(nullCell); null {
			k.Element(Null())
			continue
		}
		k.buf = append(k.buf, tagCell)
		k.binds = append(k.binds, &blk.bind)
		k.cellIdx = append(k.cellIdx, int32(start+j))
	}
}

// Tag writes an element tag. Constructs outside this package use Custom.
func (k *CacheKey) Tag(t byte) { k.buf = append(k.buf, t) }

// Custom starts the key of a construct defined outside this package; name
// must identify the construct's type ("postgres.OnConflict").
func (k *CacheKey) Custom(name string) {
	k.buf = append(k.buf, tagCustom)
	k.String(name)
}

// String writes a length-prefixed string.
func (k *CacheKey) String(s string) {
	k.buf = binary.AppendUvarint(k.buf, uint64(len(s)))
	k.buf = append(k.buf, s...)
}

// Strings writes a list of strings.
func (k *CacheKey) Strings(ss []string) {
	k.Int(len(ss))
	for _, s := range ss {
		k.String(s)
	}
}

// Err writes whether a construct carries a construction error (and
// which), so that a statement that fails to compile never shares a key
// with one that compiles. Constructs with an error field call it.
func (k *CacheKey) Err(err error) {
	if err == nil {
		k.buf = append(k.buf, 0)
		return
	}
	k.buf = append(k.buf, 1)
	k.String(err.Error())
}

// Int writes an integer.
func (k *CacheKey) Int(n int) { k.buf = binary.AppendVarint(k.buf, int64(n)) }

// Bool writes a boolean.
func (k *CacheKey) Bool(b bool) {
	if b {
		k.buf = append(k.buf, 1)
	} else {
		k.buf = append(k.buf, 0)
	}
}

// Element writes a child element, or a nil marker.
func (k *CacheKey) Element(e Element) {
	if e == nil || isNilElement(e) {
		k.buf = append(k.buf, tagNil)
		return
	}
	if c, ok := e.(*Column); ok && k.tableColumn(c) {
		return
	}
	e.WriteCacheKey(k)
}

// tableColumn writes a table's column by its address and reports true;
// it writes nothing for another column. A table's column is a long-lived
// object that stands for its name, type and table: its address is its
// key (the compiled entry keeps it alive), which is much shorter to
// write.
func (k *CacheKey) tableColumn(c *Column) bool {
	if c.err != nil {
		return false
	}
	if _, isTable := c.from.(*Table); !isTable {
		return false
	}
	k.buf = append(k.buf, tagTableColumn)
	k.buf = binary.AppendUvarint(k.buf, uint64(uintptr(unsafe.Pointer(c))))
	return true
}

// target writes the column a DML statement writes to: by its address
// when it is a table's (tableColumn), else by its name and type.
func (k *CacheKey) target(c *Column) {
	if !k.tableColumn(c) {
		k.String(c.name)
		k.Type(c.typ)
	}
}

// isNilElement catches typed nil pointers stored in interfaces.
func isNilElement(e Element) bool {
	// An interface holding a pointer holds it in its data word: a non-nil
	// word is never a nil pointer, and needs no reflection.
	type iface struct{ tab, data unsafe.Pointer }
	if (*iface)(unsafe.Pointer(&e)).data != nil {
		return false
	}
	v := reflect.ValueOf(e)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// Elements writes a list of children.
func (k *CacheKey) Elements(es []ColumnElement) {
	k.Int(len(es))
	for _, e := range es {
		k.Element(e)
	}
}

// From writes a FROM item: in full on its first appearance, as a back
// reference afterwards (columns name their FROM item each time). The back
// references make the key tell one FROM item used twice from two equal
// ones: the two compile differently (FROM t vs FROM t, t; anon_1 twice vs
// anon_1 and anon_2). A table is also identified by its address, since
// two tables of one name may differ in columns and defaults; the compiled
// entry keeps the statement, and so the table, alive.
func (k *CacheKey) From(f FromClause) {
	if f == nil || isNilElement(f) {
		k.buf = append(k.buf, tagNil)
		return
	}
	if n, ok := k.froms.get(f); ok {
		k.buf = append(k.buf, tagBackref)
		k.Int(n)
		return
	}
	k.froms.put(f, k.fromCount())
	if t, ok := f.(*Table); ok {
		t.WriteCacheKey(k)
		k.buf = binary.AppendUvarint(k.buf, uint64(uintptr(unsafe.Pointer(t))))
		return
	}
	f.WriteCacheKey(k)
}

func (k *CacheKey) fromCount() int { return k.froms.len() }

// anonymous distinguishes anonymous objects by their order of appearance,
// since they are named at compile in that order.
func (k *CacheKey) anonymous(obj any, isAnon bool) {
	if !isAnon {
		return
	}
	if k.anon == nil {
		k.anon = make(map[any]int)
	}
	n, ok := k.anon[obj]
	if !ok {
		n = len(k.anon)
		k.anon[obj] = n
	}
	k.Int(n)
}

func (k *CacheKey) enterCTE(c *CTE) bool {
	if k.ctes[c] {
		return false
	}
	if k.ctes == nil {
		k.ctes = make(map[*CTE]bool)
	}
	k.ctes[c] = true
	return true
}

func (k *CacheKey) leaveCTE(c *CTE) { delete(k.ctes, c) }

// limit writes a LIMIT or OFFSET parameter.
func (k *CacheKey) limit(b *BindParam) {
	if b == nil {
		k.buf = append(k.buf, tagNil)
		return
	}
	if k.LiteralLimits {
		n, _ := b.value.(int64)
		k.Int(int(n))
	}
	b.WriteCacheKey(k)
}

// addBind records a bind parameter. A parameter met again is written as
// a back reference: one parameter used twice takes one value, two equal
// ones take one each, and their compiled forms differ.
func (k *CacheKey) addBind(b *BindParam) {
	if b.cell {
		// A cell parameter met outside its cell (it can only have been
		// taken from a key's Binds): cells are not in seen.
		k.cellsOut = true
		if blk, _ := cellOf(b); blk != nil && slices.Contains(k.binds, &blk.bind) {
			// Its cell may be among the block's written so far.
			k.materialize()
		}
		if n := slices.Index(k.binds, b); n >= 0 {
			k.buf = append(k.buf, tagBindAgain)
			k.Int(n)
		}
		k.binds = append(k.binds, b)
		return
	}
	if n, ok := k.seen.get(b); ok {
		k.buf = append(k.buf, tagBindAgain)
		k.Int(n)
	} else {
		k.seen.put(b, len(k.binds))
	}
	k.binds = append(k.binds, b)
}

// cell writes v, the value of column c in an INSERT's row or an
// UPDATE's SET. The parameter the statement made for a Go value there
// (BindParam.setCell) is written as one tag, and collected without the
// back-reference index: its name and type are the column's, which the
// statement's key gives, and it appears once in the statement, since
// nothing but this statement refers to it. own is false when the
// statement may hold a cell parameter twice (a parameter taken from a
// key's Binds and given again as a value): then, as once one was written
// elsewhere, every value is written in full.
func (k *CacheKey) cell(c *Column, v ColumnElement, own bool) {
	if b, ok := v.(*BindParam); ok && b.cell && own && !k.cellsOut && b.base() == c.name && sameType(b.typ, c.typ) {
		k.buf = append(k.buf, tagCell)
		k.binds = append(k.binds, b)
		return
	}
	k.Element(v)
}

// sameType reports whether a and b are the same interface value: the
// same dynamic type and the same data word (the same boxed copy), which
// a parameter typed with its column's type shares with the column. Other
// equal types compare unequal, which only costs a longer key.
func sameType(a, b types.Type) bool {
	type iface struct{ tab, data unsafe.Pointer }
	x, y := (*iface)(unsafe.Pointer(&a)), (*iface)(unsafe.Pointer(&b))
	return x.tab != nil && *x == *y
}

// operator writes an operator, or nil: a built-in one by its number.
func (k *CacheKey) operator(op *Operator) {
	if op == nil {
		k.buf = append(k.buf, tagNil)
		return
	}
	if op.id != 0 {
		k.buf = binary.AppendUvarint(k.buf, uint64(op.id))
		return
	}
	k.buf = append(k.buf, 0)
	k.String(op.Name)
	k.String(op.Text)
	k.Int(op.Precedence)
}

// goType writes the identity of v's dynamic type.
func (k *CacheKey) goType(v any) {
	type eface struct{ typ, data unsafe.Pointer }
	k.buf = binary.AppendUvarint(k.buf, uint64(uintptr((*eface)(unsafe.Pointer(&v)).typ)))
}

// Type writes a SQL type: its Go type and every parameter that shapes its
// name (in CAST) or its conversions. Types this package does not know are
// written as their String, which the types.Type contract makes
// distinguishing, and a pointer type also by its address.
func (k *CacheKey) Type(t types.Type) {
	k.buf = append(k.buf, tagType)
	if t == nil {
		k.buf = append(k.buf, 0)
		return
	}
	k.typeID(t)
	switch x := t.(type) {
	case types.Integer, types.BigInteger, types.SmallInteger, types.Double,
		types.Date, types.Interval, types.NullType:
		return
	case types.JSON:
		k.Bool(x.UseNumber)
		return
	case types.String:
		k.Int(x.Length)
		k.String(x.Collation)
		return
	case types.Text:
		k.String(x.Collation)
		return
	case types.Boolean:
		k.Bool(x.CreateConstraint)
		return
	case types.Numeric:
		k.Int(x.Precision)
		k.Int(x.Scale)
		k.Bool(x.AsFloat)
		return
	case types.Float:
		k.Int(x.Precision)
		return
	case types.DateTime:
		k.Bool(x.Timezone)
		return
	case types.Time:
		k.Bool(x.Timezone)
		return
	case types.LargeBinary:
		k.Int(x.Length)
		return
	case types.UUID:
		k.Bool(x.AsString)
		return
	case types.Enum:
		k.String(x.Name)
		k.Strings(x.Values)
		k.Int(x.Length)
		k.Bool(x.NonNative)
		k.Bool(x.CreateConstraint)
		return
	case types.Variant:
		k.Type(x.Base)
		names := x.DialectNames()
		k.Int(len(names))
		for _, n := range names {
			k.String(n)
			k.Type(x.ByDialect[n])
		}
		return
	case *types.Decorator:
		// Two decorators print alike but convert differently. The compiled
		// entry keeps its statement, and so the decorator, alive: the
		// address cannot be reused while the entry exists.
		k.buf = binary.AppendUvarint(k.buf, uint64(uintptr(unsafe.Pointer(x))))
		k.Type(x.Impl)
		return
	}
	k.String(t.String())
	if rv := reflect.ValueOf(t); rv.Kind() == reflect.Pointer {
		k.buf = binary.AppendUvarint(k.buf, uint64(rv.Pointer()))
	}
}

// typeID writes the identity of t's Go type: the interface's method
// table, of which there is one per concrete type, for the life of the
// program.
func (k *CacheKey) typeID(t types.Type) {
	type iface struct{ tab, data unsafe.Pointer }
	p := (*iface)(unsafe.Pointer(&t)).tab
	k.buf = binary.AppendUvarint(k.buf, uint64(uintptr(p)))
}
