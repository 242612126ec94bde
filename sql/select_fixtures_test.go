package sql_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The tables of SQLAlchemy's test/sql/test_compiler.py, so that its cases
// port as they are written there.
var (
	selMyTable = sql.NewTable("mytable",
		sql.NewColumn("myid", types.Integer{}),
		sql.NewColumn("name", types.String{}),
		sql.NewColumn("description", types.String{}),
	)
	selOtherTable = sql.NewTable("myothertable",
		sql.NewColumn("otherid", types.Integer{}),
		sql.NewColumn("othername", types.String{}),
	)
	selThirdTable = sql.NewTable("thirdtable",
		sql.NewColumn("userid", types.Integer{}),
		sql.NewColumn("otherstuff", types.String{}),
	)
	selRemote = sql.NewTable("remotetable",
		sql.NewColumn("rem_id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("datatype_id", types.Integer{}),
		sql.NewColumn("value", types.String{Length: 20}),
		sql.Schema("remote_owner"),
	)
	// CorrelateTest's t1(a) and t2(a).
	selT1 = sql.NewTable("t1", sql.NewColumn("a", nil))
	selT2 = sql.NewTable("t2", sql.NewColumn("a", nil))
)

// selSchema is a schema with foreign keys, for joins whose condition is
// inferred.
type selSchema struct {
	md        *sql.MetaData
	users     *sql.Table // id, name
	addresses *sql.Table // id, user_id -> users.id, email
	orders    *sql.Table // id, user_id -> users.id, address_id -> addresses.id, total
	items     *sql.Table // id, order_id -> orders.id, sku
	employees *sql.Table // id, name, manager_id -> employees.id
	twice     *sql.Table // id, from_id -> users.id, to_id -> users.id
	pairs     *sql.Table // a, b: primary key (a, b)
	pairRefs  *sql.Table // id, pa, pb: (pa, pb) -> pairs (a, b)
	nofk      *sql.Table // id, label
}

func newSelSchema() *selSchema {
	md := sql.NewMetaData()
	s := &selSchema{md: md}
	s.users = md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
	)
	s.addresses = md.Table("addresses",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References("users.id")),
		sql.NewColumn("email", types.String{Length: 50}),
	)
	s.orders = md.Table("orders",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References("users.id")),
		sql.NewColumn("address_id", types.Integer{}, sql.References("addresses.id")),
		sql.NewColumn("total", types.Integer{}),
	)
	s.items = md.Table("items",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("order_id", types.Integer{}, sql.References("orders.id")),
		sql.NewColumn("sku", types.String{Length: 10}),
	)
	s.employees = md.Table("employees",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}),
		sql.NewColumn("manager_id", types.Integer{}, sql.References("employees.id")),
	)
	s.twice = md.Table("transfers",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("from_id", types.Integer{}, sql.References("users.id")),
		sql.NewColumn("to_id", types.Integer{}, sql.References("users.id")),
	)
	s.pairs = md.Table("pairs",
		sql.NewColumn("a", types.Integer{}),
		sql.NewColumn("b", types.Integer{}),
		sql.PrimaryKeyOn([]string{"a", "b"}),
	)
	s.pairRefs = md.Table("pair_refs",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("pa", types.Integer{}),
		sql.NewColumn("pb", types.Integer{}),
		sql.ForeignKeyOn([]string{"pa", "pb"}, []string{"pairs.a", "pairs.b"}),
	)
	s.nofk = md.Table("nofk",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("label", types.String{Length: 10}),
	)
	return s
}

// selCase is one compiler case: the statement, the dialect (Generic when
// nil), the exact SQL and the exact parameters as name=value (%#v).
type selCase struct {
	name   string
	stmt   sql.Element
	d      dialect.Dialect
	want   string
	params []string
}

func runSelCases(t *testing.T, cases []selCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Helper()
			checkSelSQL(t, tc.stmt, tc.d, tc.want, tc.params)
		})
	}
}

func checkSelSQL(t *testing.T, stmt sql.Element, d dialect.Dialect, want string, params []string) {
	t.Helper()
	if d == nil {
		d = dialect.Generic
	}
	got, gotParams, err := compileSel(stmt, d)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	if got != want {
		t.Errorf("SQL\n got: %s\nwant: %s", got, want)
	}
	if !slices.Equal(gotParams, params) && (len(gotParams) > 0 || len(params) > 0) {
		t.Errorf("params\n got: %q\nwant: %q", gotParams, params)
	}
}

// compileSel returns the SQL and the parameters, name=value, in order.
func compileSel(stmt sql.Element, d dialect.Dialect) (string, []string, error) {
	c, err := sql.Compile(stmt, d)
	if err != nil {
		return "", nil, err
	}
	key := sql.NewCacheKey(stmt, false)
	defer key.Release()
	var params []string
	for i, p := range c.Params {
		v, err := c.Value(i, key.Binds(), nil)
		if err != nil {
			return "", nil, err
		}
		params = append(params, fmt.Sprintf("%s=%#v", p.Name, v))
	}
	return c.SQL, params, nil
}

// selErrCase is a statement that must fail to compile with an error
// matching want (errors.Is).
type selErrCase struct {
	name string
	stmt sql.Element
	d    dialect.Dialect
	want error
}

func runSelErrCases(t *testing.T, cases []selErrCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := tc.d
			if d == nil {
				d = dialect.Generic
			}
			c, err := sql.Compile(tc.stmt, d)
			if err == nil {
				t.Fatalf("compiled to %q; want an error matching %v", c.SQL, tc.want)
			}
			if !errors.Is(err, tc.want) || !errors.Is(err, sql.ErrCompile) {
				t.Fatalf("error %v; want one matching %v and ErrCompile", err, tc.want)
			}
		})
	}
}

// selFeatures is the generic dialect with some features turned off, to
// test the rewrites and refusals a dialect's flags lead to.
type selFeatures struct {
	dialect.Dialect
	feat *dialect.Features
}

func (d selFeatures) Features() *dialect.Features { return d.feat }

// withFeatures returns Generic with its features changed by edit.
func withFeatures(edit func(f *dialect.Features)) dialect.Dialect {
	f := *dialect.Generic.Features()
	edit(&f)
	return selFeatures{Dialect: dialect.Generic, feat: &f}
}
