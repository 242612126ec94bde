package postgres

import (
	"strconv"

	"github.com/athanordb/athanor/dialect"
)

// DeclareCursor implements dialect.Cursors: a forward-only cursor, which
// lives until the transaction ends or CloseCursor.
func (d *Dialect) DeclareCursor(name, query string) string {
	return "DECLARE " + dialect.Quote(d, name) + " NO SCROLL CURSOR FOR " + query
}

// FetchCursor implements dialect.Cursors.
func (d *Dialect) FetchCursor(name string, n int) string {
	return "FETCH FORWARD " + strconv.Itoa(n) + " FROM " + dialect.Quote(d, name)
}

// CloseCursor implements dialect.Cursors.
func (d *Dialect) CloseCursor(name string) string { return "CLOSE " + dialect.Quote(d, name) }
