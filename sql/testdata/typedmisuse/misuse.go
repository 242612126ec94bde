// Package typedmisuse holds calls that must not compile: each line marked
// ERROR is a misuse of a typed column that the compiler rejects with a
// message matching the quoted regular expression. TestTypedMisuseDoesNotCompile
// builds this file and checks every mark.
package typedmisuse

import (
	"time"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

var (
	id      = sql.NumberColumn[int64]("id", nil)
	score   = sql.NumberColumn[int32]("score", nil)
	price   = sql.NumberColumn[types.Decimal]("price", nil)
	name    = sql.StringColumn("name", nil)
	created = sql.TypedColumn[time.Time]("created", nil)
	active  = sql.TypedColumn[bool]("active", nil)
)

func misuse() {
	_ = id.Eq("5")                           // ERROR `cannot use "5" \(untyped string constant\) as int64 value`
	_ = id.Gt(1.5)                           // ERROR `cannot use 1.5 \(untyped float constant\) as int64 value`
	_ = id.In(1, "2")                        // ERROR `cannot use "2" \(untyped string constant\) as int64 value`
	_ = id.Between(1, "x")                   // ERROR `cannot use "x" \(untyped string constant\) as int64 value`
	_ = name.Eq(5)                           // ERROR `cannot use 5 \(untyped int constant\) as string value`
	_ = created.Lt("2024-01-01")             // ERROR `cannot use "2024-01-01" \(untyped string constant\) as "?time"?\.Time value`
	_ = active.Eq(1)                         // ERROR `cannot use 1 \(untyped int constant\) as bool value`
	_ = id.Add(1.5)                          // ERROR `cannot use 1.5 \(untyped float constant\) as int64 value`
	_ = price.Mul(2)                         // ERROR `cannot use 2 \(untyped int constant\) as types.Decimal value`
	_ = id.EqExpr(score)                     // ERROR `type sql.NumCol\[int32\] of score does not match|cannot use score`
	_ = id.AddExpr(name)                     // ERROR `does not match|cannot use name`
	_ = name.Add(1)                          // ERROR `ambiguous selector name.Add`
	_ = created.Add(time.Hour)               // ERROR `ambiguous selector created.Add`
	_ = id.Like("1%")                        // ERROR `ambiguous selector id.Like`
	_ = id.StartsWith("1")                   // ERROR `ambiguous selector id.StartsWith`
	_ = active.Is(nil)                       // ERROR `ambiguous selector active.Is`
	_ = name.Op(sql.OpAdd, 1)                // ERROR `ambiguous selector name.Op`
	_ = id.Concat("x")                       // ERROR `ambiguous selector id.Concat`
	_ = name.Like(5)                         // ERROR `cannot use 5 \(untyped int constant\) as string value`
	_ = sql.SumOf(name)                      // ERROR `string does not satisfy ("[^"]*/)?sql"?\.Number|cannot use name|does not match`
	var _ sql.NumExpr[int64] = sql.MaxOf(id) // ERROR `cannot use sql.MaxOf\(id\)`
	_ = id.To("1")                           // ERROR `cannot use "1" \(untyped string constant\) as int64 value`
}
