package sqlite

import (
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/athanordb/athanor/dialect"
)

var (
	_ dialect.DisconnectClassifier = (*Dialect)(nil)
	_ dialect.RetryClassifier      = (*Dialect)(nil)
)

// IsDisconnect implements dialect.DisconnectClassifier. A SQLite
// connection is a file handle in the process, with no server to lose:
// only database/sql's driver.ErrBadConn means it is gone.
func (d *Dialect) IsDisconnect(err error) bool { return errors.Is(err, driver.ErrBadConn) }

// IsRetryable implements dialect.RetryClassifier: the database is locked
// by another connection (SQLITE_BUSY, including SQLITE_BUSY_SNAPSHOT: a
// read transaction that cannot become a write one) or a table is locked
// within the connection's shared cache (SQLITE_LOCKED).
func (d *Dialect) IsRetryable(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}
