package mysql

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/athanordb/athanor/dialect"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// serverDefault writes a column's DEFAULT. The current time on a
// DATETIME(6) column is CURRENT_TIMESTAMP(6), the precision MySQL
// requires; other expressions are parenthesized where the server takes
// expression defaults (MySQL 8.0.13, MariaDB 10.2.1 and later), as are
// all defaults of MySQL's TEXT, BLOB and JSON columns.
func (d *Dialect) serverDefault(c *athsql.Compiler, col *athsql.Column) bool {
	def := col.ServerDefault()
	c.WriteString(" DEFAULT ")
	if f, ok := def.(*athsql.Function); ok && len(f.Args()) == 0 && isNow(f.Name()) {
		if _, dt := dialect.TypeFor(d, col.Type()).(types.DateTime); dt {
			c.WriteString("CURRENT_TIMESTAMP(6)")
			return true
		}
	}
	text := c.InlineSQL(def)
	if d.defaultExprs && (needsParens(text) || !d.server.MariaDB && isBlobLike(d, col.Type()) && !strings.HasPrefix(text, "(")) {
		c.WriteString("(" + text + ")")
	} else {
		c.WriteString(text)
	}
	return true
}

func isNow(name string) bool {
	switch strings.ToLower(name) {
	case "now", "current_timestamp", "localtimestamp", "localtime":
		return true
	}
	return false
}

func isBlobLike(d *Dialect, t types.Type) bool {
	switch dialect.TypeFor(d, t).(type) {
	case types.Text, types.LargeBinary, types.JSON:
		return true
	}
	return false
}

var (
	wordRE    = regexp.MustCompile(`^\w+$`)
	nowCallRE = regexp.MustCompile(`(?i)^(now|current_timestamp)\(\d*\)$`)
)

// needsParens reports whether a DEFAULT's text is an expression MySQL
// takes only in parentheses: not a literal, a single word, or the current
// time.
func needsParens(text string) bool {
	if text == "" || strings.ContainsRune(`'"(`, rune(text[0])) {
		return false
	}
	return !wordRE.MatchString(text) && !nowCallRE.MatchString(text)
}

// Table options, in the order they are written; other mysql_* options
// come after them, in name order, then the partitioning.
var (
	leadingOptions   = []string{"ENGINE", "DEFAULT_CHARSET", "DEFAULT_CHARACTER_SET", "CHARSET", "CHARACTER_SET", "DEFAULT_COLLATE", "COLLATE"}
	partitionOptions = []string{"PARTITION_BY", "PARTITIONS", "SUBPARTITION_BY", "SUBPARTITIONS"}
	stringOptions    = []string{"COMMENT", "DATA_DIRECTORY", "INDEX_DIRECTORY", "PASSWORD", "CONNECTION"}
	spacedOptions    = []string{"DATA_DIRECTORY", "INDEX_DIRECTORY", "DEFAULT_CHARACTER_SET", "CHARACTER_SET", "DEFAULT_CHARSET", "DEFAULT_COLLATE"}
	optionNameRE     = regexp.MustCompile(`^[A-Z][A-Z0-9_]*$`)
	optionWordRE     = regexp.MustCompile(`^[A-Za-z0-9_]+$`)
)

// createTableSuffix writes the table options given as
// sql.TableOption("mysql_engine", "InnoDB") (or "mariadb_..."), as
// SQLAlchemy's mysql_* table keywords: ENGINE=InnoDB CHARSET=utf8mb4
// COLLATE utf8mb4_bin ..., then the table's comment, then
// mysql_partition_by (an expression, written as given), mysql_partitions
// and the subpartition options. A value other than a single word is
// refused, except the string options (COMMENT, DATA_DIRECTORY, ...), which
// are written as literals.
func (d *Dialect) createTableSuffix(c *athsql.Compiler, t *athsql.Table) {
	opts := map[string]string{}
	for k, v := range t.Options() {
		name, ok := strings.CutPrefix(k, "mysql_")
		if !ok {
			if name, ok = strings.CutPrefix(k, "mariadb_"); !ok {
				continue
			}
		}
		name = strings.ToUpper(name)
		if !optionNameRE.MatchString(name) {
			c.Fail(fmt.Errorf("%w: table option %q", athsql.ErrArgument, k))
			return
		}
		opts[name] = fmt.Sprint(v)
	}
	if t.Comment() != "" {
		opts["COMMENT"] = t.Comment()
	}
	var order []string
	for _, k := range leadingOptions {
		if _, ok := opts[k]; ok {
			order = append(order, k)
		}
	}
	var rest []string
	for k := range opts {
		if !slices.Contains(leadingOptions, k) && !slices.Contains(partitionOptions, k) && k != "COMMENT" {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	order = append(order, rest...)
	if _, ok := opts["COMMENT"]; ok {
		order = append(order, "COMMENT")
	}
	var parts []string
	for _, k := range order {
		v := opts[k]
		switch {
		case slices.Contains(stringOptions, k):
			v = d.quoteString(v)
		case !optionWordRE.MatchString(v):
			c.Fail(fmt.Errorf("%w: table option %s=%q: the value must be one word", athsql.ErrArgument, k, v))
			return
		}
		name, joiner := k, "="
		if slices.Contains(spacedOptions, k) {
			name = strings.ReplaceAll(k, "_", " ")
		}
		switch name {
		case "TABLESPACE", "DEFAULT CHARACTER SET", "CHARACTER SET", "COLLATE":
			joiner = " "
		}
		parts = append(parts, name+joiner+v)
	}
	for _, k := range partitionOptions {
		v, ok := opts[k]
		if !ok {
			continue
		}
		if (k == "PARTITIONS" || k == "SUBPARTITIONS") && !optionWordRE.MatchString(v) {
			c.Fail(fmt.Errorf("%w: table option %s=%q: the value must be a number", athsql.ErrArgument, k, v))
			return
		}
		parts = append(parts, strings.ReplaceAll(k, "_", " ")+" "+v)
	}
	if len(parts) > 0 {
		c.WriteString(" " + strings.Join(parts, " "))
	}
}

// setComment writes MySQL's statements for SetTableComment (ALTER TABLE t
// COMMENT 'text') and SetColumnComment (ALTER TABLE t MODIFY, restating
// the column's whole definition, its comment included).
func (d *Dialect) setComment(c *athsql.Compiler, t *athsql.Table, col *athsql.Column) bool {
	c.WriteString("ALTER TABLE ")
	c.Write(t)
	if col == nil {
		c.WriteString(" COMMENT " + d.quoteString(t.Comment()))
		return true
	}
	c.WriteString(" MODIFY ")
	c.WriteColumnDDL(col)
	return true
}

// dropConstraint writes MySQL's ALTER TABLE ... DROP forms: FOREIGN KEY,
// INDEX for a unique constraint, PRIMARY KEY, and CHECK (MySQL) or
// CONSTRAINT (MariaDB) for a check constraint.
func (d *Dialect) dropConstraint(c *athsql.Compiler, s *athsql.DropConstraint) bool {
	con := s.Constraint
	c.WriteString("ALTER TABLE ")
	c.Write(con.Table())
	c.WriteString(" DROP ")
	switch con.(type) {
	case *athsql.ForeignKeyConstraint:
		c.WriteString("FOREIGN KEY ")
	case *athsql.PrimaryKeyConstraint:
		c.WriteString("PRIMARY KEY")
		return true
	case *athsql.UniqueConstraint:
		c.WriteString("INDEX ")
	case *athsql.CheckConstraint:
		if d.server.MariaDB {
			c.WriteString("CONSTRAINT ")
		} else {
			c.WriteString("CHECK ")
		}
	default:
		c.WriteString("CONSTRAINT ")
	}
	if s.IfExists {
		c.WriteString("IF EXISTS ")
	}
	c.WriteIdentifier(c.ConstraintName(con))
	return true
}

// indexExpression writes an expression of an index as a functional key
// part, in parentheses (MySQL 8.0.13 and later); MariaDB and older MySQL
// index only columns (index a generated column instead).
func (d *Dialect) indexExpression(c *athsql.Compiler, e athsql.ColumnElement) {
	if !d.functionalIndexes {
		c.NotSupported("an index on an expression (index a generated column instead)")
		return
	}
	c.WriteByte('(')
	c.WriteInline(e)
	c.WriteByte(')')
}

// OptIndexPrefix is SQLAlchemy's mysql_prefix index option: "FULLTEXT" or
// "SPATIAL", written before INDEX (CREATE FULLTEXT INDEX ix ON t (body)),
// set with sql.Index.Option.
const OptIndexPrefix = "mysql_prefix"

// indexPrefix writes the index's FULLTEXT or SPATIAL.
func indexPrefix(c *athsql.Compiler, ix *athsql.Index) {
	v, ok := ix.DialectOption(OptIndexPrefix)
	if !ok || v == nil {
		return
	}
	word, _ := v.(string)
	switch strings.ToUpper(word) {
	case "FULLTEXT", "SPATIAL":
		c.WriteString(strings.ToUpper(word) + " ")
	default:
		c.Failf("%w: %s is FULLTEXT or SPATIAL, not %v", athsql.ErrArgument, OptIndexPrefix, v)
	}
}
