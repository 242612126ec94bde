package oracle_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	goora "github.com/sijms/go-ora/v2"

	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// bind converts v as the dialect sends values of t to go-ora.
func bind(t *testing.T, typ types.Type, v any) any {
	t.Helper()
	conv := sql.AdaptType(modern, typ).BindConverter()
	if conv == nil {
		return v
	}
	out, err := conv(v)
	if err != nil {
		t.Fatalf("bind %v as %v: %v", v, typ, err)
	}
	return out
}

func result(t *testing.T, d *oracle.Dialect, typ types.Type, v any) any {
	t.Helper()
	out, err := sql.AdaptType(d, typ).ResultConverter()(v)
	if err != nil {
		t.Fatalf("read %v as %v: %v", v, typ, err)
	}
	return out
}

func TestAdaptBind(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 5, 6, 7, 8, 9, 123456000, time.FixedZone("X", 3600))
	num, _ := goora.NewNumberFromString("12345678901234567890.123")
	id := uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")
	long := strings.Repeat("x", 40000)
	dec, err := types.ParseDecimal("12345678901234567890.123")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		typ  types.Type
		in   any
		want any
	}{
		{"decimal text is a Number", types.Numeric{Precision: 23, Scale: 3}, "12345678901234567890.123", num},
		{"decimal", types.Numeric{}, dec, num},
		{"integer stays", types.Numeric{}, int64(5), int64(5)},
		{"timestamp", types.DateTime{}, at, goora.TimeStamp(at)},
		{"timestamp with zone", types.DateTime{Timezone: true}, at, goora.TimeStampTZ(at)},
		{"oracle timestamp", oracle.Timestamp{}, at, goora.TimeStamp(at)},
		{"date", types.Date{}, at, goora.TimeStamp(time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC))},
		{"interval", types.Interval{}, 26*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Microsecond, "+1 02:03:04.000005"},
		{"negative interval", types.Interval{}, -1500 * time.Millisecond, "-0 00:00:01.500000"},
		{"uuid", types.UUID{}, id, "0f8fad5bd9cb469fa16570867728950e"},
		{"json before 21", types.JSON{}, map[string]int{"a": 1}, []byte(`{"a":1}`)},
		{"short text", types.Text{}, "hello", "hello"},
		{"long text", types.Text{}, long, goora.Clob{String: long, Valid: true}},
		{"short bytes", types.LargeBinary{}, []byte("ab"), []byte("ab")},
		{"long bytes", types.LargeBinary{}, []byte(long), goora.Blob{Data: []byte(long)}},
		{"nil time", types.DateTime{}, (*time.Time)(nil), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := bind(t, tc.typ, tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	// From 21, JSON is a JSON column: the text goes as it is.
	v21 := oracle.New(oracle.Options{Version: oracle.Version{Major: 21}})
	out, err := sql.AdaptType(v21, types.JSON{}).BindConverter()(map[string]int{"a": 1})
	if err != nil || out != `{"a":1}` {
		t.Fatalf("JSON on 21: %#v %v", out, err)
	}
	if _, err := sql.AdaptType(modern, types.Numeric{}).BindConverter()("1e999999999999"); err == nil {
		t.Fatal("an invalid decimal was accepted")
	}
}

func TestAdaptResult(t *testing.T) {
	t.Parallel()
	at := time.Date(2024, 5, 6, 7, 8, 9, 0, time.FixedZone("X", 3600))
	for _, tc := range []struct {
		name string
		typ  types.Type
		in   any
		want any
	}{
		{"wall clock in UTC", types.DateTime{}, at, time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)},
		{"instant with zone", types.DateTime{Timezone: true}, at, at},
		{"interval text", types.Interval{}, "+01 02:03:04.000005", 26*time.Hour + 3*time.Minute + 4*time.Second + 5*time.Microsecond},
		{"negative interval", types.Interval{}, "-00 00:00:01.500000", -1500 * time.Millisecond},
		{"interval nanoseconds", types.Interval{}, "+0 00:00:00.123456789", 123456789 * time.Nanosecond},
		{"interval in another form", types.Interval{}, "1h", time.Hour},
		{"boolean number", types.Boolean{}, int64(1), true},
		{"uuid hex", types.UUID{}, "0f8fad5bd9cb469fa16570867728950e", uuid.MustParse("0f8fad5b-d9cb-469f-a165-70867728950e")},
		{"json bytes", types.JSON{}, []byte(`{"a":1}`), map[string]any{"a": float64(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := result(t, modern, tc.typ, tc.in); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	// Text that is neither Oracle's form nor another ParseInterval reads.
	for _, bad := range []string{"x 01:02:03", "+1 01:02:03.x", "+"} {
		if _, err := sql.AdaptType(modern, types.Interval{}).ResultConverter()(bad); err == nil {
			t.Errorf("interval %q was read", bad)
		}
	}
}

func TestFormatInterval(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{
		0:                               "+0 00:00:00.000000",
		time.Nanosecond:                 "+0 00:00:00.000000",
		49*time.Hour + time.Microsecond: "+2 01:00:00.000001",
		-(3*24*time.Hour + time.Second): "-3 00:00:01.000000",
	} {
		if got := oracle.FormatInterval(d); got != want {
			t.Errorf("%v: %s, want %s", d, got, want)
		}
	}
}

func TestAdaptLeavesOthers(t *testing.T) {
	t.Parallel()
	for _, typ := range []types.Type{types.Integer{}, types.String{Length: 3}, types.Boolean{}, types.Float{}} {
		if got := modern.AdaptType(typ); !reflect.DeepEqual(got, typ) {
			t.Errorf("%v adapted to %T", typ, got)
		}
	}
	v21 := oracle.New(oracle.Options{Version: oracle.Version{Major: 21}})
	if got := v21.AdaptType(types.JSON{}); !reflect.DeepEqual(got, types.JSON{}) {
		t.Errorf("JSON on 21 adapted to %T", got)
	}
	if _, err := sql.AdaptType(modern, types.Numeric{}).BindConverter()("12,5"); !errors.As(err, new(*types.ConversionError)) {
		t.Errorf("bad decimal text: %v", err)
	}
}
