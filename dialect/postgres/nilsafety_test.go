package postgres_test

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Nil and empty input gives errors at compile, never a panic.
func TestNilInput(t *testing.T) {
	users := sql.NewTable("users", sql.NewColumn("id", types.Integer{}))
	stmts := []sql.Element{
		postgres.Insert(nil).Values(sql.Values{"id": 1}),
		postgres.Insert(nil).OnConflictDoNothing(postgres.On("id")),
		postgres.Insert(nil).OnConflictDoUpdate(postgres.On("id"), sql.Values{"id": 1}),
		postgres.Insert(users).Values(sql.Values{"id": 1}).OnConflictDoUpdate(postgres.On(nil), sql.Values{"id": 1}),
		postgres.Insert(users).OnConflictDoNothing(postgres.On("id").Where(nil)),
		postgres.ArrayOps(nil).Contains(nil),
		postgres.ArrayOps(nil).Index(nil),
		postgres.ArrayOps(users.C("id")).Slice(nil, nil),
		postgres.Any(nil),
		postgres.NewArray(nil).ItemType(nil),
		postgres.JSONOps(nil).Contains(nil),
		postgres.JSONOps(users.C("id")).Path(),
		postgres.AggregateOrderBy(nil, nil),
		postgres.NewCreateEnumType(types.Enum{}, ""),
		&postgres.DropEnumType{},
		sql.NewCreateSequence(nil),
		sql.NewDropSequence(nil),
	}
	for i, st := range stmts {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("statement %d panicked: %v", i, r)
				}
			}()
			sql.Compile(st, pg)
			sql.DebugSQL(st, pg)
			k := sql.NewCacheKey(st, false)
			k.Release()
		}()
	}
	if _, err := postgres.ConnConfig(nil); !errors.Is(err, dialect.ErrInvalidURL) {
		t.Fatalf("ConnConfig(nil): %v", err)
	}
	if _, err := pg.TypeName(nil); err == nil {
		t.Fatal("TypeName(nil): no error")
	}
	if got := pg.AdaptType(nil); got != nil {
		t.Fatalf("AdaptType(nil) = %v", got)
	}
}
