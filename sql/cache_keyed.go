package sql

import "slices"

// KeyedStatement is a statement with its cache key computed once: for a
// statement built once and executed many times with new values of its
// named parameters (Bind("name"), given as Params at each execution).
// Cache.CompileKeyed finds its compiled form without walking the
// statement again, which is most of the cost of a cache hit; statements
// are immutable, so the key never goes stale. A statement built anew for
// each execution gains nothing from it: use Cache.Compile.
type KeyedStatement struct {
	cache *Cache
	stmt  Element
	key   string
	binds []*BindParam
	opts  CompileOptions
	ddl   bool
}

// KeyStatement computes e's cache key for this cache (with opts, which
// are part of the key).
func (c *Cache) KeyStatement(e Element, opts CompileOptions) *KeyedStatement {
	k := NewCacheKey(e, c.literal)
	defer k.Release()
	k.schemaTranslate(opts.SchemaTranslate)
	st, isStmt := e.(Statement)
	return &KeyedStatement{
		cache: c, stmt: e, key: string(k.buf), binds: slices.Clone(k.Binds()), opts: opts,
		ddl: isStmt && st.StatementKind() == KindDDL,
	}
}

// Statement returns the statement.
func (ks *KeyedStatement) Statement() Element { return ks.stmt }

// Binds returns the statement's bind parameters in key order, for
// Compiled.Bind. The slice is shared: do not modify it.
func (ks *KeyedStatement) Binds() []*BindParam { return ks.binds }

// CompileKeyed is Compile for a statement keyed by KeyStatement: a cache
// hit costs a map lookup. It also reports whether the compiled form came
// from the cache. Bind it with ks.Binds(). A statement keyed for another
// cache is keyed again.
func (c *Cache) CompileKeyed(ks *KeyedStatement) (*Compiled, bool, error) {
	if ks.cache != c {
		ks = c.KeyStatement(ks.stmt, ks.opts)
	}
	if c.max > 0 && !ks.ddl {
		c.mu.RLock()
		entry, ok := c.m[ks.key]
		c.mu.RUnlock()
		if ok {
			entry.used.Store(c.clock.Add(1))
			c.hits.Add(1)
			return entry.compiled, true, nil
		}
	}
	compiled, k, hit, err := c.CompileWith(ks.stmt, ks.opts)
	if err != nil {
		return nil, false, err
	}
	k.Release()
	return compiled, hit, nil
}
