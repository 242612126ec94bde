package leaktest

import (
	"strings"
	"testing"
	"time"
)

func TestLeaked(t *testing.T) {
	snap := Take()
	stop := make(chan struct{})
	go func() { <-stop }()
	left := snap.Leaked(50 * time.Millisecond)
	if len(left) != 1 || !strings.Contains(left[0], "leaktest.TestLeaked") {
		t.Fatalf("a goroutine blocked on a channel: Leaked = %q", left)
	}
	close(stop)
	if left := snap.Leaked(time.Second); left != nil {
		t.Fatalf("after it ended: Leaked = %q", left)
	}
	// A goroutine that ends a little after the check starts is waited for.
	go func() { time.Sleep(20 * time.Millisecond) }()
	if left := snap.Leaked(time.Second); left != nil {
		t.Fatalf("a goroutine ending soon: Leaked = %q", left)
	}
	snap.Check(t)
}
