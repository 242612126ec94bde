package types_test

import (
	"reflect"
	"testing"

	"github.com/athanordb/athanor/types"
)

func TestVariantChoice(t *testing.T) {
	v := types.WithVariant(types.String{Length: 10}, "postgresql", types.Text{})
	w := v.With("mysql", types.Integer{})
	cases := []struct {
		v     types.Variant
		names []string
		want  types.Type
	}{
		{v, []string{"postgresql"}, types.Text{}},
		{v, []string{"sqlite"}, types.String{Length: 10}},
		{v, nil, types.String{Length: 10}},
		{v, []string{"mysql"}, types.String{Length: 10}}, // With copied, v unchanged
		{w, []string{"mysql"}, types.Integer{}},
		{w, []string{"mariadb", "mysql"}, types.Integer{}},
		{w.With("mariadb", types.Boolean{}), []string{"mariadb", "mysql"}, types.Boolean{}},
		{w, []string{"postgresql"}, types.Text{}},
		{types.Variant{}, []string{"x"}, types.NullType{}},
		{types.Variant{Base: types.Date{}, ByDialect: map[string]types.Type{"x": nil}}, []string{"x"}, types.Date{}},
	}
	for i, c := range cases {
		if got := c.v.For(c.names...); !reflect.DeepEqual(got, c.want) {
			t.Errorf("case %d: For(%v) = %#v, want %#v", i, c.names, got, c.want)
		}
	}
	// A variant of a variant adds to it.
	nested := types.WithVariant(w, "postgresql", types.Double{})
	if got := nested.DialectNames(); !reflect.DeepEqual(got, []string{"mysql", "postgresql"}) {
		t.Fatalf("names %v", got)
	}
	if got := nested.For("postgresql"); got != (types.Double{}) {
		t.Fatalf("replaced variant: %#v", got)
	}
	if got := w.For("postgresql"); got != (types.Text{}) {
		t.Fatalf("WithVariant changed its argument: %#v", got)
	}
}

func TestVariantFollowsBase(t *testing.T) {
	v := types.WithVariant(types.Numeric{Precision: 10, Scale: 2}, "sqlite", types.Text{})
	if v.Affinity() != types.AffinityNumeric {
		t.Errorf("affinity %v", v.Affinity())
	}
	if v.GoType() != reflect.TypeFor[types.Decimal]() {
		t.Errorf("Go type %v", v.GoType())
	}
	if got := types.Underlying(v); got != (types.Numeric{Precision: 10, Scale: 2}) {
		t.Errorf("Underlying %#v", got)
	}
	out, err := v.ResultConverter()("1.5")
	if err != nil || out.(types.Decimal).String() != "1.50" {
		t.Errorf("result converter: %v %v", out, err)
	}
	if v.BindConverter() == nil {
		t.Error("Numeric's bind converter is missing")
	}
	if got := v.String(); got != "NUMERIC(10, 2) [sqlite: TEXT]" {
		t.Errorf("String %q", got)
	}
	if got := (types.Variant{Base: types.Integer{}}).String(); got != "INTEGER" {
		t.Errorf("String without variants %q", got)
	}
	if got := (types.Variant{ByDialect: map[string]types.Type{"a": nil}}).String(); got != "NULL [a: <nil>]" {
		t.Errorf("String of an empty variant %q", got)
	}
}
