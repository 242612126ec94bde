package athanor_test

import (
	"context"
	"errors"
	"testing"

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
