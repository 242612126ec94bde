package mssql_test

import (
	"errors"
	"strings"
	"testing"

	mssqldb "github.com/microsoft/go-mssqldb"
	"github.com/microsoft/go-mssqldb/msdsn"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
)

func TestDSN(t *testing.T) {
	for _, tc := range []struct {
		url, dsn string
	}{
		{"mssql://sa:secret@db.example.com:1433/appdb", "sqlserver://sa:secret@db.example.com:1433?database=appdb"},
		{"mssql://sa:secret@localhost/appdb?encrypt=disable&app+name=athanor", "sqlserver://sa:secret@localhost?app+name=athanor&database=appdb&encrypt=disable"},
		{"sqlserver://u:p@host/db", "sqlserver://u:p@host?database=db"},
		{"mssql+gomssqldb://u:p@host:1444", "sqlserver://u:p@host:1444"},
		{"mssql://u:p@host/db?instance=SQLEXPRESS", "sqlserver://u:p@host/SQLEXPRESS?database=db"},
		{"mssql://u:p%40ss%2Fw%3Ford@host/db", "sqlserver://u:p%40ss%2Fw%3Ford@host?database=db"},
		{"mssql://u@[::1]:1433/db", "sqlserver://u:@[::1]:1433?database=db"},
		{"mssql://[::1]/db", "sqlserver://[::1]?database=db"},
		{"mssql://host?database=other", "sqlserver://host?database=other"},
		{"mssql://host/my%20db", "sqlserver://host?database=my+db"},
	} {
		u, err := dialect.ParseURL(tc.url)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", tc.url, err)
		}
		got, err := mssql.DSN(u)
		if err != nil || got != tc.dsn {
			t.Errorf("DSN(%q) = %q, %v; want %q", tc.url, got, err, tc.dsn)
		}
	}
}

// The driver reads back what DSN writes.
func TestDSNAsTheDriverReadsIt(t *testing.T) {
	u, err := dialect.ParseURL("mssql://sa:p%40ss%3Aw@db.example.com:1444/app%20db?instance=SQLEXPRESS&encrypt=disable&connection+timeout=7")
	if err != nil {
		t.Fatal(err)
	}
	dsn, err := mssql.DSN(u)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := msdsn.Parse(dsn)
	if err != nil {
		t.Fatalf("msdsn.Parse(%q): %v", dsn, err)
	}
	if cfg.Host != "db.example.com" || cfg.Port != 1444 || cfg.Instance != "SQLEXPRESS" || cfg.Database != "app db" ||
		cfg.User != "sa" || cfg.Password != "p@ss:w" || cfg.Encryption != msdsn.EncryptionDisabled || cfg.ConnTimeout.Seconds() != 7 {
		t.Errorf("the driver reads host %q port %d instance %q database %q user %q password %q encryption %v timeout %v",
			cfg.Host, cfg.Port, cfg.Instance, cfg.Database, cfg.User, cfg.Password, cfg.Encryption, cfg.ConnTimeout)
	}
}

func TestDSNErrors(t *testing.T) {
	for _, raw := range []string{
		"mssql+pyodbc://u:p@host/db",
		"mssql://host/db?database=other",
		"mssql://host/db?encrypt=true&encrypt=false",
		"mssql://host/db?Encrypt=true&encrypt=false",
	} {
		u, err := dialect.ParseURL(raw)
		if err != nil {
			t.Fatalf("ParseURL(%q): %v", raw, err)
		}
		_, err = mssql.DSN(u)
		if !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("DSN(%q) error = %v, want ErrInvalidURL", raw, err)
		}
		if _, err := mssql.New().Connector(u); !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("Connector(%q) error = %v, want ErrInvalidURL", raw, err)
		}
	}
	u, _ := dialect.ParseURL("mssql://u:secret@host/db?encrypt=maybe")
	_, err := mssql.New().Connector(u)
	if !errors.Is(err, dialect.ErrInvalidURL) {
		t.Fatalf("an option the driver refuses: %v, want ErrInvalidURL", err)
	}
	if msg := err.Error(); strings.Contains(msg, "secret") {
		t.Errorf("the error shows the password: %s", msg)
	}
}

func TestConnectorMakesNoConnection(t *testing.T) {
	u, err := dialect.ParseURL("mssql://sa:pw@127.0.0.1:1/appdb")
	if err != nil {
		t.Fatal(err)
	}
	c, err := mssql.New().Connector(u)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.(*mssqldb.Connector); !ok {
		t.Fatalf("Connector = %T, want *mssql.Connector", c)
	}
	if c.Driver() == nil {
		t.Error("the connector has no driver")
	}
}
