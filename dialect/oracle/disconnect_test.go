package oracle_test

import (
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"testing"

	"github.com/sijms/go-ora/v2/network"

	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/pooltest"
)

func TestIsDisconnectAndRetryable(t *testing.T) {
	d := oracle.New()
	ora := func(code int) error { return &network.OracleError{ErrCode: code} }
	for _, tc := range []struct {
		name                  string
		err                   error
		disconnect, retryable bool
	}{
		{"session killed", ora(28), true, false},
		{"end-of-file on communication channel", ora(3113), true, false},
		{"not connected", fmt.Errorf("wrapped: %w", ora(3114)), true, false},
		{"lost contact", ora(3135), true, false},
		{"shutdown in progress", ora(1033), true, false},
		{"immediate shutdown", ora(1089), true, false},
		{"idle time exceeded", ora(2396), true, false},
		{"connection reset", network.ErrConnReset, true, false},
		{"bad conn", driver.ErrBadConn, true, false},
		{"EOF", io.EOF, true, false},
		{"network", &net.OpError{Op: "read", Err: errors.New("connection reset by peer")}, true, false},
		{"deadlock", ora(60), false, true},
		{"cannot serialize", fmt.Errorf("wrapped: %w", ora(8177)), false, true},
		{"resource busy (NOWAIT)", ora(54), false, false},
		{"unique constraint", ora(1), false, false},
		{"other", errors.New("boom"), false, false},
		{"nil", nil, false, false},
	} {
		pooltest.CheckClass(t, d, tc.name, tc.err, tc.disconnect, tc.retryable)
	}
}
