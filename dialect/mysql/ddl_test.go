package mysql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestTypeNames(t *testing.T) {
	for _, c := range []struct {
		typ     types.Type
		mysql   string
		mariadb string // when it differs
	}{
		{types.Integer{}, "INTEGER", ""}, {types.SmallInteger{}, "SMALLINT", ""}, {types.BigInteger{}, "BIGINT", ""},
		{types.Boolean{}, "BOOL", ""}, {types.String{Length: 20}, "VARCHAR(20)", ""},
		{types.String{Length: 20, Collation: "utf8mb4_bin"}, "VARCHAR(20) COLLATE utf8mb4_bin", ""},
		{types.Text{}, "LONGTEXT", ""}, {types.Float{}, "FLOAT", ""}, {types.Float{Precision: 53}, "FLOAT(53)", ""},
		{types.Double{}, "DOUBLE", ""}, {types.Numeric{Precision: 65, Scale: 30}, "DECIMAL(65, 30)", ""},
		{types.Numeric{Precision: 12}, "DECIMAL(12)", ""}, {types.Numeric{}, "DECIMAL", ""},
		{types.Date{}, "DATE", ""}, {types.Time{}, "TIME(6)", ""}, {types.DateTime{}, "DATETIME(6)", ""},
		{types.DateTime{Timezone: true}, "DATETIME(6)", ""}, {types.Interval{}, "BIGINT", ""},
		{types.LargeBinary{}, "LONGBLOB", ""}, {types.LargeBinary{Length: 300}, "BLOB(300)", ""},
		{types.JSON{}, "JSON", ""}, {types.UUID{}, "CHAR(32)", "UUID"},
		{types.Enum{Values: []string{"a", "it's", `b\c`}}, `ENUM('a','it''s','b\\c')`, ""},
		{types.Enum{Values: []string{"ab", "c"}, NonNative: true}, "VARCHAR(2)", ""},
	} {
		for _, d := range []dialect.Dialect{mysql84, mariadb11} {
			want := c.mysql
			if d == mariadb11 && c.mariadb != "" {
				want = c.mariadb
			}
			got, err := dialect.TypeNameOf(d, c.typ)
			if err != nil || got != want {
				t.Errorf("%s on %s: got %q, %v; want %q", c.typ, d.Name(), got, err, want)
			}
		}
	}
	// UUID is native from MariaDB 10.7 on.
	if got, _ := dialect.TypeNameOf(mariadb106, types.UUID{}); got != "CHAR(32)" {
		t.Errorf("UUID on MariaDB 10.6: %s", got)
	}
	for _, bad := range []types.Type{types.String{}, types.Enum{}, types.NullType{}} {
		if _, err := dialect.TypeNameOf(mysql84, bad); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}

func TestDDLCompile(t *testing.T) {
	d := mysql84
	md := sql.NewMetaData()
	// test_innodb_autoincrement
	some := md.Table("sometable",
		sql.NewColumn("assigned_id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(true)),
		sql.TableOption("mysql_engine", "InnoDB"),
	)
	// test_create_table_with_collate
	collated := md.Table("testtable",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.TableOption("mysql_engine", "InnoDB"),
		sql.TableOption("mysql_collate", "utf8_icelandic_ci"),
		sql.TableOption("mysql_charset", "utf8"),
	)
	// test_create_table_with_partition
	parted := md.Table("parted",
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(true)),
		sql.NewColumn("other_id", integer, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.TableOption("mysql_partitions", "2"),
		sql.TableOption("mysql_partition_by", "KEY(other_id)"),
	)
	commented := md.Table("notes",
		sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey(), sql.ColumnComment(`the key's \ id`)),
		sql.NewColumn("body", types.Text{}, sql.ServerDefault("none")),
		sql.NewColumn("at", types.DateTime{}, sql.NotNull(), sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("n", integer, sql.ServerDefault(sql.Text("-1"))),
		sql.NewColumn("m", integer, sql.ServerDefault(0)),
		sql.NewColumn("flag", types.Boolean{CreateConstraint: true}),
		sql.NewColumn("kind", types.Enum{Values: []string{"a", "b"}, CreateConstraint: true}),
		sql.TableComment("it's notes"),
		sql.TableOption("mariadb_row_format", "DYNAMIC"),
	)
	badOpt := md.Table("bad", sql.NewColumn("id", integer), sql.TableOption("mysql_engine", "InnoDB; DROP TABLE x"))
	funcIdx := md.Table("testtbl", sql.NewColumn("x", integer), sql.NewColumn("y", integer), sql.NewColumn("data", str30))
	ix1 := sql.NewIndex("test_idx1", sql.Ops(funcIdx.C("x")).Add(funcIdx.C("y")))
	ix2 := sql.NewIndex("test_idx2", funcIdx.C("x"), sql.Func("radians", funcIdx.C("y")), sql.Ops(funcIdx.C("y")).Neg(), sql.Ops(funcIdx.C("data")).Desc())
	ix3 := sql.NewIndex("test_idx3", funcIdx.C("data")).Where(funcIdx.C("x").Gt(1))
	uq := sql.NewIndex("uq_data", funcIdx.C("data")).Unique()
	fkTable := md.Table("child",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("parent_id", integer, sql.References("sometable.id", sql.FKOptions{Name: "fk_parent", OnDelete: "CASCADE"})),
		sql.NewColumn("code", str30),
		sql.UniqueOn([]string{"code"}, sql.ConstraintOptions{Name: "uq_code"}),
		sql.Check("code <> ''", sql.ConstraintOptions{Name: "ck_code"}),
	)
	fk := fkTable.ForeignKeyConstraints()[0]
	var uniq, check sql.Constraint
	for _, c := range fkTable.Constraints() {
		switch c.(type) {
		case *sql.UniqueConstraint:
			uniq = c
		case *sql.CheckConstraint:
			check = c
		}
	}
	sqltest.Run(t, []sqltest.Case{
		{Name: "autoincrement and engine", Dialect: d, Stmt: sql.NewCreateTable(some),
			SQL: "CREATE TABLE sometable (assigned_id INTEGER NOT NULL, id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id, assigned_id)) ENGINE=InnoDB"},
		{Name: "charset and collate", Dialect: d, Stmt: sql.NewCreateTable(collated),
			SQL: "CREATE TABLE testtable (id INTEGER NOT NULL AUTO_INCREMENT, PRIMARY KEY (id)) ENGINE=InnoDB CHARSET=utf8 COLLATE utf8_icelandic_ci"},
		{Name: "partitions", Dialect: d, Stmt: sql.NewCreateTable(parted),
			SQL: "CREATE TABLE parted (id INTEGER NOT NULL AUTO_INCREMENT, other_id INTEGER NOT NULL, PRIMARY KEY (id, other_id)) PARTITION BY KEY(other_id) PARTITIONS 2"},
		// Comments inline and escaped; defaults MySQL 8.0.13+ style; type
		// checks for BOOL but not for the native ENUM.
		{Name: "comments and defaults", Dialect: d, Stmt: sql.NewCreateTable(commented),
			SQL: "CREATE TABLE notes (id BIGINT NOT NULL AUTO_INCREMENT COMMENT 'the key''s \\\\ id', body LONGTEXT DEFAULT ('none'), " +
				"at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) NOT NULL, n INTEGER DEFAULT (-1), m INTEGER DEFAULT 0, flag BOOL, kind ENUM('a','b'), " +
				"PRIMARY KEY (id), CHECK (flag IN (0, 1))) ROW_FORMAT=DYNAMIC COMMENT='it''s notes'"},
		{Name: "defaults on mariadb", Dialect: mariadb11, Stmt: sql.NewCreateTable(commented),
			SQL: "CREATE TABLE notes (id BIGINT NOT NULL AUTO_INCREMENT COMMENT 'the key''s \\\\ id', `body` LONGTEXT DEFAULT 'none', " +
				"at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) NOT NULL, n INTEGER DEFAULT (-1), m INTEGER DEFAULT 0, flag BOOL, kind ENUM('a','b'), " +
				"PRIMARY KEY (id), CHECK (flag IN (0, 1))) ROW_FORMAT=DYNAMIC COMMENT='it''s notes'"},
		{Name: "defaults on mysql 5.7", Dialect: mysql57, Stmt: sql.NewCreateTable(md.Table("d57", sql.NewColumn("n", integer, sql.ServerDefault(sql.Text("-1"))))),
			SQL: "CREATE TABLE d57 (n INTEGER DEFAULT -1)"},
		{Name: "bad option value", Dialect: d, Stmt: sql.NewCreateTable(badOpt), Err: sql.ErrArgument},
		// test_create_index_expr_two, _func, _func_unary
		{Name: "functional index", Dialect: d, Stmt: sql.NewCreateIndex(ix1), SQL: "CREATE INDEX test_idx1 ON testtbl ((x + y))"},
		{Name: "mixed index", Dialect: d, Stmt: sql.NewCreateIndex(ix2), SQL: "CREATE INDEX test_idx2 ON testtbl (x, (radians(y)), (-y), data DESC)"},
		{Name: "no functional index on mariadb", Dialect: mariadb11, Stmt: sql.NewCreateIndex(ix1), Err: dialect.ErrNotSupported},
		{Name: "no functional index before mysql 8.0.13", Dialect: mysql80, Stmt: sql.NewCreateIndex(ix2), Err: dialect.ErrNotSupported},
		{Name: "column index on mariadb", Dialect: mariadb11, Stmt: sql.NewCreateIndex(uq), SQL: "CREATE UNIQUE INDEX uq_data ON testtbl (data)"},
		{Name: "unique index", Dialect: d, Stmt: sql.NewCreateIndex(uq), SQL: "CREATE UNIQUE INDEX uq_data ON testtbl (data)"},
		{Name: "partial index", Dialect: d, Stmt: sql.NewCreateIndex(ix3), Err: dialect.ErrNotSupported},
		{Name: "drop index", Dialect: d, Stmt: sql.NewDropIndex(uq), SQL: "DROP INDEX uq_data ON testtbl"},
		{Name: "drop index if exists", Dialect: d, Stmt: &sql.DropIndex{Index: uq, IfExists: true}, SQL: "DROP INDEX IF EXISTS uq_data ON testtbl"},
		{Name: "add foreign key", Dialect: d, Stmt: sql.NewAddConstraint(fk),
			SQL: "ALTER TABLE child ADD CONSTRAINT fk_parent FOREIGN KEY(parent_id) REFERENCES sometable (id) ON DELETE CASCADE"},
		{Name: "drop foreign key", Dialect: d, Stmt: sql.NewDropConstraint(fk), SQL: "ALTER TABLE child DROP FOREIGN KEY fk_parent"},
		{Name: "drop unique", Dialect: d, Stmt: sql.NewDropConstraint(uniq), SQL: "ALTER TABLE child DROP INDEX uq_code"},
		{Name: "drop check mysql", Dialect: d, Stmt: sql.NewDropConstraint(check), SQL: "ALTER TABLE child DROP CHECK ck_code"},
		{Name: "drop check mariadb", Dialect: mariadb11, Stmt: sql.NewDropConstraint(check), SQL: "ALTER TABLE child DROP CONSTRAINT ck_code"},
		{Name: "drop table", Dialect: d, Stmt: &sql.DropTable{Table: some, IfExists: true}, SQL: "DROP TABLE IF EXISTS sometable"},
	})
}
