package sql

import (
	"strconv"

	"github.com/athanordb/athanor/types"
)

func (c *Compiler) writeLabel(l *Label) {
	// Outside a select list, a label is its expression.
	c.Write(l.elem)
}

func (c *Compiler) writeBinary(b *BinaryExpression) {
	if c.hooks.Binary != nil && c.hooks.Binary(c, b) {
		return
	}
	op := b.operator
	switch op {
	case OpIn, OpNotIn:
		if l, ok := b.right.(*inList); ok && len(l.items) == 0 {
			c.writeEmptyIn(op == OpIn)
			return
		}
		if bp, ok := b.right.(*BindParam); ok && bp.expanding {
			c.Write(b.left)
			c.WriteString(op.Text)
			c.WriteByte('(')
			c.WriteBind(bp)
			c.WriteByte(')')
			return
		}
	case OpILike, OpNotILike:
		if !c.feat.NativeILike {
			c.WriteString("lower(")
			c.Write(b.left)
			if op == OpILike {
				c.WriteString(") LIKE lower(")
			} else {
				c.WriteString(") NOT LIKE lower(")
			}
			c.Write(b.right)
			c.WriteByte(')')
			c.writeEscape(b)
			return
		}
	}
	c.Write(b.left)
	c.WriteString(op.Text)
	c.Write(b.right)
	c.writeEscape(b)
}

func (c *Compiler) writeEscape(b *BinaryExpression) {
	if b.escape != "" {
		c.WriteString(" ESCAPE ")
		c.writeLiteral(b.escape)
	}
}

func (c *Compiler) writeEmptyIn(in bool) {
	if c.hooks.EmptyIn != nil {
		c.hooks.EmptyIn(c, in)
		return
	}
	if in {
		c.WriteString("1 != 1")
	} else {
		c.WriteString("1 = 1")
	}
}

func (c *Compiler) writeUnary(u *UnaryExpression) {
	if u.operator != nil {
		c.WriteString(u.operator.Text)
		c.Write(u.elem)
		return
	}
	if u.modifier == OpNullsFirst || u.modifier == OpNullsLast {
		if !c.feat.NullsOrdering {
			c.writeNullsEmulation(u, nil)
			return
		}
	}
	c.Write(u.elem)
	c.WriteString(u.modifier.Text)
}

func (c *Compiler) writeCast(x *Cast) {
	name, err := c.castTypeName(x.typ)
	if err != nil {
		c.Fail(err)
		return
	}
	c.WriteString("CAST(")
	c.Write(x.elem)
	c.WriteString(" AS ")
	c.WriteString(name)
	c.WriteByte(')')
}

func (c *Compiler) castTypeName(t types.Type) (string, error) {
	if c.hooks.CastTypeName != nil {
		return c.hooks.CastTypeName(c.d, t)
	}
	return typeName(c.d, t)
}

// functions written without parentheses when called without arguments.
var bareFunctions = map[string]bool{
	"current_timestamp": true, "current_date": true, "current_time": true, "localtime": true,
	"localtimestamp": true, "current_user": true, "session_user": true, "user": true,
}

func (c *Compiler) writeFunction(f *Function) {
	if c.hooks.Function != nil && c.hooks.Function(c, f) {
		return
	}
	if f.schema != "" {
		for _, part := range splitDotted(f.schema) {
			c.WriteIdentifier(part)
			c.WriteByte('.')
		}
	}
	if len(f.args) == 0 && (f.noParens || bareFunctions[lower(f.name)]) {
		c.WriteString(upper(f.name))
		return
	}
	c.WriteString(f.name)
	f.WriteArgs(c)
}

func (c *Compiler) writeFilter(f *FunctionFilter) {
	if !c.feat.AggregateFilter {
		c.NotSupported("FILTER (WHERE ...) on aggregates")
		return
	}
	c.Write(f.fn)
	c.WriteString(" FILTER (WHERE ")
	c.Write(f.where)
	c.WriteByte(')')
}

func (c *Compiler) writeOver(o *Over) {
	if !c.feat.WindowFunctions {
		c.NotSupported("window functions (OVER)")
		return
	}
	c.Write(o.elem)
	c.WriteString(" OVER (")
	w := o.window
	sep := ""
	if len(w.PartitionBy) > 0 {
		c.WriteString("PARTITION BY ")
		writeList(c, w.PartitionBy, ", ")
		sep = " "
	}
	if len(w.OrderBy) > 0 {
		c.WriteString(sep + "ORDER BY ")
		c.writeOrderList(w.OrderBy, nil)
		sep = " "
	}
	for _, fr := range []struct {
		kw string
		f  *Frame
	}{{"ROWS", w.Rows}, {"RANGE", w.Range}, {"GROUPS", w.Groups}} {
		if fr.f == nil {
			continue
		}
		c.WriteString(sep + fr.kw + " BETWEEN ")
		c.writeFrameBound(fr.f.Start)
		c.WriteString(" AND ")
		c.writeFrameBound(fr.f.End)
		sep = " "
	}
	c.WriteByte(')')
}

func (c *Compiler) writeFrameBound(b FrameBound) {
	switch b.kind {
	case frameUnboundedPreceding:
		c.WriteString("UNBOUNDED PRECEDING")
	case frameUnboundedFollowing:
		c.WriteString("UNBOUNDED FOLLOWING")
	case frameCurrentRow:
		c.WriteString("CURRENT ROW")
	case framePreceding:
		c.WriteString(strconv.FormatInt(b.offset, 10) + " PRECEDING")
	case frameFollowing:
		c.WriteString(strconv.FormatInt(b.offset, 10) + " FOLLOWING")
	default:
		c.Failf("%w: window frame bound not set", ErrArgument)
	}
}
