package sql

import (
	"fmt"

	"github.com/athanordb/athanor/types"
)

// FunctionTable is a function that returns rows, used as a FROM item:
// SQLAlchemy's table_valued and column_valued. It is reached through the
// alias Function.TableValued returns (FROM json_each(x) AS anon_1), or
// through the column Function.ColumnValued returns. Oracle writes the
// call as TABLE (fn(...)) (Hooks.TableFunction).
type FunctionTable struct {
	FromOps
	fn      *Function
	columns []*Column
	byKey   map[string]*Column
	scalar  bool
	err     error
}

var _ FromClause = (*FunctionTable)(nil)

// TableValued returns the function as a table with the given columns,
// under an anonymous alias (name it with Alias): SELECT anon_1.key,
// anon_1.value FROM jsonb_each(t.contents) AS anon_1. A column is given
// by its name (a string, of unknown type) or as a *Column (NewColumn("id",
// types.Integer{})); anything else fails to compile.
func (f *Function) TableValued(columns ...any) *Alias {
	ft := &FunctionTable{fn: f}
	ft.self = ft
	ft.byKey = make(map[string]*Column, len(columns))
	for _, c := range columns {
		var col *Column
		switch x := c.(type) {
		case string:
			col = NewColumn(x, nil)
		case *Column:
			if x == nil {
				ft.err = fmt.Errorf("%w: a nil column of a table-valued function", ErrArgument)
				continue
			}
			col = NewColumn(x.name, x.typ)
		default:
			ft.err = fmt.Errorf("%w: a table-valued function's column is a name or a *Column, not %T", ErrArgument, c)
			continue
		}
		col.from = ft
		ft.columns = append(ft.columns, col)
		if _, dup := ft.byKey[col.key]; !dup {
			ft.byKey[col.key] = col
		}
	}
	return newAlias(ft, "")
}

// ColumnValued returns the function as a table of one column, the value
// itself, under an anonymous alias: the column is written as the alias
// (SELECT anon_1 FROM unnest(...) AS anon_1) or, on Oracle, as its
// COLUMN_VALUE (SELECT anon_1.COLUMN_VALUE FROM TABLE (f(...)) anon_1).
// Its name in results is column_value; its type is the function's (see
// Function.Typed). SQLite cannot name a table as a column: there, use
// TableValued with the function's columns (json_each's value).
func (f *Function) ColumnValued() *Column {
	ft := &FunctionTable{fn: f, scalar: true}
	ft.self = ft
	var t types.Type = types.NullType{}
	if f != nil {
		t = f.Type()
	}
	col := NewColumn("column_value", t)
	col.from = ft
	ft.columns = []*Column{col}
	ft.byKey = map[string]*Column{col.key: col}
	return newAlias(ft, "").Columns()[0]
}

// Function returns the function called.
func (ft *FunctionTable) Function() *Function { return ft.fn }

// Columns implements FromClause.
func (ft *FunctionTable) Columns() []*Column { return ft.columns }

// C implements FromClause.
func (ft *FunctionTable) C(key string) *Column { return lookupColumn(ft, ft.byKey, key) }

// WriteSQL implements Element: the call, or the dialect's
// Hooks.TableFunction.
func (ft *FunctionTable) WriteSQL(c *Compiler) {
	switch {
	case ft.err != nil:
		c.Fail(ft.err)
	case ft.fn == nil:
		c.Fail(fmt.Errorf("%w: a table-valued function without its function", ErrArgument))
	case c.hooks.TableFunction != nil:
		c.hooks.TableFunction(c, ft.fn)
	default:
		c.Write(ft.fn)
	}
}

// WriteCacheKey implements Element.
func (ft *FunctionTable) WriteCacheKey(k *CacheKey) {
	k.Custom("sql.FunctionTable")
	k.Err(ft.err)
	k.Bool(ft.scalar)
	k.Element(ft.fn)
	k.Int(len(ft.columns))
	for _, col := range ft.columns {
		k.String(col.name)
		k.Type(col.typ)
	}
}

// Children implements Walker.
func (ft *FunctionTable) Children() []Element {
	if ft.fn == nil {
		return nil
	}
	return []Element{ft.fn}
}

// writeValueColumn writes a column of a ColumnValued function: its
// alias, and on Oracle the alias's COLUMN_VALUE. It reports whether col
// is one.
func (c *Compiler) writeValueColumn(col *Column) bool {
	a, ok := col.from.(*Alias)
	if !ok {
		return false
	}
	ft, ok := a.of.(*FunctionTable)
	if !ok || !ft.scalar {
		return false
	}
	c.writeQualifier(a)
	if c.hooks.ColumnValue != "" {
		c.WriteString("." + c.hooks.ColumnValue)
	}
	return true
}
