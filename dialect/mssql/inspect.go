package mssql

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// Reflection reads SQL Server's catalog views (sys.tables, sys.columns,
// sys.indexes, sys.foreign_keys, ...), as SQLAlchemy's SQL Server dialect
// does. Each aspect is a query and a parser of its rows; no SQL Server runs
// where Athanor is tested, so both are tested on their text and on canned
// rows only. A schema is an owner ("dbo") or, as in table names, a
// database and an owner ("otherdb.dbo"), whose catalog views are read;
// "" is the session's default schema, SCHEMA_NAME().

var (
	_ dialect.Reflector         = (*Dialect)(nil)
	_ dialect.SequenceReflector = (*Dialect)(nil)
	_ dialect.TypeCanonicalizer = (*Dialect)(nil)
)

// catalogQuery fills a catalog query: {sys} is the catalog views' prefix
// (sys, or db.sys for another database), {owner} the schema's name (a
// parameter after those already in args, or SCHEMA_NAME()).
func (d *Dialect) catalogQuery(query, schema string, args ...any) (string, []any) {
	sys, owner := "sys", "SCHEMA_NAME()"
	if schema != "" {
		parts := splitSchema(schema)
		if db := parts[:len(parts)-1]; len(db) > 0 {
			sys = databaseName(d, db) + ".sys"
		}
		args = append(args, parts[len(parts)-1].name)
		owner = "@p" + strconv.Itoa(len(args))
	}
	return strings.NewReplacer("{sys}", sys, "{owner}", owner).Replace(query), args
}

// tableQuery fills a query about one table (sys.objects o, with its
// sys.schemas s): the table's name is @p1.
func (d *Dialect) tableQuery(query, schema, table string) (string, []any) {
	return d.catalogQuery(strings.ReplaceAll(query, "{table}", "o.name = @p1 AND s.name = {owner}"), schema, table)
}

const fromObject = " FROM {sys}.objects o JOIN {sys}.schemas s ON s.schema_id = o.schema_id "

// mustExist returns ErrNoSuchTable when the table does not exist.
func (d *Dialect) mustExist(ctx context.Context, q dialect.Queryer, schema, table string) error {
	ok, err := d.HasTable(ctx, q, schema, table)
	return catalog.MustExist(ok, err, schema, table)
}

// DefaultSchemaName implements dialect.Reflector: SCHEMA_NAME().
func (d *Dialect) DefaultSchemaName(ctx context.Context, q dialect.Queryer) (string, error) {
	return catalog.Value(ctx, q, "SELECT SCHEMA_NAME()")
}

// SchemaNames implements dialect.Reflector: the schemas of the current
// database.
func (d *Dialect) SchemaNames(ctx context.Context, q dialect.Queryer) ([]string, error) {
	return catalog.Strings(ctx, q, "SELECT name FROM sys.schemas ORDER BY name")
}

// TableNames implements dialect.Reflector: user tables.
func (d *Dialect) TableNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := d.catalogQuery("SELECT o.name"+fromObject+"WHERE o.type = 'U' AND o.is_ms_shipped = 0 AND s.name = {owner} ORDER BY o.name", schema)
	return catalog.Strings(ctx, q, query, args...)
}

// ViewNames implements dialect.Reflector.
func (d *Dialect) ViewNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := d.catalogQuery("SELECT o.name"+fromObject+"WHERE o.type = 'V' AND o.is_ms_shipped = 0 AND s.name = {owner} ORDER BY o.name", schema)
	return catalog.Strings(ctx, q, query, args...)
}

var createViewRE = regexp.MustCompile(`(?is)^\s*CREATE\s+(?:OR\s+ALTER\s+)?VIEW\s+(?:(?:\[(?:[^\]]|\]\])*\]|"[^"]*"|[\w@#$]+)\s*\.\s*)*(?:\[(?:[^\]]|\]\])*\]|"[^"]*"|[\w@#$]+)\s*(?:\([^)]*\))?\s*(?:WITH\s+\w+(?:\s*,\s*\w+)*\s+)?AS\s+(.*?)\s*;?\s*$`)

// ViewDefinition implements dialect.Reflector: the view's query, taken
// from the CREATE VIEW statement SQL Server keeps (sys.sql_modules).
func (d *Dialect) ViewDefinition(ctx context.Context, q dialect.Queryer, schema, view string) (string, error) {
	query, args := d.tableQuery("SELECT m.definition"+fromObject+"JOIN {sys}.sql_modules m ON m.object_id = o.object_id WHERE o.type = 'V' AND {table}", schema, view)
	defs, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(defs) == 0 {
		return "", catalog.NoSuchTable(schema, view)
	}
	return viewQuery(defs[0]), nil
}

// viewQuery returns what follows AS in a CREATE VIEW statement.
func viewQuery(def string) string {
	if m := createViewRE.FindStringSubmatch(def); m != nil {
		return m[1]
	}
	return strings.TrimSpace(def)
}

// columnsQuery selects each column's name, type (name, bytes, precision,
// scale), nullability, default, identity (seed and increment), computed
// definition, and comment (the MS_Description extended property).
func (d *Dialect) columnsQuery(schema, table string) (string, []any) {
	return d.tableQuery("SELECT c.name, t.name, c.max_length, c.precision, c.scale, c.is_nullable, "+
		"OBJECT_DEFINITION(c.default_object_id), c.is_identity, CAST(ic.seed_value AS BIGINT), CAST(ic.increment_value AS BIGINT), "+
		"cc.definition, cc.is_persisted, CAST(ep.value AS NVARCHAR(4000))"+fromObject+
		"JOIN {sys}.columns c ON c.object_id = o.object_id "+
		"JOIN {sys}.types t ON t.user_type_id = c.user_type_id "+
		"LEFT JOIN {sys}.identity_columns ic ON ic.object_id = c.object_id AND ic.column_id = c.column_id "+
		"LEFT JOIN {sys}.computed_columns cc ON cc.object_id = c.object_id AND cc.column_id = c.column_id "+
		"LEFT JOIN {sys}.extended_properties ep ON ep.class = 1 AND ep.major_id = c.object_id AND ep.minor_id = c.column_id AND ep.name = 'MS_Description' "+
		"WHERE o.type IN ('U', 'V') AND {table} ORDER BY c.column_id", schema, table)
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
	return parseColumns(rows), nil
}

// parseColumns reads the rows of columnsQuery.
func parseColumns(rows []catalog.Row) []dialect.ColumnInfo {
	out := make([]dialect.ColumnInfo, 0, len(rows))
	for _, r := range rows {
		name, t := reflectType(r.String(1), r.Int(2), r.Int(3), r.Int(4))
		col := dialect.ColumnInfo{
			Name:     r.String(0),
			TypeName: name,
			Type:     t,
			Nullable: r.Bool(5),
			Default:  r.String(6),
			Comment:  r.String(12),
		}
		if r.Bool(7) {
			col.Autoincrement = true
			col.Identity = &dialect.IdentityInfo{SequenceOptions: dialect.SequenceOptions{Start: r.Int(8), Increment: r.Int(9)}}
		}
		if !r.Null(10) {
			col.Computed = &dialect.ComputedInfo{Expression: r.String(10), Persisted: r.Bool(11)}
		}
		out = append(out, col)
	}
	return out
}

// reflectType names a column's type from sys.types' name and the column's
// max_length (in bytes, -1 for max), precision and scale, and maps it to
// the Athanor type this dialect writes the same way; other types keep
// their name in a dialect.DatabaseType.
func reflectType(name string, maxLength, precision, scale int64) (string, types.Type) {
	name = strings.ToLower(name)
	length := func(chars int64) string {
		if maxLength < 0 {
			return "max"
		}
		return strconv.FormatInt(chars, 10)
	}
	other := func(full string, base types.Type) (string, types.Type) {
		return full, dialect.DatabaseType{Name: strings.ToUpper(full), Base: base}
	}
	switch name {
	case "int":
		return name, types.Integer{}
	case "bigint":
		return name, types.BigInteger{}
	case "smallint":
		return name, types.SmallInteger{}
	case "bit":
		return name, types.Boolean{}
	case "nvarchar":
		full := name + "(" + length(maxLength/2) + ")"
		if maxLength < 0 {
			return full, types.Text{}
		}
		return full, types.String{Length: int(maxLength / 2)}
	case "varchar", "char", "varbinary", "binary":
		full := name + "(" + length(maxLength) + ")"
		if name == "varbinary" {
			if maxLength < 0 {
				return full, types.LargeBinary{}
			}
			return full, types.LargeBinary{Length: int(maxLength)}
		}
		if name == "binary" {
			return other(full, types.LargeBinary{})
		}
		return other(full, types.String{})
	case "nchar":
		return other(name+"("+length(maxLength/2)+")", types.String{})
	case "numeric", "decimal":
		full := name + "(" + strconv.FormatInt(precision, 10) + ", " + strconv.FormatInt(scale, 10) + ")"
		if name == "decimal" {
			return other(full, types.Numeric{Precision: int(precision), Scale: int(scale)})
		}
		return full, types.Numeric{Precision: int(precision), Scale: int(scale)}
	case "float":
		if precision > 0 && precision <= 24 {
			return other("real", types.Float{})
		}
		return name, types.Float{}
	case "real":
		return other(name, types.Float{})
	case "date":
		return name, types.Date{}
	case "datetime2":
		if scale == 7 {
			return name, types.DateTime{}
		}
		return other(name+"("+strconv.FormatInt(scale, 10)+")", types.DateTime{})
	case "datetimeoffset":
		if scale == 7 {
			return name, types.DateTime{Timezone: true}
		}
		return other(name+"("+strconv.FormatInt(scale, 10)+")", types.DateTime{Timezone: true})
	case "time":
		if scale == 7 {
			return name, types.Time{}
		}
		return other(name+"("+strconv.FormatInt(scale, 10)+")", types.Time{})
	case "datetime", "smalldatetime":
		return other(name, types.DateTime{})
	case "uniqueidentifier":
		return name, types.UUID{}
	case "ntext", "text":
		return other(name, types.Text{})
	case "image":
		return other(name, types.LargeBinary{})
	case "tinyint":
		return other(name, types.SmallInteger{})
	case "money", "smallmoney":
		return other(name, types.Numeric{Scale: 4})
	}
	return other(name, nil)
}

// CanonicalTypeName implements dialect.TypeCanonicalizer: SQL Server keeps
// INTEGER as INT, DOUBLE PRECISION and FLOAT(25) to FLOAT(53) as FLOAT,
// FLOAT(1) to FLOAT(24) as REAL.
func (d *Dialect) CanonicalTypeName(name string) string {
	switch {
	case name == "INTEGER":
		return "INT"
	case name == "DOUBLE PRECISION":
		return "FLOAT"
	case strings.HasPrefix(name, "FLOAT("):
		if p, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "FLOAT("), ")")); err == nil {
			if p <= 24 {
				return "REAL"
			}
			return "FLOAT"
		}
	}
	return name
}

// keyQuery selects the columns of a table's key constraints of a kind (PK
// or UQ), in key order.
func (d *Dialect) keyQuery(kind, schema, table string) (string, []any) {
	return d.tableQuery("SELECT k.name, c.name"+fromObject+
		"JOIN {sys}.key_constraints k ON k.parent_object_id = o.object_id "+
		"JOIN {sys}.index_columns ic ON ic.object_id = o.object_id AND ic.index_id = k.unique_index_id "+
		"JOIN {sys}.columns c ON c.object_id = o.object_id AND c.column_id = ic.column_id "+
		"WHERE k.type = '"+kind+"' AND {table} ORDER BY k.name, ic.key_ordinal", schema, table)
}

// PrimaryKey implements dialect.Reflector.
func (d *Dialect) PrimaryKey(ctx context.Context, q dialect.Queryer, schema, table string) (dialect.PrimaryKeyInfo, error) {
	query, args := d.keyQuery("PK", schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return dialect.PrimaryKeyInfo{}, err
	}
	return catalog.PrimaryKey(rows), nil
}

// UniqueConstraints implements dialect.Reflector.
func (d *Dialect) UniqueConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.UniqueInfo, error) {
	query, args := d.keyQuery("UQ", schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return catalog.Uniques(rows), nil
}

// foreignKeysQuery selects each foreign key's column pairs, referred
// table and actions.
func (d *Dialect) foreignKeysQuery(schema, table string) (string, []any) {
	return d.tableQuery("SELECT fk.name, pc.name, rs.name, ro.name, rc.name, fk.delete_referential_action_desc, fk.update_referential_action_desc"+fromObject+
		"JOIN {sys}.foreign_keys fk ON fk.parent_object_id = o.object_id "+
		"JOIN {sys}.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id "+
		"JOIN {sys}.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id "+
		"JOIN {sys}.objects ro ON ro.object_id = fkc.referenced_object_id JOIN {sys}.schemas rs ON rs.schema_id = ro.schema_id "+
		"JOIN {sys}.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id "+
		"WHERE {table} ORDER BY fk.name, fkc.constraint_column_id", schema, table)
}

// ForeignKeys implements dialect.Reflector.
func (d *Dialect) ForeignKeys(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ForeignKeyInfo, error) {
	query, args := d.foreignKeysQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return catalog.ForeignKeys(rows, nil, func(first catalog.Row, fk *dialect.ForeignKeyInfo) {
		fk.OnDelete, fk.OnUpdate = fkAction(first.String(5)), fkAction(first.String(6))
	}), nil
}

// fkAction reads sys.foreign_keys' action descriptions (SET_NULL).
func fkAction(desc string) string {
	a := strings.ReplaceAll(strings.ToUpper(desc), "_", " ")
	if a == "NO ACTION" {
		return ""
	}
	return a
}

// indexesQuery selects the key columns of each index that is not a
// primary key or unique constraint, with its filter (a partial index's
// condition).
func (d *Dialect) indexesQuery(schema, table string) (string, []any) {
	return d.tableQuery("SELECT i.name, i.is_unique, c.name, ic.is_descending_key, i.filter_definition"+fromObject+
		"JOIN {sys}.indexes i ON i.object_id = o.object_id "+
		"JOIN {sys}.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id "+
		"JOIN {sys}.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id "+
		"WHERE {table} AND i.type > 0 AND i.is_primary_key = 0 AND i.is_unique_constraint = 0 AND i.is_hypothetical = 0 "+
		"AND ic.is_included_column = 0 ORDER BY i.name, ic.key_ordinal", schema, table)
}

// Indexes implements dialect.Reflector. SQL Server indexes columns only
// (an expression is indexed through a computed column).
func (d *Dialect) Indexes(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	query, args := d.indexesQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	var out []dialect.IndexInfo
	for _, group := range catalog.GroupBy(rows, 0) {
		ix := dialect.IndexInfo{Name: group[0].String(0), Unique: group[0].Bool(1), Where: group[0].String(4)}
		for _, r := range group {
			ix.Columns = append(ix.Columns, dialect.IndexColumn{Name: r.String(2), Descending: r.Bool(3)})
		}
		out = append(out, ix)
	}
	return out, nil
}

// CheckConstraints implements dialect.Reflector.
func (d *Dialect) CheckConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.CheckInfo, error) {
	query, args := d.tableQuery("SELECT k.name, k.definition"+fromObject+
		"JOIN {sys}.check_constraints k ON k.parent_object_id = o.object_id WHERE {table} ORDER BY k.name", schema, table)
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

// TableComment implements dialect.Reflector: the table's MS_Description
// extended property.
func (d *Dialect) TableComment(ctx context.Context, q dialect.Queryer, schema, table string) (string, error) {
	query, args := d.tableQuery("SELECT CAST(ep.value AS NVARCHAR(4000))"+fromObject+
		"LEFT JOIN {sys}.extended_properties ep ON ep.class = 1 AND ep.major_id = o.object_id AND ep.minor_id = 0 AND ep.name = 'MS_Description' "+
		"WHERE o.type IN ('U', 'V') AND {table}", schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", catalog.NoSuchTable(schema, table)
	}
	return rows[0].String(0), nil
}

// Sequences implements dialect.SequenceReflector.
func (d *Dialect) Sequences(ctx context.Context, q dialect.Queryer, schema string) ([]dialect.SequenceInfo, error) {
	query, args := d.catalogQuery("SELECT o.name, TYPE_NAME(o.user_type_id), CAST(o.start_value AS BIGINT), CAST(o.increment AS BIGINT), "+
		"CAST(o.minimum_value AS BIGINT), CAST(o.maximum_value AS BIGINT), o.cache_size, o.is_cycling "+
		"FROM {sys}.sequences o JOIN {sys}.schemas s ON s.schema_id = o.schema_id WHERE s.name = {owner} ORDER BY o.name", schema)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]dialect.SequenceInfo, len(rows))
	for i, r := range rows {
		out[i] = dialect.SequenceInfo{Name: r.String(0), TypeName: r.String(1), SequenceOptions: dialect.SequenceOptions{
			Start: r.Int(2), Increment: r.Int(3), MinValue: r.Int(4), MaxValue: r.Int(5), Cache: r.Int(6), Cycle: r.Bool(7),
		}}
	}
	return out, nil
}
