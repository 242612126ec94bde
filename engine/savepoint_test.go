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

// savepointDialect is SQLite writing its savepoint statements its own way
// (dialect.SavepointWriter), with nothing to run for a release, as SQL
// Server has.
type savepointDialect struct{ *sqlite.Dialect }

func (d savepointDialect) SavepointSQL(step dialect.SavepointStep, name string) string {
	switch step {
	case dialect.SavepointSet:
		return "SAVEPOINT " + name + "_x"
	case dialect.SavepointRollback:
		return "ROLLBACK TO SAVEPOINT " + name + "_x"
	}
	return ""
}

// DetectVersion keeps the wrapper around the dialect SQLite detects.
func (d savepointDialect) DetectVersion(ctx context.Context, q dialect.Queryer) (dialect.Dialect, error) {
	v, err := d.Dialect.DetectVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	return savepointDialect{v.(*sqlite.Dialect)}, nil
}

func TestDialectSavepointStatements(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var sent []string
	var steps []engine.TxOp
	listener := engine.Listener{
		BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
			if ev.Statement == nil && strings.Contains(ev.SQL, "SAVEPOINT") {
				mu.Lock()
				sent = append(sent, ev.SQL)
				mu.Unlock()
			}
			return ctx
		},
		Transaction: func(ctx context.Context, ev *engine.TxEvent) {
			mu.Lock()
			steps = append(steps, ev.Op)
			mu.Unlock()
		},
	}
	eng, s := newEngine(t, "file", engine.WithDialect(savepointDialect{sqlite.New()}), engine.OnExecute(listener))
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := addUser(ctx, tx, s, "a"); err != nil {
			return err
		}
		if err := tx.Transaction(ctx, func(inner *engine.Tx) error { return addUser(ctx, inner, s, "b") }); err != nil {
			return err
		}
		inner, err := tx.Begin(ctx)
		if err != nil {
			return err
		}
		if err := addUser(ctx, inner, s, "c"); err != nil {
			return err
		}
		return inner.Rollback()
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, eng, s); got != "a,b" {
		t.Errorf("names = %q, want a,b", got)
	}
	want := []string{"SAVEPOINT sa_savepoint_1_x", "SAVEPOINT sa_savepoint_2_x", "ROLLBACK TO SAVEPOINT sa_savepoint_2_x"}
	if strings.Join(sent, "; ") != strings.Join(want, "; ") {
		t.Errorf("savepoint statements sent: %q, want %q", sent, want)
	}
	// The release steps happen (with nothing sent for them).
	wantSteps := []engine.TxOp{engine.TxBegin, engine.TxSavepoint, engine.TxReleaseSavepoint, engine.TxSavepoint,
		engine.TxRollbackToSavepoint, engine.TxReleaseSavepoint, engine.TxCommit}
	if len(steps) != len(wantSteps) {
		t.Fatalf("steps %v, want %v", steps, wantSteps)
	}
	for i := range steps {
		if steps[i] != wantSteps[i] {
			t.Fatalf("steps %v, want %v", steps, wantSteps)
		}
	}
}

func TestStandardSavepointStatements(t *testing.T) {
	d := sqlite.New()
	for step, want := range map[dialect.SavepointStep]string{
		dialect.SavepointSet:      "SAVEPOINT sp",
		dialect.SavepointRollback: "ROLLBACK TO SAVEPOINT sp",
		dialect.SavepointRelease:  "RELEASE SAVEPOINT sp",
		0:                         "",
	} {
		if got := dialect.SavepointSQL(d, step, "sp"); got != want {
			t.Errorf("SavepointSQL(%v) = %q, want %q", step, got, want)
		}
	}
}
