package oracle_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/oracle"
)

// TestDSN checks the connection string given to go-ora; nothing is
// dialed (no server runs here).
func TestDSN(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url, want string
	}{
		{"oracle://scott:tiger@db.example.com:1521/orclpdb1",
			"oracle://scott:tiger@db.example.com:1521/orclpdb1"},
		{"oracle://scott:tiger@db.example.com/orclpdb1",
			"oracle://scott:tiger@db.example.com:1521/orclpdb1"},
		{"oracle+goora://scott@db:1522/svc",
			"oracle://scott@db:1522/svc"},
		{"oracle://db.example.com/xe",
			"oracle://db.example.com:1521/xe"},
		// a password with reserved characters, percent-encoded in the URL
		{"oracle://app:p%40ss%2Fw%3Ard@host/svc",
			"oracle://app:p%40ss%2Fw%3Ard@host:1521/svc"},
		{"oracle://u:p@[::1]:1521/svc",
			"oracle://u:p@[::1]:1521/svc"},
		// options go to go-ora in key order, encoded
		{"oracle://u:p@host/svc?TIMEOUT=30&SSL=true&TRACE+FILE=%2Ftmp%2Ft.log",
			"oracle://u:p@host:1521/svc?SSL=true&TIMEOUT=30&TRACE+FILE=%2Ftmp%2Ft.log"},
		{"oracle://u:p@host?sid=ORCL",
			"oracle://u:p@host:1521/?SID=ORCL"},
		{"oracle://u:p@host?service_name=sales",
			"oracle://u:p@host:1521/sales"},
		{"oracle://u:p@host/sales?service_name=sales",
			"oracle://u:p@host:1521/sales"},
		{"oracle://u:p@/?connStr=%28DESCRIPTION%3D%28ADDRESS%3D%28HOST%3Dh%29%29%29",
			"oracle://u:p@:1521/?connStr=%28DESCRIPTION%3D%28ADDRESS%3D%28HOST%3Dh%29%29%29"},
	} {
		u, err := dialect.ParseURL(tc.url)
		if err != nil {
			t.Fatalf("%s: %v", tc.url, err)
		}
		got, err := oracle.DSN(u)
		if err != nil || got != tc.want {
			t.Errorf("%s:\n got %s, %v\nwant %s", tc.url, got, err, tc.want)
		}
	}
}

func TestDSNErrors(t *testing.T) {
	t.Parallel()
	for _, raw := range []string{
		"oracle://u:p@/svc",
		"oracle+cx_oracle://u:p@host/svc",
		"oracle://u:p@host/svc?sid=ORCL",
		"oracle://u:p@host/a?service_name=b",
		"postgresql://u:p@host/db",
	} {
		u, err := dialect.ParseURL(raw)
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		_, err = oracle.DSN(u)
		if !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("%s: got %v, want ErrInvalidURL", raw, err)
			continue
		}
		if strings.Contains(err.Error(), ":p@") {
			t.Errorf("%s: the error shows the password: %v", raw, err)
		}
		if _, err := modern.Connector(u); !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("%s: Connector: %v", raw, err)
		}
	}
}

func TestConnector(t *testing.T) {
	t.Parallel()
	u, err := dialect.ParseURL("oracle://scott:tiger@localhost:1521/xe")
	if err != nil {
		t.Fatal(err)
	}
	c, err := modern.Connector(u)
	if err != nil || c == nil || c.Driver() == nil {
		t.Fatalf("%v %v", c, err)
	}
}
