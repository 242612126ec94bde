package sqlite

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	athsql "github.com/athanordb/athanor/sql"
	"modernc.org/sqlite"
)

// SQLite parses x REGEXP y but has no regexp() function of its own:
// Athanor registers one on the modernc.org/sqlite driver the first time
// the dialect makes a connector, matching with Go's regexp package (RE2
// syntax, re.search semantics as in SQLAlchemy: the pattern may match
// anywhere). A program that registered its own "regexp" before keeps it.
var registerRegexp = sync.OnceValue(func() error {
	err := sqlite.RegisterDeterministicScalarFunction("regexp", 2, regexpFunc)
	if err != nil && strings.Contains(err.Error(), "already registered") {
		return nil
	}
	return err
})

// patterns caches compiled regular expressions: a query calls regexp()
// once a row with the same pattern.
var patterns struct {
	sync.Mutex
	m map[string]*regexp.Regexp
}

const maxCachedPatterns = 128

func compilePattern(p string) (*regexp.Regexp, error) {
	patterns.Lock()
	defer patterns.Unlock()
	if re, ok := patterns.m[p]; ok {
		return re, nil
	}
	re, err := regexp.Compile(p)
	if err != nil {
		return nil, err
	}
	if patterns.m == nil || len(patterns.m) >= maxCachedPatterns {
		patterns.m = make(map[string]*regexp.Regexp)
	}
	patterns.m[p] = re
	return re, nil
}

// regexpFunc is regexp(pattern, value): NULL if either is NULL, else
// whether the pattern matches somewhere in the value.
func regexpFunc(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	pattern, ok, err := regexpText(args[0])
	if err != nil || !ok {
		return nil, err
	}
	value, ok, err := regexpText(args[1])
	if err != nil || !ok {
		return nil, err
	}
	re, err := compilePattern(pattern)
	if err != nil {
		return nil, fmt.Errorf("REGEXP: %w", err)
	}
	if re.MatchString(value) {
		return int64(1), nil
	}
	return int64(0), nil
}

// regexpText returns an argument of regexp() as text; ok is false for
// NULL.
func regexpText(v driver.Value) (string, bool, error) {
	switch x := v.(type) {
	case nil:
		return "", false, nil
	case string:
		return x, true, nil
	case []byte:
		return string(x), true, nil
	case int64:
		return strconv.FormatInt(x, 10), true, nil
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64), true, nil
	}
	return "", false, fmt.Errorf("REGEXP: cannot match a %T", v)
}

// binary writes the regular expression operators: x REGEXP p, x NOT
// REGEXP p, and with flags x REGEXP '(?flags)' || p (Go's inline flags:
// i, m, s, U). SQLite has no REGEXP_REPLACE (ErrNotSupported). MATCH
// keeps the standard x MATCH v, for full-text (FTS) tables.
func binary(c *athsql.Compiler, b *athsql.BinaryExpression) bool {
	r, ok := athsql.RegexpParts(c, b)
	if !ok {
		return false
	}
	if r.Replacement != nil {
		c.NotSupported("REGEXP_REPLACE")
		return true
	}
	c.Write(r.Subject)
	if r.Negated {
		c.WriteString(" NOT REGEXP ")
	} else {
		c.WriteString(" REGEXP ")
	}
	if r.HasFlags {
		c.WriteString(athsql.QuoteString("(?"+r.Flags+")") + " || ")
	}
	c.Write(r.Pattern)
	return true
}

// extractFormats are the strftime() formats of the EXTRACT fields SQLite
// can give, as SQLAlchemy maps them.
var extractFormats = map[string]string{
	"month": "%m", "day": "%d", "year": "%Y", "second": "%S", "hour": "%H", "doy": "%j",
	"minute": "%M", "epoch": "%s", "dow": "%w", "week": "%W",
}

// extract writes EXTRACT(field FROM x) as CAST(STRFTIME('%m', x) AS
// INTEGER); other fields are not supported.
func extract(c *athsql.Compiler, x *athsql.ExtractExpr) bool {
	f, ok := extractFormats[x.Field()]
	if !ok {
		c.NotSupported("EXTRACT(" + x.Field() + ")")
		return true
	}
	c.WriteString("CAST(STRFTIME('" + f + "', ")
	c.Write(x.Expr())
	c.WriteString(") AS INTEGER)")
	return true
}
