package sql_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestCompiledColumnCounts compiles SELECTs of 1 to 7 result columns and
// 0 to 6 parameters (a Compiled, its Params and its Columns are allocated
// together when both are short): each Columns holds exactly the
// statement's columns, named and typed, with no room to append into
// another's; a statement that returns no rows has none.
func TestCompiledColumnCounts(t *testing.T) {
	cols := make([]*sql.Column, 7)
	items := make([]sql.TableItem, len(cols))
	for i := range cols {
		cols[i] = sql.NewColumn(fmt.Sprintf("c%d", i), types.Integer{})
		items[i] = cols[i]
	}
	tbl := sql.NewTable("wide", items...)
	for m := 1; m <= len(cols); m++ {
		for n := range 7 {
			items := make([]sql.Element, m)
			for i := range m {
				items[i] = tbl.C(fmt.Sprintf("c%d", i))
			}
			conds := make([]sql.ColumnElement, n)
			for i := range n {
				conds[i] = tbl.C("c0").Ne(i)
			}
			stmt := sql.NewSelect(items...).SelectFrom(tbl).Where(conds...)
			c, err := sql.Compile(stmt, qmark)
			if err != nil {
				t.Fatal(err)
			}
			other, err := sql.Compile(stmt, qmark)
			if err != nil {
				t.Fatal(err)
			}
			if c.Columns == nil || len(c.Columns) != m || cap(c.Columns) != m || len(c.Params) != n {
				t.Fatalf("%d columns, %d params: Columns %v (cap %d), %d Params", m, n, c.Columns, cap(c.Columns), len(c.Params))
			}
			if n == 0 && c.Params != nil {
				t.Errorf("%d columns, no params: Params %v, want nil", m, c.Params)
			}
			for i, rc := range c.Columns {
				if rc.Name != fmt.Sprintf("c%d", i) || rc.Expr != sql.ColumnElement(cols[i]) || rc.Type == nil || !c.Returns {
					t.Errorf("%d columns, %d params: column %d is %+v", m, n, i, rc)
				}
			}
			_ = append(c.Columns, sql.ResultColumn{Name: "extra"})
			_ = append(c.Params, sql.Param{Name: "extra"})
			if m > 0 && other.Columns[m-1].Name != fmt.Sprintf("c%d", m-1) {
				t.Errorf("appending to one Columns changed another's")
			}
			_, args, err := c.BindOwn(nil)
			if err != nil || len(args) != n {
				t.Errorf("%d columns, %d params: args %v, %v", m, n, args, err)
			}
		}
	}
	// A statement that returns no rows has no Columns.
	c, err := sql.Compile(sql.NewInsert(tbl).Values(map[string]any{"c0": 1}), qmark)
	if err != nil {
		t.Fatal(err)
	}
	if c.Columns != nil || c.Returns {
		t.Errorf("INSERT: Columns %v, Returns %v; want none", c.Columns, c.Returns)
	}
}

// TestSelectListSizes builds SELECTs of 1 to 7 items (columns,
// expressions, a table among them), each extended twice from one base by
// Where and OrderBy with 1 to 6 items (a short list is allocated with the
// statement, in an array of its length): every statement compiles to its
// own SQL, and the bases are unchanged.
func TestSelectListSizes(t *testing.T) {
	cols := make([]*sql.Column, 7)
	items := make([]sql.TableItem, len(cols))
	for i := range cols {
		cols[i] = sql.NewColumn(fmt.Sprintf("c%d", i), types.Integer{})
		items[i] = cols[i]
	}
	_ = sql.NewTable("w", items...)
	other := sql.NewTable("o", sql.NewColumn("a", types.Integer{}), sql.NewColumn("b", types.Integer{}))
	list := func(n int, f func(i int) string) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = f(i)
		}
		return strings.Join(parts, ", ")
	}
	for n := 1; n <= len(cols); n++ {
		for _, withTable := range []bool{false, true} {
			sel := make([]sql.Element, n)
			names := make([]string, 0, n+2)
			for i := range n {
				if i%2 == 1 {
					sel[i] = cols[i].Add(1).Label(fmt.Sprintf("x%d", i))
					names = append(names, fmt.Sprintf("w.c%d + ? AS x%d", i, i))
				} else {
					sel[i] = cols[i]
					names = append(names, fmt.Sprintf("w.c%d", i))
				}
				if withTable && i == n/2 {
					sel[i] = other
					names[len(names)-1] = "o.a, o.b"
				}
			}
			base := sql.NewSelect(sel...)
			from := "w"
			switch {
			case withTable && n == 1:
				from = "o"
			case withTable:
				from = "w, o"
			}
			baseSQL := "SELECT " + strings.Join(names, ", ") + " FROM " + from
			for k := 1; k <= 6; k++ {
				conds := make([]sql.ColumnElement, k)
				orders := make([]sql.ColumnElement, k)
				for i := range k {
					conds[i] = cols[i].Ne(i)
					orders[i] = cols[k-1-i].Desc()
				}
				where := base.Where(conds[:1]...).Where(conds[1:]...)
				ordered := where.OrderBy(orders...)
				other := base.Where(cols[6].Eq(9)).OrderBy(cols[5])
				whereSQL := " WHERE " + strings.ReplaceAll(list(k, func(i int) string { return fmt.Sprintf("w.c%d != ?", i) }), ", ", " AND ")
				orderSQL := " ORDER BY " + list(k, func(i int) string { return fmt.Sprintf("w.c%d DESC", k-1-i) })
				fromAll := from
				if !strings.Contains(fromAll, "w") {
					fromAll = "o, w"
				}
				wantBase := strings.Replace(baseSQL, " FROM "+from, " FROM "+fromAll, 1)
				for _, tc := range []struct {
					stmt *sql.Select
					want string
				}{
					{base, baseSQL},
					{where, wantBase + whereSQL},
					{ordered, wantBase + whereSQL + orderSQL},
					{other, wantBase + " WHERE w.c6 = ? ORDER BY w.c5"},
				} {
					c, err := sql.Compile(tc.stmt, qmark)
					if err != nil {
						t.Fatal(err)
					}
					if c.SQL != tc.want {
						t.Errorf("%d items (table %v), %d conditions:\n got: %s\nwant: %s", n, withTable, k, c.SQL, tc.want)
					}
				}
			}
		}
	}
}

// TestSelectBoundsFromOneBase builds statements from one base with every
// combination of Limit, Offset, Distinct, FetchFirst and WithoutLimits
// (a Select's LIMIT, OFFSET and DISTINCT are kept together and replaced
// whole by each call): each compiles to its own SQL and arguments, the
// base and the statements built before are unchanged, and their cache
// keys differ.
func TestSelectBoundsFromOneBase(t *testing.T) {
	myid := table1.C("myid")
	base := sql.NewSelect(myid).Where(myid.Gt(1))
	const sel = "SELECT mytable.myid FROM mytable WHERE mytable.myid > ?"
	const selDistinct = "SELECT DISTINCT mytable.myid FROM mytable WHERE mytable.myid > ?"
	lim := base.Limit(5)
	off := lim.Offset(7)
	dis := off.Distinct()
	lim2 := dis.Limit(9)
	none := lim2.WithoutLimits()
	fetch := off.FetchFirst(3, false, false)
	disOnly := base.Distinct()
	disNone := disOnly.WithoutLimits()
	offOnly := base.Offset(2)
	cases := []struct {
		stmt *sql.Select
		sql  string
		args string
	}{
		{base, sel, "[1]"},
		{lim, sel + " LIMIT ?", "[1 5]"},
		{off, sel + " LIMIT ? OFFSET ?", "[1 5 7]"},
		{dis, selDistinct + " LIMIT ? OFFSET ?", "[1 5 7]"},
		{lim2, selDistinct + " LIMIT ? OFFSET ?", "[1 9 7]"},
		{none, selDistinct, "[1]"},
		{fetch, sel + " OFFSET ? ROWS FETCH FIRST ? ROWS ONLY", "[1 7 3]"},
		{disOnly, selDistinct, "[1]"},
		{disNone, selDistinct, "[1]"},
		{offOnly, sel + " OFFSET ?", "[1 2]"},
	}
	var keys [][]byte
	for i, tc := range cases {
		c, err := sql.Compile(tc.stmt, qmark)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		text, args, err := c.BindOwn(nil)
		if err != nil {
			t.Fatalf("%d: %v", i, err)
		}
		if text != tc.sql || fmt.Sprint(args) != tc.args {
			t.Errorf("%d:\n got: %s %v\nwant: %s %s", i, text, args, tc.sql, tc.args)
		}
		keys = append(keys, sql.NewCacheKey(tc.stmt, false).Bytes())
	}
	for i := range keys {
		for j := range i {
			same := string(keys[i]) == string(keys[j])
			// Values are not in the key: a new LIMIT on a statement with
			// one keeps its structure; DISTINCT without bounds is one
			// structure however it is made.
			if want := i == 4 && j == 3 || i == 8 && j == 7 || i == 8 && j == 5 || i == 7 && j == 5; same != want {
				t.Errorf("statements %d and %d: same cache key %v, want %v", i, j, same, want)
			}
		}
	}
}
