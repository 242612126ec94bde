package engine_test

import (
	"context"
	stdsql "database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

func addUser(ctx context.Context, ex interface {
	Execute(context.Context, sql.Element, ...sql.Params) (*engine.Result, error)
}, s *schema, name string) error {
	_, err := ex.Execute(ctx, s.users.Insert(), sql.Params{"name": name})
	return err
}

func names(t *testing.T, eng *engine.Engine, s *schema) string {
	t.Helper()
	got, err := engine.ScanAll[string](eng.Execute(context.Background(), sql.NewSelect(s.users.C("name")).OrderBy(s.users.C("name"))))
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(got, ",")
}

func TestBeginCommits(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if !tx.IsActive() || tx.IsNested() || tx.Conn() == nil {
			t.Error("tx state")
		}
		return addUser(ctx, tx, s, "a")
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := names(t, eng, s); got != "a" {
		t.Errorf("names = %q", got)
	}
}

func TestBeginRollsBackOnError(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	boom := errors.New("boom")
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		if err := addUser(ctx, tx, s, "a"); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v", err)
	}
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q, want none", got)
	}
}

func TestBeginRollsBackOnPanic(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	func() {
		defer func() {
			if p := recover(); p != "kaboom" {
				t.Errorf("recovered %v, want the panic to continue", p)
			}
		}()
		eng.Begin(ctx, func(tx *engine.Tx) error {
			if err := addUser(ctx, tx, s, "a"); err != nil {
				t.Fatal(err)
			}
			panic("kaboom")
		})
	}()
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q, want none", got)
	}
	// The engine still works: the turn of the single connection was given
	// back.
	if err := eng.Begin(ctx, func(tx *engine.Tx) error { return addUser(ctx, tx, s, "b") }); err != nil {
		t.Fatal(err)
	}
	if got := names(t, eng, s); got != "b" {
		t.Errorf("names = %q", got)
	}
}

func TestBeginRollsBackOnGoexit(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	done := make(chan struct{})
	go func() {
		defer close(done)
		eng.Begin(ctx, func(tx *engine.Tx) error {
			addUser(ctx, tx, s, "a")
			runtime.Goexit()
			return nil
		})
	}()
	<-done
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q, want none", got)
	}
}

// TestNestedTransactions commits or rolls back an inner transaction
// (SAVEPOINT) and its outer one in every combination.
func TestNestedTransactions(t *testing.T) {
	tests := []struct {
		innerFails, outerFails bool
		want                   string
	}{
		{false, false, "inner,outer"},
		{true, false, "outer"},
		{false, true, ""},
		{true, true, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("innerFails=%v,outerFails=%v", tt.innerFails, tt.outerFails), func(t *testing.T) {
			ctx := context.Background()
			eng, s := newEngine(t, "sqlite://")
			innerErr, outerErr := errors.New("inner"), errors.New("outer")
			err := eng.Begin(ctx, func(tx *engine.Tx) error {
				if err := addUser(ctx, tx, s, "outer"); err != nil {
					return err
				}
				err := tx.Transaction(ctx, func(inner *engine.Tx) error {
					if !inner.IsNested() {
						t.Error("inner is not nested")
					}
					if err := addUser(ctx, inner, s, "inner"); err != nil {
						return err
					}
					if tt.innerFails {
						return innerErr
					}
					return nil
				})
				if (err != nil) != tt.innerFails || tt.innerFails && !errors.Is(err, innerErr) {
					t.Errorf("inner transaction: %v", err)
				}
				if tt.outerFails {
					return outerErr
				}
				return nil
			})
			if (err != nil) != tt.outerFails {
				t.Errorf("outer transaction: %v", err)
			}
			if got := names(t, eng, s); got != tt.want {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSavepointsByHand(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	addUser(ctx, tx, s, "a")
	sp1, err := conn.Begin(ctx) // nested, through the connection
	if err != nil || !sp1.IsNested() {
		t.Fatalf("nested Begin: %v", err)
	}
	addUser(ctx, conn, s, "b") // runs in the transaction
	sp2, err := tx.Begin(ctx)  // nested inside sp1, the innermost
	if err != nil {
		t.Fatal(err)
	}
	addUser(ctx, sp2, s, "c")
	if err := sp2.Commit(); err != nil {
		t.Fatal(err)
	}
	sp3, err := sp1.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	addUser(ctx, sp3, s, "d")
	if err := sp3.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := sp1.Rollback(); err != nil { // undoes b and c
		t.Fatal(err)
	}
	addUser(ctx, tx, s, "e")
	if !conn.InTransaction() {
		t.Error("InTransaction = false")
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if conn.InTransaction() {
		t.Error("InTransaction = true after commit")
	}
	if got := names(t, eng, s); got != "a,e" {
		t.Errorf("names = %q, want a,e", got)
	}
	// An outer commit commits what nested transactions still open did.
	tx, _ = conn.Begin(ctx)
	inner, _ := tx.Begin(ctx)
	addUser(ctx, inner, s, "f")
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if inner.IsActive() {
		t.Error("inner transaction still active after the outer commit")
	}
	if got := names(t, eng, s); got != "a,e,f" {
		t.Errorf("names = %q, want a,e,f", got)
	}
}

func TestTxUseAfterEnd(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	conn, _ := eng.Connect(ctx)
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inner, _ := tx.Begin(ctx)
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"Commit":         tx.Commit(),
		"Rollback":       tx.Rollback(),
		"inner.Commit":   inner.Commit(),
		"Execute":        addUser(ctx, tx, s, "x"),
		"inner.Execute":  addUser(ctx, inner, s, "x"),
		"Begin":          second(tx.Begin(ctx)),
		"ExecuteMany":    second(tx.ExecuteMany(ctx, s.users.Insert(), []sql.Params{{"name": "x"}})),
		"HasTable":       second(tx.HasTable(ctx, "", "users")),
		"nested.Execute": addUser(ctx, inner, s, "y"),
	} {
		if !errors.Is(err, engine.ErrClosed) || !errors.Is(err, stdsql.ErrTxDone) {
			t.Errorf("%s after rollback: %v", name, err)
		}
	}
	if _, err := conn.BeginTx(ctx, nil); err != nil {
		t.Errorf("a new transaction after the last ended: %v", err)
	}
	if _, err := conn.BeginTx(ctx, &stdsql.TxOptions{ReadOnly: true}); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("nested BeginTx with options: %v", err)
	}
}

func second[T any](_ T, err error) error { return err }

func TestConnCloseRollsBack(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	conn, _ := eng.Connect(ctx)
	tx, _ := conn.Begin(ctx)
	addUser(ctx, tx, s, "a")
	if err := conn.Close(); err != nil {
		t.Fatal(err)
	}
	if tx.IsActive() {
		t.Error("transaction active after Conn.Close")
	}
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q, want none", got)
	}
}

// TestTxInDDL creates tables inside a transaction (SQLite has
// transactional DDL) and rolls them back.
func TestTxInDDL(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	s := newSchema()
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		if tx.Dialect().Name() != "sqlite" {
			t.Error("Tx.Dialect")
		}
		if err := s.md.CreateAll(ctx, tx); err != nil {
			return err
		}
		if ok, err := tx.HasTable(ctx, "", "users"); !ok || err != nil {
			t.Errorf("HasTable in tx = %v, %v", ok, err)
		}
		return errors.New("undo")
	})
	if err == nil {
		t.Fatal("no error")
	}
	if ok, _ := eng.HasTable(ctx, "", "users"); ok {
		t.Error("the table survived the rollback")
	}
}

// TestFailedCommitLeavesDatabase violates a deferred foreign key, which
// SQLite checks at COMMIT: the commit fails, nothing is kept, and the
// connection is usable afterwards.
func TestFailedCommitLeavesDatabase(t *testing.T) {
	ctx := context.Background()
	eng, _ := newEngine(t, "file", engine.PoolSize(1), engine.MaxOverflow(0))
	for _, ddl := range []string{
		"CREATE TABLE parent (id INTEGER PRIMARY KEY)",
		"CREATE TABLE child (id INTEGER PRIMARY KEY, pid INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)",
	} {
		if _, err := eng.Execute(ctx, sql.Text(ddl)); err != nil {
			t.Fatal(err)
		}
	}
	err := eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Execute(ctx, sql.Text("INSERT INTO child (id, pid) VALUES (1, 99)"))
		return err
	})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("commit error %v, want ErrIntegrity", err)
	}
	var dbErr *engine.Error
	if !errors.As(err, &dbErr) || dbErr.SQL != "COMMIT" {
		t.Errorf("error %#v should name COMMIT", err)
	}
	n, err := engine.ScanOne[int64](eng.Execute(ctx, sql.Text("SELECT count(*) FROM child")))
	if err != nil || n != 0 {
		t.Fatalf("child rows = %d, %v", n, err)
	}
	// The one pooled connection is clean: a new transaction works.
	if err := eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Execute(ctx, sql.Text("INSERT INTO parent (id) VALUES (1)"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// TestCommitFault makes the driver fail a commit (after rolling back, as a
// server that aborts does) and a rollback.
func TestCommitFault(t *testing.T) {
	ctx := context.Background()
	eng, s, f := newFaultEngine(t, "file")
	lost := errors.New("connection lost at commit")
	f.set(func(f *faults) { f.failCommit = lost })
	err := eng.Begin(ctx, func(tx *engine.Tx) error { return addUser(ctx, tx, s, "a") })
	if !errors.Is(err, lost) {
		t.Fatalf("err = %v", err)
	}
	f.set(func(f *faults) { f.failCommit = nil })
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q", got)
	}

	rbFail := errors.New("rollback failed")
	f.set(func(f *faults) { f.failRB = rbFail })
	boom := errors.New("boom")
	err = eng.Begin(ctx, func(tx *engine.Tx) error { return boom })
	if !errors.Is(err, boom) || !errors.Is(err, rbFail) {
		t.Errorf("err = %v, want both errors", err)
	}
	f.set(func(f *faults) { f.failRB = nil })

	f.set(func(f *faults) { f.failBegin = driver.ErrBadConn })
	err = eng.Begin(ctx, func(tx *engine.Tx) error { t.Error("fn ran"); return nil })
	if err == nil {
		t.Error("Begin succeeded")
	}
}

func TestIsolationLevel(t *testing.T) {
	ctx := context.Background()
	eng, s, f := newFaultEngine(t, "sqlite://", engine.IsolationLevel(stdsql.LevelSerializable))
	if err := eng.Begin(ctx, func(tx *engine.Tx) error { return addUser(ctx, tx, s, "a") }); err != nil {
		t.Fatal(err)
	}
	conn, _ := eng.Connect(ctx)
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &stdsql.TxOptions{Isolation: stdsql.LevelReadCommitted, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	f.mu.Lock()
	defer f.mu.Unlock()
	want := []driver.TxOptions{
		{Isolation: driver.IsolationLevel(stdsql.LevelSerializable)},
		{Isolation: driver.IsolationLevel(stdsql.LevelReadCommitted), ReadOnly: true},
	}
	if fmt.Sprint(f.txOptions) != fmt.Sprint(want) {
		t.Errorf("driver saw %v, want %v", f.txOptions, want)
	}

	// On SQLite itself, a serializable engine works.
	eng2, s2 := newEngine(t, "file", engine.IsolationLevel(stdsql.LevelSerializable))
	if err := eng2.Begin(ctx, func(tx *engine.Tx) error { return addUser(ctx, tx, s2, "a") }); err != nil {
		t.Fatal(err)
	}
}

// TestSingleConnectionTransactionsTakeTurns begins transactions from many
// goroutines on an in-memory database: they wait for each other rather
// than fail.
func TestSingleConnectionTransactionsTakeTurns(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	errs := make(chan error, 8)
	for i := range 8 {
		go func() {
			errs <- eng.Begin(ctx, func(tx *engine.Tx) error {
				if err := addUser(ctx, tx, s, fmt.Sprint("u", i)); err != nil {
					return err
				}
				runtime.Gosched()
				if i%2 == 1 {
					return errors.New("undo")
				}
				return nil
			})
		}()
	}
	failed := 0
	for range 8 {
		if err := <-errs; err != nil {
			if err.Error() != "undo" {
				t.Fatal(err)
			}
			failed++
		}
	}
	if n := count(t, eng, s.users); n != 4 || failed != 4 {
		t.Errorf("users = %d, failed = %d", n, failed)
	}
	// Waiting for a turn ends with the context.
	conn, _ := eng.Connect(ctx)
	defer conn.Close()
	tx, _ := conn.Begin(ctx)
	defer tx.Rollback()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := eng.Begin(cctx, func(*engine.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Begin while another transaction holds the connection, ctx cancelled: %v", err)
	}
}

// TestConnTransactionPanic checks that Conn.Transaction itself rolls back
// on a panic, before the connection is closed.
func TestConnTransactionPanic(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	func() {
		defer func() { recover() }()
		conn.Transaction(ctx, func(tx *engine.Tx) error {
			addUser(ctx, tx, s, "a")
			tx.Transaction(ctx, func(inner *engine.Tx) error {
				addUser(ctx, inner, s, "b")
				panic("inner")
			})
			return nil
		})
	}()
	if conn.InTransaction() {
		t.Fatal("the transaction is still open after the panic")
	}
	if got := names(t, eng, s); got != "" {
		t.Errorf("names = %q, want none", got)
	}
}
