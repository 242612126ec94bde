package oracle

import (
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Joins without JOIN, for Oracle 8 (Options.NonANSIJoins, SQLAlchemy's
// use_ansi=False): a join's tables are listed in FROM and its conditions
// added to WHERE, after the SELECT's own; the columns of an outer join's
// right side in its condition are marked (+):
//
//	SELECT ... FROM mytable, myothertable
//	WHERE mytable.myid = myothertable.otherid(+)

// nonANSIJoins returns s with its joins flattened, or nil when it has
// none.
func nonANSIJoins(c *athsql.Compiler, s *athsql.Select) athsql.SelectStatement {
	froms := s.Froms()
	hasJoin := false
	for _, f := range froms {
		if _, ok := f.(*athsql.Join); ok {
			hasJoin = true
			break
		}
	}
	if !hasJoin {
		return nil
	}
	var flat []athsql.FromClause
	var conds []athsql.ColumnElement
	for _, f := range froms {
		j, ok := f.(*athsql.Join)
		if !ok {
			flat = append(flat, f)
			continue
		}
		flat = append(flat, joinLeaves(j)...)
		if !joinConditions(c, j, &conds) {
			return nil
		}
	}
	return s.WithFroms(flat...).Where(conds...)
}

// joinLeaves lists the tables (aliases, subqueries) of a join, left to
// right.
func joinLeaves(f athsql.FromClause) []athsql.FromClause {
	j, ok := f.(*athsql.Join)
	if !ok {
		return []athsql.FromClause{f}
	}
	return append(joinLeaves(j.Left()), joinLeaves(j.Right())...)
}

// joinConditions appends a join's condition, then those of the joins on
// its left and right, as SQLAlchemy orders them. It reports false (having
// failed c) for what Oracle 8 cannot write.
func joinConditions(c *athsql.Compiler, j *athsql.Join, conds *[]athsql.ColumnElement) bool {
	if err := j.Err(); err != nil {
		c.Fail(err)
		return false
	}
	if j.IsFull() {
		c.NotSupported("FULL OUTER JOIN without ANSI joins")
		return false
	}
	if on := j.OnClause(); on != nil {
		if j.IsOuter() {
			if g, ok := on.(athsql.Grouper); ok {
				on = g.SelfGroup(athsql.OpAnd)
			}
			on = &outerJoinCondition{cond: on, right: joinLeaves(j.Right())}
		}
		*conds = append(*conds, on)
	}
	for _, side := range []athsql.FromClause{j.Left(), j.Right()} {
		if inner, ok := side.(*athsql.Join); ok && !joinConditions(c, inner, conds) {
			return false
		}
	}
	return true
}

// outerJoinCondition is an outer join's condition in WHERE: the columns
// of the join's right side written with (+).
type outerJoinCondition struct {
	cond  athsql.ColumnElement
	right []athsql.FromClause
}

func (o *outerJoinCondition) Type() types.Type { return types.Boolean{} }

func (o *outerJoinCondition) WriteSQL(c *athsql.Compiler) { o.writeWith(c, o.right) }

// writeWith writes the condition with a (+) writer for each of froms.
func (o *outerJoinCondition) writeWith(c *athsql.Compiler, froms []athsql.FromClause) {
	if len(froms) == 0 {
		c.WriteCondition(o.cond)
		return
	}
	c.WithColumnWriter(froms[0], writePlus, func() { o.writeWith(c, froms[1:]) })
}

// writePlus writes a column as it is, then (+).
func writePlus(c *athsql.Compiler, col *athsql.Column) {
	c.WithColumnWriter(col.From(), nil, func() { c.Write(col) })
	c.WriteString("(+)")
}

func (o *outerJoinCondition) WriteCacheKey(k *athsql.CacheKey) {
	k.Custom("oracle.outerJoinCondition")
	k.Element(o.cond)
}

// Children implements sql.Walker.
func (o *outerJoinCondition) Children() []athsql.Element { return []athsql.Element{o.cond} }
