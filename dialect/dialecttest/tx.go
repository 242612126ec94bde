package dialecttest

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// txTests: commit, rollback, the Begin helper and savepoints, each on a
// table of its own.
func (s *suite) txTests(t *testing.T) {
	s.group(t, []test{
		{"Commit", s.testCommit},
		{"Rollback", s.testRollback},
		{"BeginHelper", s.testBeginHelper},
		{"SavepointRollbackInner", func(t *testing.T) {
			s.savepoints(t, "sp_inner", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ins(tx, 1)
				sp := s.nested(t, tx)
				ins(sp, 2)
				must(t, sp.Rollback())
				ins(tx, 3)
				must(t, tx.Commit())
			}, "1", "3")
		}},
		{"SavepointCommitThenRollbackOuter", func(t *testing.T) {
			s.savepoints(t, "sp_outer", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ins(tx, 1)
				sp := s.nested(t, tx)
				ins(sp, 2)
				must(t, sp.Commit())
				must(t, tx.Rollback())
			})
		}},
		{"SavepointTwoLevels", func(t *testing.T) {
			s.savepoints(t, "sp_two", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ins(tx, 1)
				sp1 := s.nested(t, tx)
				ins(sp1, 2)
				sp2 := s.nested(t, sp1)
				ins(sp2, 3)
				must(t, sp2.Rollback())
				ins(sp1, 4)
				must(t, sp1.Commit())
				must(t, tx.Commit())
			}, "1", "2", "4")
		}},
		{"SavepointRollbackUndoesReleased", func(t *testing.T) {
			s.savepoints(t, "sp_released", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ins(tx, 1)
				sp1 := s.nested(t, tx)
				ins(sp1, 2)
				sp2 := s.nested(t, sp1)
				ins(sp2, 3)
				must(t, sp2.Commit())
				must(t, sp1.Rollback())
				must(t, tx.Commit())
			}, "1")
		}},
		{"SavepointTransactionHelper", func(t *testing.T) {
			s.savepoints(t, "sp_helper", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ctx := context.Background()
				boom := errors.New("boom")
				ins(tx, 1)
				err := tx.Transaction(ctx, func(sp *engine.Tx) error {
					ins(sp, 2)
					return boom
				})
				if !errors.Is(err, boom) {
					t.Fatalf("nested Transaction returned %v, want boom", err)
				}
				if err := tx.Transaction(ctx, func(sp *engine.Tx) error { ins(sp, 3); return nil }); err != nil {
					t.Fatal(err)
				}
				must(t, tx.Commit())
			}, "1", "3")
		}},
		{"SavepointRecoversFromError", func(t *testing.T) {
			// A failed statement inside a savepoint is undone with it, and
			// the transaction goes on (PostgreSQL would otherwise refuse
			// every further statement).
			s.savepoints(t, "sp_error", func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)) {
				ctx := context.Background()
				ins(tx, 1)
				err := tx.Transaction(ctx, func(sp *engine.Tx) error {
					_, err := sp.Execute(ctx, tb.Insert().Values(sql.Values{"id": 1}))
					return err
				})
				if !errors.Is(err, dialect.ErrIntegrity) {
					t.Fatalf("duplicate key in a savepoint: %v, want ErrIntegrity", err)
				}
				ins(tx, 2)
				must(t, tx.Commit())
			}, "1", "2")
		}},
		{"TransactionalDDL", s.testTransactionalDDL},
		{"ForUpdate", s.testForUpdate},
	})
}

// simpleTable creates a table with an id primary key only.
func (s *suite) simpleTable(t *testing.T, base string) *sql.Table {
	t.Helper()
	md := sql.NewMetaData()
	tb := md.Table(s.name(base), sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)))
	s.create(t, md)
	return tb
}

// inserter returns a function that inserts id into tb in a transaction.
func (s *suite) inserter(t *testing.T, tb *sql.Table) func(*engine.Tx, int) {
	return func(tx *engine.Tx, id int) {
		t.Helper()
		if _, err := tx.Execute(context.Background(), tb.Insert().Values(sql.Values{"id": id})); err != nil {
			t.Fatalf("insert %d: %v", id, err)
		}
	}
}

func (s *suite) testCommit(t *testing.T) {
	tb := s.simpleTable(t, "tx_commit")
	conn, tx := s.begin(t)
	s.inserter(t, tb)(tx, 1)
	s.inserter(t, tb)(tx, 2)
	if !conn.InTransaction() || !tx.IsActive() {
		t.Error("the transaction is not active")
	}
	must(t, tx.Commit())
	if conn.InTransaction() || tx.IsActive() {
		t.Error("the transaction is still active after Commit")
	}
	if err := tx.Commit(); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("a second Commit: %v, want ErrClosed", err)
	}
	if _, err := tx.Execute(context.Background(), tb.Select()); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Execute after Commit: %v, want ErrClosed", err)
	}
	s.wantTable(t, tb, "1", "2")
}

func (s *suite) testRollback(t *testing.T) {
	ctx := context.Background()
	tb := s.simpleTable(t, "tx_rollback")
	s.exec(t, tb.Insert().Values(sql.Values{"id": 1}))
	_, tx := s.begin(t)
	s.inserter(t, tb)(tx, 2)
	if _, err := tx.Execute(ctx, tb.Delete().Where(tb.C("id").Eq(1))); err != nil {
		t.Fatal(err)
	}
	n, err := tx.Execute(ctx, sql.NewSelect(sql.Func("count")).SelectFrom(tb).Where(tb.C("id").Eq(2)))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := n.ScalarOne(); err != nil || v != int64(1) {
		t.Errorf("the transaction does not see its own row: %v %v", v, err)
	}
	must(t, tx.Rollback())
	if _, err := tx.Execute(ctx, sql.NewSelect(sql.Literal(1))); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Execute after Rollback: %v, want ErrClosed", err)
	}
	if _, err := tx.Begin(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("Begin after Rollback: %v, want ErrClosed", err)
	}
	s.wantTable(t, tb, "1")
}

// testBeginHelper: Engine.Begin commits when fn returns nil, rolls back
// and returns fn's error when it fails, and rolls back and panics again
// when fn panics.
func (s *suite) testBeginHelper(t *testing.T) {
	ctx := context.Background()
	tb := s.simpleTable(t, "tx_helper")
	ins := s.inserter(t, tb)
	if err := s.eng.Begin(ctx, func(tx *engine.Tx) error { ins(tx, 1); return nil }); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := s.eng.Begin(ctx, func(tx *engine.Tx) error { ins(tx, 2); return boom }); !errors.Is(err, boom) {
		t.Fatalf("Begin returned %v, want boom", err)
	}
	func() {
		defer func() {
			if r := recover(); r != "panic in a transaction" {
				t.Errorf("recovered %v, want the panic's value", r)
			}
		}()
		s.eng.Begin(ctx, func(tx *engine.Tx) error {
			ins(tx, 3)
			panic("panic in a transaction")
		})
		t.Error("Begin returned after a panic")
	}()
	// A failing statement fails the transaction, which is rolled back.
	err := s.eng.Begin(ctx, func(tx *engine.Tx) error {
		ins(tx, 4)
		_, err := tx.Execute(ctx, tb.Insert().Values(sql.Values{"id": 1}))
		return err
	})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("Begin with a duplicate key: %v, want ErrIntegrity", err)
	}
	s.wantTable(t, tb, "1")
}

// savepoints runs body in a transaction on a table of its own, then
// checks the table's rows. tx.Begin must refuse cleanly where savepoints
// are not supported.
func (s *suite) savepoints(t *testing.T, base string, body func(t *testing.T, tx *engine.Tx, tb *sql.Table, ins func(*engine.Tx, int)), want ...string) {
	t.Helper()
	ctx := context.Background()
	tb := s.simpleTable(t, base)
	_, tx := s.begin(t)
	if !s.req.Savepoints {
		_, err := tx.Begin(ctx)
		if !s.dialect.Features().Savepoints && !errors.Is(err, dialect.ErrNotSupported) {
			t.Fatalf("requirement Savepoints is not met, and Tx.Begin gave %v, want ErrNotSupported", err)
		}
		t.Skip("requirement Savepoints is not met by this dialect")
	}
	body(t, tx, tb, s.inserter(t, tb))
	s.wantTable(t, tb, want...)
}

// begin checks a connection out, closed when t ends, and begins a
// transaction on it, rolled back when t ends if it is still active.
func (s *suite) begin(t *testing.T) (*engine.Conn, *engine.Tx) {
	t.Helper()
	ctx := context.Background()
	conn, err := s.eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if tx.IsActive() {
			tx.Rollback()
		}
	})
	return conn, tx
}

// must fails t on an error.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// nested begins a savepoint in tx.
func (s *suite) nested(t *testing.T, tx *engine.Tx) *engine.Tx {
	t.Helper()
	sp, err := tx.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !sp.IsNested() {
		t.Error("Tx.Begin did not start a nested transaction")
	}
	return sp
}

// testForUpdate: SELECT ... FOR UPDATE runs in a transaction (SQLite,
// without row locks, leaves the clause out).
func (s *suite) testForUpdate(t *testing.T) {
	ctx := context.Background()
	tb := s.simpleTable(t, "tx_lock")
	s.exec(t, tb.Insert().Values(sql.Values{"id": 1}))
	_, tx := s.begin(t)
	res, err := tx.Execute(ctx, sql.NewSelect(tb.C("id")).Where(tb.C("id").Eq(1)).ForUpdate(sql.LockClause{}))
	if err != nil {
		t.Fatal(err)
	}
	if v, err := res.ScalarOne(); err != nil || v != int64(1) {
		t.Fatalf("SELECT ... FOR UPDATE: %v %v", v, err)
	}
	if _, err := tx.Execute(ctx, tb.Update().Values(sql.Values{"id": 2})); err != nil {
		t.Fatal(err)
	}
	must(t, tx.Commit())
	s.wantTable(t, tb, "2")
}

// testTransactionalDDL: a table created in a transaction, and a row put
// in it, are gone after ROLLBACK. Without TransactionalDDL (MySQL,
// MariaDB) CREATE TABLE commits implicitly, as those databases document:
// the table survives the ROLLBACK, and so does the row, which the
// implicit commit left to autocommit.
func (s *suite) testTransactionalDDL(t *testing.T) {
	ctx := context.Background()
	md := sql.NewMetaData()
	tb := md.Table(s.name("tx_ddl"), sql.NewColumn("id", integer, sql.PrimaryKey()))
	s.mu.Lock()
	s.created = append(s.created, tb.Name())
	s.mu.Unlock()
	_, tx := s.begin(t)
	if err := md.CreateAll(ctx, tx); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	if _, err := tx.Execute(ctx, tb.Insert().Values(sql.Values{"id": 1})); err != nil {
		tx.Rollback()
		t.Fatal(err)
	}
	must(t, tx.Rollback())
	there, err := s.eng.HasTable(ctx, "", tb.Name())
	if err != nil {
		t.Fatal(err)
	}
	if there {
		t.Cleanup(func() {
			if err := md.DropAll(ctx, s.eng); err != nil {
				t.Errorf("drop: %v", err)
			}
		})
	}
	if s.req.TransactionalDDL {
		if there {
			t.Errorf("after ROLLBACK the table exists")
		}
		return
	}
	if !there {
		t.Fatalf("requirement TransactionalDDL is not met, so CREATE TABLE commits implicitly, but after ROLLBACK the table is gone")
	}
	s.wantTable(t, tb, "1")
	t.Log("requirement TransactionalDDL is not met: the DDL committed implicitly and survived the ROLLBACK, as documented")
}
