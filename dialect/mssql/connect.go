package mssql

import (
	"database/sql/driver"
	"fmt"
	"maps"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"

	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/dialect"
)

// Connector implements dialect.Dialect: a go-mssqldb connector for the
// URL (see DSN).
func (d *Dialect) Connector(u *dialect.URL) (driver.Connector, error) {
	dsn, err := DSN(u)
	if err != nil {
		return nil, err
	}
	c, err := mssqldb.NewConnector(dsn)
	if err != nil {
		return nil, &dialect.URLError{URL: u.String(), Reason: "go-mssqldb: " + err.Error()}
	}
	return c, nil
}

// DSN turns an Athanor URL into go-mssqldb's URL form:
//
//	mssql://user:pass@host:1433/db?encrypt=disable
//	  -> sqlserver://user:pass@host:1433?database=db&encrypt=disable
//
// The URL's database is the database option; an instance
// (?instance=SQLEXPRESS) becomes the path (sqlserver://host/SQLEXPRESS),
// which the driver resolves through the SQL Server Browser when no port is
// given. Other options go to the driver as they are (encrypt,
// TrustServerCertificate, app name, connection timeout, ...: see
// go-mssqldb's documentation); each may be given once. The URL's driver,
// if any, is gomssqldb (mssql+gomssqldb://...); the dialect name may also
// be sqlserver.
func DSN(u *dialect.URL) (string, error) {
	fail := func(reason string) (string, error) {
		return "", &dialect.URLError{URL: u.String(), Reason: reason}
	}
	switch u.Driver {
	case "", "gomssqldb", "go-mssqldb":
	default:
		return fail(fmt.Sprintf("unknown SQL Server driver %q (the driver is go-mssqldb: write mssql:// or mssql+gomssqldb://)", u.Driver))
	}
	q := url.Values{}
	instance := ""
	for _, k := range slices.Sorted(maps.Keys(u.Query)) {
		vs := u.Query[k]
		if len(vs) != 1 {
			return fail(fmt.Sprintf("option %q is given %d times; go-mssqldb takes each option once", k, len(vs)))
		}
		switch lk := strings.ToLower(k); {
		case lk == "instance":
			instance = vs[0]
		case lk == "database" && u.Database != "":
			return fail("the database is given both in the path and as an option")
		default:
			if _, dup := q[lk]; dup {
				return fail(fmt.Sprintf("option %q is given twice (go-mssqldb reads option names in any case)", k))
			}
			q[lk] = vs
		}
	}
	if u.Database != "" {
		q.Set("database", u.Database)
	}
	host := u.Host
	if u.Port != 0 {
		host = net.JoinHostPort(host, strconv.Itoa(u.Port))
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	out := url.URL{Scheme: "sqlserver", Host: host, RawQuery: q.Encode()}
	if u.Username != "" || u.Password != "" {
		out.User = url.UserPassword(u.Username, u.Password)
	}
	if instance != "" {
		out.Path = "/" + instance
	}
	return out.String(), nil
}
