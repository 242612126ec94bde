package postgres_test

import (
	"context"
	stdsql "database/sql"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/internal/scantest"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// The native pool must read exactly what database/sql reads: these tests
// run the same statements on an engine of each kind, on the same schema,
// and compare every value, through rows and through struct scanning (the
// plan reader, which decodes some columns straight into fields, against
// the reflective reader of Row values).

// everyTable has a column of each type the dialect reads.
func everyTable(md *sql.MetaData) *sql.Table {
	return md.Table("every",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("i2", types.SmallInteger{}),
		sql.NewColumn("i4", types.Integer{}),
		sql.NewColumn("i8", types.BigInteger{}),
		sql.NewColumn("f4", types.Float{Precision: 24}),
		sql.NewColumn("f8", types.Double{}),
		sql.NewColumn("num", types.Numeric{Precision: 12, Scale: 3}),
		sql.NewColumn("b", types.Boolean{}),
		sql.NewColumn("t", types.Text{}),
		sql.NewColumn("vc", types.String{Length: 20}),
		sql.NewColumn("by", types.LargeBinary{}),
		sql.NewColumn("tstz", types.DateTime{Timezone: true}),
		sql.NewColumn("ts", types.DateTime{}),
		sql.NewColumn("d", types.Date{}),
		sql.NewColumn("tm", types.Time{}),
		sql.NewColumn("iv", types.Interval{}),
		sql.NewColumn("u", types.UUID{}),
		sql.NewColumn("j", types.JSON{}),
		sql.NewColumn("jb", postgres.JSONB{}),
		sql.NewColumn("arr", postgres.ArrayOf(types.Integer{})),
		// Converters a direct decode must not skip.
		sql.NewColumn("plus", &types.Decorator{Impl: types.Integer{}, FromDB: func(v any) (any, error) { return v.(int64) + 1000, nil }}),
		sql.NewColumn("shout", &types.Decorator{Impl: types.Text{}, FromDB: func(v any) (any, error) { return strings.ToUpper(v.(string)), nil }}),
	)
}

// every is a row with plain fields: the direct decodes (integers,
// floats, booleans, text, bytes, times) and converted ones.
type every struct {
	ID    int64
	I2    int16
	I4    int32
	I8    int64
	F4    float32
	F8    float64
	Num   types.Decimal
	B     bool
	T     string
	Vc    string
	By    []byte
	Tstz  time.Time
	Ts    time.Time
	D     time.Time
	Tm    any
	Iv    any
	U     uuid.UUID
	J     map[string]any
	Jb    any
	Arr   []int64
	Plus  int64
	Shout string
}

// everyPtr holds NULLs.
type everyPtr struct {
	ID    int64
	I2    *int16
	I4    *int32
	I8    *int64
	F4    *float32
	F8    *float64
	Num   *types.Decimal
	B     *bool
	T     *string
	Vc    *string
	By    []byte
	Tstz  *time.Time
	Ts    *time.Time
	D     *time.Time
	Tm    any
	Iv    any
	U     *uuid.UUID
	J     any
	Jb    any
	Arr   []int64
	Plus  *int64
	Shout *string
}

// everyLoose reads a textual statement's columns, which have no types:
// direct decodes where the driver value is the field's type, any for the
// others.
type everyLoose struct {
	ID   int64
	I2   *int16
	I4   *int32
	I8   *int64
	F4   *float32
	F8   *float64
	Num  any
	B    *bool
	T    *string
	Vc   *string
	By   []byte
	Tstz any
	Ts   any
	D    any
	Tm   any
	Iv   any
	U    any
	J    any
	Jb   any
	Arr  any
}

// widened reads integers into wider types, floats into float64, and
// other columns into any and strings (conversions, not direct decodes).
type widened struct {
	ID  int
	I2  int
	I4  int64
	I8  any
	F4  float64
	F8  any
	Num string
	B   any
	T   any
	Vc  []byte
	By  any
	D   any
	U   string
	Iv  any
	// Plus int32 is decoded directly only if its converter is skipped.
	Plus  int32
	Shout string
}

func everyRows() []sql.Values {
	loc := time.FixedZone("X", 5*3600+30*60)
	return []sql.Values{
		{"id": 1, "i2": 12, "i4": 1234, "i8": int64(1) << 60, "f4": 1.5, "f8": 2.25, "num": "12.5",
			"b": true, "t": "text", "vc": "varchar", "by": []byte{0, 1, 2, 255},
			"tstz": time.Date(2024, 3, 4, 5, 6, 7, 123456000, loc), "ts": time.Date(2024, 3, 4, 5, 6, 7, 890000, time.UTC),
			"d": time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC), "tm": time.Date(0, 1, 1, 13, 14, 15, 0, time.UTC),
			"iv": 90 * time.Minute, "u": uuid.MustParse("0b3d8f2e-4a8c-4a6e-9b1e-2f6c0c3d4e5f"),
			"j": map[string]any{"a": 1, "b": []any{"x", true}}, "jb": []any{1, "two"}, "arr": []int64{1, 2, 3}, "plus": 1, "shout": "quiet"},
		{"id": 2},
		{"id": 3, "i2": -32768, "i4": -2147483648, "i8": int64(-1) << 63, "f4": -0.25, "f8": 1e300, "num": "-0.001",
			"b": false, "t": "", "vc": "ünïcode ✓", "by": []byte{},
			"tstz": time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), "ts": time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
			"d": time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "tm": time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC),
			"iv": time.Duration(0), "u": uuid.Nil, "j": map[string]any{}, "jb": "str", "arr": []int64{}, "plus": -5, "shout": ""},
	}
}

// twoEngines returns a native engine and a database/sql engine on one
// schema, with the every table filled.
func twoEngines(t *testing.T) (native, stdlib *engine.Engine, tbl *sql.Table) {
	t.Helper()
	_, u := newSchema(t)
	native, err := engine.Create(u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { native.Close() })
	stdlib, err = engine.Create(u, engine.UseDatabaseSQL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdlib.Close() })
	md := sql.NewMetaData()
	tbl = everyTable(md)
	mustCreate(t, md, native)
	rows := everyRows()
	for k := range rows[0] {
		if _, ok := rows[1][k]; !ok {
			rows[1][k] = nil
		}
	}
	if _, err := native.Execute(context.Background(), tbl.Insert().Values(rows...)); err != nil {
		t.Fatal(err)
	}
	return native, stdlib, tbl
}

func TestNativeRowsMatchDatabaseSQL(t *testing.T) {
	native, stdlib, tbl := twoEngines(t)
	ctx := context.Background()
	conn, err := native.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := conn.Driver().(*pgx.Conn); !ok || conn.Raw() != nil {
		t.Errorf("native connection: Driver %T, Raw %v", conn.Driver(), conn.Raw())
	}
	conn.Close()
	sconn, err := stdlib.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if sconn.Raw() == nil {
		t.Error("database/sql connection without Raw")
	}
	sconn.Close()

	stmts := map[string]sql.Element{
		"select": tbl.Select().OrderBy(tbl.C("id")),
		"text":   sql.Text("SELECT * FROM every ORDER BY id"),
		"returning": tbl.Update().Values(sql.Values{"t": "upd"}).Where(tbl.C("id").Eq(3)).
			Returning(tbl.C("id"), tbl.C("t"), tbl.C("tstz"), tbl.C("num"), tbl.C("arr")),
	}
	for name, st := range stmts {
		t.Run(name, func(t *testing.T) {
			want := nativeRowValues(t, stdlib, st)
			got := nativeRowValues(t, native, st)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("native rows differ:\n got  %#v\n want %#v", got, want)
			}
			if len(want) == 0 {
				t.Error("no rows")
			}
		})
	}
}

func nativeRowValues(t *testing.T, eng *engine.Engine, st sql.Element) [][]any {
	t.Helper()
	rows, err := execOK(t, eng, st).All()
	if err != nil {
		t.Fatal(err)
	}
	out := make([][]any, len(rows))
	for i, r := range rows {
		out[i] = r.Values()
	}
	return out
}

func TestNativeScanMatchesSlowPath(t *testing.T) {
	native, stdlib, tbl := twoEngines(t)
	all := tbl.Select().OrderBy(tbl.C("id"))
	filled := tbl.Select().Where(tbl.C("id").In(1, 3)).OrderBy(tbl.C("id"))
	compareScans[everyPtr](t, native, stdlib, all)
	compareScans[every](t, native, stdlib, filled)
	compareScans[widened](t, native, stdlib, filled)
	compareScans[everyLoose](t, native, stdlib, sql.Text("SELECT * FROM every ORDER BY id"))

	// NULL into a field that cannot hold it fails the same way.
	for _, eng := range []*engine.Engine{native, stdlib} {
		_, err := engine.ScanAll[every](eng.Execute(context.Background(), all))
		if !errors.Is(err, engine.ErrNullValue) {
			t.Errorf("NULL into every: %v", err)
		}
		var se *engine.ScanError
		if !errors.As(err, &se) || se.Column != "i2" {
			t.Errorf("NULL into every: %#v", se)
		}
	}
}

// compareScans reads st into Ts with each reader, on each engine: all
// must agree with database/sql's Row values.
func compareScans[T any](t *testing.T, native, stdlib *engine.Engine, st sql.Element) {
	t.Helper()
	want := scantest.Read[T](t, stdlib, st)
	want.Check(t, "database/sql", want)
	scantest.Read[T](t, native, st).Check(t, "native", want)
}

// TestNativePoolSettings: the URL's options and the engine's pool settings
// reach the native pool, and connections run the dialect's initialization.
func TestNativePoolSettings(t *testing.T) {
	_, u := newSchema(t)
	pu, err := dialect.ParseURL(u)
	if err != nil {
		t.Fatal(err)
	}
	pu.Query = url.Values{"search_path": pu.Query["search_path"], "application_name": {"athanor-native"}}
	eng, err := engine.Create(pu.Render(false), engine.PoolSize(1), engine.MaxOverflow(0))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	ctx := context.Background()
	name, err := execOK(t, eng, sql.Text("SHOW application_name")).Scalar()
	if err != nil || name != "athanor-native" {
		t.Errorf("application_name = %v, %v", name, err)
	}
	// One connection at most: a second Connect waits until the first is
	// returned.
	c1, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if _, err := eng.Connect(short); err == nil {
		t.Error("a second connection was opened beyond MaxOpen 1")
	}
	c1.Close()
	c2, err := eng.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c2.Close()
	// The database/sql view shares the pool.
	var one int
	if err := eng.DB().QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil || one != 1 {
		t.Errorf("DB(): %d, %v", one, err)
	}
}

// TestNativeTransactions: commit, rollback, savepoints, isolation and
// errors on the native pool.
func TestNativeTransactions(t *testing.T) {
	native, _, tbl := twoEngines(t)
	ctx := context.Background()
	count := func() int64 {
		n, err := execOK(t, native, sql.Text("SELECT count(*) FROM every")).Scalar()
		if err != nil {
			t.Fatal(err)
		}
		return n.(int64)
	}
	err := native.Begin(ctx, func(tx *engine.Tx) error {
		if _, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 10})); err != nil {
			return err
		}
		return tx.Transaction(ctx, func(inner *engine.Tx) error {
			if _, err := inner.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 11})); err != nil {
				return err
			}
			return errors.New("undo the inner one")
		})
	})
	if err == nil || count() != 3 {
		t.Errorf("rollback: %v, %d rows", err, count())
	}
	if err := native.Begin(ctx, func(tx *engine.Tx) error {
		_, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 12}))
		return err
	}); err != nil || count() != 4 {
		t.Errorf("commit: %v, %d rows", err, count())
	}
	// A unique violation is an integrity error, with the statement.
	_, err = native.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 12}))
	var dbErr *engine.Error
	if !errors.Is(err, dialect.ErrIntegrity) || !errors.As(err, &dbErr) || dbErr.SQL == "" {
		t.Errorf("duplicate key: %v", err)
	}
	// A failing query fails at Execute, not at the first row.
	if _, err := native.Execute(ctx, sql.Text("SELECT 1/0")); !errors.Is(err, dialect.ErrData) {
		t.Errorf("division by zero: %v", err)
	}
	conn, err := native.Connect(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &stdsql.TxOptions{Isolation: stdsql.LevelSerializable, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	level, err := tx.Execute(ctx, sql.Text("SHOW transaction_isolation"))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := level.Scalar(); v != "serializable" {
		t.Errorf("isolation %v", v)
	}
	if _, err := tx.Execute(ctx, tbl.Insert().Values(sql.Values{"id": 13})); err == nil {
		t.Error("a read-only transaction wrote")
	}
	if err := tx.Rollback(); err != nil {
		t.Error(err)
	}
	// Rows left open are closed by ending the transaction.
	tx, err = conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := tx.Execute(ctx, tbl.Select())
	if err != nil {
		t.Fatal(err)
	}
	_ = res
	if err := tx.Commit(); err != nil {
		t.Errorf("commit with rows open: %v", err)
	}
	if _, err := conn.Execute(ctx, sql.Text("SELECT 1")); err != nil {
		t.Errorf("the connection after: %v", err)
	}
}

// TestNativeResultAfterConnectionReused: the rows of a statement describe
// their columns from the connection's field descriptions, which the next
// statement on that connection overwrites once the rows have ended (a
// pool of one connection makes it the same one): a result read to the
// end still has its own keys, and a second result read the same way its
// own values.
func TestNativeResultAfterConnectionReused(t *testing.T) {
	_, u := newSchema(t)
	eng, err := engine.Create(u, engine.PoolSize(1), engine.MaxOverflow(0))
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	type ab struct{ A, B int64 }
	for range 3 {
		first := execOK(t, eng, sql.Text("SELECT 1::int8 AS a, 2::int8 AS b").Columns(sql.LiteralColumn("a", types.BigInteger{}), sql.LiteralColumn("b", types.BigInteger{})))
		got, err := engine.ScanAll[ab](first, nil)
		if err != nil || len(got) != 1 || got[0] != (ab{1, 2}) {
			t.Fatalf("first: %v, %v", got, err)
		}
		second := execOK(t, eng, sql.Text("SELECT 'x' AS c, 3::int8 AS d, 4::int8 AS e"))
		if rows, err := second.All(); err != nil || len(rows) != 1 {
			t.Fatalf("second: %v, %v", rows, err)
		}
		if keys := first.Keys(); !slices.Equal(keys, []string{"a", "b"}) {
			t.Errorf("first result's keys after the second statement: %v", keys)
		}
		if keys := second.Keys(); !slices.Equal(keys, []string{"c", "d", "e"}) {
			t.Errorf("second result's keys: %v", keys)
		}
	}
}
