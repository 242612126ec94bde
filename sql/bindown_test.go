package sql_test

import (
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// BindOwn gives what Bind(BindsOf(stmt)) gives, for every kind of
// parameter: anonymous, user-named (and given at execution), one bind
// used twice, expanding lists (empty too), LIMIT.
func TestBindOwnMatchesBindsOf(t *testing.T) {
	u, o := benchUsers, benchOrders
	shared := sql.Literal(7, types.Integer{})
	cases := []struct {
		name   string
		stmt   sql.Element
		params sql.Params
	}{
		{"bench select", buildSelect(3, "paid", 10), nil},
		{"no parameters", sql.NewSelect(u.C("id")), nil},
		{"user named", sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.Bind("who")), u.C("id").Gt(5)), sql.Params{"who": "ann"}},
		{"one bind twice", sql.NewSelect(o.C("id")).Where(o.C("total").Gt(shared), o.C("user_id").Lt(shared)), nil},
		{"expanding", sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.Bind("ids").Expanding()), u.C("name").Eq("x")), sql.Params{"ids": []int64{1, 2, 3}}},
		{"expanding empty", sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.Bind("ids").Expanding())), sql.Params{"ids": []int64{}}},
		{"update", sql.NewUpdate(benchOrders).Values(sql.Values{"status": "x", "total": 4}).Where(o.C("id").Eq(9)), nil},
	}
	for _, tc := range cases {
		for _, d := range []dialect.Dialect{qmark, dollar, numeric, dialect.Generic} {
			c, err := sql.Compile(tc.stmt, d)
			if err != nil {
				t.Fatalf("%s/%s: %v", tc.name, d.Name(), err)
			}
			wantSQL, wantArgs, wantErr := c.Bind(sql.BindsOf(tc.stmt), tc.params)
			gotSQL, gotArgs, gotErr := c.BindOwn(tc.params)
			if gotSQL != wantSQL || !reflect.DeepEqual(gotArgs, wantArgs) || (gotErr == nil) != (wantErr == nil) {
				t.Errorf("%s/%s: BindOwn = %q %v %v, want %q %v %v", tc.name, d.Name(), gotSQL, gotArgs, gotErr, wantSQL, wantArgs, wantErr)
			}
		}
	}
}
