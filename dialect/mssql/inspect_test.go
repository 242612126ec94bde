package mssql

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// No SQL Server runs here: reflection is tested on the queries it sends
// and on rows as the catalog views would return them.

func TestReflectionQueryText(t *testing.T) {
	d := New()
	q, args := d.columnsQuery("", "users")
	if !strings.HasPrefix(q, "SELECT c.name, t.name, c.max_length, c.precision, c.scale, c.is_nullable, OBJECT_DEFINITION(c.default_object_id), ") ||
		!strings.Contains(q, " FROM sys.objects o JOIN sys.schemas s ON s.schema_id = o.schema_id JOIN sys.columns c ") ||
		!strings.HasSuffix(q, "WHERE o.type IN ('U', 'V') AND o.name = @p1 AND s.name = SCHEMA_NAME() ORDER BY c.column_id") ||
		!reflect.DeepEqual(args, []any{"users"}) {
		t.Errorf("columns: %s %v", q, args)
	}
	q, args = d.keyQuery("PK", "otherdb.sales", "users")
	want := "SELECT k.name, c.name FROM otherdb.sys.objects o JOIN otherdb.sys.schemas s ON s.schema_id = o.schema_id " +
		"JOIN otherdb.sys.key_constraints k ON k.parent_object_id = o.object_id " +
		"JOIN otherdb.sys.index_columns ic ON ic.object_id = o.object_id AND ic.index_id = k.unique_index_id " +
		"JOIN otherdb.sys.columns c ON c.object_id = o.object_id AND c.column_id = ic.column_id " +
		"WHERE k.type = 'PK' AND o.name = @p1 AND s.name = @p2 ORDER BY k.name, ic.key_ordinal"
	if q != want || !reflect.DeepEqual(args, []any{"users", "sales"}) {
		t.Errorf("primary key in another database:\n got %s %v\nwant %s", q, args, want)
	}
	q, args = d.catalogQuery("SELECT o.name"+fromObject+"WHERE s.name = {owner}", "[my db].dbo")
	if q != "SELECT o.name FROM [my db].sys.objects o JOIN [my db].sys.schemas s ON s.schema_id = o.schema_id WHERE s.name = @p1" || !reflect.DeepEqual(args, []any{"dbo"}) {
		t.Errorf("bracketed database: %s %v", q, args)
	}
}

// canned answers the queries of one table's reflection.
func canned() *catalog.Canned {
	return &catalog.Canned{Rules: []catalog.Rule{
		{Contains: "OBJECT_DEFINITION(c.default_object_id)", Rows: []catalog.Row{
			{"id", "int", int64(4), int64(10), int64(0), false, nil, true, int64(1), int64(1), nil, nil, nil},
			{"name", "nvarchar", int64(60), int64(0), int64(0), false, "('anon')", false, nil, nil, nil, nil, "the name"},
			{"bio", "nvarchar", int64(-1), int64(0), int64(0), true, nil, false, nil, nil, nil, nil, nil},
			{"amount", "numeric", int64(9), int64(10), int64(2), true, "((0))", false, nil, nil, nil, nil, nil},
			{"twice", "int", int64(4), int64(10), int64(0), true, nil, false, nil, nil, "([id]*(2))", true, nil},
			{"at", "datetime2", int64(8), int64(27), int64(7), true, "(getdate())", false, nil, nil, nil, nil, nil},
			{"code", "varchar", int64(10), int64(0), int64(0), true, nil, false, nil, nil, nil, nil, nil},
		}},
		{Contains: "k.type = 'PK'", Rows: []catalog.Row{{"PK__users__3213E83F", "id"}}},
		{Contains: "k.type = 'UQ'", Rows: []catalog.Row{{"uq_name", "name"}, {"uq_name", "code"}}},
		{Contains: "sys.foreign_keys", Rows: []catalog.Row{{"fk_org", "org_id", "dbo", "orgs", "id", "CASCADE", "NO_ACTION"}}},
		{Contains: "sys.indexes", Rows: []catalog.Row{{"ix_at", false, "at", true, "([at]>'2020-01-01')"}, {"ix_at", false, "id", false, "([at]>'2020-01-01')"}}},
		{Contains: "sys.check_constraints", Rows: []catalog.Row{{"ck_amount", "([amount]>=(0))"}}},
		{Contains: "MS_Description' WHERE", Rows: []catalog.Row{{"the users"}}},
		{Contains: "sys.sql_modules", Rows: []catalog.Row{{"CREATE VIEW [dbo].[v] AS\nSELECT 1 AS one;\n"}}},
		{Contains: "INFORMATION_SCHEMA.TABLES", Rows: nil},
	}}
}

func TestReflectCanned(t *testing.T) {
	ctx := context.Background()
	d, q := New(), canned()
	cols, err := d.Columns(ctx, q, "", "users")
	if err != nil {
		t.Fatal(err)
	}
	want := []dialect.ColumnInfo{
		{Name: "id", TypeName: "int", Type: types.Integer{}, Autoincrement: true, Identity: &dialect.IdentityInfo{SequenceOptions: dialect.SequenceOptions{Start: 1, Increment: 1}}},
		{Name: "name", TypeName: "nvarchar(30)", Type: types.String{Length: 30}, Default: "('anon')", Comment: "the name"},
		{Name: "bio", TypeName: "nvarchar(max)", Type: types.Text{}, Nullable: true},
		{Name: "amount", TypeName: "numeric(10, 2)", Type: types.Numeric{Precision: 10, Scale: 2}, Nullable: true, Default: "((0))"},
		{Name: "twice", TypeName: "int", Type: types.Integer{}, Nullable: true, Computed: &dialect.ComputedInfo{Expression: "([id]*(2))", Persisted: true}},
		{Name: "at", TypeName: "datetime2", Type: types.DateTime{}, Nullable: true, Default: "(getdate())"},
		{Name: "code", TypeName: "varchar(10)", Type: dialect.DatabaseType{Name: "VARCHAR(10)", Base: types.String{}}, Nullable: true},
	}
	if !reflect.DeepEqual(cols, want) {
		t.Errorf("columns\n got %+v\nwant %+v", cols, want)
	}
	for _, c := range cols {
		if name, err := dialect.TypeNameOf(d, c.Type); err != nil || d.CanonicalTypeName(strings.ToUpper(name)) != strings.ToUpper(c.TypeName) && c.Type != (types.Text{}) {
			t.Errorf("%s: the dialect writes %s as %q (%v)", c.Name, c.TypeName, name, err)
		}
	}
	pk, err := d.PrimaryKey(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(pk, dialect.PrimaryKeyInfo{Name: "PK__users__3213E83F", Columns: []string{"id"}}) {
		t.Errorf("primary key: %+v %v", pk, err)
	}
	uqs, err := d.UniqueConstraints(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(uqs, []dialect.UniqueInfo{{Name: "uq_name", Columns: []string{"name", "code"}}}) {
		t.Errorf("unique: %+v %v", uqs, err)
	}
	fks, err := d.ForeignKeys(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(fks, []dialect.ForeignKeyInfo{{Name: "fk_org", Columns: []string{"org_id"}, ReferredSchema: "dbo", ReferredTable: "orgs", ReferredColumns: []string{"id"}, OnDelete: "CASCADE"}}) {
		t.Errorf("foreign keys: %+v %v", fks, err)
	}
	ixs, err := d.Indexes(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(ixs, []dialect.IndexInfo{{Name: "ix_at", Where: "([at]>'2020-01-01')", Columns: []dialect.IndexColumn{{Name: "at", Descending: true}, {Name: "id"}}}}) {
		t.Errorf("indexes: %+v %v", ixs, err)
	}
	cks, err := d.CheckConstraints(ctx, q, "", "users")
	if err != nil || !reflect.DeepEqual(cks, []dialect.CheckInfo{{Name: "ck_amount", Expression: "([amount]>=(0))"}}) {
		t.Errorf("checks: %+v %v", cks, err)
	}
	if c, err := d.TableComment(ctx, q, "", "users"); err != nil || c != "the users" {
		t.Errorf("comment: %q %v", c, err)
	}
	if v, err := d.ViewDefinition(ctx, q, "", "v"); err != nil || v != "SELECT 1 AS one" {
		t.Errorf("view: %q %v", v, err)
	}
}

// TestReflectMissing: a table without rows anywhere is looked up, and is
// not there.
func TestReflectMissing(t *testing.T) {
	ctx := context.Background()
	d := New()
	empty := &catalog.Canned{Rules: []catalog.Rule{{Contains: "SELECT", Rows: nil}}}
	if _, err := d.Columns(ctx, empty, "", "nope"); !errors.Is(err, dialect.ErrNoSuchTable) {
		t.Errorf("columns: %v", err)
	}
	if _, err := d.PrimaryKey(ctx, empty, "", "nope"); !errors.Is(err, dialect.ErrNoSuchTable) {
		t.Errorf("primary key: %v", err)
	}
	exists := &catalog.Canned{Rules: []catalog.Rule{{Contains: "INFORMATION_SCHEMA.TABLES", Rows: []catalog.Row{{int64(1)}}}, {Contains: "SELECT", Rows: nil}}}
	if fks, err := d.ForeignKeys(ctx, exists, "", "t"); err != nil || fks != nil {
		t.Errorf("a table without foreign keys: %v %v", fks, err)
	}
}

func TestReflectType(t *testing.T) {
	cases := []struct {
		name                   string
		maxLength, prec, scale int64
		wantName               string
		want                   types.Type
	}{
		{"bigint", 8, 19, 0, "bigint", types.BigInteger{}},
		{"bit", 1, 1, 0, "bit", types.Boolean{}},
		{"float", 8, 53, 0, "float", types.Float{}},
		{"float", 4, 24, 0, "real", dialect.DatabaseType{Name: "REAL", Base: types.Float{}}},
		{"decimal", 9, 10, 2, "decimal(10, 2)", dialect.DatabaseType{Name: "DECIMAL(10, 2)", Base: types.Numeric{Precision: 10, Scale: 2}}},
		{"datetimeoffset", 10, 34, 7, "datetimeoffset", types.DateTime{Timezone: true}},
		{"datetime2", 7, 23, 3, "datetime2(3)", dialect.DatabaseType{Name: "DATETIME2(3)", Base: types.DateTime{}}},
		{"varbinary", -1, 0, 0, "varbinary(max)", types.LargeBinary{}},
		{"varbinary", 16, 0, 0, "varbinary(16)", types.LargeBinary{Length: 16}},
		{"uniqueidentifier", 16, 0, 0, "uniqueidentifier", types.UUID{}},
		{"xml", -1, 0, 0, "xml", dialect.DatabaseType{Name: "XML"}},
	}
	for _, tc := range cases {
		name, got := reflectType(tc.name, tc.maxLength, tc.prec, tc.scale)
		if name != tc.wantName || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %s %#v", tc.name, name, got)
		}
	}
	d := New()
	for in, want := range map[string]string{"DOUBLE PRECISION": "FLOAT", "FLOAT(53)": "FLOAT", "FLOAT(10)": "REAL", "INTEGER": "INT", "BIGINT": "BIGINT"} {
		if got := d.CanonicalTypeName(in); got != want {
			t.Errorf("%s: %s", in, got)
		}
	}
}

func TestViewQuery(t *testing.T) {
	cases := map[string]string{
		"CREATE VIEW v AS SELECT 1": "SELECT 1",
		"create view [dbo].[my view] (a, b) with schemabinding as\n select a, b from t;": "select a, b from t",
		"CREATE OR ALTER VIEW db.dbo.v AS SELECT 'AS' AS x":                              "SELECT 'AS' AS x",
		"not a view": "not a view",
	}
	for in, want := range cases {
		if got := viewQuery(in); got != want {
			t.Errorf("%q: %q", in, got)
		}
	}
}
