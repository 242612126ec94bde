package sql_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// variantDialects are the dialects the variant tests render for, by the
// name a test case's expectations use.
var variantDialects = []struct {
	name string
	d    dialect.Dialect
}{
	{"sqlite", sqlite.New()},
	{"postgresql", postgres.New()},
	{"mysql", mysql.New()},
	{"mariadb", mysql.NewMariaDB()},
	{"mssql", mssql.New()},
	{"oracle", oracle.New()},
}

// variantTable has a column of each kind of variant.
func variantTable() *sql.Table {
	doc := types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{})
	body := types.WithVariant(types.String{Length: 100}, "mysql", types.Text{}).
		With("oracle", types.Text{}).
		With("mssql", types.String{Length: 200})
	flag := types.WithVariant(types.Boolean{}, "mariadb", types.SmallInteger{})
	return sql.NewTable("docs",
		sql.NewColumn("id", types.WithVariant(types.Integer{}, "postgresql", types.BigInteger{}), sql.PrimaryKey()),
		sql.NewColumn("doc", doc),
		sql.NewColumn("content", body),
		sql.NewColumn("flag", flag),
		sql.NewColumn("label", types.Decorate(types.WithVariant(types.String{Length: 5}, "sqlite", types.Text{}),
			func(s string) (any, error) { return strings.ToUpper(s), nil }, nil)),
	)
}

func TestVariantDDL(t *testing.T) {
	want := map[string]string{
		"sqlite":     "CREATE TABLE docs (id INTEGER NOT NULL, doc JSON, content VARCHAR(100), flag BOOLEAN, label TEXT, PRIMARY KEY (id))",
		"postgresql": "CREATE TABLE docs (id BIGSERIAL NOT NULL, doc JSONB, content VARCHAR(100), flag BOOLEAN, label VARCHAR(5), PRIMARY KEY (id))",
		"mysql":      "CREATE TABLE docs (id INTEGER NOT NULL AUTO_INCREMENT, doc JSON, content LONGTEXT, flag BOOL, label VARCHAR(5), PRIMARY KEY (id))",
		"mariadb":    "CREATE TABLE docs (id INTEGER NOT NULL AUTO_INCREMENT, doc JSON, content LONGTEXT, flag SMALLINT, label VARCHAR(5), PRIMARY KEY (id))",
		"mssql":      "CREATE TABLE docs (id INTEGER NOT NULL IDENTITY, doc NVARCHAR(max) NULL, content NVARCHAR(200) NULL, flag BIT NULL, label NVARCHAR(5) NULL, PRIMARY KEY (id))",
		"oracle":     "CREATE TABLE docs (id INTEGER NOT NULL, doc BLOB, content CLOB, flag SMALLINT, label VARCHAR2(5 CHAR), PRIMARY KEY (id))",
	}
	tbl := variantTable()
	for _, vd := range variantDialects {
		t.Run(vd.name, func(t *testing.T) {
			c, err := sql.Compile(sql.NewCreateTable(tbl), vd.d)
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != want[vd.name] {
				t.Fatalf("\n got: %s\nwant: %s", c.SQL, want[vd.name])
			}
		})
	}
}

func TestVariantCast(t *testing.T) {
	num := types.WithVariant(types.Numeric{Precision: 10, Scale: 2}, "mysql", types.Integer{}).With("sqlite", types.Text{})
	want := map[string]string{
		"sqlite":     "CAST(x AS TEXT)",
		"postgresql": "CAST(x AS NUMERIC(10, 2))",
		"mysql":      "CAST(x AS SIGNED INTEGER)", // MySQL's CAST names, for the variant
		"mariadb":    "CAST(x AS SIGNED INTEGER)",
		"mssql":      "CAST(x AS NUMERIC(10, 2))",
		"oracle":     "CAST(x AS NUMERIC(10, 2))",
	}
	stmt := sql.NewSelect(sql.LiteralColumn("x").Cast(num))
	for _, vd := range variantDialects {
		t.Run(vd.name, func(t *testing.T) {
			c, err := sql.Compile(stmt, vd.d)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := strings.CutPrefix(c.SQL, "SELECT "); !strings.HasPrefix(got, want[vd.name]) {
				t.Fatalf("got %s, want %s", c.SQL, want[vd.name])
			}
		})
	}
}

func TestVariantCacheKey(t *testing.T) {
	cast := func(v types.Type) sql.Element { return sql.NewSelect(sql.LiteralColumn("x").Cast(v)) }
	base := types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{})
	same := types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{})
	if !bytes.Equal(keyOf(cast(base)), keyOf(cast(same))) {
		t.Error("equal variants have different keys")
	}
	for name, other := range map[string]types.Type{
		"no variant":     types.JSON{},
		"other base":     types.WithVariant(types.Text{}, "postgresql", postgres.JSONB{}),
		"other dialect":  types.WithVariant(types.JSON{}, "mysql", postgres.JSONB{}),
		"other variant":  types.WithVariant(types.JSON{}, "postgresql", types.Text{}),
		"one more":       base.With("mysql", types.Text{}),
		"variant params": types.WithVariant(types.JSON{}, "postgresql", types.String{Length: 3}),
	} {
		if bytes.Equal(keyOf(cast(base)), keyOf(cast(other))) {
			t.Errorf("%s: same key as %v", name, base)
		}
	}
	// The order variants were added in does not matter.
	a := types.WithVariant(types.Text{}, "mysql", types.String{Length: 1}).With("sqlite", types.Integer{})
	b := types.WithVariant(types.Text{}, "sqlite", types.Integer{}).With("mysql", types.String{Length: 1})
	if !bytes.Equal(keyOf(cast(a)), keyOf(cast(b))) {
		t.Error("the order of With changes the key")
	}
}

// The cache compiles a variant per dialect: the same statement renders
// each dialect's choice.
func TestVariantCachedPerDialect(t *testing.T) {
	v := types.WithVariant(types.Integer{}, "postgresql", types.Text{})
	stmt := sql.NewSelect(sql.LiteralColumn("x").Cast(v))
	for d, want := range map[dialect.Dialect]string{postgres.New(): "SELECT CAST(x AS TEXT) AS x", sqlite.New(): "SELECT CAST(x AS INTEGER) AS x"} {
		cache := sql.NewCache(d, 4)
		for range 2 {
			c, k, _, err := cache.Compile(stmt)
			if err != nil {
				t.Fatal(err)
			}
			k.Release()
			if c.SQL != want {
				t.Fatalf("%s: %s", d.Name(), c.SQL)
			}
		}
	}
}

func TestVariantAdaptType(t *testing.T) {
	at := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.FixedZone("", 3600))
	// On SQLite the variant is a DateTime, which SQLite stores as text.
	stamp := types.WithVariant(types.Text{}, "sqlite", types.DateTime{Timezone: true})
	out, err := sql.AdaptType(sqlite.New(), stamp).BindConverter()(at)
	if err != nil || out != "2024-02-29 12:14:15.123456" {
		t.Fatalf("SQLite: %#v %v", out, err)
	}
	// Elsewhere it is Text, which sends values unchanged.
	if conv := sql.AdaptType(postgres.New(), stamp).BindConverter(); conv != nil {
		t.Fatal("PostgreSQL adapted the base type")
	}
	// Beneath a decorator.
	dec := types.Decorate(stamp, func(s string) (any, error) { return time.Parse(time.DateOnly, s) }, nil)
	out, err = sql.AdaptType(sqlite.New(), dec).BindConverter()("2024-03-01")
	if err != nil || out != "2024-03-01 00:00:00.000000" {
		t.Fatalf("decorated: %#v %v", out, err)
	}
	// Result columns read the variant's values.
	c, err := sql.Compile(sql.NewSelect(sql.LiteralColumn("x").Cast(stamp).Label("x")), sqlite.New())
	if err != nil {
		t.Fatal(err)
	}
	v, err := c.Columns[0].Convert("2024-02-29 12:14:15.123456")
	if err != nil || !v.(time.Time).Equal(at) {
		t.Fatalf("result: %v %v", v, err)
	}
	// A variant of a variant.
	nested := types.WithVariant(types.Integer{}, "sqlite", types.WithVariant(types.Text{}, "sqlite", types.Date{}))
	if got := dialect.TypeFor(sqlite.New(), nested); got != (types.Date{}) {
		t.Fatalf("nested: %#v", got)
	}
}

// A PostgreSQL enum type chosen by a variant is created with its table;
// elsewhere the column is a VARCHAR and there is no type to create.
func TestVariantSchemaObjects(t *testing.T) {
	mood := types.Enum{Name: "mood", Values: []string{"sad", "happy"}}
	tbl := sql.NewTable("people", sql.NewColumn("mood", types.WithVariant(types.String{Length: 10}, "postgresql", mood)))
	objs := sql.SchemaObjectsOf(postgres.New(), []*sql.Table{tbl})
	if len(objs) != 1 || objs[0].Name != "mood" || objs[0].Kind != dialect.ObjectType {
		t.Fatalf("PostgreSQL objects: %+v", objs)
	}
	if objs := sql.SchemaObjectsOf(sqlite.New(), []*sql.Table{tbl}); len(objs) != 0 {
		t.Fatalf("SQLite objects: %+v", objs)
	}
}
