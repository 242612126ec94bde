package sql

// RowLimit is what limits the rows of a SELECT or a compound SELECT: its
// LIMIT, OFFSET and FETCH FIRST values, for dialects that write them their
// own way (Hooks.RowLimit and Hooks.SelectPrefix). Each value is an
// integer bound parameter (Compiler.WriteBind writes it as a placeholder,
// Compiler.WriteLimitValue inline), or nil when absent.
type RowLimit struct {
	Limit  *BindParam // LIMIT n
	Offset *BindParam // OFFSET n
	Fetch  *BindParam // FETCH FIRST n
	// FetchPercent and FetchWithTies are FETCH FIRST's options.
	FetchPercent, FetchWithTies bool
	// Ordered: the statement has an ORDER BY.
	Ordered bool
	// Compound: the statement is a UNION, INTERSECT or EXCEPT, which has
	// no select list of its own (SelectPrefix is not called for it).
	Compound bool
}

// IsZero reports whether nothing limits the rows.
func (rl RowLimit) IsZero() bool { return rl.Limit == nil && rl.Offset == nil && rl.Fetch == nil }

// RowLimit returns the SELECT's row limiting clauses.
func (s *Select) RowLimit() RowLimit {
	rl := RowLimit{Limit: s.limitParam(), Offset: s.offsetParam(), Ordered: len(s.orderBy) > 0}
	if f := s.rare().fetch; f != nil {
		rl.Fetch, rl.FetchPercent, rl.FetchWithTies = f.count, f.percent, f.withTies
	}
	return rl
}

// RowLimit returns the compound SELECT's row limiting clauses.
func (s *CompoundSelect) RowLimit() RowLimit {
	return RowLimit{Limit: s.limit, Offset: s.offset, Ordered: len(s.orderBy) > 0, Compound: true}
}

// writeRowLimit writes a statement's row limiting clauses after its ORDER
// BY: through the dialect's RowLimit hook, or the standard forms.
func (c *Compiler) writeRowLimit(rl RowLimit, fetch *fetchClause) {
	if rl.IsZero() {
		return
	}
	if c.hooks.RowLimit != nil && c.hooks.RowLimit(c, rl) {
		return
	}
	c.writeLimitClauses(rl.Limit, rl.Offset, fetch)
}
