package engine_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// schema is the tables most tests use.
type schema struct {
	md     *sql.MetaData
	users  *sql.Table
	emails *sql.Table
}

func newSchema() *schema {
	md := sql.NewMetaData()
	s := &schema{md: md}
	s.users = md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull(), sql.Unique()),
		sql.NewColumn("fullname", types.Text{}),
		sql.NewColumn("age", types.Integer{}),
		sql.Check("age >= 0"),
	)
	s.emails = md.Table("emails",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.NotNull(), sql.References("users.id")),
		sql.NewColumn("address", types.String{Length: 100}, sql.NotNull()),
	)
	return s
}

// newEngine creates an engine on url (a file under t.TempDir() when url
// is "file"), with the schema created, closed at the end of the test.
func newEngine(t testing.TB, url string, opts ...engine.Option) (*engine.Engine, *schema) {
	t.Helper()
	if url == "file" {
		url = "sqlite:///" + filepath.Join(t.TempDir(), "test.db")
	}
	eng, err := engine.Create(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	s := newSchema()
	if err := s.md.CreateAll(context.Background(), eng); err != nil {
		t.Fatal(err)
	}
	return eng, s
}

// newEngineFor creates an in-memory engine with md's tables.
func newEngineFor(t testing.TB, md *sql.MetaData) *engine.Engine {
	t.Helper()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	if err := md.CreateAll(context.Background(), eng); err != nil {
		t.Fatal(err)
	}
	return eng
}

// insertUsers adds users named by names, with ids 1, 2, ...
func insertUsers(t testing.TB, eng *engine.Engine, s *schema, names ...string) {
	t.Helper()
	params := make([]sql.Params, len(names))
	for i, n := range names {
		params[i] = sql.Params{"id": i + 1, "name": n, "fullname": n + " " + n, "age": 20 + i}
	}
	if _, err := eng.ExecuteMany(context.Background(), s.users.Insert(), params); err != nil {
		t.Fatal(err)
	}
}

func count(t testing.TB, ex interface {
	Execute(context.Context, sql.Element, ...sql.Params) (*engine.Result, error)
}, table *sql.Table) int64 {
	t.Helper()
	n, err := engine.ScanOne[int64](ex.Execute(context.Background(), sql.NewSelect(sql.Func("count")).SelectFrom(table)))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// faults is an in-process database/sql driver wrapped around SQLite's,
// whose connections record what they see and fail on demand, for the
// pool and transaction cases a database does not decide.
type faults struct {
	mu         sync.Mutex
	ctxValues  []any // the value of ctxKey in each statement's context
	txOptions  []driver.TxOptions
	failBegin  error
	failCommit error                           // the commit rolls back and fails
	failRB     error                           // the rollback fails
	queryHook  func(ctx context.Context) error // runs before each query; its error fails it
	execFails  int                             // the next execs fail with driver.ErrBadConn
	rowsNext   atomic.Int64
	rowsClosed atomic.Int64
}

type ctxKey struct{}

// faultDialect is SQLite whose connections go through faults.
type faultDialect struct {
	*sqlite.Dialect
	f *faults
}

func (d faultDialect) Connector(u *dialect.URL) (driver.Connector, error) {
	c, err := d.Dialect.Connector(u)
	if err != nil {
		return nil, err
	}
	return faultConnector{c, d.f}, nil
}

// newFaultEngine creates an engine whose driver is wrapped by faults.
func newFaultEngine(t testing.TB, url string, opts ...engine.Option) (*engine.Engine, *schema, *faults) {
	t.Helper()
	f := &faults{}
	eng, s := newEngine(t, url, append(opts, engine.WithDialect(faultDialect{sqlite.New(), f}))...)
	return eng, s, f
}

type faultConnector struct {
	driver.Connector
	f *faults
}

func (c faultConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &faultConn{conn.(innerConn), c.f}, nil
}

func (c faultConnector) Driver() driver.Driver { return c.Connector.Driver() }

type innerConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.ConnPrepareContext
}

type faultConn struct {
	inner innerConn
	f     *faults
}

func (c *faultConn) Prepare(query string) (driver.Stmt, error) { return c.inner.Prepare(query) }
func (c *faultConn) Close() error                              { return c.inner.Close() }
func (c *faultConn) Begin() (driver.Tx, error)                 { return nil, errors.New("use BeginTx") }

func (c *faultConn) record(ctx context.Context) {
	c.f.mu.Lock()
	c.f.ctxValues = append(c.f.ctxValues, ctx.Value(ctxKey{}))
	c.f.mu.Unlock()
}

func (c *faultConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	c.f.mu.Lock()
	c.f.txOptions = append(c.f.txOptions, opts)
	failBegin := c.f.failBegin
	c.f.mu.Unlock()
	if failBegin != nil {
		return nil, failBegin
	}
	tx, err := c.inner.BeginTx(ctx, driver.TxOptions{})
	if err != nil {
		return nil, err
	}
	return &faultTx{tx, c.f}, nil
}

func (c *faultConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.record(ctx)
	c.f.mu.Lock()
	fail := c.f.execFails > 0
	if fail {
		c.f.execFails--
	}
	c.f.mu.Unlock()
	if fail {
		return nil, driver.ErrBadConn
	}
	return c.inner.ExecContext(ctx, query, args)
}

func (c *faultConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.record(ctx)
	c.f.mu.Lock()
	hook := c.f.queryHook
	c.f.mu.Unlock()
	if hook != nil {
		if err := hook(ctx); err != nil {
			return nil, err
		}
	}
	rows, err := c.inner.QueryContext(ctx, query, args)
	if err != nil {
		return nil, err
	}
	return &faultRows{rows, c.f}, nil
}

func (c *faultConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	c.record(ctx)
	return c.inner.PrepareContext(ctx, query)
}

type faultTx struct {
	inner driver.Tx
	f     *faults
}

func (t *faultTx) Commit() error {
	t.f.mu.Lock()
	fail := t.f.failCommit
	t.f.mu.Unlock()
	if fail != nil {
		t.inner.Rollback()
		return fail
	}
	return t.inner.Commit()
}

func (t *faultTx) Rollback() error {
	t.f.mu.Lock()
	fail := t.f.failRB
	t.f.mu.Unlock()
	err := t.inner.Rollback()
	if fail != nil {
		return fail
	}
	return err
}

type faultRows struct {
	driver.Rows
	f *faults
}

func (r *faultRows) Next(dest []driver.Value) error {
	r.f.rowsNext.Add(1)
	return r.Rows.Next(dest)
}

func (r *faultRows) Close() error {
	r.f.rowsClosed.Add(1)
	return r.Rows.Close()
}

func (f *faults) set(fn func(f *faults)) {
	f.mu.Lock()
	fn(f)
	f.mu.Unlock()
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
