package postgres

import (
	"math"
	"testing"
	"time"

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
