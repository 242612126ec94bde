package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sqlite "modernc.org/sqlite"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestDatabaseErrors checks SQLite's errors against the DBAPI kinds: each
// wraps the driver's error and carries the statement and parameters.
func TestDatabaseErrors(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a")
	u, e := s.users, s.emails
	tests := []struct {
		name   string
		stmt   sql.Element
		kind   error
		inText string
	}{
		{"unique", u.Insert().Values(sql.Values{"name": "a"}), dialect.ErrIntegrity, "UNIQUE constraint failed"},
		{"primary key", u.Insert().Values(sql.Values{"id": 1, "name": "z"}), dialect.ErrIntegrity, "UNIQUE constraint failed"},
		{"not null", u.Insert().Values(sql.Values{"name": nil}), dialect.ErrIntegrity, "NOT NULL constraint failed"},
		{"foreign key", e.Insert().Values(sql.Values{"user_id": 99, "address": "x"}), dialect.ErrIntegrity, "FOREIGN KEY constraint failed"},
		{"check", u.Insert().Values(sql.Values{"name": "n", "age": -1}), dialect.ErrIntegrity, "CHECK constraint failed"},
		{"syntax", sql.Text("SELEC 1"), dialect.ErrProgramming, "syntax error"},
		{"unknown table", sql.Text("SELECT * FROM nope"), dialect.ErrProgramming, "no such table"},
		{"unknown column", sql.Text("SELECT nope FROM users"), dialect.ErrProgramming, "no such column"},
		{"too big", sql.Text("SELECT zeroblob(2000000000)"), dialect.ErrData, "too big"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Execute(ctx, tt.stmt)
			if !errors.Is(err, tt.kind) || !errors.Is(err, dialect.ErrDBAPI) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			for _, other := range []error{dialect.ErrIntegrity, dialect.ErrProgramming, dialect.ErrOperational, dialect.ErrData} {
				if other != tt.kind && errors.Is(err, other) {
					t.Errorf("%v also matches %v", err, other)
				}
			}
			var dbErr *engine.Error
			if !errors.As(err, &dbErr) {
				t.Fatalf("%T is not *engine.Error", err)
			}
			var se *sqlite.Error
			if !errors.As(err, &se) {
				t.Errorf("errors.As does not reach *sqlite.Error in %v", err)
			}
			if !strings.Contains(err.Error(), tt.inText) || !strings.Contains(err.Error(), "[SQL: ") || dbErr.SQL == "" {
				t.Errorf("message %q", err)
			}
		})
	}
	// Parameters are kept and shown.
	_, err := eng.Execute(ctx, u.Insert().Values(sql.Values{"name": "a", "fullname": "it's"}))
	var dbErr *engine.Error
	if !errors.As(err, &dbErr) || len(dbErr.Params) != 2 || !strings.Contains(err.Error(), `[parameters: ('a', 'it''s')]`) {
		t.Errorf("error %v: params %v", err, dbErr)
	}
	// A failed statement changed nothing.
	if n := count(t, eng, u); n != 1 {
		t.Errorf("count = %d", n)
	}
}

// TestCompileErrorsFromExecute checks that statements that cannot be
// compiled fail with errors, not panics.
func TestCompileErrorsFromExecute(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	u := s.users
	md := sql.NewMetaData()
	people := md.Table("people", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	links := md.Table("links",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("a", types.Integer{}, sql.References("people.id")),
		sql.NewColumn("b", types.Integer{}, sql.References("people.id")),
	)
	tests := []struct {
		name string
		stmt sql.Element
		want error
	}{
		{"unknown column", sql.NewSelect(u.C("nope")), sql.ErrNoSuchColumn},
		{"unknown column in where", sql.NewSelect(u.C("id")).Where(u.C("nope").Eq(1)), sql.ErrNoSuchColumn},
		{"unknown column in update", u.Update().Values(sql.Values{"nope": 1}), sql.ErrNoSuchColumn},
		{"ambiguous join", sql.NewSelect(people.C("id")).SelectFrom(people.Join(links)), sql.ErrAmbiguousJoin},
		{"no foreign key", sql.NewSelect(people.C("id")).SelectFrom(people.Join(u)), sql.ErrNoForeignKeys},
		{"missing parameter", sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.Bind("who"))), sql.ErrMissingParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := eng.Execute(ctx, tt.stmt)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want != sql.ErrMissingParameter && !errors.Is(err, sql.ErrCompile) {
				t.Errorf("%v does not match ErrCompile", err)
			}
			if errors.Is(err, dialect.ErrDBAPI) {
				t.Errorf("%v matches ErrDBAPI", err)
			}
		})
	}
	_, err := eng.ExecuteMany(ctx, u.Insert(), []sql.Params{{"nope": 1}})
	if !errors.Is(err, sql.ErrCompile) {
		t.Errorf("ExecuteMany: %v", err)
	}
}

func TestContextCancelled(t *testing.T) {
	eng, s := newEngine(t, "sqlite://")
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := eng.Execute(cancelled, sql.NewSelect(s.users.C("id"))); !errors.Is(err, context.Canceled) {
		t.Errorf("Execute: %v", err)
	}
	if err := eng.Begin(cancelled, func(*engine.Tx) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Begin: %v", err)
	}
	if _, err := eng.ExecuteMany(cancelled, s.users.Insert(), []sql.Params{{"name": "x"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("ExecuteMany: %v", err)
	}

	// A long query interrupted by its deadline.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := eng.Execute(ctx, sql.Text(`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c)
		SELECT count(*) FROM c WHERE x < 0`))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("long query: %v", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the query ran %v after its deadline", time.Since(start))
	}
	// The engine is usable afterwards.
	if n := count(t, eng, s.users); n != 0 {
		t.Errorf("count = %d", n)
	}
}

// TestCancelDuringRows cancels a context while its rows are read.
func TestCancelDuringRows(t *testing.T) {
	eng, s := newEngine(t, "file")
	insertUsers(t, eng, s, "a", "b", "c")
	ctx, cancel := context.WithCancel(context.Background())
	res, err := eng.Execute(ctx, sql.NewSelect(s.users.C("name")))
	if err != nil {
		t.Fatal(err)
	}
	if !res.Next() {
		t.Fatal(res.Err())
	}
	cancel()
	for res.Next() {
		time.Sleep(time.Millisecond)
	}
	if err := res.Err(); err != nil && !errors.Is(err, context.Canceled) {
		t.Errorf("Err = %v", err)
	}
}

func TestStatementError(t *testing.T) {
	eng, _ := newEngine(t, "sqlite://")
	// A value the driver cannot take is not a database error, but names
	// the statement.
	_, err := eng.Execute(context.Background(), sql.Text("SELECT :v"), sql.Params{"v": struct{}{}})
	var se *engine.StatementError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "[SQL: SELECT ?]") || errors.Is(err, dialect.ErrDBAPI) {
		t.Errorf("err = %#v", err)
	}
}

// TestInterruptMatchesContext has the driver report a cancelled statement
// in its own terms: the error still matches context.Canceled.
func TestInterruptMatchesContext(t *testing.T) {
	eng, s, f := newFaultEngine(t, "file")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interrupted := errors.New("interrupted")
	f.set(func(f *faults) {
		f.queryHook = func(context.Context) error { cancel(); return interrupted }
	})
	_, err := eng.Execute(ctx, sql.NewSelect(s.users.C("id")))
	if !errors.Is(err, context.Canceled) || !errors.Is(err, interrupted) {
		t.Errorf("err = %v", err)
	}
}
