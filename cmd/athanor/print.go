package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/athanordb/athanor/inspect"
)

// printSchema writes a schema for people to read: a block per table and
// view, then the sequences and enum types.
func printSchema(w io.Writer, s *inspect.SchemaInfo) error {
	p := &printer{w: w}
	schema := s.Name
	if schema == "" {
		schema = s.DefaultName + " (default)"
	}
	p.linef("-- %s, schema %s: %s, %s", s.Dialect, schema, count(len(s.Tables), "table"), count(len(s.Views), "view"))
	for _, t := range s.Tables {
		p.table(t)
	}
	for _, v := range s.Views {
		p.view(v)
	}
	for _, q := range s.Sequences {
		p.linef("")
		p.linef("SEQUENCE %s %s START %d INCREMENT %d MINVALUE %d MAXVALUE %d%s", q.Name, q.TypeName, q.Start, q.Increment, q.MinValue, q.MaxValue, cycle(q.Cycle))
	}
	for _, e := range s.Enums {
		p.linef("")
		p.linef("ENUM %s (%s)", e.Name, quoteAll(e.Values))
	}
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) linef(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *printer) table(t *inspect.TableInfo) {
	p.linef("")
	p.linef("TABLE %s%s", t.Name, comment(t.Comment))
	p.columns(t.Columns)
	if pk := t.PrimaryKey; pk != nil {
		p.linef("  PRIMARY KEY%s (%s)", name(pk.Name), strings.Join(pk.Columns, ", "))
	}
	for _, fk := range t.ForeignKeys {
		ref := fk.ReferredTable
		if fk.ReferredSchema != "" {
			ref = fk.ReferredSchema + "." + ref
		}
		s := fmt.Sprintf("  FOREIGN KEY%s (%s) REFERENCES %s (%s)", name(fk.Name), strings.Join(fk.Columns, ", "), ref, strings.Join(fk.ReferredColumns, ", "))
		if fk.OnDelete != "" {
			s += " ON DELETE " + fk.OnDelete
		}
		if fk.OnUpdate != "" {
			s += " ON UPDATE " + fk.OnUpdate
		}
		if fk.Match != "" {
			s += " MATCH " + fk.Match
		}
		if fk.Deferrable != nil && *fk.Deferrable {
			s += " DEFERRABLE"
		}
		if fk.Initially != "" {
			s += " INITIALLY " + fk.Initially
		}
		p.linef("%s", s)
	}
	for _, u := range t.UniqueConstraints {
		p.linef("  UNIQUE%s (%s)", name(u.Name), strings.Join(u.Columns, ", "))
	}
	for _, c := range t.CheckConstraints {
		p.linef("  CHECK%s (%s)", name(c.Name), c.Expression)
	}
	for _, ix := range t.Indexes {
		var elems []string
		for _, c := range ix.Columns {
			e := c.Name
			if e == "" {
				e = "(" + c.Expression + ")"
			}
			if c.Descending {
				e += " DESC"
			}
			elems = append(elems, e)
		}
		kind := "INDEX"
		if ix.Unique {
			kind = "UNIQUE INDEX"
		}
		s := fmt.Sprintf("  %s %s (%s)", kind, ix.Name, strings.Join(elems, ", "))
		if ix.Where != "" {
			s += " WHERE " + ix.Where
		}
		p.linef("%s", s)
	}
}

func (p *printer) view(v *inspect.TableInfo) {
	p.linef("")
	p.linef("VIEW %s%s", v.Name, comment(v.Comment))
	p.columns(v.Columns)
	p.linef("  AS %s", strings.Join(strings.Fields(v.Definition), " "))
}

// columns writes one aligned line per column: name, type, NOT NULL, then
// what else there is to say.
func (p *printer) columns(cols []inspect.ColumnInfo) {
	if p.err != nil {
		return
	}
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	for _, c := range cols {
		null := ""
		if !c.Nullable {
			null = "NOT NULL"
		}
		var more []string
		if c.Default != "" {
			more = append(more, "DEFAULT "+c.Default)
		}
		if id := c.Identity; id != nil {
			kind := "BY DEFAULT"
			if id.Always {
				kind = "ALWAYS"
			}
			more = append(more, fmt.Sprintf("GENERATED %s AS IDENTITY (START %d INCREMENT %d)", kind, id.Start, id.Increment))
		} else if c.Autoincrement {
			more = append(more, "autoincrement")
		}
		if comp := c.Computed; comp != nil {
			stored := "VIRTUAL"
			if comp.Persisted {
				stored = "STORED"
			}
			more = append(more, fmt.Sprintf("GENERATED ALWAYS AS (%s) %s", comp.Expression, stored))
		}
		if c.Comment != "" {
			more = append(more, "-- "+c.Comment)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", c.Name, c.TypeName, null, strings.Join(more, " "))
	}
	if p.err = tw.Flush(); p.err != nil {
		return
	}
	for _, line := range strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n") {
		p.linef("%s", strings.TrimRight(line, " "))
	}
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func name(n string) string {
	if n == "" {
		return ""
	}
	return " " + n
}

func comment(c string) string {
	if c == "" {
		return ""
	}
	return "  -- " + c
}

func cycle(c bool) string {
	if c {
		return " CYCLE"
	}
	return ""
}

func quoteAll(values []string) string {
	q := make([]string, len(values))
	for i, v := range values {
		q[i] = "'" + strings.ReplaceAll(v, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}
