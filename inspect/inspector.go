package inspect

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/athanordb/athanor/dialect"
)

// The reflected descriptions, declared in package dialect so that dialect
// packages fill them without importing this one.
type (
	ColumnInfo      = dialect.ColumnInfo
	IdentityInfo    = dialect.IdentityInfo
	SequenceOptions = dialect.SequenceOptions
	ComputedInfo    = dialect.ComputedInfo
	PrimaryKeyInfo  = dialect.PrimaryKeyInfo
	ForeignKeyInfo  = dialect.ForeignKeyInfo
	IndexInfo       = dialect.IndexInfo
	IndexColumn     = dialect.IndexColumn
	UniqueInfo      = dialect.UniqueInfo
	CheckInfo       = dialect.CheckInfo
	SequenceInfo    = dialect.SequenceInfo
	EnumInfo        = dialect.EnumInfo
)

// ErrNoSuchTable is matched by the error for a table or view that does not
// exist.
var ErrNoSuchTable = dialect.ErrNoSuchTable

// Source is what an Inspector reads a database through: an
// *engine.Engine, *engine.Conn or *engine.Tx.
type Source interface {
	// Dialect returns the source's dialect.
	Dialect() dialect.Dialect
	// Queryer returns a Queryer that runs the dialect's catalog queries
	// on the source.
	Queryer(ctx context.Context) (dialect.Queryer, error)
}

// Inspector reads the schema of a database: its schemas, tables, views,
// columns, keys, indexes and constraints (SQLAlchemy's Inspector). What it
// reads is cached: ask again and it answers without a query; ClearCache
// forgets, for a schema that has changed. The results it returns are
// shared with its cache and must not be modified.
//
// An Inspector is safe for concurrent use when its source is (an Engine
// is; a Conn or a Tx is not). In every method, an empty schema means the
// database's default schema.
type Inspector struct {
	src Source

	mu    sync.Mutex
	cache map[cacheKey]any
}

type cacheKey struct{ what, schema, name string }

// New returns an Inspector that reads through src.
func New(src Source) *Inspector {
	return &Inspector{src: src, cache: map[cacheKey]any{}}
}

// ClearCache forgets what the Inspector has read.
func (i *Inspector) ClearCache() {
	i.mu.Lock()
	clear(i.cache)
	i.mu.Unlock()
}

// Dialect returns the dialect of the database: once the Inspector has
// read something, the one for the server's version.
func (i *Inspector) Dialect() dialect.Dialect { return i.src.Dialect() }

// reflector returns the dialect's Reflector and a Queryer to run it on.
func (i *Inspector) reflector(ctx context.Context) (dialect.Reflector, dialect.Queryer, error) {
	if i.src == nil {
		return nil, nil, fmt.Errorf("%w: an Inspector without a source", dialect.ErrInterface)
	}
	q, err := i.src.Queryer(ctx)
	if err != nil {
		return nil, nil, err
	}
	d := i.src.Dialect()
	r, ok := d.(dialect.Reflector)
	if !ok {
		return nil, nil, fmt.Errorf("%w: dialect %s cannot reflect a schema", dialect.ErrNotSupported, d.Name())
	}
	return r, q, nil
}

// cached returns the cached answer for key, or asks fn and caches its
// answer. Errors are not cached.
func cached[T any](ctx context.Context, i *Inspector, key cacheKey, fn func(r dialect.Reflector, q dialect.Queryer) (T, error)) (T, error) {
	i.mu.Lock()
	v, ok := i.cache[key]
	i.mu.Unlock()
	if ok {
		return v.(T), nil
	}
	var zero T
	r, q, err := i.reflector(ctx)
	if err != nil {
		return zero, err
	}
	out, err := fn(r, q)
	if err != nil {
		return zero, err
	}
	i.mu.Lock()
	i.cache[key] = out
	i.mu.Unlock()
	return out, nil
}

// sorted sorts names in byte order, whatever the database's collation.
func sorted(names []string, err error) ([]string, error) {
	slices.Sort(names)
	return names, err
}

// DefaultSchema returns the name of the default schema: the one an empty
// schema stands for.
func (i *Inspector) DefaultSchema(ctx context.Context) (string, error) {
	return cached(ctx, i, cacheKey{what: "default_schema"}, func(r dialect.Reflector, q dialect.Queryer) (string, error) {
		return r.DefaultSchemaName(ctx, q)
	})
}

// SchemaNames lists the schemas (on MySQL, the databases; on SQLite, the
// attached databases).
func (i *Inspector) SchemaNames(ctx context.Context) ([]string, error) {
	return cached(ctx, i, cacheKey{what: "schemas"}, func(r dialect.Reflector, q dialect.Queryer) ([]string, error) {
		return sorted(r.SchemaNames(ctx, q))
	})
}

// TableNames lists the tables of a schema (not its views), sorted.
func (i *Inspector) TableNames(ctx context.Context, schema string) ([]string, error) {
	return cached(ctx, i, cacheKey{"tables", schema, ""}, func(r dialect.Reflector, q dialect.Queryer) ([]string, error) {
		return sorted(r.TableNames(ctx, q, schema))
	})
}

// ViewNames lists the views of a schema, sorted.
func (i *Inspector) ViewNames(ctx context.Context, schema string) ([]string, error) {
	return cached(ctx, i, cacheKey{"views", schema, ""}, func(r dialect.Reflector, q dialect.Queryer) ([]string, error) {
		return sorted(r.ViewNames(ctx, q, schema))
	})
}

// ViewDefinition returns a view's query.
func (i *Inspector) ViewDefinition(ctx context.Context, schema, view string) (string, error) {
	return cached(ctx, i, cacheKey{"view_definition", schema, view}, func(r dialect.Reflector, q dialect.Queryer) (string, error) {
		return r.ViewDefinition(ctx, q, schema, view)
	})
}

// HasTable reports whether a table or view exists.
func (i *Inspector) HasTable(ctx context.Context, schema, table string) (bool, error) {
	_, err := i.Columns(ctx, schema, table)
	switch {
	case err == nil:
		return true, nil
	case isNoSuchTable(err):
		return false, nil
	}
	return false, err
}

// Columns describes the columns of a table or view, in order.
func (i *Inspector) Columns(ctx context.Context, schema, table string) ([]ColumnInfo, error) {
	return cached(ctx, i, cacheKey{"columns", schema, table}, func(r dialect.Reflector, q dialect.Queryer) ([]ColumnInfo, error) {
		return r.Columns(ctx, q, schema, table)
	})
}

// PrimaryKey describes a table's primary key (no columns: it has none).
func (i *Inspector) PrimaryKey(ctx context.Context, schema, table string) (PrimaryKeyInfo, error) {
	return cached(ctx, i, cacheKey{"pk", schema, table}, func(r dialect.Reflector, q dialect.Queryer) (PrimaryKeyInfo, error) {
		return r.PrimaryKey(ctx, q, schema, table)
	})
}

// ForeignKeys describes a table's foreign keys. When schema is "" (the
// default schema), a referred table in the default schema has
// ReferredSchema "", as a table declared without a schema has; otherwise
// ReferredSchema names the referred table's schema.
func (i *Inspector) ForeignKeys(ctx context.Context, schema, table string) ([]ForeignKeyInfo, error) {
	return cached(ctx, i, cacheKey{"fks", schema, table}, func(r dialect.Reflector, q dialect.Queryer) ([]ForeignKeyInfo, error) {
		fks, err := r.ForeignKeys(ctx, q, schema, table)
		if err != nil || schema != "" {
			return fks, err
		}
		def, err := i.DefaultSchema(ctx)
		if err != nil {
			return nil, err
		}
		for k := range fks {
			if fks[k].ReferredSchema == def {
				fks[k].ReferredSchema = ""
			}
		}
		return fks, nil
	})
}

// Indexes describes a table's indexes, other than those of its primary
// key and unique constraints.
func (i *Inspector) Indexes(ctx context.Context, schema, table string) ([]IndexInfo, error) {
	return cached(ctx, i, cacheKey{"indexes", schema, table}, func(r dialect.Reflector, q dialect.Queryer) ([]IndexInfo, error) {
		return r.Indexes(ctx, q, schema, table)
	})
}

// UniqueConstraints describes a table's unique constraints.
func (i *Inspector) UniqueConstraints(ctx context.Context, schema, table string) ([]UniqueInfo, error) {
	return cached(ctx, i, cacheKey{"uniques", schema, table}, func(r dialect.Reflector, q dialect.Queryer) ([]UniqueInfo, error) {
		return r.UniqueConstraints(ctx, q, schema, table)
	})
}

// CheckConstraints describes a table's check constraints.
func (i *Inspector) CheckConstraints(ctx context.Context, schema, table string) ([]CheckInfo, error) {
	return cached(ctx, i, cacheKey{"checks", schema, table}, func(r dialect.Reflector, q dialect.Queryer) ([]CheckInfo, error) {
		return r.CheckConstraints(ctx, q, schema, table)
	})
}

// TableComment returns a table's comment.
func (i *Inspector) TableComment(ctx context.Context, schema, table string) (string, error) {
	return cached(ctx, i, cacheKey{"comment", schema, table}, func(r dialect.Reflector, q dialect.Queryer) (string, error) {
		return r.TableComment(ctx, q, schema, table)
	})
}

// Sequences describes the sequences of a schema, on databases that have
// them; elsewhere it returns an error matching dialect.ErrNotSupported.
func (i *Inspector) Sequences(ctx context.Context, schema string) ([]SequenceInfo, error) {
	return cached(ctx, i, cacheKey{"sequences", schema, ""}, func(r dialect.Reflector, q dialect.Queryer) ([]SequenceInfo, error) {
		sr, ok := r.(dialect.SequenceReflector)
		if !ok {
			return nil, fmt.Errorf("%w: dialect %s has no sequences to reflect", dialect.ErrNotSupported, i.src.Dialect().Name())
		}
		return sr.Sequences(ctx, q, schema)
	})
}

// Enums describes the named enumerated types of a schema, on databases
// that have them; elsewhere it returns an error matching
// dialect.ErrNotSupported.
func (i *Inspector) Enums(ctx context.Context, schema string) ([]EnumInfo, error) {
	return cached(ctx, i, cacheKey{"enums", schema, ""}, func(r dialect.Reflector, q dialect.Queryer) ([]EnumInfo, error) {
		er, ok := r.(dialect.EnumReflector)
		if !ok {
			return nil, fmt.Errorf("%w: dialect %s has no named enumerated types to reflect", dialect.ErrNotSupported, i.src.Dialect().Name())
		}
		return er.Enums(ctx, q, schema)
	})
}
