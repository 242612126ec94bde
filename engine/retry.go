package engine

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/athanordb/athanor/dialect"
)

// RetryPolicy bounds how BeginRetry runs a transaction again. Zero
// fields take the defaults.
type RetryPolicy struct {
	_ struct{} // keyed literals only: fields may be added

	// MaxAttempts is the most times the transaction runs (default 5).
	MaxAttempts int
	// BaseDelay is the wait before the second attempt (default 10ms); it
	// doubles at each attempt, up to MaxDelay (default 1s). Each wait is
	// drawn at random between half of it and all of it (jitter), so that
	// transactions that failed together do not collide again.
	BaseDelay, MaxDelay time.Duration
	// OnRetry, when not nil, is called before each new attempt with the
	// attempt about to run (2, 3, ...), the error that failed the last
	// one and the wait before it.
	OnRetry func(attempt int, err error, wait time.Duration)
}

// RetryError is BeginRetry's error when every attempt failed with a
// retryable error: it carries the last one (which errors.Is and errors.As
// reach) and the number of attempts.
type RetryError struct {
	Attempts int
	Err      error
}

// Error implements error.
func (e *RetryError) Error() string {
	return fmt.Sprintf("athanor: transaction failed after %d attempts: %v", e.Attempts, e.Err)
}

// Unwrap returns the last attempt's error.
func (e *RetryError) Unwrap() error { return e.Err }

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 10 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = time.Second
	}
	return p
}

// wait is the pause before attempt (2, 3, ...): exponential, bounded,
// with jitter.
func (p RetryPolicy) wait(attempt int) time.Duration {
	d := p.BaseDelay
	for i := 2; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	d = min(d, p.MaxDelay)
	return d/2 + rand.N(d/2+1)
}

// BeginRetry runs fn in a transaction, as Begin does, and runs it again,
// in a new transaction, when it fails with an error the dialect calls
// retryable (dialect.RetryClassifier: a serialization failure or a
// deadlock on PostgreSQL, 40001 and 40P01; a deadlock or a lock wait
// timeout on MySQL, 1213 and 1205; SQLITE_BUSY on SQLite), waiting
// between attempts with exponential backoff and jitter, at most
// p.MaxAttempts times. The rolled-back attempts leave nothing behind, so
// fn must do all its work through tx and have no other effects that
// cannot be repeated.
//
// Any other error is returned at once, as is the end of ctx (matching
// ctx.Err(), and the last attempt's error). When every attempt failed,
// the error is a *RetryError holding the last one.
func (e *Engine) BeginRetry(ctx context.Context, p RetryPolicy, fn func(tx *Tx) error) error {
	p = p.withDefaults()
	for attempt := 1; ; attempt++ {
		err := e.Begin(ctx, fn)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || !e.retryable(err) {
			return err
		}
		if attempt >= p.MaxAttempts {
			return &RetryError{Attempts: attempt, Err: err}
		}
		wait := p.wait(attempt + 1)
		if p.OnRetry != nil {
			p.OnRetry(attempt+1, err, wait)
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("athanor: retry stopped: %w (last error: %w)", ctx.Err(), err)
		}
	}
}

// retryable reports whether the dialect calls err retryable. A lost
// connection is not: the commit may have happened.
func (e *Engine) retryable(err error) bool {
	rc, ok := e.dialect().(dialect.RetryClassifier)
	return ok && rc.IsRetryable(err) && !errors.Is(err, ErrDisconnect)
}
