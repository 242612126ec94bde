package engine_test

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// Server-side cursors are the dialect's; SQLite has none. (Streaming is
// tested live in dialect/postgres.)
func TestStreamNotSupported(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	err = eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Stream(ctx, sql.NewSelect(sql.Literal(1)), 10)
		return err
	})
	if !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("Stream on SQLite: %v", err)
	}
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if _, err := tx.Stream(ctx, sql.NewSelect(sql.Literal(1)), 10); !errors.Is(err, engine.ErrClosed) {
		t.Fatalf("Stream on an ended transaction: %v", err)
	}
	if ok, err := conn.HasObject(ctx, dialect.ObjectSequence, "", "s"); !errors.Is(err, dialect.ErrNotSupported) || ok {
		t.Fatalf("HasObject on SQLite: %v %v", ok, err)
	}
	if ok, err := eng.HasObject(ctx, dialect.ObjectType, "", "t"); !errors.Is(err, dialect.ErrNotSupported) || ok {
		t.Fatalf("Engine.HasObject on SQLite: %v %v", ok, err)
	}
}
