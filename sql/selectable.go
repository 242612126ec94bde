package sql

import (
	"fmt"
	"slices"
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

// Join returns self JOIN right ON on; several conditions are joined with
// AND. Without on, the condition is inferred from the one foreign key
// between the two sides (ErrNoForeignKeys or ErrAmbiguousJoin at compile
// when there is none or more than one). When self is itself a join, a
// foreign key to its rightmost item is preferred.
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
// gives an anonymous alias, named at compile (anon_1, anon_2 in order of
// appearance). Each call makes a distinct alias, so two aliases of one
// table join it to itself.
func (o FromOps) Alias(name string) *Alias { return newAlias(o.self, name) }

// Select returns SELECT of all the item's columns FROM it.
func (o FromOps) Select() *Select { return NewSelect(o.self) }

// isNil reports a nil element, including a typed nil pointer.
func isNil(e Element) bool { return e == nil || isNilElement(e) }

// plainFrom turns a typed nil FROM item into nil, which every walk of the
// tree (cache keys included) handles.
func plainFrom(f FromClause) FromClause {
	if isNil(f) {
		return nil
	}
	return f
}

// plainFroms is plainFrom for a list; it reports whether one was nil.
func plainFroms(froms []FromClause) ([]FromClause, bool) {
	out := make([]FromClause, len(froms))
	hadNil := false
	for i, f := range froms {
		out[i] = plainFrom(f)
		hadNil = hadNil || out[i] == nil
	}
	return out, hadNil
}

// errNilFrom is the error of a construct given a nil FROM item.
func errNilFrom(what string) error {
	return fmt.Errorf("%w: %s of a nil FROM item", ErrArgument, what)
}

// Alias is a FROM item under another name.
type Alias struct {
	FromOps
	of      FromClause
	name    string
	columns []*Column
	byKey   map[string]*Column
	err     error
}

func newAlias(of FromClause, name string) *Alias {
	a := &Alias{name: name}
	a.self = a
	if isNil(of) { // kept nil: a typed nil would break the walks of the tree
		a.err = errNilFrom("alias")
		return a
	}
	if j, ok := of.(*Join); ok {
		// A join cannot be renamed as it stands: it becomes a subquery
		// selecting all its columns.
		of = NewSelect(j).Subquery("")
	}
	a.of = of
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
		if _, dup := byKey[d.key]; !dup {
			byKey[d.key] = d
		}
	}
	return cols, byKey
}

// lookupColumn returns byKey[key], or a placeholder column failing at
// compile.
func lookupColumn(from FromClause, byKey map[string]*Column, key string) *Column {
	if c, ok := byKey[key]; ok {
		return c
	}
	return invalidColumn(from, key)
}

// Name returns the alias name ("" for an anonymous alias).
func (a *Alias) Name() string { return a.name }

// Original returns the aliased FROM item (for an alias of a join, the
// subquery that stands for the join).
func (a *Alias) Original() FromClause { return a.of }

// Columns implements FromClause.
func (a *Alias) Columns() []*Column { return a.columns }

// C implements FromClause.
func (a *Alias) C(key string) *Column { return lookupColumn(a, a.byKey, key) }

// WriteSQL implements Element: "original AS name" in a FROM clause.
func (a *Alias) WriteSQL(c *Compiler) { c.writeAlias(a) }

// WriteCacheKey implements Element.
func (a *Alias) WriteCacheKey(k *CacheKey) {
	k.Tag(tagAlias)
	k.Err(a.err)
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
	err     error
}

func newSubquery(sel SelectStatement, name string) *Subquery {
	s := &Subquery{sel: sel, name: name}
	s.self = s
	s.columns, s.byKey, s.err = exportColumns(s, sel, "subquery")
	return s
}

// exportColumns derives the columns a SELECT exposes to an enclosing
// query, named as exportedNames names them. A column keeps its key (see
// Key) when it is exported under its own name. what names the FROM item
// in the error of a nil statement.
func exportColumns(from FromClause, sel SelectStatement, what string) ([]*Column, map[string]*Column, error) {
	if isNil(sel) {
		return nil, nil, fmt.Errorf("%w: %s of a nil statement", ErrArgument, what)
	}
	src := sel.SelectedColumns()
	names := exportedNames(src)
	cols := make([]*Column, len(src))
	byKey := make(map[string]*Column, len(src))
	for i, e := range src {
		d := derive(from, names[i], e)
		if _, taken := byKey[d.key]; taken {
			d.key = names[i]
		}
		cols[i] = d
		byKey[d.key] = d
	}
	// A name always finds its column, even when a key was kept.
	for i, d := range cols {
		if _, taken := byKey[names[i]]; !taken {
			byKey[names[i]] = d
		}
	}
	return cols, byKey, nil
}

// exportedNames names a select list's columns as results and subqueries
// see them: a column or label by its name, a function by its name with a
// number (count_1), other expressions anon_1, anon_2; a name seen before
// gets the first free suffix (id, id_1).
func exportedNames(cols []ColumnElement) []string {
	return appendExportedNames(make([]string, 0, len(cols)), cols)
}

// pushNames is exportedNames on the compiler's stack of names (a nested
// SELECT pushes its own above): popNames(mark) drops them.
func (c *Compiler) pushNames(cols []ColumnElement) (names []string, mark int) {
	mark = len(c.names)
	c.names = appendExportedNames(c.names, cols)
	return c.names[mark:len(c.names):len(c.names)], mark
}

func (c *Compiler) popNames(mark int) {
	clear(c.names[mark:])
	c.names = c.names[:mark]
}

// appendExportedNames appends exportedNames(cols) to dst.
func appendExportedNames(dst []string, cols []ColumnElement) []string {
	start := len(dst)
	dst = slices.Grow(dst, len(cols))[:start+len(cols)]
	names := dst[start:]
	// Small select lists (the usual) are searched without hashing.
	var used ptrIndex[string, bool]
	var counters ptrIndex[string, int]
	taken := func(n string) bool { _, ok := used.get(n); return ok }
	for i, e := range cols {
		name, anon := naturalName(e)
		if anon {
			n, _ := counters.get(name)
			for {
				n++
				candidate := name + "_" + strconv.Itoa(n)
				if !taken(candidate) {
					counters.set(name, n)
					name = candidate
					break
				}
			}
		} else if taken(name) {
			for k := 1; ; k++ {
				n := name + "_" + strconv.Itoa(k)
				if !taken(n) {
					name = n
					break
				}
			}
		}
		used.set(name, true)
		names[i] = name
	}
	return dst
}

// naturalName returns the name an expression exports, or a prefix for an
// anonymous name ("count" for count(*), "anon" otherwise) and true.
func naturalName(e ColumnElement) (string, bool) {
	switch x := e.(type) {
	case *Column:
		return x.name, false
	case *Label:
		if x.name == "" {
			// An unnamed label is anonymous, after what it labels:
			// sub_part_1 for a column sub_part.
			name, _ := naturalName(x.elem)
			return name, true
		}
		return x.name, false
	case *Function:
		return x.name, true
	case *RawColumn:
		return x.text, false
	case Named:
		if n := x.ResultName(); n != "" {
			return n, false
		}
	}
	// Window functions, FILTER and other expressions are anonymous, as in
	// SQLAlchemy.
	return "anon", true
}

// Name returns the subquery's name ("" when anonymous).
func (s *Subquery) Name() string { return s.name }

// Statement returns the SELECT inside.
func (s *Subquery) Statement() SelectStatement { return s.sel }

// Lateral returns a copy of the subquery marked LATERAL, so that it may
// refer to FROM items to its left (on databases with Features.Lateral).
// The copy has columns of its own: select them from the copy.
func (s *Subquery) Lateral() *Subquery {
	n := newSubquery(s.sel, s.name)
	n.lateral = true
	return n
}

// IsLateral reports whether the subquery is LATERAL.
func (s *Subquery) IsLateral() bool { return s.lateral }

// Columns implements FromClause.
func (s *Subquery) Columns() []*Column { return s.columns }

// C implements FromClause.
func (s *Subquery) C(key string) *Column { return lookupColumn(s, s.byKey, key) }

// WriteSQL implements Element.
func (s *Subquery) WriteSQL(c *Compiler) { c.writeSubquery(s) }

// WriteCacheKey implements Element.
func (s *Subquery) WriteCacheKey(k *CacheKey) {
	k.Tag(tagSubquery)
	k.Err(s.err)
	k.String(s.name)
	k.Bool(s.lateral)
	k.anonymous(s, s.name == "")
	k.Element(s.sel)
}

// fromObjects returns f and, for a join, every join and item inside it:
// what a FROM item stands for when deciding what it hides and what a
// subquery may correlate to.
func fromObjects(f FromClause) []FromClause { return appendFromObjects(nil, f) }

// appendFromObjects appends fromObjects(f) to dst: callers pass a buffer
// on their stack.
func appendFromObjects(dst []FromClause, f FromClause) []FromClause {
	dst = append(dst, fromIdentity(f))
	if j, ok := f.(*Join); ok {
		dst = appendFromObjects(dst, j.left)
		dst = appendFromObjects(dst, j.right)
	}
	return dst
}

// joinHolds reports whether an item inside the join j (not j itself) is
// id.
func joinHolds(j *Join, id FromClause) bool {
	for _, side := range [2]FromClause{j.left, j.right} {
		if fromIdentity(side) == id {
			return true
		}
		if inner, ok := side.(*Join); ok && joinHolds(inner, id) {
			return true
		}
	}
	return false
}

// fromIdentity returns what identifies a FROM item: a recursive CTE and
// its restatements are one item.
func fromIdentity(f FromClause) FromClause {
	if c, ok := f.(*CTE); ok && c != nil {
		return c.root()
	}
	return f
}

// qualifiedName returns the name a FROM item qualifies its columns with,
// or "" when it is anonymous or has none.
func qualifiedName(f FromClause) string {
	switch x := f.(type) {
	case *Table:
		if x != nil {
			return x.name
		}
	case *Alias:
		return x.name
	case *Subquery:
		return x.name
	case *CTE:
		return x.name
	}
	return ""
}
