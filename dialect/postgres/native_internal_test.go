package postgres

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/athanordb/athanor/dialect"
)

// TestOpenPoolDurations: the engine's pool settings reach pgxpool, and
// "no limit" is said so that pgxpool never expires a connection by age
// (and reads no clock for it at each checkout and return) nor by
// idleness.
func TestOpenPoolDurations(t *testing.T) {
	u, err := dialect.ParseURL("postgresql://nobody@127.0.0.1:1/none")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		cfg                    dialect.PoolConfig
		wantLifetime, wantIdle time.Duration
	}{
		{dialect.PoolConfig{}, 0, math.MaxInt64},
		{dialect.PoolConfig{MaxLifetime: time.Minute, MaxIdleTime: time.Second}, time.Minute, time.Second},
	} {
		p, err := New().OpenPool(u, tt.cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := p.(*nativePool).pool.Config()
		if c.MaxConnLifetime != tt.wantLifetime || c.MaxConnIdleTime != tt.wantIdle {
			t.Errorf("%+v: lifetime %v, idle %v; want %v, %v", tt.cfg, c.MaxConnLifetime, c.MaxConnIdleTime, tt.wantLifetime, tt.wantIdle)
		}
		p.Close()
	}
}

// TestPlansByPosition: the plans remembered per column position are
// those of the column's type and Go type, whatever another statement
// used at that position before.
func TestPlansByPosition(t *testing.T) {
	p := &connPlans{m: pgtype.NewMap(), scans: map[scanKey]pgtype.ScanPlan{}, values: map[scanKey]valueFunc{}}
	eight := binary.BigEndian.AppendUint64(nil, 42)
	for range 3 {
		for _, i := range []int{0, 3, 20} {
			var n int64
			if err := p.scanPlanAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode, int64Type).Scan(eight, &n); err != nil || n != 42 {
				t.Errorf("int8 at %d: %d, %v", i, n, err)
			}
			var s string
			if err := p.scanPlanAt(i, pgtype.TextOID, pgtype.TextFormatCode, stringType).Scan([]byte("hi"), &s); err != nil || s != "hi" {
				t.Errorf("text at %d: %q, %v", i, s, err)
			}
			var d int
			if err := p.scanPlanAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode, intType).Scan(eight, &d); err != nil || d != 42 {
				t.Errorf("int8 into int at %d: %d, %v", i, d, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.Int8OID, pgtype.BinaryFormatCode)(eight); err != nil || v != int64(42) {
				t.Errorf("int8 value at %d: %#v, %v", i, v, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.Int8OID, pgtype.TextFormatCode)([]byte("42")); err != nil || v != int64(42) {
				t.Errorf("int8 text value at %d: %#v, %v", i, v, err)
			}
			if v, err := p.valueFuncAt(i, pgtype.TextOID, pgtype.TextFormatCode)([]byte("hi")); err != nil || v != "hi" {
				t.Errorf("text value at %d: %#v, %v", i, v, err)
			}
		}
	}
}
