package sql

import (
	"errors"

	"github.com/athanordb/athanor/dialect"
)

// Errors returned when a statement cannot be built or compiled. Each is
// wrapped with details; test for them with errors.Is.
var (
	// ErrCompile is matched by every compile-time error.
	ErrCompile = errors.New("athanor: cannot compile statement")
	// ErrArgument: a construct was given arguments it cannot use.
	ErrArgument = errors.New("athanor: invalid argument")
	// ErrNoSuchColumn: a column key that the table or FROM item lacks.
	ErrNoSuchColumn = errors.New("athanor: no such column")
	// ErrAmbiguousColumn: a column key that more than one FROM item has.
	ErrAmbiguousColumn = errors.New("athanor: ambiguous column")
	// ErrNoForeignKeys: a join without ON between FROM items that no
	// foreign key links.
	ErrNoForeignKeys = errors.New("athanor: no foreign key to join on")
	// ErrAmbiguousJoin: a join without ON between FROM items that several
	// foreign keys link.
	ErrAmbiguousJoin = errors.New("athanor: ambiguous join condition")
	// ErrNoReferencedTable: a foreign key whose target cannot be found.
	ErrNoReferencedTable = errors.New("athanor: foreign key target not found")
	// ErrMissingParameter: a named bind parameter without a value.
	ErrMissingParameter = errors.New("athanor: missing value for bind parameter")
	// ErrNotSupported: the dialect cannot render the construct. It is the
	// same sentinel as the DBAPI kind, so one test covers both.
	ErrNotSupported = dialect.ErrNotSupported
)

// CompileError is a compile-time error: it matches ErrCompile and its
// cause.
type CompileError struct {
	Dialect string
	Err     error
}

func (e *CompileError) Error() string {
	return "athanor: cannot compile for " + e.Dialect + ": " + trimPrefix(e.Err.Error())
}

// Unwrap returns the cause and ErrCompile.
func (e *CompileError) Unwrap() []error { return []error{e.Err, ErrCompile} }

func trimPrefix(s string) string {
	const p = "athanor: "
	if len(s) > len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
