package postgres

import "strconv"

// DeclareCursor implements dialect.Cursors: a forward-only cursor, which
// lives until the transaction ends or CloseCursor.
func (d *Dialect) DeclareCursor(name, query string) string {
	return "DECLARE " + d.QuoteIdentifier(name) + " NO SCROLL CURSOR FOR " + query
}

// FetchCursor implements dialect.Cursors.
func (d *Dialect) FetchCursor(name string, n int) string {
	return "FETCH FORWARD " + strconv.Itoa(n) + " FROM " + d.QuoteIdentifier(name)
}

// CloseCursor implements dialect.Cursors.
func (d *Dialect) CloseCursor(name string) string { return "CLOSE " + d.QuoteIdentifier(name) }
