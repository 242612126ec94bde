package sqlite

import (
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/catalog"
	"github.com/athanordb/athanor/types"
)

func TestParseCreateTable(t *testing.T) {
	yes, no := true, false
	cases := []struct {
		name string
		sql  string
		want tableDef
	}{
		{
			name: "table constraints",
			sql: `CREATE TABLE "t" (id INTEGER NOT NULL, "a b" VARCHAR(30), c INTEGER, d INTEGER,
				CONSTRAINT pk_t PRIMARY KEY (id),
				CONSTRAINT "uq ab" UNIQUE ("a b", c),
				CONSTRAINT ck_c CHECK (c > (1 + 2)),
				CHECK (d IN (1, 2)),
				CONSTRAINT fk_d FOREIGN KEY(d, c) REFERENCES "other" (x, y) ON DELETE SET NULL ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED,
				FOREIGN KEY (c) REFERENCES p MATCH FULL NOT DEFERRABLE)`,
			want: tableDef{
				columns: []columnDef{{name: "id"}, {name: "a b"}, {name: "c"}, {name: "d"}},
				pkName:  "pk_t",
				uniques: []uniqueDef{{name: "uq ab", columns: []string{"a b", "c"}}},
				checks:  []checkDef{{name: "ck_c", expr: "c > (1 + 2)"}, {expr: "d IN (1, 2)"}},
				fks: []fkDef{
					{name: "fk_d", columns: []string{"d", "c"}, table: "other", refColumns: []string{"x", "y"}, onDelete: "SET NULL", onUpdate: "CASCADE", deferrable: &yes, initially: "DEFERRED"},
					{columns: []string{"c"}, table: "p", match: "FULL", deferrable: &no, declaredFrom: 1},
				},
			},
		},
		{
			name: "column constraints",
			sql: `create temp table if not exists main.t (
				-- a comment, (with parentheses
				id integer primary key desc on conflict abort autoincrement,
				[x] text constraint nn not null constraint uq unique constraint ck check (length(x) > 0) collate nocase,
				` + "`y`" + ` numeric(10, 2) default (1.5 * 2) references "o""ther"(id) on delete cascade,
				z int default -1 /* comment */ generated always as (y * 2) stored,
				w as (lower(x)) virtual, 'v' text default 'a,b'
			) without rowid, strict`,
			want: tableDef{
				columns: []columnDef{{name: "id"}, {name: "x"}, {name: "y"}, {name: "z", generated: "y * 2"}, {name: "w", generated: "lower(x)"}, {name: "v"}},
				uniques: []uniqueDef{{name: "uq", columns: []string{"x"}}},
				checks:  []checkDef{{name: "ck", expr: "length(x) > 0"}},
				fks:     []fkDef{{columns: []string{"y"}, table: `o"ther`, refColumns: []string{"id"}, onDelete: "CASCADE", fromColumn: true}},
				autoinc: true, withoutRows: true,
			},
		},
		{
			name: "composite key with AUTOINCREMENT words elsewhere",
			sql:  `CREATE TABLE t (a INTEGER, b TEXT DEFAULT 'PRIMARY KEY (x)', PRIMARY KEY (a, b))`,
			want: tableDef{columns: []columnDef{{name: "a"}, {name: "b"}}},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseCreateTable(tc.sql)
			if !ok {
				t.Fatal("not parsed")
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("\n got %+v\nwant %+v", got, tc.want)
			}
		})
	}
	if _, ok := parseCreateTable("CREATE TABLE t AS SELECT 1"); ok {
		t.Fatal("CREATE TABLE AS parsed as a column list")
	}
	if _, ok := parseCreateTable("CREATE VIEW v AS SELECT 1"); ok {
		t.Fatal("CREATE VIEW parsed as a table")
	}
}

func TestParseCreateIndex(t *testing.T) {
	cases := []struct {
		sql  string
		want indexDef
		ok   bool
	}{
		{`CREATE INDEX ix ON t (a, b DESC)`, indexDef{elements: []string{"a", "b"}}, true},
		{`CREATE UNIQUE INDEX IF NOT EXISTS "main"."ix" ON "t" (lower("a") COLLATE nocase ASC, (b + 1)) WHERE a > 1 AND b IS NOT NULL;`,
			indexDef{elements: []string{`lower("a")`, "(b + 1)"}, where: "a > 1 AND b IS NOT NULL"}, true},
		{`CREATE TABLE t (a)`, indexDef{}, false},
	}
	for _, tc := range cases {
		got, ok := parseCreateIndex(tc.sql)
		if ok != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v %v\nwant %+v", tc.sql, got, ok, tc.want)
		}
	}
}

func TestViewQuery(t *testing.T) {
	cases := map[string]string{
		`CREATE VIEW v AS SELECT 1`:                                      "SELECT 1",
		`create temporary view if not exists "v" (a, b) as select 1, 2;`: "select 1, 2",
		`CREATE VIEW "AS" AS WITH x AS (SELECT 1) SELECT * FROM x`:       "WITH x AS (SELECT 1) SELECT * FROM x",
	}
	for in, want := range cases {
		if got := viewQuery(in); got != want {
			t.Errorf("%s: %q", in, got)
		}
	}
}

func TestReflectType(t *testing.T) {
	d := New()
	cases := map[string]types.Type{
		"INTEGER":          types.Integer{},
		"integer":          types.Integer{},
		"INT":              dialect.DatabaseType{Name: "INT", Base: types.Integer{}},
		"BIGINT":           types.BigInteger{},
		"VARCHAR(30)":      types.String{Length: 30},
		"varchar ( 30 )":   types.String{Length: 30},
		"VARCHAR":          types.String{},
		"NVARCHAR(10)":     dialect.DatabaseType{Name: "NVARCHAR(10)", Base: types.Text{}},
		"NUMERIC(10, 2)":   types.Numeric{Precision: 10, Scale: 2},
		"DECIMAL(10,2)":    dialect.DatabaseType{Name: "DECIMAL(10,2)", Base: types.Numeric{Precision: 10, Scale: 2}},
		"FLOAT":            types.Float{},
		"DOUBLE":           types.Double{},
		"DOUBLE PRECISION": dialect.DatabaseType{Name: "DOUBLE PRECISION", Base: types.Double{}},
		"DATETIME":         types.DateTime{},
		"TIMESTAMP":        dialect.DatabaseType{Name: "TIMESTAMP", Base: types.DateTime{}},
		"CHAR(32)":         dialect.DatabaseType{Name: "CHAR(32)", Base: types.Text{}},
		"BLOB":             types.LargeBinary{},
		"JSON":             types.JSON{},
		"MONEY":            dialect.DatabaseType{Name: "MONEY", Base: types.Numeric{}},
		"":                 dialect.DatabaseType{Name: "", Base: types.NullType{}},
	}
	for in, want := range cases {
		if got := d.reflectType(in); !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %#v, want %#v", in, got, want)
		}
	}
}

// TestParseForeignKeys: pragma_foreign_key_list's rows (one per column,
// ids in an order of SQLite's) come out in declaration order, with the
// names and deferrability the CREATE statement gives.
func TestParseForeignKeys(t *testing.T) {
	def, _ := parseCreateTable(`CREATE TABLE t (a INT REFERENCES p, b INT, c INT,
		CONSTRAINT fk_bc FOREIGN KEY (b, c) REFERENCES q (x, y) DEFERRABLE)`)
	rows := []catalog.Row{
		{int64(0), "q", "b", "x", "NO ACTION", "CASCADE", "NONE"},
		{int64(0), "q", "c", "y", "NO ACTION", "CASCADE", "NONE"},
		{int64(1), "p", "a", nil, "SET NULL", "NO ACTION", "NONE"},
	}
	yes := true
	want := []dialect.ForeignKeyInfo{
		{Columns: []string{"a"}, ReferredTable: "p", OnUpdate: "SET NULL"},
		{Name: "fk_bc", Columns: []string{"b", "c"}, ReferredTable: "q", ReferredColumns: []string{"x", "y"}, OnDelete: "CASCADE", Deferrable: &yes},
	}
	if got := parseForeignKeys(rows, def); !reflect.DeepEqual(got, want) {
		t.Fatalf("\n got %+v\nwant %+v", got, want)
	}
}
