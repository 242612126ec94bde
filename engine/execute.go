package engine

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	athsql "github.com/athanordb/athanor/sql"
)

// Listener receives execution events. Either function may be nil.
type Listener struct {
	// BeforeExecute is called before a statement is sent; the context it
	// returns is the one the statement runs with (a tracing span, say).
	BeforeExecute func(ctx context.Context, ev *ExecuteEvent) context.Context
	// AfterExecute is called when the database has answered (for a query,
	// when its rows are ready to read, not when they are all read).
	AfterExecute func(ctx context.Context, ev *ExecuteEvent)
}

// ExecuteEvent describes one statement's execution.
type ExecuteEvent struct {
	Statement athsql.Element // what was executed
	SQL       string         // the text sent
	Args      []any          // the parameters sent
	Cached    bool           // the compiled form came from the cache
	Many      int            // for ExecuteMany, the number of parameter sets; else 0
	Duration  time.Duration  // set for AfterExecute
	Err       error          // set for AfterExecute
}

// prepared is a statement compiled and bound, ready to send.
type prepared struct {
	compiled *athsql.Compiled
	sql      string
	args     []any
	pk       []any // primary-key values given as parameters (INSERT)
	cached   bool
}

// prepare compiles stmt (through the cache) and binds its values.
func (e *Engine) prepare(stmt athsql.Element, params athsql.Params) (*prepared, error) {
	stmt = withParamValues(stmt, params)
	compiled, key, hit, err := e.cache.Compile(stmt)
	if err != nil {
		return nil, err
	}
	defer key.Release()
	p := &prepared{compiled: compiled, cached: hit}
	var raws []any
	p.sql, p.args, raws, err = compiled.BindRaw(key.Binds(), params)
	if err != nil {
		return nil, err
	}
	if info := compiled.Insert; info != nil {
		p.pk = make([]any, len(info.PK))
		for i, src := range info.PK {
			if src.Param >= 0 {
				p.pk[i] = raws[src.Param]
			}
		}
	}
	return p, nil
}

// withParamValues turns an INSERT or UPDATE without values into one whose
// values are the parameters given at execution, as SQLAlchemy does for
// conn.execute(insert(t), {...}).
func withParamValues(stmt athsql.Element, params athsql.Params) athsql.Element {
	if len(params) == 0 {
		return stmt
	}
	if s, ok := stmt.(athsql.ParamValued); ok && !s.HasValues() {
		return s.ForParamKeys(sortedKeys(params))
	}
	return stmt
}

func sortedKeys(p athsql.Params) []string {
	keys := make([]string, 0, len(p))
	for k := range p {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// execute compiles, binds and runs one statement.
func (e *Engine) execute(ctx context.Context, q queryer, stmt athsql.Element, params athsql.Params) (*Result, error) {
	if stmt == nil {
		return nil, fmt.Errorf("%w: nil statement", athsql.ErrArgument)
	}
	p, err := e.prepare(stmt, params)
	if err != nil {
		return nil, err
	}
	return e.run(ctx, q, stmt, p)
}

func (e *Engine) run(ctx context.Context, q queryer, stmt athsql.Element, p *prepared) (*Result, error) {
	ev := &ExecuteEvent{Statement: stmt, SQL: p.sql, Args: p.args, Cached: p.cached}
	ctx = e.before(ctx, ev)
	start := time.Now()
	c := p.compiled
	res := &Result{eng: e, compiled: c}
	if c.Returns {
		rows, err := q.QueryContext(ctx, p.sql, p.args...)
		e.after(ctx, ev, start, err)
		if err != nil {
			return nil, e.wrap(err, p.sql, p.args)
		}
		res.rows = rows
		res.rowsAffected = -1
		if c.Kind == athsql.KindInsert || c.Kind == athsql.KindUpdate || c.Kind == athsql.KindDelete {
			res.sqlText, res.args = p.sql, p.args
		}
		if c.Insert != nil {
			res.pk = p.pk
			if c.ImplicitReturning {
				return res, res.consumeImplicitReturning()
			}
		}
		return res, nil
	}
	r, err := q.ExecContext(ctx, p.sql, p.args...)
	e.after(ctx, ev, start, err)
	if err != nil {
		return nil, e.wrap(err, p.sql, p.args)
	}
	res.rowsAffected, _ = r.RowsAffected()
	res.closed = true
	if c.Insert != nil {
		res.pk = p.pk
		for i, src := range c.Insert.PK {
			if src.LastRowID {
				id, err := r.LastInsertId()
				if err != nil {
					return nil, e.wrap(err, p.sql, p.args)
				}
				res.pk[i] = id
			}
		}
	}
	return res, nil
}

// rawExec runs SQL text the engine writes itself (SAVEPOINT and the like),
// with echo and events.
func (e *Engine) rawExec(ctx context.Context, q queryer, text string) (*Result, error) {
	ev := &ExecuteEvent{SQL: text}
	ctx = e.before(ctx, ev)
	start := time.Now()
	r, err := q.ExecContext(ctx, text)
	e.after(ctx, ev, start, err)
	if err != nil {
		return nil, e.wrap(err, text, nil)
	}
	n, _ := r.RowsAffected()
	return &Result{eng: e, rowsAffected: n, closed: true}, nil
}

func (e *Engine) before(ctx context.Context, ev *ExecuteEvent) context.Context {
	if e.opts.echo != nil {
		attrs := []any{slog.String("sql", ev.SQL)}
		if len(ev.Args) > 0 {
			attrs = append(attrs, slog.String("params", formatParams(ev.Args)))
		}
		if ev.Many > 0 {
			attrs = append(attrs, slog.Int("many", ev.Many))
		}
		if ev.Statement != nil {
			attrs = append(attrs, slog.Bool("cached", ev.Cached))
		}
		e.opts.echo.InfoContext(ctx, "athanor", attrs...)
	}
	for _, l := range e.opts.listeners {
		if l.BeforeExecute != nil {
			if c := l.BeforeExecute(ctx, ev); c != nil {
				ctx = c
			}
		}
	}
	return ctx
}

func (e *Engine) after(ctx context.Context, ev *ExecuteEvent, start time.Time, err error) {
	if len(e.opts.listeners) == 0 {
		return
	}
	ev.Duration = time.Since(start)
	ev.Err = err
	for _, l := range e.opts.listeners {
		if l.AfterExecute != nil {
			l.AfterExecute(ctx, ev)
		}
	}
}

// executeMany runs stmt for each parameter set.
func (e *Engine) executeMany(ctx context.Context, q queryer, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	if len(params) == 0 {
		return nil, fmt.Errorf("%w: ExecuteMany with no parameter sets", athsql.ErrArgument)
	}
	keys := sortedKeys(params[0])
	for i, p := range params[1:] {
		if !slices.Equal(sortedKeys(p), keys) {
			return nil, fmt.Errorf("%w: parameter set %d has keys %v, the first has %v; every set must have the same keys", athsql.ErrArgument, i+2, sortedKeys(p), keys)
		}
	}
	if ins, ok := stmt.(*athsql.Insert); ok && !ins.HasValues() && len(ins.ReturningColumns()) == 0 && e.dialect.Features().MultiValuesInsert {
		return e.insertMany(ctx, q, ins, keys, params)
	}
	p, err := e.prepare(stmt, params[0])
	if err != nil {
		return nil, err
	}
	if p.compiled.Returns {
		return nil, fmt.Errorf("%w: ExecuteMany of a statement that returns rows; execute it once per row", athsql.ErrArgument)
	}
	ev := &ExecuteEvent{Statement: stmt, SQL: p.sql, Args: p.args, Cached: p.cached, Many: len(params)}
	ctx = e.before(ctx, ev)
	start := time.Now()
	ps, err := q.PrepareContext(ctx, p.sql)
	if err != nil {
		e.after(ctx, ev, start, err)
		return nil, e.wrap(err, p.sql, nil)
	}
	defer ps.Close()
	var total int64
	for i, set := range params {
		args := p.args
		if i > 0 {
			pi, err := e.prepare(stmt, set)
			if err != nil {
				e.after(ctx, ev, start, err)
				return nil, err
			}
			args = pi.args
		}
		r, err := ps.ExecContext(ctx, args...)
		if err != nil {
			e.after(ctx, ev, start, err)
			return nil, e.wrap(err, p.sql, args)
		}
		n, _ := r.RowsAffected()
		total += n
	}
	e.after(ctx, ev, start, nil)
	return &Result{eng: e, rowsAffected: total, closed: true}, nil
}

// insertMany sends the rows of an executemany INSERT as multi-row VALUES,
// batched under the dialect's parameter and row limits.
func (e *Engine) insertMany(ctx context.Context, q queryer, ins *athsql.Insert, keys []string, params []athsql.Params) (*Result, error) {
	f := e.dialect.Features()
	perRow := len(keys)
	for _, c := range ins.Table().Columns() {
		if c.Default() != nil && !slices.Contains(keys, c.Key()) {
			perRow++
		}
	}
	batch := len(params)
	if f.MaxBindParams > 0 && perRow > 0 {
		batch = min(batch, max(1, f.MaxBindParams/perRow))
	}
	if f.MaxInsertRows > 0 {
		batch = min(batch, f.MaxInsertRows)
	}
	var total int64
	rows := make([]athsql.Values, 0, batch)
	for start := 0; start < len(params); start += batch {
		end := min(start+batch, len(params))
		rows = rows[:0]
		for _, p := range params[start:end] {
			rows = append(rows, athsql.Values(p))
		}
		res, err := e.execute(ctx, q, ins.Values(rows...), nil)
		if err != nil {
			return nil, err
		}
		total += res.rowsAffected
	}
	return &Result{eng: e, rowsAffected: total, closed: true}, nil
}
