package sql_test

import (
	"fmt"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/onconflict"
	"github.com/athanordb/athanor/sql"
)

// pkSources describes where each primary-key value of an INSERT comes
// from: "param N", "returned N", "lastrowid" or "unknown".
func pkSources(c *sql.Compiled) string {
	if c.Insert == nil {
		return "none"
	}
	out := ""
	for _, s := range c.Insert.PK {
		switch {
		case s.Param >= 0:
			out += fmt.Sprintf("%s:param %d ", s.Column.Name(), s.Param)
		case s.Returned >= 0:
			out += fmt.Sprintf("%s:returned %d ", s.Column.Name(), s.Returned)
		case s.LastRowID:
			out += s.Column.Name() + ":lastrowid "
		default:
			out += s.Column.Name() + ":unknown "
		}
	}
	return out
}

func TestInsertInfo(t *testing.T) {
	md := sql.NewMetaData()
	auto := md.Table("auto", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("x", integer))
	comp := md.Table("comp",
		sql.NewColumn("a", integer, sql.PrimaryKey()),
		sql.NewColumn("b", integer, sql.PrimaryKey(), sql.Default(func() any { return 9 })),
		sql.NewColumn("c", integer, sql.PrimaryKey(), sql.Default(sql.Func("next_c"))),
	)
	returning := newPlain(func(f *dialect.Features) { f.InsertReturning, f.ImplicitReturning = true, true })
	lastID := newPlain(func(f *dialect.Features) { f.LastInsertID = true })
	lastIDReturning := newPlain(func(f *dialect.Features) { f.LastInsertID, f.InsertReturning = true, true })
	upsert := auto.Insert().Values(sql.Values{"x": 1}).WithPostClause(onconflict.Clauses{onconflict.DoNothing(auto, onconflict.Target{})})
	for _, tc := range []struct {
		name     string
		stmt     sql.Element
		d        dialect.Dialect
		sql      string
		implicit bool
		pk       string
	}{
		{"implicit returning", auto.Insert().Values(sql.Values{"x": 1}), returning,
			"INSERT INTO auto (x) VALUES (?) RETURNING auto.id", true, "id:returned 0 "},
		{"user returning with the key", auto.Insert().Values(sql.Values{"x": 1}).Returning(auto.C("x"), auto.C("id")), returning,
			"INSERT INTO auto (x) VALUES (?) RETURNING auto.x, auto.id", false, "id:returned 1 "},
		{"user returning without the key", auto.Insert().Values(sql.Values{"x": 1}).Returning(auto.C("x")), returning,
			"INSERT INTO auto (x) VALUES (?) RETURNING auto.x", false, "id:unknown "},
		{"last insert id", auto.Insert().Values(sql.Values{"x": 1}), lastID,
			"INSERT INTO auto (x) VALUES (?)", false, "id:lastrowid "},
		{"last insert id after a conflict clause", upsert, lastID,
			"INSERT INTO auto (x) VALUES (?) ON CONFLICT DO NOTHING", false, "id:unknown "},
		{"given", auto.Insert().Values(sql.Values{"x": 1, "id": 5}), returning,
			"INSERT INTO auto (id, x) VALUES (?, ?)", false, "id:param 0 "},
		{"defaults and expressions", comp.Insert().Values(sql.Values{"a": 1}), returning,
			"INSERT INTO comp (a, b, c) VALUES (?, ?, next_c()) RETURNING comp.c", true, "a:param 0 b:param 1 c:returned 0 "},
		{"default values", auto.Insert(), lastID, "INSERT INTO auto DEFAULT VALUES", false, "id:lastrowid "},
		// Where keys come from LastInsertId (SQLite, MariaDB), a key
		// computed by an expression is fetched with RETURNING where it
		// exists; generated keys still come from LastInsertId.
		{"expression key, last insert id and returning", comp.Insert().Values(sql.Values{"a": 1}), lastIDReturning,
			"INSERT INTO comp (a, b, c) VALUES (?, ?, next_c()) RETURNING comp.c", true, "a:param 0 b:param 1 c:returned 0 "},
		{"generated key, last insert id and returning", auto.Insert().Values(sql.Values{"x": 1}), lastIDReturning,
			"INSERT INTO auto (x) VALUES (?)", false, "id:lastrowid "},
		{"expression key, last insert id only", comp.Insert().Values(sql.Values{"a": 1}), lastID,
			"INSERT INTO comp (a, b, c) VALUES (?, ?, next_c())", false, "a:param 0 b:param 1 c:unknown "},
		{"multi-row", auto.Insert().Values(sql.Values{"x": 1}, sql.Values{"x": 2}), lastID, "INSERT INTO auto (x) VALUES (?), (?)", false, "none"},
		{"from select", auto.Insert().FromSelect([]*sql.Column{auto.C("x")}, sql.NewSelect(comp.C("a"))), lastID,
			"INSERT INTO auto (x) SELECT comp.a FROM comp", false, "none"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sql.Compile(tc.stmt, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != tc.sql || c.ImplicitReturning != tc.implicit || pkSources(c) != tc.pk {
				t.Fatalf("got %q implicit=%v pk=%q\nwant %q implicit=%v pk=%q", c.SQL, c.ImplicitReturning, pkSources(c), tc.sql, tc.implicit, tc.pk)
			}
		})
	}
}
