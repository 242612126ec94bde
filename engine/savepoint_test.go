package engine_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
)

// noReleaseDialect is SQLite with Oracle's savepoint statements: no
// RELEASE SAVEPOINT, and savepoint names written its own way.
type noReleaseDialect struct{ *sqlite.Dialect }

func (d noReleaseDialect) SavepointSQL(op dialect.SavepointOp, name string) string {
	switch op {
	case dialect.SavepointCreate:
		return "SAVEPOINT " + name
	case dialect.SavepointRollback:
		return "ROLLBACK TO " + name
	}
	return ""
}

func (d noReleaseDialect) DetectVersion(context.Context, dialect.Queryer) (dialect.Dialect, error) {
	return d, nil
}

// TestSavepointStatementsFromTheDialect: the engine runs the savepoint
// statements the dialect gives, none where it gives none, and still
// reports every step.
func TestSavepointStatementsFromTheDialect(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var sent []string
	var steps []string
	eng, s := newEngine(t, "file", engine.WithDialect(noReleaseDialect{sqlite.New()}), engine.OnExecute(engine.Listener{
		BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
			mu.Lock()
			defer mu.Unlock()
			if ev.Statement == nil {
				sent = append(sent, ev.SQL)
			}
			return ctx
		},
		Transaction: func(_ context.Context, ev *engine.TxEvent) {
			mu.Lock()
			defer mu.Unlock()
			steps = append(steps, ev.Op.String())
		},
	}))
	mu.Lock()
	sent, steps = nil, nil
	mu.Unlock()
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := tx.Transaction(ctx, func(inner *engine.Tx) error { return addUser(ctx, inner, s, "kept") }); err != nil {
			return err
		}
		inner, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		if err := addUser(ctx, inner, s, "undone"); err != nil {
			return err
		}
		return inner.Rollback()
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, eng, s); got != "kept" {
		t.Errorf("names = %q", got)
	}
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(sent, "; "); got != "SAVEPOINT sa_savepoint_1; SAVEPOINT sa_savepoint_2; ROLLBACK TO sa_savepoint_2" {
		t.Errorf("savepoint statements: %s", got)
	}
	want := "BEGIN,SAVEPOINT,RELEASE SAVEPOINT,SAVEPOINT,ROLLBACK TO SAVEPOINT,RELEASE SAVEPOINT,COMMIT"
	if got := strings.Join(steps, ","); got != want {
		t.Errorf("steps: %s, want %s", got, want)
	}
}
