package sql

import (
	"fmt"
	"slices"
	"strconv"
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
	values []ColumnElement // nil: the column default, bound per execution
	def    *ColumnDefault
}

// DML value parameters are named after their column, as SQLAlchemy names
// them: :name in a one-row INSERT or an UPDATE, :name_m0, :name_m1 in the
// rows of a multi-row INSERT. User-named parameters keep their names, and
// a column name already taken falls back to anonymous numbering.

// reserveUserNames marks the names of the user's bind parameters in e as
// taken, so that no generated name collides with them.
func (c *Compiler) reserveUserNames(elems ...Element) {
	for _, e := range elems {
		Walk(e, func(el Element) bool {
			if b, ok := el.(*BindParam); ok && b.named {
				c.used.set(b.name, true)
			}
			return true
		})
	}
}

// nameValue names an anonymous bind parameter that is a column's value.
func (c *Compiler) nameValue(e ColumnElement, col *Column, row int, multi bool) {
	b, ok := e.(*BindParam)
	if !ok || b.named {
		return
	}
	if _, named := c.bindName.get(b); named {
		return
	}
	name := col.key
	if multi {
		name += "_m" + strconv.Itoa(row)
	}
	if _, taken := c.used.get(name); taken || c.generatedName(name) {
		return
	}
	c.used.put(name, true)
	c.bindName.put(b, name)
}

// writeColumnDefault writes a placeholder for a column default the
// compiler added, whose value is taken at each execution (a function is
// called for each row).
func (c *Compiler) writeColumnDefault(col *Column, d *ColumnDefault, row int, multi bool) {
	if c.literal {
		if d.Func != nil {
			c.writeLiteral(d.Func())
		} else {
			c.writeLiteral(d.Value)
		}
		return
	}
	b := &BindParam{name: col.key, typ: col.typ}
	b.self = b
	c.nameValue(b, col, row, multi)
	c.writeMarker(bindRef{b: b, name: c.nameFor(b), keyIndex: -1, def: d})
}

func (c *Compiler) writeInsert(s *Insert) {
	if err := s.rare().err; err != nil {
		c.Fail(err)
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
	c.reserveUserNames(s, s.post)

	c.WriteString("INSERT ")
	for _, p := range s.rare().prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.WriteString("INTO ")
	c.writeTableName(s.table)
	defer c.restoreHints(c.useHints(s.rare().hints))
	c.writeHint(s.table)

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
	if top && c.hooks.InsertAround != nil {
		given := make([]*Column, len(cols))
		for i, ic := range cols {
			given[i] = ic.col
		}
		c.around[0], c.around[1] = c.hooks.InsertAround(c, s.table, given)
	}
	info := &InsertInfo{Table: s.table}
	if top && s.fromSelect == nil && rows == 1 {
		c.insert = info
	}
	var before int // where RETURNING goes with ReturningBeforeValues
	switch {
	case len(cols) == 0 && s.fromSelect == nil:
		if rows > 1 {
			c.Fail(fmt.Errorf("%w: a multi-row INSERT with no columns", ErrArgument))
			return
		}
		before = len(c.buf)
		c.writeEmptyInsert(s.table)
	case s.fromSelect != nil:
		c.writeInsertColumns(cols)
		before = len(c.buf)
		c.WriteByte(' ')
		c.nameSelectDefaults(s)
		c.writeEmbedded(s.fromSelect)
	default:
		c.writeInsertColumns(cols)
		before = len(c.buf)
		c.writeInsertValues(cols, rows, info)
	}
	if s.post != nil {
		c.WriteByte(' ')
		c.Write(s.post)
	}
	returning := s.returning
	if c.insert == info {
		returning = c.completeInsertPK(info, cols, s)
	}
	c.writeReturningAt(KindInsert, s.table, returning, before)
}

func (c *Compiler) writeInsertColumns(cols []insertColumn) {
	c.WriteString(" (")
	for i, ic := range cols {
		if i > 0 {
			c.WriteString(", ")
		}
		c.WriteIdentifier(ic.col.name)
	}
	c.WriteByte(')')
}

// writeInsertValues writes the VALUES rows, and records where a one-row
// INSERT's primary-key values come from.
func (c *Compiler) writeInsertValues(cols []insertColumn, rows int, info *InsertInfo) {
	multi := rows > 1
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
				c.writeColumnDefault(ic.col, ic.def, r, multi)
			} else {
				c.nameValue(ic.values[r], ic.col, r, multi)
				c.Write(ic.values[r])
			}
			if r == 0 && !multi && ic.col.spec.primaryKey {
				param := -1
				if _, isBind := valueOf(ic); isBind && len(c.binds) == mark+1 {
					param = mark
				}
				info.PK = append(info.PK, PKSource{Column: ic.col, Param: param, Returned: -1})
			}
		}
		c.WriteByte(')')
	}
}

// valueOf returns a column's value in the first row and whether it is a
// single bound parameter (or a default bound per execution).
func valueOf(ic insertColumn) (ColumnElement, bool) {
	if ic.values == nil || ic.values[0] == nil {
		return nil, true
	}
	_, ok := ic.values[0].(*BindParam)
	return ic.values[0], ok
}

// nameSelectDefaults names the parameters of the defaults FromSelect
// appended to the SELECT after their columns.
func (c *Compiler) nameSelectDefaults(s *Insert) {
	if s.selDefault == 0 {
		return
	}
	sel, ok := s.fromSelect.(*Select)
	if !ok {
		return
	}
	n := int(s.selDefault)
	vals := sel.columns[len(sel.columns)-n:]
	cols := s.cols[len(s.cols)-n:]
	for i, v := range vals {
		c.nameValue(v, cols[i], 0, false)
	}
}

// writeEmptyInsert writes the VALUES part of an INSERT that gives no
// column a value.
func (c *Compiler) writeEmptyInsert(t *Table) {
	switch {
	case c.hooks.InsertDefaultValues != nil:
		c.hooks.InsertDefaultValues(c)
	case c.feat.DefaultValues:
		c.WriteString(" DEFAULT VALUES")
	case c.feat.EmptyValuesInsert:
		c.WriteString(" () VALUES ()")
	case t.autoinc != nil:
		c.WriteString(" (")
		c.WriteIdentifier(t.autoinc.name)
		c.WriteString(") VALUES (DEFAULT)")
	default:
		c.NotSupported("INSERT with no values")
	}
}

// insertColumns lines up an INSERT's columns in table order: the given
// ones, and columns with a default the statement does not give.
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
				vals[r] = elemAt(s.rows[r], i)
				if vals[r] == nil {
					// A plain value kept in the statement's block.
					vals[r] = s.cells.elem(r*len(s.cols) + i)
				}
			}
			out = append(out, insertColumn{col: col, values: vals})
			continue
		}
		if d := col.spec.def; d != nil && !c.omitsDefault(d) {
			if d.Expr != nil {
				vals := make([]ColumnElement, rows)
				for r := range vals {
					vals[r] = valueGroup(d.Expr)
				}
				out = append(out, insertColumn{col: col, values: vals})
			} else {
				out = append(out, insertColumn{col: col, def: d})
			}
		}
	}
	return out
}

// completeInsertPK decides where each primary-key column of a one-row
// INSERT comes from: the value given, a RETURNING column (the user's, or
// one added where the dialect fetches generated keys that way), or the
// driver's LastInsertId. It returns the RETURNING list to write.
func (c *Compiler) completeInsertPK(info *InsertInfo, cols []insertColumn, s *Insert) []ColumnElement {
	returning := s.returning
	byCol := map[*Column]insertColumn{}
	for _, ic := range cols {
		byCol[ic.col] = ic
	}
	implicit := c.feat.ImplicitReturning && c.feat.InsertReturning && len(s.returning) == 0
	// Where generated keys come from LastInsertId, a key computed by an
	// expression (a sequence's next value, a subquery) is not among them:
	// only RETURNING can tell it.
	exprReturn := implicit || c.feat.LastInsertID && c.feat.InsertReturning && len(s.returning) == 0
	var sources []PKSource
	for _, pk := range info.Table.PrimaryKey() {
		if i := slices.IndexFunc(info.PK, func(p PKSource) bool { return p.Column == pk }); i >= 0 {
			src := info.PK[i]
			if _, isBind := valueOf(byCol[pk]); !isBind && exprReturn {
				// An expression: the database computes it; fetch it back.
				returning = appendTo(returning, ColumnElement(pk))
				src.Returned = len(returning) - 1
			}
			sources = append(sources, src)
			continue
		}
		src := PKSource{Column: pk, Param: -1, Returned: -1}
		generated := pk.Autoincrement() || pk.spec.serverDefault != nil
		switch {
		case len(s.returning) > 0 && slices.Contains(s.returning, ColumnElement(pk)):
			src.Returned = slices.Index(s.returning, ColumnElement(pk))
		case implicit && generated:
			returning = appendTo(returning, ColumnElement(pk))
			src.Returned = len(returning) - 1
		case c.feat.LastInsertID && pk.Autoincrement() && s.post == nil:
			// After an upsert LastInsertId tells nothing reliable: a
			// conflict leaves it at an earlier row's id.
			src.LastRowID = true
		}
		sources = append(sources, src)
	}
	if len(returning) > len(s.returning) {
		c.implicit = true
	}
	info.PK = sources
	return returning
}

// WriteReturning writes the RETURNING clause of a dialect's own DML
// statement (SQL Server's MERGE) at the end of its text, as the dialect
// writes RETURNING (Hooks.Returning), and makes cols the result columns
// when the statement is the one compiled. kind says which feature flag
// allows it (InsertReturning, ...) and which row the columns describe.
func (c *Compiler) WriteReturning(kind StatementKind, table *Table, cols []ColumnElement) {
	c.depth++
	defer func() { c.depth-- }()
	c.writeReturningAt(kind, table, cols, len(c.buf))
}

// writeReturningAt writes the RETURNING of a statement of kind into
// table, at the end of the text written so far, or at offset before of
// the text with Hooks.ReturningBeforeValues (SQL Server's OUTPUT goes
// before VALUES; the primary-key columns an INSERT returns are known only
// after its values are written).
func (c *Compiler) writeReturningAt(kind StatementKind, table *Table, cols []ColumnElement, before int) {
	if len(cols) == 0 {
		return
	}
	if c.hooks.ReturningBeforeValues {
		tail := slices.Clone(c.buf[before:])
		c.buf = c.buf[:before]
		defer func() { c.buf = append(c.buf, tail...) }()
	}
	supported := false
	switch kind {
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
		c.hooks.Returning(c, kind, table, cols, names)
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
	if err := s.rare().err; err != nil {
		c.Fail(err)
		return
	}
	if s.table == nil {
		c.Fail(fmt.Errorf("%w: UPDATE without a table", ErrArgument))
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	values := make([]ColumnElement, len(s.sets))
	for i, a := range s.sets {
		values[i] = a.value
	}
	extra := c.extraFroms(s.table, s.where, values)
	c.pushFrame(&frame{froms: append([]FromClause{s.table}, extra...)})
	defer c.popFrame()
	c.reserveUserNames(s)

	c.WriteString("UPDATE ")
	for _, p := range s.rare().prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.writeTableName(s.table)
	defer c.restoreHints(c.useHints(s.rare().hints))
	c.writeHint(s.table)
	multi := c.hooks.MultiTableUpdate && len(extra) > 0
	if multi {
		c.WriteString(", ")
		c.writeFromList(extra)
	}
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
		if multi {
			c.writeColumn(a.col)
		} else {
			c.WriteIdentifier(a.col.name)
		}
		c.WriteByte('=')
		c.nameValue(a.value, a.col, 0, false)
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
		if multi {
			c.writeColumn(col)
		} else {
			c.WriteIdentifier(col.name)
		}
		c.WriteByte('=')
		if d.Expr != nil {
			c.Write(valueGroup(d.Expr))
		} else {
			c.writeColumnDefault(col, d, 0, false)
		}
		n++
	}
	if n == 0 {
		c.Fail(fmt.Errorf("%w: UPDATE %s sets no columns", ErrArgument, s.table.name))
		return
	}
	before := len(c.buf)
	if len(extra) > 0 && !multi {
		switch {
		case c.hooks.UpdateFrom != nil:
			c.hooks.UpdateFrom(c, s.table, extra)
		case c.feat.UpdateFrom:
			c.WriteString(" FROM ")
			c.writeFromList(extra)
		default:
			c.NotSupported("UPDATE with other tables in WHERE (UPDATE ... FROM)")
			return
		}
	}
	c.writeWhere(s.where)
	c.writeReturningAt(KindUpdate, s.table, s.returning, before)
}

func (c *Compiler) writeFromList(froms []FromClause) {
	for i, f := range froms {
		if i > 0 {
			c.WriteString(", ")
		}
		c.writeFrom(f)
	}
}

// extraFroms returns the FROM items a DML statement's WHERE (and SET
// values) refer to besides its target table, not looking inside
// subqueries.
func (c *Compiler) extraFroms(target *Table, lists ...[]ColumnElement) []FromClause {
	froms := []FromClause{target}
	for _, l := range lists {
		for _, e := range l {
			froms = collectFroms(froms, e)
		}
	}
	if len(froms) == 1 {
		return nil
	}
	return froms[1:]
}

func (c *Compiler) writeDelete(s *Delete) {
	if err := s.rare().err; err != nil {
		c.Fail(err)
		return
	}
	if s.table == nil {
		c.Fail(fmt.Errorf("%w: DELETE without a table", ErrArgument))
		return
	}
	c.depth++
	defer func() { c.depth-- }()
	extra := c.extraFroms(s.table, s.where)
	c.pushFrame(&frame{froms: append([]FromClause{s.table}, extra...)})
	defer c.popFrame()
	c.WriteString("DELETE ")
	for _, p := range s.rare().prefixes {
		c.WriteString(p)
		c.WriteByte(' ')
	}
	c.WriteString("FROM ")
	c.writeTableName(s.table)
	defer c.restoreHints(c.useHints(s.rare().hints))
	c.writeHint(s.table)
	before := len(c.buf)
	if len(extra) > 0 {
		if !c.feat.DeleteUsing {
			c.NotSupported("DELETE with other tables in WHERE (DELETE ... USING)")
			return
		}
		if c.hooks.DeleteUsing != nil {
			c.hooks.DeleteUsing(c, s.table, extra)
		} else {
			c.WriteString(" USING ")
			c.writeFromList(extra)
		}
	}
	c.writeWhere(s.where)
	c.writeReturningAt(KindDelete, s.table, s.returning, before)
}
