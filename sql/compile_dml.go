package sql

import (
	"fmt"
	"slices"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/types"
)

func splitDotted(s string) []string { return strings.Split(s, ".") }
func lower(s string) string         { return strings.ToLower(s) }
func upper(s string) string         { return strings.ToUpper(s) }

func typeName(d dialect.Dialect, t types.Type) (string, error) {
	return dialect.TypeNameOf(d, t)
}

// insertColumn is one column of an INSERT with the value of each row.
type insertColumn struct {
	col    *Column
	values []ColumnElement // nil entries: the column default, bound per execution
	def    *ColumnDefault
}

func (c *Compiler) writeInsert(s *Insert) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	if s.table == nil {
		c.Fail(fmt.Errorf("%w: INSERT without a table", ErrArgument))
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	top := c.depth == 1
	c.pushFrame(&frame{froms: []FromClause{s.table}})
	defer c.popFrame()

	c.WriteString("INSERT ")
	for _, p := range s.prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.WriteString("INTO ")
	c.writeTableName(s.table)

	rows := max(len(s.rows), 1)
	if len(s.rows) > 1 && !c.feat.MultiValuesInsert {
		c.NotSupported("multi-row VALUES")
		return
	}
	var cols []insertColumn
	if s.fromSelect != nil {
		for _, col := range s.cols {
			cols = append(cols, insertColumn{col: col})
		}
	} else {
		cols = c.insertColumns(s, rows)
	}
	info := &InsertInfo{Table: s.table}
	if top && s.fromSelect == nil && rows == 1 {
		c.insert = info
	}
	if len(cols) == 0 && s.fromSelect == nil {
		c.writeReturningAt(s.returning, true)
		if c.hooks.InsertDefaultValues != nil {
			c.hooks.InsertDefaultValues(c)
		} else if c.feat.DefaultValues {
			c.WriteString(" DEFAULT VALUES")
		} else {
			c.WriteString(" () VALUES ()")
		}
	} else {
		c.WriteString(" (")
		for i, ic := range cols {
			if i > 0 {
				c.WriteString(", ")
			}
			c.WriteIdentifier(ic.col.name)
		}
		c.WriteByte(')')
		c.writeReturningAt(s.returning, true)
		if s.fromSelect != nil {
			c.WriteByte(' ')
			c.writeEmbedded(s.fromSelect)
		} else {
			c.WriteString(" VALUES ")
			for r := 0; r < rows; r++ {
				if r > 0 {
					c.WriteString(", ")
				}
				c.WriteByte('(')
				for i, ic := range cols {
					if i > 0 {
						c.WriteString(", ")
					}
					mark := len(c.binds)
					if ic.values == nil || ic.values[r] == nil {
						c.writeDefaultBind(ic.col, ic.def)
					} else {
						c.Write(ic.values[r])
					}
					if r == 0 && ic.col.spec.primaryKey {
						param := -1
						if len(c.binds) == mark+1 {
							param = mark
						}
						info.PK = append(info.PK, PKSource{Column: ic.col, Param: param, Returned: -1})
					}
				}
				c.WriteByte(')')
			}
		}
	}
	if s.post != nil {
		c.Write(s.post)
	}
	returning := s.returning
	if c.insert == info {
		returning = c.completeInsertPK(info, cols, returning)
	}
	c.writeReturningAt(returning, false)
}

// insertColumns lines up an INSERT's columns in table order: the given
// ones, then columns with a default the statement does not give.
func (c *Compiler) insertColumns(s *Insert, rows int) []insertColumn {
	given := make(map[*Column]int, len(s.cols))
	for i, col := range s.cols {
		given[col] = i
	}
	var out []insertColumn
	for _, col := range s.table.columns {
		if i, ok := given[col]; ok {
			vals := make([]ColumnElement, rows)
			for r := range s.rows {
				vals[r] = s.rows[r][i]
			}
			out = append(out, insertColumn{col: col, values: vals})
			continue
		}
		if d := col.spec.def; d != nil {
			if d.Expr != nil {
				vals := make([]ColumnElement, rows)
				for r := range vals {
					vals[r] = d.Expr
				}
				out = append(out, insertColumn{col: col, values: vals})
			} else {
				out = append(out, insertColumn{col: col, def: d})
			}
		}
	}
	return out
}

// completeInsertPK decides where each primary-key column of a single-row
// INSERT comes from, adding RETURNING for a generated key where the
// dialect fetches keys that way.
func (c *Compiler) completeInsertPK(info *InsertInfo, cols []insertColumn, returning []ColumnElement) []ColumnElement {
	given := map[*Column]bool{}
	for _, ic := range cols {
		given[ic.col] = true
	}
	for _, pk := range info.Table.PrimaryKey() {
		if given[pk] {
			continue
		}
		src := PKSource{Column: pk, Param: -1, Returned: -1}
		switch {
		case c.feat.ImplicitReturning && c.feat.InsertReturning && pk.Autoincrement():
			if i := slices.IndexFunc(returning, func(e ColumnElement) bool { return e == ColumnElement(pk) }); i >= 0 {
				src.Returned = i
			} else {
				c.implicit = len(returning) == 0 || c.implicit
				returning = appendTo(returning, ColumnElement(pk))
				src.Returned = len(returning) - 1
			}
		case c.feat.LastInsertID && pk.Autoincrement():
			src.LastRowID = true
		}
		info.PK = append(info.PK, src)
	}
	// Keep PK sources in key order.
	order := map[*Column]int{}
	for i, pk := range info.Table.PrimaryKey() {
		order[pk] = i
	}
	slices.SortStableFunc(info.PK, func(a, b PKSource) int { return order[a.Column] - order[b.Column] })
	return returning
}

// writeReturningAt writes RETURNING where the dialect puts it: before the
// values (SQL Server's OUTPUT) when beforeValues, at the end otherwise.
func (c *Compiler) writeReturningAt(cols []ColumnElement, beforeValues bool) {
	if len(cols) == 0 || beforeValues {
		return
	}
	supported := false
	switch c.kind {
	case KindInsert:
		supported = c.feat.InsertReturning
	case KindUpdate:
		supported = c.feat.UpdateReturning
	case KindDelete:
		supported = c.feat.DeleteReturning
	}
	if !supported {
		c.NotSupported("RETURNING")
		return
	}
	names := exportedNames(cols)
	if c.depth == 1 {
		c.recordResultColumns(cols, names)
		c.returns = true
	}
	if c.hooks.Returning != nil {
		c.hooks.Returning(c, cols, names)
		return
	}
	c.WriteString(" RETURNING ")
	c.inSelect = true
	for i, col := range cols {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeSelectColumn(col, names[i])
	}
	c.inSelect = false
}

func (c *Compiler) writeUpdate(s *Update) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	c.pushFrame(&frame{froms: []FromClause{s.table}})
	defer c.popFrame()

	c.WriteString("UPDATE ")
	for _, p := range s.prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.writeTableName(s.table)
	c.WriteString(" SET ")
	set := map[*Column]bool{}
	n := 0
	for _, a := range s.sets {
		if a.col.from != s.table {
			c.Fail(fmt.Errorf("%w: UPDATE %s cannot set %s, a column of %s", ErrArgument, s.table.name, a.col.name, describeFrom(a.col.from)))
			return
		}
		if n > 0 {
			c.WriteString(", ")
		}
		c.WriteIdentifier(a.col.name)
		c.WriteByte('=')
		c.Write(a.value)
		set[a.col] = true
		n++
	}
	for _, col := range s.table.columns {
		d := col.spec.onUpdate
		if d == nil || set[col] {
			continue
		}
		if n > 0 {
			c.WriteString(", ")
		}
		c.WriteIdentifier(col.name)
		c.WriteByte('=')
		if d.Expr != nil {
			c.Write(d.Expr)
		} else {
			c.writeDefaultBind(col, d)
		}
		n++
	}
	if n == 0 {
		c.Fail(fmt.Errorf("%w: UPDATE %s sets no columns", ErrArgument, s.table.name))
		return
	}
	extra := c.extraFroms(s.table, s.where)
	if len(extra) > 0 {
		switch {
		case c.hooks.UpdateFrom != nil:
			c.hooks.UpdateFrom(c, extra)
		case c.feat.UpdateFrom:
			c.WriteString(" FROM ")
			for i, f := range extra {
				if i > 0 {
					c.WriteString(", ")
				}
				c.writeFrom(f)
			}
		default:
			c.NotSupported("UPDATE with other tables in WHERE (UPDATE ... FROM)")
			return
		}
	}
	c.writeWhere(s.where)
	c.writeReturningAt(s.returning, false)
}

// extraFroms returns the FROM items a DML statement's WHERE refers to
// besides its target table.
func (c *Compiler) extraFroms(target *Table, where []ColumnElement) []FromClause {
	var froms []FromClause
	seen := map[FromClause]bool{target: true}
	for _, w := range where {
		collectFroms(w, &froms, seen)
	}
	return froms
}

func (c *Compiler) writeDelete(s *Delete) {
	if s.err != nil {
		c.Fail(s.err)
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	c.pushFrame(&frame{froms: []FromClause{s.table}})
	defer c.popFrame()
	c.WriteString("DELETE ")
	for _, p := range s.prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.WriteString("FROM ")
	c.writeTableName(s.table)
	if extra := c.extraFroms(s.table, s.where); len(extra) > 0 {
		if !c.feat.DeleteUsing {
			c.NotSupported("DELETE with other tables in WHERE (DELETE ... USING)")
			return
		}
		c.WriteString(" USING ")
		for i, f := range extra {
			if i > 0 {
				c.WriteString(", ")
			}
			c.writeFrom(f)
		}
	}
	c.writeWhere(s.where)
	c.writeReturningAt(s.returning, false)
}
