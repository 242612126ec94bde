package mysql_test

import (
	"errors"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestDialectTypeNames(t *testing.T) {
	for _, c := range []struct {
		typ  types.Type
		name string // in DDL
		cast string // in CAST
	}{
		{mysql.TinyInt{}, "TINYINT", "SIGNED INTEGER"},
		{mysql.TinyInt{Unsigned: true}, "TINYINT UNSIGNED", "UNSIGNED INTEGER"},
		{mysql.SmallInt{Unsigned: true}, "SMALLINT UNSIGNED", "UNSIGNED INTEGER"},
		{mysql.MediumInt{}, "MEDIUMINT", "SIGNED INTEGER"},
		{mysql.MediumInt{Unsigned: true}, "MEDIUMINT UNSIGNED", "UNSIGNED INTEGER"},
		{mysql.Int{Unsigned: true}, "INT UNSIGNED", "UNSIGNED INTEGER"},
		{mysql.BigInt{}, "BIGINT", "SIGNED INTEGER"},
		{mysql.BigInt{Unsigned: true}, "BIGINT UNSIGNED", "UNSIGNED INTEGER"},
		{mysql.TinyText{}, "TINYTEXT", "CHAR"},
		{mysql.Text{Collation: "utf8mb4_bin"}, "TEXT COLLATE utf8mb4_bin", "CHAR"},
		{mysql.MediumText{}, "MEDIUMTEXT", "CHAR"},
		{mysql.LongText{Collation: "utf8mb4_bin"}, "LONGTEXT COLLATE utf8mb4_bin", "CHAR"},
		{mysql.TinyBlob{}, "TINYBLOB", "BINARY"},
		{mysql.Blob{}, "BLOB", "BINARY"},
		{mysql.MediumBlob{}, "MEDIUMBLOB", "BINARY"},
		{mysql.LongBlob{}, "LONGBLOB", "BINARY"},
		{mysql.Year{}, "YEAR", "SIGNED INTEGER"},
		{mysql.Bit{}, "BIT(1)", "UNSIGNED INTEGER"},
		{mysql.Bit{Length: 64}, "BIT(64)", "UNSIGNED INTEGER"},
		{mysql.Set{Values: []string{"a", "it's", `b\c`}}, `SET('a','it''s','b\\c')`, "CHAR"},
		{types.WithVariant(types.Text{}, "mysql", mysql.MediumText{}), "MEDIUMTEXT", "CHAR"},
	} {
		for _, d := range []dialect.Dialect{mysql84, mariadb11} {
			if got, err := dialect.TypeNameOf(d, c.typ); err != nil || got != c.name {
				t.Errorf("%s on %s: got %q, %v; want %q", c.typ, d.Name(), got, err, c.name)
			}
			sqltest.Check(t, sqltest.Case{Dialect: d, Stmt: sql.LiteralColumn("x").Cast(c.typ), SQL: "CAST(x AS " + c.cast + ")"})
		}
	}
	for _, bad := range []types.Type{mysql.Bit{Length: 65}, mysql.Set{}, mysql.Set{Values: []string{"a,b"}}} {
		if _, err := dialect.TypeNameOf(mysql84, bad); !errors.Is(err, dialect.ErrNotSupported) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	tbl := sql.NewTable("t", sql.NewColumn("flags", mysql.Set{Values: []string{"x", "y"}}), sql.NewColumn("n", mysql.TinyInt{Unsigned: true}, sql.NotNull()))
	sqltest.Check(t, sqltest.Case{Dialect: mysql84, Stmt: sql.NewCreateTable(tbl), SQL: "CREATE TABLE t (flags SET('x','y'), n TINYINT UNSIGNED NOT NULL)"})
}

// errConv stands for any ConversionError.
var errConv = errors.New("conversion error")

func TestDialectTypeConversions(t *testing.T) {
	set := mysql.Set{Values: []string{"read", "write", "admin"}}
	at := time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name string
		conv types.Converter
		in   any
		want any
	}{
		{"set bind", set.BindConverter(), []string{"read", "admin"}, "read,admin"},
		{"set bind empty", set.BindConverter(), []string{}, ""},
		{"set bind nil slice", set.BindConverter(), []string(nil), nil},
		{"set bind pointer", set.BindConverter(), &[]string{"write"}, "write"},
		{"set bind nil pointer", set.BindConverter(), (*[]string)(nil), nil},
		{"set bind text", set.BindConverter(), "write,read", "write,read"},
		{"set bind empty text", set.BindConverter(), "", ""},
		{"set bind other", set.BindConverter(), 3, 3},
		{"set bind outside", set.BindConverter(), []string{"root"}, types.ErrNotInEnum},
		{"set bind comma", set.BindConverter(), []string{"read,write"}, types.ErrNotInEnum},
		{"set result", set.ResultConverter(), []byte("read,admin"), []string{"read", "admin"}},
		{"set result empty", set.ResultConverter(), "", []string{}},
		{"set result slice", set.ResultConverter(), []string{"x"}, []string{"x"}},
		{"set result other", set.ResultConverter(), 1, types.ErrUnsupportedValue},
		{"unsigned bind", mysql.BigInt{Unsigned: true}.BindConverter(), uint64(math.MaxUint64), uint64(math.MaxUint64)},
		{"unsigned bind int", mysql.BigInt{Unsigned: true}.BindConverter(), 7, uint64(7)},
		{"unsigned bind pointer", mysql.BigInt{Unsigned: true}.BindConverter(), ptrTo(uint32(9)), uint64(9)},
		{"unsigned bind nil", mysql.BigInt{Unsigned: true}.BindConverter(), (*int)(nil), nil},
		{"unsigned bind negative", mysql.BigInt{Unsigned: true}.BindConverter(), -1, types.ErrOutOfRange},
		{"unsigned bind text", mysql.BigInt{Unsigned: true}.BindConverter(), "12", "12"},
		{"unsigned result", mysql.BigInt{Unsigned: true}.ResultConverter(), int64(5), uint64(5)},
		{"unsigned result text", mysql.BigInt{Unsigned: true}.ResultConverter(), "18446744073709551615", uint64(math.MaxUint64)},
		{"unsigned result bytes", mysql.BigInt{Unsigned: true}.ResultConverter(), []byte("42"), uint64(42)},
		{"unsigned result negative", mysql.BigInt{Unsigned: true}.ResultConverter(), int64(-5), types.ErrOutOfRange},
		{"unsigned result bad", mysql.BigInt{Unsigned: true}.ResultConverter(), "x", errConv},
		{"unsigned result other", mysql.BigInt{Unsigned: true}.ResultConverter(), 1.5, types.ErrUnsupportedValue},
		{"signed", mysql.BigInt{}.ResultConverter(), []byte("-9223372036854775808"), int64(math.MinInt64)},
		{"tinyint", mysql.TinyInt{Unsigned: true}.ResultConverter(), []byte("255"), int64(255)},
		{"year bind time", mysql.Year{}.BindConverter(), at, int64(2024)},
		{"year bind pointer", mysql.Year{}.BindConverter(), &at, int64(2024)},
		{"year bind nil", mysql.Year{}.BindConverter(), (*time.Time)(nil), nil},
		{"year bind int", mysql.Year{}.BindConverter(), 1999, 1999},
		{"year result", mysql.Year{}.ResultConverter(), []byte("2155"), int64(2155)},
		{"bit bind", mysql.Bit{Length: 8}.BindConverter(), uint8(0xa5), uint64(0xa5)},
		{"bit result", mysql.Bit{Length: 64}.ResultConverter(), []byte{0xff, 0, 0, 0, 0, 0, 0, 1}, uint64(0xff00000000000001)},
		{"bit result short", mysql.Bit{Length: 10}.ResultConverter(), []byte{2, 1}, uint64(0x201)},
		{"bit result empty", mysql.Bit{Length: 1}.ResultConverter(), []byte{}, uint64(0)},
		{"bit result int", mysql.Bit{Length: 1}.ResultConverter(), int64(1), uint64(1)},
		{"bit result too long", mysql.Bit{}.ResultConverter(), make([]byte, 9), types.ErrOutOfRange},
		{"text", mysql.MediumText{}.ResultConverter(), []byte("😀"), "😀"},
		{"blob", mysql.MediumBlob{}.BindConverter(), "ab", []byte("ab")},
	} {
		got, err := c.conv(c.in)
		if werr, isErr := c.want.(error); isErr {
			var ce *types.ConversionError
			if !errors.As(err, &ce) || werr != errConv && !errors.Is(err, werr) {
				t.Errorf("%s: got %#v, %v; want %v", c.name, got, err, werr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %#v, %v; want %#v", c.name, got, err, c.want)
		}
	}
	for _, c := range []struct {
		typ  types.Type
		want reflect.Type
	}{
		{mysql.BigInt{Unsigned: true}, reflect.TypeFor[uint64]()}, {mysql.BigInt{}, reflect.TypeFor[int64]()},
		{mysql.Bit{}, reflect.TypeFor[uint64]()}, {set, reflect.TypeFor[[]string]()}, {mysql.Year{}, reflect.TypeFor[int64]()},
		{mysql.TinyText{}, reflect.TypeFor[string]()}, {mysql.TinyBlob{}, reflect.TypeFor[[]byte]()},
	} {
		if c.typ.GoType() != c.want {
			t.Errorf("%s: Go type %v", c.typ, c.typ.GoType())
		}
	}
	if got := set.String(); got != "SET('read','write','admin')" {
		t.Errorf("String %s", got)
	}
}

func ptrTo[T any](v T) *T { return &v }

// NaN and infinities are refused before they reach the driver, which
// would write them into the SQL text as bare words when it interpolates.
func TestNonFiniteFloatsRefused(t *testing.T) {
	nan := math.NaN()
	for _, typ := range []types.Type{types.Double{}, types.Float{}, types.Float{Precision: 53}} {
		conv := mysql84.AdaptType(typ).BindConverter()
		for _, v := range []any{nan, math.Inf(1), float32(math.Inf(-1)), &nan} {
			if _, err := conv(v); !errors.Is(err, types.ErrOutOfRange) {
				t.Errorf("%s: %v: %v", typ, v, err)
			}
		}
		for _, v := range []any{1.5, float32(2), "3"} {
			if out, err := conv(v); err != nil || out != v {
				t.Errorf("%s: %v: %v %v", typ, v, out, err)
			}
		}
		if out, err := conv((*float64)(nil)); err != nil || out != nil {
			t.Errorf("%s: nil pointer: %v %v", typ, out, err)
		}
	}
}
