package sql

// What a dialect's RewriteSelect hook reads of a SELECT, and the copies it
// builds from it.

// LimitValue returns the SELECT's LIMIT and whether it has one.
func (s *Select) LimitValue() (int64, bool) { return limitValue(s.limit) }

// OffsetValue returns the SELECT's OFFSET and whether it has one.
func (s *Select) OffsetValue() (int64, bool) { return limitValue(s.offset) }

// HasFetchFirst reports whether the SELECT has a FETCH FIRST clause.
func (s *Select) HasFetchFirst() bool { return s.fetch != nil }

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

// WithoutLimits returns the SELECT without its LIMIT and OFFSET.
func (s *Select) WithoutLimits() *Select {
	n := s.clone()
	n.limit, n.offset = nil, nil
	return n
}

// WithoutLock returns the SELECT without its locking clause.
func (s *Select) WithoutLock() *Select {
	n := s.clone()
	n.lock = nil
	return n
}
