package mssql

import (
	"database/sql/driver"
	"errors"
	"io"
	"net"

	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/dialect"
)

// errorKinds maps SQL Server's error numbers to DBAPI categories.
var errorKinds = map[int32]dialect.ErrorKind{
	// Integrity: the data breaks a constraint.
	2627: dialect.KindIntegrity, // violation of a PRIMARY KEY or UNIQUE constraint
	2601: dialect.KindIntegrity, // duplicate key row in a unique index
	547:  dialect.KindIntegrity, // conflict with a FOREIGN KEY or CHECK constraint
	515:  dialect.KindIntegrity, // NULL into a NOT NULL column
	544:  dialect.KindIntegrity, // explicit value for an identity column with IDENTITY_INSERT off

	// Data: a value that does not fit or does not convert.
	8152:  dialect.KindData, // string or binary data would be truncated
	2628:  dialect.KindData, // string or binary data would be truncated in column ...
	8114:  dialect.KindData, // error converting data type
	8115:  dialect.KindData, // arithmetic overflow converting to a type
	220:   dialect.KindData, // arithmetic overflow for a data type
	232:   dialect.KindData, // arithmetic overflow for type ..., value ...
	245:   dialect.KindData, // conversion failed (a value to int)
	241:   dialect.KindData, // conversion failed (a string to date or time)
	242:   dialect.KindData, // a date and time out of range
	517:   dialect.KindData, // adding a value to a date overflowed
	8134:  dialect.KindData, // divide by zero
	206:   dialect.KindData, // operand type clash
	13609: dialect.KindData, // JSON text is not properly formatted

	// Programming: the statement is wrong.
	102:  dialect.KindProgramming, // incorrect syntax
	156:  dialect.KindProgramming, // incorrect syntax near a keyword
	207:  dialect.KindProgramming, // invalid column name
	208:  dialect.KindProgramming, // invalid object name
	209:  dialect.KindProgramming, // ambiguous column name
	4104: dialect.KindProgramming, // multi-part identifier could not be bound
	4145: dialect.KindProgramming, // non-boolean expression where a condition is expected
	8120: dialect.KindProgramming, // column not in an aggregate or GROUP BY
	137:  dialect.KindProgramming, // must declare the scalar variable
	174:  dialect.KindProgramming, // a function given the wrong number of arguments
	195:  dialect.KindProgramming, // not a recognized built-in function
	201:  dialect.KindProgramming, // a procedure expects a parameter
	2812: dialect.KindProgramming, // could not find a stored procedure
	2714: dialect.KindProgramming, // there is already an object named ...
	3701: dialect.KindProgramming, // cannot drop: it does not exist
	1913: dialect.KindProgramming, // an index or statistics of that name exists
	8101: dialect.KindProgramming, // identity value without a column list or IDENTITY_INSERT
	1038: dialect.KindProgramming, // an object or column name is empty
	3902: dialect.KindProgramming, // COMMIT TRANSACTION without BEGIN TRANSACTION
	3903: dialect.KindProgramming, // ROLLBACK TRANSACTION without BEGIN TRANSACTION
	6401: dialect.KindProgramming, // cannot roll back a savepoint that does not exist
	266:  dialect.KindProgramming, // transaction count mismatch after EXECUTE

	// Operational: the server's state, not the statement.
	1205:  dialect.KindOperational, // chosen as the deadlock victim
	1222:  dialect.KindOperational, // lock request time out
	3960:  dialect.KindOperational, // snapshot isolation update conflict
	1204:  dialect.KindOperational, // out of lock resources
	701:   dialect.KindOperational, // out of memory
	9002:  dialect.KindOperational, // the transaction log is full
	1105:  dialect.KindOperational, // a filegroup is full
	3906:  dialect.KindOperational, // the database is read-only
	4060:  dialect.KindOperational, // cannot open the database the login asks for
	18456: dialect.KindOperational, // login failed
	233:   dialect.KindOperational, // no process at the other end of the pipe
	10053: dialect.KindOperational, // transport-level error: connection aborted
	10054: dialect.KindOperational, // transport-level error: connection reset
	823:   dialect.KindOperational, // operating system I/O error
	40501: dialect.KindOperational, // Azure: the service is busy
	40613: dialect.KindOperational, // Azure: the database is not available
	40197: dialect.KindOperational, // Azure: error processing the request, retry

	// Internal: the server's own fault.
	605:  dialect.KindInternal, // a page read failed (corruption)
	824:  dialect.KindInternal, // logical consistency I/O error (corruption)
	8630: dialect.KindInternal, // internal query processor error

	// Not supported.
	40508: dialect.KindNotSupported, // Azure: USE cannot switch databases
}

// ClassifyError implements dialect.Dialect from SQL Server's error
// numbers (mssql.Error): a unique (2627, 2601), foreign key or check
// (547) or NOT NULL (515) violation is an integrity error; syntax errors
// and unknown names (102, 156, 207, 208) are programming errors; a
// deadlock (1205), a lock timeout (1222) or a lost connection are
// operational. The driver reports every message of a failed statement
// (a constraint violation comes with 3621, "the statement has been
// terminated"): the first one with a known number decides. An unknown
// number is a database error, or operational for a fatal one (severity
// 20 and above, which closes the connection).
func (d *Dialect) ClassifyError(err error) dialect.ErrorKind {
	if errors.As(err, new(mssqldb.ServerError)) || errors.As(err, new(mssqldb.StreamError)) {
		return dialect.KindOperational
	}
	e, ok := mssqlError(err)
	if !ok {
		return dialect.KindUnknown
	}
	all := allOf(e)
	for _, m := range all {
		if k, ok := errorKinds[m.Number]; ok {
			return k
		}
	}
	for _, m := range all {
		if m.Class >= 20 {
			return dialect.KindOperational
		}
	}
	return dialect.KindDatabase
}

var (
	_ dialect.DisconnectClassifier = (*Dialect)(nil)
	_ dialect.RetryClassifier      = (*Dialect)(nil)
)

// disconnectNumbers are SQL Server's numbers of a lost connection: 233
// (no process at the other end of the pipe), 10053 and 10054 (transport
// errors: connection aborted, reset), 10058 (socket shut down), 40613
// (Azure: the database is not available), 4060 is a login failure and
// not among them.
var disconnectNumbers = map[int32]bool{233: true, 10053: true, 10054: true, 10058: true, 40613: true}

// IsDisconnect implements dialect.DisconnectClassifier: the numbers
// above, a fatal error (severity 20 and above, after which the server
// closes the connection), the driver's stream and server errors (which
// make it drop the connection), the socket's end and network errors.
func (d *Dialect) IsDisconnect(err error) bool {
	if err == nil {
		return false
	}
	if errors.As(err, new(mssqldb.ServerError)) || errors.As(err, new(mssqldb.StreamError)) {
		return true
	}
	if e, ok := mssqlError(err); ok {
		for _, m := range allOf(e) {
			if disconnectNumbers[m.Number] || m.Class >= 20 {
				return true
			}
		}
		return false
	}
	var ne net.Error
	return errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.As(err, &ne)
}

// IsRetryable implements dialect.RetryClassifier: chosen as a deadlock
// victim (1205), a snapshot isolation update conflict (3960), a lock
// request timeout (1222).
func (d *Dialect) IsRetryable(err error) bool {
	e, ok := mssqlError(err)
	if !ok {
		return false
	}
	for _, m := range allOf(e) {
		switch m.Number {
		case 1205, 3960, 1222:
			return true
		}
	}
	return false
}

// mssqlError finds the driver's error (a value or a pointer) in err.
func mssqlError(err error) (mssqldb.Error, bool) {
	var e mssqldb.Error
	if errors.As(err, &e) {
		return e, true
	}
	var p *mssqldb.Error
	if errors.As(err, &p) && p != nil {
		return *p, true
	}
	return e, false
}

// allOf returns every message of a failed statement.
func allOf(e mssqldb.Error) []mssqldb.Error {
	if len(e.All) == 0 {
		return []mssqldb.Error{e}
	}
	return e.All
}
