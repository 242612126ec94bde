package sql

import (
	"fmt"
	"strings"

	"github.com/athanordb/athanor/types"
)

// Regular expressions and full-text MATCH, as SQLAlchemy's regexp_match,
// regexp_replace and match: each database spells them its own way, so
// the dialects write them through Hooks.Binary (RegexpParts gives the
// parts). A dialect that does not write them fails to compile them with
// ErrNotSupported; MATCH falls back to x MATCH y.
var (
	// OpRegexpMatch is self matching a regular expression (RegexpMatch).
	OpRegexpMatch = &Operator{Name: "regexp_match", Text: " <regexp> ", Precedence: 5, Comparison: true}
	// OpNotRegexpMatch is its negation.
	OpNotRegexpMatch = &Operator{Name: "not_regexp_match", Text: " <not regexp> ", Precedence: 5, Comparison: true}
	// OpRegexpReplace is a regular expression replacement (RegexpReplace);
	// it is written as a function call.
	OpRegexpReplace = &Operator{Name: "regexp_replace", Text: " <regexp replace> ", Precedence: 100}
	// OpMatch is a full-text match (Match); the standard text is
	// x MATCH y.
	OpMatch = &Operator{Name: "match", Text: " MATCH ", Precedence: 5, Comparison: true}
	// OpNotMatch is its negation, x NOT MATCH y.
	OpNotMatch = &Operator{Name: "not_match", Text: " NOT MATCH ", Precedence: 5, Comparison: true}
)

func init() {
	OpRegexpMatch.negate, OpNotRegexpMatch.negate = OpNotRegexpMatch, OpRegexpMatch
	OpMatch.negate, OpNotMatch.negate = OpNotMatch, OpMatch
}

// RegexpMatch matches self against a regular expression: x ~ pattern on
// PostgreSQL, x REGEXP pattern on MySQL, MariaDB and SQLite,
// REGEXP_LIKE(x, pattern) on Oracle. SQL Server has none
// (ErrNotSupported). Not negates it (!~, NOT REGEXP, NOT REGEXP_LIKE).
//
// A pattern given as a Go value is bound as a string. flags, if given, is
// one string of the database's flag letters ("i" for a case-insensitive
// match; PostgreSQL writes ~* for it), written into the SQL as a quoted
// literal; where the database has no flags argument they are put in
// front of the pattern as (?flags), which PostgreSQL, MariaDB and SQLite
// (Go's regexp package) read. The regular expression syntax, and so the
// flags, are the database's own.
func (o ColumnOps) RegexpMatch(pattern any, flags ...string) *BinaryExpression {
	return newBinary(o.self, OpRegexpMatch, o.regexpOperand(pattern, nil, flags))
}

// RegexpReplace replaces the matches of a regular expression in self:
// REGEXP_REPLACE(x, pattern, replacement[, flags]) on PostgreSQL, MySQL 8,
// MariaDB and Oracle; SQL Server and SQLite have none (ErrNotSupported).
// Values are bound as strings; see RegexpMatch for flags. PostgreSQL
// replaces the first match unless the flags hold g; MySQL, MariaDB and
// Oracle replace every match. The result is a string.
func (o ColumnOps) RegexpReplace(pattern, replacement any, flags ...string) *BinaryExpression {
	b := newBinary(o.self, OpRegexpReplace, o.regexpOperand(pattern, replacement, flags))
	if typeOf(o.self).Affinity() != types.AffinityString {
		b.typ = types.String{}
	}
	return b
}

// Match is a full-text search of self for v, as the database writes it:
// x @@ plainto_tsquery(v) on PostgreSQL, MATCH (x) AGAINST (v IN BOOLEAN
// MODE) on MySQL and MariaDB, x MATCH v on SQLite (an FTS table),
// CONTAINS (x, v) on SQL Server and Oracle (a full-text or Oracle Text
// index). Not negates it. A Go value is bound as a string.
func (o ColumnOps) Match(v any) *BinaryExpression {
	return newBinary(o.self, OpMatch, coerceWith(v, types.String{}, nameOf(o.self)))
}

// regexpOperand is the right side of a regular expression operation: the
// pattern, the replacement (RegexpReplace) and the flags. Written on its
// own (a dialect that does not handle the operator), it fails.
type regexpOperand struct {
	ColumnOps
	pattern, replacement ColumnElement
	flags                string
	hasFlags             bool
	err                  error
}

func (o ColumnOps) regexpOperand(pattern, replacement any, flags []string) *regexpOperand {
	base := nameOf(o.self)
	r := &regexpOperand{pattern: coerceWith(pattern, types.String{}, base)}
	if replacement != nil {
		r.replacement = coerceWith(replacement, types.String{}, base)
	}
	switch len(flags) {
	case 0:
	case 1:
		r.flags, r.hasFlags = flags[0], true
		if strings.IndexByte(r.flags, 0) >= 0 {
			r.err = fmt.Errorf("%w: regular expression flags hold a NUL byte", ErrArgument)
		}
	default:
		r.err = fmt.Errorf("%w: regular expression flags are one string, not %d", ErrArgument, len(flags))
	}
	r.self = r
	return r
}

func (r *regexpOperand) Type() types.Type { return types.String{} }

func (r *regexpOperand) WriteSQL(c *Compiler) {
	if r.err != nil {
		c.Fail(r.err)
		return
	}
	c.NotSupported("regular expressions")
}

func (r *regexpOperand) WriteCacheKey(k *CacheKey) {
	k.Custom("sql.regexp")
	k.Err(r.err)
	k.Element(r.pattern)
	k.Bool(r.replacement != nil)
	if r.replacement != nil {
		k.Element(r.replacement)
	}
	k.Bool(r.hasFlags)
	k.String(r.flags)
}

// Children implements Walker.
func (r *regexpOperand) Children() []Element {
	if r.replacement == nil {
		return []Element{r.pattern}
	}
	return []Element{r.pattern, r.replacement}
}

// RegexpOp is a regular expression operation taken apart for a dialect's
// Hooks.Binary: see RegexpParts.
type RegexpOp struct {
	// Subject is the string searched (the left operand).
	Subject ColumnElement
	// Pattern is the regular expression.
	Pattern ColumnElement
	// Replacement is the replacement of RegexpReplace, nil for a match.
	Replacement ColumnElement
	// Flags are the flags given, HasFlags whether any were.
	Flags    string
	HasFlags bool
	// Negated: NOT (OpNotRegexpMatch).
	Negated bool
}

// RegexpParts takes apart a regular expression operation (OpRegexpMatch,
// OpNotRegexpMatch, OpRegexpReplace); ok is false for other expressions.
// A construction error (two flags strings) is recorded on c, and ok is
// false: the hook then returns false, and the error stands.
func RegexpParts(c *Compiler, b *BinaryExpression) (op RegexpOp, ok bool) {
	switch b.operator {
	case OpRegexpMatch, OpNotRegexpMatch, OpRegexpReplace:
	default:
		return RegexpOp{}, false
	}
	r, isOperand := b.right.(*regexpOperand)
	if !isOperand {
		c.Fail(fmt.Errorf("%w: %s without its pattern", ErrArgument, b.operator.Name))
		return RegexpOp{}, false
	}
	if r.err != nil {
		c.Fail(r.err)
		return RegexpOp{}, false
	}
	return RegexpOp{Subject: b.left, Pattern: r.pattern, Replacement: r.replacement,
		Flags: r.flags, HasFlags: r.hasFlags, Negated: b.operator == OpNotRegexpMatch}, true
}

// WriteFlags writes the flags as a string literal in the dialect's
// quoting: 'i”g'.
func (op RegexpOp) WriteFlags(c *Compiler) { c.writeLiteral(op.Flags) }

// WriteCall writes a function-call form for a dialect hook: open (the
// name and its parenthesis, "CONTAINS ("), the arguments separated by
// commas, and the closing parenthesis.
func (c *Compiler) WriteCall(open string, args ...ColumnElement) {
	c.WriteString(open)
	for i, a := range args {
		if i > 0 {
			c.WriteString(", ")
		}
		c.Write(a)
	}
	c.WriteByte(')')
}

// WriteFunction writes the operation as a function call: name(subject,
// pattern[, replacement][, 'flags']), as REGEXP_LIKE and REGEXP_REPLACE
// take it on Oracle and MySQL.
func (op RegexpOp) WriteFunction(c *Compiler, name string) {
	c.WriteString(name + "(")
	c.Write(op.Subject)
	c.WriteString(", ")
	c.Write(op.Pattern)
	if op.Replacement != nil {
		c.WriteString(", ")
		c.Write(op.Replacement)
	}
	if op.HasFlags {
		c.WriteString(", ")
		op.WriteFlags(c)
	}
	c.WriteByte(')')
}
