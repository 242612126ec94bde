package sql_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// logListener records its call in the recorder's statements, where it
// falls among the DDL.
func logListener(r *recorder, label string) sql.DDLListener {
	return func(_ context.Context, ex sql.DDLExecutor, ev sql.DDLEvent) error {
		if ex != r {
			return fmt.Errorf("listener given executor %T", ex)
		}
		s := label + ": " + ev.Kind.String()
		if ev.Table != nil {
			s += " " + ev.Table.Name()
		} else {
			s += " [" + tableNames(ev.Tables) + "]"
		}
		if !ev.CheckFirst {
			s += " (no check)"
		}
		if ev.MetaData == nil {
			s += " (no metadata)"
		}
		r.stmts = append(r.stmts, s)
		return nil
	}
}

func eventMeta(r *recorder) *sql.MetaData {
	md := cycleMeta(true)
	for _, k := range []sql.DDLEventKind{sql.BeforeCreate, sql.AfterCreate, sql.BeforeDrop, sql.AfterDrop} {
		md.Listen(k, logListener(r, "md"))
	}
	a, _ := md.Lookup("a")
	for _, k := range []sql.DDLEventKind{sql.BeforeCreate, sql.AfterCreate, sql.BeforeDrop, sql.AfterDrop} {
		a.Listen(k, logListener(r, "a"))
	}
	b, _ := md.Lookup("b")
	b.Listen(sql.AfterCreate, sql.RunDDL(sql.Text("CREATE VIEW bv AS SELECT * FROM b"), sql.Text("GRANT SELECT ON bv TO PUBLIC")))
	b.Listen(sql.BeforeDrop, sql.RunDDL(sql.Text("DROP VIEW bv")))
	md.Table("c", sql.NewColumn("x", integer, sql.Indexed()), sql.TableComment("see"),
		sql.Listen(sql.BeforeCreate, logListener(r, "c item")),
		sql.Listen(sql.AfterCreate, logListener(r, "c item")),
		sql.Listen(sql.AfterDrop, logListener(r, "c item")),
	)
	c, _ := md.Lookup("c")
	c.Listen(sql.AfterCreate, logListener(r, "c method"))
	return md
}

func TestDDLEventsOrder(t *testing.T) {
	r := newRecorder(dialect.Generic)
	md := eventMeta(r)
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r,
		"md: before create [b a c]",
		"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id))",
		"CREATE VIEW bv AS SELECT * FROM b",
		"GRANT SELECT ON bv TO PUBLIC",
		"a: before create a",
		"CREATE TABLE a (id INTEGER NOT NULL, bid INTEGER, PRIMARY KEY (id), FOREIGN KEY(bid) REFERENCES b (id))",
		"a: after create a",
		"c item: before create c",
		"CREATE TABLE c (x INTEGER)",
		"CREATE INDEX ix_c_x ON c (x)",
		"COMMENT ON TABLE c IS 'see'",
		"c item: after create c",
		"c method: after create c",
		"ALTER TABLE b ADD CONSTRAINT bfk FOREIGN KEY(aid) REFERENCES a (id)",
		"md: after create [b a c]",
	)

	r.stmts, r.existing = nil, map[string]bool{"a": true, "b": true, "c": true}
	runDDL(t, md.DropAll, r)
	wantStmts(t, r,
		"md: before drop [c a b]",
		"ALTER TABLE b DROP CONSTRAINT bfk",
		"DROP TABLE c",
		"c item: after drop c",
		"a: before drop a",
		"DROP TABLE a",
		"a: after drop a",
		"DROP VIEW bv",
		"DROP TABLE b",
		"md: after drop [c a b]",
	)
}

// With the check, a table that exists (or is missing, for DropAll) gets
// no events; the metadata's listeners run even when there is nothing to
// do, and are told which tables the run handles.
func TestDDLEventsCheckFirst(t *testing.T) {
	r := newRecorder(dialect.Generic, "a")
	md := eventMeta(r)
	b, _ := md.Lookup("b")
	c, _ := md.Lookup("c")
	runDDL(t, md.CreateAll, r, sql.CreateOptions{Tables: []*sql.Table{b, c}})
	wantStmts(t, r,
		"md: before create [b c]",
		"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id), CONSTRAINT bfk FOREIGN KEY(aid) REFERENCES a (id))",
		"CREATE VIEW bv AS SELECT * FROM b",
		"GRANT SELECT ON bv TO PUBLIC",
		"c item: before create c",
		"CREATE TABLE c (x INTEGER)",
		"CREATE INDEX ix_c_x ON c (x)",
		"COMMENT ON TABLE c IS 'see'",
		"c item: after create c",
		"c method: after create c",
		"md: after create [b c]",
	)

	r.stmts, r.existing = nil, map[string]bool{"a": true, "b": true, "c": true}
	runDDL(t, md.CreateAll, r)
	wantStmts(t, r, "md: before create []", "md: after create []")

	r.stmts, r.existing = nil, map[string]bool{}
	runDDL(t, md.DropAll, r)
	wantStmts(t, r, "md: before drop []", "md: after drop []")

	r.stmts = nil
	runDDL(t, md.DropAll, r, sql.CreateOptions{Tables: []*sql.Table{c}, NoCheckFirst: true})
	wantStmts(t, r, "md: before drop [c] (no check)", "DROP TABLE c", "c item: after drop c (no check)", "md: after drop [c] (no check)")
}

// A listener's error stops the run where it is, and is returned wrapped.
func TestDDLEventsErrorStops(t *testing.T) {
	boom := errors.New("boom")
	fail := func(context.Context, sql.DDLExecutor, sql.DDLEvent) error { return boom }
	for _, tc := range []struct {
		name   string
		listen func(md *sql.MetaData)
		drop   bool // DropAll rather than CreateAll
		exist  []string
		msg    string
		want   []string
	}{
		{
			name:   "table after create",
			listen: func(md *sql.MetaData) { a, _ := md.Lookup("a"); a.Listen(sql.AfterCreate, fail) },
			msg:    "athanor: after create listener of table a: boom",
			want: []string{
				"CREATE TABLE b (id INTEGER NOT NULL, aid INTEGER, PRIMARY KEY (id))",
				"CREATE TABLE a (id INTEGER NOT NULL, bid INTEGER, PRIMARY KEY (id), FOREIGN KEY(bid) REFERENCES b (id))",
			},
		},
		{
			name:   "metadata before create",
			listen: func(md *sql.MetaData) { md.Listen(sql.BeforeCreate, fail) },
			msg:    "athanor: before create listener of the metadata: boom",
		},
		{
			name:   "table before drop",
			listen: func(md *sql.MetaData) { b, _ := md.Lookup("b"); b.Listen(sql.BeforeDrop, fail) },
			drop:   true,
			exist:  []string{"a", "b"},
			msg:    "athanor: before drop listener of table b: boom",
			want:   []string{"ALTER TABLE b DROP CONSTRAINT bfk", "DROP TABLE a"},
		},
		{
			name:   "metadata after drop",
			listen: func(md *sql.MetaData) { md.Listen(sql.AfterDrop, fail) },
			drop:   true,
			exist:  []string{"a", "b"},
			msg:    "athanor: after drop listener of the metadata: boom",
			want:   []string{"ALTER TABLE b DROP CONSTRAINT bfk", "DROP TABLE a", "DROP TABLE b"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			md := cycleMeta(true)
			tc.listen(md)
			r := newRecorder(dialect.Generic, tc.exist...)
			run := md.CreateAll
			if tc.drop {
				run = md.DropAll
			}
			err := run(context.Background(), r)
			if !errors.Is(err, boom) || err.Error() != tc.msg {
				t.Fatalf("error %v", err)
			}
			wantStmts(t, r, tc.want...)
		})
	}
}

// A definition error is found before any listener runs.
func TestDDLEventsAfterChecks(t *testing.T) {
	r := newRecorder(dialect.Generic)
	md := sql.NewMetaData()
	md.Listen(sql.BeforeCreate, logListener(r, "md"))
	md.Table("ok", sql.NewColumn("x", integer), sql.Listen(sql.BeforeCreate, logListener(r, "ok")))
	md.Table("untyped", sql.NewColumn("x", nil))
	if err := md.CreateAll(context.Background(), r); !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("CreateAll: %v", err)
	}
	wantStmts(t, r)
	// A nil listener is ignored.
	md.Listen(sql.AfterCreate, nil)
	if tbl, _ := md.Lookup("ok"); tbl != nil {
		tbl.Listen(sql.AfterCreate, nil)
	}
}

func TestDDLEventKindString(t *testing.T) {
	var names []string
	for k := sql.DDLEventKind(0); k <= sql.AfterDrop+1; k++ {
		names = append(names, k.String())
	}
	if got := strings.Join(names, ", "); got != "DDLEventKind(0), before create, after create, before drop, after drop, DDLEventKind(5)" {
		t.Fatal(got)
	}
}
