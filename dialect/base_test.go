package dialect_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
)

// TestNeedsQuote: as in SQLAlchemy, lower case is case-insensitive and
// unquoted on every database, Oracle (which folds to upper case) too.
func TestNeedsQuote(t *testing.T) {
	for _, fold := range []bool{false, true} {
		b := &dialect.Base{QuoteOpen: '"', QuoteClose: '"', Reserved: dialect.ReservedWords("select"), FoldUpper: fold}
		for name, want := range map[string]bool{
			"users": false, "user_2": false, "a$b": false,
			"Users": true, "USERS": true, "select": true, "SELECT": true, "2x": true, "$x": true, "a b": true, "": true,
		} {
			if got := b.NeedsQuote(name); got != want {
				t.Errorf("FoldUpper %v: NeedsQuote(%q) = %v, want %v", fold, name, got, want)
			}
		}
	}
}
