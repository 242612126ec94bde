package bench

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"
)

// env is the database the benchmarks run on.
type env struct {
	db  string // "postgres" or "sqlite"
	url string // the Athanor URL
	dsn string // the driver's DSN
}

var bench env

// library is one contender: what each workload does with it. A nil
// function skips the workload for the library.
type library struct {
	name        string
	insertOne   func(ctx context.Context, m *Model) error
	insertMulti func(ctx context.Context, ms []Model) error
	updateByPK  func(ctx context.Context, m *Model) error
	selectByPK  func(ctx context.Context, id int64) (Model, error)
	select100   func(ctx context.Context) ([]Model, error)
	stream      func(ctx context.Context, fn func(*Model)) error
	bulkInsert  func(ctx context.Context, ms []Model) error
	close       func()
}

// openers make the libraries, in the order the table lists them.
var openers []func(tb testing.TB) *library

func register(open func(tb testing.TB) *library) { openers = append(openers, open) }

func TestMain(m *testing.M) {
	bench.db = os.Getenv("ATHANOR_BENCH_DB")
	if bench.db == "" {
		bench.db = "postgres"
	}
	switch bench.db {
	case "postgres":
		bench.url = os.Getenv("ATHANOR_BENCH_POSTGRES_URL")
		if bench.url == "" {
			bench.url = "postgresql://postgres@127.0.0.1:5432/test"
		}
		// Commits do not wait for the disk: the write workloads measure
		// the libraries, not fsync.
		if !strings.Contains(bench.url, "synchronous_commit") {
			sep := "?"
			if strings.Contains(bench.url, "?") {
				sep = "&"
			}
			bench.url += sep + "synchronous_commit=off"
		}
		bench.dsn = strings.Replace(bench.url, "postgresql://", "postgres://", 1)
	case "sqlite":
		dir, err := os.MkdirTemp("", "athanor-bench")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		defer os.RemoveAll(dir)
		path := filepath.Join(dir, "bench.db")
		bench.url = "sqlite:///" + path
		bench.dsn = path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(OFF)&_pragma=busy_timeout(5000)"
	default:
		fmt.Fprintf(os.Stderr, "ATHANOR_BENCH_DB=%q: postgres or sqlite\n", bench.db)
		os.Exit(2)
	}
	code := m.Run()
	if prepared && bench.db == "postgres" {
		dropTables()
	}
	os.Exit(code)
}

// dropTables drops the bench tables once the run is over, leaving the
// database as it was.
func dropTables() {
	db, err := openDB()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return
	}
	defer db.Close()
	for _, t := range []string{ReadTable, WriteTable} {
		if _, err := db.ExecContext(context.Background(), "DROP TABLE IF EXISTS "+t); err != nil {
			fmt.Fprintln(os.Stderr, "dropping", t+":", err)
		}
	}
}

// prepared is set once the tables are loaded.
var prepared bool

// prepare creates and loads the tables once per process.
func prepare(tb testing.TB) {
	tb.Helper()
	if prepared {
		return
	}
	db := openStdlib(tb)
	defer db.Close()
	ctx := context.Background()
	for _, t := range []string{ReadTable, WriteTable} {
		if _, err := db.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			tb.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, createSQL(bench.db, t)); err != nil {
			tb.Fatal(err)
		}
	}
	models := NewModels(ReadRows)
	for start := 0; start < len(models); start += 500 {
		if err := stdlibInsertValues(ctx, db, ReadTable, models[start:min(start+500, len(models))]); err != nil {
			tb.Fatal(err)
		}
	}
	if bench.db == "postgres" {
		if _, err := db.ExecContext(ctx, "VACUUM ANALYZE "+ReadTable); err != nil {
			tb.Fatal(err)
		}
	}
	prepared = true
}

// openStdlib opens database/sql on the bench database.
func openStdlib(tb testing.TB) *sql.DB {
	tb.Helper()
	db, err := openDB()
	if err != nil {
		tb.Fatal(err)
	}
	return db
}

// openDB opens database/sql on the bench database: pgx's adapter on
// PostgreSQL, modernc's driver on SQLite.
func openDB() (*sql.DB, error) {
	var db *sql.DB
	if bench.db == "postgres" {
		cfg, err := pgx.ParseConfig(bench.dsn)
		if err != nil {
			return nil, err
		}
		db = stdlib.OpenDB(*cfg)
	} else {
		var err error
		if db, err = sql.Open("sqlite", bench.dsn); err != nil {
			return nil, err
		}
	}
	db.SetMaxIdleConns(5)
	return db, nil
}

// placeholder is the i-th (from 1) parameter marker.
func placeholder(i int) string {
	if bench.db == "postgres" {
		return fmt.Sprintf("$%d", i)
	}
	return "?"
}

// valuesSQL is a multi-row INSERT of n rows into table.
func valuesSQL(table string, n int, returning bool) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(Columns, ", ") + ") VALUES ")
	p := 1
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range Columns {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteString(placeholder(p))
			p++
		}
		b.WriteByte(')')
	}
	if returning {
		b.WriteString(" RETURNING id")
	}
	return b.String()
}

func valuesArgs(ms []Model) []any {
	args := make([]any, 0, len(ms)*len(Columns))
	for i := range ms {
		args = append(args, ms[i].Args()...)
	}
	return args
}

func stdlibInsertValues(ctx context.Context, db interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, table string, ms []Model) error {
	_, err := db.ExecContext(ctx, valuesSQL(table, len(ms), false), valuesArgs(ms)...)
	return err
}

// selectSQL is the query of the select workloads: by primary key
// (where != ""), or the first n rows.
func selectSQL(where string, limit bool) string {
	q := "SELECT " + strings.Join(AllColumns, ", ") + " FROM " + ReadTable
	if where != "" {
		q += " WHERE " + where
	}
	if limit {
		q += " ORDER BY id LIMIT " + placeholder(1)
	}
	return q
}

func updateSQL() string {
	var b strings.Builder
	b.WriteString("UPDATE " + WriteTable + " SET ")
	for i, c := range Columns {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c + " = " + placeholder(i+1))
	}
	b.WriteString(" WHERE id = " + placeholder(len(Columns)+1))
	return b.String()
}
