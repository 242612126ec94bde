package dialect_test

import (
	"errors"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
)

func TestParseURL(t *testing.T) {
	tests := []struct {
		in     string
		want   dialect.URL
		render string // Render(false); "" when equal to in
		masked string // String(); "" when equal to render
	}{
		{in: "sqlite://", want: dialect.URL{Dialect: "sqlite"}},
		{in: "sqlite:///:memory:", want: dialect.URL{Dialect: "sqlite", Database: ":memory:"}},
		{in: "sqlite:///app.db", want: dialect.URL{Dialect: "sqlite", Database: "app.db"}},
		{in: "sqlite:////var/lib/app.db", want: dialect.URL{Dialect: "sqlite", Database: "/var/lib/app.db"}},
		{in: "sqlite:///E:/work/hello.db?foo=bar&hoho=lala&hoho=bat", want: dialect.URL{
			Dialect: "sqlite", Database: "E:/work/hello.db", Query: url.Values{"foo": {"bar"}, "hoho": {"lala", "bat"}}}},
		{in: "sqlite:////usr/local/_xtest@example.com/members.db", want: dialect.URL{
			Dialect: "sqlite", Database: "/usr/local/_xtest@example.com/members.db"}},
		{in: "postgresql+pgx://scott:tiger@localhost:5432/test", want: dialect.URL{
			Dialect: "postgresql", Driver: "pgx", Username: "scott", Password: "tiger", Host: "localhost", Port: 5432, Database: "test"},
			masked: "postgresql+pgx://scott:***@localhost:5432/test"},
		{in: "PostgreSQL://h", want: dialect.URL{Dialect: "postgresql", Host: "h"}, render: "postgresql://h"},
		{in: "mysql://user@host", want: dialect.URL{Dialect: "mysql", Username: "user", Host: "host"}},
		{in: "mysql://user:pw@/db", want: dialect.URL{Dialect: "mysql", Username: "user", Password: "pw", Database: "db"},
			masked: "mysql://user:***@/db"},
		{in: "pg://u:apples%2Foranges@h/db", want: dialect.URL{Dialect: "pg", Username: "u", Password: "apples/oranges", Host: "h", Database: "db"},
			masked: "pg://u:***@h/db"},
		{in: "pg://u:p@ss:w@rd@h/db", want: dialect.URL{Dialect: "pg", Username: "u", Password: "p@ss:w@rd", Host: "h", Database: "db"},
			render: "pg://u:p%40ss%3Aw%40rd@h/db", masked: "pg://u:***@h/db"},
		{in: "pg://u:apples%40oranges%40%40@h", want: dialect.URL{Dialect: "pg", Username: "u", Password: "apples@oranges@@", Host: "h"},
			masked: "pg://u:***@h"},
		{in: "pg://user%40:@h/db", want: dialect.URL{Dialect: "pg", Username: "user@", Host: "h", Database: "db"},
			render: "pg://user%40@h/db"},
		{in: "pg://us er+x:pass word@h:450?query=but_no_db", want: dialect.URL{
			Dialect: "pg", Username: "us er+x", Password: "pass word", Host: "h", Port: 450, Query: url.Values{"query": {"but_no_db"}}},
			masked: "pg://us er+x:***@h:450?query=but_no_db"},
		{in: "pg://user🐍測試:pass🐍測試@h:499", want: dialect.URL{Dialect: "pg", Username: "user🐍測試", Password: "pass🐍測試", Host: "h", Port: 499},
			masked: "pg://user🐍測試:***@h:499"},
		{in: "pg://u:p@[2001:da8:2004:1000:202:116:160:90]:80/database?foo=bar", want: dialect.URL{
			Dialect: "pg", Username: "u", Password: "p", Host: "2001:da8:2004:1000:202:116:160:90", Port: 80, Database: "database",
			Query: url.Values{"foo": {"bar"}}}, masked: "pg://u:***@[2001:da8:2004:1000:202:116:160:90]:80/database?foo=bar"},
		{in: "pg://[::1]/db", want: dialect.URL{Dialect: "pg", Host: "::1", Database: "db"}},
		{in: "pg://[fe80::1%25eth0]:5432", want: dialect.URL{Dialect: "pg", Host: "fe80::1%eth0", Port: 5432}},
		{in: "pg://127.0.0.1:1521", want: dialect.URL{Dialect: "pg", Host: "127.0.0.1", Port: 1521}},
		{in: "pg://h/test+database with%40atsign", want: dialect.URL{Dialect: "pg", Host: "h", Database: "test+database with@atsign"},
			render: "pg://h/test+database with@atsign"},
		{in: "pg://h/db%3Fwith%3Dqmark", want: dialect.URL{Dialect: "pg", Host: "h", Database: "db?with=qmark"},
			render: "pg://h/db%3Fwith=qmark"},
		{in: "pg://h/?arg1=val1&arg2=val2", want: dialect.URL{Dialect: "pg", Host: "h", Query: url.Values{"arg1": {"val1"}, "arg2": {"val2"}}},
			render: "pg://h?arg1=val1&arg2=val2"},
		{in: "pg://h?b=2&a=x+y%26z&flag=&;=1&&", want: dialect.URL{Dialect: "pg", Host: "h",
			Query: url.Values{"a": {"x y&z"}, "b": {"2"}, "flag": {""}, ";": {"1"}}},
			render: "pg://h?%3B=1&a=x+y%26z&b=2&flag="},
		{in: "pg://h?", want: dialect.URL{Dialect: "pg", Host: "h"}, render: "pg://h"},
		{in: "pg://:5432/db", want: dialect.URL{Dialect: "pg", Port: 5432, Database: "db"}},
		{in: "oracle+oracledb://u:p@h:1521/?service_name=XEPDB1", want: dialect.URL{
			Dialect: "oracle", Driver: "oracledb", Username: "u", Password: "p", Host: "h", Port: 1521,
			Query: url.Values{"service_name": {"XEPDB1"}}},
			render: "oracle+oracledb://u:p@h:1521?service_name=XEPDB1", masked: "oracle+oracledb://u:***@h:1521?service_name=XEPDB1"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, err := dialect.ParseURL(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*u, tt.want) {
				t.Fatalf("got  %#v\nwant %#v", *u, tt.want)
			}
			render := tt.render
			if render == "" {
				render = tt.in
			}
			if got := u.Render(false); got != render {
				t.Errorf("Render(false) = %q, want %q", got, render)
			}
			masked := tt.masked
			if masked == "" {
				masked = render
			}
			if got := u.String(); got != masked {
				t.Errorf("String() = %q, want %q", got, masked)
			}
			back, err := dialect.ParseURL(u.Render(false))
			if err != nil {
				t.Fatalf("reparse: %v", err)
			}
			if !reflect.DeepEqual(back, u) {
				t.Errorf("reparse gives %#v", back)
			}
		})
	}
}

func TestParseURLErrors(t *testing.T) {
	tests := []struct {
		in     string
		reason string
	}{
		{"", `missing "://"`},
		{"sqlite:", `missing "://"`},
		{"://host", "missing dialect name"},
		{"+pgx://host", "missing dialect name"},
		{"post gres://host", "invalid character ' '"},
		{"pg://h:abc/db", `invalid port "abc"`},
		{"pg://h:0", `invalid port "0"`},
		{"pg://h:65536", `invalid port "65536"`},
		{"pg://h:+80", `invalid port "+80"`},
		{"pg://[::1/db", "missing ']'"},
		{"pg://[::1]x/db", `unexpected "x" after ']'`},
		{"pg://::1/db", "IPv6 host must be written in brackets"},
		{"pg://u:p%zz@h", "bad percent-escape in password"},
		{"pg://u%zz:p@h", "bad percent-escape in user name"},
		{"pg://h%zz", "bad percent-escape in host"},
		{"pg://h/d%zz", "bad percent-escape in database"},
		{"pg://h?a=%zz", "bad percent-escape in options"},
		{"pg://u:secret/pw@h/db", "must be percent-encoded"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			u, err := dialect.ParseURL(tt.in)
			if err == nil {
				t.Fatalf("parsed as %#v", u)
			}
			if !errors.Is(err, dialect.ErrInvalidURL) {
				t.Errorf("%v does not match ErrInvalidURL", err)
			}
			var ue *dialect.URLError
			if !errors.As(err, &ue) {
				t.Fatalf("%T is not *URLError", err)
			}
			if !strings.Contains(ue.Reason, tt.reason) {
				t.Errorf("reason %q, want it to contain %q", ue.Reason, tt.reason)
			}
		})
	}
}

// TestURLErrorMasksPassword checks that error messages never show a
// password, even one the parser could not delimit.
func TestURLErrorMasksPassword(t *testing.T) {
	for _, in := range []string{
		"pg://scott:s3cr3t@h:bad/db",
		"pg://scott:s3cr3t/x@h/db",
		"pg://scott:s3cr3t@h/d%zz",
		"pg://scott:s3cr3t?x@h/db?a=%zz",
	} {
		_, err := dialect.ParseURL(in)
		if err == nil {
			t.Fatalf("%s: no error", in)
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%s: error shows the password: %v", in, err)
		}
		if !strings.Contains(err.Error(), "scott:***@") {
			t.Errorf("%s: error does not show the masked URL: %v", in, err)
		}
	}
}

func TestURLCloneAndOption(t *testing.T) {
	u, err := dialect.ParseURL("pg://h/db?a=1&a=2&b=x")
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Option("a"); got != "1" {
		t.Errorf("Option(a) = %q", got)
	}
	if got := u.Option("missing"); got != "" {
		t.Errorf("Option(missing) = %q", got)
	}
	if got := (&dialect.URL{Dialect: "pg"}).Option("a"); got != "" {
		t.Errorf("Option on a URL without options = %q", got)
	}
	c := u.Clone()
	c.Query["a"][0] = "changed"
	c.Query.Set("b", "y")
	c.Database = "other"
	if u.Render(false) != "pg://h/db?a=1&a=2&b=x" {
		t.Errorf("Clone shares state: %s", u.Render(false))
	}
}

// FuzzParseURL checks that parsing never panics and that the unmasked
// rendering of a parsed URL parses back to an equal URL.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{
		"sqlite://", "sqlite:///:memory:", "sqlite:///a/b.db?mode=ro", "sqlite:////abs/x.db",
		"postgresql+pgx://u:p%40w@[::1]:5432/db?sslmode=disable&x=1&x=2",
		"mysql://u:p@ss@host/db", "pg://h:0", "pg://[fe80::1%25eth0]/x", "a+b+c://%41@%5B/%3F?%26=%3D",
		"pg://u:a/b@h/db", "pg://h?=&&=x", "pg://h/d#frag",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := dialect.ParseURL(s)
		if err != nil {
			if !errors.Is(err, dialect.ErrInvalidURL) {
				t.Fatalf("%q: error %v does not match ErrInvalidURL", s, err)
			}
			return
		}
		text := u.Render(false)
		back, err := dialect.ParseURL(text)
		if err != nil {
			t.Fatalf("%q renders as %q, which does not parse: %v", s, text, err)
		}
		if !reflect.DeepEqual(back, u) {
			t.Fatalf("%q renders as %q, which parses to\n%#v, not\n%#v", s, text, back, u)
		}
		masked := u.Clone()
		if masked.Password != "" {
			masked.Password = "***"
		}
		if got, want := u.String(), masked.Render(false); got != want {
			t.Fatalf("%q: String() = %q, want %q", s, got, want)
		}
	})
}
