package sql

import "slices"

// What a dialect's RewriteSelect hook builds from a SELECT (it reads the
// limits with RowLimit).

// Lock returns a copy of the SELECT's locking clause, or nil.
func (s *Select) Lock() *LockClause {
	lock := s.rare().lock
	if lock == nil {
		return nil
	}
	l := *lock
	return &l
}

// WithoutLimits returns the SELECT without its LIMIT, FETCH FIRST and
// OFFSET.
func (s *Select) WithoutLimits() *Select {
	n := s.clone()
	n.bounds = nil
	if s.isDistinct() {
		n.bounds = &rowBounds{distinct: true}
	}
	if n.rare().fetch != nil {
		n.setMore().fetch = nil
	}
	return n
}

// WithoutLock returns the SELECT without its locking clause.
func (s *Select) WithoutLock() *Select {
	n := s.clone()
	if n.rare().lock != nil {
		n.setMore().lock = nil
	}
	return n
}

// OrderByClauses returns the SELECT's ORDER BY expressions.
func (s *Select) OrderByClauses() []ColumnElement { return s.orderBy[:len(s.orderBy):len(s.orderBy)] }

// WithoutOrderBy returns the SELECT without its ORDER BY.
func (s *Select) WithoutOrderBy() *Select {
	n := s.clone()
	n.orderBy = nil
	return n
}

// Froms returns the FROM items given to the SELECT: those of SelectFrom
// and Join, then those given in its select list (NewSelect(join)), joins
// included. The items its columns merely refer to are not among them.
func (s *Select) Froms() []FromClause {
	out := slices.Clip(slices.Clone(s.froms))
	for _, it := range s.rare().itemFroms {
		out = append(out, it.from)
	}
	return out
}

// WithFroms returns the SELECT with froms as the FROM items given to it,
// in place of all those Froms returns; its columns stay (Oracle's non-ANSI
// joins list a join's tables).
func (s *Select) WithFroms(froms ...FromClause) *Select {
	n := s.clone()
	froms, hadNil := plainFroms(froms)
	if hadNil {
		n.setErr(errNilFrom("select"))
	}
	n.froms = froms
	if s.rare().itemFroms != nil {
		n.setMore().itemFroms = nil
	}
	return n
}

// IsOuter reports whether the join is a LEFT OUTER JOIN.
func (j *Join) IsOuter() bool { return j.kind == joinLeft }

// IsFull reports whether the join is a FULL OUTER JOIN.
func (j *Join) IsFull() bool { return j.kind == joinFull }
