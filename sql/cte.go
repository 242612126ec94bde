package sql

// CTE is a common table expression: WITH name AS (SELECT ...). It is used
// as a FROM item; the WITH clause is written at the top of the statement,
// each CTE once, after the CTEs it refers to.
//
// A recursive CTE starts from its anchor, made by Select.RecursiveCTE;
// its UnionAll (or Union) returns the complete CTE, whose recursive part
// refers to the anchor's columns:
//
//	anchor := sql.NewSelect(sql.Literal(1).Label("n")).RecursiveCTE("counter")
//	counter := anchor.UnionAll(sql.NewSelect(anchor.C("n").Add(1)).Where(anchor.C("n").Lt(5)))
//	stmt := sql.NewSelect(counter.C("n"))
//
// renders WITH RECURSIVE counter(n) AS (SELECT ... UNION ALL SELECT
// counter.n + ... FROM counter WHERE ...) SELECT counter.n FROM counter.
type CTE struct {
	FromOps
	sel       SelectStatement
	name      string
	recursive bool
	restates  *CTE // the CTE a recursive union extends
	columns   []*Column
	byKey     map[string]*Column
	err       error
}

func newCTE(sel SelectStatement, name string, recursive bool) *CTE {
	c := &CTE{sel: sel, name: name, recursive: recursive}
	c.self = c
	c.columns, c.byKey, c.err = exportColumns(c, sel, "CTE")
	return c
}

// Name returns the CTE's name ("" when anonymous: it is named anon_1,
// anon_2 at compile).
func (c *CTE) Name() string { return c.name }

// Recursive reports whether the CTE is recursive.
func (c *CTE) Recursive() bool { return c.recursive }

// Statement returns the CTE's body.
func (c *CTE) Statement() SelectStatement { return c.sel }

// Columns implements FromClause.
func (c *CTE) Columns() []*Column { return c.columns }

// C implements FromClause.
func (c *CTE) C(key string) *Column { return lookupColumn(c, c.byKey, key) }

// Union returns the CTE whose body is this CTE's SELECT UNION the given
// ones, which may refer to this CTE: the recursive part of a recursive
// CTE. The result is the same CTE of the statement (same name, one WITH
// entry); select from it.
func (c *CTE) Union(others ...*Select) *CTE { return c.extend(compoundUnion, others) }

// UnionAll is Union with UNION ALL.
func (c *CTE) UnionAll(others ...*Select) *CTE { return c.extend(compoundUnionAll, others) }

func (c *CTE) extend(kind compoundKind, others []*Select) *CTE {
	parts := make([]SelectStatement, 0, len(others)+1)
	parts = append(parts, c.sel)
	for _, o := range others {
		parts = append(parts, o)
	}
	n := &CTE{name: c.name, recursive: c.recursive, restates: c, err: c.err}
	n.self = n
	if n.err != nil {
		return n
	}
	cs := newCompound(kind, parts)
	n.sel = cs
	// References to c inside the recursive part render as this CTE: the
	// compiler keys CTEs by their root.
	n.columns, n.byKey, n.err = exportColumns(n, cs, "CTE")
	if n.err == nil {
		n.err = cs.err
	}
	return n
}

// root returns the CTE that a chain of recursive extensions started from.
func (c *CTE) root() *CTE {
	for c.restates != nil {
		c = c.restates
	}
	return c
}

// extends reports whether c is a restatement, direct or not, of o.
func (c *CTE) extends(o *CTE) bool {
	for r := c.restates; r != nil; r = r.restates {
		if r == o {
			return true
		}
	}
	return false
}

// WriteSQL implements Element: the CTE's name in a FROM clause.
func (c *CTE) WriteSQL(comp *Compiler) { comp.writeCTERef(c) }

// WriteCacheKey implements Element.
func (c *CTE) WriteCacheKey(k *CacheKey) {
	k.Tag(tagCTE)
	k.Err(c.err)
	k.String(c.name)
	k.Bool(c.recursive)
	k.anonymous(c.root(), c.name == "")
	if k.enterCTE(c) {
		k.Element(c.sel)
		k.leaveCTE(c)
	}
}
