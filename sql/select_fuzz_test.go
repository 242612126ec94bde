package sql_test

import (
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
)

// FuzzSelectStructure builds SELECTs from the fuzzer's bytes, one builder
// call per byte, and compiles them: compiling must never panic, and an
// error must be one of the package's.
func FuzzSelectStructure(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3})
	f.Add([]byte{4, 5, 6, 7, 8, 9})
	f.Add([]byte{10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte{17, 18, 19, 20, 21, 22, 23, 24})
	s := newSelSchema()
	tables := []*sql.Table{s.users, s.addresses, s.orders, s.items, s.employees, s.nofk}
	dialects := []dialect.Dialect{dialect.Generic, sqlite.New()}
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 64 {
			ops = ops[:64]
		}
		var stack []sql.SelectStatement
		cur := sql.NewSelect(s.users.C("id"))
		var from sql.FromClause = s.users
		for i, op := range ops {
			tb := tables[int(op)%len(tables)]
			col := tb.Columns()[int(op)%len(tb.Columns())]
			switch op % 25 {
			case 0:
				cur = cur.AddColumns(col)
			case 1:
				cur = cur.Where(col.Eq(i))
			case 2:
				cur = cur.Join(tb)
			case 3:
				cur = cur.OuterJoin(tb, col.Eq(i))
			case 4:
				cur = cur.JoinFrom(from, tb)
			case 5:
				from = cur.Subquery("")
				cur = sql.NewSelect(from)
			case 6:
				a := tb.Alias("")
				from = a
				cur = cur.AddColumns(a.C(col.Key()))
			case 7:
				cur = cur.Where(sql.NewSelect(col).Where(col.Eq(s.users.C("id"))).Exists())
			case 8:
				cur = cur.AddColumns(sql.NewSelect(sql.Func("count")).SelectFrom(tb).Where(col.Eq(s.users.C("id"))).Label("n"))
			case 9:
				cur = cur.Correlate(tb)
			case 10:
				cur = cur.CorrelateExcept(tb)
			case 11:
				cur = cur.OrderBy(col.Desc().NullsLast())
			case 12:
				cur = cur.GroupBy(col).Having(sql.Func("count").Gt(i))
			case 13:
				cur = cur.Limit(int64(i)).Offset(int64(op))
			case 14:
				cur = cur.FetchFirst(int64(i), op%2 == 0, false)
			case 15:
				c := cur.CTE("")
				from = c
				cur = sql.NewSelect(c)
			case 16:
				c := sql.NewSelect(col.Label("n")).RecursiveCTE("r")
				c = c.UnionAll(sql.NewSelect(c.C("n")).Where(c.C("n").Lt(i)))
				from = c
				cur = cur.AddColumns(c.C("n"))
			case 17:
				stack = append(stack, cur)
				cur = sql.NewSelect(col)
			case 18:
				if len(stack) > 0 {
					u := sql.Union(stack[len(stack)-1], cur)
					stack = stack[:len(stack)-1]
					cur = sql.NewSelect(u.Subquery(""))
				}
			case 19:
				cur = cur.SelectFrom(from)
			case 20:
				cur = cur.Where(col.In(sql.NewSelect(col)))
			case 21:
				cur = cur.Distinct()
			case 22:
				cur = cur.FullOuterJoin(tb)
			case 23:
				cur = cur.WithOnlyColumns(from)
			case 24:
				from = cur.Lateral("")
				cur = cur.SelectFrom(from)
			}
		}
		stmts := []sql.Element{cur}
		for _, m := range stack {
			stmts = append(stmts, sql.UnionAll(m, cur), sql.Except(cur, m).OrderBy(s.users.C("id")).Limit(3))
		}
		for _, st := range stmts {
			for _, d := range dialects {
				_, err := sql.Compile(st, d)
				if err != nil && !errors.Is(err, sql.ErrCompile) {
					t.Fatalf("an error that is not a compile error: %v", err)
				}
			}
		}
	})
}
