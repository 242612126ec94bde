package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// Reflection reads pg_catalog, as PostgreSQL 10 and later have it. Each aspect is a query (written by a method
// of the dialect, for the server's version) and a parser of its rows, so
// that both can be tested without a server. A table named without a schema
// is looked for through the search_path (pg_table_is_visible), as an
// unqualified name in a query is; lists of a schema's objects take the
// current schema for "".

var (
	_ dialect.Reflector         = (*Dialect)(nil)
	_ dialect.SequenceReflector = (*Dialect)(nil)
	_ dialect.EnumReflector     = (*Dialect)(nil)
	_ dialect.TypeCanonicalizer = (*Dialect)(nil)
)

// relation returns the condition that finds a table (pg_class c, with its
// pg_namespace n) and its arguments.
func relation(schema, table string) (string, []any) {
	if schema == "" {
		return "c.relname = $1 AND pg_catalog.pg_table_is_visible(c.oid)", []any{table}
	}
	return "c.relname = $1 AND n.nspname = $2", []any{table, schema}
}

// inSchema returns the condition on n.nspname for a schema's objects.
func inSchema(schema string) (string, []any) {
	if schema == "" {
		return "n.nspname = pg_catalog.current_schema()", nil
	}
	return "n.nspname = $1", []any{schema}
}

// tableQuery fills a query about one table: {rel} is the condition that
// finds it.
func tableQuery(query, schema, table string) (string, []any) {
	cond, args := relation(schema, table)
	return strings.ReplaceAll(query, "{rel}", cond), args
}

const fromRelation = " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "

// mustExist returns ErrNoSuchTable when the table does not exist.
func (d *Dialect) mustExist(ctx context.Context, q dialect.Queryer, schema, table string) error {
	ok, err := d.HasTable(ctx, q, schema, table)
	return catalog.MustExist(ok, err, schema, table)
}

// DefaultSchemaName implements dialect.Reflector: current_schema(), the
// first schema of the search_path that exists.
func (d *Dialect) DefaultSchemaName(ctx context.Context, q dialect.Queryer) (string, error) {
	return catalog.Value(ctx, q, "SELECT pg_catalog.current_schema()")
}

// SchemaNames implements dialect.Reflector: the schemas, without the
// system's (pg_catalog, pg_toast, temporary schemas, information_schema).
func (d *Dialect) SchemaNames(ctx context.Context, q dialect.Queryer) ([]string, error) {
	return catalog.Strings(ctx, q, "SELECT nspname FROM pg_catalog.pg_namespace "+
		"WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema' ORDER BY nspname")
}

// relationNamesQuery lists the relations of the kinds given (pg_class
// relkind letters) in a schema; partitions are left out.
func relationNamesQuery(schema, kinds string) (string, []any) {
	cond, args := inSchema(schema)
	return "SELECT c.relname" + fromRelation + "WHERE " + cond + " AND c.relkind IN (" + kinds + ") " +
		"AND NOT c.relispartition ORDER BY c.relname", args
}

// TableNames implements dialect.Reflector: ordinary and partitioned
// tables, without their partitions.
func (d *Dialect) TableNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := relationNamesQuery(schema, "'r', 'p'")
	return catalog.Strings(ctx, q, query, args...)
}

// ViewNames implements dialect.Reflector: views and materialized views.
func (d *Dialect) ViewNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	query, args := relationNamesQuery(schema, "'v', 'm'")
	return catalog.Strings(ctx, q, query, args...)
}

// ViewDefinition implements dialect.Reflector: pg_get_viewdef, the query
// as PostgreSQL prints it.
func (d *Dialect) ViewDefinition(ctx context.Context, q dialect.Queryer, schema, view string) (string, error) {
	query, args := tableQuery("SELECT pg_catalog.pg_get_viewdef(c.oid, true)"+fromRelation+"WHERE {rel} AND c.relkind IN ('v', 'm')", schema, view)
	defs, err := catalog.Strings(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(defs) == 0 {
		return "", catalog.NoSuchTable(schema, view)
	}
	return strings.TrimSpace(defs[0]), nil
}

// columnsQuery selects each column's name, type (format_type and the
// type's kind, name and schema, and an enum's labels as a JSON array; an
// array's are its element type's), NOT NULL, default, identity and
// generation, comment, whether its default is the nextval of the
// sequence it owns (SERIAL), the parameters of that sequence, and the
// dimensions the column was declared with (attndims: format_type writes
// one [] for any number).
func (d *Dialect) columnsQuery(schema, table string) (string, []any) {
	generated := "''"
	if d.version == 0 || d.version >= 120000 {
		generated = "a.attgenerated::text"
	}
	return tableQuery(`SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), a.attidentity::text, `+generated+`,
  pg_catalog.col_description(c.oid, a.attnum), t.typtype::text, t.typname, tn.nspname, tn.nspname = pg_catalog.current_schema(),
  (SELECT pg_catalog.json_agg(e.enumlabel ORDER BY e.enumsortorder)::text FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid),
  EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep WHERE dep.classid = 'pg_catalog.pg_attrdef'::regclass
    AND dep.objid = ad.oid AND dep.refobjid = s.seqrelid),
  s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle, a.attndims
`+fromRelation+`JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
JOIN pg_catalog.pg_type at ON at.oid = a.atttypid
JOIN pg_catalog.pg_type t ON t.oid = CASE WHEN at.typcategory = 'A' THEN at.typelem ELSE at.oid END
JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = pg_catalog.to_regclass(
  pg_catalog.pg_get_serial_sequence(pg_catalog.quote_ident(n.nspname) || '.' || pg_catalog.quote_ident(c.relname), a.attname))
WHERE {rel} AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum`, schema, table)
}

// Columns implements dialect.Reflector.
func (d *Dialect) Columns(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ColumnInfo, error) {
	query, args := d.columnsQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return parseColumns(rows)
}

// parseColumns reads the rows of columnsQuery.
func parseColumns(rows []catalog.Row) ([]dialect.ColumnInfo, error) {
	out := make([]dialect.ColumnInfo, 0, len(rows))
	for _, r := range rows {
		col := dialect.ColumnInfo{
			Name:     r.String(0),
			TypeName: r.String(1),
			Nullable: !r.Bool(2),
			Comment:  r.String(6),
		}
		var enumValues []string
		if !r.Null(11) {
			if err := json.Unmarshal([]byte(r.String(11)), &enumValues); err != nil {
				return nil, fmt.Errorf("athanor: reading the labels of enum type %s: %w", r.String(8), err)
			}
		}
		col.Type = reflectType(col.TypeName, r.String(7), r.String(8), r.String(9), r.Bool(10), enumValues)
		if a, ok := col.Type.(Array); ok && r.Int(19) > int64(a.Dimensions) {
			a.Dimensions = int(r.Int(19))
			col.Type = a
		}
		def := r.String(3)
		identity, generated := r.String(4), r.String(5)
		switch {
		case generated == "s":
			col.Computed = &dialect.ComputedInfo{Expression: def, Persisted: true}
		case identity == "a" || identity == "d":
			col.Autoincrement = true
			col.Identity = &dialect.IdentityInfo{Always: identity == "a", SequenceOptions: sequenceOptions(r, 13)}
		case r.Bool(12):
			col.Autoincrement = true // SERIAL: the nextval of its own sequence
			col.Default = def
		default:
			col.Default = def
		}
		out = append(out, col)
	}
	return out, nil
}

// sequenceOptions reads start, increment, min, max, cache and cycle from
// row r at index i.
func sequenceOptions(r catalog.Row, i int) dialect.SequenceOptions {
	return dialect.SequenceOptions{
		Start: r.Int(i), Increment: r.Int(i + 1), MinValue: r.Int(i + 2), MaxValue: r.Int(i + 3),
		Cache: r.Int(i + 4), Cycle: r.Bool(i + 5),
	}
}

var typeArgsRE = regexp.MustCompile(`^([a-z0-9 ]+?)(?:\((\d+)(?:,(\d+))?\))?( with(?:out)? time zone)?$`)

// reflectType maps format_type's name of a column's type to an Athanor
// type: the generic types under the names PostgreSQL gives them, JSONB,
// the network and range types, enum types (an Enum in its schema when that is not the current one),
// arrays of these; another type keeps its name in a dialect.DatabaseType.
// typtype is the type's kind (e for an enum), typname and nspname its name
// and schema (an array's: its element type's).
func reflectType(formatted, typtype, typname, nspname string, current bool, enumValues []string) types.Type {
	if item, ok := strings.CutSuffix(formatted, "[]"); ok {
		dims := 1
		for strings.HasSuffix(item, "[]") {
			item, dims = strings.TrimSuffix(item, "[]"), dims+1
		}
		return Array{Item: reflectType(item, typtype, typname, nspname, current, enumValues), Dimensions: dims}
	}
	if typtype == "e" {
		e := types.Enum{Name: typname, Values: enumValues}
		if !current {
			return Enum{Enum: e, Schema: nspname}
		}
		return e
	}
	m := typeArgsRE.FindStringSubmatch(formatted)
	if m == nil {
		return dialect.DatabaseType{Name: formatted}
	}
	name, n1, n2, tz := m[1], atoi(m[2]), atoi(m[3]), m[4] == " with time zone"
	if tz && name != "timestamp" && name != "time" {
		return dialect.DatabaseType{Name: formatted}
	}
	var t types.Type
	switch name {
	case "integer":
		t = types.Integer{}
	case "bigint":
		t = types.BigInteger{}
	case "smallint":
		t = types.SmallInteger{}
	case "boolean":
		t = types.Boolean{}
	case "character varying":
		t = types.String{Length: n1}
	case "text":
		t = types.Text{}
	case "numeric":
		t = types.Numeric{Precision: n1, Scale: n2}
	case "double precision":
		t = types.Double{}
	case "real":
		t = types.Float{Precision: 24}
	case "date":
		t = types.Date{}
	case "timestamp":
		if m[2] == "" {
			return types.DateTime{Timezone: tz}
		}
		return Timestamp{Precision: n1, Timezone: tz}
	case "time":
		if m[2] == "" {
			return types.Time{Timezone: tz}
		}
		return Time{Precision: n1, Timezone: tz}
	case "interval":
		t = types.Interval{}
	case "bytea":
		t = types.LargeBinary{}
	case "json":
		t = types.JSON{}
	case "jsonb":
		t = JSONB{}
	case "uuid":
		t = types.UUID{}
	case "inet":
		t = INET{}
	case "cidr":
		t = CIDR{}
	case "macaddr":
		t = MACADDR{}
	case "int4range":
		t = Int4Range{}
	case "int8range":
		t = Int8Range{}
	case "numrange":
		t = NumRange{}
	case "daterange":
		t = DateRange{}
	case "tsrange":
		t = TSRange{}
	case "tstzrange":
		t = TSTZRange{}
	case "character":
		return dialect.DatabaseType{Name: formatted, Base: types.String{Length: n1}}
	default:
		return dialect.DatabaseType{Name: formatted}
	}
	return t
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// CanonicalTypeName implements dialect.TypeCanonicalizer: PostgreSQL keeps
// FLOAT as DOUBLE PRECISION, FLOAT(1) to FLOAT(24) as REAL, and the
// serial types as the integers they are made of.
func (d *Dialect) CanonicalTypeName(name string) string {
	switch {
	case name == "FLOAT":
		return "DOUBLE PRECISION"
	case strings.HasPrefix(name, "FLOAT("):
		if p, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(name, "FLOAT("), ")")); err == nil {
			if p <= 24 {
				return "REAL"
			}
			return "DOUBLE PRECISION"
		}
	}
	return name
}

// keyColumnsQuery selects the constraints of a kind (pg_constraint
// contype) of a table with their columns, in key order.
func keyColumnsQuery(kind, schema, table string) (string, []any) {
	return tableQuery("SELECT con.conname, a.attname"+fromRelation+
		"JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid "+
		"CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) "+
		"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum "+
		"WHERE {rel} AND con.contype = '"+kind+"' ORDER BY con.conname, k.ord", schema, table)
}

// PrimaryKey implements dialect.Reflector.
func (d *Dialect) PrimaryKey(ctx context.Context, q dialect.Queryer, schema, table string) (dialect.PrimaryKeyInfo, error) {
	query, args := keyColumnsQuery("p", schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return dialect.PrimaryKeyInfo{}, err
	}
	return catalog.PrimaryKey(rows), nil
}

// foreignKeysQuery selects each foreign key's column pairs with the
// referred table and the constraint's options.
func foreignKeysQuery(schema, table string) (string, []any) {
	return tableQuery("SELECT con.conname, a.attname, rn.nspname, rc.relname, ra.attname, "+
		"con.confdeltype::text, con.confupdtype::text, con.condeferrable, con.condeferred, con.confmatchtype::text"+fromRelation+
		"JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid "+
		"JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "+
		"CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refnum, ord) "+
		"JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "+
		"JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum "+
		"WHERE {rel} AND con.contype = 'f' ORDER BY con.conname, k.ord", schema, table)
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

// parseForeignKeys reads the rows of foreignKeysQuery, one per column
// pair. Actions are pg_constraint's letters; a foreign key that is not
// deferrable, initially immediate or MATCH SIMPLE says nothing of it.
func parseForeignKeys(rows []catalog.Row) []dialect.ForeignKeyInfo {
	return catalog.ForeignKeys(rows, nil, func(first catalog.Row, fk *dialect.ForeignKeyInfo) {
		fk.OnDelete, fk.OnUpdate = fkAction(first.String(5)), fkAction(first.String(6))
		if first.Bool(7) {
			yes := true
			fk.Deferrable = &yes
		}
		if first.Bool(8) {
			fk.Initially = "DEFERRED"
		}
		switch first.String(9) {
		case "f":
			fk.Match = "FULL"
		case "p":
			fk.Match = "PARTIAL"
		}
	})
}

func fkAction(code string) string {
	switch code {
	case "r":
		return "RESTRICT"
	case "c":
		return "CASCADE"
	case "n":
		return "SET NULL"
	case "d":
		return "SET DEFAULT"
	}
	return ""
}

// indexesQuery selects the key columns of each index that implements no
// constraint: the column, or for an expression its text
// (pg_get_indexdef of the key part), descending order, uniqueness, and
// the partial index's condition. INCLUDE columns (PostgreSQL 11) are left
// out.
func (d *Dialect) indexesQuery(schema, table string) (string, []any) {
	keyAtts := "ix.indnatts"
	if d.version == 0 || d.version >= 110000 {
		keyAtts = "ix.indnkeyatts"
	}
	return tableQuery("SELECT ic.relname, ix.indisunique, a.attname, "+
		"pg_catalog.pg_get_indexdef(ix.indexrelid, k.ord::int, true), (ix.indoption[k.ord - 1] & 1) = 1, "+
		"pg_catalog.pg_get_expr(ix.indpred, ix.indrelid)"+fromRelation+
		"JOIN pg_catalog.pg_index ix ON ix.indrelid = c.oid JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid "+
		"CROSS JOIN LATERAL unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) "+
		"LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0 "+
		"WHERE {rel} AND NOT ix.indisprimary AND k.ord <= "+keyAtts+" "+
		"AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype IN ('p', 'u', 'x')) "+
		"ORDER BY ic.relname, k.ord", schema, table)
}

// Indexes implements dialect.Reflector.
func (d *Dialect) Indexes(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	query, args := d.indexesQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return parseIndexes(rows), nil
}

// parseIndexes reads the rows of indexesQuery, one per key part.
func parseIndexes(rows []catalog.Row) []dialect.IndexInfo {
	var out []dialect.IndexInfo
	for _, group := range catalog.GroupBy(rows, 0) {
		ix := dialect.IndexInfo{Name: group[0].String(0), Unique: group[0].Bool(1), Where: group[0].String(5)}
		for _, r := range group {
			el := dialect.IndexColumn{Name: r.String(2), Descending: r.Bool(4)}
			if r.Null(2) {
				el.Expression = r.String(3)
			}
			ix.Columns = append(ix.Columns, el)
		}
		out = append(out, ix)
	}
	return out
}

// UniqueConstraints implements dialect.Reflector.
func (d *Dialect) UniqueConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.UniqueInfo, error) {
	query, args := keyColumnsQuery("u", schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	return catalog.Uniques(rows), nil
}

// checksQuery selects a table's CHECK constraints with their definitions.
func checksQuery(schema, table string) (string, []any) {
	return tableQuery("SELECT con.conname, pg_catalog.pg_get_constraintdef(con.oid, true)"+fromRelation+
		"JOIN pg_catalog.pg_constraint con ON con.conrelid = c.oid "+
		"WHERE {rel} AND con.contype = 'c' ORDER BY con.conname", schema, table)
}

var checkDefRE = regexp.MustCompile(`(?s)^CHECK \((.*)\)( NOT VALID)?( NO INHERIT)?$`)

// CheckConstraints implements dialect.Reflector.
func (d *Dialect) CheckConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.CheckInfo, error) {
	query, args := checksQuery(schema, table)
	rows, err := catalog.TableRows(ctx, q, d.mustExist, schema, table, query, args...)
	if len(rows) == 0 {
		return nil, err
	}
	out := make([]dialect.CheckInfo, len(rows))
	for i, r := range rows {
		out[i] = dialect.CheckInfo{Name: r.String(0), Expression: checkExpression(r.String(1))}
	}
	return out, nil
}

// checkExpression returns the condition of pg_get_constraintdef's
// "CHECK (cond)".
func checkExpression(def string) string {
	if m := checkDefRE.FindStringSubmatch(def); m != nil {
		return m[1]
	}
	return def
}

// TableComment implements dialect.Reflector.
func (d *Dialect) TableComment(ctx context.Context, q dialect.Queryer, schema, table string) (string, error) {
	query, args := tableQuery("SELECT pg_catalog.obj_description(c.oid, 'pg_class')"+fromRelation+
		"WHERE {rel} AND c.relkind IN ('r', 'p', 'v', 'm', 'f')", schema, table)
	rows, err := catalog.Query(ctx, q, query, args...)
	if err != nil {
		return "", err
	}
	if len(rows) == 0 {
		return "", catalog.NoSuchTable(schema, table)
	}
	return rows[0].String(0), nil
}

// Sequences implements dialect.SequenceReflector: every sequence of the
// schema, those behind SERIAL and identity columns included.
func (d *Dialect) Sequences(ctx context.Context, q dialect.Queryer, schema string) ([]dialect.SequenceInfo, error) {
	cond, args := inSchema(schema)
	rows, err := catalog.Query(ctx, q, "SELECT c.relname, pg_catalog.format_type(s.seqtypid, NULL), "+
		"s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle"+fromRelation+
		"JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid WHERE "+cond+" ORDER BY c.relname", args...)
	if err != nil {
		return nil, err
	}
	out := make([]dialect.SequenceInfo, len(rows))
	for i, r := range rows {
		out[i] = dialect.SequenceInfo{Name: r.String(0), TypeName: r.String(1), SequenceOptions: sequenceOptions(r, 2)}
	}
	return out, nil
}

// Enums implements dialect.EnumReflector.
func (d *Dialect) Enums(ctx context.Context, q dialect.Queryer, schema string) ([]dialect.EnumInfo, error) {
	cond, args := inSchema(schema)
	rows, err := catalog.Query(ctx, q, "SELECT t.typname, e.enumlabel FROM pg_catalog.pg_type t "+
		"JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace JOIN pg_catalog.pg_enum e ON e.enumtypid = t.oid "+
		"WHERE "+cond+" ORDER BY t.typname, e.enumsortorder", args...)
	if err != nil {
		return nil, err
	}
	names, values := catalog.Lists(rows)
	out := make([]dialect.EnumInfo, len(names))
	for i := range names {
		out[i] = dialect.EnumInfo{Name: names[i], Values: values[i]}
	}
	return out, nil
}
