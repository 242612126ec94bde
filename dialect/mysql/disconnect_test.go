package mysql_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/internal/pooltest"
)

func TestIsDisconnectAndRetryable(t *testing.T) {
	d := mysql.New()
	my := func(n uint16) error { return &gomysql.MySQLError{Number: n} }
	for _, tc := range []struct {
		name                  string
		err                   error
		disconnect, retryable bool
	}{
		{"server has gone away", my(2006), true, false},
		{"lost connection", my(2013), true, false},
		{"lost connection at reading", my(2055), true, false},
		{"connection killed (MariaDB)", fmt.Errorf("wrapped: %w", my(1927)), true, false},
		{"shutdown in progress", my(1053), true, false},
		{"inactivity (MySQL)", my(4031), true, false},
		{"aborted connection", my(1152), true, false},
		{"invalid connection", gomysql.ErrInvalidConn, true, false},
		{"bad conn", driver.ErrBadConn, true, false},
		{"EOF", io.EOF, true, false},
		{"network", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true, false},
		{"deadlock", my(1213), false, true},
		{"lock wait timeout", fmt.Errorf("wrapped: %w", my(1205)), false, true},
		{"query interrupted", my(1317), false, false},
		{"duplicate key", my(1062), false, false},
		{"syntax", my(1064), false, false},
		{"other", errors.New("boom"), false, false},
		{"nil", nil, false, false},
	} {
		pooltest.CheckClass(t, d, tc.name, tc.err, tc.disconnect, tc.retryable)
	}
}
