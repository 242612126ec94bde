package postgres

import (
	"context"
	"database/sql/driver"
	"net"
	"net/url"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/athanordb/athanor/dialect"
)

// Connector implements dialect.Dialect: connections through pgx's
// database/sql adapter, configured from the URL (see ConnConfig). A
// parameter PostgreSQL types as text (SELECT $1) takes any Go number,
// boolean, time or duration, written as text.
func (d *Dialect) Connector(u *dialect.URL) (driver.Connector, error) {
	cfg, err := ConnConfig(u)
	if err != nil {
		return nil, err
	}
	return stdlib.GetConnector(*cfg, stdlib.OptionAfterConnect(func(_ context.Context, c *pgx.Conn) error {
		registerTextCodecs(c.TypeMap())
		return nil
	})), nil
}

// ConnConfig turns an Athanor URL into pgx's connection configuration:
// user, password, host, port and database from their places in the URL,
// every query option as pgx reads it from a connection URL (sslmode,
// sslrootcert, connect_timeout, application_name, target_session_attrs,
// host=/path/to/socket, ...; options pgx does not know, such as
// search_path, become session settings sent at connection). The driver
// part of the scheme, when there is one, must be pgx. Values missing from
// the URL come from the PG* environment variables, as with libpq. A
// statement whose context ends is stopped by a cancel request, keeping
// the connection (see CancelGrace).
func ConnConfig(u *dialect.URL) (*pgx.ConnConfig, error) {
	if u == nil {
		return nil, &dialect.URLError{Reason: "no URL"}
	}
	if u.Driver != "" && u.Driver != "pgx" {
		return nil, &dialect.URLError{URL: u.String(), Reason: "the PostgreSQL dialect connects through pgx, not " + strconv.Quote(u.Driver)}
	}
	connURL := url.URL{Scheme: "postgres", RawQuery: u.Query.Encode()}
	switch {
	case u.Password != "":
		connURL.User = url.UserPassword(u.Username, u.Password)
	case u.Username != "":
		connURL.User = url.User(u.Username)
	}
	if u.Host != "" {
		connURL.Host = u.Host
		if u.Port != 0 {
			connURL.Host = net.JoinHostPort(u.Host, strconv.Itoa(u.Port))
		} else if net.ParseIP(u.Host) != nil && net.ParseIP(u.Host).To4() == nil {
			connURL.Host = "[" + u.Host + "]"
		}
	} else if u.Port != 0 {
		connURL.Host = ":" + strconv.Itoa(u.Port)
	}
	if u.Database != "" {
		connURL.Path = "/" + u.Database
	}
	cfg, err := pgx.ParseConfig(connURL.String())
	if err != nil {
		return nil, &dialect.URLError{URL: u.String(), Reason: maskedReason(err, u.Password)}
	}
	cancelByRequest(&cfg.Config)
	return cfg, nil
}

// maskedReason is the text of a configuration error, without the password
// pgx may quote in it (as given, or escaped).
func maskedReason(err error, password string) string {
	msg := err.Error()
	if password == "" {
		return msg
	}
	msg = strings.ReplaceAll(msg, password, "***")
	return strings.ReplaceAll(msg, url.UserPassword("", password).String()[1:], "***")
}
