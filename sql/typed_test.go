package sql_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// typedEmail is a string type of a program's own.
type typedEmail string

// typedUsers is the fixture of the typed-column tests: a table declared
// with typed columns, next to an untyped one (orders).
type typedUsers struct {
	table    *sql.Table
	id       sql.NumCol[int64]
	name     sql.StrCol
	nickname sql.Col[*string]
	email    sql.Col[typedEmail]
	score    sql.NumCol[int32]
	balance  sql.NumCol[types.Decimal]
	created  sql.Col[time.Time]
	active   sql.Col[bool]
	orders   *sql.Table
}

func newTypedUsers() *typedUsers {
	f := &typedUsers{
		id:       sql.NumberColumn[int64]("id", types.Integer{}, sql.PrimaryKey()),
		name:     sql.StringColumn("name", types.String{Length: 30}, sql.NotNull()),
		nickname: sql.TypedColumn[*string]("nickname", types.String{Length: 30}),
		email:    sql.TypedColumn[typedEmail]("email", nil),
		score:    sql.NumberColumn[int32]("score", nil),
		balance:  sql.NumberColumn[types.Decimal]("balance", types.Numeric{Precision: 10, Scale: 2}),
		created:  sql.TypedColumn[time.Time]("created", nil),
		active:   sql.TypedColumn[bool]("active", nil),
	}
	md := sql.NewMetaData()
	f.table = md.Table("users", f.id, f.name, f.nickname, f.email, f.score, f.balance, f.created, f.active)
	f.orders = md.Table("orders",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References(f.id)),
		sql.NewColumn("amount", types.Numeric{Precision: 10, Scale: 2}),
	)
	return f
}

// typedCompile compiles e with the generic dialect and returns its SQL and
// its parameters by name.
func typedCompile(t *testing.T, e sql.Element) (string, sql.Params) {
	t.Helper()
	c, err := sql.Compile(e, dialect.Generic)
	if err != nil {
		t.Fatalf("compile: %v", err)
	}
	k := sql.NewCacheKey(e, false)
	defer k.Release()
	text, args, err := c.Bind(k.Binds(), nil)
	if err != nil {
		t.Fatalf("bind: %v", err)
	}
	params := sql.Params{}
	for i, p := range c.Params {
		params[p.Name] = args[i]
	}
	return text, params
}

// typedCase is a statement built with typed columns, with the exact SQL
// and parameters it must compile to.
type typedCase struct {
	name   string
	stmt   sql.Element
	sql    string
	params sql.Params
}

// sameCase is a statement built with typed columns, and the same
// statement written with untyped columns: they must compile alike and
// have the same cache key. It tests typed columns in constructs whose
// rendering is not the typed layer's to decide (subqueries, windows, DML,
// DDL).
type sameCase struct {
	name           string
	typed, untyped sql.Element
}

func runSameCases(t *testing.T, cases []sameCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, gotParams := typedCompile(t, tc.typed)
			want, wantParams := typedCompile(t, tc.untyped)
			if got != want {
				t.Errorf("SQL\n  typed: %s\nuntyped: %s", got, want)
			}
			if !reflect.DeepEqual(gotParams, wantParams) {
				t.Errorf("params\n  typed: %#v\nuntyped: %#v", gotParams, wantParams)
			}
			k1, k2 := sql.NewCacheKey(tc.typed, false), sql.NewCacheKey(tc.untyped, false)
			defer k1.Release()
			defer k2.Release()
			if string(k1.Bytes()) != string(k2.Bytes()) {
				t.Error("the typed and untyped statements have different cache keys")
			}
		})
	}
}

func runTypedCases(t *testing.T, cases []typedCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, params := typedCompile(t, tc.stmt)
			if got != tc.sql {
				t.Errorf("SQL\n got: %s\nwant: %s", got, tc.sql)
			}
			want := tc.params
			if want == nil {
				want = sql.Params{}
			}
			if !reflect.DeepEqual(params, want) {
				t.Errorf("params\n got: %#v\nwant: %#v", params, want)
			}
		})
	}
}

func TestTypedComparisons(t *testing.T) {
	f := newTypedUsers()
	sel := sql.NewSelect(f.id)
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	nick := "bob"
	var noNick *string
	runTypedCases(t, []typedCase{
		{"eq", sel.Where(f.id.Eq(5)), "SELECT users.id FROM users WHERE users.id = :id_1", sql.Params{"id_1": int64(5)}},
		{"ne", sel.Where(f.name.Ne("x")), "SELECT users.id FROM users WHERE users.name != :name_1", sql.Params{"name_1": "x"}},
		{"lt le gt ge", sel.Where(f.score.Lt(1), f.score.Le(2), f.score.Gt(3), f.score.Ge(4)),
			"SELECT users.id FROM users WHERE users.score < :score_1 AND users.score <= :score_2 AND users.score > :score_3 AND users.score >= :score_4",
			sql.Params{"score_1": int64(1), "score_2": int64(2), "score_3": int64(3), "score_4": int64(4)}},
		{"time", sel.Where(f.created.Ge(when)), "SELECT users.id FROM users WHERE users.created >= :created_1", sql.Params{"created_1": when}},
		{"decimal", sel.Where(f.balance.Gt(types.MustDecimal("9.50"))), "SELECT users.id FROM users WHERE users.balance > :balance_1", sql.Params{"balance_1": "9.50"}},
		{"own string type", sel.Where(f.email.Eq("a@example.com")), "SELECT users.id FROM users WHERE users.email = :email_1", sql.Params{"email_1": "a@example.com"}},
		{"pointer value", sel.Where(f.nickname.Eq(&nick)), "SELECT users.id FROM users WHERE users.nickname = :nickname_1", sql.Params{"nickname_1": "bob"}},
		{"nil pointer is NULL", sel.Where(f.nickname.Eq(noNick)), "SELECT users.id FROM users WHERE users.nickname IS NULL", nil},
		{"nil pointer ne", sel.Where(f.nickname.Ne(nil)), "SELECT users.id FROM users WHERE users.nickname IS NOT NULL", nil},
		{"is null", sel.Where(f.score.IsNull(), f.name.IsNotNull()), "SELECT users.id FROM users WHERE users.score IS NULL AND users.name IS NOT NULL", nil},
		{"distinct from", sel.Where(f.score.IsDistinctFrom(3), f.score.IsNotDistinctFrom(4)),
			"SELECT users.id FROM users WHERE users.score IS DISTINCT FROM :score_1 AND users.score IS NOT DISTINCT FROM :score_2",
			sql.Params{"score_1": int64(3), "score_2": int64(4)}},
		{"bool column as condition", sel.Where(f.active), "SELECT users.id FROM users WHERE users.active", nil},
		{"not bool column", sel.Where(sql.Not(f.active)), "SELECT users.id FROM users WHERE NOT users.active", nil},
		{"bool eq", sel.Where(f.active.Eq(false)), "SELECT users.id FROM users WHERE users.active = :active_1", sql.Params{"active_1": false}},
		{"and or", sel.Where(sql.Or(f.id.Eq(1), sql.And(f.active, f.score.Gt(2)))),
			"SELECT users.id FROM users WHERE users.id = :id_1 OR users.active AND users.score > :score_1",
			sql.Params{"id_1": int64(1), "score_1": int64(2)}},
		{"negated comparison", sel.Where(sql.Not(f.id.Eq(1))), "SELECT users.id FROM users WHERE users.id != :id_1", sql.Params{"id_1": int64(1)}},
	})
}

func TestTypedInBetween(t *testing.T) {
	f := newTypedUsers()
	sel := sql.NewSelect(f.id)
	runTypedCases(t, []typedCase{
		{"in", sel.Where(f.id.In(1, 2, 3)), "SELECT users.id FROM users WHERE users.id IN (:id_1, :id_2, :id_3)",
			sql.Params{"id_1": int64(1), "id_2": int64(2), "id_3": int64(3)}},
		{"in spread slice", sel.Where(f.name.In([]string{"a", "b"}...)), "SELECT users.id FROM users WHERE users.name IN (:name_1, :name_2)",
			sql.Params{"name_1": "a", "name_2": "b"}},
		{"in empty", sel.Where(f.id.In()), "SELECT users.id FROM users WHERE 1 != 1", nil},
		{"not in", sel.Where(f.email.NotIn("x", "y")), "SELECT users.id FROM users WHERE users.email NOT IN (:email_1, :email_2)",
			sql.Params{"email_1": "x", "email_2": "y"}},
		{"not in empty", sel.Where(f.id.NotIn()), "SELECT users.id FROM users WHERE 1 = 1", nil},
		{"in select", sel.Where(f.id.InSelect(sql.NewSelect(f.orders.C("user_id")))),
			"SELECT users.id FROM users WHERE users.id IN (SELECT orders.user_id FROM orders)", nil},
		{"not in select", sel.Where(f.id.NotInSelect(sql.NewSelect(f.orders.C("user_id")))),
			"SELECT users.id FROM users WHERE users.id NOT IN (SELECT orders.user_id FROM orders)", nil},
		{"between", sel.Where(f.score.Between(1, 10)), "SELECT users.id FROM users WHERE users.score BETWEEN :score_1 AND :score_2",
			sql.Params{"score_1": int64(1), "score_2": int64(10)}},
		{"not between", sel.Where(f.name.NotBetween("a", "m")), "SELECT users.id FROM users WHERE users.name NOT BETWEEN :name_1 AND :name_2",
			sql.Params{"name_1": "a", "name_2": "m"}},
	})
}

func TestTypedExpressionOperands(t *testing.T) {
	f := newTypedUsers()
	userID := sql.AsNumber[int64](f.orders.C("user_id"))
	from := sql.NewSelect(f.name).SelectFrom(f.orders)
	runTypedCases(t, []typedCase{
		{"eq expr", from.Where(f.id.EqExpr(userID)), "SELECT users.name FROM orders, users WHERE users.id = orders.user_id", nil},
		{"ne lt le gt ge expr", from.Where(f.id.NeExpr(userID), f.id.LtExpr(userID), f.id.LeExpr(userID), f.id.GtExpr(userID), f.id.GeExpr(userID)),
			"SELECT users.name FROM orders, users WHERE users.id != orders.user_id AND users.id < orders.user_id AND users.id <= orders.user_id AND users.id > orders.user_id AND users.id >= orders.user_id",
			nil},
		{"typed arithmetic operand", from.Where(userID.EqExpr(f.id.Add(1))),
			"SELECT users.name FROM orders, users WHERE orders.user_id = users.id + :id_1", sql.Params{"id_1": int64(1)}},
		{"join on typed condition", sql.NewSelect(f.name).Join(f.orders, f.id.EqExpr(userID)),
			"SELECT users.name FROM users JOIN orders ON users.id = orders.user_id", nil},
		{"typed and untyped side by side", sql.NewSelect(f.name, f.orders.C("amount")).Join(f.orders).Where(f.name.Eq("ann"), f.orders.C("amount").Gt(10)),
			"SELECT users.name, orders.amount FROM users JOIN orders ON users.id = orders.user_id WHERE users.name = :name_1 AND orders.amount > :amount_1",
			sql.Params{"name_1": "ann", "amount_1": 10}},
	})
}

func TestTypedArithmetic(t *testing.T) {
	f := newTypedUsers()
	two := types.MustDecimal("2")
	runTypedCases(t, []typedCase{
		// Parentheses are the compiler's, as SQLAlchemy places them.
		{"add sub", sql.NewSelect(f.id.Add(1).Sub(2)), "SELECT (users.id + :id_1) - :param_1 AS anon_1 FROM users",
			sql.Params{"id_1": int64(1), "param_1": int64(2)}},
		{"precedence", sql.NewSelect(f.id.Add(1).Mul(2)), "SELECT (users.id + :id_1) * :param_1 AS anon_1 FROM users",
			sql.Params{"id_1": int64(1), "param_1": int64(2)}},
		{"div mod", sql.NewSelect(f.score.Div(3).Mod(2)), "SELECT (users.score / :score_1) % :param_1 AS anon_1 FROM users",
			sql.Params{"score_1": int64(3), "param_1": int64(2)}},
		{"expression operands", sql.NewSelect(f.id.AddExpr(f.id).SubExpr(f.id).MulExpr(f.id).DivExpr(f.id).ModExpr(f.id)),
			"SELECT ((((users.id + users.id) - users.id) * users.id) / users.id) % users.id AS anon_1 FROM users", nil},
		{"neg", sql.NewSelect(f.score.Neg()), "SELECT -users.score AS anon_1 FROM users", nil},
		{"decimal", sql.NewSelect(f.balance.Mul(two).Label("double")), "SELECT users.balance * :balance_1 AS double FROM users",
			sql.Params{"balance_1": "2"}},
		{"arithmetic in where", sql.NewSelect(f.id).Where(f.score.Add(1).Gt(10)), "SELECT users.id FROM users WHERE users.score + :score_1 > :param_1",
			sql.Params{"score_1": int64(1), "param_1": int64(10)}},
	})
	// Arithmetic keeps the SQL type, which decides how results convert.
	if got := f.balance.Mul(two).Type(); got != (types.Numeric{Precision: 10, Scale: 2}) {
		t.Errorf("decimal product type = %v", got)
	}
	if got := f.id.Add(1).Type(); got != (types.Integer{}) {
		t.Errorf("integer sum type = %v", got)
	}
}

func TestTypedStrings(t *testing.T) {
	f := newTypedUsers()
	sel := sql.NewSelect(f.id)
	runTypedCases(t, []typedCase{
		{"like", sel.Where(f.name.Like("a%"), f.name.NotLike("%z")), "SELECT users.id FROM users WHERE users.name LIKE :name_1 AND users.name NOT LIKE :name_2",
			sql.Params{"name_1": "a%", "name_2": "%z"}},
		{"ilike", sel.Where(f.name.ILike("a%"), f.name.NotILike("b%")), "SELECT users.id FROM users WHERE users.name ILIKE :name_1 AND users.name NOT ILIKE :name_2",
			sql.Params{"name_1": "a%", "name_2": "b%"}},
		{"like escape", sel.Where(f.name.LikeEscape("a!%%", '!')), "SELECT users.id FROM users WHERE users.name LIKE :name_1 ESCAPE '!'",
			sql.Params{"name_1": "a!%%"}},
		{"starts ends contains", sel.Where(f.name.StartsWith("a_"), f.name.EndsWith("%z"), f.name.Contains("m/n")),
			"SELECT users.id FROM users WHERE users.name LIKE :name_1 ESCAPE '/' AND users.name LIKE :name_2 ESCAPE '/' AND users.name LIKE :name_3 ESCAPE '/'",
			sql.Params{"name_1": "a/_%", "name_2": "%/%z", "name_3": "%m//n%"}},
		{"concat", sql.NewSelect(f.name.Concat("!").Label("shout")), "SELECT users.name || :name_1 AS shout FROM users", sql.Params{"name_1": "!"}},
		{"concat expr", sql.NewSelect(f.name.ConcatExpr(f.name.Upper()).Concat("?")), "SELECT users.name || upper(users.name) || :param_1 AS anon_1 FROM users",
			sql.Params{"param_1": "?"}},
		{"lower length", sel.Where(f.name.Lower().Eq("ann"), f.name.Length().Gt(2)),
			"SELECT users.id FROM users WHERE lower(users.name) = :param_1 AND char_length(users.name) > :param_2",
			sql.Params{"param_1": "ann", "param_2": int64(2)}},
		{"string expression operators", sel.Where(f.name.Concat("x").StartsWith("a")),
			"SELECT users.id FROM users WHERE (users.name || :name_1) LIKE :param_1 ESCAPE '/'",
			sql.Params{"name_1": "x", "param_1": "a%"}},
	})
}

func TestTypedLabelsAndOrdering(t *testing.T) {
	f := newTypedUsers()
	uid := f.id.Label("uid")
	total := sql.SumOf(f.score).Label("total")
	runTypedCases(t, []typedCase{
		{"label reused in order by", sql.NewSelect(uid).OrderBy(uid.Desc()), "SELECT users.id AS uid FROM users ORDER BY uid DESC", nil},
		{"asc desc", sql.NewSelect(f.id).OrderBy(f.name.Asc(), f.created.Desc()), "SELECT users.id FROM users ORDER BY users.name ASC, users.created DESC", nil},
		{"bare typed column in order by and group by", sql.NewSelect(f.name, total).GroupBy(f.name).Having(total.Gt(3)).OrderBy(f.name),
			"SELECT users.name, sum(users.score) AS total FROM users GROUP BY users.name HAVING sum(users.score) > :total_1 ORDER BY users.name",
			sql.Params{"total_1": int64(3)}},
		{"distinct", sql.NewSelect(sql.CountOf(f.name.Distinct())), "SELECT count(DISTINCT users.name) AS count_1 FROM users", nil},
		{"string label keeps string operators", sql.NewSelect(f.id).Where(f.name.Label("n").Contains("a")),
			"SELECT users.id FROM users WHERE users.name LIKE :n_1 ESCAPE '/'", sql.Params{"n_1": "%a%"}},
	})
	// Labels keep the Go type: a NumExpr label still has arithmetic, a
	// StrExpr label string operators.
	var _ sql.NumExpr[int64] = uid
	var _ sql.StrExpr = f.name.Label("n")
	var _ sql.Expr[bool] = f.active.Label("a")
	if uid.ResultName() != "uid" {
		t.Errorf("label name = %q", uid.ResultName())
	}
}

func TestTypedAggregates(t *testing.T) {
	f := newTypedUsers()
	runTypedCases(t, []typedCase{
		{"sum avg max min count", sql.NewSelect(sql.SumOf(f.balance), sql.AvgOf(f.score), sql.MaxOf(f.created), sql.MinOf(f.name), sql.CountOf(), sql.CountOf(f.nickname)),
			"SELECT sum(users.balance) AS sum_1, avg(users.score) AS avg_1, max(users.created) AS max_1, min(users.name) AS min_1, count(*) AS count_1, count(users.nickname) AS count_2 FROM users",
			nil},
		{"aggregate arithmetic", sql.NewSelect(sql.SumOf(f.score).Mul(2).Label("twice")), "SELECT sum(users.score) * :param_1 AS twice FROM users",
			sql.Params{"param_1": int64(2)}},
		{"coalesce", sql.NewSelect(sql.CoalesceOf(f.score, 0)), "SELECT coalesce(users.score, :score_1) AS coalesce_1 FROM users",
			sql.Params{"score_1": int64(0)}},
		{"cast", sql.NewSelect(sql.CastTo[float64](f.score, types.Double{})), "SELECT CAST(users.score AS DOUBLE PRECISION) AS score FROM users", nil},
		{"value", sql.NewSelect(sql.ValueOf("x").Label("v")), "SELECT :param_1 AS v", sql.Params{"param_1": "x"}},
	})
	if got := sql.SumOf(f.balance).Type(); got != (types.Numeric{Precision: 10, Scale: 2}) {
		t.Errorf("sum type = %v", got)
	}
	if got := sql.CountOf().Type(); got != (types.Integer{}) {
		t.Errorf("count type = %v", got)
	}
	if got := sql.BindOf[int64]("uid").Type(); got != (types.Integer{}) {
		t.Errorf("bind type = %v", got)
	}
}

func TestTypedBindOf(t *testing.T) {
	f := newTypedUsers()
	stmt := sql.NewSelect(f.name).Where(f.id.EqExpr(sql.BindOf[int64]("uid")))
	c, err := sql.Compile(stmt, dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	if want := "SELECT users.name FROM users WHERE users.id = :uid"; c.SQL != want {
		t.Errorf("SQL\n got: %s\nwant: %s", c.SQL, want)
	}
	k := sql.NewCacheKey(stmt, false)
	defer k.Release()
	_, args, err := c.Bind(k.Binds(), sql.Params{"uid": int64(7)})
	if err != nil || !reflect.DeepEqual(args, []any{int64(7)}) {
		t.Errorf("Bind = %v, %v; want [7]", args, err)
	}
	if !c.Params[0].User || c.Params[0].Type != (types.Integer{}) {
		t.Errorf("param = %+v, want a user-named INTEGER parameter", c.Params[0])
	}
}

func TestTypedDML(t *testing.T) {
	f := newTypedUsers()
	when := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	name, score, nickname, id := f.table.C("name"), f.table.C("score"), f.table.C("nickname"), f.table.C("id")
	// To binds the value as the column's operators do: int32 and the
	// program's string type become int64 and string.
	runSameCases(t, []sameCase{
		{"insert set",
			f.table.Insert().Set(f.name.To("ann"), f.score.To(3), f.email.To("a@x"), f.created.To(when)),
			f.table.Insert().Values(sql.Values{"name": "ann", "score": int64(3), "email": "a@x", "created": when})},
		{"insert returning typed",
			f.table.Insert().Set(f.name.To("ann")).Returning(f.id, f.name),
			f.table.Insert().Values(sql.Values{"name": "ann"}).Returning(id, name)},
		{"update",
			f.table.Update().Set(f.score.ToExpr(f.score.Add(1)), f.nickname.To(nil)).Where(f.id.Eq(4)),
			f.table.Update().Set(sql.Assignment{Column: score, Value: score.Add(int64(1))}, sql.Assignment{Column: nickname}).Where(id.Eq(int64(4)))},
		{"delete",
			f.table.Delete().Where(f.active.Eq(false), f.created.Lt(when)).Returning(f.id),
			f.table.Delete().Where(f.table.C("active").Eq(false), f.table.C("created").Lt(when)).Returning(id)},
	})
}

func TestTypedDeclaration(t *testing.T) {
	f := newTypedUsers()
	// The typed column is the table's column.
	if f.table.C("id") != f.id.Untyped() || f.table.C("name") != f.name.Untyped() {
		t.Error("table.C does not return the typed column's *Column")
	}
	if !f.id.PrimaryKey() || f.name.Nullable() || f.id.Table() != f.table || f.name.Name() != "name" {
		t.Error("typed column does not expose its column's schema")
	}
	// A nil SQL type is inferred from the Go type.
	for _, tc := range []struct {
		col  sql.ColumnElement
		want types.Type
	}{
		{f.email, types.String{}},
		{f.score, types.Integer{}},
		{f.created, types.DateTime{}},
		{f.active, types.Boolean{}},
		{sql.TypedColumn[float32]("f", nil), types.Double{}},
		{sql.TypedColumn[time.Duration]("d", nil), types.Interval{}},
		{sql.NumberColumn[types.Decimal]("n", nil), types.Numeric{}},
		{sql.TypedColumn[*int16]("p", nil), types.Integer{}},
		{sql.TypedColumn[uint8]("u", nil), types.Integer{}},
		{sql.TypedColumn[[]byte]("b", nil), types.LargeBinary{}},
		{sql.TypedColumn[struct{ X int }]("s", nil), types.NullType{}},
		{sql.StringColumn("s", nil), types.String{}},
		{sql.StringColumn("t", types.Text{}), types.Text{}},
	} {
		if got := tc.col.Type(); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: type %v, want %v", tc.col.(sql.Named).ResultName(), got, tc.want)
		}
	}
	// The table is the one untyped columns of the inferred types make.
	untyped := sql.NewMetaData().Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("name", types.String{Length: 30}, sql.NotNull()),
		sql.NewColumn("nickname", types.String{Length: 30}),
		sql.NewColumn("email", types.String{}),
		sql.NewColumn("score", types.Integer{}),
		sql.NewColumn("balance", types.Numeric{Precision: 10, Scale: 2}),
		sql.NewColumn("created", types.DateTime{}),
		sql.NewColumn("active", types.Boolean{}),
	)
	got, err := sql.Compile(sql.NewCreateTable(f.table), dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	want, err := sql.Compile(sql.NewCreateTable(untyped), dialect.Generic)
	if err != nil {
		t.Fatal(err)
	}
	if got.SQL != want.SQL || !strings.Contains(got.SQL, "email VARCHAR") {
		t.Errorf("DDL\n  typed: %s\nuntyped: %s", got.SQL, want.SQL)
	}
	// References accepts a typed column.
	fks := f.orders.C("user_id").ForeignKeys()
	if target, err := fks[0].Column(); err != nil || target != f.id.Untyped() {
		t.Errorf("foreign key target = %v, %v", target, err)
	}
}

// TestTypedSameTree checks that typed views leave no trace in statements:
// a statement built from typed columns holds the untyped elements and has
// the cache key of the same statement built without them.
func TestTypedSameTree(t *testing.T) {
	f := newTypedUsers()
	typed := sql.NewSelect(f.id, f.name.Label("n"), sql.SumOf(f.score)).
		Where(f.id.Gt(5), f.name.StartsWith("a"), f.active).
		GroupBy(f.id, f.name).Having(sql.CountOf().Gt(1)).OrderBy(f.id)
	id, name, score, active := f.table.C("id"), f.table.C("name"), f.table.C("score"), f.table.C("active")
	untyped := sql.NewSelect(id, name.Label("n"), sql.Func("sum", score)).
		Where(id.Gt(int64(5)), name.StartsWith("a"), active).
		GroupBy(id, name).Having(sql.Func("count").Gt(int64(1))).OrderBy(id)
	k1, k2 := sql.NewCacheKey(typed, false), sql.NewCacheKey(untyped, false)
	defer k1.Release()
	defer k2.Release()
	if string(k1.Bytes()) != string(k2.Bytes()) {
		t.Error("typed and untyped statements have different cache keys")
	}
	s1, p1 := typedCompile(t, typed)
	s2, p2 := typedCompile(t, untyped)
	if s1 != s2 || !reflect.DeepEqual(p1, p2) {
		t.Errorf("typed and untyped differ:\n%s %v\n%s %v", s1, p1, s2, p2)
	}
	if cols := typed.SelectedColumns(); cols[0] != sql.ColumnElement(id) {
		t.Errorf("select list holds %T, want the *Column", cols[0])
	}
	for _, e := range []sql.ColumnElement{f.id, f.name, f.active, f.id.Add(1), f.name.Concat("x"), sql.MaxOf(f.created)} {
		if u := sql.Untyped(e); u == e || sql.Untyped(u) != u {
			t.Errorf("Untyped(%T) = %T, want the untyped element", e, u)
		}
	}
	// Constructors store the untyped element, so code that inspects a tree
	// (a dialect hook, a type switch on *Column) never meets a typed view.
	for what, got := range map[string]sql.ColumnElement{
		"function argument":  sql.Func("lower", f.name).Args()[0],
		"label element":      sql.NewLabel("n", f.name).Element(),
		"operand":            name.Eq(f.name).Right(),
		"typed operand":      f.name.EqExpr(f.name).Right(),
		"typed label":        f.name.Label("n").Untyped().(*sql.Label).Element(),
		"index expression":   sql.NewIndex("ix", f.name).Expressions()[0],
		"returning":          f.table.Delete().Returning(f.name).ReturningColumns()[0],
		"aggregate argument": sql.MaxOf(f.name).Untyped().(*sql.Function).Args()[0],
	} {
		if got != sql.ColumnElement(name) {
			t.Errorf("%s holds %T, want the *Column", what, got)
		}
	}
	for i, stmt := range []sql.Element{
		sql.NewSelect(f.id).Where(f.active).GroupBy(f.name).Having(f.active).OrderBy(f.id).DistinctOn(f.name),
		sql.NewSelect(f.id).Union(sql.NewSelect(f.id)).OrderBy(f.id),
		f.table.Update().Set(f.score.To(1)).Where(f.active).Returning(f.id),
		f.table.Delete().Where(f.active).Returning(f.id),
		f.table.Insert().Set(f.name.To("x")).Returning(f.table, f.id),
	} {
		sql.Walk(stmt, func(e sql.Element) bool {
			if ce, ok := e.(sql.ColumnElement); ok && sql.Untyped(ce) != ce {
				t.Errorf("statement %d holds a typed view %T", i, e)
			}
			return true
		})
	}
	if sql.Untyped(id) != sql.ColumnElement(id) || sql.Untyped(nil) != nil {
		t.Error("Untyped changed an untyped element")
	}
	if sql.Untyped(sql.ExprAs[int64](f.id)) != sql.ColumnElement(id) {
		t.Error("ExprAs of a typed column does not unwrap it")
	}
}

func TestTypedViews(t *testing.T) {
	f := newTypedUsers()
	// A typed view of an existing table's column.
	amount := sql.AsNumber[types.Decimal](f.orders.C("amount"))
	userID := sql.As[int64](f.orders.C("user_id"))
	sub := sql.NewSelect(userID, sql.SumOf(amount).Label("total")).GroupBy(userID).Subquery("t")
	total := sql.AsNumber[types.Decimal](sub.C("total"))
	subUser := sql.As[int64](sub.C("user_id"))
	stmt := sql.NewSelect(f.name, total).Join(sub, f.id.EqExpr(subUser)).Where(total.Gt(types.MustDecimal("100")))
	userIDs, amounts := f.orders.C("user_id"), f.orders.C("amount")
	untypedSub := sql.NewSelect(userIDs, sql.Func("sum", amounts).Label("total")).GroupBy(userIDs).Subquery("t")
	alias := f.table.Alias("u")
	runSameCases(t, []sameCase{
		{"view of a subquery", stmt,
			sql.NewSelect(f.table.C("name"), untypedSub.C("total")).Join(untypedSub, f.table.C("id").Eq(untypedSub.C("user_id"))).
				Where(untypedSub.C("total").Gt(types.MustDecimal("100")))},
		{"typed column of an alias", sql.NewSelect(sql.AsNumber[int64](alias.C("id")).Add(1)), sql.NewSelect(alias.C("id").Add(int64(1)))},
	})
	if sub.C("user_id").Base() != f.orders.C("user_id") {
		t.Error("a subquery column of a typed view lost its lineage")
	}
	// An index on typed columns is the index on the columns, named after
	// them.
	runSameCases(t, []sameCase{
		{"index", sql.NewCreateIndex(sql.NewIndex("", f.name, f.score)), sql.NewCreateIndex(sql.NewIndex("", f.table.C("name"), f.table.C("score")))},
	})
}

func TestTypedZeroValues(t *testing.T) {
	var col sql.Col[int64]
	var num sql.NumExpr[int64]
	for _, stmt := range []sql.Element{
		sql.NewSelect(col),
		sql.NewSelect(num),
		sql.NewSelect(sql.LiteralColumn("1")).Where(num.Gt(1)),
		sql.NewSelect(sql.LiteralColumn("1")).Where(col.Eq(1)),
		sql.NewSelect(num.Add(1)),
		sql.NewSelect(sql.LiteralColumn("1")).OrderBy(col),
	} {
		_, err := sql.Compile(stmt, dialect.Generic)
		if !errors.Is(err, sql.ErrArgument) {
			t.Errorf("compiling a zero typed value: %v, want ErrArgument", err)
		}
	}
	if num.Type() != (types.NullType{}) || num.ResultName() != "" || num.Children() != nil {
		t.Error("zero expression methods")
	}
}

// TestTypedInUntypedAPI gives typed columns to the untyped constructors:
// they are accepted wherever a column is, with the same result.
func TestTypedInUntypedAPI(t *testing.T) {
	f := newTypedUsers()
	id, name, score, active := f.table.C("id"), f.table.C("name"), f.table.C("score"), f.table.C("active")
	runSameCases(t, []sameCase{
		{"function argument", sql.NewSelect(sql.Func("lower", f.name)), sql.NewSelect(sql.Func("lower", name))},
		{"label", sql.NewSelect(sql.NewLabel("who", f.name)), sql.NewSelect(sql.NewLabel("who", name))},
		{"untyped operator, typed operand", sql.NewSelect(id).Where(id.Eq(f.score)), sql.NewSelect(id).Where(id.Eq(score))},
		{"values", f.table.Update().Values(sql.Values{"score": f.scoreView()}), f.table.Update().Values(sql.Values{"score": score})},
		{"union order by", sql.NewSelect(f.id).Union(sql.NewSelect(f.id)).OrderBy(f.id), sql.NewSelect(id).Union(sql.NewSelect(id)).OrderBy(id)},
		{"distinct on", sql.NewSelect(f.id).DistinctOn(f.name), sql.NewSelect(id).DistinctOn(name)},
		{"case", sql.NewSelect(sql.NewCase(sql.When{Cond: f.active, Result: f.name}).Else("none")),
			sql.NewSelect(sql.NewCase(sql.When{Cond: active, Result: name}).Else("none"))},
		{"cast", sql.NewSelect(sql.NewCast(f.score, types.Double{})), sql.NewSelect(sql.NewCast(score, types.Double{}))},
		{"window", sql.NewSelect(sql.Func("row_number").Over(sql.Window{PartitionBy: []sql.ColumnElement{f.active}, OrderBy: []sql.ColumnElement{f.id}})),
			sql.NewSelect(sql.Func("row_number").Over(sql.Window{PartitionBy: []sql.ColumnElement{active}, OrderBy: []sql.ColumnElement{id}}))},
		{"tuple", sql.NewSelect(f.id).Where(sql.NewTuple(f.id, f.name).In([]any{1, "a"})), sql.NewSelect(id).Where(sql.NewTuple(id, name).In([]any{1, "a"}))},
		{"typed label in group by and order by", sql.NewSelect(f.id.Label("uid")).GroupBy(f.name).OrderBy(f.id),
			sql.NewSelect(id.Label("uid")).GroupBy(name).OrderBy(id)},
	})
	uid, untypedUID := f.id.Label("uid"), id.Label("uid")
	runSameCases(t, []sameCase{
		{"same label in group by and order by", sql.NewSelect(uid).GroupBy(uid).OrderBy(uid), sql.NewSelect(untypedUID).GroupBy(untypedUID).OrderBy(untypedUID)},
	})
}

// scoreView is a typed view of the fixture's score column, made from the
// table as code that did not declare the column would make it.
func (f *typedUsers) scoreView() sql.NumCol[int32] { return sql.AsNumber[int32](f.table.C("score")) }
