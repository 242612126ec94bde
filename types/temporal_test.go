package types_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/athanordb/athanor/types"
)

var (
	plus2    = time.FixedZone("", 2*3600)
	minus530 = time.FixedZone("", -(5*3600 + 30*60))
)

func TestDateResult(t *testing.T) {
	runConv(t, types.Date{}.ResultConverter(), []convCase{
		{in: "2024-02-29", want: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{in: []byte("0001-01-01"), want: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "time keeps its calendar date", in: time.Date(2024, 3, 1, 23, 30, 0, 0, minus530), want: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{name: "datetime text", in: "2024-03-01 10:00:00", want: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)},
		{in: "2024-02-30", err: errAny},
		{in: "yesterday", err: errAny},
		{in: int64(5), err: types.ErrUnsupportedValue},
	})
	if (types.Date{}).BindConverter() != nil {
		t.Error("Date binds time.Time as it is")
	}
}

func TestTimeBind(t *testing.T) {
	clock := time.Date(0, 1, 1, 13, 14, 15, 123456789, plus2)
	runConv(t, types.Time{}.BindConverter(), []convCase{
		{in: clock, want: "13:14:15.123456"},
		{in: time.Date(0, 1, 1, 8, 0, 0, 0, time.UTC), want: "08:00:00"},
		{in: &clock, want: "13:14:15.123456"},
		{name: "nil pointer", in: (*time.Time)(nil), want: nil},
		{in: "10:00", want: "10:00"},
	})
	runConv(t, types.Time{Timezone: true}.BindConverter(), []convCase{
		{in: clock, want: "13:14:15.123456+02:00"},
		{in: time.Date(0, 1, 1, 8, 0, 0, 0, time.UTC), want: "08:00:00Z"},
		{in: time.Date(0, 1, 1, 8, 0, 0, 0, minus530), want: "08:00:00-05:30"},
	})
}

func TestTimeResult(t *testing.T) {
	at := func(h, m, s, ns int, loc *time.Location) time.Time { return time.Date(0, 1, 1, h, m, s, ns, loc) }
	runConv(t, types.Time{}.ResultConverter(), []convCase{
		{in: "13:14:15", want: at(13, 14, 15, 0, time.UTC)},
		{in: []byte("13:14:15.000001"), want: at(13, 14, 15, 1000, time.UTC)},
		{in: "13:14", want: at(13, 14, 0, 0, time.UTC)},
		{in: "13:14:15+02:00", want: at(13, 14, 15, 0, plus2)},
		{in: "13:14:15.5-05:30", want: at(13, 14, 15, 5e8, minus530)},
		{in: "13:14:15+02", want: at(13, 14, 15, 0, plus2)},
		{name: "time of a full timestamp", in: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC), want: at(7, 8, 9, 0, time.UTC)},
		{name: "MySQL duration", in: 90 * time.Minute, want: at(1, 30, 0, 0, time.UTC)},
		{name: "negative duration", in: -time.Second, err: types.ErrOutOfRange},
		{name: "24h", in: 24 * time.Hour, err: types.ErrOutOfRange},
		{in: "25:00:00", err: errAny},
		{in: 1.5, err: types.ErrUnsupportedValue},
	})
	if (types.Time{Timezone: true}).String() != "TIME WITH TIME ZONE" || (types.Time{}).String() != "TIME" {
		t.Error("Time.String")
	}
}

func TestDateTimeResult(t *testing.T) {
	want := time.Date(2024, 2, 29, 13, 14, 15, 123456000, time.UTC)
	runConv(t, types.DateTime{Timezone: true}.ResultConverter(), []convCase{
		{in: "2024-02-29 13:14:15.123456", want: want},
		{in: "2024-02-29T13:14:15.123456", want: want},
		{in: "2024-02-29T13:14:15.123456Z", want: want},
		{in: []byte("2024-02-29 15:14:15.123456+02:00"), want: want.In(plus2)},
		{in: "2024-02-29 15:14:15.123456+02", want: want.In(plus2)},
		{in: "2024-02-29T07:44:15.123456-05:30", want: want.In(minus530)},
		{in: "2024-02-29 13:14:15.123456+00:00:00", want: want},
		{in: "2024-02-29 13:14", want: time.Date(2024, 2, 29, 13, 14, 0, 0, time.UTC)},
		{in: "2024-02-29", want: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{in: want.In(plus2), want: want.In(plus2)},
		{in: "infinity", err: errAny},
		{in: int64(0), err: types.ErrUnsupportedValue},
	})
	if (types.DateTime{}).BindConverter() != nil {
		t.Error("DateTime binds time.Time as it is; dialects adapt it")
	}
	if (types.DateTime{Timezone: true}).String() != "TIMESTAMP WITH TIME ZONE" || (types.DateTime{}).String() != "TIMESTAMP" {
		t.Error("DateTime.String")
	}
}

func TestIntervalResult(t *testing.T) {
	runConv(t, types.Interval{}.ResultConverter(), []convCase{
		{in: 90 * time.Second, want: 90 * time.Second},
		{name: "microseconds", in: int64(1500000), want: 1500 * time.Millisecond},
		{name: "negative microseconds", in: int64(-1), want: -time.Microsecond},
		{name: "float microseconds", in: 2.5e6, want: 2500 * time.Millisecond},
		{name: "microseconds beyond Duration", in: int64(math.MaxInt64), err: types.ErrOutOfRange},
		{name: "float beyond Duration", in: 1e30, err: types.ErrOutOfRange},
		{name: "NaN", in: math.NaN(), err: types.ErrOutOfRange},
		{in: "1 day 02:03:04.5", want: 26*time.Hour + 3*time.Minute + 4500*time.Millisecond},
		{in: []byte("-00:00:01"), want: -time.Second},
		{in: "1 mon", err: types.ErrInvalidInterval},
		{in: true, err: types.ErrUnsupportedValue},
	})
	if (types.Interval{}).BindConverter() != nil {
		t.Error("Interval binds time.Duration as it is; dialects adapt it")
	}
}

func TestParseInterval(t *testing.T) {
	const day = 24 * time.Hour
	cases := []struct {
		in   string
		want time.Duration
		err  error
	}{
		{in: "1h2m3.5s", want: time.Hour + 2*time.Minute + 3500*time.Millisecond},
		{in: "-90s", want: -90 * time.Second},
		{in: "0", want: 0},
		{in: "1 day 02:03:04.5", want: day + 2*time.Hour + 3*time.Minute + 4500*time.Millisecond},
		{in: "3 days", want: 3 * day},
		{in: "-1 days +02:00:00", want: -day + 2*time.Hour},
		{in: "-1 days -02:00:00", want: -day - 2*time.Hour},
		{in: "00:00:00.000001", want: time.Microsecond},
		{in: "-00:00:01", want: -time.Second},
		{in: "100:00:00", want: 100 * time.Hour},
		{in: "12:30", want: 12*time.Hour + 30*time.Minute},
		{in: "@ 1 day 2 hours 3 mins 4.5 secs", want: day + 2*time.Hour + 3*time.Minute + 4500*time.Millisecond},
		{in: "@ 1 day ago", want: -day},
		{in: "2 weeks 1 ms 3 us", want: 14*day + time.Millisecond + 3*time.Microsecond},
		{in: "1.5 hours", want: 90 * time.Minute},
		{in: "0 years 0 mons 3 days", want: 3 * day},
		{in: "1 2:03:04.5", want: day + 2*time.Hour + 3*time.Minute + 4500*time.Millisecond},
		{in: "P1DT2H3M4.5S", want: day + 2*time.Hour + 3*time.Minute + 4500*time.Millisecond},
		{in: "PT0.000001S", want: time.Microsecond},
		{in: "PT0S", want: 0},
		{in: "-P1W", want: -7 * day},
		{in: "P0Y0M2D", want: 2 * day},
		{in: "P1DT-2H", want: day - 2*time.Hour},
		{in: "PT1.0000000019S", want: time.Second + time.Nanosecond},
		{in: "  3 days  ", want: 3 * day},
		{in: "106751 days 23:47:16.854775807", want: math.MaxInt64},
		{in: "", err: types.ErrInvalidInterval},
		{in: "   ", err: types.ErrInvalidInterval},
		{in: "1 mon", err: types.ErrInvalidInterval},
		{in: "1 year 2 days", err: types.ErrInvalidInterval},
		{in: "P1M", err: types.ErrInvalidInterval},
		{in: "P1Y", err: types.ErrInvalidInterval},
		{in: "P", err: types.ErrInvalidInterval},
		{in: "PT", err: types.ErrInvalidInterval},
		{in: "P1H", err: types.ErrInvalidInterval},
		{in: "PT1D", err: types.ErrInvalidInterval},
		{in: "P1DT1HT", err: types.ErrInvalidInterval},
		{in: "P1", err: types.ErrInvalidInterval},
		{in: "3", err: types.ErrInvalidInterval},
		{in: "3 fortnights", err: types.ErrInvalidInterval},
		{in: "1x day", err: types.ErrInvalidInterval},
		{in: "1e3 days", err: types.ErrInvalidInterval},
		{in: "1:2:3:4", err: types.ErrInvalidInterval},
		{in: "1:xx:00", err: types.ErrInvalidInterval},
		{in: "--1:00:00", err: types.ErrInvalidInterval},
		{in: "ago", err: types.ErrInvalidInterval},
		{in: "@", err: types.ErrInvalidInterval},
		{in: "106752 days", err: types.ErrOutOfRange},
		{in: "-300000 days", err: types.ErrOutOfRange},
	}
	for _, c := range cases {
		got, err := types.ParseInterval(c.in)
		if c.err != nil {
			if !errors.Is(err, c.err) {
				t.Errorf("ParseInterval(%q) = %v, %v; want error %v", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseInterval(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// FuzzParseInterval checks that ParseInterval never panics and that what it
// accepts from Go's syntax it reads as Go does.
func FuzzParseInterval(f *testing.F) {
	for _, s := range []string{"1 day 02:03:04.5", "P1DT2H", "@ 3 secs ago", "-1:00:00", "1h", "1 2:00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := types.ParseInterval(s)
		if err != nil {
			return
		}
		if g, gerr := time.ParseDuration(s); gerr == nil && g != d {
			t.Fatalf("ParseInterval(%q) = %v, Go reads %v", s, d, g)
		}
	})
}

// FuzzParseDecimal checks that ParseDecimal never panics and that what it
// accepts formats back to a decimal of the same value.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"-12.3400", "1e3", ".5", "0", "1e-131072"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := types.ParseDecimal(s)
		if err != nil {
			return
		}
		back, err := types.ParseDecimal(d.String())
		if err != nil || !back.Equal(d) || back.Scale() != d.Scale() {
			t.Fatalf("%q -> %s -> %s, %v", s, d, back, err)
		}
	})
}
