package sql

// Walker is implemented by constructs defined outside this package that
// contain other elements, so that Walk can reach them.
type Walker interface {
	Children() []Element
}

// Walk calls fn for e and, while fn returns true, for the elements inside
// it, depth first. It is how Athanor finds the FROM items an expression
// refers to; it descends into subqueries too unless fn stops it.
func Walk(e Element, fn func(Element) bool) {
	if e == nil || isNilElement(e) || !fn(e) {
		return
	}
	walkChildren(e, fn)
}

func walkList[T Element](items []T, fn func(Element) bool) {
	for _, it := range items {
		Walk(it, fn)
	}
}

func walkChildren(e Element, fn func(Element) bool) {
	switch x := e.(type) {
	case *BinaryExpression:
		Walk(x.left, fn)
		Walk(x.right, fn)
	case *inList:
		walkList(x.items, fn)
	case *betweenRange:
		Walk(x.lo, fn)
		Walk(x.hi, fn)
	case *UnaryExpression:
		Walk(x.elem, fn)
	case *BooleanList:
		walkList(x.items, fn)
	case *Grouping:
		Walk(x.inner, fn)
	case *Label:
		Walk(x.elem, fn)
	case *Cast:
		Walk(x.elem, fn)
	case *TypeCoerce:
		Walk(x.elem, fn)
	case *Tuple:
		walkList(x.items, fn)
	case *Case:
		Walk(x.value, fn)
		for _, w := range x.whens {
			Walk(w.cond, fn)
			Walk(w.result, fn)
		}
		Walk(x.els, fn)
	case *Function:
		walkList(x.args, fn)
	case *FunctionFilter:
		Walk(x.fn, fn)
		Walk(x.where, fn)
	case *Over:
		Walk(x.elem, fn)
		walkList(x.window.PartitionBy, fn)
		walkList(x.window.OrderBy, fn)
	case *TextClause:
		for _, p := range x.parts {
			if b, ok := x.binds[p.param]; ok && p.text == "" {
				Walk(b, fn)
			}
		}
	case *ScalarSelect:
		Walk(x.sel, fn)
	case *Select:
		walkList(x.columns, fn)
		walkList(x.froms, fn)
		walkList(x.where, fn)
		walkList(x.rare().groupBy, fn)
		walkList(x.rare().having, fn)
		walkList(x.orderBy, fn)
	case *CompoundSelect:
		walkList(x.selects, fn)
		walkList(x.orderBy, fn)
	case *Join:
		Walk(x.left, fn)
		Walk(x.right, fn)
		Walk(x.on, fn)
	case *Alias:
		Walk(x.of, fn)
	case *Subquery:
		Walk(x.sel, fn)
	case *CTE:
		Walk(x.sel, fn)
	case *TextualSelect:
		Walk(x.text, fn)
		walkList(x.columns, fn)
	case *Insert:
		for r, row := range x.rows {
			for j := range x.cols {
				if v := elemAt(row, j); v != nil {
					Walk(v, fn)
				} else {
					// A plain value kept in the statement's block.
					Walk(x.cells.elem(r*len(x.cols)+j), fn)
				}
			}
		}
		Walk(x.fromSelect, fn)
		walkList(x.returning, fn)
	case *Update:
		for _, s := range x.sets {
			Walk(s.value, fn)
		}
		walkList(x.where, fn)
		walkList(x.returning, fn)
	case *Delete:
		walkList(x.where, fn)
		walkList(x.returning, fn)
	case Walker:
		for _, c := range x.Children() {
			Walk(c, fn)
		}
	}
}
