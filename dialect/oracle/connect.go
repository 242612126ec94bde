package oracle

import (
	"database/sql/driver"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	goora "github.com/sijms/go-ora/v2"

	"github.com/athanordb/athanor/dialect"
)

// DefaultPort is the listener port a URL without one connects to.
const DefaultPort = 1521

// Connector implements dialect.Dialect: a go-ora connector for the
// connection string DSN builds. Nothing is dialed until the pool opens a
// connection.
func (d *Dialect) Connector(u *dialect.URL) (driver.Connector, error) {
	dsn, err := DSN(u)
	if err != nil {
		return nil, err
	}
	return goora.NewConnector(dsn), nil
}

// DSN turns an Athanor URL into go-ora's connection string:
//
//	oracle://user:password@host:1521/service?option=value
//	    → oracle://user:password@host:1521/service?option=value
//
// The database part of the URL is the service name; ?sid=NAME connects to
// a SID instead, and ?service_name=NAME (SQLAlchemy's spelling) names the
// service too. A URL without a host needs go-ora's connStr option (a TNS
// descriptor or JDBC string) or server option. The port defaults to 1521.
// The driver, if named, is "goora" (oracle+goora://). Other options go to
// go-ora as they are (see its documentation: SSL, TIMEOUT, PREFETCH_ROWS,
// LOB FETCH, ...), in key order.
func DSN(u *dialect.URL) (string, error) {
	fail := func(reason string) (string, error) {
		return "", &dialect.URLError{URL: u.String(), Reason: reason}
	}
	if u.Dialect != "oracle" {
		return fail(fmt.Sprintf("the Oracle dialect reads oracle:// URLs, not %s://", u.Dialect))
	}
	if u.Driver != "" && u.Driver != "goora" {
		return fail(fmt.Sprintf("unknown Oracle driver %q (the driver is github.com/sijms/go-ora: write oracle:// or oracle+goora://)", u.Driver))
	}
	service := u.Database
	q := url.Values{}
	for k, vs := range u.Query {
		switch strings.ToLower(k) {
		case "service_name", "service name":
			if service != "" && service != u.Option(k) {
				return fail(fmt.Sprintf("the URL names two services, %q and %q", service, u.Option(k)))
			}
			service = u.Option(k)
		case "sid":
			if u.Database != "" {
				return fail("a URL names either a service (after the host) or a SID (?sid=), not both")
			}
			q["SID"] = vs
		default:
			q[k] = vs
		}
	}
	if u.Host == "" && q.Get("connStr") == "" && q.Get("server") == "" {
		return fail("an Oracle URL needs a host (oracle://user:password@host:1521/service), or a connStr or server option")
	}
	port := u.Port
	if port == 0 {
		port = DefaultPort
	}
	out := url.URL{
		Scheme:   "oracle",
		Host:     net.JoinHostPort(u.Host, strconv.Itoa(port)),
		Path:     "/" + service,
		RawQuery: q.Encode(),
	}
	switch {
	case u.Password != "":
		out.User = url.UserPassword(u.Username, u.Password)
	case u.Username != "":
		out.User = url.User(u.Username)
	}
	return out.String(), nil
}
