package inspect

import (
	"regexp"
	"strconv"
	"strings"
)

// Databases give back the SQL of defaults, conditions and generated
// expressions in their own words: PostgreSQL adds casts and parentheses
// ('a'::character varying, ((x > 0))), MySQL quotes identifiers with
// backquotes, MariaDB writes current_timestamp(6) for CURRENT_TIMESTAMP(6).
// Comparison reads both sides through canonical, which keeps what matters
// and drops what databases add.

// canonical returns a form of SQL text for comparison: string literals as
// they are; outside them, lower case, no white space, no parentheses, no
// identifier quotes, no PostgreSQL casts (::type), != as <>, and
// PostgreSQL's x = ANY (ARRAY[...]) as x IN (...). Two expressions that
// differ only in their parenthesization read the same.
func canonical(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\'':
			j := i + 1
			for j < len(s) {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			if j < len(s) {
				j++
			}
			b.WriteString(s[i:j])
			i = j
		case c == ':' && i+1 < len(s) && s[i+1] == ':':
			i = skipCast(s, i+2)
		case c == '"' || c == '`' || c == '[' || c == ']' || c == '(' || c == ')' ||
			c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '!' && i+1 < len(s) && s[i+1] == '=':
			b.WriteString("<>")
			i += 2
		default:
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			i++
		}
	}
	return anyArrayRE.ReplaceAllString(b.String(), "in$1")
}

// anyArrayRE finds "=anyarray'a','b'" (x = ANY (ARRAY['a', 'b']) once
// canonical), which is how PostgreSQL keeps x IN ('a', 'b').
var anyArrayRE = regexp.MustCompile(`=anyarray((?:'(?:[^']|'')*'|[^'=<>])*)`)

// multiWordTypes are the type names of more than one word that can follow
// a PostgreSQL cast.
var multiWordTypes = []string{
	"character varying", "double precision", "bit varying",
	"timestamp with time zone", "timestamp without time zone",
	"time with time zone", "time without time zone",
}

// skipCast skips the type name after "::" at s[i:]: a word (possibly
// schema-qualified or quoted) or a multi-word type name, a length in
// parentheses, and array brackets.
func skipCast(s string, i int) int {
	rest := strings.ToLower(s[i:])
	matched := false
	for _, t := range multiWordTypes {
		if strings.HasPrefix(rest, t) && (len(rest) == len(t) || !isWordChar(rest[len(t)])) {
			i += len(t)
			matched = true
			break
		}
	}
	if !matched {
		for i < len(s) && (isWordChar(s[i]) || s[i] == '.' || s[i] == '"') {
			i++
		}
	}
	if i < len(s) && s[i] == '(' {
		if end := strings.IndexByte(s[i:], ')'); end >= 0 {
			i += end + 1
		}
	}
	for strings.HasPrefix(s[i:], "[]") {
		i += 2
	}
	return i
}

func isWordChar(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// canonicalDefault reads a server default for comparison: canonical, with
// a quoted number as the number, a number in its shortest form (1.50 is
// 1.5), and true and false as 1 and 0 (MySQL keeps booleans as numbers).
func canonicalDefault(s string) string {
	c := canonical(s)
	if len(c) >= 2 && c[0] == '\'' && c[len(c)-1] == '\'' {
		if _, err := strconv.ParseFloat(c[1:len(c)-1], 64); err == nil {
			c = c[1 : len(c)-1]
		}
	}
	switch c {
	case "true":
		return "1"
	case "false":
		return "0"
	}
	if f, err := strconv.ParseFloat(c, 64); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return c
}

// canonicalType reads a rendered type name for comparison: upper case,
// single spaces, none after commas.
func canonicalType(s string) string {
	s = strings.Join(strings.Fields(strings.ToUpper(s)), " ")
	s = strings.ReplaceAll(s, ", ", ",")
	return strings.ReplaceAll(s, " (", "(")
}
