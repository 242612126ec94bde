package inspect

import (
	"fmt"
	"slices"
	"strings"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
)

// DiffKind says what a Difference is about.
type DiffKind string

// The kinds of differences. "Add" means want has what have lacks (a
// migration from have to want adds it), "Remove" the reverse, "Modify"
// that both have it, differently.
const (
	AddTable            DiffKind = "add_table"
	RemoveTable         DiffKind = "remove_table"
	AddColumn           DiffKind = "add_column"
	RemoveColumn        DiffKind = "remove_column"
	ModifyType          DiffKind = "modify_type"
	ModifyNullable      DiffKind = "modify_nullable"
	ModifyDefault       DiffKind = "modify_default"
	ModifyAutoincrement DiffKind = "modify_autoincrement"
	ModifyIdentity      DiffKind = "modify_identity"
	ModifyComputed      DiffKind = "modify_computed"
	ModifyComment       DiffKind = "modify_comment"
	ModifyPrimaryKey    DiffKind = "modify_primary_key"
	AddForeignKey       DiffKind = "add_foreign_key"
	RemoveForeignKey    DiffKind = "remove_foreign_key"
	ModifyForeignKey    DiffKind = "modify_foreign_key"
	AddUnique           DiffKind = "add_unique"
	RemoveUnique        DiffKind = "remove_unique"
	AddCheck            DiffKind = "add_check"
	RemoveCheck         DiffKind = "remove_check"
	ModifyCheck         DiffKind = "modify_check"
	AddIndex            DiffKind = "add_index"
	RemoveIndex         DiffKind = "remove_index"
	ModifyIndex         DiffKind = "modify_index"
	ModifyTableComment  DiffKind = "modify_table_comment"
)

// Difference is one way two tables (or two MetaData) differ.
type Difference struct {
	Kind DiffKind
	// Table is the table's full name, schema.name.
	Table string
	// Column names the column of a column difference.
	Column string
	// Name names the constraint or index, when it has a name.
	Name string
	// Want and Have describe the two sides readably ("VARCHAR(30)",
	// "NOT NULL", "UNIQUE (a, b)"); "" on the side that lacks the object.
	Want, Have string
	// WantObject and HaveObject are the objects compared: a *sql.Table,
	// *sql.Column, sql.Constraint or *sql.Index; nil on the side that
	// lacks one.
	WantObject, HaveObject any
}

// String describes the difference on one line.
func (d Difference) String() string {
	var b strings.Builder
	b.WriteString(string(d.Kind) + " " + d.Table)
	if d.Column != "" {
		b.WriteString("." + d.Column)
	}
	if d.Name != "" {
		b.WriteString(" " + d.Name)
	}
	switch {
	case d.Want != "" && d.Have != "":
		fmt.Fprintf(&b, ": want %s, have %s", d.Want, d.Have)
	case d.Want != "":
		b.WriteString(": " + d.Want)
	case d.Have != "":
		b.WriteString(": " + d.Have)
	}
	return b.String()
}

// CompareOptions tune Compare.
type CompareOptions struct {
	_ struct{} // keyed literals only: fields will be added

	// IgnoreExtraTables leaves out the tables have holds and want does
	// not (no RemoveTable): for comparing a MetaData that declares some
	// of a database's tables with all of them.
	IgnoreExtraTables bool
}

// Compare reports how have differs from want, as the dialect d creates
// them: what a migration from have to want must do. Typically want is
// the MetaData a program declares and have the one reflected from the
// database (Reflect); Compare is the comparison migrations build on.
//
// Tables are matched by full name, columns by name. Two columns compare
// equal when d writes the same type for them in CREATE TABLE (a declared
// types.UUID and a reflected CHAR(32) on SQLite; a Boolean and a
// reflected TINYINT(1) on MySQL), with the same nullability, server
// default (read as SQL, regardless of the casts, parentheses and quoting
// databases add), autoincrement, identity, generated expression and
// comment. Constraints and indexes are matched by name where the
// declared one has a name (its own or its MetaData's naming convention's)
// and otherwise by what they are made of; a unique index and a unique
// constraint over the same columns are the same thing (MySQL reflects one
// as the other). Constraints CreateAll would not create on d (the CHECK
// of a natively supported Enum) are left out, as are comments on
// databases without them.
func Compare(d dialect.Dialect, want, have *sql.MetaData, opts ...CompareOptions) []Difference {
	var o CompareOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var out []Difference
	seen := map[string]bool{}
	for _, t := range want.Tables() {
		seen[t.FullName()] = true
		h, ok := have.Lookup(t.FullName())
		if !ok {
			out = append(out, Difference{Kind: AddTable, Table: t.FullName(), WantObject: t})
			continue
		}
		out = append(out, CompareTables(d, t, h)...)
	}
	if !o.IgnoreExtraTables {
		for _, h := range have.Tables() {
			if !seen[h.FullName()] {
				out = append(out, Difference{Kind: RemoveTable, Table: h.FullName(), HaveObject: h})
			}
		}
	}
	return out
}

// CompareTables reports how table have differs from table want; see
// Compare.
func CompareTables(d dialect.Dialect, want, have *sql.Table) []Difference {
	c := &comparison{d: d, want: want, have: have, table: want.FullName()}
	c.columns()
	c.primaryKey()
	c.foreignKeys()
	c.uniquesAndIndexes()
	c.checks()
	if d.Features().Comments && want.Comment() != have.Comment() {
		c.add(Difference{Kind: ModifyTableComment, Want: want.Comment(), Have: have.Comment(), WantObject: want, HaveObject: have})
	}
	return c.out
}

// comparison is one CompareTables call.
type comparison struct {
	d          dialect.Dialect
	want, have *sql.Table
	table      string
	out        []Difference
}

func (c *comparison) add(diff Difference) {
	diff.Table = c.table
	c.out = append(c.out, diff)
}

// match pairs the items of want with those of have: first those for
// which same says so, in order.
func match[W, H any](want []W, have []H, same func(W, H) bool) (pairs [][2]int, wantOnly, haveOnly []int) {
	used := make([]bool, len(have))
	for i, w := range want {
		found := -1
		for j, h := range have {
			if !used[j] && same(w, h) {
				found = j
				break
			}
		}
		if found < 0 {
			wantOnly = append(wantOnly, i)
			continue
		}
		used[found] = true
		pairs = append(pairs, [2]int{i, found})
	}
	for j := range have {
		if !used[j] {
			haveOnly = append(haveOnly, j)
		}
	}
	return pairs, wantOnly, haveOnly
}

func (c *comparison) columns() {
	want, have := c.want.Columns(), c.have.Columns()
	want = slices.DeleteFunc(slices.Clone(want), (*sql.Column).System)
	pairs, wantOnly, haveOnly := match(want, have, func(w, h *sql.Column) bool { return w.Name() == h.Name() })
	// A database that folds names: match what is left regardless of case.
	more, wantLeft, haveLeft := match(pick(want, wantOnly), pick(have, haveOnly), func(w, h *sql.Column) bool {
		return strings.EqualFold(w.Name(), h.Name())
	})
	for _, p := range more {
		pairs = append(pairs, [2]int{wantOnly[p[0]], haveOnly[p[1]]})
	}
	for _, i := range wantLeft {
		col := want[wantOnly[i]]
		c.add(Difference{Kind: AddColumn, Column: col.Name(), Want: c.columnText(col), WantObject: col})
	}
	for _, j := range haveLeft {
		col := have[haveOnly[j]]
		c.add(Difference{Kind: RemoveColumn, Column: col.Name(), Have: c.columnText(col), HaveObject: col})
	}
	slices.SortFunc(pairs, func(a, b [2]int) int { return a[0] - b[0] })
	for _, p := range pairs {
		c.column(want[p[0]], have[p[1]])
	}
}

func pick[T any](items []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = items[i]
	}
	return out
}

// columnText describes a column: its type and nullability.
func (c *comparison) columnText(col *sql.Column) string {
	s := c.typeText(col)
	if !col.Nullable() {
		s += " NOT NULL"
	}
	return s
}

// typeText is the column's type as d writes it in CREATE TABLE, under the
// name the database keeps it by.
func (c *comparison) typeText(col *sql.Column) string {
	s, err := sql.ColumnTypeSQL(c.d, col)
	if err != nil {
		s = col.Type().String()
	}
	s = canonicalType(s)
	if tc, ok := c.d.(dialect.TypeCanonicalizer); ok {
		s = canonicalType(tc.CanonicalTypeName(s))
	}
	return s
}

func (c *comparison) column(w, h *sql.Column) {
	diff := func(kind DiffKind, want, have string) {
		c.add(Difference{Kind: kind, Column: w.Name(), Want: want, Have: have, WantObject: w, HaveObject: h})
	}
	if wt, ht := c.typeText(w), c.typeText(h); wt != ht {
		diff(ModifyType, wt, ht)
	}
	if w.Nullable() != h.Nullable() {
		diff(ModifyNullable, nullText(w.Nullable()), nullText(h.Nullable()))
	}
	if w.Computed() == nil && h.Computed() == nil {
		wd, _ := sql.ServerDefaultSQL(c.d, w)
		hd, _ := sql.ServerDefaultSQL(c.d, h)
		if canonicalDefault(wd) != canonicalDefault(hd) {
			diff(ModifyDefault, wd, hd)
		}
	}
	if w.Autoincrement() != h.Autoincrement() {
		diff(ModifyAutoincrement, fmt.Sprint(w.Autoincrement()), fmt.Sprint(h.Autoincrement()))
	}
	if c.d.Features().Identity {
		if wi, hi := identityText(w.Identity()), identityText(h.Identity()); wi != hi && !identityCovers(w.Identity(), h.Identity()) {
			diff(ModifyIdentity, wi, hi)
		}
	}
	if wc, hc := c.computedText(w.Computed()), c.computedText(h.Computed()); !sameComputed(w.Computed(), h.Computed(), wc, hc) {
		diff(ModifyComputed, wc, hc)
	}
	if c.d.Features().Comments && w.Comment() != h.Comment() {
		diff(ModifyComment, w.Comment(), h.Comment())
	}
}

func nullText(nullable bool) string {
	if nullable {
		return "NULL"
	}
	return "NOT NULL"
}

func identityText(id *sql.Identity) string {
	if id == nil {
		return ""
	}
	if id.Always {
		return "GENERATED ALWAYS AS IDENTITY"
	}
	return "GENERATED BY DEFAULT AS IDENTITY"
}

// identityCovers reports whether a reflected identity matches a declared
// one: the same kind, and the start and increment the declaration gives
// (a database fills in those it does not).
func identityCovers(w, h *sql.Identity) bool {
	if w == nil || h == nil || w.Always != h.Always {
		return false
	}
	same := func(a, b *int64) bool { return a == nil || b != nil && *a == *b }
	return same(w.Start, h.Start) && same(w.Increment, h.Increment)
}

func (c *comparison) computedText(comp *sql.Computed) string {
	if comp == nil {
		return ""
	}
	s, _ := sql.InlineSQL(c.d, comp.Expr)
	return "GENERATED ALWAYS AS (" + s + ")"
}

// sameComputed compares generated columns: their expressions, and where
// the declaration says, whether they are stored.
func sameComputed(w, h *sql.Computed, wt, ht string) bool {
	if (w == nil) != (h == nil) {
		return false
	}
	if w == nil {
		return true
	}
	if w.Persisted != nil && (h.Persisted == nil || *w.Persisted != *h.Persisted) {
		return false
	}
	return canonical(wt) == canonical(ht)
}

// name returns a constraint's or index's name as created on d.
func (c *comparison) name(obj any) string {
	n, _ := sql.ObjectName(obj, c.d)
	return n
}

func columnNames(cols []*sql.Column) []string {
	out := make([]string, len(cols))
	for i, col := range cols {
		out[i] = col.Name()
	}
	return out
}

func sameNames(a, b []string) bool { return slices.EqualFunc(a, b, strings.EqualFold) }

func (c *comparison) primaryKey() {
	w, h := c.want.PrimaryKeyConstraint(), c.have.PrimaryKeyConstraint()
	wc, hc := columnNames(w.Columns()), columnNames(h.Columns())
	wn, hn := c.name(w), c.name(h)
	if !sameNames(wc, hc) || len(wc) > 0 && wn != "" && hn != "" && !strings.EqualFold(wn, hn) {
		c.add(Difference{Kind: ModifyPrimaryKey, Name: wn, Want: keyText("PRIMARY KEY", wn, wc), Have: keyText("PRIMARY KEY", hn, hc), WantObject: w, HaveObject: h})
	}
}

func keyText(kind, name string, cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	s := kind + " (" + strings.Join(cols, ", ") + ")"
	if name != "" {
		s = "CONSTRAINT " + name + " " + s
	}
	return s
}

// created returns the constraints of t of type T that CreateAll creates
// on d.
func created[T sql.Constraint](d dialect.Dialect, t *sql.Table) []T {
	var out []T
	for _, con := range t.Constraints() {
		if x, ok := con.(T); ok && sql.ConstraintCreated(d, con) {
			out = append(out, x)
		}
	}
	return out
}

// fkSignature describes what a foreign key refers to.
func fkSignature(fk *sql.ForeignKeyConstraint) string {
	var target string
	if refs, err := fk.ReferredColumns(); err == nil {
		target = refs[0].Table().FullName() + " (" + strings.Join(columnNames(refs), ", ") + ")"
	} else {
		var parts []string
		for _, e := range fk.Elements() {
			parts = append(parts, e.Target())
		}
		target = strings.Join(parts, ", ")
	}
	return "FOREIGN KEY (" + strings.Join(columnNames(fk.Columns()), ", ") + ") REFERENCES " + target
}

func fkAction(a string) string {
	a = strings.ToUpper(strings.TrimSpace(a))
	if a == "NO ACTION" {
		return ""
	}
	return a
}

// fkAction is an ON DELETE or ON UPDATE action as the database keeps it.
func (c *comparison) fkAction(a string) string {
	a = fkAction(a)
	if fc, ok := c.d.(dialect.FKActionCanonicalizer); ok {
		a = fkAction(fc.CanonicalFKAction(a))
	}
	return a
}

func (c *comparison) foreignKeys() {
	want, have := created[*sql.ForeignKeyConstraint](c.d, c.want), created[*sql.ForeignKeyConstraint](c.d, c.have)
	pairs, wantOnly, haveOnly := match(want, have, func(w, h *sql.ForeignKeyConstraint) bool {
		if !strings.EqualFold(fkSignature(w), fkSignature(h)) {
			return false
		}
		wn, hn := c.name(w), c.name(h)
		return wn == "" || hn == "" || strings.EqualFold(wn, hn)
	})
	for _, i := range wantOnly {
		fk := want[i]
		c.add(Difference{Kind: AddForeignKey, Name: c.name(fk), Want: fkSignature(fk), WantObject: fk})
	}
	for _, j := range haveOnly {
		fk := have[j]
		c.add(Difference{Kind: RemoveForeignKey, Name: c.name(fk), Have: fkSignature(fk), HaveObject: fk})
	}
	for _, p := range pairs {
		w, h := want[p[0]], have[p[1]]
		wo, ho := w.Options(), h.Options()
		wt, ht := fkOptionsText(wo), fkOptionsText(ho)
		// Not deferrable and initially immediate are the defaults.
		deferrable := wo.Deferrable == nil || isTrue(wo.Deferrable) == isTrue(ho.Deferrable)
		initially := wo.Initially == "" || strings.EqualFold(initiallyOf(wo.Initially), initiallyOf(ho.Initially))
		if c.fkAction(wo.OnDelete) != c.fkAction(ho.OnDelete) || c.fkAction(wo.OnUpdate) != c.fkAction(ho.OnUpdate) || !deferrable || !initially {
			c.add(Difference{Kind: ModifyForeignKey, Name: c.name(w), Want: fkSignature(w) + wt, Have: fkSignature(h) + ht, WantObject: w, HaveObject: h})
		}
	}
}

func isTrue(b *bool) bool { return b != nil && *b }

func initiallyOf(s string) string {
	if s == "" {
		return "IMMEDIATE"
	}
	return s
}

func fkOptionsText(o sql.FKOptions) string {
	var s string
	if a := fkAction(o.OnDelete); a != "" {
		s += " ON DELETE " + a
	}
	if a := fkAction(o.OnUpdate); a != "" {
		s += " ON UPDATE " + a
	}
	if o.Deferrable != nil {
		if *o.Deferrable {
			s += " DEFERRABLE"
		} else {
			s += " NOT DEFERRABLE"
		}
	}
	if o.Initially != "" {
		s += " INITIALLY " + strings.ToUpper(o.Initially)
	}
	return s
}

// uniqueSet is a unique constraint or a unique index over plain columns
// without a condition: a set of columns whose values are unique.
type uniqueSet struct {
	obj  any // *sql.UniqueConstraint or *sql.Index
	name string
	cols []string
}

// indexText writes an index's elements and condition as SQL.
func (c *comparison) indexText(ix *sql.Index) (elems []string, where string) {
	for _, e := range ix.Expressions() {
		s, err := sql.InlineSQL(c.d, e)
		if err != nil {
			s = fmt.Sprint(e)
		}
		elems = append(elems, s)
	}
	if ix.WhereClause() != nil {
		where, _ = sql.InlineSQL(c.d, ix.WhereClause())
	}
	return elems, where
}

func (c *comparison) indexDescription(ix *sql.Index) string {
	elems, where := c.indexText(ix)
	s := "INDEX (" + strings.Join(elems, ", ") + ")"
	if ix.IsUnique() {
		s = "UNIQUE " + s
	}
	if where != "" {
		s += " WHERE " + where
	}
	return s
}

// plainUnique returns the unique set of an index that is one: unique,
// over columns, without a condition.
func plainUnique(ix *sql.Index, name string) (uniqueSet, bool) {
	if !ix.IsUnique() || ix.WhereClause() != nil || len(ix.Columns()) != len(ix.Expressions()) {
		return uniqueSet{}, false
	}
	return uniqueSet{obj: ix, name: name, cols: columnNames(ix.Columns())}, true
}

func (c *comparison) uniquesAndIndexes() {
	wantU, haveU := created[*sql.UniqueConstraint](c.d, c.want), created[*sql.UniqueConstraint](c.d, c.have)
	sameUnique := func(wn, hn string, wc, hc []string) bool {
		if wn != "" && hn != "" {
			return strings.EqualFold(wn, hn) && sameNames(wc, hc)
		}
		return sameNames(wc, hc)
	}
	// Matched unique constraints are equal: a unique constraint is its
	// name and columns.
	_, wantOnlyU, haveOnlyU := match(wantU, haveU, func(w, h *sql.UniqueConstraint) bool {
		return sameUnique(c.name(w), c.name(h), columnNames(w.Columns()), columnNames(h.Columns()))
	})

	wantI, haveI := c.want.Indexes(), c.have.Indexes()
	ipairs, wantOnlyI, haveOnlyI := match(wantI, haveI, func(w, h *sql.Index) bool {
		return strings.EqualFold(c.name(w), c.name(h))
	})
	for _, p := range ipairs {
		w, h := wantI[p[0]], haveI[p[1]]
		we, ww := c.indexText(w)
		he, hw := c.indexText(h)
		if w.IsUnique() != h.IsUnique() || canonical(strings.Join(we, ",")) != canonical(strings.Join(he, ",")) || canonical(ww) != canonical(hw) {
			c.add(Difference{Kind: ModifyIndex, Name: c.name(w), Want: c.indexDescription(w), Have: c.indexDescription(h), WantObject: w, HaveObject: h})
		}
	}

	// What is left: unique constraints and plain unique indexes on one
	// side may be the other kind on the other side.
	var wantSets, haveSets []uniqueSet
	for _, i := range wantOnlyU {
		u := wantU[i]
		wantSets = append(wantSets, uniqueSet{obj: u, name: c.name(u), cols: columnNames(u.Columns())})
	}
	var wantIdx, haveIdx []*sql.Index
	for _, i := range wantOnlyI {
		if s, ok := plainUnique(wantI[i], c.name(wantI[i])); ok {
			wantSets = append(wantSets, s)
		} else {
			wantIdx = append(wantIdx, wantI[i])
		}
	}
	for _, j := range haveOnlyU {
		u := haveU[j]
		haveSets = append(haveSets, uniqueSet{obj: u, name: c.name(u), cols: columnNames(u.Columns())})
	}
	for _, j := range haveOnlyI {
		if s, ok := plainUnique(haveI[j], c.name(haveI[j])); ok {
			haveSets = append(haveSets, s)
		} else {
			haveIdx = append(haveIdx, haveI[j])
		}
	}
	_, wantOnly, haveOnly := match(wantSets, haveSets, func(w, h uniqueSet) bool {
		return sameUnique(w.name, h.name, w.cols, h.cols)
	})
	for _, i := range wantOnly {
		s := wantSets[i]
		if ix, ok := s.obj.(*sql.Index); ok {
			wantIdx = append(wantIdx, ix)
			continue
		}
		c.add(Difference{Kind: AddUnique, Name: s.name, Want: keyText("UNIQUE", "", s.cols), WantObject: s.obj})
	}
	for _, j := range haveOnly {
		s := haveSets[j]
		if ix, ok := s.obj.(*sql.Index); ok {
			haveIdx = append(haveIdx, ix)
			continue
		}
		c.add(Difference{Kind: RemoveUnique, Name: s.name, Have: keyText("UNIQUE", "", s.cols), HaveObject: s.obj})
	}
	for _, ix := range wantIdx {
		c.add(Difference{Kind: AddIndex, Name: c.name(ix), Want: c.indexDescription(ix), WantObject: ix})
	}
	for _, ix := range haveIdx {
		c.add(Difference{Kind: RemoveIndex, Name: c.name(ix), Have: c.indexDescription(ix), HaveObject: ix})
	}
}

// checkText is a check constraint's condition as SQL.
func (c *comparison) checkText(ck *sql.CheckConstraint) string {
	if ck.Condition() != nil {
		s, err := sql.InlineSQL(c.d, ck.Condition())
		if err == nil {
			return s
		}
	}
	return ck.SQLText()
}

func (c *comparison) checks() {
	want, have := created[*sql.CheckConstraint](c.d, c.want), created[*sql.CheckConstraint](c.d, c.have)
	byName, wantRest, haveRest := match(want, have, func(w, h *sql.CheckConstraint) bool {
		wn, hn := c.name(w), c.name(h)
		return wn != "" && strings.EqualFold(wn, hn)
	})
	for _, p := range byName {
		w, h := want[p[0]], have[p[1]]
		if wt, ht := c.checkText(w), c.checkText(h); canonical(wt) != canonical(ht) {
			c.add(Difference{Kind: ModifyCheck, Name: c.name(w), Want: "CHECK (" + wt + ")", Have: "CHECK (" + ht + ")", WantObject: w, HaveObject: h})
		}
	}
	// Unnamed ones by their conditions.
	_, wantOnly, haveOnly := match(pick(want, wantRest), pick(have, haveRest), func(w, h *sql.CheckConstraint) bool {
		return c.name(w) == "" && canonical(c.checkText(w)) == canonical(c.checkText(h))
	})
	for _, i := range wantOnly {
		ck := want[wantRest[i]]
		c.add(Difference{Kind: AddCheck, Name: c.name(ck), Want: "CHECK (" + c.checkText(ck) + ")", WantObject: ck})
	}
	for _, j := range haveOnly {
		ck := have[haveRest[j]]
		c.add(Difference{Kind: RemoveCheck, Name: c.name(ck), Have: "CHECK (" + c.checkText(ck) + ")", HaveObject: ck})
	}
}
