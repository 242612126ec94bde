package sql

import (
	"strings"

	"github.com/athanordb/athanor/dialect"
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
	if b.escapeText() != "" && !isLikeOperator(op) {
		c.Failf("%w: ESCAPE applies to LIKE, not to %s", ErrArgument, op.Name)
		return
	}
	if _, ok := b.left.(*Tuple); ok && !c.tupleSupported(op) {
		return
	}
	switch op {
	case OpIn, OpNotIn:
		switch r := b.right.(type) {
		case *inList:
			if len(r.items) == 0 {
				c.writeEmptyIn(op == OpIn)
				return
			}
		case *BindParam:
			if r.expanding {
				c.writeExpandingIn(b, r)
				return
			}
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

func isLikeOperator(op *Operator) bool {
	switch op {
	case OpLike, OpNotLike, OpILike, OpNotILike:
		return true
	}
	return false
}

// tupleSupported checks that the dialect has the row values a tuple
// operand needs.
func (c *Compiler) tupleSupported(op *Operator) bool {
	switch {
	case op == OpIn || op == OpNotIn:
		if !c.feat.TupleIn {
			c.NotSupported("IN over a tuple of columns")
			return false
		}
	case op.Comparison:
		if !c.feat.TupleComparison {
			c.NotSupported("comparison of tuples")
			return false
		}
	}
	return true
}

func (c *Compiler) writeEscape(b *BinaryExpression) {
	if esc := b.escapeText(); esc != "" {
		c.WriteString(" ESCAPE ")
		c.writeLiteral(esc)
	}
}

func (c *Compiler) writeEmptyIn(in bool) {
	if c.hooks.EmptyIn != nil {
		c.hooks.EmptyIn(c, in)
		return
	}
	if in {
		c.WriteString(defaultEmpty)
	} else {
		c.WriteString("1 = 1")
	}
}

// writeExpandingIn writes x IN (expanding parameter). The comparison is a
// region of the template: Compiled.Bind replaces it by the empty-IN form
// when the list given at execution is empty.
func (c *Compiler) writeExpandingIn(b *BinaryExpression, bp *BindParam) {
	in := b.operator == OpIn
	if c.literal {
		c.writeExpandingInLiteral(b, bp, in)
		return
	}
	saved := c.buf
	c.buf = nil
	c.writeEmptyIn(in)
	empty := string(c.buf)
	c.buf = saved
	if strings.IndexByte(empty, markerStart) >= 0 {
		c.Failf("%w: the dialect's EmptyIn hook wrote a bind parameter", ErrArgument)
		return
	}
	r := len(c.regions)
	c.regions = append(c.regions, region{empty: empty})
	c.buf = appendMarker(c.buf, markerOpen, r)
	c.Write(b.left)
	c.WriteString(b.operator.Text)
	c.WriteByte('(')
	c.regions[r].marker = len(c.binds)
	c.inIn = true
	c.WriteBind(bp)
	c.inIn = false
	c.WriteByte(')')
	c.buf = appendMarker(c.buf, markerClose, r)
}

// writeExpandingInLiteral writes an expanding IN with its values inline.
func (c *Compiler) writeExpandingInLiteral(b *BinaryExpression, bp *BindParam, in bool) {
	v, known := c.literalValue(bp)
	items, isList := listItems(v)
	if known && isList && len(items) == 0 {
		c.writeEmptyIn(in)
		return
	}
	c.Write(b.left)
	c.WriteString(b.operator.Text)
	c.WriteByte('(')
	defer c.WriteByte(')')
	if !known || !isList {
		c.WriteString(postcompile + sanitizeName(c.nameFor(bp)) + "]")
		return
	}
	c.writeLiterals(items, len(bp.tuple()) > 0)
}

// writeLiterals writes values inline, separated by commas; with rows, a
// value that is a list is a parenthesized row.
func (c *Compiler) writeLiterals(items []any, rows bool) {
	for i, it := range items {
		if i > 0 {
			c.WriteString(", ")
		}
		if row, isRow := listItems(it); rows && isRow {
			c.WriteByte('(')
			c.writeLiterals(row, false)
			c.WriteByte(')')
			continue
		}
		c.writeLiteral(it)
	}
}

func (c *Compiler) writeUnary(u *UnaryExpression) {
	if u.operator != nil {
		c.WriteString(u.operator.Text)
		start := len(c.buf)
		c.Write(u.elem)
		if u.operator == OpNeg && start < len(c.buf) && c.buf[start] == '-' {
			// "--" would start a comment: -(-x), or a negative literal.
			c.buf = append(c.buf[:start+1], c.buf[start:]...)
			c.buf[start] = ' '
		}
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

// CastTypeName returns the name of t inside CAST on the dialect compiled
// for.
func (c *Compiler) CastTypeName(t types.Type) (string, error) { return c.castTypeName(t) }

func (c *Compiler) castTypeName(t types.Type) (string, error) {
	if c.hooks.CastTypeName != nil {
		return c.hooks.CastTypeName(c.d, dialect.TypeFor(c.d, t))
	}
	return typeName(c.d, t)
}

// SQL's functions written without parentheses when called without
// arguments (SQLAlchemy's ANSI functions).
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
			c.writeFunctionName(part)
			c.WriteByte('.')
		}
	}
	if len(f.args) == 0 && (f.noParens || bareFunctions[lower(f.name)]) {
		c.WriteString(upper(f.name))
		return
	}
	if kw, ok := groupingFunctions[lower(f.name)]; ok && f.schema == "" {
		c.WriteString(kw)
	} else {
		c.writeFunctionName(f.name)
	}
	f.WriteArgs(c)
}

// GROUP BY's grouping constructs, which SQL spells as keywords.
var groupingFunctions = map[string]string{
	"rollup": "ROLLUP", "cube": "CUBE", "grouping_sets": "GROUPING SETS",
}

// writeFunctionName writes a function or package name as given (function
// names are not folded or reserved the way column names are), quoted only
// when it holds characters outside letters, digits, '_' and '$'.
func (c *Compiler) writeFunctionName(name string) {
	plain := name != "" && isNameStart(name[0])
	for i := 0; plain && i < len(name); i++ {
		plain = isNameChar(name[i]) || name[i] == '$'
	}
	if plain {
		c.WriteString(name)
		return
	}
	c.WriteString(c.d.QuoteIdentifier(name))
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
	frames := 0
	for _, fr := range [...]struct {
		kw string
		f  *Frame
	}{{"ROWS", w.Rows}, {"RANGE", w.Range}, {"GROUPS", w.Groups}} {
		if fr.f == nil {
			continue
		}
		if frames++; frames > 1 {
			c.Failf("%w: a window has one frame: ROWS, RANGE or GROUPS", ErrArgument)
			return
		}
		c.WriteString(sep + fr.kw + " BETWEEN ")
		c.writeFrameBound(fr.f.Start)
		c.WriteString(" AND ")
		c.writeFrameBound(fr.f.End)
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
	case framePreceding, frameFollowing:
		if b.offset < 0 {
			c.Failf("%w: a window frame offset must not be negative (use Preceding or Following)", ErrArgument)
			return
		}
		if c.hooks.LiteralLimits || c.hooks.LiteralFrameOffsets {
			c.WriteLimitValue(b.bind)
		} else {
			c.WriteBind(b.bind)
		}
		if b.kind == framePreceding {
			c.WriteString(" PRECEDING")
		} else {
			c.WriteString(" FOLLOWING")
		}
	default:
		c.Failf("%w: window frame bound not set", ErrArgument)
	}
}
