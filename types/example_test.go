package types_test

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

func ExampleParseDecimal() {
	price, err := types.ParseDecimal("19.90")
	if err != nil {
		panic(err)
	}
	fmt.Println(price, price.Scale())

	// Exact arithmetic goes through math/big; the scale is chosen on the
	// way back.
	total := new(big.Rat).Mul(price.Rat(), big.NewRat(3, 1))
	fmt.Println(types.DecimalFromRat(total, 2))

	// Comparison ignores the scale.
	fmt.Println(price.Cmp(types.MustDecimal("19.9")))

	_, err = types.ParseDecimal("NaN")
	fmt.Println(errors.Is(err, types.ErrInvalidDecimal))
	// Output:
	// 19.90 2
	// 59.70
	// 0
	// true
}

func ExampleDecimal_Rescale() {
	d := types.MustDecimal("2.345")
	fmt.Println(d.Rescale(2))  // half away from zero
	fmt.Println(d.Rescale(5))  // more digits: exact
	fmt.Println(d.Rescale(-1)) // to tens
	fmt.Println(types.MustDecimal("-2.345").Rescale(2))
	// Output:
	// 2.35
	// 2.34500
	// 0
	// -2.35
}

// Level is a Go enum that the database stores by name.
type Level int

const (
	Debug Level = iota
	Info
	Warn
)

var levelNames = []string{"debug", "info", "warn"}

func ExampleDecorate() {
	// A VARCHAR column whose Go values are Level.
	levelType := types.Decorate(types.String{Length: 8},
		func(l Level) (any, error) {
			if l < 0 || int(l) >= len(levelNames) {
				return nil, fmt.Errorf("no level %d", l)
			}
			return levelNames[l], nil
		},
		func(v any) (Level, error) {
			for i, name := range levelNames {
				if v == name {
					return Level(i), nil
				}
			}
			return 0, fmt.Errorf("unknown level %v", v)
		})

	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	md := sql.NewMetaData()
	logs := md.Table("logs",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("level", levelType),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		panic(err)
	}
	for _, l := range []Level{Warn, Debug} {
		if _, err := eng.Execute(ctx, logs.Insert().Values(sql.Values{"level": l})); err != nil {
			panic(err)
		}
	}
	levels, err := engine.ScanAll[Level](eng.Execute(ctx,
		sql.NewSelect(logs.C("level")).OrderBy(logs.C("id"))))
	fmt.Println(levels, err)

	// The program's values are checked on the way in.
	_, err = eng.Execute(ctx, logs.Insert().Values(sql.Values{"level": Level(9)}))
	var ce *types.ConversionError
	fmt.Println(errors.As(err, &ce))
	// Output:
	// [2 0] <nil>
	// true
}

func ExampleEnumOf() {
	type Color string
	const (
		Red   Color = "red"
		Green Color = "green"
	)
	colorType := types.EnumOf(types.Enum{Name: "color"}, Red, Green)

	v, err := colorType.BindConverter()(Green)
	fmt.Println(v, err)
	_, err = colorType.BindConverter()(Color("blue"))
	fmt.Println(errors.Is(err, types.ErrNotInEnum))
	fmt.Println(strings.Contains(err.Error(), `allowed values are "red", "green"`))
	// Output:
	// green <nil>
	// true
	// true
}

func ExampleParseInterval() {
	for _, s := range []string{"1 day 02:03:04.5", "P1DT2H", "@ 3 mins ago", "90s"} {
		d, err := types.ParseInterval(s)
		fmt.Println(d, err)
	}
	_, err := types.ParseInterval("1 mon")
	fmt.Println(errors.Is(err, types.ErrInvalidInterval))
	// Output:
	// 26h3m4.5s <nil>
	// 26h0m0s <nil>
	// -3m0s <nil>
	// 1m30s <nil>
	// true
}

func ExampleJSONOf() {
	type Prefs struct {
		Theme string `json:"theme"`
		Seed  int64  `json:"seed"`
	}
	ctx := context.Background()
	eng, err := engine.Create("sqlite://")
	if err != nil {
		panic(err)
	}
	defer eng.Close()
	md := sql.NewMetaData()
	users := md.Table("users",
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("prefs", types.JSONOf[Prefs]{}),
	)
	if err := md.CreateAll(ctx, eng); err != nil {
		panic(err)
	}
	in := Prefs{Theme: "dark", Seed: 9007199254740993} // beyond float64's exact integers
	if _, err := eng.Execute(ctx, users.Insert().Values(sql.Values{"prefs": in})); err != nil {
		panic(err)
	}
	out, err := engine.ScanOne[any](eng.Execute(ctx, sql.NewSelect(users.C("prefs"))))
	fmt.Printf("%+v %v\n", out, err)
	// Output:
	// {Theme:dark Seed:9007199254740993} <nil>
}

// A JSON column that is JSONB on PostgreSQL and LONGTEXT on MySQL and
// MariaDB: each dialect renders (and converts values with) its own
// choice, the others the base type.
func ExampleWithVariant() {
	doc := types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{}).With("mysql", types.Text{})
	tbl := sql.NewTable("doc", sql.NewColumn("data", doc))
	for _, d := range []dialect.Dialect{postgres.New(), mysql.NewMariaDB(), sqlite.New()} {
		c, err := sql.Compile(sql.NewCreateTable(tbl), d)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(d.Name()+":", c.SQL)
	}
	// What knows no dialect follows the base type.
	fmt.Println(doc.Affinity(), types.Underlying(doc))
	// Output:
	// postgresql: CREATE TABLE doc (data JSONB)
	// mariadb: CREATE TABLE doc (data LONGTEXT)
	// sqlite: CREATE TABLE doc (data JSON)
	// json JSON
}
