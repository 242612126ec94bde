package dialecttest

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// fixture holds the shared tables the read-only tests query, created once
// per run:
//
//	users:     1 alice 10, 2 bob 20, 3 carol NULL, 4 NULL 5, 5 dave 20
//	addresses: 1 (1) alice@x.org, 2 (1) alice@y.org, 3 (2) bob@x.org, 4 (NULL) orphan@z.org
//	employees: 1 boss, 2 ann (1), 3 ben (1), 4 cid (2), 5 dee (4)
//	nums:      1 a 1, 2 a 2, 3 a 3, 4 b 4, 5 b 5, 6 c 6
//	words:     1 100%, 2 100 percent, 3 a_b, 4 axb, 5 AbC, 6 abc, 7 x/y, 8 back\slash
type fixture struct {
	users, addresses, employees, nums, words *sql.Table
}

var (
	integer = types.Integer{}
	str30   = types.String{Length: 30}
)

func (s *suite) newFixture(t *testing.T) (*fixture, error) {
	md := sql.NewMetaData()
	fx := &fixture{}
	fx.users = md.Table(s.name("users"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("name", str30),
		sql.NewColumn("score", integer),
	)
	fx.addresses = md.Table(s.name("addresses"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("user_id", integer, sql.References(fx.users.C("id"))),
		sql.NewColumn("email", types.String{Length: 50}, sql.NotNull()),
	)
	fx.employees = md.Table(s.name("employees"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("name", str30, sql.NotNull()),
		sql.NewColumn("manager_id", integer),
	)
	fx.nums = md.Table(s.name("nums"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("grp", types.String{Length: 1}, sql.NotNull()),
		sql.NewColumn("n", integer, sql.NotNull()),
	)
	fx.words = md.Table(s.name("words"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("w", str30, sql.NotNull()),
	)
	if err := s.createAll(t, md); err != nil {
		return nil, err
	}
	fill := []struct {
		tb   *sql.Table
		rows []sql.Params
	}{
		{fx.users, []sql.Params{
			{"id": 1, "name": "alice", "score": 10}, {"id": 2, "name": "bob", "score": 20},
			{"id": 3, "name": "carol", "score": nil}, {"id": 4, "name": nil, "score": 5},
			{"id": 5, "name": "dave", "score": 20},
		}},
		{fx.addresses, []sql.Params{
			{"id": 1, "user_id": 1, "email": "alice@x.org"}, {"id": 2, "user_id": 1, "email": "alice@y.org"},
			{"id": 3, "user_id": 2, "email": "bob@x.org"}, {"id": 4, "user_id": nil, "email": "orphan@z.org"},
		}},
		{fx.employees, []sql.Params{
			{"id": 1, "name": "boss", "manager_id": nil}, {"id": 2, "name": "ann", "manager_id": 1},
			{"id": 3, "name": "ben", "manager_id": 1}, {"id": 4, "name": "cid", "manager_id": 2},
			{"id": 5, "name": "dee", "manager_id": 4},
		}},
		{fx.nums, []sql.Params{
			{"id": 1, "grp": "a", "n": 1}, {"id": 2, "grp": "a", "n": 2}, {"id": 3, "grp": "a", "n": 3},
			{"id": 4, "grp": "b", "n": 4}, {"id": 5, "grp": "b", "n": 5}, {"id": 6, "grp": "c", "n": 6},
		}},
		{fx.words, []sql.Params{
			{"id": 1, "w": "100%"}, {"id": 2, "w": "100 percent"}, {"id": 3, "w": "a_b"}, {"id": 4, "w": "axb"},
			{"id": 5, "w": "AbC"}, {"id": 6, "w": "abc"}, {"id": 7, "w": "x/y"}, {"id": 8, "w": `back\slash`},
		}},
	}
	for _, f := range fill {
		if _, err := s.eng.ExecuteMany(context.Background(), f.tb.Insert(), f.rows); err != nil {
			return nil, fmt.Errorf("filling %s: %w", f.tb.Name(), err)
		}
	}
	return fx, nil
}

// Running statements and reading their rows.

// exec executes stmt, failing t on error.
func (s *suite) exec(t testing.TB, stmt sql.Element, params ...sql.Params) *engine.Result {
	t.Helper()
	res, err := s.eng.Execute(context.Background(), stmt, params...)
	if err != nil {
		t.Fatalf("execute %s: %v", s.sqlOf(stmt), err)
	}
	return res
}

// sqlOf is stmt's SQL for messages.
func (s *suite) sqlOf(stmt sql.Element) string {
	text, err := sql.DebugSQL(stmt, s.dialect)
	if err != nil {
		return fmt.Sprintf("(%v)", err)
	}
	return text
}

// rows executes stmt and returns its rows as text (see rowText).
func (s *suite) rows(t testing.TB, stmt sql.Element, params ...sql.Params) []string {
	t.Helper()
	all, err := s.exec(t, stmt, params...).All()
	if err != nil {
		t.Fatalf("reading %s: %v", s.sqlOf(stmt), err)
	}
	out := make([]string, len(all))
	for i, r := range all {
		out[i] = rowText(r)
	}
	return out
}

// check executes stmt and compares its rows, in order, with want.
func (s *suite) check(t testing.TB, stmt sql.Element, want ...string) {
	t.Helper()
	s.checkParams(t, stmt, nil, want...)
}

// checkParams is check with parameters for the execution.
func (s *suite) checkParams(t testing.TB, stmt sql.Element, params sql.Params, want ...string) {
	t.Helper()
	var got []string
	if params != nil {
		got = s.rows(t, stmt, params)
	} else {
		got = s.rows(t, stmt)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(got) != len(want) {
		t.Errorf("rows of %s\n got: %q\nwant: %q", s.sqlOf(stmt), got, want)
	}
}

// rowText writes a row's values separated by "|".
func rowText(r *engine.Row) string {
	parts := make([]string, r.Len())
	for i, v := range r.Values() {
		parts[i] = valueText(v)
	}
	return strings.Join(parts, "|")
}

// valueText writes a value so that equal values of the same Go type read
// the same on every database: NULL for nil, floats in their shortest
// form, times in UTC with microseconds.
func valueText(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case []byte:
		return fmt.Sprintf("bytes(%q)", x)
	case time.Time:
		return x.UTC().Format("2006-01-02T15:04:05.999999Z")
	case types.Decimal:
		return x.String()
	}
	return fmt.Sprint(v)
}

// number reads a numeric result (an integer, a float, a Decimal) as a
// float64, for aggregates whose type differs between databases.
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case int64:
		return float64(x), true
	case float64:
		return x, true
	case types.Decimal:
		f, err := strconv.ParseFloat(x.String(), 64)
		return f, err == nil
	}
	return math.NaN(), false
}
