package mysql_test

import (
	"fmt"
	"os"
	"os/exec"
	"testing"

	"github.com/athanordb/athanor/internal/pooltest"
)

// poolKit is the pool tests' kit for MySQL and MariaDB. The restart
// command is ATHANOR_TEST_MYSQL_RESTART (a shell command); without it
// the restart test is skipped.
func poolKit(t *testing.T) pooltest.Kit {
	k := pooltest.Kit{
		URL:       liveURL(t),
		BackendID: "SELECT CONNECTION_ID()",
		Kill:      func(id int64) string { return fmt.Sprintf("KILL %d", id) },
		Alive: func(id int64) string {
			return fmt.Sprintf("SELECT count(*) FROM information_schema.PROCESSLIST WHERE ID = %d", id)
		},
		Sleep: "SELECT SLEEP(30)",
		Ready: func() bool { return exec.Command("mysqladmin", "-uroot", "-h127.0.0.1", "status").Run() == nil },
	}
	if cmd := os.Getenv("ATHANOR_TEST_MYSQL_RESTART"); cmd != "" {
		k.Restart = func() error { return exec.Command("sh", "-c", cmd).Run() }
	}
	return k
}

func TestPoolDisconnects(t *testing.T) { pooltest.Disconnects(t, poolKit(t)) }

func TestPoolRestart(t *testing.T) { pooltest.Restart(t, poolKit(t)) }

func TestRetryDeadlock(t *testing.T) { pooltest.Retries(t, poolKit(t)) }
