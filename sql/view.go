package sql

import (
	"fmt"
)

// CreateView is CREATE [OR REPLACE] VIEW name AS SELECT ..., as
// SQLAlchemy's CreateView. The SELECT's values are written into the text
// (a view has no parameters): a parameter without a value fails. Query
// the view through a Table of the same name and columns.
type CreateView struct {
	ddlBase
	Name   string
	Schema string
	Select SelectStatement
	// OrReplace replaces a view of that name: OR REPLACE, OR ALTER on SQL
	// Server; refused on SQLite, which has none.
	OrReplace bool
}

// DropView is DROP VIEW [IF EXISTS] name.
type DropView struct {
	ddlBase
	Name     string
	Schema   string
	IfExists bool
}

var (
	_ DDL = (*CreateView)(nil)
	_ DDL = (*DropView)(nil)
)

// NewCreateView returns CREATE VIEW name AS sel.
func NewCreateView(name string, sel SelectStatement) *CreateView {
	return &CreateView{Name: name, Select: sel}
}

// NewDropView returns DROP VIEW name.
func NewDropView(name string) *DropView { return &DropView{Name: name} }

// WriteSQL implements Element.
func (s *CreateView) WriteSQL(c *Compiler) {
	if s.Name == "" || s.Select == nil || isNilElement(s.Select) {
		c.Fail(fmt.Errorf("%w: CREATE VIEW needs a name and a SELECT", ErrArgument))
		return
	}
	k := NewCacheKey(s.Select, false)
	for _, b := range k.Binds() {
		if _, ok := b.Value(); !ok {
			k.Release()
			c.Fail(fmt.Errorf("%w: the SELECT of view %q has a parameter without a value (%s): a view takes none", ErrArgument, s.Name, b.Key()))
			return
		}
	}
	k.Release()
	// The SELECT is compiled on its own, values inline, so that its WITH
	// clause stays inside the view.
	body, err := compileWithKey(s.Select, c.d, nil, true, nil, &CompileOptions{SchemaTranslate: c.schemas})
	if err != nil {
		c.Fail(err)
		return
	}
	c.WriteString("CREATE ")
	if s.OrReplace {
		switch {
		case c.hooks.NoOrReplaceView:
			c.NotSupported("CREATE OR REPLACE VIEW (drop the view first)")
			return
		case c.hooks.OrReplaceView != "":
			c.WriteString(c.hooks.OrReplaceView + " ")
		default:
			c.WriteString("OR REPLACE ")
		}
	}
	c.WriteString("VIEW ")
	c.writeViewName(s.Schema, s.Name)
	c.WriteString(" AS ")
	c.WriteString(body.SQL)
}

// WriteSQL implements Element.
func (s *DropView) WriteSQL(c *Compiler) {
	if s.Name == "" {
		c.Fail(fmt.Errorf("%w: DROP VIEW without a name", ErrArgument))
		return
	}
	c.WriteString("DROP VIEW ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.writeViewName(s.Schema, s.Name)
}

func (c *Compiler) writeViewName(schema, name string) {
	if schema = c.SchemaFor(schema); schema != "" {
		if c.hooks.SchemaName != nil {
			c.hooks.SchemaName(c, schema)
		} else {
			c.WriteIdentifier(schema)
		}
		c.WriteByte('.')
	}
	c.WriteIdentifier(name)
}
