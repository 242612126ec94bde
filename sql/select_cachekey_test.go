package sql_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// selKey returns a copy of the statement's cache key.
func selKey(e sql.Element) []byte {
	k := sql.NewCacheKey(e, false)
	defer k.Release()
	return bytes.Clone(k.Bytes())
}

// TestSelectCacheKeyDistinguishes checks that statements of different SQL
// have different cache keys: for every pair of the list, equal keys mean
// equal SQL.
func TestSelectCacheKeyDistinguishes(t *testing.T) {
	s := newSelSchema()
	u, a := s.users, s.addresses
	base := sql.NewSelect(u.C("id")).Where(u.C("id").Eq(a.C("user_id")))
	anon := u.Alias("")
	anchor := sql.NewSelect(sql.Literal(1).Label("n")).RecursiveCTE("c")
	stmts := []sql.Element{
		base,
		base.Correlate(),
		base.Correlate(u),
		base.CorrelateExcept(u),
		sql.NewSelect(u.C("id")).Where(base.Exists()),
		sql.NewSelect(u.C("id")).Where(base.ScalarSubquery().Eq(1)),
		sql.NewSelect(u.Join(a)),
		sql.NewSelect(u.Join(a).Columns()[0], u.Join(a).Columns()[1]),
		sql.NewSelect(u.C("id")).SelectFrom(u.Join(a)),
		sql.NewSelect(u.C("id")).SelectFrom(u.OuterJoin(a)),
		sql.NewSelect(u.C("id")).SelectFrom(u.FullOuterJoin(a)),
		sql.NewSelect(anon.C("id"), anon.C("name")),
		sql.NewSelect(anon.C("id"), u.Alias("").C("name")),
		sql.NewSelect(sql.NewSelect(u.C("id")).Subquery("")),
		sql.NewSelect(sql.NewSelect(u.C("id")).Subquery("x")),
		sql.NewSelect(sql.NewSelect(u.C("id")).Lateral("x")),
		sql.NewSelect(sql.NewSelect(u.C("id")).CTE("x")),
		sql.NewSelect(sql.NewSelect(u.C("id")).CTE("")),
		sql.NewSelect(anchor),
		sql.NewSelect(anchor.UnionAll(sql.NewSelect(anchor.C("n").Add(1)).Where(anchor.C("n").Lt(3)))),
		sql.NewSelect(u.C("id")).Limit(3),
		sql.NewSelect(u.C("id")).FetchFirst(3, false, false),
		sql.NewSelect(u.C("id")).FetchFirst(3, true, false),
		sql.NewSelect(u.C("id")).Offset(3),
		sql.Union(sql.NewSelect(u.C("id")), sql.NewSelect(a.C("id"))),
		sql.UnionAll(sql.NewSelect(u.C("id")), sql.NewSelect(a.C("id"))),
		sql.Union(sql.NewSelect(u.C("id")), sql.NewSelect(a.C("id"))).AddCTE(sql.NewSelect(u.C("id")).CTE("x")),
		sql.NewSelect(u.Join(a).Alias("j")),
		sql.NewSelect(u.C("id")).Join(a),
		sql.NewSelect(u.C("id")).ForUpdate(sql.LockClause{}),
		sql.NewSelect(u.C("id")).ForUpdate(sql.LockClause{Of: []sql.FromClause{u}}),
	}
	keys := make([][]byte, len(stmts))
	texts := make([]string, len(stmts))
	for i, st := range stmts {
		keys[i] = selKey(st)
		c, err := sql.Compile(st, dialect.Generic)
		if err != nil {
			t.Fatalf("statement %d: %v", i, err)
		}
		texts[i] = c.SQL
	}
	for i := range stmts {
		for j := i + 1; j < len(stmts); j++ {
			if bytes.Equal(keys[i], keys[j]) && texts[i] != texts[j] {
				t.Errorf("statements %d and %d share a cache key but compile differently:\n%s\n%s", i, j, texts[i], texts[j])
			}
		}
	}
}

// TestSelectCacheReuse checks that structurally equal statements share
// the compiled SQL and bind their own values.
func TestSelectCacheReuse(t *testing.T) {
	s := newSelSchema()
	u, a := s.users, s.addresses
	build := []func(n int64, v string) sql.Element{
		func(n int64, v string) sql.Element {
			return sql.NewSelect(u.C("id")).Where(u.C("name").Eq(v)).Limit(n).Offset(n + 1)
		},
		func(n int64, v string) sql.Element {
			sq := sql.NewSelect(a.C("user_id")).Where(a.C("email").Like(v)).Subquery("")
			return sql.NewSelect(sq.C("user_id")).Where(sq.C("user_id").Gt(n))
		},
		func(n int64, v string) sql.Element {
			c := sql.NewSelect(sql.Literal(n).Label("k")).RecursiveCTE("c")
			c = c.UnionAll(sql.NewSelect(c.C("k").Add(1)).Where(c.C("k").Lt(n + 5)))
			return sql.NewSelect(c.C("k")).Where(c.C("k").Ne(v))
		},
		func(n int64, v string) sql.Element {
			return sql.Union(sql.NewSelect(u.C("id")).Where(u.C("name").Eq(v)), sql.NewSelect(a.C("id")).Where(a.C("id").Eq(n))).Limit(n)
		},
		func(n int64, v string) sql.Element {
			return sql.NewSelect(u.C("id")).Join(a, a.C("user_id").Eq(u.C("id")), a.C("email").Eq(v)).
				Where(sql.NewSelect().SelectFrom(a).Where(a.C("id").Eq(n)).Exists()).FetchFirst(n, false, false)
		},
	}
	for i, b := range build {
		cache := sql.NewCache(dialect.Generic, 10)
		first, second := b(1, "x"), b(2, "y")
		c1, k1, hit1, err := cache.Compile(first)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		_, args1, err := c1.Bind(k1.Binds(), nil)
		k1.Release()
		if err != nil {
			t.Fatal(err)
		}
		c2, k2, hit2, err := cache.Compile(second)
		if err != nil {
			t.Fatal(err)
		}
		text2, args2, err := c2.Bind(k2.Binds(), nil)
		k2.Release()
		if err != nil {
			t.Fatal(err)
		}
		if hit1 || !hit2 {
			t.Errorf("%d: hits %v %v, want a miss then a hit", i, hit1, hit2)
		}
		direct, err := sql.Compile(second, dialect.Generic)
		if err != nil {
			t.Fatal(err)
		}
		want := make([]any, len(direct.Params))
		k := sql.NewCacheKey(second, false)
		for j := range direct.Params {
			want[j], _ = direct.Value(j, k.Binds(), nil)
		}
		k.Release()
		if text2 != direct.SQL || !slices.Equal(args2, want) {
			t.Errorf("%d: cached\n%s %v\ndirect\n%s %v", i, text2, args2, direct.SQL, want)
		}
		if slices.Equal(args1, args2) {
			t.Errorf("%d: both statements bound %v", i, args1)
		}
	}
}
