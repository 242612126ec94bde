package dialect_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
)

func TestRegistry(t *testing.T) {
	dialect.Register("regtest", func() dialect.Dialect { return dialect.Generic })
	if !slices.Contains(dialect.Registered(), "regtest") {
		t.Fatalf("Registered() = %v", dialect.Registered())
	}
	d, err := dialect.Lookup("regtest")
	if err != nil || d == nil {
		t.Fatalf("Lookup: %v, %v", d, err)
	}
	_, err = dialect.Lookup("nosuchdb")
	if !errors.Is(err, dialect.ErrNotSupported) {
		t.Fatalf("Lookup(nosuchdb) = %v, want ErrNotSupported", err)
	}
	if !strings.Contains(err.Error(), `"nosuchdb"`) || !strings.Contains(err.Error(), "regtest") {
		t.Errorf("the error should name the dialect and the known ones: %v", err)
	}
}
