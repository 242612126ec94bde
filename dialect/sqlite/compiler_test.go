package sqlite_test

import (
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	integer = types.Integer{}
	str30   = types.String{Length: 30}
)

func TestDDLCompile(t *testing.T) {
	d := sqlite.New()
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.NotNull(), sql.ServerDefault("anon")),
		sql.NewColumn("created", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("n", integer, sql.ServerDefault(sql.Text("-1"))),
		sql.NewColumn("m", integer, sql.ServerDefault(sql.Func("abs", sql.LiteralValue(-2)))),
		sql.NewColumn("flag", types.Boolean{CreateConstraint: true}),
		sql.NewColumn("status", types.Enum{Values: []string{"a", "b"}, CreateConstraint: true}),
	)
	t2 := md.Table("t2",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("t1_id", integer, sql.References("master.t1.id")),
		sql.NewColumn("uid", integer, sql.References("master.users.id")),
		sql.Schema("master"),
	)
	md.Table("t1", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.Schema("master"))
	md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("x", integer, sql.Indexed()), sql.Schema("master"))
	mu, _ := md.Lookup("master.users")
	strict := md.Table("atable", sql.NewColumn("id", integer), sql.TableOption("sqlite_strict", true), sql.TableOption("sqlite_with_rowid", false))
	composite := md.Table("comp", sql.NewColumn("a", types.BigInteger{}, sql.PrimaryKey()), sql.NewColumn("b", integer, sql.PrimaryKey()))
	partial := sql.NewIndex("ix_p", users.C("name")).Unique().Where(users.C("n").Gt(0))

	sqltest.Run(t, []sqltest.Case{
		// A BIGINT autoincrement key is INTEGER, SQLite's rowid alias;
		// DEFAULT expressions other than one word are parenthesized; type
		// checks are written (no native boolean or enum).
		{Name: "columns", Stmt: sql.NewCreateTable(users), Dialect: d,
			SQL: "CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(30) DEFAULT 'anon' NOT NULL, created DATETIME DEFAULT CURRENT_TIMESTAMP, " +
				"n INTEGER DEFAULT (-1), m INTEGER DEFAULT (abs(-2)), flag BOOLEAN, status VARCHAR(1), PRIMARY KEY (id), CHECK (flag IN (0, 1)), CHECK (status IN ('a', 'b')))"},
		// test_constraints_with_schemas: a reference within the schema
		// names the table without it.
		{Name: "schema", Stmt: sql.NewCreateTable(t2), Dialect: d,
			SQL: "CREATE TABLE master.t2 (id INTEGER NOT NULL, t1_id INTEGER, uid INTEGER, PRIMARY KEY (id), FOREIGN KEY(t1_id) REFERENCES t1 (id), FOREIGN KEY(uid) REFERENCES users (id))"},
		// test_create_table_without_rowid_strict
		{Name: "strict", Stmt: sql.NewCreateTable(strict), Dialect: d, SQL: "CREATE TABLE atable (id INTEGER) WITHOUT ROWID, STRICT"},
		{Name: "composite key", Stmt: sql.NewCreateTable(composite), Dialect: d,
			SQL: "CREATE TABLE comp (a BIGINT NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))"},
		{Name: "index in schema", Stmt: sql.NewCreateIndex(mu.Indexes()[0]), Dialect: d, SQL: "CREATE INDEX master.ix_users_x ON users (x)"},
		{Name: "drop index in schema", Stmt: sql.NewDropIndex(mu.Indexes()[0]), Dialect: d, SQL: "DROP INDEX master.ix_users_x"},
		{Name: "partial index", Stmt: sql.NewCreateIndex(partial), Dialect: d, SQL: "CREATE UNIQUE INDEX ix_p ON users (name) WHERE n > 0"},
		{Name: "no alter", Stmt: sql.NewAddConstraint(t2.ForeignKeyConstraints()[0]), Dialect: d, Err: sql.ErrNotSupported},
	})
}

func TestDMLCompile(t *testing.T) {
	d := sqlite.New()
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30))
	other := md.Table("other", sql.NewColumn("uid", integer), sql.NewColumn("n", str30))
	sqltest.Run(t, []sqltest.Case{
		{Name: "insert", Stmt: users.Insert().Values(sql.Values{"name": "x"}), Dialect: d, SQL: "INSERT INTO users (name) VALUES (?)", Params: []any{"x"}},
		{Name: "insert returning", Stmt: users.Insert().Values(sql.Values{"name": "x"}).Returning(users.C("id")), Dialect: d,
			SQL: "INSERT INTO users (name) VALUES (?) RETURNING users.id", Params: []any{"x"}},
		{Name: "update from", Stmt: users.Update().Values(sql.Values{"name": other.C("n")}).Where(other.C("uid").Eq(users.C("id"))), Dialect: d,
			SQL: "UPDATE users SET name=other.n FROM other WHERE other.uid = users.id"},
		{Name: "delete using", Stmt: users.Delete().Where(other.C("uid").Eq(users.C("id"))), Dialect: d, Err: sql.ErrNotSupported},
		{Name: "default values", Stmt: users.Insert(), Dialect: d, SQL: "INSERT INTO users DEFAULT VALUES"},
	})
}

// TestCastTemporal: dates and times are stored as text, so CAST to them
// is CAST to TEXT (CAST(x AS DATE) would make '2024-02-29' the number
// 2024); the result converter reads the text.
func TestCastTemporal(t *testing.T) {
	d := sqlite.New()
	sqltest.Run(t, []sqltest.Case{
		{Name: "date", Stmt: sql.NewSelect(sql.NewCast(sql.Literal("2024-02-29"), types.Date{})), Dialect: d,
			SQL: "SELECT CAST(? AS TEXT) AS anon_1", Params: []any{"2024-02-29"}},
		{Name: "datetime", Stmt: sql.NewSelect(sql.NewCast(sql.Literal("2024-02-29 10:11:12.5"), types.DateTime{})), Dialect: d,
			SQL: "SELECT CAST(? AS TEXT) AS anon_1", Params: []any{"2024-02-29 10:11:12.500000"}},
		{Name: "time", Stmt: sql.NewSelect(sql.NewCast(sql.Literal("10:11"), types.Time{Timezone: true})), Dialect: d,
			SQL: "SELECT CAST(? AS TEXT) AS anon_1", Params: []any{"10:11:00.000000"}},
		{Name: "others keep their names", Stmt: sql.NewSelect(sql.NewCast(sql.Literal("7"), integer)), Dialect: d,
			SQL: "SELECT CAST(? AS INTEGER) AS anon_1", Params: []any{"7"}},
	})
	eng := newEngine(t)
	row, err := execOK(t, eng, sql.NewSelect(
		sql.NewCast(sql.Literal("2024-02-29"), types.Date{}),
		sql.NewCast(sql.Literal("2024-02-29 10:11:12.5"), types.DateTime{}),
		sql.NewCast(sql.Literal("10:11"), types.Time{}),
	)).One()
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{
		time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 2, 29, 10, 11, 12, 500000000, time.UTC),
		time.Date(0, 1, 1, 10, 11, 0, 0, time.UTC),
	}
	for i, w := range want {
		if got, ok := row.Get(i).(time.Time); !ok || !got.Equal(w) {
			t.Errorf("cast %d: %#v, want %v", i, row.Get(i), w)
		}
	}
}
