package types_test

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/types"
)

// attrs produces its own JSON text through driver.Valuer.
type attrs map[string]string

func (a attrs) Value() (driver.Value, error) {
	b, err := json.Marshal(map[string]string(a))
	return string(b), err
}

func TestJSONBind(t *testing.T) {
	raw := json.RawMessage(`{"a": [1, 2]}`)
	runConv(t, types.JSON{}.BindConverter(), []convCase{
		{name: "object", in: map[string]any{"b": 1, "a": "x"}, want: `{"a":"x","b":1}`},
		{name: "array", in: []any{1, "two", nil, true}, want: `[1,"two",null,true]`},
		{name: "nested", in: map[string]any{"a": map[string]any{"b": []int{1}}}, want: `{"a":{"b":[1]}}`},
		{name: "struct", in: struct {
			N int    `json:"n"`
			S string `json:"s"`
		}{1, "𝄞"}, want: `{"n":1,"s":"𝄞"}`},
		{name: "string", in: "hi", want: `"hi"`},
		{name: "number", in: 1.5, want: `1.5`},
		{name: "nil map is JSON null", in: map[string]any(nil), want: `null`},
		{name: "raw message passes", in: raw, want: `{"a": [1, 2]}`},
		{name: "pointer to raw message", in: &raw, want: `{"a": [1, 2]}`},
		{name: "raw JSON null", in: json.RawMessage("null"), want: `null`},
		{name: "invalid raw message", in: json.RawMessage(`{"a":`), err: errAny},
		{name: "empty raw message", in: json.RawMessage{}, err: errAny},
		{name: "nil pointer is SQL NULL", in: (*struct{ A int })(nil), want: nil},
		{name: "pointer", in: &struct{ A int }{2}, want: `{"A":2}`},
		{name: "valuer passes unchanged", in: attrs{"k": "v"}, want: attrs{"k": "v"}},
		{name: "Decimal is a valuer", in: dec("1.50"), want: dec("1.50")},
		{name: "NaN cannot be encoded", in: math.NaN(), err: errAny},
		{name: "channel cannot be encoded", in: make(chan int), err: errAny},
	})
}

func TestJSONResult(t *testing.T) {
	runConv(t, types.JSON{}.ResultConverter(), []convCase{
		{in: `{"a":{"b":[1,"x",null]}}`, want: map[string]any{"a": map[string]any{"b": []any{1.0, "x", nil}}}},
		{in: []byte(`[1, 2]`), want: []any{1.0, 2.0}},
		{in: `"s"`, want: "s"},
		{in: `null`, want: nil},
		{name: "SQLite integer document", in: int64(12), want: 12.0},
		{name: "SQLite real document", in: 1.5, want: 1.5},
		{name: "already decoded", in: map[string]any{"a": 1.0}, want: map[string]any{"a": 1.0}},
		{in: `{"a":`, err: errAny},
		{in: `{} {}`, err: errAny},
		{in: ``, err: errAny},
	})
	runConv(t, types.JSON{UseNumber: true}.ResultConverter(), []convCase{
		{in: `{"id":12345678901234567890}`, want: map[string]any{"id": json.Number("12345678901234567890")}},
		{in: int64(math.MaxInt64), want: json.Number("9223372036854775807")},
		{in: 0.5, want: json.Number("0.5")},
	})
}

type prefs struct {
	Theme string `json:"theme"`
	Size  int64  `json:"size"`
}

func TestJSONOf(t *testing.T) {
	typ := types.JSONOf[prefs]{}
	if types.Underlying(typ) != (types.JSON{}) || typ.GoType() != reflect.TypeFor[prefs]() || typ.String() != "JSON" {
		t.Fatalf("JSONOf shape: %v %v %s", types.Underlying(typ), typ.GoType(), typ)
	}
	runConv(t, typ.BindConverter(), []convCase{
		{in: prefs{"dark", 9007199254740993}, want: `{"theme":"dark","size":9007199254740993}`},
		{in: &prefs{Theme: "x"}, want: `{"theme":"x","size":0}`},
		{in: (*prefs)(nil), want: nil},
		{in: json.RawMessage(`{"theme":"raw"}`), want: `{"theme":"raw"}`},
	})
	runConv(t, typ.ResultConverter(), []convCase{
		{name: "exact beyond 2^53", in: `{"theme":"dark","size":9007199254740993}`, want: prefs{"dark", 9007199254740993}},
		{in: []byte(`{}`), want: prefs{}},
		{in: prefs{Theme: "t"}, want: prefs{Theme: "t"}},
		{in: `{"size":"big"}`, err: errAny},
		{in: `[1]`, err: errAny},
		{in: true, err: types.ErrUnsupportedValue},
	})
	runConv(t, types.JSONOf[int64]{}.ResultConverter(), []convCase{
		{name: "SQLite integer document", in: int64(math.MaxInt64), want: int64(math.MaxInt64)},
	})
	runConv(t, types.JSONOf[any]{}.ResultConverter(), []convCase{
		{in: `[true]`, want: []any{true}},
	})
}

func TestRawJSON(t *testing.T) {
	cases := []struct {
		in   any
		want string
		ok   bool
	}{
		{`{"a":1}`, `{"a":1}`, true},
		{[]byte(`[]`), `[]`, true},
		{int64(-3), `-3`, true},
		{2.5e-7, `2.5e-07`, true},
		{math.Inf(1), ``, false},
		{true, ``, false},
	}
	for _, c := range cases {
		got, ok := types.RawJSON(c.in)
		if ok != c.ok || string(got) != c.want {
			t.Errorf("RawJSON(%v) = %q, %v", c.in, got, ok)
		}
	}
}

func TestUUIDBind(t *testing.T) {
	id := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	canon, hex := id.String(), "6ba7b8109dad11d180b400c04fd430c8"
	type ticket string
	cases := []convCase{
		{in: id, want: canon},
		{in: &id, want: canon},
		{name: "nil *UUID", in: (*uuid.UUID)(nil), want: nil},
		{in: uuid.NullUUID{UUID: id, Valid: true}, want: canon},
		{name: "invalid NullUUID is NULL", in: uuid.NullUUID{}, want: nil},
		{in: [16]byte(id), want: canon},
		{name: "16 raw bytes", in: id[:], want: canon},
		{name: "text bytes", in: []byte(canon), want: canon},
		{in: canon, want: canon},
		{in: strings.ToUpper(canon), want: canon},
		{in: hex, want: canon},
		{in: "{" + canon + "}", want: canon},
		{in: "urn:uuid:" + canon, want: canon},
		{name: "named string", in: ticket(canon), want: canon},
		{name: "pointer to string", in: ptr(canon), want: canon},
		{in: "not-a-uuid", err: errAny},
		{in: canon[:35], err: errAny},
		{name: "valuer passes", in: sql.NullString{String: canon, Valid: true}, want: sql.NullString{String: canon, Valid: true}},
	}
	runConv(t, types.UUID{}.BindConverter(), cases)
	hexCases := []convCase{{in: id, want: hex}, {in: canon, want: hex}, {in: "{" + canon + "}", want: hex}, {in: "x", err: errAny}}
	runConv(t, func(v any) (any, error) { return types.BindUUID(v, true) }, hexCases)
}

func TestUUIDResult(t *testing.T) {
	id := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
	cases := []convCase{
		{in: "6ba7b8109dad11d180b400c04fd430c8", want: id},
		{in: id.String(), want: id},
		{in: []byte(id.String()), want: id},
		{in: id[:], want: id},
		{in: id, want: id},
		{in: [16]byte(id), want: id},
		{in: "zz", err: errAny},
		{in: int64(1), err: types.ErrUnsupportedValue},
	}
	runConv(t, types.UUID{}.ResultConverter(), cases)
	runConv(t, types.UUID{AsString: true}.ResultConverter(), []convCase{
		{in: "6ba7b8109dad11d180b400c04fd430c8", want: id.String()},
		{in: "zz", err: errAny},
	})
	if (types.UUID{AsString: true}).GoType() != reflect.TypeFor[string]() || (types.UUID{}).GoType() != reflect.TypeFor[uuid.UUID]() {
		t.Error("UUID.GoType")
	}
}

type color string

type level int

func (l level) String() string { return [...]string{"low", "high"}[l] }

// labelled is a string enum whose String is for display only.
type labelled string

func (l labelled) String() string { return "Label(" + string(l) + ")" }

// coded binds its code through driver.Valuer.
type coded struct{ code string }

func (c coded) Value() (driver.Value, error) { return c.code, nil }

type badValuer struct{}

func (badValuer) Value() (driver.Value, error) { return nil, errors.New("broken") }

func TestEnumBind(t *testing.T) {
	e := types.Enum{Name: "mood", Values: []string{"sad", "ok", "happy", "low", "high"}}
	runConv(t, e.BindConverter(), []convCase{
		{in: "ok", want: "ok"},
		{name: "typed string", in: color("happy"), want: "happy"},
		{name: "typed string with a display String", in: labelled("sad"), want: "sad"},
		{name: "iota enum with String", in: level(1), want: "high"},
		{name: "valuer", in: coded{"low"}, want: "low"},
		{name: "valuer giving NULL", in: sql.NullString{}, want: nil},
		{name: "pointer", in: ptr(color("ok")), want: "ok"},
		{name: "nil pointer", in: (*string)(nil), want: nil},
		{in: "OK", err: types.ErrNotInEnum},
		{in: "", err: types.ErrNotInEnum},
		{name: "valuer outside", in: coded{"meh"}, err: types.ErrNotInEnum},
		{name: "failing valuer", in: badValuer{}, err: errAny},
		{name: "valuer giving a number", in: sql.NullInt64{Int64: 1, Valid: true}, err: types.ErrUnsupportedValue},
		{in: 3, err: types.ErrUnsupportedValue},
	})
	_, err := e.BindConverter()("meh")
	want := `athanor: cannot convert string value "meh" for type ENUM('sad', 'ok', 'happy', 'low', 'high'): not a value of the enum: allowed values are "sad", "ok", "happy", "low", "high"`
	if err == nil || err.Error() != want {
		t.Errorf("message:\n got %v\nwant %s", err, want)
	}
}

func TestEnumShape(t *testing.T) {
	cases := []struct {
		e      types.Enum
		length int
		text   string
	}{
		{types.Enum{Values: []string{"a", "bbb"}}, 3, "ENUM('a', 'bbb')"},
		{types.Enum{Values: []string{"é", "ü𝄞"}}, 2, "ENUM('é', 'ü𝄞')"},
		{types.Enum{Values: []string{"a"}, Length: 20}, 20, "ENUM('a')"},
		{types.Enum{Values: []string{"it's", "a, b"}}, 4, "ENUM('it''s', 'a, b')"},
		{types.Enum{}, 0, "ENUM()"},
	}
	for _, c := range cases {
		if got := c.e.VarcharLength(); got != c.length {
			t.Errorf("%v: VarcharLength %d, want %d", c.e.Values, got, c.length)
		}
		if got := c.e.String(); got != c.text {
			t.Errorf("String %s, want %s", got, c.text)
		}
	}
	// Values that a comma-joined list would confuse stay distinct.
	a := types.Enum{Values: []string{"a, b"}}
	b := types.Enum{Values: []string{"a", "b"}}
	if a.String() == b.String() {
		t.Error("distinct enums render alike")
	}
}

func TestEnumOf(t *testing.T) {
	const (
		red   color = "red"
		green color = "green"
	)
	typ := types.EnumOf(types.Enum{Name: "color", CreateConstraint: true, Values: []string{"ignored"}}, red, green)
	e, ok := types.Underlying(typ).(types.Enum)
	if !ok || e.Name != "color" || !e.CreateConstraint || !reflect.DeepEqual(e.Values, []string{"red", "green"}) || typ.GoType() != reflect.TypeFor[color]() {
		t.Fatalf("EnumOf shape: %#v %v", types.Underlying(typ), typ.GoType())
	}
	runConv(t, typ.BindConverter(), []convCase{
		{in: red, want: "red"},
		{in: ptr(green), want: "green"},
		{in: (*color)(nil), want: nil},
		{name: "plain string", in: "green", want: "green"},
		{in: color("blue"), err: types.ErrNotInEnum},
	})
	runConv(t, typ.ResultConverter(), []convCase{
		{in: "red", want: red},
		{in: []byte("green"), want: green},
		{name: "stored value outside the enum", in: "blue", err: types.ErrNotInEnum},
	})
}

func TestDecorator(t *testing.T) {
	type cents int64
	errNeg := errors.New("negative amount")
	money := types.Decorate(types.Numeric{Precision: 12, Scale: 2},
		func(c cents) (any, error) {
			if c < 0 {
				return nil, errNeg
			}
			return types.NewDecimal(int64(c), 2), nil
		},
		func(v any) (cents, error) {
			d := v.(types.Decimal)
			return cents(d.Rescale(2).Coefficient().Int64()), nil
		})
	if money.GoType() != reflect.TypeFor[cents]() || money.Affinity() != types.AffinityNumeric || money.String() != "NUMERIC(12, 2)" {
		t.Fatalf("decorator shape: %v %v %s", money.GoType(), money.Affinity(), money)
	}
	if types.Underlying(money) != (types.Numeric{Precision: 12, Scale: 2}) {
		t.Fatal("Underlying")
	}
	runConv(t, money.BindConverter(), []convCase{
		{name: "program value, then Numeric's conversion", in: cents(1250), want: "12.50"},
		{name: "pointer", in: ptr(cents(5)), want: "0.05"},
		{name: "nil pointer", in: (*cents)(nil), want: nil},
		{name: "Impl's own form passes", in: "3.10", want: "3.10"},
		{name: "Impl still checks", in: "x", err: types.ErrInvalidDecimal},
		{name: "ToDB error", in: cents(-1), err: errNeg},
	})
	runConv(t, money.ResultConverter(), []convCase{
		{in: "12.5", want: cents(1250)},
		{in: int64(3), want: cents(300)},
		{name: "Impl error first", in: "x", err: types.ErrInvalidDecimal},
	})
	_, err := money.BindConverter()(cents(-1))
	var ce *types.ConversionError
	if !errors.As(err, &ce) || ce.Type != money || ce.Value != cents(-1) {
		t.Errorf("ToDB error: %#v", err)
	}

	// A decorator with neither function is its Impl; a nil Impl is NullType.
	plain := &types.Decorator{Impl: types.Text{}, Name: "plain"}
	if plain.BindConverter() != nil || plain.ResultConverter() == nil || plain.String() != "plain" || plain.GoType() != reflect.TypeFor[string]() {
		t.Error("plain decorator")
	}
	empty := &types.Decorator{}
	if empty.Affinity() != types.AffinityNone || empty.String() != "NULL" || empty.BindConverter() != nil {
		t.Error("nil Impl")
	}
	// FromDB over an Impl without a result converter sees the raw value.
	raw := &types.Decorator{Impl: types.NullType{}, FromDB: func(v any) (any, error) { return []any{v}, nil }}
	if got, err := raw.ResultConverter()(1); err != nil || !reflect.DeepEqual(got, []any{1}) {
		t.Errorf("FromDB over NullType: %v, %v", got, err)
	}
	failing := &types.Decorator{Impl: types.Text{}, FromDB: func(any) (any, error) { return nil, errNeg }}
	_, err = failing.ResultConverter()("x")
	checkConvErr(t, err, errNeg)
}

func TestBindFunc(t *testing.T) {
	c := types.BindFunc(func(s string) (any, error) { return len(s), nil })
	runConv(t, c, []convCase{
		{in: "abc", want: 3},
		{in: ptr("ab"), want: 2},
		{in: (*string)(nil), want: nil},
		{in: 1.5, want: 1.5},
	})
}
