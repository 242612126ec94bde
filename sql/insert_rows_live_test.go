package sql_test

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// rowsLiveTable has a column with a bind converter (stored upper-cased),
// a Go function default and a constant default.
var rowsLiveTable = sql.NewTable("live_rows",
	sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
	sql.NewColumn("name", types.String{Length: 30}),
	sql.NewColumn("code", &types.Decorator{Impl: types.String{Length: 10}, ToDB: func(v any) (any, error) { return strings.ToUpper(fmt.Sprint(v)), nil }}),
	sql.NewColumn("qty", types.Integer{}, sql.Default(func() any { return 5 })),
	sql.NewColumn("grp", types.String{Length: 5}, sql.Default("g")),
)

// TestLiveInsertRows inserts rows given by position (and by map after
// them) on every live database, twice, so that the second statement is
// bound from the compiled cache with its own values, and reads them back.
func TestLiveInsertRows(t *testing.T) {
	urls := map[string]string{"sqlite": "sqlite://"}
	for name, env := range map[string]string{"mysql": "ATHANOR_TEST_MYSQL_URL", "postgresql": "ATHANOR_TEST_POSTGRES_URL"} {
		if url := os.Getenv(env); url != "" {
			urls[name] = url
		} else if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not set, and CI=true requires the live tests to run", env)
		}
	}
	for name, url := range urls {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			eng, err := engine.Create(url)
			if err != nil {
				t.Fatal(err)
			}
			drop := &sql.DropTable{Table: rowsLiveTable, IfExists: true}
			if err := eng.ExecDDL(ctx, drop); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				eng.ExecDDL(ctx, drop)
				eng.Close()
			})
			if err := eng.ExecDDL(ctx, sql.NewCreateTable(rowsLiveTable)); err != nil {
				t.Fatal(err)
			}
			insert := func(base int) error {
				stmt := rowsLiveTable.Insert().Rows([]string{"id", "name", "code"},
					[]any{base, fmt.Sprint("n", base), "ab"},
					[]any{base + 1, sql.Func("upper", fmt.Sprint("m", base)), nil},
					[]any{base + 2, nil, fmt.Sprint("c", base)},
				).Values(
					sql.Values{"id": base + 3, "name": "v", "code": nil, "qty": base, "grp": "h"},
					sql.Values{"id": base + 4, "name": "w", "code": "z"},
				)
				_, err := eng.Execute(ctx, stmt)
				return err
			}
			before := eng.CacheStats()
			for _, base := range []int{10, 20} {
				if err := insert(base); err != nil {
					t.Fatal(err)
				}
			}
			if after := eng.CacheStats(); after.Hits <= before.Hits {
				t.Errorf("the second INSERT was not found in the cache: %+v then %+v", before, after)
			}
			type row struct {
				ID   int64
				Name *string
				Code *string
				Qty  int64
				Grp  string
			}
			got, err := engine.ScanAll[row](eng.Execute(ctx, sql.NewSelect(rowsLiveTable).OrderBy(rowsLiveTable.C("id"))))
			if err != nil {
				t.Fatal(err)
			}
			s := func(v string) *string { return &v }
			var want []row
			for _, b := range []int64{10, 20} {
				want = append(want,
					row{b, s(fmt.Sprint("n", b)), s("AB"), 5, "g"},
					row{b + 1, s(fmt.Sprint("M", b)), nil, 5, "g"},
					row{b + 2, nil, s(fmt.Sprint("C", b)), 5, "g"},
					row{b + 3, s("v"), nil, b, "h"},
					row{b + 4, s("w"), s("Z"), 5, "g"},
				)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("rows read back:\n got %s\nwant %s", show(got), show(want))
			}
		})
	}
}

// show prints values with the strings their pointers point to.
func show[T any](rows []T) string {
	var b strings.Builder
	for _, r := range rows {
		v := reflect.ValueOf(r)
		b.WriteString("{")
		for i := range v.NumField() {
			f := v.Field(i)
			if f.Kind() == reflect.Pointer {
				if f.IsNil() {
					b.WriteString("nil ")
				} else {
					fmt.Fprintf(&b, "%v ", f.Elem())
				}
				continue
			}
			fmt.Fprintf(&b, "%v ", f)
		}
		b.WriteString("} ")
	}
	return b.String()
}
