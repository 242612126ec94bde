package inspect

import (
	"context"
	"errors"

	"github.com/athanordb/athanor/dialect"
)

// TableInfo is everything the Inspector reads about one table or view. Its
// JSON form is what `athanor inspect --json` prints.
type TableInfo struct {
	Schema string `json:"schema,omitempty"`
	Name   string `json:"name"`
	// View is set for a view, whose Definition is its query; a view has
	// columns and nothing else.
	View       bool   `json:"view,omitempty"`
	Definition string `json:"definition,omitempty"`
	Comment    string `json:"comment,omitempty"`

	Columns           []ColumnInfo     `json:"columns"`
	PrimaryKey        *PrimaryKeyInfo  `json:"primary_key,omitempty"`
	ForeignKeys       []ForeignKeyInfo `json:"foreign_keys,omitempty"`
	Indexes           []IndexInfo      `json:"indexes,omitempty"`
	UniqueConstraints []UniqueInfo     `json:"unique_constraints,omitempty"`
	CheckConstraints  []CheckInfo      `json:"check_constraints,omitempty"`
}

// Column returns the column named name, or nil.
func (t *TableInfo) Column(name string) *ColumnInfo {
	for k := range t.Columns {
		if t.Columns[k].Name == name {
			return &t.Columns[k]
		}
	}
	return nil
}

// Table reads everything about a table.
func (i *Inspector) Table(ctx context.Context, schema, name string) (*TableInfo, error) {
	t := &TableInfo{Schema: schema, Name: name}
	var err error
	if t.Columns, err = i.Columns(ctx, schema, name); err != nil {
		return nil, err
	}
	pk, err := i.PrimaryKey(ctx, schema, name)
	if err != nil {
		return nil, err
	}
	if len(pk.Columns) > 0 {
		t.PrimaryKey = &pk
	}
	if t.ForeignKeys, err = i.ForeignKeys(ctx, schema, name); err != nil {
		return nil, err
	}
	if t.Indexes, err = i.Indexes(ctx, schema, name); err != nil {
		return nil, err
	}
	if t.UniqueConstraints, err = i.UniqueConstraints(ctx, schema, name); err != nil {
		return nil, err
	}
	if t.CheckConstraints, err = i.CheckConstraints(ctx, schema, name); err != nil {
		return nil, err
	}
	if t.Comment, err = i.TableComment(ctx, schema, name); err != nil {
		return nil, err
	}
	return t, nil
}

// View reads a view: its columns and its query.
func (i *Inspector) View(ctx context.Context, schema, name string) (*TableInfo, error) {
	t := &TableInfo{Schema: schema, Name: name, View: true}
	var err error
	if t.Columns, err = i.Columns(ctx, schema, name); err != nil {
		return nil, err
	}
	if t.Definition, err = i.ViewDefinition(ctx, schema, name); err != nil {
		return nil, err
	}
	return t, nil
}

// SchemaInfo is everything the Inspector reads about a schema. Its JSON
// form is what `athanor inspect --json` prints.
type SchemaInfo struct {
	Dialect string `json:"dialect"`
	// Name is the schema's name: "" for the default schema, whose name
	// is DefaultName.
	Name        string         `json:"schema,omitempty"`
	DefaultName string         `json:"default_schema,omitempty"`
	Tables      []*TableInfo   `json:"tables"`
	Views       []*TableInfo   `json:"views,omitempty"`
	Sequences   []SequenceInfo `json:"sequences,omitempty"`
	Enums       []EnumInfo     `json:"enums,omitempty"`
}

// Schema reads everything about a schema: its tables and views, and its
// sequences and enumerated types where the database has them.
func (i *Inspector) Schema(ctx context.Context, schema string) (*SchemaInfo, error) {
	s := &SchemaInfo{Name: schema}
	var err error
	if s.DefaultName, err = i.DefaultSchema(ctx); err != nil {
		return nil, err
	}
	s.Dialect = i.Dialect().Name()
	tables, err := i.TableNames(ctx, schema)
	if err != nil {
		return nil, err
	}
	for _, name := range tables {
		t, err := i.Table(ctx, schema, name)
		if err != nil {
			return nil, err
		}
		s.Tables = append(s.Tables, t)
	}
	views, err := i.ViewNames(ctx, schema)
	if err != nil {
		return nil, err
	}
	for _, name := range views {
		v, err := i.View(ctx, schema, name)
		if err != nil {
			return nil, err
		}
		s.Views = append(s.Views, v)
	}
	if s.Sequences, err = i.Sequences(ctx, schema); err != nil && !errors.Is(err, dialect.ErrNotSupported) {
		return nil, err
	}
	if s.Enums, err = i.Enums(ctx, schema); err != nil && !errors.Is(err, dialect.ErrNotSupported) {
		return nil, err
	}
	return s, nil
}

func isNoSuchTable(err error) bool { return errors.Is(err, ErrNoSuchTable) }
