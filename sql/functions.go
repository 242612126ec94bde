package sql

import (
	"slices"
	"strings"

	"github.com/athanordb/athanor/types"
)

// Function is a SQL function call: name(arg, ...). Func calls any
// function by name; Count, Sum, Max and the rest know their result types.
type Function struct {
	ColumnOps
	name     string
	schema   string // package or schema prefix: "pg_catalog" in pg_catalog.now()
	args     []ColumnElement
	typ      types.Type
	noParens bool // CURRENT_TIMESTAMP and the like
}

// Func returns the call name(args...). Go values among args are bound,
// named after the function (count_1). The result type is unknown unless
// the name is one of SQL's generic functions whose type is known (count,
// sum, min, max, avg, coalesce, now, ...); Typed sets it. A dotted name
// ("pg_catalog.now") is qualified. count() with no argument renders
// count(*), and the ANSI functions current_timestamp, current_date,
// current_time, localtime, localtimestamp, current_user, session_user and
// user render without parentheses.
//
// The name is written as given, quoted only when it holds characters
// other than letters, digits, '_' and '$': never build it from input.
func Func(name string, args ...any) *Function {
	f := &Function{name: name}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		f.schema, f.name = name[:i], name[i+1:]
	}
	f.args = make([]ColumnElement, len(args))
	for i, a := range args {
		f.args[i] = coerceWith(a, nil, f.name)
	}
	f.typ = knownFunctionType(strings.ToLower(f.name), f.args)
	f.self = f
	return f
}

// knownFunctionType is the result type of SQL's generic functions.
func knownFunctionType(name string, args []ColumnElement) types.Type {
	// The first argument's type that is known, as for coalesce(NULL, x).
	fromArgs := func() types.Type {
		for _, a := range args {
			if t := typeOf(a); !isNullType(t) {
				return t
			}
		}
		return types.NullType{}
	}
	switch name {
	case "count", "char_length", "length", "rank", "dense_rank", "row_number", "ntile":
		return types.Integer{}
	case "sum", "min", "max", "coalesce", "lag", "lead", "first_value", "last_value", "nth_value", "abs", "nullif", "greatest", "least":
		return fromArgs()
	case "avg":
		if t := fromArgs(); t.Affinity() == types.AffinityNumeric {
			return t
		}
		return types.Numeric{}
	case "percent_rank", "cume_dist", "random":
		return types.Double{}
	case "now", "current_timestamp", "localtimestamp", "sysdate":
		return types.DateTime{Timezone: name == "now" || name == "current_timestamp"}
	case "current_date":
		return types.Date{}
	case "current_time", "localtime":
		return types.Time{}
	case "lower", "upper", "trim", "ltrim", "rtrim", "concat", "substr", "substring", "replace",
		"current_user", "session_user", "user", "group_concat", "string_agg":
		return types.String{}
	}
	return types.NullType{}
}

func isNullType(t types.Type) bool {
	_, null := t.(types.NullType)
	return null
}

// Typed returns a copy of the call with result type t.
func (f *Function) Typed(t types.Type) *Function {
	n := *f
	n.typ = t
	n.self = &n
	return &n
}

// Name returns the function's name.
func (f *Function) Name() string { return f.name }

// Args returns the arguments.
func (f *Function) Args() []ColumnElement { return f.args }

// Type implements ColumnElement.
func (f *Function) Type() types.Type { return f.typ }

// ResultName implements Named: a function is anonymous in a select list
// (labelled count_1) but its name is a useful hint.
func (f *Function) ResultName() string { return "" }

// Filter returns name(...) FILTER (WHERE conds...), for aggregates; the
// conditions are joined with AND.
func (f *Function) Filter(conds ...ColumnElement) *FunctionFilter {
	ff := &FunctionFilter{fn: f, where: whereOf(conds)}
	ff.self = ff
	return ff
}

// whereOf is conds joined with AND; a single condition stays as it is.
func whereOf(conds []ColumnElement) ColumnElement {
	if len(conds) == 1 && conds[0] != nil {
		return Untyped(conds[0])
	}
	return And(conds...)
}

// Over returns the call as a window function: name(...) OVER (...).
func (f *Function) Over(w Window) *Over { return newOver(f, w) }

// WriteSQL implements Element.
func (f *Function) WriteSQL(c *Compiler) { c.writeFunction(f) }

// WriteCacheKey implements Element.
func (f *Function) WriteCacheKey(k *CacheKey) {
	k.Tag(tagFunction)
	k.String(f.schema)
	k.String(f.name)
	k.Bool(f.noParens)
	k.Type(f.typ)
	k.Elements(f.args)
}

// WriteArgs writes the parenthesized argument list; dialect hooks that
// rename a function use it.
func (f *Function) WriteArgs(c *Compiler) {
	c.WriteByte('(')
	if len(f.args) == 0 && strings.EqualFold(f.name, "count") {
		c.WriteByte('*')
	} else {
		writeList(c, f.args, ", ")
	}
	c.WriteByte(')')
}

// FunctionFilter is an aggregate with FILTER (WHERE ...).
type FunctionFilter struct {
	ColumnOps
	fn    *Function
	where ColumnElement
}

// Type implements ColumnElement.
func (f *FunctionFilter) Type() types.Type { return typeOf(f.fn) }

// Over returns the filtered aggregate as a window function.
func (f *FunctionFilter) Over(w Window) *Over { return newOver(f, w) }

// Filter returns the aggregate with more FILTER conditions, joined with
// AND to those it has.
func (f *FunctionFilter) Filter(conds ...ColumnElement) *FunctionFilter {
	ff := &FunctionFilter{fn: f.fn, where: And(append([]ColumnElement{f.where}, conds...)...)}
	ff.self = ff
	return ff
}

// WriteSQL implements Element.
func (f *FunctionFilter) WriteSQL(c *Compiler) { c.writeFilter(f) }

// WriteCacheKey implements Element.
func (f *FunctionFilter) WriteCacheKey(k *CacheKey) {
	k.Tag(tagFilter)
	k.Element(f.fn)
	k.Element(f.where)
}

// Window is the OVER (...) clause of a window function. At most one of
// Rows, Range and Groups may be set.
type Window struct {
	PartitionBy []ColumnElement
	OrderBy     []ColumnElement
	Rows        *Frame // ROWS BETWEEN ...
	Range       *Frame // RANGE BETWEEN ...
	Groups      *Frame // GROUPS BETWEEN ...
}

// Frame is a window frame: BETWEEN Start AND End.
type Frame struct {
	Start, End FrameBound
}

// FrameBound is one end of a window frame. Build one with Preceding,
// Following, CurrentRow, UnboundedPreceding or UnboundedFollowing. An
// offset is a bound parameter, or a literal on dialects whose hooks set
// LiteralLimits.
type FrameBound struct {
	kind   frameKind
	offset int64
	bind   *BindParam
}

type frameKind uint8

const (
	frameUnboundedPreceding frameKind = iota + 1
	framePreceding
	frameCurrentRow
	frameFollowing
	frameUnboundedFollowing
)

// Frame bounds.
var (
	UnboundedPreceding = FrameBound{kind: frameUnboundedPreceding}
	UnboundedFollowing = FrameBound{kind: frameUnboundedFollowing}
	CurrentRow         = FrameBound{kind: frameCurrentRow}
)

// Preceding returns the bound "n PRECEDING"; n must not be negative.
func Preceding(n int64) FrameBound {
	return FrameBound{kind: framePreceding, offset: n, bind: newBindValue("param", n, types.Integer{})}
}

// Following returns the bound "n FOLLOWING"; n must not be negative.
func Following(n int64) FrameBound {
	return FrameBound{kind: frameFollowing, offset: n, bind: newBindValue("param", n, types.Integer{})}
}

// writeCacheKey writes the bound's kind and, for an offset, its parameter
// (and, where offsets are written inline, its value).
func (b FrameBound) writeCacheKey(k *CacheKey) {
	k.Int(int(b.kind))
	if b.bind == nil {
		return
	}
	k.Bool(b.offset < 0)
	k.limit(b.bind)
}

// Over is a window function call: fn OVER (PARTITION BY ... ORDER BY ...
// frame).
type Over struct {
	ColumnOps
	elem   ColumnElement
	window Window
}

func newOver(e ColumnElement, w Window) *Over {
	// The window's lists are copied: the caller's slices stay the caller's.
	w.PartitionBy = slices.Clone(untypedAll(w.PartitionBy))
	w.OrderBy = slices.Clone(untypedAll(w.OrderBy))
	o := &Over{elem: e, window: w}
	o.self = o
	return o
}

// Type implements ColumnElement.
func (o *Over) Type() types.Type { return typeOf(o.elem) }

// WriteSQL implements Element.
func (o *Over) WriteSQL(c *Compiler) { c.writeOver(o) }

// WriteCacheKey implements Element.
func (o *Over) WriteCacheKey(k *CacheKey) {
	k.Tag(tagOver)
	k.Element(o.elem)
	k.Elements(o.window.PartitionBy)
	k.Elements(o.window.OrderBy)
	for _, f := range [...]*Frame{o.window.Rows, o.window.Range, o.window.Groups} {
		if f == nil {
			k.Int(-1)
			continue
		}
		f.Start.writeCacheKey(k)
		f.End.writeCacheKey(k)
	}
}
