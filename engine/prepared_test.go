package engine_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// sentLog records the SQL and arguments of each statement an engine
// executes.
type sentLog struct {
	mu   sync.Mutex
	sql  []string
	args [][]any
}

func (l *sentLog) listener() engine.Option {
	return engine.OnExecute(engine.Listener{BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
		if ev.Statement != nil {
			l.mu.Lock()
			l.sql = append(l.sql, ev.SQL)
			l.args = append(l.args, ev.Args)
			l.mu.Unlock()
		}
		return ctx
	}})
}

func (l *sentLog) last() (string, []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.sql[len(l.sql)-1], l.args[len(l.args)-1]
}

// TestPrepared: a prepared statement compiles once, then binds the values
// of its named parameters at each execution from the warm cache, on the
// engine, a Conn and a Tx.
func TestPrepared(t *testing.T) {
	ctx := context.Background()
	var log sentLog
	eng, s := newEngine(t, "sqlite://", log.listener())
	insertUsers(t, eng, s, "ann", "bob", "cy")
	byID := eng.Prepare(sql.NewSelect(s.users.C("name")).Where(s.users.C("id").Eq(sql.Bind("id"))))
	const wantSQL = "SELECT users.name FROM users WHERE users.id = ?"
	before := eng.CacheStats()
	for i, want := range []string{"ann", "bob", "cy", "ann"} {
		res, err := byID.Execute(ctx, sql.Params{"id": i%3 + 1})
		if err != nil {
			t.Fatal(err)
		}
		got, err := res.ScalarOne()
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("execution %d: got %v, want %s", i, got, want)
		}
		text, args := log.last()
		if text != wantSQL || fmt.Sprint(args) != fmt.Sprint([]any{int64(i%3 + 1)}) {
			t.Errorf("execution %d sent %q %v", i, text, args)
		}
	}
	after := eng.CacheStats()
	if misses, hits := after.Misses-before.Misses, after.Hits-before.Hits; misses != 1 || hits != 3 {
		t.Errorf("cache: %d misses and %d hits, want 1 and 3", misses, hits)
	}

	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	res, err := conn.Execute(ctx, byID, sql.Params{"id": 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := res.ScalarOne(); err != nil || got != "bob" {
		t.Errorf("on a Conn: %v, %v", got, err)
	}
	rename := eng.Prepare(sql.NewUpdate(s.users).Values(sql.Values{"name": sql.Bind("name")}).Where(s.users.C("id").Eq(sql.Bind("id"))))
	err = conn.Transaction(ctx, func(tx *engine.Tx) error {
		res, err := tx.Execute(ctx, rename, sql.Params{"id": 3, "name": "cyd"})
		if err != nil {
			return err
		}
		if n := res.RowsAffected(); n != 1 {
			t.Errorf("rows affected: %d", n)
		}
		return errors.New("roll back")
	})
	if err == nil || err.Error() != "roll back" {
		t.Fatal(err)
	}
	res, err = byID.Execute(ctx, sql.Params{"id": 3})
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := res.ScalarOne(); got != "cy" {
		t.Errorf("after the rollback: %v", got)
	}
	if _, err := rename.Execute(ctx, sql.Params{"id": 3, "name": "cyd"}); err != nil {
		t.Fatal(err)
	}
	if text, args := log.last(); text != "UPDATE users SET name=? WHERE users.id = ?" || fmt.Sprint(args) != fmt.Sprint([]any{"cyd", int64(3)}) {
		t.Errorf("update sent %q %v", text, args)
	}
}

// TestPreparedValued: an INSERT without values takes them from the
// parameters, keyed again when the set of names changes, and reports the
// inserted key.
func TestPreparedValued(t *testing.T) {
	ctx := context.Background()
	var log sentLog
	eng, s := newEngine(t, "sqlite://", log.listener())
	ins := eng.Prepare(sql.NewInsert(s.users))
	cases := []struct {
		params   sql.Params
		wantSQL  string
		wantArgs []any
	}{
		{sql.Params{"id": 1, "name": "ann"}, "INSERT INTO users (id, name) VALUES (?, ?)", []any{int64(1), "ann"}},
		{sql.Params{"id": 2, "name": "bob"}, "INSERT INTO users (id, name) VALUES (?, ?)", []any{int64(2), "bob"}},
		{sql.Params{"id": 3, "name": "cy", "age": 30}, "INSERT INTO users (id, name, age) VALUES (?, ?, ?)", []any{int64(3), "cy", int64(30)}},
		{sql.Params{"id": 4, "age": 40, "name": "di"}, "INSERT INTO users (id, name, age) VALUES (?, ?, ?)", []any{int64(4), "di", int64(40)}},
		{sql.Params{"id": 5, "name": "ed"}, "INSERT INTO users (id, name) VALUES (?, ?)", []any{int64(5), "ed"}},
	}
	for _, c := range cases {
		res, err := ins.Execute(ctx, c.params)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := res.InsertedPrimaryKey()
		if err != nil || len(pk) != 1 || fmt.Sprint(pk[0]) != fmt.Sprint(c.params["id"]) {
			t.Errorf("%v: inserted key %v, %v", c.params, pk, err)
		}
		if text, args := log.last(); text != c.wantSQL || fmt.Sprint(args) != fmt.Sprint(c.wantArgs) {
			t.Errorf("%v sent %q %v, want %q %v", c.params, text, args, c.wantSQL, c.wantArgs)
		}
	}
	ages, err := engine.ScanAll[struct {
		Name string
		Age  *int
	}](eng.Execute(ctx, sql.NewSelect(s.users.C("name"), s.users.C("age")).OrderBy(s.users.C("id"))))
	if err != nil {
		t.Fatal(err)
	}
	if len(ages) != 5 || ages[2].Age == nil || *ages[2].Age != 30 || ages[4].Age != nil {
		t.Errorf("rows: %+v", ages)
	}

	// A named parameter of the statement is not a column.
	upd := eng.Prepare(sql.NewUpdate(s.users).Where(s.users.C("id").Eq(sql.Bind("uid"))))
	if _, err := upd.Execute(ctx, sql.Params{"uid": 1, "age": 7}); err != nil {
		t.Fatal(err)
	}
	if text, args := log.last(); text != "UPDATE users SET age=? WHERE users.id = ?" || fmt.Sprint(args) != fmt.Sprint([]any{int64(7), int64(1)}) {
		t.Errorf("update sent %q %v", text, args)
	}

	// ExecuteMany takes a prepared statement too.
	res, err := eng.ExecuteMany(ctx, ins, []sql.Params{{"id": 6, "name": "fi"}, {"id": 7, "name": "gu"}})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.RowsAffected(); n != 2 {
		t.Errorf("ExecuteMany: %d rows", n)
	}
}

// TestPreparedErrors: errors are the statement's, typed, at execution.
func TestPreparedErrors(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	byID := eng.Prepare(sql.NewSelect(s.users.C("name")).Where(s.users.C("id").Eq(sql.Bind("id"))))
	if _, err := byID.Execute(ctx); !errors.Is(err, sql.ErrMissingParameter) {
		t.Errorf("no parameter: %v", err)
	}
	var nilSelect *sql.Select
	for _, p := range []*engine.Prepared{eng.Prepare(nil), eng.Prepare(nilSelect)} {
		if _, err := p.Execute(ctx); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("nil statement: %v", err)
		}
		if _, err := eng.ExecuteMany(ctx, p, []sql.Params{{}}); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("nil statement, ExecuteMany: %v", err)
		}
	}
	bad := eng.Prepare(sql.NewInsert(s.users).Values(sql.Values{"nope": 1}))
	if _, err := bad.Execute(ctx); !errors.Is(err, sql.ErrNoSuchColumn) {
		t.Errorf("bad statement: %v", err)
	}
	closed, _ := newEngine(t, "sqlite://")
	p := closed.Prepare(sql.NewSelect(s.users.C("id")))
	closed.Close()
	if _, err := p.Execute(ctx); !errors.Is(err, engine.ErrClosed) {
		t.Errorf("closed engine: %v", err)
	}
}

// TestPreparedOtherEngine: a statement prepared for one engine runs on
// another as its statement.
func TestPreparedOtherEngine(t *testing.T) {
	ctx := context.Background()
	eng1, s := newEngine(t, "sqlite://")
	eng2, _ := newEngine(t, "sqlite://")
	insertUsers(t, eng2, s, "zed")
	byID := eng1.Prepare(sql.NewSelect(s.users.C("name")).Where(s.users.C("id").Eq(sql.Bind("id"))))
	conn, err := eng2.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	res, err := conn.Execute(ctx, byID, sql.Params{"id": 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := res.ScalarOne(); err != nil || got != "zed" {
		t.Errorf("got %v, %v", got, err)
	}
}

// quotingDialect is SQLite whose version detection gives a dialect that
// quotes every identifier: a statement prepared before the engine's first
// use must be compiled for the detected dialect.
type quotingDialect struct {
	*sqlite.Dialect
	detected bool
}

func (d quotingDialect) NeedsQuote(name string) bool { return d.detected || d.Dialect.NeedsQuote(name) }

func (d quotingDialect) DetectVersion(ctx context.Context, q dialect.Queryer) (dialect.Dialect, error) {
	v, err := d.Dialect.DetectVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	return quotingDialect{v.(*sqlite.Dialect), true}, nil
}

func TestPreparedDialectDetected(t *testing.T) {
	ctx := context.Background()
	var log sentLog
	s := newSchema()
	eng, err := engine.Create("sqlite://", engine.WithDialect(quotingDialect{Dialect: sqlite.New()}), log.listener())
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	count := eng.Prepare(sql.NewSelect(sql.Func("count")).SelectFrom(s.users))
	if err := s.md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		res, err := count.Execute(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := res.ScalarOne(); err != nil || n != int64(0) {
			t.Fatalf("count: %v, %v", n, err)
		}
		if text, _ := log.last(); text != `SELECT count(*) AS "count_1" FROM "users"` {
			t.Errorf("sent %q", text)
		}
	}
}

// TestPreparedConcurrent: one Prepared executed from many goroutines.
func TestPreparedConcurrent(t *testing.T) {
	ctx := context.Background()
	// In memory: one connection the goroutines share.
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c", "d")
	byID := eng.Prepare(sql.NewSelect(s.users.C("name")).Where(s.users.C("id").Eq(sql.Bind("id"))))
	ins := eng.Prepare(sql.NewInsert(s.emails))
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				id := (g+i)%4 + 1
				res, err := byID.Execute(ctx, sql.Params{"id": id})
				if err != nil {
					errs <- err
					return
				}
				name, err := res.ScalarOne()
				if err != nil || name != string(rune('a'+id-1)) {
					errs <- fmt.Errorf("id %d: %v, %v", id, name, err)
					return
				}
				p := sql.Params{"id": g*1000 + i, "user_id": id, "address": "x"}
				if _, err := ins.Execute(ctx, p); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(t, eng, s.emails); n != 400 {
		t.Errorf("%d emails, want 400", n)
	}
}

// TestPreparedValuedKeysChange runs a valued statement with named
// parameters again with other keys: same number, other columns; a name
// left out; more columns. Each set of columns is its own statement.
func TestPreparedValuedKeysChange(t *testing.T) {
	ctx := context.Background()
	var log sentLog
	eng, s := newEngine(t, "sqlite://", log.listener())
	insertUsers(t, eng, s, "a", "b")
	upd := eng.Prepare(sql.NewUpdate(s.users).Where(s.users.C("id").Eq(sql.Bind("uid"))))
	for _, c := range []struct {
		params   sql.Params
		wantSQL  string
		wantArgs string
	}{
		{sql.Params{"uid": 1, "age": 7}, "UPDATE users SET age=? WHERE users.id = ?", "[7 1]"},
		{sql.Params{"uid": 2, "fullname": "x"}, "UPDATE users SET fullname=? WHERE users.id = ?", "[x 2]"},
		{sql.Params{"uid": 1, "fullname": "y", "age": 8}, "UPDATE users SET fullname=?, age=? WHERE users.id = ?", "[y 8 1]"},
		{sql.Params{"uid": 2, "age": 9}, "UPDATE users SET age=? WHERE users.id = ?", "[9 2]"},
		{sql.Params{"fullname": "z", "age": 10, "uid": 1}, "UPDATE users SET fullname=?, age=? WHERE users.id = ?", "[z 10 1]"},
	} {
		if _, err := upd.Execute(ctx, c.params); err != nil {
			t.Fatalf("%v: %v", c.params, err)
		}
		if text, args := log.last(); text != c.wantSQL || fmt.Sprint(args) != c.wantArgs {
			t.Errorf("%v sent %q %v, want %q %s", c.params, text, args, c.wantSQL, c.wantArgs)
		}
	}
	// Without the name, the two keys are columns, and the WHERE clause
	// lacks its value.
	if _, err := upd.Execute(ctx, sql.Params{"fullname": "w", "age": 11}); err == nil {
		t.Error("no error without uid")
	}
	if _, err := upd.Execute(ctx, sql.Params{"uid": 2, "name": "q"}); err != nil {
		t.Fatal(err)
	}
	if text, _ := log.last(); text != "UPDATE users SET name=? WHERE users.id = ?" {
		t.Errorf("sent %q", text)
	}
}
