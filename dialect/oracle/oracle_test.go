package oracle_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"

	"github.com/sijms/go-ora/v2/network"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
)

func TestRegistered(t *testing.T) {
	t.Parallel()
	d, err := dialect.Lookup("oracle")
	if err != nil {
		t.Fatal(err)
	}
	o, ok := d.(*oracle.Dialect)
	if !ok || o.Name() != "oracle" || o.Paramstyle() != dialect.Numeric || o.Version() != oracle.DefaultVersion {
		t.Fatalf("got %T %v", d, d)
	}
}

// TestNeedsQuote follows SQLAlchemy's OracleIdentifierPreparer: lower
// case is case-insensitive and unquoted; upper case, reserved words,
// other characters and a leading digit, '_' or '$' are quoted.
func TestNeedsQuote(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]bool{
		"mytable": false, "my_table2": false, "t$x": false, "a": false,
		"MyTable": true, "MYTABLE": true, "x Y": true, "sum(abc)": true, "": true,
		"_private": true, "$x": true, "1abc": true, "élan": true,
		"order": true, "ORDER": true, "number": true, "varchar2": true, "minus": true, "level": true, "uid": true,
		"comment": true, "user": true, "size": true,
		"limit": false, "offset": false, "returning": false, "value": false, // not reserved on Oracle
	} {
		if got := modern.NeedsQuote(name); got != want {
			t.Errorf("NeedsQuote(%q) = %v, want %v", name, got, want)
		}
	}
	if got := dialect.Quote(modern, `say "hi"`); got != `"say ""hi"""` {
		t.Errorf("quote escaping: %s", got)
	}
	run(t, []sqltest.Case{
		{Name: "quoted names", Stmt: sql.NewSelect(sql.NewTable("User", sql.NewColumn("Name", nil), sql.NewColumn("level", nil))),
			SQL: `SELECT "User"."Name", "User"."level" FROM "User"`},
		{Name: "case-insensitive names", Stmt: sql.NewSelect(sql.NewTable("user_account", sql.NewColumn("id", nil))),
			SQL: `SELECT user_account.id FROM user_account`},
	})
}

func TestVersions(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		text string
		want oracle.Version
	}{
		{"19.0.0.0.0", oracle.Version{Major: 19}},
		{"12.2.0.1.0", oracle.Version{Major: 12, Minor: 2}},
		{" 23.4 ", oracle.Version{Major: 23, Minor: 4}},
		{"11", oracle.Version{Major: 11}},
	} {
		got, err := oracle.ParseVersion(tc.text)
		if err != nil || got != tc.want {
			t.Errorf("ParseVersion(%q) = %v, %v", tc.text, got, err)
		}
	}
	for _, bad := range []string{"", "x.1", "0.1", "19.x", "-1"} {
		if _, err := oracle.ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) accepted", bad)
		}
	}
	if s := (oracle.Version{Major: 12, Minor: 2}).String(); s != "12.2" {
		t.Errorf("String: %s", s)
	}
	for _, tc := range []struct {
		v                                              oracle.Version
		identity, intersectAll, boolean, json, lateral bool
		maxIdent                                       int
	}{
		{oracle.Version{Major: 11, Minor: 2}, false, false, false, false, false, 30},
		{oracle.Version{Major: 12, Minor: 1}, true, false, false, false, true, 30},
		{oracle.Version{Major: 12, Minor: 2}, true, false, false, false, true, 128},
		{oracle.Version{Major: 19}, true, false, false, false, true, 128},
		{oracle.Version{Major: 21}, true, true, false, true, true, 128},
		{oracle.Version{Major: 23}, true, true, true, true, true, 128},
	} {
		d := oracle.New(oracle.Options{Version: tc.v})
		f := d.Features()
		if f.Identity != tc.identity || f.IntersectAll != tc.intersectAll || f.NativeBoolean != tc.boolean ||
			f.BooleanExpressions != tc.boolean || f.NativeJSON != tc.json || f.Lateral != tc.lateral || d.MaxIdentifierLength() != tc.maxIdent {
			t.Errorf("%v: features %+v, max identifier %d", tc.v, *f, d.MaxIdentifierLength())
		}
		if !f.InsertReturning || f.ImplicitReturning || f.LastInsertID || f.MultiValuesInsert || f.DefaultValues ||
			f.UpdateFrom || f.TransactionalDDL || !f.Savepoints || !f.Sequences || f.NativeUUID || f.AggregateFilter {
			t.Errorf("%v: fixed features %+v", tc.v, *f)
		}
	}
	d := oracle.New(oracle.Options{RownumLimits: true}).WithVersion(oracle.Version{Major: 21})
	if d.Version().Major != 21 || !d.Options().RownumLimits {
		t.Errorf("WithVersion keeps the options: %v %+v", d.Version(), d.Options())
	}
}

// queryer answers one query with fixed rows, or an error.
type queryer struct {
	rows  [][]any
	err   error
	query string
	args  []any
}

func (q *queryer) QueryContext(_ context.Context, query string, args []any, fn func([]any) error) error {
	q.query, q.args = query, args
	if q.err != nil {
		return q.err
	}
	for _, r := range q.rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

func TestDetectVersion(t *testing.T) {
	t.Parallel()
	base := oracle.New(oracle.Options{OptimizeLimits: true})
	q := &queryer{rows: [][]any{{"11.2.0.4.0"}}}
	got, err := base.DetectVersion(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	d := got.(*oracle.Dialect)
	if d.Version() != (oracle.Version{Major: 11, Minor: 2}) || !d.Options().OptimizeLimits || d.MaxIdentifierLength() != 30 {
		t.Fatalf("detected %v %+v", d.Version(), d.Options())
	}
	if !strings.Contains(q.query, "product_component_version") {
		t.Errorf("query %s", q.query)
	}
	c, err := sql.Compile(sql.NewSelect(some).Limit(3), d)
	if err != nil || !strings.Contains(c.SQL, "ROWNUM <= 3") {
		t.Errorf("an 11g server gets ROWNUM limits: %v %v", c, err)
	}
	if got, err := base.DetectVersion(context.Background(), &queryer{rows: [][]any{{[]byte("23.5.0.24.7")}}}); err != nil || got.(*oracle.Dialect).Version().Major != 23 {
		t.Errorf("bytes: %v %v", got, err)
	}
	boom := errors.New("boom")
	for _, q := range []*queryer{{err: boom}, {}, {rows: [][]any{{"banner"}}}, {rows: [][]any{{42}}}} {
		if _, err := base.DetectVersion(context.Background(), q); err == nil {
			t.Errorf("%+v: no error", q)
		}
	}
}

func TestHasTable(t *testing.T) {
	t.Parallel()
	q := &queryer{rows: [][]any{{1}}}
	found, err := modern.HasTable(context.Background(), q, "", "user_account")
	if err != nil || !found || q.query != "SELECT 1 FROM user_tables WHERE table_name = :1" || fmt.Sprint(q.args) != "[USER_ACCOUNT]" {
		t.Fatalf("%v %v %s %v", found, err, q.query, q.args)
	}
	q = &queryer{}
	found, err = modern.HasTable(context.Background(), q, "Sales", "orders")
	if err != nil || found || q.query != "SELECT 1 FROM all_tables WHERE table_name = :1 AND owner = :2" || fmt.Sprint(q.args) != "[ORDERS Sales]" {
		t.Fatalf("%v %v %s %v", found, err, q.query, q.args)
	}
}

func TestSavepointSQL(t *testing.T) {
	t.Parallel()
	for op, want := range map[dialect.SavepointStep]string{
		dialect.SavepointSet:      "SAVEPOINT sa_savepoint_1",
		dialect.SavepointRollback: "ROLLBACK TO SAVEPOINT sa_savepoint_1",
		dialect.SavepointRelease:  "",
	} {
		if got := dialect.SavepointSQL(modern, op, "sa_savepoint_1"); got != want {
			t.Errorf("%v: %q, want %q", op, got, want)
		}
	}
	if got := dialect.SavepointSQL(modern, dialect.SavepointSet, "_sp"); got != `SAVEPOINT "_sp"` {
		t.Errorf("quoted name: %s", got)
	}
}

func TestClassifyError(t *testing.T) {
	t.Parallel()
	ora := func(code int) error { return &network.OracleError{ErrCode: code} }
	for _, tc := range []struct {
		err  error
		want dialect.ErrorKind
	}{
		{ora(1), dialect.KindIntegrity},    // unique constraint violated
		{ora(1400), dialect.KindIntegrity}, // cannot insert NULL
		{ora(1407), dialect.KindIntegrity}, // cannot update to NULL
		{ora(2290), dialect.KindIntegrity}, // check constraint violated
		{ora(2291), dialect.KindIntegrity}, // parent key not found
		{ora(2292), dialect.KindIntegrity}, // child record found
		{ora(942), dialect.KindProgramming},
		{ora(904), dialect.KindProgramming},
		{ora(933), dialect.KindProgramming},
		{ora(1008), dialect.KindProgramming},
		{ora(2289), dialect.KindProgramming},
		{ora(6550), dialect.KindProgramming},
		{ora(1722), dialect.KindData},
		{ora(1438), dialect.KindData},
		{ora(12899), dialect.KindData},
		{ora(1476), dialect.KindData},
		{ora(1843), dialect.KindData},
		{ora(60), dialect.KindOperational}, // deadlock
		{ora(54), dialect.KindOperational}, // resource busy, NOWAIT
		{ora(30006), dialect.KindOperational},
		{ora(1013), dialect.KindOperational},
		{ora(8177), dialect.KindOperational},
		{ora(3113), dialect.KindOperational},
		{ora(12541), dialect.KindOperational},
		{ora(1017), dialect.KindOperational},
		{ora(600), dialect.KindInternal},
		{ora(7445), dialect.KindInternal},
		{ora(3001), dialect.KindNotSupported},
		{ora(20001), dialect.KindDatabase}, // RAISE_APPLICATION_ERROR
		{fmt.Errorf("insert: %w", ora(1)), dialect.KindIntegrity},
		{&network.OracleError{ErrCode: 947, ErrMsg: "ORA-00947: Not enough values"}, dialect.KindProgramming},
		{&net.OpError{Op: "dial", Err: errors.New("refused")}, dialect.KindOperational},
		{network.ErrConnReset, dialect.KindOperational},
		{errors.New("ORA-00001: not a driver error"), dialect.KindUnknown},
		{nil, dialect.KindUnknown},
	} {
		if got := modern.ClassifyError(tc.err); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.err, got, tc.want)
		}
	}
}
