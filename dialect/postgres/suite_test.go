package postgres_test

import (
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/athanordb/athanor/dialect/dialecttest"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/sql"
)

// TestSuite runs the backend suite on the server
// ATHANOR_TEST_POSTGRES_URL names.
func TestSuite(t *testing.T) {
	dialecttest.Run(t, dialecttest.Config{
		URLEnv: "ATHANOR_TEST_POSTGRES_URL",
		Requirements: func(r *dialecttest.Requirements) {
			// double precision holds NaN and the infinities; NUMERIC
			// takes 1000 digits; dates go back to 4713 BC.
			r.FloatNaN, r.FloatInfinity = true, true
			r.DecimalPrecision, r.DecimalScale = 1000, 500
			r.DateMinYear = 1
		},
		Upsert: func(tb *sql.Table, rows []sql.Values, conflict, update []*sql.Column) sql.Element {
			ins := postgres.Insert(tb).Values(rows...)
			target := make([]any, len(conflict))
			for i, c := range conflict {
				target[i] = c
			}
			if len(update) == 0 {
				return ins.OnConflictDoNothing(postgres.On(target...))
			}
			set := sql.Values{}
			for _, c := range update {
				set[c.Name()] = ins.Excluded().C(c.Name())
			}
			return ins.OnConflictDoUpdate(postgres.On(target...), set)
		},
		DriverError: func(err error) bool {
			var pe *pgconn.PgError
			return errors.As(err, &pe)
		},
	})
}
