package mysql

import (
	"context"
	"database/sql/driver"
	"errors"
	"net"
	"net/url"
	"strconv"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
)

// Connector implements dialect.Dialect. A statement whose context ends is
// stopped on the server by KILL QUERY, and its connection kept, unless
// the URL says kill_query=false (see the package's documentation,
// Cancellation).
func (d *Dialect) Connector(u *dialect.URL) (driver.Connector, error) {
	cfg, err := Config(u)
	if err != nil {
		return nil, err
	}
	base, err := gomysql.NewConnector(cfg)
	if err != nil {
		return nil, err
	}
	if kill, _ := killQueryOption(u); !kill {
		return base, nil
	}
	return newKillConnector(base), nil
}

// killQueryOption reads the URL's kill_query option: true unless given.
func killQueryOption(u *dialect.URL) (bool, error) {
	if _, given := u.Query["kill_query"]; !given {
		return true, nil
	}
	return strconv.ParseBool(u.Option("kill_query"))
}

// Config turns an Athanor URL into the driver's configuration:
//
//	mysql://user:password@host:3306/database?charset=utf8mb4&...
//
// The host defaults to 127.0.0.1 and the port to 3306; unix_socket=path
// connects through a socket instead. The character set defaults to
// utf8mb4, which holds all of Unicode (MySQL's "utf8" does not).
// RowsAffected counts the rows an UPDATE matched, changed or not, as
// SQLAlchemy's MySQL drivers do (client_found_rows=false turns that off).
// kill_query=false lets a cancelled statement's connection be closed
// rather than sending KILL QUERY (see Cancellation in the package's
// documentation). Other options are the driver's (timeout, tls,
// parseTime, ...), or
// session variables set on each connection (sql_mode, time_zone, ...).
//
// Athanor reads and writes DATETIME values as UTC wall clocks itself, so
// the driver's loc option is refused; parseTime may be on or off. So
// that what the server writes agrees (NOW(), DEFAULT CURRENT_TIMESTAMP,
// TIMESTAMP columns), each session's time_zone is '+00:00' unless the URL
// sets time_zone, whose zone such values are then in.
func Config(u *dialect.URL) (*gomysql.Config, error) {
	bad := func(reason string) error { return &dialect.URLError{URL: u.String(), Reason: reason} }
	if u.Driver != "" && u.Driver != "gosqldriver" && u.Driver != "gomysql" {
		return nil, bad("unknown MySQL driver " + strconv.Quote(u.Driver) + " (Athanor uses github.com/go-sql-driver/mysql: mysql:// or mysql+gosqldriver://)")
	}
	opts := url.Values{}
	socket := ""
	charset := "utf8mb4"
	foundRows := true
	for k, vs := range u.Query {
		v := u.Option(k)
		switch k {
		case "unix_socket":
			socket = v
		case "charset":
			charset = v
		case "client_found_rows", "clientFoundRows":
			b, err := strconv.ParseBool(v)
			if err != nil {
				return nil, bad(k + " must be true or false")
			}
			foundRows = b
		case "kill_query":
			if _, err := killQueryOption(u); err != nil {
				return nil, bad(k + " must be true or false")
			}
		case "loc":
			return nil, bad("the loc option is not supported: Athanor stores DATETIME values as UTC wall clocks")
		case "user", "password", "dbname":
			return nil, bad(k + " belongs in the URL itself, not in its options")
		default:
			opts[k] = vs
		}
	}
	if charset == "" {
		return nil, bad("charset is empty")
	}
	opts.Set("charset", charset)
	if _, given := opts["time_zone"]; !given {
		opts.Set("time_zone", "'+00:00'")
	}
	cfg, err := gomysql.ParseDSN("/?" + opts.Encode())
	if err != nil {
		return nil, bad(err.Error())
	}
	cfg.User = u.Username
	cfg.Passwd = u.Password
	cfg.DBName = u.Database
	cfg.ClientFoundRows = foundRows
	if socket != "" {
		if u.Host != "" {
			return nil, bad("give either a host or unix_socket, not both")
		}
		cfg.Net, cfg.Addr = "unix", socket
	} else {
		host, port := u.Host, u.Port
		if host == "" {
			host = "127.0.0.1"
		}
		if port == 0 {
			port = 3306
		}
		cfg.Net, cfg.Addr = "tcp", net.JoinHostPort(host, strconv.Itoa(port))
	}
	return cfg, nil
}

// ClassifyError implements dialect.Dialect: the server's error numbers
// (*mysql.MySQLError, which errors.As reaches through Athanor's errors)
// map to the DBAPI kinds as PyMySQL and mysqlclient map them; a lost
// connection is operational, and so is a query its context's end
// interrupted (ErrInterrupted, or error 1317 from the server). A context's
// error alone is not a database error.
func (d *Dialect) ClassifyError(err error) dialect.ErrorKind {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return classifyNumber(me.Number)
	}
	switch {
	case err == nil:
		return dialect.KindUnknown
	case errors.Is(err, ErrInterrupted):
		return dialect.KindOperational
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return dialect.KindUnknown
	}
	switch {
	case errors.Is(err, gomysql.ErrInvalidConn), errors.Is(err, driver.ErrBadConn),
		errors.Is(err, gomysql.ErrMalformPkt), errors.Is(err, gomysql.ErrPktSync),
		errors.Is(err, gomysql.ErrPktSyncMul), errors.Is(err, gomysql.ErrPktTooLarge),
		errors.Is(err, gomysql.ErrNoTLS), errors.Is(err, gomysql.ErrOldProtocol):
		return dialect.KindOperational
	case errors.Is(err, gomysql.ErrCleartextPassword), errors.Is(err, gomysql.ErrNativePassword),
		errors.Is(err, gomysql.ErrOldPassword), errors.Is(err, gomysql.ErrUnknownPlugin):
		return dialect.KindOperational
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return dialect.KindOperational
	}
	return dialect.KindUnknown
}

// Error numbers by kind. See the server error reference of MySQL and
// MariaDB.
var errorKinds = map[uint16]dialect.ErrorKind{
	// integrity: duplicate keys, foreign keys, NOT NULL, CHECK
	1022: dialect.KindIntegrity, 1062: dialect.KindIntegrity, 1169: dialect.KindIntegrity,
	1586: dialect.KindIntegrity, 1557: dialect.KindIntegrity, 1216: dialect.KindIntegrity,
	1217: dialect.KindIntegrity, 1451: dialect.KindIntegrity, 1452: dialect.KindIntegrity,
	1048: dialect.KindIntegrity, 1364: dialect.KindIntegrity, 3819: dialect.KindIntegrity,
	4025: dialect.KindIntegrity, 1859: dialect.KindIntegrity,
	// data: values that do not fit
	1264: dialect.KindData, 1265: dialect.KindData, 1292: dialect.KindData, 1366: dialect.KindData,
	1367: dialect.KindData, 1406: dialect.KindData, 1365: dialect.KindData, 1690: dialect.KindData,
	1441: dialect.KindData, 1263: dialect.KindData, 3140: dialect.KindData, 4038: dialect.KindData,
	1411: dialect.KindData, 1416: dialect.KindData, 3156: dialect.KindData,
	// programming: syntax, unknown or duplicate objects, wrong arity
	1064: dialect.KindProgramming, 1149: dialect.KindProgramming, 1146: dialect.KindProgramming,
	1054: dialect.KindProgramming, 1049: dialect.KindProgramming, 1050: dialect.KindProgramming,
	1051: dialect.KindProgramming, 1091: dialect.KindProgramming, 1060: dialect.KindProgramming,
	1061: dialect.KindProgramming, 1110: dialect.KindProgramming, 1136: dialect.KindProgramming,
	1007: dialect.KindProgramming, 1008: dialect.KindProgramming, 1166: dialect.KindProgramming,
	1102: dialect.KindProgramming, 1103: dialect.KindProgramming, 1059: dialect.KindProgramming,
	1305: dialect.KindProgramming, 1052: dialect.KindProgramming, 1066: dialect.KindProgramming,
	1093: dialect.KindProgramming, 1109: dialect.KindProgramming, 1111: dialect.KindProgramming,
	1140: dialect.KindProgramming, 1210: dialect.KindProgramming, 1582: dialect.KindProgramming,
	1583: dialect.KindProgramming, 1630: dialect.KindProgramming, 1247: dialect.KindProgramming,
	1248: dialect.KindProgramming, 1222: dialect.KindProgramming, 1215: dialect.KindProgramming,
	1005: dialect.KindProgramming, 1824: dialect.KindProgramming, 3780: dialect.KindProgramming,
	// not supported
	1235: dialect.KindNotSupported, 1289: dialect.KindNotSupported, 1178: dialect.KindNotSupported,
	// operational: locks, deadlocks, timeouts, access, connections, server state
	1205: dialect.KindOperational, 1213: dialect.KindOperational, 1040: dialect.KindOperational,
	1044: dialect.KindOperational, 1045: dialect.KindOperational, 1053: dialect.KindOperational,
	1142: dialect.KindOperational, 1143: dialect.KindOperational, 1227: dialect.KindOperational,
	1290: dialect.KindOperational, 1317: dialect.KindOperational, 1927: dialect.KindOperational,
	1969: dialect.KindOperational, 3024: dialect.KindOperational, 3572: dialect.KindOperational,
	1159: dialect.KindOperational, 1160: dialect.KindOperational, 1161: dialect.KindOperational,
	1158: dialect.KindOperational, 1152: dialect.KindOperational, 1153: dialect.KindOperational,
	1037: dialect.KindOperational, 1038: dialect.KindOperational, 1041: dialect.KindOperational,
	1043: dialect.KindOperational, 1047: dialect.KindOperational, 1129: dialect.KindOperational,
	1130: dialect.KindOperational, 1133: dialect.KindOperational, 1203: dialect.KindOperational,
	1226: dialect.KindOperational, 1180: dialect.KindOperational, 1181: dialect.KindOperational,
	1792: dialect.KindOperational, 1836: dialect.KindOperational,
	// internal: the storage engine's own failures
	1030: dialect.KindInternal, 1034: dialect.KindInternal, 1035: dialect.KindInternal,
	1105: dialect.KindInternal, 1194: dialect.KindInternal, 1195: dialect.KindInternal,
}

func classifyNumber(n uint16) dialect.ErrorKind {
	if k, ok := errorKinds[n]; ok {
		return k
	}
	if n >= 2000 && n < 3000 {
		return dialect.KindOperational // client errors: the connection
	}
	if n < 1000 {
		return dialect.KindInternal // operating-system errors
	}
	return dialect.KindDatabase
}
