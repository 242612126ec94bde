package bench

import (
	"database/sql"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	sq "github.com/Masterminds/squirrel"
	"github.com/doug-martin/goqu/v9"
	_ "github.com/doug-martin/goqu/v9/dialect/postgres"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/athanordb/athanor/dialect/postgres"
	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The BuildSelect workload needs no database: build a SELECT with a join,
// three WHERE conditions, ORDER BY and LIMIT, and compile it to SQL text
// and arguments for PostgreSQL:
//
//	SELECT users.id, users.name, orders.total FROM users
//	JOIN orders ON users.id = orders.user_id
//	WHERE users.active = $1 AND orders.total > $2 AND orders.status = $3
//	ORDER BY orders.total DESC LIMIT $4

// User and Order are the models the ORMs build the query from.
type User struct {
	bun.BaseModel `bun:"table:users" gorm:"-"`
	ID            int64  `bun:"id,pk"`
	Name          string `bun:"name"`
	Active        bool   `bun:"active"`
}

type buildRow struct {
	ID    int64
	Name  string
	Total int
}

var (
	buildMD     = athsql.NewMetaData()
	buildUsers  = buildMD.Table("users", athsql.NewColumn("id", types.BigInteger{}, athsql.PrimaryKey()), athsql.NewColumn("name", types.String{Length: 50}), athsql.NewColumn("active", types.Boolean{}))
	buildOrders = buildMD.Table("orders", athsql.NewColumn("id", types.BigInteger{}, athsql.PrimaryKey()), athsql.NewColumn("user_id", types.BigInteger{}), athsql.NewColumn("total", types.Integer{}), athsql.NewColumn("status", types.String{Length: 20}))
	pgDialect   = postgres.New()
)

func athanorBuild(minTotal int, status string) *athsql.Select {
	u, o := buildUsers, buildOrders
	return athsql.NewSelect(u.C("id"), u.C("name"), o.C("total")).
		Join(o, u.C("id").Eq(o.C("user_id"))).
		Where(u.C("active").Eq(true), o.C("total").Gt(minTotal), o.C("status").Eq(status)).
		OrderBy(o.C("total").Desc()).
		Limit(10)
}

var sink struct {
	sql  string
	args []any
}

// noDB is a database/sql pool that is never used: Bun and GORM want one.
func noDB() *sql.DB {
	cfg, _ := pgx.ParseConfig("postgres://nobody@127.0.0.1:1/none")
	return stdlib.OpenDB(*cfg)
}

func BenchmarkBuildSelect(b *testing.B) {
	status := "paid"
	b.Run("athanor-core", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			stmt := athanorBuild(i, status)
			c, err := athsql.Compile(stmt, pgDialect)
			if err != nil {
				b.Fatal(err)
			}
			if sink.sql, sink.args, err = c.BindOwn(nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("bun", func(b *testing.B) {
		db := bun.NewDB(noDB(), pgdialect.New())
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			q := db.NewSelect().Model((*User)(nil)).
				Column("user.id", "user.name").ColumnExpr("o.total").
				Join("JOIN orders AS o ON o.user_id = user.id").
				Where("user.active = ?", true).Where("o.total > ?", i).Where("o.status = ?", status).
				OrderExpr("o.total DESC").Limit(10)
			sink.sql = q.String()
		}
	})
	b.Run("gorm", func(b *testing.B) {
		db, err := gorm.Open(gormpg.New(gormpg.Config{Conn: noDB()}), &gorm.Config{DryRun: true, Logger: logger.Discard, DisableAutomaticPing: true})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var out []buildRow
			stmt := db.Table("users").Select("users.id, users.name, orders.total").
				Joins("JOIN orders ON users.id = orders.user_id").
				Where("users.active = ?", true).Where("orders.total > ?", i).Where("orders.status = ?", status).
				Order("orders.total DESC").Limit(10).Find(&out).Statement
			sink.sql, sink.args = stmt.SQL.String(), stmt.Vars
		}
	})
	b.Run("ent", func(b *testing.B) {
		d := entsql.Dialect(dialect.Postgres)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			// The joined table needs its alias before its columns are
			// named: Join gives an unaliased table one ("t1").
			u, o := d.Table("users"), d.Table("orders").As("o")
			sink.sql, sink.args = d.Select(u.C("id"), u.C("name"), o.C("total")).From(u).
				Join(o).On(u.C("id"), o.C("user_id")).
				Where(entsql.And(entsql.EQ(u.C("active"), true), entsql.GT(o.C("total"), i), entsql.EQ(o.C("status"), status))).
				OrderBy(entsql.Desc(o.C("total"))).Limit(10).Query()
		}
	})
	b.Run("goqu", func(b *testing.B) {
		d := goqu.Dialect("postgres")
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var err error
			sink.sql, sink.args, err = d.From("users").
				Join(goqu.T("orders"), goqu.On(goqu.I("users.id").Eq(goqu.I("orders.user_id")))).
				Select("users.id", "users.name", "orders.total").
				Where(goqu.I("users.active").Eq(true), goqu.I("orders.total").Gt(i), goqu.I("orders.status").Eq(status)).
				Order(goqu.I("orders.total").Desc()).Limit(10).Prepared(true).ToSQL()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("squirrel", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var err error
			sink.sql, sink.args, err = sq.Select("users.id", "users.name", "orders.total").From("users").
				Join("orders ON users.id = orders.user_id").
				Where(sq.Eq{"users.active": true}).Where(sq.Gt{"orders.total": i}).Where(sq.Eq{"orders.status": status}).
				OrderBy("orders.total DESC").Limit(10).PlaceholderFormat(sq.Dollar).ToSql()
			if err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var sb strings.Builder
			sb.Grow(200)
			sb.WriteString("SELECT users.id, users.name, orders.total FROM users JOIN orders ON users.id = orders.user_id")
			sb.WriteString(" WHERE users.active = $1 AND orders.total > $2 AND orders.status = $3 ORDER BY orders.total DESC LIMIT $")
			sb.WriteString(strconv.Itoa(4))
			sink.sql, sink.args = sb.String(), []any{true, i, status, 10}
		}
	})
}

// BenchmarkBuildSelectCached: athanor-core builds the same statement
// each time and compiles it through a warm compiled-statement cache, as
// the engine does (the key walk is most of the cost); athanor-core-reuse
// builds it once, with named parameters, and binds new values each time.
func BenchmarkBuildSelectCached(b *testing.B) {
	b.Run("athanor-core", func(b *testing.B) {
		cache := athsql.NewCache(pgDialect, 100)
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c, k, _, err := cache.Compile(athanorBuild(i, "paid"))
			if err != nil {
				b.Fatal(err)
			}
			if sink.sql, sink.args, err = c.Bind(k.Binds(), nil); err != nil {
				b.Fatal(err)
			}
			k.Release()
		}
	})
	// The reuse path: the statement built once with named parameters,
	// its cache key computed once (KeyStatement), compiled through the
	// warm cache and bound with new values at each execution.
	b.Run("athanor-core-reuse", func(b *testing.B) {
		u, o := buildUsers, buildOrders
		stmt := athsql.NewSelect(u.C("id"), u.C("name"), o.C("total")).
			Join(o, u.C("id").Eq(o.C("user_id"))).
			Where(u.C("active").Eq(true), o.C("total").Gt(athsql.Bind("min")), o.C("status").Eq(athsql.Bind("status"))).
			OrderBy(o.C("total").Desc()).
			Limit(10)
		cache := athsql.NewCache(pgDialect, 100)
		ks := cache.KeyStatement(stmt, athsql.CompileOptions{})
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			c, _, err := cache.CompileKeyed(ks)
			if err != nil {
				b.Fatal(err)
			}
			if sink.sql, sink.args, err = c.Bind(ks.Binds(), athsql.Params{"min": i, "status": "paid"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
