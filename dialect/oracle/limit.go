package oracle

import (
	"reflect"
	"strconv"

	athsql "github.com/athanordb/athanor/sql"
)

// LIMIT and OFFSET, in SQLAlchemy's two forms.
//
// From 12.1 (unless Options.RownumLimits):
//
//	SELECT ... ORDER BY ... OFFSET 20 ROWS FETCH FIRST 10 ROWS ONLY
//
// Before, the SELECT becomes a subquery filtered on ROWNUM, and with an
// OFFSET a second level numbers the rows (ora_rn) for the outer query to
// skip:
//
//	SELECT anon_1.a, anon_1.b FROM (
//	    SELECT anon_2.a AS a, anon_2.b AS b, ROWNUM AS ora_rn
//	    FROM (SELECT t.a AS a, t.b AS b FROM t ORDER BY t.b) anon_2
//	    WHERE ROWNUM <= 10 + 20) anon_1
//	WHERE ora_rn > 20
//
// The values are written into the SQL text (SQLAlchemy renders them after
// compiling), which lets the optimizer plan for them.

// limitOffset writes OFFSET n ROWS and FETCH FIRST n ROWS ONLY. A SELECT's
// limits are rewritten before they reach it in the ROWNUM form; a
// compound SELECT's cannot be.
func (d *Dialect) limitOffset(c *athsql.Compiler, limit, offset *athsql.BindParam) {
	if !d.fetchFirst() {
		c.NotSupported("LIMIT or OFFSET on a UNION, INTERSECT or MINUS without FETCH FIRST (before 12c): select from it as a subquery")
		return
	}
	if offset != nil {
		c.WriteString(" OFFSET ")
		c.WriteLimitValue(offset)
		c.WriteString(" ROWS")
	}
	if limit != nil {
		c.WriteString(" FETCH FIRST ")
		c.WriteLimitValue(limit)
		c.WriteString(" ROWS ONLY")
	}
}

// rewriteSelect flattens joins first with Options.NonANSIJoins; then it
// wraps a SELECT with LIMIT or OFFSET in ROWNUM subqueries, when FETCH
// FIRST is not used. Columns of FOR UPDATE OF that the SELECT
// does not return are added to the inner levels, and the locking clause
// moves to the outermost SELECT, naming the outer subquery's columns.
func (d *Dialect) rewriteSelect(c *athsql.Compiler, s *athsql.Select) athsql.SelectStatement {
	if d.opts.NonANSIJoins {
		if flat := nonANSIJoins(c, s); flat != nil || c.Err() != nil {
			return flat
		}
	}
	if d.fetchFirst() {
		return nil
	}
	rl := s.RowLimit()
	limit, hasLimit := limitValue(rl.Limit)
	if rl.Fetch != nil {
		switch {
		case d.FeatureFlags.FetchFirst:
			return nil // written as it is, on a release that has it
		case rl.FetchWithTies || rl.FetchPercent:
			c.NotSupported("FETCH FIRST ... WITH TIES or PERCENT before 12c")
			return nil
		}
		limit, hasLimit = limitValue(rl.Fetch)
	}
	offset, hasOffset := limitValue(rl.Offset)
	if !hasLimit && !hasOffset {
		return nil
	}
	lock := s.Lock()
	inner := s.WithoutLimits().WithoutLock()
	cols := inner.SelectedColumns()
	nOrig := len(cols)
	var lockCols []athsql.ColumnElement
	if lock != nil {
		lockCols = lock.OfColumns
		for _, oc := range lockCols {
			if indexOf(cols, oc) < 0 {
				cols = append(cols[:len(cols):len(cols)], oc)
			}
		}
	}
	inner = inner.WithOnlyColumns(elements(cols)...)
	sub := inner.Subquery("")

	// The middle level: the original columns, then ROWNUM AS ora_rn when
	// there is an OFFSET, then the other columns FOR UPDATE OF needs.
	subCols := sub.Columns()
	var items []athsql.Element
	for _, col := range subCols[:nOrig] {
		items = append(items, col)
	}
	if hasOffset {
		items = append(items, athsql.NewLabel("ora_rn", athsql.LiteralColumn("ROWNUM")))
		for _, col := range subCols[nOrig:] {
			items = append(items, col)
		}
	}
	middle := athsql.NewSelect(items...)
	if !hasOffset {
		middle = athsql.NewSelect(firstColumns(subCols, nOrig)...)
	}
	if d.opts.OptimizeLimits && hasLimit {
		middle = middle.Prefix("/*+ FIRST_ROWS(" + strconv.FormatInt(limit, 10) + ") */")
	}
	if hasLimit {
		bound := strconv.FormatInt(limit, 10)
		if hasOffset {
			bound += " + " + strconv.FormatInt(offset, 10)
		}
		middle = middle.Where(athsql.LiteralColumn("ROWNUM <= " + bound))
	}
	if !hasOffset {
		return withLock(middle, lock, lockCols, cols, subCols)
	}

	// The outer level skips the OFFSET rows by their number.
	outerSub := middle.Subquery("")
	outerCols := outerSub.Columns()
	outer := athsql.NewSelect(firstColumns(outerCols, nOrig)...).
		Where(athsql.LiteralColumn("ora_rn > " + strconv.FormatInt(offset, 10)))
	middleCols := append(append([]athsql.ColumnElement{}, cols[:nOrig]...), nil) // ora_rn has no source
	middleCols = append(middleCols, cols[nOrig:]...)
	return withLock(outer, lock, lockCols, middleCols, outerCols)
}

// withLock gives the wrapping SELECT the locking clause, its OF columns
// replaced by the subquery's columns that select them (srcs[i] is what
// subCols[i] selects).
func withLock(s *athsql.Select, lock *athsql.LockClause, lockCols, srcs []athsql.ColumnElement, subCols []*athsql.Column) *athsql.Select {
	if lock == nil {
		return s
	}
	l := *lock
	l.OfColumns = nil
	for _, oc := range lockCols {
		if i := indexOf(srcs, oc); i >= 0 && i < len(subCols) {
			l.OfColumns = append(l.OfColumns, subCols[i])
		} else {
			l.OfColumns = append(l.OfColumns, oc) // text naming a column as written
		}
	}
	return s.ForUpdate(l)
}

// limitValue returns the value of a LIMIT, OFFSET or FETCH FIRST
// parameter, and whether there is one.
func limitValue(b *athsql.BindParam) (int64, bool) {
	if b == nil {
		return 0, false
	}
	v, _ := b.Value()
	n, _ := v.(int64)
	return n, true
}

// indexOf finds e in cols by identity; elements that are not pointers
// are never found (comparing them could panic).
func indexOf(cols []athsql.ColumnElement, e athsql.ColumnElement) int {
	if !isPointer(e) {
		return -1
	}
	for i, c := range cols {
		if isPointer(c) && c == e {
			return i
		}
	}
	return -1
}

func isPointer(e athsql.ColumnElement) bool {
	return e != nil && reflect.TypeOf(e).Kind() == reflect.Pointer
}

func elements(cols []athsql.ColumnElement) []athsql.Element {
	out := make([]athsql.Element, len(cols))
	for i, c := range cols {
		out[i] = c
	}
	return out
}

func firstColumns(cols []*athsql.Column, n int) []athsql.Element {
	out := make([]athsql.Element, n)
	for i := range out {
		out[i] = cols[i]
	}
	return out
}
