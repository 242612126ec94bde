package sql_test

import (
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

func TestSelectJoins(t *testing.T) {
	s := newSelSchema()
	u, a, o, it := s.users, s.addresses, s.orders, s.items
	ua := u.Alias("u2")
	sq := sql.NewSelect(a.C("user_id"), sql.Func("count").Label("n")).GroupBy(a.C("user_id")).Subquery("counts")
	runSelCases(t, []selCase{
		{
			name: "inferred from the one foreign key",
			stmt: sql.NewSelect(u.C("name"), a.C("email")).SelectFrom(u.Join(a)),
			want: "SELECT users.name, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name: "inferred either way round",
			stmt: sql.NewSelect(u.C("name"), a.C("email")).SelectFrom(a.Join(u)),
			want: "SELECT users.name, addresses.email FROM addresses JOIN users ON users.id = addresses.user_id",
		},
		{
			name:   "explicit ON, several conditions ANDed",
			stmt:   sql.NewSelect(u.C("name")).SelectFrom(u.Join(a, u.C("id").Eq(a.C("user_id")), a.C("email").Like("%@x"))),
			want:   "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id AND addresses.email LIKE :email_1",
			params: []string{`email_1="%@x"`},
		},
		{
			name: "outer and full outer joins",
			stmt: sql.NewSelect(u.C("name")).SelectFrom(u.OuterJoin(a).FullOuterJoin(o)),
			want: "SELECT users.name FROM users LEFT OUTER JOIN addresses ON users.id = addresses.user_id FULL OUTER JOIN orders ON addresses.id = orders.address_id",
		},
		{
			name: "a join of a join prefers its right side",
			stmt: sql.NewSelect(it.C("sku")).SelectFrom(u.Join(o).Join(it)),
			want: "SELECT items.sku FROM users JOIN orders ON users.id = orders.user_id JOIN items ON orders.id = items.order_id",
		},
		{
			name: "a join of a join falls back to its left side",
			stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(it, u.C("id").Eq(it.C("id"))).Join(a)),
			want: "SELECT users.id FROM users JOIN items ON users.id = items.id JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name: "a join to a join is parenthesized",
			stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(o.Join(it))),
			want: "SELECT users.id FROM users JOIN (orders JOIN items ON orders.id = items.order_id) ON users.id = orders.user_id",
		},
		{
			name: "a composite foreign key gives one ANDed condition",
			stmt: sql.NewSelect(s.pairRefs.C("id")).SelectFrom(s.pairs.Join(s.pairRefs)),
			want: "SELECT pair_refs.id FROM pairs JOIN pair_refs ON pairs.a = pair_refs.pa AND pairs.b = pair_refs.pb",
		},
		{
			name: "a join to an alias",
			stmt: sql.NewSelect(a.C("email"), ua.C("name")).SelectFrom(a.Join(ua)),
			want: "SELECT addresses.email, u2.name FROM addresses JOIN users AS u2 ON u2.id = addresses.user_id",
		},
		{
			name: "a self-join through an alias",
			stmt: sql.NewSelect(s.employees.C("name"), s.employees.Alias("boss").C("name")).
				SelectFrom(s.employees.Join(s.employees.Alias("m"), s.employees.C("manager_id").Eq(s.employees.Alias("m").C("id")))),
			want: "SELECT employees.name, boss.name AS name_1 FROM employees JOIN employees AS m ON employees.manager_id = m.id, employees AS boss",
		},
		{
			name: "a join to a subquery infers through its columns",
			stmt: sql.NewSelect(u.C("name"), sq.C("n")).SelectFrom(u.Join(sq)),
			want: "SELECT users.name, counts.n FROM users JOIN (SELECT addresses.user_id AS user_id, count(*) AS n FROM addresses GROUP BY addresses.user_id) AS counts ON users.id = counts.user_id",
		},
		{
			name: "a join as a select item is selected from",
			stmt: sql.NewSelect(u.Join(a)),
			want: "SELECT users.id, users.name, addresses.id AS id_1, addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name: "Join.C finds a key of one side, and table_key for a key of both",
			stmt: sql.NewSelect(u.Join(a).C("email"), u.Join(a).C("addresses_id")).SelectFrom(u.Join(a)),
			want: "SELECT addresses.email, addresses.id FROM users JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name: "an alias of a join is a subquery",
			stmt: sql.NewSelect(u.Join(a).Alias("ua")),
			want: "SELECT ua.id, ua.name, ua.id_1, ua.user_id, ua.email FROM (SELECT users.id AS id, users.name AS name, addresses.id AS id_1, addresses.user_id AS user_id, addresses.email AS email FROM users JOIN addresses ON users.id = addresses.user_id) AS ua",
		},
	})
}

func TestSelectJoinMethod(t *testing.T) {
	s := newSelSchema()
	u, a, o, it := s.users, s.addresses, s.orders, s.items
	runSelCases(t, []selCase{
		{
			name: "joins the FROM item of the select list",
			stmt: sql.NewSelect(u.C("name")).Join(a),
			want: "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name: "chained joins extend the join",
			stmt: sql.NewSelect(u.C("name")).Join(a).OuterJoin(o).Join(it),
			want: "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id LEFT OUTER JOIN orders ON addresses.id = orders.address_id JOIN items ON orders.id = items.order_id",
		},
		{
			// The join becomes an explicit FROM item, listed first.
			name: "the item a foreign key links is chosen",
			stmt: sql.NewSelect(s.nofk.C("label"), u.C("name")).Join(a),
			want: "SELECT nofk.label, users.name FROM users JOIN addresses ON users.id = addresses.user_id, nofk",
		},
		{
			name: "with ON and several items, the one whose columns ON uses",
			stmt: sql.NewSelect(s.nofk.C("label"), u.C("name")).Join(a, a.C("id").Eq(s.nofk.C("id"))),
			want: "SELECT nofk.label, users.name FROM nofk JOIN addresses ON addresses.id = nofk.id, users",
		},
		{
			name: "explicit FROM items are joined in place",
			stmt: sql.NewSelect(u.C("name")).SelectFrom(s.nofk, u).Join(a).FullOuterJoin(s.items, s.items.C("id").Eq(s.nofk.C("id"))),
			want: "SELECT users.name FROM nofk FULL OUTER JOIN items ON items.id = nofk.id, users JOIN addresses ON users.id = addresses.user_id",
		},
		{
			name:   "join from a where clause's table",
			stmt:   sql.NewSelect(sql.Func("count")).Where(u.C("name").Eq("x")).Join(a),
			want:   "SELECT count(*) AS count_1 FROM users JOIN addresses ON users.id = addresses.user_id WHERE users.name = :name_1",
			params: []string{`name_1="x"`},
		},
		{
			name: "join from the select list's join",
			stmt: sql.NewSelect(u.Join(a)).Join(o, o.C("address_id").Eq(a.C("id"))),
			want: "SELECT users.id, users.name, addresses.id AS id_1, addresses.user_id, addresses.email FROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON orders.address_id = addresses.id",
		},
		{
			name: "JoinFrom extends the item holding left",
			stmt: sql.NewSelect(u.C("name")).Join(a).JoinFrom(u, o),
			want: "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON users.id = orders.user_id",
		},
		{
			name: "JoinFrom adds a FROM item",
			stmt: sql.NewSelect(u.C("name"), it.C("sku")).SelectFrom(u).OuterJoinFrom(o, it),
			want: "SELECT users.name, items.sku FROM users, orders LEFT OUTER JOIN items ON orders.id = items.order_id",
		},
		{
			name: "FullOuterJoinFrom with ON",
			stmt: sql.NewSelect(u.C("name")).SelectFrom(u).FullOuterJoinFrom(u, a, a.C("user_id").Eq(u.C("id"))),
			want: "SELECT users.name FROM users FULL OUTER JOIN addresses ON addresses.user_id = users.id",
		},
		{
			name: "a self-join: two aliases of one table",
			stmt: func() sql.Element {
				e, m := s.employees.Alias(""), s.employees.Alias("")
				return sql.NewSelect(e.C("name"), m.C("name")).Join(m, e.C("manager_id").Eq(m.C("id")))
			}(),
			want: "SELECT anon_1.name, anon_2.name AS name_1 FROM employees AS anon_1 JOIN employees AS anon_2 ON anon_1.manager_id = anon_2.id",
		},
		{
			name: "the same alias twice is one FROM item",
			stmt: func() sql.Element {
				m := s.employees.Alias("m")
				return sql.NewSelect(m.C("name"), m.C("id")).Where(m.C("id").Gt(1))
			}(),
			want:   "SELECT m.name, m.id FROM employees AS m WHERE m.id > :id_1",
			params: []string{"id_1=1"},
		},
		{
			name: "two join objects are two FROM items, as in SQLAlchemy",
			stmt: sql.NewSelect(u.C("name"), a.C("email"), o.C("total")).SelectFrom(u.Join(a), u.Join(a).Join(o)),
			want: "SELECT users.name, addresses.email, orders.total FROM users JOIN addresses ON users.id = addresses.user_id, users JOIN addresses ON users.id = addresses.user_id JOIN orders ON addresses.id = orders.address_id",
		},
		{
			name: "a join inside a listed join is hidden",
			stmt: func() sql.Element {
				j := u.Join(a)
				return sql.NewSelect(u.C("name")).SelectFrom(j, j.Join(o))
			}(),
			want: "SELECT users.name FROM users JOIN addresses ON users.id = addresses.user_id JOIN orders ON addresses.id = orders.address_id",
		},
	})
	runSelErrCases(t, []selErrCase{
		{name: "no foreign key", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(s.nofk)), want: sql.ErrNoForeignKeys},
		{name: "two foreign keys", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(s.twice)), want: sql.ErrAmbiguousJoin},
		{name: "Select.Join without a linked item", stmt: sql.NewSelect(s.nofk.C("id")).Join(a), want: sql.ErrNoForeignKeys},
		{name: "Select.Join with several linked items", stmt: sql.NewSelect(a.C("id"), s.twice.C("id")).Join(u), want: sql.ErrAmbiguousJoin},
		{name: "Select.Join with nothing to join", stmt: sql.NewSelect(sql.Literal(1)).Join(u), want: sql.ErrArgument},
		{name: "JoinFrom with left in two items", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(a), u.Join(o)).JoinFrom(u, it, it.C("id").Eq(u.C("id"))), want: sql.ErrAmbiguousJoin},
		{name: "ambiguous Join.C", stmt: sql.NewSelect(u.Join(a).C("id")), want: sql.ErrAmbiguousColumn},
		{name: "unknown Join.C", stmt: sql.NewSelect(u.Join(a).C("nope")), want: sql.ErrNoSuchColumn},
		{name: "full outer join unsupported", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.FullOuterJoin(a)), d: withFeatures(func(f *dialect.Features) { f.FullOuterJoin = false }), want: sql.ErrNotSupported},
		{name: "nil join side", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join(nil)), want: sql.ErrArgument},
		{name: "nil typed join side", stmt: sql.NewSelect(u.C("id")).SelectFrom(u.Join((*sql.Table)(nil))), want: sql.ErrArgument},
		{name: "nil Select.Join", stmt: sql.NewSelect(u.C("id")).Join(nil), want: sql.ErrArgument},
		{name: "nil JoinFrom", stmt: sql.NewSelect(u.C("id")).JoinFrom(nil, a), want: sql.ErrArgument},
		{name: "nil SelectFrom", stmt: sql.NewSelect(u.C("id")).SelectFrom(nil), want: sql.ErrArgument},
		{name: "nil alias", stmt: sql.NewSelect(sql.NewSelect(u.C("id")).Subquery("x").Alias("y")).SelectFrom(sql.FromOps{}.Alias("z")), want: sql.ErrArgument},
	})
}

func TestSelectJoinErrorMessages(t *testing.T) {
	s := newSelSchema()
	for _, tc := range []struct {
		stmt sql.Element
		want string
	}{
		{sql.NewSelect(s.users.C("id")).SelectFrom(s.users.Alias("").Join(s.nofk)), "no foreign key to join on between an anonymous alias of table users and table nofk"},
		{sql.NewSelect(s.users.C("id")).SelectFrom(s.users.Join(sql.NewSelect(s.nofk.C("id")).CTE(""))), "between table users and an anonymous CTE"},
		{sql.NewSelect(s.users.C("id")).SelectFrom(s.users.Join(s.orders).Join(s.nofk)), "between the join of table users and table orders and table nofk"},
		{sql.NewSelect(s.users.C("id")).SelectFrom(s.users.Join(s.twice)), "table users and table transfers are linked by 2 foreign keys"},
	} {
		_, err := sql.Compile(tc.stmt, dialect.Generic)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v; want it to say %q", err, tc.want)
		}
	}
}

func TestSelectTypedViews(t *testing.T) {
	s := newSelSchema()
	u, a := s.users, s.addresses
	uid, aUser := sql.As[int64](u.C("id")), sql.As[int64](a.C("user_id"))
	runSelCases(t, []selCase{
		{
			name: "typed columns in Select.Join's ON pick the left side",
			stmt: sql.NewSelect(s.nofk.C("id"), uid).Join(a, sql.ExprAs[bool](aUser.EqExpr(uid))),
			want: "SELECT nofk.id, users.id AS id_1 FROM users JOIN addresses ON addresses.user_id = users.id, nofk",
		},
		{
			name:   "typed columns in FromOps.Join's ON",
			stmt:   sql.NewSelect(uid).SelectFrom(u.Join(a, sql.ExprAs[bool](uid.EqExpr(aUser)), aUser.Gt(0))),
			want:   "SELECT users.id FROM users JOIN addresses ON users.id = addresses.user_id AND addresses.user_id > :user_id_1",
			params: []string{"user_id_1=0"},
		},
		{
			name: "a typed column orders a compound by name",
			stmt: sql.Union(sql.NewSelect(uid), sql.NewSelect(aUser)).OrderBy(uid),
			want: "SELECT users.id FROM users UNION SELECT addresses.user_id FROM addresses ORDER BY id",
		},
	})
}

func TestSelectJoinOnIsUntyped(t *testing.T) {
	s := newSelSchema()
	cond := sql.ExprAs[bool](sql.As[int64](s.users.C("id")).EqExpr(sql.As[int64](s.addresses.C("user_id"))))
	for _, j := range []*sql.Join{s.users.Join(s.addresses, cond), s.users.OuterJoin(s.addresses, cond, cond)} {
		switch on := j.OnClause().(type) {
		case *sql.BinaryExpression, *sql.BooleanList:
		default:
			t.Errorf("ON is a %T, want the untyped expression", on)
		}
	}
}
