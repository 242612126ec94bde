package postgres

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/athanordb/athanor/dialect"
)

// ClassifyError implements dialect.Dialect. Errors the server sends
// (*pgconn.PgError, which errors.As reaches through Athanor's error) are
// classified by the class of their SQLSTATE, as psycopg does:
//
//	23        integrity (unique, foreign key, not-null, check, exclusion)
//	22        data (bad value, out of range, division by zero)
//	42, 3D, 3F, 21, 44  programming (syntax, unknown object, privilege)
//	08, 28, 40, 53, 54, 55, 57, 58, HV  operational (connection,
//	          serialization failure and deadlock, resources, lock not
//	          available, cancelled statement)
//	0A        not supported
//	XX, 24, 25, 26, 2B, 2D, 2F, 38, 39, 3B, F0, P0  internal
//	others    database
//
// Errors of the connection (refused, lost, TLS) are operational; a value
// pgx cannot encode for its parameter (an integer too large for INTEGER)
// is a data error, as the server would say. A cancelled context is not a
// database error.
func (d *Dialect) ClassifyError(err error) dialect.ErrorKind {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return dialect.KindUnknown
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return classifySQLState(pe.Code)
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	switch {
	case errors.As(err, &ce), errors.As(err, &ne), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return dialect.KindOperational
	case strings.HasPrefix(err.Error(), "failed to encode args["):
		return dialect.KindData
	}
	return dialect.KindUnknown
}

// classifySQLState maps a SQLSTATE to an error kind by its class.
func classifySQLState(code string) dialect.ErrorKind {
	if len(code) < 2 {
		return dialect.KindDatabase
	}
	switch code[:2] {
	case "23":
		return dialect.KindIntegrity
	case "22":
		return dialect.KindData
	case "42", "3D", "3F", "21", "44":
		return dialect.KindProgramming
	case "08", "28", "40", "53", "54", "55", "57", "58", "HV":
		return dialect.KindOperational
	case "0A":
		return dialect.KindNotSupported
	case "XX", "24", "25", "26", "2B", "2D", "2F", "38", "39", "3B", "F0", "P0":
		return dialect.KindInternal
	}
	return dialect.KindDatabase
}

var (
	_ dialect.DisconnectClassifier = (*Dialect)(nil)
	_ dialect.RetryClassifier      = (*Dialect)(nil)
)

// IsDisconnect implements dialect.DisconnectClassifier: the server ended
// the session (57P01 admin_shutdown, as pg_terminate_backend and a fast
// shutdown do; 57P02 crash_shutdown; 57P03 cannot_connect_now), a
// connection exception (class 08), the connection closed under pgx
// (pgconn.ErrConnClosed: "conn closed"), the socket's end (io.EOF,
// io.ErrUnexpectedEOF) or a network error. A failure to connect
// (*pgconn.ConnectError) is not a lost connection.
func (d *Dialect) IsDisconnect(err error) bool {
	if err == nil {
		return false
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "57P01", "57P02", "57P03":
			return true
		}
		return strings.HasPrefix(pe.Code, "08")
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return false
	}
	var ne net.Error
	return errors.Is(err, pgconn.ErrConnClosed) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne)
}

// IsRetryable implements dialect.RetryClassifier: a serialization
// failure (40001) or a deadlock (40P01).
func (d *Dialect) IsRetryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
