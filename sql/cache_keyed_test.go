package sql_test

import (
	"reflect"
	"testing"

	"github.com/athanordb/athanor/sql"
)

// A keyed statement compiles once, then hits the cache with each
// execution's values; keyed for another cache, it is keyed again.
func TestCompileKeyed(t *testing.T) {
	u := benchUsers
	stmt := sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.Bind("who")), u.C("active").Eq(true)).Limit(5)
	cache := sql.NewCache(dollar, 10)
	ks := cache.KeyStatement(stmt, sql.CompileOptions{})
	if ks.Statement() != stmt {
		t.Fatal("Statement() is not the statement keyed")
	}
	for i, who := range []string{"ann", "bob", "cy"} {
		c, hit, err := cache.CompileKeyed(ks)
		if err != nil {
			t.Fatal(err)
		}
		if hit != (i > 0) {
			t.Errorf("execution %d: hit = %v", i, hit)
		}
		text, args, err := c.Bind(ks.Binds(), sql.Params{"who": who})
		if err != nil {
			t.Fatal(err)
		}
		if want := "SELECT users.id FROM users WHERE users.name = $1 AND users.active = $2 LIMIT $3"; text != want {
			t.Errorf("SQL = %q, want %q", text, want)
		}
		if want := []any{who, true, int64(5)}; !reflect.DeepEqual(args, want) {
			t.Errorf("args = %#v, want %#v", args, want)
		}
	}
	// A structurally equal statement built anew hits the same entry.
	if _, _, hit, err := cache.Compile(sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.Bind("who")), u.C("active").Eq(false)).Limit(9)); err != nil || !hit {
		t.Errorf("equal statement: hit = %v, err = %v", hit, err)
	}
	if st := cache.Stats(); st.Hits != 3 || st.Misses != 1 {
		t.Errorf("stats = %+v, want 3 hits and 1 miss", st)
	}
	other := sql.NewCache(qmark, 10)
	c, hit, err := other.CompileKeyed(ks)
	if err != nil || hit {
		t.Fatalf("other cache: hit = %v, err = %v", hit, err)
	}
	if want := "SELECT users.id FROM users WHERE users.name = ? AND users.active = ? LIMIT ?"; c.SQL != want {
		t.Errorf("other cache SQL = %q, want %q", c.SQL, want)
	}
	// A statement that fails to compile fails each time.
	bad := cache.KeyStatement(sql.NewSelect(), sql.CompileOptions{})
	if _, _, err := cache.CompileKeyed(bad); err == nil {
		t.Error("an empty SELECT compiled")
	}
}
