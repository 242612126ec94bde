package sql

import (
	"fmt"
	"strconv"
)

// FromClause is something a SELECT can select from: a table, an alias, a
// subquery, a join, a CTE.
type FromClause interface {
	Element
	// Columns returns the columns the FROM item exposes, in order.
	Columns() []*Column
	// C returns the column with the given key. An unknown key gives a
	// placeholder column that fails at compile with ErrNoSuchColumn.
	C(key string) *Column
}

// FromOps gives a FROM item its methods: joins, aliases, select. The
// FROM types of this package embed it; a FROM item defined elsewhere
// embeds one made by NewFromOps.
type FromOps struct {
	self FromClause
}

// NewFromOps returns the methods of self, for embedding.
func NewFromOps(self FromClause) FromOps { return FromOps{self: self} }

// Join returns self JOIN right ON on. Without on, the condition is
// inferred from the one foreign key between the two sides (ErrNoForeignKeys
// or ErrAmbiguousJoin at compile when there is none or more than one).
func (o FromOps) Join(right FromClause, on ...ColumnElement) *Join {
	return newJoin(o.self, right, on, joinInner)
}

// OuterJoin returns self LEFT OUTER JOIN right ON on; see Join.
func (o FromOps) OuterJoin(right FromClause, on ...ColumnElement) *Join {
	return newJoin(o.self, right, on, joinLeft)
}

// FullOuterJoin returns self FULL OUTER JOIN right ON on; see Join.
func (o FromOps) FullOuterJoin(right FromClause, on ...ColumnElement) *Join {
	return newJoin(o.self, right, on, joinFull)
}

// Alias returns self under another name: FROM users AS u. An empty name
// gives an anonymous alias, named at compile (anon_1).
func (o FromOps) Alias(name string) *Alias { return newAlias(o.self, name) }

// Select returns SELECT of all the item's columns FROM it.
func (o FromOps) Select() *Select { return NewSelect(o.self) }

// Alias is a FROM item under another name.
type Alias struct {
	FromOps
	of      FromClause
	name    string
	columns []*Column
	byKey   map[string]*Column
}

func newAlias(of FromClause, name string) *Alias {
	a := &Alias{of: of, name: name}
	a.self = a
	a.columns, a.byKey = deriveColumns(a, of.Columns())
	return a
}

func deriveColumns(from FromClause, src []*Column) ([]*Column, map[string]*Column) {
	cols := make([]*Column, len(src))
	byKey := make(map[string]*Column, len(src))
	for i, c := range src {
		d := derive(from, c.name, c)
		d.key = c.key
		cols[i] = d
		byKey[d.key] = d
	}
	return cols, byKey
}

// Name returns the alias name ("" for an anonymous alias).
func (a *Alias) Name() string { return a.name }

// Original returns the aliased FROM item.
func (a *Alias) Original() FromClause { return a.of }

// Columns implements FromClause.
func (a *Alias) Columns() []*Column { return a.columns }

// C implements FromClause.
func (a *Alias) C(key string) *Column {
	if c, ok := a.byKey[key]; ok {
		return c
	}
	return invalidColumn(a, key)
}

// WriteSQL implements Element: "original AS name" in a FROM clause.
func (a *Alias) WriteSQL(c *Compiler) { c.writeAlias(a) }

// WriteCacheKey implements Element.
func (a *Alias) WriteCacheKey(k *CacheKey) {
	k.Tag(tagAlias)
	k.String(a.name)
	k.anonymous(a, a.name == "")
	k.From(a.of)
}

// Subquery is a SELECT in a FROM clause: (SELECT ...) AS name.
type Subquery struct {
	FromOps
	sel     SelectStatement
	name    string
	lateral bool
	columns []*Column
	byKey   map[string]*Column
}

func newSubquery(sel SelectStatement, name string) *Subquery {
	s := &Subquery{sel: sel, name: name}
	s.self = s
	s.columns, s.byKey = exportColumns(s, sel)
	return s
}

// exportColumns derives the columns a SELECT exposes to an enclosing
// query, named as exportedNames names them.
func exportColumns(from FromClause, sel SelectStatement) ([]*Column, map[string]*Column) {
	src := sel.SelectedColumns()
	names := exportedNames(src)
	cols := make([]*Column, len(src))
	byKey := make(map[string]*Column, len(src))
	for i, e := range src {
		d := derive(from, names[i], e)
		d.key = names[i]
		cols[i] = d
		byKey[names[i]] = d
	}
	return cols, byKey
}

// exportedNames names a select list's columns as results and subqueries
// see them: a column or label by its name, a function by its name with a
// number (count_1), other expressions anon_1, anon_2; a name seen before
// gets the first free suffix (id, id_1).
func exportedNames(cols []ColumnElement) []string {
	names := make([]string, len(cols))
	used := make(map[string]bool, len(cols))
	counters := map[string]int{}
	for i, e := range cols {
		name, anon := naturalName(e)
		if anon {
			for {
				counters[name]++
				n := name + "_" + strconv.Itoa(counters[name])
				if !used[n] {
					name = n
					break
				}
			}
		} else if used[name] {
			for k := 1; ; k++ {
				n := name + "_" + strconv.Itoa(k)
				if !used[n] {
					name = n
					break
				}
			}
		}
		used[name] = true
		names[i] = name
	}
	return names
}

// naturalName returns the name an expression exports, or a prefix for an
// anonymous name ("count" for count(*), "anon" otherwise) and true.
func naturalName(e ColumnElement) (string, bool) {
	switch x := e.(type) {
	case *Column:
		return x.name, false
	case *Label:
		return x.name, false
	case *Function:
		return x.name, true
	case *FunctionFilter:
		return x.fn.name, true
	case *Over:
		if f, ok := x.elem.(*Function); ok {
			return f.name, true
		}
	case *RawColumn:
		return x.text, false
	case Named:
		if n := x.ResultName(); n != "" {
			return n, false
		}
	}
	return "anon", true
}

// Name returns the subquery's name ("" when anonymous).
func (s *Subquery) Name() string { return s.name }

// Statement returns the SELECT inside.
func (s *Subquery) Statement() SelectStatement { return s.sel }

// Lateral returns a copy of the subquery marked LATERAL, so that it may
// refer to FROM items to its left.
func (s *Subquery) Lateral() *Subquery {
	n := newSubquery(s.sel, s.name)
	n.lateral = true
	return n
}

// Columns implements FromClause.
func (s *Subquery) Columns() []*Column { return s.columns }

// C implements FromClause.
func (s *Subquery) C(key string) *Column {
	if c, ok := s.byKey[key]; ok {
		return c
	}
	return invalidColumn(s, key)
}

// WriteSQL implements Element.
func (s *Subquery) WriteSQL(c *Compiler) { c.writeSubquery(s) }

// WriteCacheKey implements Element.
func (s *Subquery) WriteCacheKey(k *CacheKey) {
	k.Tag(tagSubquery)
	k.String(s.name)
	k.Bool(s.lateral)
	k.anonymous(s, s.name == "")
	k.Element(s.sel)
}

type joinKind uint8

const (
	joinInner joinKind = iota
	joinLeft
	joinFull
)

// Join is left JOIN right ON condition.
type Join struct {
	FromOps
	left, right FromClause
	on          ColumnElement
	kind        joinKind
	err         error
}

func newJoin(left, right FromClause, on []ColumnElement, kind joinKind) *Join {
	j := &Join{left: left, right: right, kind: kind}
	j.self = j
	switch len(on) {
	case 0:
		j.on, j.err = inferJoinCondition(left, right)
	case 1:
		j.on = on[0]
	default:
		j.on = And(on...)
	}
	return j
}

// Left returns the left side.
func (j *Join) Left() FromClause { return j.left }

// Right returns the right side.
func (j *Join) Right() FromClause { return j.right }

// OnClause returns the join condition.
func (j *Join) OnClause() ColumnElement { return j.on }

// Columns implements FromClause: the left side's columns, then the
// right's.
func (j *Join) Columns() []*Column {
	return append(append([]*Column(nil), j.left.Columns()...), j.right.Columns()...)
}

// C implements FromClause: the column with the key on either side
// (ErrAmbiguousColumn at compile when both have it).
func (j *Join) C(key string) *Column {
	var found *Column
	for _, c := range j.Columns() {
		if c.key == key {
			if found != nil {
				bad := invalidColumn(j, key)
				bad.err = fmt.Errorf("%w: %q is a column of both sides of the join", ErrAmbiguousColumn, key)
				return bad
			}
			found = c
		}
	}
	if found == nil {
		return invalidColumn(j, key)
	}
	return found
}

// WriteSQL implements Element.
func (j *Join) WriteSQL(c *Compiler) { c.writeJoin(j) }

// WriteCacheKey implements Element.
func (j *Join) WriteCacheKey(k *CacheKey) {
	k.Tag(tagJoin)
	k.Err(j.err)
	k.Int(int(j.kind))
	k.From(j.left)
	k.From(j.right)
	k.Element(j.on)
}

// leafFroms returns the tables, aliases and subqueries a FROM item is made
// of (a join's sides, recursively).
func leafFroms(f FromClause) []FromClause {
	if j, ok := f.(*Join); ok {
		return append(leafFroms(j.left), leafFroms(j.right)...)
	}
	return []FromClause{f}
}

// inferJoinCondition builds ON from the foreign keys between the two
// sides. When the left side is itself a join, keys to its rightmost item
// are preferred, as SQLAlchemy does.
func inferJoinCondition(left, right FromClause) (ColumnElement, error) {
	if j, ok := left.(*Join); ok {
		if on, err := joinConditionBetween(leafFroms(j.right), right); err == nil {
			return on, nil
		}
	}
	return joinConditionBetween(leafFroms(left), right)
}

func joinConditionBetween(lefts []FromClause, right FromClause) (ColumnElement, error) {
	var found [][]ColumnElement
	for _, rightLeaf := range leafFroms(right) {
		for _, l := range lefts {
			found = append(found, fkConditions(rightLeaf, l)...)
			found = append(found, fkConditions(l, rightLeaf)...)
		}
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%w between %s and %s; give the ON condition", ErrNoForeignKeys, describeFrom(lefts[len(lefts)-1]), describeFrom(right))
	case 1:
		if len(found[0]) == 1 {
			return found[0][0], nil
		}
		return And(found[0]...), nil
	}
	return nil, fmt.Errorf("%w: %s and %s are linked by %d foreign keys; give the ON condition", ErrAmbiguousJoin, describeFrom(lefts[len(lefts)-1]), describeFrom(right), len(found))
}

// fkConditions returns, for each foreign-key constraint of a table under
// child that refers to a table under parent, the equalities it implies
// between the two FROM items' columns.
func fkConditions(child, parent FromClause) [][]ColumnElement {
	var out [][]ColumnElement
	for _, cc := range child.Columns() {
		for _, fk := range cc.ForeignKeys() {
			target, err := fk.Column()
			if err != nil {
				continue
			}
			pc := correspondingColumn(parent, target)
			if pc == nil {
				continue
			}
			// Gather the whole constraint once, from its first column.
			fkc := fk.constraint
			if fkc != nil && len(fkc.elements) > 1 {
				if fkc.elements[0] != fk {
					continue
				}
				var conds []ColumnElement
				for _, el := range fkc.elements {
					t, err := el.Column()
					if err != nil {
						conds = nil
						break
					}
					p := correspondingColumn(parent, t)
					ch := correspondingColumn(child, el.parent)
					if p == nil || ch == nil {
						conds = nil
						break
					}
					conds = append(conds, p.Eq(ch))
				}
				if conds != nil {
					out = append(out, conds)
				}
				continue
			}
			out = append(out, []ColumnElement{pc.Eq(cc)})
		}
	}
	return out
}

// correspondingColumn returns the column of from that is, or stands for,
// target; nil when there is none.
func correspondingColumn(from FromClause, target *Column) *Column {
	for _, c := range from.Columns() {
		if c.sharesLineage(target) {
			return c
		}
	}
	return nil
}

// CTE is a common table expression: WITH name AS (SELECT ...). It is used
// as a FROM item; the WITH clause is written at the top of the statement.
type CTE struct {
	FromOps
	sel       SelectStatement
	name      string
	recursive bool
	restates  *CTE // the CTE a recursive union extends
	columns   []*Column
	byKey     map[string]*Column
}

func newCTE(sel SelectStatement, name string, recursive bool) *CTE {
	c := &CTE{sel: sel, name: name, recursive: recursive}
	c.self = c
	c.columns, c.byKey = exportColumns(c, sel)
	return c
}

// Name returns the CTE's name.
func (c *CTE) Name() string { return c.name }

// Recursive reports whether the CTE is recursive.
func (c *CTE) Recursive() bool { return c.recursive }

// Columns implements FromClause.
func (c *CTE) Columns() []*Column { return c.columns }

// C implements FromClause.
func (c *CTE) C(key string) *Column {
	if col, ok := c.byKey[key]; ok {
		return col
	}
	return invalidColumn(c, key)
}

// Union returns the recursive CTE whose body is this CTE's SELECT UNION
// the given one, which may refer to this CTE.
func (c *CTE) Union(others ...*Select) *CTE { return c.extend(compoundUnion, others) }

// UnionAll is Union with UNION ALL.
func (c *CTE) UnionAll(others ...*Select) *CTE { return c.extend(compoundUnionAll, others) }

func (c *CTE) extend(kind compoundKind, others []*Select) *CTE {
	parts := make([]SelectStatement, 0, len(others)+1)
	parts = append(parts, c.sel)
	for _, o := range others {
		parts = append(parts, o)
	}
	n := &CTE{sel: newCompound(kind, parts), name: c.name, recursive: c.recursive, restates: c}
	n.self = n
	// References to c inside the recursive part render as this CTE: the
	// compiler keys CTEs by their root.
	n.columns, n.byKey = exportColumns(n, n.sel)
	return n
}

// root returns the CTE that a chain of recursive extensions started from.
func (c *CTE) root() *CTE {
	for c.restates != nil {
		c = c.restates
	}
	return c
}

// WriteSQL implements Element: the CTE's name in a FROM clause.
func (c *CTE) WriteSQL(comp *Compiler) { comp.writeCTERef(c) }

// WriteCacheKey implements Element.
func (c *CTE) WriteCacheKey(k *CacheKey) {
	k.Tag(tagCTE)
	k.String(c.name)
	k.Bool(c.recursive)
	if k.enterCTE(c) {
		k.Element(c.sel)
		k.leaveCTE(c)
	}
}
