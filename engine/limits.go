package engine

import (
	"fmt"

	athsql "github.com/athanordb/athanor/sql"
)

// ErrTooManyParameters: a statement binds more parameters than its
// database takes in one statement (dialect.Features.MaxBindParams:
// SQLite 32766, PostgreSQL and MySQL 65535, SQL Server 2100, Oracle
// 65535). It is returned before the statement is sent, wrapped in a
// StatementError with the SQL; it also matches sql.ErrArgument.
//
// ExecuteMany of an INSERT never meets it: its rows are sent as multi-row
// VALUES batches that fit. For a single statement, split the work: an
// INSERT of many rows through ExecuteMany, a long IN list into several
// statements, or into a temporary table joined against (Athanor does not
// rewrite an IN list silently, as the rewrite would change the plan).
var ErrTooManyParameters = fmt.Errorf("%w: too many bound parameters for one statement", athsql.ErrArgument)

// checkParamLimit refuses a prepared statement whose parameters exceed
// the dialect's limit.
func (e *Engine) checkParamLimit(p *prepared) error {
	limit := e.dialect().Features().MaxBindParams
	if limit <= 0 || len(p.args) <= limit {
		return nil
	}
	return &StatementError{
		SQL: truncateSQL(p.sql),
		Err: fmt.Errorf("%w: %d parameters, and %s takes at most %d", ErrTooManyParameters, len(p.args), e.dialect().Name(), limit),
	}
}

// truncateSQL shortens SQL text for an error message.
func truncateSQL(s string) string {
	const keep = 500
	if len(s) <= keep {
		return s
	}
	return s[:keep] + "..."
}
