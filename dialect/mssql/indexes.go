package mssql

import (
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
)

// Dialect options of indexes (sql.Index.Option) and of primary key and
// unique constraints (sql.ConstraintOptions.Dialect), named as in
// SQLAlchemy.
const (
	// OptClustered (bool): CLUSTERED when true, NONCLUSTERED when false,
	// on an index, a primary key or a unique constraint.
	OptClustered = "mssql_clustered"
	// OptColumnstore (bool): a COLUMNSTORE index. A clustered
	// columnstore index takes no columns (sql.IndexOn(name) alone).
	OptColumnstore = "mssql_columnstore"
	// OptInclude: the non-key columns an index includes, INCLUDE (cols):
	// column names ([]string) or columns ([]*sql.Column,
	// []sql.ColumnElement of columns).
	OptInclude = "mssql_include"
)

// boolOption returns a bool option, failing c when it is not a bool.
func boolOption(c *athsql.Compiler, get func(string) (any, bool), key string) (value, set bool) {
	v, ok := get(key)
	if !ok || v == nil {
		return false, false
	}
	b, isBool := v.(bool)
	if !isBool {
		c.Failf("%w: %s is a bool, not %T", athsql.ErrArgument, key, v)
		return false, false
	}
	return b, true
}

// indexPrefix writes [NON]CLUSTERED and COLUMNSTORE before INDEX.
func indexPrefix(c *athsql.Compiler, ix *athsql.Index) {
	if clustered, set := boolOption(c, ix.DialectOption, OptClustered); set {
		if clustered {
			c.WriteString("CLUSTERED ")
		} else {
			c.WriteString("NONCLUSTERED ")
		}
	}
	if cs, _ := boolOption(c, ix.DialectOption, OptColumnstore); cs {
		c.WriteString("COLUMNSTORE ")
	}
}

// indexSuffix writes INCLUDE (cols) after the key columns.
func indexSuffix(c *athsql.Compiler, ix *athsql.Index) {
	v, ok := ix.DialectOption(OptInclude)
	if !ok || v == nil {
		return
	}
	var names []string // a new slice: the option's is not changed
	switch x := v.(type) {
	case []string:
		for _, key := range x {
			if ix.Table() == nil || !ix.Table().HasColumn(key) {
				c.Failf("%w: index %q includes %q, which is not a column of its table", athsql.ErrArgument, ix.Name(), key)
				return
			}
			names = append(names, ix.Table().C(key).Name())
		}
	case []*athsql.Column:
		for _, col := range x {
			names = append(names, col.Name())
		}
	case []athsql.ColumnElement:
		for _, e := range x {
			col, isCol := athsql.Untyped(e).(*athsql.Column)
			if !isCol {
				c.Failf("%w: %s lists columns, not %T", athsql.ErrArgument, OptInclude, e)
				return
			}
			names = append(names, col.Name())
		}
	default:
		c.Failf("%w: %s is a list of column names or columns, not %T", athsql.ErrArgument, OptInclude, v)
		return
	}
	if len(names) == 0 {
		return
	}
	for i, n := range names {
		names[i] = dialect.Quote(c.Dialect(), n)
	}
	c.WriteString(" INCLUDE (" + strings.Join(names, ", ") + ")")
}

// constraintKeywords writes CLUSTERED or NONCLUSTERED after PRIMARY KEY
// or UNIQUE.
func constraintKeywords(c *athsql.Compiler, con athsql.Constraint) {
	var get func(string) (any, bool)
	switch x := con.(type) {
	case *athsql.PrimaryKeyConstraint:
		get = x.DialectOption
	case *athsql.UniqueConstraint:
		get = x.DialectOption
	default:
		return
	}
	if clustered, set := boolOption(c, get, OptClustered); set {
		if clustered {
			c.WriteString(" CLUSTERED")
		} else {
			c.WriteString(" NONCLUSTERED")
		}
	}
}
