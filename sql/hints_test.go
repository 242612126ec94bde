package sql_test

import (
	"bytes"
	"testing"

	"github.com/athanordb/athanor/sql"
)

// Hints are part of a statement's cache key: statements that differ only
// in a hint, its table or its dialects have different keys.
func TestHintsCacheKey(t *testing.T) {
	a := sql.NewTable("a", sql.NewColumn("x", nil))
	b := sql.NewTable("b", sql.NewColumn("x", nil))
	base := sql.NewSelect(a.C("x"), b.C("x"))
	stmts := []sql.Element{
		base,
		base.WithHint(a, "WITH (NOLOCK)"),
		base.WithHint(b, "WITH (NOLOCK)"),
		base.WithHint(a, "WITH (NOLOCK)", "mssql"),
		base.WithHint(a, "WITH (PAGLOCK)"),
		base.WithStatementHint("WITH (NOLOCK)"),
		a.Delete().WithHint(nil, "WITH (NOLOCK)"),
		a.Delete(),
	}
	for i := range stmts {
		for j := range i {
			ki, kj := sql.NewCacheKey(stmts[i], false), sql.NewCacheKey(stmts[j], false)
			if bytes.Equal(ki.Bytes(), kj.Bytes()) {
				t.Errorf("statements %d and %d have one key", i, j)
			}
		}
	}
	// The builder copies: the base statement keeps no hint.
	if k1, k2 := sql.NewCacheKey(base, false), sql.NewCacheKey(sql.NewSelect(a.C("x"), b.C("x")), false); !bytes.Equal(k1.Bytes(), k2.Bytes()) {
		t.Error("WithHint changed the statement it was called on")
	}
}
