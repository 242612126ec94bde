package sql

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/athanordb/athanor/dialect"
)

// Cache is a compiled-statement cache for one dialect, safe for concurrent
// use. Statements are looked up by their CacheKey: a statement built again
// with other values hits the entry compiled for the first one, and
// Compiled.Bind gives it its own values. When the cache is full, the least
// recently used quarter of its entries is evicted.
type Cache struct {
	d       dialect.Dialect
	literal bool
	max     int
	mu      sync.RWMutex
	m       map[string]*cacheEntry
	clock   atomic.Int64 // ticks at each use, for recency
	hits    atomic.Int64
	misses  atomic.Int64
	evicted atomic.Int64
}

type cacheEntry struct {
	compiled *Compiled
	used     atomic.Int64 // the clock at the last use
}

// DefaultCacheSize is the number of compiled statements an engine keeps,
// as in SQLAlchemy.
const DefaultCacheSize = 500

// NewCache returns a cache of at most size entries for d (size <= 0 gives
// a cache that keeps nothing: every statement is compiled).
func NewCache(d dialect.Dialect, size int) *Cache {
	return &Cache{d: d, max: size, literal: hooksOf(d).LiteralLimits, m: make(map[string]*cacheEntry)}
}

// Compile returns the compiled form of e, its cache key, whose Binds give
// the statement's values to Compiled.Bind, and whether the compiled form
// came from the cache. The caller must Release the key after binding.
func (c *Cache) Compile(e Element) (*Compiled, *CacheKey, bool, error) {
	return c.CompileWith(e, CompileOptions{})
}

// CompileWith is Compile with options, which are part of the cache key:
// a statement compiled with another schema translation is another entry.
func (c *Cache) CompileWith(e Element, opts CompileOptions) (*Compiled, *CacheKey, bool, error) {
	k := NewCacheKey(e, c.literal)
	k.schemaTranslate(opts.SchemaTranslate)
	if st, ok := e.(Statement); ok && st.StatementKind() == KindDDL {
		// DDL runs once: it is compiled each time and never kept.
		compiled, err := compileWithKey(e, c.d, k, false, nil, &opts)
		if err != nil {
			k.Release()
			return nil, nil, false, err
		}
		return compiled, k, false, nil
	}
	if c.max > 0 {
		c.mu.RLock()
		entry, ok := c.m[string(k.buf)]
		c.mu.RUnlock()
		if ok {
			entry.used.Store(c.clock.Add(1))
			c.hits.Add(1)
			return entry.compiled, k, true, nil
		}
	}
	c.misses.Add(1)
	compiled, err := compileWithKey(e, c.d, k, false, nil, &opts)
	if err != nil {
		k.Release()
		return nil, nil, false, err
	}
	if c.max > 0 {
		entry := &cacheEntry{compiled: compiled}
		entry.used.Store(c.clock.Add(1))
		c.mu.Lock()
		if _, there := c.m[string(k.buf)]; !there && len(c.m) >= c.max {
			c.evictLocked()
		}
		c.m[string(k.buf)] = entry
		c.mu.Unlock()
	}
	return compiled, k, false, nil
}

// evictLocked removes the least recently used quarter of the entries (at
// least one), so that eviction runs once per max/4 insertions.
func (c *Cache) evictLocked() {
	type aged struct {
		key  string
		used int64
	}
	all := make([]aged, 0, len(c.m))
	for key, e := range c.m {
		all = append(all, aged{key, e.used.Load()})
	}
	slices.SortFunc(all, func(a, b aged) int {
		switch {
		case a.used < b.used:
			return -1
		case a.used > b.used:
			return 1
		}
		return 0
	})
	n := max(1, len(all)/4)
	for _, a := range all[:n] {
		delete(c.m, a.key)
	}
	c.evicted.Add(int64(n))
}

// CacheStats counts lookups.
type CacheStats struct {
	Hits, Misses int64
	// Evicted counts entries dropped to make room.
	Evicted int64
	Size    int
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.RLock()
	n := len(c.m)
	c.mu.RUnlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Evicted: c.evicted.Load(), Size: n}
}

// Dialect returns the cache's dialect.
func (c *Cache) Dialect() dialect.Dialect { return c.d }
