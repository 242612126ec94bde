package mssql

import (
	athsql "github.com/athanordb/athanor/sql"
)

// Before SQL Server 2012 there is no OFFSET: a SELECT with an OFFSET, or
// a plain FETCH FIRST, numbers its rows with ROW_NUMBER() over its ORDER
// BY in a subquery, which the outer SELECT filters, as SQLAlchemy writes
// it:
//
//	SELECT anon_1.x, anon_1.y FROM (
//	    SELECT t.x AS x, t.y AS y, ROW_NUMBER() OVER (ORDER BY t.y) AS mssql_rn
//	    FROM t WHERE t.x = @p1) AS anon_1
//	WHERE mssql_rn > @p2 AND mssql_rn <= @p3 + @p2
//
// A LIMIT alone, and FETCH FIRST with PERCENT or WITH TIES, are TOP on
// every version.

// rewriteSelect wraps a SELECT in the ROW_NUMBER() form on SQL Server
// 2008 and earlier.
func (d *Dialect) rewriteSelect(c *athsql.Compiler, s *athsql.Select) athsql.SelectStatement {
	if d.offsetFetch() {
		return nil
	}
	rl := s.RowLimit()
	count := rl.Limit
	if rl.Fetch != nil {
		if rl.FetchPercent || rl.FetchWithTies {
			return nil // TOP, or refused with an OFFSET by rowLimit
		}
		count = rl.Fetch
	}
	if rl.Offset == nil && rl.Fetch == nil {
		return nil // TOP n, or nothing
	}
	if !rl.Ordered {
		c.Failf("%w: SQL Server before 2012 needs ORDER BY for OFFSET or FETCH FIRST (it numbers the rows with ROW_NUMBER() OVER (ORDER BY ...)): add OrderBy", athsql.ErrArgument)
		return nil
	}
	order := s.OrderByClauses()
	window := make([]athsql.ColumnElement, len(order))
	for i, o := range order {
		window[i] = labelExpression(o)
	}
	n := len(s.SelectedColumns())
	rn := athsql.Func("ROW_NUMBER").Over(athsql.Window{OrderBy: window}).Label("mssql_rn")
	sub := s.WithoutLimits().WithoutOrderBy().AddColumns(rn).Subquery("")
	cols := sub.Columns()[:n]
	items := make([]athsql.Element, n)
	for i, col := range cols {
		items[i] = col
	}
	number := athsql.LiteralColumn("mssql_rn")
	var conds []athsql.ColumnElement
	if rl.Offset != nil {
		conds = append(conds, number.Gt(rl.Offset))
	}
	if count != nil {
		bound := athsql.ColumnElement(count)
		if rl.Offset != nil {
			bound = athsql.Ops(count).Add(rl.Offset)
		}
		conds = append(conds, number.Le(bound))
	}
	return athsql.NewSelect(items...).Where(conds...)
}

// labelExpression returns an ORDER BY item with a select-list label
// replaced by its expression (foo(t.x) DESC for x DESC, where x labels
// foo(t.x)): the window cannot name the select list's labels.
func labelExpression(e athsql.ColumnElement) athsql.ColumnElement {
	switch x := e.(type) {
	case *athsql.Label:
		return x.Element()
	case *athsql.UnaryExpression:
		if l, ok := x.Element().(*athsql.Label); ok && x.Modifier() != nil {
			inner := athsql.Ops(l.Element())
			switch x.Modifier() {
			case athsql.OpAsc:
				return inner.Asc()
			case athsql.OpDesc:
				return inner.Desc()
			case athsql.OpNullsFirst:
				return inner.NullsFirst()
			case athsql.OpNullsLast:
				return inner.NullsLast()
			}
		}
	}
	return e
}
