package sql

import "github.com/athanordb/athanor/types"

// Case is a CASE expression: searched (CASE WHEN cond THEN result ...
// END) or simple (CASE value WHEN v THEN result ... END), with an
// optional ELSE.
type Case struct {
	ColumnOps
	value ColumnElement // CASE value WHEN ... (nil for searched CASE)
	whens []caseWhen
	els   ColumnElement
	typ   types.Type
}

// When is one WHEN condition THEN result branch of a Case.
type When struct {
	Cond   any // a condition, or a value to compare with Case's value
	Result any // the result: an expression or a Go value
}

type caseWhen struct {
	cond, result ColumnElement
}

// NewCase returns CASE WHEN c1 THEN r1 ... END. Results that are Go values
// are bound; the CASE's type is its first typed result's.
func NewCase(whens ...When) *Case { return newCase(nil, whens) }

// NewCaseValue returns CASE value WHEN v1 THEN r1 ... END; Go values
// among the v are bound with value's type.
func NewCaseValue(value ColumnElement, whens ...When) *Case {
	return newCase(Untyped(value), whens)
}

func newCase(value ColumnElement, whens []When) *Case {
	c := &Case{value: value, typ: types.NullType{}, whens: make([]caseWhen, 0, len(whens))}
	for _, w := range whens {
		cond := coerceAgainst(w.Cond, value)
		if value == nil {
			// A searched condition is parenthesized when it is an operator
			// expression, as SQLAlchemy writes it: WHEN (x = :x_1).
			cond = group(cond, opHighest)
		}
		res := coerceAgainst(w.Result, nil)
		c.whens = append(c.whens, caseWhen{cond: cond, result: res})
		c.typ = knownType(c.typ, typeOf(res))
	}
	c.self = c
	return c
}

// knownType returns t, or u when t is unknown.
func knownType(t, u types.Type) types.Type {
	if _, unknown := t.(types.NullType); unknown {
		return u
	}
	return t
}

// Else returns a copy of the CASE with an ELSE branch.
func (x *Case) Else(v any) *Case {
	n := *x
	n.els = coerceAgainst(v, nil)
	n.typ = knownType(n.typ, typeOf(n.els))
	n.self = &n
	return &n
}

// Type implements ColumnElement.
func (x *Case) Type() types.Type { return x.typ }

// WriteSQL implements Element.
func (x *Case) WriteSQL(c *Compiler) {
	if len(x.whens) == 0 {
		c.Failf("%w: CASE without a WHEN branch", ErrArgument)
		return
	}
	c.WriteString("CASE")
	if x.value != nil {
		c.WriteByte(' ')
		c.Write(x.value)
	}
	for _, w := range x.whens {
		c.WriteString(" WHEN ")
		c.Write(w.cond)
		c.WriteString(" THEN ")
		c.Write(w.result)
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
		k.Element(w.cond)
		k.Element(w.result)
	}
	k.Element(x.els)
	k.Type(x.typ)
}
