package sql

import "github.com/athanordb/athanor/types"

// BooleanList is conditions joined by AND or OR.
type BooleanList struct {
	ColumnOps
	operator *Operator
	items    []ColumnElement
}

// And joins conditions with AND. Nested ANDs flatten, nil conditions are
// skipped, and boolean constants fold as SQLAlchemy folds them: True()
// drops out, False() makes the whole condition false. With no conditions
// left it is true.
func And(conds ...ColumnElement) *BooleanList { return boolList(OpAnd, conds) }

// Or joins conditions with OR; see And. False() drops out, True() makes
// the whole condition true, and with no conditions it is false.
func Or(conds ...ColumnElement) *BooleanList { return boolList(OpOr, conds) }

func boolList(op *Operator, conds []ColumnElement) *BooleanList {
	// The constant that decides the list (FALSE for AND), and the one
	// that drops out of it.
	decisive := op == OpOr
	l := &BooleanList{operator: op, items: make([]ColumnElement, 0, len(conds))}
	l.self = l
	for _, cond := range conds {
		if cond == nil || isNilElement(cond) {
			continue
		}
		cond = Untyped(cond)
		if b, ok := constOf(cond); ok {
			if b == decisive {
				l.items = append(l.items[:0], boolConstant(b))
				return l
			}
			continue
		}
		if inner, ok := cond.(*BooleanList); ok && inner.operator == op {
			l.items = append(l.items, inner.items...)
			continue
		}
		l.items = append(l.items, group(cond, op))
	}
	return l
}

func boolConstant(v bool) *boolConst {
	if v {
		return theTrue
	}
	return theFalse
}

// constOf reports whether e is a boolean constant (TRUE, FALSE, or a
// list that folded to one), and its value.
func constOf(e ColumnElement) (bool, bool) {
	switch x := e.(type) {
	case *boolConst:
		return x.v, true
	case *BooleanList:
		switch len(x.items) {
		case 0:
			return x.operator == OpAnd, true
		case 1:
			if b, ok := x.items[0].(*boolConst); ok {
				return b.v, true
			}
		}
	}
	return false, false
}

// Len returns the number of conditions.
func (l *BooleanList) Len() int { return len(l.items) }

// Conditions returns the conditions.
func (l *BooleanList) Conditions() []ColumnElement { return l.items }

// Operator returns OpAnd or OpOr.
func (l *BooleanList) Operator() *Operator { return l.operator }

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
	if len(l.items) == 0 {
		c.writeBoolConst(l.operator == OpAnd)
		return
	}
	writeList(c, l.items, l.operator.Text)
}

// WriteCacheKey implements Element.
func (l *BooleanList) WriteCacheKey(k *CacheKey) {
	k.Tag(tagBoolList)
	k.String(l.operator.Name)
	k.Elements(l.items)
}

// Not negates a condition: a comparison takes its negated operator (= to
// !=, IN to NOT IN, LIKE to NOT LIKE, IS to IS NOT), NOT NOT x is x, a
// constant flips, and anything else becomes NOT x, parenthesized as
// needed: NOT (a AND b).
func Not(e ColumnElement) ColumnElement {
	if e == nil || isNilElement(e) {
		return argumentError("Not of a nil condition")
	}
	e = Untyped(e)
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
			if g, ok := x.elem.(*Grouping); ok {
				return g.inner
			}
			return x.elem
		}
	case *Grouping:
		return Not(x.inner)
	case *Label:
		return Not(x.elem)
	case *boolConst:
		return boolConstant(!x.v)
	case *BooleanList:
		if v, ok := constOf(x); ok {
			return boolConstant(!v)
		}
		if len(x.items) == 1 {
			return Not(x.items[0])
		}
	}
	return newUnary(OpNot, e, types.Boolean{})
}

// conditionConst reports whether a condition standing alone (a WHERE
// clause) is a boolean constant, which some databases write differently
// there (1 = 1 rather than 1).
func conditionConst(e ColumnElement) (bool, bool) { return constOf(e) }
