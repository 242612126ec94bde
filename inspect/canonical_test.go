package inspect

import "testing"

func TestCanonical(t *testing.T) {
	same := [][2]string{
		{"x > 0", "((x > 0))"},
		{"`x` > 0", `"x" > 0`},
		{"[x] > 0", "X > 0"},
		{"a != b", "(a <> b)"},
		{"name = 'A b'", "((name)::text = 'A b'::text)"},
		{"lower(label)", "lower((label)::text)"},
		{"x IN ('a', 'b')", "((x)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))"},
		{"x IN (1, 2)", "x = ANY (ARRAY[1, 2])"},
		{"t > now()", "t > now()::timestamp with time zone"},
		{"a::double precision + 1", "a + 1"},
	}
	for _, p := range same {
		if a, b := canonical(p[0]), canonical(p[1]); a != b {
			t.Errorf("%q and %q: %q and %q", p[0], p[1], a, b)
		}
	}
	differ := [][2]string{
		{"name = 'A b'", "name = 'a b'"},
		{"x > 0", "x >= 0"},
		{"a + b", "a - b"},
		{"'it''s'", "'its'"},
	}
	for _, p := range differ {
		if canonical(p[0]) == canonical(p[1]) {
			t.Errorf("%q and %q read the same", p[0], p[1])
		}
	}
}

func TestCanonicalDefault(t *testing.T) {
	same := [][2]string{
		{"'x'", "'x'::character varying"},
		{"1.5", "1.50"},
		{"'5'", "5"},
		{"'-1'::integer", "-1"},
		{"true", "1"},
		{"FALSE", "0"},
		{"CURRENT_TIMESTAMP(6)", "current_timestamp(6)"},
		{"(1 + 2)", "1 + 2"},
	}
	for _, p := range same {
		if a, b := canonicalDefault(p[0]), canonicalDefault(p[1]); a != b {
			t.Errorf("%q and %q: %q and %q", p[0], p[1], a, b)
		}
	}
	if canonicalDefault("'x'") == canonicalDefault("'y'") || canonicalDefault("1") == canonicalDefault("'1x'") {
		t.Error("different defaults read the same")
	}
}

func TestCanonicalType(t *testing.T) {
	if canonicalType("numeric (10, 2)") != canonicalType("NUMERIC(10,2)") || canonicalType("VARCHAR(10)") == canonicalType("VARCHAR(1)") {
		t.Error("canonicalType")
	}
}
