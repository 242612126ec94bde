package inspect_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// ddl runs CREATE TABLE text, {t} standing for a unique table name, and
// drops the table when the test ends; it returns the name.
func (b *backend) ddl(t *testing.T, text string) string {
	t.Helper()
	name := unique("t")
	q := b.eng.Dialect().QuoteIdentifier(name)
	b.exec(t, strings.ReplaceAll(text, "{t}", q))
	t.Cleanup(func() { b.exec(t, "DROP TABLE "+q) })
	return name
}

// TestColumnTypes: the type each database gives back for a column, as an
// Athanor type; a name no Athanor type writes alike is kept.
func TestColumnTypes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		var text string
		var want []types.Type
		switch b.name {
		case "sqlite":
			text = `CREATE TABLE {t} (a INTEGER, b VARCHAR(20), c NUMERIC(8, 3), d DATETIME, e CHAR(32), f INT, g REAL, h "", i BOOLEAN, j BLOB)`
			want = []types.Type{types.Integer{}, types.String{Length: 20}, types.Numeric{Precision: 8, Scale: 3}, types.DateTime{},
				dialect.DatabaseType{Name: "CHAR(32)", Base: types.Text{}}, dialect.DatabaseType{Name: "INT", Base: types.Integer{}},
				dialect.DatabaseType{Name: "REAL", Base: types.Double{}}, dialect.DatabaseType{Name: "", Base: types.NullType{}},
				types.Boolean{}, types.LargeBinary{}}
		case "postgresql":
			text = `CREATE TABLE {t} (a INTEGER, b VARCHAR(20), c NUMERIC(8, 3), d TIMESTAMP WITH TIME ZONE, e CHAR(32), f TIME(3), g REAL, h TSVECTOR, i BOOLEAN, j BYTEA, k JSONB, l INTEGER[], m TEXT[][])`
			want = []types.Type{types.Integer{}, types.String{Length: 20}, types.Numeric{Precision: 8, Scale: 3}, types.DateTime{Timezone: true},
				dialect.DatabaseType{Name: "character(32)", Base: types.String{Length: 32}},
				postgres.Time{Precision: 3},
				types.Float{Precision: 24}, dialect.DatabaseType{Name: "tsvector"}, types.Boolean{}, types.LargeBinary{}, postgres.JSONB{},
				postgres.Array{Item: types.Integer{}, Dimensions: 1}, postgres.Array{Item: types.Text{}, Dimensions: 2}}
		default:
			text = "CREATE TABLE {t} (a INT, b VARCHAR(20), c DECIMAL(8, 3), d DATETIME(6), e CHAR(32), f TINYINT, g TINYINT(1), h MEDIUMTEXT, i INT UNSIGNED, j ENUM('x', 'it''s'), k DATETIME)"
			want = []types.Type{types.Integer{}, types.String{Length: 20}, types.Numeric{Precision: 8, Scale: 3}, types.DateTime{},
				dialect.DatabaseType{Name: "CHAR(32)", Base: types.String{}}, mysql.TinyInt{},
				types.Boolean{}, mysql.MediumText{}, mysql.Int{Unsigned: true}, types.Enum{Values: []string{"x", "it's"}},
				mysql.DateTime{}}
		}
		name := b.ddl(t, text)
		cols, err := inspect.New(b.eng).Columns(context.Background(), "", name)
		if err != nil {
			t.Fatal(err)
		}
		if len(cols) != len(want) {
			t.Fatalf("%d columns, want %d", len(cols), len(want))
		}
		for k, c := range cols {
			w := want[k]
			if dt, ok := w.(dialect.DatabaseType); ok && b.name == "mysql" {
				// MySQL 8 writes no display widths; MariaDB does.
				if g, ok := c.Type.(dialect.DatabaseType); ok && strings.Replace(g.Name, "(4)", "", 1) == strings.Replace(dt.Name, "(4)", "", 1) {
					w = g
				}
			}
			if !reflect.DeepEqual(c.Type, w) {
				t.Errorf("column %s (%s): %#v, want %#v", c.Name, c.TypeName, c.Type, w)
			}
		}
	})
}

// TestAutoincrement: what the database generates, as the database says,
// rather than Athanor's guess from the type.
func TestAutoincrement(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		var generated, plain string
		switch b.name {
		case "sqlite":
			generated = b.ddl(t, "CREATE TABLE {t} (id INTEGER PRIMARY KEY, n INTEGER)")
			plain = b.ddl(t, "CREATE TABLE {t} (id BIGINT PRIMARY KEY, n INTEGER)")
		case "postgresql":
			generated = b.ddl(t, "CREATE TABLE {t} (id SERIAL PRIMARY KEY, n INTEGER)")
			plain = b.ddl(t, "CREATE TABLE {t} (id INTEGER PRIMARY KEY, n INTEGER)")
		default:
			generated = b.ddl(t, "CREATE TABLE {t} (id INT AUTO_INCREMENT PRIMARY KEY, n INT)")
			plain = b.ddl(t, "CREATE TABLE {t} (id INT PRIMARY KEY, n INT)")
		}
		for _, tc := range []struct {
			name string
			want bool
		}{{generated, true}, {plain, false}} {
			cols, err := inspect.New(b.eng).Columns(ctx, "", tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if cols[0].Autoincrement != tc.want || cols[1].Autoincrement || cols[0].Default != "" && !strings.HasPrefix(cols[0].Default, "nextval(") {
				t.Errorf("%s: %+v", tc.name, cols)
			}
			tb, err := inspect.ReflectTable(ctx, b.eng, sql.NewMetaData(), tc.name)
			if err != nil {
				t.Fatal(err)
			}
			if got := tb.AutoincrementColumn() != nil; got != tc.want {
				t.Errorf("%s: the reflected table's autoincrement column: %v", tc.name, tb.AutoincrementColumn())
			}
			// The reflected table inserts as the database does: with a
			// generated key, or with the key given.
			ins := sql.NewInsert(tb).Values(sql.Values{"n": 1})
			if !tc.want {
				ins = sql.NewInsert(tb).Values(sql.Values{"id": 7, "n": 1})
			}
			res, err := b.eng.Execute(ctx, ins)
			if err != nil {
				t.Fatal(err)
			}
			if key, err := res.InsertedPrimaryKey(); err != nil || len(key) != 1 || key[0] == nil {
				t.Errorf("%s: inserted key %v (%v)", tc.name, key, err)
			}
		}
	})
}

// TestIdentity: PostgreSQL's identity columns, with their sequence's
// parameters, reflected and created again.
func TestIdentity(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		if b.name != "postgresql" {
			t.Skip("identity columns are PostgreSQL's here")
		}
		ctx := context.Background()
		name := b.ddl(t, "CREATE TABLE {t} (id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 5) PRIMARY KEY, "+
			"n BIGINT GENERATED BY DEFAULT AS IDENTITY, g INTEGER GENERATED ALWAYS AS (id * 2) STORED)")
		cols, err := inspect.New(b.eng).Columns(ctx, "", name)
		if err != nil {
			t.Fatal(err)
		}
		id, n := cols[0].Identity, cols[1].Identity
		if id == nil || !id.Always || id.Start != 10 || id.Increment != 5 || !cols[0].Autoincrement {
			t.Fatalf("id: %+v", cols[0])
		}
		if n == nil || n.Always || n.Start != 1 || n.MaxValue != 1<<63-1 || cols[1].Default != "" {
			t.Fatalf("n: %+v", cols[1])
		}
		if c := cols[2].Computed; c == nil || !c.Persisted || !strings.Contains(c.Expression, "id * 2") || cols[2].Default != "" {
			t.Fatalf("g: %+v", cols[2])
		}
		md := sql.NewMetaData()
		tb, err := inspect.ReflectTable(ctx, b.eng, md, name)
		if err != nil {
			t.Fatal(err)
		}
		if got := tb.C("id").Identity(); got == nil || !got.Always || *got.Start != 10 || *got.Increment != 5 {
			t.Fatalf("the reflected column's identity: %+v", got)
		}
		text, err := sql.Compile(sql.NewCreateTable(tb), b.dialect(t))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(text.SQL, "id INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 5 START WITH 10)") ||
			!strings.Contains(text.SQL, "g INTEGER GENERATED ALWAYS AS ((id * 2)) STORED") {
			t.Fatalf("CREATE TABLE of the reflected table: %s", text.SQL)
		}
	})
}

// TestForeignKeyOptions: actions, deferrability and MATCH.
func TestForeignKeyOptions(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		parent := b.ddl(t, "CREATE TABLE {t} (a INTEGER, b INTEGER, PRIMARY KEY (a, b))")
		q := b.eng.Dialect().QuoteIdentifier(parent)
		extra := ""
		if b.name != "mysql" {
			extra = " DEFERRABLE INITIALLY DEFERRED"
		}
		child := b.ddl(t, "CREATE TABLE {t} (id INTEGER PRIMARY KEY, x INTEGER, y INTEGER, "+
			"CONSTRAINT fk_xy FOREIGN KEY (x, y) REFERENCES "+q+" (a, b) ON DELETE SET NULL ON UPDATE CASCADE"+extra+")")
		fks, err := inspect.New(b.eng).ForeignKeys(ctx, "", child)
		if err != nil {
			t.Fatal(err)
		}
		want := inspect.ForeignKeyInfo{Name: "fk_xy", Columns: []string{"x", "y"}, ReferredTable: parent, ReferredColumns: []string{"a", "b"},
			OnDelete: "SET NULL", OnUpdate: "CASCADE"}
		if extra != "" {
			yes := true
			want.Deferrable, want.Initially = &yes, "DEFERRED"
		}
		if len(fks) != 1 || !reflect.DeepEqual(fks[0], want) {
			t.Fatalf("foreign keys:\n got %+v\nwant %+v", fks, want)
		}
	})
}

// TestIndexes: unique, descending, expression and partial indexes, and
// which indexes are not reported (those of constraints, MySQL's implicit
// ones for foreign keys).
func TestIndexes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		ctx := context.Background()
		md := sql.NewMetaData()
		parent := md.Table(unique("p"), sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
		tb := md.Table(unique("ix"),
			sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
			sql.NewColumn("a", types.String{Length: 20}, sql.Unique()),
			sql.NewColumn("b", types.Integer{}),
			sql.NewColumn("p", types.Integer{}, sql.References(parent.C("id"))),
		)
		sql.NewIndex("ix_desc_"+tb.Name(), tb.C("b"), sql.Ops(tb.C("a")).Desc()).Unique()
		wantNames := []string{"ix_desc_" + tb.Name()}
		if b.supports(t, sql.NewCreateIndex(sql.NewIndex("probe", sql.Func("lower", sql.NewTable("x", sql.NewColumn("y", types.String{Length: 1})).C("y"))))) {
			sql.NewIndex("ix_expr_"+tb.Name(), sql.Func("lower", tb.C("a")))
			wantNames = append(wantNames, "ix_expr_"+tb.Name())
		}
		if b.supports(t, sql.NewCreateIndex(sql.NewIndex("probe", sql.NewTable("x", sql.NewColumn("y", types.Integer{})).C("y")).Where(sql.True()))) {
			sql.NewIndex("ix_part_"+tb.Name(), tb.C("b")).Where(sql.Ops(tb.C("b")).Gt(5))
			wantNames = append(wantNames, "ix_part_"+tb.Name())
		}
		create(t, b, md)
		indexes, err := inspect.New(b.eng).Indexes(ctx, "", tb.Name())
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, ix := range indexes {
			names = append(names, ix.Name)
			switch {
			case strings.HasPrefix(ix.Name, "ix_desc_"):
				if !ix.Unique || len(ix.Columns) != 2 || ix.Columns[0] != (inspect.IndexColumn{Name: "b"}) || ix.Columns[1] != (inspect.IndexColumn{Name: "a", Descending: true}) {
					t.Errorf("%+v", ix)
				}
			case strings.HasPrefix(ix.Name, "ix_expr_"):
				if ix.Unique || len(ix.Columns) != 1 || ix.Columns[0].Name != "" || !strings.Contains(strings.ToLower(ix.Columns[0].Expression), "lower(") {
					t.Errorf("%+v", ix)
				}
			case strings.HasPrefix(ix.Name, "ix_part_"):
				if len(ix.Columns) != 1 || !strings.Contains(ix.Where, "5") {
					t.Errorf("%+v", ix)
				}
			}
		}
		if strings.Join(names, ",") != strings.Join(wantNames, ",") {
			t.Fatalf("indexes %v, want %v", names, wantNames)
		}
	})
}
