package sql

// What a dialect's RewriteSelect hook builds from a SELECT (it reads the
// limits with RowLimit).

// Lock returns a copy of the SELECT's locking clause, or nil.
func (s *Select) Lock() *LockClause {
	if s.lock == nil {
		return nil
	}
	l := *s.lock
	return &l
}

// WithoutLimits returns the SELECT without its LIMIT, FETCH FIRST and
// OFFSET.
func (s *Select) WithoutLimits() *Select {
	n := s.clone()
	n.limit, n.offset, n.fetch = nil, nil, nil
	return n
}

// WithoutLock returns the SELECT without its locking clause.
func (s *Select) WithoutLock() *Select {
	n := s.clone()
	n.lock = nil
	return n
}
