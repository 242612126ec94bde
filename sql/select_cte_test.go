package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// selHooksDialect is Generic with rendering hooks.
type selHooksDialect struct {
	dialect.Dialect
	hooks *sql.Hooks
}

func (d selHooksDialect) SQLHooks() *sql.Hooks { return d.hooks }

// Cases from SQLAlchemy's test/sql/test_cte.py (CTETest), and ours.
func TestSelectCTE(t *testing.T) {
	orders := sql.NewTable("orders", sql.NewColumn("region", nil), sql.NewColumn("amount", nil), sql.NewColumn("product", nil), sql.NewColumn("quantity", nil))
	parts := sql.NewTable("parts", sql.NewColumn("part", nil), sql.NewColumn("sub_part", nil), sql.NewColumn("quantity", nil))

	// The anchor and the recursive union of test_recursive_union_*.
	anchor := func() *sql.CTE { return sql.NewSelect(sql.Literal(0).Label("x")).RecursiveCTE("cte") }
	extend := func(c *sql.CTE) *sql.CTE { return c.UnionAll(sql.NewSelect(c.C("x").Add(1)).Where(c.C("x").Lt(10))) }
	const cteBody = "cte(x) AS (SELECT :param_1 AS x UNION ALL SELECT cte.x + :x_1 AS anon_1 FROM cte WHERE cte.x < :x_2)"
	cteParams := []string{"param_1=0", "x_1=1", "x_2=10"}

	runSelCases(t, []selCase{
		{
			name: "nonrecursive: a CTE referring to another renders after it",
			stmt: func() sql.Element {
				regional := sql.NewSelect(orders.C("region"), sql.Func("sum", orders.C("amount")).Label("total_sales")).GroupBy(orders.C("region")).CTE("regional_sales")
				top := sql.NewSelect(regional.C("region")).Where(regional.C("total_sales").Gt(
					sql.NewSelect(sql.Func("sum", regional.C("total_sales")).Div(10)).ScalarSubquery())).CTE("top_regions")
				return sql.NewSelect(orders.C("region"), orders.C("product"), sql.Func("sum", orders.C("quantity")).Label("product_units"), sql.Func("sum", orders.C("amount")).Label("product_sales")).
					Where(orders.C("region").In(sql.NewSelect(top.C("region")))).GroupBy(orders.C("region"), orders.C("product"))
			}(),
			// SQLAlchemy's version uses // (FLOOR) and names the bind :sum_1.
			want: "WITH regional_sales AS (SELECT orders.region AS region, sum(orders.amount) AS total_sales FROM orders GROUP BY orders.region), " +
				"top_regions AS (SELECT regional_sales.region AS region FROM regional_sales WHERE regional_sales.total_sales > (SELECT sum(regional_sales.total_sales) / :param_1 AS anon_1 FROM regional_sales)) " +
				"SELECT orders.region, orders.product, sum(orders.quantity) AS product_units, sum(orders.amount) AS product_sales FROM orders WHERE orders.region IN (SELECT top_regions.region FROM top_regions) GROUP BY orders.region, orders.product",
			params: []string{"param_1=10"},
		},
		{
			name: "recursive, anonymous, with aliases",
			stmt: func() sql.Element {
				incl := sql.NewSelect(parts.C("sub_part"), parts.C("part"), parts.C("quantity")).Where(parts.C("part").Eq("our part")).RecursiveCTE("")
				inclAlias, partsAlias := incl.Alias(""), parts.Alias("")
				incl = incl.Union(sql.NewSelect(partsAlias.C("sub_part"), partsAlias.C("part"), partsAlias.C("quantity")).Where(partsAlias.C("part").Eq(inclAlias.C("sub_part"))))
				return sql.NewSelect(incl.C("sub_part"), sql.Func("sum", incl.C("quantity")).Label("total_quantity")).
					SelectFrom(incl.Join(parts, incl.C("part").Eq(parts.C("part")))).GroupBy(incl.C("sub_part"))
			}(),
			// SQLAlchemy names the anonymous alias of parts parts_1.
			want: "WITH RECURSIVE anon_1(sub_part, part, quantity) AS (SELECT parts.sub_part AS sub_part, parts.part AS part, parts.quantity AS quantity FROM parts WHERE parts.part = :part_1 " +
				"UNION SELECT anon_2.sub_part AS sub_part, anon_2.part AS part, anon_2.quantity AS quantity FROM parts AS anon_2, anon_1 AS anon_3 WHERE anon_2.part = anon_3.sub_part) " +
				"SELECT anon_1.sub_part, sum(anon_1.quantity) AS total_quantity FROM anon_1 JOIN parts ON anon_1.part = parts.part GROUP BY anon_1.sub_part",
			params: []string{`part_1="our part"`},
		},
		{
			name:   "recursive union, no alias",
			stmt:   sql.NewSelect(extend(anchor())),
			want:   "WITH RECURSIVE " + cteBody + " SELECT cte.x FROM cte",
			params: cteParams,
		},
		{
			name:   "recursive union, alias",
			stmt:   sql.NewSelect(extend(anchor()).Alias("cr1")),
			want:   "WITH RECURSIVE " + cteBody + " SELECT cr1.x FROM cte AS cr1",
			params: cteParams,
		},
		{
			name: "recursive union, a sibling CTE refers to it",
			stmt: func() sql.Element {
				c := extend(anchor())
				return sql.NewSelect(c, sql.NewSelect(c).CTE("bar"))
			}(),
			want:   "WITH RECURSIVE " + cteBody + ", bar AS (SELECT cte.x AS x FROM cte) SELECT cte.x, bar.x AS x_1 FROM cte, bar",
			params: cteParams,
		},
		{
			name: "recursive union, aliased, a sibling CTE refers to the alias",
			stmt: func() sql.Element {
				cs1 := extend(anchor()).Alias("cs1")
				return sql.NewSelect(cs1, sql.NewSelect(cs1).CTE("bar").Alias("cs2"))
			}(),
			want:   "WITH RECURSIVE " + cteBody + ", bar AS (SELECT cs1.x AS x FROM cte AS cs1) SELECT cs1.x, cs2.x AS x_1 FROM cte AS cs1, bar AS cs2",
			params: cteParams,
		},
		{
			name: "a sibling CTE of the anchor, with the recursive union first",
			stmt: func() sql.Element {
				a := anchor()
				bar := sql.NewSelect(a).CTE("bar")
				return sql.NewSelect(extend(a), bar)
			}(),
			want:   "WITH RECURSIVE " + cteBody + ", bar AS (SELECT cte.x AS x FROM cte) SELECT cte.x, bar.x AS x_1 FROM cte, bar",
			params: cteParams,
		},
		{
			name: "only the anchor: the anchor alone is written",
			stmt: func() sql.Element {
				a := anchor()
				bar := sql.NewSelect(a).CTE("bar")
				_ = extend(a)
				return sql.NewSelect(bar)
			}(),
			want:   "WITH RECURSIVE cte(x) AS (SELECT :param_1 AS x), bar AS (SELECT cte.x AS x FROM cte) SELECT bar.x FROM bar",
			params: []string{"param_1=0"},
		},
		{
			// SQLAlchemy writes bar first, then cte where it is restated;
			// the restatement keeps its place before bar here, which
			// every database accepts.
			name: "the anchor first, then the recursive union: the union replaces the anchor",
			stmt: func() sql.Element {
				a := anchor()
				bar := sql.NewSelect(a).CTE("bar")
				return sql.NewSelect(bar, extend(a))
			}(),
			want:   "WITH RECURSIVE " + cteBody + ", bar AS (SELECT cte.x AS x FROM cte) SELECT bar.x, cte.x AS x_1 FROM bar, cte",
			params: cteParams,
		},
		{
			name: "a restatement brings in a CTE: it is written before the restated one",
			stmt: func() sql.Element {
				a := anchor()
				limits := sql.NewSelect(sql.Literal(10).Label("top")).CTE("limits")
				full := a.UnionAll(sql.NewSelect(a.C("x").Add(1)).SelectFrom(limits).Where(a.C("x").Lt(limits.C("top"))))
				bar := sql.NewSelect(a).CTE("bar")
				return sql.NewSelect(bar, full)
			}(),
			// Bind names follow the order of compilation: the anchor was
			// compiled first.
			want: "WITH RECURSIVE limits AS (SELECT :param_2 AS top), cte(x) AS (SELECT :param_1 AS x UNION ALL SELECT cte.x + :x_1 AS anon_1 FROM limits, cte WHERE cte.x < limits.top), " +
				"bar AS (SELECT cte.x AS x FROM cte) SELECT bar.x, cte.x AS x_1 FROM bar, cte",
			params: []string{"param_2=10", "param_1=0", "x_1=1"},
		},
		{
			name: "recursive CTE with duplicate column names",
			stmt: func() sql.Element {
				manager := sql.NewTable("manager", sql.NewColumn("id", nil))
				employee := sql.NewTable("employee", sql.NewColumn("id", nil), sql.NewColumn("manager_id", nil))
				top := sql.NewSelect(employee, manager).JoinFrom(employee, manager, employee.C("manager_id").Eq(manager.C("id"))).RecursiveCTE("cte")
				bottom := sql.NewSelect(employee, manager).JoinFrom(employee, manager, employee.C("manager_id").Eq(manager.C("id"))).Join(top, top.C("id").Eq(employee.C("id")))
				return sql.NewSelect(top.UnionAll(bottom))
			}(),
			want: "WITH RECURSIVE cte(id, manager_id, id_1) AS (SELECT employee.id AS id, employee.manager_id AS manager_id, manager.id AS id_1 FROM employee JOIN manager ON employee.manager_id = manager.id " +
				"UNION ALL SELECT employee.id AS id, employee.manager_id AS manager_id, manager.id AS id_1 FROM employee JOIN manager ON employee.manager_id = manager.id JOIN cte ON cte.id = employee.id) " +
				"SELECT cte.id, cte.manager_id, cte.id_1 FROM cte",
		},
		{
			name: "quoted CTE name in two subqueries",
			stmt: func() sql.Element {
				cte := sql.NewSelect(sql.Literal(1).Label("id")).CTE("CTE")
				return sql.NewSelect(sql.NewSelect(cte.C("id")).Subquery(""), sql.NewSelect(cte.C("id")).Subquery(""))
			}(),
			want:   `WITH "CTE" AS (SELECT :param_1 AS id) SELECT anon_1.id, anon_2.id AS id_1 FROM (SELECT "CTE".id AS id FROM "CTE") AS anon_1, (SELECT "CTE".id AS id FROM "CTE") AS anon_2`,
			params: []string{"param_1=1"},
		},
		{
			name: "aliased CTE in two subqueries",
			stmt: func() sql.Element {
				aa := sql.NewSelect(sql.Literal(1).Label("id")).CTE("cte1").Alias("aa")
				return sql.NewSelect(sql.NewSelect(aa.C("id")).Subquery(""), sql.NewSelect(aa.C("id")).Subquery(""))
			}(),
			want:   "WITH cte1 AS (SELECT :param_1 AS id) SELECT anon_1.id, anon_2.id AS id_1 FROM (SELECT aa.id AS id FROM cte1 AS aa) AS anon_1, (SELECT aa.id AS id FROM cte1 AS aa) AS anon_2",
			params: []string{"param_1=1"},
		},
		{
			name: "CTEs refer to one aliased CTE",
			stmt: func() sql.Element {
				a := sql.NewTable("a", sql.NewColumn("id", nil))
				b := sql.NewTable("b", sql.NewColumn("id", nil), sql.NewColumn("fid", nil))
				c := sql.NewTable("c", sql.NewColumn("id", nil), sql.NewColumn("fid", nil))
				aa := sql.NewSelect(a.C("id")).CTE("cte1").Alias("aa")
				cte2 := sql.NewSelect(b.C("id")).SelectFrom(b.Join(aa, b.C("fid").Eq(aa.C("id")))).CTE("cte2")
				cte3 := sql.NewSelect(c.C("id")).SelectFrom(c.Join(aa, c.C("fid").Eq(aa.C("id")))).CTE("cte3")
				return sql.NewSelect(cte3.C("id"), cte2.C("id")).SelectFrom(cte2.Join(cte3, cte2.C("id").Eq(cte3.C("id"))))
			}(),
			want: "WITH cte1 AS (SELECT a.id AS id FROM a), cte2 AS (SELECT b.id AS id FROM b JOIN cte1 AS aa ON b.fid = aa.id), cte3 AS (SELECT c.id AS id FROM c JOIN cte1 AS aa ON c.fid = aa.id) " +
				"SELECT cte3.id, cte2.id AS id_1 FROM cte2 JOIN cte3 ON cte2.id = cte3.id",
		},
		{
			name: "a CTE in a compound",
			stmt: func() sql.Element {
				ta := sql.NewTable("a", sql.NewColumn("i", nil), sql.NewColumn("j", nil))
				tb := sql.NewTable("b", sql.NewColumn("i", nil), sql.NewColumn("j", nil))
				a := sql.NewSelect(ta).Where(ta.C("i").Gt(ta.C("j"))).CTE("filtered_a")
				a1 := sql.NewSelect(a.C("i"), sql.Literal(1).Label("j"))
				b := sql.NewSelect(tb).Join(a, a.C("i").Eq(tb.C("i"))).Where(tb.C("j").IsNotNull())
				return sql.UnionAll(a1, b)
			}(),
			want:   "WITH filtered_a AS (SELECT a.i AS i, a.j AS j FROM a WHERE a.i > a.j) SELECT filtered_a.i, :param_1 AS j FROM filtered_a UNION ALL SELECT b.i, b.j FROM b JOIN filtered_a ON filtered_a.i = b.i WHERE b.j IS NOT NULL",
			params: []string{"param_1=1"},
		},
		{
			name: "reserved word quoted in the column list",
			stmt: func() sql.Element {
				o := sql.NewTable("orders", sql.NewColumn("order", nil))
				s := sql.NewSelect(o.C("order")).RecursiveCTE("regional_sales")
				return sql.NewSelect(s.C("order"))
			}(),
			want: `WITH RECURSIVE regional_sales("order") AS (SELECT orders."order" AS "order" FROM orders) SELECT regional_sales."order" FROM regional_sales`,
		},
		{
			name: "a CTE referenced only from a scalar subquery",
			stmt: func() sql.Element {
				mx := sql.NewSelect(sql.Func("max", orders.C("amount")).Label("m")).CTE("mx")
				return sql.NewSelect(orders.C("region")).Where(orders.C("amount").Eq(sql.NewSelect(mx.C("m")).ScalarSubquery()))
			}(),
			want: "WITH mx AS (SELECT max(orders.amount) AS m FROM orders) SELECT orders.region FROM orders WHERE orders.amount = (SELECT mx.m FROM mx)",
		},
		{
			name: "a CTE added without a reference",
			stmt: func() sql.Element {
				cte := sql.NewSelect(orders.C("region")).CTE("unused")
				return sql.NewSelect(orders.C("region")).AddCTE(cte)
			}(),
			want: "WITH unused AS (SELECT orders.region AS region FROM orders) SELECT orders.region FROM orders",
		},
		{
			name: "anonymous CTEs are anon_1, anon_2",
			stmt: func() sql.Element {
				c1 := sql.NewSelect(orders.C("region")).CTE("")
				c2 := sql.NewSelect(c1.C("region")).CTE("")
				return sql.NewSelect(c2.C("region"), c1.C("region"))
			}(),
			want: "WITH anon_2 AS (SELECT orders.region AS region FROM orders), anon_1 AS (SELECT anon_2.region AS region FROM anon_2) SELECT anon_1.region, anon_2.region AS region_1 FROM anon_1, anon_2",
		},
		{
			name: "WITH RECURSIVE is the dialect's",
			stmt: sql.NewSelect(extend(anchor())),
			d: selHooksDialect{Dialect: dialect.Generic, hooks: &sql.Hooks{RecursiveKeyword: func() *string {
				s := ""
				return &s
			}()}},
			want:   "WITH " + cteBody + " SELECT cte.x FROM cte",
			params: cteParams,
		},
		{
			name:   "a compound CTE with AddCTE",
			stmt:   sql.Union(sql.NewSelect(orders.C("region")), sql.NewSelect(orders.C("product"))).AddCTE(sql.NewSelect(orders.C("amount")).CTE("amounts")),
			want:   "WITH amounts AS (SELECT orders.amount AS amount FROM orders) SELECT orders.region FROM orders UNION SELECT orders.product FROM orders",
			params: nil,
		},
	})

	runSelErrCases(t, []selErrCase{
		{
			name: "two different CTEs with one name",
			stmt: sql.NewSelect(sql.NewSelect(sql.Literal(1)).CTE("c1"), sql.NewSelect(sql.Literal(2)).CTE("c1")),
			want: sql.ErrArgument,
		},
		{name: "no CTE support", stmt: sql.NewSelect(sql.NewSelect(orders.C("region")).CTE("c")), d: withFeatures(func(f *dialect.Features) { f.CTE = false }), want: sql.ErrNotSupported},
		{name: "no recursive CTE support", stmt: sql.NewSelect(extend(anchor())), d: withFeatures(func(f *dialect.Features) { f.RecursiveCTE = false }), want: sql.ErrNotSupported},
		{name: "CTE of nil", stmt: sql.NewSelect(sql.NewSelect(orders.C("region")).AddCTE(nil)), want: sql.ErrArgument},
		{name: "recursive union with nil", stmt: sql.NewSelect(anchor().UnionAll(nil)), want: sql.ErrArgument},
	})
}
