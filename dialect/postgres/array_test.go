package postgres_test

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestArrayCompile(t *testing.T) {
	tbl := sql.NewTable("t", sql.NewColumn("x", postgres.ArrayOf(integer)), sql.NewColumn("id", integer),
		sql.NewColumn("m", postgres.Array{Item: types.Text{}, Dimensions: 2}))
	x := postgres.ArrayOps(tbl.C("x"))
	q := sql.NewColumn("q", integer)
	agg := sql.Func("array_agg", q).Typed(postgres.ArrayOf(integer)).Filter(sql.Ops(q).Mod(2).Eq(0))
	sqltest.Run(t, []sqltest.Case{
		// test_array
		{Name: "cast", Dialect: pg, Stmt: tbl.C("x").Cast(postgres.ArrayOf(integer)), SQL: "CAST(t.x AS INTEGER[])"},
		{Name: "index", Dialect: pg, Stmt: x.Index(5), SQL: "t.x[$1]", Params: []any{5}},
		{Name: "slices", Dialect: pg, Stmt: x.Slice(5, 7).Slice(2, 3), SQL: "t.x[$1:$2][$3:$4]", Params: []any{5, 7, 2, 3}},
		{Name: "slice then index", Dialect: pg, Stmt: x.Slice(5, 7).Index(3), SQL: "t.x[$1:$2][$3]", Params: []any{5, 7, 3}},
		{Name: "index of 2-d", Dialect: pg, Stmt: postgres.ArrayOps(tbl.C("m")).Index(1).Index(2).Eq("a"), SQL: "t.m[$1][$2] = $3", Params: []any{1, 2, "a"}},
		{Name: "index compared", Dialect: pg, Stmt: x.Index(1).Gt(3), SQL: "t.x[$1] > $2", Params: []any{1, 3}},
		// test_funcfilter_arrayagg_subscript
		{Name: "function subscript", Dialect: pg, Stmt: postgres.ArrayOps(agg).Index(1),
			SQL: "(array_agg(q) FILTER (WHERE q % $1 = $2))[$3]", Params: []any{2, 0, 1}},
		{Name: "contains", Dialect: pg, Stmt: x.Contains([]int{1, 2}), SQL: "t.x @> $1", Params: []any{`{"1","2"}`}},
		{Name: "contained by", Dialect: pg, Stmt: x.ContainedBy([]int{2}), SQL: "t.x <@ $1", Params: []any{`{"2"}`}},
		{Name: "overlap", Dialect: pg, Stmt: x.Overlap([]int64{2, 3}), SQL: "t.x && $1", Params: []any{`{"2","3"}`}},
		{Name: "not contains", Dialect: pg, Stmt: sql.Not(x.Contains([]int{1})), SQL: "NOT t.x @> $1", Params: []any{`{"1"}`}},
		{Name: "contains column", Dialect: pg, Stmt: x.Contains(postgres.NewArray(tbl.C("id"))), SQL: "t.x @> ARRAY[t.id]"},
		// test_array_modern_any_all
		{Name: "eq any", Dialect: pg, Stmt: sql.Literal(5).Eq(x.Any()), SQL: "$1 = ANY (t.x)", Params: []any{5}},
		{Name: "any eq, turned", Dialect: pg, Stmt: x.Any().Eq(5), SQL: "$1 = ANY (t.x)", Params: []any{5}},
		{Name: "not any eq", Dialect: pg, Stmt: sql.Not(postgres.Any(tbl.C("x")).Eq(5)), SQL: "$1 != ANY (t.x)", Params: []any{5}},
		{Name: "gt all", Dialect: pg, Stmt: sql.Literal(6).Gt(postgres.All(tbl.C("x"))), SQL: "$1 > ALL (t.x)", Params: []any{6}},
		{Name: "all lt, turned", Dialect: pg, Stmt: x.All().Lt(7), SQL: "$1 > ALL (t.x)", Params: []any{7}},
		{Name: "all ge, turned", Dialect: pg, Stmt: x.All().Ge(7), SQL: "$1 <= ALL (t.x)", Params: []any{7}},
		{Name: "column eq any", Dialect: pg, Stmt: tbl.C("id").Eq(x.Any()), SQL: "t.id = ANY (t.x)"},
		{Name: "any like", Dialect: pg, Stmt: x.Any().Like("a"), Err: sql.ErrArgument},
		// test_array_literal_compare, test_array_literal_contains
		{Name: "literal compare", Dialect: pg, Stmt: postgres.NewArray(1, 2).Eq(postgres.NewArray(3, 4, 5)),
			SQL: "ARRAY[$1, $2] = ARRAY[$3, $4, $5]", Params: []any{1, 2, 3, 4, 5}},
		{Name: "literal contains", Dialect: pg, Stmt: postgres.ArrayOps(postgres.NewArray("a", "b")).Contains(postgres.NewArray(0)),
			SQL: "ARRAY[$1, $2] @> ARRAY[$3]", Params: []any{"a", "b", 0}},
		{Name: "literal contained by values", Dialect: pg, Stmt: postgres.ArrayOps(postgres.NewArray("a", "b")).ContainedBy([]string{"a", "b", "c"}),
			SQL: "ARRAY[$1, $2] <@ $3", Params: []any{"a", "b", `{"a","b","c"}`}},
		// test_array_literal_empty
		{Name: "empty typed", Dialect: pg, Stmt: postgres.NewArray().ItemType(types.Date{}), SQL: "ARRAY[]::DATE[]"},
		{Name: "empty", Dialect: pg, Stmt: postgres.NewArray(), SQL: "ARRAY[]"},
		{Name: "literal with null", Dialect: pg, Stmt: postgres.NewArray(nil, tbl.C("id")), SQL: "ARRAY[NULL, t.id]"},
		{Name: "select subscript", Dialect: pg, Stmt: sql.NewSelect(x.Index(1)), SQL: "SELECT t.x[$1] AS anon_1 FROM t", Params: []any{1}},
		{Name: "insert array", Dialect: pg, Stmt: tbl.Insert().Values(sql.Values{"x": []int{1, 2}, "m": [][]string{{"a", `b"c`}, {`d\e`, "f,g"}}}),
			SQL: "INSERT INTO t (x, m) VALUES ($1, $2)", Params: []any{`{"1","2"}`, `{{"a","b\"c"},{"d\\e","f,g"}}`}},
	})
}

func TestArrayBind(t *testing.T) {
	id := uuid.MustParse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("", 5*3600+1800))
	cases := []struct {
		typ  postgres.Array
		in   any
		want any
	}{
		{postgres.ArrayOf(integer), []int64{1, -2}, `{"1","-2"}`},
		{postgres.ArrayOf(integer), []int32{}, `{}`},
		{postgres.ArrayOf(integer), []*int64{ptr(int64(1)), nil}, `{"1",NULL}`},
		{postgres.ArrayOf(integer), []any{1, nil, int8(3)}, `{"1",NULL,"3"}`},
		{postgres.ArrayOf(integer), [2]int{7, 8}, `{"7","8"}`},
		{postgres.ArrayOf(integer), &[]int{9}, `{"9"}`},
		{postgres.ArrayOf(integer), []int(nil), nil},
		{postgres.ArrayOf(integer), "{1,2}", "{1,2}"},
		{postgres.ArrayOf(types.Text{}), []string{"", "NULL", `a"b\c`, "x y", "日本🎉"}, `{"","NULL","a\"b\\c","x y","日本🎉"}`},
		{postgres.ArrayOf(types.Boolean{}), []bool{true, false}, `{"t","f"}`},
		{postgres.ArrayOf(types.Double{}), []float64{1.5, math.NaN(), math.Inf(1), math.Inf(-1)}, `{"1.5","NaN","Infinity","-Infinity"}`},
		{postgres.ArrayOf(types.Float{}), []float32{0.25}, `{"0.25"}`},
		{postgres.ArrayOf(types.LargeBinary{}), [][]byte{{0, 255}, nil}, `{"\\x00ff",NULL}`},
		{postgres.ArrayOf(types.UUID{}), []uuid.UUID{id}, `{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"}`},
		{postgres.ArrayOf(types.DateTime{Timezone: true}), []time.Time{at}, `{"2024-02-29 13:14:15.123456+05:30"}`},
		{postgres.ArrayOf(types.Date{}), []time.Time{at}, `{"2024-02-29"}`},
		{postgres.ArrayOf(types.Interval{}), []time.Duration{90 * time.Minute}, `{"5400000000 microseconds"}`},
		{postgres.ArrayOf(types.Numeric{}), []types.Decimal{types.MustDecimal("1.50")}, `{"1.50"}`},
		{postgres.ArrayOf(types.JSON{}), []any{map[string]any{"a": 1}, nil}, `{"{\"a\":1}",NULL}`},
		{postgres.Array{Item: integer, Dimensions: 2}, [][]int{{1, 2}, {3, 4}}, `{{"1","2"},{"3","4"}}`},
	}
	for _, c := range cases {
		got, err := c.typ.BindConverter()(c.in)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s %#v: got %#v, %v; want %#v", c.typ, c.in, got, err, c.want)
		}
	}
	for _, bad := range []struct {
		typ postgres.Array
		in  any
	}{
		{postgres.ArrayOf(integer), 5},
		{postgres.Array{Item: integer, Dimensions: 2}, []int{1}},
		{postgres.Array{Item: integer, Dimensions: 2}, []any{nil}},
		{postgres.ArrayOf(types.Enum{Values: []string{"a"}}), []string{"b"}},
		{postgres.ArrayOf(integer), []struct{}{{}}},
	} {
		if got, err := bad.typ.BindConverter()(bad.in); err == nil {
			t.Errorf("%s %#v: no error (%v)", bad.typ, bad.in, got)
		}
	}
}

func TestArrayResult(t *testing.T) {
	id := uuid.MustParse("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")
	cases := []struct {
		typ  postgres.Array
		in   any
		want any
	}{
		{postgres.ArrayOf(integer), "{1,2,3}", []int64{1, 2, 3}},
		{postgres.ArrayOf(integer), []byte("{}"), []int64{}},
		{postgres.ArrayOf(integer), "[0:1]={5,6}", []int64{5, 6}},
		{postgres.ArrayOf(integer), []int64{4}, []int64{4}},
		{postgres.Array{Item: integer, Nullable: true}, "{1,NULL}", []*int64{ptr(int64(1)), nil}},
		{postgres.ArrayOf(types.Text{}), `{a,"b,c","NULL",""," x ","q\"u\\o"}`, []string{"a", "b,c", "NULL", "", " x ", `q"u\o`}},
		{postgres.Array{Item: types.Text{}, Dimensions: 2}, `{{a,b},{c,d}}`, [][]string{{"a", "b"}, {"c", "d"}}},
		{postgres.Array{Item: types.Text{}, Dimensions: 2}, `{}`, [][]string{}},
		{postgres.ArrayOf(types.Boolean{}), "{t,f}", []bool{true, false}},
		{postgres.ArrayOf(types.Double{}), "{1.5,NaN,Infinity,-Infinity}", []float64{1.5, math.NaN(), math.Inf(1), math.Inf(-1)}},
		{postgres.ArrayOf(types.LargeBinary{}), `{"\\x00ff","\\x"}`, [][]byte{{0, 255}, {}}},
		{postgres.ArrayOf(types.UUID{}), "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", []uuid.UUID{id}},
		{postgres.ArrayOf(types.Numeric{}), "{1.50,-2}", []types.Decimal{types.MustDecimal("1.50"), types.MustDecimal("-2")}},
		{postgres.ArrayOf(types.JSON{}), `{"{\"a\": [1, 2]}",null}`, nil},
		{postgres.ArrayOf(types.Date{}), "{2024-02-29}", []time.Time{time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}},
		{postgres.ArrayOf(types.Interval{}), `{"1 day 02:00:00"}`, []time.Duration{26 * time.Hour}},
	}
	for _, c := range cases {
		got, err := c.typ.ResultConverter()(c.in)
		if c.want == nil {
			// JSON null is NULL: not readable without Nullable.
			if err == nil {
				t.Errorf("%s %q: no error (%v)", c.typ, c.in, got)
			}
			continue
		}
		if err != nil || !equalValues(got, c.want) {
			t.Errorf("%s %#v: got %#v, %v; want %#v", c.typ, c.in, got, err, c.want)
		}
		if err == nil && reflect.TypeOf(got) != c.typ.GoType() {
			t.Errorf("%s: %T is not GoType %s", c.typ, got, c.typ.GoType())
		}
	}
	tz := postgres.ArrayOf(types.DateTime{Timezone: true})
	got, err := pg.AdaptType(tz).ResultConverter()(`{"2024-02-29 13:14:15.123456+05:30"}`)
	want := time.Date(2024, 2, 29, 7, 44, 15, 123456000, time.UTC)
	if err != nil || len(got.([]time.Time)) != 1 || got.([]time.Time)[0] != want {
		t.Errorf("timestamptz[]: %v %v", got, err)
	}
	for _, bad := range []string{"", "1,2", "{1,2", "{1,}", `{"a}`, "{1}x", "{{1},2}", "{NULL}", "{x}", "[1", `{"a\`} {
		if got, err := postgres.ArrayOf(integer).ResultConverter()(bad); err == nil {
			t.Errorf("%q: no error (%v)", bad, got)
		}
	}
	if _, err := (postgres.Array{Item: integer, Dimensions: 2}).ResultConverter()("{1}"); err == nil {
		t.Error("a value where a sub-array belongs: no error")
	}
	if _, err := postgres.ArrayOf(types.LargeBinary{}).ResultConverter()(`{abc}`); err == nil {
		t.Error("bytea not in hex form: no error")
	}
	if _, err := postgres.ArrayOf(integer).ResultConverter()(42); err == nil {
		t.Error("an int: no error")
	}
	if s := (postgres.Array{Item: integer, Nullable: true}).String(); !strings.Contains(s, "NULL") || s == postgres.ArrayOf(integer).String() {
		t.Errorf("String does not tell nullable arrays apart: %q", s)
	}
}

// equalValues compares results, NaN equal to NaN.
func equalValues(a, b any) bool {
	af, aok := a.([]float64)
	bf, bok := b.([]float64)
	if aok && bok && len(af) == len(bf) {
		for i := range af {
			if af[i] != bf[i] && !(math.IsNaN(af[i]) && math.IsNaN(bf[i])) {
				return false
			}
		}
		return true
	}
	ad, aok := a.([]types.Decimal)
	bd, bok := b.([]types.Decimal)
	if aok && bok && len(ad) == len(bd) {
		for i := range ad {
			if ad[i].String() != bd[i].String() {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}
