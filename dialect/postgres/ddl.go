package postgres

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// CreateEnumType is CREATE TYPE name AS ENUM (...). CreateAll runs it
// for the enum types its tables use; it is there for doing it by hand.
type CreateEnumType struct {
	Enum   types.Enum
	Schema string
}

// NewCreateEnumType returns CREATE TYPE [schema.]e.Name AS ENUM (e.Values).
func NewCreateEnumType(e types.Enum, schema string) *CreateEnumType {
	return &CreateEnumType{Enum: e, Schema: schema}
}

// StatementKind implements sql.Statement.
func (s *CreateEnumType) StatementKind() athsql.StatementKind { return athsql.KindDDL }

// WriteSQL implements sql.Element.
func (s *CreateEnumType) WriteSQL(c *athsql.Compiler) {
	if s.Enum.Name == "" {
		c.Fail(fmt.Errorf("%w: CREATE TYPE needs the enum to have a name", athsql.ErrArgument))
		return
	}
	if len(s.Enum.Values) == 0 {
		c.Fail(fmt.Errorf("%w: enum type %q has no values", athsql.ErrArgument, s.Enum.Name))
		return
	}
	c.WriteString("CREATE TYPE ")
	writeTypeName(c, s.Schema, s.Enum.Name)
	c.WriteString(" AS ENUM (")
	for i, v := range s.Enum.Values {
		if i > 0 {
			c.WriteString(", ")
		}
		c.WriteString(athsql.QuoteString(v))
	}
	c.WriteByte(')')
}

// WriteCacheKey implements sql.Element; DDL is never cached.
func (s *CreateEnumType) WriteCacheKey(k *athsql.CacheKey) { k.Custom("postgres.CreateEnumType") }

// DropEnumType is DROP TYPE name.
type DropEnumType struct {
	Enum     types.Enum
	Schema   string
	IfExists bool
}

// NewDropEnumType returns DROP TYPE [schema.]e.Name.
func NewDropEnumType(e types.Enum, schema string) *DropEnumType {
	return &DropEnumType{Enum: e, Schema: schema}
}

// StatementKind implements sql.Statement.
func (s *DropEnumType) StatementKind() athsql.StatementKind { return athsql.KindDDL }

// WriteSQL implements sql.Element.
func (s *DropEnumType) WriteSQL(c *athsql.Compiler) {
	if s.Enum.Name == "" {
		c.Fail(fmt.Errorf("%w: DROP TYPE needs the enum to have a name", athsql.ErrArgument))
		return
	}
	c.WriteString("DROP TYPE ")
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	writeTypeName(c, s.Schema, s.Enum.Name)
}

// WriteCacheKey implements sql.Element; DDL is never cached.
func (s *DropEnumType) WriteCacheKey(k *athsql.CacheKey) { k.Custom("postgres.DropEnumType") }

func writeTypeName(c *athsql.Compiler, schema, name string) {
	if schema = c.SchemaFor(schema); schema != "" {
		c.WriteIdentifier(schema)
		c.WriteByte('.')
	}
	c.WriteIdentifier(name)
}

// columnType writes SERIAL, BIGSERIAL or SMALLSERIAL for a table's
// autoincrement column when nothing else generates its values (no
// default, sequence, server default or identity).
func columnType(c *athsql.Compiler, col *athsql.Column) bool {
	if !col.Autoincrement() || col.Default() != nil || col.ServerDefault() != nil || col.Computed() != nil {
		return false
	}
	if col.Identity() != nil && c.Features().Identity {
		return false
	}
	switch types.Underlying(col.Type()).(type) {
	case types.Integer:
		c.WriteString("SERIAL")
	case types.BigInteger:
		c.WriteString("BIGSERIAL")
	case types.SmallInteger:
		c.WriteString("SMALLSERIAL")
	default:
		return false
	}
	return true
}

// writeNextValue writes nextval('name'): the sequence's name, quoted as an
// identifier where needed, inside a string literal.
func writeNextValue(c *athsql.Compiler, s *athsql.Sequence) {
	d := c.Dialect()
	name := dialect.Quote(d, s.Name())
	if schema := c.SchemaFor(s.Schema()); schema != "" {
		name = dialect.Quote(d, schema) + "." + name
	}
	c.WriteString("nextval(" + athsql.QuoteString(name) + ")")
}

// Table options read from sql.TableOption, written after CREATE TABLE's
// columns in PostgreSQL's order.
const (
	OptInherits    = "postgresql_inherits"     // string or []string: INHERITS (parents)
	OptPartitionBy = "postgresql_partition_by" // string: PARTITION BY RANGE (x), as written
	OptUsing       = "postgresql_using"        // string: USING heap
	OptWith        = "postgresql_with"         // map[string]any: WITH (key = value, ...); a nil value writes the key alone
	OptOnCommit    = "postgresql_on_commit"    // string: ON COMMIT PRESERVE ROWS | DELETE ROWS | DROP
	OptTablespace  = "postgresql_tablespace"   // string: TABLESPACE name
)

// createTableSuffix writes the table options.
func createTableSuffix(c *athsql.Compiler, t *athsql.Table) {
	if v, ok := t.Option(OptInherits); ok {
		var parents []string
		switch x := v.(type) {
		case string:
			parents = []string{x}
		case []string:
			parents = x
		default:
			c.Fail(fmt.Errorf("%w: table %q: %s is a name or a list of names, not %T", athsql.ErrArgument, t.Name(), OptInherits, v))
			return
		}
		c.WriteString(" INHERITS (")
		for i, p := range parents {
			if i > 0 {
				c.WriteString(", ")
			}
			writeDotted(c, p)
		}
		c.WriteByte(')')
	}
	if s, ok := stringOption(c, t, OptPartitionBy); ok {
		c.WriteString(" PARTITION BY " + s)
	}
	if s, ok := stringOption(c, t, OptUsing); ok {
		c.WriteString(" USING ")
		c.WriteIdentifier(s)
	}
	if v, ok := t.Option(OptWith); ok {
		m, isMap := v.(map[string]any)
		if !isMap {
			c.Fail(fmt.Errorf("%w: table %q: %s is a map[string]any, not %T", athsql.ErrArgument, t.Name(), OptWith, v))
			return
		}
		writeWith(c, m)
	}
	if s, ok := stringOption(c, t, OptOnCommit); ok {
		switch strings.ToUpper(s) {
		case "PRESERVE ROWS", "DELETE ROWS", "DROP":
			c.WriteString(" ON COMMIT " + strings.ToUpper(s))
		default:
			c.Fail(fmt.Errorf("%w: table %q: ON COMMIT %q is not PRESERVE ROWS, DELETE ROWS or DROP", athsql.ErrArgument, t.Name(), s))
		}
	}
	if s, ok := stringOption(c, t, OptTablespace); ok {
		c.WriteString(" TABLESPACE ")
		c.WriteIdentifier(s)
	}
}

func stringOption(c *athsql.Compiler, t *athsql.Table, key string) (string, bool) {
	v, ok := t.Option(key)
	if !ok {
		return "", false
	}
	s, isString := v.(string)
	if !isString || s == "" {
		c.Fail(fmt.Errorf("%w: table %q: option %s is a non-empty string, not %#v", athsql.ErrArgument, t.Name(), key, v))
		return "", false
	}
	return s, true
}

// writeDotted writes a possibly schema-qualified name, each part quoted
// as needed.
func writeDotted(c *athsql.Compiler, name string) {
	for i, part := range strings.Split(name, ".") {
		if i > 0 {
			c.WriteByte('.')
		}
		c.WriteIdentifier(part)
	}
}

// writeWith writes storage parameters, in key order.
func writeWith(c *athsql.Compiler, m map[string]any) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	c.WriteString(" WITH (")
	for i, k := range keys {
		if i > 0 {
			c.WriteString(", ")
		}
		c.WriteString(k)
		switch v := m[k].(type) {
		case nil:
		case bool:
			c.WriteString(" = " + strconv.FormatBool(v))
		case string:
			if !isWord(v) {
				c.Fail(fmt.Errorf("%w: storage parameter %s = %q: a value is a word or a number", athsql.ErrArgument, k, v))
				return
			}
			c.WriteString(" = " + v)
		case int, int64, float64:
			c.WriteString(fmt.Sprintf(" = %v", v))
		default:
			c.Fail(fmt.Errorf("%w: storage parameter %s = %T", athsql.ErrArgument, k, v))
			return
		}
		if !isWord(k) {
			c.Fail(fmt.Errorf("%w: storage parameter name %q", athsql.ErrArgument, k))
			return
		}
	}
	c.WriteByte(')')
}

// isWord reports whether s is made of letters, digits, '_' and '.' only,
// so that it can be written into SQL without quoting.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '.' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// indexExpression writes an index element that is an expression:
// parenthesized, as PostgreSQL requires of anything but a column or a
// function call (CAST included); ASC, DESC and NULLS FIRST/LAST stay
// outside the parentheses.
func indexExpression(c *athsql.Compiler, e athsql.ColumnElement) {
	var mods []*athsql.Operator
	for {
		u, ok := e.(*athsql.UnaryExpression)
		if !ok || u.Modifier() == nil {
			break
		}
		mods = append(mods, u.Modifier())
		e = u.Element()
	}
	switch e.(type) {
	case *athsql.Function, *athsql.Cast, *athsql.Column:
		c.WriteInline(e)
	default:
		c.WriteByte('(')
		c.WriteInline(e)
		c.WriteByte(')')
	}
	for i := len(mods) - 1; i >= 0; i-- {
		c.WriteString(mods[i].Text)
	}
}
