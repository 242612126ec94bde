package mysql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	integer = types.Integer{}
	str30   = types.String{Length: 30}
)

// Dialects of known servers.
var (
	mysql57    = forVersion("5.7.44")
	mysql80    = forVersion("8.0.0")
	mysql8019  = forVersion("8.0.19")
	mysql8020  = forVersion("8.0.20")
	mysql84    = forVersion("8.4.2-log")
	mariadb104 = forVersion("5.5.5-10.4.32-MariaDB")
	mariadb106 = forVersion("10.6.18-MariaDB")
	mariadb11  = forVersion("10.11.19-MariaDB-0+deb12u1")
)

func forVersion(v string) *mysql.Dialect {
	d, err := mysql.ForVersion(v)
	if err != nil {
		panic(err)
	}
	return d
}

// SQLAlchemy's test tables.
func mytable() (t1, t2 *sql.Table) {
	md := sql.NewMetaData()
	t1 = md.Table("mytable",
		sql.NewColumn("myid", integer, sql.PrimaryKey()),
		sql.NewColumn("name", str30),
		sql.NewColumn("description", types.String{Length: 50}),
	)
	t2 = md.Table("myothertable",
		sql.NewColumn("otherid", integer, sql.PrimaryKey()),
		sql.NewColumn("othername", str30),
	)
	return
}

func TestSelectCompile(t *testing.T) {
	t1, t2 := mytable()
	x := sql.NewColumn("x", types.String{})
	sqltest.Run(t, []sqltest.Case{
		// Backtick quoting of reserved words and case.
		{Name: "quoting", Dialect: mysql80,
			Stmt: sql.NewSelect(sql.NewTable("order", sql.NewColumn("key", integer), sql.NewColumn("Name", integer))),
			SQL:  "SELECT `order`.`key`, `order`.`Name` FROM `order`"},
		{Name: "quote escaping", Dialect: mysql80,
			Stmt: sql.NewSelect(sql.NewTable("we`ird", sql.NewColumn("a b", integer))),
			SQL:  "SELECT `we``ird`.`a b` FROM `we``ird`"},
		// test_limit: LIMIT offset, count.
		{Name: "limit offset", Dialect: mysql80, Stmt: t1.Select().Limit(10).Offset(20),
			SQL: "SELECT mytable.myid, mytable.name, mytable.description FROM mytable LIMIT ?, ?", Params: []any{int64(20), int64(10)}},
		{Name: "limit", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).Limit(5),
			SQL: "SELECT mytable.myid FROM mytable LIMIT ?", Params: []any{int64(5)}},
		{Name: "offset alone", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).Offset(5),
			SQL: "SELECT mytable.myid FROM mytable LIMIT ?, 18446744073709551615", Params: []any{int64(5)}},
		{Name: "limit in a union", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).Union(sql.NewSelect(t2.C("otherid"))).Limit(3),
			SQL: "SELECT mytable.myid FROM mytable UNION SELECT myothertable.otherid FROM myothertable LIMIT ?", Params: []any{int64(3)}},
		// test_concat_compile_kw and the composed LIKE operators.
		{Name: "concat", Dialect: mysql80, Stmt: sql.NewSelect(sql.Ops(t1.C("name")).Concat("x").Label("n")),
			SQL: "SELECT concat(mytable.name, ?) AS n FROM mytable", Params: []any{"x"}},
		{Name: "concat chain", Dialect: mysql80,
			Stmt: sql.NewSelect(sql.Ops(sql.Ops(t1.C("name")).Concat(t1.C("description"))).Concat(t2.C("othername")).Label("n")),
			SQL:  "SELECT concat(mytable.name, mytable.description, myothertable.othername) AS n FROM mytable, myothertable"},
		// The pattern is grouped at construction (SQLAlchemy writes no
		// parentheses around concat()).
		{Name: "contains expression", Dialect: mysql80, Stmt: sql.Ops(x).Contains(sql.LiteralColumn("y")),
			SQL: "x LIKE (concat('%', y, '%'))"},
		{Name: "startswith expression", Dialect: mysql80, Stmt: sql.Ops(x).StartsWith(sql.LiteralColumn("y")),
			SQL: "x LIKE (concat(y, '%'))"},
		// ILIKE becomes lower() LIKE lower().
		{Name: "ilike", Dialect: mysql80, Stmt: sql.Ops(t1.C("name")).ILike("a%"),
			SQL: "lower(mytable.name) LIKE lower(?)", Params: []any{"a%"}},
		{Name: "not ilike", Dialect: mysql80, Stmt: sql.Ops(t1.C("name")).NotILike("a%"),
			SQL: "lower(mytable.name) NOT LIKE lower(?)", Params: []any{"a%"}},
		// test_backslash_escaping: the escape character is a literal with
		// its backslash escaped.
		{Name: "backslash escape", Dialect: mysql80, Stmt: sql.Ops(x).LikeEscape("bar", '\\'),
			SQL: `x LIKE ? ESCAPE '\\'`, Params: []any{"bar"}},
		{Name: "is distinct from", Dialect: mysql80, Stmt: sql.Ops(t1.C("name")).IsDistinctFrom("a"),
			SQL: "NOT mytable.name <=> ?", Params: []any{"a"}},
		{Name: "is not distinct from", Dialect: mysql80, Stmt: sql.Ops(t1.C("name")).IsNotDistinctFrom("a"),
			SQL: "mytable.name <=> ?", Params: []any{"a"}},
		// Dividing two integers is an integer division, as elsewhere
		// (MySQL's / would return a DECIMAL); other operands keep /.
		{Name: "integer division", Dialect: mysql80, Stmt: sql.NewSelect(sql.Ops(t1.C("myid")).Add(1).Div(2).Label("q")),
			SQL: "SELECT (mytable.myid + ?) DIV ? AS q FROM mytable", Params: []any{1, 2}},
		{Name: "numeric division", Dialect: mysql80, Stmt: sql.NewSelect(sql.Ops(t1.C("myid")).Div(sql.Literal(2.5)).Label("q")),
			SQL: "SELECT mytable.myid / ? AS q FROM mytable", Params: []any{2.5}},
		{Name: "random", Dialect: mysql80, Stmt: sql.NewSelect(sql.Func("random").Label("r")), SQL: "SELECT rand() AS r"},
		{Name: "sysdate", Dialect: mysql80, Stmt: sql.Func("sysdate"), SQL: "SYSDATE()"},
		// Booleans are true and false, alone as conditions too.
		{Name: "true where", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).Where(sql.True()),
			SQL: "SELECT mytable.myid FROM mytable WHERE true"},
		{Name: "false value", Dialect: mysql80, Stmt: sql.NewSelect(sql.False()), SQL: "SELECT false AS anon_1"},
		// NULLS FIRST/LAST are emulated.
		{Name: "nulls last", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).OrderBy(sql.Ops(t1.C("name")).NullsLast()),
			SQL: "SELECT mytable.myid FROM mytable ORDER BY CASE WHEN mytable.name IS NULL THEN 1 ELSE 0 END, mytable.name"},
		{Name: "full outer join", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).FullOuterJoin(t2, t1.C("myid").Eq(t2.C("otherid"))),
			Err: dialect.ErrNotSupported},
		{Name: "left join", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).OuterJoin(t2, t1.C("myid").Eq(t2.C("otherid"))),
			SQL: "SELECT mytable.myid FROM mytable LEFT OUTER JOIN myothertable ON mytable.myid = myothertable.otherid"},
		{Name: "aggregate filter", Dialect: mysql80, Stmt: sql.NewSelect(sql.Func("count", t1.C("myid")).Filter(t1.C("myid").Gt(1))),
			Err: dialect.ErrNotSupported},
		// test_prefix_dialect_specific
		{Name: "prefix", Dialect: mysql80, Stmt: t1.Select().Prefix("SQL_SOME_WEIRD_MYSQL_THING"),
			SQL: "SELECT SQL_SOME_WEIRD_MYSQL_THING mytable.myid, mytable.name, mytable.description FROM mytable"},
		// An IN over an empty list given at execution is false.
		{Name: "empty expanding in", Dialect: mysql80, Stmt: sql.NewSelect(t1.C("myid")).Where(sql.Ops(t1.C("myid")).In(sql.Bind("ids").Expanding())),
			Exec: sql.Params{"ids": []any{}},
			SQL:  "SELECT mytable.myid FROM mytable WHERE 1 != 1"},
	})
}

func TestVersionFeaturesCompile(t *testing.T) {
	t1, t2 := mytable()
	a := sql.NewSelect(t1.C("myid"))
	b := sql.NewSelect(t2.C("otherid"))
	win := sql.NewSelect(sql.Func("row_number").Over(sql.Window{OrderBy: []sql.ColumnElement{t1.C("myid")}}).Label("rn"))
	cte := a.CTE("c")
	withCTE := sql.NewSelect(cte.C("myid"))
	frames := sql.NewSelect(sql.Func("sum", t1.C("myid")).Over(sql.Window{OrderBy: []sql.ColumnElement{t1.C("myid")},
		Rows: &sql.Frame{Start: sql.Preceding(2), End: sql.Following(1)}}))
	sqltest.Run(t, []sqltest.Case{
		{Name: "intersect mysql 8.0.31", Dialect: forVersion("8.0.31"), Stmt: a.Intersect(b),
			SQL: "SELECT mytable.myid FROM mytable INTERSECT SELECT myothertable.otherid FROM myothertable"},
		{Name: "except all mysql 8.4", Dialect: mysql84, Stmt: a.ExceptAll(b),
			SQL: "SELECT mytable.myid FROM mytable EXCEPT ALL SELECT myothertable.otherid FROM myothertable"},
		{Name: "no intersect mysql 8.0.30", Dialect: forVersion("8.0.30"), Stmt: a.Intersect(b), Err: dialect.ErrNotSupported},
		{Name: "intersect mariadb 10.4", Dialect: mariadb104, Stmt: a.Except(b),
			SQL: "SELECT mytable.myid FROM mytable EXCEPT SELECT myothertable.otherid FROM myothertable"},
		{Name: "no intersect all mariadb 10.4", Dialect: mariadb104, Stmt: a.IntersectAll(b), Err: dialect.ErrNotSupported},
		{Name: "intersect all mariadb 10.6", Dialect: mariadb106, Stmt: a.IntersectAll(b),
			SQL: "SELECT mytable.myid FROM mytable INTERSECT ALL SELECT myothertable.otherid FROM myothertable"},
		{Name: "window mysql 8", Dialect: mysql80, Stmt: win, SQL: "SELECT row_number() OVER (ORDER BY mytable.myid) AS rn FROM mytable"},
		{Name: "no window mysql 5.7", Dialect: mysql57, Stmt: win, Err: dialect.ErrNotSupported},
		{Name: "cte mysql 8", Dialect: mysql80, Stmt: withCTE, SQL: "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT c.myid FROM c"},
		{Name: "no cte mysql 5.7", Dialect: mysql57, Stmt: withCTE, Err: dialect.ErrNotSupported},
		{Name: "cte mariadb", Dialect: mariadb104, Stmt: withCTE, SQL: "WITH c AS (SELECT mytable.myid AS myid FROM mytable) SELECT c.myid FROM c"},
		// MariaDB refuses a parameter as a frame offset; LIMIT stays bound.
		{Name: "frame offsets mariadb", Dialect: mariadb106, Stmt: frames.Limit(5),
			SQL: "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS anon_1 FROM mytable LIMIT ?", Params: []any{int64(5)}},
		{Name: "frame offsets mysql", Dialect: mysql80, Stmt: frames.Limit(5),
			SQL: "SELECT sum(mytable.myid) OVER (ORDER BY mytable.myid ROWS BETWEEN ? PRECEDING AND ? FOLLOWING) AS anon_1 FROM mytable LIMIT ?", Params: []any{int64(2), int64(1), int64(5)}},
	})
}

func TestLockCompile(t *testing.T) {
	t1, t2 := mytable()
	sel := sql.NewSelect(t1.C("myid")).Where(t1.C("myid").Eq(7))
	join := sql.NewSelect(t1.C("myid"), t2.C("otherid"))
	const head = "SELECT mytable.myid FROM mytable WHERE mytable.myid = ?"
	p := []any{7}
	sqltest.Run(t, []sqltest.Case{
		{Name: "for update", Dialect: mysql80, Stmt: sel.ForUpdate(sql.LockClause{}), SQL: head + " FOR UPDATE", Params: p},
		{Name: "share mysql 8.0.0", Dialect: mysql80, Stmt: sel.ForUpdate(sql.LockClause{Read: true}), SQL: head + " LOCK IN SHARE MODE", Params: p},
		{Name: "share mysql 8.0.20", Dialect: mysql8020, Stmt: sel.ForUpdate(sql.LockClause{Read: true}), SQL: head + " FOR SHARE", Params: p},
		{Name: "share mariadb", Dialect: mariadb11, Stmt: sel.ForUpdate(sql.LockClause{Read: true}), SQL: head + " LOCK IN SHARE MODE", Params: p},
		{Name: "share mysql 5.7", Dialect: mysql57, Stmt: sel.ForUpdate(sql.LockClause{Read: true}), SQL: head + " LOCK IN SHARE MODE", Params: p},
		{Name: "of nowait skip locked", Dialect: mysql8020,
			Stmt: join.ForUpdate(sql.LockClause{Of: []sql.FromClause{t1, t2}, NoWait: true}),
			SQL:  "SELECT mytable.myid, myothertable.otherid FROM mytable, myothertable FOR UPDATE OF mytable, myothertable NOWAIT"},
		{Name: "share skip locked", Dialect: mysql8020, Stmt: sel.ForUpdate(sql.LockClause{Read: true, SkipLocked: true}),
			SQL: head + " FOR SHARE SKIP LOCKED", Params: p},
		// test_mariadb_for_update: MariaDB has no OF; the lock covers every table.
		{Name: "of on mariadb", Dialect: mariadb11, Stmt: sel.ForUpdate(sql.LockClause{Of: []sql.FromClause{t1}}), SQL: head + " FOR UPDATE", Params: p},
		{Name: "skip locked mariadb 10.6", Dialect: mariadb106, Stmt: sel.ForUpdate(sql.LockClause{SkipLocked: true}), SQL: head + " FOR UPDATE SKIP LOCKED", Params: p},
		{Name: "no skip locked mariadb 10.4", Dialect: mariadb104, Stmt: sel.ForUpdate(sql.LockClause{SkipLocked: true}), Err: dialect.ErrNotSupported},
		{Name: "nowait mariadb 10.4", Dialect: mariadb104, Stmt: sel.ForUpdate(sql.LockClause{NoWait: true}), SQL: head + " FOR UPDATE NOWAIT", Params: p},
		{Name: "no nowait mysql 5.7", Dialect: mysql57, Stmt: sel.ForUpdate(sql.LockClause{NoWait: true}), Err: dialect.ErrNotSupported},
		{Name: "share nowait on old servers", Dialect: mysql57, Stmt: sel.ForUpdate(sql.LockClause{Read: true, NoWait: true}), Err: dialect.ErrNotSupported},
		{Name: "key share", Dialect: mysql8020, Stmt: sel.ForUpdate(sql.LockClause{KeyShare: true}), SQL: head + " FOR UPDATE", Params: p},
	})
}

func TestCastCompile(t *testing.T) {
	col := sql.NewTable("t", sql.NewColumn("col", nil)).C("col")
	cast := func(typ types.Type) sql.Element { return sql.NewCast(col, typ) }
	var cases []sqltest.Case
	// test_cast, with the names Athanor's DDL uses for date and time.
	for _, c := range []struct {
		typ  types.Type
		want string
	}{
		{types.Integer{}, "SIGNED INTEGER"}, {types.SmallInteger{}, "SIGNED INTEGER"}, {types.BigInteger{}, "SIGNED INTEGER"},
		{types.Numeric{}, "DECIMAL"}, {types.Numeric{Precision: 10, Scale: 2}, "DECIMAL(10, 2)"},
		{types.DateTime{}, "DATETIME(6)"}, {types.Date{}, "DATE"}, {types.Time{}, "TIME(6)"},
		{types.String{}, "CHAR"}, {types.String{Length: 32}, "CHAR(32)"}, {types.Text{}, "CHAR"},
		{types.LargeBinary{}, "BINARY"}, {types.Interval{}, "SIGNED INTEGER"},
		{types.Enum{Values: []string{"a"}}, "CHAR"}, {types.UUID{}, "CHAR"},
	} {
		cases = append(cases, sqltest.Case{Name: c.want + " " + c.typ.String(), Dialect: mysql80, Stmt: cast(c.typ), SQL: "CAST(t.col AS " + c.want + ")"})
	}
	cases = append(cases,
		sqltest.Case{Name: "double on 8.0.17", Dialect: forVersion("8.0.17"), Stmt: cast(types.Double{}), SQL: "CAST(t.col AS DOUBLE)"},
		sqltest.Case{Name: "float on mariadb 10.6", Dialect: mariadb106, Stmt: cast(types.Float{}), SQL: "CAST(t.col AS FLOAT)"},
		sqltest.Case{Name: "no double before 8.0.17", Dialect: mysql80, Stmt: cast(types.Double{}), Err: dialect.ErrNotSupported},
		sqltest.Case{Name: "json on mysql", Dialect: mysql80, Stmt: cast(types.JSON{}), SQL: "CAST(t.col AS JSON)"},
		sqltest.Case{Name: "no json on mariadb", Dialect: mariadb11, Stmt: cast(types.JSON{}), Err: dialect.ErrNotSupported},
		sqltest.Case{Name: "no boolean", Dialect: mysql80, Stmt: cast(types.Boolean{}), Err: dialect.ErrNotSupported},
		sqltest.Case{Name: "decorated", Dialect: mysql80, Stmt: cast(types.Decorate[int64](types.BigInteger{}, nil, nil)), SQL: "CAST(t.col AS SIGNED INTEGER)"},
	)
	sqltest.Run(t, cases)
}

func TestDMLCompile(t *testing.T) {
	d := mysql80
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", integer, sql.PrimaryKey()), sql.NewColumn("name", str30))
	addresses := md.Table("addresses",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("user_id", integer, sql.References("users.id")),
		sql.NewColumn("email_address", str30),
	)
	sqltest.Run(t, []sqltest.Case{
		{Name: "insert", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "x"}), SQL: "INSERT INTO users (name) VALUES (?)", Params: []any{"x"}},
		{Name: "multi-row insert", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "a"}, sql.Values{"name": "b"}),
			SQL: "INSERT INTO users (name) VALUES (?), (?)", Params: []any{"a", "b"}},
		// MySQL has no DEFAULT VALUES.
		{Name: "no values", Dialect: d, Stmt: users.Insert(), SQL: "INSERT INTO users () VALUES ()"},
		{Name: "insert ignore", Dialect: d, Stmt: users.Insert().Prefix("IGNORE").Values(sql.Values{"id": 1}),
			SQL: "INSERT IGNORE INTO users (id) VALUES (?)", Params: []any{1}},
		{Name: "no returning on mysql", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "x"}).Returning(users.C("id")), Err: dialect.ErrNotSupported},
		{Name: "insert returning on mariadb", Dialect: mariadb11, Stmt: users.Insert().Values(sql.Values{"name": "x"}).Returning(users.C("id")),
			SQL: "INSERT INTO users (name) VALUES (?) RETURNING users.id", Params: []any{"x"}},
		{Name: "no insert returning before mariadb 10.5", Dialect: mariadb104, Stmt: users.Insert().Values(sql.Values{"name": "x"}).Returning(users.C("id")),
			Err: dialect.ErrNotSupported},
		{Name: "delete returning on mariadb 10.4", Dialect: mariadb104, Stmt: users.Delete().Where(users.C("id").Eq(1)).Returning(users.C("name")),
			SQL: "DELETE FROM users WHERE users.id = ? RETURNING users.name", Params: []any{1}},
		{Name: "no update returning on mariadb", Dialect: mariadb11, Stmt: users.Update().Values(sql.Values{"name": "x"}).Returning(users.C("id")),
			Err: dialect.ErrNotSupported},
		// test_render_table_mysql: UPDATE with other tables.
		{Name: "multi-table update", Dialect: d,
			Stmt: users.Update().Values(sql.Values{"name": "newname"}).Where(users.C("id").Eq(addresses.C("user_id")), addresses.C("email_address").Eq("e1")),
			SQL:  "UPDATE users, addresses SET users.name=? WHERE users.id = addresses.user_id AND addresses.email_address = ?", Params: []any{"newname", "e1"}},
		{Name: "multi-table update from a value", Dialect: d,
			Stmt: users.Update().Values(sql.Values{"name": addresses.C("email_address")}).Where(users.C("id").Eq(addresses.C("user_id"))),
			SQL:  "UPDATE users, addresses SET users.name=addresses.email_address WHERE users.id = addresses.user_id"},
		{Name: "update one table", Dialect: d, Stmt: users.Update().Values(sql.Values{"name": "n"}).Where(users.C("id").Eq(2)),
			SQL: "UPDATE users SET name=? WHERE users.id = ?", Params: []any{"n", 2}},
		// DELETE with other tables: the USING list names the target.
		{Name: "multi-table delete", Dialect: d, Stmt: users.Delete().Where(users.C("id").Eq(addresses.C("user_id")), addresses.C("email_address").Eq("e1")),
			SQL: "DELETE FROM users USING users, addresses WHERE users.id = addresses.user_id AND addresses.email_address = ?", Params: []any{"e1"}},
		// test_prefix_with
		{Name: "delete prefixes", Dialect: d, Stmt: users.Delete().Prefix("LOW_PRIORITY", "QUICK"), SQL: "DELETE LOW_PRIORITY QUICK FROM users"},
	})
}

func TestLiteralRendering(t *testing.T) {
	md := sql.NewMetaData()
	tb := md.Table("t", sql.NewColumn("s", str30), sql.NewColumn("b", types.Boolean{}))
	stmt := sql.NewSelect(tb.C("s")).Where(tb.C("s").Eq(`it's a \ backslash`), tb.C("b").Eq(true))
	got, err := sql.DebugSQL(stmt, mysql80)
	if err != nil {
		t.Fatal(err)
	}
	want := `SELECT t.s FROM t WHERE t.s = 'it''s a \\ backslash' AND t.b = true`
	if got != want {
		t.Fatalf("DebugSQL\n got: %s\nwant: %s", got, want)
	}
}
