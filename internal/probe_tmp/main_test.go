package probe

import (
	"context"
	"fmt"
	"math"
	"testing"

	_ "github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func TestProbe(t *testing.T) {
	ctx := context.Background()
	for _, u := range []string{"mysql://root@127.0.0.1:3306/test", "mysql://root@127.0.0.1:3306/test?interpolateParams=true"} {
		eng, err := engine.Create(u)
		if err != nil {
			t.Fatal(err)
		}
		md := sql.NewMetaData()
		tb := md.Table("probe_nan", sql.NewColumn("d", types.Double{}), sql.NewColumn("f", types.Float{}))
		md.DropAll(ctx, eng)
		fmt.Println(md.CreateAll(ctx, eng))
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			_, err := eng.Execute(ctx, tb.Insert().Values(sql.Values{"d": v, "f": v}))
			fmt.Println(v, err)
		}
		res, _ := eng.Execute(ctx, tb.Select())
		rows, _ := res.All()
		for _, r := range rows {
			fmt.Println(r.Values())
		}
		md.DropAll(ctx, eng)
		eng.Close()
	}
}
