package dialect

// SavepointStep is one operation on a savepoint, the mark a nested
// transaction starts from.
type SavepointStep uint8

// The savepoint steps.
const (
	SavepointSet      SavepointStep = iota + 1 // SAVEPOINT name
	SavepointRollback                          // ROLLBACK TO SAVEPOINT name
	SavepointRelease                           // RELEASE SAVEPOINT name
)

// SavepointWriter is implemented by dialects whose savepoint statements
// differ from the SQL standard's (SQL Server's SAVE TRANSACTION name).
type SavepointWriter interface {
	// SavepointSQL returns the statement for step on the savepoint name,
	// or "" when the database needs none (SQL Server releases nothing).
	SavepointSQL(step SavepointStep, name string) string
}

// SavepointSQL returns the statement d runs for step on the savepoint
// name: the dialect's own (see SavepointWriter), or the standard SAVEPOINT
// name, ROLLBACK TO SAVEPOINT name and RELEASE SAVEPOINT name. An empty
// result means there is nothing to run.
func SavepointSQL(d Dialect, step SavepointStep, name string) string {
	if w, ok := d.(SavepointWriter); ok {
		return w.SavepointSQL(step, name)
	}
	switch step {
	case SavepointSet:
		return "SAVEPOINT " + name
	case SavepointRollback:
		return "ROLLBACK TO SAVEPOINT " + name
	case SavepointRelease:
		return "RELEASE SAVEPOINT " + name
	}
	return ""
}
