package sql_test

import (
	"database/sql/driver"
	"errors"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// hookDialect is the generic dialect with rendering hooks and its own
// feature flags.
type hookDialect struct {
	dialect.Base
	hooks *sql.Hooks
}

func (d *hookDialect) SQLHooks() *sql.Hooks { return d.hooks }

func (d *hookDialect) Connector(*dialect.URL) (driver.Connector, error) {
	return nil, errors.New("a test dialect cannot connect")
}

func newHookDialect(h *sql.Hooks, edit func(f *dialect.Features)) *hookDialect {
	f := *dialect.Generic.Features()
	if edit != nil {
		edit(&f)
	}
	return &hookDialect{Base: dialect.Base{DialectName: "hooks", Params: dialect.Named, QuoteOpen: '"', QuoteClose: '"',
		Reserved: dialect.ReservedWords(dialect.StandardReserved), MaxIdentLen: 9999, FeatureFlags: f}, hooks: h}
}

func hookTables() (users, other *sql.Table) {
	users = sql.NewTable("users", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 20}))
	other = sql.NewTable("other", sql.NewColumn("uid", types.Integer{}), sql.NewColumn("n", types.String{Length: 20}))
	return users, other
}

// With ReturningBeforeValues, RETURNING is written where SQL Server's
// OUTPUT goes, the implicit key column included.
func TestReturningBeforeValues(t *testing.T) {
	d := newHookDialect(&sql.Hooks{ReturningBeforeValues: true}, func(f *dialect.Features) { f.ImplicitReturning = true })
	users, other := hookTables()
	sqltest.Run(t, []sqltest.Case{
		{Name: "INSERT VALUES", Dialect: d, Stmt: users.Insert().Values(sql.Values{"name": "a"}),
			SQL: "INSERT INTO users (name) RETURNING users.id VALUES (:name)", Params: sql.Params{"name": "a"}},
		{Name: "INSERT DEFAULT VALUES", Dialect: d, Stmt: users.Insert().Returning(users.C("name")),
			SQL: "INSERT INTO users RETURNING users.name DEFAULT VALUES"},
		{Name: "INSERT SELECT", Dialect: d, Stmt: users.Insert().FromSelect([]*sql.Column{users.C("name")}, sql.NewSelect(other.C("n"))).Returning(users.C("id")),
			SQL: "INSERT INTO users (name) RETURNING users.id SELECT other.n FROM other"},
		{Name: "UPDATE FROM", Dialect: d, Stmt: users.Update().Values(sql.Values{"name": other.C("n")}).Where(other.C("uid").Eq(users.C("id"))).Returning(users.C("id")),
			SQL: "UPDATE users SET name=other.n RETURNING users.id FROM other WHERE other.uid = users.id"},
		{Name: "DELETE USING", Dialect: d, Stmt: users.Delete().Where(other.C("uid").Eq(users.C("id"))).Returning(users.C("id")),
			SQL: "DELETE FROM users RETURNING users.id USING other WHERE other.uid = users.id"},
		{Name: "parameters in text order", Dialect: d,
			Stmt:   users.Update().Values(sql.Values{"name": "b"}).Where(users.C("id").Eq(1)).Returning(sql.Ops(users.C("name")).Concat("!").Label("x")),
			SQL:    "UPDATE users SET name=:name RETURNING users.name || :name_1 AS x WHERE users.id = :id_1",
			Params: sql.Params{"name": "b", "name_1": "!", "id_1": 1}},
	})
	// Positional parameters follow the text, not the order of compilation.
	pos := newHookDialect(&sql.Hooks{ReturningBeforeValues: true}, nil)
	pos.Params = dialect.Dollar
	sqltest.Check(t, sqltest.Case{Dialect: pos,
		Stmt:   users.Update().Values(sql.Values{"name": "b"}).Where(users.C("id").Eq(1)).Returning(sql.Ops(users.C("name")).Concat("!").Label("x")),
		SQL:    "UPDATE users SET name=$1 RETURNING users.name || $2 AS x WHERE users.id = $3",
		Params: []any{"b", "!", 1}})
}

// The Returning hook learns the statement's kind and table, and can write
// the table's columns its own way.
func TestReturningHook(t *testing.T) {
	var kinds []sql.StatementKind
	h := &sql.Hooks{Returning: func(c *sql.Compiler, kind sql.StatementKind, table *sql.Table, cols []sql.ColumnElement, names []string) {
		kinds = append(kinds, kind)
		c.WriteString(" OUT ")
		c.WithColumnWriter(table, func(c *sql.Compiler, col *sql.Column) { c.WriteString("row." + col.Name()) }, func() {
			for i, col := range cols {
				if i > 0 {
					c.WriteString(", ")
				}
				c.WriteSelectColumn(col, names[i])
			}
		})
	}}
	d := newHookDialect(h, nil)
	users, _ := hookTables()
	sqltest.Run(t, []sqltest.Case{
		{Name: "insert", Dialect: d, Stmt: users.Insert().Values(sql.Values{"id": 1}).Returning(users.C("id"), sql.Func("lower", users.C("name"))),
			SQL: "INSERT INTO users (id) VALUES (:id) OUT row.id, lower(row.name) AS lower_1", Params: sql.Params{"id": 1}},
		{Name: "delete", Dialect: d, Stmt: users.Delete().Returning(users.C("name")), SQL: "DELETE FROM users OUT row.name"},
	})
	if len(kinds) != 2 || kinds[0] != sql.KindInsert || kinds[1] != sql.KindDelete {
		t.Fatalf("the hook saw kinds %v", kinds)
	}
	// Outside the hook the table's columns are written as usual.
	sqltest.Check(t, sqltest.Case{Dialect: d, Stmt: sql.NewSelect(users.C("id")), SQL: "SELECT users.id FROM users"})
}

// returningStmt is a dialect statement with RETURNING (Compiler.WriteReturning).
type returningStmt struct {
	t    *sql.Table
	cols []sql.ColumnElement
}

func (s returningStmt) StatementKind() sql.StatementKind { return sql.KindUpdate }
func (s returningStmt) WriteSQL(c *sql.Compiler) {
	c.WriteString("TOUCH ")
	c.Write(s.t)
	c.WriteReturning(sql.KindUpdate, s.t, s.cols)
}
func (s returningStmt) WriteCacheKey(k *sql.CacheKey) { k.Custom("returningStmt") }

func TestWriteReturning(t *testing.T) {
	users, _ := hookTables()
	stmt := returningStmt{users, []sql.ColumnElement{users.C("id")}}
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	if c.SQL != "TOUCH users RETURNING users.id" || !c.Returns || len(c.Columns) != 1 || c.Columns[0].Name != "id" {
		t.Fatalf("SQL %q, Returns %v, Columns %v", c.SQL, c.Returns, c.Columns)
	}
	noReturning := newHookDialect(nil, func(f *dialect.Features) { f.UpdateReturning = false })
	if _, err := sql.Compile(stmt, noReturning); !errors.Is(err, sql.ErrNotSupported) {
		t.Fatalf("without UPDATE RETURNING: %v", err)
	}
}

func TestRowLimitHook(t *testing.T) {
	var seen []sql.RowLimit
	d := newHookDialect(&sql.Hooks{
		RowLimit: func(c *sql.Compiler, rl sql.RowLimit) bool {
			seen = append(seen, rl)
			if rl.Compound {
				return false // the standard form
			}
			c.WriteString(" ROWS ")
			c.WriteLimitValue(rl.Limit)
			return true
		},
	}, nil)
	users, _ := hookTables()
	id := users.C("id")
	sel := sql.NewSelect(id).OrderBy(id).Limit(5)
	sqltest.Run(t, []sqltest.Case{
		{Name: "select", Dialect: d, Stmt: sel, SQL: "SELECT users.id FROM users ORDER BY users.id ROWS 5"},
		{Name: "compound falls back", Dialect: d, Stmt: sql.NewSelect(id).Union(sql.NewSelect(id)).Limit(2).Offset(1),
			SQL: "SELECT users.id FROM users UNION SELECT users.id FROM users LIMIT :param_1 OFFSET :param_2", Params: sql.Params{"param_1": int64(2), "param_2": int64(1)}},
		{Name: "no limit, no call", Dialect: d, Stmt: sql.NewSelect(id), SQL: "SELECT users.id FROM users"},
	})
	if len(seen) != 2 || !seen[0].Ordered || seen[0].Compound || !seen[1].Compound || seen[1].Ordered || seen[1].Offset == nil {
		t.Fatalf("the hook saw %+v", seen)
	}
	rl := sql.NewSelect(id).FetchFirst(3, true, false).RowLimit()
	if rl.Fetch == nil || !rl.FetchWithTies || rl.FetchPercent || rl.Limit != nil || rl.Ordered || rl.IsZero() {
		t.Fatalf("Select.RowLimit = %+v", rl)
	}
	if !sql.NewSelect(id).RowLimit().IsZero() {
		t.Fatal("a SELECT without limits has a RowLimit")
	}
}

func TestNoSubqueryOrderBy(t *testing.T) {
	d := newHookDialect(&sql.Hooks{NoSubqueryOrderBy: true}, nil)
	users, _ := hookTables()
	id := users.C("id")
	sqltest.Run(t, []sqltest.Case{
		{Name: "top level keeps it", Dialect: d, Stmt: sql.NewSelect(id).OrderBy(id), SQL: "SELECT users.id FROM users ORDER BY users.id"},
		{Name: "subquery drops it, and its parameters", Dialect: d,
			Stmt: sql.NewSelect(sql.NewSelect(id).OrderBy(sql.Ops(id).Add(1)).Subquery("s")),
			SQL:  "SELECT s.id FROM (SELECT users.id AS id FROM users) AS s"},
		{Name: "subquery with LIMIT keeps it", Dialect: d, Stmt: sql.NewSelect(sql.NewSelect(id).OrderBy(id).Limit(1).Subquery("s")),
			SQL: "SELECT s.id FROM (SELECT users.id AS id FROM users ORDER BY users.id LIMIT :param_1) AS s", Params: sql.Params{"param_1": int64(1)}},
		{Name: "nested compound drops it", Dialect: d, Stmt: sql.NewSelect(sql.NewSelect(id).Union(sql.NewSelect(id)).OrderBy(id).Subquery("u")),
			SQL: "SELECT u.id FROM (SELECT users.id AS id FROM users UNION SELECT users.id AS id FROM users) AS u"},
	})
}

func TestSchemaNameHook(t *testing.T) {
	d := newHookDialect(&sql.Hooks{SchemaName: func(c *sql.Compiler, schema string) { c.WriteString("<" + schema + ">") }}, nil)
	t1 := sql.NewTable("t", sql.NewColumn("x", types.Integer{}), sql.Schema("a.b"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "select", Dialect: d, Stmt: sql.NewSelect(t1), SQL: "SELECT <a.b>.t.x FROM <a.b>.t"},
		{Name: "create", Dialect: d, Stmt: sql.NewCreateTable(t1), SQL: "CREATE TABLE <a.b>.t (x INTEGER)"},
	})
}

func TestColumnDDLHook(t *testing.T) {
	d := newHookDialect(&sql.Hooks{ColumnDDL: func(c *sql.Compiler, col *sql.Column) bool {
		if col.Name() != "x" {
			return false
		}
		c.WriteString("x SPECIAL")
		return true
	}}, nil)
	t1 := sql.NewTable("t", sql.NewColumn("x", types.Integer{}), sql.NewColumn("y", types.Integer{}, sql.NotNull()))
	sqltest.Check(t, sqltest.Case{Dialect: d, Stmt: sql.NewCreateTable(t1), SQL: "CREATE TABLE t (x SPECIAL, y INTEGER NOT NULL)"})
}

func TestDropIndexOnTable(t *testing.T) {
	d := newHookDialect(&sql.Hooks{DropIndexOnTable: true}, nil)
	t1 := sql.NewTable("t", sql.NewColumn("x", types.Integer{}), sql.Schema("s"))
	sqltest.Run(t, []sqltest.Case{
		{Name: "on table", Dialect: d, Stmt: sql.NewDropIndex(sql.NewIndex("ix", t1.C("x"))), SQL: "DROP INDEX ix ON s.t"},
		{Name: "if exists", Dialect: d, Stmt: &sql.DropIndex{Index: sql.NewIndex("ix", t1.C("x")), IfExists: true}, SQL: "DROP INDEX IF EXISTS ix ON s.t"},
		{Name: "no table", Dialect: d, Stmt: sql.NewDropIndex(sql.NewIndex("ix")), Err: sql.ErrArgument},
	})
}

func TestUpdateFromAndDeleteUsingHooks(t *testing.T) {
	withTarget := func(c *sql.Compiler, target *sql.Table, froms []sql.FromClause) {
		c.WriteString(" FROM ")
		c.Write(target)
		for _, f := range froms {
			c.WriteString(", ")
			c.Write(f)
		}
	}
	d := newHookDialect(&sql.Hooks{UpdateFrom: withTarget, DeleteUsing: withTarget}, nil)
	users, other := hookTables()
	sqltest.Run(t, []sqltest.Case{
		{Name: "update", Dialect: d, Stmt: users.Update().Values(sql.Values{"name": other.C("n")}).Where(other.C("uid").Eq(users.C("id"))),
			SQL: "UPDATE users SET name=other.n FROM users, other WHERE other.uid = users.id"},
		{Name: "delete", Dialect: d, Stmt: users.Delete().Where(other.C("uid").Eq(users.C("id"))),
			SQL: "DELETE FROM users FROM users, other WHERE other.uid = users.id"},
	})
}

// Without Features.BooleanExpressions, a condition in the select list is
// a value through CASE; elsewhere it stays a condition.
func TestConditionsAsValues(t *testing.T) {
	d := newHookDialect(nil, func(f *dialect.Features) { f.BooleanExpressions = false })
	users, _ := hookTables()
	id := users.C("id")
	sqltest.Run(t, []sqltest.Case{
		{Name: "comparison", Dialect: d, Stmt: sql.NewSelect(id.Eq(1)),
			SQL: "SELECT CASE WHEN users.id = :id_1 THEN 1 ELSE 0 END AS anon_1 FROM users", Params: sql.Params{"id_1": 1}},
		{Name: "or, labeled", Dialect: d, Stmt: sql.NewSelect(sql.Or(id.Eq(1), id.IsNull()).Label("c")),
			SQL: "SELECT CASE WHEN users.id = :id_1 OR users.id IS NULL THEN 1 ELSE 0 END AS c FROM users", Params: sql.Params{"id_1": 1}},
		{Name: "not", Dialect: d, Stmt: sql.NewSelect(sql.NewLabel("c", sql.Not(sql.And(id.Gt(1), id.Lt(5))))),
			SQL: "SELECT CASE WHEN NOT (users.id > :id_1 AND users.id < :id_2) THEN 1 ELSE 0 END AS c FROM users", Params: sql.Params{"id_1": 1, "id_2": 5}},
		{Name: "values stay", Dialect: d, Stmt: sql.NewSelect(id, sql.Ops(id).Add(1).Label("n"), sql.NewLabel("t", sql.True())),
			SQL: "SELECT users.id, users.id + :id_1 AS n, true AS t FROM users", Params: sql.Params{"id_1": 1}},
		{Name: "WHERE stays", Dialect: d, Stmt: sql.NewSelect(id).Where(id.Eq(1)), SQL: "SELECT users.id FROM users WHERE users.id = :id_1", Params: sql.Params{"id_1": 1}},
		{Name: "RETURNING", Dialect: d, Stmt: users.Delete().Returning(id.Gt(1).Label("big")),
			SQL: "DELETE FROM users RETURNING CASE WHEN users.id > :id_1 THEN 1 ELSE 0 END AS big", Params: sql.Params{"id_1": 1}},
	})
	// The generic dialect takes conditions as values.
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewSelect(id.Eq(1)), SQL: "SELECT users.id = :id_1 AS anon_1 FROM users", Params: sql.Params{"id_1": 1}})
}

func TestSequenceDefaultsHook(t *testing.T) {
	d := newHookDialect(&sql.Hooks{SequenceDefaults: func(o sql.SequenceOptions) sql.SequenceOptions {
		if o.Start == nil {
			o.Start = sql.Int64(1)
		}
		return o
	}}, nil)
	sqltest.Run(t, []sqltest.Case{
		{Name: "unset", Dialect: d, Stmt: sql.NewCreateSequence(sql.NewSequence("s")), SQL: "CREATE SEQUENCE s START WITH 1"},
		{Name: "set", Dialect: d, Stmt: sql.NewCreateSequence(sql.NewSequence("s", sql.SequenceOptions{Start: sql.Int64(7)})), SQL: "CREATE SEQUENCE s START WITH 7"},
		{Name: "generic", Stmt: sql.NewCreateSequence(sql.NewSequence("s")), SQL: "CREATE SEQUENCE s"},
	})
}
