package oracle

import (
	"fmt"
	"strconv"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// TypeName implements dialect.Dialect with the names SQLAlchemy's Oracle
// dialect writes:
//
//	Integer                 INTEGER
//	SmallInteger            SMALLINT
//	BigInteger              NUMBER(19)
//	Boolean                 BOOLEAN from 23, SMALLINT before
//	String{Length: n}       VARCHAR2(n CHAR)   (a length is required)
//	Text                    CLOB
//	Float / Float{p}        FLOAT / FLOAT(p)   (p in binary digits, 1 to 126)
//	Double                  DOUBLE PRECISION
//	Numeric{p, s}           NUMERIC(p, s)      (Oracle's NUMBER(p, s))
//	Date                    DATE
//	DateTime                DATE               (seconds; see Timestamp for fractions)
//	DateTime{Timezone}      TIMESTAMP WITH TIME ZONE
//	Interval                INTERVAL DAY TO SECOND
//	LargeBinary             BLOB
//	JSON                    JSON from 21, BLOB before
//	UUID                    CHAR(32)           (hex digits)
//	Enum                    VARCHAR(n CHAR)
//	Time                    refused: Oracle has no time-of-day type
//
// DateTime{Timezone: true} differs from SQLAlchemy, which writes DATE and
// so drops the zone.
func (d *Dialect) TypeName(t types.Type) (string, error) {
	switch t := t.(type) {
	case types.BigInteger:
		return "NUMBER(19)", nil
	case types.Boolean:
		if d.FeatureFlags.NativeBoolean {
			return "BOOLEAN", nil
		}
		return "SMALLINT", nil
	case types.String:
		if t.Length <= 0 {
			return "", fmt.Errorf("%w: VARCHAR2 needs a length on Oracle: give String a Length, or use Text (CLOB)", dialect.ErrNotSupported)
		}
		return varchar2(t.Length), nil
	case types.Text:
		return "CLOB", nil
	case types.Float:
		switch {
		case t.Precision == 0:
			return "FLOAT", nil
		case t.Precision < 1 || t.Precision > 126:
			return "", fmt.Errorf("%w: Oracle's FLOAT precision is 1 to 126 binary digits, not %d", dialect.ErrNotSupported, t.Precision)
		}
		return "FLOAT(" + strconv.Itoa(t.Precision) + ")", nil
	case types.DateTime:
		if t.Timezone {
			return "TIMESTAMP WITH TIME ZONE", nil
		}
		return "DATE", nil
	case Timestamp:
		return t.typeName(), nil
	case types.Interval:
		return "INTERVAL DAY TO SECOND", nil
	case types.JSON:
		if d.FeatureFlags.NativeJSON {
			return "JSON", nil
		}
		return "BLOB", nil
	case types.Enum:
		return "VARCHAR(" + strconv.Itoa(t.VarcharLength()) + " CHAR)", nil
	case types.Time:
		return "", fmt.Errorf("%w: Oracle has no time-of-day type (use DateTime, or Interval for a duration)", dialect.ErrNotSupported)
	}
	return d.Base.TypeName(t)
}

func varchar2(n int) string { return "VARCHAR2(" + strconv.Itoa(n) + " CHAR)" }

// castTypeName names a type in CAST: VARCHAR2 needs a length there too,
// and a String without one gets 4000, the largest (as SQLAlchemy does).
func (d *Dialect) castTypeName(_ dialect.Dialect, t types.Type) (string, error) {
	switch x := types.Underlying(t).(type) {
	case types.String:
		if x.Length <= 0 {
			return varchar2(4000), nil
		}
	case types.Enum:
		return varchar2(x.VarcharLength()), nil
	}
	return dialect.TypeNameOf(d, t)
}

// Timestamp is Oracle's TIMESTAMP type: a date and time with fractions of
// a second (DateTime is DATE on Oracle, as in SQLAlchemy). Timezone gives
// TIMESTAMP WITH TIME ZONE, LocalTimezone TIMESTAMP WITH LOCAL TIME ZONE
// (stored in the database's zone, read in the session's); Precision, when
// set, is the digits of the fraction (0 to 9).
type Timestamp struct {
	types.DateTime
	LocalTimezone bool
	Precision     int
}

func (t Timestamp) typeName() string {
	name := "TIMESTAMP"
	if t.Precision > 0 {
		name += "(" + strconv.Itoa(t.Precision) + ")"
	}
	switch {
	case t.LocalTimezone:
		return name + " WITH LOCAL TIME ZONE"
	case t.Timezone:
		return name + " WITH TIME ZONE"
	}
	return name
}

// String returns the type's SQL name.
func (t Timestamp) String() string { return t.typeName() }

// TypeNameFor implements dialect.TypeNamer: other databases get their
// name of the same DateTime.
func (t Timestamp) TypeNameFor(d dialect.Dialect) (string, error) {
	if _, ok := d.(*Dialect); ok {
		if t.Precision < 0 || t.Precision > 9 {
			return "", fmt.Errorf("%w: TIMESTAMP precision is 0 to 9, not %d", dialect.ErrNotSupported, t.Precision)
		}
		return t.typeName(), nil
	}
	return d.TypeName(t.DateTime)
}
