package dialecttest_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	sqlitedriver "modernc.org/sqlite"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/dialecttest"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
)

func TestMissingURL(t *testing.T) {
	for _, tc := range []struct {
		env, ci string
		fail    bool
		says    string
	}{
		{"ATHANOR_TEST_X_URL", "", false, "ATHANOR_TEST_X_URL is not set"},
		{"ATHANOR_TEST_X_URL", "false", false, "skipping"},
		{"ATHANOR_TEST_X_URL", "true", true, "CI=true requires"},
		{"", "true", true, "no database URL was given"},
	} {
		fail, msg := dialecttest.MissingURL(tc.env, tc.ci)
		if fail != tc.fail || !strings.Contains(msg, tc.says) {
			t.Errorf("MissingURL(%q, %q) = %v, %q", tc.env, tc.ci, fail, msg)
		}
	}
}

func TestDefaultRequirements(t *testing.T) {
	d := sqlite.New()
	r := dialecttest.DefaultRequirements(d)
	f := d.Features()
	if r.WindowFunctions != f.WindowFunctions || r.IntersectAll != f.IntersectAll || r.Savepoints != f.Savepoints ||
		r.InsertReturning != f.InsertReturning || r.FullOuterJoin != f.FullOuterJoin {
		t.Errorf("requirements %+v do not follow the features %+v", r, f)
	}
	if !r.CheckConstraints || !r.ForeignKeys || r.FloatNaN || r.Upsert {
		t.Errorf("defaults: %+v", r)
	}
	if r.DecimalPrecision != 15 || r.DecimalScale != 6 {
		t.Errorf("decimal without NativeDecimal: %d, %d", r.DecimalPrecision, r.DecimalScale)
	}
	d.FeatureFlags.NativeDecimal = true
	if r := dialecttest.DefaultRequirements(d); r.DecimalPrecision != 38 || r.DecimalScale != 18 {
		t.Errorf("decimal with NativeDecimal: %d, %d", r.DecimalPrecision, r.DecimalScale)
	}
}

// restricted is SQLite with optional features turned off, kept through
// version detection.
type restricted struct{ *sqlite.Dialect }

func (r restricted) DetectVersion(context.Context, dialect.Queryer) (dialect.Dialect, error) {
	return r, nil
}

// TestRunRestricted runs the suite on SQLite without RETURNING, window
// functions, FILTER, CTEs, set operations, row values, multi-row VALUES,
// UPDATE ... FROM, savepoints and upserts: the tests that need them check that the
// compiler refuses them with ErrNotSupported and pass (savepoints and upserts,
// which have no single documented refusal, skip); DISTINCT ON is written but
// refused by SQLite with a database error.
func TestRunRestricted(t *testing.T) {
	d := sqlite.New()
	f := &d.FeatureFlags
	f.InsertReturning, f.UpdateReturning, f.DeleteReturning = false, false, false
	f.WindowFunctions, f.AggregateFilter, f.FullOuterJoin = false, false, false
	f.CTE, f.RecursiveCTE, f.Intersect, f.IntersectAll = false, false, false, false
	f.TupleIn, f.TupleComparison, f.MultiValuesInsert, f.Savepoints = false, false, false, false
	f.NullsOrdering, f.UpdateFrom = false, false
	// DISTINCT ON written, though SQLite has none: the requirement, off,
	// says the database refuses it (with a classified error).
	f.DistinctOn = true
	dialecttest.Run(t, dialecttest.Config{
		URL:     "sqlite://",
		Options: []engine.Option{engine.WithDialect(restricted{d})},
		Requirements: func(r *dialecttest.Requirements) {
			r.DataChecks, r.FloatInfinity, r.RegexpReplace, r.DistinctOn = false, true, false, false
		},
		DriverError: func(err error) bool {
			var se *sqlitedriver.Error
			return errors.As(err, &se)
		},
	})
}
