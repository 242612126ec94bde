package probe

import (
	"context"
	"fmt"
	"testing"

	"net/netip"

	_ "github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/engine"
)

func TestProbe(t *testing.T) {
	ctx := context.Background()
	eng, err := engine.Create("postgresql://postgres@127.0.0.1:5432/test")
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	db := eng.DB()
	db.ExecContext(ctx, "DROP TABLE IF EXISTS probe_net")
	_, err = db.ExecContext(ctx, "CREATE TABLE probe_net (i inet, c cidr, m macaddr, r int4range, tr tstzrange, n numrange, d daterange, m8 macaddr8)")
	fmt.Println(err)
	_, err = db.ExecContext(ctx, "INSERT INTO probe_net VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", "192.168.1.5/24", "10.0.0.0/8", "08:00:2b:01:02:03", "[1,10]", `["2024-01-01 10:00:00+02","2024-01-02 00:00:00+00")`, "(1.5,2.25]", "[2024-01-01,2024-02-01)", "08:00:2b:01:02:03:04:05")
	fmt.Println("strings:", err)
	_, err = db.ExecContext(ctx, "INSERT INTO probe_net (i, c) VALUES ($1, $2)", netip.MustParseAddr("::1"), netip.MustParsePrefix("2001:db8::/32"))
	fmt.Println("netip:", err)
	_, err = db.ExecContext(ctx, "INSERT INTO probe_net (r, tr) VALUES ($1, $2)", "empty", "(,)")
	fmt.Println("empty:", err)
	rows, err := db.QueryContext(ctx, "SELECT * FROM probe_net")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		vals := make([]any, 8)
		ptrs := make([]any, 8)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		for _, v := range vals {
			fmt.Printf("%T %v | ", v, v)
		}
		fmt.Println()
	}
	db.ExecContext(ctx, "DROP TABLE probe_net")
}
