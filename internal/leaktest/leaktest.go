// Package leaktest finds goroutines a test leaves running: take a
// Snapshot before the code under test starts, and call Leaked (or Check)
// after it has been closed. Goroutines that end shortly after Close (a
// pool's background workers winding down) are waited for, up to a
// timeout.
package leaktest

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
)

// Snapshot is the set of goroutines running when it was taken, by id.
type Snapshot map[string]bool

// Take records the goroutines running now.
func Take() Snapshot {
	s := Snapshot{}
	for _, g := range goroutines() {
		s[g.id] = true
	}
	return s
}

// Leaked waits up to timeout for the goroutines started since the
// snapshot to end, and returns the stacks of those still running (nil
// when none is). Goroutines of the runtime and of the testing package are
// ignored.
func (s Snapshot) Leaked(timeout time.Duration) []string {
	deadline := time.Now().Add(timeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 100*time.Millisecond) {
		var left []string
		for _, g := range goroutines() {
			if !s[g.id] && !ignored(g.stack) {
				left = append(left, g.stack)
			}
		}
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(wait)
	}
}

// Check fails t when goroutines started since the snapshot are still
// running after 5 seconds, listing their stacks.
func (s Snapshot) Check(t testing.TB) {
	t.Helper()
	if left := s.Leaked(5 * time.Second); len(left) > 0 {
		t.Errorf("%d goroutines leaked:\n\n%s", len(left), strings.Join(left, "\n\n"))
	}
}

type goroutine struct{ id, stack string }

// goroutines returns every goroutine but the caller's.
func goroutines() []goroutine {
	buf := make([]byte, 1<<16)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	blocks := strings.Split(strings.TrimSpace(string(buf)), "\n\n")
	var out []goroutine
	for i, b := range blocks {
		if i == 0 {
			continue // the current goroutine comes first
		}
		var id string
		if _, err := fmt.Sscanf(b, "goroutine %s", &id); err != nil {
			continue
		}
		out = append(out, goroutine{id: id, stack: b})
	}
	return out
}

// ignored reports whether a goroutine belongs to the runtime or the test
// framework rather than to the code under test.
func ignored(stack string) bool {
	for _, s := range []string{
		"testing.(*T).Run(", "testing.tRunner(", "testing.(*M).", "testing.runTests",
		"os/signal.signal_recv", "runtime.ensureSigM", "runtime/trace.", "runtime.goexit0",
		"testing.(*F).Fuzz",
	} {
		if strings.Contains(stack, s) {
			return true
		}
	}
	return false
}
