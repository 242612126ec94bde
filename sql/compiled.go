package sql

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"sync/atomic"
	"unsafe"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Compiled is a statement compiled for a dialect: its SQL text, the
// parameters in the order the driver takes them, and the result columns.
// It is immutable and shared through the compiled cache.
type Compiled struct {
	// SQL is the text sent to the database. When a parameter expands (IN
	// with a list given at execution) it shows that parameter as
	// __[POSTCOMPILE_name], and Bind returns the text to execute.
	SQL string
	// Params are the driver's parameters, in order (one per distinct name
	// for the named style).
	Params []Param
	// Columns are the result columns of a statement that returns rows.
	// Their Expr is an expression of the statement that was compiled,
	// which a cache hit shares with structurally equal statements: match
	// columns by position, not by Expr identity.
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

	style dialect.Paramstyle
	// lazyKeys: compiled without a cache key (Compile), the Params' Key
	// are -1 and keys holds their positions once Bind has needed them.
	// (Next to style: the small fields share a word.)
	lazyKeys bool
	// exp is what binding a statement whose parameters expand needs, or
	// nil: out of line, as it is rare, so that a Compiled stays small.
	exp  *expansion
	stmt Element // keeps what the cache key refers to alive
	memo atomic.Pointer[memo]
	keys atomic.Pointer[[]int]
}

// expansion is the text of a statement with expanding parameters, which
// Bind renders at each execution.
type expansion struct {
	template    []byte   // SQL with markers
	markerParam []int    // the parameter of each bind marker
	regions     []region // the IN comparisons that may be empty
}

type memo struct{ v any }

// Memo returns what build derives from the compiled statement, calling
// build on first use only: the engine keeps its description of the
// result columns this way, so that a statement from the cache does not
// derive it again. build must depend on p alone; when two goroutines
// race, one result is kept.
func (p *Compiled) Memo(build func() any) any {
	if m := p.memo.Load(); m != nil {
		return m.v
	}
	m := &memo{build()}
	if !p.memo.CompareAndSwap(nil, m) {
		return p.memo.Load().v
	}
	return m.v
}

// Param is one driver parameter of a compiled statement.
type Param struct {
	// Name is the bind parameter's name: the user's, or a generated one
	// (name_1).
	Name string
	// Key is the parameter's position among the statement's bind
	// parameters in cache-key order, or -1. Compile and CompileWith, which
	// do not walk the statement for its key, leave it -1: Bind finds the
	// positions from the statement when it first needs them.
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
	// Out parameters receive a value from the database (Oracle's
	// RETURNING ... INTO); they take no value at execution.
	Out bool
	// User reports a name the user gave: parameters given at execution
	// under this name replace the statement's value.
	// (With the other small fields: the struct is 8 bytes smaller.)
	User bool

	affix uint8      // a LIKE pattern made of the value (StartsWith, ...)
	cell  int32      // 1 + the cell of a multi-row INSERT's value in its statement's block (cellBlock), or 0
	bind  *BindParam // the bind of the statement compiled whose value it takes (see BindOwn), or nil
	// tuple is, for an expanding tuple IN, one converter per element of
	// a row; nil otherwise. Out of line, as it is rare: Params stay small.
	tuple *[]types.Converter
}

// tupleConv returns the converters of a tuple IN's row elements, or nil.
func (p *Param) tupleConv() []types.Converter {
	if p.tuple == nil {
		return nil
	}
	return *p.tuple
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

// Params are values for named bind parameters, given at execution.
type Params map[string]any

// ResultExprs returns, for each of Columns, the expression of stmt it
// comes from. A Compiled shared through the cache was made from another,
// structurally equal statement, whose expressions Columns[i].Expr are:
// pass the statement being executed to match result columns with its
// own expressions (a label, a column of its own alias).
func (p *Compiled) ResultExprs(stmt Element) []ColumnElement {
	out := make([]ColumnElement, len(p.Columns))
	for i := range out {
		out[i] = p.Columns[i].Expr
	}
	if stmt == p.stmt {
		return out
	}
	var own []ColumnElement
	switch s := stmt.(type) {
	case SelectStatement:
		own = s.SelectedColumns()
	case interface{ ReturningColumns() []ColumnElement }:
		// Columns the compiler added after these (a generated primary
		// key) are table columns, the same in every such statement.
		own = s.ReturningColumns()
	}
	copy(out, own)
	return out
}

// BindsOf returns the bind parameters of a statement in cache-key order:
// what Compiled.Bind takes to execute a statement compiled by Compile.
func BindsOf(e Element) []*BindParam {
	k := NewCacheKey(e, false)
	defer k.Release()
	return slices.Clone(k.Binds())
}

// finish replaces markers with placeholders and builds the parameter list.
func (c *Compiler) finish(stmt Element) (*Compiled, error) {
	out, params, cols := newCompiled(len(c.binds), len(c.result))
	out.Kind = c.kind
	if c.result != nil {
		// The columns recorded are in the pooled compiler's scratch.
		copy(cols, c.result)
		out.Columns = cols
	}
	out.Returns = c.returns || c.kind == KindSelect
	out.Insert = c.insert
	out.ImplicitReturning = c.implicit
	out.style = c.d.Paramstyle()
	out.stmt = stmt
	out.lazyKeys = c.lazyKeys
	if c.literal {
		out.SQL = string(c.buf)
		return out, nil
	}
	for i := range out.Columns {
		rc := &out.Columns[i]
		rc.Type = AdaptType(c.d, rc.Type)
		rc.Convert = rc.Type.ResultConverter()
	}
	if !out.style.Positional() {
		c.resolveNameClashes()
	}
	// The marker-to-parameter map outlives the compilation only for a
	// template; small ones are built on the stack.
	var small [32]int
	var markerParam []int
	if len(c.binds) > len(small) {
		markerParam = make([]int, len(c.binds))
	} else {
		markerParam = small[:len(c.binds)]
	}
	out.SQL, out.Params = c.render(markerParam, params)
	if len(c.regions) > 0 || slices.ContainsFunc(c.binds, func(r bindRef) bool { return r.b.expanding }) {
		out.exp = &expansion{template: c.buf, markerParam: slices.Clone(markerParam), regions: c.regions}
	}
	if out.Insert != nil {
		for i := range out.Insert.PK {
			if p := out.Insert.PK[i].Param; p >= 0 {
				out.Insert.PK[i].Param = markerParam[p]
			}
		}
	}
	return out, nil
}

// resolveNameClashes renames anonymous parameters whose generated name is
// a user's parameter name (x_1 and Bind("x_1")): in the named style they
// would otherwise be one parameter.
func (c *Compiler) resolveNameClashes() {
	var user ptrIndex[string, bool]
	for _, r := range c.binds {
		if r.b.named {
			user.set(r.name, true)
		}
	}
	if user.len() == 0 {
		return
	}
	var renamed ptrIndex[*BindParam, string]
	for i, r := range c.binds {
		if r.b.named {
			continue
		}
		if _, clash := user.get(r.name); !clash {
			continue
		}
		n, ok := renamed.get(r.b)
		for !ok {
			n = c.anonymousName(sanitizeName(r.b.name))
			_, taken := user.get(n)
			ok = !taken
		}
		renamed.set(r.b, n)
		c.binds[i].name = n
	}
}

// newCompiled returns a Compiled, an empty list with room for n
// parameters and a list of m result columns; when n and m are small the
// three are allocated together (one allocation instead of three, of
// about the same size). A list of none is nil for the parameters, empty
// but not nil for the result columns.
func newCompiled(n, m int) (*Compiled, []Param, []ResultColumn) {
	switch n {
	case 0:
		return compiledWithColumns[[0]Param](m)
	case 1:
		return compiledWithColumns[[1]Param](m)
	case 2:
		return compiledWithColumns[[2]Param](m)
	case 3:
		return compiledWithColumns[[3]Param](m)
	case 4:
		return compiledWithColumns[[4]Param](m)
	}
	out, _, cols := compiledWithColumns[[0]Param](m)
	return out, make([]Param, 0, n), cols
}

// paramArray and columnArray are the arrays compiledBlock allocates with
// a Compiled: the constraint keeps its unsafe.Slice over them sound.
type (
	paramArray interface {
		[0]Param | [1]Param | [2]Param | [3]Param | [4]Param
	}
	columnArray interface {
		[0]ResultColumn | [1]ResultColumn | [2]ResultColumn | [3]ResultColumn | [4]ResultColumn
	}
)

// compiledWithColumns is newCompiled for a Params array type P.
func compiledWithColumns[P paramArray](m int) (*Compiled, []Param, []ResultColumn) {
	switch m {
	case 0:
		return compiledBlock[P, [0]ResultColumn]()
	case 1:
		return compiledBlock[P, [1]ResultColumn]()
	case 2:
		return compiledBlock[P, [2]ResultColumn]()
	case 3:
		return compiledBlock[P, [3]ResultColumn]()
	case 4:
		return compiledBlock[P, [4]ResultColumn]()
	}
	out, params, _ := compiledBlock[P, [0]ResultColumn]()
	return out, params, make([]ResultColumn, m)
}

// compiledBlock allocates a Compiled with the arrays P of Params and R of
// ResultColumns, and returns the Params empty (nil when P has none) and
// the result columns whole.
func compiledBlock[P paramArray, R columnArray]() (*Compiled, []Param, []ResultColumn) {
	b := new(struct {
		c Compiled
		p P
		r R
	})
	var params []Param
	if n := int(unsafe.Sizeof(b.p) / unsafe.Sizeof(Param{})); n > 0 {
		params = unsafe.Slice((*Param)(unsafe.Pointer(&b.p)), n)[:0:n]
	}
	cols := []ResultColumn{}
	if m := int(unsafe.Sizeof(b.r) / unsafe.Sizeof(ResultColumn{})); m > 0 {
		cols = unsafe.Slice((*ResultColumn)(unsafe.Pointer(&b.r)), m)
	}
	return &b.c, params, cols
}

// render writes the text with each marker replaced by its placeholder,
// and lists the parameters in params (empty, with room for every bind).
// An expanding parameter shows as __[POSTCOMPILE_name].
func (c *Compiler) render(markerParam []int, params []Param) (string, []Param) {
	text := c.buf
	style := c.d.Paramstyle()
	// Room for the text and the generated names: a positional
	// placeholder ($12, @p12) is no longer than the marker it replaces;
	// another may be 3 bytes longer than the marker, with its name.
	nameBytes, perBind := 0, 3
	switch style {
	case dialect.Qmark, dialect.Dollar, dialect.Numeric, dialect.AtP:
		perBind = 0
	}
	for i := range c.binds {
		r := &c.binds[i]
		if !r.b.named {
			nameBytes += len(r.name)
		}
		if r.b.expanding {
			perBind = 3
		}
	}
	out := make([]byte, 0, len(text)+len(c.binds)*perBind+nameBytes)
	var byName ptrIndex[string, int]
	for i := 0; i < len(text); i++ {
		// Copy the text up to the next marker in one piece.
		j := bytes.IndexByte(text[i:], markerStart)
		if j < 0 {
			out = append(out, text[i:]...)
			break
		}
		out = append(out, text[i:i+j]...)
		kind, idx, end := readMarker(text, i+j)
		i = end
		if kind != markerBind {
			continue
		}
		r := &c.binds[idx]
		if !style.Positional() {
			if p, ok := byName.get(r.name); ok {
				markerParam[idx] = p
				out = appendPlaceholder(out, style, 0, r.name, r.b.expanding)
				continue
			}
			byName.put(r.name, len(params))
		}
		markerParam[idx] = len(params)
		params = params[:len(params)+1]
		setAdaptedParam(&params[len(params)-1], c.d, r)
		out = appendPlaceholder(out, style, len(params), r.name, r.b.expanding)
	}
	// Generated names live in the compiler's arena: copy them after the
	// text, into the one allocation.
	sqlLen := len(out)
	for i := range params {
		if !params[i].User {
			out = append(out, params[i].Name...)
		}
	}
	// Strings are made once every byte is in place: an append may have
	// moved out.
	off := sqlLen
	for i := range params {
		if n := len(params[i].Name); !params[i].User && n > 0 {
			params[i].Name = unsafe.String(&out[off], n)
			off += n
		}
	}
	if sqlLen == 0 {
		return "", params
	}
	return unsafe.String(&out[0], sqlLen), params
}

func appendPlaceholder(out []byte, style dialect.Paramstyle, n int, name string, expanding bool) []byte {
	if expanding {
		out = append(out, postcompile...)
		out = append(out, sanitizeName(name)...)
		return append(out, ']')
	}
	switch style {
	case dialect.Qmark, dialect.Dollar, dialect.Numeric, dialect.AtP:
		return style.AppendPlaceholder(out, n, "") // no name written
	}
	return style.AppendPlaceholder(out, n, sanitizeName(name))
}

// Bind returns the SQL text and driver arguments for executing the
// compiled statement with the bound values of stmtBinds (the binds of a
// structurally equal statement, in cache-key order: CacheKey.Slots or
// CacheKey.Binds, or BindsOf) and the parameters given at execution,
// which replace values of user-named parameters. Column defaults are
// evaluated here, once per call.
func (p *Compiled) Bind(stmtBinds []*BindParam, params Params) (string, []any, error) {
	src := bindSource{binds: stmtBinds}
	if p.exp != nil {
		return p.bindExpanding(src, params, nil)
	}
	return p.bindPlain(src, params)
}

// bindSource is where parameters take their values from: the binds of a
// statement in cache-key order, or (own) the binds of the statement
// compiled.
type bindSource struct {
	binds []*BindParam
	own   bool
}

// source returns the bind parameter i takes its value from, or nil.
func (p *Compiled) source(i int, src bindSource) *BindParam {
	prm := &p.Params[i]
	if src.own {
		if prm.Key < 0 && !p.lazyKeys {
			return nil // not a parameter of the statement's key
		}
		return prm.bind
	}
	k := prm.Key
	if p.lazyKeys {
		k = (*p.keyPositions())[i]
	}
	if k >= 0 && k < len(src.binds) {
		return src.binds[k]
	}
	return nil
}

// keyPositions returns the parameters' positions in cache-key order of a
// statement compiled without its key, walking the statement for its key
// once.
func (p *Compiled) keyPositions() *[]int {
	if ks := p.keys.Load(); ks != nil {
		return ks
	}
	k := NewCacheKey(p.stmt, false) // the order of binds does not depend on literal limits
	k.materialize()                 // the parameters hold the values' own parameters
	var first ptrIndex[*BindParam, int]
	for i, b := range k.binds {
		if _, seen := first.get(b); !seen {
			first.put(b, i)
		}
	}
	k.Release()
	ks := make([]int, len(p.Params))
	for i := range p.Params {
		ks[i] = -1
		if b := p.Params[i].bind; b != nil {
			if n, ok := first.get(b); ok {
				ks[i] = n
			}
		}
	}
	// Racing goroutines compute the same positions: keep either.
	p.keys.CompareAndSwap(nil, &ks)
	return p.keys.Load()
}

// bindPlain is Bind for a statement without expanding parameters.
func (p *Compiled) bindPlain(src bindSource, params Params) (string, []any, error) {
	args := make([]any, len(p.Params))
	cells := cellReader{off: noCellRuns}
	for i := range p.Params {
		if v, ok := cells.read(p, i, src); ok {
			v, err := p.Params[i].convert(v)
			if err != nil {
				return "", nil, err
			}
			args[i] = v
			continue
		}
		v, err := p.value(i, src, params, nil)
		if err != nil {
			return "", nil, err
		}
		args[i] = v
	}
	return p.SQL, args, nil
}

// cellReader reads the values of a multi-row INSERT's parameters kept in
// their statement's block (Slots) without the general lookup: it keeps
// the block of the last stand-in met, as a statement's cells come from
// one block, in a run.
type cellReader struct {
	stand *BindParam // the stand-in last met, or nil
	vals  []any      // its block's values
	off   bool       // every parameter is left to lookup (noCellRuns)
}

// read returns the Go value of parameter i when it is a cell of the
// block whose stand-in src gives it, as lookup would return it: a
// parameter the caller may name (User), an output parameter and a LIKE
// pattern are left to lookup (ok false).
func (r *cellReader) read(p *Compiled, i int, src bindSource) (v any, ok bool) {
	prm := &p.Params[i]
	if prm.cell <= 0 || prm.User || prm.Out || prm.affix != 0 || r.off {
		return nil, false
	}
	if src.own {
		return nil, false // the statement's own parameters hold their values
	}
	var b *BindParam
	if k := prm.Key; !p.lazyKeys && uint(k) < uint(len(src.binds)) {
		b = src.binds[k] // source, inlined
	} else if b = p.source(i, src); b == nil {
		return nil, false
	}
	if b != r.stand {
		blk := blockOf(b)
		if blk == nil {
			return nil, false
		}
		r.stand, r.vals = b, blk.vals
	}
	if int(prm.cell) > len(r.vals) {
		return nil, false
	}
	return r.vals[prm.cell-1], true
}

// BindOwn is Bind with the values of the statement p was compiled from:
// for the Compiled that Compile returns, Bind(BindsOf(stmt), params)
// without walking the statement again. A Compiled shared through the
// cache was compiled from the first statement of its structure; bind a
// cache hit with the binds of its own key (CacheKey.Binds).
func (p *Compiled) BindOwn(params Params) (string, []any, error) {
	src := bindSource{own: true}
	if p.exp != nil {
		return p.bindExpanding(src, params, nil)
	}
	return p.bindPlain(src, params)
}

// BindRaw is Bind that also returns the Go value (before conversion) each
// parameter took, in Params order: a column default is evaluated once,
// and the value sent is the value reported (an inserted primary key). An
// expanding parameter's raw value is its list.
func (p *Compiled) BindRaw(stmtBinds []*BindParam, params Params) (string, []any, []any, error) {
	src := bindSource{binds: stmtBinds}
	raws := make([]any, len(p.Params))
	if p.exp != nil {
		text, args, err := p.bindExpanding(src, params, raws)
		return text, args, raws, err
	}
	args := make([]any, len(p.Params))
	cells := cellReader{off: noCellRuns}
	for i := range p.Params {
		if v, ok := cells.read(p, i, src); ok {
			raws[i] = v
			v, err := p.Params[i].convert(v)
			if err != nil {
				return "", nil, nil, err
			}
			args[i] = v
			continue
		}
		v, err := p.value(i, src, params, &raws[i])
		if err != nil {
			return "", nil, nil, err
		}
		args[i] = v
	}
	return p.SQL, args, raws, nil
}

// Value returns the Go value (before conversion) parameter i takes.
func (p *Compiled) Value(i int, stmtBinds []*BindParam, params Params) (any, error) {
	if i < 0 || i >= len(p.Params) {
		return nil, fmt.Errorf("%w: no parameter %d", ErrArgument, i)
	}
	return p.raw(i, bindSource{binds: stmtBinds}, params)
}

func (p *Compiled) raw(i int, src bindSource, params Params) (any, error) {
	prm := &p.Params[i]
	v, err := p.lookup(i, src, params)
	if err != nil || prm.affix == 0 {
		return v, err
	}
	v, err = likePattern(v, prm.affix)
	if err != nil {
		return nil, fmt.Errorf("athanor: parameter %q: %w", prm.Name, err)
	}
	return v, nil
}

func (p *Compiled) lookup(i int, src bindSource, params Params) (any, error) {
	prm := &p.Params[i]
	if prm.Out {
		return nil, fmt.Errorf("%w: parameter %q receives a value from the database (RETURNING ... INTO); executing the statement needs output parameters, which the engine does not pass to drivers yet", ErrNotSupported, prm.Name)
	}
	if prm.User {
		if v, ok := params[prm.Name]; ok {
			return v, nil
		}
	}
	if b := p.source(i, src); b != nil {
		if blk := blockOf(b); blk != nil && prm.cell > 0 && int(prm.cell) <= len(blk.vals) {
			// A value kept in its statement's block (Slots).
			return blk.vals[prm.cell-1], nil
		}
		switch {
		case b.fn() != nil:
			return b.fn()(), nil
		case b.hasValue:
			return b.value, nil
		}
	}
	if d := prm.Default; d != nil {
		if d.Func != nil {
			return d.Func(), nil
		}
		return d.Value, nil
	}
	return nil, fmt.Errorf("%w %q", ErrMissingParameter, prm.Name)
}

// value returns the driver value of parameter i; rawOut, when given,
// receives its Go value.
func (p *Compiled) value(i int, src bindSource, params Params, rawOut *any) (any, error) {
	v, err := p.raw(i, src, params)
	if rawOut != nil {
		*rawOut = v
	}
	if err != nil {
		return nil, err
	}
	return p.Params[i].convert(v)
}

// convert returns the driver value of v, the parameter's Go value.
func (prm *Param) convert(v any) (any, error) {
	if v == nil || prm.Convert == nil {
		return v, nil
	}
	return convertParam(prm.Name, prm.Convert, v)
}

func convertParam(name string, conv types.Converter, v any) (any, error) {
	out, err := conv(v)
	if err != nil {
		return nil, fmt.Errorf("athanor: parameter %q: %w", name, err)
	}
	return out, nil
}

// bindExpanding renders the text with each expanding parameter spread
// into one placeholder per value (a parenthesized group per row for a
// tuple IN), and each IN over an empty list replaced by its false form.
func (p *Compiled) bindExpanding(src bindSource, params Params, raws []any) (string, []any, error) {
	b := expander{p: p, src: src, params: params, raws: raws, named: !p.style.Positional()}
	exp := p.exp
	b.out = make([]byte, 0, len(exp.template)+32)
	text := exp.template
	for i := 0; i < len(text); i++ {
		ch := text[i]
		if ch != markerStart {
			b.out = append(b.out, ch)
			continue
		}
		kind, n, end := readMarker(text, i)
		i = end
		var err error
		switch kind {
		case markerOpen:
			var empty bool
			if empty, err = b.emptyRegion(n); empty {
				b.out = append(b.out, exp.regions[n].empty...)
				i = skipRegion(text, i, n)
			}
		case markerBind:
			err = b.param(exp.markerParam[n])
		}
		if err != nil {
			return "", nil, err
		}
	}
	return string(b.out), b.args, nil
}

// expander is the state of one bindExpanding.
type expander struct {
	p      *Compiled
	src    bindSource
	params Params
	raws   []any // the Go value of each parameter, when asked for
	named  bool
	out    []byte
	args   []any
	seen   ptrIndex[string, bool]
}

// emptyRegion reports whether region n's list is empty.
func (b *expander) emptyRegion(n int) (bool, error) {
	exp := b.p.exp
	raw, err := b.p.raw(exp.markerParam[exp.regions[n].marker], b.src, b.params)
	if err != nil {
		return false, err
	}
	items, ok := listItems(raw)
	return ok && len(items) == 0, nil
}

// skipRegion returns the position of the last byte of region n's closing
// marker, which follows i.
func skipRegion(text []byte, i, n int) int {
	for j := i + 1; j < len(text); j++ {
		if text[j] != markerStart {
			continue
		}
		kind, m, end := readMarker(text, j)
		if kind == markerClose && m == n {
			return end
		}
		j = end
	}
	return len(text) - 1
}

func (b *expander) placeholder(name string) {
	b.out = b.p.style.AppendPlaceholder(b.out, len(b.args), sanitizeName(name))
}

// raw returns where the Go value of parameter i goes, or nil.
func (b *expander) raw(i int) *any {
	if b.raws == nil {
		return nil
	}
	return &b.raws[i]
}

func (b *expander) param(pi int) error {
	prm := &b.p.Params[pi]
	if !prm.Expanding {
		if b.named {
			if _, dup := b.seen.get(prm.Name); dup {
				b.placeholder(prm.Name)
				return nil
			}
			b.seen.put(prm.Name, true)
		}
		v, err := b.p.value(pi, b.src, b.params, b.raw(pi))
		if err != nil {
			return err
		}
		b.args = append(b.args, v)
		b.placeholder(prm.Name)
		return nil
	}
	raw, err := b.p.raw(pi, b.src, b.params)
	if err != nil {
		return err
	}
	if r := b.raw(pi); r != nil {
		*r = raw
	}
	items, ok := listItems(raw)
	if !ok {
		return fmt.Errorf("%w: expanding parameter %q needs a slice, got %T", ErrArgument, prm.Name, raw)
	}
	if len(items) == 0 {
		// Only outside an IN region, which cannot be compiled; keep the
		// text valid anyway.
		b.out = append(b.out, "NULL"...)
		return nil
	}
	for k, it := range items {
		if k > 0 {
			b.out = append(b.out, ", "...)
		}
		name := prm.Name + "_" + strconv.Itoa(k+1)
		if len(prm.tupleConv()) > 0 {
			if err := b.row(prm, name, it); err != nil {
				return err
			}
			continue
		}
		if it != nil && prm.Convert != nil {
			if it, err = convertParam(prm.Name, prm.Convert, it); err != nil {
				return err
			}
		}
		b.args = append(b.args, it)
		b.placeholder(name)
	}
	return nil
}

// row writes one row of an expanding tuple IN: (p1, p2, ...).
func (b *expander) row(prm *Param, name string, it any) error {
	row, ok := listItems(it)
	tuple := prm.tupleConv()
	if !ok || len(row) != len(tuple) {
		return fmt.Errorf("%w: expanding parameter %q holds rows of %d values; got %T %v", ErrArgument, prm.Name, len(tuple), it, it)
	}
	b.out = append(b.out, '(')
	for j, v := range row {
		if j > 0 {
			b.out = append(b.out, ", "...)
		}
		if conv := tuple[j]; v != nil && conv != nil {
			var err error
			if v, err = convertParam(prm.Name, conv, v); err != nil {
				return err
			}
		}
		b.args = append(b.args, v)
		b.placeholder(name + "_" + strconv.Itoa(j+1))
	}
	b.out = append(b.out, ')')
	return nil
}

// listItems returns the elements of a slice or array other than []byte.
func listItems(v any) ([]any, bool) {
	switch x := v.(type) {
	case []any:
		return x, true
	case []byte, nil:
		return nil, false
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, false
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, true
}
