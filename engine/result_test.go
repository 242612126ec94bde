package engine_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestResultReaders(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	u := s.users
	byID := sql.NewSelect(u.C("id"), u.C("name")).OrderBy(u.C("id"))
	where := func(cond sql.ColumnElement) *sql.Select { return byID.Where(cond) }
	exec := func(stmt sql.Element) *engine.Result {
		t.Helper()
		res, err := eng.Execute(ctx, stmt)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}

	res := exec(byID)
	if got := res.Keys(); fmt.Sprint(got) != "[id name]" {
		t.Errorf("Keys = %v", got)
	}
	rows, err := res.All()
	if err != nil || len(rows) != 3 || rows[2].Get(1) != "c" {
		t.Fatalf("All = %v, %v", rows, err)
	}

	row, err := exec(byID).First()
	if err != nil || row.Get(1) != "a" {
		t.Errorf("First = %v, %v", row, err)
	}
	row, err = exec(where(u.C("id").Gt(9))).First()
	if err != nil || row != nil {
		t.Errorf("First of none = %v, %v", row, err)
	}

	row, err = exec(where(u.C("id").Eq(2))).One()
	if err != nil || row.Get(1) != "b" {
		t.Errorf("One = %v, %v", row, err)
	}
	if _, err := exec(where(u.C("id").Gt(9))).One(); !errors.Is(err, engine.ErrNoResultFound) {
		t.Errorf("One of none: %v", err)
	}
	if _, err := exec(byID).One(); !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("One of many: %v", err)
	}

	row, err = exec(where(u.C("id").Gt(9))).OneOrNone()
	if err != nil || row != nil {
		t.Errorf("OneOrNone of none = %v, %v", row, err)
	}
	if _, err := exec(byID).OneOrNone(); !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("OneOrNone of many: %v", err)
	}

	v, err := exec(byID).Scalar()
	if err != nil || v != int64(1) {
		t.Errorf("Scalar = %v, %v", v, err)
	}
	v, err = exec(where(u.C("id").Gt(9))).Scalar()
	if err != nil || v != nil {
		t.Errorf("Scalar of none = %v, %v", v, err)
	}
	v, err = exec(where(u.C("id").Eq(3))).ScalarOne()
	if err != nil || v != int64(3) {
		t.Errorf("ScalarOne = %v, %v", v, err)
	}
	if _, err := exec(byID).ScalarOne(); !errors.Is(err, engine.ErrMultipleResultsFound) {
		t.Errorf("ScalarOne of many: %v", err)
	}
	if _, err := exec(where(u.C("id").Gt(9))).ScalarOne(); !errors.Is(err, engine.ErrNoResultFound) {
		t.Errorf("ScalarOne of none: %v", err)
	}

	vals, err := exec(byID).Scalars()
	if err != nil || fmt.Sprint(vals) != "[1 2 3]" {
		t.Errorf("Scalars = %v, %v", vals, err)
	}
	maps, err := exec(byID).Mappings()
	if err != nil || fmt.Sprint(maps) != "[map[id:1 name:a] map[id:2 name:b] map[id:3 name:c]]" {
		t.Errorf("Mappings = %v, %v", maps, err)
	}

	res = exec(byID)
	var got []string
	for res.Next() {
		got = append(got, res.Row().Get(1).(string))
	}
	if res.Err() != nil || fmt.Sprint(got) != "[a b c]" || res.Row() != nil {
		t.Errorf("Next loop: %v, %v", got, res.Err())
	}
}

// TestResultStates checks reading after the end, after Close, after First,
// and the rows of a statement that returns none.
func TestResultStates(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b")
	sel := sql.NewSelect(s.users.C("name")).OrderBy(s.users.C("id"))

	res, _ := eng.Execute(ctx, sel)
	if all, err := res.All(); err != nil || len(all) != 2 {
		t.Fatal(all, err)
	}
	if all, err := res.All(); err != nil || len(all) != 0 {
		t.Errorf("All after the end = %v, %v; want nothing", all, err)
	}
	if err := res.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := res.All(); !errors.Is(err, engine.ErrResultClosed) {
		t.Errorf("All after Close: %v", err)
	}

	res, _ = eng.Execute(ctx, sel)
	res.First()
	if _, err := res.All(); !errors.Is(err, engine.ErrResultClosed) {
		t.Errorf("All after First: %v", err)
	}
	if err := res.Close(); err != nil {
		t.Errorf("Close twice: %v", err)
	}

	res, _ = eng.Execute(ctx, s.users.Update().Values(sql.Values{"age": 1}))
	if res.ReturnsRows() || res.Keys() != nil {
		t.Error("an UPDATE returns rows")
	}
	for name, err := range map[string]error{
		"All":      second(res.All()),
		"First":    second(res.First()),
		"One":      second(res.One()),
		"Scalar":   second(res.Scalar()),
		"Scalars":  second(res.Scalars()),
		"Mappings": second(res.Mappings()),
		"ScanAll":  second(engine.ScanAll[string](res, nil)),
	} {
		if !errors.Is(err, engine.ErrNoRows) {
			t.Errorf("%s of an UPDATE: %v", name, err)
		}
	}
	for _, err := range res.Rows() {
		if !errors.Is(err, engine.ErrNoRows) {
			t.Errorf("Rows of an UPDATE: %v", err)
		}
	}
	if res.Close() != nil {
		t.Error("Close of an UPDATE result")
	}
}

// TestRowsStreams checks that the Rows iterator reads rows as the loop
// asks for them, and that breaking out closes the result.
func TestRowsStreams(t *testing.T) {
	ctx := context.Background()
	eng, s, f := newFaultEngine(t, "sqlite://")
	params := make([]sql.Params, 1000)
	for i := range params {
		params[i] = sql.Params{"name": fmt.Sprint("u", i)}
	}
	if _, err := eng.ExecuteMany(ctx, s.users.Insert(), params); err != nil {
		t.Fatal(err)
	}
	res, err := eng.Execute(ctx, sql.NewSelect(s.users.C("name")).OrderBy(s.users.C("id")))
	if err != nil {
		t.Fatal(err)
	}
	nextBefore, closedBefore := f.rowsNext.Load(), f.rowsClosed.Load()
	var got []any
	for row, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, row.Get(0))
		if len(got) == 3 {
			break
		}
	}
	if fmt.Sprint(got) != "[u0 u1 u2]" {
		t.Errorf("got %v", got)
	}
	if n := f.rowsNext.Load() - nextBefore; n > 4 {
		t.Errorf("the driver read %d rows for 3", n)
	}
	if f.rowsClosed.Load() == closedBefore {
		t.Error("breaking out of Rows did not close the rows")
	}
	if res.Next() || !errors.Is(res.Err(), engine.ErrResultClosed) {
		t.Errorf("Next after break: %v", res.Err())
	}
	// The single connection is free: another statement runs.
	if n := count(t, eng, s.users); n != 1000 {
		t.Errorf("count = %d", n)
	}
	// Reading to the end closes too.
	res, _ = eng.Execute(ctx, sql.NewSelect(s.users.C("name")))
	closedBefore = f.rowsClosed.Load()
	n := 0
	for _, err := range res.Rows() {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 1000 || f.rowsClosed.Load() == closedBefore {
		t.Errorf("read %d rows; closed: %v", n, f.rowsClosed.Load() != closedBefore)
	}
}

func TestRowAccess(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b")
	u, e := s.users, s.emails
	eng.Execute(ctx, e.Insert(), sql.Params{"user_id": 1, "address": "a@x"})

	label := sql.Func("upper", u.C("name")).Label("shout")
	row, err := firstRow(eng, sql.NewSelect(u.C("id"), u.C("name"), label, e.C("id")).
		SelectFrom(u.Join(e)).Where(u.C("id").Eq(1)))
	if err != nil {
		t.Fatal(err)
	}
	if row.Len() != 4 || fmt.Sprint(row.Keys()) != "[id name shout id_1]" {
		t.Errorf("Len %d, Keys %v", row.Len(), row.Keys())
	}
	if row.Get(0) != int64(1) || row.Get(-1) != nil || row.Get(4) != nil {
		t.Error("Get")
	}
	vals := row.Values()
	vals[0] = "changed"
	if row.Get(0) != int64(1) {
		t.Error("Values shares the row's slice")
	}
	for key, want := range map[string]any{"name": "a", "shout": "A", "id": int64(1), "id_1": int64(1)} {
		if got, err := row.Value(key); err != nil || got != want {
			t.Errorf("Value(%q) = %v, %v", key, got, err)
		}
	}
	if _, err := row.Value("nope"); !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("Value(nope): %v", err)
	}
	for _, tt := range []struct {
		col  sql.ColumnElement
		want any
	}{
		{u.C("name"), "a"},
		{label, "A"},
		{e.C("id"), int64(1)},
	} {
		if got, err := row.ByColumn(tt.col); err != nil || got != tt.want {
			t.Errorf("ByColumn(%v) = %v, %v", tt.col, got, err)
		}
	}
	if _, err := row.ByColumn(u.C("fullname")); !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("ByColumn of a column not selected: %v", err)
	}
	if _, err := row.ByColumn(nil); !errors.Is(err, engine.ErrNoSuchKey) {
		t.Errorf("ByColumn(nil): %v", err)
	}

	// Through a label, an alias and a subquery.
	a := u.Alias("ua")
	row, _ = firstRow(eng, sql.NewSelect(a.C("name").Label("who")).Where(a.C("id").Eq(2)))
	for _, col := range []sql.ColumnElement{a.C("name"), u.C("name")} {
		if got, err := row.ByColumn(col); err != nil || got != "b" {
			t.Errorf("ByColumn through alias and label = %v, %v", got, err)
		}
	}
	sub := sql.NewSelect(u.C("id"), u.C("name")).Subquery("sq")
	row, _ = firstRow(eng, sql.NewSelect(sub.C("name")).Where(sub.C("id").Eq(1)))
	for _, col := range []sql.ColumnElement{sub.C("name"), u.C("name")} {
		if got, err := row.ByColumn(col); err != nil || got != "a" {
			t.Errorf("ByColumn through a subquery = %v, %v", got, err)
		}
	}

	// A self-join: the table's column matches both aliases.
	a1, a2 := u.Alias("a1"), u.Alias("a2")
	row, _ = firstRow(eng, sql.NewSelect(a1.C("name"), a2.C("name")).
		SelectFrom(a1.Join(a2, a1.C("id").Lt(a2.C("id")))))
	if got, err := row.ByColumn(a2.C("name")); err != nil || got != "b" {
		t.Errorf("ByColumn(a2.name) = %v, %v", got, err)
	}
	if _, err := row.ByColumn(u.C("name")); !errors.Is(err, engine.ErrAmbiguousKey) {
		t.Errorf("ByColumn(users.name) in a self-join: %v", err)
	}

	// Textual results: by name; a repeated name is ambiguous.
	row, _ = firstRow(eng, sql.Text("SELECT 1 AS x, 2 AS x, 3 AS y"))
	if _, err := row.Value("x"); !errors.Is(err, engine.ErrAmbiguousKey) {
		t.Errorf("Value of a repeated name: %v", err)
	}
	if got, _ := row.Value("y"); got != int64(3) {
		t.Errorf("Value(y) = %v", got)
	}
	if got := row.Map(); fmt.Sprint(got) != "map[x:1 y:3]" {
		t.Errorf("Map = %v", got)
	}
	lit := sql.LiteralColumn("y", types.Integer{})
	if got, err := row.ByColumn(lit); err != nil || got != int64(3) {
		t.Errorf("ByColumn of a literal column = %v, %v", got, err)
	}
}

func firstRow(eng *engine.Engine, stmt sql.Element) (*engine.Row, error) {
	res, err := eng.Execute(context.Background(), stmt)
	if err != nil {
		return nil, err
	}
	return res.First()
}

func TestRowsAffected(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	insertUsers(t, eng, s, "a", "b", "c")
	u := s.users
	tests := []struct {
		name string
		stmt sql.Element
		want int64
	}{
		{"select", sql.NewSelect(u.C("id")), -1},
		{"update", u.Update().Values(sql.Values{"age": 1}).Where(u.C("id").Gt(1)), 2},
		{"update none", u.Update().Values(sql.Values{"age": 1}).Where(u.C("id").Gt(9)), 0},
		{"update returning", u.Update().Values(sql.Values{"age": 2}).Where(u.C("id").Lt(3)).Returning(u.C("id")), 2},
		{"insert", u.Insert().Values(sql.Values{"name": "d"}), 1},
		{"insert rows", u.Insert().Values(sql.Values{"name": "e"}, sql.Values{"name": "f"}), 2},
		{"delete returning", u.Delete().Where(u.C("name").In("e", "f")).Returning(u.C("name")), 2},
		{"delete", u.Delete().Where(u.C("id").Gt(2)), 2},
		{"ddl", sql.NewCreateIndex(sql.NewIndex("ix_age", u.C("age"))), -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := eng.Execute(ctx, tt.stmt)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Close()
			if got := res.RowsAffected(); got != tt.want {
				t.Errorf("RowsAffected = %d, want %d", got, tt.want)
			}
		})
	}
}

// TestReturningReadAtExecute checks that DML with RETURNING reports its
// errors from Execute and has its rows already.
func TestReturningReadAtExecute(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "file")
	insertUsers(t, eng, s, "a")
	_, err := eng.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "a"}).Returning(s.users.C("id")))
	if !errors.Is(err, dialect.ErrIntegrity) {
		t.Fatalf("err = %v", err)
	}
	res, err := eng.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "b"}).Returning(s.users.C("id"), s.users.C("name")))
	if err != nil {
		t.Fatal(err)
	}
	// The write is done and committed although the result is unread.
	conn, _ := eng.Connect(ctx)
	defer conn.Close()
	if n := count(t, conn, s.users); n != 2 {
		t.Errorf("count = %d", n)
	}
	row, err := res.One()
	if err != nil || fmt.Sprint(row.Values()) != "[2 b]" {
		t.Errorf("row = %v, %v", row, err)
	}
}

func TestInsertedPrimaryKey(t *testing.T) {
	ctx := context.Background()
	eng, s := newEngine(t, "sqlite://")
	md := sql.NewMetaData()
	pair := md.Table("pair",
		sql.NewColumn("a", types.String{}, sql.PrimaryKey()),
		sql.NewColumn("b", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("v", types.String{}),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		t.Fatal(err)
	}
	u := s.users
	tests := []struct {
		name string
		stmt sql.Element
		p    sql.Params
		want string
	}{
		{"generated", u.Insert().Values(sql.Values{"name": "a"}), nil, "[1]"},
		{"generated again", u.Insert(), sql.Params{"name": "b"}, "[2]"},
		{"given", u.Insert().Values(sql.Values{"id": 10, "name": "c"}), nil, "[10]"},
		{"given as a parameter", u.Insert(), sql.Params{"id": 20, "name": "d"}, "[20]"},
		{"returning the key", u.Insert().Values(sql.Values{"name": "f"}).Returning(u.C("name"), u.C("id")), nil, "[21]"},
		{"returning a given key", u.Insert().Values(sql.Values{"id": 30, "name": "g"}).Returning(u.C("name")), nil, "[30]"},
		{"composite", pair.Insert().Values(sql.Values{"a": "x", "b": 1, "v": "y"}), nil, "[x 1]"},
		{"composite as parameters", pair.Insert(), sql.Params{"a": "x", "b": 2}, "[x 2]"},
		{"skipped by a conflict", u.Insert().Prefix("OR IGNORE").Values(sql.Values{"name": "a"}), nil, "[<nil>]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := eng.Execute(ctx, tt.stmt, tt.p)
			if err != nil {
				t.Fatal(err)
			}
			pk, err := res.InsertedPrimaryKey()
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(pk); got != tt.want {
				t.Errorf("InsertedPrimaryKey = %s, want %s", got, tt.want)
			}
			pk[0] = "changed"
			if again, _ := res.InsertedPrimaryKey(); slices.Equal(again, pk) {
				t.Error("InsertedPrimaryKey shares its slice")
			}
		})
	}
	for name, stmt := range map[string]sql.Element{
		"multi-row": u.Insert().Values(sql.Values{"name": "m1"}, sql.Values{"name": "m2"}),
		"update":    u.Update().Values(sql.Values{"age": 1}),
		"select":    sql.NewSelect(u.C("id")),
		"text":      sql.Text("INSERT INTO users (name) VALUES ('t')"),
		"from select": u.Insert().FromSelect([]*sql.Column{u.C("name")},
			sql.NewSelect(sql.Func("upper", u.C("name"))).Where(u.C("id").Eq(1))),
	} {
		res, err := eng.Execute(ctx, stmt)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := res.InsertedPrimaryKey(); !errors.Is(err, engine.ErrNotSingleInsert) {
			t.Errorf("%s: %v", name, err)
		}
		res.Close()
	}
	res, err := eng.Execute(ctx, u.Insert().Values(sql.Values{"name": "r"}).Returning(u.C("name")))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.InsertedPrimaryKey(); !errors.Is(err, engine.ErrNotSingleInsert) || !strings.Contains(err.Error(), "RETURNING") {
		t.Errorf("a generated key not returned: %v", err)
	}
	res, err = eng.ExecuteMany(ctx, u.Insert(), []sql.Params{{"name": "x1"}, {"name": "x2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := res.InsertedPrimaryKey(); !errors.Is(err, engine.ErrNotSingleInsert) {
		t.Errorf("ExecuteMany: %v", err)
	}
}

// TestImplicitReturning runs SQLite as a dialect that fetches generated
// keys with RETURNING (as PostgreSQL does): the engine reads the row the
// compiler added and the result has no rows of its own.
func TestImplicitReturning(t *testing.T) {
	ctx := context.Background()
	d := sqlite.New()
	d.FeatureFlags.ImplicitReturning = true
	var sqls []string
	eng, s := newEngine(t, "sqlite://", engine.WithDialect(d), engine.OnExecute(engine.Listener{
		BeforeExecute: func(ctx context.Context, ev *engine.ExecuteEvent) context.Context {
			sqls = append(sqls, ev.SQL)
			return ctx
		},
	}))
	insertUsers(t, eng, s, "a")
	sqls = nil
	res, err := eng.Execute(ctx, s.users.Insert().Values(sql.Values{"name": "b"}))
	if err != nil {
		t.Fatal(err)
	}
	if len(sqls) != 1 || !strings.HasSuffix(sqls[0], "RETURNING users.id") {
		t.Errorf("sent %v", sqls)
	}
	pk, err := res.InsertedPrimaryKey()
	if err != nil || fmt.Sprint(pk) != "[2]" {
		t.Errorf("InsertedPrimaryKey = %v, %v", pk, err)
	}
	if res.ReturnsRows() || res.RowsAffected() != 1 {
		t.Errorf("ReturnsRows %v, RowsAffected %d", res.ReturnsRows(), res.RowsAffected())
	}
	if _, err := res.All(); !errors.Is(err, engine.ErrNoRows) {
		t.Errorf("All: %v", err)
	}
}

// TestExecuteManyWithoutMultiValues runs an executemany INSERT with
// RETURNING on a dialect without multi-row VALUES: one statement per set.
func TestExecuteManyWithoutMultiValues(t *testing.T) {
	ctx := context.Background()
	d := sqlite.New()
	d.FeatureFlags.MultiValuesInsert = false
	eng, s := newEngine(t, "sqlite://", engine.WithDialect(d))
	res, err := eng.ExecuteMany(ctx, s.users.Insert().Returning(s.users.C("name")), []sql.Params{{"name": "a"}, {"name": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := res.Scalars(); err != nil || fmt.Sprint(got) != "[a b]" || res.RowsAffected() != 2 {
		t.Errorf("got %v, %v; RowsAffected %d", got, err, res.RowsAffected())
	}
	res, err = eng.ExecuteMany(ctx, s.users.Insert(), []sql.Params{{"name": "c"}, {"name": "d"}})
	if err != nil || res.RowsAffected() != 2 || count(t, eng, s.users) != 4 {
		t.Errorf("without RETURNING: %v", err)
	}
}

// TestPanicInDefaultIsAnError evaluates a column default that panics: the
// execution fails with an error.
func TestPanicInDefaultIsAnError(t *testing.T) {
	md := sql.NewMetaData()
	tbl := md.Table("t",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("v", types.Integer{}, sql.Default(func() any { panic("no value") })),
	)
	eng := newEngineFor(t, md)
	_, err := eng.Execute(context.Background(), tbl.Insert().Values(sql.Values{"id": 1}))
	if !errors.Is(err, sql.ErrCompile) || !strings.Contains(err.Error(), "no value") {
		t.Errorf("err = %v", err)
	}
}

// TestImplicitReturningSkipped: the row the engine asked for to learn the
// key does not come when a conflict clause skips the INSERT; the key is
// then unknown and no row is counted.
func TestImplicitReturningSkipped(t *testing.T) {
	ctx := context.Background()
	d := sqlite.New()
	d.FeatureFlags.ImplicitReturning = true
	eng, s := newEngine(t, "sqlite://", engine.WithDialect(d))
	insertUsers(t, eng, s, "a")
	for _, tt := range []struct {
		stmt     sql.Element
		wantPK   string
		wantRows int64
	}{
		{s.users.Insert().Prefix("OR IGNORE").Values(sql.Values{"id": 1, "name": "again"}), "[1]", 0},
		{s.users.Insert().Prefix("OR IGNORE").Values(sql.Values{"name": "b"}), "[2]", 1},
		{s.users.Insert().Prefix("OR IGNORE").Values(sql.Values{"name": "a"}), "[<nil>]", 0},
	} {
		res, err := eng.Execute(ctx, tt.stmt)
		if err != nil {
			t.Fatal(err)
		}
		pk, err := res.InsertedPrimaryKey()
		if err != nil || fmt.Sprint(pk) != tt.wantPK || res.RowsAffected() != tt.wantRows || res.ReturnsRows() {
			t.Errorf("InsertedPrimaryKey = %v, %v (want %s); RowsAffected %d (want %d), ReturnsRows %v",
				pk, err, tt.wantPK, res.RowsAffected(), tt.wantRows, res.ReturnsRows())
		}
	}
}
