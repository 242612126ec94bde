package sql

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Compiler renders an element tree as SQL for one dialect. One Compiler
// compiles one statement. Constructs defined outside this package write
// themselves through its exported methods: WriteString, WriteIdentifier,
// Write for child elements, WriteBind for values.
type Compiler struct {
	d        dialect.Dialect
	feat     *dialect.Features
	hooks    *Hooks
	buf      []byte
	err      error
	binds    []bindRef
	keyIndex map[*BindParam]int
	bindName map[*BindParam]string
	counters map[string]int
	used     map[string]bool
	anon     map[any]string
	frames   []*frame
	ctes     []*cteEntry
	cteRoots map[*CTE]*cteEntry
	depth    int
	literal  bool

	result   []ResultColumn
	returns  bool
	implicit bool
	insert   *InsertInfo
	kind     StatementKind
	noQual   bool // write columns without their table
	inSelect bool // writing a select list

	colWriters map[FromClause]func(*Compiler, *Column) // see WithColumnWriter
}

// bindRef is one placeholder written so far.
type bindRef struct {
	b        *BindParam
	name     string
	keyIndex int
	def      *ColumnDefault
}

// Compiled is a statement compiled for a dialect: its SQL text, the
// parameters in the order the driver takes them, and the result columns.
// It is immutable and shared through the compiled cache.
type Compiled struct {
	// SQL is the text sent to the database. When a parameter expands
	// (IN with a list given at execution) Bind returns the final text.
	SQL string
	// Params are the driver's parameters, in order (one per distinct name
	// for the named style).
	Params []Param
	// Columns are the result columns of a statement that returns rows.
	Columns []ResultColumn
	// Kind is the statement's kind.
	Kind StatementKind
	// Returns reports that the statement returns rows (a SELECT, or DML
	// with RETURNING).
	Returns bool
	// Insert describes where an INSERT's primary key comes from.
	Insert *InsertInfo
	// ImplicitReturning reports that the compiler added RETURNING to fetch
	// a generated primary key the statement did not ask for: the engine
	// reads that row itself.
	ImplicitReturning bool

	positional  bool
	style       dialect.Paramstyle
	template    []byte // SQL with parameter markers, when a parameter expands
	markerParam []int  // for template: the parameter of each marker
	emptySet    string
	stmt        Element // keeps what the cache key refers to alive
}

// Param is one driver parameter of a compiled statement.
type Param struct {
	// Name is the bind parameter's name: the user's, or a generated one
	// (name_1).
	Name string
	// User reports a name the user gave: parameters given at execution
	// under this name replace the statement's value.
	User bool
	// Key is the parameter's position among the statement's bind
	// parameters in cache-key order, or -1.
	Key int
	// Default is a column default evaluated at each execution, for
	// parameters the compiler added.
	Default *ColumnDefault
	// Type is the parameter's SQL type, adapted to the dialect.
	Type types.Type
	// Convert is Type's bind converter, or nil.
	Convert types.Converter
	// Expanding parameters hold a list, one placeholder per element.
	Expanding bool
}

// ResultColumn is one column of a statement's result.
type ResultColumn struct {
	// Name is the column's key in results: its name or label.
	Name string
	// Type is its SQL type, adapted to the dialect.
	Type types.Type
	// Convert is Type's result converter, or nil.
	Convert types.Converter
	// Expr is the expression the column comes from.
	Expr ColumnElement
}

// InsertInfo tells how to find the primary key of a row an INSERT made.
type InsertInfo struct {
	Table *Table
	PK    []PKSource
}

// PKSource is where one primary-key value of an inserted row comes from:
// a parameter, a RETURNING column, or the driver's LastInsertId.
type PKSource struct {
	Column    *Column
	Param     int // index in Params, or -1
	Returned  int // index in Columns, or -1
	LastRowID bool
}

// Compile compiles a statement for a dialect, without the cache.
func Compile(e Element, d dialect.Dialect) (*Compiled, error) {
	k := NewCacheKey(e, hooksOf(d).LiteralLimits)
	defer k.Release()
	return compileWithKey(e, d, k, false)
}

// DebugSQL renders a statement for a dialect with its values written
// inline, for logs and debugging. Never execute its output: values are
// escaped for reading, not for safety against every input.
func DebugSQL(e Element, d dialect.Dialect) (string, error) {
	c, err := compileWithKey(e, d, nil, true)
	if err != nil {
		return "", err
	}
	return c.SQL, nil
}

func newCompiler(d dialect.Dialect) *Compiler {
	return &Compiler{
		d:     d,
		feat:  d.Features(),
		hooks: hooksOf(d),
		buf:   make([]byte, 0, 256),
	}
}

func compileWithKey(e Element, d dialect.Dialect, k *CacheKey, literal bool) (*Compiled, error) {
	c := newCompiler(d)
	c.literal = literal
	if k != nil {
		c.keyIndex = make(map[*BindParam]int, len(k.binds))
		for i, b := range k.binds {
			if _, seen := c.keyIndex[b]; !seen {
				c.keyIndex[b] = i
			}
		}
	}
	if s, ok := e.(Statement); ok {
		c.kind = s.StatementKind()
	}
	c.Write(e)
	c.writeWith()
	if c.err != nil {
		return nil, &CompileError{Dialect: d.Name(), Err: c.err}
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

// WriteString writes SQL text.
func (c *Compiler) WriteString(s string) { c.buf = append(c.buf, s...) }

// WriteByte writes one byte of SQL text.
func (c *Compiler) WriteByte(b byte) error {
	c.buf = append(c.buf, b)
	return nil
}

// WriteIdentifier writes a name, quoted if the dialect needs it.
func (c *Compiler) WriteIdentifier(name string) {
	if c.d.NeedsQuote(name) {
		c.buf = append(c.buf, c.d.QuoteIdentifier(name)...)
		return
	}
	c.buf = append(c.buf, name...)
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
	if c.literal {
		switch {
		case b.fn != nil:
			c.writeLiteral(b.fn())
		case b.hasValue:
			c.writeLiteral(b.value)
		default:
			c.WriteString(":" + c.nameFor(b))
		}
		return
	}
	ki := -1
	if i, ok := c.keyIndex[b]; ok {
		ki = i
	}
	c.writeMarker(bindRef{b: b, name: c.nameFor(b), keyIndex: ki})
}

// writeDefaultBind writes a placeholder for a column default the compiler
// added, whose value is taken at each execution.
func (c *Compiler) writeDefaultBind(col *Column, d *ColumnDefault) {
	b := &BindParam{base: col.name, typ: col.typ}
	b.self = b
	if c.literal {
		if d.Func != nil {
			c.writeLiteral(d.Func())
		} else {
			c.writeLiteral(d.Value)
		}
		return
	}
	c.writeMarker(bindRef{b: b, name: c.nameFor(b), keyIndex: -1, def: d})
}

// Placeholders are written as markers, replaced by the dialect's
// placeholders in text order when the statement is complete (CTEs are
// written before the statement they belong to, after it is compiled).
const (
	markerStart = 0x00
	markerEnd   = 0x01
)

func (c *Compiler) writeMarker(r bindRef) {
	c.buf = append(c.buf, markerStart)
	c.buf = strconv.AppendInt(c.buf, int64(len(c.binds)), 10)
	c.buf = append(c.buf, markerEnd)
	c.binds = append(c.binds, r)
}

// nameFor names a bind parameter: the user's name, or base_N.
func (c *Compiler) nameFor(b *BindParam) string {
	if b.key != "" {
		return b.key
	}
	if n, ok := c.bindName[b]; ok {
		return n
	}
	base := b.base
	if base == "" {
		base = "param"
	}
	name := c.anonymousName(base)
	if c.bindName == nil {
		c.bindName = make(map[*BindParam]string)
	}
	c.bindName[b] = name
	return name
}

// anonymousName returns base_N, N counting per base within the statement.
func (c *Compiler) anonymousName(base string) string {
	if c.counters == nil {
		c.counters = make(map[string]int)
		c.used = make(map[string]bool)
	}
	for {
		c.counters[base]++
		name := base + "_" + strconv.Itoa(c.counters[base])
		if !c.used[name] {
			c.used[name] = true
			return name
		}
	}
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

// finish replaces markers with placeholders and builds the parameter list.
func (c *Compiler) finish(stmt Element) (*Compiled, error) {
	out := &Compiled{
		Kind:              c.kind,
		Columns:           c.result,
		Returns:           c.returns || c.kind == KindSelect,
		Insert:            c.insert,
		ImplicitReturning: c.implicit,
		style:             c.d.Paramstyle(),
		positional:        c.d.Paramstyle().Positional(),
		stmt:              stmt,
	}
	if c.literal {
		out.SQL = string(c.buf)
		return out, nil
	}
	for i := range out.Columns {
		rc := &out.Columns[i]
		rc.Type = AdaptType(c.d, rc.Type)
		rc.Convert = rc.Type.ResultConverter()
	}
	expanding := false
	for _, r := range c.binds {
		if r.b.expanding {
			expanding = true
		}
	}
	markerParam := make([]int, len(c.binds))
	seenName := map[string]int{}
	var sqlBuf []byte
	sqlBuf, out.Params = c.renderMarkers(c.buf, markerParam, seenName, nil)
	if expanding {
		out.template = c.buf
		out.markerParam = markerParam
		out.emptySet = c.hooks.EmptySet
		if out.emptySet == "" {
			out.emptySet = "SELECT 1 WHERE 1 != 1"
		}
	}
	out.SQL = string(sqlBuf)
	if out.Insert != nil {
		for i := range out.Insert.PK {
			if p := out.Insert.PK[i].Param; p >= 0 {
				out.Insert.PK[i].Param = markerParam[p]
			}
		}
	}
	return out, nil
}

// renderMarkers writes text with each marker replaced by its placeholder.
// lengths, when given, is the number of values of each expanding marker.
func (c *Compiler) renderMarkers(text []byte, markerParam []int, seenName map[string]int, lengths []int) ([]byte, []Param) {
	out := make([]byte, 0, len(text)+len(c.binds)*3)
	var params []Param
	style := c.d.Paramstyle()
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch != markerStart {
			out = append(out, ch)
			continue
		}
		j := i + 1
		for text[j] != markerEnd {
			j++
		}
		idx, _ := strconv.Atoi(string(text[i+1 : j]))
		i = j
		r := c.binds[idx]
		if !style.Positional() {
			if p, ok := seenName[r.name]; ok {
				markerParam[idx] = p
				out = style.AppendPlaceholder(out, 0, r.name)
				continue
			}
			seenName[r.name] = len(params)
		}
		markerParam[idx] = len(params)
		t := AdaptType(c.d, r.b.Type())
		params = append(params, Param{
			Name:      r.name,
			User:      r.b.key != "",
			Key:       r.keyIndex,
			Default:   r.def,
			Type:      t,
			Convert:   t.BindConverter(),
			Expanding: r.b.expanding,
		})
		out = style.AppendPlaceholder(out, len(params), r.name)
	}
	return out, params
}

// literals

// writeLiteral writes a Go value as a SQL literal.
func (c *Compiler) writeLiteral(v any) {
	if c.hooks.Literal != nil && c.hooks.Literal(c, v) {
		return
	}
	switch x := v.(type) {
	case nil:
		c.WriteString("NULL")
	case string:
		c.WriteString(QuoteString(x))
	case bool:
		c.writeBoolConst(x)
	case int:
		c.WriteString(strconv.Itoa(x))
	case int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		c.WriteString(fmt.Sprint(x))
	case float32:
		c.WriteString(strconv.FormatFloat(float64(x), 'g', -1, 32))
	case float64:
		c.WriteString(strconv.FormatFloat(x, 'g', -1, 64))
	case []byte:
		c.WriteString("X'" + fmt.Sprintf("%X", x) + "'")
	case fmt.Stringer:
		c.WriteString(QuoteString(x.String()))
	default:
		c.WriteString(QuoteString(fmt.Sprint(x)))
	}
}

// QuoteString writes s as a standard SQL string literal, doubling single
// quotes.
func QuoteString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

func (c *Compiler) writeBoolConst(v bool) {
	if c.hooks.BoolConst != nil {
		c.hooks.BoolConst(c, v, false)
		return
	}
	switch {
	case c.feat.NativeBoolean && v:
		c.WriteString("true")
	case c.feat.NativeBoolean:
		c.WriteString("false")
	case v:
		c.WriteString("1")
	default:
		c.WriteString("0")
	}
}
