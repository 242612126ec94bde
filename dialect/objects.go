package dialect

import "context"

// ObjectKind names a kind of schema object other than a table, for
// ObjectLister and for the objects CreateAll creates beside tables.
type ObjectKind string

// The kinds of schema objects Core knows.
const (
	ObjectSequence ObjectKind = "sequence" // CREATE SEQUENCE
	ObjectType     ObjectKind = "type"     // a named type: PostgreSQL's CREATE TYPE ... AS ENUM
)

// ObjectLister is implemented by dialects that can say whether a schema
// object other than a table exists (a sequence, a named type); CreateAll
// and DropAll use it for their check-first mode, as they use TableLister
// for tables. An empty schema means the objects the connection sees
// without qualification.
type ObjectLister interface {
	HasObject(ctx context.Context, conn Queryer, kind ObjectKind, schema, name string) (bool, error)
}

// Cursors is implemented by dialects with server-side cursors: a query's
// rows stay on the server and are fetched in batches, so that a result of
// any size is read in bounded memory (the engine's Tx.Stream). Each method
// returns SQL text; name is a valid unquoted identifier the engine chose,
// query a compiled SELECT whose parameters the DECLARE statement takes.
type Cursors interface {
	// DeclareCursor opens a cursor named name over query, inside the
	// current transaction.
	DeclareCursor(name, query string) string
	// FetchCursor reads the next n rows of the cursor.
	FetchCursor(name string, n int) string
	// CloseCursor closes the cursor.
	CloseCursor(name string) string
}
