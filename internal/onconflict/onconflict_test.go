package onconflict_test

import (
	"testing"

	"github.com/athanordb/athanor/internal/onconflict"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestClauses(t *testing.T) {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("n", types.Integer{}),
	)
	ins := users.Insert().Values(sql.Values{"id": 1, "name": "a"})
	excluded := users.Alias("excluded")
	with := func(cs ...*onconflict.Clause) *sql.Insert { return ins.WithPostClause(onconflict.Clauses(cs)) }
	const head = "INSERT INTO users (id, name) VALUES (:id, :name) "
	sqltest.Run(t, []sqltest.Case{
		// PostgreSQL's form, which shares the clause.
		{Name: "on constraint", Stmt: with(onconflict.DoUpdate(users, onconflict.OnConstraint("users_pkey"), sql.Values{"name": excluded.C("name")}, nil)),
			SQL: head + "ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET name = excluded.name", Params: sql.Params{"id": 1, "name": "a"}},
		{Name: "set in table order, where", Stmt: with(onconflict.DoUpdate(users, onconflict.On("id"), sql.Values{"n": 2, "name": "b"}, users.C("n").Lt(5))),
			SQL:    head + "ON CONFLICT (id) DO UPDATE SET name = :name_1, n = :n_1 WHERE users.n < :n_2",
			Params: sql.Params{"id": 1, "name": "a", "name_1": "b", "n_1": 2, "n_2": 5}},
		{Name: "do nothing", Stmt: with(onconflict.DoNothing(users, onconflict.Target{})), SQL: head + "ON CONFLICT DO NOTHING", Params: sql.Params{"id": 1, "name": "a"}},
		{Name: "no table", Stmt: with(onconflict.DoNothing(nil, onconflict.On("id"))), Err: sql.ErrArgument},
	})
	if !(onconflict.Target{}).IsZero() || onconflict.On("id").IsZero() {
		t.Fatal("IsZero")
	}
	c := onconflict.DoUpdate(users, onconflict.On("id"), sql.Values{"n": 1}, nil)
	if !c.HasTarget() || !c.IsUpdate() || c.Err() != nil {
		t.Fatal("clause accessors")
	}
}
