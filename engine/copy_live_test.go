package engine_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// copyRow is what the CopyFrom tests insert and read back.
type copyRow struct {
	ID      int64
	Name    string
	Age     *int64
	Score   float64
	Active  bool
	Created time.Time
	Payload []byte
	Note    *string
}

// copyBackends are the databases CopyFrom is tried on: SQLite always,
// PostgreSQL (COPY) and MariaDB (multi-row INSERT) when their URLs are
// set (required with CI=true).
func copyBackends(t *testing.T) map[string]string {
	out := map[string]string{"sqlite": "sqlite:///" + filepath.Join(t.TempDir(), "copy.db")}
	for name, env := range map[string]string{"postgres": "ATHANOR_TEST_POSTGRES_URL", "mysql": "ATHANOR_TEST_MYSQL_URL"} {
		u := os.Getenv(env)
		if u == "" {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
			}
			t.Logf("%s is not set: CopyFrom is not tried on %s", env, name)
			continue
		}
		out[name] = u
	}
	return out
}

// Rows given to CopyFrom land exactly, NULLs and every type included, on
// each database: COPY on PostgreSQL, multi-row INSERT batches elsewhere
// (5,000 rows make several batches under SQLite's parameter limit).
func TestCopyFromLive(t *testing.T) {
	const n = 5000
	base := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	want := make([]copyRow, n)
	rows := make([][]any, n)
	for i := range want {
		r := copyRow{
			ID: int64(i + 1), Name: "name-" + strings.Repeat("x", i%7), Score: float64(i) / 4,
			Active: i%3 == 0, Created: base.Add(time.Duration(i) * time.Minute), Payload: []byte{byte(i), byte(i >> 8), 0},
		}
		var age, note any
		if i%4 != 0 {
			a := int64(i % 90)
			r.Age, age = &a, a
		}
		if i%5 == 0 {
			s := "note " + hex.EncodeToString(r.Payload)
			r.Note, note = &s, s
		}
		want[i] = r
		rows[i] = []any{r.Name, age, r.Score, r.Active, r.Created, r.Payload, note}
	}
	cols := []string{"name", "age", "score", "active", "created", "payload", "note"}
	for name, url := range copyBackends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var copies atomic.Int64
			eng, tbl := copyTable(t, url, "perf2_copy_", func(ev *engine.ExecuteEvent) {
				if strings.HasPrefix(ev.SQL, "COPY ") {
					copies.Add(1)
				}
			},
				sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
				sql.NewColumn("name", types.String{Length: 50}, sql.NotNull()),
				sql.NewColumn("age", types.BigInteger{}),
				sql.NewColumn("score", types.Double{}, sql.NotNull()),
				sql.NewColumn("active", types.Boolean{}, sql.NotNull()),
				sql.NewColumn("created", types.DateTime{}, sql.NotNull()),
				sql.NewColumn("payload", types.LargeBinary{}, sql.NotNull()),
				sql.NewColumn("note", types.Text{}),
			)
			got, err := eng.CopyFrom(ctx, tbl, cols, rows)
			if err != nil {
				t.Fatal(err)
			}
			if got != n {
				t.Errorf("CopyFrom = %d rows, want %d", got, n)
			}
			if wantCopies := int64(map[bool]int{true: 1}[name == "postgres"]); copies.Load() != wantCopies {
				t.Errorf("%d COPY statements, want %d", copies.Load(), wantCopies)
			}
			read, err := engine.ScanAll[copyRow](eng.Execute(ctx, sql.NewSelect(tbl).OrderBy(tbl.C("id"))))
			if err != nil {
				t.Fatal(err)
			}
			if len(read) != n {
				t.Fatalf("read %d rows, want %d", len(read), n)
			}
			for i, r := range read {
				w := want[i]
				if r.ID != w.ID || r.Name != w.Name || r.Score != w.Score || r.Active != w.Active ||
					!r.Created.Equal(w.Created) || !bytes.Equal(r.Payload, w.Payload) ||
					!equalPtr(r.Age, w.Age) || !equalPtr(r.Note, w.Note) {
					t.Fatalf("row %d = %+v, want %+v", i+1, r, w)
				}
			}
		})
	}
}

// copyTable opens an engine on url whose listener hands each executed
// statement to after, and creates a table of a new name (prefix and
// random hex) with items; both are dropped and closed when the test ends.
func copyTable(t *testing.T, url, prefix string, after func(*engine.ExecuteEvent), items ...sql.TableItem) (*engine.Engine, *sql.Table) {
	t.Helper()
	eng, err := engine.Create(url, engine.OnExecute(engine.Listener{AfterExecute: func(_ context.Context, ev *engine.ExecuteEvent) {
		after(ev)
	}}))
	if err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	rand.Read(b[:])
	md := sql.NewMetaData()
	tbl := md.Table(prefix+hex.EncodeToString(b[:]), items...)
	if err := md.CreateAll(context.Background(), eng); err != nil {
		eng.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := md.DropAll(context.Background(), eng); err != nil {
			t.Errorf("dropping %s: %v", tbl.Name(), err)
		}
		eng.Close()
	})
	return eng, tbl
}

func equalPtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// Bad input is refused before anything is sent.
func TestCopyFromArguments(t *testing.T) {
	eng, s := newEngine(t, "sqlite:///"+filepath.Join(t.TempDir(), "args.db"))
	ctx := context.Background()
	cases := []struct {
		name  string
		table *sql.Table
		cols  []string
		rows  [][]any
	}{
		{"nil table", nil, []string{"name"}, [][]any{{"a"}}},
		{"no columns", s.users, nil, [][]any{{}}},
		{"unknown column", s.users, []string{"nope"}, [][]any{{"a"}}},
		{"column twice", s.users, []string{"name", "name"}, [][]any{{"a", "b"}}},
		{"short row", s.users, []string{"name"}, [][]any{{"a"}, {}}},
	}
	for _, tc := range cases {
		if _, err := eng.CopyFrom(ctx, tc.table, tc.cols, tc.rows); !errors.Is(err, sql.ErrArgument) {
			t.Errorf("%s: err = %v, want ErrArgument", tc.name, err)
		}
	}
	if n, err := eng.CopyFrom(ctx, s.users, []string{"name"}, nil); err != nil || n != 0 {
		t.Errorf("no rows: %d, %v", n, err)
	}
}

// Where CopyFrom inserts (every database but PostgreSQL's native pool),
// the rows go in multi-row INSERTs of as many rows as the parameter limit
// allows, and a row that fails leaves none of them: the batches run in one
// transaction.
func TestCopyFromBatches(t *testing.T) {
	for name, url := range copyBackends(t) {
		if name == "postgres" {
			continue // COPY: TestCopyFromLive
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			var inserts, many atomic.Int64
			eng, tbl := copyTable(t, url, "perf2_batch_", func(ev *engine.ExecuteEvent) {
				if strings.HasPrefix(ev.SQL, "INSERT") {
					inserts.Add(1)
					many.Add(int64(ev.Many))
				}
			},
				sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.Autoincrement(false)),
				sql.NewColumn("name", types.String{Length: 20}, sql.NotNull()),
				sql.NewColumn("n", types.Integer{}),
			)
			// 3 parameters a row: SQLite's 32,766 take 10,922 rows a
			// statement, MariaDB's 65,535 take 21,845.
			perStmt := map[string]int{"sqlite": 32766 / 3, "mysql": 65535 / 3}[name]
			n := perStmt*2 + 7
			rows := make([][]any, n)
			for i := range rows {
				var v any
				if i%3 == 0 {
					v = i
				}
				rows[i] = []any{int64(i + 1), fmt.Sprint("r", i), v}
			}
			cols := []string{"id", "name", "n"}
			got, err := eng.CopyFrom(ctx, tbl, cols, rows)
			if err != nil {
				t.Fatal(err)
			}
			if got != int64(n) || inserts.Load() != 3 || many.Load() != int64(n) {
				t.Errorf("CopyFrom = %d rows in %d INSERTs of %d rows; want %d in 3", got, inserts.Load(), many.Load(), n)
			}
			count := func() int64 {
				c, err := engine.ScanOne[int64](eng.Execute(ctx, sql.NewSelect(sql.CountOf()).SelectFrom(tbl)))
				if err != nil {
					t.Fatal(err)
				}
				return c
			}
			if c := count(); c != int64(n) {
				t.Fatalf("table holds %d rows, want %d", c, n)
			}
			// New ids, but a NULL name in the last batch: nothing is kept.
			for i := range rows {
				rows[i][0] = int64(n + i + 1)
			}
			rows[n-1][1] = nil
			if _, err := eng.CopyFrom(ctx, tbl, cols, rows); err == nil {
				t.Fatal("CopyFrom of a row with a NULL name succeeded")
			}
			if c := count(); c != int64(n) {
				t.Errorf("after the failed CopyFrom the table holds %d rows, want %d", c, n)
			}
		})
	}
}
