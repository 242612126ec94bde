package dialect

import "strconv"

// Paramstyle is the way a database writes bound parameters in SQL text.
type Paramstyle uint8

// The parameter styles. Positional styles get one driver argument per
// placeholder, in order; Named gets one per distinct name.
const (
	Qmark   Paramstyle = iota // ?          SQLite, MySQL
	Dollar                    // $1, $2     PostgreSQL
	Numeric                   // :1, :2     Oracle
	AtP                       // @p1, @p2   SQL Server
	Named                     // :name      generic rendering, debugging
)

var paramstyleNames = [...]string{"qmark", "dollar", "numeric", "atp", "named"}

func (p Paramstyle) String() string {
	if int(p) < len(paramstyleNames) {
		return paramstyleNames[p]
	}
	return "Paramstyle(" + strconv.Itoa(int(p)) + ")"
}

// Positional reports whether parameters are matched by position.
func (p Paramstyle) Positional() bool { return p != Named }

// AppendPlaceholder appends the placeholder for the n-th parameter
// (counting from 1) named name.
func (p Paramstyle) AppendPlaceholder(b []byte, n int, name string) []byte {
	switch p {
	case Qmark:
		return append(b, '?')
	case Dollar:
		return strconv.AppendInt(append(b, '$'), int64(n), 10)
	case Numeric:
		return strconv.AppendInt(append(b, ':'), int64(n), 10)
	case AtP:
		return strconv.AppendInt(append(b, "@p"...), int64(n), 10)
	}
	return append(append(b, ':'), name...)
}
