package sql

import (
	"fmt"
	"slices"
)

// cteEntry is one CTE of the WITH clause being built.
type cteEntry struct {
	cte  *CTE // the latest restatement (recursive union) seen
	body []byte
	done bool
}

// cteName returns the name a CTE is written with; an anonymous CTE and
// its restatements share one generated name.
func (c *Compiler) cteName(cte *CTE) string { return c.anonFromName(cte.root(), cte.name) }

func (c *Compiler) writeCTERef(cte *CTE) {
	c.registerCTE(cte)
	c.WriteIdentifier(c.cteName(cte))
}

// registerCTE compiles a CTE's body, once, into the WITH clause, after
// the CTEs its body refers to.
func (c *Compiler) registerCTE(cte *CTE) {
	if cte == nil {
		c.Fail(fmt.Errorf("%w: a nil CTE", ErrArgument))
		return
	}
	if cte.err != nil {
		c.Fail(cte.err)
		return
	}
	root := cte.root()
	if e, ok := c.cteRoots[root]; ok {
		// Seen before: in progress (a recursive reference), or already
		// written. A fuller restatement of a recursive CTE replaces the
		// one written so far.
		if e.done && cte != e.cte && cte.extends(e.cte) {
			c.restateCTE(e, cte)
		}
		return
	}
	if cte.name != "" {
		for other := range c.cteRoots {
			if other.name == cte.name {
				c.Fail(fmt.Errorf("%w: two different CTEs are named %q in one statement", ErrArgument, cte.name))
				return
			}
		}
	}
	if c.cteRoots == nil {
		c.cteRoots = make(map[*CTE]*cteEntry)
	}
	e := &cteEntry{cte: cte}
	c.cteRoots[root] = e
	e.body = c.compileCTE(cte)
	e.done = true
	c.ctes = append(c.ctes, e)
}

// restateCTE recompiles an entry with a restatement of its CTE, placing
// the CTEs the new body brings in before it.
func (c *Compiler) restateCTE(e *cteEntry, cte *CTE) {
	mark := len(c.ctes)
	e.cte = cte
	e.body = c.compileCTE(cte)
	added := c.ctes[mark:]
	if len(added) == 0 {
		return
	}
	i := slices.Index(c.ctes, e)
	order := make([]*cteEntry, 0, len(c.ctes))
	order = append(order, c.ctes[:i]...)
	order = append(order, added...)
	order = append(order, c.ctes[i:mark]...)
	c.ctes = order
}

// compileCTE returns "name[(columns)] AS (body)". The body is compiled on
// its own: it correlates to nothing.
func (c *Compiler) compileCTE(cte *CTE) []byte {
	savedBuf, savedFrames := c.buf, c.frames
	c.buf = make([]byte, 0, 128)
	c.frames = []*frame{{marker: true, mode: nestFrom}}
	c.WriteIdentifier(c.cteName(cte))
	if cte.recursive {
		c.WriteByte('(')
		for i, col := range cte.columns {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteIdentifier(col.name)
		}
		c.WriteByte(')')
	}
	c.WriteString(" AS (")
	c.depth++
	c.Write(cte.sel)
	c.depth--
	c.WriteByte(')')
	body := c.buf
	c.buf, c.frames = savedBuf, savedFrames
	return body
}

// writeWith puts the WITH clause in front of the statement.
func (c *Compiler) writeWith() {
	if len(c.ctes) == 0 || c.err != nil {
		return
	}
	if !c.feat.CTE {
		c.NotSupported("WITH (common table expressions)")
		return
	}
	head := []byte("WITH ")
	for _, e := range c.ctes {
		if e.cte.recursive {
			if !c.feat.RecursiveCTE {
				c.NotSupported("WITH RECURSIVE")
				return
			}
			kw := "RECURSIVE "
			if c.hooks.RecursiveKeyword != nil {
				kw = *c.hooks.RecursiveKeyword
			}
			head = append(head, kw...)
			break
		}
	}
	for i, e := range c.ctes {
		if i > 0 {
			head = append(head, ", "...)
		}
		head = append(head, e.body...)
	}
	head = append(head, ' ')
	c.buf = append(head, c.buf...)
}
