package dialect

import "errors"

// ErrorKind is a DBAPI error category (PEP 249's exception hierarchy, which
// SQLAlchemy and most drivers follow). Dialects classify driver errors into
// these kinds; the engine wraps the driver error in an error that matches
// the kind's sentinel with errors.Is.
type ErrorKind uint8

// The error kinds, with the sentinel each matches.
const (
	KindUnknown      ErrorKind = iota // not a database error
	KindInterface                     // ErrInterface: misuse of the driver
	KindDatabase                      // ErrDatabase: any other database error
	KindData                          // ErrData: bad value: division by zero, out of range, invalid text
	KindOperational                   // ErrOperational: connection lost, timeout, lock not granted, server state
	KindIntegrity                     // ErrIntegrity: unique, foreign key, not-null or check violation
	KindInternal                      // ErrInternal: the database's internal error
	KindProgramming                   // ErrProgramming: syntax error, unknown table or column, wrong arity
	KindNotSupported                  // ErrNotSupported: a feature the database does not have
)

// Sentinels for errors.Is. Every database error Athanor returns matches
// ErrDBAPI and exactly one of the category sentinels.
var (
	ErrDBAPI        = errors.New("athanor: database error")
	ErrInterface    = errors.New("athanor: interface error")
	ErrDatabase     = errors.New("athanor: database error")
	ErrData         = errors.New("athanor: data error")
	ErrOperational  = errors.New("athanor: operational error")
	ErrIntegrity    = errors.New("athanor: integrity error")
	ErrInternal     = errors.New("athanor: internal error")
	ErrProgramming  = errors.New("athanor: programming error")
	ErrNotSupported = errors.New("athanor: not supported")
)

var kindSentinels = [...]error{nil, ErrInterface, ErrDatabase, ErrData, ErrOperational, ErrIntegrity, ErrInternal, ErrProgramming, ErrNotSupported}

// Sentinel returns the sentinel error of the kind, nil for KindUnknown.
func (k ErrorKind) Sentinel() error {
	if int(k) < len(kindSentinels) {
		return kindSentinels[k]
	}
	return nil
}

// String returns the kind's name: "integrity error", ...
func (k ErrorKind) String() string {
	if s := k.Sentinel(); s != nil {
		return s.Error()[len("athanor: "):]
	}
	return "unknown"
}

// DisconnectClassifier is implemented by dialects that can tell the
// driver errors that mean the connection is gone (the server closed it,
// restarted or was shut down; the network failed) from the errors of a
// statement. The engine invalidates a connection that gave such an error,
// and the pool's older connections with it, as SQLAlchemy's
// is_disconnect does. The engine treats database/sql's driver.ErrBadConn
// as a disconnect for every dialect.
type DisconnectClassifier interface {
	IsDisconnect(err error) bool
}

// RetryClassifier is implemented by dialects that can tell the errors
// after which running the whole transaction again may succeed: a
// serialization failure, a deadlock, a lock wait that timed out. The
// transaction was rolled back (or must be); nothing of it was committed.
// The engine's retry helper reruns a transaction on these errors only.
type RetryClassifier interface {
	IsRetryable(err error) bool
}
