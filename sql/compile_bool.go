package sql

import "github.com/athanordb/athanor/types"

// Conditions on databases whose booleans are numbers (Hooks.NumericBooleans):
// a boolean value standing as a condition is compared with 1, as
// SQLAlchemy writes it there: WHERE flag is WHERE flag = 1, WHERE NOT flag
// is WHERE flag = 0, inside AND, OR and parentheses too.

// writeBoolCondition writes a condition, comparing the boolean values in
// it with 1 where the dialect asks.
func (c *Compiler) writeBoolCondition(e ColumnElement) {
	if !c.hooks.NumericBooleans || c.feat.NativeBoolean {
		c.Write(e)
		return
	}
	switch x := e.(type) {
	case *BooleanList:
		if len(x.items) == 0 {
			c.Write(x)
			return
		}
		for i, it := range x.items {
			if i > 0 {
				c.WriteString(x.operator.Text)
			}
			c.writeBoolCondition(it)
		}
		return
	case *Grouping:
		c.WriteByte('(')
		c.writeBoolCondition(x.inner)
		c.WriteByte(')')
		return
	case *UnaryExpression:
		if x.operator == OpNot {
			if isBoolValue(x.elem) {
				c.Write(x.elem)
				c.WriteString(" = 0")
				return
			}
			c.WriteString(x.operator.Text)
			c.writeBoolCondition(x.elem)
			return
		}
	}
	c.Write(e)
	if isBoolValue(e) {
		c.WriteString(" = 1")
	}
}

// isBoolValue reports whether e is a boolean value rather than a
// comparison: a column, parameter, function, CAST, CASE or scalar
// subquery of a boolean type.
func isBoolValue(e ColumnElement) bool {
	switch e.(type) {
	case *Column, *BindParam, *Function, *Cast, *Case, *ScalarSelect, *Label:
	default:
		return false
	}
	t := e.Type()
	return t != nil && types.Underlying(t).Affinity() == types.AffinityBoolean
}
