package sql

import (
	"fmt"
	"strconv"
)

// writeSelect compiles a SELECT.
func (c *Compiler) writeSelect(s *Select) {
	m := s.rare()
	if m.err != nil {
		c.Fail(m.err)
		return
	}
	if c.hooks.RewriteSelect != nil {
		if r := c.hooks.RewriteSelect(c, s); r != nil {
			c.Write(r)
			return
		}
	}
	mode, parents := c.nesting()
	if len(s.columns) == 0 && mode != nestExists {
		c.Fail(fmt.Errorf("%w: SELECT with no columns", ErrArgument))
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	top := c.depth == 1
	for _, cte := range m.ctes {
		c.registerCTE(cte)
	}
	fr := c.newFrame()
	fr.sel, fr.mode = s, mode
	fr.froms = c.selectFroms(fr.froms, s, mode, parents)
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
	m := s.rare()
	fr := c.frames[len(c.frames)-1]
	c.WriteString("SELECT ")
	for _, p := range m.prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	if s.isDistinct() {
		if len(m.distinctOn) > 0 {
			if !c.feat.DistinctOn {
				c.NotSupported("DISTINCT ON")
				return
			}
			c.WriteString("DISTINCT ON (")
			writeList(c, m.distinctOn, ", ")
			c.WriteString(") ")
		} else {
			c.WriteString("DISTINCT ")
		}
	}
	if c.hooks.SelectPrefix != nil {
		c.hooks.SelectPrefix(c, s)
	}
	names, mark := c.pushNames(s.columns)
	defer c.popNames(mark)
	asFrom := fr.mode == nestFrom || fr.mode == nestLateral
	c.inSelect = true
	if len(s.columns) == 0 {
		c.WriteByte('*') // EXISTS (SELECT * ...)
	}
	for i, col := range s.columns {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeSelectColumnAs(col, names[i], asFrom)
		if l, ok := col.(*Label); ok {
			if fr.labels == nil {
				fr.labels = map[*Label]string{}
			}
			if _, dup := fr.labels[l]; !dup {
				fr.labels[l] = names[i]
			}
		}
	}
	c.inSelect = false
	if top {
		c.recordResultColumns(s.columns, names)
	}
	if len(fr.froms) > 0 {
		c.WriteString(" FROM ")
		saved := c.useHints(m.hints)
		for i, f := range fr.froms {
			if i > 0 {
				c.WriteString(", ")
			}
			c.writeFrom(f)
		}
		c.restoreHints(saved)
	} else if c.hooks.EmptyFrom != "" {
		c.WriteString(c.hooks.EmptyFrom)
	}
	c.writeConditions(" WHERE ", s.where)
	if len(m.groupBy) > 0 {
		// GROUP BY writes expressions, labels included, as SQLAlchemy
		// does: not every database accepts a select-list name there.
		c.WriteString(" GROUP BY ")
		writeList(c, m.groupBy, ", ")
	}
	c.writeConditions(" HAVING ", m.having)
	rl := s.RowLimit()
	if !c.dropsOrderBy(rl) {
		scope := &orderScope{labels: fr.labels}
		if c.hooks.OrderByLabelExpressions {
			scope.labels = nil
		}
		c.writeOrderBy(s.orderBy, scope)
	}
	c.writeRowLimit(rl, m.fetch)
	if m.lock != nil {
		c.writeLock(m.lock)
	}
	for _, sfx := range m.suffixes {
		c.WriteByte(' ')
		c.WriteString(sfx)
	}
	c.writeStatementHints(m.hints)
}

func (c *Compiler) writeWhere(where []ColumnElement) { c.writeConditions(" WHERE ", where) }

// writeConditions writes keyword and the conditions joined with AND.
func (c *Compiler) writeConditions(keyword string, conds []ColumnElement) {
	if len(conds) == 0 {
		return
	}
	if len(conds) > 1 && plainComparisons(conds) {
		// What And(conds...) would write, without building it.
		c.WriteString(keyword)
		for i, cond := range conds {
			if i > 0 {
				c.WriteString(OpAnd.Text)
			}
			c.writeBoolCondition(cond)
		}
		return
	}
	cond := ColumnElement(And(conds...))
	if len(conds) == 1 {
		cond = conds[0]
	}
	c.WriteString(keyword)
	c.writeCondition(cond)
}

// WriteCondition writes an expression standing alone as a condition
// (WHERE, ON), for a dialect's own statement.
func (c *Compiler) WriteCondition(cond ColumnElement) { c.writeCondition(cond) }

// writeCondition writes an expression standing alone as a condition, where
// a bare boolean constant may need another form.
func (c *Compiler) writeCondition(cond ColumnElement) {
	if v, ok := conditionConst(cond); ok && c.hooks.BoolConst != nil {
		c.hooks.BoolConst(c, v, true)
		return
	}
	c.writeBoolCondition(cond)
}

// plainComparisons reports whether conds are binary expressions that
// bind tighter than AND: joined with AND, none needs parentheses, and
// none is a constant that And would fold.
func plainComparisons(conds []ColumnElement) bool {
	for _, cond := range conds {
		b, ok := cond.(*BinaryExpression)
		if !ok || b == nil || needsGroup(b.operator, OpAnd) {
			return false
		}
	}
	return true
}

// orderScope is what ORDER BY items may refer to by name: labels of the
// select list, or the result columns of a compound SELECT.
type orderScope struct {
	labels   map[*Label]string
	columns  map[*Column]string
	compound bool
}

func (sc *orderScope) name(e ColumnElement) (string, bool) {
	if sc == nil {
		return "", false
	}
	switch x := e.(type) {
	case *Label:
		n, ok := sc.labels[x]
		return n, ok
	case *Column:
		n, ok := sc.columns[x]
		return n, ok
	}
	return "", false
}

func (c *Compiler) writeOrderBy(exprs []ColumnElement, sc *orderScope) {
	if len(exprs) == 0 {
		return
	}
	c.WriteString(" ORDER BY ")
	c.writeOrderList(exprs, sc)
}

// writeOrderList writes ORDER BY items (of a SELECT or a window).
func (c *Compiler) writeOrderList(exprs []ColumnElement, sc *orderScope) {
	for i, e := range exprs {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeOrderItem(e, sc)
	}
}

// writeOrderItem writes an ORDER BY item: a label of the select list (or
// a result column of a compound) by its name, modifiers after it.
func (c *Compiler) writeOrderItem(e ColumnElement, sc *orderScope) {
	if n, ok := sc.name(e); ok {
		c.WriteIdentifier(n)
		return
	}
	if u, ok := e.(*UnaryExpression); ok && u.modifier != nil {
		if (u.modifier == OpNullsFirst || u.modifier == OpNullsLast) && !c.feat.NullsOrdering {
			c.writeNullsEmulation(u, sc)
			return
		}
		c.writeOrderItem(u.elem, sc)
		c.WriteString(u.modifier.Text)
		return
	}
	c.writeOrderExpr(e, sc)
}

// writeOrderExpr writes an ORDER BY expression; a compound's are written
// without table names, which its members' tables do not provide.
func (c *Compiler) writeOrderExpr(e ColumnElement, sc *orderScope) {
	if sc != nil && sc.compound {
		saved := c.noQual
		c.noQual = true
		defer func() { c.noQual = saved }()
	}
	c.Write(e)
}

// writeNullsEmulation orders NULLs first or last where the database has no
// NULLS FIRST/LAST: by a CASE on IS NULL, then by the expression.
func (c *Compiler) writeNullsEmulation(u *UnaryExpression, sc *orderScope) {
	inner := u.elem
	for {
		m, ok := inner.(*UnaryExpression)
		if !ok || m.modifier == nil {
			break
		}
		inner = m.elem
	}
	first, last := "0", "1"
	if u.modifier == OpNullsLast {
		first, last = "1", "0"
	}
	c.WriteString("CASE WHEN ")
	switch n, ok := sc.name(inner); {
	case ok && sc.compound:
		c.WriteIdentifier(n)
	case isLabel(inner):
		// A select-list name cannot stand inside an expression.
		c.Write(inner.(*Label).elem)
	default:
		c.writeOrderExpr(inner, sc)
	}
	c.WriteString(" IS NULL THEN " + first + " ELSE " + last + " END, ")
	c.writeOrderItem(u.elem, sc)
}

func isLabel(e ColumnElement) bool {
	_, ok := e.(*Label)
	return ok
}

// writeLimitClauses writes LIMIT and OFFSET, or OFFSET ... ROWS FETCH
// FIRST ... (written as LIMIT where the database lacks FETCH FIRST and
// the two mean the same).
func (c *Compiler) writeLimitClauses(limit, offset *BindParam, fetch *fetchClause) {
	if fetch == nil {
		c.writeLimitOffset(limit, offset)
		return
	}
	if !c.feat.FetchFirst {
		if fetch.withTies || fetch.percent {
			c.NotSupported("FETCH FIRST ... WITH TIES or PERCENT")
			return
		}
		c.writeLimitOffset(fetch.count, offset)
		return
	}
	if offset != nil {
		c.WriteString(" OFFSET ")
		c.writeLimitBind(offset)
		c.WriteString(" ROWS")
	}
	c.WriteString(" FETCH FIRST ")
	c.writeLimitBind(fetch.count)
	if fetch.percent {
		c.WriteString(" PERCENT")
	}
	c.WriteString(" ROWS")
	if fetch.withTies {
		c.WriteString(" WITH TIES")
	} else {
		c.WriteString(" ONLY")
	}
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
		c.writeLimitBind(limit)
	} else if offset != nil && c.feat.LimitRequiredForOffset {
		c.WriteString(" LIMIT -1")
	}
	if offset != nil {
		c.WriteString(" OFFSET ")
		c.writeLimitBind(offset)
	}
}

// writeLimitBind writes a LIMIT, OFFSET or FETCH value: bound, or inline
// for dialects with Hooks.LiteralLimits.
func (c *Compiler) writeLimitBind(b *BindParam) {
	if c.hooks.LiteralLimits {
		c.WriteLimitValue(b)
		return
	}
	c.WriteBind(b)
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
	if len(l.Of) > 0 || len(l.OfColumns) > 0 {
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
		if len(l.Of) > 0 && len(l.OfColumns) > 0 {
			c.WriteString(", ")
		}
		writeList(c, l.OfColumns, ", ")
	}
	if l.NoWait {
		c.WriteString(" NOWAIT")
	}
	if l.SkipLocked {
		c.WriteString(" SKIP LOCKED")
	}
}

// writeSelectColumn writes one select-list (or RETURNING) item, labeled
// with name when its own rendering does not already give that name.
func (c *Compiler) writeSelectColumn(col ColumnElement, name string) {
	c.writeSelectColumnAs(col, name, false)
}

// writeSelectColumnAs is writeSelectColumn; inside a subquery or CTE
// (asFrom), a table's column is labeled even with its own name, as
// SQLAlchemy writes it.
func (c *Compiler) writeSelectColumnAs(col ColumnElement, name string, asFrom bool) {
	switch x := col.(type) {
	case *Column:
		c.Write(x)
		if x.name == name && (!asFrom || x.from == nil) {
			return
		}
	case *Label:
		c.writeSelectValue(x.elem)
	case *RawColumn:
		c.Write(x)
		if x.text == name {
			return
		}
	default:
		c.writeSelectValue(col)
	}
	c.WriteString(" AS ")
	c.WriteIdentifier(name)
}

// WriteSelectColumn writes a select-list (or RETURNING) item as the
// standard select list does: labeled with name unless its own rendering
// gives that name, a condition as a value where the dialect needs it.
func (c *Compiler) WriteSelectColumn(col ColumnElement, name string) {
	c.writeSelectColumn(col, name)
}

// writeSelectValue writes a select-list expression. Where the database
// takes no condition as a value (Features.BooleanExpressions off: SQL
// Server), a condition is written CASE WHEN cond THEN 1 ELSE 0 END, so
// that a condition that is unknown (NULL) gives 0.
func (c *Compiler) writeSelectValue(e ColumnElement) {
	if b, ok := e.(*BindParam); ok && c.hooks.SelectBind != nil && !c.literal && c.hooks.SelectBind(c, b) {
		return
	}
	if !c.feat.BooleanExpressions && isCondition(e) {
		c.WriteString("CASE WHEN ")
		c.Write(e)
		c.WriteString(" THEN 1 ELSE 0 END")
		return
	}
	c.Write(e)
}

// isCondition reports whether e is a predicate (a comparison, AND/OR,
// NOT or EXISTS of one) rather than a value.
func isCondition(e ColumnElement) bool {
	switch x := e.(type) {
	case *BinaryExpression:
		return x.operator.Comparison
	case *BooleanList:
		return len(x.items) > 0
	case *UnaryExpression:
		return x.operator == OpExists || x.operator == OpNot && isCondition(x.elem)
	case *Grouping:
		return isCondition(x.inner)
	}
	return false
}

// dropsOrderBy reports whether a nested SELECT leaves out its ORDER BY
// (Hooks.NoSubqueryOrderBy): it is nested and does not limit its rows.
func (c *Compiler) dropsOrderBy(rl RowLimit) bool {
	return c.hooks.NoSubqueryOrderBy && c.depth > 1 && rl.IsZero()
}

// recordResultColumns keeps the top-level statement's result columns,
// in the compiler's scratch: finish copies them into the Compiled.
func (c *Compiler) recordResultColumns(cols []ColumnElement, names []string) {
	r := c.results[:0]
	if r == nil {
		r = make([]ResultColumn, 0, max(8, len(cols)))
	}
	for i, col := range cols {
		r = append(r, ResultColumn{Name: names[i], Type: col.Type(), Expr: col})
	}
	c.results, c.result = r, r
}

func (c *Compiler) writeCompound(s *CompoundSelect) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
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
	width := len(s.selects[0].SelectedColumns())
	for i, m := range s.selects[1:] {
		if n := len(m.SelectedColumns()); n != width {
			c.Fail(fmt.Errorf("%w: the SELECTs of %s must have the same number of columns; SELECT #%d has %d, the first has %d", ErrArgument, compoundKeywords[s.kind], i+2, n, width))
			return
		}
	}
	c.depth++
	defer func() { c.depth-- }()
	top := c.depth == 1
	for _, cte := range s.ctes {
		c.registerCTE(cte)
	}
	keyword := compoundKeywords[s.kind]
	if kw, ok := c.hooks.SetOperationKeywords[keyword]; ok {
		keyword = kw
	}
	for i, sel := range s.selects {
		if i > 0 {
			c.WriteString(" " + keyword + " ")
		}
		c.depth++ // members never record result columns
		c.writeCompoundMember(sel)
		c.depth--
	}
	cols := s.SelectedColumns()
	names := exportedNames(cols)
	if top {
		c.recordResultColumns(cols, names)
	}
	sc := &orderScope{columns: map[*Column]string{}, labels: map[*Label]string{}, compound: true}
	collectCompoundNames(s, names, sc)
	rl := s.RowLimit()
	if !c.dropsOrderBy(rl) {
		c.writeOrderBy(s.orderBy, sc)
	}
	c.writeRowLimit(rl, nil)
}

// writeCompoundMember writes a member of a compound, parenthesized when
// it needs to be, or wrapped in SELECT * FROM (...) where parentheses are
// not accepted.
func (c *Compiler) writeCompoundMember(sel SelectStatement) {
	if !needsParens(sel) {
		c.Write(sel)
		return
	}
	if c.feat.ParenthesizedSetOps {
		c.WriteByte('(')
		c.Write(sel)
		c.WriteByte(')')
		return
	}
	c.WriteString("SELECT * FROM (")
	c.Write(sel)
	c.WriteByte(')')
	c.writeAliasName(c.anonFromName(sel, ""))
}

// collectCompoundNames maps the columns and labels of every member to the
// name of the compound's result column in their position.
func collectCompoundNames(sel SelectStatement, names []string, sc *orderScope) {
	if cs, ok := sel.(*CompoundSelect); ok {
		for _, m := range cs.selects {
			collectCompoundNames(m, names, sc)
		}
		return
	}
	for i, col := range sel.SelectedColumns() {
		if i >= len(names) {
			break
		}
		switch x := col.(type) {
		case *Column:
			if _, seen := sc.columns[x]; !seen {
				sc.columns[x] = names[i]
			}
		case *Label:
			if _, seen := sc.labels[x]; !seen {
				sc.labels[x] = names[i]
			}
		}
	}
}

// needsParens reports whether a compound member must be parenthesized: it
// has its own ORDER BY, LIMIT, OFFSET or FETCH, or is itself a compound.
func needsParens(sel SelectStatement) bool {
	switch x := sel.(type) {
	case *Select:
		return len(x.orderBy) > 0 || x.limitParam() != nil || x.offsetParam() != nil || x.rare().fetch != nil
	case *CompoundSelect:
		return true
	}
	return false
}
