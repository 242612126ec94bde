package dialecttest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// testRegexp: RegexpMatch, its negation and flags, RegexpReplace, on the
// words table. The patterns are those every database's syntax reads alike
// (POSIX, PCRE, RE2), and avoid case, which MariaDB's default collation
// ignores.
func (s *suite) testRegexp(t *testing.T) {
	w := s.fx.words
	words := func(cond sql.ColumnElement) *sql.Select {
		return sql.NewSelect(w.C("id")).Where(cond).OrderBy(w.C("id"))
	}
	match := sql.Ops(w.C("w")).RegexpMatch("^a.b$")
	if !s.supports(t, "Regexp", s.req.Regexp, false, words(match)) {
		return
	}
	s.check(t, words(match), "3", "4")
	s.check(t, words(sql.Not(sql.Ops(w.C("w")).RegexpMatch("^[0-9]"))), "3", "4", "5", "6", "7", "8")
	s.check(t, words(sql.Ops(w.C("w")).RegexpMatch("^ABC$", "i")), "5", "6")
	// The pattern from a column, the subject a bound value.
	s.check(t, words(sql.Ops(sql.Literal("xx/yy")).RegexpMatch(w.C("w"))), "7")
	// NULL matches nothing, either way.
	u := s.fx.users
	s.check(t, sql.NewSelect(u.C("id")).Where(sql.Ops(u.C("name")).RegexpMatch("a")).OrderBy(u.C("id")), "1", "3", "5")
	s.check(t, sql.NewSelect(u.C("id")).Where(sql.Not(sql.Ops(u.C("name")).RegexpMatch("a"))).OrderBy(u.C("id")), "2")

	replace := sql.NewSelect(sql.Ops(w.C("w")).RegexpReplace("[0-9]+", "#")).Where(w.C("id").In(1, 2)).OrderBy(w.C("id"))
	if !s.supports(t, "RegexpReplace", s.req.RegexpReplace, false, replace) {
		return
	}
	s.check(t, replace, "#%", "# percent")
	s.check(t, sql.NewSelect(sql.Ops(w.C("w")).RegexpReplace("B", "-", "i")).Where(w.C("id").Eq(4)), "ax-")
}

// testExtract: EXTRACT of each part of a stored timestamp.
func (s *suite) testExtract(t *testing.T) {
	md := sql.NewMetaData()
	tb := md.Table(s.name("extract"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("at", types.DateTime{}),
	)
	s.create(t, md)
	at := time.Date(2024, 3, 5, 6, 7, 8, 0, time.UTC)
	s.exec(t, tb.Insert().Values(sql.Values{"id": 1, "at": at}))
	var cols []sql.Element
	for _, f := range []string{"year", "month", "day", "hour", "minute", "second"} {
		cols = append(cols, sql.Extract(f, tb.C("at")))
	}
	s.check(t, sql.NewSelect(cols...), "2024|3|5|6|7|8")
	s.check(t, sql.NewSelect(tb.C("id")).Where(sql.Extract("month", tb.C("at")).Eq(3)), "1")
}

// testViews: CREATE VIEW over the users table, queried through a Table of
// its name; OR REPLACE where the database has it; DROP VIEW.
func (s *suite) testViews(t *testing.T) {
	ctx := context.Background()
	u := s.fx.users
	name := s.name("big_users")
	view := sql.NewTable(name, sql.NewColumn("id", integer), sql.NewColumn("name", str30))
	create := sql.NewCreateView(name, sql.NewSelect(u.C("id"), u.C("name")).Where(u.C("score").Ge(10)))
	if err := s.eng.ExecDDL(ctx, create); err != nil {
		t.Fatalf("%s: %v", s.sqlOf(create), err)
	}
	t.Cleanup(func() {
		if err := s.eng.ExecDDL(ctx, &sql.DropView{Name: name, IfExists: true}); err != nil {
			t.Errorf("drop view: %v", err)
		}
	})
	s.check(t, sql.NewSelect(view.C("name")).OrderBy(view.C("id")), "alice", "bob", "dave")
	replace := &sql.CreateView{Name: name, OrReplace: true,
		Select: sql.NewSelect(u.C("id"), u.C("name")).Where(u.C("name").Eq("bob"))}
	if _, err := sql.Compile(replace, s.dialect); errors.Is(err, sql.ErrNotSupported) {
		return // SQLite
	}
	if err := s.eng.ExecDDL(ctx, replace); err != nil {
		t.Fatalf("%s: %v", s.sqlOf(replace), err)
	}
	s.check(t, sql.NewSelect(view.C("id")), "2")
	if err := s.eng.ExecDDL(ctx, sql.NewDropView(name)); err != nil {
		t.Fatal(err)
	}
}
