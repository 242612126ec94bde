package postgres_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/pooltest"
)

func TestIsDisconnectAndRetryable(t *testing.T) {
	d := postgres.New()
	pg := func(code string) error { return &pgconn.PgError{Code: code} }
	for _, tc := range []struct {
		name                  string
		err                   error
		disconnect, retryable bool
	}{
		{"terminated (pg_terminate_backend)", pg("57P01"), true, false},
		{"crash shutdown", pg("57P02"), true, false},
		{"cannot connect now", pg("57P03"), true, false},
		{"connection failure", pg("08006"), true, false},
		{"connection does not exist", fmt.Errorf("wrapped: %w", pg("08003")), true, false},
		{"conn closed", pgconn.ErrConnClosed, true, false},
		{"EOF", io.EOF, true, false},
		{"unexpected EOF", fmt.Errorf("read: %w", io.ErrUnexpectedEOF), true, false},
		{"network", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true, false},
		{"bad conn", driver.ErrBadConn, true, false},
		{"connect failure", &pgconn.ConnectError{}, false, false},
		{"serialization failure", pg("40001"), false, true},
		{"deadlock", fmt.Errorf("wrapped: %w", pg("40P01")), false, true},
		{"query cancelled", pg("57014"), false, false},
		{"lock not available", pg("55P03"), false, false},
		{"unique violation", pg("23505"), false, false},
		{"syntax", pg("42601"), false, false},
		{"other", errors.New("boom"), false, false},
		{"nil", nil, false, false},
	} {
		pooltest.CheckClass(t, d, tc.name, tc.err, tc.disconnect, tc.retryable)
	}
}
