package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Config is a load run's settings.
type Config struct {
	URL      string
	Duration time.Duration
	Workers  int
	Pool     int // the engine's pool size (no overflow)
	Rows     int // rows the table starts with
	Table    string
}

// The kinds of operation, in the report's order.
const (
	opPoint = iota
	opRange
	opInsert
	opUpdateTx
	numOps
)

var opNames = [numOps]string{"point select", "range select", "insert", "update in tx"}

// OpStats are the measurements of one kind of operation.
type OpStats struct {
	Name      string
	Count     int // operations that succeeded
	Errors    int
	FirstErr  error
	latencies []time.Duration // of successful operations
}

// Percentile returns the p-th percentile (0-100) of the latencies.
func (s *OpStats) Percentile(p float64) time.Duration {
	if len(s.latencies) == 0 {
		return 0
	}
	i := int(float64(len(s.latencies)-1) * p / 100)
	return s.latencies[i]
}

// Report is what a run measured.
type Report struct {
	URL     string // masked
	Workers int
	Elapsed time.Duration
	Ops     [numOps]*OpStats
}

// Total returns the number of operations that succeeded.
func (r *Report) Total() int {
	n := 0
	for _, s := range r.Ops {
		n += s.Count
	}
	return n
}

// Errors returns the number of operations that failed.
func (r *Report) Errors() int {
	n := 0
	for _, s := range r.Ops {
		n += s.Errors
	}
	return n
}

// Write prints the report as a table.
func (r *Report) Write(w io.Writer) {
	secs := r.Elapsed.Seconds()
	fmt.Fprintf(w, "%s: %d workers, %v\n", r.URL, r.Workers, r.Elapsed.Round(time.Millisecond))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\tops\tops/s\terrors\tp50\tp99\t")
	for _, s := range r.Ops {
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%d\t%v\t%v\t\n", s.Name, s.Count, float64(s.Count)/secs, s.Errors,
			s.Percentile(50).Round(time.Microsecond), s.Percentile(99).Round(time.Microsecond))
	}
	fmt.Fprintf(tw, "total\t%d\t%.0f\t%d\t\t\t\n", r.Total(), float64(r.Total())/secs, r.Errors())
	tw.Flush()
	for _, s := range r.Ops {
		if s.FirstErr != nil {
			fmt.Fprintf(w, "first %s error: %v\n", s.Name, s.FirstErr)
		}
	}
}

// workload is the table and the statements the workers share.
type workload struct {
	table           *sql.Table
	point, rangeSel *sql.Select
	insert          *sql.Insert
	readN           *sql.Select
	update          *sql.Update
	rows            int
	nextID          atomic.Int64
}

func newWorkload(name string, rows int) *workload {
	t := sql.NewTable(name,
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("k", types.Integer{}, sql.NotNull()),
		sql.NewColumn("v", types.String{Length: 64}),
		sql.NewColumn("n", types.BigInteger{}, sql.NotNull()),
	)
	id := t.C("id")
	w := &workload{
		table:    t,
		point:    sql.NewSelect(t.C("id"), t.C("k"), t.C("v"), t.C("n")).Where(id.Eq(sql.Bind("id"))),
		rangeSel: sql.NewSelect(t.C("id"), t.C("v")).Where(id.Between(sql.Bind("lo"), sql.Bind("hi"))).OrderBy(id),
		insert:   t.Insert(),
		readN:    sql.NewSelect(t.C("n")).Where(id.Eq(sql.Bind("id"))),
		update:   t.Update().Values(sql.Values{"n": sql.Bind("n")}).Where(id.Eq(sql.Bind("id"))),
		rows:     rows,
	}
	w.nextID.Store(int64(rows))
	return w
}

// setup drops and creates the table and fills it.
func (w *workload) setup(ctx context.Context, eng *engine.Engine) error {
	if err := eng.ExecDDL(ctx, &sql.DropTable{Table: w.table, IfExists: true}); err != nil {
		return err
	}
	if err := eng.ExecDDL(ctx, sql.NewCreateTable(w.table)); err != nil {
		return err
	}
	params := make([]sql.Params, w.rows)
	for i := range params {
		params[i] = sql.Params{"id": int64(i + 1), "k": i % 100, "v": fmt.Sprintf("row %d", i+1), "n": int64(0)}
	}
	if len(params) == 0 {
		return nil
	}
	return eng.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.ExecuteMany(ctx, w.insert, params)
		return err
	})
}

// op runs one operation of the given kind.
func (w *workload) op(ctx context.Context, eng *engine.Engine, kind int, rng *rand.Rand) error {
	type row struct {
		ID, N int64
		K     int
		V     string
	}
	existing := func() int64 { return 1 + rng.Int64N(int64(max(w.rows, 1))) }
	switch kind {
	case opPoint:
		_, err := engine.ScanAll[row](eng.Execute(ctx, w.point, sql.Params{"id": existing()}))
		return err
	case opRange:
		lo := existing()
		_, err := engine.ScanAll[row](eng.Execute(ctx, w.rangeSel, sql.Params{"lo": lo, "hi": lo + 19}))
		return err
	case opInsert:
		id := w.nextID.Add(1)
		res, err := eng.Execute(ctx, w.insert, sql.Params{"id": id, "k": int(id % 100), "v": "new", "n": int64(0)})
		if err == nil {
			res.Close()
		}
		return err
	}
	id := existing()
	return eng.Begin(ctx, func(tx *engine.Tx) error {
		n, err := engine.ScanOne[int64](tx.Execute(ctx, w.readN, sql.Params{"id": id}))
		if err != nil {
			return err
		}
		res, err := tx.Execute(ctx, w.update, sql.Params{"id": id, "n": n + 1})
		if err != nil {
			return err
		}
		if res.RowsAffected() != 1 {
			return fmt.Errorf("update of row %d affected %d rows", id, res.RowsAffected())
		}
		return nil
	})
}

// pick chooses an operation: 50% point selects, 20% range selects, 15%
// inserts, 15% updates in a transaction.
func pick(rng *rand.Rand) int {
	switch r := rng.IntN(100); {
	case r < 50:
		return opPoint
	case r < 70:
		return opRange
	case r < 85:
		return opInsert
	}
	return opUpdateTx
}

// Run runs the workload of cfg and reports what it measured. Operations
// that fail are counted, not fatal; an error is returned when the run
// could not start (a bad URL, the table not created).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if cfg.Workers <= 0 || cfg.Duration <= 0 || cfg.Pool <= 0 || cfg.Rows < 0 || cfg.Table == "" {
		return nil, errors.New("workers, pool and duration must be positive, rows not negative, and the table named")
	}
	eng, err := engine.Create(cfg.URL, engine.PoolSize(cfg.Pool), engine.MaxOverflow(0))
	if err != nil {
		return nil, err
	}
	defer eng.Close()
	w := newWorkload(cfg.Table, cfg.Rows)
	if err := w.setup(ctx, eng); err != nil {
		return nil, fmt.Errorf("setting up %s: %w", cfg.Table, err)
	}
	defer eng.ExecDDL(context.WithoutCancel(ctx), &sql.DropTable{Table: w.table, IfExists: true})

	runCtx, cancel := context.WithTimeout(ctx, cfg.Duration)
	defer cancel()
	perWorker := make([][numOps]OpStats, cfg.Workers)
	var wg sync.WaitGroup
	start := time.Now()
	for i := range cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(i), uint64(start.UnixNano())))
			stats := &perWorker[i]
			for runCtx.Err() == nil {
				kind := pick(rng)
				t0 := time.Now()
				// Operations run to completion: the deadline only stops
				// the loop, so that no operation is counted as an error
				// for being cut short.
				err := w.op(context.WithoutCancel(runCtx), eng, kind, rng)
				s := &stats[kind]
				if err != nil {
					s.Errors++
					if s.FirstErr == nil {
						s.FirstErr = err
					}
					continue
				}
				s.Count++
				s.latencies = append(s.latencies, time.Since(t0))
			}
		}()
	}
	wg.Wait()
	rep := &Report{URL: eng.URL().String(), Workers: cfg.Workers, Elapsed: time.Since(start)}
	for k := range numOps {
		all := &OpStats{Name: opNames[k]}
		for i := range perWorker {
			s := &perWorker[i][k]
			all.Count += s.Count
			all.Errors += s.Errors
			if all.FirstErr == nil {
				all.FirstErr = s.FirstErr
			}
			all.latencies = append(all.latencies, s.latencies...)
		}
		slices.Sort(all.latencies)
		rep.Ops[k] = all
	}
	return rep, nil
}
