package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRun runs the workload for a second on a SQLite file: every kind of
// operation runs, none fails, and the report prints them all.
func TestRun(t *testing.T) {
	url := "sqlite:///" + filepath.Join(t.TempDir(), "load.db") + "?_txlock=immediate&_pragma=journal_mode(wal)&busy_timeout=30000"
	var out, errOut bytes.Buffer
	code := run(context.Background(), []string{"-url", url, "-duration", "1s", "-workers", "4", "-pool", "4", "-rows", "200"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	t.Log("\n" + out.String())
	for _, name := range opNames {
		if !strings.Contains(out.String(), name) {
			t.Errorf("the report does not list %q", name)
		}
	}
	rep, err := Run(context.Background(), Config{URL: url, Duration: time.Second, Workers: 4, Pool: 4, Rows: 200, Table: "athanor_load"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Ops {
		if s.Count == 0 || s.Errors != 0 {
			t.Errorf("%s: %d ops, %d errors (first: %v)", s.Name, s.Count, s.Errors, s.FirstErr)
		}
		if p50, p99 := s.Percentile(50), s.Percentile(99); p50 <= 0 || p99 < p50 {
			t.Errorf("%s: p50 %v, p99 %v", s.Name, p50, p99)
		}
	}
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run(context.Background(), nil, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "usage") {
		t.Errorf("no URL: exit %d, %q", code, errOut.String())
	}
	if code := run(context.Background(), []string{"-url", "nosuch://x", "-duration", "1s"}, &out, &errOut); code != 1 {
		t.Errorf("an unknown dialect: exit %d", code)
	}
	if code := run(context.Background(), []string{"-url", "sqlite://", "-workers", "0"}, &out, &errOut); code != 1 {
		t.Errorf("no workers: exit %d", code)
	}
}
