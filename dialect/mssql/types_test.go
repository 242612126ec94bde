package mssql_test

import (
	"database/sql/driver"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The example of SQL Server's documentation: the GUID written
// 6F9619FF-8B86-D011-B42D-00C04FC964FF is stored (and sent by the
// driver) as the bytes 0xFF19966F868B11D0B42D00C04FC964FF.
const docGUID = "6f9619ff-8b86-d011-b42d-00c04fc964ff"

var docGUIDWire = []byte{0xFF, 0x19, 0x96, 0x6F, 0x86, 0x8B, 0x11, 0xD0, 0xB4, 0x2D, 0x00, 0xC0, 0x4F, 0xC9, 0x64, 0xFF}

func bind(t *testing.T, typ types.Type, v any) any {
	t.Helper()
	conv := sql.AdaptType(mssql.New(), typ).BindConverter()
	if conv == nil {
		return v
	}
	out, err := conv(v)
	if err != nil {
		t.Fatalf("bind %v (%T) as %v: %v", v, v, typ, err)
	}
	return out
}

func result(t *testing.T, typ types.Type, v any) any {
	t.Helper()
	out, err := sql.AdaptType(mssql.New(), typ).ResultConverter()(v)
	if err != nil {
		t.Fatalf("read %v (%T) as %v: %v", v, v, typ, err)
	}
	return out
}

func TestUUIDByteOrder(t *testing.T) {
	id := uuid.MustParse(docGUID)
	for _, v := range []any{id, &id, docGUID, "{" + docGUID + "}", [16]byte(id)} {
		out := bind(t, types.UUID{}, v)
		ui, ok := out.(mssqldb.UniqueIdentifier)
		if !ok {
			t.Fatalf("bind %T: got %T, want mssql.UniqueIdentifier (a GUID parameter)", v, out)
		}
		wire, err := ui.Value()
		if err != nil || !reflect.DeepEqual(wire, docGUIDWire) {
			t.Fatalf("bind %T: the driver sends % X, want % X", v, wire, docGUIDWire)
		}
	}
	if got := result(t, types.UUID{}, docGUIDWire); got != id {
		t.Errorf("read the driver's bytes: %v, want %v", got, id)
	}
	if got := result(t, types.UUID{AsString: true}, docGUIDWire); got != docGUID {
		t.Errorf("read as string: %v, want %v", got, docGUID)
	}
	if got := result(t, types.UUID{}, "6F9619FF-8B86-D011-B42D-00C04FC964FF"); got != id {
		t.Errorf("read text: %v", got)
	}
	// Reading what binding sends gives the UUID back.
	ui := bind(t, types.UUID{}, id).(mssqldb.UniqueIdentifier)
	wire, _ := ui.Value()
	if got := result(t, types.UUID{}, wire); got != id {
		t.Errorf("round trip: %v, want %v", got, id)
	}
	var nilID *uuid.UUID
	if got := bind(t, types.UUID{}, nilID); got != nil {
		t.Errorf("nil pointer binds %v, want NULL", got)
	}
	if _, err := sql.AdaptType(mssql.New(), types.UUID{}).BindConverter()("not a uuid"); !errors.As(err, new(*types.ConversionError)) {
		t.Errorf("bad UUID error = %v, want a ConversionError", err)
	}
	var valuer driver.Valuer = mssqldb.UniqueIdentifier(id)
	if got := bind(t, types.UUID{}, valuer); got != valuer {
		t.Errorf("a driver.Valuer binds %v, want it unchanged", got)
	}
}

func TestTemporalBinding(t *testing.T) {
	plus2 := time.FixedZone("+02", 2*3600)
	local := time.Date(2024, 3, 1, 23, 30, 15, 123456700, plus2)
	// A DateTime without time zone is its wall clock, in UTC.
	if got := bind(t, types.DateTime{}, local); got != time.Date(2024, 3, 1, 23, 30, 15, 123456700, time.UTC) {
		t.Errorf("DateTime binds %v", got)
	}
	if got := bind(t, types.DateTime{}, &local); got != time.Date(2024, 3, 1, 23, 30, 15, 123456700, time.UTC) {
		t.Errorf("*time.Time binds %v", got)
	}
	// With a time zone, the instant goes as it is (DATETIMEOFFSET).
	if got := bind(t, types.DateTime{Timezone: true}, local); got != local {
		t.Errorf("DateTime with time zone binds %v", got)
	}
	// A Date is its calendar date, at midnight UTC.
	if got := bind(t, types.Date{}, local); got != time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("Date binds %v", got)
	}
	if got := bind(t, types.Date{}, "2024-03-01"); got != "2024-03-01" {
		t.Errorf("a date as text binds %v, want it unchanged", got)
	}
	// The driver returns DATETIME2 in UTC: read as the stored wall clock.
	stored := time.Date(2024, 3, 1, 23, 30, 15, 0, time.UTC)
	if got := result(t, types.DateTime{}, stored); got != stored {
		t.Errorf("DateTime reads %v", got)
	}
}

func TestIntervalAsMicroseconds(t *testing.T) {
	for _, tc := range []struct {
		in   any
		want any
	}{
		{1500 * time.Millisecond, int64(1500000)},
		{time.Duration(1999), int64(1)},
		{"1 day 02:00:00", int64(26 * 3600 * 1000000)},
		{int64(42), int64(42)},
		{nil, nil},
	} {
		if got := bind(t, types.Interval{}, tc.in); got != tc.want {
			t.Errorf("bind %v: %v, want %v", tc.in, got, tc.want)
		}
	}
	if _, err := sql.AdaptType(mssql.New(), types.Interval{}).BindConverter()("forever"); !errors.Is(err, types.ErrInvalidInterval) {
		t.Errorf("bad interval error = %v", err)
	}
	if got := result(t, types.Interval{}, int64(1500000)); got != 1500*time.Millisecond {
		t.Errorf("read %v", got)
	}
}

func TestOtherTypesUnchanged(t *testing.T) {
	d := mssql.New()
	for _, typ := range []types.Type{types.Integer{}, types.String{Length: 3}, types.Boolean{}, types.Numeric{Precision: 5}, types.LargeBinary{}, types.JSON{}, types.DateTime{Timezone: true}} {
		if got := d.AdaptType(typ); !reflect.DeepEqual(got, typ) {
			t.Errorf("AdaptType(%v) = %#v, want it unchanged", typ, got)
		}
	}
}
