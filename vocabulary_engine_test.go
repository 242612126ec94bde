package athanor_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	sa "github.com/athanordb/athanor"
)

// TestEngineVocabulary uses the engine through the root package.
func TestEngineVocabulary(t *testing.T) {
	ctx := context.Background()
	u, err := sa.ParseURL("sqlite:///:memory:")
	if err != nil || u.Database != ":memory:" {
		t.Fatal(u, err)
	}
	if _, err := sa.ParseURL("nope"); !errors.Is(err, sa.ErrInvalidURL) {
		t.Errorf("ParseURL: %v", err)
	}
	var steps []sa.TxOp
	eng, err := sa.CreateEngine(u.Render(false), sa.OnExecute(sa.Listener{
		Transaction: func(_ context.Context, ev *sa.TxEvent) { steps = append(steps, ev.Op) },
	}), sa.PoolIdleTimeout(0))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	md := sa.NewMetaData()
	users := md.Table("users", sa.Column("id", sa.Integer, sa.PrimaryKey()), sa.Column("name", sa.String(20)))
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	err = eng.Begin(ctx, func(tx *sa.Tx) error {
		_, err := tx.Execute(ctx, users.Insert(), sa.Params{"name": "a"})
		return err
	})
	if err != nil || len(steps) != 2 || steps[0] != sa.TxBegin || steps[1] != sa.TxCommit {
		t.Fatalf("steps %v, %v", steps, err)
	}
	res, err := eng.Execute(ctx, sa.Select(users.C("id"), users.C("name")))
	if err != nil {
		t.Fatal(err)
	}
	for row, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		type U struct {
			ID   int
			Name string
		}
		if u, err := sa.ScanRow[U](row); err != nil || u.Name != "a" {
			t.Errorf("ScanRow = %+v, %v", u, err)
		}
	}
	if _, err := res.All(); !errors.Is(err, sa.ErrResultClosed) && err != nil {
		t.Errorf("All after the end: %v", err)
	}
	res, _ = eng.Execute(ctx, users.Delete())
	if _, err := res.InsertedPrimaryKey(); !errors.Is(err, sa.ErrNotSingleInsert) {
		t.Errorf("InsertedPrimaryKey: %v", err)
	}
	if _, err := res.All(); !errors.Is(err, sa.ErrNoRows) {
		t.Errorf("All of a DELETE: %v", err)
	}
}

// The pool vocabulary reaches the engine's: a checkout that waits past
// PoolTimeout fails with sa.ErrPoolTimeout, and the events and stats
// types are the engine's.
func TestPoolVocabulary(t *testing.T) {
	ctx := context.Background()
	var checkouts atomic.Int64
	eng, err := sa.CreateEngine("sqlite:///"+filepath.Join(t.TempDir(), "v.db"),
		sa.PoolSize(1), sa.MaxOverflow(0), sa.PoolTimeout(50*time.Millisecond), sa.PoolPrePing(),
		sa.OnPool(sa.PoolListener{Checkout: func(sa.PoolEvent) { checkouts.Add(1) }}))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	held, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, err = eng.Connect(ctx)
	if !errors.Is(err, sa.ErrPoolTimeout) {
		t.Errorf("second checkout of a pool of 1: %v, want ErrPoolTimeout", err)
	}
	held.Close()
	var st sa.PoolStats = eng.PoolStats()
	if st.Timeouts != 1 || checkouts.Load() < 1 {
		t.Errorf("stats %+v, %d checkouts; want 1 timeout and a checkout event", st, checkouts.Load())
	}
	if _, err := sa.CreateEngine("sqlite://", sa.PoolTimeout(-time.Second)); !errors.Is(err, sa.ErrPoolSettings) {
		t.Errorf("negative timeout: %v, want ErrPoolSettings", err)
	}
}
