package sql_test

import (
	"database/sql/driver"
	"errors"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The fixtures of SQLAlchemy's compiler tests (compile_fixtures.json):
// table1 = mytable(myid, name, description), table2 =
// myothertable(otherid, othername).
var (
	table1 = sql.NewTable("mytable",
		sql.NewColumn("myid", types.Integer{}),
		sql.NewColumn("name", types.String{}),
		sql.NewColumn("description", types.String{}),
	)
	table2 = sql.NewTable("myothertable",
		sql.NewColumn("otherid", types.Integer{}),
		sql.NewColumn("othername", types.String{}),
	)
	// op is test_operators.py's table "op" with one column "field".
	opTable = sql.NewTable("op", sql.NewColumn("field", types.Integer{}))
)

// col is SQLAlchemy's column(name, type): a column of no table.
func col(name string, t ...types.Type) *sql.Column {
	if len(t) > 0 {
		return sql.NewColumn(name, t[0])
	}
	return sql.NewColumn(name, nil)
}

// testDialect is a dialect made from dialect.Base for one paramstyle,
// with Generic's features, quoting and reserved words.
type testDialect struct {
	dialect.Base
	hooks *sql.Hooks
}

func (d *testDialect) SQLHooks() *sql.Hooks { return d.hooks }

func (d *testDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, dialect.ErrNotSupported
}

func newTestDialect(name string, style dialect.Paramstyle, edit func(f *dialect.Features)) *testDialect {
	d := &testDialect{Base: dialect.Base{
		DialectName:  name,
		Params:       style,
		QuoteOpen:    '"',
		QuoteClose:   '"',
		Reserved:     dialect.ReservedWords(dialect.StandardReserved),
		MaxIdentLen:  128,
		FeatureFlags: *dialect.Generic.Features(),
	}}
	if edit != nil {
		edit(&d.FeatureFlags)
	}
	return d
}

// Dialects for each paramstyle, and one with fewer features (no ILIKE,
// no boolean literals, no row values, no FILTER, no window functions).
var (
	qmark   = newTestDialect("qmark", dialect.Qmark, nil)
	dollar  = newTestDialect("dollar", dialect.Dollar, nil)
	numeric = newTestDialect("numeric", dialect.Numeric, nil)
	atp     = newTestDialect("atp", dialect.AtP, nil)
	plain   = newTestDialect("plain", dialect.Qmark, func(f *dialect.Features) {
		f.NativeILike = false
		f.NativeBoolean = false
		f.TupleIn = false
		f.TupleComparison = false
		f.AggregateFilter = false
		f.WindowFunctions = false
	})
)

// compileCase is one compiler test: a statement, a dialect (nil for
// Generic), the exact SQL, and the exact parameters: sql.Params by name
// for the named style, []any in order for positional styles, nil for
// none.
type compileCase struct {
	name   string
	stmt   sql.Element
	d      dialect.Dialect
	sql    string
	params any
}

func runCompileCases(t *testing.T, cases []compileCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			assertCompile(t, tc.stmt, tc.d, tc.sql, tc.params)
		})
	}
}

// assertCompile checks the SQL and parameters a statement compiles to.
func assertCompile(t *testing.T, stmt sql.Element, d dialect.Dialect, wantSQL string, wantParams any) {
	t.Helper()
	if d == nil {
		d = dialect.Generic
	}
	c, err := sql.Compile(stmt, d)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if c.SQL != wantSQL {
		t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, wantSQL)
	}
	if wantParams == nil {
		if len(c.Params) != 0 {
			t.Errorf("params: got %d, want none", len(c.Params))
		}
		return
	}
	_, args, err := c.Bind(sql.BindsOf(stmt), nil)
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	var got any = args
	if named, ok := wantParams.(sql.Params); ok {
		m := sql.Params{}
		for i, p := range c.Params {
			m[p.Name] = args[i]
		}
		got = m
		wantParams = named
	}
	if !reflect.DeepEqual(got, wantParams) {
		t.Errorf("params\n got: %#v\nwant: %#v", got, wantParams)
	}
}

// compileErr compiles a statement that must fail, and returns the error.
func compileErr(t *testing.T, stmt sql.Element, d dialect.Dialect) error {
	t.Helper()
	if d == nil {
		d = dialect.Generic
	}
	c, err := sql.Compile(stmt, d)
	if err == nil {
		t.Fatalf("compiled to %q; want an error", c.SQL)
	}
	if !errors.Is(err, sql.ErrCompile) {
		t.Errorf("error %v does not match ErrCompile", err)
	}
	return err
}
