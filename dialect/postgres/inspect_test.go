package postgres

import (
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

func TestReflectType(t *testing.T) {
	cases := []struct {
		formatted string
		want      types.Type
	}{
		{"integer", types.Integer{}},
		{"bigint", types.BigInteger{}},
		{"character varying(30)", types.String{Length: 30}},
		{"character varying", types.String{}},
		{"character(5)", dialect.DatabaseType{Name: "character(5)", Base: types.String{Length: 5}}},
		{"numeric(10,2)", types.Numeric{Precision: 10, Scale: 2}},
		{"numeric", types.Numeric{}},
		{"double precision", types.Double{}},
		{"real", types.Float{Precision: 24}},
		{"timestamp without time zone", types.DateTime{}},
		{"timestamp with time zone", types.DateTime{Timezone: true}},
		{"timestamp(3) with time zone", Timestamp{Precision: 3, Timezone: true}},
		{"timestamp(0) without time zone", Timestamp{Precision: 0}},
		{"time(2) without time zone", Time{Precision: 2}},
		{"time(6) with time zone", Time{Precision: 6, Timezone: true}},
		{"time with time zone", types.Time{Timezone: true}},
		{"interval", types.Interval{}},
		{"bytea", types.LargeBinary{}},
		{"jsonb", JSONB{}},
		{"uuid", types.UUID{}},
		{"integer[]", Array{Item: types.Integer{}, Dimensions: 1}},
		{"character varying(5)[]", Array{Item: types.String{Length: 5}, Dimensions: 1}},
		{"inet", INET{}},
		{"cidr", CIDR{}},
		{"macaddr", MACADDR{}},
		{"int4range", Int4Range{}},
		{"int8range", Int8Range{}},
		{"numrange", NumRange{}},
		{"daterange", DateRange{}},
		{"tsrange", TSRange{}},
		{"tstzrange", TSTZRange{}},
		{"macaddr8", dialect.DatabaseType{Name: "macaddr8"}},
		{`"My Type"`, dialect.DatabaseType{Name: `"My Type"`}},
	}
	for _, tc := range cases {
		if got := reflectType(tc.formatted, "b", "", "", true, nil); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %#v, want %#v", tc.formatted, got, tc.want)
		}
	}
	if got := reflectType("mood", "e", "mood", "public", true, []string{"a", "b"}); !reflect.DeepEqual(got, types.Enum{Name: "mood", Values: []string{"a", "b"}}) {
		t.Errorf("enum: %#v", got)
	}
	if got := reflectType("other.mood", "e", "mood", "other", false, []string{"a"}); !reflect.DeepEqual(got, Enum{Enum: types.Enum{Name: "mood", Values: []string{"a"}}, Schema: "other"}) {
		t.Errorf("enum of another schema: %#v", got)
	}
}

// TestParseColumns: canned rows of columnsQuery: a SERIAL, an identity, a
// generated column, a default, an enum.
func TestParseColumns(t *testing.T) {
	row := func(name, typ string, notNull bool, def any, identity, generated string, serial bool, seq ...any) catalog.Row {
		r := catalog.Row{name, typ, notNull, def, identity, generated, nil, "b", typ, "pg_catalog", true, nil, serial}
		if seq == nil {
			seq = []any{nil, nil, nil, nil, nil, nil}
		}
		return append(append(r, seq...), int64(0))
	}
	mood := catalog.Row{"m", "mood", false, "'a'::mood", "", "", "the mood", "e", "mood", "public", true, `["a", "b"]`, false, nil, nil, nil, nil, nil, nil, int64(0)}
	// An array's kind, name and labels are its element type's; attndims
	// gives its dimensions.
	moods := catalog.Row{"ms", "mood[]", false, nil, "", "", nil, "e", "mood", "public", true, `["a", "b"]`, false, nil, nil, nil, nil, nil, nil, int64(1)}
	grid := catalog.Row{"g2", "double precision[]", false, nil, "", "", nil, "b", "float8", "pg_catalog", true, nil, false, nil, nil, nil, nil, nil, nil, int64(2)}
	rows := []catalog.Row{
		row("id", "integer", true, "nextval('t_id_seq'::regclass)", "", "", true, int64(1), int64(1), int64(1), int64(2147483647), int64(1), false),
		row("n", "bigint", true, nil, "a", "", false, int64(10), int64(5), int64(1), int64(1000), int64(1), true),
		row("g", "integer", false, "(id * 2)", "", "s", false),
		row("s", "character varying(5)", false, "'x'::character varying", "", "", false),
		mood, moods, grid,
	}
	got, err := parseColumns(rows)
	if err != nil {
		t.Fatal(err)
	}
	want := []dialect.ColumnInfo{
		{Name: "id", Type: types.Integer{}, TypeName: "integer", Autoincrement: true, Default: "nextval('t_id_seq'::regclass)"},
		{Name: "n", Type: types.BigInteger{}, TypeName: "bigint", Autoincrement: true,
			Identity: &dialect.IdentityInfo{Always: true, SequenceOptions: dialect.SequenceOptions{Start: 10, Increment: 5, MinValue: 1, MaxValue: 1000, Cache: 1, Cycle: true}}},
		{Name: "g", Type: types.Integer{}, TypeName: "integer", Nullable: true, Computed: &dialect.ComputedInfo{Expression: "(id * 2)", Persisted: true}},
		{Name: "s", Type: types.String{Length: 5}, TypeName: "character varying(5)", Nullable: true, Default: "'x'::character varying"},
		{Name: "m", Type: types.Enum{Name: "mood", Values: []string{"a", "b"}}, TypeName: "mood", Nullable: true, Default: "'a'::mood", Comment: "the mood"},
		{Name: "ms", Type: Array{Item: types.Enum{Name: "mood", Values: []string{"a", "b"}}, Dimensions: 1}, TypeName: "mood[]", Nullable: true},
		{Name: "g2", Type: Array{Item: types.Double{}, Dimensions: 2}, TypeName: "double precision[]", Nullable: true},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
	if _, err := parseColumns([]catalog.Row{{"m", "mood", false, nil, "", "", nil, "e", "mood", "public", true, "[not json", false, nil, nil, nil, nil, nil, nil, int64(0)}}); err == nil {
		t.Fatal("bad enum labels read")
	}
}

func TestParseForeignKeys(t *testing.T) {
	yes := true
	rows := []catalog.Row{
		{"fk_a", "a", "public", "p", "x", "c", "a", true, true, "f"},
		{"fk_a", "b", "public", "p", "y", "c", "a", true, true, "f"},
		{"fk_c", "c", "other", "q", "id", "a", "n", false, false, "s"},
	}
	want := []dialect.ForeignKeyInfo{
		{Name: "fk_a", Columns: []string{"a", "b"}, ReferredSchema: "public", ReferredTable: "p", ReferredColumns: []string{"x", "y"},
			OnDelete: "CASCADE", Deferrable: &yes, Initially: "DEFERRED", Match: "FULL"},
		{Name: "fk_c", Columns: []string{"c"}, ReferredSchema: "other", ReferredTable: "q", ReferredColumns: []string{"id"}, OnUpdate: "SET NULL"},
	}
	if got := parseForeignKeys(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

func TestParseIndexes(t *testing.T) {
	rows := []catalog.Row{
		{"ix_a", false, nil, "lower((a)::text)", false, "(b > 1)"},
		{"ix_a", false, "b", "b", true, "(b > 1)"},
		{"ix_c", true, "c", "c", false, nil},
	}
	want := []dialect.IndexInfo{
		{Name: "ix_a", Where: "(b > 1)", Columns: []dialect.IndexColumn{{Expression: "lower((a)::text)"}, {Name: "b", Descending: true}}},
		{Name: "ix_c", Unique: true, Columns: []dialect.IndexColumn{{Name: "c"}}},
	}
	if got := parseIndexes(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

func TestCheckExpression(t *testing.T) {
	cases := map[string]string{
		"CHECK ((x > 0))":               "(x > 0)",
		"CHECK (x > 0) NOT VALID":       "x > 0",
		"CHECK ((a)::text <> ''::text)": "(a)::text <> ''::text",
		"something else":                "something else",
	}
	for in, want := range cases {
		if got := checkExpression(in); got != want {
			t.Errorf("%s: %q", in, got)
		}
	}
}

func TestCanonicalTypeName(t *testing.T) {
	d := New()
	cases := map[string]string{"FLOAT": "DOUBLE PRECISION", "FLOAT(24)": "REAL", "FLOAT(10)": "REAL", "FLOAT(25)": "DOUBLE PRECISION", "REAL": "REAL", "INTEGER": "INTEGER"}
	for in, want := range cases {
		if got := d.CanonicalTypeName(in); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}

// TestReflectionQueries: the columns and indexes queries follow the
// server's version.
func TestReflectionQueries(t *testing.T) {
	q, args := New().ForVersion(150004).columnsQuery("", "t")
	if !strings.Contains(q, "a.attidentity::text, a.attgenerated::text") || !strings.Contains(q, "c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid)") || !reflect.DeepEqual(args, []any{"t"}) {
		t.Errorf("PostgreSQL 15 columns: %s %v", q, args)
	}
	q, args = New().ForVersion(110000).columnsQuery("s", "t")
	if !strings.Contains(q, "a.attidentity::text, ''") || !strings.Contains(q, "c.relname = $1 AND n.nspname = $2") || !reflect.DeepEqual(args, []any{"t", "s"}) {
		t.Errorf("PostgreSQL 11 columns: %s %v", q, args)
	}
	if q, _ := New().ForVersion(100000).indexesQuery("", "t"); !strings.Contains(q, "k.ord <= ix.indnatts") {
		t.Errorf("PostgreSQL 10 indexes: %s", q)
	}
	if q, _ := New().ForVersion(110000).indexesQuery("", "t"); !strings.Contains(q, "k.ord <= ix.indnkeyatts") {
		t.Errorf("PostgreSQL 11 indexes: %s", q)
	}
}
