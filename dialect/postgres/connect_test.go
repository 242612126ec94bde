package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestConnConfig(t *testing.T) {
	cfg := func(raw string) (*postgres.Dialect, error) {
		u, err := dialect.ParseURL(raw)
		if err != nil {
			t.Fatal(err)
		}
		_, err = postgres.ConnConfig(u)
		return nil, err
	}
	u, _ := dialect.ParseURL("postgresql+pgx://us%40er:p%40ss%2Fw@db.example.com:6543/my%20db?sslmode=disable&application_name=athanor&search_path=a,b&connect_timeout=7")
	c, err := postgres.ConnConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	if c.Host != "db.example.com" || c.Port != 6543 || c.User != "us@er" || c.Password != "p@ss/w" || c.Database != "my db" {
		t.Fatalf("config: %s:%d %s %s %s", c.Host, c.Port, c.User, c.Password, c.Database)
	}
	if c.TLSConfig != nil || c.ConnectTimeout.Seconds() != 7 {
		t.Fatalf("sslmode/connect_timeout: %v %v", c.TLSConfig, c.ConnectTimeout)
	}
	if c.RuntimeParams["application_name"] != "athanor" || c.RuntimeParams["search_path"] != "a,b" {
		t.Fatalf("runtime params: %v", c.RuntimeParams)
	}
	u, _ = dialect.ParseURL("postgresql://[::1]:5433/x?sslmode=require")
	if c, err = postgres.ConnConfig(u); err != nil || c.Host != "::1" || c.Port != 5433 || c.TLSConfig == nil {
		t.Fatalf("IPv6 and sslmode=require: %v %v", c, err)
	}
	u, _ = dialect.ParseURL("postgresql://[::1]/x?sslmode=disable")
	if c, err = postgres.ConnConfig(u); err != nil || c.Host != "::1" {
		t.Fatalf("IPv6 without port: %v %v", c, err)
	}
	u, _ = dialect.ParseURL("postgres://u@/db?host=/var/run/postgresql&sslmode=disable")
	if c, err = postgres.ConnConfig(u); err != nil || c.Host != "/var/run/postgresql" || c.Database != "db" {
		t.Fatalf("unix socket: %v %v", c, err)
	}
	if _, err := cfg("postgresql+psycopg2://u@h/db"); !errors.Is(err, dialect.ErrInvalidURL) || !strings.Contains(err.Error(), "pgx") {
		t.Fatalf("other driver: %v", err)
	}
	_, err = cfg("postgresql://u:sekrit@h/db?sslmode=bogus")
	if !errors.Is(err, dialect.ErrInvalidURL) || strings.Contains(err.Error(), "sekrit") {
		t.Fatalf("bad sslmode: %v", err)
	}
	if _, err := engine.Create("postgresql://u@h/db?connect_timeout=soon"); !errors.Is(err, dialect.ErrInvalidURL) {
		t.Fatalf("engine with a bad option: %v", err)
	}
}

func TestRegistered(t *testing.T) {
	for _, name := range []string{"postgresql", "postgres"} {
		d, err := dialect.Lookup(name)
		if err != nil || d.Name() != "postgresql" || d.Paramstyle() != dialect.Dollar {
			t.Fatalf("%s: %v %v", name, d, err)
		}
	}
	eng, err := engine.Create("postgres://u@localhost/db")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	if _, ok := eng.Dialect().(*postgres.Dialect); !ok {
		t.Fatalf("engine dialect %T", eng.Dialect())
	}
}

func TestVersionFeatures(t *testing.T) {
	if f := pg.ForVersion(90600).Features(); f.Identity || !f.AggregateFilter {
		t.Fatalf("9.6: %+v", f)
	}
	if f := pg.ForVersion(90300).Features(); f.AggregateFilter {
		t.Fatal("9.3 has no FILTER")
	}
	if v := pg.ForVersion(150004); v.ServerVersion() != 150004 || !v.Features().Identity || pg.ServerVersion() != 0 {
		t.Fatal("ForVersion changed the receiver or lost the version")
	}
}

func TestConnectLive(t *testing.T) {
	ctx := context.Background()
	schema, u := newSchema(t)
	eng, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	v, err := execOK(t, eng, sql.NewSelect(sql.Func("current_setting", "server_version_num"))).Scalar()
	if err != nil {
		t.Fatal(err)
	}
	d := eng.Dialect().(*postgres.Dialect)
	if d.ServerVersion() == 0 || v != strings.TrimSpace(v.(string)) || strings.TrimLeft(v.(string), "0123456789") != "" {
		t.Fatalf("version %v, detected %d", v, d.ServerVersion())
	}
	if !d.Features().Identity {
		t.Fatal("a server of version 10 or later has identity columns")
	}

	// HasTable: by schema, through the search_path, and not elsewhere.
	md := sql.NewMetaData()
	md.Table("visible", sql.NewColumn("id", types.Integer{}))
	mustCreate(t, md, eng)
	for _, c := range []struct {
		schema, name string
		want         bool
	}{
		{"", "visible", true}, {schema, "visible", true}, {"public", "visible", false}, {"", "missing", false},
		{"", "pg_class", true}, {"pg_catalog", "pg_class", true},
	} {
		got, err := eng.HasTable(ctx, c.schema, c.name)
		if err != nil || got != c.want {
			t.Errorf("HasTable(%q, %q) = %v, %v", c.schema, c.name, got, err)
		}
	}
	// A temporary table is visible too.
	conn, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.Execute(ctx, sql.Text("CREATE TEMPORARY TABLE scratch (x int)")); err != nil {
		t.Fatal(err)
	}
	if ok, err := conn.HasTable(ctx, "", "scratch"); err != nil || !ok {
		t.Fatalf("temporary table: %v %v", ok, err)
	}
	if ok, err := conn.HasObject(ctx, dialect.ObjectType, "", "int4"); err != nil || !ok {
		t.Fatalf("HasObject(type int4): %v %v", ok, err)
	}
	if ok, err := conn.HasObject(ctx, dialect.ObjectSequence, schema, "nope"); err != nil || ok {
		t.Fatalf("HasObject(sequence nope): %v %v", ok, err)
	}
	if _, err := conn.HasObject(ctx, dialect.ObjectKind("widget"), "", "x"); !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("HasObject of an unknown kind: %v", err)
	}
}
