package sql_test

import (
	"strings"
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// FuzzCompile builds a statement from the input (see exprGen) and
// compiles it for dialects of every paramstyle. Compiling and binding
// return SQL or an error and never panic; no value of the input reaches
// the SQL text; a qmark statement has one argument per placeholder.
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
	dialects := []dialect.Dialect{dialect.Generic, qmark, dollar, numeric, atp, plain}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := &exprGen{data: data}
		stmt := g.statement()
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
			if d == qmark {
				if n := strings.Count(text, "?"); n != len(args) {
					t.Fatalf("%d placeholders, %d arguments: %s", n, len(args), text)
				}
			}
			if _, err := sql.DebugSQL(stmt, d, genParams); err != nil {
				t.Fatalf("%s: DebugSQL fails where Compile does not: %v", d.Name(), err)
			}
		}
	})
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
