// Package sqltest holds the helpers of Athanor's compiler tests: a
// statement, a dialect, the exact SQL and the exact parameters.
package sqltest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// Case is one compiler test.
type Case struct {
	Name    string
	Stmt    sql.Element
	Dialect dialect.Dialect // nil: dialect.Generic
	SQL     string
	// Params are the parameters the statement binds: sql.Params by name
	// for a named paramstyle, []any in order for a positional one; nil
	// for none.
	Params any
	// Exec are parameters given at execution.
	Exec sql.Params
	// Err, when set, is the error compiling must fail with (errors.Is).
	Err error
}

// Bind compiles stmt for d and binds its values, as the engine does.
func Bind(stmt sql.Element, d dialect.Dialect, exec ...sql.Params) (string, []any, *sql.Compiled, error) {
	key := sql.NewCacheKey(stmt, false)
	defer key.Release()
	c, err := sql.Compile(stmt, d)
	if err != nil {
		return "", nil, nil, err
	}
	var params sql.Params
	if len(exec) > 0 {
		params = exec[0]
	}
	text, args, err := c.Bind(key.Binds(), params)
	return text, args, c, err
}

// Run runs the cases as subtests.
func Run(t *testing.T, cases []Case) {
	t.Helper()
	for i, tc := range cases {
		name := tc.Name
		if name == "" {
			name = fmt.Sprint(i)
		}
		t.Run(name, func(t *testing.T) {
			t.Helper()
			Check(t, tc)
		})
	}
}

// Check runs one case.
func Check(t testing.TB, tc Case) {
	t.Helper()
	d := tc.Dialect
	if d == nil {
		d = dialect.Generic
	}
	text, args, compiled, err := Bind(tc.Stmt, d, tc.Exec)
	if tc.Err != nil {
		if !errors.Is(err, tc.Err) {
			t.Fatalf("got error %v (SQL %q), want %v", err, text, tc.Err)
		}
		return
	}
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if text != tc.SQL {
		t.Fatalf("SQL\n got: %s\nwant: %s", text, tc.SQL)
	}
	switch want := tc.Params.(type) {
	case nil:
		if len(args) != 0 {
			t.Fatalf("params: got %v, want none", args)
		}
	case sql.Params:
		got := sql.Params{}
		for i, p := range compiled.Params {
			got[p.Name] = args[i]
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("params\n got: %#v\nwant: %#v", got, want)
		}
	case []any:
		if !reflect.DeepEqual(args, want) {
			t.Fatalf("params\n got: %#v\nwant: %#v", args, want)
		}
	default:
		t.Fatalf("Params must be sql.Params or []any, not %T", tc.Params)
	}
}
