// Package livetest holds the helpers of Athanor's tests on live
// databases: the server's URL from the environment, and engines closed
// when the test ends.
package livetest

import (
	"os"
	"testing"

	"github.com/athanordb/athanor/engine"
)

// URL returns the URL in the environment variable env, skipping the test
// when it is unset, or failing it under CI=true, where every live
// database is required.
func URL(t testing.TB, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
		}
		t.Skipf("%s is not set: this test needs a live server", env)
	}
	return u
}

// Open creates an engine on url, closed when the test ends.
func Open(t testing.TB, url string, opts ...engine.Option) *engine.Engine {
	t.Helper()
	eng, err := engine.Create(url, opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { eng.Close() })
	return eng
}
