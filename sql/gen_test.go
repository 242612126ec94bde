package sql_test

import (
	"fmt"
	"strconv"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// exprGen builds expression trees from a byte string: each choice takes
// the next byte (0 when they run out), so a fuzzer's input maps to a
// tree and random bytes give random trees.
//
// Every value it binds carries valueMark (strings) or is at least
// valueFloor (integers), so that a test can check that no value reaches
// the SQL text.
type exprGen struct {
	data   []byte
	pos    int
	n      int                 // values made so far
	made   []sql.ColumnElement // expressions made, to use again
	froms  []*sql.Subquery     // anonymous subqueries made, to use again
	values []string            // the values bound, as text
}

const (
	valueMark  = "ZQX"
	valueFloor = 7_000_000_000
)

var (
	genTable = sql.NewTable("gt",
		sql.NewColumn("id", types.Integer{}),
		sql.NewColumn("name", types.String{Length: 20}),
		sql.NewColumn("Score", types.Numeric{Precision: 8, Scale: 2}),
		sql.NewColumn("select", types.Boolean{}),
		sql.NewColumn("at", types.DateTime{}),
	)
	genOther = sql.NewTable("go2", sql.NewColumn("gid", types.Integer{}), sql.NewColumn("label", types.Text{}))
)

func (g *exprGen) next() int {
	if g.pos >= len(g.data) {
		return 0
	}
	b := g.data[g.pos]
	g.pos++
	return int(b)
}

func (g *exprGen) pick(n int) int { return g.next() % n }

// value returns a Go value: a marked string (with quotes, NUL bytes and
// LIKE wildcards from the input) or a large integer.
func (g *exprGen) value() any {
	g.n++
	var v any
	switch g.pick(3) {
	case 0:
		s := valueMark
		for range g.pick(4) {
			const special = "'\"%_/\\\x00;-"
			s += string(special[g.pick(len(special))])
		}
		v = s + strconv.Itoa(g.n)
	case 1:
		v = valueFloor + g.next()*1000 + g.n
	default:
		v = float64(valueFloor) + float64(g.next()) + 0.5
	}
	g.values = append(g.values, fmt.Sprint(v))
	return v
}

func (g *exprGen) column() *sql.Column {
	cols := append(genTable.Columns(), genOther.Columns()...)
	return cols[g.pick(len(cols))]
}

// scalar returns a value-yielding expression: sometimes one made before,
// so that one object appears twice in a statement.
func (g *exprGen) scalar(depth int) sql.ColumnElement {
	if len(g.made) > 0 && g.pick(4) == 0 {
		return g.made[g.pick(len(g.made))]
	}
	e := g.newScalar(depth)
	g.made = append(g.made, e)
	return e
}

// subquery returns an anonymous subquery, sometimes one made before.
func (g *exprGen) subquery() *sql.Subquery {
	if len(g.froms) > 0 && g.pick(2) == 0 {
		return g.froms[g.pick(len(g.froms))]
	}
	sq := sql.NewSelect(genOther.C("gid")).Where(genOther.C("gid").Gt(g.value())).Subquery("")
	g.froms = append(g.froms, sq)
	return sq
}

func (g *exprGen) newScalar(depth int) sql.ColumnElement {
	if depth <= 0 {
		if g.pick(2) == 0 {
			return g.column()
		}
		return sql.Literal(g.value())
	}
	c := g.column()
	switch g.pick(15) {
	case 13:
		return sql.Ops(g.scalar(depth-1)).RegexpReplace(g.value(), g.scalar(depth-1), []string{"g", "i'"}[:g.pick(2)]...)
	case 14:
		return sql.Extract([]string{"year", "second", "doy", "quarter"}[g.pick(4)], g.scalar(depth-1))
	case 0:
		return c.Add(g.value())
	case 1:
		return sql.Ops(g.scalar(depth - 1)).Sub(g.scalar(depth - 1))
	case 2:
		return sql.Ops(g.scalar(depth - 1)).Mul(g.value())
	case 3:
		return sql.Ops(g.scalar(depth - 1)).Neg()
	case 4:
		return c.Concat(g.value())
	case 5:
		return sql.Func([]string{"coalesce", "lower", "count", "max", "my fn"}[g.pick(5)], g.scalar(depth-1), g.value())
	case 6:
		return sql.NewCase(sql.When{Cond: g.cond(depth - 1), Result: g.value()}).Else(g.scalar(depth - 1))
	case 7:
		return sql.NewCast(g.scalar(depth-1), []types.Type{types.Integer{}, types.String{Length: 5}, types.Text{}}[g.pick(3)])
	case 8:
		return sql.Coerce(g.scalar(depth-1), types.Integer{})
	case 9:
		return sql.Ops(g.scalar(depth - 1)).Label("l" + strconv.Itoa(g.pick(3)))
	case 10:
		return sql.NewSelect(genOther.C("gid")).Where(genOther.C("gid").Eq(g.value())).Limit(int64(g.pick(4))).ScalarSubquery()
	case 11:
		return g.subquery().C("gid")
	}
	return sql.Func("sum", c).Over(sql.Window{PartitionBy: []sql.ColumnElement{g.column()},
		Rows: &sql.Frame{Start: sql.Preceding(int64(g.pick(3))), End: sql.CurrentRow}})
}

// cond returns a boolean expression.
func (g *exprGen) cond(depth int) sql.ColumnElement {
	c := g.column()
	if depth <= 0 {
		return c.Eq(g.value())
	}
	switch g.pick(20) {
	case 18:
		m := sql.Ops(g.scalar(depth-1)).RegexpMatch(g.value(), []string{"i", "ig"}[:g.pick(3)]...)
		if g.pick(2) == 0 {
			return sql.Not(m)
		}
		return m
	case 19:
		return sql.Ops(c).Match(g.value())
	case 0:
		return sql.Ops(g.scalar(depth - 1)).Eq(g.value())
	case 1:
		return sql.Ops(g.scalar(depth - 1)).Lt(g.scalar(depth - 1))
	case 2:
		return c.Eq(nil)
	case 3:
		vals := make([]any, g.pick(4))
		for i := range vals {
			vals[i] = g.value()
		}
		return c.In(vals...)
	case 4:
		return c.NotIn(sql.Bind("list" + strconv.Itoa(g.pick(2))).Expanding())
	case 5:
		return c.Between(g.value(), g.value())
	case 6:
		return []func(any) *sql.BinaryExpression{c.Like, c.StartsWith, c.EndsWith, c.Contains, c.IContains, c.ILike}[g.pick(6)](g.value())
	case 7:
		return sql.And(g.cond(depth-1), g.cond(depth-1))
	case 8:
		return sql.Or(g.cond(depth-1), g.cond(depth-1), g.cond(depth-1))
	case 9:
		return sql.Not(g.cond(depth - 1))
	case 10:
		return sql.NewTuple(c, g.column()).In([]any{g.value(), g.value()})
	case 11:
		return c.In(sql.NewSelect(genOther.C("gid")).Where(g.cond(depth - 1)))
	case 12:
		return sql.Exists(sql.NewSelect(genOther.C("gid")).Where(genOther.C("gid").Eq(genTable.C("id")), g.cond(depth-1)))
	case 13:
		return sql.Text("gt.id > :p" + strconv.Itoa(g.pick(3)))
	case 14:
		return c.Eq(sql.Bind("b" + strconv.Itoa(g.pick(3))))
	case 15:
		return []sql.ColumnElement{sql.True(), sql.False(), sql.And(), sql.Or()}[g.pick(4)]
	case 16:
		return sql.Ops(sql.Func("count", c).Filter(g.cond(depth - 1))).Gt(g.value())
	}
	return c.In()
}

// statement returns a SELECT built from the input.
func (g *exprGen) statement() *sql.Select {
	depth := 1 + g.pick(3)
	s := sql.NewSelect(genTable.C("id"), g.scalar(depth)).Where(g.cond(depth))
	if g.pick(2) == 0 {
		s = s.OrderBy(genTable.C("name").Desc())
	}
	return s
}

// genParams are values for the named parameters statements may hold.
var genParams = sql.Params{
	"list0": []int{valueFloor + 1, valueFloor + 2}, "list1": []int{},
	"p0": valueFloor + 3, "p1": valueFloor + 4, "p2": valueFloor + 5,
	"b0": valueFloor + 6, "b1": valueMark + "'b1", "b2": nil,
}

// anyStatement returns a statement of any kind built from the input: a
// SELECT with joins, a CTE or a UNION, an INSERT of rows or from a
// SELECT, an UPDATE or a DELETE, some with RETURNING.
func (g *exprGen) anyStatement() sql.Element {
	depth := 1 + g.pick(3)
	switch g.pick(9) {
	case 0:
		return g.statement()
	case 1: // a join, inner or outer
		s := sql.NewSelect(genTable.C("id"), genOther.C("label"), g.scalar(depth))
		on := genOther.C("gid").Eq(genTable.C("id"))
		if g.pick(2) == 0 {
			s = s.SelectFrom(genTable).Join(genOther, sql.And(on, g.cond(depth-1)))
		} else {
			s = s.SelectFrom(genTable).OuterJoin(genOther, on)
		}
		return s.Where(g.cond(depth)).Limit(int64(1 + g.pick(5)))
	case 2: // a CTE
		c := sql.NewSelect(genTable.C("id"), genTable.C("name")).Where(g.cond(depth)).CTE("c" + strconv.Itoa(g.pick(2)))
		return sql.NewSelect(c.C("id"), sql.Ops(c.C("name")).Concat(g.value())).Where(c.C("id").Gt(g.value()))
	case 3: // a UNION of two selects
		a := sql.NewSelect(genTable.C("id")).Where(g.cond(depth))
		b := sql.NewSelect(genOther.C("gid")).Where(g.cond(depth))
		return sql.Union(a, b).OrderBy(genTable.C("id"))
	case 4: // INSERT of one or more rows
		rows := make([]sql.Values, 1+g.pick(3))
		for i := range rows {
			rows[i] = sql.Values{"id": g.value(), "name": g.value(), "Score": g.value()}
		}
		ins := genTable.Insert().Values(rows...)
		if g.pick(2) == 0 {
			return ins.Returning(genTable.C("id"))
		}
		return ins
	case 5: // INSERT ... SELECT
		return genOther.Insert().FromSelect([]*sql.Column{genOther.C("gid"), genOther.C("label")},
			sql.NewSelect(genTable.C("id"), sql.Literal(g.value())).Where(g.cond(depth)))
	case 6: // UPDATE
		up := genTable.Update().Values(sql.Values{"name": g.value(), "id": genTable.C("id").Add(g.value())}).Where(g.cond(depth))
		if g.pick(2) == 0 {
			return up.Returning(genTable.C("id"), g.scalar(depth-1))
		}
		return up
	case 7: // DELETE
		del := genTable.Delete().Where(g.cond(depth))
		if g.pick(2) == 0 {
			return del.Returning(genTable.C("id"))
		}
		return del
	}
	// a subquery in FROM, with functions and operators
	sq := sql.NewSelect(genTable.C("id"), sql.Func("coalesce", genTable.C("name"), g.value()).Label("nm")).Where(g.cond(depth)).Subquery("s")
	return sql.NewSelect(sq.C("id"), sql.Ops(sq.C("nm")).Concat(g.value())).Where(sq.C("id").In(g.value(), g.value()))
}
