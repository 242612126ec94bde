package inspect

import (
	"context"
	"fmt"
	"slices"

	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// Options tune Reflect and ReflectTable.
type Options struct {
	_ struct{} // keyed literals only: fields will be added

	// Schema is the schema to reflect; by default the MetaData's (see
	// sql.WithSchema), which is "", the database's default schema, unless
	// set.
	Schema string
	// Tables limits Reflect to these tables (and views); by default it
	// reflects every table of the schema.
	Tables []string
	// Views makes Reflect reflect views too, as tables: they can be
	// queried like tables, but CreateAll would create them as tables (give
	// it the tables to create with sql.CreateOptions.Tables).
	Views bool
	// NoReferredTables leaves out the tables that reflected foreign keys
	// refer to. By default they are reflected too (from any schema), so
	// that the foreign keys resolve and the MetaData can be created.
	NoReferredTables bool
}

func optionsOf(md *sql.MetaData, opts []Options) Options {
	var o Options
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Schema == "" && md != nil {
		o.Schema = md.Schema()
	}
	return o
}

// Reflect reads the tables of a schema into md, as SQLAlchemy's
// MetaData.reflect does: each becomes a *sql.Table with its columns
// (types, nullability, server defaults, autoincrement, identity,
// generated expressions, comments), primary key, foreign keys, unique and
// check constraints, indexes and comment, to be queried, created and
// dropped like a table declared by hand. Tables md already holds are kept
// as they are.
func Reflect(ctx context.Context, src Source, md *sql.MetaData, opts ...Options) error {
	return New(src).Reflect(ctx, md, opts...)
}

// ReflectTable reads one table (or view) into md and returns it; a table
// md already holds is returned as it is. By default the tables its foreign
// keys refer to are reflected too.
func ReflectTable(ctx context.Context, src Source, md *sql.MetaData, name string, opts ...Options) (*sql.Table, error) {
	return New(src).ReflectTable(ctx, md, name, opts...)
}

// Reflect is the package's Reflect, reading through the Inspector (and
// its cache).
func (i *Inspector) Reflect(ctx context.Context, md *sql.MetaData, opts ...Options) error {
	if md == nil {
		return fmt.Errorf("%w: Reflect into a nil MetaData", sql.ErrArgument)
	}
	o := optionsOf(md, opts)
	names := o.Tables
	if names == nil {
		var err error
		if names, err = i.TableNames(ctx, o.Schema); err != nil {
			return err
		}
		if o.Views {
			views, err := i.ViewNames(ctx, o.Schema)
			if err != nil {
				return err
			}
			names = append(slices.Clone(names), views...)
		}
	}
	r := &reflection{i: i, md: md, o: o}
	for _, name := range names {
		if _, err := r.table(ctx, o.Schema, name); err != nil {
			return err
		}
	}
	return nil
}

// ReflectTable is the package's ReflectTable, reading through the
// Inspector (and its cache).
func (i *Inspector) ReflectTable(ctx context.Context, md *sql.MetaData, name string, opts ...Options) (*sql.Table, error) {
	if md == nil {
		return nil, fmt.Errorf("%w: ReflectTable into a nil MetaData", sql.ErrArgument)
	}
	o := optionsOf(md, opts)
	r := &reflection{i: i, md: md, o: o}
	return r.table(ctx, o.Schema, name)
}

// reflection is one Reflect call.
type reflection struct {
	i  *Inspector
	md *sql.MetaData
	o  Options
}

func fullName(schema, name string) string {
	if schema != "" {
		return schema + "." + name
	}
	return name
}

// table reflects one table into the MetaData, then the tables its foreign
// keys refer to.
func (r *reflection) table(ctx context.Context, schema, name string) (*sql.Table, error) {
	if t, ok := r.md.Lookup(fullName(schema, name)); ok {
		return t, nil
	}
	info, err := r.i.Table(ctx, schema, name)
	if err != nil {
		return nil, err
	}
	t := r.md.Table(name, TableItems(info)...)
	if err := t.Err(); err != nil {
		return nil, fmt.Errorf("athanor: reflected table %s: %w", fullName(schema, name), err)
	}
	if r.o.NoReferredTables {
		return t, nil
	}
	for _, fk := range info.ForeignKeys {
		if _, err := r.table(ctx, fk.ReferredSchema, fk.ReferredTable); err != nil {
			return nil, fmt.Errorf("athanor: table %s refers to %s: %w", fullName(schema, name), fullName(fk.ReferredSchema, fk.ReferredTable), err)
		}
	}
	return t, nil
}

// TableItems turns a reflected table into the items of a table
// declaration: give them to MetaData.Table (or sql.NewTable) to make the
// table. Foreign keys name their referred tables "schema.table.column",
// or "table.column" for a ReferredSchema of "". Server defaults,
// generated expressions, check conditions and index expressions are kept
// as the database wrote them (sql.LiteralColumn, sql.Check). A generated
// primary key (SERIAL, AUTO_INCREMENT, IDENTITY, SQLite's rowid) is
// declared Autoincrement, and created again as the dialect makes one; a
// column outside the primary key keeps its default as it is, even when it
// is the nextval of a sequence that goes with the table it was reflected
// from.
func TableItems(info *TableInfo) []sql.TableItem {
	items := []sql.TableItem{sql.Schema(info.Schema)}
	if info.Comment != "" {
		items = append(items, sql.TableComment(info.Comment))
	}
	var pk []string
	if info.PrimaryKey != nil {
		pk = info.PrimaryKey.Columns
	}
	cols := make(map[string]*sql.Column, len(info.Columns))
	for _, c := range info.Columns {
		col := reflectedColumn(c, slices.Contains(pk, c.Name))
		cols[c.Name] = col
		items = append(items, col)
	}
	if len(pk) > 0 {
		items = append(items, sql.PrimaryKeyOn(pk, sql.ConstraintOptions{Name: info.PrimaryKey.Name}))
	}
	for _, fk := range info.ForeignKeys {
		targets := make([]string, len(fk.ReferredColumns))
		for k, c := range fk.ReferredColumns {
			targets[k] = fullName(fk.ReferredSchema, fk.ReferredTable) + "." + c
		}
		items = append(items, sql.ForeignKeyOn(fk.Columns, targets, sql.FKOptions{
			Name: fk.Name, OnDelete: fk.OnDelete, OnUpdate: fk.OnUpdate,
			Deferrable: fk.Deferrable, Initially: fk.Initially, Match: fk.Match,
		}))
	}
	for _, u := range info.UniqueConstraints {
		items = append(items, sql.UniqueOn(u.Columns, sql.ConstraintOptions{Name: u.Name}))
	}
	for _, c := range info.CheckConstraints {
		items = append(items, sql.Check(c.Expression, sql.ConstraintOptions{Name: c.Name}))
	}
	for _, ix := range info.Indexes {
		if index := reflectedIndex(ix, cols); index != nil {
			items = append(items, index)
		}
	}
	return items
}

// reflectedColumn makes a column from its description.
func reflectedColumn(c ColumnInfo, inPK bool) *sql.Column {
	var opts []sql.ColumnOption
	switch {
	case !c.Nullable:
		opts = append(opts, sql.NotNull())
	case inPK:
		opts = append(opts, sql.Nullable())
	}
	// The default of a generated key is what makes it generated (a
	// SERIAL's nextval), which DDL writes again by itself.
	if c.Default != "" && !(inPK && c.Autoincrement && c.Identity == nil) {
		opts = append(opts, sql.ServerDefault(sql.LiteralColumn(c.Default)))
	}
	if inPK {
		// What the database says, rather than Athanor's guess from the
		// type: a BIGINT key is not generated on SQLite, an INTEGER one
		// without SERIAL is not on PostgreSQL.
		opts = append(opts, sql.Autoincrement(c.Autoincrement))
	}
	if id := c.Identity; id != nil {
		start, inc := id.Start, id.Increment
		identity := sql.Identity{Always: id.Always, Start: &start, Increment: &inc, Cycle: id.Cycle}
		if id.Cache > 1 {
			cache := id.Cache
			identity.Cache = &cache
		}
		opts = append(opts, sql.AsIdentity(identity))
	}
	if comp := c.Computed; comp != nil {
		persisted := comp.Persisted
		opts = append(opts, sql.Generated(sql.LiteralColumn(comp.Expression), &persisted))
	}
	if c.Comment != "" {
		opts = append(opts, sql.ColumnComment(c.Comment))
	}
	t := c.Type
	if t == nil {
		t = types.NullType{}
	}
	return sql.NewColumn(c.Name, t, opts...)
}

// reflectedIndex makes an index from its description: over the columns
// (made by reflectedColumn, so that the index refers to them before the
// table exists) and over expressions written as they were reflected.
func reflectedIndex(ix IndexInfo, cols map[string]*sql.Column) *sql.Index {
	exprs := make([]sql.ColumnElement, 0, len(ix.Columns))
	for _, el := range ix.Columns {
		var e sql.ColumnElement
		if el.Name != "" {
			col, ok := cols[el.Name]
			if !ok {
				return nil // a column the table does not show (a hidden one)
			}
			e = col
		} else {
			e = sql.LiteralColumn("(" + el.Expression + ")")
		}
		if el.Descending {
			e = sql.Ops(e).Desc()
		}
		exprs = append(exprs, e)
	}
	index := sql.NewIndex(ix.Name, exprs...)
	if ix.Unique {
		index.Unique()
	}
	if ix.Where != "" {
		index.Where(sql.LiteralColumn(ix.Where))
	}
	return index
}
