package mysql

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
)

var (
	_ dialect.DisconnectClassifier = (*Dialect)(nil)
	_ dialect.RetryClassifier      = (*Dialect)(nil)
)

// disconnectNumbers are the error numbers of a lost connection: 2006
// (server has gone away), 2013 (lost connection during query), 2055
// (lost connection at reading), 1927 (MariaDB: connection was killed),
// 1053 (server shutdown in progress), 4031 (MySQL: disconnected for
// inactivity), 1152 (aborted connection).
var disconnectNumbers = map[uint16]bool{2006: true, 2013: true, 2055: true, 1927: true, 1053: true, 4031: true, 1152: true}

// IsDisconnect implements dialect.DisconnectClassifier: the numbers
// above, the driver's invalid connection (mysql.ErrInvalidConn, what
// go-sql-driver answers once the server closed the socket), the socket's
// end and network errors.
func (d *Dialect) IsDisconnect(err error) bool {
	if err == nil {
		return false
	}
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return disconnectNumbers[me.Number]
	}
	var ne net.Error
	return errors.Is(err, gomysql.ErrInvalidConn) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne)
}

// IsRetryable implements dialect.RetryClassifier: a deadlock (1213) or a
// lock wait timeout (1205); InnoDB rolled the transaction (or the
// statement) back.
func (d *Dialect) IsRetryable(err error) bool {
	var me *gomysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}
