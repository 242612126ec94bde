package mysql_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestDialectTypesLive writes edge values of the dialect's own types, and
// of variants, through the binary protocol (prepared statements) and the
// text one (interpolated parameters), and reads them back unchanged.
func TestDialectTypesLive(t *testing.T) {
	withOptions(t, []string{"", "interpolateParams=true"}, dialectTypesRoundTrip)
}

func dialectTypesRoundTrip(t *testing.T, eng *engine.Engine) {
	ctx := context.Background()
	perms := mysql.Set{Values: []string{"read", "write", "it's", "😀"}}
	bigText := strings.Repeat("x😀", 30000) // 150 kB: more than TEXT holds
	blob := bytes.Repeat([]byte{0, 0xff, 'a', '\\', '\''}, 3<<20/5)
	md := sql.NewMetaData()
	name := unique("dtypes")
	tbl := md.Table(name,
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey(), sql.Autoincrement(false)),
		sql.NewColumn("ti", mysql.TinyInt{}),
		sql.NewColumn("tiu", mysql.TinyInt{Unsigned: true}),
		sql.NewColumn("siu", mysql.SmallInt{Unsigned: true}),
		sql.NewColumn("mi", mysql.MediumInt{}),
		sql.NewColumn("miu", mysql.MediumInt{Unsigned: true}),
		sql.NewColumn("iu", mysql.Int{Unsigned: true}),
		sql.NewColumn("bi", mysql.BigInt{}),
		sql.NewColumn("biu", mysql.BigInt{Unsigned: true}),
		sql.NewColumn("tt", mysql.TinyText{}),
		sql.NewColumn("tx", mysql.Text{}),
		sql.NewColumn("mt", mysql.MediumText{}),
		sql.NewColumn("lt", mysql.LongText{Collation: "utf8mb4_bin"}),
		sql.NewColumn("tb", mysql.TinyBlob{}),
		sql.NewColumn("mb", mysql.MediumBlob{}),
		sql.NewColumn("yr", mysql.Year{}),
		sql.NewColumn("b1", mysql.Bit{}),
		sql.NewColumn("b64", mysql.Bit{Length: 64}),
		sql.NewColumn("perms", perms),
		// Variants: a MEDIUMTEXT here, TEXT elsewhere; a "mariadb"
		// variant before the "mysql" one on MariaDB.
		sql.NewColumn("vt", types.WithVariant(types.Text{}, "mysql", mysql.MediumText{})),
		sql.NewColumn("vn", types.WithVariant(types.Integer{}, "mysql", mysql.MediumInt{Unsigned: true}).With("mariadb", mysql.TinyInt{Unsigned: true})),
	)
	mustCreate(t, md, eng)
	mariadb := eng.Dialect().Name() == "mariadb"
	wantTypes := "id:int(11) ti:tinyint(4) tiu:tinyint(3) unsigned siu:smallint(5) unsigned mi:mediumint(9) miu:mediumint(8) unsigned " +
		"iu:int(10) unsigned bi:bigint(20) biu:bigint(20) unsigned tt:tinytext tx:text mt:mediumtext lt:longtext tb:tinyblob mb:mediumblob " +
		"yr:year(4) b1:bit(1) b64:bit(64) perms:set('read','write','it''s','😀') vt:mediumtext vn:mediumint(8) unsigned"
	if mariadb {
		wantTypes = strings.Replace(wantTypes, "vn:mediumint(8) unsigned", "vn:tinyint(3) unsigned", 1)
	} else {
		// MySQL 8 shows no display widths.
		for _, w := range []string{"(11)", "(4)", "(3)", "(5)", "(9)", "(8)", "(10)", "(20)"} {
			wantTypes = strings.ReplaceAll(wantTypes, w, "")
		}
	}
	// information_schema keeps 3-byte UTF-8 on MariaDB: the emoji member
	// of the SET shows as '?' there (its values below come back whole).
	got := rawQuery(t, eng, "SELECT GROUP_CONCAT(column_name, ':', column_type ORDER BY ordinal_position SEPARATOR ' ') FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ?", name)
	if got = strings.Replace(got, "'it''s','?')", "'it''s','😀')", 1); got != wantTypes {
		t.Fatalf("column types\n got: %s\nwant: %s", got, wantTypes)
	}
	vnMax := int64(255)
	if !mariadb {
		vnMax = 16777215
	}
	rows := []sql.Values{
		{"id": 1, "ti": int64(math.MinInt8), "tiu": int64(math.MaxUint8), "siu": int64(math.MaxUint16), "mi": int64(-8388608),
			"miu": int64(16777215), "iu": int64(math.MaxUint32), "bi": int64(math.MinInt64), "biu": uint64(math.MaxUint64),
			"tt": strings.Repeat("é", 127) + "x", "tx": strings.Repeat("a😀", 13000), "mt": bigText, "lt": "Ünïcode 𝄞",
			"tb": []byte{0, 1, 2, 255}, "mb": blob, "yr": int64(1901), "b1": uint64(1), "b64": uint64(math.MaxUint64),
			"perms": []string{"read", "write", "it's", "😀"}, "vt": bigText, "vn": vnMax},
		{"id": 2, "ti": int64(math.MaxInt8), "tiu": int64(0), "siu": int64(0), "mi": int64(8388607), "miu": int64(0),
			"iu": int64(0), "bi": int64(math.MaxInt64), "biu": uint64(0), "tt": "", "tx": "", "mt": "", "lt": "",
			"tb": []byte{}, "mb": []byte{}, "yr": int64(2155), "b1": uint64(0), "b64": uint64(1) << 63,
			"perms": []string{}, "vt": "", "vn": int64(0)},
		{"id": 3, "yr": int64(0), "perms": []string{"😀"}, "biu": uint64(math.MaxInt64) + 1},
		{"id": 4},
	}
	for _, r := range rows {
		execOK(t, eng, tbl.Insert().Values(r))
	}
	results := all(t, eng, tbl.Select().OrderBy(tbl.C("id")))
	if len(results) != len(rows) {
		t.Fatalf("%d rows", len(results))
	}
	for i, want := range rows {
		m := results[i].Map()
		for _, col := range tbl.Columns() {
			w, ok := want[col.Name()]
			if !ok {
				w = nil
			}
			if x, isInt := w.(int); isInt {
				w = int64(x)
			}
			if !reflect.DeepEqual(m[col.Name()], w) {
				t.Errorf("row %d column %s: got %T %s, want %T %s", i+1, col.Name(), m[col.Name()], short(m[col.Name()]), w, short(w))
			}
		}
	}
	// Strict mode: the database refuses what does not fit.
	for _, bad := range []sql.Values{{"id": 9, "tiu": 256}, {"id": 9, "yr": 1900}, {"id": 9, "tt": strings.Repeat("x", 256)}} {
		if _, err := eng.Execute(ctx, tbl.Insert().Values(bad)); !errors.Is(err, dialect.ErrDBAPI) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	// Client side: a SET member outside the set, a negative unsigned.
	for _, bad := range []sql.Values{{"id": 9, "perms": []string{"root"}}, {"id": 9, "biu": -1}} {
		var ce *types.ConversionError
		if _, err := eng.Execute(ctx, tbl.Insert().Values(bad)); !errors.As(err, &ce) {
			t.Errorf("%v: %v", bad, err)
		}
	}
	// FIND_IN_SET and comparisons work on the stored values.
	ids, err := engine.ScanAll[int64](eng.Execute(ctx, sql.NewSelect(tbl.C("id")).
		Where(sql.Func("find_in_set", "it's", tbl.C("perms")).Gt(0), tbl.C("biu").Eq(uint64(math.MaxUint64))).OrderBy(tbl.C("id"))))
	if err != nil || !reflect.DeepEqual(ids, []int64{1}) {
		t.Fatalf("query: %v %v", ids, err)
	}
}

// NaN and infinities are conversion errors on both protocols, not a
// database error (prepared statements) or SQL text with a bare NaN
// (interpolated parameters).
func TestNonFiniteFloatsLive(t *testing.T) {
	withOptions(t, []string{"", "interpolateParams=true"}, func(t *testing.T, eng *engine.Engine) {
		md := sql.NewMetaData()
		tbl := md.Table(unique("floats"), sql.NewColumn("d", types.Double{}), sql.NewColumn("f", types.Float{}))
		mustCreate(t, md, eng)
		for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
			for _, col := range []string{"d", "f"} {
				_, err := eng.Execute(context.Background(), tbl.Insert().Values(sql.Values{col: v}))
				if !errors.Is(err, types.ErrOutOfRange) {
					t.Errorf("%s = %v: %v", col, v, err)
				}
			}
		}
		execOK(t, eng, tbl.Insert().Values(sql.Values{"d": -math.MaxFloat64, "f": float32(-3.25)}))
		if got := rowsText(t, eng, sql.NewSelect(tbl.C("d"), tbl.C("f"))); got != "-1.7976931348623157e+308 -3.25" {
			t.Fatalf("largest floats: %s", got)
		}
	})
}
