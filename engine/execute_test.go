package engine_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestExecuteText(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	tests := []struct {
		sql      string
		params   sql.Params
		rows     string // the rows read, or "-" for none
		affected int64
	}{
		{"SELECT name FROM users WHERE id < :n ORDER BY id", sql.Params{"n": 3}, "[[a] [b]]", -1},
		{"  -- a comment\n/* and another */ select count(*) AS n FROM users", nil, "[[3]]", -1},
		{"WITH x AS (SELECT 1 AS one) SELECT one FROM x", nil, "[[1]]", -1},
		{"VALUES (1, 'x')", nil, "[[1 x]]", -1},
		{"PRAGMA foreign_keys", nil, "[[1]]", -1},
		{"UPDATE users SET age = age + 1 WHERE id > :id", sql.Params{"id": 1}, "-", 2},
		{"UPDATE users SET fullname = 'returning' WHERE id = 1", nil, "-", 1},
		{"UPDATE users SET age = 50 WHERE id = 1 RETURNING id, age", nil, "[[1 50]]", 1},
		{"DELETE FROM users WHERE name = 'c' RETURNING name", nil, "[[c]]", 1},
		{"INSERT INTO users (name) VALUES ('d')", nil, "-", 1},
		{"CREATE INDEX ix_age ON users (age)", nil, "-", -1},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			res, err := eng.Execute(ctx, sql.Text(tt.sql), tt.params)
			if err != nil {
				t.Fatal(err)
			}
			if tt.rows == "-" {
				if res.ReturnsRows() {
					t.Fatal("the result has rows")
				}
			} else {
				rows, err := res.All()
				if err != nil {
					t.Fatal(err)
				}
				var vals [][]any
				for _, r := range rows {
					vals = append(vals, r.Values())
				}
				if got := fmt.Sprint(vals); got != tt.rows {
					t.Errorf("rows = %s, want %s", got, tt.rows)
				}
			}
			if res.RowsAffected() != tt.affected {
				t.Errorf("RowsAffected = %d, want %d", res.RowsAffected(), tt.affected)
			}
		})
	}
	// Declared columns make any text a query.
	got, err := engine.ScanAll[string](eng.Execute(ctx, sql.Text("/* q */ SELECT name FROM users ORDER BY id").Columns(s.users.C("name"))))
	if err != nil || strings.Join(got, ",") != "a,b,d" {
		t.Errorf("textual select: %v, %v", got, err)
	}
}

func TestExecuteNilAndBadStatements(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	var nilSelect *sql.Select
	if _, err := eng.Execute(ctx, nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("nil: %v", err)
	}
	if _, err := eng.Execute(ctx, nilSelect); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("typed nil: %v", err)
	}
	if _, err := eng.ExecuteMany(ctx, nil, []sql.Params{{}}); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("ExecuteMany nil: %v", err)
	}
	if _, err := eng.ExecuteMany(ctx, s.users.Insert(), nil); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("ExecuteMany without sets: %v", err)
	}
	if _, err := eng.ExecuteMany(ctx, sql.NewSelect(s.users.C("id")), []sql.Params{{}}); !errors.Is(err, sql.ErrArgument) {
		t.Errorf("ExecuteMany of a SELECT: %v", err)
	}
	_, err := eng.ExecuteMany(ctx, s.users.Insert(), []sql.Params{{"name": "a"}, {"name": "b", "age": 3}})
	if !errors.Is(err, sql.ErrArgument) || !strings.Contains(err.Error(), "set 2") {
		t.Errorf("ExecuteMany with different keys: %v", err)
	}
	if _, err := eng.Execute(ctx, sql.Text("SELECT :x")); !errors.Is(err, sql.ErrMissingParameter) {
		t.Errorf("missing parameter: %v", err)
	}
}

func TestExecuteMany(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	var events []*engine.ExecuteEvent
	listener := engine.Listener{AfterExecute: func(_ context.Context, ev *engine.ExecuteEvent) {
		mu.Lock()
		events = append(events, ev)
		mu.Unlock()
	}}
	// A dialect allowing 10 parameters per statement: 4 per row, so
	// batches of 2 rows.
	d := sqlite.New()
	d.FeatureFlags.MaxBindParams = 10
	eng, s := newEngine(t, "sqlite://", engine.WithDialect(d), engine.OnExecute(listener))
	mu.Lock()
	events = nil
	mu.Unlock()

	params := make([]sql.Params, 5)
	for i := range params {
		params[i] = sql.Params{"id": i + 1, "name": fmt.Sprint("u", i+1), "fullname": "x", "age": i}
	}
	res, err := eng.ExecuteMany(ctx, s.users.Insert(), params)
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected() != 5 {
		t.Errorf("RowsAffected = %d", res.RowsAffected())
	}
	var batches []int
	for _, ev := range events {
		if ev.Statement != nil {
			batches = append(batches, ev.Many)
			if strings.Count(ev.SQL, "(") != ev.Many+1 || len(ev.Args) != 4*ev.Many {
				t.Errorf("batch of %d: %s %v", ev.Many, ev.SQL, ev.Args)
			}
		}
	}
	if fmt.Sprint(batches) != "[2 2 1]" {
		t.Errorf("batches = %v, want [2 2 1]", batches)
	}

	// An UPDATE is prepared once and run for each set: one event.
	events = nil
	res, err = eng.ExecuteMany(ctx, s.users.Update().Where(s.users.C("id").Eq(sql.Bind("uid"))),
		[]sql.Params{{"uid": 1, "age": 10}, {"uid": 2, "age": 20}, {"uid": 99, "age": 0}})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected() != 2 {
		t.Errorf("RowsAffected = %d, want 2", res.RowsAffected())
	}
	var updates []*engine.ExecuteEvent
	for _, ev := range events {
		if ev.Statement != nil {
			updates = append(updates, ev)
		}
	}
	if len(updates) != 1 || updates[0].Many != 3 || len(updates[0].ArgSets) != 3 || updates[0].Args != nil {
		t.Errorf("update events: %+v", updates)
	}
	ages, _ := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(s.users.C("age")).OrderBy(s.users.C("id"))))
	if fmt.Sprint(ages) != "[10 20 2 3 4]" {
		t.Errorf("ages = %v", ages)
	}

	// With RETURNING, the rows of every set.
	res, err = eng.ExecuteMany(ctx, s.users.Insert().Returning(s.users.C("id"), s.users.C("name")),
		[]sql.Params{{"name": "r1"}, {"name": "r2"}, {"name": "r3"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected() != 3 || !res.ReturnsRows() {
		t.Errorf("RowsAffected = %d", res.RowsAffected())
	}
	rows, err := res.Mappings()
	if err != nil || fmt.Sprint(rows) != "[map[id:6 name:r1] map[id:7 name:r2] map[id:8 name:r3]]" {
		t.Errorf("returned %v, %v", rows, err)
	}
	res, err = eng.ExecuteMany(ctx, s.users.Delete().Where(s.users.C("name").Eq(sql.Bind("n"))).Returning(s.users.C("id")),
		[]sql.Params{{"n": "r1"}, {"n": "r3"}})
	if err != nil {
		t.Fatal(err)
	}
	if ids, err := res.Scalars(); err != nil || fmt.Sprint(ids) != "[6 8]" {
		t.Errorf("deleted %v, %v", ids, err)
	}
}

// TestExecuteManyAtomic fails in the last batch: no row of the call is
// kept.
func TestExecuteManyAtomic(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	params := []sql.Params{{"name": "a"}, {"name": "b"}, {"name": "a"}}
	_, err := eng.ExecuteMany(ctx, s.users.Insert(), params)
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("err = %v", err)
	}
	if n := count(t, eng, s.users); n != 0 {
		t.Errorf("%d rows kept", n)
	}
	insertUsers(t, eng, s, "a", "b")
	_, err = eng.ExecuteMany(ctx, s.users.Update().Where(s.users.C("id").Eq(sql.Bind("uid"))),
		[]sql.Params{{"uid": 1, "name": "x"}, {"uid": 2, "name": nil}})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Errorf("err = %v", err)
	}
	if got := names(t, eng, s); got != "a,b" {
		t.Errorf("names = %q: the first update was kept", got)
	}
	eng.Execute(ctx, s.users.Delete())
	// Inside a transaction, ExecuteMany is part of it.
	conn, _ := eng.Connect(ctx)
	defer conn.Close()
	tx, _ := conn.Begin(ctx)
	if _, err := conn.ExecuteMany(ctx, s.users.Insert(), []sql.Params{{"name": "x"}, {"name": "y"}}); err != nil {
		t.Fatal(err)
	}
	tx.Rollback()
	if n := count(t, eng, s.users); n != 0 {
		t.Errorf("%d rows kept after the rollback", n)
	}
}

// TestExecuteManyLarge inserts more rows than SQLite's 32766 parameters
// allow in one statement.
func TestExecuteManyLarge(t *testing.T) {
	ctx := context.Background()
	statements := 0
	eng, s := newEngine(t, "sqlite://", engine.OnExecute(engine.Listener{
		BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
			if strings.HasPrefix(ev.SQL, "INSERT") {
				statements++
			}
			return ctx
		},
	}))
	const n = 12000 // 3 parameters a row: 36000
	params := make([]sql.Params, n)
	for i := range params {
		params[i] = sql.Params{"name": fmt.Sprint("user", i), "fullname": "x", "age": i}
	}
	res, err := eng.ExecuteMany(ctx, s.users.Insert(), params)
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected() != n || count(t, eng, s.users) != n {
		t.Errorf("RowsAffected = %d", res.RowsAffected())
	}
	if statements != 2 {
		t.Errorf("%d INSERT statements, want 2", statements)
	}
}

// TestExecuteManyLargeFirstNull batches by the parameters a row may take,
// not by those of the first row, whose NULL is written as a literal.
func TestExecuteManyLargeFirstNull(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	const n = 12000 // 3 parameters a row but the first: 35999
	params := make([]sql.Params, n)
	for i := range params {
		params[i] = sql.Params{"name": fmt.Sprint("user", i), "fullname": "x", "age": i}
	}
	params[0]["fullname"] = nil
	res, err := eng.ExecuteMany(ctx, s.users.Insert(), params)
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsAffected() != n || count(t, eng, s.users) != n {
		t.Errorf("RowsAffected = %d", res.RowsAffected())
	}
}

// TestListeners checks that listeners see every statement, that the
// context BeforeExecute returns reaches the driver, and what AfterExecute
// and Transaction report.
func TestListeners(t *testing.T) {
	ctx := context.Background()
	type seen struct {
		when, sql string
		ev        *engine.ExecuteEvent
	}
	var log []seen
	var txLog []string
	l := engine.Listener{
		BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
			log = append(log, seen{"before", ev.SQL, ev})
			return context.WithValue(ctx, ctxKey{}, "traced:"+ev.SQL)
		},
		AfterExecute: func(ctx context.Context, ev *engine.ExecuteEvent) {
			if ctx.Value(ctxKey{}) != "traced:"+ev.SQL {
				t.Errorf("AfterExecute did not get BeforeExecute's context")
			}
			log = append(log, seen{"after", ev.SQL, ev})
		},
		Transaction: func(ctx context.Context, ev *engine.TxEvent) {
			s := ev.Op.String()
			if ev.Savepoint != "" {
				s += " " + ev.Savepoint
			}
			if ev.Err != nil {
				s += " failed"
			}
			txLog = append(txLog, s)
		},
	}
	eng, s, f := newFaultEngine(t, "sqlite://", engine.OnExecute(l), engine.OnExecute(engine.Listener{}))
	log, txLog = nil, nil
	f.set(func(f *faults) { f.ctxValues = nil })

	insertUsers(t, eng, s, "a")
	_, err := eng.Execute(ctx, s.users.Insert(), sql.Params{"name": "a"})
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("err = %v", err)
	}
	eng.Begin(ctx, func(tx *engine.Tx) error {
		tx.Transaction(ctx, func(*engine.Tx) error { return nil })
		tx.Transaction(ctx, func(*engine.Tx) error { return errors.New("undo") })
		_, err := tx.Execute(ctx, sql.NewSelect(s.users.C("name")))
		return err
	})

	var sqls []string
	for _, e := range log {
		sqls = append(sqls, e.when+" "+strings.Fields(e.sql)[0])
	}
	want := "before INSERT,after INSERT,before INSERT,after INSERT," +
		"before SAVEPOINT,after SAVEPOINT,before RELEASE,after RELEASE," +
		"before SAVEPOINT,after SAVEPOINT,before ROLLBACK,after ROLLBACK,before RELEASE,after RELEASE," +
		"before SELECT,after SELECT"
	if got := strings.Join(sqls, ","); got != want {
		t.Errorf("statements seen:\n%s\nwant\n%s", got, want)
	}
	// The failed INSERT: its error and a duration.
	failed := log[3].ev
	if !errors.Is(failed.Err, dialect.ErrIntegrity) || failed.Duration <= 0 || failed.Statement == nil || len(failed.Args) == 0 {
		t.Errorf("failed statement event: %+v", failed)
	}
	if log[1].ev.Err != nil || log[1].ev.Duration <= 0 || log[1].ev.Many != 1 {
		t.Errorf("ExecuteMany event: %+v", log[1].ev)
	}
	wantTx := "BEGIN,COMMIT,BEGIN,SAVEPOINT sa_savepoint_1,RELEASE SAVEPOINT sa_savepoint_1," +
		"SAVEPOINT sa_savepoint_2,ROLLBACK TO SAVEPOINT sa_savepoint_2,RELEASE SAVEPOINT sa_savepoint_2,COMMIT"
	if got := strings.Join(txLog, ","); got != wantTx {
		t.Errorf("transaction steps:\n%s\nwant\n%s", got, wantTx)
	}
	// Every statement reached the driver with BeforeExecute's context.
	f.mu.Lock()
	defer f.mu.Unlock()
	statements := 0
	for _, e := range log {
		if e.when == "before" {
			statements++
		}
	}
	if len(f.ctxValues) != statements {
		t.Fatalf("driver saw %d statements, listeners %d", len(f.ctxValues), statements)
	}
	i := 0
	for _, e := range log {
		if e.when == "before" {
			if f.ctxValues[i] != "traced:"+e.sql {
				t.Errorf("statement %d reached the driver with %v", i, f.ctxValues[i])
			}
			i++
		}
	}
}

func TestEcho(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	}))
	eng, s := newEngine(t, "sqlite://", engine.Echo(logger))
	buf.Reset()
	eng.Begin(ctx, func(tx *engine.Tx) error {
		tx.Execute(ctx, s.users.Insert(), sql.Params{"name": "O'Brien", "fullname": nil, "age": 7})
		return nil
	})
	eng.Begin(ctx, func(tx *engine.Tx) error { return errors.New("undo") })
	eng.ExecuteMany(ctx, s.users.Update().Where(s.users.C("id").Eq(sql.Bind("uid"))),
		[]sql.Params{{"uid": 1, "age": 1}, {"uid": 2, "age": 2}})
	want := `level=INFO msg=BEGIN
level=INFO msg="INSERT INTO users (name, fullname, age) VALUES (?, ?, ?)" params="('O''Brien', NULL, 7)" cached=false
level=INFO msg=COMMIT
level=INFO msg=BEGIN
level=INFO msg=ROLLBACK
level=INFO msg=BEGIN
level=INFO msg="UPDATE users SET age=? WHERE users.id = ?" params="[(1, 1), (2, 2)]" many=2 cached=false
level=INFO msg=COMMIT
`
	if got := buf.String(); got != want {
		t.Errorf("echo:\n%s\nwant\n%s", got, want)
	}
}

// TestEchoDefaultLogger checks that Echo(nil) logs to slog.Default().
func TestEchoDefaultLogger(t *testing.T) {
	var buf bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, nil)))
	defer slog.SetDefault(old)
	eng, err := engine.Create("sqlite://", engine.Echo(nil))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	eng.Execute(context.Background(), sql.Text("SELECT 1"))
	if !strings.Contains(buf.String(), "SELECT 1") {
		t.Errorf("default logger got %q", buf.String())
	}
}

// TestInsertDefaults checks that column defaults are evaluated for each
// row of an ExecuteMany and of a single INSERT.
func TestInsertDefaults(t *testing.T) {
	ctx := context.Background()
	n := 0
	md := sql.NewMetaData()
	tbl := md.Table("t",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("seq", types.Integer{}, sql.Default(func() any { n++; return n })),
		sql.NewColumn("v", types.String{}),
	)
	eng := newEngineFor(t, md)
	if _, err := eng.ExecuteMany(ctx, tbl.Insert(), []sql.Params{{"v": "a"}, {"v": "b"}, {"v": "c"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := eng.Execute(ctx, tbl.Insert(), sql.Params{"v": "d"}); err != nil {
		t.Fatal(err)
	}
	seqs, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("seq")).OrderBy(tbl.C("id"))))
	if err != nil || fmt.Sprint(seqs) != "[1 2 3 4]" {
		t.Errorf("seq = %v, %v", seqs, err)
	}
}

// TestDialectQueriesSeen checks that the statements the dialect sends for
// the engine (version detection, HasTable) are echoed and seen by
// listeners too.
func TestDialectQueriesSeen(t *testing.T) {
	var sqls []string
	eng, err := engine.Create("sqlite://", engine.OnExecute(engine.Listener{
		AfterExecute: func(_ context.Context, ev *engine.ExecuteEvent) { sqls = append(sqls, ev.SQL) },
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, err := eng.HasTable(context.Background(), "", "users"); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(sqls, "\n")
	if !strings.Contains(got, "sqlite_version()") || !strings.Contains(got, "sqlite_master") {
		t.Errorf("statements seen:\n%s", got)
	}
}
