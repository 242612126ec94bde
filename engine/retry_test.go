package engine_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
)

// errRetryMe is an error killDialect calls retryable.
var errRetryMe = errors.New("test: serialization failure")

func (d killDialect) IsRetryable(err error) bool { return errors.Is(err, errRetryMe) }

func TestBeginRetry(t *testing.T) {
	eng, s, _, _ := newKillEngine(t)
	ctx := context.Background()
	var waits []time.Duration
	calls := 0
	policy := engine.RetryPolicy{BaseDelay: 4 * time.Millisecond, MaxDelay: 10 * time.Millisecond,
		OnRetry: func(attempt int, err error, wait time.Duration) {
			if attempt != len(waits)+2 || !errors.Is(err, errRetryMe) {
				t.Errorf("OnRetry(%d, %v)", attempt, err)
			}
			waits = append(waits, wait)
		}}
	err := eng.BeginRetry(ctx, policy, func(tx *engine.Tx) error {
		calls++
		if _, err := tx.Execute(ctx, s.users.Insert().Values(sql.Values{"name": fmt.Sprint("u", calls)})); err != nil {
			return err
		}
		if calls < 4 {
			return fmt.Errorf("attempt %d: %w", calls, errRetryMe)
		}
		return nil
	})
	if err != nil || calls != 4 {
		t.Fatalf("BeginRetry: %v after %d calls", err, calls)
	}
	// The failed attempts were rolled back: one row, the last attempt's.
	if n := count(t, eng, s.users); n != 1 {
		t.Errorf("%d rows, want 1", n)
	}
	// Waits: 2-4ms, 4-8ms, then 5-10ms (capped).
	bounds := [][2]time.Duration{{2, 4}, {4, 8}, {5, 10}}
	for i, w := range waits {
		if lo, hi := bounds[i][0]*time.Millisecond, bounds[i][1]*time.Millisecond; w < lo || w > hi {
			t.Errorf("wait %d: %v, want within [%v, %v]", i+2, w, lo, hi)
		}
	}
	if len(waits) != 3 {
		t.Errorf("%d waits, want 3", len(waits))
	}
}

func TestBeginRetryBounded(t *testing.T) {
	eng, _, _, _ := newKillEngine(t)
	ctx := context.Background()
	calls := 0
	err := eng.BeginRetry(ctx, engine.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond}, func(*engine.Tx) error {
		calls++
		return errRetryMe
	})
	var re *engine.RetryError
	if !errors.As(err, &re) || re.Attempts != 3 || !errors.Is(err, errRetryMe) || calls != 3 {
		t.Errorf("always failing: %v after %d calls", err, calls)
	}
}

func TestBeginRetryNotRetryable(t *testing.T) {
	eng, s, _, _ := newKillEngine(t)
	ctx := context.Background()
	calls := 0
	err := eng.BeginRetry(ctx, engine.RetryPolicy{}, func(tx *engine.Tx) error {
		calls++
		_, err := tx.Execute(ctx, s.users.Insert().Values(sql.Values{"id": 1, "name": "a"}, sql.Values{"id": 1, "name": "b"}))
		return err
	})
	if err == nil || calls != 1 {
		t.Errorf("a unique violation: %v after %d calls, want one call", err, calls)
	}
	var re *engine.RetryError
	if errors.As(err, &re) {
		t.Errorf("a non-retryable error came as a RetryError: %v", err)
	}
}

func TestBeginRetryContext(t *testing.T) {
	eng, _, _, _ := newKillEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	start := time.Now()
	err := eng.BeginRetry(ctx, engine.RetryPolicy{MaxAttempts: 100, BaseDelay: time.Hour, MaxDelay: time.Hour},
		func(*engine.Tx) error {
			calls++
			time.AfterFunc(20*time.Millisecond, cancel)
			return errRetryMe
		})
	if !errors.Is(err, context.Canceled) || !errors.Is(err, errRetryMe) || calls != 1 {
		t.Errorf("cancelled while waiting: %v after %d calls", err, calls)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("the cancelled retry took %v", time.Since(start))
	}
}
