package postgres

import (
	"context"
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/athanordb/athanor/dialect"
)

// TestOpenPoolDurations: the engine's pool settings reach pgxpool, and
// "no limit" is said so that pgxpool never expires a connection by age
// (and reads no clock for it at each checkout and return) nor by
// idleness.
func TestOpenPoolDurations(t *testing.T) {
	u, err := dialect.ParseURL("postgresql://nobody@127.0.0.1:1/none")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cfg                    dialect.PoolConfig
		wantLifetime, wantIdle time.Duration
	}{
		{dialect.PoolConfig{}, 0, math.MaxInt64},
		{dialect.PoolConfig{MaxLifetime: time.Minute, MaxIdleTime: time.Second}, time.Minute, time.Second},
	} {
		p, err := New().OpenPool(u, tt.cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := p.(*nativePool).pool.Config()
		if c.MaxConnLifetime != tt.wantLifetime || c.MaxConnIdleTime != tt.wantIdle {
			t.Errorf("%+v: lifetime %v, idle %v; want %v, %v", tt.cfg, c.MaxConnLifetime, c.MaxConnIdleTime, tt.wantLifetime, tt.wantIdle)
		}
		p.Close()
	}
}

// TestPlansByPosition: the plans remembered per column position are
// those of the column's type and Go type, whatever another statement
// used at that position before.
func TestPlansByPosition(t *testing.T) {
	p := &connPlans{m: pgtype.NewMap(), scans: map[scanKey]pgtype.ScanPlan{}, values: map[scanKey]valueFunc{}}
	eight := binary.BigEndian.AppendUint64(nil, 42)
	for range 3 {
		for _, i := range []int{0, 3, 20} {
			var n int64
			if err := p.scanPlanAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode, int64Type).Scan(eight, &n); err != nil || n != 42 {
				t.Errorf("int8 at %d: %d, %v", i, n, err)
			}
			var s string
			if err := p.scanPlanAt(i, pgtype.TextOID, pgtype.TextFormatCode, stringType).Scan([]byte("hi"), &s); err != nil || s != "hi" {
				t.Errorf("text at %d: %q, %v", i, s, err)
			}
			var d int
			if err := p.scanPlanAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode, intType).Scan(eight, &d); err != nil || d != 42 {
				t.Errorf("int8 into int at %d: %d, %v", i, d, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode)(eight); err != nil || v != int64(42) {
				t.Errorf("int8 value at %d: %#v, %v", i, v, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.Int8OID, pgtype.TextFormatCode)([]byte("42")); err != nil || v != int64(42) {
				t.Errorf("int8 text value at %d: %#v, %v", i, v, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.TextOID, pgtype.TextFormatCode)([]byte("hi")); err != nil || v != "hi" {
				t.Errorf("text value at %d: %#v, %v", i, v, err)
			}
		}
	}
}

// fakeRows are pgx rows of n int8 columns and a given number of rows,
// each holding 42 in every column.
type fakeRows struct {
	fields []pgconn.FieldDescription
	left   int
	closed bool
}

func newFakeRows(cols, rows int) *fakeRows {
	f := &fakeRows{left: rows}
	for i := range cols {
		f.fields = append(f.fields, pgconn.FieldDescription{Name: fmt.Sprint("c", i), DataTypeOID: pgtype.Int8OID, Format: pgtype.BinaryFormatCode})
	}
	return f
}

func (f *fakeRows) Close()                                       { f.closed = true }
func (f *fakeRows) Err() error                                   { return nil }
func (f *fakeRows) CommandTag() pgconn.CommandTag                { return pgconn.CommandTag{} }
func (f *fakeRows) FieldDescriptions() []pgconn.FieldDescription { return f.fields }
func (f *fakeRows) Scan(...any) error                            { return nil }
func (f *fakeRows) Values() ([]any, error)                       { return nil, nil }
func (f *fakeRows) Conn() *pgx.Conn                              { return nil }
func (f *fakeRows) TypeMap() *pgtype.Map                         { return nil }

func (f *fakeRows) Next() bool {
	if f.closed || f.left == 0 {
		f.closed = true
		return false
	}
	f.left--
	return true
}

func (f *fakeRows) RawValues() [][]byte {
	if f.closed {
		return nil
	}
	vals := make([][]byte, len(f.fields))
	for i := range vals {
		vals[i] = binary.BigEndian.AppendUint64(nil, 42)
	}
	return vals
}

func newTestPlans() *connPlans {
	return &connPlans{m: pgtype.NewMap(), scans: map[scanKey]pgtype.ScanPlan{}, values: map[scanKey]valueFunc{}}
}

// TestColumnRoomLentOnce: the connection's room for column plans is held
// by one rows at a time, from their first planned column to their end or
// Close, and given back exactly once: rows that ended and are closed
// again (as the engine and the connection's release both close them)
// never free the room another rows hold.
func TestColumnRoomLentOnce(t *testing.T) {
	p := newTestPlans()
	room := &p.cols[0]
	open := func(rows int) *nativeRows {
		f := newFakeRows(3, rows)
		return &nativeRows{rows: f, fields: f.fields, plans: p, more: rows > 0}
	}
	read := func(name string, r *nativeRows) {
		t.Helper()
		dst := make([]any, 3)
		if err := r.Values(dst); err != nil || dst[0] != int64(42) || dst[2] != int64(42) {
			t.Fatalf("%s: values %v, %v", name, dst, err)
		}
	}
	a := open(1)
	if !a.Next() {
		t.Fatal("a: no row")
	}
	read("a", a)
	if !a.lent || &a.cols[0] != room {
		t.Fatal("a: the first rows did not borrow the connection's room")
	}
	b := open(1)
	b.Next()
	read("b", b)
	if b.lent || &b.cols[0] == room {
		t.Fatal("b: borrowed the room a holds")
	}
	if a.Next() {
		t.Fatal("a: a second row")
	}
	if a.lent || a.cols != nil || p.colsLent.Load() {
		t.Fatal("a: the room was not given back at the end of the rows")
	}
	c := open(2)
	c.Next()
	read("c", c)
	if !c.lent || &c.cols[0] != room {
		t.Fatal("c: did not borrow the room given back")
	}
	// a ended; closing it (twice, as the engine and the connection do)
	// must leave c's room alone.
	a.Close()
	a.Close()
	if !p.colsLent.Load() {
		t.Fatal("closing ended rows freed the room other rows hold")
	}
	d := open(1)
	d.Next()
	read("d", d)
	if d.lent || &d.cols[0] == room {
		t.Fatal("d: shares c's room")
	}
	c.Next()
	read("c, second row", c)
	c.Close()
	if c.lent || p.colsLent.Load() {
		t.Fatal("c: Close did not give the room back")
	}
	c.Close()
	if p.colsLent.Load() {
		t.Fatal("a second Close took the room")
	}
	// Planning a column after the end does it anew, never in the room.
	if !c.Direct(0, int64Type, nil) {
		t.Fatal("c: Direct after Close refused an int8 column")
	}
	if c.lent || &c.cols[0] == room || p.colsLent.Load() {
		t.Fatal("c: Direct after Close borrowed the room")
	}
}

// argQuerier records the arguments Query was given, and checks they
// are in the connection's room while it runs when they should be.
type argQuerier struct {
	t      *testing.T
	room   *connPlans
	inRoom bool
	got    []any
}

func (q *argQuerier) Query(_ context.Context, _ string, args ...any) (pgx.Rows, error) {
	if in := &args[0] == &q.room.args[0]; in != q.inRoom {
		q.t.Errorf("arguments in the connection's room: %v, want %v", in, q.inRoom)
	}
	q.got = append([]any(nil), args...)
	return newFakeRows(1, 1), nil
}

func (q *argQuerier) Exec(context.Context, string, ...any) (pgconn.CommandTag, error) {
	return pgconn.CommandTag{}, nil
}

// TestArgumentRoom: Query's arguments go in the connection's room when it
// is free and they fit, which is given back, cleared, when pgx has them;
// else in a slice of their own.
func TestArgumentRoom(t *testing.T) {
	ctx := context.Background()
	p := newTestPlans()
	q := &argQuerier{t: t, room: p}
	r := nativeRunner{q: q, plans: p}
	many := make([]any, len(p.args))
	for i := range many {
		many[i] = i
	}
	for _, tt := range []struct {
		name   string
		args   []any
		taken  bool
		inRoom bool
	}{
		{"free", []any{1, "two"}, false, true},
		{"taken", []any{1, "two"}, true, false},
		{"too many", many, false, false},
	} {
		p.argsLent.Store(tt.taken)
		q.inRoom = tt.inRoom
		rows, err := r.Query(ctx, "SELECT", tt.args)
		if err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if len(q.got) != len(tt.args)+1 || q.got[1] != tt.args[0] {
			t.Errorf("%s: pgx got %v", tt.name, q.got)
		}
		if p.argsLent.Load() != tt.taken {
			t.Errorf("%s: room lent %v after Query, want %v", tt.name, p.argsLent.Load(), tt.taken)
		}
		for i, v := range p.args {
			if v != nil {
				t.Errorf("%s: room keeps argument %d (%v)", tt.name, i, v)
			}
		}
	}
}

// TestReleaseRacesClose: connections released while the pool's Close
// ends those still checked out are each handled once, by the release or
// by Close: each is checked in and then closed (released), or closed
// only (ended by Close), never closed and then checked in.
func TestReleaseRacesClose(t *testing.T) {
	raw := os.Getenv("ATHANOR_TEST_POSTGRES_URL")
	if raw == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("ATHANOR_TEST_POSTGRES_URL is not set, and CI=true requires the PostgreSQL tests to run")
		}
		t.Skip("ATHANOR_TEST_POSTGRES_URL is not set: this test needs a PostgreSQL server")
	}
	u, err := dialect.ParseURL(raw)
	if err != nil {
		t.Fatal(err)
	}
	grace := CloseGrace
	CloseGrace = 0
	t.Cleanup(func() { CloseGrace = grace })
	ctx := context.Background()
	type connLog struct {
		mu     sync.Mutex
		events string
	}
	note := func(rec any, ev string) {
		l := rec.(*connLog)
		l.mu.Lock()
		l.events += ev
		l.mu.Unlock()
	}
	for round := range 20 {
		var logs []*connLog
		var logsMu sync.Mutex
		hooks := &dialect.PoolHooks{
			Connect: func() any {
				l := &connLog{}
				logsMu.Lock()
				logs = append(logs, l)
				logsMu.Unlock()
				return l
			},
			Checkin: func(rec any) bool { note(rec, "checkin,"); return true },
			Close:   func(rec any) { note(rec, "close,") },
		}
		const n = 6
		p, err := New().OpenPool(u, dialect.PoolConfig{MaxOpen: n, Hooks: hooks}, nil)
		if err != nil {
			t.Fatal(err)
		}
		conns := make([]dialect.PoolConn, n)
		for i := range conns {
			if conns[i], err = p.Acquire(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, c := range conns {
			wg.Go(func() {
				<-start
				if i%2 == 0 {
					time.Sleep(time.Duration(i) * 100 * time.Microsecond)
				}
				c.Release()
			})
		}
		close(start)
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		wg.Wait()
		for i, l := range logs {
			if l.events != "checkin,close," && l.events != "close," {
				t.Errorf("round %d, connection %d: %s", round, i, l.events)
			}
		}
	}
}
