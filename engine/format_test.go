package engine

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/types"
)

func TestFormatParams(t *testing.T) {
	long := strings.Repeat("ab", 200)
	tests := []struct {
		args []any
		want string
	}{
		{nil, "()"},
		{[]any{"x", int64(1), 2, 1.5, nil, true}, "('x', 1, 2, 1.5, NULL, true)"},
		{[]any{"it's", "line\nbreak\t"}, `('it''s', 'line\nbreak\t')`},
		{[]any{[]byte{0, 255}}, "(x'00ff')"},
		{[]any{time.Date(2024, 1, 2, 3, 4, 5, 600, time.UTC)}, "('2024-01-02 03:04:05.0000006Z')"},
		{[]any{types.MustDecimal("1.50")}, "('1.50')"},
		{[]any{struct{ A int }{1}}, "({1})"},
		{[]any{long}, "('" + long[:150] + " ... (100 bytes cut) ... " + long[250:] + "')"},
	}
	for _, tt := range tests {
		if got := formatParams(tt.args); got != tt.want {
			t.Errorf("formatParams(%v) =\n%s\nwant\n%s", tt.args, got, tt.want)
		}
	}
	many := make([]any, 105)
	for i := range many {
		many[i] = i
	}
	if got := formatParams(many); !strings.HasSuffix(got, ", 99, ... 5 more)") {
		t.Errorf("long list: %s", got)
	}
	big := make([]byte, 1000)
	if got := formatParams([]any{big}); !strings.HasSuffix(got, "...' (1000 bytes))") || len(got) > 200 {
		t.Errorf("long bytes: %s", got)
	}
	// Cutting never splits a UTF-8 sequence.
	s := strings.Repeat("é", 300)
	if got := formatValue(s); !strings.Contains(got, "é ... (") || strings.ContainsRune(got, '\uFFFD') {
		t.Errorf("cut UTF-8: %s", got)
	}
}

func TestFormatArgSets(t *testing.T) {
	sets := make([][]any, 25)
	for i := range sets {
		sets[i] = []any{i}
	}
	got := formatArgSets(sets)
	want := "[(0), (1), (2), (3), (4), (5), (6), (7), (8), ... 15 sets not shown ..., (24)]"
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := formatArgSets(sets[:2]); got != "[(0), (1)]" {
		t.Errorf("got %s", got)
	}
}

func TestTxOpString(t *testing.T) {
	if TxRollbackToSavepoint.String() != "ROLLBACK TO SAVEPOINT" || TxOp(0).String() != "TxOp(0)" || TxOp(99).String() != "TxOp(99)" {
		t.Error("TxOp.String")
	}
}

func TestErrorMessages(t *testing.T) {
	cause := errors.New("boom")
	e := &StatementError{SQL: "SELECT ?", Params: []any{"x"}, Err: cause}
	if e.Error() != "boom [SQL: SELECT ?] [parameters: ('x')]" || !errors.Is(e, cause) {
		t.Errorf("StatementError: %s", e)
	}
	se := &ScanError{Column: "c", Value: "x", Err: cause}
	if se.Error() != `athanor: result column "c": cannot convert string: boom` {
		t.Errorf("ScanError: %s", se)
	}
}
