package mysql

import (
	"context"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// Reflection reads information_schema, the same on MySQL and MariaDB but
// for the details each method notes. Each aspect is a query (written by a
// function of the server) and a parser of its rows, so that both can be
// tested without a server. A schema is a database; "" is the connection's
// current one.

var _ dialect.Reflector = (*Dialect)(nil)

// schemaArg returns the SQL that names the schema in a WHERE clause, and
// its arguments: the current database for "".
func schemaArg(schema string) (string, []any) {
	if schema == "" {
		return "DATABASE()", nil
	}
	return "?", []any{schema}
}

// tableQuery returns a query about one table: where is the condition on
// TABLE_SCHEMA and TABLE_NAME's columns (prefix.TABLE_SCHEMA).
func tableQuery(query, prefix, schema, table string) (string, []any) {
	s, args := schemaArg(schema)
	return strings.ReplaceAll(query, "{where}", prefix+"TABLE_SCHEMA = "+s+" AND "+prefix+"TABLE_NAME = ?"), append(args, table)
}

// mustExist returns ErrNoSuchTable when the table does not exist.
func (d *Dialect) mustExist(ctx context.Context, q dialect.Queryer, schema, table string) error {
	ok, err := d.HasTable(ctx, q, schema, table)
	return catalog.MustExist(ok, err, schema, table)
}

// DefaultSchemaName implements dialect.Reflector: the current database.
func (d *Dialect) DefaultSchemaName(ctx context.Context, q dialect.Queryer) (string, error) {
	return catalog.Value(ctx, q, "SELECT DATABASE()")
}

// SchemaNames implements dialect.Reflector: the databases.
func (d *Dialect) SchemaNames(ctx context.Context, q dialect.Queryer) ([]string, error) {
	return catalog.Strings(ctx, q, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY SCHEMA_NAME")
}

// tableNamesQuery lists the tables (views, when views is set) of a
// database. MariaDB's system-versioned tables are tables too.
func tableNamesQuery(schema string, views bool) (string, []any) {
	s, args := schemaArg(schema)
	kinds := "'BASE TABLE', 'SYSTEM VERSIONED'"
	if views {
		kinds = "'VIEW', 'SYSTEM VIEW'"
	}
	return "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " + s +
		" AND TABLE_TYPE IN (" + kinds + ") ORDER BY TABLE_NAME", args
}

// TableNames implements dialect.Reflector.
func (d *Dialect) TableNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := tableNamesQuery(schema, false)
	return catalog.Strings(ctx, q, query, args...)
}

// ViewNames implements dialect.Reflector.
func (d *Dialect) ViewNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := tableNamesQuery(schema, true)
	return catalog.Strings(ctx, q, query, args...)
}

// ViewDefinition implements dialect.Reflector: information_schema's
// VIEW_DEFINITION, the query as the server rewrote it (names qualified
// and quoted).
func (d *Dialect) ViewDefinition(ctx context.Context, q dialect.Queryer, schema, view string) (string, error) {
	query, args := tableQuery("SELECT VIEW_DEFINITION FROM information_schema.VIEWS WHERE {where}", "", schema, view)
	defs, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(defs) == 0 {
		return "", catalog.NoSuchTable(schema, view)
	}
	return defs[0], nil
}

// columnsQuery selects what Columns needs from information_schema.COLUMNS,
// with, on MariaDB, the name of the CHECK json_valid(col) that makes a
// LONGTEXT column JSON.
func (d *Dialect) columnsQuery(schema, table string) (string, []any) {
	jsonCheck := "NULL"
	if d.server.MariaDB {
		jsonCheck = "(SELECT cc.CONSTRAINT_NAME FROM information_schema.CHECK_CONSTRAINTS cc " +
			"WHERE cc.CONSTRAINT_SCHEMA = c.TABLE_SCHEMA AND cc.TABLE_NAME = c.TABLE_NAME " +
			"AND cc.CONSTRAINT_NAME = c.COLUMN_NAME AND cc.CHECK_CLAUSE = CONCAT('json_valid(`', REPLACE(c.COLUMN_NAME, '`', '``'), '`)'))"
	}
	return tableQuery("SELECT c.COLUMN_NAME, c.COLUMN_TYPE, c.DATA_TYPE, c.IS_NULLABLE, c.COLUMN_DEFAULT, c.EXTRA, "+
		"c.COLUMN_COMMENT, c.GENERATION_EXPRESSION, "+jsonCheck+", "+
		"CASE WHEN c.COLLATION_NAME <> t.TABLE_COLLATION THEN c.COLLATION_NAME END"+
		" FROM information_schema.COLUMNS c JOIN information_schema.TABLES t"+
		" ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME"+
		" WHERE {where} ORDER BY c.ORDINAL_POSITION", "c.", schema, table)
}

// Columns implements dialect.Reflector.
func (d *Dialect) Columns(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ColumnInfo, error) {
	query, args := d.columnsQuery(schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, catalog.NoSuchTable(schema, table)
	}
	return d.parseColumns(rows), nil
}

// parseColumns reads the rows of columnsQuery: name, COLUMN_TYPE,
// DATA_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA, COLUMN_COMMENT,
// GENERATION_EXPRESSION, the JSON check's name, and the column's
// collation where it is not the table's.
func (d *Dialect) parseColumns(rows []catalog.Row) []dialect.ColumnInfo {
	out := make([]dialect.ColumnInfo, 0, len(rows))
	for _, r := range rows {
		extra := strings.ToLower(r.String(5))
		col := dialect.ColumnInfo{
			Name:          r.String(0),
			TypeName:      r.String(1),
			Type:          reflectType(r.String(1), r.String(2), !r.Null(8), r.String(9)),
			Nullable:      strings.EqualFold(r.String(3), "YES"),
			Autoincrement: strings.Contains(extra, "auto_increment"),
			Comment:       r.String(6),
		}
		if gen := r.String(7); gen != "" {
			col.Computed = &dialect.ComputedInfo{Expression: gen, Persisted: strings.Contains(extra, "stored") || strings.Contains(extra, "persistent")}
		} else if !r.Null(4) {
			col.Default = d.columnDefault(r.String(4), r.String(2), extra)
		}
		out = append(out, col)
	}
	return out
}

// columnDefault turns information_schema's COLUMN_DEFAULT into SQL. MariaDB
// (10.2.7 and later) gives SQL already: a quoted literal, a number, an
// expression, and NULL for no default. MySQL gives a literal's value
// unquoted, and marks expressions DEFAULT_GENERATED in EXTRA (apart from
// CURRENT_TIMESTAMP on a temporal column).
func (d *Dialect) columnDefault(def, dataType, extra string) string {
	if d.server.MariaDB {
		if strings.EqualFold(def, "NULL") {
			return ""
		}
		return def
	}
	switch {
	case strings.Contains(extra, "default_generated"):
		return def
	case isTemporal(dataType) && strings.HasPrefix(strings.ToUpper(def), "CURRENT_TIMESTAMP"):
		return def
	case isNumber(dataType) && def != "":
		if _, err := strconv.ParseFloat(def, 64); err == nil {
			return def
		}
	case dataType == "bit" && strings.HasPrefix(def, "b'"):
		return def
	}
	return d.quoteString(def)
}

func isTemporal(dataType string) bool {
	switch dataType {
	case "datetime", "timestamp", "date", "time", "year":
		return true
	}
	return false
}

func isNumber(dataType string) bool {
	switch dataType {
	case "tinyint", "smallint", "mediumint", "int", "integer", "bigint", "decimal", "numeric", "float", "double", "real":
		return true
	}
	return false
}

// reflectType maps a column's COLUMN_TYPE ("int(11)", "varchar(30)",
// "enum('a','b')", "tinyint(1)", "int(10) unsigned zerofill") and
// DATA_TYPE to the Athanor type this dialect creates such a column from:
// a generic type where one renders so, else one of the dialect's own
// types (TinyInt, MediumInt, Year, Bit, Set, MediumText, DateTime,
// Timestamp...); what neither names stays a dialect.DatabaseType. isJSON
// is set for MariaDB's LONGTEXT checked by json_valid, its JSON.
// collation is the column's when it is not its table's default.
func reflectType(columnType, dataType string, isJSON bool, collation string) types.Type {
	args := typeArgs(columnType)
	lower := strings.ToLower(columnType)
	zerofill := strings.Contains(lower, "zerofill")
	unsigned := zerofill || strings.Contains(lower, "unsigned")
	other := func(base types.Type) types.Type {
		return dialect.DatabaseType{Name: strings.ToUpper(columnType), Base: base}
	}
	switch strings.ToLower(dataType) {
	case "tinyint":
		if len(args) == 1 && args[0] == "1" && !unsigned {
			return types.Boolean{}
		}
		return TinyInt{Unsigned: unsigned, Zerofill: zerofill}
	case "smallint":
		if !unsigned {
			return types.SmallInteger{}
		}
		return SmallInt{Unsigned: unsigned, Zerofill: zerofill}
	case "mediumint":
		return MediumInt{Unsigned: unsigned, Zerofill: zerofill}
	case "int", "integer":
		if !unsigned {
			return types.Integer{}
		}
		return Int{Unsigned: unsigned, Zerofill: zerofill}
	case "bigint":
		if !unsigned {
			return types.BigInteger{}
		}
		return BigInt{Unsigned: unsigned, Zerofill: zerofill}
	case "year":
		return Year{}
	case "bit":
		return Bit{Length: atoi(args, 0)}
	case "varchar":
		return types.String{Length: atoi(args, 0), Collation: collation}
	case "char":
		return other(types.String{})
	case "longtext":
		if isJSON {
			return types.JSON{}
		}
		return types.Text{Collation: collation}
	case "tinytext":
		return TinyText{Collation: collation}
	case "text":
		return Text{Collation: collation}
	case "mediumtext":
		return MediumText{Collation: collation}
	case "json":
		return types.JSON{}
	case "decimal", "numeric":
		if unsigned {
			return other(types.Numeric{})
		}
		return types.Numeric{Precision: atoi(args, 0), Scale: atoi(args, 1)}
	case "float":
		if len(args) == 0 && !unsigned {
			return types.Float{}
		}
		return other(types.Float{})
	case "double", "real":
		if len(args) == 0 && !unsigned {
			return types.Double{}
		}
		return other(types.Double{})
	case "date":
		return types.Date{}
	case "datetime":
		if fsp := atoi(args, 0); fsp != 6 {
			return DateTime{FSP: fsp}
		}
		return types.DateTime{}
	case "timestamp":
		return Timestamp{FSP: atoi(args, 0)}
	case "time":
		if fsp := atoi(args, 0); fsp != 6 {
			return Time{FSP: fsp}
		}
		return types.Time{}
	case "longblob":
		return types.LargeBinary{}
	case "tinyblob":
		return TinyBlob{}
	case "blob":
		return Blob{}
	case "mediumblob":
		return MediumBlob{}
	case "binary", "varbinary":
		return other(types.LargeBinary{})
	case "uuid":
		return types.UUID{}
	case "enum":
		return types.Enum{Values: quotedList(columnType)}
	case "set":
		return Set{Values: quotedList(columnType)}
	}
	return other(nil)
}

// typeArgs returns what is between the parentheses of "decimal(10,2)".
func typeArgs(columnType string) []string {
	_, rest, ok := strings.Cut(columnType, "(")
	if !ok {
		return nil
	}
	rest, _, _ = strings.Cut(rest, ")")
	parts := strings.Split(rest, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

func atoi(args []string, i int) int {
	if i < len(args) {
		n, _ := strconv.Atoi(args[i])
		return n
	}
	return 0
}

// quotedList reads the values of "enum('a','it”s')".
func quotedList(columnType string) []string {
	start := strings.IndexByte(columnType, '(')
	if start < 0 {
		return nil
	}
	var out []string
	s := columnType[start+1:]
	for i := 0; i < len(s); i++ {
		if s[i] != '\'' {
			continue
		}
		var b strings.Builder
		j := i + 1
		for ; j < len(s); j++ {
			if s[j] == '\'' {
				if j+1 < len(s) && s[j+1] == '\'' {
					b.WriteByte('\'')
					j++
					continue
				}
				break
			}
			if s[j] == '\\' && j+1 < len(s) {
				j++
			}
			b.WriteByte(s[j])
		}
		out = append(out, b.String())
		i = j
	}
	return out
}

// PrimaryKey implements dialect.Reflector. MySQL names every primary key
// PRIMARY: the name is left "".
func (d *Dialect) PrimaryKey(ctx context.Context, q dialect.Queryer, schema, table string) (dialect.PrimaryKeyInfo, error) {
	query, args := tableQuery("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "+
		"WHERE {where} AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION", "", schema, table)
	cols, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return dialect.PrimaryKeyInfo{}, err
	}
	if len(cols) == 0 {
		return dialect.PrimaryKeyInfo{}, d.mustExist(ctx, q, schema, table)
	}
	return dialect.PrimaryKeyInfo{Columns: cols}, nil
}

// foreignKeysQuery selects the columns of each foreign key with its
// referential actions.
func foreignKeysQuery(schema, table string) (string, []any) {
	return tableQuery("SELECT k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_SCHEMA, k.REFERENCED_TABLE_NAME, "+
		"k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE "+
		"FROM information_schema.KEY_COLUMN_USAGE k JOIN information_schema.REFERENTIAL_CONSTRAINTS r "+
		"ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME AND r.TABLE_NAME = k.TABLE_NAME "+
		"WHERE {where} AND k.REFERENCED_TABLE_NAME IS NOT NULL "+
		"ORDER BY k.CONSTRAINT_NAME, k.ORDINAL_POSITION", "k.", schema, table)
}

// ForeignKeys implements dialect.Reflector.
func (d *Dialect) ForeignKeys(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ForeignKeyInfo, error) {
	query, args := foreignKeysQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return parseForeignKeys(rows), nil
}

// parseForeignKeys reads the rows of foreignKeysQuery, one per column.
// InnoDB treats RESTRICT and NO ACTION alike and reports RESTRICT when
// no action was given: both are "".
func parseForeignKeys(rows []catalog.Row) []dialect.ForeignKeyInfo {
	return catalog.ForeignKeys(rows, nil, func(first catalog.Row, fk *dialect.ForeignKeyInfo) {
		fk.OnDelete, fk.OnUpdate = fkAction(first.String(5)), fkAction(first.String(6))
	})
}

// CanonicalFKAction implements dialect.FKActionCanonicalizer: MySQL and
// MariaDB report a foreign key declared without an action, or with
// RESTRICT, as RESTRICT (NO ACTION only when written), and InnoDB checks
// RESTRICT and NO ACTION alike, at once: the three are one action here.
func (d *Dialect) CanonicalFKAction(action string) string {
	return fkAction(action)
}

func fkAction(rule string) string {
	switch rule = strings.ToUpper(rule); rule {
	case "RESTRICT", "NO ACTION":
		return ""
	}
	return rule
}

// indexesQuery selects every index's columns from information_schema
// .STATISTICS; on MySQL 8.0.13 and later also the expression of a
// functional key part.
func (d *Dialect) indexesQuery(schema, table string) (string, []any) {
	expr := "NULL"
	if d.functionalIndexes {
		expr = "EXPRESSION"
	}
	return tableQuery("SELECT INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, "+expr+
		" FROM information_schema.STATISTICS WHERE {where} AND INDEX_NAME != 'PRIMARY' "+
		"ORDER BY INDEX_NAME, SEQ_IN_INDEX", "", schema, table)
}

// indexRows reads the indexes of a table: the rows of indexesQuery by
// index, with the foreign keys whose implicit indexes are left out.
func (d *Dialect) indexRows(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	query, args := d.indexesQuery(schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	fks, err := d.ForeignKeys(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	return parseIndexes(rows, fks), nil
}

// parseIndexes reads the rows of indexesQuery (INDEX_NAME, NON_UNIQUE,
// COLUMN_NAME, COLLATION, EXPRESSION), one per key part, and leaves out the
// index InnoDB made by itself for a foreign key: named after the
// constraint (or, for an unnamed one, its first column), over the foreign
// key's columns.
func parseIndexes(rows []catalog.Row, fks []dialect.ForeignKeyInfo) []dialect.IndexInfo {
	var out []dialect.IndexInfo
	for _, group := range catalog.GroupBy(rows, 0) {
		ix := dialect.IndexInfo{Name: group[0].String(0), Unique: group[0].Int(1) == 0}
		for _, r := range group {
			el := dialect.IndexColumn{Name: r.String(2), Descending: r.String(3) == "D"}
			if el.Name == "" {
				el.Expression = r.String(4)
			}
			ix.Columns = append(ix.Columns, el)
		}
		if ix.Unique || !implicitFKIndex(ix, fks) {
			out = append(out, ix)
		}
	}
	return out
}

func implicitFKIndex(ix dialect.IndexInfo, fks []dialect.ForeignKeyInfo) bool {
	for _, fk := range fks {
		if len(fk.Columns) != len(ix.Columns) || ix.Name != fk.Name && ix.Name != fk.Columns[0] {
			continue
		}
		same := true
		for i, c := range ix.Columns {
			if c.Name != fk.Columns[i] || c.Descending {
				same = false
			}
		}
		if same {
			return true
		}
	}
	return false
}

// isPlainUnique reports whether an index is what MySQL makes of a UNIQUE
// constraint: unique, over columns, in ascending order.
func isPlainUnique(ix dialect.IndexInfo) bool {
	if !ix.Unique {
		return false
	}
	for _, c := range ix.Columns {
		if c.Name == "" || c.Descending {
			return false
		}
	}
	return true
}

// Indexes implements dialect.Reflector: the indexes other than the
// primary key, unique constraints (unique indexes over columns, which
// MySQL does not tell apart from them) and the implicit indexes of foreign
// keys.
func (d *Dialect) Indexes(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	all, err := d.indexRows(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	var out []dialect.IndexInfo
	for _, ix := range all {
		if !isPlainUnique(ix) {
			out = append(out, ix)
		}
	}
	return out, nil
}

// UniqueConstraints implements dialect.Reflector: the unique indexes over
// columns.
func (d *Dialect) UniqueConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.UniqueInfo, error) {
	all, err := d.indexRows(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	var out []dialect.UniqueInfo
	for _, ix := range all {
		if isPlainUnique(ix) {
			u := dialect.UniqueInfo{Name: ix.Name}
			for _, c := range ix.Columns {
				u.Columns = append(u.Columns, c.Name)
			}
			out = append(out, u)
		}
	}
	return out, nil
}

// checksQuery selects a table's CHECK constraints. MySQL (8.0.16 and
// later) names them per schema, MariaDB per table, where CHECK_CONSTRAINTS
// has the table's name and the constraint's level: a column-level one
// named after its column, json_valid(col), is MariaDB's JSON type and is
// left out.
func (d *Dialect) checksQuery(schema, table string) (string, []any) {
	if d.server.MariaDB {
		s, args := schemaArg(schema)
		return "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS " +
			"WHERE CONSTRAINT_SCHEMA = " + s + " AND TABLE_NAME = ? AND NOT (LEVEL = 'Column' AND " +
			"CHECK_CLAUSE = CONCAT('json_valid(`', REPLACE(CONSTRAINT_NAME, '`', '``'), '`)')) ORDER BY CONSTRAINT_NAME", append(args, table)
	}
	return tableQuery("SELECT tc.CONSTRAINT_NAME, cc.CHECK_CLAUSE FROM information_schema.TABLE_CONSTRAINTS tc "+
		"JOIN information_schema.CHECK_CONSTRAINTS cc ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME "+
		"WHERE {where} AND tc.CONSTRAINT_TYPE = 'CHECK' ORDER BY tc.CONSTRAINT_NAME", "tc.", schema, table)
}

// CheckConstraints implements dialect.Reflector.
func (d *Dialect) CheckConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.CheckInfo, error) {
	query, args := d.checksQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	out := make([]dialect.CheckInfo, len(rows))
	for i, r := range rows {
		out[i] = dialect.CheckInfo{Name: r.String(0), Expression: r.String(1)}
	}
	return out, nil
}

// TableComment implements dialect.Reflector.
func (d *Dialect) TableComment(ctx context.Context, q dialect.Queryer, schema, table string) (string, error) {
	query, args := tableQuery("SELECT TABLE_COMMENT FROM information_schema.TABLES WHERE {where}", "", schema, table)
	comments, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(comments) == 0 {
		return "", catalog.NoSuchTable(schema, table)
	}
	return comments[0], nil
}

// CanonicalTypeName implements dialect.TypeCanonicalizer: MySQL and
// MariaDB keep INT as INTEGER's type, DECIMAL as DECIMAL(10), FLOAT(p)
// as FLOAT (p up to 24) or DOUBLE, and BLOB(n) as the smallest blob type
// that holds n bytes.
func (d *Dialect) CanonicalTypeName(name string) string {
	head, tail, _ := strings.Cut(name, " ")
	if tail != "" {
		tail = " " + tail
	}
	switch {
	case head == "INT":
		return "INTEGER" + tail
	case head == "DECIMAL" || head == "NUMERIC":
		return "DECIMAL(10)" + tail
	case strings.HasPrefix(name, "FLOAT("):
		if p, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "FLOAT("), ")")); err == nil {
			if p <= 24 {
				return "FLOAT"
			}
			return "DOUBLE"
		}
	case name == "REAL" || name == "DOUBLE PRECISION":
		return "DOUBLE"
	case strings.HasPrefix(name, "BLOB("):
		if n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "BLOB("), ")")); err == nil {
			switch {
			case n < 1<<8:
				return "TINYBLOB"
			case n < 1<<16:
				return "BLOB"
			case n < 1<<24:
				return "MEDIUMBLOB"
			}
			return "LONGBLOB"
		}
	}
	return name
}
