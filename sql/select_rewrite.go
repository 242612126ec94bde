package sql

// What a dialect's RewriteSelect hook reads of a SELECT, and the copies it
// builds from it.

// LimitValue returns the SELECT's LIMIT and whether it has one.
func (s *Select) LimitValue() (int64, bool) { return limitValue(s.limit) }

// OffsetValue returns the SELECT's OFFSET and whether it has one.
func (s *Select) OffsetValue() (int64, bool) { return limitValue(s.offset) }

// HasFetchFirst reports whether the SELECT has a FETCH FIRST clause.
func (s *Select) HasFetchFirst() bool { return s.fetch != nil }

// FetchFirstValue returns the SELECT's FETCH FIRST count and options, and
// whether it has the clause.
func (s *Select) FetchFirstValue() (n int64, withTies, percent, ok bool) {
	if s.fetch == nil {
		return 0, false, false, false
	}
	n, _ = limitValue(s.fetch.count)
	return n, s.fetch.withTies, s.fetch.percent, true
}

func limitValue(b *BindParam) (int64, bool) {
	if b == nil {
		return 0, false
	}
	n, _ := b.value.(int64)
	return n, true
}

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
