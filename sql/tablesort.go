package sql

import "errors"

// SortedTables returns the tables ordered so that each comes after the
// tables its foreign keys refer to (the order CreateAll uses; DropAll uses
// the reverse). Where foreign keys form a cycle, the fewest are left out
// of the ordering (CreateAll adds them with ALTER TABLE after the tables
// exist); which ones is decided deterministically, see CycleForeignKeys.
func (m *MetaData) SortedTables() ([]*Table, error) {
	sorted, _, err := sortTables(m.order)
	return sorted, err
}

// CycleForeignKeys returns the foreign keys that SortedTables leaves out of
// the ordering to break cycles between the tables.
func (m *MetaData) CycleForeignKeys() ([]*ForeignKeyConstraint, error) {
	_, cut, err := sortTables(m.order)
	return cut, err
}

// depEdge says that table from must exist before table to, because of fk.
type depEdge struct {
	from, to int
	fk       *ForeignKeyConstraint
	cut      bool
}

// sortTables orders tables by their foreign-key dependencies, and returns
// the constraints that had to be left out to break cycles. A foreign key
// to a table outside the list, or to its own table, does not order
// anything.
//
// Cycles are broken one edge at a time: among the strongly connected
// tables that hold the earliest-declared table still in a cycle, an edge
// between two of them (every such edge lies on a cycle) is cut, preferring
// a named constraint (which DropAll can drop by name), then the
// constraint of the earliest-declared table, in declaration order.
func sortTables(tables []*Table) ([]*Table, []*ForeignKeyConstraint, error) {
	index := make(map[*Table]int, len(tables))
	for i, t := range tables {
		index[t] = i
	}
	var edges []depEdge
	var errs []error
	for i, t := range tables {
		for _, fk := range t.ForeignKeyConstraints() {
			ref, err := fk.ReferredTable()
			if err != nil {
				errs = append(errs, err)
				continue
			}
			j, ok := index[ref]
			if !ok || j == i {
				continue
			}
			edges = append(edges, depEdge{from: j, to: i, fk: fk})
		}
	}
	if len(errs) > 0 {
		return nil, nil, errors.Join(errs...)
	}
	var cut []*ForeignKeyConstraint
	for {
		order, rest := topoSort(len(tables), edges)
		if rest == nil {
			out := make([]*Table, len(order))
			for i, o := range order {
				out[i] = tables[o]
			}
			return out, cut, nil
		}
		e := cycleEdge(len(tables), edges, rest)
		edges[e].cut = true
		cut = append(cut, edges[e].fk)
	}
}

// topoSort orders n nodes by the edges not cut (from before to), taking
// the lowest-numbered ready node at each step. When cycles stop it, it
// returns the nodes it could not order instead.
func topoSort(n int, edges []depEdge) ([]int, []bool) {
	indeg := make([]int, n)
	adj := make([][]int, n)
	for _, e := range edges {
		if !e.cut {
			adj[e.from] = append(adj[e.from], e.to)
			indeg[e.to]++
		}
	}
	order := make([]int, 0, n)
	done := make([]bool, n)
	for len(order) < n {
		picked := -1
		for i := 0; i < n; i++ {
			if !done[i] && indeg[i] == 0 {
				picked = i
				break
			}
		}
		if picked < 0 {
			rest := make([]bool, n)
			for i := range rest {
				rest[i] = !done[i]
			}
			return nil, rest
		}
		done[picked] = true
		order = append(order, picked)
		for _, t := range adj[picked] {
			indeg[t]--
		}
	}
	return order, nil
}

// cycleEdge returns the index of the edge to cut: one that lies on a
// cycle among the nodes in rest (see sortTables for the choice).
func cycleEdge(n int, edges []depEdge, rest []bool) int {
	comp := components(n, edges, rest)
	// The component to break: the one holding the lowest node that is on a
	// cycle (a component of more than one node).
	size := make(map[int]int)
	for i := 0; i < n; i++ {
		if rest[i] {
			size[comp[i]]++
		}
	}
	target := -1
	for i := 0; i < n && target < 0; i++ {
		if rest[i] && size[comp[i]] > 1 {
			target = comp[i]
		}
	}
	best := -1
	better := func(a, b int) bool {
		na, nb := edges[a].fk.named(), edges[b].fk.named()
		if na != nb {
			return na
		}
		return edges[a].to < edges[b].to
	}
	for i, e := range edges {
		if e.cut || !rest[e.from] || !rest[e.to] || comp[e.from] != target || comp[e.to] != target {
			continue
		}
		if best < 0 || better(i, best) {
			best = i
		}
	}
	return best
}

// components labels the strongly connected components of the graph of
// the edges not cut among the nodes in rest (Tarjan's algorithm).
func components(n int, edges []depEdge, rest []bool) []int {
	adj := make([][]int, n)
	for _, e := range edges {
		if !e.cut && rest[e.from] && rest[e.to] {
			adj[e.from] = append(adj[e.from], e.to)
		}
	}
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	comp := make([]int, n)
	for i := range index {
		index[i] = -1
		comp[i] = -1
	}
	var stack []int
	next, label := 0, 0
	var visit func(v int)
	visit = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, w := range adj[v] {
			if index[w] < 0 {
				visit(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] == index[v] {
			for {
				w := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				onStack[w] = false
				comp[w] = label
				if w == v {
					break
				}
			}
			label++
		}
	}
	for v := 0; v < n; v++ {
		if rest[v] && index[v] < 0 {
			visit(v)
		}
	}
	return comp
}
