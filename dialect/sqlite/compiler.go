package sqlite

import (
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// renderFunction renames the generic functions SQLite spells differently.
func renderFunction(c *athsql.Compiler, f *athsql.Function) bool {
	switch strings.ToLower(f.Name()) {
	case "now":
		if len(f.Args()) == 0 {
			c.WriteString("CURRENT_TIMESTAMP")
			return true
		}
	case "char_length":
		c.WriteString("length")
		f.WriteArgs(c)
		return true
	}
	return false
}

// columnType makes a BIGINT autoincrement primary key INTEGER, the only
// type SQLite makes an alias of the rowid (and so generates).
func columnType(c *athsql.Compiler, col *athsql.Column) bool {
	if col.Autoincrement() && dialect.TypeFor(c.Dialect(), col.Type()).Affinity() == types.AffinityInteger {
		c.WriteString("INTEGER")
		return true
	}
	return false
}

// createTableSuffix writes table options: WITHOUT ROWID and STRICT.
func createTableSuffix(c *athsql.Compiler, t *athsql.Table) {
	var opts []string
	if v, ok := t.Option("sqlite_with_rowid"); ok && v == false {
		opts = append(opts, "WITHOUT ROWID")
	}
	if v, ok := t.Option("sqlite_strict"); ok && v == true {
		opts = append(opts, "STRICT")
	}
	if len(opts) > 0 {
		c.WriteString(" " + strings.Join(opts, ", "))
	}
}

// serverDefault writes DEFAULT as SQLite needs it: an expression other
// than a literal or a single word in parentheses.
func serverDefault(c *athsql.Compiler, col *athsql.Column) bool {
	text := c.InlineSQL(col.ServerDefault())
	c.WriteString(" DEFAULT ")
	if needsParens(text) {
		c.WriteString("(" + text + ")")
	} else {
		c.WriteString(text)
	}
	return true
}

// needsParens reports whether a DEFAULT expression must be parenthesized:
// it does not start with a quote or parenthesis and is more than one word
// (CURRENT_TIMESTAMP and 0 stand alone; -1 and lower('x') do not).
func needsParens(text string) bool {
	if text == "" || strings.ContainsRune(`'"(`, rune(text[0])) {
		return false
	}
	for _, r := range text {
		if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return true
		}
	}
	return false
}

// omitLock writes nothing for SELECT ... FOR UPDATE: SQLite has no row
// locks, and a transaction that writes already holds the database's write
// lock. Omitting the clause, as SQLAlchemy does, lets code written for
// servers with row locking run unchanged on SQLite.
func omitLock(*athsql.Compiler, *athsql.LockClause) {}
