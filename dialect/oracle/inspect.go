package oracle

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// Reflection reads Oracle's data dictionary (all_tab_cols, all_constraints,
// all_indexes, ...), as SQLAlchemy's Oracle dialect does. Each aspect is a
// query and a parser of its rows; no Oracle server runs where Athanor is
// tested, so both are tested on their text and on canned rows only.
//
// Names follow Athanor's convention for Oracle in both directions: a name
// the dictionary holds in upper case that needs no quotes in lower case
// is given in lower case (USERS is users), other names as they are held
// ("Mixed Case"); a name asked for is looked up as Oracle stores it
// (storedName). A schema is an owner; "" is the session's current schema.

var (
	_ dialect.Reflector         = (*Dialect)(nil)
	_ dialect.SequenceReflector = (*Dialect)(nil)
	_ dialect.TypeCanonicalizer = (*Dialect)(nil)
)

// normalName is a dictionary name as Athanor names it: lower case when
// Oracle folded it to upper case.
func (d *Dialect) normalName(stored string) string {
	if lower := strings.ToLower(stored); strings.ToUpper(stored) == stored && !d.NeedsQuote(lower) {
		return lower
	}
	return stored
}

// ownerQuery fills a dictionary query: {owner} is the schema (a parameter
// after those already in args, or the current schema).
func (d *Dialect) ownerQuery(query, schema string, args ...any) (string, []any) {
	owner := "SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA')"
	if schema != "" {
		args = append(args, d.storedName(schema))
		owner = ":" + strconv.Itoa(len(args))
	}
	return strings.ReplaceAll(query, "{owner}", owner), args
}

// tableQuery fills a query about one table, whose name is :1.
func (d *Dialect) tableQuery(query, schema, table string) (string, []any) {
	return d.ownerQuery(query, schema, d.storedName(table))
}

// mustExist returns ErrNoSuchTable when neither a table nor a view has
// the name.
func (d *Dialect) mustExist(ctx context.Context, q dialect.Queryer, schema, table string) error {
	query, args := d.tableQuery("SELECT 1 FROM all_objects WHERE object_name = :1 AND owner = {owner} AND object_type IN ('TABLE', 'VIEW')", schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err == nil && len(rows) == 0 {
		err = catalog.NoSuchTable(schema, table)
	}
	return err
}

func (d *Dialect) names(ctx context.Context, q dialect.Queryer, query string, args ...any) ([]string, error) {
	names, err := catalog.Strings(ctx, q, query, args...)
	for i := range names {
		names[i] = d.normalName(names[i])
	}
	return names, err
}

// DefaultSchemaName implements dialect.Reflector: the current schema.
func (d *Dialect) DefaultSchemaName(ctx context.Context, q dialect.Queryer) (string, error) {
	names, err := d.names(ctx, q, "SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM DUAL")
	if err != nil || len(names) == 0 {
		return "", err
	}
	return names[0], nil
}

// SchemaNames implements dialect.Reflector: the users.
func (d *Dialect) SchemaNames(ctx context.Context, q dialect.Queryer) ([]string, error) {
	return d.names(ctx, q, "SELECT username FROM all_users ORDER BY username")
}

// TableNames implements dialect.Reflector: tables, without nested,
// secondary, overflow and dropped ones.
func (d *Dialect) TableNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := d.ownerQuery("SELECT table_name FROM all_tables WHERE owner = {owner} AND nested = 'NO' AND secondary = 'N' "+
		"AND iot_name IS NULL AND dropped = 'NO' ORDER BY table_name", schema)
	return d.names(ctx, q, query, args...)
}

// ViewNames implements dialect.Reflector.
func (d *Dialect) ViewNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := d.ownerQuery("SELECT view_name FROM all_views WHERE owner = {owner} ORDER BY view_name", schema)
	return d.names(ctx, q, query, args...)
}

// ViewDefinition implements dialect.Reflector: all_views' text, the query.
func (d *Dialect) ViewDefinition(ctx context.Context, q dialect.Queryer, schema, view string) (string, error) {
	query, args := d.tableQuery("SELECT text FROM all_views WHERE view_name = :1 AND owner = {owner}", schema, view)
	defs, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(defs) == 0 {
		return "", catalog.NoSuchTable(schema, view)
	}
	return strings.TrimSpace(defs[0]), nil
}

// columnsQuery selects each visible column's name, type (data_type,
// char_length, precision, scale), nullability, default, whether it is
// virtual, its identity (generation and options) and comment.
func (d *Dialect) columnsQuery(schema, table string) (string, []any) {
	identity := "NULL, NULL"
	if d.version.AtLeast(12, 1) {
		identity = "id.generation_type, id.identity_options"
	}
	join := ""
	if identity != "NULL, NULL" {
		join = "LEFT JOIN all_tab_identity_cols id ON id.owner = c.owner AND id.table_name = c.table_name AND id.column_name = c.column_name "
	}
	return d.tableQuery("SELECT c.column_name, c.data_type, c.char_length, c.data_precision, c.data_scale, c.nullable, "+
		"c.data_default, c.virtual_column, "+identity+", cm.comments FROM all_tab_cols c "+join+
		"LEFT JOIN all_col_comments cm ON cm.owner = c.owner AND cm.table_name = c.table_name AND cm.column_name = c.column_name "+
		"WHERE c.table_name = :1 AND c.owner = {owner} AND c.hidden_column = 'NO' ORDER BY c.column_id", schema, table)
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

// parseColumns reads the rows of columnsQuery.
func (d *Dialect) parseColumns(rows []catalog.Row) []dialect.ColumnInfo {
	out := make([]dialect.ColumnInfo, 0, len(rows))
	for _, r := range rows {
		name, t := reflectType(r.String(1), r.Int(2), r.Null(3), r.Int(3), r.Null(4), r.Int(4))
		col := dialect.ColumnInfo{
			Name:     d.normalName(r.String(0)),
			TypeName: name,
			Type:     t,
			Nullable: r.String(5) == "Y",
			Comment:  r.String(10),
		}
		def := strings.TrimSpace(r.String(6))
		switch {
		case r.String(7) == "YES":
			col.Computed = &dialect.ComputedInfo{Expression: def}
		case !r.Null(8):
			col.Autoincrement = true
			col.Identity = &dialect.IdentityInfo{Always: r.String(8) == "ALWAYS", SequenceOptions: reflectedIdentity(r.String(9))}
		case !strings.EqualFold(def, "NULL"):
			col.Default = def
		}
		out = append(out, col)
	}
	return out
}

var identityOptionRE = regexp.MustCompile(`([A-Z_ ]+):\s*(-?\d+|[YN])`)

// reflectedIdentity reads all_tab_identity_cols' identity_options:
// "START WITH: 1, INCREMENT BY: 1, MAX_VALUE: 9999999999999999999999999999,
// MIN_VALUE: 1, CYCLE_FLAG: N, CACHE_SIZE: 20, ...". Values beyond int64
// are its largest.
func reflectedIdentity(s string) dialect.SequenceOptions {
	var o dialect.SequenceOptions
	for _, m := range identityOptionRE.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.ParseInt(m[2], 10, 64)
		switch strings.TrimSpace(m[1]) {
		case "START WITH":
			o.Start = n
		case "INCREMENT BY":
			o.Increment = n
		case "MAX_VALUE":
			o.MaxValue = n
		case "MIN_VALUE":
			o.MinValue = n
		case "CACHE_SIZE":
			o.Cache = n
		case "CYCLE_FLAG":
			o.Cycle = m[2] == "Y"
		}
	}
	return o
}

// reflectType names a column's type from the dictionary and maps it to the
// Athanor type the dialect writes alike (NUMBER(19) is BigInteger, NUMBER
// with scale 0 and no precision an integer, VARCHAR2(n CHAR) a String, DATE
// a DateTime); other types keep their name in a dialect.DatabaseType.
func reflectType(dataType string, charLength int64, noPrecision bool, precision int64, noScale bool, scale int64) (string, types.Type) {
	other := func(name string, base types.Type) (string, types.Type) {
		return name, dialect.DatabaseType{Name: name, Base: base}
	}
	p, s := strconv.FormatInt(precision, 10), strconv.FormatInt(scale, 10)
	switch dataType {
	case "NUMBER":
		switch {
		case noPrecision && noScale:
			return other("NUMBER", types.Numeric{})
		case noPrecision && scale == 0:
			return "INTEGER", types.Integer{}
		case precision == 19 && scale == 0:
			return "NUMBER(19)", types.BigInteger{}
		case noPrecision:
			return other("NUMBER(*,"+s+")", types.Numeric{Scale: int(scale)})
		}
		return "NUMBER(" + p + "," + s + ")", types.Numeric{Precision: int(precision), Scale: int(scale)}
	case "FLOAT":
		if precision == 126 {
			return "FLOAT", types.Float{}
		}
		return "FLOAT(" + p + ")", types.Float{Precision: int(precision)}
	case "BINARY_DOUBLE":
		return other(dataType, types.Double{})
	case "BINARY_FLOAT":
		return other(dataType, types.Float{})
	case "VARCHAR2":
		return "VARCHAR2(" + strconv.FormatInt(charLength, 10) + " CHAR)", types.String{Length: int(charLength)}
	case "NVARCHAR2", "CHAR", "NCHAR":
		return other(dataType+"("+strconv.FormatInt(charLength, 10)+")", types.String{})
	case "CLOB":
		return dataType, types.Text{}
	case "NCLOB", "LONG":
		return other(dataType, types.Text{})
	case "DATE":
		return dataType, types.DateTime{}
	case "BLOB":
		return dataType, types.LargeBinary{}
	case "RAW":
		return other("RAW("+strconv.FormatInt(charLength, 10)+")", types.LargeBinary{})
	case "JSON":
		return dataType, types.JSON{}
	case "BOOLEAN":
		return dataType, types.Boolean{}
	}
	switch {
	case strings.HasPrefix(dataType, "TIMESTAMP") && strings.HasSuffix(dataType, "WITH TIME ZONE"):
		return other(dataType, types.DateTime{Timezone: true})
	case strings.HasPrefix(dataType, "TIMESTAMP"):
		return other(dataType, types.DateTime{})
	case strings.HasPrefix(dataType, "INTERVAL DAY"):
		return other(dataType, types.Interval{})
	}
	return other(dataType, nil)
}

// CanonicalTypeName implements dialect.TypeCanonicalizer: Oracle keeps the
// integer types as NUMBER with scale 0 (INTEGER here), DOUBLE PRECISION as
// FLOAT (of 126 binary digits), NUMERIC and DECIMAL as NUMBER, VARCHAR as
// VARCHAR2, and gives TIMESTAMP WITH TIME ZONE and INTERVAL DAY TO SECOND
// their default precisions.
func (d *Dialect) CanonicalTypeName(name string) string {
	switch name {
	case "SMALLINT", "INT":
		return "INTEGER"
	case "DOUBLE PRECISION", "FLOAT(126)":
		return "FLOAT"
	case "TIMESTAMP WITH TIME ZONE":
		return "TIMESTAMP(6) WITH TIME ZONE"
	case "INTERVAL DAY TO SECOND":
		return "INTERVAL DAY(2) TO SECOND(6)"
	}
	for _, prefix := range []string{"NUMERIC(", "DECIMAL("} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			return "NUMBER(" + strings.ReplaceAll(rest, " ", "")
		}
	}
	if rest, ok := strings.CutPrefix(name, "VARCHAR("); ok {
		return "VARCHAR2(" + rest
	}
	return name
}

// constraintQuery selects a table's constraints of a kind (P, U, R)
// with their columns in order; for foreign keys, with the referred
// owner, table and column, and the rules.
func (d *Dialect) constraintQuery(kind, schema, table string) (string, []any) {
	if kind == "R" {
		return d.tableQuery("SELECT c.constraint_name, cc.column_name, r.owner, r.table_name, rc.column_name, c.delete_rule, c.deferrable, c.deferred "+
			"FROM all_constraints c JOIN all_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name "+
			"JOIN all_constraints r ON r.owner = c.r_owner AND r.constraint_name = c.r_constraint_name "+
			"JOIN all_cons_columns rc ON rc.owner = r.owner AND rc.constraint_name = r.constraint_name AND rc.position = cc.position "+
			"WHERE c.table_name = :1 AND c.owner = {owner} AND c.constraint_type = 'R' ORDER BY c.constraint_name, cc.position", schema, table)
	}
	return d.tableQuery("SELECT c.constraint_name, cc.column_name FROM all_constraints c "+
		"JOIN all_cons_columns cc ON cc.owner = c.owner AND cc.constraint_name = c.constraint_name "+
		"WHERE c.table_name = :1 AND c.owner = {owner} AND c.constraint_type = '"+kind+"' ORDER BY c.constraint_name, cc.position", schema, table)
}

// keyRows runs constraintQuery, with the names in its first two columns
// as Athanor names them.
func (d *Dialect) keyRows(ctx context.Context, q dialect.Queryer, kind, schema, table string) ([]catalog.Row, error) {
	query, args := d.constraintQuery(kind, schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	for _, r := range rows {
		r[0], r[1] = d.normalName(r.String(0)), d.normalName(r.String(1))
	}
	return rows, nil
}

// PrimaryKey implements dialect.Reflector.
func (d *Dialect) PrimaryKey(ctx context.Context, q dialect.Queryer, schema, table string) (dialect.PrimaryKeyInfo, error) {
	rows, err := d.keyRows(ctx, q, "P", schema, table)
	return catalog.PrimaryKey(rows), err
}

// UniqueConstraints implements dialect.Reflector.
func (d *Dialect) UniqueConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.UniqueInfo, error) {
	rows, err := d.keyRows(ctx, q, "U", schema, table)
	if err != nil {
		return nil, err
	}
	return catalog.Uniques(rows), nil
}

// ForeignKeys implements dialect.Reflector. Oracle has no ON UPDATE.
func (d *Dialect) ForeignKeys(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ForeignKeyInfo, error) {
	rows, err := d.keyRows(ctx, q, "R", schema, table)
	if err != nil {
		return nil, err
	}
	return catalog.ForeignKeys(rows, d.normalName, func(first catalog.Row, fk *dialect.ForeignKeyInfo) {
		if rule := first.String(5); rule != "NO ACTION" {
			fk.OnDelete = rule
		}
		if first.String(6) == "DEFERRABLE" {
			yes := true
			fk.Deferrable = &yes
		}
		if first.String(7) == "DEFERRED" {
			fk.Initially = "DEFERRED"
		}
	}), nil
}

// indexesQuery selects the columns of each index that implements no
// primary key or unique constraint, with the expression of a
// function-based key part (a descending column is one).
func (d *Dialect) indexesQuery(schema, table string) (string, []any) {
	return d.tableQuery("SELECT i.index_name, i.uniqueness, ic.column_name, ic.descend, ie.column_expression FROM all_indexes i "+
		"JOIN all_ind_columns ic ON ic.index_owner = i.owner AND ic.index_name = i.index_name "+
		"LEFT JOIN all_ind_expressions ie ON ie.index_owner = ic.index_owner AND ie.index_name = ic.index_name AND ie.column_position = ic.column_position "+
		"WHERE i.table_name = :1 AND i.table_owner = {owner} AND i.index_type NOT IN ('LOB', 'IOT - TOP') "+
		"AND NOT EXISTS (SELECT 1 FROM all_constraints c WHERE c.owner = i.table_owner AND c.table_name = i.table_name "+
		"AND c.index_name = i.index_name AND c.constraint_type IN ('P', 'U')) "+
		"ORDER BY i.index_name, ic.column_position", schema, table)
}

var quotedNameRE = regexp.MustCompile(`^"((?:[^"]|"")+)"$`)

// Indexes implements dialect.Reflector.
func (d *Dialect) Indexes(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	query, args := d.indexesQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return d.parseIndexes(rows), nil
}

// parseIndexes reads the rows of indexesQuery, one per key part. A
// descending column is an expression that names the column.
func (d *Dialect) parseIndexes(rows []catalog.Row) []dialect.IndexInfo {
	var out []dialect.IndexInfo
	for _, group := range catalog.GroupBy(rows, 0) {
		ix := dialect.IndexInfo{Name: d.normalName(group[0].String(0)), Unique: group[0].String(1) == "UNIQUE"}
		for _, r := range group {
			el := dialect.IndexColumn{Name: d.normalName(r.String(2)), Descending: r.String(3) == "DESC"}
			if expr := strings.TrimSpace(r.String(4)); expr != "" {
				if m := quotedNameRE.FindStringSubmatch(expr); m != nil {
					el.Name = d.normalName(strings.ReplaceAll(m[1], `""`, `"`))
				} else {
					el.Name, el.Expression = "", expr
				}
			}
			ix.Columns = append(ix.Columns, el)
		}
		out = append(out, ix)
	}
	return out
}

var notNullCheckRE = regexp.MustCompile(`^"?[\w$#]+"? IS NOT NULL$`)

// CheckConstraints implements dialect.Reflector: the CHECK constraints,
// without those Oracle keeps for NOT NULL columns.
func (d *Dialect) CheckConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.CheckInfo, error) {
	query, args := d.tableQuery("SELECT constraint_name, search_condition FROM all_constraints "+
		"WHERE table_name = :1 AND owner = {owner} AND constraint_type = 'C' ORDER BY constraint_name", schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	var out []dialect.CheckInfo
	for _, r := range rows {
		cond := strings.TrimSpace(r.String(1))
		if notNullCheckRE.MatchString(cond) {
			continue
		}
		out = append(out, dialect.CheckInfo{Name: d.normalName(r.String(0)), Expression: cond})
	}
	return out, nil
}

// TableComment implements dialect.Reflector.
func (d *Dialect) TableComment(ctx context.Context, q dialect.Queryer, schema, table string) (string, error) {
	query, args := d.tableQuery("SELECT comments FROM all_tab_comments WHERE table_name = :1 AND owner = {owner}", schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", catalog.NoSuchTable(schema, table)
	}
	return rows[0].String(0), nil
}

// Sequences implements dialect.SequenceReflector. The dictionary keeps no
// start value: Start is left 0.
func (d *Dialect) Sequences(ctx context.Context, q dialect.Queryer, schema string) ([]dialect.SequenceInfo, error) {
	query, args := d.ownerQuery("SELECT sequence_name, increment_by, min_value, max_value, cache_size, cycle_flag "+
		"FROM all_sequences WHERE sequence_owner = {owner} ORDER BY sequence_name", schema)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]dialect.SequenceInfo, len(rows))
	for i, r := range rows {
		out[i] = dialect.SequenceInfo{Name: d.normalName(r.String(0)), SequenceOptions: dialect.SequenceOptions{
			Increment: r.Int(1), MinValue: r.Int(2), MaxValue: r.Int(3), Cache: r.Int(4), Cycle: r.String(5) == "Y",
		}}
	}
	return out, nil
}
