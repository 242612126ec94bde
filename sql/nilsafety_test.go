package sql_test

import (
	"context"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// Bad input gives errors, never a panic.
func TestNilInputsDoNotPanic(t *testing.T) {
	var nilCol *sql.Column
	md := sql.NewMetaData(nil)
	tbl := md.Table("t", nilCol, nil, sql.NewColumn("a", integer, nil), (*sql.Index)(nil), sql.CheckExpr(nil))
	if !errors.Is(tbl.Err(), sql.ErrArgument) {
		t.Fatalf("CheckExpr(nil): %v", tbl.Err())
	}
	stmts := []sql.Element{
		sql.NewCreateTable(nil), sql.NewDropTable(nil), sql.NewCreateIndex(nil), sql.NewDropIndex(nil),
		sql.NewAddConstraint(nil), sql.NewDropConstraint(nil), &sql.SetTableComment{}, &sql.SetColumnComment{},
		sql.NewCreateIndex(sql.IndexOn("")), sql.NewAddConstraint(sql.UniqueOn(nil)),
		sql.NewInsert(nil), sql.NewInsert(nil).Set(sql.Assignment{}), sql.NewInsert(nil).FromSelect(nil, nil),
		sql.NewInsert(nil).WithParamKeys([]string{"a"}), sql.NewInsert(nil).Returning(nil),
		sql.NewUpdate(nil), sql.NewUpdate(nil).Set(sql.Assignment{Value: 1}), sql.NewUpdate(nil).WithParamKeys([]string{"a"}),
		sql.NewDelete(nil), sql.NewDelete(nil).Returning(nil),
		sql.NewCreateIndex(sql.NewIndex("ix", sql.NewTable("x").C("nope"))),
	}
	for i, st := range stmts {
		if _, err := sql.Compile(st, dialect.Generic); err == nil {
			t.Errorf("%d (%T): compiled", i, st)
		}
	}
	if err := md.CreateAll(context.Background(), nil); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("CreateAll(nil): %v", err)
	}
	if err := md.DropAll(context.Background(), nil); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("DropAll(nil): %v", err)
	}
	if err := md.CreateAll(context.Background(), newRecorder(dialect.Generic), sql.CreateOptions{Tables: []*sql.Table{nil}}); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("CreateAll of nil table: %v", err)
	}
}
