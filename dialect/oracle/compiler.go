package oracle

import (
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	athsql "github.com/athanordb/athanor/sql"
)

// newHooks returns the statement-level rendering of the dialect's
// release.
func (d *Dialect) newHooks() *athsql.Hooks {
	recursive := ""
	h := &athsql.Hooks{
		RewriteSelect:           d.rewriteSelect,
		LimitOffset:             d.limitOffset,
		LiteralLimits:           true,
		EmptyFrom:               " FROM DUAL",
		NoTableAliasAS:          true,
		RecursiveKeyword:        &recursive,
		OrderByLabelExpressions: true,
		SetOperationKeywords:    map[string]string{"EXCEPT": "MINUS"},
		Binary:                  renderBinary,
		Function:                renderFunction,
		BoolConst:               boolConst,
		NumericBooleans:         true,
		Lock:                    renderLock,
		CastTypeName:            d.castTypeName,
		Literal:                 renderLiteral,
		Returning:               renderReturning,

		ColumnType:        d.columnType,
		CreateTableSuffix: createTableSuffix,
		Identity:          renderIdentity,
		NextValue:         nextValue,
		CreateSequence:    d.createSequence,

		IndexNameQualified: true,
		NoPartialIndexes:   true,
		IndexPrefix:        indexPrefix,
		IndexSuffix:        indexSuffix,

		TableFunction: tableFunction,
		ColumnValue:   "COLUMN_VALUE",
	}
	return h
}

// renderBinary writes the operators Oracle spells otherwise: % is mod(),
// IS [NOT] DISTINCT FROM is a DECODE comparison (DECODE treats two NULLs
// as equal).
func renderBinary(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	switch b.Operator() {
	case athsql.OpMod:
		c.WriteString("mod(")
		c.Write(b.Left())
		c.WriteString(", ")
		c.Write(b.Right())
		c.WriteByte(')')
		return true
	case athsql.OpIsDistinct, athsql.OpIsNotDistinct:
		c.WriteString("DECODE(")
		c.Write(b.Left())
		c.WriteString(", ")
		c.Write(b.Right())
		if b.Operator() == athsql.OpIsDistinct {
			c.WriteString(", 0, 1) = 1")
		} else {
			c.WriteString(", 0, 1) = 0")
		}
		return true
	case athsql.OpMatch, athsql.OpNotMatch:
		if b.Operator() == athsql.OpNotMatch {
			c.WriteString("NOT ")
		}
		c.WriteCall("CONTAINS (", b.Left(), b.Right())
		return true
	}
	if r, ok := athsql.RegexpParts(c, b); ok {
		writeRegexp(c, r)
		return true
	}
	return false
}

// writeRegexp writes [NOT] REGEXP_LIKE(x, pattern[, flags]) or
// REGEXP_REPLACE(x, pattern, replacement[, flags]), as SQLAlchemy does.
func writeRegexp(c *athsql.Compiler, r athsql.RegexpOp) {
	if r.Negated {
		c.WriteString("NOT ")
	}
	if r.Replacement != nil {
		r.WriteFunction(c, "REGEXP_REPLACE")
	} else {
		r.WriteFunction(c, "REGEXP_LIKE")
	}
}

// tableFunction writes a function called in a FROM clause as TABLE
// (fn(...)), as a collection-returning function is queried on Oracle.
func tableFunction(c *athsql.Compiler, fn *athsql.Function) {
	c.WriteCall("TABLE (", fn)
}

// noArgFunctions are written without parentheses when called without
// arguments, in the case they were given.
var noArgFunctions = map[string]bool{"uid": true, "sysdate": true, "systimestamp": true}

// renderFunction renames the generic functions Oracle spells differently:
// now() is CURRENT_TIMESTAMP, char_length() LENGTH(), pow() POWER();
// UID, SYSDATE and SYSTIMESTAMP take no parentheses.
func renderFunction(c *athsql.Compiler, f *athsql.Function) bool {
	name := strings.ToLower(f.Name())
	switch {
	case name == "now" && len(f.Args()) == 0:
		c.WriteString("CURRENT_TIMESTAMP")
		return true
	case name == "char_length":
		c.WriteString("LENGTH")
		f.WriteArgs(c)
		return true
	case name == "pow":
		c.WriteString("POWER")
		f.WriteArgs(c)
		return true
	case noArgFunctions[name] && len(f.Args()) == 0:
		c.WriteString(f.Name())
		return true
	}
	return false
}

// boolConst writes true and false as 1 and 0 (SQLAlchemy's Oracle
// rendering on every release), and as conditions 1 = 1 and 0 = 1.
func boolConst(c *athsql.Compiler, v bool, cond bool) {
	switch {
	case cond && v:
		c.WriteString("1 = 1")
	case cond:
		c.WriteString("0 = 1")
	case v:
		c.WriteString("1")
	default:
		c.WriteString("0")
	}
}

// renderLock writes FOR UPDATE [OF columns] [NOWAIT | SKIP LOCKED]. Oracle
// has no FOR SHARE or key-share modes: they lock FOR UPDATE, as in
// SQLAlchemy. OF names columns (LockClause.OfColumns); a table given in
// Of is refused.
func renderLock(c *athsql.Compiler, l *athsql.LockClause) {
	if len(l.Of) > 0 {
		c.NotSupported("FOR UPDATE OF a table (Oracle names a column of each table: use LockClause.OfColumns)")
		return
	}
	if l.NoWait && l.SkipLocked {
		c.NotSupported("FOR UPDATE with both NOWAIT and SKIP LOCKED")
		return
	}
	c.WriteString(" FOR UPDATE")
	if len(l.OfColumns) > 0 {
		c.WriteString(" OF ")
		c.WriteList(l.OfColumns, ", ")
	}
	if l.NoWait {
		c.WriteString(" NOWAIT")
	}
	if l.SkipLocked {
		c.WriteString(" SKIP LOCKED")
	}
}

// renderReturning writes RETURNING cols INTO :ret_0, :ret_1, ...: Oracle
// returns the values through output parameters, one per column. Labels
// name nothing there and are dropped.
func renderReturning(c *athsql.Compiler, _ athsql.StatementKind, _ *athsql.Table, cols []athsql.ColumnElement, _ []string) {
	c.WriteString(" RETURNING ")
	for i, col := range cols {
		if i > 0 {
			c.WriteString(", ")
		}
		if l, ok := col.(*athsql.Label); ok {
			col = l.Element()
		}
		c.Write(col)
	}
	c.WriteString(" INTO ")
	for i, col := range cols {
		if i > 0 {
			c.WriteString(", ")
		}
		c.WriteOutParam("ret_"+strconv.Itoa(i), col.Type())
	}
}

// renderLiteral writes the values Oracle spells otherwise when inline
// (debug rendering, DDL defaults): times as TO_DATE or TO_TIMESTAMP,
// durations as NUMTODSINTERVAL, bytes as HEXTORAW.
func renderLiteral(c *athsql.Compiler, v any) bool {
	switch x := v.(type) {
	case time.Time:
		if x.Nanosecond() != 0 {
			c.WriteString("TO_TIMESTAMP('" + x.Format("2006-01-02 15:04:05.999999") + "', 'YYYY-MM-DD HH24:MI:SS.FF')")
		} else {
			c.WriteString("TO_DATE('" + x.Format("2006-01-02 15:04:05") + "', 'YYYY-MM-DD HH24:MI:SS')")
		}
		return true
	case time.Duration:
		secs := strconv.FormatFloat(x.Seconds(), 'f', -1, 64)
		if !strings.Contains(secs, ".") {
			secs += ".0"
		}
		c.WriteString(fmt.Sprintf("NUMTODSINTERVAL(%s, 'SECOND')", secs))
		return true
	case []byte:
		c.WriteString("HEXTORAW('" + strings.ToUpper(hex.EncodeToString(x)) + "')")
		return true
	}
	return false
}
