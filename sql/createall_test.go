package sql_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// recorder is a DDLExecutor that compiles what it is given and keeps the
// SQL, with a set of tables that "exist". It checks what CreateAll and
// DropAll emit; what a database does with it is tested on SQLite.
type recorder struct {
	d        dialect.Dialect
	existing map[string]bool
	stmts    []string
}

func newRecorder(d dialect.Dialect, existing ...string) *recorder {
	r := &recorder{d: d, existing: map[string]bool{}}
	for _, n := range existing {
		r.existing[n] = true
	}
	return r
}

func (r *recorder) Dialect() dialect.Dialect { return r.d }

func (r *recorder) ExecDDL(_ context.Context, st sql.Statement) error {
	c, err := sql.Compile(st, r.d)
	if err != nil {
		return err
	}
	r.stmts = append(r.stmts, c.SQL)
	return nil
}

func (r *recorder) HasTable(_ context.Context, schema, name string) (bool, error) {
	if schema != "" {
		name = schema + "." + name
	}
	return r.existing[name], nil
}

// inlineDialect is plainDialect with SQLite's way with cycles.
type inlineDialect struct {
	*plainDialect
	hooks *sql.Hooks
}

func (d inlineDialect) SQLHooks() *sql.Hooks { return d.hooks }

func cycleMeta(named bool) *sql.MetaData {
	md := sql.NewMetaData()
	md.Table("a",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("bid", integer),
		sql.ForeignKeyOn([]string{"bid"}, []string{"b.id"}),
	)
	opts := sql.FKOptions{}
	if named {
		opts.Name = "bfk"
	}
	md.Table("b",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("aid", integer),
		sql.ForeignKeyOn([]string{"aid"}, []string{"a.id"}, opts),
	)
	return md
}

func runDDL(t *testing.T, fn func(context.Context, sql.DDLExecutor, ...sql.CreateOptions) error, r *recorder, opts ...sql.CreateOptions) {
	t.Helper()
	if err := fn(context.Background(), r, opts...); err != nil {
		t.Fatal(err)
	}
}

func wantStmts(t *testing.T, r *recorder, want ...string) {
	t.Helper()
	if !slices.Equal(r.stmts, want) {
		t.Fatalf("statements\n got: %s\nwant: %s", strings.Join(r.stmts, "\n      "), strings.Join(want, "\n      "))
	}
}

func TestCreateAllOrder(t *testing.T) {
	md := sql.NewMetaData()
	md.Table("address",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.References("users.id")),
		sql.NewColumn("email", str30, sql.Indexed()),
	)
	md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("parent", integer, sql.References("users.id")))
	md.Table("lone", sql.NewColumn("x", integer))

	r := newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE users (id INTEGER NOT NULL, parent INTEGER, PRIMARY KEY (id), FOREIGN KEY(parent) REFERENCES users (id))",
		"CREATE TABLE address (id INTEGER NOT NULL, user_id INTEGER, email VARCHAR(30), PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id))",
		"CREATE INDEX ix_address_email ON address (email)",
		"CREATE TABLE lone (x INTEGER)",
	)

	// Check first: existing tables (and their indexes) are left alone.
	r = newRecorder(dialect.Generic, "users", "address")
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r, "CREATE TABLE lone (x INTEGER)")
	r = newRecorder(dialect.Generic, "users", "address")
	runDDL(t, md.DropAll, r)
	wantStmts(t, r, "DROP TABLE address", "DROP TABLE users")

	// NoCheckFirst runs everything, existing or not.
	r = newRecorder(dialect.Generic, "users", "address", "lone")
	runDDL(t, md.DropAll, r, sql.CreateOptions{NoCheckFirst: true})
	wantStmts(t, r, "DROP TABLE lone", "DROP TABLE address", "DROP TABLE users")

	// A subset of the tables.
	users, _ := md.Lookup("users")
	r = newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r, sql.CreateOptions{Tables: []*sql.Table{users}})
	wantStmts(t, r, "CREATE TABLE users (id INTEGER NOT NULL, parent INTEGER, PRIMARY KEY (id), FOREIGN KEY(parent) REFERENCES users (id))")

	sorted, err := md.SortedTables()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tbl := range sorted {
		names = append(names, tbl.Name())
	}
	if got := strings.Join(names, " "); got != "users address lone" {
		t.Fatalf("SortedTables: %s", got)
	}
}

func TestCreateAllCycleWithAlter(t *testing.T) {
	// The named constraint is the one cut: it can be dropped by name.
	md := cycleMeta(true)
	r := newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id))",
		"CREATE TABLE a (id INTEGER NOT NULL, bid INTEGER, PRIMARY KEY (id), FOREIGN KEY(bid) REFERENCES b (id))",
		"ALTER TABLE b ADD CONSTRAINT bfk FOREIGN KEY(aid) REFERENCES a (id)",
	)
	r = newRecorder(dialect.Generic, "a", "b")
	runDDL(t, md.DropAll, r)
	wantStmts(t, r, "ALTER TABLE b DROP CONSTRAINT bfk", "DROP TABLE a", "DROP TABLE b")

	// Unnamed: the first table's key is cut; DropAll cannot drop it by
	// name and refuses before dropping anything.
	md = cycleMeta(false)
	r = newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE a (id INTEGER NOT NULL, bid INTEGER, PRIMARY KEY (id))",
		"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id), FOREIGN KEY(aid) REFERENCES a (id))",
		"ALTER TABLE a ADD FOREIGN KEY(bid) REFERENCES b (id)",
	)
	r = newRecorder(dialect.Generic, "a", "b")
	if err := md.DropAll(context.Background(), r); !errors.Is(err, sql.ErrArgument) {
		t.Fatalf("DropAll of an unnamed cycle: %v", err)
	}
	wantStmts(t, r)

	// A naming convention names it.
	md = sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{ForeignKey: "fk_%(table_name)s_%(column_0_name)s"}))
	md.Table("a", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("bid", integer, sql.References("b.id")))
	md.Table("b", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("aid", integer, sql.References("a.id")))
	r = newRecorder(dialect.Generic, "a", "b")
	runDDL(t, md.DropAll, r)
	wantStmts(t, r, "ALTER TABLE a DROP CONSTRAINT fk_a_bid", "DROP TABLE b", "DROP TABLE a")
}

func TestCreateAllCycleInlineOrRefused(t *testing.T) {
	inline := inlineDialect{newPlain(nil), &sql.Hooks{InlineForeignKeyCycles: true}}
	md := cycleMeta(true)
	r := newRecorder(inline)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id), CONSTRAINT bfk FOREIGN KEY(aid) REFERENCES a (id))",
		"CREATE TABLE a (id INTEGER NOT NULL, bid INTEGER, PRIMARY KEY (id), FOREIGN KEY(bid) REFERENCES b (id))",
	)
	r = newRecorder(inline, "a", "b")
	runDDL(t, md.DropAll, r)
	wantStmts(t, r, "DROP TABLE a", "DROP TABLE b")

	r = newRecorder(newPlain(nil))
	if err := md.CreateAll(context.Background(), r); !errors.Is(err, sql.ErrNotSupported) {
		t.Fatalf("cycle without ALTER: %v", err)
	}
	wantStmts(t, r)
}

func TestCreateAllUseAlter(t *testing.T) {
	md := sql.NewMetaData()
	md.Table("p", sql.NewColumn("id", integer, sql.PrimaryKey()))
	md.Table("c", sql.NewColumn("pid", integer, sql.References("p.id", sql.FKOptions{Name: "c_p", UseAlter: true})))
	r := newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE p (id INTEGER NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE c (pid INTEGER)",
		"ALTER TABLE c ADD CONSTRAINT c_p FOREIGN KEY(pid) REFERENCES p (id)",
	)
	// Without ALTER the key is written inline.
	r = newRecorder(newPlain(nil))
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"CREATE TABLE p (id INTEGER NOT NULL, PRIMARY KEY (id))",
		"CREATE TABLE c (pid INTEGER, CONSTRAINT c_p FOREIGN KEY(pid) REFERENCES p (id))",
	)
}

func TestCreateAllComments(t *testing.T) {
	md := sql.NewMetaData()
	md.Table("t", sql.NewColumn("x", integer, sql.ColumnComment("ex")), sql.TableComment("tee"))
	r := newRecorder(dialect.Generic)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r, "CREATE TABLE t (x INTEGER)", "COMMENT ON TABLE t IS 'tee'", "COMMENT ON COLUMN t.x IS 'ex'")
	r = newRecorder(newPlain(nil))
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r, "CREATE TABLE t (x INTEGER)")
}

func TestCreateAllChecksBeforeRunning(t *testing.T) {
	for name, md := range map[string]*sql.MetaData{
		"untyped column": func() *sql.MetaData {
			md := sql.NewMetaData()
			md.Table("ok", sql.NewColumn("x", integer))
			md.Table("untyped", sql.NewColumn("x", nil))
			return md
		}(),
		"bad table": func() *sql.MetaData {
			md := sql.NewMetaData()
			md.Table("ok", sql.NewColumn("x", integer))
			md.Table("bad", sql.NewColumn("x", integer), sql.UniqueOn([]string{"y"}))
			return md
		}(),
		"unresolvable foreign key": func() *sql.MetaData {
			md := sql.NewMetaData()
			md.Table("ok", sql.NewColumn("x", integer))
			md.Table("fk", sql.NewColumn("x", integer, sql.References("nowhere.id")))
			return md
		}(),
		"index without name": func() *sql.MetaData {
			md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Index: "ix_%(constraint_name)s"}))
			md.Table("ok", sql.NewColumn("x", integer))
			md.Table("ix", sql.NewColumn("x", integer, sql.Indexed()))
			return md
		}(),
	} {
		t.Run(name, func(t *testing.T) {
			r := newRecorder(dialect.Generic)
			err := md.CreateAll(context.Background(), r)
			if err == nil {
				t.Fatal("CreateAll succeeded")
			}
			wantStmts(t, r)
		})
	}
}

func TestSortTablesCutsAnEdgeOnTheCycle(t *testing.T) {
	// d refers to b, and b and c refer to each other: d is downstream of
	// the cycle, not on it, and its key must not be cut.
	md := sql.NewMetaData()
	md.Table("d", sql.NewColumn("bid", integer, sql.References("b.id")))
	md.Table("b", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("cid", integer, sql.References("c.id")))
	md.Table("c", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("bid", integer, sql.References("b.id")))
	cut, err := md.CycleForeignKeys()
	if err != nil {
		t.Fatal(err)
	}
	if len(cut) != 1 || cut[0].Table().Name() != "b" {
		t.Fatalf("cut %v", describeFKs(cut))
	}
	sorted, _ := md.SortedTables()
	if got := tableNames(sorted); got != "b d c" {
		t.Fatalf("order %s", got)
	}

	// Two cycles sharing a table, and a table downstream of both:
	// x <-> y, y <-> z, w -> x. Two cuts, each on a cycle; the result is
	// the same every time.
	md = sql.NewMetaData()
	md.Table("w", sql.NewColumn("xid", integer, sql.References("x.id")))
	md.Table("x", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("yid", integer, sql.References("y.id")))
	md.Table("y", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("xid", integer, sql.References("x.id")), sql.NewColumn("zid", integer, sql.References("z.id")))
	md.Table("z", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("yid", integer, sql.References("y.id")))
	var first string
	for range 20 {
		cut, err := md.CycleForeignKeys()
		if err != nil {
			t.Fatal(err)
		}
		got := describeFKs(cut)
		if first == "" {
			first = got
		} else if got != first {
			t.Fatalf("not deterministic: %s then %s", first, got)
		}
		for _, fk := range cut {
			if fk.Table().Name() == "w" {
				t.Fatalf("cut w's key, which is on no cycle: %s", got)
			}
		}
		if len(cut) != 2 {
			t.Fatalf("cut %s, want two keys", got)
		}
	}
	sorted, _ = md.SortedTables()
	pos := map[string]int{}
	for i, tbl := range sorted {
		pos[tbl.Name()] = i
	}
	cutSet := map[*sql.ForeignKeyConstraint]bool{}
	cut, _ = md.CycleForeignKeys()
	for _, fk := range cut {
		cutSet[fk] = true
	}
	for _, tbl := range sorted {
		for _, fk := range tbl.ForeignKeyConstraints() {
			ref, _ := fk.ReferredTable()
			if !cutSet[fk] && ref != tbl && pos[ref.Name()] > pos[tbl.Name()] {
				t.Fatalf("%s comes before %s, which it refers to", tbl.Name(), ref.Name())
			}
		}
	}
}

func describeFKs(fks []*sql.ForeignKeyConstraint) string {
	var parts []string
	for _, fk := range fks {
		ref, _ := fk.ReferredTable()
		parts = append(parts, fmt.Sprintf("%s->%s", fk.Table().Name(), ref.Name()))
	}
	return strings.Join(parts, ", ")
}

func tableNames(ts []*sql.Table) string {
	var names []string
	for _, t := range ts {
		names = append(names, t.Name())
	}
	return strings.Join(names, " ")
}
