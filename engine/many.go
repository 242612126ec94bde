package engine

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// executeMany runs stmt for each parameter set, on q (a transaction).
func (e *Engine) executeMany(ctx context.Context, q dialect.Runner, stmt athsql.Statement, params []athsql.Params) (*Result, error) {
	if stmt == nil || isNilPointer(stmt) {
		return nil, fmt.Errorf("%w: nil statement", athsql.ErrArgument)
	}
	if ps, ok := stmt.(*Prepared); ok {
		// Each set is bound to one compiled form: keying once gains
		// nothing here.
		if ps.isNil() {
			return nil, errNilPrepared
		}
		stmt, _ = ps.stmt.(athsql.Statement)
		if stmt == nil {
			return nil, fmt.Errorf("%w: ExecuteMany of an element that is not a statement", athsql.ErrArgument)
		}
	}
	if len(params) == 0 {
		return nil, fmt.Errorf("%w: ExecuteMany with no parameter sets", athsql.ErrArgument)
	}
	if stmt.StatementKind() == athsql.KindSelect {
		return nil, fmt.Errorf("%w: ExecuteMany of a SELECT; execute it once per parameter set", athsql.ErrArgument)
	}
	keys := sortedKeys(params[0])
	for i, p := range params[1:] {
		if !slices.Equal(sortedKeys(p), keys) {
			return nil, fmt.Errorf("%w: parameter set %d has keys %v, the first has %v; every set must have the same keys", athsql.ErrArgument, i+2, sortedKeys(p), keys)
		}
	}
	f := e.dialect().Features()
	if ins, ok := stmt.(*athsql.Insert); ok && !ins.HasValues() && f.MultiValuesInsert &&
		(len(ins.ReturningColumns()) == 0 || f.InsertReturning) {
		return e.insertMany(ctx, q, ins, params)
	}
	p, err := e.prepare(stmt, params[0])
	if err != nil {
		return nil, err
	}
	defer p.done()
	returns := p.compiled.Returns
	if p.compiled.Kind == athsql.KindText && !returns {
		returns, _ = textReturnsRows(p.sql)
	}
	sets := make([][]any, len(params))
	sameText := true
	for i, set := range params {
		text, args, err := p.bind(set)
		if err != nil {
			return nil, fmt.Errorf("parameter set %d: %w", i+1, err)
		}
		sets[i] = args
		sameText = sameText && text == p.sql
	}
	if returns || !sameText {
		// One statement per set, gathering the rows it returns.
		out := &Result{eng: e, many: true}
		for _, set := range params {
			text, args, _ := p.bind(set)
			ev := &ExecuteEvent{Statement: p.stmt, SQL: text, Args: args, Cached: p.cached, Many: 1}
			res, err := e.run(ctx, q, ev, p.compiled)
			if err != nil {
				return nil, err
			}
			out.merge(res)
		}
		return out, nil
	}
	ev := &ExecuteEvent{Statement: stmt, SQL: p.sql, ArgSets: sets, Cached: p.cached, Many: len(sets)}
	ctx = e.before(ctx, ev)
	start := time.Now()
	total, err := e.execPrepared(ctx, q, p.sql, sets)
	e.after(ctx, ev, start, err)
	if err != nil {
		return nil, err
	}
	return &Result{eng: e, many: true, rowsAffected: total}, nil
}

// execPrepared prepares text once and executes it with each set of
// arguments, returning the total of rows affected.
func (e *Engine) execPrepared(ctx context.Context, q dialect.Runner, text string, sets [][]any) (int64, error) {
	qctx, release := e.bound(ctx)
	defer release()
	total, failed, err := q.ExecEach(qctx, text, sets)
	if err != nil {
		return 0, e.wrap(ctx, err, text, failed)
	}
	return total, nil
}

// insertMany sends the rows of an executemany INSERT as multi-row VALUES,
// batched under the dialect's parameter and row limits.
func (e *Engine) insertMany(ctx context.Context, q dialect.Runner, ins *athsql.Insert, params []athsql.Params) (*Result, error) {
	return e.insertBatches(ctx, q, ins.Values(athsql.Values(params[0])), len(params[0]), len(params), func(start, end int) *athsql.Insert {
		rows := make([]athsql.Values, end-start)
		for i, p := range params[start:end] {
			rows[i] = athsql.Values(p)
		}
		return ins.Values(rows...)
	})
}

// insertBatches inserts n rows with multi-row INSERT statements, as many
// rows in each as the dialect's parameter and row limits allow: batch
// returns the statement of rows [start, end). one is the statement of the
// first row alone, compiled to count the parameters a row takes, at
// least values (a NULL in the first row is written as a literal, but may
// be a parameter in the others).
func (e *Engine) insertBatches(ctx context.Context, q dialect.Runner, one *athsql.Insert, values, n int, batch func(start, end int) *athsql.Insert) (*Result, error) {
	f := e.dialect().Features()
	// Compiled only: binding would evaluate column defaults.
	c, key, _, err := e.state.Load().cache.CompileWith(one, athsql.CompileOptions{SchemaTranslate: e.opts.schemas})
	if err != nil {
		return nil, err
	}
	key.Release()
	perRow := max(len(c.Params), values)
	size := n
	if f.MaxBindParams > 0 && perRow > 0 {
		size = min(size, max(1, f.MaxBindParams/perRow))
	}
	if f.MaxInsertRows > 0 {
		size = min(size, f.MaxInsertRows)
	}
	out := &Result{eng: e, many: true}
	for start := 0; start < n; start += size {
		end := min(start+size, n)
		res, err := e.executeBatch(ctx, q, batch(start, end), nil, end-start)
		if err != nil {
			return nil, err
		}
		out.merge(res)
	}
	return out, nil
}

// merge adds the outcome of one execution of an ExecuteMany to r.
func (r *Result) merge(res *Result) {
	if res.rowsAffected > 0 {
		r.rowsAffected += res.rowsAffected
	}
	if res.hasRows {
		if r.meta == nil {
			r.meta = res.meta
		}
		r.hasRows, r.isBuffer = true, true
		r.buffered = append(r.buffered, res.buffered...)
	}
}
