package sqlite_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"path/filepath"
	"testing"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/pooltest"
)

// A database locked by another connection (SQLITE_BUSY) is retryable;
// SQLite has no connection to lose, so only ErrBadConn is a disconnect.
func TestIsDisconnectAndRetryable(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite:///" + filepath.Join(t.TempDir(), "busy.db") + "?busy_timeout=0")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	db := eng.DB()
	c1, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c1.Close()
	c2, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c2.Close()
	if _, err := c1.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer c1.ExecContext(ctx, "ROLLBACK")
	_, busy := c2.ExecContext(ctx, "BEGIN IMMEDIATE")
	_, syntax := c2.ExecContext(ctx, "SELEC 1")
	d := sqlite.New()
	for _, tc := range []struct {
		name                  string
		err                   error
		disconnect, retryable bool
	}{
		{"busy", busy, false, true},
		{"syntax", syntax, false, false},
		{"bad conn", driver.ErrBadConn, true, false},
		{"other", errors.New("boom"), false, false},
		{"nil", nil, false, false},
	} {
		pooltest.CheckClass(t, d, tc.name, tc.err, tc.disconnect, tc.retryable)
	}
}
