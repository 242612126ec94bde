package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// Reflection reads SQLite's catalog: the PRAGMA table functions
// (pragma_table_xinfo, pragma_index_list, pragma_foreign_key_list, ...)
// for columns, keys and indexes, and the CREATE statements SQLite keeps in
// sqlite_master for what the PRAGMAs leave out (constraint names, CHECK
// conditions, generated expressions, index expressions; see
// inspect_parse.go). A schema is an attached database: "" looks in main,
// then in temp.

var _ dialect.Reflector = (*Dialect)(nil)

// DefaultSchemaName implements dialect.Reflector: "main".
func (d *Dialect) DefaultSchemaName(context.Context, dialect.Queryer) (string, error) {
	return "main", nil
}

// SchemaNames implements dialect.Reflector: the attached databases, main
// among them, without temp.
func (d *Dialect) SchemaNames(ctx context.Context, q dialect.Queryer) ([]string, error) {
	return catalog.Strings(ctx, q, "SELECT name FROM pragma_database_list WHERE name != 'temp' ORDER BY name")
}

// TableNames implements dialect.Reflector.
func (d *Dialect) TableNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	return d.masterNames(ctx, q, schema, "table")
}

// ViewNames implements dialect.Reflector.
func (d *Dialect) ViewNames(ctx context.Context, q dialect.Queryer, schema string) ([]string, error) {
	return d.masterNames(ctx, q, schema, "view")
}

func (d *Dialect) masterNames(ctx context.Context, q dialect.Queryer, schema, kind string) ([]string, error) {
	if schema == "" {
		schema = "main"
	}
	return catalog.Strings(ctx, q, "SELECT name FROM "+d.QuoteIdentifier(schema)+".sqlite_master "+
		"WHERE type = ? AND name NOT LIKE 'sqlite~_%' ESCAPE '~' ORDER BY name", kind)
}

// located is a table found in sqlite_master: its database and CREATE
// statement.
type located struct {
	schema string
	sql    string
	view   bool
}

// locate finds a table or view: in schema, or when schema is "", in main
// and then in temp.
func (d *Dialect) locate(ctx context.Context, q dialect.Queryer, schema, name string) (located, error) {
	schemas := []string{schema}
	if schema == "" {
		schemas = []string{"main", "temp"}
	}
	for _, s := range schemas {
		rows, err := catalog.Query(ctx, q, "SELECT sql, type FROM "+d.QuoteIdentifier(s)+".sqlite_master "+
			"WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE", name)
		if err != nil {
			return located{}, err
		}
		if len(rows) > 0 {
			return located{schema: s, sql: rows[0].String(0), view: rows[0].String(1) == "view"}, nil
		}
	}
	return located{}, catalog.NoSuchTable(schema, name)
}

// ViewDefinition implements dialect.Reflector: the SELECT after CREATE
// VIEW ... AS.
func (d *Dialect) ViewDefinition(ctx context.Context, q dialect.Queryer, schema, view string) (string, error) {
	loc, err := d.locate(ctx, q, schema, view)
	if err != nil {
		return "", err
	}
	if !loc.view {
		return "", fmt.Errorf("%w: %s is a table, not a view", dialect.ErrNoSuchTable, view)
	}
	return viewQuery(loc.sql), nil
}

// Columns implements dialect.Reflector.
func (d *Dialect) Columns(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ColumnInfo, error) {
	loc, err := d.locate(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	rows, err := catalog.Query(ctx, q, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?, ?) ORDER BY cid`, table, loc.schema)
	if err != nil {
		return nil, err
	}
	def, _ := parseCreateTable(loc.sql)
	return d.parseColumns(rows, def, loc.view), nil
}

// parseColumns reads the rows of pragma_table_xinfo (name, type, notnull,
// dflt_value, pk, hidden) with what the CREATE statement says.
func (d *Dialect) parseColumns(rows []catalog.Row, def tableDef, view bool) []dialect.ColumnInfo {
	pkCols := 0
	for _, r := range rows {
		if r.Int(4) > 0 {
			pkCols++
		}
	}
	var out []dialect.ColumnInfo
	for _, r := range rows {
		hidden := r.Int(5)
		if hidden == 1 { // a virtual table's hidden column
			continue
		}
		col := dialect.ColumnInfo{
			Name:     r.String(0),
			TypeName: r.String(1),
			Type:     d.reflectType(r.String(1)),
			Nullable: r.Int(2) == 0,
		}
		if dflt := strings.TrimSpace(r.String(3)); !r.Null(3) && !strings.EqualFold(dflt, "NULL") {
			col.Default = dflt
		}
		if r.Int(4) > 0 && pkCols == 1 && !view {
			// Only an INTEGER PRIMARY KEY of a rowid table is an alias of
			// the rowid, which SQLite generates.
			col.Autoincrement = !def.withoutRows && strings.EqualFold(strings.TrimSpace(col.TypeName), "INTEGER")
			// The rowid is never NULL, whatever the column says.
			col.Nullable = col.Nullable && !col.Autoincrement
		}
		if hidden == 2 || hidden == 3 {
			comp := &dialect.ComputedInfo{Persisted: hidden == 3}
			for _, c := range def.columns {
				if strings.EqualFold(c.name, col.Name) {
					comp.Expression = c.generated
				}
			}
			col.Computed = comp
		}
		out = append(out, col)
	}
	return out
}

// reflectType maps a declared type to an Athanor type when that type is
// written the same way on SQLite; otherwise it keeps the declared name in a
// dialect.DatabaseType, with the conversions of the type SQLite's affinity
// rules give the name. SQLite keeps the declared name as it was written,
// so that a table reflected and created again gets the same types (INT,
// unlike INTEGER, does not make a rowid alias).
func (d *Dialect) reflectType(declared string) types.Type {
	name, args := splitTypeName(declared)
	var t types.Type
	switch name {
	case "INTEGER":
		t = types.Integer{}
	case "BIGINT":
		t = types.BigInteger{}
	case "SMALLINT":
		t = types.SmallInteger{}
	case "BOOLEAN":
		t = types.Boolean{}
	case "VARCHAR":
		t = types.String{Length: arg(args, 0)}
	case "TEXT":
		t = types.Text{}
	case "FLOAT":
		t = types.Float{Precision: arg(args, 0)}
	case "DOUBLE", "DOUBLE PRECISION", "REAL":
		t = types.Double{}
	case "NUMERIC", "DECIMAL":
		t = types.Numeric{Precision: arg(args, 0), Scale: arg(args, 1)}
	case "DATE":
		t = types.Date{}
	case "DATETIME", "TIMESTAMP":
		t = types.DateTime{}
	case "TIME":
		t = types.Time{}
	case "BLOB":
		t = types.LargeBinary{}
	case "JSON":
		t = types.JSON{}
	default:
		t = affinityType(name)
	}
	if rendered, err := d.TypeName(t); err == nil && sameTypeName(rendered, declared) {
		return t
	}
	return dialect.DatabaseType{Name: declared, Base: t}
}

// affinityType is the generic type of SQLite's affinity for a type name
// (https://www.sqlite.org/datatype3.html, 3.1).
func affinityType(name string) types.Type {
	switch {
	case strings.Contains(name, "INT"):
		return types.Integer{}
	case strings.Contains(name, "CHAR"), strings.Contains(name, "CLOB"), strings.Contains(name, "TEXT"):
		return types.Text{}
	case strings.Contains(name, "BLOB"), name == "":
		return types.NullType{}
	case strings.Contains(name, "REAL"), strings.Contains(name, "FLOA"), strings.Contains(name, "DOUB"):
		return types.Double{}
	}
	return types.Numeric{}
}

// splitTypeName splits "numeric (10, 2)" into "NUMERIC" and [10 2].
func splitTypeName(declared string) (string, []int) {
	name, rest, _ := strings.Cut(declared, "(")
	name = strings.Join(strings.Fields(strings.ToUpper(name)), " ")
	var args []int
	rest, _, _ = strings.Cut(rest, ")")
	for _, a := range strings.Split(rest, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(a)); err == nil {
			args = append(args, n)
		}
	}
	return name, args
}

func arg(args []int, i int) int {
	if i < len(args) {
		return args[i]
	}
	return 0
}

// sameTypeName compares type names regardless of case and spaces.
func sameTypeName(a, b string) bool {
	squash := func(s string) string { return strings.Join(strings.Fields(strings.ToUpper(s)), "") }
	return squash(a) == squash(b)
}

// PrimaryKey implements dialect.Reflector.
func (d *Dialect) PrimaryKey(ctx context.Context, q dialect.Queryer, schema, table string) (dialect.PrimaryKeyInfo, error) {
	loc, err := d.locate(ctx, q, schema, table)
	if err != nil {
		return dialect.PrimaryKeyInfo{}, err
	}
	rows, err := catalog.Query(ctx, q, `SELECT name FROM pragma_table_xinfo(?, ?) WHERE pk > 0 ORDER BY pk`, table, loc.schema)
	if err != nil {
		return dialect.PrimaryKeyInfo{}, err
	}
	var pk dialect.PrimaryKeyInfo
	for _, r := range rows {
		pk.Columns = append(pk.Columns, r.String(0))
	}
	if def, ok := parseCreateTable(loc.sql); ok && len(pk.Columns) > 0 {
		pk.Name = def.pkName
	}
	return pk, nil
}

// ForeignKeys implements dialect.Reflector: pragma_foreign_key_list for
// the columns and actions, the CREATE statement for names and
// deferrability.
func (d *Dialect) ForeignKeys(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.ForeignKeyInfo, error) {
	loc, err := d.locate(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	rows, err := catalog.Query(ctx, q, `SELECT id, "table", "from", "to", on_update, on_delete, "match" FROM pragma_foreign_key_list(?, ?) ORDER BY id, seq`, table, loc.schema)
	if err != nil {
		return nil, err
	}
	def, _ := parseCreateTable(loc.sql)
	fks := parseForeignKeys(rows, def)
	// A reference without columns is to the referred table's primary key.
	for i := range fks {
		if len(fks[i].ReferredColumns) == 0 {
			pk, err := d.PrimaryKey(ctx, q, loc.schema, fks[i].ReferredTable)
			if err == nil {
				fks[i].ReferredColumns = pk.Columns
			}
		}
	}
	if schema != "" {
		for i := range fks {
			fks[i].ReferredSchema = schema
		}
	}
	return fks, nil
}

// parseForeignKeys reads the rows of pragma_foreign_key_list (id, table,
// from, to, on_update, on_delete, match), one per column, and completes
// them from the CREATE statement's foreign keys, matched by columns and
// referred table. They come in declaration order.
func parseForeignKeys(rows []catalog.Row, def tableDef) []dialect.ForeignKeyInfo {
	var fks []dialect.ForeignKeyInfo
	ids := map[int64]int{}
	for _, r := range rows {
		i, ok := ids[r.Int(0)]
		if !ok {
			i = len(fks)
			ids[r.Int(0)] = i
			fks = append(fks, dialect.ForeignKeyInfo{
				ReferredTable: r.String(1),
				OnUpdate:      pragmaAction(r.String(4)),
				OnDelete:      pragmaAction(r.String(5)),
			})
			if m := strings.ToUpper(r.String(6)); m != "NONE" && m != "SIMPLE" {
				fks[i].Match = m
			}
		}
		fks[i].Columns = append(fks[i].Columns, r.String(2))
		if !r.Null(3) {
			fks[i].ReferredColumns = append(fks[i].ReferredColumns, r.String(3))
		}
	}
	order := make([]int, len(fks))
	used := make([]bool, len(def.fks))
	for i := range fks {
		order[i] = len(def.fks) + i
		for j, p := range def.fks {
			if used[j] || !strings.EqualFold(p.table, fks[i].ReferredTable) || !equalFold(p.columns, fks[i].Columns) ||
				len(p.refColumns) > 0 && !equalFold(p.refColumns, fks[i].ReferredColumns) {
				continue
			}
			used[j] = true
			order[i] = j
			fks[i].Name, fks[i].Deferrable, fks[i].Initially = p.name, p.deferrable, p.initially
			break
		}
	}
	idx := make([]int, len(fks))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return order[a] - order[b] })
	out := make([]dialect.ForeignKeyInfo, len(fks))
	for i, j := range idx {
		out[i] = fks[j]
	}
	return out
}

func pragmaAction(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == "NO ACTION" {
		return ""
	}
	return a
}

func equalFold(a, b []string) bool {
	return slices.EqualFunc(a, b, strings.EqualFold)
}

// indexEntry is a row of pragma_index_list.
type indexEntry struct {
	name    string
	unique  bool
	origin  string // c: CREATE INDEX, u: UNIQUE constraint, pk: PRIMARY KEY
	partial bool
}

func (d *Dialect) indexList(ctx context.Context, q dialect.Queryer, schema, table string) (located, []indexEntry, error) {
	loc, err := d.locate(ctx, q, schema, table)
	if err != nil {
		return loc, nil, err
	}
	rows, err := catalog.Query(ctx, q, `SELECT name, "unique", origin, partial FROM pragma_index_list(?, ?) ORDER BY name`, table, loc.schema)
	if err != nil {
		return loc, nil, err
	}
	out := make([]indexEntry, len(rows))
	for i, r := range rows {
		out[i] = indexEntry{name: r.String(0), unique: r.Bool(1), origin: r.String(2), partial: r.Bool(3)}
	}
	return loc, out, nil
}

// indexColumns returns an index's key columns: pragma_index_xinfo rows
// (cid, name, desc), where cid -2 is an expression.
func (d *Dialect) indexColumns(ctx context.Context, q dialect.Queryer, schema, index string) ([]catalog.Row, error) {
	return catalog.Query(ctx, q, `SELECT cid, name, "desc" FROM pragma_index_xinfo(?, ?) WHERE "key" = 1 ORDER BY seqno`, index, schema)
}

// Indexes implements dialect.Reflector: the indexes made by CREATE INDEX,
// with their expressions and conditions read from that statement.
func (d *Dialect) Indexes(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.IndexInfo, error) {
	loc, list, err := d.indexList(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	var out []dialect.IndexInfo
	for _, e := range list {
		if e.origin != "c" {
			continue
		}
		cols, err := d.indexColumns(ctx, q, loc.schema, e.name)
		if err != nil {
			return nil, err
		}
		stmts, err := catalog.Strings(ctx, q, "SELECT sql FROM "+d.QuoteIdentifier(loc.schema)+".sqlite_master WHERE type = 'index' AND name = ?", e.name)
		if err != nil {
			return nil, err
		}
		var def indexDef
		if len(stmts) > 0 {
			def, _ = parseCreateIndex(stmts[0])
		}
		out = append(out, parseIndex(e, cols, def))
	}
	return out, nil
}

// parseIndex makes an index from its pragma_index_list entry, its
// pragma_index_xinfo rows and its CREATE INDEX statement.
func parseIndex(e indexEntry, cols []catalog.Row, def indexDef) dialect.IndexInfo {
	ix := dialect.IndexInfo{Name: e.name, Unique: e.unique}
	for i, c := range cols {
		el := dialect.IndexColumn{Descending: c.Bool(2)}
		if c.Int(0) == -2 {
			if i < len(def.elements) {
				el.Expression = def.elements[i]
			}
		} else {
			el.Name = c.String(1)
		}
		ix.Columns = append(ix.Columns, el)
	}
	if e.partial {
		ix.Where = def.where
	}
	return ix
}

// UniqueConstraints implements dialect.Reflector: the indexes SQLite made
// for UNIQUE constraints, named from the CREATE statement.
func (d *Dialect) UniqueConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.UniqueInfo, error) {
	loc, list, err := d.indexList(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	def, _ := parseCreateTable(loc.sql)
	var out []dialect.UniqueInfo
	used := make([]bool, len(def.uniques))
	for _, e := range list {
		if e.origin != "u" {
			continue
		}
		rows, err := d.indexColumns(ctx, q, loc.schema, e.name)
		if err != nil {
			return nil, err
		}
		u := dialect.UniqueInfo{}
		for _, r := range rows {
			u.Columns = append(u.Columns, r.String(1))
		}
		for j, p := range def.uniques {
			if !used[j] && equalFold(p.columns, u.Columns) {
				used[j] = true
				u.Name = p.name
				break
			}
		}
		out = append(out, u)
	}
	return out, nil
}

// CheckConstraints implements dialect.Reflector: the CHECK clauses of the
// CREATE statement, of the table and of its columns.
func (d *Dialect) CheckConstraints(ctx context.Context, q dialect.Queryer, schema, table string) ([]dialect.CheckInfo, error) {
	loc, err := d.locate(ctx, q, schema, table)
	if err != nil {
		return nil, err
	}
	def, _ := parseCreateTable(loc.sql)
	var out []dialect.CheckInfo
	for _, c := range def.checks {
		out = append(out, dialect.CheckInfo{Name: c.name, Expression: c.expr})
	}
	return out, nil
}

// TableComment implements dialect.Reflector: SQLite has no comments.
func (d *Dialect) TableComment(ctx context.Context, q dialect.Queryer, schema, table string) (string, error) {
	_, err := d.locate(ctx, q, schema, table)
	return "", err
}
