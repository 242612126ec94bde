package sql

import (
	"fmt"

	"github.com/athanordb/athanor/types"
)

// BindParam is a bound parameter: a value sent to the database apart from
// the SQL text. Values given to operators become anonymous bind
// parameters; Bind makes a named one whose value can be supplied, or
// replaced, at execution.
type BindParam struct {
	ColumnOps
	// name is the user's name (named), or the name an anonymous parameter
	// is numbered after: see key and base. One field for both keeps the
	// struct 16 bytes smaller.
	name  string
	value any
	typ   types.Type
	// extra holds the rarely set parts, out of line so that the
	// parameters of a many-row INSERT stay small; never changed once
	// set (copies share it).
	extra *bindExtra
	// The small fields last, together: the struct is 16 bytes smaller.
	hasValue  bool
	expanding bool
	affix     uint8 // the value is made a LIKE pattern (StartsWith, ...)
	// cell marks a parameter an INSERT or UPDATE made for a Go value of a
	// column (setCell): named after the column and typed as it. Its cache
	// key is written in short (CacheKey.cell). Copies are not cells.
	cell bool
	// named reports that name is the user's (Bind).
	named bool
}

// key returns the user's name; "" for an anonymous parameter.
func (b *BindParam) key() string {
	if b.named {
		return b.name
	}
	return ""
}

// base returns the name an anonymous parameter is numbered after; "" for
// a named one.
func (b *BindParam) base() string {
	if b.named {
		return ""
	}
	return b.name
}

// bindExtra is the rare part of a BindParam.
type bindExtra struct {
	fn    func() any   // evaluated at each execution (a column default)
	tuple []types.Type // an expanding list of rows for a tuple IN
	block *cellBlock   // the block of a value's stand-in or parameter (cellBlock)
}

// fn returns the function that computes the parameter's value at each
// execution, or nil.
func (b *BindParam) fn() func() any {
	if b.extra == nil {
		return nil
	}
	return b.extra.fn
}

// tuple returns the types of a tuple IN's rows, or nil.
func (b *BindParam) tuple() []types.Type {
	if b.extra == nil {
		return nil
	}
	return b.extra.tuple
}

// Bind returns a named bind parameter without a value: its value comes from
// the parameters given at execution (conn.Execute(ctx, stmt, Params{name:
// v})). Use WithValue to give it a default, WithType to type it and
// Expanding to make it hold a list for IN. Parameters of one statement
// that share a name take the same value.
func Bind(name string) *BindParam {
	b := &BindParam{name: name, named: name != "", typ: types.NullType{}}
	b.self = b
	return b
}

// Literal returns v as an anonymous bound value (named param_1, ...); its
// type is inferred from the Go value unless t is given. It is how a Go
// value becomes an expression: Literal("a").Concat(col).
func Literal(v any, t ...types.Type) *BindParam {
	b := &BindParam{value: v, hasValue: true}
	if len(t) > 0 && t[0] != nil {
		b.typ = t[0]
	} else {
		b.typ = types.Of(v)
	}
	b.self = b
	return b
}

// newBindValue returns an anonymous bind parameter holding v.
func newBindValue(base string, v any, t types.Type) *BindParam {
	b := &BindParam{}
	b.setValue(base, v, t)
	return b
}

// setValue makes b an anonymous bind parameter holding v (b is new).
func (b *BindParam) setValue(base string, v any, t types.Type) {
	*b = BindParam{name: base, value: v, hasValue: true, typ: t}
	b.self = b
}

// setCell makes b the parameter of column c holding the Go value v, in an
// INSERT's row or an UPDATE's SET: a cell (see CacheKey.cell) when it
// takes the column's own type.
func (b *BindParam) setCell(c *Column, v any) {
	t, own := c.typ, c.typ != nil
	if own {
		_, unknown := t.(types.NullType)
		own = !unknown
	}
	if !own {
		t = bindType(v, nil)
	}
	*b = BindParam{name: c.name, value: v, hasValue: true, typ: t, cell: own}
	b.self = b
}

func (b *BindParam) clone() *BindParam {
	n := *b
	n.self = &n
	n.cell = false
	if n.extra != nil && n.extra.block != nil {
		n.extra = nil // a block's extra holds nothing else
	}
	return &n
}

// WithValue returns a copy of the parameter holding v.
func (b *BindParam) WithValue(v any) *BindParam {
	n := b.clone()
	n.value, n.hasValue = v, true
	if _, unknown := n.Type().(types.NullType); unknown && v != nil && !n.expanding {
		n.typ = types.Of(v)
	}
	return n
}

// WithFunc returns a copy of the parameter whose value is fn's result,
// computed at each execution (SQLAlchemy's callable_); a value given at
// execution still takes precedence.
func (b *BindParam) WithFunc(fn func() any) *BindParam {
	n := b.clone()
	n.extra = &bindExtra{fn: fn, tuple: b.tuple()}
	n.hasValue, n.value = false, nil
	return n
}

// WithType returns a copy of the parameter with SQL type t.
func (b *BindParam) WithType(t types.Type) *BindParam {
	n := b.clone()
	n.typ = t
	return n
}

// Expanding returns a copy of the parameter that holds a list of values
// for IN: each element becomes one placeholder at execution, and an empty
// list makes the IN false (NOT IN true).
func (b *BindParam) Expanding() *BindParam {
	n := b.clone()
	n.expanding = true
	return n
}

// Key returns the parameter's name, "" for an anonymous one.
func (b *BindParam) Key() string { return b.key() }

// Value returns the parameter's value and whether it has one.
func (b *BindParam) Value() (any, bool) { return b.value, b.hasValue }

// IsExpanding reports whether the parameter holds a list for IN.
func (b *BindParam) IsExpanding() bool { return b.expanding }

// Type implements ColumnElement.
func (b *BindParam) Type() types.Type {
	if b.typ == nil {
		return types.NullType{}
	}
	return b.typ
}

// WriteSQL implements Element.
func (b *BindParam) WriteSQL(c *Compiler) { c.WriteBind(b) }

// WriteCacheKey implements Element: the name, type and kind shape the SQL
// and the parameter's conversion; the value does not.
func (b *BindParam) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBind)
	k.String(b.key())
	k.String(b.base())
	k.Type(b.Type())
	k.Bool(b.expanding)
	k.buf = append(k.buf, b.affix)
	tuple := b.tuple()
	k.Int(len(tuple))
	for _, t := range tuple {
		k.Type(t)
	}
	k.addBind(b)
}

// nullElement is SQL's NULL.
type nullElement struct{ ColumnOps }

var theNull = func() *nullElement { n := &nullElement{}; n.self = n; return n }()

// Null returns the SQL NULL constant.
func Null() ColumnElement { return theNull }

func (*nullElement) Type() types.Type          { return types.NullType{} }
func (*nullElement) WriteSQL(c *Compiler)      { c.WriteString("NULL") }
func (*nullElement) WriteCacheKey(k *CacheKey) { k.Tag(tagNull) }

// boolConst is TRUE or FALSE.
type boolConst struct {
	ColumnOps
	v bool
}

var (
	theTrue  = func() *boolConst { b := &boolConst{v: true}; b.self = b; return b }()
	theFalse = func() *boolConst { b := &boolConst{v: false}; b.self = b; return b }()
)

// True returns the boolean constant true: TRUE, or 1 (or 1 = 1 in a
// condition) on databases without boolean literals.
func True() ColumnElement { return theTrue }

// False returns the boolean constant false.
func False() ColumnElement { return theFalse }

func (*boolConst) Type() types.Type { return types.Boolean{} }
func (b *boolConst) WriteSQL(c *Compiler) {
	c.writeBoolConst(b.v)
}
func (b *boolConst) WriteCacheKey(k *CacheKey) { k.Tag(tagBool); k.Bool(b.v) }

// RawColumn is SQL text used as a column expression, as written: see
// LiteralColumn.
type RawColumn struct {
	ColumnOps
	text string
	typ  types.Type
}

// LiteralColumn returns text as a column expression, rendered exactly as
// written (SQLAlchemy's literal_column); in a select list its name is the
// text. Never build text from user input: it is not escaped.
func LiteralColumn(text string, t ...types.Type) *RawColumn {
	l := &RawColumn{text: text, typ: types.NullType{}}
	if len(t) > 0 && t[0] != nil {
		l.typ = t[0]
	}
	l.self = l
	return l
}

// Type implements ColumnElement.
func (l *RawColumn) Type() types.Type { return l.typ }

// ResultName implements Named: the text.
func (l *RawColumn) ResultName() string { return l.text }

// WriteSQL implements Element.
func (l *RawColumn) WriteSQL(c *Compiler) { c.WriteString(l.text) }

// WriteCacheKey implements Element.
func (l *RawColumn) WriteCacheKey(k *CacheKey) {
	k.Tag(tagLiteralColumn)
	k.String(l.text)
	k.Type(l.typ)
}

// LiteralValue returns v written inline as a SQL literal, not bound:
// strings quoted (quotes doubled, or as the dialect escapes them),
// numbers and booleans as they are. It is meant for constants of the
// program, such as the '%' that Contains puts around an expression; a
// value from outside belongs in a bind parameter.
func LiteralValue(v any) *InlineLiteral {
	l := &InlineLiteral{value: v, typ: types.Of(v)}
	l.self = l
	return l
}

// InlineLiteral is a value written into the SQL text: see LiteralValue.
type InlineLiteral struct {
	ColumnOps
	value any
	typ   types.Type
}

// Type implements ColumnElement.
func (l *InlineLiteral) Type() types.Type { return l.typ }

// WriteSQL implements Element.
func (l *InlineLiteral) WriteSQL(c *Compiler) { c.writeLiteral(l.value) }

// WriteCacheKey implements Element: the value is part of the SQL text,
// so it is part of the key.
func (l *InlineLiteral) WriteCacheKey(k *CacheKey) {
	k.Tag(tagInlineLiteral)
	k.goType(l.value)
	n := len(k.buf)
	k.buf = appendLiteral(append(k.buf, 0, 0, 0, 0), l.value, true)
	size := len(k.buf) - n - 4
	k.buf[n], k.buf[n+1], k.buf[n+2], k.buf[n+3] = byte(size), byte(size>>8), byte(size>>16), byte(size>>24)
}

// identifierElement renders a name, quoted when the dialect needs it.
type identifierElement struct {
	ColumnOps
	name string
}

func (i *identifierElement) Type() types.Type          { return types.NullType{} }
func (i *identifierElement) WriteSQL(c *Compiler)      { c.WriteIdentifier(i.name) }
func (i *identifierElement) WriteCacheKey(k *CacheKey) { k.Tag(tagIdentifier); k.String(i.name) }

// errorElement stands for an expression that could not be built: it
// fails the compilation with err. Construction never fails; this is how
// its mistakes reach the caller.
type errorElement struct {
	ColumnOps
	err error
}

func newErrorElement(err error) *errorElement {
	e := &errorElement{err: err}
	e.self = e
	return e
}

func (e *errorElement) Type() types.Type     { return types.NullType{} }
func (e *errorElement) WriteSQL(c *Compiler) { c.Fail(e.err) }
func (e *errorElement) WriteCacheKey(k *CacheKey) {
	k.Tag(tagError)
	k.String(e.err.Error())
}

func argumentError(format string, args ...any) *errorElement {
	return newErrorElement(fmt.Errorf("%w: "+format, append([]any{ErrArgument}, args...)...))
}

// BinaryExpression is left operator right: a comparison, arithmetic,
// LIKE, IN, BETWEEN, concatenation.
type BinaryExpression struct {
	ColumnOps
	left, right ColumnElement
	operator    *Operator
	typ         types.Type
	// escape is LIKE ... ESCAPE's character as text, or nil: out of line,
	// as it is rare, so that comparisons stay small.
	escape *string
}

// escapeText returns the text of LIKE ... ESCAPE, or "".
func (b *BinaryExpression) escapeText() string {
	if b.escape == nil {
		return ""
	}
	return *b.escape
}

func newBinary(left ColumnElement, op *Operator, right ColumnElement) *BinaryExpression {
	b := &BinaryExpression{}
	b.init(left, op, right)
	return b
}

func (b *BinaryExpression) init(left ColumnElement, op *Operator, right ColumnElement) {
	b.set(left, op, right)
	b.left, b.right = group(left, op), group(right, op)
}

// set makes b left op right as given, without grouping the operands (a
// column or a value needs none): a comparison is boolean, another
// operator has its left operand's type.
func (b *BinaryExpression) set(left ColumnElement, op *Operator, right ColumnElement) {
	b.left, b.right, b.operator = left, right, op
	if op.Comparison {
		b.typ = types.Boolean{}
	} else {
		b.typ = typeOf(left)
	}
	b.self = b
}

// boundBinary is a comparison with a value, allocated in one piece: the
// common case of an operator, built often.
type boundBinary struct {
	bin  BinaryExpression
	bind BindParam
}

// newBoundBinary returns left op v, v bound as t named after base.
func newBoundBinary(left ColumnElement, op *Operator, v any, t types.Type, base string) *BinaryExpression {
	p := new(boundBinary)
	p.bind.name, p.bind.value, p.bind.hasValue, p.bind.typ = base, v, true, t
	p.bind.self = &p.bind
	p.bin.init(left, op, &p.bind)
	return &p.bin
}

// newBoundColumnBinary is newBoundBinary for a table column on the left,
// which needs no grouping, named after the column.
func newBoundColumnBinary(left *Column, op *Operator, v any, t types.Type) *BinaryExpression {
	// Set field by field: no whole value built to be copied in.
	p := new(boundBinary)
	p.bind.name, p.bind.value, p.bind.hasValue, p.bind.typ = left.name, v, true, t
	p.bind.self = &p.bind
	p.bin.set(left, op, &p.bind)
	return &p.bin
}

// Left returns the left operand.
func (b *BinaryExpression) Left() ColumnElement { return b.left }

// Right returns the right operand.
func (b *BinaryExpression) Right() ColumnElement { return b.right }

// Operator returns the operator.
func (b *BinaryExpression) Operator() *Operator { return b.operator }

// Type implements ColumnElement.
func (b *BinaryExpression) Type() types.Type { return b.typ }

// Escape returns a copy of a LIKE (or ILIKE) comparison with an escape
// character: x LIKE :p ESCAPE '\'. On other operators the copy fails to
// compile.
func (b *BinaryExpression) Escape(ch rune) *BinaryExpression {
	n := *b
	esc := string(ch)
	n.escape = &esc
	n.self = &n
	return &n
}

// SelfGroup implements Grouper.
func (b *BinaryExpression) SelfGroup(against *Operator) ColumnElement {
	if needsGroup(b.operator, against) {
		return newGrouping(b)
	}
	return b
}

// WriteSQL implements Element.
func (b *BinaryExpression) WriteSQL(c *Compiler) { c.writeBinary(b) }

// WriteCacheKey implements Element.
func (b *BinaryExpression) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBinary)
	k.operator(b.operator)
	k.String(b.escapeText())
	k.Type(b.typ)
	k.Element(b.left)
	k.Element(b.right)
}

// inList is the parenthesized list on the right of IN.
type inList struct {
	ColumnOps
	items []ColumnElement
}

func newInList(items []ColumnElement) *inList {
	l := &inList{items: items}
	l.self = l
	return l
}

func (l *inList) Type() types.Type { return types.NullType{} }
func (l *inList) WriteSQL(c *Compiler) {
	c.WriteByte('(')
	writeList(c, l.items, ", ")
	c.WriteByte(')')
}
func (l *inList) WriteCacheKey(k *CacheKey) {
	k.Tag(tagInList)
	k.Elements(l.items)
}

// betweenRange is "lo AND hi" on the right of BETWEEN.
type betweenRange struct {
	ColumnOps
	lo, hi ColumnElement
}

func newBetweenRange(lo, hi ColumnElement) *betweenRange {
	r := &betweenRange{lo: group(lo, OpBetween), hi: group(hi, OpBetween)}
	r.self = r
	return r
}

func (r *betweenRange) Type() types.Type { return types.NullType{} }
func (r *betweenRange) WriteSQL(c *Compiler) {
	c.Write(r.lo)
	c.WriteString(" AND ")
	c.Write(r.hi)
}
func (r *betweenRange) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBetween)
	k.Element(r.lo)
	k.Element(r.hi)
}

// UnaryExpression is an operator applied to one operand: NOT x, -x,
// EXISTS (...), DISTINCT x, or an ordering modifier (x DESC, x NULLS LAST).
type UnaryExpression struct {
	ColumnOps
	operator *Operator // prefix operator
	modifier *Operator // postfix modifier
	elem     ColumnElement
	typ      types.Type
}

func newUnary(op *Operator, e ColumnElement, t types.Type) *UnaryExpression {
	u := &UnaryExpression{operator: op, elem: group(e, op), typ: t}
	u.self = u
	return u
}

func modifier(e ColumnElement, m *Operator) *UnaryExpression {
	u := &UnaryExpression{modifier: m, elem: e, typ: typeOf(e)}
	u.self = u
	return u
}

// Element returns the operand.
func (u *UnaryExpression) Element() ColumnElement { return u.elem }

// Modifier returns the postfix modifier (OpDesc, OpNullsLast...), or nil
// for a prefix operator (NOT, -).
func (u *UnaryExpression) Modifier() *Operator { return u.modifier }

// Type implements ColumnElement.
func (u *UnaryExpression) Type() types.Type { return u.typ }

// SelfGroup implements Grouper.
func (u *UnaryExpression) SelfGroup(against *Operator) ColumnElement {
	op := u.operator
	if op == nil {
		op = u.modifier
	}
	if u.operator == OpExists {
		return u
	}
	if needsGroup(op, against) {
		return newGrouping(u)
	}
	return u
}

// WriteSQL implements Element.
func (u *UnaryExpression) WriteSQL(c *Compiler) {
	if u.self == nil {
		u.self = u
	}
	c.writeUnary(u)
}

// WriteCacheKey implements Element.
func (u *UnaryExpression) WriteCacheKey(k *CacheKey) {
	k.Tag(tagUnary)
	k.operator(u.operator)
	k.operator(u.modifier)
	k.Type(u.typ)
	k.Element(u.elem)
}

// Grouping is a parenthesized expression.
type Grouping struct {
	ColumnOps
	inner ColumnElement
}

func newGrouping(e ColumnElement) *Grouping {
	g := &Grouping{inner: e}
	g.self = g
	return g
}

// Element returns the parenthesized expression.
func (g *Grouping) Element() ColumnElement { return g.inner }

// Type implements ColumnElement.
func (g *Grouping) Type() types.Type { return typeOf(g.inner) }

// ResultName implements Named: parentheses keep the name.
func (g *Grouping) ResultName() string { return nameOf(g.inner) }

// WriteSQL implements Element.
func (g *Grouping) WriteSQL(c *Compiler) {
	if g.self == nil {
		g.self = g
	}
	c.WriteByte('(')
	c.Write(g.inner)
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (g *Grouping) WriteCacheKey(k *CacheKey) { k.Tag(tagGrouping); k.Element(g.inner) }

// Label is an expression with a name: "expr AS name" in a select list,
// and the result column's key. Elsewhere it is its expression.
type Label struct {
	ColumnOps
	name string
	elem ColumnElement
}

// NewLabel names e.
func NewLabel(name string, e ColumnElement) *Label {
	l := &Label{name: name, elem: Untyped(e)}
	l.self = l
	return l
}

// Name returns the label's name.
func (l *Label) Name() string { return l.name }

// Element returns the labeled expression.
func (l *Label) Element() ColumnElement { return l.elem }

// ResultName implements Named.
func (l *Label) ResultName() string { return l.name }

// Type implements ColumnElement.
func (l *Label) Type() types.Type { return typeOf(l.elem) }

// SelfGroup implements Grouper: as an operand, the labeled expression is
// parenthesized as it would be on its own.
func (l *Label) SelfGroup(against *Operator) ColumnElement {
	inner := group(l.elem, against)
	if inner == l.elem {
		return l
	}
	return NewLabel(l.name, inner)
}

// WriteSQL implements Element.
func (l *Label) WriteSQL(c *Compiler) { c.writeLabel(l) }

// WriteCacheKey implements Element.
func (l *Label) WriteCacheKey(k *CacheKey) { k.Tag(tagLabel); k.String(l.name); k.Element(l.elem) }

// Cast is CAST(expr AS type).
type Cast struct {
	ColumnOps
	elem ColumnElement
	typ  types.Type
}

// NewCast returns CAST(e AS t), whose type is t. Values bound under a
// cast take the cast's type: NewCast(Literal("12"), types.Integer{}).
func NewCast(e ColumnElement, t types.Type) *Cast {
	e = Untyped(e)
	if b, ok := e.(*BindParam); ok && b != nil {
		if _, unknown := b.Type().(types.NullType); unknown || !b.named {
			e = b.WithType(t)
		}
	}
	c := &Cast{elem: e, typ: t}
	c.self = c
	return c
}

// Element returns the expression cast.
func (x *Cast) Element() ColumnElement { return x.elem }

// Type implements ColumnElement.
func (x *Cast) Type() types.Type { return x.typ }

// ResultName implements Named: a cast keeps its operand's name.
func (x *Cast) ResultName() string { return nameOf(x.elem) }

// WriteSQL implements Element.
func (x *Cast) WriteSQL(c *Compiler) { c.writeCast(x) }

// WriteCacheKey implements Element.
func (x *Cast) WriteCacheKey(k *CacheKey) { k.Tag(tagCast); k.Type(x.typ); k.Element(x.elem) }

// TypeCoerce gives an expression another SQL type without changing its
// SQL: values are converted as t converts them (SQLAlchemy's type_coerce).
type TypeCoerce struct {
	ColumnOps
	elem ColumnElement
	typ  types.Type
}

// Coerce returns e typed as t: the SQL is e's, values bound in e and
// results read from it are converted by t.
func Coerce(e ColumnElement, t types.Type) *TypeCoerce {
	e = Untyped(e)
	if b, ok := e.(*BindParam); ok && b != nil {
		e = b.WithType(t)
	}
	x := &TypeCoerce{elem: e, typ: t}
	x.self = x
	return x
}

// Element returns the expression coerced.
func (x *TypeCoerce) Element() ColumnElement { return x.elem }

// Type implements ColumnElement.
func (x *TypeCoerce) Type() types.Type { return x.typ }

// ResultName implements Named.
func (x *TypeCoerce) ResultName() string { return nameOf(x.elem) }

// SelfGroup implements Grouper.
func (x *TypeCoerce) SelfGroup(against *Operator) ColumnElement {
	inner := group(x.elem, against)
	if inner == x.elem {
		return x
	}
	return Coerce(inner, x.typ)
}

// WriteSQL implements Element.
func (x *TypeCoerce) WriteSQL(c *Compiler) { c.Write(x.elem) }

// WriteCacheKey implements Element.
func (x *TypeCoerce) WriteCacheKey(k *CacheKey) { k.Tag(tagCoerce); k.Type(x.typ); k.Element(x.elem) }
