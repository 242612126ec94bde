package types_test

import (
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/types"
)

type userID int64
type smallCount uint16
type bigCount uint64
type flag bool
type word string

// opaque is a Go type no converter knows.
type opaque struct{ A int }

func TestIntegerBind(t *testing.T) {
	valuer := sql.NullInt64{Int64: 5, Valid: true}
	cases := []convCase{
		{in: int64(math.MaxInt64), want: int64(math.MaxInt64)},
		{in: int64(math.MinInt64), want: int64(math.MinInt64)},
		{name: "int passes", in: 7, want: 7},
		{in: int32(-3), want: int32(-3)},
		{in: int8(-128), want: int8(-128)},
		{in: uint8(255), want: uint8(255)},
		{in: uint32(math.MaxUint32), want: uint32(math.MaxUint32)},
		{in: uint64(math.MaxInt64), want: uint64(math.MaxInt64)},
		{name: "uint64 above MaxInt64", in: uint64(math.MaxInt64) + 1, err: types.ErrOutOfRange},
		{name: "uint max", in: uint(math.MaxUint), err: types.ErrOutOfRange},
		{in: 3.0, want: int64(3)},
		{in: float32(-2), want: int64(-2)},
		{name: "fractional float", in: 3.5, err: types.ErrOutOfRange},
		{name: "NaN", in: math.NaN(), err: types.ErrOutOfRange},
		{name: "+Inf", in: math.Inf(1), err: types.ErrOutOfRange},
		{name: "2^63", in: math.Exp2(63), err: types.ErrOutOfRange},
		{name: "-2^63", in: -math.Exp2(63), want: int64(math.MinInt64)},
		{name: "strings go to the database", in: "42", want: "42"},
		{name: "even bad ones", in: "4x", want: "4x"},
		{in: true, want: int64(1)},
		{in: false, want: int64(0)},
		{name: "named int", in: userID(9), want: int64(9)},
		{name: "named uint", in: smallCount(9), want: int64(9)},
		{name: "named uint above MaxInt64", in: bigCount(math.MaxUint64), err: types.ErrOutOfRange},
		{name: "named string", in: word("12"), want: "12"},
		{name: "pointer", in: ptr(int64(8)), want: int64(8)},
		{name: "pointer to uint64 above MaxInt64", in: ptr(uint64(math.MaxUint64)), err: types.ErrOutOfRange},
		{name: "nil pointer is NULL", in: (*int64)(nil), want: nil},
		{name: "valuer passes", in: valuer, want: valuer},
		{name: "unknown passes", in: opaque{1}, want: opaque{1}},
	}
	for _, typ := range []types.Type{types.Integer{}, types.SmallInteger{}, types.BigInteger{}} {
		t.Run(typ.String(), func(t *testing.T) { runConv(t, typ.BindConverter(), cases) })
	}
}

func TestIntegerResult(t *testing.T) {
	cases := []convCase{
		{in: int64(math.MinInt64), want: int64(math.MinInt64)},
		{in: int32(5), want: int64(5)},
		{in: uint64(math.MaxInt64) + 1, err: types.ErrOutOfRange},
		{in: 12.0, want: int64(12)},
		{in: 12.5, err: types.ErrOutOfRange},
		{in: []byte("-12"), want: int64(-12)},
		{in: "12", want: int64(12)},
		{in: "twelve", err: errAny},
		{in: true, want: int64(1)},
		{in: time.Unix(0, 0), err: types.ErrUnsupportedValue},
	}
	runConv(t, types.Integer{}.ResultConverter(), cases)
	runConv(t, types.BigInteger{}.ResultConverter(), cases[:1])
	runConv(t, types.SmallInteger{}.ResultConverter(), cases[:1])
}

// TestIntegerResultKeepsInt64 reads an int64 (what drivers give for every
// integer column) as it is: the converter allocates nothing per value.
func TestIntegerResultKeepsInt64(t *testing.T) {
	for _, typ := range []types.Type{types.Integer{}, types.BigInteger{}, types.SmallInteger{}} {
		conv := typ.ResultConverter()
		var in any = int64(1) << 40
		var out any
		allocs := testing.AllocsPerRun(100, func() { out, _ = conv(in) })
		if out != in || allocs != 0 {
			t.Errorf("%s: %v with %.0f allocations, want %v with none", typ, out, allocs, in)
		}
	}
}

func TestBooleanBind(t *testing.T) {
	runConv(t, types.Boolean{}.BindConverter(), []convCase{
		{in: true, want: true},
		{in: false, want: false},
		{in: int64(1), want: true},
		{in: 0, want: false},
		{name: "2 is not a boolean", in: 2, err: types.ErrOutOfRange},
		{name: "-1 is not a boolean", in: int64(-1), err: types.ErrOutOfRange},
		{name: "uint8 1", in: uint8(1), want: true},
		{name: "uint 7", in: uint(7), err: types.ErrOutOfRange},
		{in: "true", want: true},
		{in: "Yes", want: true},
		{in: "OFF", want: false},
		{in: "0", want: false},
		{in: "maybe", err: errAny},
		{name: "named bool", in: flag(true), want: true},
		{name: "pointer", in: ptr(true), want: true},
		{name: "nil pointer", in: (*bool)(nil), want: nil},
		{name: "valuer passes", in: sql.NullBool{Bool: true, Valid: true}, want: sql.NullBool{Bool: true, Valid: true}},
		{name: "float refused", in: 1.0, err: types.ErrUnsupportedValue},
	})
}

func TestBooleanResult(t *testing.T) {
	runConv(t, types.Boolean{}.ResultConverter(), []convCase{
		{in: true, want: true},
		{in: int64(0), want: false},
		{in: int64(1), want: true},
		{in: int64(2), want: true},
		{in: 0.0, want: false},
		{in: []byte("t"), want: true},
		{in: "FALSE", want: false},
		{in: "f", want: false},
		{in: "", err: errAny},
		{in: time.Time{}, err: types.ErrUnsupportedValue},
	})
}

func TestStringResult(t *testing.T) {
	ts := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	cases := []convCase{
		{in: "", want: ""},
		{in: "héllo 𝄞", want: "héllo 𝄞"},
		{in: []byte("a\x00b"), want: "a\x00b"},
		{in: int64(-5), want: "-5"},
		{in: 1.5, want: "1.5"},
		{in: true, want: "true"},
		{in: ts, want: "2024-02-29T13:14:15.123456Z"},
		{in: struct{}{}, err: types.ErrUnsupportedValue},
	}
	for _, typ := range []types.Type{types.String{Length: 5}, types.Text{}, types.Enum{Values: []string{"a"}}} {
		t.Run(typ.String(), func(t *testing.T) { runConv(t, typ.ResultConverter(), cases) })
	}
	if (types.String{}).BindConverter() != nil || (types.Text{}).BindConverter() != nil {
		t.Error("String and Text must pass bound values through (nil converter)")
	}
}

func TestFloatResult(t *testing.T) {
	cases := []convCase{
		{in: 1.25, want: 1.25},
		{in: float32(0.5), want: 0.5},
		{in: int64(3), want: 3.0},
		{in: []byte("2.5e3"), want: 2500.0},
		{in: " -0.125 ", want: -0.125},
		{in: "Inf", want: math.Inf(1)},
		{in: "1e400", err: types.ErrOutOfRange},
		{in: "abc", err: errAny},
		{in: true, err: types.ErrUnsupportedValue},
	}
	for _, typ := range []types.Type{types.Float{}, types.Float{Precision: 53}, types.Double{}, types.Numeric{AsFloat: true}} {
		t.Run(typ.String(), func(t *testing.T) { runConv(t, typ.ResultConverter(), cases) })
	}
	// NaN is its own case: NaN != NaN.
	got, err := types.Double{}.ResultConverter()("NaN")
	if f, ok := got.(float64); err != nil || !ok || !math.IsNaN(f) {
		t.Errorf("NaN: got %v, %v", got, err)
	}
	if (types.Float{}).BindConverter() != nil || (types.Double{}).BindConverter() != nil {
		t.Error("Float and Double bind converters must be nil (the dialect adapts them)")
	}
}

func TestLargeBinary(t *testing.T) {
	big := make([]byte, 3<<20)
	for i := range big {
		big[i] = byte(i * 7)
	}
	type blob []byte
	runConv(t, types.LargeBinary{}.BindConverter(), []convCase{
		{name: "bytes with NUL", in: []byte{0, 1, 0, 255}, want: []byte{0, 1, 0, 255}},
		{name: "empty", in: []byte{}, want: []byte{}},
		{name: "nil slice", in: []byte(nil), want: []byte(nil)},
		{name: "string", in: "abc", want: []byte("abc")},
		{name: "named slice", in: blob("xy"), want: []byte("xy")},
		{name: "named string", in: word("xy"), want: []byte("xy")},
		{name: "pointer", in: ptr([]byte("p")), want: []byte("p")},
		{name: "nil pointer", in: (*[]byte)(nil), want: nil},
		{name: "3 MB", in: big, want: big},
		{name: "valuer passes", in: sql.NullString{String: "v", Valid: true}, want: sql.NullString{String: "v", Valid: true}},
	})
	runConv(t, types.LargeBinary{}.ResultConverter(), []convCase{
		{in: []byte{0, 0}, want: []byte{0, 0}},
		{name: "nil slice is an empty byte string", in: []byte(nil), want: []byte{}},
		{in: "text", want: []byte("text")},
		{in: int64(1), err: types.ErrUnsupportedValue},
	})
}

func TestNullType(t *testing.T) {
	n := types.NullType{}
	if n.BindConverter() != nil || n.ResultConverter() != nil {
		t.Fatal("NullType must pass values through")
	}
	if n.GoType() != reflect.TypeFor[any]() || n.Affinity() != types.AffinityNone {
		t.Fatalf("NullType: %v %v", n.GoType(), n.Affinity())
	}
}

func TestOf(t *testing.T) {
	tm := time.Now()
	d := dec("1.5")
	id := uuid.New()
	cases := []struct {
		in   any
		want types.Type
	}{
		{1, types.Integer{}},
		{uint64(1), types.Integer{}},
		{"s", types.String{}},
		{true, types.Boolean{}},
		{1.5, types.Double{}},
		{[]byte("b"), types.LargeBinary{}},
		{d, types.Numeric{}},
		{&d, types.Numeric{}},
		{tm, types.DateTime{Timezone: true}},
		{&tm, types.DateTime{Timezone: true}},
		{time.Second, types.Interval{}},
		{id, types.UUID{}},
		{&id, types.UUID{}},
		{uuid.NullUUID{UUID: id, Valid: true}, types.UUID{}},
		{json.RawMessage(`{}`), types.JSON{}},
		{userID(1), types.Integer{}},
		{word("w"), types.String{}},
		{flag(true), types.Boolean{}},
		{ptr(int64(1)), types.Integer{}},
		{(*int64)(nil), types.NullType{}},
		{sql.NullString{}, types.NullType{}},
		{opaque{}, types.NullType{}},
		{nil, types.NullType{}},
	}
	for _, c := range cases {
		if got := types.Of(c.in); got != c.want {
			t.Errorf("Of(%T) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

func TestConversionErrorMessage(t *testing.T) {
	_, err := types.Integer{}.BindConverter()(uint64(math.MaxUint64))
	want := `athanor: cannot convert uint64 value "18446744073709551615" for type INTEGER: value out of range: 18446744073709551615 is above the largest int64`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
	_, err = types.LargeBinary{}.ResultConverter()(make([]byte, 0))
	if err != nil {
		t.Fatal(err)
	}
	e := &types.ConversionError{Type: types.Text{}, Value: strings.Repeat("x", 100), Err: errors.New("why")}
	if msg := e.Error(); !strings.Contains(msg, `xxx..."`) || len(msg) > 160 {
		t.Errorf("long values are shortened: %s", msg)
	}
	e = &types.ConversionError{Value: make([]byte, 1000)}
	if msg := e.Error(); !strings.Contains(msg, "[1000 bytes]") {
		t.Errorf("long byte strings are summarized: %s", msg)
	}
}

func TestAffinity(t *testing.T) {
	cases := []struct {
		typ  types.Type
		want types.Affinity
	}{
		{types.Integer{}, types.AffinityInteger}, {types.Numeric{}, types.AffinityNumeric},
		{types.String{}, types.AffinityString}, {types.Boolean{}, types.AffinityBoolean},
		{types.DateTime{}, types.AffinityDateTime}, {types.Interval{}, types.AffinityInterval},
		{types.LargeBinary{}, types.AffinityBinary}, {types.JSON{}, types.AffinityJSON},
		{types.UUID{}, types.AffinityUUID}, {types.Enum{}, types.AffinityString},
		{types.JSONOf[map[string]int]{}, types.AffinityJSON}, {types.Time{}, types.AffinityDateTime},
	}
	for _, c := range cases {
		if got := c.typ.Affinity(); got != c.want {
			t.Errorf("%s: affinity %s, want %s", c.typ, got, c.want)
		}
	}
	if types.Affinity(200).String() != "Affinity(200)" || !types.AffinityInteger.IsNumber() || types.AffinityString.IsNumber() {
		t.Error("Affinity helpers")
	}
}
