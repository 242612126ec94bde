// Package types defines Athanor's SQL data types: the generic types every
// dialect renders (Integer, String, DateTime, Numeric, JSON, ...), the
// conversions between Go values and driver values, and the means to define
// new types (a Go type that implements driver.Valuer and sql.Scanner, or a
// Decorator).
//
// # The Type contract
//
// A Type does two jobs. For DDL and CAST it is data: a dialect's type
// compiler switches on the concrete type and reads its fields (Length,
// Precision, Timezone, ...) to render a type name. For execution it converts
// values: BindConverter turns the Go value a program passes into something
// the driver accepts, ResultConverter turns what the driver returns into the
// type's Go value (GoType). Either converter may be nil, meaning that values
// pass through unchanged; that is the fast path and the common one.
//
// Converters are called only for non-NULL values: a nil value is SQL NULL
// and never reaches them. A typed nil pointer (a nil *time.Time, *Decimal,
// ...) is NULL too. A converter never panics: a value it cannot convert
// gives a *ConversionError, which errors.As finds through Athanor's
// wrapping, and whose Err says why (ErrOutOfRange, ErrInvalidDecimal,
// ErrInvalidInterval, ErrNotInEnum, or the parser's error).
//
// A dialect may replace a generic type by an adapted one before execution
// (dialect.Dialect.AdaptType): SQLite, for example, stores DateTime as text
// and adapts it to a type whose converters format and parse that text.
//
// # Go values
//
// Each type's Go representation, as bound and as returned:
//
//	Integer, SmallInteger, BigInteger  int64 (any Go integer when bound)
//	Boolean                            bool
//	String, Text, Enum                 string
//	Float, Double                      float64
//	Numeric                            Decimal (exact; float64 when AsFloat is set)
//	Date, Time, DateTime               time.Time
//	Interval                           time.Duration
//	LargeBinary                        []byte
//	JSON                               any, as encoding/json decodes it
//	UUID                               uuid.UUID (github.com/google/uuid)
//
// Bound values may also be pointers to these (nil is NULL) and, for most
// types, a few other forms that each type's documentation lists (a decimal
// string for Numeric, a UUID string for UUID, ...). A value the type does
// not know and that implements driver.Valuer goes to the driver unchanged.
//
// Range checks that belong to the database stay there: SMALLINT's bounds,
// VARCHAR's length, NUMERIC's precision. Conversions that would lose data
// on the way there are refused: a uint64 above math.MaxInt64, a fractional
// float for an Integer, a NaN for a Decimal.
//
// # Custom types: driver.Valuer and sql.Scanner
//
// The simplest custom type is a Go type that implements driver.Valuer
// (bind) and sql.Scanner (results) on its pointer:
//
//	type Point struct{ X, Y int }
//
//	func (p Point) Value() (driver.Value, error) { return fmt.Sprintf("%d,%d", p.X, p.Y), nil }
//	func (p *Point) Scan(src any) error { ... parse src, a string ... }
//
// A Point given as the value of a column of any type (Text here) passes
// through that type's bind converter to the driver, which calls Value; a
// Point scan destination (Row.Scan, engine.ScanAll) receives the column's
// converted value through Scan. The column's type still decides the DDL and
// the result conversion before Scan.
//
// # Custom types: Decorator
//
// A Decorator adapts an existing type, as SQLAlchemy's TypeDecorator does:
// it keeps the decorated type's SQL (DDL, affinity, dialect adaptation) and
// adds a conversion on each side. Decorate builds one with typed functions;
// for example, a Go enum stored by name in a VARCHAR column:
//
//	levelType := types.Decorate(types.String{Length: 8},
//		func(l Level) (any, error) { return l.Name(), nil },
//		func(v any) (Level, error) { return ParseLevel(v.(string)) },
//	)
//
// Level values (and *Level) are bound by name, results come back as Level
// (engine.ScanAll[Level] reads them), and String's own conversions still
// run beneath. EnumOf is a ready-made decorator for Go string enums.
//
// # Variants
//
// A Variant is one type on some dialects and another elsewhere, as
// SQLAlchemy's with_variant makes: WithVariant(JSON{}, "postgresql",
// postgres.JSONB{}) is JSONB on PostgreSQL and JSON on other databases.
// The dialect picks its type by name (dialect.TypeFor) for DDL, CAST and
// the conversion of values; what knows no dialect (affinity, Go type,
// Underlying) follows the base type.
//
// # JSON documents as Go types
//
// JSON decodes into any. JSONOf[T] decodes straight into the program's
// type T and binds T as JSON; a Decorator over Text does the same for a
// TEXT column (RawJSON gives FromDB the document's text).
package types
