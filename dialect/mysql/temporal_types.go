package mysql

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// DateTime is DATETIME(FSP): a date and time without a time zone, with
// FSP (0 to 6) digits of fractional seconds. Values convert as
// types.DateTime's do on MySQL (a UTC wall clock; types.DateTime is
// DATETIME(6)).
type DateTime struct{ FSP int }

// Timestamp is TIMESTAMP(FSP), which the server keeps in UTC and shows in
// the session's time zone ('+00:00' unless the URL sets time_zone).
// Values convert as types.DateTime{Timezone: true}'s: any zone is sent
// as UTC, and values come back in UTC. The range is 1970 to 2038.
type Timestamp struct{ FSP int }

// Time is TIME(FSP): a time of day (MySQL's TIME also holds durations up
// to 838 hours, which types.Time does not read) with FSP (0 to 6) digits
// of fractional seconds. Values convert as types.Time's (TIME(6)) do.
type Time struct{ FSP int }

var (
	_ types.Type = DateTime{}
	_ types.Type = Timestamp{}
	_ types.Type = Time{}
)

func fspName(name string, fsp int) string {
	if fsp == 0 {
		return name
	}
	return name + "(" + strconv.Itoa(fsp) + ")"
}

func checkFSP(t types.Type, fsp int) error {
	if fsp < 0 || fsp > 6 {
		return fmt.Errorf("%w: %s: fractional seconds take 0 to 6 digits", dialect.ErrNotSupported, t)
	}
	return nil
}

var (
	naiveConv = dateTime{types.DateTime{}}
	utcConv   = dateTime{types.DateTime{Timezone: true}}
)

// Affinity implements types.Type.
func (DateTime) Affinity() types.Affinity { return naiveConv.Affinity() }

// GoType implements types.Type: time.Time.
func (DateTime) GoType() reflect.Type { return naiveConv.GoType() }

// BindConverter implements types.Type.
func (DateTime) BindConverter() types.Converter { return naiveConv.BindConverter() }

// ResultConverter implements types.Type.
func (DateTime) ResultConverter() types.Converter { return naiveConv.ResultConverter() }

// String implements types.Type: DATETIME, or DATETIME(n).
func (t DateTime) String() string { return fspName("DATETIME", t.FSP) }

// Affinity implements types.Type.
func (Timestamp) Affinity() types.Affinity { return utcConv.Affinity() }

// GoType implements types.Type: time.Time.
func (Timestamp) GoType() reflect.Type { return utcConv.GoType() }

// BindConverter implements types.Type.
func (Timestamp) BindConverter() types.Converter { return utcConv.BindConverter() }

// ResultConverter implements types.Type.
func (Timestamp) ResultConverter() types.Converter { return utcConv.ResultConverter() }

// String implements types.Type: TIMESTAMP, or TIMESTAMP(n).
func (t Timestamp) String() string { return fspName("TIMESTAMP", t.FSP) }

var timeConv = types.Time{}

// Affinity implements types.Type.
func (Time) Affinity() types.Affinity { return timeConv.Affinity() }

// GoType implements types.Type: time.Time.
func (Time) GoType() reflect.Type { return timeConv.GoType() }

// BindConverter implements types.Type.
func (Time) BindConverter() types.Converter { return timeConv.BindConverter() }

// ResultConverter implements types.Type.
func (Time) ResultConverter() types.Converter { return timeConv.ResultConverter() }

// String implements types.Type: TIME, or TIME(n).
func (t Time) String() string { return fspName("TIME", t.FSP) }
