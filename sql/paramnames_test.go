package sql_test

import (
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// TestParamNamesOutliveCompiler: generated parameter names are made in
// a buffer the pooled compiler reuses; those of a Compiled must stay as
// they were while other statements compile.
func TestParamNamesOutliveCompiler(t *testing.T) {
	u, o := benchUsers, benchOrders
	for _, d := range []dialect.Dialect{qmark, dollar, dialect.Generic} {
		first, err := sql.Compile(buildSelect(3, "paid", 10), d)
		if err != nil {
			t.Fatal(err)
		}
		wantSQL := strings.Clone(first.SQL)
		var want []string
		for _, p := range first.Params {
			want = append(want, strings.Clone(p.Name))
		}
		if strings.Join(want, ",") != "active_1,total_1,status_1,param_1" {
			t.Fatalf("%s: names %v", d.Name(), want)
		}
		for i := range 50 {
			other := sql.NewSelect(o.C("id")).Where(o.C("user_id").Eq(i), u.C("name").Ne("xxxxxxxxxxxxxxxx"), o.C("total").Between(1, 2)).Limit(int64(i))
			if _, err := sql.Compile(other, d); err != nil {
				t.Fatal(err)
			}
		}
		for i, p := range first.Params {
			if p.Name != want[i] {
				t.Fatalf("%s: parameter %d is now named %q, was %q", d.Name(), i, p.Name, want[i])
			}
		}
		if first.SQL != wantSQL {
			t.Fatalf("%s: SQL is now %s, was %s", d.Name(), first.SQL, wantSQL)
		}
	}
}
