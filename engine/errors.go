package engine

import (
	"errors"
	"fmt"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// Errors of result handling.
var (
	// ErrNoResultFound: One or ScalarOne found no row.
	ErrNoResultFound = errors.New("athanor: no row was found when one was required")
	// ErrMultipleResultsFound: One, OneOrNone or ScalarOne found more than
	// one row.
	ErrMultipleResultsFound = errors.New("athanor: multiple rows were found when one or none was required")
	// ErrResultClosed: the result was read after it was closed or
	// consumed.
	ErrResultClosed = errors.New("athanor: the result is closed")
	// ErrNoRows: the statement does not return rows (an INSERT without
	// RETURNING), so there is nothing to fetch.
	ErrNoRows = errors.New("athanor: the statement returns no rows")
	// ErrClosed: the engine, connection or transaction was used after it
	// was closed or ended.
	ErrClosed = errors.New("athanor: use after close")
	// ErrNoSuchKey: a row was asked for a column it does not have.
	ErrNoSuchKey = errors.New("athanor: no such column in result")
)

// Error is a database error: the driver's error, classified into a DBAPI
// kind, with the statement and parameters that caused it. It matches
// dialect.ErrDBAPI and its kind's sentinel (ErrIntegrity, ...) with
// errors.Is, and the driver's error with errors.As.
type Error struct {
	Kind   dialect.ErrorKind
	SQL    string
	Params []any
	Err    error
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "athanor: (%s) %s", e.Kind, e.Err.Error())
	if e.SQL != "" {
		fmt.Fprintf(&b, " [SQL: %s]", e.SQL)
	}
	if len(e.Params) > 0 {
		fmt.Fprintf(&b, " [parameters: %s]", formatParams(e.Params))
	}
	return b.String()
}

// Unwrap returns the driver's error, the kind's sentinel and ErrDBAPI.
func (e *Error) Unwrap() []error {
	errs := []error{e.Err, dialect.ErrDBAPI}
	if s := e.Kind.Sentinel(); s != nil {
		errs = append(errs, s)
	}
	return errs
}

// formatParams renders parameters for messages and logs, cutting long
// values.
func formatParams(args []any) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, a := range args {
		if i > 0 {
			b.WriteString(", ")
		}
		if i >= 20 {
			fmt.Fprintf(&b, "... %d more", len(args)-i)
			break
		}
		s := fmt.Sprintf("%#v", a)
		if b, ok := a.([]byte); ok {
			s = fmt.Sprintf("<%d bytes>", len(b))
		}
		if len(s) > 100 {
			s = s[:97] + "..."
		}
		b.WriteString(s)
	}
	b.WriteByte(')')
	return b.String()
}

// wrap classifies a driver error. Errors that did not come from the
// database (a cancelled context, a conversion error) are returned as they
// are, with the SQL added.
func (e *Engine) wrap(err error, sqlText string, args []any) error {
	if err == nil {
		return nil
	}
	var already *Error
	if errors.As(err, &already) {
		return err
	}
	kind := e.dialect.ClassifyError(err)
	if kind == dialect.KindUnknown {
		return fmt.Errorf("%w [SQL: %s]", err, sqlText)
	}
	return &Error{Kind: kind, SQL: sqlText, Params: args, Err: err}
}
