package inspect_test

import (
	"testing"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestGenericTypesRoundTrip creates a column of each generic type, in
// each of its forms, on every database, reflects the table and compares:
// no difference.
func TestGenericTypesRoundTrip(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b *backend) {
		suffix := unique("gaps_gt")
		md := sql.NewMetaData()
		cols := []types.Type{
			types.Integer{}, types.SmallInteger{}, types.BigInteger{}, types.Boolean{}, types.Boolean{CreateConstraint: true},
			types.String{Length: 20}, types.Text{}, types.Numeric{Precision: 10, Scale: 2}, types.Numeric{Precision: 7},
			types.Float{}, types.Float{Precision: 10}, types.Float{Precision: 40}, types.Double{},
			types.Date{}, types.Time{}, types.DateTime{}, types.DateTime{Timezone: true},
			types.Interval{}, types.LargeBinary{}, types.JSON{}, types.UUID{},
			types.Enum{Name: "gaps_e_" + suffix, Values: []string{"Up", "down"}},
			types.Enum{Values: []string{"a", "bb"}, NonNative: true},
		}
		items := []sql.TableItem{sql.NewColumn("id", types.Integer{}, sql.PrimaryKey())}
		for i, typ := range cols {
			items = append(items, sql.NewColumn(string(rune('a'+i)), typ))
		}
		md.Table("t_"+suffix, items...)
		create(t, b, md)
		noDifferences(t, b.dialect(t), md, reflectInto(t, b, md))
	})
}
