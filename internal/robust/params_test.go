package robust_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/livetest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var limitTable = sql.NewTable("hostile_limits",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
	sql.NewColumn("a", types.Integer{}),
	sql.NewColumn("b", types.String{Length: 10}),
)

// TestParameterLimits runs statements at each database's bind-parameter
// limit (Features.MaxBindParams): an IN list of exactly the limit runs,
// one more is refused with ErrTooManyParameters before anything is sent;
// an INSERT of rows needing more parameters than the limit goes through
// ExecuteMany in batches that fit, while as one statement it is refused.
func TestParameterLimits(t *testing.T) {
	for _, b := range backends(t, "limits") {
		if b.name == "postgresql-stdlib" {
			continue // the same server's limit
		}
		t.Run(b.name, func(t *testing.T) {
			var sent atomic.Int64
			eng := livetest.Open(t, b.url, append(b.opts, engine.OnExecute(engine.Listener{
				AfterExecute: func(context.Context, *engine.ExecuteEvent) { sent.Add(1) },
			}))...)
			ctx := context.Background()
			ensureTable(t, eng, limitTable)
			if _, err := eng.DetectDialect(ctx); err != nil {
				t.Fatal(err)
			}
			limit := eng.Dialect().Features().MaxBindParams
			if limit == 0 {
				t.Fatalf("%s declares no parameter limit", b.name)
			}

			// Rows of 3 parameters each, more than the limit allows in
			// one statement.
			n := limit/3 + 50
			rows := make([]sql.Params, n)
			for i := range rows {
				rows[i] = sql.Params{"id": i + 1, "a": i, "b": "r"}
			}
			before := sent.Load()
			if _, err := eng.ExecuteMany(ctx, limitTable.Insert(), rows); err != nil {
				t.Fatalf("ExecuteMany of %d rows: %v", n, err)
			}
			if batches := sent.Load() - before; batches < 2 {
				t.Errorf("%d rows of 3 parameters in %d statement(s), limit %d", n, batches, limit)
			}
			if got := countRows(t, eng, limitTable); got != int64(n) {
				t.Errorf("%d rows stored, %d inserted", got, n)
			}

			// As one statement, the same rows are refused unsent.
			values := make([]sql.Values, n)
			for i := range values {
				values[i] = sql.Values{"id": n + i + 1, "a": i, "b": "r"}
			}
			before = sent.Load()
			_, err := eng.Execute(ctx, limitTable.Insert().Values(values...))
			if !errors.Is(err, engine.ErrTooManyParameters) || !errors.Is(err, sql.ErrArgument) {
				t.Errorf("one INSERT of %d rows: %v", n, err)
			}
			if sent.Load() != before {
				t.Errorf("the refused INSERT was sent")
			}

			in := func(k int) sql.Element {
				ids := make([]any, k)
				for i := range ids {
					ids[i] = i + 1
				}
				return sql.NewSelect(sql.Func("count", limitTable.C("id"))).Where(limitTable.C("id").In(ids...))
			}
			got, err := engine.ScanOne[int64](eng.Execute(ctx, in(limit)))
			if err != nil || got != int64(min(limit, n)) {
				t.Errorf("IN of exactly %d values: %d, %v", limit, got, err)
			}
			before = sent.Load()
			_, err = eng.Execute(ctx, in(limit+1))
			if !errors.Is(err, engine.ErrTooManyParameters) {
				t.Errorf("IN of %d values: %v", limit+1, err)
			}
			var se *engine.StatementError
			if !errors.As(err, &se) || len(se.SQL) > 600 {
				t.Errorf("the error should carry the SQL, shortened: %T", err)
			}
			if sent.Load() != before {
				t.Errorf("the refused SELECT was sent")
			}
			t.Logf("limit %d: %.150v", limit, err)
			// The engine goes on.
			checkUsable(t, eng)
		})
	}
}
