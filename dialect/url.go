package dialect

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// URL names a database, in SQLAlchemy's form:
//
//	dialect[+driver]://[user[:password]@][host][:port][/database][?key=value&...]
//
// User, password and database are percent-decoded, so a password holding
// "@" or "/" is written "%40" or "%2F". SQLite names a file after the third
// slash: sqlite:///relative.db, sqlite:////absolute/path.db; sqlite:// and
// sqlite:///:memory: name an in-memory database.
type URL struct {
	Dialect  string     // "postgresql", "mysql", "sqlite", ...
	Driver   string     // the part after "+", or ""
	Username string     // decoded
	Password string     // decoded
	Host     string     // without brackets for IPv6
	Port     int        // 0 when absent
	Database string     // decoded; a path for SQLite
	Query    url.Values // options, in order of keys
}

// ErrInvalidURL is matched by every URL parsing error.
var ErrInvalidURL = errors.New("athanor: invalid database URL")

// URLError describes a URL that could not be parsed. Its message never
// contains the password.
type URLError struct {
	URL    string // with the password masked
	Reason string
}

func (e *URLError) Error() string {
	return fmt.Sprintf("athanor: invalid database URL %q: %s", e.URL, e.Reason)
}

// Is makes URLError match ErrInvalidURL.
func (e *URLError) Is(target error) bool { return target == ErrInvalidURL }

// ParseURL parses a database URL.
func ParseURL(s string) (*URL, error) {
	fail := func(reason string) (*URL, error) {
		return nil, &URLError{URL: maskPassword(s), Reason: reason}
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return fail(`missing "://" after the dialect name`)
	}
	if scheme == "" {
		return fail("missing dialect name")
	}
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '+' || r == '-' || r == '.') {
			return fail(fmt.Sprintf("invalid character %q in dialect name", r))
		}
	}
	u := &URL{}
	u.Dialect, u.Driver, _ = strings.Cut(strings.ToLower(scheme), "+")
	if u.Dialect == "" {
		return fail("missing dialect name")
	}
	if rest, q, hasQuery := strings.Cut(rest, "?"); hasQuery {
		vals, err := url.ParseQuery(q)
		if err != nil {
			return fail("bad query string: " + err.Error())
		}
		u.Query = vals
		return u.parseRest(rest, fail)
	}
	return u.parseRest(rest, fail)
}

func (u *URL) parseRest(rest string, fail func(string) (*URL, error)) (*URL, error) {
	authority, db, hasDB := strings.Cut(rest, "/")
	if hasDB {
		d, err := url.PathUnescape(db)
		if err != nil {
			return fail("bad escape in database name")
		}
		u.Database = d
	}
	hostport := authority
	if i := strings.LastIndexByte(authority, '@'); i >= 0 {
		hostport = authority[i+1:]
		user, pass, hasPass := strings.Cut(authority[:i], ":")
		var err error
		if u.Username, err = url.PathUnescape(user); err != nil {
			return fail("bad escape in user name")
		}
		if hasPass {
			if u.Password, err = url.PathUnescape(pass); err != nil {
				return fail("bad escape in password")
			}
		}
	}
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return fail("unclosed '[' in host")
		}
		host = hostport[1:end]
		after := hostport[end+1:]
		if after != "" {
			if after[0] != ':' {
				return fail("unexpected text after ']'")
			}
			port = after[1:]
		}
	} else if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		host, port = hostport[:i], hostport[i+1:]
	}
	h, err := url.PathUnescape(host)
	if err != nil {
		return fail("bad escape in host")
	}
	u.Host = h
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n <= 0 || n > 65535 {
			return fail(fmt.Sprintf("invalid port %q", port))
		}
		u.Port = n
	}
	return u, nil
}

// Option returns the first value of a query option, or "".
func (u *URL) Option(key string) string {
	if u.Query == nil {
		return ""
	}
	return u.Query.Get(key)
}

// String renders the URL with the password masked as "***".
func (u *URL) String() string { return u.Render(true) }

// Render renders the URL, masking the password when hidePassword is set.
// Parsing the unmasked rendering gives back an equal URL.
func (u *URL) Render(hidePassword bool) string {
	var b strings.Builder
	b.WriteString(u.Dialect)
	if u.Driver != "" {
		b.WriteString("+" + u.Driver)
	}
	b.WriteString("://")
	if u.Username != "" || u.Password != "" {
		b.WriteString(escapeUserinfo(u.Username))
		if u.Password != "" {
			b.WriteByte(':')
			if hidePassword {
				b.WriteString("***")
			} else {
				b.WriteString(escapeUserinfo(u.Password))
			}
		}
		b.WriteByte('@')
	}
	if strings.Contains(u.Host, ":") {
		b.WriteString("[" + u.Host + "]")
	} else {
		b.WriteString(escapeUserinfo(u.Host))
	}
	if u.Port != 0 {
		b.WriteString(":" + strconv.Itoa(u.Port))
	}
	if u.Database != "" {
		b.WriteByte('/')
		b.WriteString(escapePath(u.Database))
	}
	if len(u.Query) > 0 {
		keys := make([]string, 0, len(u.Query))
		for k := range u.Query {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteByte('?')
		for i, k := range keys {
			for j, v := range u.Query[k] {
				if i > 0 || j > 0 {
					b.WriteByte('&')
				}
				b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
			}
		}
	}
	return b.String()
}

// escapeUserinfo escapes the characters that would end a URL part early.
func escapeUserinfo(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(":@/?#[]%", c) >= 0 || c < 0x20 || c == 0x7f || c == ' ' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

func escapePath(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte("?#%", c) >= 0 || c < 0x20 || c == 0x7f || c == ' ' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maskPassword hides whatever stands between "://user:" and the last "@".
func maskPassword(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	authEnd := strings.IndexAny(rest, "/?")
	auth := rest
	if authEnd >= 0 {
		auth = rest[:authEnd]
	}
	at := strings.LastIndexByte(auth, '@')
	if at < 0 {
		return s
	}
	colon := strings.IndexByte(auth[:at], ':')
	if colon < 0 {
		return s
	}
	prefix := len(s) - len(rest)
	return s[:prefix+colon+1] + "***" + s[prefix+at:]
}
