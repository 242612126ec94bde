package types_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/athanordb/athanor/internal/typetest"
	"github.com/athanordb/athanor/types"
)

// errAny stands for "some ConversionError" in a case's err.
var errAny = errors.New("any conversion error")

// convCase is one input of a converter and what it must give: want, or an
// error that is a *types.ConversionError wrapping err.
type convCase struct {
	name string
	in   any
	want any
	err  error
}

// runConv checks each case against the converter c.
func runConv(t *testing.T, c types.Converter, cases []convCase) {
	t.Helper()
	if c == nil {
		t.Fatal("converter is nil")
	}
	for _, tc := range cases {
		name := tc.name
		if name == "" {
			name = fmt.Sprintf("%T(%v)", tc.in, tc.in)
		}
		t.Run(name, func(t *testing.T) {
			got, err := c(tc.in)
			if tc.err != nil {
				checkConvErr(t, err, tc.err)
				if got != nil {
					t.Errorf("got %#v with the error, want nil", got)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !same(got, tc.want) {
				t.Errorf("got %T %#v, want %T %#v", got, got, tc.want, tc.want)
			}
		})
	}
}

// checkConvErr checks that err is a ConversionError wrapping want (or any
// ConversionError for errAny).
func checkConvErr(t *testing.T, err, want error) {
	t.Helper()
	var ce *types.ConversionError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *types.ConversionError", err, err)
	}
	if want != errAny && !errors.Is(err, want) {
		t.Fatalf("error %q does not wrap %q", err, want)
	}
	if ce.Error() == "" {
		t.Fatal("empty error message")
	}
}

var same = typetest.Same

func dec(s string) types.Decimal { return types.MustDecimal(s) }

func ptr[T any](v T) *T { return &v }
