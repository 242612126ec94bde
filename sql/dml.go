package sql

import (
	"fmt"
	"slices"

	"github.com/athanordb/athanor/types"
)

// Values maps column keys to values for INSERT and UPDATE: Go values
// (bound as the column's type) or SQL expressions.
type Values map[string]any

// Assignment is one column = value pair, for statements whose order of
// assignments matters or that use typed columns (Col[T].To(v)).
type Assignment struct {
	Column *Column
	Value  any
}

// ParamValued is a statement that, built without values, takes them from
// the parameters given at execution: INSERT and UPDATE, and the dialects'
// statements built on them (sqlite.Insert). The engine calls
// ForParamKeys with the parameters' names before compiling, as SQLAlchemy
// does for conn.execute(insert(t), {...}).
type ParamValued interface {
	Statement
	// HasValues reports whether the statement carries its values.
	HasValues() bool
	// ForParamKeys returns the statement with a named bind parameter as
	// the value of each key's column.
	ForParamKeys(keys []string) Statement
}

var (
	_ ParamValued = (*Insert)(nil)
	_ ParamValued = (*Update)(nil)
)

// ValueFor returns what v stands for as the value of col in an INSERT or
// UPDATE: an expression as it is, nil as NULL, a SELECT as a scalar
// subquery, any other Go value bound with the column's type. Dialect
// constructs (ON CONFLICT DO UPDATE SET) use it for their values.
func ValueFor(col *Column, v any) ColumnElement {
	if b, ok := v.(*BindParam); ok && b != nil {
		if _, unknown := b.Type().(types.NullType); unknown {
			return b.WithType(col.typ)
		}
		return b
	}
	return valueGroup(coerceAgainst(v, col))
}

// valueGroup parenthesizes an operator expression standing as a value in
// VALUES or SET, as SQLAlchemy does: SET name=(name || :name_1).
func valueGroup(e ColumnElement) ColumnElement {
	switch x := e.(type) {
	case *BinaryExpression:
		return newGrouping(x)
	case *BooleanList:
		if len(x.items) > 1 {
			return newGrouping(x)
		}
	case *UnaryExpression:
		if x.operator != nil {
			return newGrouping(x)
		}
	}
	return e
}

// Insert is an INSERT statement. Like every statement it is immutable:
// each method returns a new Insert.
type Insert struct {
	table      *Table
	valued     bool              // Values was called
	multi      bool              // the rows make a multi-row VALUES
	sharedCell bool              // a row's value is a cell parameter of another row (CacheKey.cell)
	selDefault int32             // for FromSelect: the last selDefault cols are defaults (beside the flags: a smaller struct)
	cols       []*Column         // the columns given values, in table order
	rows       [][]ColumnElement // one slice per row, aligned with cols; nil where the value is in cells
	cells      *cellBlock        // the plain values of a multi-row INSERT's rows
	fromSelect SelectStatement
	returning  []ColumnElement
	post       Element // a dialect's clause after the values (ON CONFLICT ...)
	dmlRare
}

// NewInsert returns INSERT INTO table; give the values with Values, or at
// execution as parameters.
func NewInsert(t *Table) *Insert { return &Insert{table: t} }

func (s *Insert) clone() *Insert {
	n := *s
	return &n
}

func (s *Insert) fail(err error) *Insert {
	s.setErr(err)
	return s
}

// Table returns the target table.
func (s *Insert) Table() *Table { return s.table }

// Err returns an error found while building the statement, or nil;
// compiling the statement returns it too.
func (s *Insert) Err() error { return s.rare().err }

// StatementKind implements Statement.
func (s *Insert) StatementKind() StatementKind { return KindInsert }

// Values returns the INSERT with values: for one row, added to those of
// earlier calls (a later value for a column replaces an earlier one), or
// for several rows (a multi-row VALUES clause), added after the rows of
// earlier calls. A column some rows give and others do not takes its
// default in the others. Mixing one-row and several-row calls, or values
// with FromSelect, is an error.
//
// The maps are read during the call and not kept: changing one
// afterwards does not change the statement. For many rows, Rows takes
// them as slices, which costs less to build and to read.
func (s *Insert) Values(rows ...Values) *Insert {
	return s.addInput(&rowInput{maps: rows})
}

// Rows returns the INSERT with rows given by position, as SQLAlchemy's
// insert(t).values([(1, "a"), (2, "b")]) does: each row holds one value
// per column of columns (column keys), in that order; nil columns means
// every column of the table, in table order. The values are what Values
// takes: Go values, bound with the column's type, or SQL expressions.
//
// Rows(columns, r1, r2, ...) is Values with one map per row, mapping each
// of columns to the row's value at its position: with several rows it
// makes a multi-row VALUES clause (columns a call does not name take
// their defaults), and with one row it gives the values of one row. A
// row of another length than columns, or a column named twice, is an
// ErrArgument error; a key that names no column of the table is an
// ErrNoSuchColumn error.
//
// The rows are read during the call and not kept.
func (s *Insert) Rows(columns []string, rows ...[]any) *Insert {
	if s.table == nil {
		return s.clone().fail(fmt.Errorf("%w: INSERT without a table", ErrArgument))
	}
	in := &rowInput{tuples: rows}
	if columns == nil {
		in.cols = s.table.columns
	} else {
		in.cols = make([]*Column, len(columns))
		var unknown []string
		for i, k := range columns {
			c, ok := s.table.byKey[k]
			switch {
			case !ok:
				if !slices.Contains(unknown, k) {
					unknown = append(unknown, k)
				}
				continue
			case slices.Contains(in.cols[:i], c):
				return s.clone().fail(fmt.Errorf("%w: Rows names column %q twice", ErrArgument, k))
			}
			in.cols[i] = c
		}
		if unknown != nil {
			slices.Sort(unknown)
			return s.clone().fail(fmt.Errorf("%w: table %q has no columns %v", ErrNoSuchColumn, s.table.name, unknown))
		}
	}
	for i, r := range rows {
		if len(r) != len(in.cols) {
			return s.clone().fail(fmt.Errorf("%w: row %d of Rows has %d values for %d columns", ErrArgument, i+1, len(r), len(in.cols)))
		}
	}
	return s.addInput(in)
}

// rowInput is the rows one call to Values or Rows gives: maps by column
// key, or slices aligned with a list of columns.
type rowInput struct {
	maps   []Values
	cols   []*Column // for tuples: the column of each position
	tuples [][]any
}

func (in *rowInput) len() int {
	if in.maps != nil {
		return len(in.maps)
	}
	return len(in.tuples)
}

// has reports whether the rows give column c a value.
func (in *rowInput) has(c *Column) bool {
	if in.maps != nil {
		return rowsHave(in.maps, c.key)
	}
	return slices.Contains(in.cols, c)
}

// addInput is Values and Rows once their arguments are checked.
func (s *Insert) addInput(in *rowInput) *Insert {
	n := in.len()
	switch {
	case s.table == nil:
		return s.clone().fail(fmt.Errorf("%w: INSERT without a table", ErrArgument))
	case n == 0:
		return s.clone()
	case s.fromSelect != nil:
		return s.clone().fail(fmt.Errorf("%w: the INSERT already takes its rows from a SELECT", ErrArgument))
	case n == 1 && !s.multi:
		// The statement and its one row's slice header in one block.
		p := &insertPlus{s: *s}
		ns := &p.s
		ns.rows = p.rows[:0:1]
		ns.addRows(s, in, true)
		return ns
	case s.valued && !s.multi:
		return s.clone().fail(fmt.Errorf("%w: the INSERT has the values of one row; a call with several rows cannot add to them", ErrArgument))
	case n == 1:
		return s.clone().fail(fmt.Errorf("%w: the INSERT has several rows; a call with one row cannot add to them", ErrArgument))
	}
	ns := s.clone()
	ns.multi = true
	ns.rows = make([][]ColumnElement, 0, len(s.rows)+n)
	ns.addRows(s, in, false)
	return ns
}

// fillCells puts the values of tuple, a row given by position, into dst,
// its row's cells in a block, column j's value at pos[j]: a plain value as
// it is, NULL as nullCell. It reports false, dst partly filled, when a
// value is neither (an expression).
func fillCells(dst, tuple []any, pos []int) bool {
	for j, p := range pos {
		switch v := tuple[p]; {
		case isPlainValue(v):
			dst[j] = v
		case isNullValue(v):
			dst[j] = nullCell{}
		default:
			return false
		}
	}
	return true
}

// insertPlus is an Insert allocated with room for the header of one
// row's slice.
type insertPlus struct {
	s    Insert
	rows [1][]ColumnElement
}

// addRows gives s, a copy of old being built whose rows slice is empty
// (with room for old's rows and the new ones), old's rows and the rows of
// in, aligned on the union of their columns in table order: the rows are
// appended after old's (merge false) or, for one row, merged into old's
// one row (merge true: a value of the new row replaces the old one). The
// elements of old's rows are reused; the values of the new rows become
// bind parameters made in one block, the rows' elements one slice.
func (s *Insert) addRows(old *Insert, in *rowInput, merge bool) {
	s.valued = true
	t := s.table
	// Which table columns the rows give: for one row given as a map, each
	// column's value too, so that each key is looked up once.
	var hasBuf [16]bool
	var oneBuf [16]any
	has, one := hasBuf[:0], oneBuf[:0]
	if n := len(t.columns); n > len(hasBuf) {
		has = make([]bool, 0, n)
	}
	var oneMap Values
	if len(in.maps) == 1 {
		oneMap = in.maps[0]
		if n := len(t.columns); n > len(oneBuf) {
			one = make([]any, 0, n)
		}
	}
	for _, c := range t.columns {
		if oneMap != nil {
			v, ok := oneMap[c.key]
			has, one = append(has, ok), append(one, v)
		} else {
			has = append(has, in.has(c))
		}
	}
	// The union of the columns, in table order: old's columns are in
	// table order too; tablePos[j] is the table position of cols[j].
	ncols, at := 0, 0
	for i, c := range t.columns {
		if at < len(old.cols) && old.cols[at] == c {
			ncols++
			at++
		} else if has[i] {
			ncols++
		}
	}
	cols := make([]*Column, 0, ncols)
	var atBuf [16]int
	tablePos := atBuf[:0]
	if ncols > len(atBuf) {
		tablePos = make([]int, 0, ncols)
	}
	at = 0
	for i, c := range t.columns {
		if at < len(old.cols) && old.cols[at] == c {
			at++
		} else if !has[i] {
			continue
		}
		cols = append(cols, c)
		tablePos = append(tablePos, i)
	}
	s.cols = cols
	kept := len(old.rows)
	if merge {
		kept = 0
	}
	nrows := in.len()
	// The rows' elements, one slice, made when a row first needs it: a
	// row of a multi-row INSERT whose values are all in the block is nil.
	var elems []ColumnElement
	nextRow := func() []ColumnElement {
		if elems == nil {
			elems = make([]ColumnElement, (kept+nrows)*len(cols))
		}
		row := elems[:len(cols):len(cols)]
		elems = elems[len(cols):]
		return row
	}
	// The plain values of a multi-row INSERT's rows go to a block of
	// values, bound with their column's type at execution (cellBlock),
	// where that type is the column's own.
	s.cells = nil
	var blk *cellBlock
	block := func() *cellBlock {
		if blk == nil {
			blk = newCellBlock(cols, kept+nrows)
		}
		return blk
	}
	var missing error
	// Old's rows first, each given its columns' defaults for the new
	// columns.
	for i := range kept {
		var row []ColumnElement
		from, at := old.rows[i], 0
		for j, c := range cols {
			if at < len(old.cols) && old.cols[at] == c {
				if e := elemAt(from, at); e != nil {
					if row == nil {
						row = nextRow()
					}
					row[j] = e
				} else {
					block().vals[i*len(cols)+j] = old.cells.vals[i*len(old.cols)+at]
				}
				at++
				continue
			}
			if row == nil {
				row = nextRow()
			}
			row[j] = missingValue(c, i, &missing)
		}
		s.rows = append(s.rows, row)
	}
	// For tuples, the position in a row of each column's value, or -1.
	var pos []int
	nplain, byMap := 0, in.maps != nil
	if byMap {
		for _, r := range in.maps {
			nplain += len(r)
		}
	} else {
		nplain = nrows * len(in.cols)
		pos = make([]int, len(cols))
		for j, c := range cols {
			pos[j] = slices.Index(in.cols, c)
		}
	}
	// ownType[j]: cols[j] binds values with its own type (setCell).
	var ownType []bool
	if !merge {
		ownType = make([]bool, len(cols))
		for j, c := range cols {
			_, unknown := c.typ.(types.NullType)
			ownType[j] = c.typ != nil && !unknown
		}
	}
	var binds []BindParam
	unknown := false
	var from []ColumnElement // the row merged into
	if merge && len(old.rows) == 1 {
		from = old.rows[0]
	}
	// runs: every column takes its value from the tuples and binds it
	// with its own type, so that a row whose values are all plain or NULL
	// goes to the block whole, in one pass (fillCells).
	runs := !byMap && ownType != nil && !noCellRuns && !slices.Contains(pos, -1) && !slices.Contains(ownType, false)
	for i := range nrows {
		if runs {
			had := blk != nil
			dst := block().vals[(kept+i)*len(cols):][:len(cols)]
			if fillCells(dst, in.tuples[i], pos) {
				s.rows = append(s.rows, nil)
				continue
			}
			// A value is an expression: the row is taken value by value.
			clear(dst)
			if !had {
				blk = nil
			}
		}
		var row []ColumnElement
		if merge {
			row = nextRow()
		}
		found, at := 0, 0
		var r Values
		var tuple []any
		if byMap {
			r = in.maps[i]
		} else {
			tuple = in.tuples[i]
		}
		for j, c := range cols {
			var prev ColumnElement
			if at < len(old.cols) && old.cols[at] == c {
				prev = elemAt(from, at)
				at++
			}
			var v any
			var ok bool
			switch {
			case oneMap != nil:
				v, ok = one[tablePos[j]], has[tablePos[j]]
			case byMap:
				v, ok = r[c.key]
			case pos[j] >= 0:
				v, ok = tuple[pos[j]], true
			}
			if ok && ownType != nil {
				// A multi-row INSERT: a plain value of a column with its own
				// type, and NULL, go to the block (row[j] stays nil).
				if plain := isPlainValue(v); plain && ownType[j] || !plain && isNullValue(v) {
					found++
					if !plain {
						v = nullCell{}
					}
					block().vals[(kept+i)*len(cols)+j] = v
					continue
				}
			}
			if row == nil {
				row = nextRow()
			}
			switch {
			case ok && isPlainValue(v):
				found++
				if binds == nil {
					binds = make([]BindParam, 0, nplain)
				}
				binds = binds[:len(binds)+1]
				b := &binds[len(binds)-1]
				b.setCell(c, v)
				row[j] = b
			case ok:
				found++
				row[j] = ValueFor(c, v)
				if b, isBind := row[j].(*BindParam); isBind && b.cell {
					s.sharedCell = true
				}
			case prev != nil:
				row[j] = prev
			default:
				row[j] = missingValue(c, kept+i, &missing)
			}
		}
		if byMap && found < len(r) {
			unknown = true
		}
		s.rows = append(s.rows, row)
	}
	if blk != nil {
		blk.rows = s.rows
		s.cells = blk
	}
	switch {
	case unknown:
		s.fail(fmt.Errorf("%w: table %q has no columns %v", ErrNoSuchColumn, t.name, unknownKeys(t, in.maps)))
	case missing != nil:
		s.fail(missing)
	}
}

// elemAt returns element j of an INSERT's row, or nil where the value
// is in the statement's block (a nil row has all its values there).
func elemAt(row []ColumnElement, j int) ColumnElement {
	if row == nil {
		return nil
	}
	return row[j]
}

// rowsHave reports whether one of rows has a value for key.
func rowsHave(rows []Values, key string) bool {
	for _, r := range rows {
		if _, ok := r[key]; ok {
			return true
		}
	}
	return false
}

// missingValue is the value of column c in row i (from 0) of a
// multi-row INSERT that does not give it: its default. Without one, it
// records the error in *err, unless an earlier row or column did.
func missingValue(c *Column, i int, err *error) ColumnElement {
	if c.spec.def != nil {
		return defaultElement(c, c.spec.def)
	}
	if *err == nil {
		*err = fmt.Errorf("%w: row %d of a multi-row INSERT has no value for column %q, and the column has no default", ErrArgument, i+1, c.name)
	}
	return Null()
}

// unknownKeys returns the keys of rows that name no column of t, sorted,
// each once.
func unknownKeys(t *Table, rows []Values) []string {
	var keys []string
	for _, r := range rows {
		for k := range r {
			if !t.HasColumn(k) && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	return keys
}

// Set returns the INSERT with values given as assignments to columns of
// its table (one row; see Values).
func (s *Insert) Set(assignments ...Assignment) *Insert {
	row := Values{}
	for _, a := range assignments {
		if err := checkAssignment(s.table, a); err != nil {
			return s.clone().fail(err)
		}
		row[a.Column.key] = a.Value
	}
	return s.Values(row)
}

// checkAssignment verifies that an assignment's column belongs to t.
func checkAssignment(t *Table, a Assignment) error {
	switch {
	case a.Column == nil:
		return fmt.Errorf("%w: assignment to a nil column", ErrArgument)
	case a.Column.err != nil:
		return a.Column.err
	case t == nil || a.Column.from != t:
		return fmt.Errorf("%w: cannot assign to column %q of %s in a statement on %s", ErrArgument, a.Column.name, describeFrom(a.Column.from), describeFrom(t))
	}
	return nil
}

// FromSelect returns INSERT INTO table (columns) SELECT .... Columns of
// the table with a default (Default) that the SELECT does not fill are
// added, with their defaults appended to the SELECT's columns.
func (s *Insert) FromSelect(columns []*Column, sel SelectStatement) *Insert {
	n := s.clone()
	switch {
	case s.table == nil:
		return n.fail(fmt.Errorf("%w: INSERT without a table", ErrArgument))
	case sel == nil || isNilElement(sel):
		return n.fail(fmt.Errorf("%w: FromSelect without a SELECT", ErrArgument))
	case s.valued:
		return n.fail(fmt.Errorf("%w: the INSERT already has VALUES; it cannot also take rows from a SELECT", ErrArgument))
	}
	for _, c := range columns {
		if err := checkAssignment(s.table, Assignment{Column: c}); err != nil {
			return n.fail(err)
		}
	}
	if got := len(sel.SelectedColumns()); got > 0 && got != len(columns) {
		return n.fail(fmt.Errorf("%w: INSERT INTO %s names %d columns but the SELECT gives %d", ErrArgument, s.table.name, len(columns), got))
	}
	cols := slices.Clone(columns)
	var extra []Element
	for _, c := range s.table.columns {
		if c.spec.def == nil || slices.Contains(columns, c) {
			continue
		}
		cols = append(cols, c)
		extra = append(extra, defaultElement(c, c.spec.def))
	}
	if len(extra) > 0 {
		inner, ok := sel.(*Select)
		if !ok || inner.isDistinct() {
			inner = NewSelect(subqueryOf(sel))
		}
		sel = inner.AddColumns(extra...)
	}
	n.cols, n.fromSelect, n.selDefault = cols, sel, int32(len(extra))
	return n
}

// subqueryOf wraps a SELECT as an anonymous subquery.
func subqueryOf(sel SelectStatement) *Subquery { return newSubquery(sel, "") }

// Returning returns the INSERT with a RETURNING clause (where the
// database supports it: dialect.Features.InsertReturning).
func (s *Insert) Returning(items ...Element) *Insert {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.fail(err)
	}
	return n
}

// Prefix returns the INSERT with words after INSERT ("OR IGNORE",
// "IGNORE"), written as given: never build them from user input.
func (s *Insert) Prefix(words ...string) *Insert {
	n := s.clone()
	n.setMore().prefixes = appendTo(s.rare().prefixes, words...)
	return n
}

// WithPostClause returns the INSERT with a clause after its values: how a
// dialect package adds ON CONFLICT or ON DUPLICATE KEY UPDATE. The clause
// must create its bind parameters when it is built, not when it is
// compiled.
func (s *Insert) WithPostClause(e Element) *Insert {
	n := s.clone()
	n.post = e
	return n
}

// PostClause returns the clause WithPostClause set, or nil.
func (s *Insert) PostClause() Element { return s.post }

// ReturningColumns returns the RETURNING list.
func (s *Insert) ReturningColumns() []ColumnElement { return s.returning }

// Columns returns the columns given values, in table order (for
// FromSelect, in the order given, then the defaulted ones).
func (s *Insert) Columns() []*Column { return s.cols }

// RowCount returns the number of rows in the VALUES clause.
func (s *Insert) RowCount() int { return len(s.rows) }

// HasValues reports whether the INSERT carries its values (or a SELECT);
// without, the values come from parameters at execution.
func (s *Insert) HasValues() bool { return s.valued || s.fromSelect != nil }

// WithParamKeys returns the INSERT with a named bind parameter for each
// key: the form conn.Execute uses for INSERT statements whose values are
// given as parameters.
func (s *Insert) WithParamKeys(keys []string) *Insert {
	if s.table == nil {
		return s.clone().fail(fmt.Errorf("%w: INSERT without a table", ErrArgument))
	}
	return s.Values(paramRow(s.table, keys))
}

// ForParamKeys implements ParamValued.
func (s *Insert) ForParamKeys(keys []string) Statement { return s.WithParamKeys(keys) }

// paramRow maps each key to a named bind parameter typed as its column.
func paramRow(t *Table, keys []string) Values {
	row := make(Values, len(keys))
	for _, k := range keys {
		if c, ok := t.byKey[k]; ok {
			row[k] = Bind(k).WithType(c.typ)
		} else {
			row[k] = Bind(k)
		}
	}
	return row
}

// WriteSQL implements Element.
func (s *Insert) WriteSQL(c *Compiler) { c.writeInsert(s) }

// WriteCacheKey implements Element.
func (s *Insert) WriteCacheKey(k *CacheKey) {
	k.Tag(tagInsert)
	k.Err(s.rare().err)
	k.From(s.table)
	k.Int(len(s.cols))
	for _, c := range s.cols {
		k.target(c)
	}
	k.Bool(s.multi)
	k.Int(len(s.rows))
	if s.cells != nil && !s.sharedCell && !k.cellsOut {
		k.growCells(len(s.cells.vals))
	}
	for i, r := range s.rows {
		// The rows are aligned with cols (addRows); a nil row has all its
		// values in the block.
		n := len(r)
		if r == nil {
			n = len(s.cols)
		}
		k.Int(n)
		if r == nil && n > 0 && !noCellRuns {
			k.blockRow(s.cols, s.cells, i*n, !s.sharedCell)
			continue
		}
		for j := range n {
			v := elemAt(r, j)
			switch {
			case v == nil:
				k.blockCell(s.cols[j], s.cells, i*n+j, !s.sharedCell)
			case j < len(s.cols):
				k.cell(s.cols[j], v, !s.sharedCell)
			default:
				k.Element(v)
			}
		}
	}
	k.Element(s.fromSelect)
	k.Int(int(s.selDefault))
	if s.fromSelect == nil && s.table != nil {
		// The SQL defaults of columns the statement does not give are
		// written into it, with their parameters.
		for _, c := range s.table.columns {
			if d := c.spec.def; d != nil && d.Expr != nil && !slices.Contains(s.cols, c) {
				k.Element(d.Expr)
			}
		}
	}
	k.Elements(s.returning)
	k.Strings(s.rare().prefixes)
	writeHintsKey(k, s.rare().hints)
	k.Element(s.post)
}

// defaultElement is the value of a column default inside a statement: an
// expression as is, a constant bound, a function evaluated at execution.
func defaultElement(c *Column, d *ColumnDefault) ColumnElement {
	switch {
	case d.Expr != nil:
		return valueGroup(d.Expr)
	case d.Func != nil:
		b := &BindParam{name: c.key, typ: c.typ, hasValue: true, extra: &bindExtra{fn: d.Func}}
		b.self = b
		return b
	}
	return newBindValue(c.key, d.Value, c.typ)
}

type setClause struct {
	col   *Column
	value ColumnElement
}

// Update is an UPDATE statement.
type Update struct {
	table     *Table
	sets      []setClause
	where     []ColumnElement
	returning []ColumnElement
	dmlRare
}

// NewUpdate returns UPDATE table.
func NewUpdate(t *Table) *Update { return &Update{table: t} }

func (s *Update) clone() *Update {
	n := *s
	return &n
}

func (s *Update) fail(err error) *Update {
	s.setErr(err)
	return s
}

// Table returns the target table.
func (s *Update) Table() *Table { return s.table }

// Err returns an error found while building the statement, or nil.
func (s *Update) Err() error { return s.rare().err }

// StatementKind implements Statement.
func (s *Update) StatementKind() StatementKind { return KindUpdate }

// Values returns the UPDATE with SET assignments by column key, in the
// table's column order after those of earlier calls (a later value for a
// column replaces an earlier one). Values may be expressions, correlated
// subqueries included: they correlate to the UPDATE's table.
func (s *Update) Values(v Values) *Update {
	n := s.clone()
	if s.table == nil {
		return n.fail(fmt.Errorf("%w: UPDATE without a table", ErrArgument))
	}
	n.sets = make([]setClause, len(s.sets), len(s.sets)+len(v))
	copy(n.sets, s.sets)
	// The plain values become bind parameters made in one block.
	var binds []BindParam
	seen := 0
	for _, c := range s.table.columns {
		val, ok := v[c.key]
		if !ok {
			continue
		}
		seen++
		if !isPlainValue(val) {
			n.assign(c, val)
			continue
		}
		if binds == nil {
			binds = make([]BindParam, 0, len(v)-seen+1)
		}
		binds = binds[:len(binds)+1]
		b := &binds[len(binds)-1]
		b.setCell(c, val)
		n.assignElement(c, b)
	}
	if seen < len(v) {
		var unknown []string
		for k := range v {
			if !s.table.HasColumn(k) {
				unknown = append(unknown, k)
			}
		}
		slices.Sort(unknown)
		n.fail(fmt.Errorf("%w: table %q has no columns %v", ErrNoSuchColumn, s.table.name, unknown))
	}
	return n
}

func (s *Update) assign(c *Column, v any) { s.assignElement(c, ValueFor(c, v)) }

// assignElement sets column c to val, replacing an earlier assignment.
func (s *Update) assignElement(c *Column, val ColumnElement) {
	for i := range s.sets {
		if s.sets[i].col == c {
			s.sets[i].value = val
			return
		}
	}
	s.sets = append(s.sets, setClause{col: c, value: val})
}

// Set returns the UPDATE with assignments in the given order, after those
// of earlier calls; each column must belong to the UPDATE's table.
func (s *Update) Set(assignments ...Assignment) *Update {
	n := s.clone()
	n.sets = slices.Clone(s.sets)
	for _, a := range assignments {
		if err := checkAssignment(s.table, a); err != nil {
			return n.fail(err)
		}
		n.assign(a.Column, a.Value)
	}
	return n
}

// Where returns the UPDATE with conditions added (joined with AND).
// Conditions on other tables make an UPDATE ... FROM, where the database
// has it.
func (s *Update) Where(conds ...ColumnElement) *Update {
	conds = untypedAll(conds)
	if k := len(s.where) + len(conds); k > 0 && k <= len(updatePlus{}.where) {
		// The copy and its short WHERE list in one block.
		p := &updatePlus{s: *s}
		copy(p.where[:], s.where)
		copy(p.where[len(s.where):], conds)
		p.s.where = p.where[:k:k]
		return &p.s
	}
	n := s.clone()
	n.where = appendTo(s.where, conds...)
	return n
}

// updatePlus is an Update allocated with room for a short WHERE list;
// the list's capacity is clipped, so that a later append copies it.
type updatePlus struct {
	s     Update
	where [2]ColumnElement
}

// Returning returns the UPDATE with a RETURNING clause.
func (s *Update) Returning(items ...Element) *Update {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.fail(err)
	}
	return n
}

// Prefix returns the UPDATE with words after UPDATE, written as given.
func (s *Update) Prefix(words ...string) *Update {
	n := s.clone()
	n.setMore().prefixes = appendTo(s.rare().prefixes, words...)
	return n
}

// HasValues reports whether the UPDATE carries its SET values.
func (s *Update) HasValues() bool { return len(s.sets) > 0 }

// WithParamKeys returns the UPDATE setting each key's column to a named
// bind parameter, for values given at execution.
func (s *Update) WithParamKeys(keys []string) *Update {
	if s.table == nil {
		return s.clone().fail(fmt.Errorf("%w: UPDATE without a table", ErrArgument))
	}
	return s.Values(paramRow(s.table, keys))
}

// ForParamKeys implements ParamValued.
func (s *Update) ForParamKeys(keys []string) Statement { return s.WithParamKeys(keys) }

// ReturningColumns returns the RETURNING list.
func (s *Update) ReturningColumns() []ColumnElement { return s.returning }

// WriteSQL implements Element.
func (s *Update) WriteSQL(c *Compiler) { c.writeUpdate(s) }

// WriteCacheKey implements Element.
func (s *Update) WriteCacheKey(k *CacheKey) {
	k.Tag(tagUpdate)
	k.Err(s.rare().err)
	k.From(s.table)
	k.Int(len(s.sets))
	for _, a := range s.sets {
		// A column is set once: its cell parameter appears once.
		k.target(a.col)
		k.cell(a.col, a.value, true)
	}
	for _, c := range tableColumns(s.table) {
		if d := c.spec.onUpdate; d != nil && d.Expr != nil && !slices.ContainsFunc(s.sets, func(a setClause) bool { return a.col == c }) {
			k.Element(d.Expr)
		}
	}
	k.Elements(s.where)
	k.Elements(s.returning)
	k.Strings(s.rare().prefixes)
	writeHintsKey(k, s.rare().hints)
}

func tableColumns(t *Table) []*Column {
	if t == nil {
		return nil
	}
	return t.columns
}

// Delete is a DELETE statement.
type Delete struct {
	table     *Table
	where     []ColumnElement
	returning []ColumnElement
	dmlRare
}

// NewDelete returns DELETE FROM table.
func NewDelete(t *Table) *Delete { return &Delete{table: t} }

func (s *Delete) clone() *Delete {
	n := *s
	return &n
}

// Table returns the target table.
func (s *Delete) Table() *Table { return s.table }

// StatementKind implements Statement.
func (s *Delete) StatementKind() StatementKind { return KindDelete }

// Where returns the DELETE with conditions added (joined with AND).
// Conditions on other tables make a DELETE ... USING, where the database
// has it.
func (s *Delete) Where(conds ...ColumnElement) *Delete {
	n := s.clone()
	n.where = appendTo(s.where, untypedAll(conds)...)
	return n
}

// Returning returns the DELETE with a RETURNING clause.
func (s *Delete) Returning(items ...Element) *Delete {
	n := s.clone()
	var err error
	n.returning, err = expandSelectItems(slices.Clip(s.returning), items)
	if err != nil {
		n.setErr(err)
	}
	return n
}

// Prefix returns the DELETE with words after DELETE, written as given.
func (s *Delete) Prefix(words ...string) *Delete {
	n := s.clone()
	n.setMore().prefixes = appendTo(s.rare().prefixes, words...)
	return n
}

// ReturningColumns returns the RETURNING list.
func (s *Delete) ReturningColumns() []ColumnElement { return s.returning }

// WriteSQL implements Element.
func (s *Delete) WriteSQL(c *Compiler) { c.writeDelete(s) }

// WriteCacheKey implements Element.
func (s *Delete) WriteCacheKey(k *CacheKey) {
	k.Tag(tagDelete)
	k.Err(s.rare().err)
	k.From(s.table)
	k.Elements(s.where)
	k.Elements(s.returning)
	k.Strings(s.rare().prefixes)
	writeHintsKey(k, s.rare().hints)
}

// Insert returns INSERT INTO the table.
func (t *Table) Insert() *Insert { return NewInsert(t) }

// Update returns UPDATE the table.
func (t *Table) Update() *Update { return NewUpdate(t) }

// Delete returns DELETE FROM the table.
func (t *Table) Delete() *Delete { return NewDelete(t) }

// dmlMore is the rarely used parts of an INSERT, UPDATE or DELETE; it is
// never changed once a statement refers to it.
type dmlMore struct {
	prefixes []string
	hints    []tableHint
	err      error
}

// noDMLMore is what rare returns for a statement without rare parts; it
// is never written.
var noDMLMore dmlMore

// dmlRare holds the rarely used parts of an INSERT, UPDATE or DELETE
// behind a pointer that copies of the statement share, so that the
// common builder calls copy a small struct; a call that changes one of
// them gives its copy new ones (setMore).
type dmlRare struct {
	more cow[dmlMore]
}

// rare returns the rarely used parts, for reading only.
func (r *dmlRare) rare() *dmlMore { return r.more.get(&noDMLMore) }

// setMore gives a statement copy being built its own rarely used parts,
// to be changed, and returns them.
func (r *dmlRare) setMore() *dmlMore { return r.more.own() }

// setErr records err in a statement copy being built, unless it carries
// an error.
func (r *dmlRare) setErr(err error) {
	if r.rare().err == nil {
		r.setMore().err = err
	}
}
