package postgres_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/pooltest"
	"github.com/athanordb/athanor/sql"
)

// poolKit is the pool tests' kit for PostgreSQL. The restart command is
// ATHANOR_TEST_PG_RESTART when set (a shell command), else pg_ctlcluster
// on the first cluster of /etc/postgresql.
func poolKit(t *testing.T, url string) pooltest.Kit {
	restart := os.Getenv("ATHANOR_TEST_PG_RESTART")
	if restart == "" {
		restart = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n1) main restart"
	}
	return pooltest.Kit{
		URL:       url,
		BackendID: "SELECT pg_backend_pid()",
		Kill:      func(id int64) string { return fmt.Sprintf("SELECT pg_terminate_backend(%d)", id) },
		Alive:     func(id int64) string { return fmt.Sprintf("SELECT count(*) FROM pg_stat_activity WHERE pid = %d", id) },
		Sleep:     "SELECT pg_sleep(30)",
		Restart:   func() error { return exec.Command("sh", "-c", restart).Run() },
		Ready: func() bool {
			return exec.Command("sh", "-c", "pg_isready -q -d \"$0\"", url).Run() == nil
		},
	}
}

func TestPoolDisconnects(t *testing.T) {
	pooltest.Disconnects(t, poolKit(t, liveURL(t)))
}

func TestPoolDisconnectsDatabaseSQL(t *testing.T) {
	k := poolKit(t, liveURL(t))
	k.Options = append(k.Options, engine.UseDatabaseSQL())
	pooltest.Disconnects(t, k)
}

func TestPoolRestart(t *testing.T) {
	pooltest.Restart(t, poolKit(t, liveURL(t)))
}

func TestRetrySerializationFailure(t *testing.T) {
	pooltest.Retries(t, poolKit(t, liveURL(t)))
}

// Close does not wait without bound for connections a caller left
// checked out (pgxpool's Close would): after CloseGrace they are ended,
// and what runs on them fails.
func TestNativeCloseWithOpenResult(t *testing.T) {
	ctx := context.Background()
	k := poolKit(t, liveURL(t))
	eng, ev := k.Engine(t)
	res, err := eng.Execute(ctx, sql.Text("SELECT generate_series(1, 10000)"))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Next() {
		t.Fatal("no row")
	}
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	busy := make(chan error, 1)
	go func() {
		_, err := conn.Execute(ctx, sql.Text("SELECT pg_sleep(30)"))
		busy <- err
	}()
	time.Sleep(100 * time.Millisecond)
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- eng.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Close: %v", err)
		}
	case <-time.After(postgres.CloseGrace + 10*time.Second):
		t.Fatal("Close hangs with a result left open")
	}
	if d := time.Since(start); d < postgres.CloseGrace/2 || d > postgres.CloseGrace+5*time.Second {
		t.Errorf("Close took %v, want about CloseGrace (%v)", d, postgres.CloseGrace)
	}
	select {
	case err := <-busy:
		if err == nil {
			t.Error("the query on a connection ended by Close succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Error("the query on a connection ended by Close still runs")
	}
	for res.Next() {
	}
	res.Close()
	conn.Close()
	if got := ev.Count("close"); got != 2 {
		t.Errorf("%d close events, want 2", got)
	}
}

// Close waits for a connection returned within CloseGrace, and ends
// nothing.
func TestNativeCloseWaitsForReturn(t *testing.T) {
	ctx := context.Background()
	eng, _ := poolKit(t, liveURL(t)).Engine(t)
	res, err := eng.Execute(ctx, sql.Text("SELECT generate_series(1, 3)"))
	if err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(100*time.Millisecond, func() { res.Close() })
	start := time.Now()
	if err := eng.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > postgres.CloseGrace/2 {
		t.Errorf("Close took %v, though the result was closed after 100ms", d)
	}
}

func TestPoolRestartDatabaseSQL(t *testing.T) {
	k := poolKit(t, liveURL(t))
	k.Options = append(k.Options, engine.UseDatabaseSQL())
	pooltest.Restart(t, k)
}
