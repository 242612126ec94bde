package sql_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// lazyKeyStatements are statements of many shapes: generated ones of
// every kind (exprGen), and hand-written ones with the parameters the
// generator does not make (a bind used twice, user names shared by two
// binds, CTEs, LIMIT and OFFSET, expanding lists, defaults).
func lazyKeyStatements() []sql.Element {
	var out []sql.Element
	r := rand.New(rand.NewPCG(1, 2))
	for range 600 {
		data := make([]byte, 4+r.IntN(40))
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		g := &exprGen{data: data}
		out = append(out, g.anyStatement())
	}
	u, o := benchUsers, benchOrders
	shared := sql.Literal(7, types.Integer{})
	cte := sql.NewSelect(o.C("user_id")).Where(o.C("total").Gt(100), o.C("status").Eq(sql.Bind("st"))).CTE("big")
	sq := sql.NewSelect(o.C("user_id"), o.C("total")).Where(o.C("status").Eq("x")).Subquery("s")
	out = append(out,
		buildSelect(3, "paid", 10),
		sql.NewSelect(u.C("id")).Where(u.C("name").Eq(sql.Bind("who").WithValue("a")), u.C("email").Eq(sql.Bind("who").WithValue("b"))),
		sql.NewSelect(o.C("id")).Where(o.C("total").Gt(shared), o.C("user_id").Lt(shared)).Limit(3).Offset(4),
		sql.NewSelect(u.C("id"), cte.C("user_id")).Join(cte, cte.C("user_id").Eq(u.C("id"))).Where(u.C("name").Eq(sql.Bind("st"))),
		sql.NewSelect(u.C("id"), sq.C("total")).Join(sq, sq.C("user_id").Eq(u.C("id"))).Where(sq.C("total").Gt(5)).OrderBy(sq.C("total")).Limit(2),
		sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.Bind("ids").Expanding()), u.C("name").Eq("x")),
		sql.NewSelect(u.C("id")).Where(u.C("id").In(sql.NewSelect(o.C("user_id")).Where(o.C("total").Gt(9)))).Limit(1),
		sql.NewUpdate(o).Values(sql.Values{"status": "x", "total": 4}).Where(o.C("id").Eq(9)),
		sql.NewInsert(u).Values(sql.Values{"id": 1, "name": "n"}, sql.Values{"id": 2, "name": "m"}),
		u.Delete().Where(u.C("id").Eq(3)).Returning(u.C("id")),
		sql.Union(sql.NewSelect(u.C("id")).Where(u.C("id").Gt(1)), sql.NewSelect(o.C("id")).Where(o.C("id").Lt(2))).Limit(5),
	)
	return out
}

var lazyKeyParams = sql.Params{"who": "z", "st": "open", "ids": []int64{1, 2}}

// TestLazyKeysMatchKeyWalk: Compile, which does not walk the statement
// for its cache key, gives the same SQL and parameters as a compilation
// with the key, its parameters find the key positions the key walk
// gives, and every way of binding gives the same text and arguments.
func TestLazyKeysMatchKeyWalk(t *testing.T) {
	dialects := []dialect.Dialect{dialect.Generic, qmark, dollar, numeric, atp,
		sqlite.New(), postgres.New(), mysql.New(), mssql.New(), oracle.New(),
		mssql.New(mssql.Options{Version: 10}), oracle.New(oracle.Options{NonANSIJoins: true, RownumLimits: true})}
	params := sql.Params{}
	for k, v := range genParams {
		params[k] = v
	}
	for k, v := range lazyKeyParams {
		params[k] = v
	}
	compiled := 0
	for i, stmt := range lazyKeyStatements() {
		for _, d := range dialects {
			name := fmt.Sprintf("#%d/%s", i, d.Name())
			lazy, err := sql.Compile(stmt, d)
			cache := sql.NewCache(d, 0)
			eager, k, _, eagerErr := cache.Compile(stmt)
			if (err == nil) != (eagerErr == nil) {
				t.Fatalf("%s: Compile error %v, with the key %v", name, err, eagerErr)
			}
			if err != nil {
				continue
			}
			compiled++
			if lazy.SQL != eager.SQL || len(lazy.Params) != len(eager.Params) {
				t.Fatalf("%s: SQL differs:\n%s\n%s", name, lazy.SQL, eager.SQL)
			}
			if got, want := sql.ParamKeys(lazy), sql.ParamKeys(eager); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: key positions %v, the key walk gives %v\n%s", name, got, want, lazy.SQL)
			}
			type bound struct {
				text string
				args []any
				err  bool
			}
			bind := func(text string, args []any, err error) bound { return bound{text, args, err != nil} }
			want := bind(eager.Bind(k.Binds(), params))
			for what, got := range map[string]bound{
				"Bind(BindsOf)": bind(lazy.Bind(sql.BindsOf(stmt), params)),
				"BindOwn":       bind(lazy.BindOwn(params)),
				"eager BindOwn": bind(eager.BindOwn(params)),
			} {
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: %s = %v, want %v", name, what, got, want)
				}
			}
			k.Release()
		}
	}
	if compiled < 1000 {
		t.Fatalf("only %d compilations succeeded", compiled)
	}
}

// TestLazyKeysConcurrentBind: goroutines binding one Compiled from
// Compile at once find its key positions together (run with -race).
func TestLazyKeysConcurrentBind(t *testing.T) {
	stmt := buildSelect(3, "paid", 10)
	c, err := sql.Compile(stmt, dollar)
	if err != nil {
		t.Fatal(err)
	}
	wantText, wantArgs, err := c.BindOwn(nil)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			text, args, err := c.Bind(sql.BindsOf(stmt), nil)
			if err == nil && (text != wantText || !reflect.DeepEqual(args, wantArgs)) {
				err = fmt.Errorf("got %s %v, want %s %v", text, args, wantText, wantArgs)
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
}
