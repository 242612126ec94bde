package inspect_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/inspect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// account declares the table the comparison cases vary; edit changes
// one side's declaration.
type account struct {
	cols  map[string][]sql.ColumnOption
	types map[string]types.Type
	order []string
	items []sql.TableItem
	after func(t *sql.Table)
}

func baseAccount() *account {
	a := &account{cols: map[string][]sql.ColumnOption{}, types: map[string]types.Type{}}
	a.col("id", types.Integer{}, sql.PrimaryKey())
	a.col("name", types.String{Length: 30}, sql.NotNull(), sql.ServerDefault("x"))
	a.col("owner_id", types.Integer{}, sql.References("owners.id", sql.FKOptions{OnDelete: "CASCADE"}))
	a.col("code", types.String{Length: 10}, sql.Unique())
	a.col("qty", types.Integer{}, sql.Indexed())
	a.col("note", types.Text{}, sql.ColumnComment("n"))
	a.items = []sql.TableItem{sql.Check("qty > 0", sql.ConstraintOptions{Name: "ck_qty"}), sql.TableComment("accounts")}
	return a
}

func (a *account) col(name string, t types.Type, opts ...sql.ColumnOption) {
	if _, ok := a.cols[name]; !ok {
		a.order = append(a.order, name)
	}
	a.cols[name], a.types[name] = opts, t
}

func (a *account) drop(name string) {
	a.order = slices.DeleteFunc(a.order, func(n string) bool { return n == name })
}

func (a *account) metadata() *sql.MetaData {
	md := sql.NewMetaData()
	md.Table("owners", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()))
	items := []sql.TableItem{}
	for _, n := range a.order {
		items = append(items, sql.NewColumn(n, a.types[n], a.cols[n]...))
	}
	t := md.Table("accounts", append(items, a.items...)...)
	if a.after != nil {
		a.after(t)
	}
	return md
}

func kinds(diffs []inspect.Difference) string {
	var out []string
	for _, d := range diffs {
		s := string(d.Kind)
		if d.Column != "" {
			s += " " + d.Column
		} else if d.Name != "" {
			s += " " + d.Name
		}
		out = append(out, s)
	}
	return strings.Join(out, "; ")
}

// TestCompare: each case changes the table on the have side (the
// database) and names the differences Compare must find, in order.
func TestCompare(t *testing.T) {
	sq, my := sqlite.New(), mysql.NewMariaDB()
	cases := []struct {
		name string
		d    dialect.Dialect
		edit func(a *account)
		want string
	}{
		{name: "same", edit: func(*account) {}},
		{name: "column missing", edit: func(a *account) { a.drop("note") }, want: "add_column note"},
		{name: "extra column", edit: func(a *account) { a.col("extra", types.Integer{}) }, want: "remove_column extra"},
		{name: "length", edit: func(a *account) { a.col("name", types.String{Length: 40}, sql.NotNull(), sql.ServerDefault("x")) }, want: "modify_type name"},
		{name: "type rendered alike", edit: func(a *account) { a.col("note", dialect.DatabaseType{Name: "text"}) }},
		{name: "nullable", edit: func(a *account) { a.col("name", types.String{Length: 30}, sql.ServerDefault("x")) }, want: "modify_nullable name"},
		{name: "default", edit: func(a *account) { a.col("name", types.String{Length: 30}, sql.NotNull(), sql.ServerDefault("y")) }, want: "modify_default name"},
		{name: "no default", edit: func(a *account) { a.col("name", types.String{Length: 30}, sql.NotNull()) }, want: "modify_default name"},
		{name: "default with a cast", edit: func(a *account) {
			a.col("name", types.String{Length: 30}, sql.NotNull(), sql.ServerDefault(sql.LiteralColumn("('x'::character varying)")))
		}},
		{name: "quoted number default", edit: func(a *account) { a.col("qty", types.Integer{}, sql.Indexed(), sql.ServerDefault("5")) }, want: "modify_default qty"},
		{name: "foreign key action", edit: func(a *account) {
			a.col("owner_id", types.Integer{}, sql.References("owners.id", sql.FKOptions{OnDelete: "SET NULL"}))
		}, want: "modify_foreign_key"},
		{name: "foreign key missing", edit: func(a *account) { a.col("owner_id", types.Integer{}) }, want: "add_foreign_key"},
		{name: "foreign key NO ACTION", edit: func(a *account) {
			a.col("owner_id", types.Integer{}, sql.References("owners.id", sql.FKOptions{OnDelete: "CASCADE", OnUpdate: "NO ACTION"}))
		}},
		{name: "unique missing", edit: func(a *account) { a.col("code", types.String{Length: 10}) }, want: "add_unique"},
		{name: "unique as an index", edit: func(a *account) {
			a.col("code", types.String{Length: 10})
			a.after = func(t *sql.Table) { sql.NewIndex("uq_code", t.C("code")).Unique() }
		}},
		{name: "index missing", edit: func(a *account) { a.col("qty", types.Integer{}) }, want: "add_index ix_accounts_qty"},
		{name: "index changed", edit: func(a *account) {
			a.col("qty", types.Integer{})
			a.after = func(t *sql.Table) { sql.NewIndex("ix_accounts_qty", t.C("qty"), t.C("name")) }
		}, want: "modify_index ix_accounts_qty"},
		{name: "index made unique", edit: func(a *account) { a.col("qty", types.Integer{}, sql.Indexed(), sql.Unique()) }, want: "modify_index ix_accounts_qty"},
		{name: "extra index", edit: func(a *account) {
			a.after = func(t *sql.Table) { sql.NewIndex("ix_more", sql.Func("lower", t.C("name"))) }
		}, want: "remove_index ix_more"},
		{name: "check changed", edit: func(a *account) {
			a.items = []sql.TableItem{sql.Check("qty > 1", sql.ConstraintOptions{Name: "ck_qty"}), sql.TableComment("accounts")}
		}, want: "modify_check ck_qty"},
		{name: "check rewritten", edit: func(a *account) {
			a.items = []sql.TableItem{sql.Check("((`qty` > 0))", sql.ConstraintOptions{Name: "ck_qty"}), sql.TableComment("accounts")}
		}},
		{name: "check missing", edit: func(a *account) { a.items = []sql.TableItem{sql.TableComment("accounts")} }, want: "add_check ck_qty"},
		{name: "primary key", edit: func(a *account) {
			a.col("id", types.Integer{}, sql.NotNull())
			a.items = append(a.items, sql.PrimaryKeyOn([]string{"id", "name"}))
		}, want: "modify_autoincrement id; modify_primary_key"},
		{name: "autoincrement", edit: func(a *account) { a.col("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)) }, want: "modify_autoincrement id"},
		{name: "comments on SQLite", edit: func(a *account) {
			a.col("note", types.Text{})
			a.items = a.items[:1]
		}},
		{name: "comments on MariaDB", d: my, edit: func(a *account) {
			a.col("note", types.Text{})
			a.items = a.items[:1]
		}, want: "modify_comment note; modify_table_comment"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			if d == nil {
				d = sq
			}
			have := baseAccount()
			tc.edit(have)
			diffs := inspect.Compare(d, baseAccount().metadata(), have.metadata())
			if got := kinds(diffs); got != tc.want {
				t.Fatalf("differences\n got: %s\nwant: %s\n%v", got, tc.want, diffs)
			}
		})
	}
}

// TestCompareRenderedTypes: types compare as the dialect writes them.
func TestCompareRenderedTypes(t *testing.T) {
	cases := []struct {
		name       string
		d          dialect.Dialect
		want, have types.Type
		differ     bool
	}{
		{name: "UUID is CHAR(32) on SQLite", d: sqlite.New(), want: types.UUID{}, have: dialect.DatabaseType{Name: "CHAR(32)"}},
		{name: "UUID is not CHAR(32) where native", d: dialect.Generic, want: types.UUID{}, have: dialect.DatabaseType{Name: "CHAR(32)"}, differ: true},
		{name: "Boolean is BOOL on MySQL", d: mysql.New(), want: types.Boolean{}, have: dialect.DatabaseType{Name: "bool"}},
		{name: "Text is LONGTEXT on MySQL", d: mysql.New(), want: types.Text{}, have: dialect.DatabaseType{Name: "longtext"}},
		{name: "Text is not LONGTEXT on SQLite", d: sqlite.New(), want: types.Text{}, have: dialect.DatabaseType{Name: "longtext"}, differ: true},
		{name: "spacing", d: sqlite.New(), want: types.Numeric{Precision: 10, Scale: 2}, have: dialect.DatabaseType{Name: "numeric (10,2)"}},
		{name: "scale", d: sqlite.New(), want: types.Numeric{Precision: 10, Scale: 2}, have: types.Numeric{Precision: 10, Scale: 3}, differ: true},
		{name: "time zone", d: dialect.Generic, want: types.DateTime{Timezone: true}, have: types.DateTime{}, differ: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := sql.NewTable("t", sql.NewColumn("c", tc.want))
			have := sql.NewTable("t", sql.NewColumn("c", tc.have))
			diffs := inspect.CompareTables(tc.d, want, have)
			if got := kinds(diffs); (got != "") != tc.differ || tc.differ && got != "modify_type c" {
				t.Fatalf("differences: %v", diffs)
			}
		})
	}
}
