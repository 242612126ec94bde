// Package scantest reads a statement's rows into structs with each of the
// engine's readers, so that tests can check they agree: the plan reader
// (ScanAll, Each, ScanFirst on streamed rows) and the reflective reader
// of Row values (ScanRow).
package scantest

import (
	"context"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// Readings are st's rows read into Ts by each reader.
type Readings[T any] struct {
	All, Each, Rows []T
	First           T
}

// Read executes st four times and reads it with each reader, failing the
// test on an error or when the statement returns no row.
func Read[T any](t testing.TB, eng *engine.Engine, st sql.Element) Readings[T] {
	t.Helper()
	ctx := context.Background()
	var r Readings[T]
	var err error
	if r.All, err = engine.ScanAll[T](eng.Execute(ctx, st)); err != nil {
		t.Fatalf("ScanAll[%T]: %v", r.First, err)
	}
	for v, err := range engine.Each[T](eng.Execute(ctx, st)) {
		if err != nil {
			t.Fatalf("Each[%T]: %v", r.First, err)
		}
		r.Each = append(r.Each, v)
	}
	res, err := eng.Execute(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for row, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		v, err := engine.ScanRow[T](row)
		if err != nil {
			t.Fatalf("ScanRow[%T]: %v", r.First, err)
		}
		r.Rows = append(r.Rows, v)
	}
	var ok bool
	if r.First, ok, err = engine.ScanFirst[T](eng.Execute(ctx, st)); err != nil || !ok {
		t.Fatalf("ScanFirst[%T]: %v %v", r.First, ok, err)
	}
	if len(r.Rows) == 0 {
		t.Fatalf("%T: no rows", r.First)
	}
	return r
}

// Check fails the test unless every reading equals want, read through
// Row values (want.Rows; want.Rows[0] for First).
func (r Readings[T]) Check(t testing.TB, name string, want Readings[T]) {
	t.Helper()
	for _, got := range []struct {
		reader string
		v      any
		want   any
	}{{"ScanAll", r.All, want.Rows}, {"Each", r.Each, want.Rows}, {"ScanRow", r.Rows, want.Rows}, {"ScanFirst", r.First, want.Rows[0]}} {
		if !reflect.DeepEqual(got.v, got.want) {
			t.Errorf("%s, %s[%T] differs:\n got  %+v\n want %+v", name, got.reader, r.First, got.v, got.want)
		}
	}
}
