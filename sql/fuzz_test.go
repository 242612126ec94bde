package sql_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
)

// FuzzCompile builds a statement of any kind from the input (see
// exprGen.anyStatement) and compiles it for test dialects of every
// paramstyle and for each database's dialect. Compiling and binding
// return SQL or an error and never panic; no value of the input reaches
// the SQL text; the placeholders and the arguments agree.
//
//	go test -fuzz FuzzCompile ./sql/
func FuzzCompile(f *testing.F) {
	for _, seed := range [][]byte{
		{}, {0}, {1, 2, 3, 4, 5, 6, 7, 8, 9}, {2, 3, 0, 4, 1},
		{2, 10, 3, 4, 0, 0, 1}, {1, 7, 5, 1, 3, 2, 1, 0, 9, 4}, []byte("\x02\x11\x0b\x05\x06\x07\x08"),
		[]byte("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7"), []byte("'\"%_\x00;--"),
	} {
		f.Add(seed)
	}
	for kind := range byte(9) { // each kind of exprGen.anyStatement
		f.Add([]byte{2, kind, 7, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5})
	}
	dialects := []dialect.Dialect{dialect.Generic, qmark, dollar, numeric, atp, plain,
		sqlite.New(), postgres.New(), mysql.New(), mysql.NewMariaDB(), mssql.New(), oracle.New(),
		mssql.New(mssql.Options{Version: 10}), oracle.New(oracle.Options{NonANSIJoins: true, RownumLimits: true})}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &exprGen{data: data}
		stmt := g.anyStatement()
		for _, d := range dialects {
			c, err := sql.Compile(stmt, d)
			if err != nil {
				continue
			}
			text, args, err := c.Bind(sql.BindsOf(stmt), genParams)
			if err != nil {
				continue
			}
			for _, s := range []string{c.SQL, text} {
				if strings.Contains(s, valueMark) {
					t.Fatalf("%s: a string value in the SQL: %s", d.Name(), s)
				}
				for _, v := range g.values {
					if strings.Contains(s, v) {
						t.Fatalf("%s: value %s in the SQL: %s", d.Name(), v, s)
					}
				}
				if strings.IndexByte(s, 0) >= 0 {
					t.Fatalf("%s: a NUL byte in the SQL: %q", d.Name(), s)
				}
			}
			if err := checkPlaceholders(d.Paramstyle(), text, len(args)); err != nil {
				t.Fatalf("%s: %v: %s", d.Name(), err, text)
			}
			if _, err := sql.DebugSQL(stmt, d, genParams); err != nil {
				t.Fatalf("%s: DebugSQL fails where Compile does not: %v", d.Name(), err)
			}
		}
	})
}

// stringLiterals are the SQL string literals the compiler writes itself
// (regular expression flags: '(?i)'), whose text is no placeholder.
var stringLiterals = regexp.MustCompile(`'(?:[^']|'')*'`)

// numbered finds the placeholders of the numbered paramstyles.
var numbered = map[dialect.Paramstyle]*regexp.Regexp{
	dialect.Dollar:  regexp.MustCompile(`\$(\d+)`),
	dialect.Numeric: regexp.MustCompile(`:(\d+)`),
	dialect.AtP:     regexp.MustCompile(`@p(\d+)`),
}

// checkPlaceholders checks that text's placeholders take exactly n
// arguments: one per ? in qmark style, each of 1..n (and no other) in a
// numbered style. (The generated statements hold no ? or digits after $,
// : or @p of their own.)
func checkPlaceholders(style dialect.Paramstyle, text string, n int) error {
	text = stringLiterals.ReplaceAllString(text, "''")
	if style == dialect.Qmark {
		if c := strings.Count(text, "?"); c != n {
			return fmt.Errorf("%d placeholders, %d arguments", c, n)
		}
		return nil
	}
	re := numbered[style]
	if re == nil {
		return nil
	}
	seen := map[int]bool{}
	for _, m := range re.FindAllStringSubmatch(text, -1) {
		i, _ := strconv.Atoi(m[1])
		if i < 1 || i > n {
			return fmt.Errorf("placeholder %s for %d arguments", m[0], n)
		}
		seen[i] = true
	}
	if len(seen) != n {
		return fmt.Errorf("%d distinct placeholders, %d arguments", len(seen), n)
	}
	return nil
}

// FuzzText parses arbitrary text() SQL: it compiles or fails, never
// panics, and every :name it finds is a parameter.
func FuzzText(f *testing.F) {
	for _, s := range []string{"select :a", `x = '\:b' and :c::int`, ":", "::", `"a:b"`, "'unterminated :x", `\:`, ":_1a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		txt := sql.Text(s)
		c, err := sql.Compile(txt, qmark)
		if err != nil {
			return
		}
		if len(c.Params) != len(txt.ParamNames()) {
			t.Fatalf("%d params for names %v", len(c.Params), txt.ParamNames())
		}
	})
}
