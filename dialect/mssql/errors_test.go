package mssql_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	mssqldb "github.com/microsoft/go-mssqldb"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mssql"
)

// serverError builds the error go-mssqldb returns for a statement whose
// messages were msgs (the last one is the Error's own fields).
func serverError(msgs ...mssqldb.Error) mssqldb.Error {
	e := msgs[len(msgs)-1]
	e.All = msgs
	return e
}

func msg(number int32, class uint8) mssqldb.Error {
	return mssqldb.Error{Number: number, Class: class, State: 1, Message: fmt.Sprintf("message %d", number)}
}

// terminated is what SQL Server sends after a failed statement.
var terminated = msg(3621, 0)

func TestClassifyError(t *testing.T) {
	d := mssql.New()
	for _, tc := range []struct {
		name string
		err  error
		want dialect.ErrorKind
	}{
		{"unique constraint", serverError(msg(2627, 14), terminated), dialect.KindIntegrity},
		{"unique index", serverError(msg(2601, 14), terminated), dialect.KindIntegrity},
		{"foreign key or check", serverError(msg(547, 16), terminated), dialect.KindIntegrity},
		{"not null", serverError(msg(515, 16), terminated), dialect.KindIntegrity},
		{"identity insert", msg(544, 16), dialect.KindIntegrity},
		{"truncation", serverError(msg(2628, 16), terminated), dialect.KindData},
		{"conversion", msg(245, 16), dialect.KindData},
		{"divide by zero", msg(8134, 16), dialect.KindData},
		{"syntax", msg(102, 15), dialect.KindProgramming},
		{"keyword syntax", msg(156, 15), dialect.KindProgramming},
		{"unknown column", msg(207, 16), dialect.KindProgramming},
		{"unknown table", msg(208, 16), dialect.KindProgramming},
		{"deadlock", msg(1205, 13), dialect.KindOperational},
		{"lock timeout", msg(1222, 16), dialect.KindOperational},
		{"login failed", msg(18456, 14), dialect.KindOperational},
		{"corruption", msg(824, 24), dialect.KindInternal},
		{"Azure USE", msg(40508, 16), dialect.KindNotSupported},
		{"unknown number", msg(50000, 16), dialect.KindDatabase},
		{"unknown fatal number", msg(59999, 21), dialect.KindOperational},
		{"no messages", mssqldb.Error{}, dialect.KindDatabase},
		{"wrapped", fmt.Errorf("exec: %w", serverError(msg(2627, 14), terminated)), dialect.KindIntegrity},
		{"pointer", &mssqldb.Error{Number: 1205}, dialect.KindOperational},
		{"fatal server error", mssqldb.ServerError{}, dialect.KindOperational},
		{"bad TDS stream", mssqldb.StreamError{InnerError: errors.New("short read")}, dialect.KindOperational},
		{"not from the database", context.Canceled, dialect.KindUnknown},
		{"nil", nil, dialect.KindUnknown},
	} {
		if got := d.ClassifyError(tc.err); got != tc.want {
			t.Errorf("%s: ClassifyError = %v, want %v", tc.name, got, tc.want)
		}
	}
}
