package sql

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Compiler renders an element tree as SQL for one dialect. One Compiler
// compiles one statement. Constructs defined outside this package write
// themselves through its exported methods: WriteString, WriteIdentifier,
// Write for child elements, WriteBind for values.
type Compiler struct {
	compileState
	compileScratch
}

// compileState is what one compilation starts from zero: newCompiler
// assigns it whole, so that every field added here starts from its zero
// value.
type compileState struct {
	d        dialect.Dialect
	feat     *dialect.Features
	hooks    *Hooks
	err      error
	lazyKeys bool // no cache key: parameters' key positions are found when first bound
	regions  []region
	anon     map[any]string
	ctes     []*cteEntry
	cteRoots map[*CTE]*cteEntry
	depth    int
	literal  bool
	params   Params // values of user-named binds, for literal rendering
	inIn     bool   // writing the list of an expanding IN

	result   []ResultColumn // the result columns recorded, in results; nil if none
	returns  bool
	implicit bool
	insert   *InsertInfo
	around   [2]string             // InsertAround's statements
	hints    map[FromClause]string // table hints of the statement being written
	kind     StatementKind
	noQual   bool // write columns without their table
	inSelect bool // writing a select list

	colWriters map[FromClause]func(*Compiler, *Column) // see WithColumnWriter
	schemas    map[string]string                       // CompileOptions.SchemaTranslate
}

// compileScratch is the buffers and indexes a pooled compiler keeps
// between compilations: release empties each (the indexes are large
// arrays, cheaper to clear entry by entry than to zero whole).
type compileScratch struct {
	buf      []byte
	binds    []bindRef
	keyIndex ptrIndex[*BindParam, int]    // first position of each in keyBinds
	userKey  ptrIndex[string, firstBind]  // the first bind of each user name
	bindName ptrIndex[*BindParam, string] // names given to anonymous binds
	counters ptrIndex[string, int]
	used     ptrIndex[string, bool]
	frames   []*frame
	// frameStore holds the frames newFrame hands out, usedFrames of them
	// in this compilation.
	frameStore []*frame
	usedFrames int
	names      []string // see pushNames
	nameArena  []byte   // see nameText
	// results holds the result columns recordResultColumns records
	// (result), which finish copies into the Compiled.
	results []ResultColumn
}

// bindRef is one placeholder written so far.
type bindRef struct {
	b        *BindParam
	src      *BindParam // the bind whose value it takes: b, or the first of b's name; nil for def and out
	name     string
	keyIndex int // src's position in cache-key order, -1, or unknown (Compiled.lazyKeys)
	def      *ColumnDefault
	out      bool // an output parameter (WriteOutParam)
}

// firstBind is the first bind of a user name, whose value the name takes.
type firstBind struct {
	b        *BindParam
	keyIndex int
}

// region is the text of an IN whose list is an expanding parameter: when
// the list given at execution is empty, the whole comparison is replaced
// by empty (SQL has no empty IN list).
type region struct {
	marker int    // the marker of the expanding parameter
	empty  string // what the comparison becomes for an empty list
}

// Compile compiles a statement for a dialect, without the cache. The
// parameters' values for executing it come from BindOwn, or from Bind
// given the statement's BindsOf.
//
// Compile does not walk the statement for its cache key: the key
// positions of the parameters (Param.Key) are found when Bind first needs
// them, and BindOwn needs none.
func Compile(e Element, d dialect.Dialect) (*Compiled, error) {
	return compileWithKey(e, d, nil, false, nil, nil)
}

// DebugSQL renders a statement for a dialect with its values written
// inline, for logs and debugging: params give the values of parameters
// named with Bind. A parameter without a value stays a placeholder.
//
// Never execute its output: Compile binds every value, which is what
// keeps SQL injection out; DebugSQL escapes values for reading only.
func DebugSQL(e Element, d dialect.Dialect, params ...Params) (string, error) {
	var p Params
	switch len(params) {
	case 0:
	case 1:
		p = params[0]
	default:
		p = Params{}
		for _, m := range params {
			for k, v := range m {
				p[k] = v
			}
		}
	}
	c, err := compileWithKey(e, d, nil, true, p, nil)
	if err != nil {
		return "", err
	}
	return c.SQL, nil
}

// Compilers are pooled: a compilation needs a sizeable struct and a few
// buffers, none of which outlive it except what the Compiled takes over.
var compilerPool = sync.Pool{New: func() any { return new(Compiler) }}

func newCompiler(d dialect.Dialect) *Compiler {
	c := compilerPool.Get().(*Compiler)
	if c.buf == nil {
		c.buf = make([]byte, 0, 256)
	}
	// Every field of the state is zero, whoever added it (release zeroes
	// the state, and empties the scratch).
	c.d, c.feat, c.hooks = d, d.Features(), hooksOf(d)
	return c
}

// release returns the compiler to the pool, keeping the buffers that the
// Compiled did not take over, emptied.
func (c *Compiler) release(out *Compiled) {
	if out != nil && out.exp != nil || cap(c.buf) > 1<<16 {
		c.buf = nil
	}
	c.buf = c.buf[:0]
	clear(c.binds)
	c.binds = c.binds[:0]
	clear(c.frames)
	c.frames = c.frames[:0]
	for _, f := range c.frameStore[:c.usedFrames] {
		clear(f.froms)
		*f = frame{froms: f.froms[:0]}
	}
	c.usedFrames = 0
	if len(c.frameStore) > 64 {
		c.frameStore = nil // let an unusually deep compilation's frames go
	}
	clear(c.names)
	c.names = c.names[:0]
	if cap(c.nameArena) > 1<<10 {
		c.nameArena = nil
	}
	c.nameArena = c.nameArena[:0]
	clear(c.results[:cap(c.results)])
	c.results = c.results[:0]
	if cap(c.results) > 64 {
		c.results = nil
	}
	c.keyIndex.empty()
	c.userKey.empty()
	c.bindName.empty()
	c.counters.empty()
	c.used.empty()
	c.compileState = compileState{}
	compilerPool.Put(c)
}

func compileWithKey(e Element, d dialect.Dialect, k *CacheKey, literal bool, params Params, opts *CompileOptions) (*Compiled, error) {
	if d == nil {
		return nil, &CompileError{Dialect: "<nil>", Err: fmt.Errorf("%w: no dialect to compile for", ErrArgument)}
	}
	c := newCompiler(d)
	if opts != nil {
		c.schemas = opts.SchemaTranslate
	}
	out, err := c.compile(e, k, literal, params)
	c.release(out)
	return out, err
}

func (c *Compiler) compile(e Element, k *CacheKey, literal bool, params Params) (*Compiled, error) {
	c.literal = literal
	c.params = params
	c.lazyKeys = k == nil && !literal
	if k != nil {
		// Compiling makes the parameters of the values kept in blocks: the
		// key is the one to bind with, either way.
		k.materialize()
		if cap(c.binds) < len(k.binds)+4 {
			c.binds = make([]bindRef, 0, len(k.binds)+4)
		}
		for i, b := range k.binds {
			if _, seen := c.keyIndex.get(b); !seen {
				c.keyIndex.put(b, i)
			}
		}
	}
	if s, ok := e.(Statement); ok {
		c.kind = s.StatementKind()
	}
	c.Write(e)
	c.writeWith()
	if c.around[0] != "" || c.around[1] != "" {
		c.buf = append(append([]byte(c.around[0]), c.buf...), c.around[1]...)
	}
	if c.err != nil {
		return nil, &CompileError{Dialect: c.d.Name(), Err: c.err}
	}
	return c.finish(e)
}

// Dialect returns the dialect being compiled for.
func (c *Compiler) Dialect() dialect.Dialect { return c.d }

// Features returns the dialect's feature flags.
func (c *Compiler) Features() *dialect.Features { return c.feat }

// Literal reports whether values are being written inline (DebugSQL,
// DDL).
func (c *Compiler) Literal() bool { return c.literal }

// Fail records an error; the compilation stops with the first one.
func (c *Compiler) Fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// Failf records an error made from a format.
func (c *Compiler) Failf(format string, args ...any) { c.Fail(fmt.Errorf(format, args...)) }

// NotSupported records that the dialect cannot render what.
func (c *Compiler) NotSupported(what string) {
	c.Fail(fmt.Errorf("%w: %s on %s", ErrNotSupported, what, c.d.Name()))
}

// Err returns the first error recorded.
func (c *Compiler) Err() error { return c.err }

// Nest compiles body as the clauses of a statement whose FROM items are
// froms, as a dialect's own statement (Oracle's MERGE) writes its parts: a
// SELECT written in body is a subquery, which may correlate to froms, not
// the statement itself.
func (c *Compiler) Nest(froms []FromClause, body func()) {
	c.depth++
	c.pushFrame(&frame{froms: froms})
	defer func() {
		c.popFrame()
		c.depth--
	}()
	body()
}

// WithColumnWriter compiles body with the columns of from written by fn
// instead of as from.column: a dialect construct's stand-in row, such as
// the row MySQL's ON DUPLICATE KEY UPDATE proposed (VALUES(col)).
func (c *Compiler) WithColumnWriter(from FromClause, fn func(c *Compiler, col *Column), body func()) {
	if c.colWriters == nil {
		c.colWriters = make(map[FromClause]func(*Compiler, *Column))
	}
	prev, had := c.colWriters[from]
	c.colWriters[from] = fn
	defer func() {
		if had {
			c.colWriters[from] = prev
		} else {
			delete(c.colWriters, from)
		}
	}()
	body()
}

// WriteString writes SQL text. Text holding a NUL byte is refused: no
// database accepts one in a statement.
func (c *Compiler) WriteString(s string) {
	if !c.literal && strings.IndexByte(s, markerStart) >= 0 {
		c.failNUL()
		return
	}
	c.buf = append(c.buf, s...)
}

// WriteByte writes one byte of SQL text.
func (c *Compiler) WriteByte(b byte) error {
	if b == markerStart && !c.literal {
		c.failNUL()
		return nil
	}
	c.buf = append(c.buf, b)
	return nil
}

func (c *Compiler) failNUL() {
	c.Fail(fmt.Errorf("%w: SQL text or a name holds a NUL byte", ErrArgument))
}

// WriteIdentifier writes a name, quoted if the dialect needs it.
func (c *Compiler) WriteIdentifier(name string) {
	if c.d.NeedsQuote(name) {
		c.WriteString(c.d.QuoteIdentifier(name))
		return
	}
	c.WriteString(name)
}

// quotedName is how one dialect writes a table's or column's name.
// Tables and columns keep the last one written, so that compiling them
// again for that dialect neither asks the dialect nor scans the name.
// Entries are immutable and swapped atomically: objects shared by
// goroutines compiling for different dialects stay correct, one entry
// for the last dialect.
type quotedName struct {
	d dialect.Dialect // kept alive so that its identity stays unique
	// text is the name, quoted if d needs it; "" until written (a name
	// is never written as nothing: an empty one is quoted).
	text string
	// full is, without schema translation, a table's schema.name or a
	// table column's table.column; "" until written.
	full string
}

// writeNameCached writes name as WriteIdentifier does, through the
// object's cache.
func (c *Compiler) writeNameCached(name string, cache *atomic.Pointer[quotedName]) {
	q := cache.Load()
	if q != nil && q.text != "" && sameDialect(q.d, c.d) {
		c.buf = append(c.buf, q.text...)
		return
	}
	text := name
	if c.d.NeedsQuote(name) {
		text = c.d.QuoteIdentifier(name)
	}
	if strings.IndexByte(text, markerStart) >= 0 {
		c.WriteString(text) // refused unless literal; never cached
		return
	}
	n := &quotedName{d: c.d, text: text}
	if q != nil && sameDialect(q.d, c.d) {
		n.full = q.full
	}
	cache.Store(n)
	c.buf = append(c.buf, text...)
}

// writeFullCached writes an object's full name (see quotedName.full)
// from its cache, or with write, keeping what write wrote when it wrote
// no error. Only a compilation without schema translation uses it.
func (c *Compiler) writeFullCached(cache *atomic.Pointer[quotedName], write func()) {
	if q := cache.Load(); q != nil && q.full != "" && sameDialect(q.d, c.d) {
		c.buf = append(c.buf, q.full...)
		return
	}
	start := len(c.buf)
	write()
	if c.err != nil || len(c.buf) == start || bytes.IndexByte(c.buf[start:], markerStart) >= 0 {
		return
	}
	n := &quotedName{d: c.d, full: string(c.buf[start:])}
	if q := cache.Load(); q != nil && sameDialect(q.d, c.d) {
		n.text = q.text
	}
	cache.Store(n)
}

// sameDialect reports whether a and b are one dialect value: the same
// dynamic type and the same data word. Comparing with == would panic for
// a dialect of an incomparable type; a value dialect boxed twice only
// misses the cache.
func sameDialect(a, b dialect.Dialect) bool {
	type iface struct{ tab, data unsafe.Pointer }
	x, y := (*iface)(unsafe.Pointer(&a)), (*iface)(unsafe.Pointer(&b))
	return x.tab == y.tab && x.data == y.data
}

// Write compiles a child element in place.
func (c *Compiler) Write(e Element) {
	if c.err != nil {
		return
	}
	if e == nil || isNilElement(e) {
		c.Fail(fmt.Errorf("%w: a nil element in a statement", ErrArgument))
		return
	}
	e.WriteSQL(c)
}

func writeList[T Element](c *Compiler, items []T, sep string) {
	for i, it := range items {
		if i > 0 {
			c.WriteString(sep)
		}
		c.Write(it)
	}
}

// WriteList writes elements separated by sep.
func (c *Compiler) WriteList(items []ColumnElement, sep string) { writeList(c, items, sep) }

// WriteBind writes a bound parameter's placeholder (or, in literal
// rendering, its value).
func (c *Compiler) WriteBind(b *BindParam) {
	if b == nil {
		c.Fail(fmt.Errorf("%w: a nil bind parameter", ErrArgument))
		return
	}
	if b.expanding && !c.inIn {
		c.Failf("%w: expanding parameter %q is only valid as the list of IN", ErrArgument, b.key())
		return
	}
	if c.literal {
		c.writeBindLiteral(b)
		return
	}
	ki, src := -1, b
	if i, ok := c.keyIndex.get(b); ok {
		ki = i
	}
	if b.named {
		// Parameters with one name take one value, in every paramstyle:
		// the first's.
		if first, ok := c.userKey.get(b.name); ok {
			ki, src = first.keyIndex, first.b
		} else {
			c.userKey.put(b.name, firstBind{b: b, keyIndex: ki})
		}
	}
	c.writeMarker(bindRef{b: b, src: src, name: c.nameFor(b), keyIndex: ki})
}

// writeBindLiteral writes a parameter's value inline.
func (c *Compiler) writeBindLiteral(b *BindParam) {
	v, ok := c.literalValue(b)
	if !ok {
		c.WriteString(":" + sanitizeName(c.nameFor(b)))
		return
	}
	if b.affix != 0 {
		p, err := likePattern(v, b.affix)
		if err != nil {
			c.Fail(err)
			return
		}
		v = p
	}
	c.writeLiteral(v)
}

// literalValue is the value a parameter has for literal rendering.
func (c *Compiler) literalValue(b *BindParam) (any, bool) {
	if b.named {
		if v, ok := c.params[b.name]; ok {
			return v, true
		}
	}
	switch {
	case b.fn() != nil:
		return b.fn()(), true
	case b.hasValue:
		return b.value, true
	}
	return nil, false
}

// WriteOutParam writes the placeholder of an output parameter named name
// (Oracle's RETURNING ... INTO :ret_0): the database sets its value, of
// type t, when the statement runs. Its Param has Out set; binding values
// to a statement with output parameters fails with ErrNotSupported, as
// the engine does not pass output parameters to drivers.
func (c *Compiler) WriteOutParam(name string, t types.Type) {
	if c.literal {
		c.WriteString(":" + name)
		return
	}
	if t == nil {
		t = types.NullType{}
	}
	b := &BindParam{name: name, named: name != "", typ: t}
	b.self = b
	c.writeMarker(bindRef{b: b, name: name, keyIndex: -1, out: true})
}

// Placeholders are written as markers, replaced by the dialect's
// placeholders in text order when the statement is complete (CTEs are
// written before the statement they belong to, after it is compiled). A
// marker is NUL, a kind byte, a decimal index and markerEnd. No SQL text
// holds a NUL byte (WriteString refuses it), so markers are unambiguous.
const (
	markerStart  = 0x00
	markerEnd    = 0x01
	markerBind   = 'b' // a parameter: index into binds
	markerOpen   = 'r' // the start of a region: index into regions
	markerClose  = 'e' // the end of a region
	postcompile  = "__[POSTCOMPILE_"
	defaultEmpty = "1 != 1"
)

func (c *Compiler) writeMarker(r bindRef) {
	c.buf = appendMarker(c.buf, markerBind, len(c.binds))
	c.binds = append(c.binds, r)
}

func appendMarker(buf []byte, kind byte, n int) []byte {
	buf = append(buf, markerStart, kind)
	buf = strconv.AppendInt(buf, int64(n), 10)
	return append(buf, markerEnd)
}

// readMarker parses the marker at text[i] (a markerStart) and returns its
// kind, index and the position of its last byte.
func readMarker(text []byte, i int) (kind byte, n int, end int) {
	kind = text[i+1]
	j := i + 2
	for ; text[j] != markerEnd; j++ {
		n = n*10 + int(text[j]-'0')
	}
	return kind, n, j
}

// nameFor names a bind parameter: the user's name, or base_N.
func (c *Compiler) nameFor(b *BindParam) string {
	if b.named {
		return b.name
	}
	if n, ok := c.bindName.get(b); ok {
		return n
	}
	name := c.anonymousName(sanitizeName(b.name))
	c.bindName.put(b, name)
	return name
}

// sanitizeName turns a name into one a named placeholder can carry:
// characters other than letters, digits and '_' become '_', and an empty
// result is "param" (SQLAlchemy names anonymous parameters the same way).
func sanitizeName(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if !isNameChar(s[i]) {
			clean = false
			break
		}
	}
	if clean && s != "" {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if isNameChar(s[i]) {
			b = append(b, s[i])
		} else if len(b) > 0 && b[len(b)-1] != '_' {
			b = append(b, '_')
		}
	}
	out := strings.Trim(string(b), "_")
	if out == "" {
		return "param"
	}
	return out
}

// anonymousName returns base_N, N counting per base within the statement.
// Generated names never collide with each other (base_N names its base
// and N), so only the names taken otherwise (used: the user's names a DML
// statement reserves, and the column names of DML values) are looked up,
// when there are any; generatedName tells the names handed out here.
func (c *Compiler) anonymousName(base string) string {
	n, _ := c.counters.get(base)
	for {
		n++
		name := c.nameText(base, n)
		if c.used.len() == 0 {
			c.counters.set(base, n)
			return name
		}
		if _, taken := c.used.get(name); !taken {
			c.counters.set(base, n)
			return name
		}
	}
}

// generatedName reports whether anonymousName has handed out name in this
// compilation: name is base_N (N without leading zeros) and base's
// counter has reached N.
func (c *Compiler) generatedName(name string) bool {
	i := strings.LastIndexByte(name, '_')
	if i < 0 || i == len(name)-1 || name[i+1] == '0' || len(name)-i-1 > 18 {
		return false
	}
	n := 0
	for _, ch := range []byte(name[i+1:]) {
		if ch < '0' || ch > '9' {
			return false
		}
		n = n*10 + int(ch-'0')
	}
	last, ok := c.counters.get(name[:i])
	return ok && n <= last
}

// nameText returns base_n, its bytes taken from an arena that the pooled
// compiler keeps: a name is valid during the compilation only, and one
// that outlives it must be copied (render copies the parameters' names
// into the Compiled's text).
func (c *Compiler) nameText(base string, n int) string {
	if cap(c.nameArena)-len(c.nameArena) < len(base)+21 {
		c.nameArena = make([]byte, 0, max(128, len(base)+21))
	}
	start := len(c.nameArena)
	c.nameArena = append(c.nameArena, base...)
	c.nameArena = append(c.nameArena, '_')
	c.nameArena = strconv.AppendInt(c.nameArena, int64(n), 10)
	// The bytes are not written again in this compilation: later names
	// are appended after, or to a new arena.
	return unsafe.String(&c.nameArena[start], len(c.nameArena)-start)
}

// anonFromName names an anonymous alias or subquery: anon_1, anon_2 in
// order of appearance.
func (c *Compiler) anonFromName(obj any, declared string) string {
	if declared != "" {
		return declared
	}
	if n, ok := c.anon[obj]; ok {
		return n
	}
	if c.anon == nil {
		c.anon = make(map[any]string)
	}
	n := c.anonymousName("anon")
	c.anon[obj] = n
	return n
}

// ptrIndex maps keys to values: arrays searched in order while small
// (the common case: no allocation, and cheaper than hashing), a map
// beyond.
type ptrIndex[K comparable, V any] struct {
	n    int
	keys [ptrIndexSmall]K
	vals [ptrIndexSmall]V
	m    map[K]V
}

const ptrIndexSmall = 12

func (p *ptrIndex[K, V]) get(k K) (V, bool) {
	if p.m != nil {
		v, ok := p.m[k]
		return v, ok
	}
	for i := range p.n {
		if p.keys[i] == k {
			return p.vals[i], true
		}
	}
	var zero V
	return zero, false
}

// put adds a key the index does not hold.
func (p *ptrIndex[K, V]) put(k K, v V) {
	if p.m != nil {
		p.m[k] = v
		return
	}
	if p.n < ptrIndexSmall {
		p.keys[p.n], p.vals[p.n] = k, v
		p.n++
		return
	}
	p.m = make(map[K]V, 4*ptrIndexSmall)
	for i := range p.n {
		p.m[p.keys[i]] = p.vals[i]
	}
	p.m[k] = v
}

// set adds or replaces a key.
func (p *ptrIndex[K, V]) set(k K, v V) {
	if p.m == nil {
		for i := range p.n {
			if p.keys[i] == k {
				p.vals[i] = v
				return
			}
		}
	}
	p.put(k, v)
}

// len returns the number of keys.
func (p *ptrIndex[K, V]) len() int {
	if p.m != nil {
		return len(p.m)
	}
	return p.n
}

// empty empties the index, dropping its map: the next use starts with
// the arrays. The entries are not cleared (only the first n are ever
// read): a pooled compiler's index may keep the last compilation's keys
// reachable until it is used again or the pool lets it go.
func (p *ptrIndex[K, V]) empty() {
	p.n = 0
	p.m = nil
}

// reset empties the index. A map, once needed, is kept (cleared) for
// the next use.
func (p *ptrIndex[K, V]) reset() {
	clear(p.keys[:p.n])
	clear(p.vals[:p.n])
	p.n = 0
	if p.m != nil {
		clear(p.m)
	}
}

// the types a parameter executes with

// setAdaptedParam fills p (zero) with the parameter r is, its type
// adapted to d. It writes the fields in place: building a Param and
// copying it costs more while the garbage collector runs.
func setAdaptedParam(p *Param, d dialect.Dialect, r *bindRef) {
	t := AdaptType(d, r.b.Type())
	p.Name = r.name
	p.User = r.b.named
	p.Key = r.keyIndex
	p.bind = r.src
	p.Default = r.def
	p.Type = t
	p.Convert = t.BindConverter()
	p.Expanding = r.b.expanding
	p.Out = r.out
	p.affix = r.b.affix
	if blk, i := cellOf(r.b); blk != nil && r.src == r.b {
		p.cell = int32(i + 1) // bound from the block of the statement bound (Slots)
	}
	if tuple := r.b.tuple(); len(tuple) > 0 {
		conv := make([]types.Converter, len(tuple))
		for i, et := range tuple {
			conv[i] = AdaptType(d, et).BindConverter()
		}
		p.tuple = &conv
	}
}
