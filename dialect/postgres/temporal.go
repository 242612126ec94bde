package postgres

import (
	"fmt"
	"reflect"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// Timestamp is TIMESTAMP(Precision), WITH TIME ZONE when Timezone is
// set: a timestamp that keeps Precision (0 to 6) digits of fractional
// seconds; PostgreSQL rounds finer values. types.DateTime is the same
// type with PostgreSQL's default precision (microseconds); reflection
// gives a Timestamp only for a column declared with a precision. Values
// convert as types.DateTime{Timezone: Timezone}'s do.
type Timestamp struct {
	Precision int
	Timezone  bool
}

// Time is TIME(Precision), WITH TIME ZONE when Timezone is set: a time
// of day with Precision (0 to 6) digits of fractional seconds. Values
// convert as types.Time{Timezone: Timezone}'s do.
type Time struct {
	Precision int
	Timezone  bool
}

var (
	_ types.Type = Timestamp{}
	_ types.Type = Time{}
)

// generic is the generic type whose values t's are, as the dialect
// adapts it.
func (t Timestamp) generic() types.Type {
	if t.Timezone {
		return timestampTZ{types.DateTime{Timezone: true}}
	}
	return types.DateTime{}
}

func (t Time) generic() types.Type {
	if t.Timezone {
		return timeTZ{types.Time{Timezone: true}}
	}
	return types.Time{}
}

// Affinity implements types.Type.
func (t Timestamp) Affinity() types.Affinity { return t.generic().Affinity() }

// GoType implements types.Type: time.Time.
func (t Timestamp) GoType() reflect.Type { return t.generic().GoType() }

// BindConverter implements types.Type.
func (t Timestamp) BindConverter() types.Converter { return t.generic().BindConverter() }

// ResultConverter implements types.Type.
func (t Timestamp) ResultConverter() types.Converter { return t.generic().ResultConverter() }

// String implements types.Type: the type's name in PostgreSQL.
func (t Timestamp) String() string { return precisionName("TIMESTAMP", t.Precision, t.Timezone) }

// Affinity implements types.Type.
func (t Time) Affinity() types.Affinity { return t.generic().Affinity() }

// GoType implements types.Type.
func (t Time) GoType() reflect.Type { return t.generic().GoType() }

// BindConverter implements types.Type.
func (t Time) BindConverter() types.Converter { return t.generic().BindConverter() }

// ResultConverter implements types.Type.
func (t Time) ResultConverter() types.Converter { return t.generic().ResultConverter() }

// String implements types.Type: the type's name in PostgreSQL.
func (t Time) String() string { return precisionName("TIME", t.Precision, t.Timezone) }

func precisionName(name string, precision int, tz bool) string {
	return name + "(" + strconv.Itoa(precision) + ")" + timeZoneSuffix(tz)
}

// checkPrecision refuses a precision PostgreSQL does not have.
func checkPrecision(t types.Type, precision int) error {
	if precision < 0 || precision > 6 {
		return fmt.Errorf("%w: %s: fractional seconds take 0 to 6 digits", dialect.ErrNotSupported, t)
	}
	return nil
}
