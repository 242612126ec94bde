package mysql

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

// MySQL's own types. They render as MySQL and MariaDB name them and
// convert values as the generic types of the same kind do; a
// types.Variant keyed "mysql" picks one of them for MySQL and MariaDB
// where other databases take a generic type.
type (
	// TinyInt is TINYINT: -128 to 127, or 0 to 255 when Unsigned. Values
	// are int64, as types.Integer's. Zerofill (ZEROFILL, which the
	// server makes UNSIGNED too) pads the digits the server displays;
	// the values are the same numbers.
	TinyInt struct{ Unsigned, Zerofill bool }
	// SmallInt is SMALLINT, -32768 to 32767 or 0 to 65535 when Unsigned.
	SmallInt struct{ Unsigned, Zerofill bool }
	// MediumInt is MEDIUMINT: three bytes, -8388608 to 8388607, or 0 to
	// 16777215 when Unsigned.
	MediumInt struct{ Unsigned, Zerofill bool }
	// Int is INT: four bytes, or 0 to 4294967295 when Unsigned.
	Int struct{ Unsigned, Zerofill bool }
	// BigInt is BIGINT. Values are int64; when Unsigned (or Zerofill),
	// they are uint64 (0 to 18446744073709551615), and bound values may
	// be any Go integer that is not negative.
	BigInt struct{ Unsigned, Zerofill bool }

	// TinyText is TINYTEXT: up to 255 bytes. Values are strings.
	TinyText struct{ Collation string }
	// Text is TEXT: up to 65535 bytes (types.Text is LONGTEXT).
	Text struct{ Collation string }
	// MediumText is MEDIUMTEXT: up to 16 MiB.
	MediumText struct{ Collation string }
	// LongText is LONGTEXT: up to 4 GiB, as types.Text.
	LongText struct{ Collation string }

	// TinyBlob is TINYBLOB: up to 255 bytes. Values are []byte.
	TinyBlob struct{}
	// Blob is BLOB: up to 65535 bytes (types.LargeBinary is LONGBLOB).
	Blob struct{}
	// MediumBlob is MEDIUMBLOB: up to 16 MiB.
	MediumBlob struct{}
	// LongBlob is LONGBLOB: up to 4 GiB, as types.LargeBinary.
	LongBlob struct{}

	// Year is YEAR: 1901 to 2155, or 0. Values are int64; a time.Time
	// binds its year.
	Year struct{}

	// Bit is BIT(Length), a field of 1 to 64 bits (1 when Length is 0).
	// Values are uint64; bound values may be any Go integer that is not
	// negative.
	Bit struct{ Length int }

	// Set is SET('a', 'b', ...): any subset of Values. Values are
	// []string, in the order of Values (an empty set is an empty slice,
	// not NULL). Bound values may be []string (or a string holding the
	// members separated by commas); a member outside Values, or holding a
	// comma, is refused with types.ErrNotInEnum.
	Set struct{ Values []string }
)

var (
	_ types.Type = TinyInt{}
	_ types.Type = SmallInt{}
	_ types.Type = MediumInt{}
	_ types.Type = Int{}
	_ types.Type = BigInt{}
	_ types.Type = TinyText{}
	_ types.Type = Text{}
	_ types.Type = MediumText{}
	_ types.Type = LongText{}
	_ types.Type = TinyBlob{}
	_ types.Type = Blob{}
	_ types.Type = MediumBlob{}
	_ types.Type = LongBlob{}
	_ types.Type = Year{}
	_ types.Type = Bit{}
	_ types.Type = Set{}
)

var (
	uint64Type  = reflect.TypeFor[uint64]()
	stringsType = reflect.TypeFor[[]string]()
	intConv     = types.Integer{}
)

// The integers convert as types.Integer does, except BigInt{Unsigned:
// true}, whose values are uint64.

func unsigned(name string, u, zerofill bool) string {
	switch {
	case zerofill:
		return name + " UNSIGNED ZEROFILL"
	case u:
		return name + " UNSIGNED"
	}
	return name
}

func (TinyInt) Affinity() types.Affinity           { return types.AffinityInteger }
func (TinyInt) GoType() reflect.Type               { return intConv.GoType() }
func (TinyInt) BindConverter() types.Converter     { return intConv.BindConverter() }
func (TinyInt) ResultConverter() types.Converter   { return intConv.ResultConverter() }
func (t TinyInt) String() string                   { return unsigned("TINYINT", t.Unsigned, t.Zerofill) }
func (SmallInt) Affinity() types.Affinity          { return types.AffinityInteger }
func (SmallInt) GoType() reflect.Type              { return intConv.GoType() }
func (SmallInt) BindConverter() types.Converter    { return intConv.BindConverter() }
func (SmallInt) ResultConverter() types.Converter  { return intConv.ResultConverter() }
func (t SmallInt) String() string                  { return unsigned("SMALLINT", t.Unsigned, t.Zerofill) }
func (MediumInt) Affinity() types.Affinity         { return types.AffinityInteger }
func (MediumInt) GoType() reflect.Type             { return intConv.GoType() }
func (MediumInt) BindConverter() types.Converter   { return intConv.BindConverter() }
func (MediumInt) ResultConverter() types.Converter { return intConv.ResultConverter() }
func (t MediumInt) String() string                 { return unsigned("MEDIUMINT", t.Unsigned, t.Zerofill) }
func (Int) Affinity() types.Affinity               { return types.AffinityInteger }
func (Int) GoType() reflect.Type                   { return intConv.GoType() }
func (Int) BindConverter() types.Converter         { return intConv.BindConverter() }
func (Int) ResultConverter() types.Converter       { return intConv.ResultConverter() }
func (t Int) String() string                       { return unsigned("INT", t.Unsigned, t.Zerofill) }
func (BigInt) Affinity() types.Affinity            { return types.AffinityInteger }
func (t BigInt) String() string                    { return unsigned("BIGINT", t.Unsigned, t.Zerofill) }

// GoType implements types.Type: int64, or uint64 when Unsigned.
func (t BigInt) GoType() reflect.Type {
	if t.Unsigned || t.Zerofill {
		return uint64Type
	}
	return intConv.GoType()
}

// BindConverter implements types.Type.
func (t BigInt) BindConverter() types.Converter {
	if t.Unsigned || t.Zerofill {
		return bindUnsigned(t)
	}
	return intConv.BindConverter()
}

// ResultConverter implements types.Type.
func (t BigInt) ResultConverter() types.Converter {
	if t.Unsigned || t.Zerofill {
		return resultUnsigned(t)
	}
	return intConv.ResultConverter()
}

// bindUnsigned passes Go integers that are not negative (as uint64 when
// they do not fit an int64, which the driver sends as unsigned), and
// other values (text, a driver.Valuer) as they are.
func bindUnsigned(t types.Type) types.Converter {
	return func(v any) (any, error) {
		if _, ok := v.(driver.Valuer); ok {
			return v, nil
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() == reflect.Pointer {
			if rv.IsNil() {
				return nil, nil
			}
			rv = rv.Elem()
		}
		switch rv.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			if n := rv.Int(); n >= 0 {
				return uint64(n), nil
			}
			return nil, &types.ConversionError{Type: t, Value: v, Err: fmt.Errorf("%w: %d is negative", types.ErrOutOfRange, rv.Int())}
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return rv.Uint(), nil
		}
		return v, nil
	}
}

// resultUnsigned reads what the driver gives for an unsigned column:
// int64, or text for values above math.MaxInt64.
func resultUnsigned(t types.Type) types.Converter {
	return func(v any) (any, error) {
		var err error
		switch x := v.(type) {
		case int64:
			if x >= 0 {
				return uint64(x), nil
			}
			err = fmt.Errorf("%w: %d is negative", types.ErrOutOfRange, x)
		case uint64:
			return x, nil
		case []byte:
			return resultUnsigned(t)(string(x))
		case string:
			var n uint64
			if n, err = strconv.ParseUint(strings.TrimSpace(x), 10, 64); err == nil {
				return n, nil
			}
		default:
			err = types.ErrUnsupportedValue
		}
		return nil, &types.ConversionError{Type: t, Value: v, Err: err}
	}
}

// The text and blob types convert as types.Text and types.LargeBinary.

var (
	textConv = types.Text{}
	blobConv = types.LargeBinary{}
)

func (TinyText) Affinity() types.Affinity           { return types.AffinityString }
func (TinyText) GoType() reflect.Type               { return textConv.GoType() }
func (TinyText) BindConverter() types.Converter     { return nil }
func (TinyText) ResultConverter() types.Converter   { return textConv.ResultConverter() }
func (TinyText) String() string                     { return "TINYTEXT" }
func (Text) Affinity() types.Affinity               { return types.AffinityString }
func (Text) GoType() reflect.Type                   { return textConv.GoType() }
func (Text) BindConverter() types.Converter         { return nil }
func (Text) ResultConverter() types.Converter       { return textConv.ResultConverter() }
func (Text) String() string                         { return "TEXT" }
func (MediumText) Affinity() types.Affinity         { return types.AffinityString }
func (MediumText) GoType() reflect.Type             { return textConv.GoType() }
func (MediumText) BindConverter() types.Converter   { return nil }
func (MediumText) ResultConverter() types.Converter { return textConv.ResultConverter() }
func (MediumText) String() string                   { return "MEDIUMTEXT" }
func (LongText) Affinity() types.Affinity           { return types.AffinityString }
func (LongText) GoType() reflect.Type               { return textConv.GoType() }
func (LongText) BindConverter() types.Converter     { return nil }
func (LongText) ResultConverter() types.Converter   { return textConv.ResultConverter() }
func (LongText) String() string                     { return "LONGTEXT" }
func (TinyBlob) Affinity() types.Affinity           { return types.AffinityBinary }
func (TinyBlob) GoType() reflect.Type               { return blobConv.GoType() }
func (TinyBlob) BindConverter() types.Converter     { return blobConv.BindConverter() }
func (TinyBlob) ResultConverter() types.Converter   { return blobConv.ResultConverter() }
func (TinyBlob) String() string                     { return "TINYBLOB" }
func (Blob) Affinity() types.Affinity               { return types.AffinityBinary }
func (Blob) GoType() reflect.Type                   { return blobConv.GoType() }
func (Blob) BindConverter() types.Converter         { return blobConv.BindConverter() }
func (Blob) ResultConverter() types.Converter       { return blobConv.ResultConverter() }
func (Blob) String() string                         { return "BLOB" }
func (MediumBlob) Affinity() types.Affinity         { return types.AffinityBinary }
func (MediumBlob) GoType() reflect.Type             { return blobConv.GoType() }
func (MediumBlob) BindConverter() types.Converter   { return blobConv.BindConverter() }
func (MediumBlob) ResultConverter() types.Converter { return blobConv.ResultConverter() }
func (MediumBlob) String() string                   { return "MEDIUMBLOB" }
func (LongBlob) Affinity() types.Affinity           { return types.AffinityBinary }
func (LongBlob) GoType() reflect.Type               { return blobConv.GoType() }
func (LongBlob) BindConverter() types.Converter     { return blobConv.BindConverter() }
func (LongBlob) ResultConverter() types.Converter   { return blobConv.ResultConverter() }
func (LongBlob) String() string                     { return "LONGBLOB" }

// Affinity implements types.Type.
func (Year) Affinity() types.Affinity { return types.AffinityInteger }

// GoType implements types.Type: int64.
func (Year) GoType() reflect.Type { return intConv.GoType() }

// BindConverter implements types.Type: a time.Time binds its year;
// other values as types.Integer binds them.
func (Year) BindConverter() types.Converter {
	inner := intConv.BindConverter()
	return func(v any) (any, error) {
		switch x := v.(type) {
		case time.Time:
			return int64(x.Year()), nil
		case *time.Time:
			if x == nil {
				return nil, nil
			}
			return int64(x.Year()), nil
		}
		return inner(v)
	}
}

// ResultConverter implements types.Type.
func (Year) ResultConverter() types.Converter { return intConv.ResultConverter() }

// String implements types.Type.
func (Year) String() string { return "YEAR" }

// Affinity implements types.Type.
func (Bit) Affinity() types.Affinity { return types.AffinityInteger }

// GoType implements types.Type: uint64.
func (Bit) GoType() reflect.Type { return uint64Type }

// BindConverter implements types.Type.
func (b Bit) BindConverter() types.Converter { return bindUnsigned(b) }

// ResultConverter implements types.Type: the driver gives the bits as
// bytes, the most significant first.
func (b Bit) ResultConverter() types.Converter {
	num := resultUnsigned(b)
	return func(v any) (any, error) {
		x, ok := v.([]byte)
		if !ok {
			return num(v)
		}
		if len(x) > 8 {
			return nil, &types.ConversionError{Type: b, Value: v, Err: fmt.Errorf("%w: %d bytes", types.ErrOutOfRange, len(x))}
		}
		var n uint64
		for _, c := range x {
			n = n<<8 | uint64(c)
		}
		return n, nil
	}
}

// String implements types.Type: BIT(n).
func (b Bit) String() string { return "BIT(" + strconv.Itoa(max(b.Length, 1)) + ")" }

// Affinity implements types.Type: a set is no string to concatenate.
func (Set) Affinity() types.Affinity { return types.AffinityNone }

// GoType implements types.Type: []string.
func (Set) GoType() reflect.Type { return stringsType }

// BindConverter implements types.Type: the members, checked against
// Values, joined by commas.
func (s Set) BindConverter() types.Converter {
	return func(v any) (any, error) {
		var members []string
		switch x := v.(type) {
		case []string:
			if x == nil {
				return nil, nil
			}
			members = x
		case *[]string:
			if x == nil || *x == nil {
				return nil, nil
			}
			members = *x
		case string:
			if x != "" {
				members = strings.Split(x, ",")
			}
		default:
			return v, nil
		}
		for _, m := range members {
			if strings.Contains(m, ",") || !slices.Contains(s.Values, m) {
				return nil, &types.ConversionError{Type: s, Value: v, Err: fmt.Errorf("%w: %q is not one of %s", types.ErrNotInEnum, m, s)}
			}
		}
		return strings.Join(members, ","), nil
	}
}

// ResultConverter implements types.Type: the members MySQL returns,
// separated by commas.
func (s Set) ResultConverter() types.Converter {
	return func(v any) (any, error) {
		var text string
		switch x := v.(type) {
		case string:
			text = x
		case []byte:
			text = string(x)
		case []string:
			return x, nil
		default:
			return nil, &types.ConversionError{Type: s, Value: v, Err: types.ErrUnsupportedValue}
		}
		if text == "" {
			return []string{}, nil
		}
		return strings.Split(text, ","), nil
	}
}

// String implements types.Type: SET('a','b'), the values quoted as in
// standard SQL.
func (s Set) String() string {
	quoted := make([]string, len(s.Values))
	for i, v := range s.Values {
		quoted[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return "SET(" + strings.Join(quoted, ",") + ")"
}

// dialectTypeName names MySQL's own types; ok is false for other types.
func (d *Dialect) dialectTypeName(t types.Type) (name string, ok bool, err error) {
	switch x := t.(type) {
	case TinyInt, SmallInt, MediumInt, Int, BigInt, Year, TinyBlob, Blob, MediumBlob, LongBlob:
		return t.String(), true, nil
	case TinyText:
		return withCollation(x.String(), x.Collation), true, nil
	case Text:
		return withCollation(x.String(), x.Collation), true, nil
	case MediumText:
		return withCollation(x.String(), x.Collation), true, nil
	case LongText:
		return withCollation(x.String(), x.Collation), true, nil
	case DateTime:
		return x.String(), true, checkFSP(x, x.FSP)
	case Timestamp:
		return x.String(), true, checkFSP(x, x.FSP)
	case Time:
		return x.String(), true, checkFSP(x, x.FSP)
	case Bit:
		if x.Length < 0 || x.Length > 64 {
			return "", true, fmt.Errorf("%w: BIT(%d): a BIT has 1 to 64 bits", dialect.ErrNotSupported, x.Length)
		}
		return x.String(), true, nil
	case Set:
		if len(x.Values) == 0 || len(x.Values) > 64 {
			return "", true, fmt.Errorf("%w: a SET has 1 to 64 values, not %d", dialect.ErrNotSupported, len(x.Values))
		}
		quoted := make([]string, len(x.Values))
		for i, v := range x.Values {
			if strings.Contains(v, ",") {
				return "", true, fmt.Errorf("%w: the SET value %q holds a comma", dialect.ErrNotSupported, v)
			}
			quoted[i] = d.quoteString(v)
		}
		return "SET(" + strings.Join(quoted, ",") + ")", true, nil
	}
	return "", false, nil
}

// dialectCastName names MySQL's own types inside CAST.
func dialectCastName(t types.Type) (string, bool) {
	switch x := t.(type) {
	case TinyInt:
		return castInt(x.Unsigned || x.Zerofill), true
	case SmallInt:
		return castInt(x.Unsigned || x.Zerofill), true
	case MediumInt:
		return castInt(x.Unsigned || x.Zerofill), true
	case Int:
		return castInt(x.Unsigned || x.Zerofill), true
	case BigInt:
		return castInt(x.Unsigned || x.Zerofill), true
	case Bit:
		return castInt(true), true
	case Year:
		return castInt(false), true
	case TinyText, Text, MediumText, LongText, Set:
		return "CHAR", true
	case TinyBlob, Blob, MediumBlob, LongBlob:
		return "BINARY", true
	case DateTime:
		return fspName("DATETIME", x.FSP), true
	case Timestamp:
		return fspName("DATETIME", x.FSP), true
	case Time:
		return fspName("TIME", x.FSP), true
	}
	return "", false
}

func castInt(u bool) string {
	if u {
		return "UNSIGNED INTEGER"
	}
	return "SIGNED INTEGER"
}
