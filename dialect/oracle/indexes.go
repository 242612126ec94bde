package oracle

import (
	"strconv"

	athsql "github.com/athanordb/athanor/sql"
)

// Index options, set with sql.Index.Option (SQLAlchemy's oracle_bitmap
// and oracle_compress).
const (
	// OptionBitmap (bool): CREATE BITMAP INDEX.
	OptionBitmap = "oracle_bitmap"
	// OptionCompress, on an index: true for COMPRESS, or the number of
	// prefix columns to compress (COMPRESS 1). On a table it is the table
	// option above.
)

// indexPrefix writes BITMAP before INDEX.
func indexPrefix(c *athsql.Compiler, ix *athsql.Index) {
	v, ok := ix.DialectOption(OptionBitmap)
	if !ok || v == nil {
		return
	}
	b, isBool := v.(bool)
	if !isBool {
		c.Failf("%w: %s is a bool, not %T", athsql.ErrArgument, OptionBitmap, v)
		return
	}
	if b {
		c.WriteString("BITMAP ")
	}
}

// indexSuffix writes COMPRESS [n] after the columns.
func indexSuffix(c *athsql.Compiler, ix *athsql.Index) {
	v, ok := ix.DialectOption(OptionCompress)
	if !ok || v == nil {
		return
	}
	switch x := v.(type) {
	case bool:
		if x {
			c.WriteString(" COMPRESS")
		}
	case int:
		if x < 1 {
			c.Failf("%w: %s on an index takes true or a positive number of columns, not %d", athsql.ErrArgument, OptionCompress, x)
			return
		}
		c.WriteString(" COMPRESS " + strconv.Itoa(x))
	default:
		c.Failf("%w: %s on an index takes true or a number of columns, not %T", athsql.ErrArgument, OptionCompress, v)
	}
}
