package sql

import (
	"fmt"
	"regexp"

	"github.com/athanordb/athanor/types"
)

// ExtractExpr is EXTRACT(field FROM expr), a part of a date or time: make
// one with Extract.
type ExtractExpr struct {
	ColumnOps
	field string
	expr  ColumnElement
}

var extractFieldRE = regexp.MustCompile(`^[A-Za-z][A-Za-z_]*$`)

// Extract returns a part of a date, time or timestamp, as SQLAlchemy's
// extract: field names the part ("year", "month", "day", "hour",
// "minute", "second", "dow", "doy", "week", "epoch", "quarter",
// "milliseconds", "microseconds", ...) and is written as a keyword, not
// bound: it must be a word of letters and underscores (ErrArgument
// otherwise). Each dialect writes it its own way: EXTRACT(field FROM x)
// by default (MySQL renames milliseconds and microseconds to millisecond
// and microsecond), DATEPART(field, x) on SQL Server, CAST(STRFTIME('%m',
// x) AS INTEGER) on SQLite, which knows only month, day, year, second,
// hour, doy, minute, epoch, dow and week. The result is an integer, but
// for second and epoch, which PostgreSQL gives with their fraction: a
// Double.
func Extract(field string, expr ColumnElement) *ExtractExpr {
	x := &ExtractExpr{field: field, expr: Untyped(expr)}
	x.self = x
	return x
}

// Field returns the part extracted, as given.
func (x *ExtractExpr) Field() string { return x.field }

// Expr returns the date or time the part is extracted from.
func (x *ExtractExpr) Expr() ColumnElement { return x.expr }

// Type implements ColumnElement: an Integer, a Double for second and
// epoch.
func (x *ExtractExpr) Type() types.Type {
	switch x.field {
	case "second", "epoch":
		return types.Double{}
	}
	return types.Integer{}
}

// WriteSQL implements Element: the dialect's Hooks.Extract, or
// EXTRACT(field FROM expr).
func (x *ExtractExpr) WriteSQL(c *Compiler) {
	if !extractFieldRE.MatchString(x.field) {
		c.Fail(fmt.Errorf("%w: EXTRACT field %q is not a word", ErrArgument, x.field))
		return
	}
	if x.expr == nil || isNilElement(x.expr) {
		c.Fail(fmt.Errorf("%w: EXTRACT of a nil expression", ErrArgument))
		return
	}
	if c.hooks.Extract != nil && c.hooks.Extract(c, x) {
		return
	}
	c.WriteString("EXTRACT(" + x.field + " FROM ")
	c.Write(x.expr)
	c.WriteByte(')')
}

// WriteCacheKey implements Element.
func (x *ExtractExpr) WriteCacheKey(k *CacheKey) {
	k.Custom("sql.extract")
	k.String(x.field)
	k.Element(x.expr)
}

// Children implements Walker.
func (x *ExtractExpr) Children() []Element { return []Element{x.expr} }
