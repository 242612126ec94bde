package sql_test

import (
	"database/sql/driver"
	"fmt"
	"sync"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// quotingTables returns tables whose names cover the quoting rules: a
// plain name, upper case, reserved words, a space, quote characters of
// each dialect, a leading digit and a leading underscore (Oracle quotes
// it).
func quotingTables() (*sql.Table, *sql.Table) {
	users := sql.NewTable("Users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("order", types.Integer{}),
		sql.NewColumn("full name", types.String{}),
		sql.NewColumn(`we"ird`, types.String{}),
		sql.NewColumn("back`tick]", types.String{}),
		sql.NewColumn("1st", types.Integer{}),
		sql.NewColumn("_hidden", types.Integer{}),
	)
	orders := sql.NewTable("select", sql.Schema("Shop"),
		sql.NewColumn("id", types.Integer{}),
		sql.NewColumn("user", types.Integer{}),
		sql.NewColumn("Total", types.Integer{}),
	)
	return users, orders
}

func quotingSelect(users, orders *sql.Table) *sql.Select {
	var cols []sql.Element
	for _, c := range users.Columns() {
		cols = append(cols, c)
	}
	cols = append(cols, orders.C("Total"))
	return sql.NewSelect(cols...).
		Join(orders, users.C("id").Eq(orders.C("user"))).
		Where(users.C("order").Gt(1), orders.C("Total").Lt(5)).
		OrderBy(users.C("full name"))
}

func quotingDialects() []dialect.Dialect {
	return []dialect.Dialect{
		dialect.Generic, sqlite.New(), postgres.New(), mysql.New(), mysql.NewMariaDB(),
		mssql.New(), oracle.New(), qmark,
	}
}

// TestNameCacheMatchesUncached: tables and columns keep the text of their
// name per dialect; compiling one statement for dialect after dialect, in
// several rounds, writes what tables never compiled before write, and
// the expected quoting for a few.
func TestNameCacheMatchesUncached(t *testing.T) {
	users, orders := quotingTables()
	shared := quotingSelect(users, orders)
	ds := quotingDialects()
	for round := range 3 {
		for _, d := range ds {
			got, err := sql.Compile(shared, d)
			if err != nil {
				t.Fatalf("%s: %v", d.Name(), err)
			}
			fu, fo := quotingTables()
			want, err := sql.Compile(quotingSelect(fu, fo), d)
			if err != nil {
				t.Fatalf("%s: %v", d.Name(), err)
			}
			if got.SQL != want.SQL {
				t.Fatalf("round %d, %s:\n got: %s\nwant: %s", round, d.Name(), got.SQL, want.SQL)
			}
		}
	}
	exact := []struct {
		d    dialect.Dialect
		want string
	}{
		{postgres.New(), `SELECT "Users".id, "Users"."order", "Users"."full name", "Users"."we""ird", "Users"."back` + "`" + `tick]", "Users"."1st", "Users"._hidden, "Shop"."select"."Total" ` +
			`FROM "Users" JOIN "Shop"."select" ON "Users".id = "Shop"."select"."user" WHERE "Users"."order" > $1 AND "Shop"."select"."Total" < $2 ORDER BY "Users"."full name"`},
		{mysql.New(), "SELECT `Users`.id, `Users`.`order`, `Users`.`full name`, `Users`.`we\"ird`, `Users`.`back``tick]`, `Users`.`1st`, `Users`._hidden, `Shop`.`select`.`Total` " +
			"FROM `Users` JOIN `Shop`.`select` ON `Users`.id = `Shop`.`select`.user WHERE `Users`.`order` > ? AND `Shop`.`select`.`Total` < ? ORDER BY `Users`.`full name`"},
		{mssql.New(), `SELECT [Users].id, [Users].[order], [Users].[full name], [Users].[we"ird], [Users].[back` + "`" + `tick]]], [Users].[1st], [Users]._hidden, [Shop].[select].[Total] ` +
			`FROM [Users] JOIN [Shop].[select] ON [Users].id = [Shop].[select].[user] WHERE [Users].[order] > @p1 AND [Shop].[select].[Total] < @p2 ORDER BY [Users].[full name]`},
	}
	for _, tc := range exact {
		c, err := sql.Compile(shared, tc.d)
		if err != nil {
			t.Fatal(err)
		}
		if c.SQL != tc.want {
			t.Errorf("%s:\n got: %s\nwant: %s", tc.d.Name(), c.SQL, tc.want)
		}
	}
}

// TestNameCacheOracleUnderscore: Oracle quotes a leading underscore that
// other dialects leave bare; the cache keeps each dialect's own answer.
func TestNameCacheOracleUnderscore(t *testing.T) {
	tbl := sql.NewTable("_t", sql.NewColumn("_c", types.Integer{}))
	stmt := sql.NewSelect(tbl.C("_c"))
	for range 2 {
		for _, tc := range []struct {
			d    dialect.Dialect
			want string
		}{
			{postgres.New(), "SELECT _t._c FROM _t"},
			{oracle.New(), `SELECT "_t"."_c" FROM "_t"`},
			{sqlite.New(), "SELECT _t._c FROM _t"},
		} {
			c, err := sql.Compile(stmt, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != tc.want {
				t.Errorf("%s: got %s, want %s", tc.d.Name(), c.SQL, tc.want)
			}
		}
	}
}

// TestNameCacheSchemaTranslate: a translated schema is written around a
// table's cached name, and a compilation without the map is unaffected.
func TestNameCacheSchemaTranslate(t *testing.T) {
	users, orders := quotingTables()
	stmt := sql.NewSelect(orders.C("Total"), users.C("id")).Join(users, users.C("id").Eq(orders.C("user")))
	pg := postgres.New()
	cases := []struct {
		m    map[string]string
		want string
	}{
		{nil, `SELECT "Shop"."select"."Total", "Users".id FROM "Shop"."select" JOIN "Users" ON "Users".id = "Shop"."select"."user"`},
		{map[string]string{"Shop": "Tenant", "": "t1"}, `SELECT "Tenant"."select"."Total", t1."Users".id FROM "Tenant"."select" JOIN t1."Users" ON t1."Users".id = "Tenant"."select"."user"`},
		{map[string]string{"Shop": ""}, `SELECT "select"."Total", "Users".id FROM "select" JOIN "Users" ON "Users".id = "select"."user"`},
	}
	for range 2 {
		for _, tc := range cases {
			c, err := sql.CompileWith(stmt, pg, sql.CompileOptions{SchemaTranslate: tc.m})
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != tc.want {
				t.Errorf("%v:\n got: %s\nwant: %s", tc.m, c.SQL, tc.want)
			}
		}
	}
}

// TestNameCacheNUL: a name holding a NUL byte is refused every time,
// never cached; DebugSQL still writes it.
func TestNameCacheNUL(t *testing.T) {
	tbl := sql.NewTable("t", sql.NewColumn("a\x00b", types.Integer{}))
	stmt := sql.NewSelect(tbl.C("a\x00b"))
	for range 2 {
		if _, err := sql.Compile(stmt, postgres.New()); err == nil {
			t.Fatal("a NUL byte in a name compiled")
		}
	}
	if _, err := sql.DebugSQL(stmt, postgres.New()); err != nil {
		t.Fatal(err)
	}
}

// valueDialect is a dialect of a type that == cannot compare (it holds a
// map): the cache must tell dialects apart without comparing them.
type valueDialect struct {
	*dialect.Base
	extra map[string]bool
}

func (valueDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, dialect.ErrNotSupported
}

// TestNameCacheIncomparableDialect: two value dialects of one type that
// quote differently each get their own text, without a panic.
func TestNameCacheIncomparableDialect(t *testing.T) {
	base := func(open, close byte) *dialect.Base {
		return &dialect.Base{DialectName: "value", Params: dialect.Qmark, QuoteOpen: open, QuoteClose: close,
			Reserved: dialect.ReservedWords("order"), MaxIdentLen: 30, FeatureFlags: *dialect.Generic.Features()}
	}
	var a, b dialect.Dialect = valueDialect{base('"', '"'), map[string]bool{}}, valueDialect{base('[', ']'), map[string]bool{}}
	tbl := sql.NewTable("order", sql.NewColumn("Id", types.Integer{}))
	stmt := sql.NewSelect(tbl.C("Id"))
	for range 2 {
		for _, tc := range []struct {
			d    dialect.Dialect
			want string
		}{{a, `SELECT "order"."Id" FROM "order"`}, {b, `SELECT [order].[Id] FROM [order]`}} {
			c, err := sql.Compile(stmt, tc.d)
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != tc.want {
				t.Errorf("got %s, want %s", c.SQL, tc.want)
			}
		}
	}
}

// TestNameCacheConcurrent compiles shared tables for several dialects at
// once (run with -race): each compilation writes its dialect's text.
func TestNameCacheConcurrent(t *testing.T) {
	users, orders := quotingTables()
	shared := quotingSelect(users, orders)
	ds := quotingDialects()
	want := make([]string, len(ds))
	for i, d := range ds {
		fu, fo := quotingTables()
		c, err := sql.Compile(quotingSelect(fu, fo), d)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = c.SQL
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				k := (g + i) % len(ds)
				c, err := sql.Compile(shared, ds[k])
				if err == nil && c.SQL != want[k] {
					err = fmt.Errorf("%s: got %s, want %s", ds[k].Name(), c.SQL, want[k])
				}
				if err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestNameCacheContexts: where a table column is written otherwise than
// table.column (a compound's ORDER BY without the table, MySQL's
// proposed row, SQL Server's OUTPUT row, Oracle's (+) joins, a schema
// translation), the text a column or table keeps from other statements
// is not used; each statement compiles as with tables never compiled.
func TestNameCacheContexts(t *testing.T) {
	type build func(u, o *sql.Table) sql.Element
	cases := []struct {
		name string
		d    dialect.Dialect
		opts sql.CompileOptions
		b    build
		want string
	}{
		{"union order by", postgres.New(), sql.CompileOptions{}, func(u, o *sql.Table) sql.Element {
			return sql.Union(sql.NewSelect(u.C("id")).Where(u.C("order").Gt(1)), sql.NewSelect(o.C("id"))).OrderBy(u.C("order"))
		}, `SELECT "Users".id FROM "Users" WHERE "Users"."order" > $1 UNION SELECT "Shop"."select".id FROM "Shop"."select" ORDER BY "order"`},
		{"mysql upsert", mysql.New(), sql.CompileOptions{}, func(u, o *sql.Table) sql.Element {
			ins := mysql.Insert(u).Values(sql.Values{"id": 1, "order": 2})
			return ins.OnDuplicateKeyUpdateOrdered(sql.Assignment{Column: u.C("order"), Value: ins.Inserted().C("order")})
		}, "INSERT INTO `Users` (id, `order`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `order` = VALUES(`order`)"},
		{"mssql output", mssql.New(), sql.CompileOptions{}, func(u, o *sql.Table) sql.Element {
			return u.Update().Values(sql.Values{"order": 3}).Where(u.C("id").Eq(1)).Returning(u.C("id"), u.C("order"))
		}, `UPDATE [Users] SET [order]=@p1 OUTPUT inserted.id, inserted.[order] WHERE [Users].id = @p2`},
		{"oracle (+) joins", oracle.New(oracle.Options{NonANSIJoins: true}), sql.CompileOptions{}, func(u, o *sql.Table) sql.Element {
			return sql.NewSelect(u.C("id"), o.C("Total")).OuterJoin(o, u.C("id").Eq(o.C("user")))
		}, `SELECT "Users".id, "Shop"."select"."Total" FROM "Users", "Shop"."select" WHERE "Users".id = "Shop"."select"."user"(+)`},
		{"schema translate", postgres.New(), sql.CompileOptions{SchemaTranslate: map[string]string{"Shop": "s2", "": "t"}}, func(u, o *sql.Table) sql.Element {
			return sql.NewSelect(u.C("id"), o.C("Total")).Join(o, u.C("id").Eq(o.C("user")))
		}, `SELECT t."Users".id, s2."select"."Total" FROM t."Users" JOIN s2."select" ON t."Users".id = s2."select"."user"`},
	}
	users, orders := quotingTables()
	warm := quotingSelect(users, orders)
	for round := range 2 {
		for _, tc := range cases {
			// Cache the plain text of every name for the dialect first.
			if _, err := sql.Compile(warm, tc.d); err != nil {
				t.Fatal(err)
			}
			got, err := sql.CompileWith(tc.b(users, orders), tc.d, tc.opts)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			fu, fo := quotingTables()
			want, err := sql.CompileWith(tc.b(fu, fo), tc.d, tc.opts)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if got.SQL != want.SQL {
				t.Errorf("round %d, %s:\n got: %s\nwant: %s", round, tc.name, got.SQL, want.SQL)
			}
			if got.SQL != tc.want {
				t.Errorf("round %d, %s:\n got: %s\nwant: %s", round, tc.name, got.SQL, tc.want)
			}
		}
	}
}
