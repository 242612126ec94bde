package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// Errors of result handling and misuse, for errors.Is.
var (
	// ErrNoResultFound: One, ScalarOne or ScanOne found no row.
	ErrNoResultFound = errors.New("athanor: no row was found when one was required")
	// ErrMultipleResultsFound: One, OneOrNone, ScalarOne or ScanOne found
	// more than one row.
	ErrMultipleResultsFound = errors.New("athanor: multiple rows were found when one or none was required")
	// ErrResultClosed: the result was read after Close, or after a method
	// that reads one row and closes it (First, One, Scalar...).
	ErrResultClosed = errors.New("athanor: the result is closed")
	// ErrNoRows: the statement returns no rows (an INSERT without
	// RETURNING), so there is nothing to read.
	ErrNoRows = errors.New("athanor: the statement returns no rows")
	// ErrClosed: the engine, connection or transaction was used after it
	// was closed or ended.
	ErrClosed = errors.New("athanor: use after close")
	// ErrNoSuchKey: a row was asked for a column it does not have.
	ErrNoSuchKey = errors.New("athanor: no such column in result")
	// ErrAmbiguousKey: a row was asked for a column by a name or a table
	// column that several of its columns match.
	ErrAmbiguousKey = errors.New("athanor: ambiguous column in result")
	// ErrNullValue: a NULL was scanned into a destination that cannot hold
	// it; use a pointer, a sql.Null type or any.
	ErrNullValue = errors.New("NULL needs a pointer, sql.Null or any destination")
	// ErrNotSingleInsert: InsertedPrimaryKey was asked of a result other
	// than a single-row INSERT's.
	ErrNotSingleInsert = errors.New("athanor: not the result of a single-row INSERT")
)

// Error is a database error: the driver's error, classified into a DBAPI
// kind, with the statement and parameters that caused it. It matches
// dialect.ErrDBAPI and its kind's sentinel (dialect.ErrIntegrity, ...)
// with errors.Is, the driver's error with errors.As (*sqlite.Error, say),
// and context.Canceled or context.DeadlineExceeded when the statement's
// context ended.
type Error struct {
	Kind dialect.ErrorKind
	// ConnectionInvalidated: the error means the connection is gone
	// (dialect.DisconnectClassifier); the error matches ErrDisconnect, and
	// the engine invalidated the connection.
	ConnectionInvalidated bool
	SQL                   string // the statement sent; "" for a connection error
	Params                []any  // its parameters
	Err                   error  // the driver's error
	ctxErr                error  // the context's error, when the context ended
}

// Error implements error: the kind, the driver's message, the SQL and
// the parameters.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "athanor: (%s) %s", e.Kind, e.Err.Error())
	if e.ctxErr != nil && !errors.Is(e.Err, e.ctxErr) {
		fmt.Fprintf(&b, " (%v)", e.ctxErr)
	}
	if e.SQL != "" {
		fmt.Fprintf(&b, " [SQL: %s]", e.SQL)
	}
	if len(e.Params) > 0 {
		fmt.Fprintf(&b, " [parameters: %s]", formatParams(e.Params))
	}
	return b.String()
}

// Unwrap returns the driver's error, ErrDBAPI, the kind's sentinel,
// ErrDisconnect for a lost connection and the context's error.
func (e *Error) Unwrap() []error {
	errs := []error{e.Err, dialect.ErrDBAPI}
	if s := e.Kind.Sentinel(); s != nil {
		errs = append(errs, s)
	}
	if e.ConnectionInvalidated {
		errs = append(errs, ErrDisconnect)
	}
	if e.ctxErr != nil {
		errs = append(errs, e.ctxErr)
	}
	return errs
}

// StatementError is an error that did not come from the database (a
// cancelled context, a value the driver could not convert), with the
// statement it stopped.
type StatementError struct {
	SQL    string
	Params []any
	Err    error
}

// Error implements error.
func (e *StatementError) Error() string {
	msg := e.Err.Error()
	if e.SQL != "" {
		msg += " [SQL: " + e.SQL + "]"
	}
	if len(e.Params) > 0 {
		msg += " [parameters: " + formatParams(e.Params) + "]"
	}
	return msg
}

// Unwrap returns the cause.
func (e *StatementError) Unwrap() error { return e.Err }

// wrap classifies a driver error. Errors that did not come from the
// database are wrapped in a StatementError. When ctx has ended, the error
// also matches the context's error: a driver may report an interrupted
// statement in its own terms.
func (e *Engine) wrap(ctx context.Context, err error, sqlText string, args []any) error {
	if err == nil {
		return nil
	}
	var ours *Error
	var stmtErr *StatementError
	if errors.As(err, &ours) || errors.As(err, &stmtErr) {
		return err
	}
	var ctxErr error
	if ctx != nil {
		ctxErr = ctx.Err()
	}
	kind := e.dialect().ClassifyError(err)
	disconnect := e.isDisconnect(err)
	if disconnect {
		kind = dialect.KindOperational
	}
	if kind == dialect.KindUnknown {
		if ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%w)", err, ctxErr)
		}
		if sqlText == "" {
			return err
		}
		return &StatementError{SQL: sqlText, Params: args, Err: err}
	}
	return &Error{Kind: kind, ConnectionInvalidated: disconnect, SQL: sqlText, Params: args, Err: err, ctxErr: ctxErr}
}
