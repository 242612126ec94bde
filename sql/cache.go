package sql

import (
	"sync"
	"sync/atomic"

	"github.com/athanordb/athanor/dialect"
)

// Cache is a compiled-statement cache for one dialect, safe for concurrent
// use. Statements are looked up by their CacheKey: a statement built again
// with other values hits the entry compiled for the first one. When the
// cache is full, entries are evicted at random (Go's map order).
type Cache struct {
	d       dialect.Dialect
	literal bool
	max     int
	mu      sync.RWMutex
	m       map[string]*Compiled
	hits    atomic.Int64
	misses  atomic.Int64
}

// DefaultCacheSize is the number of compiled statements an engine keeps,
// as in SQLAlchemy.
const DefaultCacheSize = 500

// NewCache returns a cache of at most size entries for d (size <= 0 gives
// a cache that keeps nothing: every statement is compiled).
func NewCache(d dialect.Dialect, size int) *Cache {
	return &Cache{d: d, max: size, literal: hooksOf(d).LiteralLimits, m: make(map[string]*Compiled)}
}

// Compile returns the compiled form of e, its cache key, whose Binds give
// the statement's values to Compiled.Bind, and whether the compiled form
// came from the cache. The caller must Release the key after binding.
func (c *Cache) Compile(e Element) (*Compiled, *CacheKey, bool, error) {
	k := NewCacheKey(e, c.literal)
	if st, ok := e.(Statement); ok && st.StatementKind() == KindDDL {
		// DDL runs once: it is compiled each time and never kept.
		compiled, err := compileWithKey(e, c.d, k, false)
		if err != nil {
			k.Release()
			return nil, nil, false, err
		}
		return compiled, k, false, nil
	}
	if c.max > 0 {
		c.mu.RLock()
		compiled, ok := c.m[string(k.buf)]
		c.mu.RUnlock()
		if ok {
			c.hits.Add(1)
			return compiled, k, true, nil
		}
	}
	c.misses.Add(1)
	compiled, err := compileWithKey(e, c.d, k, false)
	if err != nil {
		k.Release()
		return nil, nil, false, err
	}
	if c.max > 0 {
		c.mu.Lock()
		if len(c.m) >= c.max {
			for key := range c.m {
				delete(c.m, key)
				if len(c.m) < c.max*3/4 {
					break
				}
			}
		}
		c.m[string(k.buf)] = compiled
		c.mu.Unlock()
	}
	return compiled, k, false, nil
}

// CacheStats counts lookups.
type CacheStats struct {
	Hits, Misses int64
	Size         int
}

// Stats returns the cache's counters.
func (c *Cache) Stats() CacheStats {
	c.mu.RLock()
	n := len(c.m)
	c.mu.RUnlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Size: n}
}

// Dialect returns the cache's dialect.
func (c *Cache) Dialect() dialect.Dialect { return c.d }
