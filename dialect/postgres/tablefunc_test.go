package postgres_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Table-valued and column-valued functions on the server.
func TestTableValuedLive(t *testing.T) {
	eng := newEngine(t)
	// Parameters of an overloaded function take a cast.
	one, three := sql.NewCast(sql.Literal(1), types.Integer{}), sql.NewCast(sql.Literal(3), types.Integer{})
	// A function of one column, named after its alias.
	series := sql.Func("generate_series", one, three).Typed(types.Integer{}).ColumnValued()
	if got := firstColumn(t, eng, sql.NewSelect(series).Where(series.Gt(1)).OrderBy(series)); got != "[2 3]" {
		t.Errorf("generate_series: %s", got)
	}
	words := sql.Func("unnest", postgres.NewArray("b", "a")).ColumnValued()
	if got := firstColumn(t, eng, sql.NewSelect(words).OrderBy(words)); got != "[a b]" {
		t.Errorf("unnest: %s", got)
	}
	kv := sql.Func("json_each_text", sql.NewCast(sql.Literal(`{"a": "1", "b": "2"}`), types.Text{}).Cast(types.JSON{})).TableValued("key", "value")
	if got := firstColumn(t, eng, sql.NewSelect(kv.C("value")).Where(kv.C("key").Eq("b"))); got != "[2]" {
		t.Errorf("json_each_text: %s", got)
	}
}
