package robust_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/livetest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// sentinel is a table a payload executed as SQL would drop.
var sentinel = sql.NewTable("hostile_sentinel", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))

// payload is hostile input, used as a value and as an identifier.
type payload struct {
	name, s string
	// identifier: also used as a table, column and label name (not the
	// 1 MB string, longer than any database's names).
	identifier bool
}

var payloads = []payload{
	{"single quote", "it's", true},
	{"quotes closing a literal", "x' OR '1'='1", true},
	{"double quote", `say "hi"`, true},
	{"backtick", "a`b", true},
	{"bracket", "a]b[c", true},
	{"dash comment", "v -- comment", true},
	{"block comment", "v /* c */ w", true},
	{"hash comment", "v # c", true},
	{"second statement", "x'; DROP TABLE hostile_sentinel; --", true},
	{"second statement quoted", `x"; DROP TABLE hostile_sentinel; --`, true},
	{"backtick statement", "x`; DROP TABLE hostile_sentinel; -- ", true},
	{"backslash", `a\b\`, true},
	{"backslash quote", `a\'; DROP TABLE hostile_sentinel; --`, true},
	{"NUL", "a\x00b", true},
	{"fullwidth confusables", "ＳＥＬＥＣＴ＇ʼ", true},
	{"right-to-left marks", "abc\u202edcba\u200f", true},
	{"emoji outside the BMP", "😀🂡𝄞", true},
	{"percent and underscore", "50%_off", true},
	{"dollar placeholder", "$1", true},
	{"qmark placeholder", "?", true},
	{"named placeholder", ":name", true},
	{"numeric and atp placeholders", ":1 @p1", true},
	{"1 MB", strings.Repeat("ab'c\"d\\-", 1<<17), false},
}

var injTable = sql.NewTable("hostile_values",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
	sql.NewColumn("v", types.Text{}),
)

// refused checks that err is a clear, typed refusal: a database error or
// a compile error, with a message.
func refused(t *testing.T, what string, err error) {
	t.Helper()
	var dbErr *engine.Error
	if !errors.As(err, &dbErr) && !errors.Is(err, sql.ErrCompile) && !errors.Is(err, sql.ErrArgument) {
		t.Errorf("%s: refused with %T %v, not a typed error", what, err, err)
	}
	t.Logf("%s: refused: %.200s", what, err)
}

// checkSentinel fails the test if the sentinel table is gone.
func checkSentinel(t *testing.T, eng *engine.Engine, after string) {
	t.Helper()
	ok, err := eng.HasTable(context.Background(), "", sentinel.Name())
	if err != nil || !ok {
		t.Fatalf("after %s: the sentinel table is gone (%v): SQL was executed", after, err)
	}
}

// eachServer runs fn on an engine for each live database (PostgreSQL
// once: the payloads meet the same server whichever pool sends them),
// with the sentinel table created.
func eachServer(t *testing.T, tag string, fn func(t *testing.T, eng *engine.Engine)) {
	for _, b := range backends(t, tag) {
		if b.name == "postgresql-stdlib" {
			continue
		}
		t.Run(b.name, func(t *testing.T) {
			eng := livetest.Open(t, b.url, b.opts...)
			ensureTable(t, eng, sentinel)
			fn(t, eng)
		})
	}
}

// TestInjectionValues stores each payload as a value and reads it back
// by key, by equality and by LIKE (Contains), on each live database.
func TestInjectionValues(t *testing.T) {
	eachServer(t, "inj", func(t *testing.T, eng *engine.Engine) {
		ctx := context.Background()
		ensureTable(t, eng, injTable)
		for i, p := range payloads {
			t.Run(p.name, func(t *testing.T) {
				id := i + 1
				res, err := eng.Execute(ctx, injTable.Insert().Values(sql.Values{"id": id, "v": p.s}))
				checkSentinel(t, eng, p.name)
				if err != nil {
					refused(t, p.name, err)
					return
				}
				res.Close()
				got, err := engine.ScanOne[string](eng.Execute(ctx, sql.NewSelect(injTable.C("v")).Where(injTable.C("id").Eq(id))))
				if err != nil || got != p.s {
					t.Fatalf("read back %.80q (%v), stored %.80q", got, err, p.s)
				}
				for j, cond := range []sql.ColumnElement{injTable.C("v").Eq(p.s), injTable.C("v").Contains(p.s), injTable.C("v").StartsWith(p.s)} {
					ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(injTable.C("id")).Where(cond)))
					if j > 0 && len(p.s) > 50000 && err != nil {
						// SQLite refuses LIKE patterns over 50,000 bytes.
						refused(t, p.name+" in LIKE", err)
						continue
					}
					if err != nil || len(ids) != 1 || ids[0] != int64(id) {
						t.Errorf("%s: found %v (%v), want [%d]", debug(cond), ids, err, id)
					}
				}
				checkSentinel(t, eng, p.name)
			})
		}
	})
}

// TestInjectionIdentifiers uses each payload as a table name, a column
// name and a label on each live database: each is created, written and
// read back under its name, or refused with a typed error.
func TestInjectionIdentifiers(t *testing.T) {
	eachServer(t, "ident", func(t *testing.T, eng *engine.Engine) {
		ctx := context.Background()
		for _, p := range payloads {
			if !p.identifier {
				continue
			}
			t.Run(p.name, func(t *testing.T) {
				name := "hostile " + p.s
				tbl := sql.NewTable(name,
					sql.NewColumn(p.s, types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
					sql.NewColumn("v", types.String{Length: 20}))
				err := eng.ExecDDL(ctx, sql.NewCreateTable(tbl))
				checkSentinel(t, eng, p.name)
				if err != nil {
					refused(t, p.name, err)
					return
				}
				defer func() {
					if err := eng.ExecDDL(ctx, &sql.DropTable{Table: tbl}); err != nil {
						t.Errorf("drop: %v", err)
					}
					checkSentinel(t, eng, p.name)
				}()
				if ok, err := eng.HasTable(ctx, "", name); err != nil || !ok {
					t.Errorf("HasTable(%q) = %v, %v", name, ok, err)
				}
				mustExec(t, eng, tbl.Insert().Values(sql.Values{p.s: 7, "v": string([]rune(p.s)[:min(len([]rune(p.s)), 5)])}))
				alias := tbl.Alias(p.s)
				stmt := sql.NewSelect(alias.C(p.s), sql.Ops(alias.C(p.s)).Add(1).Label(p.s+" plus")).Where(alias.C(p.s).Eq(7))
				res, err := eng.Execute(ctx, stmt)
				if err != nil {
					t.Fatal(err)
				}
				if keys := res.Keys(); len(keys) != 2 || keys[0] != p.s || keys[1] != p.s+" plus" {
					t.Errorf("result keys %q", keys)
				}
				rows, err := res.Mappings()
				if err != nil || len(rows) != 1 || fmt.Sprint(rows[0][p.s]) != "7" || fmt.Sprint(rows[0][p.s+" plus"]) != "8" {
					t.Errorf("rows %v (%v)", rows, err)
				}
			})
		}
	})
}

// TestInjectionIdentifierQuoting compiles the payloads as identifiers
// for every dialect, SQL Server and Oracle included: each comes out as
// one quoted identifier that reads back as the payload, and the
// statement's remaining text holds none of it; a NUL is refused.
func TestInjectionIdentifierQuoting(t *testing.T) {
	for _, d := range []dialect.Dialect{dialect.Generic, sqlite.New(), postgres.New(), mysql.New(), mssql.New(), oracle.New()} {
		for _, p := range payloads {
			if !p.identifier {
				continue
			}
			tbl := sql.NewTable(p.s, sql.NewColumn(p.s, types.Integer{}))
			c, err := sql.Compile(sql.NewSelect(tbl.C(p.s)).Where(tbl.C(p.s).Eq(1)), d)
			if strings.ContainsRune(p.s, 0) {
				if !errors.Is(err, sql.ErrCompile) {
					t.Errorf("%s, %s: a NUL in a name: %v", d.Name(), p.name, err)
				}
				continue
			}
			if err != nil {
				t.Errorf("%s, %s: %v", d.Name(), p.name, err)
				continue
			}
			q := d.QuoteIdentifier(p.s)
			if got := unquote(q); got != p.s {
				t.Errorf("%s, %s: %s reads back as %q", d.Name(), p.name, q, got)
			}
			// Every quote character in the SQL belongs to a quoted name:
			// the payload opened no literal, comment or statement.
			rest := strings.ReplaceAll(c.SQL, q, "")
			if strings.ContainsAny(rest, d.QuoteIdentifier("")+"'") || strings.Count(c.SQL, q) != 5 {
				t.Errorf("%s, %s: %s", d.Name(), p.name, c.SQL)
			}
		}
	}
}

// unquote reads a quoted identifier: its first character opens it, the
// last closes it, and the closing character is doubled inside.
func unquote(q string) string {
	closing := q[len(q)-1:]
	return strings.ReplaceAll(q[1:len(q)-1], closing+closing, closing)
}

func debug(e sql.Element) string {
	s, err := sql.DebugSQL(e, dialect.Generic, nil)
	if err != nil {
		return err.Error()
	}
	return fmt.Sprintf("%.100s", s)
}
