package mysql

import (
	"fmt"
	"strings"
	"time"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// maxLimit is the LIMIT MySQL's manual prescribes for an OFFSET without
// one: the largest unsigned 64-bit integer.
const maxLimit = "18446744073709551615"

func (d *Dialect) newHooks() *athsql.Hooks {
	return &athsql.Hooks{
		LimitOffset:       limitOffset,
		Lock:              d.lock,
		Binary:            d.binary,
		Extract:           extract,
		Function:          function,
		BoolConst:         boolConst,
		Literal:           d.literal,
		CastTypeName:      castTypeName,
		MultiTableUpdate:  true,
		DeleteUsing:       deleteUsing,
		Autoincrement:     autoincrement,
		ServerDefault:     d.serverDefault,
		CreateTableSuffix: d.createTableSuffix,
		IndexExpression:   d.indexExpression,
		IndexPrefix:       indexPrefix,
		NoPartialIndexes:  true,
		DropIndexOnTable:  true,
		DropConstraint:    d.dropConstraint,
		SetComment:        d.setComment,
		// MariaDB refuses a parameter as a window frame offset; MySQL
		// takes one.
		LiteralFrameOffsets: d.server.MariaDB,
	}
}

// limitOffset writes MySQL's LIMIT [offset,] count; an OFFSET alone gets
// the largest LIMIT.
func limitOffset(c *athsql.Compiler, limit, offset *athsql.BindParam) {
	c.WriteString(" LIMIT ")
	if offset != nil {
		c.WriteBind(offset)
		c.WriteString(", ")
		if limit == nil {
			c.WriteString(maxLimit)
			return
		}
	}
	c.WriteBind(limit)
}

// lock writes FOR UPDATE, or for a read lock FOR SHARE (MySQL 8.0.1 and
// later) or LOCK IN SHARE MODE. OF is written where the server has it and
// left out elsewhere (MariaDB): the lock then covers every table of the
// query, more rather than less. NOWAIT and SKIP LOCKED cannot be left
// out without changing what the statement does, so a server without them
// refuses them. PostgreSQL's key-share variants are the plain locks.
func (d *Dialect) lock(c *athsql.Compiler, l *athsql.LockClause) {
	switch {
	case l.Read && d.forShare:
		c.WriteString(" FOR SHARE")
	case l.Read:
		if len(l.Of) > 0 && d.lockOf || l.NoWait || l.SkipLocked {
			c.NotSupported("LOCK IN SHARE MODE with OF, NOWAIT or SKIP LOCKED")
			return
		}
		c.WriteString(" LOCK IN SHARE MODE")
		return
	default:
		c.WriteString(" FOR UPDATE")
	}
	if len(l.Of) > 0 && d.lockOf {
		c.WriteString(" OF ")
		for i, f := range l.Of {
			if i > 0 {
				c.WriteString(", ")
			}
			writeQualifierName(c, f)
		}
	}
	if l.NoWait {
		if !d.noWait {
			c.NotSupported("NOWAIT")
			return
		}
		c.WriteString(" NOWAIT")
	}
	if l.SkipLocked {
		if !d.skipLocked {
			c.NotSupported("SKIP LOCKED")
			return
		}
		c.WriteString(" SKIP LOCKED")
	}
}

// writeQualifierName writes the name a FOR UPDATE OF names a FROM item by:
// a table's name (without its schema) or an alias.
func writeQualifierName(c *athsql.Compiler, f athsql.FromClause) {
	switch x := f.(type) {
	case *athsql.Table:
		c.WriteIdentifier(x.Name())
	case *athsql.Alias:
		if x.Name() == "" {
			c.Fail(fmt.Errorf("%w: FOR UPDATE OF an anonymous alias", athsql.ErrArgument))
			return
		}
		c.WriteIdentifier(x.Name())
	default:
		c.Fail(fmt.Errorf("%w: FOR UPDATE OF %T", athsql.ErrArgument, f))
	}
}

// binary writes concatenation as concat(a, b, ...) (|| is OR in MySQL)
// and IS [NOT] DISTINCT FROM as the null-safe <=>.
func (d *Dialect) binary(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	if d.writeMatchOps(c, b) {
		return true
	}
	switch b.Operator() {
	case athsql.OpConcat:
		c.WriteString("concat(")
		writeConcatArgs(c, b)
		c.WriteByte(')')
		return true
	case athsql.OpDiv:
		// Athanor's Div of two integers is an integer division, as on
		// most databases; MySQL's / would make it a DECIMAL (7 / 2 is
		// 3.5000). DIV truncates toward zero, as they do.
		if !isInteger(b.Left()) || !isInteger(b.Right()) {
			return false
		}
		c.Write(b.Left())
		c.WriteString(" DIV ")
		c.Write(b.Right())
		return true
	case athsql.OpIsNotDistinct:
		c.Write(b.Left())
		c.WriteString(" <=> ")
		c.Write(b.Right())
		return true
	case athsql.OpIsDistinct:
		c.WriteString("NOT ")
		c.Write(b.Left())
		c.WriteString(" <=> ")
		c.Write(b.Right())
		return true
	}
	return false
}

// extract writes EXTRACT(field FROM x), with SQLAlchemy's renaming of
// milliseconds and microseconds to MySQL's units.
func extract(c *athsql.Compiler, x *athsql.ExtractExpr) bool {
	field := x.Field()
	switch field {
	case "milliseconds":
		field = "millisecond"
	case "microseconds":
		field = "microsecond"
	default:
		return false
	}
	c.WriteCall("EXTRACT("+field+" FROM ", x.Expr())
	return true
}

func isInteger(e athsql.ColumnElement) bool {
	return types.Underlying(e.Type()).Affinity() == types.AffinityInteger
}

// writeConcatArgs flattens a chain a || b || c into one argument list.
func writeConcatArgs(c *athsql.Compiler, b *athsql.BinaryExpression) {
	for i, side := range []athsql.ColumnElement{b.Left(), b.Right()} {
		if i > 0 {
			c.WriteString(", ")
		}
		if inner, ok := side.(*athsql.BinaryExpression); ok && inner.Operator() == athsql.OpConcat {
			writeConcatArgs(c, inner)
			continue
		}
		c.Write(side)
	}
}

// function renames the generic functions MySQL spells differently.
func function(c *athsql.Compiler, f *athsql.Function) bool {
	switch strings.ToLower(f.Name()) {
	case "random":
		c.WriteString("rand")
		f.WriteArgs(c)
		return true
	case "sysdate":
		if len(f.Args()) == 0 {
			c.WriteString("SYSDATE()")
			return true
		}
	}
	return false
}

// boolConst writes true and false, which MySQL has as keywords for 1 and
// 0, alone as conditions too.
func boolConst(c *athsql.Compiler, v bool, cond bool) {
	if v {
		c.WriteString("true")
	} else {
		c.WriteString("false")
	}
}

// literal writes values inline as MySQL reads them: backslashes in
// strings are escaped (unless the server's sql_mode says they are not
// escapes), times in the DATETIME text form.
func (d *Dialect) literal(c *athsql.Compiler, v any) bool {
	switch x := v.(type) {
	case string:
		c.WriteString(d.quoteString(x))
	case time.Time:
		c.WriteString("'" + x.Format("2006-01-02 15:04:05.999999") + "'")
	case types.Decimal:
		c.WriteString(x.String())
	case bool:
		boolConst(c, x, false)
	default:
		return false
	}
	return true
}

// quoteString writes s as a string literal.
func (d *Dialect) quoteString(s string) string {
	s = strings.ReplaceAll(s, "'", "''")
	if d.backslashEscapes {
		s = strings.ReplaceAll(s, `\`, `\\`)
	}
	return "'" + s + "'"
}

// deleteUsing writes DELETE FROM t USING t, others: MySQL's list names
// the target table too.
func deleteUsing(c *athsql.Compiler, target *athsql.Table, froms []athsql.FromClause) {
	c.WriteString(" USING ")
	c.Write(target)
	for _, f := range froms {
		c.WriteString(", ")
		c.Write(f)
	}
}

func autoincrement(c *athsql.Compiler, col *athsql.Column) {
	if col.ServerDefault() == nil {
		c.WriteString(" AUTO_INCREMENT")
	}
}
