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
	key       string // the user's name; "" for an anonymous parameter
	base      string // the name an anonymous parameter is numbered after
	value     any
	hasValue  bool
	typ       types.Type
	expanding bool
	fn        func() any // evaluated at each execution (a column default)
}

// Bind returns a named bind parameter without a value: its value comes from
// the parameters given at execution (conn.Execute(ctx, stmt, Params{name:
// v})). Use WithValue to give it a default, WithType to type it and
// Expanding to make it hold a list for IN.
func Bind(name string) *BindParam {
	b := &BindParam{key: name, typ: types.NullType{}}
	b.self = b
	return b
}

// Literal returns v as an anonymous bound value; its type is inferred from
// the Go value unless t is given.
func Literal(v any, t ...types.Type) *BindParam {
	b := &BindParam{value: v, hasValue: true}
	if len(t) > 0 {
		b.typ = t[0]
	} else {
		b.typ = types.Of(v)
	}
	b.self = b
	return b
}

func (b *BindParam) clone() *BindParam {
	n := *b
	n.self = &n
	return &n
}

// WithValue returns a copy of the parameter holding v.
func (b *BindParam) WithValue(v any) *BindParam {
	n := b.clone()
	n.value, n.hasValue = v, true
	if _, unknown := n.typ.(types.NullType); unknown && v != nil {
		n.typ = types.Of(v)
	}
	return n
}

// WithType returns a copy of the parameter with SQL type t.
func (b *BindParam) WithType(t types.Type) *BindParam {
	n := b.clone()
	n.typ = t
	return n
}

// Expanding returns a copy of the parameter that holds a list of values
// for IN: each element becomes one placeholder at execution.
func (b *BindParam) Expanding() *BindParam {
	n := b.clone()
	n.expanding = true
	return n
}

// Key returns the parameter's name, "" for an anonymous one.
func (b *BindParam) Key() string { return b.key }

// Value returns the parameter's value and whether it has one.
func (b *BindParam) Value() (any, bool) { return b.value, b.hasValue }

// Type implements ColumnElement.
func (b *BindParam) Type() types.Type {
	if b.typ == nil {
		return types.NullType{}
	}
	return b.typ
}

// WriteSQL implements Element.
func (b *BindParam) WriteSQL(c *Compiler) { c.WriteBind(b) }

// WriteCacheKey implements Element: the type and name shape the SQL, the
// value does not (except the length of an expanding list, see Compiler).
func (b *BindParam) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBind)
	k.String(b.key)
	k.String(b.base)
	k.Type(b.Type())
	k.Bool(b.expanding)
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

// literalColumn is SQL text used as a column expression, as written.
type literalColumn struct {
	ColumnOps
	text string
	typ  types.Type
}

// LiteralColumn returns text as a column expression, rendered exactly as
// written (SQLAlchemy's literal_column). Never build text from user input:
// it is not escaped.
func LiteralColumn(text string, t ...types.Type) ColumnElement {
	l := &literalColumn{text: text, typ: types.NullType{}}
	if len(t) > 0 {
		l.typ = t[0]
	}
	l.self = l
	return l
}

func (l *literalColumn) Type() types.Type     { return l.typ }
func (l *literalColumn) ResultName() string   { return l.text }
func (l *literalColumn) WriteSQL(c *Compiler) { c.WriteString(l.text) }
func (l *literalColumn) WriteCacheKey(k *CacheKey) {
	k.Tag(tagLiteralColumn)
	k.String(l.text)
	k.Type(l.typ)
}

// LiteralValue returns v rendered inline as a SQL literal, not bound.
// Only strings, numbers and booleans are accepted; it exists for constants
// such as the '%' that StartsWith appends, and is escaped by the dialect.
func LiteralValue(v any) ColumnElement {
	l := &inlineLiteral{value: v, typ: types.Of(v)}
	l.self = l
	return l
}

type inlineLiteral struct {
	ColumnOps
	value any
	typ   types.Type
}

func (l *inlineLiteral) Type() types.Type     { return l.typ }
func (l *inlineLiteral) WriteSQL(c *Compiler) { c.writeLiteral(l.value) }
func (l *inlineLiteral) WriteCacheKey(k *CacheKey) {
	k.Tag(tagInlineLiteral)
	k.String(fmt.Sprintf("%T:%v", l.value, l.value))
}

// identifierElement renders a name, quoted when the dialect needs it.
type identifierElement struct {
	ColumnOps
	name string
}

func (i *identifierElement) Type() types.Type          { return types.NullType{} }
func (i *identifierElement) WriteSQL(c *Compiler)      { c.WriteIdentifier(i.name) }
func (i *identifierElement) WriteCacheKey(k *CacheKey) { k.Tag(tagIdentifier); k.String(i.name) }

// BinaryExpression is left operator right: a comparison, arithmetic,
// LIKE, IN, BETWEEN, concatenation.
type BinaryExpression struct {
	ColumnOps
	left, right ColumnElement
	operator    *Operator
	typ         types.Type
	escape      string // LIKE ... ESCAPE
}

func newBinary(left ColumnElement, op *Operator, right ColumnElement) *BinaryExpression {
	b := &BinaryExpression{left: group(left, op), right: group(right, op), operator: op}
	if op.Comparison {
		b.typ = types.Boolean{}
	} else {
		b.typ = left.Type()
	}
	b.self = b
	return b
}

// Left returns the left operand.
func (b *BinaryExpression) Left() ColumnElement { return b.left }

// Right returns the right operand.
func (b *BinaryExpression) Right() ColumnElement { return b.right }

// Operator returns the operator.
func (b *BinaryExpression) Operator() *Operator { return b.operator }

// Type implements ColumnElement.
func (b *BinaryExpression) Type() types.Type { return b.typ }

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
	k.String(b.operator.Name)
	k.String(b.operator.Text)
	k.String(b.escape)
	k.Type(b.typ)
	k.Element(b.left)
	k.Element(b.right)
}

// inList is the parenthesized list on the right of IN.
type inList struct {
	ColumnOps
	items []ColumnElement
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

func (r *betweenRange) Type() types.Type { return types.NullType{} }
func (r *betweenRange) WriteSQL(c *Compiler) {
	c.Write(group(r.lo, OpAnd))
	c.WriteString(" AND ")
	c.Write(group(r.hi, OpAnd))
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

func modifier(e ColumnElement, m *Operator) *UnaryExpression {
	u := &UnaryExpression{modifier: m, elem: e, typ: e.Type()}
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
	if u.operator != nil {
		k.String(u.operator.Name)
	} else {
		k.String("")
	}
	if u.modifier != nil {
		k.String(u.modifier.Name)
	} else {
		k.String("")
	}
	k.Element(u.elem)
}

// BooleanList is conditions joined by AND or OR.
type BooleanList struct {
	ColumnOps
	operator *Operator
	items    []ColumnElement
}

// And joins conditions with AND. Nested ANDs flatten; with no conditions
// it renders nothing where a WHERE clause would be, and TRUE elsewhere.
func And(conds ...ColumnElement) *BooleanList { return boolList(OpAnd, conds) }

// Or joins conditions with OR. With no conditions it is FALSE.
func Or(conds ...ColumnElement) *BooleanList { return boolList(OpOr, conds) }

func boolList(op *Operator, conds []ColumnElement) *BooleanList {
	l := &BooleanList{operator: op, items: make([]ColumnElement, 0, len(conds))}
	for _, cond := range conds {
		if cond == nil {
			continue
		}
		if inner, ok := cond.(*BooleanList); ok && inner.operator == op {
			l.items = append(l.items, inner.items...)
			continue
		}
		l.items = append(l.items, group(cond, op))
	}
	l.self = l
	return l
}

// Len returns the number of conditions.
func (l *BooleanList) Len() int { return len(l.items) }

// Type implements ColumnElement.
func (l *BooleanList) Type() types.Type { return types.Boolean{} }

// SelfGroup implements Grouper.
func (l *BooleanList) SelfGroup(against *Operator) ColumnElement {
	if len(l.items) > 1 && needsGroup(l.operator, against) {
		return newGrouping(l)
	}
	return l
}

// WriteSQL implements Element.
func (l *BooleanList) WriteSQL(c *Compiler) {
	switch len(l.items) {
	case 0:
		c.writeBoolConst(l.operator == OpAnd)
	default:
		writeList(c, l.items, l.operator.Text)
	}
}

// WriteCacheKey implements Element.
func (l *BooleanList) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBoolList)
	k.String(l.operator.Name)
	k.Elements(l.items)
}

// Not negates a condition: a comparison takes its negated operator (= to
// !=, IN to NOT IN, LIKE to NOT LIKE), NOT NOT x is x, anything else is
// NOT (x).
func Not(e ColumnElement) ColumnElement {
	switch x := e.(type) {
	case *BinaryExpression:
		if x.operator.negate != nil {
			n := *x
			n.operator = x.operator.negate
			n.self = &n
			return &n
		}
	case *UnaryExpression:
		if x.operator == OpNot {
			return x.elem
		}
	case *Grouping:
		return Not(x.inner)
	case *boolConst:
		if x.v {
			return theFalse
		}
		return theTrue
	}
	u := &UnaryExpression{operator: OpNot, elem: group(e, OpNot), typ: types.Boolean{}}
	u.self = u
	return u
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

// Type implements ColumnElement.
func (g *Grouping) Type() types.Type { return g.inner.Type() }

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
// and the result column's key.
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
func (l *Label) Type() types.Type { return l.elem.Type() }

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

// NewCast returns CAST(e AS t). Values bound under a cast take the cast's
// type.
func NewCast(e ColumnElement, t types.Type) *Cast {
	if b, ok := e.(*BindParam); ok {
		if _, unknown := b.typ.(types.NullType); unknown || b.key == "" {
			e = b.WithType(t)
		}
	}
	c := &Cast{elem: e, typ: t}
	c.self = c
	return c
}

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

// Coerce returns e typed as t.
func Coerce(e ColumnElement, t types.Type) *TypeCoerce {
	if b, ok := e.(*BindParam); ok {
		e = b.WithType(t)
	}
	x := &TypeCoerce{elem: e, typ: t}
	x.self = x
	return x
}

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

// Tuple is a parenthesized list of expressions: (a, b), for tuple
// comparisons and IN over several columns.
type Tuple struct {
	ColumnOps
	items []ColumnElement
}

// NewTuple returns (e1, e2, ...). Go values become bound values.
func NewTuple(items ...any) *Tuple {
	t := &Tuple{items: make([]ColumnElement, len(items))}
	for i, v := range items {
		t.items[i] = coerceAgainst(v, nil)
	}
	t.self = t
	return t
}

// Items returns the tuple's expressions.
func (t *Tuple) Items() []ColumnElement { return t.items }

// Type implements ColumnElement.
func (t *Tuple) Type() types.Type { return types.NullType{} }

// WriteSQL implements Element.
func (t *Tuple) WriteSQL(c *Compiler) {
	c.WriteByte('(')
	writeList(c, t.items, ", ")
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (t *Tuple) WriteCacheKey(k *CacheKey) { k.Tag(tagTuple); k.Elements(t.items) }

// In on a tuple coerces tuple operands element-wise: Go slices of values
// become tuples typed like the tuple's items.
func (t *Tuple) In(values ...any) *BinaryExpression {
	return t.ColumnOps.In(t.coerceRows(values)...)
}

// NotIn is the negation of In.
func (t *Tuple) NotIn(values ...any) *BinaryExpression {
	return t.ColumnOps.NotIn(t.coerceRows(values)...)
}

func (t *Tuple) coerceRows(values []any) []any {
	out := make([]any, len(values))
	for i, v := range values {
		if row, ok := v.([]any); ok {
			tup := &Tuple{items: make([]ColumnElement, len(row))}
			for j, x := range row {
				var against ColumnElement
				if j < len(t.items) {
					against = t.items[j]
				}
				tup.items[j] = coerceAgainst(x, against)
			}
			tup.self = tup
			out[i] = tup
			continue
		}
		out[i] = v
	}
	return out
}

// Case is a CASE expression.
type Case struct {
	ColumnOps
	value ColumnElement // CASE value WHEN ... (nil for searched CASE)
	whens []When
	els   ColumnElement
	typ   types.Type
}

// When is one WHEN condition THEN result branch of a Case.
type When struct {
	Cond   any // a condition, or a value to compare with Case's value
	Result any // the result: an expression or a Go value
}

// NewCase returns CASE WHEN c1 THEN r1 ... END. Results that are Go values
// are bound; the type is the first typed result's.
func NewCase(whens ...When) *Case { return newCase(nil, whens) }

// NewCaseValue returns CASE value WHEN v1 THEN r1 ... END.
func NewCaseValue(value ColumnElement, whens ...When) *Case { return newCase(value, whens) }

func newCase(value ColumnElement, whens []When) *Case {
	c := &Case{value: value, typ: types.NullType{}}
	for _, w := range whens {
		cond := coerceAgainst(w.Cond, value)
		res := coerceAgainst(w.Result, nil)
		if _, unknown := c.typ.(types.NullType); unknown {
			c.typ = res.Type()
		}
		c.whens = append(c.whens, When{Cond: cond, Result: res})
	}
	c.self = c
	return c
}

// Else returns a copy of the CASE with an ELSE branch.
func (x *Case) Else(v any) *Case {
	n := *x
	n.els = coerceAgainst(v, nil)
	if _, unknown := n.typ.(types.NullType); unknown {
		n.typ = n.els.Type()
	}
	n.self = &n
	return &n
}

// Type implements ColumnElement.
func (x *Case) Type() types.Type { return x.typ }

// WriteSQL implements Element.
func (x *Case) WriteSQL(c *Compiler) {
	c.WriteString("CASE")
	if x.value != nil {
		c.WriteByte(' ')
		c.Write(x.value)
	}
	for _, w := range x.whens {
		c.WriteString(" WHEN ")
		c.Write(w.Cond.(ColumnElement))
		c.WriteString(" THEN ")
		c.Write(w.Result.(ColumnElement))
	}
	if x.els != nil {
		c.WriteString(" ELSE ")
		c.Write(x.els)
	}
	c.WriteString(" END")
}

// WriteCacheKey implements Element.
func (x *Case) WriteCacheKey(k *CacheKey) {
	k.Tag(tagCase)
	k.Element(x.value)
	k.Int(len(x.whens))
	for _, w := range x.whens {
		k.Element(w.Cond.(ColumnElement))
		k.Element(w.Result.(ColumnElement))
	}
	k.Element(x.els)
}
