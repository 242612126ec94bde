package mssql

import (
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	athsql "github.com/athanordb/athanor/sql"
)

// topCount returns the row count a SELECT writes as TOP n: a LIMIT
// without OFFSET, or FETCH FIRST ... PERCENT or WITH TIES without OFFSET
// (which only TOP can express). A plain FETCH FIRST is written as OFFSET 0
// ROWS FETCH FIRST n ROWS ONLY, as SQLAlchemy writes it.
func topCount(rl athsql.RowLimit) (*athsql.BindParam, bool) {
	if rl.Offset != nil || rl.Compound {
		return nil, false
	}
	if rl.Fetch != nil {
		return rl.Fetch, rl.FetchPercent || rl.FetchWithTies
	}
	return rl.Limit, rl.Limit != nil
}

// selectTop writes TOP n [PERCENT] [WITH TIES] after SELECT [DISTINCT].
// The count is written inline, as SQLAlchemy does: it is part of the
// cached statement's key (Hooks.LiteralLimits).
func selectTop(c *athsql.Compiler, s *athsql.Select) {
	rl := s.RowLimit()
	n, ok := topCount(rl)
	if !ok {
		return
	}
	c.WriteString("TOP ")
	c.WriteLimitValue(n)
	if rl.Fetch != nil && rl.FetchPercent {
		c.WriteString(" PERCENT")
	}
	if rl.Fetch != nil && rl.FetchWithTies {
		c.WriteString(" WITH TIES")
	}
	c.WriteByte(' ')
}

// rowLimit writes OFFSET n ROWS [FETCH FIRST m ROWS ONLY] after ORDER BY,
// for the row limits TOP does not express. SQL Server requires the ORDER
// BY. Before 2012 a SELECT's are rewritten with ROW_NUMBER() before they
// reach it; a compound SELECT's are refused.
func (d *Dialect) rowLimit(c *athsql.Compiler, rl athsql.RowLimit) bool {
	if _, top := topCount(rl); top || rl.IsZero() {
		return true
	}
	if rl.FetchPercent || rl.FetchWithTies {
		c.Fail(fmt.Errorf("%w: FETCH FIRST ... PERCENT or WITH TIES together with OFFSET on mssql: SQL Server writes them with TOP, which takes no offset", athsql.ErrNotSupported))
		return true
	}
	if !d.offsetFetch() {
		c.NotSupported("OFFSET or FETCH FIRST on a UNION, INTERSECT or EXCEPT before SQL Server 2012: select from it as a subquery")
		return true
	}
	if !rl.Ordered {
		what := "OFFSET"
		switch {
		case rl.Compound:
			what = "LIMIT or OFFSET on UNION, INTERSECT or EXCEPT"
		case rl.Offset == nil:
			what = "FETCH FIRST"
		}
		c.Fail(fmt.Errorf("%w: SQL Server needs ORDER BY to use %s (it is written OFFSET ... ROWS FETCH FIRST ... ROWS ONLY): add OrderBy", athsql.ErrArgument, what))
		return true
	}
	c.WriteString(" OFFSET ")
	if rl.Offset != nil {
		c.WriteBind(rl.Offset)
	} else {
		c.WriteByte('0')
	}
	c.WriteString(" ROWS")
	count := rl.Fetch
	if count == nil {
		count = rl.Limit
	}
	if count != nil {
		c.WriteString(" FETCH FIRST ")
		c.WriteBind(count)
		c.WriteString(" ROWS ONLY")
	}
	return true
}

// renderBinary writes the operators SQL Server spells differently:
// concatenation is +; IS [NOT] DISTINCT FROM is a set comparison
// (EXISTS (SELECT a INTERSECT SELECT b)), which treats NULLs as equal; a
// collation's name is bracketed only when it must be.
func renderBinary(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	switch b.Operator() {
	case athsql.OpConcat:
		writeConcatOperand(c, b.Left())
		c.WriteString(" + ")
		writeConcatOperand(c, b.Right())
		return true
	case athsql.OpCollate:
		c.Write(b.Left())
		c.WriteString(" COLLATE ")
		c.WriteString(collationName(c.InlineSQL(b.Right())))
		return true
	case athsql.OpIsDistinct, athsql.OpIsNotDistinct:
		if b.Operator() == athsql.OpIsDistinct {
			c.WriteString("NOT ")
		}
		c.WriteString("EXISTS (SELECT ")
		c.Write(b.Left())
		c.WriteString(" INTERSECT SELECT ")
		c.Write(b.Right())
		c.WriteByte(')')
		return true
	case athsql.OpMatch, athsql.OpNotMatch:
		// A full-text search, as SQLAlchemy writes it: CONTAINS (x, v).
		if b.Operator() == athsql.OpNotMatch {
			c.WriteString("NOT ")
		}
		c.WriteCall("CONTAINS (", b.Left(), b.Right())
		return true
	}
	if _, ok := athsql.RegexpParts(c, b); ok {
		// SQL Server has no regular expressions before 2025, and
		// SQLAlchemy writes none.
		c.NotSupported("regular expressions")
		return true
	}
	return false
}

// extractParts are the DATEPART names of EXTRACT's fields that SQL Server
// spells otherwise, as SQLAlchemy maps them.
var extractParts = map[string]string{
	"doy": "dayofyear", "dow": "weekday", "milliseconds": "millisecond", "microseconds": "microsecond",
}

// extract writes EXTRACT(field FROM x) as DATEPART(field, x).
func extract(c *athsql.Compiler, x *athsql.ExtractExpr) bool {
	field := x.Field()
	if p, ok := extractParts[field]; ok {
		field = p
	}
	c.WriteCall("DATEPART("+field+", ", x.Expr())
	return true
}

// collationName returns a collation's name as written: without brackets
// when it is a plain name, as SQL Server's collation names (mixing cases:
// Latin1_General_CS_AS) are not identifiers whose case matters.
func collationName(quoted string) string {
	inner, ok := strings.CutPrefix(quoted, "[")
	if !ok {
		return quoted
	}
	inner, ok = strings.CutSuffix(inner, "]")
	if !ok || inner == "" {
		return quoted
	}
	for _, r := range inner {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return quoted
		}
	}
	return inner
}

// writeConcatOperand writes an operand of a concatenation written as +,
// parenthesizing an addition or subtraction, which would otherwise run
// into the + of the concatenation.
func writeConcatOperand(c *athsql.Compiler, e athsql.ColumnElement) {
	if x, ok := e.(*athsql.BinaryExpression); ok && (x.Operator() == athsql.OpAdd || x.Operator() == athsql.OpSub) {
		c.WriteByte('(')
		c.Write(e)
		c.WriteByte(')')
		return
	}
	c.Write(e)
}

// renderFunction writes the generic functions SQL Server names
// differently, as SQLAlchemy does: now() is CURRENT_TIMESTAMP,
// current_date() is GETDATE(), length and char_length are LEN, pow is
// POWER.
func renderFunction(c *athsql.Compiler, f *athsql.Function) bool {
	name := strings.ToLower(f.Name())
	switch name {
	case "now":
		if len(f.Args()) == 0 {
			c.WriteString("CURRENT_TIMESTAMP")
			return true
		}
	case "current_date":
		if len(f.Args()) == 0 {
			c.WriteString("GETDATE()")
			return true
		}
	case "length", "char_length":
		c.WriteString("LEN")
		f.WriteArgs(c)
		return true
	case "pow":
		c.WriteString("POWER")
		f.WriteArgs(c)
		return true
	}
	return false
}

// boolConst writes true and false as 1 and 0; standing alone as a
// condition (WHERE true), as 1 = 1 and 0 = 1.
func boolConst(c *athsql.Compiler, v bool, cond bool) {
	switch {
	case cond && v:
		c.WriteString("1 = 1")
	case cond:
		c.WriteString("0 = 1")
	case v:
		c.WriteByte('1')
	default:
		c.WriteByte('0')
	}
}

// lock refuses SELECT ... FOR UPDATE: SQL Server has it only for cursors,
// and locks the rows a SELECT reads with table hints instead.
func lock(c *athsql.Compiler, l *athsql.LockClause) {
	c.Fail(fmt.Errorf("%w: SELECT ... FOR UPDATE on mssql: SQL Server locks rows with table hints (WITH (UPDLOCK, ROWLOCK)), which Athanor does not write", athsql.ErrNotSupported))
}

// output writes RETURNING as SQL Server's OUTPUT clause, where
// Hooks.ReturningBeforeValues puts it: the target table's columns are
// those of the row written (inserted.col for INSERT and UPDATE) or
// removed (deleted.col for DELETE).
func output(c *athsql.Compiler, kind athsql.StatementKind, table *athsql.Table, cols []athsql.ColumnElement, names []string) {
	row := "inserted"
	if kind == athsql.KindDelete {
		row = "deleted"
	}
	c.WriteString(" OUTPUT ")
	writeAsRow := func(c *athsql.Compiler, col *athsql.Column) {
		c.WriteString(row + ".")
		c.WriteIdentifier(col.Name())
	}
	c.WithColumnWriter(table, writeAsRow, func() {
		for i, col := range cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteSelectColumn(col, names[i])
		}
	})
}

// fromWithTarget writes the FROM list of UPDATE ... FROM and DELETE ...
// FROM: SQL Server lists the target table again, with the other tables
// (DELETE FROM t1 FROM t1, t2 WHERE ...).
func fromWithTarget(c *athsql.Compiler, target *athsql.Table, froms []athsql.FromClause) {
	c.WriteString(" FROM ")
	c.Write(target)
	for _, f := range froms {
		c.WriteString(", ")
		c.Write(f)
	}
}

// literal writes the values SQL Server spells differently inline (in
// DDL defaults and debug rendering): a string with characters beyond
// ASCII as a Unicode literal (N'...'), a byte string as 0x... .
func literal(c *athsql.Compiler, v any) bool {
	switch x := v.(type) {
	case string:
		if !isASCII(x) && utf8.ValidString(x) {
			c.WriteString("N" + athsql.QuoteString(x))
			return true
		}
	case []byte:
		c.WriteString("0x" + strings.ToUpper(hex.EncodeToString(x)))
		return true
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
