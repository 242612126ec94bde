package sql_test

import (
	"database/sql/driver"
	"errors"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	integer = types.Integer{}
	str30   = types.String{Length: 30}
	text    = types.Text{}
)

func ptr[T any](v T) *T { return &v }

// plainDialect is a dialect of plain SQL without native enums or booleans
// and without ALTER TABLE, to test what the generic dialect does not show.
type plainDialect struct{ dialect.Base }

func (plainDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, dialect.ErrNotSupported
}

func newPlain(mod func(f *dialect.Features)) *plainDialect {
	d := &plainDialect{dialect.Base{
		DialectName: "plain", Params: dialect.Qmark, QuoteOpen: '"', QuoteClose: '"',
		Reserved: dialect.ReservedWords(dialect.StandardReserved), MaxIdentLen: 30,
		FeatureFlags: dialect.Features{DefaultValues: true, MultiValuesInsert: true},
	}}
	if mod != nil {
		mod(&d.FeatureFlags)
	}
	return d
}

func TestCreateTable(t *testing.T) {
	md := sql.NewMetaData()
	employees := md.Table("employees",
		sql.NewColumn("id", integer),
		sql.NewColumn("soc", types.String{Length: 40}),
		sql.NewColumn("name", str30),
		sql.PrimaryKeyOn([]string{"id", "soc"}),
	)
	elements := md.Table("elements",
		sql.NewColumn("id", integer),
		sql.NewColumn("stuff", str30),
		sql.NewColumn("emp_id", integer),
		sql.NewColumn("emp_soc", types.String{Length: 40}),
		sql.PrimaryKeyOn([]string{"id"}, sql.ConstraintOptions{Name: "elements_primkey"}),
		sql.ForeignKeyOn([]string{"emp_id", "emp_soc"}, []string{"employees.id", "employees.soc"}),
	)
	autoFirst := md.Table("af",
		sql.NewColumn("a", integer, sql.PrimaryKey()),
		sql.NewColumn("b", integer, sql.PrimaryKey(), sql.Autoincrement(true)),
	)
	explicitOrder := md.Table("eo",
		sql.NewColumn("a", integer),
		sql.NewColumn("b", integer, sql.Autoincrement(true)),
		sql.PrimaryKeyOn([]string{"a", "b"}),
	)
	users := md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.NotNull(), sql.Unique()),
		sql.NewColumn("email", str30, sql.Indexed()),
		sql.NewColumn("nick", str30, sql.Unique(), sql.Indexed()),
	)
	addresses := md.Table("addresses",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.NotNull(), sql.References("users.id", sql.FKOptions{OnDelete: "CASCADE", OnUpdate: "set null"})),
		sql.NewColumn("email", str30),
		sql.Check("length(email) > 3", sql.ConstraintOptions{Name: "email_len"}),
		sql.UniqueOn([]string{"user_id", "email"}, sql.ConstraintOptions{Deferrable: ptr(true), Initially: "deferred"}),
	)
	defaults := md.Table("defaults",
		sql.NewColumn("s", str30, sql.ServerDefault("it's")),
		sql.NewColumn("n", integer, sql.ServerDefault(5)),
		sql.NewColumn("e", integer, sql.ServerDefault(sql.Text("1 + 1"))),
		sql.NewColumn("ts", types.DateTime{}, sql.ServerDefault(sql.Func("now"))),
		sql.NewColumn("c", integer, sql.Generated(sql.Text("n * 2"), ptr(true))),
		sql.NewColumn("v", integer, sql.Generated(sql.Text("n * 3"), nil)),
		sql.NewColumn("sys", integer, sql.System()),
	)
	identity := md.Table("ident",
		sql.NewColumn("id", integer, sql.PrimaryKey(), sql.AsIdentity(sql.Identity{Start: ptr(int64(3)), Increment: ptr(int64(2))})),
		sql.NewColumn("a", integer, sql.AsIdentity(sql.Identity{Always: true})),
	)
	checks := md.Table("checks",
		sql.NewColumn("a", integer),
		sql.NewColumn("b", integer),
	)
	ca, cs := sql.NewColumn("a", integer), sql.NewColumn("s", str30)
	checksExpr := md.Table("checks_expr", ca, cs, sql.CheckExpr(sql.And(ca.Gt(5), cs.Ne("it's"))))
	schemaT := md.Table("remote", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.Schema("other"), sql.TablePrefix("TEMPORARY"))
	refSchema := md.Table("refs_remote", sql.NewColumn("rid", integer, sql.References("other.remote.id")))
	quoted := md.Table("select", sql.NewColumn("from", integer), sql.NewColumn("Mixed", integer))
	deferredFK := md.Table("dfk",
		sql.NewColumn("uid", integer, sql.References(users.C("id"), sql.FKOptions{Name: "dfk_user", Deferrable: ptr(false), Initially: "IMMEDIATE", Match: "full"})),
	)
	_ = checks

	sqltest.Run(t, []sqltest.Case{
		{Name: "composite pk", Stmt: sql.NewCreateTable(employees),
			SQL: "CREATE TABLE employees (id INTEGER NOT NULL, soc VARCHAR(40) NOT NULL, name VARCHAR(30), PRIMARY KEY (id, soc))"},
		{Name: "named pk and composite fk", Stmt: sql.NewCreateTable(elements),
			SQL: "CREATE TABLE elements (id INTEGER NOT NULL, stuff VARCHAR(30), emp_id INTEGER, emp_soc VARCHAR(40), CONSTRAINT elements_primkey PRIMARY KEY (id), FOREIGN KEY(emp_id, emp_soc) REFERENCES employees (id, soc))"},
		// SQLAlchemy puts the autoincrement column first in a key made of
		// column flags, and keeps the order of an explicit key.
		{Name: "autoincrement first", Stmt: sql.NewCreateTable(autoFirst),
			SQL: "CREATE TABLE af (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (b, a))"},
		{Name: "explicit pk order", Stmt: sql.NewCreateTable(explicitOrder),
			SQL: "CREATE TABLE eo (a INTEGER NOT NULL, b INTEGER NOT NULL, PRIMARY KEY (a, b))"},
		{Name: "unique and indexed columns", Stmt: sql.NewCreateTable(users),
			SQL: "CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(30) NOT NULL, email VARCHAR(30), nick VARCHAR(30), PRIMARY KEY (id), UNIQUE (name))"},
		{Name: "fk actions, check, deferrable unique", Stmt: sql.NewCreateTable(addresses),
			SQL: "CREATE TABLE addresses (id INTEGER NOT NULL, user_id INTEGER NOT NULL, email VARCHAR(30), PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE ON UPDATE SET NULL, CONSTRAINT email_len CHECK (length(email) > 3), UNIQUE (user_id, email) DEFERRABLE INITIALLY DEFERRED)"},
		{Name: "server defaults and computed", Stmt: sql.NewCreateTable(defaults),
			SQL: "CREATE TABLE defaults (s VARCHAR(30) DEFAULT 'it''s', n INTEGER DEFAULT 5, e INTEGER DEFAULT 1 + 1, ts TIMESTAMP DEFAULT now(), c INTEGER GENERATED ALWAYS AS (n * 2) STORED, v INTEGER GENERATED ALWAYS AS (n * 3))"},
		{Name: "identity", Stmt: sql.NewCreateTable(identity),
			SQL: "CREATE TABLE ident (id INTEGER GENERATED BY DEFAULT AS IDENTITY (INCREMENT BY 2 START WITH 3), a INTEGER GENERATED ALWAYS AS IDENTITY, PRIMARY KEY (id))"},
		// SQLAlchemy: an identity column is NOT NULL unless declared nullable.
		{Name: "identity where unsupported", Stmt: sql.NewCreateTable(identity), Dialect: newPlain(nil),
			SQL: `CREATE TABLE ident (id INTEGER NOT NULL, a INTEGER NOT NULL, PRIMARY KEY (id))`},
		{Name: "check expression", Stmt: sql.NewCreateTable(checksExpr),
			SQL: "CREATE TABLE checks_expr (a INTEGER, s VARCHAR(30), CHECK (a > 5 AND s != 'it''s'))"},
		{Name: "schema and prefix", Stmt: sql.NewCreateTable(schemaT),
			SQL: "CREATE TEMPORARY TABLE other.remote (id INTEGER NOT NULL, PRIMARY KEY (id))"},
		{Name: "fk to another schema", Stmt: sql.NewCreateTable(refSchema),
			SQL: "CREATE TABLE refs_remote (rid INTEGER, FOREIGN KEY(rid) REFERENCES other.remote (id))"},
		{Name: "quoting", Stmt: &sql.CreateTable{Table: quoted, IfNotExists: true},
			SQL: `CREATE TABLE IF NOT EXISTS "select" ("from" INTEGER, "Mixed" INTEGER)`},
		{Name: "fk by column with options", Stmt: sql.NewCreateTable(deferredFK),
			SQL: "CREATE TABLE dfk (uid INTEGER, CONSTRAINT dfk_user FOREIGN KEY(uid) REFERENCES users (id) MATCH FULL NOT DEFERRABLE INITIALLY IMMEDIATE)"},
		{Name: "drop table", Stmt: sql.NewDropTable(users), SQL: "DROP TABLE users"},
		{Name: "drop table if exists", Stmt: &sql.DropTable{Table: schemaT, IfExists: true}, SQL: "DROP TABLE IF EXISTS other.remote"},
	})
}

func TestCreateIndex(t *testing.T) {
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30, sql.Indexed()),
		sql.NewColumn("nick", str30, sql.Unique(), sql.Indexed()),
		sql.NewColumn("a", integer),
		sql.NewColumn("b", integer),
		sql.IndexOn("ix_ab", "a", "b"),
		sql.IndexOn("", "b", "a"),
	)
	lowerName := sql.NewIndex("ix_lower_name", sql.Func("lower", users.C("name"))).Unique()
	partial := sql.NewIndex("ix_partial", users.C("nick")).Unique().Where(users.C("a").Gt(5).And(users.C("nick").Ne("x")))
	schemaT := md.Table("st", sql.NewColumn("x", integer, sql.Indexed()), sql.Schema("s"))
	ix := users.Indexes()
	sqltest.Run(t, []sqltest.Case{
		{Name: "column index by convention", Stmt: sql.NewCreateIndex(ix[0]), SQL: "CREATE INDEX ix_users_name ON users (name)"},
		{Name: "unique column index", Stmt: sql.NewCreateIndex(ix[1]), SQL: "CREATE UNIQUE INDEX ix_users_nick ON users (nick)"},
		{Name: "several columns", Stmt: sql.NewCreateIndex(ix[2]), SQL: "CREATE INDEX ix_ab ON users (a, b)"},
		{Name: "unnamed several columns", Stmt: sql.NewCreateIndex(ix[3]), SQL: "CREATE INDEX ix_users_b ON users (b, a)"},
		{Name: "expression", Stmt: sql.NewCreateIndex(lowerName), SQL: "CREATE UNIQUE INDEX ix_lower_name ON users (lower(name))"},
		{Name: "partial", Stmt: &sql.CreateIndex{Index: partial, IfNotExists: true}, SQL: "CREATE UNIQUE INDEX IF NOT EXISTS ix_partial ON users (nick) WHERE a > 5 AND nick != 'x'"},
		{Name: "schema", Stmt: sql.NewCreateIndex(schemaT.Indexes()[0]), SQL: "CREATE INDEX ix_st_x ON s.st (x)"},
		{Name: "drop", Stmt: sql.NewDropIndex(ix[0]), SQL: "DROP INDEX ix_users_name"},
		{Name: "drop in schema", Stmt: &sql.DropIndex{Index: schemaT.Indexes()[0], IfExists: true}, SQL: "DROP INDEX IF EXISTS s.ix_st_x"},
		{Name: "no table", Stmt: sql.NewCreateIndex(sql.NewIndex("x", sql.Text("1"))), Err: sql.ErrArgument},
	})
	if got := len(users.Indexes()); got != 6 {
		t.Fatalf("NewIndex should add itself to the table: %d indexes", got)
	}
}

func TestAlterConstraints(t *testing.T) {
	a := sql.NewTable("a", sql.NewColumn("q", integer))
	b := sql.NewTable("b", sql.NewColumn("p", integer))
	md := sql.NewMetaData()
	p := md.Table("p", sql.NewColumn("id", integer, sql.PrimaryKey()))
	c := md.Table("c",
		sql.NewColumn("pid", integer, sql.References(p.C("id"), sql.FKOptions{Initially: "DEFERRED"})),
		sql.NewColumn("n", integer),
		sql.UniqueOn([]string{"n"}, sql.ConstraintOptions{Name: "uq_n"}),
	)
	fkAB := sql.NewTable("a2", sql.NewColumn("q", integer, sql.References(b.C("p"))))
	fk := c.ForeignKeyConstraints()[0]
	uq := c.Constraints()[1]
	_ = a
	sqltest.Run(t, []sqltest.Case{
		// test_fk_render
		{Name: "add fk", Stmt: sql.NewAddConstraint(fkAB.ForeignKeyConstraints()[0]), SQL: "ALTER TABLE a2 ADD FOREIGN KEY(q) REFERENCES b (p)"},
		{Name: "add fk initially", Stmt: sql.NewAddConstraint(fk), SQL: "ALTER TABLE c ADD FOREIGN KEY(pid) REFERENCES p (id) INITIALLY DEFERRED"},
		{Name: "add unique", Stmt: sql.NewAddConstraint(uq), SQL: "ALTER TABLE c ADD CONSTRAINT uq_n UNIQUE (n)"},
		{Name: "drop named", Stmt: &sql.DropConstraint{Constraint: uq, IfExists: true, Cascade: true}, SQL: "ALTER TABLE c DROP CONSTRAINT IF EXISTS uq_n CASCADE"},
		{Name: "drop unnamed", Stmt: sql.NewDropConstraint(fk), Err: sql.ErrArgument},
		{Name: "no alter", Stmt: sql.NewAddConstraint(uq), Dialect: newPlain(nil), Err: sql.ErrNotSupported},
		{Name: "drop no alter", Stmt: sql.NewDropConstraint(uq), Dialect: newPlain(nil), Err: sql.ErrNotSupported},
		{Name: "nil", Stmt: sql.NewAddConstraint(nil), Err: sql.ErrArgument},
	})
}

func TestComments(t *testing.T) {
	md := sql.NewMetaData()
	tbl := md.Table("t", sql.NewColumn("x", integer, sql.ColumnComment("it's x")), sql.TableComment("the table"))
	inline := newPlain(func(f *dialect.Features) { f.Comments, f.InlineComments = true, true })
	sqltest.Run(t, []sqltest.Case{
		{Name: "table", Stmt: &sql.SetTableComment{Table: tbl}, SQL: "COMMENT ON TABLE t IS 'the table'"},
		{Name: "column", Stmt: &sql.SetColumnComment{Column: tbl.C("x")}, SQL: "COMMENT ON COLUMN t.x IS 'it''s x'"},
		{Name: "not inline", Stmt: sql.NewCreateTable(tbl), SQL: "CREATE TABLE t (x INTEGER)"},
		{Name: "inline", Stmt: sql.NewCreateTable(tbl), Dialect: inline, SQL: "CREATE TABLE t (x INTEGER COMMENT 'it''s x')"},
		{Name: "unsupported", Stmt: &sql.SetTableComment{Table: tbl}, Dialect: newPlain(nil), Err: sql.ErrNotSupported},
	})
}

func TestTypeBoundChecks(t *testing.T) {
	md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Check: "ck_%(table_name)s_%(constraint_name)s"}))
	tbl := md.Table("t",
		sql.NewColumn("status", types.Enum{Name: "status", Values: []string{"new", "it's"}, CreateConstraint: true}),
		sql.NewColumn("flag", types.Boolean{CreateConstraint: true}),
		sql.NewColumn("plain", types.Enum{Values: []string{"a"}}),
	)
	md2 := sql.NewMetaData()
	t2 := md2.Table("t2", sql.NewColumn("kind", types.Enum{Values: []string{"a", "b"}, CreateConstraint: true, NonNative: true}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "not native", Stmt: sql.NewCreateTable(tbl), Dialect: newPlain(nil),
			SQL: `CREATE TABLE t (status VARCHAR(4), flag BOOLEAN, plain VARCHAR(1), CONSTRAINT ck_t_status CHECK (status IN ('new', 'it''s')), CHECK (flag IN (0, 1)))`},
		{Name: "native", Stmt: sql.NewCreateTable(tbl),
			SQL: `CREATE TABLE t (status VARCHAR(4), flag BOOLEAN, plain VARCHAR(1))`},
		{Name: "non native enum", Stmt: sql.NewCreateTable(t2),
			SQL: `CREATE TABLE t2 (kind VARCHAR(1), CHECK (kind IN ('a', 'b')))`},
	})
}

func TestNamingConvention(t *testing.T) {
	md := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{
		Index:      "ix_%(column_0_N_label)s",
		Unique:     "uq_%(table_name)s_%(column_0N_name)s",
		Check:      "ck_%(table_name)s_%(constraint_name)s",
		ForeignKey: "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s_%(referred_column_0_name)s",
		PrimaryKey: "pk_%(table_name)s",
	}))
	parent := md.Table("parent", sql.NewColumn("a", integer), sql.NewColumn("b", integer), sql.PrimaryKeyOn([]string{"a", "b"}))
	child := md.Table("child",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("pa", integer, sql.Key("parent_a")),
		sql.NewColumn("pb", integer),
		sql.ForeignKeyOn([]string{"parent_a", "pb"}, []string{"parent.a", "parent.b"}),
		sql.UniqueOn([]string{"parent_a", "pb"}),
		sql.CheckExpr(sql.Text("pa > 0"), sql.ConstraintOptions{Name: "positive"}),
		sql.IndexOn("", "pb", "parent_a"),
	)
	keys := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Unique: "uq_%(column_0_key)s_%(column_1_name)s_%(column_0N_key)s"}))
	kt := keys.Table("k", sql.NewColumn("x_name", integer, sql.Key("x")), sql.NewColumn("y", integer), sql.UniqueOn([]string{"x", "y"}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "pk", Stmt: sql.NewCreateTable(parent), SQL: "CREATE TABLE parent (a INTEGER NOT NULL, b INTEGER NOT NULL, CONSTRAINT pk_parent PRIMARY KEY (a, b))"},
		{Name: "all kinds", Stmt: sql.NewCreateTable(child), SQL: "CREATE TABLE child (id INTEGER NOT NULL, pa INTEGER, pb INTEGER, CONSTRAINT pk_child PRIMARY KEY (id), " +
			"CONSTRAINT fk_child_pa_pb_parent_a FOREIGN KEY(pa, pb) REFERENCES parent (a, b), CONSTRAINT uq_child_papb UNIQUE (pa, pb), CONSTRAINT ck_child_positive CHECK (pa > 0))"},
		{Name: "index labels", Stmt: sql.NewCreateIndex(child.Indexes()[0]), SQL: "CREATE INDEX ix_child_pb_child_pa ON child (pb, pa)"},
		{Name: "keys", Stmt: sql.NewCreateTable(kt), SQL: "CREATE TABLE k (x_name INTEGER, y INTEGER, CONSTRAINT uq_x_y_xy UNIQUE (x_name, y))"},
	})

	// Generated names longer than the dialect allows are cut with a hash.
	long := md.Table("a_rather_long_child_table", sql.NewColumn("pid", integer, sql.References("parent.a")))
	plain := newPlain(nil)
	text, _, _, err := sqltest.Bind(sql.NewCreateTable(long), plain)
	if err != nil {
		t.Fatal(err)
	}
	want := dialect.TruncateName("fk_a_rather_long_child_table_pid_parent_a", 30)
	if len(want) != 30 || !strings.Contains(text, "CONSTRAINT "+want+" FOREIGN KEY") {
		t.Fatalf("want %s in %s", want, text)
	}

	// Errors: a template that needs the constraint's name, a token the
	// convention does not know, a declared name too long.
	bad := sql.NewMetaData(sql.WithNamingConvention(sql.NamingConvention{Check: "ck_%(constraint_name)s", Unique: "uq_%(bogus)s"}))
	b1 := bad.Table("b1", sql.NewColumn("x", integer), sql.Check("x > 0"))
	b2 := bad.Table("b2", sql.NewColumn("x", integer, sql.Unique()))
	b3 := sql.NewMetaData().Table("b3", sql.NewColumn("x", integer), sql.UniqueOn([]string{"x"}, sql.ConstraintOptions{Name: strings.Repeat("n", 31)}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "constraint_name without a name", Stmt: sql.NewCreateTable(b1), Err: sql.ErrArgument},
		{Name: "unknown token", Stmt: sql.NewCreateTable(b2), Err: sql.ErrArgument},
		{Name: "declared name too long", Stmt: sql.NewCreateTable(b3), Dialect: plain, Err: sql.ErrArgument},
	})
}

func TestTableErrors(t *testing.T) {
	md := sql.NewMetaData()
	md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()))
	cases := []struct {
		name  string
		table *sql.Table
		want  error
	}{
		{"duplicate key", sql.NewTable("t", sql.NewColumn("a", integer), sql.NewColumn("a", integer)), sql.ErrArgument},
		{"duplicate name", sql.NewTable("t", sql.NewColumn("a", integer), sql.NewColumn("a", integer, sql.Key("b"))), sql.ErrArgument},
		{"unnamed column", sql.NewTable("t", sql.NewColumn("", integer)), sql.ErrArgument},
		{"unnamed table", sql.NewTable("", sql.NewColumn("a", integer)), sql.ErrArgument},
		{"unique on unknown", sql.NewTable("t", sql.NewColumn("a", integer), sql.UniqueOn([]string{"b"})), sql.ErrNoSuchColumn},
		{"pk on unknown", sql.NewTable("t", sql.NewColumn("a", integer), sql.PrimaryKeyOn([]string{"b"})), sql.ErrNoSuchColumn},
		{"pk flag outside PrimaryKeyOn", sql.NewTable("t", sql.NewColumn("a", integer, sql.PrimaryKey()), sql.NewColumn("b", integer), sql.PrimaryKeyOn([]string{"b"})), sql.ErrArgument},
		{"index on unknown", sql.NewTable("t", sql.NewColumn("a", integer), sql.IndexOn("ix", "b")), sql.ErrNoSuchColumn},
		{"fk on unknown", sql.NewTable("t", sql.NewColumn("a", integer), sql.ForeignKeyOn([]string{"b"}, []string{"users.id"})), sql.ErrNoSuchColumn},
		{"fk count", sql.NewTable("t", sql.NewColumn("a", integer), sql.ForeignKeyOn([]string{"a"}, []string{"users.id", "users.x"})), sql.ErrArgument},
		{"bad on delete", md.Table("t1", sql.NewColumn("a", integer, sql.References("users.id", sql.FKOptions{OnDelete: "CASCADE; DROP TABLE users"}))), sql.ErrArgument},
		{"bad initially", sql.NewTable("t", sql.NewColumn("a", integer), sql.UniqueOn([]string{"a"}, sql.ConstraintOptions{Initially: "LATER"})), nil},
		{"empty check", sql.NewTable("t", sql.NewColumn("a", integer), sql.Check(" ")), sql.ErrArgument},
		{"column reused", func() *sql.Table {
			c := sql.NewColumn("a", integer)
			sql.NewTable("t0", c)
			return sql.NewTable("t", c)
		}(), sql.ErrArgument},
		{"references nil", sql.NewTable("t", sql.NewColumn("a", integer, sql.References((*sql.Column)(nil)))), sql.ErrArgument},
		{"references int", sql.NewTable("t", sql.NewColumn("a", integer, sql.References(42))), sql.ErrArgument},
		{"autoincrement text", sql.NewTable("t", sql.NewColumn("a", text, sql.PrimaryKey(), sql.Autoincrement(true))), sql.ErrArgument},
		{"autoincrement numeric scale", sql.NewTable("t", sql.NewColumn("a", types.Numeric{Precision: 10, Scale: 2}, sql.PrimaryKey(), sql.Autoincrement(true))), sql.ErrArgument},
		{"two autoincrement", sql.NewTable("t", sql.NewColumn("a", integer, sql.PrimaryKey(), sql.Autoincrement(true)), sql.NewColumn("b", integer, sql.PrimaryKey(), sql.Autoincrement(true))), sql.ErrArgument},
		{"autoincrement outside pk", sql.NewTable("t", sql.NewColumn("a", integer, sql.Autoincrement(true))), sql.ErrArgument},
		{"two PrimaryKeyOn", sql.NewTable("t", sql.NewColumn("a", integer), sql.PrimaryKeyOn([]string{"a"}), sql.PrimaryKeyOn([]string{"a"})), sql.ErrArgument},
		{"server default nil", sql.NewTable("t", sql.NewColumn("a", integer, sql.ServerDefault(nil))), sql.ErrArgument},
		{"redefined", md.Table("users", sql.NewColumn("id", integer)), sql.ErrArgument},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.table.Err()
			if tc.want == nil {
				// Found at compile rather than construction.
				_, cerr := sql.Compile(sql.NewCreateTable(tc.table), dialect.Generic)
				if !errors.Is(cerr, sql.ErrArgument) {
					t.Fatalf("compile error %v, want ErrArgument", cerr)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Err() = %v, want %v", err, tc.want)
			}
			// The error comes back from every statement on the table.
			for _, st := range []sql.Element{sql.NewCreateTable(tc.table), sql.NewSelect(tc.table), tc.table.Insert().Values(sql.Values{}), tc.table.Delete()} {
				if _, cerr := sql.Compile(st, dialect.Generic); !errors.Is(cerr, tc.want) || !errors.Is(cerr, sql.ErrCompile) {
					t.Fatalf("compile %T: %v, want %v", st, cerr, tc.want)
				}
			}
		})
	}
}

func TestForeignKeyTargets(t *testing.T) {
	md := sql.NewMetaData(sql.WithSchema("main"))
	users := md.Table("users", sql.NewColumn("uid", integer, sql.PrimaryKey(), sql.Key("id")))
	orphan := md.Table("orphan", sql.NewColumn("x", integer, sql.References("nowhere.id")))
	noCol := md.Table("nocol", sql.NewColumn("x", integer, sql.References("users.nope")))
	badForm := md.Table("badform", sql.NewColumn("x", integer, sql.References("users")))
	byKey := md.Table("bykey", sql.NewColumn("x", integer, sql.References("users.id")))
	byName := md.Table("byname", sql.NewColumn("x", integer, sql.References("main.users.uid")))
	loose := sql.NewTable("loose", sql.NewColumn("x", integer, sql.References("users.id")))
	twoTables := md.Table("two", sql.NewColumn("a", integer), sql.NewColumn("b", integer),
		sql.ForeignKeyOn([]string{"a", "b"}, []string{"users.uid", "bykey.x"}))
	for _, tc := range []struct {
		t    *sql.Table
		want error
	}{{orphan, sql.ErrNoReferencedTable}, {noCol, sql.ErrNoReferencedTable}, {badForm, sql.ErrNoReferencedTable}, {loose, sql.ErrNoReferencedTable}, {twoTables, sql.ErrArgument}} {
		if _, err := sql.Compile(sql.NewCreateTable(tc.t), dialect.Generic); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.t.Name(), err, tc.want)
		}
	}
	for _, tbl := range []*sql.Table{byKey, byName} {
		col, err := tbl.C("x").ForeignKeys()[0].Column()
		if err != nil || col != users.C("id") {
			t.Errorf("%s: resolved %v, %v", tbl.Name(), col, err)
		}
		if !tbl.C("x").ForeignKeys()[0].References(users) {
			t.Errorf("%s: References(users) is false", tbl.Name())
		}
	}
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateTable(byKey),
		SQL: "CREATE TABLE main.bykey (x INTEGER, FOREIGN KEY(x) REFERENCES main.users (uid))"})
}

func TestAutoincrementColumn(t *testing.T) {
	fkTarget := sql.NewTable("p", sql.NewColumn("id", integer, sql.PrimaryKey()))
	cases := []struct {
		name  string
		table *sql.Table
		want  string
	}{
		{"single integer", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey())), "id"},
		{"bigint", sql.NewTable("t", sql.NewColumn("id", types.BigInteger{}, sql.PrimaryKey())), "id"},
		{"string", sql.NewTable("t", sql.NewColumn("id", str30, sql.PrimaryKey())), ""},
		{"turned off", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Autoincrement(false))), ""},
		{"with default", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Default(1))), ""},
		{"with server default", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.ServerDefault(1))), ""},
		{"forced with default", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.Default(1), sql.Autoincrement(true))), "id"},
		{"foreign key", sql.NewTable("t", sql.NewColumn("id", integer, sql.PrimaryKey(), sql.References(fkTarget.C("id")))), ""},
		{"composite", sql.NewTable("t", sql.NewColumn("a", integer, sql.PrimaryKey()), sql.NewColumn("b", integer, sql.PrimaryKey())), ""},
		{"composite chosen", sql.NewTable("t", sql.NewColumn("a", integer, sql.PrimaryKey()), sql.NewColumn("b", integer, sql.PrimaryKey(), sql.Autoincrement(true))), "b"},
		{"numeric scale 0", sql.NewTable("t", sql.NewColumn("a", types.Numeric{Precision: 10}, sql.PrimaryKey(), sql.Autoincrement(true))), "a"},
		{"numeric auto", sql.NewTable("t", sql.NewColumn("a", types.Numeric{Precision: 10}, sql.PrimaryKey())), ""},
		{"no pk", sql.NewTable("t", sql.NewColumn("a", integer)), ""},
		{"identity", sql.NewTable("t", sql.NewColumn("a", integer, sql.PrimaryKey(), sql.Default(1), sql.AsIdentity(sql.Identity{}))), "a"},
	}
	for _, tc := range cases {
		if err := tc.table.Err(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		got := ""
		if c := tc.table.AutoincrementColumn(); c != nil {
			got = c.Name()
			if !c.Autoincrement() {
				t.Errorf("%s: Autoincrement() false on the autoincrement column", tc.name)
			}
		}
		if got != tc.want {
			t.Errorf("%s: autoincrement column %q, want %q", tc.name, got, tc.want)
		}
	}
}
