package mysql

import (
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

// TestColumnDefault: MariaDB gives defaults as SQL, MySQL gives a
// literal's value and marks expressions.
func TestColumnDefault(t *testing.T) {
	my, maria := New(), NewMariaDB()
	cases := []struct {
		d                    *Dialect
		def, dataType, extra string
		want                 string
	}{
		{maria, "'x'", "varchar", "", "'x'"},
		{maria, "NULL", "int", "", ""},
		{maria, "'NULL'", "varchar", "", "'NULL'"},
		{maria, "current_timestamp(6)", "datetime", "", "current_timestamp(6)"},
		{maria, "1.50", "decimal", "", "1.50"},
		{my, "x", "varchar", "", "'x'"},
		{my, "it's", "varchar", "", "'it''s'"},
		{my, "", "varchar", "", "''"},
		{my, "5", "int", "", "5"},
		{my, "1.5", "decimal", "", "1.5"},
		{my, "5", "varchar", "", "'5'"},
		{my, "CURRENT_TIMESTAMP(6)", "datetime", "default_generated", "CURRENT_TIMESTAMP(6)"},
		{my, "CURRENT_TIMESTAMP", "timestamp", "", "CURRENT_TIMESTAMP"},
		{my, "(rand() * 2)", "double", "default_generated", "(rand() * 2)"},
		{my, "b'1'", "bit", "", "b'1'"},
	}
	for _, tc := range cases {
		if got := tc.d.columnDefault(tc.def, tc.dataType, tc.extra); got != tc.want {
			t.Errorf("%s %q (%s): %q, want %q", tc.d.server, tc.def, tc.dataType, got, tc.want)
		}
	}
}

func TestReflectType(t *testing.T) {
	cases := []struct {
		columnType, dataType string
		json                 bool
		want                 types.Type
	}{
		{"int(11)", "int", false, types.Integer{}},
		{"int", "int", false, types.Integer{}},
		{"int(10) unsigned", "int", false, Int{Unsigned: true}},
		{"int(10) unsigned zerofill", "int", false, Int{Unsigned: true, Zerofill: true}},
		{"bigint(20)", "bigint", false, types.BigInteger{}},
		{"bigint(20) unsigned", "bigint", false, BigInt{Unsigned: true}},
		{"tinyint(1)", "tinyint", false, types.Boolean{}},
		{"tinyint(1) unsigned", "tinyint", false, TinyInt{Unsigned: true}},
		{"tinyint(4)", "tinyint", false, TinyInt{}},
		{"tinyint(3) unsigned", "tinyint", false, TinyInt{Unsigned: true}},
		{"smallint(6)", "smallint", false, types.SmallInteger{}},
		{"smallint(5) unsigned zerofill", "smallint", false, SmallInt{Unsigned: true, Zerofill: true}},
		{"mediumint(9)", "mediumint", false, MediumInt{}},
		{"year(4)", "year", false, Year{}},
		{"bit(9)", "bit", false, Bit{Length: 9}},
		{"varchar(30)", "varchar", false, types.String{Length: 30}},
		{"char(32)", "char", false, dialect.DatabaseType{Name: "CHAR(32)", Base: types.String{}}},
		{"longtext", "longtext", false, types.Text{}},
		{"longtext", "longtext", true, types.JSON{}},
		{"tinytext", "tinytext", false, TinyText{}},
		{"text", "text", false, Text{}},
		{"mediumtext", "mediumtext", false, MediumText{}},
		{"json", "json", false, types.JSON{}},
		{"decimal(10,2)", "decimal", false, types.Numeric{Precision: 10, Scale: 2}},
		{"decimal(10,2) unsigned", "decimal", false, dialect.DatabaseType{Name: "DECIMAL(10,2) UNSIGNED", Base: types.Numeric{}}},
		{"float", "float", false, types.Float{}},
		{"double", "double", false, types.Double{}},
		{"datetime(6)", "datetime", false, types.DateTime{}},
		{"datetime", "datetime", false, DateTime{}},
		{"datetime(3)", "datetime", false, DateTime{FSP: 3}},
		{"timestamp", "timestamp", false, Timestamp{}},
		{"timestamp(6)", "timestamp", false, Timestamp{FSP: 6}},
		{"time(6)", "time", false, types.Time{}},
		{"time", "time", false, Time{}},
		{"time(3)", "time", false, Time{FSP: 3}},
		{"longblob", "longblob", false, types.LargeBinary{}},
		{"tinyblob", "tinyblob", false, TinyBlob{}},
		{"blob", "blob", false, Blob{}},
		{"mediumblob", "mediumblob", false, MediumBlob{}},
		{"uuid", "uuid", false, types.UUID{}},
		{"enum('a','it''s','b\\\\c')", "enum", false, types.Enum{Values: []string{"a", "it's", `b\c`}}},
		{"set('Read','write')", "set", false, Set{Values: []string{"Read", "write"}}},
		{"geometry", "geometry", false, dialect.DatabaseType{Name: "GEOMETRY"}},
	}
	for _, tc := range cases {
		if got := reflectType(tc.columnType, tc.dataType, tc.json, ""); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: %#v, want %#v", tc.columnType, got, tc.want)
		}
	}
	if got := reflectType("varchar(5)", "varchar", false, "utf8mb4_bin"); got != (types.String{Length: 5, Collation: "utf8mb4_bin"}) {
		t.Errorf("collation: %#v", got)
	}
}

// TestCanonicalTypeName: the names MySQL keeps for the types DDL wrote.
func TestCanonicalTypeName(t *testing.T) {
	d := New()
	for in, want := range map[string]string{
		"INT": "INTEGER", "INT UNSIGNED": "INTEGER UNSIGNED", "DECIMAL": "DECIMAL(10)", "DECIMAL(9)": "DECIMAL(9)",
		"FLOAT(10)": "FLOAT", "FLOAT(25)": "DOUBLE", "REAL": "DOUBLE", "BLOB(255)": "TINYBLOB", "BLOB(256)": "BLOB",
		"BLOB(70000)": "MEDIUMBLOB", "BLOB(16777216)": "LONGBLOB", "MEDIUMINT": "MEDIUMINT",
	} {
		if got := d.CanonicalTypeName(in); got != want {
			t.Errorf("%s: %s, want %s", in, got, want)
		}
	}
}

// TestParseIndexes: STATISTICS rows make indexes; the index InnoDB made
// for a foreign key is left out, one made by hand is kept.
func TestParseIndexes(t *testing.T) {
	rows := []catalog.Row{
		{"fk_named", int64(1), "q", "A", nil},
		{"ix_expr", int64(1), nil, "A", "lower(`a`)"},
		{"ix_two", int64(1), "p", "D", nil},
		{"ix_two", int64(1), "q", "A", nil},
		{"p", int64(1), "p", "A", nil},
		{"r", int64(1), "r", "A", nil},
		{"uq", int64(0), "a", "A", nil},
	}
	fks := []dialect.ForeignKeyInfo{
		{Name: "fk_named", Columns: []string{"q"}},
		{Name: "t_ibfk_1", Columns: []string{"p"}},
	}
	want := []dialect.IndexInfo{
		{Name: "ix_expr", Columns: []dialect.IndexColumn{{Expression: "lower(`a`)"}}},
		{Name: "ix_two", Columns: []dialect.IndexColumn{{Name: "p", Descending: true}, {Name: "q"}}},
		{Name: "r", Columns: []dialect.IndexColumn{{Name: "r"}}},
		{Name: "uq", Unique: true, Columns: []dialect.IndexColumn{{Name: "a"}}},
	}
	if got := parseIndexes(rows, fks); !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
	if !isPlainUnique(want[3]) || isPlainUnique(want[0]) || isPlainUnique(dialect.IndexInfo{Unique: true, Columns: []dialect.IndexColumn{{Name: "a", Descending: true}}}) {
		t.Fatal("isPlainUnique")
	}
}

func TestParseForeignKeys(t *testing.T) {
	rows := []catalog.Row{
		{"fk_a", "a", "db", "p", "x", "CASCADE", "RESTRICT"},
		{"fk_a", "b", "db", "p", "y", "CASCADE", "RESTRICT"},
		{"fk_c", "c", "other", "q", "id", "NO ACTION", "SET NULL"},
	}
	want := []dialect.ForeignKeyInfo{
		{Name: "fk_a", Columns: []string{"a", "b"}, ReferredSchema: "db", ReferredTable: "p", ReferredColumns: []string{"x", "y"}, OnDelete: "CASCADE"},
		{Name: "fk_c", Columns: []string{"c"}, ReferredSchema: "other", ReferredTable: "q", ReferredColumns: []string{"id"}, OnUpdate: "SET NULL"},
	}
	if got := parseForeignKeys(rows); !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}

// TestReflectionQueries: the queries differ by server where
// information_schema does.
func TestReflectionQueries(t *testing.T) {
	maria, my8 := NewMariaDB(), ForServer(Server{Major: 8, Minor: 0, Patch: 36})
	old := ForServer(Server{Major: 8, Minor: 0, Patch: 12})
	q, args := maria.checksQuery("", "t")
	if !strings.Contains(q, "CONSTRAINT_SCHEMA = DATABASE() AND TABLE_NAME = ?") || !strings.Contains(q, "LEVEL = 'Column'") || !reflect.DeepEqual(args, []any{"t"}) {
		t.Errorf("MariaDB checks: %s %v", q, args)
	}
	q, args = my8.checksQuery("db", "t")
	if !strings.Contains(q, "JOIN information_schema.CHECK_CONSTRAINTS") || !strings.Contains(q, "tc.TABLE_SCHEMA = ? AND tc.TABLE_NAME = ?") || !reflect.DeepEqual(args, []any{"db", "t"}) {
		t.Errorf("MySQL checks: %s %v", q, args)
	}
	if q, _ := my8.indexesQuery("", "t"); !strings.Contains(q, "COLLATION, EXPRESSION FROM") {
		t.Errorf("MySQL 8.0.13 indexes: %s", q)
	}
	for _, d := range []*Dialect{old, maria} {
		if q, _ := d.indexesQuery("", "t"); !strings.Contains(q, "COLLATION, NULL FROM") {
			t.Errorf("%s indexes: %s", d.server, q)
		}
	}
	if q, _ := maria.columnsQuery("", "t"); !strings.Contains(q, "json_valid") {
		t.Errorf("MariaDB columns: %s", q)
	}
	if q, _ := my8.columnsQuery("", "t"); strings.Contains(q, "json_valid") {
		t.Errorf("MySQL columns: %s", q)
	}
	q, args = tableNamesQuery("", true)
	if q != "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE IN ('VIEW', 'SYSTEM VIEW') ORDER BY TABLE_NAME" || args != nil {
		t.Errorf("views: %s %v", q, args)
	}
}
