package sqlite_test

import (
	"errors"
	"testing"

	sqlitedriver "modernc.org/sqlite"

	"github.com/athanordb/athanor/dialect/dialecttest"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
)

// TestSuite runs the backend suite on an in-memory database.
func TestSuite(t *testing.T) {
	dialecttest.Run(t, dialecttest.Config{
		URL: "sqlite://",
		Requirements: func(r *dialecttest.Requirements) {
			// SQLite stores NaN as NULL (the dialect refuses it), and
			// infinities as REAL.
			r.FloatInfinity = true
			// SQLite stores any value in any column.
			r.DataChecks = false
			// SQLite's REGEXP is Athanor's Go function; there is no
			// REGEXP_REPLACE.
			r.RegexpReplace = false
		},
		Upsert: func(tb *sql.Table, rows []sql.Values, conflict, update []*sql.Column) sql.Element {
			ins := sqlite.Insert(tb).Values(rows...)
			target := make([]any, len(conflict))
			for i, c := range conflict {
				target[i] = c
			}
			if len(update) == 0 {
				return ins.OnConflictDoNothing(sqlite.On(target...))
			}
			set := sql.Values{}
			for _, c := range update {
				set[c.Name()] = ins.Excluded().C(c.Name())
			}
			return ins.OnConflictDoUpdate(sqlite.On(target...), set)
		},
		DriverError: func(err error) bool {
			var se *sqlitedriver.Error
			return errors.As(err, &se)
		},
	})
}
