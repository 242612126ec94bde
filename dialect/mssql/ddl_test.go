package mssql_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestDDLCompile(t *testing.T) {
	d := mssql.New()
	i64 := func(n int64) *int64 { return &n }
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull(), sql.ServerDefault("anon")),
		sql.NewColumn("created", types.DateTime{Timezone: true}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("bio", types.Text{}),
		sql.NewColumn("flag", types.Boolean{CreateConstraint: true}),
		sql.NewColumn("status", types.Enum{Values: []string{"a", "bb"}, CreateConstraint: true}),
		sql.Schema("app.dbo"),
	)
	posts := md.Table("posts",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.BigInteger{}, sql.References(users.C("id"), sql.FKOptions{OnDelete: "CASCADE"})),
		sql.NewColumn("key", types.UUID{}, sql.Unique()),
	)
	badIdentity := sql.NewTable("t", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Cycle: true})))
	badType := sql.NewTable("t", sql.NewColumn("x", types.NullType{}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "columns", Dialect: d, Stmt: sql.NewCreateTable(users),
			SQL: "CREATE TABLE app.dbo.users (id BIGINT NOT NULL IDENTITY, name NVARCHAR(30) NOT NULL DEFAULT 'anon', " +
				"created DATETIMEOFFSET NULL DEFAULT CURRENT_TIMESTAMP, bio NVARCHAR(max) NULL, flag BIT NULL, status NVARCHAR(2) NULL, " +
				"PRIMARY KEY (id), CHECK (flag IN (0, 1)), CHECK (status IN ('a', 'bb')))"},
		{Name: "foreign key across schemas", Dialect: d, Stmt: sql.NewCreateTable(posts),
			SQL: "CREATE TABLE posts (id INTEGER NOT NULL IDENTITY, user_id BIGINT NULL, [key] UNIQUEIDENTIFIER NULL, PRIMARY KEY (id), " +
				"FOREIGN KEY(user_id) REFERENCES app.dbo.users (id) ON DELETE CASCADE, UNIQUE ([key]))"},
		{Name: "drop table", Dialect: d, Stmt: sql.NewDropTable(users), SQL: "DROP TABLE app.dbo.users"},
		{Name: "create index", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("ix_name", users.C("name")).Unique()),
			SQL: "CREATE UNIQUE INDEX ix_name ON app.dbo.users (name)"},
		{Name: "drop index", Dialect: d, Stmt: sql.NewDropIndex(sql.NewIndex("ix_name", users.C("name"))), SQL: "DROP INDEX ix_name ON app.dbo.users"},
		{Name: "identity options SQL Server lacks", Dialect: d, Stmt: sql.NewCreateTable(badIdentity), Err: sql.ErrNotSupported},
		{Name: "identity with maximum", Dialect: d,
			Stmt: sql.NewCreateTable(sql.NewTable("t", sql.NewColumn("id", integer, sql.AsIdentity(sql.Identity{Start: i64(1), MaxValue: i64(9)})))),
			Err:  sql.ErrNotSupported},
		{Name: "type without DDL", Dialect: d, Stmt: sql.NewCreateTable(badType), Err: dialect.ErrNotSupported},
	})
}

func TestTypeName(t *testing.T) {
	d := mssql.New()
	for _, tc := range []struct {
		typ  types.Type
		want string
	}{
		{types.Integer{}, "INTEGER"},
		{types.SmallInteger{}, "SMALLINT"},
		{types.BigInteger{}, "BIGINT"},
		{types.Boolean{}, "BIT"},
		{types.String{Length: 30}, "NVARCHAR(30)"},
		{types.String{Length: 4000}, "NVARCHAR(4000)"},
		{types.String{Length: 4001}, "NVARCHAR(max)"},
		{types.String{}, "NVARCHAR(max)"},
		{types.String{Length: 10, Collation: "Latin1_General_CS_AS"}, "NVARCHAR(10) COLLATE Latin1_General_CS_AS"},
		{types.Text{}, "NVARCHAR(max)"},
		{types.Text{Collation: "Latin1_General_BIN2"}, "NVARCHAR(max) COLLATE Latin1_General_BIN2"},
		{types.Float{}, "FLOAT"},
		{types.Float{Precision: 24}, "FLOAT(24)"},
		{types.Double{}, "DOUBLE PRECISION"},
		{types.Numeric{Precision: 10, Scale: 2}, "NUMERIC(10, 2)"},
		{types.Numeric{Precision: 10}, "NUMERIC(10)"},
		{types.Date{}, "DATE"},
		{types.Time{}, "TIME"},
		{types.Time{Timezone: true}, "TIME"},
		{types.DateTime{}, "DATETIME2"},
		{types.DateTime{Timezone: true}, "DATETIMEOFFSET"},
		{types.Interval{}, "BIGINT"},
		{types.LargeBinary{}, "VARBINARY(max)"},
		{types.LargeBinary{Length: 16}, "VARBINARY(16)"},
		{types.LargeBinary{Length: 9000}, "VARBINARY(max)"},
		{types.JSON{}, "NVARCHAR(max)"},
		{types.JSONOf[map[string]int]{}, "NVARCHAR(max)"},
		{types.UUID{}, "UNIQUEIDENTIFIER"},
		{types.Enum{Values: []string{"x", "yyy"}}, "NVARCHAR(3)"},
	} {
		got, err := dialect.TypeNameOf(d, tc.typ)
		if err != nil || got != tc.want {
			t.Errorf("TypeName(%v) = %q, %v; want %q", tc.typ, got, err, tc.want)
		}
	}
	if _, err := dialect.TypeNameOf(d, types.NullType{}); !errors.Is(err, dialect.ErrNotSupported) {
		t.Errorf("TypeName(NullType) error = %v, want ErrNotSupported", err)
	}
}

func TestCastTypeName(t *testing.T) {
	_, tab := fixtures()
	sqltest.Check(t, sqltest.Case{Dialect: mssql.New(), Stmt: sql.NewSelect(sql.Ops(tab.C("b")).Cast(types.String{Length: 10})),
		SQL: "SELECT CAST(t.b AS NVARCHAR(10)) AS b FROM t"})
}

func TestSequences(t *testing.T) {
	d := mssql.New()
	seq := sql.NewSequence("order_seq")
	orders := sql.NewTable("orders", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), seq), sql.NewColumn("item", types.String{Length: 20}))
	sqltest.Run(t, []sqltest.Case{
		// SQL Server would start at -9223372036854775808: the dialect
		// starts at 1.
		{Name: "defaults", Dialect: d, Stmt: sql.NewCreateSequence(seq), SQL: "CREATE SEQUENCE order_seq AS BIGINT START WITH 1"},
		{Name: "options", Dialect: d,
			Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{Schema: "app", DataType: types.Integer{}, Start: sql.Int64(1000), Increment: sql.Int64(10), Cache: sql.Int64(50)})),
			SQL:  "CREATE SEQUENCE app.s AS INTEGER INCREMENT BY 10 START WITH 1000 CACHE 50"},
		{Name: "counting down", Dialect: d, Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{Increment: sql.Int64(-1)})),
			SQL: "CREATE SEQUENCE s AS BIGINT INCREMENT BY -1"},
		{Name: "from a minimum", Dialect: d, Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{MinValue: sql.Int64(5)})),
			SQL: "CREATE SEQUENCE s AS BIGINT MINVALUE 5"},
		{Name: "drop", Dialect: d, Stmt: sql.NewDropSequence(seq), SQL: "DROP SEQUENCE order_seq"},
		{Name: "table of a sequence's key", Dialect: d, Stmt: sql.NewCreateTable(orders),
			SQL: "CREATE TABLE orders (id BIGINT NOT NULL, item NVARCHAR(20) NULL, PRIMARY KEY (id))"},
		{Name: "next value", Dialect: d, Stmt: sql.NewSelect(seq.NextValue().Label("id")), SQL: "SELECT NEXT VALUE FOR order_seq AS id"},
		{Name: "key from the sequence", Dialect: d, Stmt: orders.Insert().Values(sql.Values{"item": "x"}),
			SQL: "INSERT INTO orders (id, item) OUTPUT inserted.id VALUES (NEXT VALUE FOR order_seq, @p1)", Params: []any{"x"}},
	})
}

// Comments are the MS_Description extended property: set by dropping the
// one there and adding the new one, in one batch, in the table's schema
// (SCHEMA_NAME() when it has none).
func TestComments(t *testing.T) {
	d := mssql.New()
	list := func(schema, table, col string) string {
		lc := "NULL, NULL"
		if col != "" {
			lc = "N'COLUMN', N'" + col + "'"
		}
		return "IF EXISTS (SELECT 1 FROM sys.fn_listextendedproperty(N'MS_Description', N'SCHEMA', @schema, N'TABLE', N'" + table + "', " + lc + ")) "
	}
	sales := sql.NewTable("order lines", sql.NewColumn("qty", integer, sql.ColumnComment("how many")), sql.Schema("sales"), sql.TableComment("Ünïcode 'quoted'"))
	other := sql.NewTable("t", sql.NewColumn("x", integer), sql.Schema("otherdb.dbo"), sql.TableComment("c"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "table in a schema", Dialect: d, Stmt: &sql.SetTableComment{Table: sales},
			SQL: "DECLARE @schema sysname = N'sales'; " + list("sales", "order lines", "") +
				"EXEC sp_dropextendedproperty N'MS_Description', N'SCHEMA', @schema, N'TABLE', N'order lines'; " +
				"EXEC sp_addextendedproperty N'MS_Description', N'Ünïcode ''quoted''', N'SCHEMA', @schema, N'TABLE', N'order lines'"},
		{Name: "column in a schema", Dialect: d, Stmt: &sql.SetColumnComment{Column: sales.C("qty")},
			SQL: "DECLARE @schema sysname = N'sales'; " + list("sales", "order lines", "qty") +
				"EXEC sp_dropextendedproperty N'MS_Description', N'SCHEMA', @schema, N'TABLE', N'order lines', N'COLUMN', N'qty'; " +
				"EXEC sp_addextendedproperty N'MS_Description', N'how many', N'SCHEMA', @schema, N'TABLE', N'order lines', N'COLUMN', N'qty'"},
		{Name: "another database", Dialect: d, Stmt: &sql.SetTableComment{Table: other}, Err: sql.ErrNotSupported},
	})
	// CreateAll sets the comments after CREATE TABLE.
	md := sql.NewMetaData()
	md.Table("c", sql.NewColumn("x", integer, sql.ColumnComment("the x")), sql.TableComment("the c"))
	var got []string
	if err := md.CreateAll(context.Background(), recorder{d: d, out: &got}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || !strings.HasPrefix(got[0], "CREATE TABLE c") ||
		!strings.HasSuffix(got[1], "N'the c', N'SCHEMA', @schema, N'TABLE', N'c'") ||
		!strings.HasSuffix(got[2], "N'the x', N'SCHEMA', @schema, N'TABLE', N'c', N'COLUMN', N'x'") {
		t.Fatalf("CreateAll sent:\n%s", strings.Join(got, "\n"))
	}
}

// recorder is a DDLExecutor that records the SQL of what it is given.
type recorder struct {
	d   dialect.Dialect
	out *[]string
}

func (r recorder) Dialect() dialect.Dialect { return r.d }

func (r recorder) ExecDDL(_ context.Context, stmt sql.Statement) error {
	c, err := sql.Compile(stmt, r.d)
	if err != nil {
		return err
	}
	*r.out = append(*r.out, c.SQL)
	return nil
}

func (r recorder) HasTable(context.Context, string, string) (bool, error) { return false, nil }
