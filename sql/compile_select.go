package sql

import (
	"fmt"
	"slices"
	"strconv"
)

// writeSelect compiles a SELECT.
func (c *Compiler) writeSelect(s *Select) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	if len(s.columns) == 0 {
		c.Fail(fmt.Errorf("%w: SELECT with no columns", ErrArgument))
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	top := c.depth == 1
	for _, cte := range s.ctes {
		c.registerCTE(cte)
	}
	fr := &frame{sel: s}
	fr.froms = c.selectFroms(s)
	if c.err != nil {
		return
	}
	c.pushFrame(fr)
	defer c.popFrame()
	if c.hooks.Select != nil && c.hooks.Select(c, s) {
		return
	}
	c.WriteSelectBody(s, top)
}

// WriteSelectBody writes a SELECT's clauses (a dialect's Select hook uses
// it inside its own wrapping); top records the result columns.
func (c *Compiler) WriteSelectBody(s *Select, top bool) {
	fr := c.frames[len(c.frames)-1]
	c.WriteString("SELECT ")
	if len(s.prefixes) > 0 {
		for _, p := range s.prefixes {
			c.WriteString(p)
			c.WriteByte(' ')
		}
	}
	if s.distinct {
		if len(s.distinctOn) > 0 {
			if !c.feat.DistinctOn {
				c.NotSupported("DISTINCT ON")
				return
			}
			c.WriteString("DISTINCT ON (")
			writeList(c, s.distinctOn, ", ")
			c.WriteString(") ")
		} else {
			c.WriteString("DISTINCT ")
		}
	}
	if c.hooks.SelectPrefix != nil {
		c.hooks.SelectPrefix(c, s)
	}
	names := exportedNames(s.columns)
	fr.labels = map[*Label]bool{}
	c.inSelect = true
	for i, col := range s.columns {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeSelectColumn(col, names[i])
		if l, ok := col.(*Label); ok {
			fr.labels[l] = true
		}
	}
	c.inSelect = false
	if top {
		c.recordResultColumns(s.columns, names)
	}
	if len(fr.froms) > 0 {
		c.WriteString(" FROM ")
		for i, f := range fr.froms {
			if i > 0 {
				c.WriteString(", ")
			}
			c.writeFrom(f)
		}
	} else if c.hooks.EmptyFrom != "" {
		c.WriteString(c.hooks.EmptyFrom)
	}
	c.writeWhere(s.where)
	if len(s.groupBy) > 0 {
		c.WriteString(" GROUP BY ")
		c.writeOrderList(s.groupBy, fr)
	}
	if len(s.having) > 0 {
		c.WriteString(" HAVING ")
		c.Write(And(s.having...))
	}
	c.writeOrderBy(s.orderBy, fr)
	c.writeLimitOffset(s.limit, s.offset)
	if s.fetch != nil {
		c.WriteString(" FETCH FIRST ")
		c.WriteBind(s.fetch.count)
		if s.fetch.percent {
			c.WriteString(" PERCENT")
		}
		c.WriteString(" ROWS")
		if s.fetch.withTies {
			c.WriteString(" WITH TIES")
		} else {
			c.WriteString(" ONLY")
		}
	}
	if s.lock != nil {
		c.writeLock(s.lock)
	}
	for _, sfx := range s.suffixes {
		c.WriteByte(' ')
		c.WriteString(sfx)
	}
}

func (c *Compiler) writeWhere(where []ColumnElement) {
	if len(where) == 0 {
		return
	}
	cond := ColumnElement(And(where...))
	if len(where) == 1 {
		cond = where[0]
	}
	c.WriteString(" WHERE ")
	c.writeCondition(cond)
}

// writeCondition writes an expression standing alone as a condition, where
// a bare boolean constant may need another form.
func (c *Compiler) writeCondition(cond ColumnElement) {
	if b, ok := cond.(*boolConst); ok && c.hooks.BoolConst != nil {
		c.hooks.BoolConst(c, b.v, true)
		return
	}
	c.Write(cond)
}

func (c *Compiler) writeOrderBy(exprs []ColumnElement, fr *frame) {
	if len(exprs) == 0 {
		return
	}
	c.WriteString(" ORDER BY ")
	c.writeOrderList(exprs, fr)
}

// writeOrderList writes ORDER BY or GROUP BY items: a label of the select
// list is written as its name.
func (c *Compiler) writeOrderList(exprs []ColumnElement, fr *frame) {
	for i, e := range exprs {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeOrderItem(e, fr)
	}
}

func (c *Compiler) writeOrderItem(e ColumnElement, fr *frame) {
	switch x := e.(type) {
	case *Label:
		if fr != nil && fr.labels[x] {
			c.WriteIdentifier(x.name)
			return
		}
		c.Write(x.elem)
		return
	case *UnaryExpression:
		if x.modifier != nil {
			if (x.modifier == OpNullsFirst || x.modifier == OpNullsLast) && !c.feat.NullsOrdering {
				c.writeNullsEmulation(x, fr)
				return
			}
			c.writeOrderItem(x.elem, fr)
			c.WriteString(x.modifier.Text)
			return
		}
	}
	c.Write(e)
}

// writeNullsEmulation orders NULLs first or last where the database has no
// NULLS FIRST/LAST: by a CASE on IS NULL, then by the expression.
func (c *Compiler) writeNullsEmulation(u *UnaryExpression, fr *frame) {
	inner := u.elem
	for {
		m, ok := inner.(*UnaryExpression)
		if !ok || m.modifier == nil {
			break
		}
		inner = m.elem
	}
	if l, ok := inner.(*Label); ok {
		inner = l.elem
	}
	first, last := "0", "1"
	if u.modifier == OpNullsLast {
		first, last = "1", "0"
	}
	c.WriteString("CASE WHEN ")
	c.Write(inner)
	c.WriteString(" IS NULL THEN " + first + " ELSE " + last + " END, ")
	c.writeOrderItem(u.elem, fr)
}

func (c *Compiler) writeLimitOffset(limit, offset *BindParam) {
	if limit == nil && offset == nil {
		return
	}
	if c.hooks.LimitOffset != nil {
		c.hooks.LimitOffset(c, limit, offset)
		return
	}
	if limit != nil {
		c.WriteString(" LIMIT ")
		c.WriteBind(limit)
	} else if c.feat.LimitRequiredForOffset {
		c.WriteString(" LIMIT -1")
	}
	if offset != nil {
		c.WriteString(" OFFSET ")
		c.WriteBind(offset)
	}
}

// WriteLimitValue writes a LIMIT or OFFSET value inline (for dialects
// with LiteralLimits).
func (c *Compiler) WriteLimitValue(b *BindParam) {
	n, _ := b.value.(int64)
	c.WriteString(strconv.FormatInt(n, 10))
}

func (c *Compiler) writeLock(l *LockClause) {
	if c.hooks.Lock != nil {
		c.hooks.Lock(c, l)
		return
	}
	if !c.feat.ForUpdate {
		c.NotSupported("SELECT ... FOR UPDATE")
		return
	}
	switch {
	case l.Read && l.KeyShare:
		c.WriteString(" FOR KEY SHARE")
	case l.Read:
		c.WriteString(" FOR SHARE")
	case l.KeyShare:
		c.WriteString(" FOR NO KEY UPDATE")
	default:
		c.WriteString(" FOR UPDATE")
	}
	if len(l.Of) > 0 {
		c.WriteString(" OF ")
		for i, f := range l.Of {
			if i > 0 {
				c.WriteString(", ")
			}
			if t, ok := f.(*Table); ok && c.hooks.LockOfUnqualified {
				c.WriteIdentifier(t.name)
				continue
			}
			c.writeQualifier(f)
		}
	}
	if l.NoWait {
		c.WriteString(" NOWAIT")
	}
	if l.SkipLocked {
		c.WriteString(" SKIP LOCKED")
	}
}

// writeSelectColumn writes one select-list item, labeled with name when
// its own rendering does not already give that name.
func (c *Compiler) writeSelectColumn(col ColumnElement, name string) {
	switch x := col.(type) {
	case *Column:
		c.Write(x)
		if x.name == name {
			return
		}
	case *Label:
		c.Write(x.elem)
	case *literalColumn:
		c.Write(x)
		if x.text == name {
			return
		}
	default:
		c.Write(col)
	}
	c.WriteString(" AS ")
	c.WriteIdentifier(name)
}

// recordResultColumns keeps the top-level statement's result columns.
func (c *Compiler) recordResultColumns(cols []ColumnElement, names []string) {
	c.result = make([]ResultColumn, len(cols))
	for i, col := range cols {
		c.result[i] = ResultColumn{Name: names[i], Type: col.Type(), Expr: col}
	}
}

// selectFroms computes a SELECT's FROM list: the explicit items, then
// those its columns and WHERE refer to; minus items inside a join of the
// list; minus, for a subquery, the items it correlates to.
func (c *Compiler) selectFroms(s *Select) []FromClause {
	var cands []FromClause
	seen := map[FromClause]bool{}
	for _, f := range s.froms {
		if !seen[f] {
			seen[f] = true
			cands = append(cands, f)
		}
	}
	for _, e := range s.columns {
		collectFroms(e, &cands, seen)
	}
	for _, e := range s.where {
		collectFroms(e, &cands, seen)
	}
	hidden := map[FromClause]bool{}
	for _, f := range cands {
		if j, ok := f.(*Join); ok {
			for _, leaf := range leafFroms(j) {
				hidden[leaf] = true
			}
		}
	}
	if len(hidden) > 0 {
		cands = slices.DeleteFunc(cands, func(f FromClause) bool {
			_, isJoin := f.(*Join)
			return !isJoin && hidden[f]
		})
	}
	if c.depth <= 1 || len(c.frames) == 0 {
		return cands
	}
	outer := c.enclosingFroms()
	inOuter := func(f FromClause) bool {
		for _, o := range outer {
			if o == f {
				return true
			}
			if j, ok := o.(*Join); ok && slices.Contains(leafFroms(j), f) {
				return true
			}
		}
		return false
	}
	switch {
	case s.correlateSet:
		cands = slices.DeleteFunc(cands, func(f FromClause) bool {
			return slices.Contains(s.correlate, f) && inOuter(f)
		})
	case s.exceptSet:
		cands = slices.DeleteFunc(cands, func(f FromClause) bool {
			return !slices.Contains(s.correlateExcept, f) && inOuter(f)
		})
	case len(cands) > 1:
		kept := slices.DeleteFunc(slices.Clone(cands), inOuter)
		if len(kept) == 0 {
			c.Fail(fmt.Errorf("%w: the subquery has no FROM items left after correlating to the enclosing query; use Correlate to choose", ErrArgument))
			return nil
		}
		cands = kept
	}
	return cands
}

// writeFrom writes a FROM-list item.
func (c *Compiler) writeFrom(f FromClause) { c.Write(f) }

func (c *Compiler) writeAliasName(name string) {
	if c.hooks.NoTableAliasAS {
		c.WriteByte(' ')
	} else {
		c.WriteString(" AS ")
	}
	c.WriteIdentifier(name)
}

func (c *Compiler) writeTableName(t *Table) {
	if t.err != nil {
		c.Fail(t.err)
		return
	}
	if t.schema != "" {
		c.WriteIdentifier(t.schema)
		c.WriteByte('.')
	}
	c.WriteIdentifier(t.name)
}

func (c *Compiler) writeAlias(a *Alias) {
	switch of := a.of.(type) {
	case *Subquery:
		c.WriteByte('(')
		c.writeAsFrom(of.sel, of.lateral)
		c.WriteByte(')')
	case *Alias:
		c.writeAliasBody(of)
	default:
		c.Write(of)
	}
	c.writeAliasName(c.anonFromName(a, a.name))
}

func (c *Compiler) writeAliasBody(a *Alias) {
	switch of := a.of.(type) {
	case *Alias:
		c.writeAliasBody(of)
	case *Subquery:
		c.WriteByte('(')
		c.writeAsFrom(of.sel, of.lateral)
		c.WriteByte(')')
	default:
		c.Write(of)
	}
}

func (c *Compiler) writeSubquery(s *Subquery) {
	if s.lateral {
		if !c.feat.Lateral {
			c.NotSupported("LATERAL")
			return
		}
		c.WriteString("LATERAL ")
	}
	c.WriteByte('(')
	c.writeAsFrom(s.sel, s.lateral)
	c.WriteByte(')')
	c.writeAliasName(c.anonFromName(s, s.name))
}

func (c *Compiler) writeJoin(j *Join) {
	if j.err != nil {
		c.Fail(j.err)
		return
	}
	c.Write(j.left)
	switch j.kind {
	case joinLeft:
		c.WriteString(" LEFT OUTER JOIN ")
	case joinFull:
		if !c.feat.FullOuterJoin {
			c.NotSupported("FULL OUTER JOIN")
			return
		}
		c.WriteString(" FULL OUTER JOIN ")
	default:
		c.WriteString(" JOIN ")
	}
	if _, nested := j.right.(*Join); nested {
		c.WriteByte('(')
		c.Write(j.right)
		c.WriteByte(')')
	} else {
		c.Write(j.right)
	}
	c.WriteString(" ON ")
	c.Write(j.on)
}

// writeQualifier writes the name columns of f are qualified with.
func (c *Compiler) writeQualifier(f FromClause) {
	switch x := f.(type) {
	case *Table:
		c.writeTableName(x)
	case *Alias:
		c.WriteIdentifier(c.anonFromName(x, x.name))
	case *Subquery:
		c.WriteIdentifier(c.anonFromName(x, x.name))
	case *CTE:
		c.WriteIdentifier(x.name)
	case interface{ QualifierName() string }:
		c.WriteIdentifier(x.QualifierName())
	default:
		c.Failf("%w: cannot qualify a column with %T", ErrArgument, f)
	}
}

func (c *Compiler) writeColumn(col *Column) {
	if col.err != nil {
		c.Fail(col.err)
		return
	}
	if col.from != nil && !c.noQual {
		if t, ok := col.from.(*Table); ok && t.err != nil {
			c.Fail(t.err)
			return
		}
		c.writeQualifier(col.from)
		c.WriteByte('.')
	}
	c.WriteIdentifier(col.name)
}

func (c *Compiler) writeCompound(s *CompoundSelect) {
	switch s.kind {
	case compoundIntersect, compoundExcept:
		if !c.feat.Intersect {
			c.NotSupported(compoundKeywords[s.kind])
			return
		}
	case compoundIntersectAll, compoundExceptAll:
		if !c.feat.IntersectAll {
			c.NotSupported(compoundKeywords[s.kind])
			return
		}
	}
	c.depth++
	defer func() { c.depth-- }()
	top := c.depth == 1
	for i, sel := range s.selects {
		if i > 0 {
			c.WriteString(" " + compoundKeywords[s.kind] + " ")
		}
		c.depth++ // members never record result columns
		if needsParens(sel) {
			c.WriteByte('(')
			c.Write(sel)
			c.WriteByte(')')
		} else {
			c.Write(sel)
		}
		c.depth--
	}
	if top {
		cols := s.SelectedColumns()
		c.recordResultColumns(cols, exportedNames(cols))
	}
	if len(s.orderBy) > 0 {
		c.WriteString(" ORDER BY ")
		saved := c.noQual
		c.noQual = true
		c.writeOrderList(s.orderBy, nil)
		c.noQual = saved
	}
	c.writeLimitOffset(s.limit, s.offset)
}

// needsParens reports whether a compound member must be parenthesized: it
// has its own ORDER BY, LIMIT or OFFSET, or is itself a compound.
func needsParens(sel SelectStatement) bool {
	switch x := sel.(type) {
	case *Select:
		return len(x.orderBy) > 0 || x.limit != nil || x.offset != nil
	case *CompoundSelect:
		return true
	}
	return false
}
