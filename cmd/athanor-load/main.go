// Command athanor-load runs a mixed read/write workload against a
// database through one Athanor Engine shared by many goroutines, for a
// bounded time, and reports throughput, errors and latency percentiles
// per kind of operation:
//
//	go run ./cmd/athanor-load -url postgresql://postgres@127.0.0.1:5432/test -duration 30s -workers 64
//
// It creates a table (-table, default athanor_load), fills it with -rows
// rows, and has -workers goroutines each loop over a random mix of point
// selects (50%), range selects of 20 rows (20%), single-row inserts (15%)
// and read-modify-write updates in a transaction (15%) until -duration
// has passed. The table is dropped at the end. The engine's pool keeps
// -pool connections. The URL is any engine URL; its password is never
// printed.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	_ "github.com/athanordb/athanor/dialect/mssql"
	_ "github.com/athanordb/athanor/dialect/mysql"
	_ "github.com/athanordb/athanor/dialect/oracle"
	_ "github.com/athanordb/athanor/dialect/postgres"
	_ "github.com/athanordb/athanor/dialect/sqlite"
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line and returns the exit status: 0 when the
// workload ran without errors, 1 when it failed or had errors, 2 for a
// usage error.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("athanor-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg Config
	fs.StringVar(&cfg.URL, "url", "", "the database URL (required)")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "how long the workload runs")
	fs.IntVar(&cfg.Workers, "workers", 64, "goroutines running operations")
	fs.IntVar(&cfg.Pool, "pool", 20, "connections the engine's pool keeps")
	fs.IntVar(&cfg.Rows, "rows", 10000, "rows the table starts with")
	fs.StringVar(&cfg.Table, "table", "athanor_load", "the table the workload uses (dropped and created)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if cfg.URL == "" || fs.NArg() > 0 {
		fmt.Fprintln(stderr, "usage: athanor-load -url URL [-duration 30s] [-workers 64] [-pool 20] [-rows 10000] [-table athanor_load]")
		return 2
	}
	rep, err := Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "athanor-load:", err)
		return 1
	}
	rep.Write(stdout)
	if rep.Errors() > 0 {
		return 1
	}
	return 0
}
