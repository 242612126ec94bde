package sql_test

import (
	"fmt"
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
