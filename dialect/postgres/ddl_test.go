package postgres_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestTypeNames(t *testing.T) {
	status := types.Enum{Name: "status", Values: []string{"a", "b"}}
	cases := []struct {
		typ  types.Type
		want string
	}{
		{types.Integer{}, "INTEGER"},
		{types.SmallInteger{}, "SMALLINT"},
		{types.BigInteger{}, "BIGINT"},
		{types.Boolean{}, "BOOLEAN"},
		{types.String{}, "VARCHAR"},
		{types.String{Length: 30}, "VARCHAR(30)"},
		{types.Text{}, "TEXT"},
		{types.Float{}, "FLOAT"},
		{types.Float{Precision: 24}, "FLOAT(24)"},
		{types.Double{}, "DOUBLE PRECISION"},
		{types.Numeric{}, "NUMERIC"},
		{types.Numeric{Precision: 38, Scale: 10}, "NUMERIC(38, 10)"},
		{types.Date{}, "DATE"},
		{types.Time{}, "TIME WITHOUT TIME ZONE"},
		{types.Time{Timezone: true}, "TIME WITH TIME ZONE"},
		{types.DateTime{}, "TIMESTAMP WITHOUT TIME ZONE"},
		{types.DateTime{Timezone: true}, "TIMESTAMP WITH TIME ZONE"},
		{types.Interval{}, "INTERVAL"},
		{types.LargeBinary{}, "BYTEA"},
		{types.JSON{}, "JSON"},
		{postgres.JSONB{}, "JSONB"},
		{types.UUID{}, "UUID"},
		{status, "status"},
		{types.Enum{Name: "Status", Values: []string{"a"}}, `"Status"`},
		{types.Enum{Name: "status", Values: []string{"a", "bcd"}, NonNative: true}, "VARCHAR(3)"},
		{postgres.Enum{Enum: status, Schema: "someschema"}, "someschema.status"},
		{postgres.ArrayOf(types.Integer{}), "INTEGER[]"},
		{postgres.Array{Item: types.Text{}, Dimensions: 2}, "TEXT[][]"},
		{postgres.ArrayOf(status), "status[]"},
		{postgres.ArrayOf(types.DateTime{Timezone: true}), "TIMESTAMP WITH TIME ZONE[]"},
	}
	for _, c := range cases {
		got, err := pg.TypeName(c.typ)
		if err != nil || got != c.want {
			t.Errorf("%s: got %q, %v; want %q", c.typ, got, err, c.want)
		}
	}
	for _, bad := range []types.Type{types.Enum{Values: []string{"a"}}, postgres.Array{}, postgres.ArrayOf(postgres.ArrayOf(types.Integer{})), types.NullType{}} {
		if _, err := pg.TypeName(bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestDDLCompile(t *testing.T) {
	md := sql.NewMetaData()
	serial := md.Table("serials",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("data", types.Integer{}),
	)
	bigSerial := md.Table("big", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()))
	smallSerial := md.Table("small", sql.NewColumn("id", types.SmallInteger{}, sql.PrimaryKey()))
	identity := md.Table("ident", sql.NewColumn("y", types.Integer{}, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Always: true, Start: sql.Int64(4), Increment: sql.Int64(7)})))
	seq := sql.NewSequence("t_id_seq", sql.SequenceOptions{Start: sql.Int64(100)})
	withSeq := md.Table("withseq", sql.NewColumn("id", types.BigInteger{}, seq, sql.PrimaryKey()))
	serverSeq := md.Table("serverseq", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.ServerDefault(seq.NextValue())))
	notAuto := md.Table("plain", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)))
	status := types.Enum{Name: "status", Values: []string{"new", "done"}, CreateConstraint: true}
	enums := md.Table("tasks",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("status", status, sql.NotNull(), sql.ServerDefault("new")),
		sql.NewColumn("old", types.Enum{Values: []string{"x", "yy"}, NonNative: true, CreateConstraint: true}),
		sql.NewColumn("flag", types.Boolean{CreateConstraint: true}, sql.ServerDefault(sql.True())),
		sql.NewColumn("data", postgres.JSONB{}, sql.ServerDefault(sql.Text("'{}'::jsonb"))),
		sql.NewColumn("tags", postgres.ArrayOf(types.Text{})),
		sql.NewColumn("at", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("raw", types.LargeBinary{}, sql.ServerDefault([]byte{0, 255})),
	)
	inherits := sql.NewTable("atable", sql.NewColumn("id", types.Integer{}), sql.TableOption(postgres.OptInherits, "i1"))
	inheritsQuoted := sql.NewTable("atable", sql.NewColumn("id", types.Integer{}),
		sql.TableOption(postgres.OptInherits, []string{"Quote Me", "my_schema.parent_table"}))
	options := sql.NewTable("atable", sql.NewColumn("id", types.Integer{}),
		sql.TableOption(postgres.OptPartitionBy, "RANGE (id)"),
		sql.TableOption(postgres.OptUsing, "heap"),
		sql.TableOption(postgres.OptWith, map[string]any{"user_catalog_table": false, "parallel_workers": 15, "toast.autovacuum_insert_scale_factor": 1.25, "x": nil}),
		sql.TableOption(postgres.OptOnCommit, "drop"),
		sql.TableOption(postgres.OptTablespace, "sometablespace"),
	)
	commented := md.Table("commented", sql.NewColumn("id", types.Integer{}, sql.ColumnComment("the id")), sql.TableComment("it's a table"))
	deferrable := md.Table("uq", sql.NewColumn("id", types.Integer{}),
		sql.UniqueOn([]string{"id"}, sql.ConstraintOptions{Name: "uq_id", Deferrable: ptr(true), Initially: "DEFERRED"}))
	ix := sql.NewIndex("ix", sql.NewTable("t", sql.NewColumn("a", integer), sql.Schema("s")).C("a"))
	testtbl := sql.NewTable("testtbl", sql.NewColumn("data", integer))
	xy := sql.NewTable("testtbl", sql.NewColumn("x", integer), sql.NewColumn("y", integer), sql.NewColumn("s", types.Text{}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "serial", Dialect: pg, Stmt: sql.NewCreateTable(serial), SQL: "CREATE TABLE serials (id SERIAL NOT NULL, data INTEGER, PRIMARY KEY (id))"},
		{Name: "bigserial", Dialect: pg, Stmt: sql.NewCreateTable(bigSerial), SQL: "CREATE TABLE big (id BIGSERIAL NOT NULL, PRIMARY KEY (id))"},
		{Name: "smallserial", Dialect: pg, Stmt: sql.NewCreateTable(smallSerial), SQL: "CREATE TABLE small (id SMALLSERIAL NOT NULL, PRIMARY KEY (id))"},
		// test_column_identity
		{Name: "identity", Dialect: pg, Stmt: sql.NewCreateTable(identity),
			SQL: "CREATE TABLE ident (y INTEGER GENERATED ALWAYS AS IDENTITY (INCREMENT BY 7 START WITH 4), PRIMARY KEY (y))"},
		{Name: "identity before 10", Dialect: pg.ForVersion(90600), Stmt: sql.NewCreateTable(identity),
			SQL: "CREATE TABLE ident (y SERIAL NOT NULL, PRIMARY KEY (y))"},
		{Name: "sequence default", Dialect: pg, Stmt: sql.NewCreateTable(withSeq), SQL: "CREATE TABLE withseq (id BIGINT NOT NULL, PRIMARY KEY (id))"},
		{Name: "sequence server default", Dialect: pg, Stmt: sql.NewCreateTable(serverSeq),
			SQL: "CREATE TABLE serverseq (id BIGINT DEFAULT nextval('t_id_seq') NOT NULL, PRIMARY KEY (id))"},
		{Name: "not autoincrement", Dialect: pg, Stmt: sql.NewCreateTable(notAuto), SQL: "CREATE TABLE plain (id INTEGER NOT NULL, PRIMARY KEY (id))"},
		// Native enum and boolean: no CHECK; a non-native enum keeps its.
		{Name: "types and defaults", Dialect: pg, Stmt: sql.NewCreateTable(enums),
			SQL: "CREATE TABLE tasks (id INTEGER NOT NULL, status status DEFAULT 'new' NOT NULL, old VARCHAR(2), flag BOOLEAN DEFAULT true, " +
				"data JSONB DEFAULT '{}'::jsonb, tags TEXT[], at TIMESTAMP WITH TIME ZONE DEFAULT now(), raw BYTEA DEFAULT '\\x00ff', PRIMARY KEY (id), CHECK (old IN ('x', 'yy')))"},
		// test_create_table_inherits and friends
		{Name: "inherits", Dialect: pg, Stmt: sql.NewCreateTable(inherits), SQL: "CREATE TABLE atable (id INTEGER) INHERITS (i1)"},
		{Name: "inherits quoting", Dialect: pg, Stmt: sql.NewCreateTable(inheritsQuoted), SQL: `CREATE TABLE atable (id INTEGER) INHERITS ("Quote Me", my_schema.parent_table)`},
		{Name: "table options", Dialect: pg, Stmt: sql.NewCreateTable(options),
			SQL: "CREATE TABLE atable (id INTEGER) PARTITION BY RANGE (id) USING heap " +
				"WITH (parallel_workers = 15, toast.autovacuum_insert_scale_factor = 1.25, user_catalog_table = false, x) ON COMMIT DROP TABLESPACE sometablespace"},
		{Name: "bad with", Dialect: pg, Stmt: sql.NewCreateTable(sql.NewTable("a", sql.NewColumn("id", integer), sql.TableOption(postgres.OptWith, map[string]any{"a": "x; drop"}))), Err: sql.ErrArgument},
		{Name: "bad on commit", Dialect: pg, Stmt: sql.NewCreateTable(sql.NewTable("a", sql.NewColumn("id", integer), sql.TableOption(postgres.OptOnCommit, "later"))), Err: sql.ErrArgument},
		{Name: "bad inherits", Dialect: pg, Stmt: sql.NewCreateTable(sql.NewTable("a", sql.NewColumn("id", integer), sql.TableOption(postgres.OptInherits, 3))), Err: sql.ErrArgument},
		{Name: "bad using", Dialect: pg, Stmt: sql.NewCreateTable(sql.NewTable("a", sql.NewColumn("id", integer), sql.TableOption(postgres.OptUsing, 3))), Err: sql.ErrArgument},
		{Name: "table comment", Dialect: pg, Stmt: &sql.SetTableComment{Table: commented}, SQL: "COMMENT ON TABLE commented IS 'it''s a table'"},
		{Name: "column comment", Dialect: pg, Stmt: &sql.SetColumnComment{Column: commented.C("id")}, SQL: "COMMENT ON COLUMN commented.id IS 'the id'"},
		// test_unique_constraint_with_deferrable_and_include (without INCLUDE)
		{Name: "deferrable unique", Dialect: pg, Stmt: sql.NewCreateTable(deferrable),
			SQL: "CREATE TABLE uq (id INTEGER, CONSTRAINT uq_id UNIQUE (id) DEFERRABLE INITIALLY DEFERRED)"},
		{Name: "unnamed enum", Dialect: pg, Stmt: sql.NewCreateTable(sql.NewTable("a", sql.NewColumn("e", types.Enum{Values: []string{"x"}}))), Err: sql.ErrNotSupported},
		// test_create_drop_enum
		{Name: "create enum", Dialect: pg, Stmt: postgres.NewCreateEnumType(types.Enum{Name: "myname", Values: []string{"val1", "val2", "val's 3", "méil"}}, ""),
			SQL: "CREATE TYPE myname AS ENUM ('val1', 'val2', 'val''s 3', 'méil')"},
		{Name: "create enum quoted", Dialect: pg, Stmt: postgres.NewCreateEnumType(types.Enum{Name: "PleaseQuoteMe", Values: []string{"val1"}}, ""),
			SQL: `CREATE TYPE "PleaseQuoteMe" AS ENUM ('val1')`},
		// test_generic_enum
		{Name: "create enum in schema", Dialect: pg, Stmt: postgres.NewCreateEnumType(types.Enum{Name: "somename", Values: []string{"x", "y", "z"}}, "someschema"),
			SQL: "CREATE TYPE someschema.somename AS ENUM ('x', 'y', 'z')"},
		{Name: "drop enum", Dialect: pg, Stmt: postgres.NewDropEnumType(types.Enum{Name: "somename"}, "someschema"), SQL: "DROP TYPE someschema.somename"},
		{Name: "drop enum if exists", Dialect: pg, Stmt: &postgres.DropEnumType{Enum: types.Enum{Name: "somename"}, IfExists: true}, SQL: "DROP TYPE IF EXISTS somename"},
		{Name: "enum without values", Dialect: pg, Stmt: postgres.NewCreateEnumType(types.Enum{Name: "e"}, ""), Err: sql.ErrArgument},
		{Name: "enum without name", Dialect: pg, Stmt: postgres.NewCreateEnumType(types.Enum{Values: []string{"a"}}, ""), Err: sql.ErrArgument},
		{Name: "drop enum without name", Dialect: pg, Stmt: postgres.NewDropEnumType(types.Enum{}, ""), Err: sql.ErrArgument},
		// test_cast_enum_schema
		{Name: "cast to enum", Dialect: pg, Stmt: sql.NewSelect(sql.NewCast(sql.LiteralColumn("foo"), types.Enum{Name: "somename", Values: []string{"x"}}),
			sql.NewCast(sql.LiteralColumn("bar"), postgres.Enum{Enum: types.Enum{Name: "somename", Values: []string{"x"}}, Schema: "someschema"})),
			SQL: "SELECT CAST(foo AS somename) AS foo, CAST(bar AS someschema.somename) AS bar"},
		{Name: "create index in schema", Dialect: pg, Stmt: sql.NewCreateIndex(ix), SQL: "CREATE INDEX ix ON s.t (a)"},
		{Name: "drop index in schema", Dialect: pg, Stmt: sql.NewDropIndex(ix), SQL: "DROP INDEX s.ix"},
		// test_create_index_expr_gets_parens, and functional indexes
		{Name: "expression index", Dialect: pg, Stmt: sql.NewCreateIndex(sql.NewIndex("test_idx1", sql.Literal(5).Div(sql.Ops(xy.C("x")).Add(xy.C("y"))))),
			SQL: "CREATE INDEX test_idx1 ON testtbl ((5 / (x + y)))"},
		{Name: "function index", Dialect: pg, Stmt: sql.NewCreateIndex(sql.NewIndex("ix_lower", sql.Func("lower", xy.C("s")), xy.C("x").Desc())),
			SQL: "CREATE INDEX ix_lower ON testtbl (lower(s), x DESC)"},
		{Name: "expression desc", Dialect: pg, Stmt: sql.NewCreateIndex(sql.NewIndex("ix_sum", sql.Ops(xy.C("x")).Add(xy.C("y")).Desc().NullsLast(), xy.C("s").Cast(types.Integer{}))),
			SQL: "CREATE INDEX ix_sum ON testtbl ((x + y) DESC NULLS LAST, CAST(s AS INTEGER))"},
		// test_create_partial_index
		{Name: "partial index", Dialect: pg, Stmt: sql.NewCreateIndex(sql.NewIndex("test_idx1", testtbl.C("data")).Where(sql.And(testtbl.C("data").Gt(5), testtbl.C("data").Lt(10)))),
			SQL: "CREATE INDEX test_idx1 ON testtbl (data) WHERE data > 5 AND data < 10"},
	})
}

func TestSchemaObjects(t *testing.T) {
	md := sql.NewMetaData()
	status := types.Enum{Name: "status", Values: []string{"a"}}
	seq := sql.NewSequence("s1")
	a := md.Table("a", sql.NewColumn("id", types.BigInteger{}, seq, sql.PrimaryKey()), sql.NewColumn("st", status),
		sql.NewColumn("tags", postgres.ArrayOf(postgres.Enum{Enum: types.Enum{Name: "tag", Values: []string{"x"}}, Schema: "s"})))
	b := md.Table("b", sql.NewColumn("st", status), sql.NewColumn("x", types.Enum{Name: "nn", Values: []string{"q"}, NonNative: true}),
		sql.NewColumn("xmin", types.Integer{}, sql.System()))
	var got []string
	for _, o := range sql.SchemaObjectsOf(pg, []*sql.Table{a, b}) {
		text, err := sql.Compile(o.Create, pg)
		if err != nil {
			t.Fatal(err)
		}
		drop, err := sql.Compile(o.Drop, pg)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(o.Kind)+" "+o.Schema+"."+o.Name+": "+text.SQL+"; "+drop.SQL)
	}
	want := []string{
		"sequence .s1: CREATE SEQUENCE s1; DROP SEQUENCE s1",
		"type .status: CREATE TYPE status AS ENUM ('a'); DROP TYPE status",
		"type s.tag: CREATE TYPE s.tag AS ENUM ('x'); DROP TYPE s.tag",
	}
	if len(got) != len(want) {
		t.Fatalf("objects: %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("object %d: %q, want %q", i, got[i], want[i])
		}
	}
}
