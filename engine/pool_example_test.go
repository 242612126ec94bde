package engine_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// The pool's settings, its events and its statistics.
func ExampleOnPool() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "athanor")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	eng, err := engine.Create("sqlite:///"+filepath.Join(dir, "app.db"),
		engine.PoolSize(1), engine.MaxOverflow(0), // one connection at most
		engine.PoolTimeout(50*time.Millisecond), // a checkout waits at most this
		engine.PoolPrePing(),                    // a dead connection is replaced at checkout
		engine.OnPool(engine.PoolListener{
			Connect: func(ev engine.PoolEvent) { fmt.Println("connect", ev.ConnID) },
			Close:   func(ev engine.PoolEvent) { fmt.Println("close", ev.ConnID) },
		}),
	)
	if err != nil {
		log.Fatal(err)
	}
	if err := exampleMD.CreateAll(ctx, eng); err != nil {
		log.Fatal(err)
	}
	conn, err := eng.Connect(ctx) // holds the only connection
	if err != nil {
		log.Fatal(err)
	}
	_, err = eng.Execute(ctx, exampleUsers.Select())
	fmt.Println(errors.Is(err, engine.ErrPoolTimeout))
	conn.Close()
	st := eng.PoolStats()
	fmt.Printf("open %d, idle %d, timeouts %d\n", st.Open, st.Idle, st.Timeouts)
	eng.Close()
	// Output:
	// connect 1
	// true
	// open 1, idle 1, timeouts 1
	// close 1
}

// A transaction that meets a lock held by another writer runs again.
func ExampleEngine_BeginRetry() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "athanor")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// busy_timeout=0: a locked database fails at once (SQLITE_BUSY).
	eng, err := engine.Create("sqlite:///" + filepath.Join(dir, "app.db") + "?busy_timeout=0")
	if err != nil {
		log.Fatal(err)
	}
	defer eng.Close()
	if err := exampleMD.CreateAll(ctx, eng); err != nil {
		log.Fatal(err)
	}
	// Another writer holds the lock.
	other, err := eng.DB().Conn(ctx)
	if err != nil {
		log.Fatal(err)
	}
	defer other.Close()
	other.ExecContext(ctx, "BEGIN IMMEDIATE")

	attempts := 0
	policy := engine.RetryPolicy{
		MaxAttempts: 3,
		OnRetry: func(attempt int, err error, wait time.Duration) {
			fmt.Println("attempt", attempt, "after an operational error:", errors.Is(err, dialect.ErrOperational))
			other.ExecContext(ctx, "ROLLBACK") // the other writer is done
		},
	}
	err = eng.BeginRetry(ctx, policy, func(tx *engine.Tx) error {
		attempts++
		_, err := tx.Execute(ctx, exampleUsers.Insert().Values(sql.Values{"id": 1, "name": "spongebob"}))
		return err
	})
	fmt.Println(err, attempts)
	// Output:
	// attempt 2 after an operational error: true
	// <nil> 2
}
