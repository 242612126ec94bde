package mysql

import (
	athsql "github.com/athanordb/athanor/sql"
)

// writeMatchOps writes the regular expression operators and full-text
// MATCH as SQLAlchemy writes them on MySQL and MariaDB, by server: x
// REGEXP p and x NOT REGEXP p; with flags, REGEXP_LIKE(x, p, 'flags') on
// MySQL 8 and x REGEXP CONCAT('(?', 'flags', ')', p) on MariaDB (PCRE's
// inline flags); REGEXP_REPLACE(x, p, r) on MySQL 8 and MariaDB, flags
// given to MySQL after the position and occurrence arguments (1, 0: from
// the start, every match) and to MariaDB inline; MATCH (x) AGAINST (v IN
// BOOLEAN MODE). MySQL before 8.0.4 has neither flags nor REGEXP_REPLACE
// (ErrNotSupported). It reports whether it wrote b.
func (d *Dialect) writeMatchOps(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	switch b.Operator() {
	case athsql.OpMatch, athsql.OpNotMatch:
		if b.Operator() == athsql.OpNotMatch {
			c.WriteString("NOT ")
		}
		c.WriteCall("MATCH (", b.Left())
		c.WriteString(" AGAINST (")
		c.Write(b.Right())
		c.WriteString(" IN BOOLEAN MODE)")
		return true
	}
	r, ok := athsql.RegexpParts(c, b)
	if !ok {
		return false
	}
	mariaDB := d.server.MariaDB
	if !mariaDB && !d.server.AtLeast(8, 0, 4) && (r.HasFlags || r.Replacement != nil) {
		if r.Replacement != nil {
			c.NotSupported("REGEXP_REPLACE before MySQL 8.0.4")
		} else {
			c.NotSupported("regular expression flags before MySQL 8.0.4")
		}
		return true
	}
	switch {
	case r.Replacement != nil && mariaDB:
		c.WriteString("REGEXP_REPLACE(")
		c.Write(r.Subject)
		c.WriteString(", ")
		writeInlineFlags(c, r)
		c.WriteString(", ")
		c.Write(r.Replacement)
		c.WriteByte(')')
	case r.Replacement != nil && r.HasFlags:
		// REGEXP_REPLACE(expr, pat, repl[, pos[, occurrence[,
		// match_type]]]): the flags are the sixth argument.
		c.WriteString("REGEXP_REPLACE(")
		c.Write(r.Subject)
		c.WriteString(", ")
		c.Write(r.Pattern)
		c.WriteString(", ")
		c.Write(r.Replacement)
		c.WriteString(", 1, 0, ")
		r.WriteFlags(c)
		c.WriteByte(')')
	case r.Replacement != nil:
		r.WriteFunction(c, "REGEXP_REPLACE")
	case !r.HasFlags || mariaDB:
		c.Write(r.Subject)
		if r.Negated {
			c.WriteString(" NOT REGEXP ")
		} else {
			c.WriteString(" REGEXP ")
		}
		writeInlineFlags(c, r)
	default:
		if r.Negated {
			c.WriteString("NOT ")
		}
		r.WriteFunction(c, "REGEXP_LIKE")
	}
	return true
}

// writeInlineFlags writes the pattern, after its flags in PCRE's inline
// form when there are any: CONCAT('(?', 'i', ')', p).
func writeInlineFlags(c *athsql.Compiler, r athsql.RegexpOp) {
	if !r.HasFlags {
		c.Write(r.Pattern)
		return
	}
	c.WriteString("CONCAT('(?', ")
	r.WriteFlags(c)
	c.WriteString(", ')', ")
	c.Write(r.Pattern)
	c.WriteByte(')')
}
