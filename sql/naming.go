package sql

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// NamingConvention names constraints and indexes, with SQLAlchemy's
// templates: each field is a template for one kind of object, in which
// these tokens are replaced:
//
//	%(table_name)s                 the table's name
//	%(constraint_name)s            the name the constraint was declared with
//	%(column_0_name)s              the first column's name (column_1_name, ...)
//	%(column_0_key)s               the first column's key
//	%(column_0_label)s             <table>_<column> of the first column
//	%(column_0N_name)s             every column's name, joined ("ab")
//	%(column_0_N_name)s            every column's name, joined with "_" ("a_b")
//	%(referred_table_name)s        a foreign key's referred table
//	%(referred_column_0_name)s     a foreign key's first referred column (also 0N, 0_N)
//
// The _key and _label forms also take 0N and 0_N. An object declared
// without a name is named by its template; one declared with a name keeps
// it, unless its template uses %(constraint_name)s. A template with a
// token it does not know fails at compile. Generated names longer than the
// database allows are shortened deterministically (dialect.TruncateName).
type NamingConvention struct {
	Index      string // indexes: "ix_%(column_0_label)s" by default
	Unique     string // unique constraints ("uq_%(table_name)s_%(column_0_name)s")
	Check      string // check constraints ("ck_%(table_name)s_%(constraint_name)s")
	ForeignKey string // foreign keys ("fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s")
	PrimaryKey string // primary keys ("pk_%(table_name)s")
}

// DefaultNamingConvention names indexes only, as SQLAlchemy does:
// ix_<table>_<first column>.
var DefaultNamingConvention = NamingConvention{Index: "ix_%(column_0_label)s"}

var conventionToken = regexp.MustCompile(`%\(([A-Za-z0-9_]+)\)s|%%`)

// namingSubject is what a convention template is filled from.
type namingSubject struct {
	table        *Table
	declared     string
	cols         []*Column
	referred     *Table
	referredCols []*Column
}

// conventionFor returns the template for a constraint or index, and the
// subject to fill it from.
func conventionFor(obj any) (string, namingSubject) {
	var nc NamingConvention
	var s namingSubject
	switch x := obj.(type) {
	case *Index:
		s = namingSubject{table: x.table, declared: x.name, cols: columnsIn(x.exprs)}
		nc = DefaultNamingConvention
		if x.table != nil && x.table.metadata != nil && x.table.metadata.naming.Index != "" {
			nc.Index = x.table.metadata.naming.Index
		}
		return nc.Index, s
	case Constraint:
		s = namingSubject{table: x.Table(), declared: x.Name()}
		if s.table != nil && s.table.metadata != nil {
			nc = s.table.metadata.naming
		}
		switch c := x.(type) {
		case *PrimaryKeyConstraint:
			s.cols = c.columns
			return nc.PrimaryKey, s
		case *UniqueConstraint:
			s.cols = c.columns
			return nc.Unique, s
		case *CheckConstraint:
			s.cols = c.Columns()
			if c.typeBound != nil && c.unnamedType && strings.Contains(nc.Check, "%(constraint_name)s") {
				return "", s // a type's unnamed check under a template that needs a name: unnamed
			}
			return nc.Check, s
		case *ForeignKeyConstraint:
			s.cols = c.columns
			s.referred, _ = c.ReferredTable()
			s.referredCols, _ = c.ReferredColumns()
			return nc.ForeignKey, s
		}
	}
	return "", s
}

// columnsIn returns the columns of index expressions: the plain columns,
// and the columns inside expressions, in order.
func columnsIn(exprs []ColumnElement) []*Column {
	var out []*Column
	for _, e := range exprs {
		Walk(e, func(el Element) bool {
			if c, ok := el.(*Column); ok {
				out = append(out, c)
				return false
			}
			return true
		})
	}
	return out
}

// objectName returns the name DDL gives a constraint or index: declared,
// or made by the naming convention (then truncated to the dialect's
// limit), or "" (the database names it).
func objectName(obj any, d dialect.Dialect) (string, error) {
	tmpl, s := conventionFor(obj)
	if tmpl == "" || s.table == nil || s.declared != "" && !strings.Contains(tmpl, "%(constraint_name)s") {
		if max := d.MaxIdentifierLength(); max > 0 && len(s.declared) > max {
			return "", fmt.Errorf("%w: name %q is longer than the %d characters %s allows", ErrArgument, s.declared, max, d.Name())
		}
		return s.declared, nil
	}
	name, err := expandConvention(tmpl, s)
	if err != nil {
		return "", err
	}
	return dialect.TruncateName(name, d.MaxIdentifierLength()), nil
}

// expandConvention fills a naming-convention template.
func expandConvention(tmpl string, s namingSubject) (string, error) {
	var err error
	out := conventionToken.ReplaceAllStringFunc(tmpl, func(m string) string {
		if m == "%%" {
			return "%"
		}
		v, e := conventionValue(m[2:len(m)-2], s)
		if e != nil && err == nil {
			err = e
		}
		return v
	})
	return out, err
}

var columnToken = regexp.MustCompile(`^(referred_)?column_(\d+|0N|0_N)_(name|key|label)$`)

func conventionValue(token string, s namingSubject) (string, error) {
	switch token {
	case "table_name":
		return s.table.name, nil
	case "constraint_name":
		if s.declared == "" {
			return "", fmt.Errorf("%w: the naming convention uses %%(constraint_name)s, so the constraint on table %q needs a name", ErrArgument, s.table.name)
		}
		return s.declared, nil
	case "referred_table_name":
		if s.referred == nil {
			return "", fmt.Errorf("%w: naming convention token %%(referred_table_name)s is only for foreign keys", ErrArgument)
		}
		return s.referred.name, nil
	}
	m := columnToken.FindStringSubmatch(token)
	if m == nil || m[1] != "" && (m[3] != "name" || s.referred == nil) {
		return "", fmt.Errorf("%w: unknown naming convention token %%(%s)s", ErrArgument, token)
	}
	cols := s.cols
	if m[1] != "" {
		cols = s.referredCols
	}
	attr := func(c *Column) string {
		switch m[3] {
		case "key":
			return c.key
		case "label":
			if t := c.Table(); t != nil {
				return t.name + "_" + c.name
			}
		}
		return c.name
	}
	switch m[2] {
	case "0N", "0_N":
		parts := make([]string, len(cols))
		for i, c := range cols {
			parts[i] = attr(c)
		}
		if m[2] == "0N" {
			return strings.Join(parts, ""), nil
		}
		return strings.Join(parts, "_"), nil
	}
	i, _ := strconv.Atoi(m[2])
	if i >= len(cols) {
		if len(cols) == 0 {
			return "", fmt.Errorf("%w: naming convention token %%(%s)s: table %q: the object has no columns to name it after; give it a name", ErrArgument, token, s.table.name)
		}
		return "", nil
	}
	return attr(cols[i]), nil
}

// ConstraintName returns the name a constraint is created and dropped by:
// its own, or the one the naming convention gives; "" when it has none.
func (c *Compiler) ConstraintName(con Constraint) string { return c.constraintName(con) }

// constraintName returns a constraint's name in DDL (see objectName),
// recording an error in the compiler.
func (c *Compiler) constraintName(con Constraint) string {
	name, err := objectName(con, c.d)
	if err != nil {
		c.Fail(err)
	}
	return name
}

// indexName returns an index's name in DDL (see objectName).
func (c *Compiler) indexName(ix *Index) string {
	name, err := objectName(ix, c.d)
	if err != nil {
		c.Fail(err)
	}
	return name
}
