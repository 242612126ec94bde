package sql

import (
	"fmt"

	"github.com/athanordb/athanor/types"
)

// TextClause is SQL written by hand, with :name placeholders for bound
// parameters (SQLAlchemy's text()). "::" (a PostgreSQL cast), a colon
// after a name character and a colon inside quotes are left alone; "\:"
// writes a literal colon anywhere.
//
// A TextClause is a statement, a condition (Where(Text("a > 1"))) and a
// column expression. Columns declares its result columns.
type TextClause struct {
	ColumnOps
	parts []textPart
	binds map[string]*BindParam
	typ   types.Type
	err   error
}

type textPart struct {
	text  string
	param string // a parameter name, when text is empty
}

// Text parses sql for :name parameters. Their values come from BindParams
// or from the parameters given at execution.
func Text(sql string) *TextClause {
	t := &TextClause{parts: parseText(sql), typ: types.NullType{}}
	t.self = t
	return t
}

func parseText(s string) []textPart {
	var parts []textPart
	var cur []byte
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == '\\' && i+1 < len(s) && s[i+1] == ':':
			cur = append(cur, ':')
			i++
		case quote != 0:
			cur = append(cur, ch)
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"':
			quote = ch
			cur = append(cur, ch)
		case ch == ':' && i+1 < len(s) && s[i+1] == ':':
			cur = append(cur, "::"...)
			i++
		case ch == ':' && i+1 < len(s) && isNameStart(s[i+1]) && (i == 0 || !isNameChar(s[i-1])):
			j := i + 1
			for j < len(s) && isNameChar(s[j]) {
				j++
			}
			if len(cur) > 0 {
				parts = append(parts, textPart{text: string(cur)})
				cur = cur[:0]
			}
			parts = append(parts, textPart{param: s[i+1 : j]})
			i = j - 1
		default:
			cur = append(cur, ch)
		}
	}
	if len(cur) > 0 {
		parts = append(parts, textPart{text: string(cur)})
	}
	return parts
}

func isNameStart(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isNameChar(c byte) bool  { return isNameStart(c) || c >= '0' && c <= '9' }

// BindParams returns a copy of the text with values (and types) for some
// of its parameters: Text("... :id").BindParams(Bind("id").WithValue(5)).
// A parameter the text does not have fails at compile.
func (t *TextClause) BindParams(params ...*BindParam) *TextClause {
	n := *t
	n.binds = make(map[string]*BindParam, len(t.binds)+len(params))
	for k, v := range t.binds {
		n.binds[k] = v
	}
	for _, p := range params {
		switch {
		case p == nil || !p.named:
			n.err = fmt.Errorf("%w: Text.BindParams takes named parameters (Bind)", ErrArgument)
		case !t.hasParam(p.name):
			n.err = fmt.Errorf("%w: the text has no parameter :%s", ErrArgument, p.name)
		default:
			n.binds[p.name] = p
		}
	}
	n.self = &n
	return &n
}

func (t *TextClause) hasParam(name string) bool {
	for _, p := range t.parts {
		if p.text == "" && p.param == name {
			return true
		}
	}
	return false
}

// Columns returns the text as a SELECT whose result columns are declared:
// rows come back typed by them, and the statement can be used as a
// subquery.
func (t *TextClause) Columns(cols ...ColumnElement) *TextualSelect {
	return &TextualSelect{text: t, columns: untypedAll(cols)}
}

// ParamNames returns the names of the text's parameters, in order.
func (t *TextClause) ParamNames() []string {
	var names []string
	for _, p := range t.parts {
		if p.text == "" {
			names = append(names, p.param)
		}
	}
	return names
}

// StatementKind implements Statement.
func (t *TextClause) StatementKind() StatementKind { return KindText }

// Type implements ColumnElement.
func (t *TextClause) Type() types.Type { return t.typ }

// SelfGroup implements Grouper: text in an expression is parenthesized
// when an operator applies to it.
func (t *TextClause) SelfGroup(against *Operator) ColumnElement {
	if against == OpAnd || against == OpOr {
		return newGrouping(t)
	}
	return t
}

// WriteSQL implements Element.
func (t *TextClause) WriteSQL(c *Compiler) {
	if t.err != nil {
		c.Fail(t.err)
		return
	}
	for _, p := range t.parts {
		if p.text != "" {
			c.WriteString(p.text)
			continue
		}
		b, ok := t.binds[p.param]
		if !ok {
			b = Bind(p.param)
		}
		c.WriteBind(b)
	}
}

// WriteCacheKey implements Element.
func (t *TextClause) WriteCacheKey(k *CacheKey) {
	k.Tag(tagText)
	k.Bool(t.err != nil)
	k.Int(len(t.parts))
	for _, p := range t.parts {
		k.String(p.text)
		k.String(p.param)
		if p.text == "" {
			if b, ok := t.binds[p.param]; ok {
				k.Element(b)
			} else {
				k.Tag(tagNull)
			}
		}
	}
}

// TextualSelect is a TextClause with declared result columns.
type TextualSelect struct {
	text    *TextClause
	columns []ColumnElement
}

// StatementKind implements Statement.
func (t *TextualSelect) StatementKind() StatementKind { return KindSelect }

// SelectedColumns implements SelectStatement.
func (t *TextualSelect) SelectedColumns() []ColumnElement { return t.columns }

// Subquery returns the textual select as a FROM item.
func (t *TextualSelect) Subquery(name string) *Subquery { return newSubquery(t, name) }

// CTE returns the textual select as a common table expression.
func (t *TextualSelect) CTE(name string) *CTE { return newCTE(t, name, false) }

// WriteSQL implements Element.
func (t *TextualSelect) WriteSQL(c *Compiler) {
	c.depth++
	defer func() { c.depth-- }()
	if c.depth == 1 {
		c.recordResultColumns(t.columns, exportedNames(t.columns))
	}
	t.text.WriteSQL(c)
}

// WriteCacheKey implements Element.
func (t *TextualSelect) WriteCacheKey(k *CacheKey) {
	k.Tag(tagTextualSelect)
	k.Element(t.text)
	k.Elements(t.columns)
}

// String describes the statement for messages (not its SQL: see Compile).
func (t *TextualSelect) String() string {
	return fmt.Sprintf("TextualSelect(%d columns)", len(t.columns))
}
