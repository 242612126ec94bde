package sqlite

import "strings"

// SQLite keeps the CREATE statement of each table and index as it was
// written, and its PRAGMAs leave out constraint names, CHECK conditions,
// generated columns' expressions and the expressions of indexes. This file
// reads them from the statement: a tokenizer that knows SQLite's quoting
// and comments, and a parser of the parts of CREATE TABLE, CREATE INDEX
// and CREATE VIEW that reflection needs. Whatever it does not recognize
// it skips; the PRAGMAs remain the authority on columns, keys and indexes.

// token is one token of a CREATE statement.
type token struct {
	kind       byte   // 'w' word, 'q' quoted identifier, 's' string literal, 'p' punctuation
	text       string // the word, the identifier unquoted, the punctuation
	start, end int    // its span in the statement
}

// is reports whether the token is the keyword kw (case-insensitively).
func (t token) is(kw string) bool { return t.kind == 'w' && strings.EqualFold(t.text, kw) }

// isPunct reports whether the token is the punctuation p.
func (t token) isPunct(p string) bool { return t.kind == 'p' && t.text == p }

// name reports whether the token can be a name: a word or a quoted
// identifier (or a string, which SQLite also takes as a name).
func (t token) name() bool { return t.kind == 'w' || t.kind == 'q' || t.kind == 's' }

// tokenize splits a statement into tokens, skipping white space and
// comments.
func tokenize(s string) []token {
	var out []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '/' && i+1 < len(s) && s[i+1] == '*':
			end := strings.Index(s[i+2:], "*/")
			if end < 0 {
				i = len(s)
			} else {
				i += end + 4
			}
		case c == '"' || c == '`' || c == '\'':
			j, text := quoted(s, i, c, c)
			kind := byte('q')
			if c == '\'' {
				kind = 's'
			}
			out = append(out, token{kind: kind, text: text, start: i, end: j})
			i = j
		case c == '[':
			j, text := quoted(s, i, '[', ']')
			out = append(out, token{kind: 'q', text: text, start: i, end: j})
			i = j
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			out = append(out, token{kind: 'w', text: s[i:j], start: i, end: j})
			i = j
		default:
			out = append(out, token{kind: 'p', text: s[i : i+1], start: i, end: i + 1})
			i++
		}
	}
	return out
}

// quoted reads a quoted token starting at s[i], where a doubled closing
// character stands for itself; it returns the index after the token and
// its unquoted text.
func quoted(s string, i int, open, closing byte) (int, string) {
	var b strings.Builder
	j := i + 1
	for j < len(s) {
		if s[j] == closing {
			if closing == open && j+1 < len(s) && s[j+1] == closing {
				b.WriteByte(closing)
				j += 2
				continue
			}
			return j + 1, b.String()
		}
		b.WriteByte(s[j])
		j++
	}
	return j, b.String()
}

func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// parser walks the tokens of one statement.
type parser struct {
	src  string
	toks []token
	pos  int
}

func newParser(s string) *parser { return &parser{src: s, toks: tokenize(s)} }

func (p *parser) done() bool { return p.pos >= len(p.toks) }

func (p *parser) peek() token {
	if p.done() {
		return token{}
	}
	return p.toks[p.pos]
}

// accept consumes the keywords if they come next, all of them.
func (p *parser) accept(kws ...string) bool {
	if p.pos+len(kws) > len(p.toks) {
		return false
	}
	for i, kw := range kws {
		if !p.toks[p.pos+i].is(kw) {
			return false
		}
	}
	p.pos += len(kws)
	return true
}

// acceptPunct consumes the punctuation if it comes next.
func (p *parser) acceptPunct(c string) bool {
	if !p.done() && p.peek().isPunct(c) {
		p.pos++
		return true
	}
	return false
}

// group consumes a parenthesized group, which must come next, and returns
// the tokens inside it and the text between the parentheses.
func (p *parser) group() ([]token, string, bool) {
	if !p.acceptPunct("(") {
		return nil, "", false
	}
	start := p.pos
	depth := 1
	for ; p.pos < len(p.toks); p.pos++ {
		t := p.toks[p.pos]
		switch {
		case t.isPunct("("):
			depth++
		case t.isPunct(")"):
			depth--
			if depth == 0 {
				inner := p.toks[start:p.pos]
				text := ""
				if len(inner) > 0 {
					text = p.src[inner[0].start:inner[len(inner)-1].end]
				}
				p.pos++
				return inner, text, true
			}
		}
	}
	return nil, "", false
}

// qualifiedName consumes a name, optionally schema-qualified, and returns
// its last part.
func (p *parser) qualifiedName() string {
	if p.done() || !p.peek().name() {
		return ""
	}
	name := p.peek().text
	p.pos++
	if p.acceptPunct(".") && !p.done() && p.peek().name() {
		name = p.peek().text
		p.pos++
	}
	return name
}

// splitTop splits tokens at commas outside parentheses.
func splitTop(toks []token) [][]token {
	var out [][]token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case t.isPunct("("):
			depth++
		case t.isPunct(")"):
			depth--
		case t.isPunct(",") && depth == 0:
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	if start < len(toks) {
		out = append(out, toks[start:])
	}
	return out
}

// tableDef is what the parser finds in CREATE TABLE.
type tableDef struct {
	columns     []columnDef
	pkName      string
	fks         []fkDef
	uniques     []uniqueDef
	checks      []checkDef
	autoinc     bool // a column is INTEGER PRIMARY KEY AUTOINCREMENT
	withoutRows bool // WITHOUT ROWID
}

type columnDef struct {
	name      string
	generated string // GENERATED ALWAYS AS (expr): the expression
}

type fkDef struct {
	name         string
	columns      []string
	table        string
	refColumns   []string
	onDelete     string
	onUpdate     string
	match        string
	deferrable   *bool
	initially    string
	fromColumn   bool // declared on a column (REFERENCES after its type)
	declaredFrom int  // order of declaration
}

type uniqueDef struct {
	name    string
	columns []string
}

type checkDef struct {
	name string
	expr string
}

// parseCreateTable reads a CREATE TABLE statement; ok is false when it is
// not one with a column list (CREATE TABLE ... AS SELECT).
func parseCreateTable(sql string) (def tableDef, ok bool) {
	p := newParser(sql)
	if !p.accept("CREATE") {
		return def, false
	}
	_ = p.accept("TEMP") || p.accept("TEMPORARY")
	if !p.accept("TABLE") {
		return def, false
	}
	p.accept("IF", "NOT", "EXISTS")
	p.qualifiedName()
	body, _, ok := p.group()
	if !ok {
		return def, false
	}
	for !p.done() {
		if p.accept("WITHOUT", "ROWID") {
			def.withoutRows = true
			continue
		}
		p.pos++
	}
	for _, item := range splitTop(body) {
		if len(item) == 0 {
			continue
		}
		ip := &parser{src: sql, toks: item}
		switch first := item[0]; {
		case first.is("CONSTRAINT"), first.is("PRIMARY"), first.is("UNIQUE"), first.is("CHECK"), first.is("FOREIGN"):
			def.tableConstraint(ip)
		default:
			def.column(ip)
		}
	}
	return def, true
}

// columnKeywords end a column's type.
var columnKeywords = map[string]bool{
	"CONSTRAINT": true, "PRIMARY": true, "NOT": true, "NULL": true, "UNIQUE": true, "CHECK": true,
	"DEFAULT": true, "COLLATE": true, "REFERENCES": true, "GENERATED": true, "AS": true,
}

// column reads a column definition and the constraints declared on it.
func (def *tableDef) column(p *parser) {
	if !p.peek().name() {
		return
	}
	col := columnDef{name: p.peek().text}
	p.pos++
	// The type: words and a parenthesized size, up to a constraint.
	for !p.done() {
		t := p.peek()
		if t.kind == 'w' && columnKeywords[strings.ToUpper(t.text)] {
			break
		}
		if t.isPunct("(") {
			p.group()
			continue
		}
		p.pos++
	}
	name := ""
	for !p.done() {
		switch {
		case p.accept("CONSTRAINT"):
			if p.peek().name() {
				name = p.peek().text
				p.pos++
			}
			continue
		case p.accept("PRIMARY", "KEY"):
			def.pkName = name
			_ = p.accept("ASC") || p.accept("DESC")
			p.conflictClause()
			if p.accept("AUTOINCREMENT") {
				def.autoinc = true
			}
		case p.accept("NOT", "NULL"):
			p.conflictClause()
		case p.accept("UNIQUE"):
			def.uniques = append(def.uniques, uniqueDef{name: name, columns: []string{col.name}})
			p.conflictClause()
		case p.accept("NULL"):
		case p.accept("CHECK"):
			if _, text, ok := p.group(); ok {
				def.checks = append(def.checks, checkDef{name: name, expr: text})
			}
		case p.accept("DEFAULT"):
			if !p.acceptPunct("-") {
				p.acceptPunct("+")
			}
			if p.peek().isPunct("(") {
				p.group()
			} else {
				p.pos++
			}
		case p.accept("COLLATE"):
			p.pos++
		case p.accept("REFERENCES"):
			fk := p.references()
			fk.name, fk.columns, fk.fromColumn = name, []string{col.name}, true
			def.addFK(fk)
		case p.accept("GENERATED", "ALWAYS", "AS"), p.accept("AS"):
			if _, text, ok := p.group(); ok {
				col.generated = text
			}
			_ = p.accept("STORED") || p.accept("VIRTUAL")
		default:
			p.pos++
			continue
		}
		name = ""
	}
	def.columns = append(def.columns, col)
}

// tableConstraint reads a table constraint.
func (def *tableDef) tableConstraint(p *parser) {
	name := ""
	if p.accept("CONSTRAINT") && p.peek().name() {
		name = p.peek().text
		p.pos++
	}
	switch {
	case p.accept("PRIMARY", "KEY"):
		def.pkName = name
		if toks, _, ok := p.group(); ok {
			for _, el := range splitTop(toks) {
				if len(el) > 3 && el[len(el)-1].is("AUTOINCREMENT") {
					def.autoinc = true
				}
			}
		}
	case p.accept("UNIQUE"):
		if toks, _, ok := p.group(); ok {
			def.uniques = append(def.uniques, uniqueDef{name: name, columns: elementNames(toks)})
		}
	case p.accept("CHECK"):
		if _, text, ok := p.group(); ok {
			def.checks = append(def.checks, checkDef{name: name, expr: text})
		}
	case p.accept("FOREIGN", "KEY"):
		toks, _, ok := p.group()
		if !ok || !p.accept("REFERENCES") {
			return
		}
		fk := p.references()
		fk.name, fk.columns = name, elementNames(toks)
		def.addFK(fk)
	}
}

func (def *tableDef) addFK(fk fkDef) {
	fk.declaredFrom = len(def.fks)
	def.fks = append(def.fks, fk)
}

// elementNames returns the column of each element of a key list: its
// first token ("a COLLATE nocase DESC" is column a).
func elementNames(toks []token) []string {
	var out []string
	for _, el := range splitTop(toks) {
		if len(el) > 0 && el[0].name() {
			out = append(out, el[0].text)
		}
	}
	return out
}

// conflictClause skips ON CONFLICT resolution.
func (p *parser) conflictClause() {
	if p.accept("ON", "CONFLICT") {
		p.pos++
	}
}

// references reads what follows REFERENCES: the table, the columns and
// the clauses.
func (p *parser) references() fkDef {
	var fk fkDef
	fk.table = p.qualifiedName()
	if p.peek().isPunct("(") {
		toks, _, _ := p.group()
		fk.refColumns = elementNames(toks)
	}
	for !p.done() {
		switch {
		case p.accept("ON", "DELETE"):
			fk.onDelete = p.action()
		case p.accept("ON", "UPDATE"):
			fk.onUpdate = p.action()
		case p.accept("MATCH"):
			fk.match = strings.ToUpper(p.peek().text)
			p.pos++
		case p.accept("NOT", "DEFERRABLE"):
			f := false
			fk.deferrable = &f
			fk.initially = p.initially()
		case p.accept("DEFERRABLE"):
			t := true
			fk.deferrable = &t
			fk.initially = p.initially()
		default:
			return fk
		}
	}
	return fk
}

// action reads a referential action; NO ACTION, the default, is "".
func (p *parser) action() string {
	switch {
	case p.accept("SET", "NULL"):
		return "SET NULL"
	case p.accept("SET", "DEFAULT"):
		return "SET DEFAULT"
	case p.accept("CASCADE"):
		return "CASCADE"
	case p.accept("RESTRICT"):
		return "RESTRICT"
	case p.accept("NO", "ACTION"):
	}
	return ""
}

func (p *parser) initially() string {
	switch {
	case p.accept("INITIALLY", "DEFERRED"):
		return "DEFERRED"
	case p.accept("INITIALLY", "IMMEDIATE"):
		return "IMMEDIATE"
	}
	return ""
}

// indexDef is what the parser finds in CREATE INDEX: the text of each
// element (without ASC or DESC) and the WHERE condition.
type indexDef struct {
	elements []string
	where    string
}

// parseCreateIndex reads a CREATE INDEX statement.
func parseCreateIndex(sql string) (def indexDef, ok bool) {
	p := newParser(sql)
	if !p.accept("CREATE") {
		return def, false
	}
	p.accept("UNIQUE")
	if !p.accept("INDEX") {
		return def, false
	}
	p.accept("IF", "NOT", "EXISTS")
	p.qualifiedName()
	if !p.accept("ON") {
		return def, false
	}
	p.qualifiedName()
	toks, _, ok := p.group()
	if !ok {
		return def, false
	}
	for _, el := range splitTop(toks) {
		for len(el) > 1 && (el[len(el)-1].is("ASC") || el[len(el)-1].is("DESC")) {
			el = el[:len(el)-1]
		}
		if len(el) > 2 && el[len(el)-2].is("COLLATE") {
			el = el[:len(el)-2]
		}
		if len(el) > 0 {
			def.elements = append(def.elements, sql[el[0].start:el[len(el)-1].end])
		}
	}
	if p.accept("WHERE") && !p.done() {
		last := len(p.toks) - 1
		if p.toks[last].isPunct(";") {
			last--
		}
		if last >= p.pos {
			def.where = sql[p.toks[p.pos].start:p.toks[last].end]
		}
	}
	return def, true
}

// viewQuery returns the query of a CREATE VIEW statement: what follows its
// AS.
func viewQuery(sql string) string {
	p := newParser(sql)
	if !p.accept("CREATE") {
		return sql
	}
	_ = p.accept("TEMP") || p.accept("TEMPORARY")
	if !p.accept("VIEW") {
		return sql
	}
	p.accept("IF", "NOT", "EXISTS")
	p.qualifiedName()
	if p.peek().isPunct("(") {
		p.group()
	}
	if !p.accept("AS") || p.done() {
		return sql
	}
	return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(sql[p.peek().start:]), ";"))
}
