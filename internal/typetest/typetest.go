// Package typetest holds helpers shared by the tests of the type system
// and of the dialects' type adaptation.
package typetest

import (
	"reflect"
	"time"

	"github.com/athanordb/athanor/types"
)

// Same compares converted values: Decimals by text (value and scale),
// times by instant and zone offset, everything else deeply.
func Same(got, want any) bool {
	switch w := want.(type) {
	case types.Decimal:
		g, ok := got.(types.Decimal)
		return ok && g.String() == w.String()
	case time.Time:
		g, ok := got.(time.Time)
		if !ok || !g.Equal(w) {
			return false
		}
		_, gotOffset := g.Zone()
		_, wantOffset := w.Zone()
		return gotOffset == wantOffset
	}
	return reflect.DeepEqual(got, want)
}
