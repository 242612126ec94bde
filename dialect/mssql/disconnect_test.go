package mssql_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/internal/pooltest"
)

func TestIsDisconnectAndRetryable(t *testing.T) {
	d := mssql.New()
	ms := func(n int32, class uint8) mssqldb.Error { return mssqldb.Error{Number: n, Class: class} }
	for _, tc := range []struct {
		name                  string
		err                   error
		disconnect, retryable bool
	}{
		{"no process at the other end", ms(233, 20), true, false},
		{"connection reset", ms(10054, 16), true, false},
		{"connection aborted", &mssqldb.Error{Number: 10053}, true, false},
		{"database unavailable (Azure)", ms(40613, 16), true, false},
		{"fatal severity", ms(50000, 21), true, false},
		{"stream error", mssqldb.StreamError{InnerError: errors.New("bad token")}, true, false},
		{"bad conn", driver.ErrBadConn, true, false},
		{"EOF", io.EOF, true, false},
		{"network", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true, false},
		{"deadlock victim", ms(1205, 13), false, true},
		{"deadlock among messages", mssqldb.Error{Number: 3621, All: []mssqldb.Error{ms(1205, 13), ms(3621, 0)}}, false, true},
		{"snapshot conflict", fmt.Errorf("wrapped: %w", ms(3960, 16)), false, true},
		{"lock timeout", ms(1222, 16), false, true},
		{"login failed", ms(18456, 14), false, false},
		{"duplicate key", ms(2627, 14), false, false},
		{"other", errors.New("boom"), false, false},
		{"nil", nil, false, false},
	} {
		pooltest.CheckClass(t, d, tc.name, tc.err, tc.disconnect, tc.retryable)
	}
}
