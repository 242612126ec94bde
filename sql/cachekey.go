package sql

import (
	"encoding/binary"
	"reflect"
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
	froms map[FromClause]int
	anon  map[any]int
	ctes  map[*CTE]bool
	// LiteralLimits makes LIMIT and OFFSET values part of the key, for
	// dialects that write them into the SQL text.
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
	clear(k.froms)
	clear(k.anon)
	clear(k.ctes)
	keyPool.Put(k)
}

// Bytes returns the key. It is valid until Release.
func (k *CacheKey) Bytes() []byte { return k.buf }

// Binds returns the bound parameters in key order.
func (k *CacheKey) Binds() []*BindParam { return k.binds }

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
	e.WriteCacheKey(k)
}

// isNilElement catches typed nil pointers stored in interfaces.
func isNilElement(e Element) bool {
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
// reference afterwards (columns name their FROM item each time).
func (k *CacheKey) From(f FromClause) {
	if f == nil {
		k.buf = append(k.buf, tagNil)
		return
	}
	if t, ok := f.(*Table); ok {
		t.WriteCacheKey(k) // short already
		return
	}
	if n, ok := k.froms[f]; ok {
		k.buf = append(k.buf, tagBackref)
		k.Int(n)
		return
	}
	if k.froms == nil {
		k.froms = make(map[FromClause]int)
	}
	k.froms[f] = len(k.froms)
	f.WriteCacheKey(k)
}

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

func (k *CacheKey) addBind(b *BindParam) {
	k.binds = append(k.binds, b)
	if b.expanding {
		// The number of values decides the number of placeholders.
		k.Int(sliceLen(b.value))
	}
}

// Type writes a SQL type: its Go type and its parameters.
func (k *CacheKey) Type(t types.Type) {
	k.buf = append(k.buf, tagType)
	if t == nil {
		k.buf = append(k.buf, 0)
		return
	}
	switch x := t.(type) {
	case types.Integer, types.BigInteger, types.SmallInteger, types.Boolean, types.Text, types.Double,
		types.Date, types.Interval, types.NullType, types.LargeBinary:
		k.typeID(t)
		return
	case types.String:
		k.typeID(t)
		k.Int(x.Length)
		k.String(x.Collation)
		return
	case types.Numeric:
		k.typeID(t)
		k.Int(x.Precision)
		k.Int(x.Scale)
		k.Bool(x.AsFloat)
		return
	case types.DateTime:
		k.typeID(t)
		k.Bool(x.Timezone)
		return
	case types.JSON:
		k.typeID(t)
		k.Bool(x.UseNumber)
		return
	case types.UUID:
		k.typeID(t)
		k.Bool(x.AsString)
		return
	}
	k.typeID(t)
	k.String(t.String())
	if p, ok := t.(*types.Decorator); ok {
		// Two decorators print alike but convert differently. The compiled
		// entry keeps its statement, and so the decorator, alive: the
		// address cannot be reused while the entry exists.
		k.Int(int(uintptr(unsafe.Pointer(p))))
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

func sliceLen(v any) int {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice || rv.Kind() == reflect.Array {
		return rv.Len()
	}
	return -1
}
