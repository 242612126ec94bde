package sql

import "slices"

// tableHint is text a dialect writes after a FROM item (SQL Server's WITH
// (NOLOCK), MySQL's USE INDEX (ix)), or at the end of a statement when
// from is nil, for the dialects named (all when none or "*" is).
type tableHint struct {
	from     FromClause
	text     string
	dialects []string
}

func newHint(from FromClause, text string, dialectNames []string) tableHint {
	return tableHint{from: from, text: text, dialects: slices.Clone(dialectNames)}
}

// applies reports whether the hint is for the dialect named name.
func (h tableHint) applies(name string) bool {
	return len(h.dialects) == 0 || slices.Contains(h.dialects, "*") || slices.Contains(h.dialects, name)
}

func writeHintsKey(k *CacheKey, hints []tableHint) {
	k.Int(len(hints))
	for _, h := range hints {
		if h.from == nil {
			k.Tag(tagNil)
		} else {
			k.From(h.from)
		}
		k.String(h.text)
		k.Strings(h.dialects)
	}
}

// WithHint returns the SELECT with a table hint: text written after from
// in the FROM clause, as SQLAlchemy's with_hint does, by the dialects
// named in dialectNames (every dialect when none or "*" is given). Only
// dialects with table hints write them (Hooks.TableHints: SQL Server's
// WITH (NOLOCK), MySQL's index hints); others leave them out.
func (s *Select) WithHint(from FromClause, text string, dialectNames ...string) *Select {
	n := s.clone()
	n.setMore().hints = appendTo(s.rare().hints, newHint(from, text, dialectNames))
	return n
}

// WithStatementHint returns the SELECT with text written at its end by
// the dialects named (every dialect when none or "*" is given) that take
// statement hints (Hooks.TableHints).
func (s *Select) WithStatementHint(text string, dialectNames ...string) *Select {
	n := s.clone()
	n.setMore().hints = appendTo(s.rare().hints, newHint(nil, text, dialectNames))
	return n
}

// WithHint returns the INSERT with a table hint written after its table
// (INSERT INTO t WITH (PAGLOCK) ...): see Select.WithHint.
func (s *Insert) WithHint(text string, dialectNames ...string) *Insert {
	n := s.clone()
	n.setMore().hints = appendTo(s.rare().hints, newHint(s.table, text, dialectNames))
	return n
}

// WithHint returns the UPDATE with a table hint written after from, its
// target table when from is nil: see Select.WithHint.
func (s *Update) WithHint(from FromClause, text string, dialectNames ...string) *Update {
	if from == nil {
		from = s.table
	}
	n := s.clone()
	n.setMore().hints = appendTo(s.rare().hints, newHint(from, text, dialectNames))
	return n
}

// WithHint returns the DELETE with a table hint written after from, its
// target table when from is nil: see Select.WithHint.
func (s *Delete) WithHint(from FromClause, text string, dialectNames ...string) *Delete {
	if from == nil {
		from = s.table
	}
	n := s.clone()
	n.setMore().hints = appendTo(s.rare().hints, newHint(from, text, dialectNames))
	return n
}

// useHints makes the table hints of hints that apply to the dialect the
// ones written after FROM items, and returns those in force before, for
// restoreHints.
func (c *Compiler) useHints(hints []tableHint) map[FromClause]string {
	saved := c.hints
	c.hints = nil
	if !c.hooks.TableHints {
		return saved
	}
	for _, h := range hints {
		if h.from == nil || !h.applies(c.d.Name()) {
			continue
		}
		if c.hints == nil {
			c.hints = map[FromClause]string{}
		}
		if prev, ok := c.hints[h.from]; ok {
			c.hints[h.from] = prev + " " + h.text
		} else {
			c.hints[h.from] = h.text
		}
	}
	return saved
}

func (c *Compiler) restoreHints(saved map[FromClause]string) { c.hints = saved }

// writeHint writes the hint for a FROM item, if any.
func (c *Compiler) writeHint(f FromClause) {
	if text, ok := c.hints[f]; ok {
		c.WriteByte(' ')
		c.WriteString(text)
	}
}

// writeStatementHints writes the statement hints that apply.
func (c *Compiler) writeStatementHints(hints []tableHint) {
	if !c.hooks.TableHints {
		return
	}
	for _, h := range hints {
		if h.from == nil && h.applies(c.d.Name()) {
			c.WriteByte(' ')
			c.WriteString(h.text)
		}
	}
}
