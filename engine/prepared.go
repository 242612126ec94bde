package engine

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"

	athsql "github.com/athanordb/athanor/sql"
)

// Prepared is a statement made ready for repeated execution on one
// engine: its cache key is computed once, so that each execution finds
// the compiled form with a map lookup and binds the values given as
// parameters, without walking the statement again (which is most of the
// cost of a cache hit). It is what a Go program expects of a prepared
// statement, and what SQLAlchemy's statement cache gives a statement
// object executed many times.
//
// Build the statement once with named parameters (sql.Bind("id")) for the
// values that change, and give them at each execution:
//
//	byID := eng.Prepare(sql.NewSelect(users.C("name")).Where(users.C("id").Eq(sql.Bind("id"))))
//	res, err := byID.Execute(ctx, sql.Params{"id": 7})
//
// An INSERT or UPDATE without values takes them from the parameters, as
// with Execute: eng.Prepare(sql.NewInsert(users)).Execute(ctx,
// sql.Params{"name": "x"}); the statement is keyed again only when the
// set of parameter names changes.
//
// A Prepared is safe for concurrent use. It is also a statement: Conn.Execute
// and Tx.Execute take it, on the engine that prepared it, the same fast
// way (on another engine it runs as its statement). When the engine's
// dialect changes after version detection on first use, the statement is
// keyed again for the new dialect's cache. The statement is sent with the
// driver's own prepared-statement cache, as every statement is; nothing
// is held on a connection.
type Prepared struct {
	eng   *Engine
	stmt  athsql.Element
	names []string // the names of the statement's named bind parameters, sorted
	// valued: the statement takes its values from the parameters, keyed
	// per set of parameter names.
	valued bool
	key    atomic.Pointer[preparedKey]
}

// preparedKey is a Prepared's key for one cache (one dialect), and for a
// valued statement, one set of column keys.
type preparedKey struct {
	cache *athsql.Cache
	cols  []string // the parameters that are values of a valued statement, sorted
	ks    *athsql.KeyedStatement
}

var _ athsql.Statement = (*Prepared)(nil)

// Prepare returns stmt prepared for repeated execution on the engine (see
// Prepared). It does not connect; a statement that cannot compile fails
// when it is executed.
func (e *Engine) Prepare(stmt athsql.Statement) *Prepared {
	p := &Prepared{eng: e, stmt: stmt}
	if p.isNil() {
		return p
	}
	k := athsql.NewCacheKey(stmt, false)
	for _, b := range k.Binds() {
		if name := b.Key(); name != "" {
			p.names = append(p.names, name)
		}
	}
	k.Release()
	slices.Sort(p.names)
	p.names = slices.Compact(p.names)
	if s, ok := stmt.(athsql.ParamValued); ok && !s.HasValues() {
		p.valued = true
		return p
	}
	st := e.state.Load()
	p.key.Store(&preparedKey{cache: st.cache, ks: st.cache.KeyStatement(stmt, e.compileOptions())})
	return p
}

// Statement returns the statement prepared.
func (p *Prepared) Statement() athsql.Element { return p.stmt }

// Execute runs the statement on a pooled connection with params as the
// values of its named parameters; see Engine.Execute.
func (p *Prepared) Execute(ctx context.Context, params ...athsql.Params) (*Result, error) {
	return p.eng.Execute(ctx, p, params...)
}

// StatementKind implements sql.Statement.
func (p *Prepared) StatementKind() athsql.StatementKind {
	if st, ok := p.stmt.(athsql.Statement); ok {
		return st.StatementKind()
	}
	return athsql.KindText
}

// errNilPrepared is the error of a Prepared made of no statement.
var errNilPrepared = fmt.Errorf("%w: nil statement", athsql.ErrArgument)

// WriteSQL implements sql.Element: the statement's SQL.
func (p *Prepared) WriteSQL(c *athsql.Compiler) {
	if p.isNil() {
		c.Fail(errNilPrepared)
		return
	}
	c.Write(p.stmt)
}

// WriteCacheKey implements sql.Element: the statement's key.
func (p *Prepared) WriteCacheKey(k *athsql.CacheKey) {
	if p.isNil() {
		k.Err(errNilPrepared)
		return
	}
	k.Element(p.stmt)
}

func (p *Prepared) isNil() bool { return p.stmt == nil || isNilPointer(p.stmt) }

// keyed returns the key to compile with for the engine's current cache
// and, for a valued statement, params' names; it keys the statement
// again when either changed.
func (p *Prepared) keyed(params athsql.Params) *preparedKey {
	cache := p.eng.state.Load().cache
	pk := p.key.Load()
	if pk != nil && pk.cache == cache && (!p.valued || p.sameColumns(pk.cols, params)) {
		return pk
	}
	stmt := p.stmt
	var cols []string
	if p.valued {
		cols = p.columns(params)
		if len(cols) > 0 {
			stmt = stmt.(athsql.ParamValued).ForParamKeys(cols)
		}
	}
	pk = &preparedKey{cache: cache, cols: cols, ks: cache.KeyStatement(stmt, p.eng.compileOptions())}
	p.key.Store(pk)
	return pk
}

// isName reports whether name is one of the statement's bind parameters.
func (p *Prepared) isName(name string) bool {
	_, found := slices.BinarySearch(p.names, name)
	return found
}

// columns returns the keys of params that are not bind parameter names,
// sorted: the columns a valued statement gives values.
func (p *Prepared) columns(params athsql.Params) []string {
	cols := make([]string, 0, len(params))
	for k := range params {
		if !p.isName(k) {
			cols = append(cols, k)
		}
	}
	slices.Sort(cols)
	return cols
}

// sameColumns reports whether the keys of params that are not bind
// parameter names are cols, without allocating. cols hold no name (they
// were chosen among keys that are not), so it is enough that params has
// every one of them, and as many other keys as names.
func (p *Prepared) sameColumns(cols []string, params athsql.Params) bool {
	n := len(params)
	for _, name := range p.names {
		if _, ok := params[name]; ok {
			n--
		}
	}
	if n != len(cols) {
		return false
	}
	for _, c := range cols {
		if _, ok := params[c]; !ok {
			return false
		}
	}
	return true
}
