package mysql_test

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
)

func TestParseServerVersion(t *testing.T) {
	for _, c := range []struct {
		in   string
		want mysql.Server
	}{
		{"8.0.36", mysql.Server{Major: 8, Minor: 0, Patch: 36}},
		{"8.4.2-log", mysql.Server{Major: 8, Minor: 4, Patch: 2}},
		{"5.7.44-0ubuntu0.18.04.1", mysql.Server{Major: 5, Minor: 7, Patch: 44}},
		{"10.11.19-MariaDB-0+deb12u1", mysql.Server{MariaDB: true, Major: 10, Minor: 11, Patch: 19}},
		{"5.5.5-10.4.32-MariaDB-log", mysql.Server{MariaDB: true, Major: 10, Minor: 4, Patch: 32}},
		{"11.4.2-MariaDB", mysql.Server{MariaDB: true, Major: 11, Minor: 4, Patch: 2}},
		{" 8.0 ", mysql.Server{Major: 8}},
	} {
		got, err := mysql.ParseServerVersion(c.in)
		if err != nil || got != c.want {
			t.Errorf("%q: got %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "MariaDB", "x.y.z", "8", "0.1.2", "1.2.3.4", "-1.2"} {
		if _, err := mysql.ParseServerVersion(bad); !errors.Is(err, mysql.ErrVersion) {
			t.Errorf("%q: %v", bad, err)
		}
	}
	if _, err := mysql.ForVersion("nope"); !errors.Is(err, mysql.ErrVersion) {
		t.Errorf("ForVersion: %v", err)
	}
	s := mysql.Server{Major: 8, Minor: 0, Patch: 20}
	if !s.AtLeast(8, 0, 20) || s.AtLeast(8, 0, 21) || !s.AtLeast(5, 7, 99) || s.AtLeast(8, 1, 0) || s.String() != "MySQL 8.0.20" {
		t.Errorf("AtLeast/String of %v", s)
	}
	if mysql.New().Name() != "mysql" || mysql.NewMariaDB().Name() != "mariadb" || mysql.New().Server() != mysql.DefaultMySQL {
		t.Error("constructors")
	}
	for _, name := range []string{"mysql", "mariadb"} {
		d, err := dialect.Lookup(name)
		if err != nil || d.Name() != name {
			t.Errorf("Lookup(%s): %v %v", name, d, err)
		}
	}
}

func TestConfig(t *testing.T) {
	cfg := func(s string) (*gomysql.Config, error) {
		u, err := dialect.ParseURL(s)
		if err != nil {
			t.Fatal(err)
		}
		return mysql.Config(u)
	}
	c, err := cfg("mysql://us%40er:p%40ss:w%2Frd@db.example:3307/my%20db?timeout=5s&parseTime=true&sql_mode=ANSI_QUOTES&charset=latin1")
	if err != nil {
		t.Fatal(err)
	}
	if c.User != "us@er" || c.Passwd != "p@ss:w/rd" || c.Net != "tcp" || c.Addr != "db.example:3307" || c.DBName != "my db" ||
		c.Timeout != 5*time.Second || !c.ParseTime || c.Params["sql_mode"] != "ANSI_QUOTES" || !c.ClientFoundRows || c.Loc != time.UTC ||
		c.Params["time_zone"] != "'+00:00'" {
		t.Fatalf("config: %+v", c)
	}
	// A session time zone of the URL's replaces UTC.
	if c, err := cfg("mysql://root@h/db?time_zone=%27Europe%2FParis%27"); err != nil || c.Params["time_zone"] != "'Europe/Paris'" {
		t.Fatalf("time_zone: %+v %v", c, err)
	}
	if got := c.FormatDSN(); !contains(got, "charset=latin1") {
		t.Fatalf("charset: %s", got)
	}
	c, err = cfg("mariadb://root@/test")
	if err != nil || c.Addr != "127.0.0.1:3306" || c.Passwd != "" || !contains(c.FormatDSN(), "charset=utf8mb4") {
		t.Fatalf("defaults: %+v %v", c, err)
	}
	c, err = cfg("mysql+gosqldriver://root@[::1]/test?unix_socket=&client_found_rows=false")
	if err != nil || c.Addr != "[::1]:3306" || c.ClientFoundRows {
		t.Fatalf("IPv6, found rows off: %+v %v", c, err)
	}
	c, err = cfg("mysql://root@/test?unix_socket=/run/mysqld/mysqld.sock")
	if err != nil || c.Net != "unix" || c.Addr != "/run/mysqld/mysqld.sock" {
		t.Fatalf("socket: %+v %v", c, err)
	}
	for _, bad := range []string{
		"mysql+pymysql://root@h/db",
		"mysql://root@h/db?loc=Local",
		"mysql://root@h/db?parseTime=maybe",
		"mysql://root@h/db?client_found_rows=2x",
		"mysql://root@h/db?unix_socket=/s",
		"mysql://root@h/db?dbname=x",
		"mysql://root@h/db?charset=",
		"mysql://root@h/db?kill_query=maybe",
	} {
		if _, err := cfg(bad); !errors.Is(err, dialect.ErrInvalidURL) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// The error never shows the password.
	if _, err := cfg("mysql://root:hunter2@h/db?loc=Local"); err == nil || contains(err.Error(), "hunter2") {
		t.Errorf("password in %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestClassifyError(t *testing.T) {
	d := mysql.New()
	for _, c := range []struct {
		err  error
		want dialect.ErrorKind
	}{
		{&gomysql.MySQLError{Number: 1062}, dialect.KindIntegrity},
		{fmt.Errorf("wrapped: %w", &gomysql.MySQLError{Number: 1452}), dialect.KindIntegrity},
		{&gomysql.MySQLError{Number: 1451}, dialect.KindIntegrity},
		{&gomysql.MySQLError{Number: 1048}, dialect.KindIntegrity},
		{&gomysql.MySQLError{Number: 3819}, dialect.KindIntegrity},
		{&gomysql.MySQLError{Number: 4025}, dialect.KindIntegrity},
		{&gomysql.MySQLError{Number: 1064}, dialect.KindProgramming},
		{&gomysql.MySQLError{Number: 1146}, dialect.KindProgramming},
		{&gomysql.MySQLError{Number: 1213}, dialect.KindOperational},
		{&gomysql.MySQLError{Number: 1205}, dialect.KindOperational},
		{&gomysql.MySQLError{Number: 1264}, dialect.KindData},
		{&gomysql.MySQLError{Number: 1235}, dialect.KindNotSupported},
		{&gomysql.MySQLError{Number: 1030}, dialect.KindInternal},
		{&gomysql.MySQLError{Number: 2013}, dialect.KindOperational},
		{&gomysql.MySQLError{Number: 13}, dialect.KindInternal},
		{&gomysql.MySQLError{Number: 1999}, dialect.KindDatabase},
		{&gomysql.MySQLError{Number: 1317}, dialect.KindOperational}, // query execution was interrupted
		{fmt.Errorf("%w (%w)", &gomysql.MySQLError{Number: 1317}, context.Canceled), dialect.KindOperational},
		{mysql.ErrInterrupted, dialect.KindOperational},
		{fmt.Errorf("%w (%w)", mysql.ErrInterrupted, context.DeadlineExceeded), dialect.KindOperational},
		{context.Canceled, dialect.KindUnknown},
		{context.DeadlineExceeded, dialect.KindUnknown}, // a net.Error, but not the network's
		{fmt.Errorf("driver: %w", context.DeadlineExceeded), dialect.KindUnknown},
		{&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, dialect.KindOperational},
		{gomysql.ErrInvalidConn, dialect.KindOperational},
		{driver.ErrBadConn, dialect.KindOperational},
		{errors.New("not from the database"), dialect.KindUnknown},
		{nil, dialect.KindUnknown},
	} {
		if got := d.ClassifyError(c.err); got != c.want {
			t.Errorf("%v: got %v, want %v", c.err, got, c.want)
		}
	}
}
