package postgres

import (
	athsql "github.com/athanordb/athanor/sql"
)

// writeMatchOps writes the regular expression operators and full-text
// MATCH as SQLAlchemy writes them on PostgreSQL: x ~ p (~* for the flag
// i alone, x ~ CONCAT('(?', flags, ')', p) for other flags, a
// parameter p cast to VARCHAR there; !~ and !~*
// negated), REGEXP_REPLACE(x, p, r[, flags]), and x @@
// plainto_tsquery(v). It reports whether it wrote b.
func writeMatchOps(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	switch b.Operator() {
	case athsql.OpMatch, athsql.OpNotMatch:
		if b.Operator() == athsql.OpNotMatch {
			c.WriteString("NOT ")
		}
		c.Write(b.Left())
		c.WriteCall(" @@ plainto_tsquery(", b.Right())
		return true
	}
	r, ok := athsql.RegexpParts(c, b)
	if !ok {
		return false
	}
	if r.Replacement != nil {
		r.WriteFunction(c, "REGEXP_REPLACE")
		return true
	}
	op := " ~ "
	if r.Negated {
		op = " !~ "
	}
	c.Write(r.Subject)
	switch {
	case !r.HasFlags:
		c.WriteString(op)
		c.Write(r.Pattern)
	case r.Flags == "i":
		c.WriteString(op[:len(op)-1] + "* ")
		c.Write(r.Pattern)
	default:
		c.WriteString(op + "CONCAT('(?', ")
		r.WriteFlags(c)
		c.WriteString(", ')', ")
		// CONCAT takes any type: a parameter there is cast, as the
		// server cannot infer its type.
		if b, ok := castable(r.Pattern); ok {
			writeBindCast(c, b)
		} else {
			c.Write(r.Pattern)
		}
		c.WriteByte(')')
	}
	return true
}
