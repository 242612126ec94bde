package mssql

import (
	"strconv"
	"time"

	"github.com/google/uuid"
	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/types"
)

// maxInlineBinary is the longest VARBINARY(n) SQL Server accepts; a longer
// LargeBinary is VARBINARY(max).
const maxInlineBinary = 8000

// TypeName implements dialect.Dialect with SQL Server's type names:
//
//	Integer, SmallInteger, BigInteger  INTEGER, SMALLINT, BIGINT
//	Boolean                            BIT
//	String, Enum                       NVARCHAR(n), NVARCHAR(max) without a length
//	Text, JSON                         NVARCHAR(max)
//	Float, Double                      FLOAT[(p)], DOUBLE PRECISION
//	Numeric                            NUMERIC(p, s)
//	Date, Time                         DATE, TIME
//	DateTime                           DATETIME2; DATETIMEOFFSET with Timezone
//	Interval                           BIGINT (microseconds)
//	LargeBinary                        VARBINARY(n), VARBINARY(max) without a length
//	UUID                               UNIQUEIDENTIFIER
//
// Strings are Unicode (NVARCHAR: SQLAlchemy's Unicode and UnicodeText),
// because every Go string may hold any character and go-mssqldb sends
// strings as NVARCHAR parameters. DateTime is DATETIME2, which keeps
// 100 ns, where SQLAlchemy's DATETIME rounds to 1/300 s. Interval is a
// count of microseconds, as on SQLite. A collation is written after the
// type (NVARCHAR(30) COLLATE Latin1_General_CS_AS).
func (d *Dialect) TypeName(t types.Type) (string, error) {
	switch t := t.(type) {
	case types.Boolean:
		return "BIT", nil
	case types.String:
		return withCollation(nvarchar(t.Length), t.Collation), nil
	case types.Text:
		return withCollation("NVARCHAR(max)", t.Collation), nil
	case types.Enum:
		return nvarchar(t.VarcharLength()), nil
	case types.JSON:
		return "NVARCHAR(max)", nil
	case types.DateTime:
		if t.Timezone {
			return "DATETIMEOFFSET", nil
		}
		return "DATETIME2", nil
	case types.Time:
		return "TIME", nil
	case types.Interval:
		return "BIGINT", nil
	case types.LargeBinary:
		if t.Length > 0 && t.Length <= maxInlineBinary {
			return "VARBINARY(" + strconv.Itoa(t.Length) + ")", nil
		}
		return "VARBINARY(max)", nil
	case types.UUID:
		return "UNIQUEIDENTIFIER", nil
	}
	return d.Base.TypeName(t)
}

func nvarchar(n int) string {
	if n > 0 && n <= 4000 {
		return "NVARCHAR(" + strconv.Itoa(n) + ")"
	}
	return "NVARCHAR(max)"
}

func withCollation(name, collation string) string {
	if collation != "" {
		return name + " COLLATE " + collation
	}
	return name
}

// AdaptType implements dialect.Dialect for go-mssqldb:
//
//   - UUID values are sent as mssql.UniqueIdentifier (a GUID parameter)
//     and read from the 16 bytes the driver returns, whose first three
//     groups SQL Server stores little-endian.
//   - DateTime without a time zone, Date and Time are sent as their wall
//     clock in UTC: go-mssqldb sends every time.Time as DATETIMEOFFSET,
//     which SQL Server compares with DATETIME2, DATE and TIME columns as
//     an instant, so a wall clock in another zone would not match.
//   - Interval is a BIGINT count of microseconds.
func (d *Dialect) AdaptType(t types.Type) types.Type {
	switch t := t.(type) {
	case types.UUID:
		return guid{t}
	case types.DateTime:
		if !t.Timezone {
			return wallClock{t}
		}
	case types.Date:
		return calendarDate{t}
	case types.Interval:
		return micros{t}
	}
	return t
}

// guid binds UUIDs as GUID parameters and reads SQL Server's byte order.
type guid struct{ types.UUID }

func (g guid) BindConverter() types.Converter {
	return func(v any) (any, error) {
		out, err := types.BindUUID(v, false)
		s, isText := out.(string)
		if err != nil || !isText {
			return out, err
		}
		id, err := uuid.Parse(s)
		if err != nil {
			return nil, &types.ConversionError{Type: g.UUID, Value: v, Err: err}
		}
		return mssqldb.UniqueIdentifier(id), nil
	}
}

func (g guid) ResultConverter() types.Converter {
	inner := g.UUID.ResultConverter()
	return func(v any) (any, error) {
		if b, ok := v.([]byte); ok && len(b) == 16 {
			v = uuid.UUID(swapGUID(b))
		}
		return inner(v)
	}
}

// swapGUID turns the bytes of a uniqueidentifier as SQL Server stores and
// sends them (the first three groups little-endian) into a UUID's bytes
// in their written order, and back: the swap is its own inverse.
func swapGUID(b []byte) [16]byte {
	var u [16]byte
	copy(u[:], b)
	u[0], u[1], u[2], u[3] = u[3], u[2], u[1], u[0]
	u[4], u[5] = u[5], u[4]
	u[6], u[7] = u[7], u[6]
	return u
}

// utcWall returns the wall clock of x as a time in UTC.
func utcWall(x time.Time) time.Time {
	return time.Date(x.Year(), x.Month(), x.Day(), x.Hour(), x.Minute(), x.Second(), x.Nanosecond(), time.UTC)
}

// wallClock sends a DateTime without time zone as its wall clock.
type wallClock struct{ types.DateTime }

func (wallClock) BindConverter() types.Converter {
	return types.BindFunc(func(x time.Time) (any, error) { return utcWall(x), nil })
}

// calendarDate sends a Date as midnight UTC of its calendar date.
type calendarDate struct{ types.Date }

func (calendarDate) BindConverter() types.Converter {
	return types.BindFunc(func(x time.Time) (any, error) {
		y, m, d := x.Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
	})
}

// micros stores Interval as a BIGINT count of microseconds: durations are
// truncated to microseconds, text is read by types.ParseInterval, and
// integers are taken as microseconds already.
type micros struct{ types.Interval }

func (m micros) BindConverter() types.Converter {
	bind := types.BindFunc(func(d time.Duration) (any, error) { return d.Microseconds(), nil })
	return func(v any) (any, error) {
		if s, ok := v.(string); ok {
			d, err := types.ParseInterval(s)
			if err != nil {
				return nil, &types.ConversionError{Type: m.Interval, Value: v, Err: err}
			}
			return d.Microseconds(), nil
		}
		return bind(v)
	}
}
