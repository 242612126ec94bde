package sql

import (
	"slices"

	"github.com/athanordb/athanor/dialect"
)

// CompileOptions are options of one compilation.
type CompileOptions struct {
	_ struct{} // keyed literals only: fields will be added

	// SchemaTranslate renames schemas in the SQL written: a table (index,
	// sequence) of schema s is written in schema SchemaTranslate[s] when s
	// is a key, and a table without a schema is written in
	// SchemaTranslate[""] when "" is a key (SQLAlchemy's
	// schema_translate_map). An empty name writes the object without a
	// schema. One set of tables then serves several schemas: a tenant's,
	// a test's. Engines take it as an option (engine.SchemaTranslateMap).
	SchemaTranslate map[string]string
}

// CompileWith compiles a statement for a dialect with options, without
// the cache; see Compile.
func CompileWith(e Element, d dialect.Dialect, opts CompileOptions) (*Compiled, error) {
	return compileWithKey(e, d, nil, false, nil, &opts)
}

// SchemaFor returns the schema an object of schema is written in: schema
// itself, or its translation (see CompileOptions.SchemaTranslate).
// Dialect hooks that write a schema name call it.
func (c *Compiler) SchemaFor(schema string) string {
	if to, ok := c.schemas[schema]; ok {
		return to
	}
	return schema
}

// schemaTranslate adds a schema translation to the key, in key order.
func (k *CacheKey) schemaTranslate(m map[string]string) {
	if len(m) == 0 {
		return
	}
	keys := make([]string, 0, len(m))
	for from := range m {
		keys = append(keys, from)
	}
	slices.Sort(keys)
	k.Tag(tagSchemaTranslate)
	k.Int(len(keys))
	for _, from := range keys {
		k.String(from)
		k.String(m[from])
	}
}
