// Command athanor is Athanor's command-line tool.
//
// # Inspect
//
//	athanor inspect [--json] [--schema NAME] [--table NAME]... URL
//
// prints the schema of the database at URL, as reflection reads it: for
// each table its columns (name, type, nullability, default,
// autoincrement, identity, generated expression, comment), primary key,
// foreign keys, indexes, unique and check constraints; then the views
// with their queries, and PostgreSQL's sequences and enum types. It is
// what to run first on an unknown database:
//
//	go run ./cmd/athanor inspect sqlite:///app.db
//	go run ./cmd/athanor inspect --json postgresql://postgres@localhost/app > schema.json
//
// --json prints the same as JSON (inspect.SchemaInfo), for other
// programs: code generation starts from it. --schema reads another schema
// than the default one, --table limits the output to the tables named.
// The URL is an engine URL (see dialect.URL); the password in it is never
// printed.
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	_ "github.com/athanordb/athanor/dialect/mssql"
	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/oracle"
	_ "github.com/athanordb/athanor/dialect/postgres"
	_ "github.com/athanordb/athanor/dialect/sqlite"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage: athanor <command> [arguments]

commands:
  inspect [--json] [--schema NAME] [--table NAME]... URL
        print the schema of the database at URL
`

// run runs the command line args and returns the exit status: 0 for
// success, 1 for a failure, 2 for a usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "inspect":
		return inspectCommand(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "athanor: unknown command %q\n\n%s", args[0], usage)
	return 2
}
