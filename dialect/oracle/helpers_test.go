package oracle_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// checkReturning compiles a statement with RETURNING ... INTO: its SQL,
// the values of its input parameters, the names of its output ones, and
// that binding it for execution fails with ErrNotSupported.
func checkReturning(t *testing.T, stmt sql.Element, wantSQL string, wantIn []any, wantOut []string) {
	t.Helper()
	key := sql.NewCacheKey(stmt, true)
	defer key.Release()
	c, err := sql.Compile(stmt, modern)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if c.SQL != wantSQL {
		t.Fatalf("SQL\n got: %s\nwant: %s", c.SQL, wantSQL)
	}
	var in []any
	var out []string
	for i, p := range c.Params {
		if p.Out {
			out = append(out, p.Name)
			continue
		}
		v, err := c.Value(i, key.Binds(), nil)
		if err != nil {
			t.Fatalf("parameter %d: %v", i, err)
		}
		in = append(in, v)
	}
	if !reflect.DeepEqual(in, wantIn) || !reflect.DeepEqual(out, wantOut) {
		t.Fatalf("parameters: got in %#v out %v, want in %#v out %v", in, out, wantIn, wantOut)
	}
	if !c.Returns || len(c.Columns) != len(wantOut) {
		t.Fatalf("result: Returns %v with %d columns, want %d", c.Returns, len(c.Columns), len(wantOut))
	}
	if _, _, err := c.Bind(key.Binds(), nil); !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("binding for execution: got %v, want ErrNotSupported", err)
	}
}
