package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// shop declares the tables the command prints.
func shop(prefix string) *sql.MetaData {
	md := sql.NewMetaData()
	customers := md.Table(prefix+"customers",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 50}, sql.NotNull(), sql.ServerDefault("anon")),
		sql.NewColumn("email", types.String{Length: 100}, sql.Unique()),
		sql.NewColumn("balance", types.Numeric{Precision: 10, Scale: 2}),
		sql.CheckExpr(sql.Ops(sql.LiteralColumn("balance")).Ge(0), sql.ConstraintOptions{Name: "ck_" + prefix + "balance"}),
		sql.TableComment("people who buy"),
	)
	orders := md.Table(prefix+"orders",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("customer_id", types.Integer{}, sql.NotNull(), sql.References(customers.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("placed", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("note", types.Text{}, sql.ColumnComment("free text")),
	)
	sql.NewIndex("ix_"+prefix+"orders_placed", orders.C("customer_id"), sql.Ops(orders.C("placed")).Desc())
	return md
}

// sqliteFile creates the shop in a SQLite file and returns its URL.
func sqliteFile(t *testing.T) string {
	t.Helper()
	url := "sqlite:///" + filepath.ToSlash(filepath.Join(t.TempDir(), "shop.db"))
	eng, err := engine.Create(url)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	ctx := context.Background()
	if err := shop("").CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, sql.Text("CREATE VIEW big_spenders AS SELECT id, name FROM customers WHERE balance > 100"))
	if err != nil {
		t.Fatal(err)
	}
	res.Close()
	return url
}

func runCommand(t *testing.T, args ...string) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(context.Background(), args, &out, &errOut)
	return out.String(), errOut.String(), status
}

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Fatalf("output differs from %s (go test -update rewrites it):\n%s", path, got)
	}
}

func TestInspectText(t *testing.T) {
	url := sqliteFile(t)
	out, errOut, status := runCommand(t, "inspect", url)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	golden(t, "inspect_sqlite.txt", out)
}

func TestInspectJSON(t *testing.T) {
	url := sqliteFile(t)
	out, errOut, status := runCommand(t, "inspect", url, "--json") // flags after the URL too
	if status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	golden(t, "inspect_sqlite.json", out)
	var s inspect.SchemaInfo
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Tables) != 2 || s.Tables[1].Name != "orders" || len(s.Tables[1].ForeignKeys) != 1 || len(s.Views) != 1 {
		t.Fatalf("%+v", s)
	}
}

func TestInspectTables(t *testing.T) {
	url := sqliteFile(t)
	out, errOut, status := runCommand(t, "inspect", "--table", "orders", "--table", "big_spenders", url)
	if status != 0 {
		t.Fatalf("status %d: %s", status, errOut)
	}
	if strings.Contains(out, "TABLE customers") || !strings.Contains(out, "TABLE orders") || !strings.Contains(out, "VIEW big_spenders") {
		t.Fatal(out)
	}
	if _, errOut, status := runCommand(t, "inspect", "--table", "nope", url); status != 1 || !strings.Contains(errOut, "no such table") {
		t.Fatalf("a missing table: status %d, %s", status, errOut)
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{nil, {"nope"}, {"inspect"}, {"inspect", "--bad", "sqlite://"}, {"inspect", "sqlite://", "extra"}} {
		if _, errOut, status := runCommand(t, args...); status != 2 || errOut == "" {
			t.Errorf("%q: status %d, %q", args, status, errOut)
		}
	}
	if out, _, status := runCommand(t, "help"); status != 0 || !strings.Contains(out, "inspect") {
		t.Errorf("help: %d %q", status, out)
	}
	if _, errOut, status := runCommand(t, "inspect", "nosuchdb://x"); status != 1 || !strings.Contains(errOut, "no dialect") {
		t.Errorf("unknown scheme: %d %q", status, errOut)
	}
	_, errOut, status := runCommand(t, "inspect", "postgresql://someone:secret@127.0.0.1:1/x?connect_timeout=1")
	if status != 1 || strings.Contains(errOut, "secret") {
		t.Errorf("unreachable server: %d %q", status, errOut)
	}
}

// TestInspectLive runs the command on PostgreSQL and MySQL/MariaDB when
// their URLs are set.
func TestInspectLive(t *testing.T) {
	for _, env := range []string{"ATHANOR_TEST_POSTGRES_URL", "ATHANOR_TEST_MYSQL_URL"} {
		t.Run(env, func(t *testing.T) {
			url := os.Getenv(env)
			if url == "" {
				if os.Getenv("CI") == "true" {
					t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
				}
				t.Skipf("%s is not set: skipping the live test", env)
			}
			eng, err := engine.Create(url)
			if err != nil {
				t.Fatal(err)
			}
			defer eng.Close()
			b := make([]byte, 4)
			rand.Read(b)
			prefix := "cmd" + hex.EncodeToString(b) + "_"
			md := shop(prefix)
			ctx := context.Background()
			if err := md.CreateAll(ctx, eng); err != nil {
				t.Fatal(err)
			}
			defer md.DropAll(ctx, eng)
			out, errOut, status := runCommand(t, "inspect", "--table", prefix+"customers", "--table", prefix+"orders", url)
			if status != 0 {
				t.Fatalf("status %d: %s", status, errOut)
			}
			schema := prefix + "schema"
			q := eng.Dialect().QuoteIdentifier
			for _, text := range []string{"CREATE SCHEMA " + q(schema), "CREATE TABLE " + q(schema) + ".elsewhere (id INTEGER PRIMARY KEY)"} {
				res, err := eng.Execute(ctx, sql.Text(text))
				if err != nil {
					t.Fatal(err)
				}
				res.Close()
			}
			defer func() {
				drop := "DROP SCHEMA " + q(schema)
				if strings.HasPrefix(url, "postgres") {
					drop += " CASCADE"
				}
				if res, err := eng.Execute(ctx, sql.Text(drop)); err == nil {
					res.Close()
				}
			}()
			other, errOut, status := runCommand(t, "inspect", "--schema", schema, url)
			if status != 0 || !strings.Contains(other, "schema "+schema+": 1 table, 0 views") || !strings.Contains(other, "TABLE elsewhere") {
				t.Fatalf("--schema: status %d: %s%s", status, other, errOut)
			}
			for _, want := range []string{
				"TABLE " + prefix + "customers  -- people who buy",
				"FOREIGN KEY", "REFERENCES " + prefix + "customers (id) ON DELETE CASCADE",
				"CHECK ck_" + prefix + "balance", "INDEX ix_" + prefix + "orders_placed (customer_id, placed DESC)",
				"-- free text", "autoincrement",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("no %q in\n%s", want, out)
				}
			}
		})
	}
}
