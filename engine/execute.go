package engine

import (
	"context"
	"database/sql"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// prepared is a statement compiled and bound, ready to send.
type prepared struct {
	compiled *athsql.Compiled
	stmt     athsql.Element   // what was executed (a Prepared's statement)
	key      *athsql.CacheKey // released by done; nil for a Prepared
	binds    []*athsql.BindParam
	sql      string
	args     []any
	raws     []any // args before conversion: for an INSERT only
	cached   bool
}

// prepare compiles stmt (through the cache) and binds its values. The
// caller must call done. A panic in the compiler (or in a column default
// it evaluates) is returned as a compile error.
func (e *Engine) prepare(stmt athsql.Element, params athsql.Params) (p prepared, err error) {
	if stmt == nil || isNilPointer(stmt) {
		return p, fmt.Errorf("%w: nil statement", athsql.ErrArgument)
	}
	defer func() {
		if r := recover(); r != nil {
			p.done()
			p, err = prepared{}, &athsql.CompileError{Dialect: e.dialect().Name(), Err: fmt.Errorf("unexpected panic: %v", r)}
		}
	}()
	ps, isPrepared := stmt.(*Prepared)
	if isPrepared && ps.isNil() {
		return p, errNilPrepared
	}
	if isPrepared && ps.eng == e {
		p.stmt = ps.stmt
		pk := ps.keyed(params)
		if p.compiled, p.cached, err = pk.cache.CompileKeyed(pk.ks); err != nil {
			return p, err
		}
		p.binds = pk.ks.Binds()
	} else {
		if isPrepared {
			stmt = ps.stmt // prepared for another engine
		}
		p.stmt = stmt
		stmt = withParamValues(stmt, params)
		if p.compiled, p.key, p.cached, err = e.state.Load().cache.CompileWith(stmt, e.compileOptions()); err != nil {
			return p, err
		}
		p.binds = p.key.Slots() // a multi-row INSERT's values read from its rows, not made into parameters
	}
	if givesKey(p.compiled.Insert) {
		p.sql, p.args, p.raws, err = p.compiled.BindRaw(p.binds, params)
	} else {
		p.sql, p.args, err = p.compiled.Bind(p.binds, params)
	}
	if err == nil {
		err = e.checkParamLimit(&p)
	}
	if err != nil {
		p.done()
		return prepared{}, err
	}
	return p, nil
}

// givesKey reports whether an INSERT gives a primary-key value as a
// parameter, which givenKey reads from the values as bound.
func givesKey(info *athsql.InsertInfo) bool {
	if info == nil {
		return false
	}
	for _, src := range info.PK {
		if src.Param >= 0 {
			return true
		}
	}
	return false
}

// compileOptions are the options the engine compiles with.
func (e *Engine) compileOptions() athsql.CompileOptions {
	return athsql.CompileOptions{SchemaTranslate: e.opts.schemas}
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func (p *prepared) done() {
	if p.key != nil {
		p.key.Release()
		p.key = nil
	}
}

// bind binds another parameter set to the compiled statement.
func (p *prepared) bind(params athsql.Params) (string, []any, error) {
	return p.compiled.Bind(p.binds, params)
}

// givenKey returns the i-th primary-key value an INSERT gives as a
// parameter (as bound, so that a Go-function default is not called
// twice), or nil; the others are filled after execution.
func (p *prepared) givenKey(i int) any {
	info := p.compiled.Insert
	if info == nil || i >= len(info.PK) {
		return nil
	}
	if src := info.PK[i]; src.Param >= 0 && src.Param < len(p.raws) {
		return p.raws[src.Param]
	}
	return nil
}

// withParamValues turns an INSERT or UPDATE without values into one whose
// values are the parameters given at execution, as SQLAlchemy does for
// conn.execute(insert(t), {...}). Parameters that name a bind parameter of
// the statement (sql.Bind("uid") in a WHERE clause) are values for it,
// not columns.
func withParamValues(stmt athsql.Element, params athsql.Params) athsql.Element {
	if len(params) == 0 {
		return stmt
	}
	if s, ok := stmt.(athsql.ParamValued); ok && !s.HasValues() {
		if keys := columnKeys(stmt, params); len(keys) > 0 {
			return s.ForParamKeys(keys)
		}
	}
	return stmt
}

// columnKeys returns the keys of params that are not the names of bind
// parameters in stmt, sorted.
func columnKeys(stmt athsql.Element, params athsql.Params) []string {
	k := athsql.NewCacheKey(stmt, false)
	defer k.Release()
	keys := sortedKeys(params)
	for _, b := range k.Binds() {
		if name := b.Key(); name != "" {
			if i, found := slices.BinarySearch(keys, name); found {
				keys = slices.Delete(keys, i, i+1)
			}
		}
	}
	return keys
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
func (e *Engine) execute(ctx context.Context, q dialect.Runner, stmt athsql.Element, params athsql.Params) (*Result, error) {
	return e.executeBatch(ctx, q, stmt, params, 0)
}

// executeBatch runs one statement that carries many parameter sets of an
// ExecuteMany (0 for a plain execution).
func (e *Engine) executeBatch(ctx context.Context, q dialect.Runner, stmt athsql.Element, params athsql.Params, many int) (*Result, error) {
	p, err := e.prepare(stmt, params)
	if err != nil {
		return nil, err
	}
	defer p.done()
	// The result, the event when someone sees it, and room for the
	// wrappers of a query, in one block.
	var res *Result
	query := p.compiled.Returns || p.compiled.Kind == athsql.KindText
	switch {
	case !e.observed() && query:
		blk := &queryBlock{}
		blk.res.home = &blk.home
		res, err = e.runInto(ctx, q, nil, &p, &blk.res)
	case !e.observed():
		res, err = e.runInto(ctx, q, nil, &p, new(Result))
	case query:
		blk := &queryEventBlock{ev: p.event(many)}
		blk.res.home = &blk.home
		res, err = e.runInto(ctx, q, &blk.ev, &p, &blk.res)
	default:
		blk := &resultBlock{ev: p.event(many)}
		res, err = e.runInto(ctx, q, &blk.ev, &p, &blk.res)
	}
	if err == nil && p.compiled.Insert != nil {
		for i, v := range res.pk {
			if v == nil {
				res.pk[i] = p.givenKey(i)
			}
		}
	}
	return res, err
}

// event is the ExecuteEvent of p's execution.
func (p *prepared) event(many int) ExecuteEvent {
	return ExecuteEvent{Statement: p.stmt, SQL: p.sql, Args: p.args, Cached: p.cached, Many: many}
}

// observed reports whether anyone sees the engine's statements (echo,
// listeners): an engine that nobody observes makes no ExecuteEvent.
func (e *Engine) observed() bool {
	return e.opts.echo != nil || len(e.opts.listeners) > 0
}

// resultBlock is a Result and the event of its execution, allocated
// together.
type resultBlock struct {
	res Result
	ev  ExecuteEvent
}

// queryBlock is a Result with room for the wrappers of a query on the
// pool (Result.home), allocated together.
type queryBlock struct {
	res  Result
	home queryHome
}

// queryEventBlock is a queryBlock with the event of its execution.
type queryEventBlock struct {
	res  Result
	ev   ExecuteEvent
	home queryHome
}

// run sends a statement: as a query when it returns rows (reading the rows
// of DML with RETURNING at once), else as an exec.
func (e *Engine) run(ctx context.Context, q dialect.Runner, ev *ExecuteEvent, c *athsql.Compiled) (*Result, error) {
	return e.runInto(ctx, q, ev, &prepared{compiled: c, sql: ev.SQL, args: ev.Args}, new(Result))
}

// runInto is run of p with the Result to fill, a new one. ev is nil when
// the engine is not observed.
func (e *Engine) runInto(ctx context.Context, q dialect.Runner, ev *ExecuteEvent, p *prepared, res *Result) (*Result, error) {
	c := p.compiled
	if ev != nil {
		ctx = e.before(ctx, ev)
	}
	start := e.startTime()
	*res = Result{eng: e, compiled: c, ctx: ctx, sqlText: p.sql, args: p.args, home: res.home}
	returns, dml := c.Returns, isDML(c.Kind)
	if c.Kind == athsql.KindText && !returns {
		returns, dml = textReturnsRows(p.sql)
	}
	if returns {
		// An INSERT whose RETURNING the engine added only to learn the
		// key: its rows give the key, and are not kept.
		keyOnly := c.ImplicitReturning && c.Insert != nil
		var err error
		if keyOnly {
			err = e.queryKey(ctx, q, res)
		} else {
			err = e.query(ctx, q, res, dml)
		}
		if ev != nil {
			e.after(ctx, ev, start, err)
		}
		if err != nil {
			return nil, err
		}
		if c.Insert != nil && !keyOnly {
			res.pk = res.newPK(len(c.Insert.PK))
			if len(res.buffered) > 0 {
				res.capturePK(res.buffered[0].vals)
			}
		}
		if c.ImplicitReturning {
			// The engine asked for the row only to learn the key.
			res.hasRows, res.buffered, res.meta = false, nil, nil
		}
		return res, nil
	}
	qctx, release := e.bound(ctx)
	r, err := q.Exec(qctx, p.sql, p.args)
	release()
	err = e.wrap(ctx, err, p.sql, p.args)
	if ev != nil {
		e.after(ctx, ev, start, err)
	}
	if err != nil {
		return nil, err
	}
	// Drivers report the count of the last DML statement even after one
	// that changes no rows (SQLite after DDL): ask only DML.
	res.rowsAffected = -1
	if isDML(c.Kind) || c.Kind == athsql.KindText && textIsDML(p.sql) {
		if n, err := r.RowsAffected(); err == nil {
			res.rowsAffected = n
		}
	}
	if c.Insert != nil {
		res.pk = res.newPK(len(c.Insert.PK))
		for i, src := range c.Insert.PK {
			if !src.LastRowID || res.rowsAffected == 0 {
				// No row, no key: a conflict clause skipped it, and the
				// driver's last id is another row's.
				continue
			}
			id, err := r.LastInsertId()
			if err != nil {
				res.pkErr = e.wrap(ctx, err, p.sql, p.args)
				break
			}
			res.pk[i] = id
		}
	}
	return res, nil
}

// query runs a statement that returns rows into res; dml reads them all
// at once.
func (e *Engine) query(ctx context.Context, q dialect.Runner, res *Result, dml bool) error {
	if err := e.openQuery(ctx, q, res); err != nil {
		return err
	}
	if dml {
		return res.bufferRows()
	}
	return nil
}

// openQuery sends a statement that returns rows, and prepares res to
// read them.
func (e *Engine) openQuery(ctx context.Context, q dialect.Runner, res *Result) error {
	qctx, release := e.bound(ctx)
	var rows dialect.Rows
	var err error
	if p, ok := q.(*managedPool); ok {
		// The pool's wrappers in the Result's room, when it has some.
		rows, err = p.query(qctx, res.sqlText, res.args, res.home)
	} else {
		rows, err = q.Query(qctx, res.sqlText, res.args)
	}
	if err != nil {
		release()
		return e.wrap(ctx, err, res.sqlText, res.args)
	}
	if err := res.openRows(rows, release); err != nil {
		return e.wrap(ctx, err, res.sqlText, res.args)
	}
	return nil
}

// queryKey runs an INSERT whose RETURNING gives only its key (see
// Result.readKey) into res.
func (e *Engine) queryKey(ctx context.Context, q dialect.Runner, res *Result) error {
	if err := e.openQuery(ctx, q, res); err != nil {
		return err
	}
	return res.readKey()
}

func isDML(k athsql.StatementKind) bool {
	return k == athsql.KindInsert || k == athsql.KindUpdate || k == athsql.KindDelete
}

// textIsDML reports whether textual SQL is an INSERT, UPDATE or DELETE.
func textIsDML(text string) bool {
	_, dml := textReturnsRows(text)
	return dml
}

// textReturnsRows guesses from its first keyword whether textual SQL
// returns rows, and whether it is DML (whose rows are read at once):
// queries (SELECT, WITH, VALUES, PRAGMA, SHOW, EXPLAIN...) and DML with
// RETURNING or OUTPUT return rows. Declaring result columns
// (sql.TextClause.Columns) makes a text a query whatever it says.
func textReturnsRows(text string) (returns, dml bool) {
	words := strings.FieldsFunc(strings.ToUpper(stripComments(text)), func(r rune) bool {
		return !(r >= 'A' && r <= 'Z' || r == '_')
	})
	if len(words) == 0 {
		return false, false
	}
	switch words[0] {
	case "SELECT", "WITH", "VALUES", "TABLE", "PRAGMA", "SHOW", "EXPLAIN", "DESCRIBE", "DESC", "CALL":
		return true, false
	case "INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE":
		return slices.Contains(words, "RETURNING") || slices.Contains(words, "OUTPUT"), true
	}
	return false, false
}

// stripComments removes SQL comments and quoted text, so that the
// keywords left are the statement's.
func stripComments(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			b.WriteByte(' ')
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				return b.String()
			}
			i += end + 3
			b.WriteByte(' ')
		case c == '\'' || c == '"' || c == '`':
			end := strings.IndexByte(s[i+1:], c)
			if end < 0 {
				return b.String()
			}
			i += end + 1
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// rawExec runs SQL text the engine writes itself (SAVEPOINT and the like),
// with echo and events.
func (e *Engine) rawExec(ctx context.Context, q dialect.Runner, text string) (sql.Result, error) {
	ev := &ExecuteEvent{SQL: text}
	ctx = e.before(ctx, ev)
	start := time.Now()
	r, err := q.Exec(ctx, text, nil)
	err = e.wrap(ctx, err, text, nil)
	e.after(ctx, ev, start, err)
	return r, err
}
