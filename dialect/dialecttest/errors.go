package dialecttest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// kinds are the category sentinels: a database error matches exactly one.
var kinds = []error{
	dialect.ErrInterface, dialect.ErrDatabase, dialect.ErrData, dialect.ErrOperational,
	dialect.ErrIntegrity, dialect.ErrInternal, dialect.ErrProgramming, dialect.ErrNotSupported,
}

// errorTests check that database errors are classified into the DBAPI
// kinds the same way on every database, and keep the driver's error and
// the statement.
func (s *suite) errorTests(t *testing.T) {
	md := sql.NewMetaData()
	parent := md.Table(s.name("err_parent"), sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)))
	child := md.Table(s.name("err_child"),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("parent_id", integer, sql.References(parent.C("id"))),
		sql.NewColumn("name", str30, sql.NotNull()),
		sql.NewColumn("code", types.String{Length: 10}, sql.Unique()),
		sql.NewColumn("qty", integer),
		sql.Check("qty > 0"),
	)
	s.create(t, md)
	s.exec(t, parent.Insert().Values(sql.Values{"id": 1}))
	s.exec(t, child.Insert().Values(sql.Values{"id": 1, "parent_id": 1, "name": "a", "code": "A", "qty": 1}))
	missing := sql.NewTable(s.name("no_such_table"), sql.NewColumn("x", integer))
	quoted := s.dialect.QuoteIdentifier(parent.Name())
	cases := []struct {
		name        string
		requirement string
		has         bool
		stmt        sql.Element
		want        error
		// clientSide: the driver may refuse the value itself, with an
		// error of its own rather than the server's.
		clientSide bool
		// stored is the row (id, name, qty) the statement leaves when the
		// requirement is not met and the database stores what it is given
		// ("": the requirement is only about refusing).
		stored string
	}{
		{"UniqueViolation", "", true, child.Insert().Values(sql.Values{"id": 2, "name": "b", "code": "A"}), dialect.ErrIntegrity, false, ""},
		{"PrimaryKeyViolation", "", true, child.Insert().Values(sql.Values{"id": 1, "name": "b"}), dialect.ErrIntegrity, false, ""},
		{"NotNullViolation", "", true, child.Insert().Values(sql.Values{"id": 3, "name": nil}), dialect.ErrIntegrity, false, ""},
		{"ForeignKeyViolation", "ForeignKeys", s.req.ForeignKeys, child.Insert().Values(sql.Values{"id": 4, "parent_id": 9, "name": "d"}), dialect.ErrIntegrity, false, "4|d|NULL"},
		{"ForeignKeyInUse", "ForeignKeys", s.req.ForeignKeys, parent.Delete().Where(parent.C("id").Eq(1)), dialect.ErrIntegrity, false, ""},
		{"CheckViolation", "CheckConstraints", s.req.CheckConstraints, child.Insert().Values(sql.Values{"id": 5, "name": "e", "qty": -1}), dialect.ErrIntegrity, false, "5|e|-1"},
		{"SyntaxError", "", true, sql.Text("SELEKT 1"), dialect.ErrProgramming, false, ""},
		{"UnknownTable", "", true, sql.NewSelect(missing.C("x")), dialect.ErrProgramming, false, ""},
		{"UnknownColumn", "", true, sql.Text("SELECT no_such_column FROM " + quoted), dialect.ErrProgramming, false, ""},
		{"StringTooLong", "DataChecks", s.req.DataChecks, child.Insert().Values(sql.Values{"id": 6, "name": strings.Repeat("x", 31)}), dialect.ErrData, false,
			"6|" + strings.Repeat("x", 31) + "|NULL"},
		{"IntegerOutOfRange", "DataChecks", s.req.DataChecks, child.Insert().Values(sql.Values{"id": 7, "name": "g", "qty": int64(1) << 40}), dialect.ErrData, true,
			"7|g|1099511627776"},
	}
	var tests []test
	for _, c := range cases {
		tests = append(tests, test{c.name, func(t *testing.T) {
			if c.requirement != "" && !c.has && c.stored == "" {
				// Deleting a referenced row where foreign keys are not
				// enforced would change what the other tests read.
				need(t, c.requirement, c.has)
			}
			_, err := s.eng.Execute(context.Background(), c.stmt)
			if c.requirement != "" && !c.has {
				s.checkUnenforced(t, c.requirement, err, child, c.stored)
				return
			}
			s.checkDBError(t, err, c.want, !c.clientSide)
		}})
	}
	tests = append(tests,
		test{"InTransaction", func(t *testing.T) {
			ctx := context.Background()
			err := s.eng.Begin(ctx, func(tx *engine.Tx) error {
				if _, err := tx.Execute(ctx, parent.Insert().Values(sql.Values{"id": 50})); err != nil {
					return err
				}
				_, err := tx.Execute(ctx, parent.Insert().Values(sql.Values{"id": 50}))
				return err
			})
			s.checkDBError(t, err, dialect.ErrIntegrity, true)
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(parent).Where(parent.C("id").Eq(50)), "0")
		}},
		test{"ExecuteMany", func(t *testing.T) {
			_, err := s.eng.ExecuteMany(context.Background(), parent.Insert(), []sql.Params{{"id": 60}, {"id": 61}, {"id": 60}})
			s.checkDBError(t, err, dialect.ErrIntegrity, true)
		}},
		test{"ContextCanceled", func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err := s.eng.Execute(ctx, sql.NewSelect(parent.C("id")))
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("a cancelled context: %v, want an error matching context.Canceled", err)
			}
			s.check(t, sql.NewSelect(parent.C("id")), "1")
		}},
		test{"CompileError", func(t *testing.T) {
			// An error found before anything is sent is not a database
			// error.
			_, err := s.eng.Execute(context.Background(), sql.NewSelect(parent.C("no_such_column")))
			if !errors.Is(err, sql.ErrCompile) || !errors.Is(err, sql.ErrNoSuchColumn) || errors.Is(err, dialect.ErrDBAPI) {
				t.Fatalf("unknown column of a Table: %v, want ErrCompile and ErrNoSuchColumn, not ErrDBAPI", err)
			}
			_, err = s.eng.Execute(context.Background(), parent.Insert().Values(sql.Values{"id": 2, "nope": 1}))
			if !errors.Is(err, sql.ErrCompile) || errors.Is(err, dialect.ErrDBAPI) {
				t.Fatalf("INSERT of an unknown column: %v, want ErrCompile", err)
			}
			s.check(t, sql.NewSelect(sql.Func("count")).SelectFrom(parent).Where(parent.C("id").Eq(2)), "0")
		}},
	)
	s.group(t, tests)
}

// checkUnenforced checks a violation where requirement is not met: the
// database stores the row as given (SQLite without DataChecks keeps an
// over-long string and a 64-bit integer; a database that ignores CHECK or
// foreign keys keeps the row), stored being its id, name and qty. The row
// is deleted afterwards.
func (s *suite) checkUnenforced(t *testing.T, requirement string, err error, child *sql.Table, stored string) {
	t.Helper()
	if err != nil {
		t.Fatalf("requirement %s is not met, so the database stores the value, but executing gave %v", requirement, err)
	}
	key, _, _ := strings.Cut(stored, "|")
	id, _ := strconv.Atoi(key)
	where := child.C("id").Eq(id)
	s.check(t, sql.NewSelect(child.C("id"), child.C("name"), child.C("qty")).Where(where), stored)
	s.exec(t, child.Delete().Where(where))
	t.Logf("requirement %s is not met: the database stores the value as given, as documented", requirement)
}

// checkDBError checks that err is a database error of kind want, and of
// no other kind, that carries the SQL and (when fromServer) reaches the
// driver's error type; then that the engine still works.
func (s *suite) checkDBError(t *testing.T, err error, want error, fromServer bool) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", want)
	}
	if !errors.Is(err, want) || !errors.Is(err, dialect.ErrDBAPI) {
		t.Fatalf("got %v, want an error matching %v and ErrDBAPI", err, want)
	}
	for _, k := range kinds {
		if k != want && errors.Is(err, k) {
			t.Errorf("the error also matches %v: %v", k, err)
		}
	}
	var ae *engine.Error
	if !errors.As(err, &ae) {
		t.Fatalf("%v is not an *engine.Error", err)
	}
	if ae.SQL == "" || !errors.Is(ae.Kind.Sentinel(), want) {
		t.Errorf("engine.Error: SQL %q, kind %v", ae.SQL, ae.Kind)
	}
	if fromServer && !s.cfg.DriverError(err) {
		t.Errorf("errors.As does not reach the driver's error through %v", err)
	}
	res, err := s.eng.Execute(context.Background(), sql.NewSelect(sql.Literal(1)))
	if err == nil {
		_, err = res.ScalarOne()
	}
	if err != nil {
		t.Errorf("the engine fails after the error: %v", err)
	}
}
