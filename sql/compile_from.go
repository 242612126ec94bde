package sql

import (
	"fmt"
	"slices"
)

// nestMode is how a SELECT being compiled sits in its statement; it
// decides what the SELECT correlates to and how it labels its columns.
type nestMode uint8

const (
	// nestTop: the statement itself, or a SELECT embedded in another
	// statement without correlation (INSERT ... SELECT).
	nestTop nestMode = iota
	// nestExpr: in an expression (scalar subquery, IN): correlates.
	nestExpr
	// nestExists: in EXISTS; like nestExpr, and an empty select list is
	// written SELECT *.
	nestExists
	// nestFrom: a FROM-clause subquery or a CTE body: no automatic
	// correlation; table columns are labeled with their names.
	nestFrom
	// nestLateral: a LATERAL subquery: correlates, labels like nestFrom.
	nestLateral
)

// frame is a statement being compiled (a SELECT, UPDATE or DELETE), with
// the FROM items nested SELECTs may correlate to; or a marker telling how
// the next SELECT is nested.
type frame struct {
	froms  []FromClause
	sel    *Select
	labels map[*Label]string // select-list labels, by the name they render with
	marker bool
	mode   nestMode
}

func (c *Compiler) pushFrame(f *frame) { c.frames = append(c.frames, f) }

// newFrame returns a cleared frame from the compiler's store, which a
// pooled compiler keeps (with each frame's FROM list) between
// compilations.
func (c *Compiler) newFrame() *frame {
	if c.usedFrames < len(c.frameStore) {
		f := c.frameStore[c.usedFrames]
		c.usedFrames++
		*f = frame{froms: f.froms[:0]}
		return f
	}
	f := &frame{}
	c.frameStore = append(c.frameStore, f)
	c.usedFrames++
	return f
}
func (c *Compiler) popFrame() { c.frames = c.frames[:len(c.frames)-1] }

// nesting returns how the SELECT about to be compiled is nested, and the
// enclosing statements it may correlate to, innermost first.
func (c *Compiler) nesting() (nestMode, []*frame) {
	i := len(c.frames) - 1
	if i < 0 {
		return nestTop, nil
	}
	mode := nestExpr // a SELECT written directly inside another statement
	if top := c.frames[i]; top.marker {
		mode = top.mode
		i--
	}
	if mode == nestTop {
		return nestTop, nil
	}
	var parents []*frame
	for ; i >= 0; i-- {
		f := c.frames[i]
		if f.marker {
			if f.mode == nestTop {
				break
			}
			continue
		}
		parents = append(parents, f)
	}
	return mode, parents
}

// writeNestedAs compiles a statement nested in an expression.
func (c *Compiler) writeNestedAs(sel SelectStatement, mode nestMode) {
	c.pushFrame(&frame{marker: true, mode: mode})
	defer c.popFrame()
	c.Write(sel)
}

// writeAsFrom compiles a statement used as a FROM item: it does not
// correlate automatically (unless lateral).
func (c *Compiler) writeAsFrom(sel SelectStatement, lateral bool) {
	mode := nestFrom
	if lateral {
		mode = nestLateral
	}
	c.writeNestedAs(sel, mode)
}

// writeEmbedded compiles a SELECT that is part of another statement
// without being nested in it (INSERT ... SELECT): no correlation, no
// labels of a subquery.
func (c *Compiler) writeEmbedded(sel SelectStatement) { c.writeNestedAs(sel, nestTop) }

// normalizeFroms appends to dst the items of cands without repeats and
// without those that a join of the list contains, keeping the order.
func normalizeFroms(dst, cands []FromClause) []FromClause {
	start := len(dst)
	for _, f := range cands {
		if !containsFrom(dst[start:], f) {
			dst = append(dst, f)
		}
	}
	out := dst[start:]
	if !slices.ContainsFunc(out, func(f FromClause) bool { _, ok := f.(*Join); return ok }) {
		return dst
	}
	// Joins hide what they hold: decide first, then compact.
	var small [16]bool
	var hidden []bool
	if len(out) > len(small) {
		hidden = make([]bool, len(out))
	} else {
		hidden = small[:len(out)]
	}
	for i, f := range out {
		hidden[i] = hiddenFrom(out, f)
	}
	n := start
	for i, f := range out {
		if !hidden[i] {
			dst[n] = f
			n++
		}
	}
	clear(dst[n:])
	return dst[:n]
}

// fromSet is FROM items by identity, with the items inside joins.
type fromSet map[FromClause]bool

func (s fromSet) add(froms []FromClause) {
	for _, f := range froms {
		for _, o := range fromObjects(f) {
			s[o] = true
		}
	}
}

func containsFrom(list []FromClause, f FromClause) bool {
	id := fromIdentity(f)
	return slices.ContainsFunc(list, func(o FromClause) bool { return fromIdentity(o) == id })
}

// selectFroms computes a SELECT's FROM list: the explicit items, then
// those its columns and WHERE refer to, without repeats and without items
// inside a join of the list; minus, for a nested SELECT, the items it
// correlates to, following SQLAlchemy's rules:
//
//   - Correlate(items): those of the items that an enclosing statement,
//     at any level, has (a FROM-clause subquery does not see the
//     statement it is directly in);
//   - CorrelateExcept(items): every item an enclosing statement has,
//     except those given;
//   - otherwise, in an expression or LATERAL and with more than one FROM
//     item: those the immediately enclosing statement has; an error when
//     none would be left.
func (c *Compiler) selectFroms(dst []FromClause, s *Select, mode nestMode, parents []*frame) []FromClause {
	m := s.rare()
	var buf [8]FromClause
	cols, where := s.coveredPrefix()
	froms := normalizeFroms(dst, s.appendImplicitFromsAfter(append(buf[:0], s.froms...), cols, where))
	for _, f := range froms {
		if isNil(f) {
			c.Fail(errNilFrom("select"))
			return nil
		}
	}
	if mode == nestTop || len(parents) == 0 {
		return froms
	}
	explicit := fromSet{}
	for _, p := range parents {
		explicit.add(p.froms)
	}
	implicit := fromSet{}
	if mode == nestFrom {
		for o := range fromSetOf(parents[0].froms) {
			delete(explicit, o)
		}
	} else {
		implicit.add(parents[0].froms)
	}
	if m.correlateSet && len(m.correlate) > 0 {
		froms = slices.DeleteFunc(froms, func(f FromClause) bool {
			return explicit[fromIdentity(f)] && containsFrom(m.correlate, f)
		})
	}
	if m.exceptSet {
		froms = slices.DeleteFunc(froms, func(f FromClause) bool {
			return explicit[fromIdentity(f)] && !containsFrom(m.correlateExcept, f)
		})
	}
	if !m.correlateSet && !m.exceptSet && len(implicit) > 0 && len(froms) > 1 {
		froms = slices.DeleteFunc(froms, func(f FromClause) bool { return implicit[fromIdentity(f)] })
		if len(froms) == 0 {
			c.Fail(fmt.Errorf("%w: the subquery has no FROM item left after correlating to the enclosing query; use Correlate or CorrelateExcept to choose", ErrArgument))
			return nil
		}
	}
	return froms
}

func fromSetOf(froms []FromClause) fromSet {
	s := fromSet{}
	s.add(froms)
	return s
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
	if c.schemas == nil {
		c.writeFullCached(&t.quoted, func() { c.writeSchemaTableName(t) })
		return
	}
	c.writeSchemaTableName(t)
}

// writeSchemaTableName writes [schema.]name.
func (c *Compiler) writeSchemaTableName(t *Table) {
	if schema := c.SchemaFor(t.schema); schema != "" {
		if c.hooks.SchemaName != nil {
			c.hooks.SchemaName(c, schema)
		} else {
			c.WriteIdentifier(schema)
		}
		c.WriteByte('.')
	}
	c.writeNameCached(t.name, &t.quoted)
}

// writeAlias writes "item AS name"; an alias of an alias renames the
// innermost item.
func (c *Compiler) writeAlias(a *Alias) {
	base := FromClause(a)
	for {
		x, ok := base.(*Alias)
		if !ok {
			break
		}
		if x.err != nil {
			c.Fail(x.err)
			return
		}
		base = x.of
	}
	switch b := base.(type) {
	case *Subquery:
		c.writeSubqueryBody(b)
	case *Table:
		c.writeTableName(b) // a hint is the alias's
	default:
		c.Write(base)
	}
	c.writeAliasName(c.anonFromName(a, a.name))
	c.writeHint(a)
}

func (c *Compiler) writeSubquery(s *Subquery) {
	c.writeSubqueryBody(s)
	c.writeAliasName(c.anonFromName(s, s.name))
	c.writeHint(s)
}

// writeSubqueryBody writes [LATERAL] (SELECT ...).
func (c *Compiler) writeSubqueryBody(s *Subquery) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
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
	c.writeCondition(j.on)
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
		c.WriteIdentifier(c.cteName(x))
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
	if len(c.colWriters) > 0 && col.from != nil {
		if fn := c.colWriters[col.from]; fn != nil {
			fn(c, col)
			return
		}
	}
	if col.from != nil && c.writeValueColumn(col) {
		return
	}
	if t, ok := col.from.(*Table); ok && t.err == nil && !c.noQual && c.schemas == nil {
		// The common case: table.column, the same text each time.
		c.writeFullCached(&col.quoted, func() {
			c.writeTableName(t)
			c.WriteByte('.')
			c.writeNameCached(col.name, &col.quoted)
		})
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
	c.writeNameCached(col.name, &col.quoted)
}
