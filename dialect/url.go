package dialect

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// URL names a database, in SQLAlchemy's form:
//
//	dialect[+driver]://[user[:password]@][host][:port][/database][?key=value&...]
//
// One parser serves every dialect. The parts are:
//
//   - dialect and driver: letters, digits, '_', '-' and '.', compared in
//     lower case ("postgresql+pgx").
//   - user and password: percent-decoded. The user and password end at the
//     last '@' before the first '/' or '?', so a password may hold a raw
//     '@' or ':', but '/', '?' and '#' must be written %2F, %3F and %23.
//   - host: a name, an IPv4 address, or an IPv6 address in brackets
//     ([::1]); percent-decoded.
//   - port: 1 to 65535.
//   - database: everything after the first '/' up to '?', percent-decoded.
//     SQLite names a file there: sqlite:///relative.db,
//     sqlite:////absolute/path.db; sqlite:// and sqlite:///:memory: name
//     an in-memory database.
//   - options: key=value pairs decoded as in an HTML form ('+' is a
//     space); a key may repeat.
//
// String masks the password, so a URL can be logged; Render(false) gives
// the full text, which ParseURL reads back to an equal URL.
type URL struct {
	Dialect  string     // "postgresql", "mysql", "sqlite", ...
	Driver   string     // the part after "+", or ""
	Username string     // decoded
	Password string     // decoded
	Host     string     // decoded, without brackets for IPv6
	Port     int        // 0 when absent
	Database string     // decoded; a path for SQLite
	Query    url.Values // options; nil when there are none
}

// ErrInvalidURL is matched by every URL parsing error.
var ErrInvalidURL = errors.New("athanor: invalid database URL")

// URLError describes a URL that could not be parsed or used. Its message
// never contains the password.
type URLError struct {
	URL    string // with the password masked
	Reason string
}

// Error implements error.
func (e *URLError) Error() string {
	return fmt.Sprintf("athanor: invalid database URL %q: %s", e.URL, e.Reason)
}

// Is makes URLError match ErrInvalidURL.
func (e *URLError) Is(target error) bool { return target == ErrInvalidURL }

// ParseURL parses a database URL (see URL for the syntax). Errors are
// *URLError and match ErrInvalidURL.
func ParseURL(s string) (*URL, error) {
	fail := func(reason string) (*URL, error) {
		return nil, &URLError{URL: maskForError(s), Reason: reason}
	}
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		return fail(`missing "://" after the dialect name (e.g. sqlite:///app.db)`)
	}
	for _, r := range scheme {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_+-.", r)) {
			return fail(fmt.Sprintf("invalid character %q in dialect name", r))
		}
	}
	u := &URL{}
	u.Dialect, u.Driver, _ = strings.Cut(strings.ToLower(scheme), "+")
	if u.Dialect == "" {
		return fail("missing dialect name")
	}

	authority, tail := rest, ""
	if end := strings.IndexAny(rest, "/?"); end >= 0 {
		authority, tail = rest[:end], rest[end:]
	}
	if reason := u.parseAuthority(authority); reason != "" {
		if strings.Contains(tail, "@") {
			// The text read as host and port is likely part of a password:
			// do not quote it.
			reason = "cannot read the host and port; a password holding '/' or '?' must be percent-encoded (%2F, %3F)"
		}
		return fail(reason)
	}
	path, query, hasQuery := strings.Cut(tail, "?")
	if path != "" {
		db, err := url.PathUnescape(path[1:]) // path starts with '/'
		if err != nil {
			return fail("bad percent-escape in database name")
		}
		u.Database = db
	}
	if hasQuery {
		q, err := parseQuery(query)
		if err != nil {
			return fail("bad percent-escape in options: " + err.Error())
		}
		u.Query = q
	}
	return u, nil
}

// parseAuthority reads [user[:password]@][host][:port], returning the
// reason it is invalid, or "".
func (u *URL) parseAuthority(authority string) string {
	hostport := authority
	if at := strings.LastIndexByte(authority, '@'); at >= 0 {
		hostport = authority[at+1:]
		user, pass, hasPass := strings.Cut(authority[:at], ":")
		var err error
		if u.Username, err = url.PathUnescape(user); err != nil {
			return "bad percent-escape in user name"
		}
		if hasPass {
			if u.Password, err = url.PathUnescape(pass); err != nil {
				return "bad percent-escape in password"
			}
		}
	}
	host, port := hostport, ""
	if strings.HasPrefix(hostport, "[") {
		end := strings.IndexByte(hostport, ']')
		if end < 0 {
			return "missing ']' after an IPv6 host"
		}
		host = hostport[1:end]
		after := hostport[end+1:]
		if after != "" {
			if after[0] != ':' {
				return fmt.Sprintf("unexpected %q after ']'", after)
			}
			port = after[1:]
		}
	} else if i := strings.LastIndexByte(hostport, ':'); i >= 0 {
		host, port = hostport[:i], hostport[i+1:]
		if strings.Contains(host, ":") {
			return "an IPv6 host must be written in brackets ([::1])"
		}
	}
	h, err := url.PathUnescape(host)
	if err != nil {
		return "bad percent-escape in host"
	}
	u.Host = h
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || strings.Trim(port, "0123456789") != "" || n < 1 || n > 65535 {
			return fmt.Sprintf("invalid port %q (want 1 to 65535)", port)
		}
		u.Port = n
	}
	return ""
}

// parseQuery reads key=value pairs separated by '&'. Unlike
// url.ParseQuery it accepts ';' in values and keeps empty values.
func parseQuery(q string) (url.Values, error) {
	var vals url.Values
	for part := range strings.SplitSeq(q, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			return nil, err
		}
		val, err := url.QueryUnescape(v)
		if err != nil {
			return nil, err
		}
		if vals == nil {
			vals = url.Values{}
		}
		vals[key] = append(vals[key], val)
	}
	return vals, nil
}

// Option returns the first value of a query option, or "".
func (u *URL) Option(key string) string {
	if u.Query == nil {
		return ""
	}
	return u.Query.Get(key)
}

// Clone returns a copy of u that shares nothing with it.
func (u *URL) Clone() *URL {
	c := *u
	if u.Query != nil {
		c.Query = make(url.Values, len(u.Query))
		for k, vs := range u.Query {
			c.Query[k] = slices.Clone(vs)
		}
	}
	return &c
}

// String renders the URL with the password masked as "***".
func (u *URL) String() string { return u.Render(true) }

// Render renders the URL, masking the password when hidePassword is set.
// Parsing the unmasked rendering gives back an equal URL. Options are
// written in key order.
func (u *URL) Render(hidePassword bool) string {
	var b strings.Builder
	b.WriteString(u.Dialect)
	if u.Driver != "" {
		b.WriteString("+" + u.Driver)
	}
	b.WriteString("://")
	if u.Username != "" || u.Password != "" {
		b.WriteString(escape(u.Username, ":@/?#%"))
		if u.Password != "" {
			b.WriteByte(':')
			if hidePassword {
				b.WriteString("***")
			} else {
				b.WriteString(escape(u.Password, ":@/?#%"))
			}
		}
		b.WriteByte('@')
	}
	if strings.Contains(u.Host, ":") {
		b.WriteString("[" + escape(u.Host, "@/?#%[]") + "]")
	} else {
		b.WriteString(escape(u.Host, ":@/?#%[]"))
	}
	if u.Port != 0 {
		b.WriteString(":" + strconv.Itoa(u.Port))
	}
	if u.Database != "" {
		b.WriteByte('/')
		b.WriteString(escape(u.Database, "?#%"))
	}
	sep := byte('?')
	for _, k := range slices.Sorted(maps.Keys(u.Query)) {
		for _, v := range u.Query[k] {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
		}
	}
	return b.String()
}

// escape percent-encodes the bytes of special and control characters.
func escape(s, special string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if strings.IndexByte(special, c) >= 0 || c < 0x20 || c == 0x7f {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maskForError hides the password of a URL that may not parse. It masks
// more than the parser would read as a password (everything between the
// first ':' of the user part and the last '@'), so that a password with an
// unescaped '/' never reaches an error message.
func maskForError(s string) string {
	_, rest, ok := strings.Cut(s, "://")
	if !ok {
		return s
	}
	at := strings.LastIndexByte(rest, '@')
	if at < 0 {
		return s
	}
	colon := strings.IndexByte(rest[:at], ':')
	if colon < 0 || strings.ContainsAny(rest[:colon], "/?") {
		return s
	}
	prefix := len(s) - len(rest)
	return s[:prefix+colon+1] + "***" + s[prefix+at:]
}
