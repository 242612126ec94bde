package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// An index without columns makes a valid table; creating it fails on a
// dialect without Hooks.IndexWithoutColumns.
func TestIndexWithoutColumns(t *testing.T) {
	ix := sql.IndexOn("foo")
	tb := sql.NewTable("test", sql.NewColumn("id", types.Integer{}), ix)
	if err := tb.Err(); err != nil {
		t.Fatal(err)
	}
	sqltest.Check(t, sqltest.Case{Stmt: sql.NewCreateIndex(ix), Err: sql.ErrArgument})
	d := newHookDialect(&sql.Hooks{IndexWithoutColumns: true}, nil)
	sqltest.Check(t, sqltest.Case{Dialect: d, Stmt: sql.NewCreateIndex(ix), SQL: "CREATE INDEX foo ON test"})
}

// Dialect options of indexes and constraints reach the dialect's hooks.
func TestIndexAndConstraintHooks(t *testing.T) {
	d := newHookDialect(&sql.Hooks{
		IndexPrefix: func(c *sql.Compiler, ix *sql.Index) {
			if v, ok := ix.DialectOption("x_kind"); ok {
				c.WriteString(v.(string) + " ")
			}
		},
		IndexSuffix: func(c *sql.Compiler, ix *sql.Index) {
			if _, ok := ix.DialectOption("x_suffix"); ok {
				c.WriteString(" SUFFIX")
			}
		},
		ConstraintKeywords: func(c *sql.Compiler, con sql.Constraint) {
			if pk, ok := con.(*sql.PrimaryKeyConstraint); ok {
				if _, ok := pk.DialectOption("x_pk"); ok {
					c.WriteString(" PK")
				}
			}
			if u, ok := con.(*sql.UniqueConstraint); ok {
				if _, ok := u.DialectOption("x_uq"); ok {
					c.WriteString(" UQ")
				}
			}
		},
	}, nil)
	opts := map[string]any{"x_pk": true, "x_uq": true}
	tb := sql.NewTable("t", sql.NewColumn("a", types.Integer{}), sql.NewColumn("b", types.Integer{}),
		sql.PrimaryKeyOn([]string{"a"}, sql.ConstraintOptions{Dialect: opts}),
		sql.UniqueOn([]string{"b"}, sql.ConstraintOptions{Name: "uq_b", Dialect: opts}))
	opts["x_pk"] = "changed later" // the constraint keeps its own copy
	sqltest.Run(t, []sqltest.Case{
		{Name: "table", Dialect: d, Stmt: sql.NewCreateTable(tb),
			SQL: "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER, PRIMARY KEY PK (a), CONSTRAINT uq_b UNIQUE UQ (b))"},
		{Name: "index", Dialect: d, Stmt: sql.NewCreateIndex(sql.NewIndex("ix", tb.C("b")).Unique().Option("x_kind", "BITMAP").Option("x_suffix", 1).Where(tb.C("b").Gt(1))),
			SQL: "CREATE UNIQUE BITMAP INDEX ix ON t (b) SUFFIX WHERE b > 1"},
		{Name: "generic ignores the options", Stmt: sql.NewCreateTable(tb),
			SQL: "CREATE TABLE t (a INTEGER NOT NULL, b INTEGER, PRIMARY KEY (a), CONSTRAINT uq_b UNIQUE (b))"},
	})
	if v, _ := tb.PrimaryKeyConstraint().DialectOption("x_pk"); v != true {
		t.Errorf("DialectOption = %v", v)
	}
}
