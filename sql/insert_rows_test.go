package sql_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// rowsTable has a Go default, a Go function default and a SQL default.
var rowsTable = sql.NewTable("r",
	sql.NewColumn("id", integer, sql.PrimaryKey()),
	sql.NewColumn("name", types.String{Length: 20}),
	sql.NewColumn("x", integer, sql.Default(10)),
	sql.NewColumn("e", integer, sql.Default(sql.Func("now"))),
)

func TestInsertRows(t *testing.T) {
	var nilString *string
	name := rowsTable.C("name")
	seq := sql.NewTable("seq",
		sql.NewColumn("id", integer, sql.PrimaryKey()),
		sql.NewColumn("z", integer, sql.Default(counter())),
	)
	sqltest.Run(t, []sqltest.Case{
		{Name: "every column", Stmt: mytable.Insert().Rows(nil, []any{1, "a", "b"}, []any{2, "c", "d"}),
			SQL:    "INSERT INTO mytable (myid, name, description) VALUES (:myid_m0, :name_m0, :description_m0), (:myid_m1, :name_m1, :description_m1)",
			Params: sql.Params{"myid_m0": 1, "name_m0": "a", "description_m0": "b", "myid_m1": 2, "name_m1": "c", "description_m1": "d"}},
		{Name: "columns in another order", Stmt: mytable.Insert().Rows([]string{"name", "myid"}, []any{"a", 1}, []any{"c", 2}),
			SQL:    "INSERT INTO mytable (myid, name) VALUES (:myid_m0, :name_m0), (:myid_m1, :name_m1)",
			Params: sql.Params{"myid_m0": 1, "name_m0": "a", "myid_m1": 2, "name_m1": "c"}},
		{Name: "defaults of the columns not named", Stmt: rowsTable.Insert().Rows([]string{"id"}, []any{1}, []any{2}),
			SQL:    "INSERT INTO r (id, x, e) VALUES (:id_m0, :x_m0, now()), (:id_m1, :x_m1, now())",
			Params: sql.Params{"id_m0": 1, "x_m0": 10, "id_m1": 2, "x_m1": 10}},
		{Name: "a Go function default per row", Stmt: seq.Insert().Rows([]string{"id"}, []any{1}, []any{2}),
			SQL: "INSERT INTO seq (id, z) VALUES (:id_m0, :z_m0), (:id_m1, :z_m1)", Params: sql.Params{"id_m0": 1, "z_m0": int64(1), "id_m1": 2, "z_m1": int64(2)}},
		{Name: "expressions, NULLs and named parameters", Stmt: rowsTable.Insert().Rows([]string{"id", "name"},
			[]any{1, name.Concat("!")},
			[]any{sql.Bind("id2").WithValue(2), nil},
			[]any{3, nilString},
			[]any{sql.Func("abs", -4), sql.Func("lower", "Q")},
		), SQL: "INSERT INTO r (id, name, x, e) VALUES (:id_m0, (r.name || :name_1), :x_m0, now()), (:id2, NULL, :x_m1, now()), (:id_m2, NULL, :x_m2, now()), (abs(:abs_1), lower(:lower_1), :x_m3, now())",
			Params: sql.Params{"id_m0": 1, "name_1": "!", "x_m0": 10, "id2": 2, "x_m1": 10, "id_m2": 3, "x_m2": 10, "abs_1": -4, "lower_1": "Q", "x_m3": 10}},
		{Name: "one row", Stmt: mytable.Insert().Rows([]string{"myid", "name"}, []any{1, "a"}),
			SQL: "INSERT INTO mytable (myid, name) VALUES (:myid, :name)", Params: sql.Params{"myid": 1, "name": "a"}},
		{Name: "one row merged into Values", Stmt: mytable.Insert().Values(sql.Values{"myid": 1, "name": "a"}).Rows([]string{"name", "description"}, []any{"b", "c"}),
			SQL: "INSERT INTO mytable (myid, name, description) VALUES (:myid, :name, :description)", Params: sql.Params{"myid": 1, "name": "b", "description": "c"}},
		{Name: "after the rows of Values", Stmt: rowsTable.Insert().Values(sql.Values{"id": 1, "name": "a"}, sql.Values{"id": 2, "name": "b"}).Rows([]string{"x", "id", "name"}, []any{7, 3, "c"}, []any{8, 4, nil}),
			SQL:    "INSERT INTO r (id, name, x, e) VALUES (:id_m0, :name_m0, :x_m0, now()), (:id_m1, :name_m1, :x_m1, now()), (:id_m2, :name_m2, :x_m2, now()), (:id_m3, NULL, :x_m3, now())",
			Params: sql.Params{"id_m0": 1, "name_m0": "a", "x_m0": 10, "id_m1": 2, "name_m1": "b", "x_m1": 10, "id_m2": 3, "name_m2": "c", "x_m2": 7, "id_m3": 4, "x_m3": 8}},
		{Name: "no rows", Stmt: mytable.Insert().Rows(nil).Values(sql.Values{"myid": 1}),
			SQL: "INSERT INTO mytable (myid) VALUES (:myid)", Params: sql.Params{"myid": 1}},
		{Name: "qmark", Stmt: rowsTable.Insert().Rows([]string{"name", "id"}, []any{"a", 1}, []any{"b", 2}), Dialect: qmark,
			SQL: "INSERT INTO r (id, name, x, e) VALUES (?, ?, ?, now()), (?, ?, ?, now())", Params: []any{1, "a", 10, 2, "b", 10}},
		{Name: "dollar, returning", Stmt: rowsTable.Insert().Rows([]string{"id", "name"}, []any{1, "a"}, []any{2, "b"}).Returning(rowsTable.C("id")), Dialect: dollar,
			SQL: "INSERT INTO r (id, name, x, e) VALUES ($1, $2, $3, now()), ($4, $5, $6, now()) RETURNING r.id", Params: []any{1, "a", 10, 2, "b", 10}},
		{Name: "numeric", Stmt: mytable.Insert().Rows(nil, []any{1, "a", "b"}, []any{2, "c", "d"}), Dialect: numeric,
			SQL: "INSERT INTO mytable (myid, name, description) VALUES (:1, :2, :3), (:4, :5, :6)", Params: []any{1, "a", "b", 2, "c", "d"}},
		{Name: "not supported", Stmt: mytable.Insert().Rows([]string{"myid"}, []any{1}, []any{2}),
			Dialect: newPlain(func(f *dialect.Features) { f.MultiValuesInsert = false }), Err: sql.ErrNotSupported},
	})
}

// Rows(columns, rows...) is Values with one map per row: the same key,
// SQL and arguments, compiled alone and through the cache.
func TestInsertRowsMatchesValues(t *testing.T) {
	asMaps := func(cols []string, rows ...[]any) []sql.Values {
		out := make([]sql.Values, len(rows))
		for i, r := range rows {
			out[i] = sql.Values{}
			for j, c := range cols {
				out[i][c] = r[j]
			}
		}
		return out
	}
	all := []string{"id", "name", "x", "e"}
	for _, tc := range []struct {
		name string
		cols []string
		rows [][]any
	}{
		{"one row", []string{"id"}, [][]any{{1}}},
		{"two rows", []string{"name", "id"}, [][]any{{"a", 1}, {"b", 2}}},
		{"every column", all, [][]any{{1, "a", 3, 4}, {2, "b", 5, sql.Func("now")}}},
		{"expressions", []string{"id", "name"}, [][]any{{1, rowsTable.C("name").Concat("x")}, {sql.Bind("p").WithValue(3), nil}}},
	} {
		cols := tc.cols
		byRows := rowsTable.Insert().Rows(cols, tc.rows...)
		byValues := rowsTable.Insert().Values(asMaps(tc.cols, tc.rows...)...)
		if cols == nil {
			cols = all
		}
		if !bytes.Equal(keyOf(byRows), keyOf(byValues)) {
			t.Errorf("%s: Rows and Values have different cache keys", tc.name)
		}
		for _, d := range []dialect.Dialect{dialect.Generic, qmark, dollar} {
			gotSQL, gotArgs, _, err := sqltest.Bind(byRows, d)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			wantSQL, wantArgs, _, err := sqltest.Bind(byValues, d)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if gotSQL != wantSQL || !reflect.DeepEqual(gotArgs, wantArgs) {
				t.Errorf("%s on %s:\nRows   %s %v\nValues %s %v", tc.name, d.Name(), gotSQL, gotArgs, wantSQL, wantArgs)
			}
		}
		// Through a cache that compiled the other form first.
		cache := sql.NewCache(qmark, 10)
		cacheStep(t, cache, tc.name+" (Values)", byValues, false)
		cacheStep(t, cache, tc.name+" (Rows)", byRows, true)
	}
}

func TestInsertRowsErrors(t *testing.T) {
	strict := sql.NewTable("strict", sql.NewColumn("a", integer), sql.NewColumn("b", integer))
	sel := sql.NewSelect(mytable.C("myid"))
	for _, tc := range []struct {
		name string
		stmt *sql.Insert
		is   error
		want string
	}{
		{"a short row", mytable.Insert().Rows(nil, []any{1, "a", "b"}, []any{2, "c"}), sql.ErrArgument,
			"athanor: invalid argument: row 2 of Rows has 2 values for 3 columns"},
		{"a long row", mytable.Insert().Rows([]string{"myid"}, []any{1, 2}), sql.ErrArgument,
			"athanor: invalid argument: row 1 of Rows has 2 values for 1 columns"},
		{"unknown columns", mytable.Insert().Rows([]string{"nope", "myid", "bad", "nope"}, []any{1, 2, 3, 4}, []any{1, 2, 3, 4}), sql.ErrNoSuchColumn,
			`athanor: no such column: table "mytable" has no columns [bad nope]`},
		{"a column twice", mytable.Insert().Rows([]string{"myid", "myid"}, []any{1, 2}), sql.ErrArgument,
			`athanor: invalid argument: Rows names column "myid" twice`},
		{"no value and no default", strict.Insert().Rows([]string{"a"}, []any{1}, []any{2}).Rows(nil, []any{3, 4}, []any{5, 6}), sql.ErrArgument,
			`athanor: invalid argument: row 1 of a multi-row INSERT has no value for column "b", and the column has no default`},
		{"several rows after one", mytable.Insert().Values(sql.Values{"myid": 1}).Rows(nil, []any{1, "a", "b"}, []any{2, "c", "d"}), sql.ErrArgument,
			"athanor: invalid argument: the INSERT has the values of one row; a call with several rows cannot add to them"},
		{"one row after several", mytable.Insert().Rows([]string{"myid"}, []any{1}, []any{2}).Rows([]string{"myid"}, []any{3}), sql.ErrArgument,
			"athanor: invalid argument: the INSERT has several rows; a call with one row cannot add to them"},
		{"after FromSelect", myothertable.Insert().FromSelect([]*sql.Column{myothertable.C("otherid")}, sel).Rows(nil, []any{1, "a"}), sql.ErrArgument,
			"athanor: invalid argument: the INSERT already takes its rows from a SELECT"},
		{"no table", sql.NewInsert(nil).Rows(nil, []any{1}), sql.ErrArgument,
			"athanor: invalid argument: INSERT without a table"},
	} {
		err := tc.stmt.Err()
		if !errors.Is(err, tc.is) || err.Error() != tc.want {
			t.Errorf("%s: Err() = %v, want %s", tc.name, err, tc.want)
		}
		if _, cerr := sql.Compile(tc.stmt, dialect.Generic); !errors.Is(cerr, tc.is) {
			t.Errorf("%s: compile error %v, want %v", tc.name, cerr, tc.is)
		}
	}
}

// The rows are read during the call: changing them afterwards changes
// neither the statement nor one built from it.
func TestInsertRowsCopied(t *testing.T) {
	cols := []string{"myid", "name"}
	r0, r1 := []any{1, "a"}, []any{2, "b"}
	stmt := mytable.Insert().Rows(cols, r0, r1)
	r0[0], r1[1], cols[0] = 9, "z", "description"
	sqltest.Check(t, sqltest.Case{Stmt: stmt, Dialect: qmark,
		SQL: "INSERT INTO mytable (myid, name) VALUES (?, ?), (?, ?)", Params: []any{1, "a", 2, "b"}})
}

// A column type's bind converter applies to the values Rows gives.
func TestInsertRowsConverted(t *testing.T) {
	dec := &types.Decorator{Impl: types.String{}, ToDB: func(v any) (any, error) { return fmt.Sprint("<", v, ">"), nil }}
	tb := sql.NewTable("conv", sql.NewColumn("id", integer), sql.NewColumn("v", dec))
	sqltest.Check(t, sqltest.Case{Stmt: tb.Insert().Rows(nil, []any{1, "a"}, []any{2, nil}), Dialect: qmark,
		SQL: "INSERT INTO conv (id, v) VALUES (?, ?), (?, NULL)", Params: []any{1, "<a>", 2}})
}
