package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/athanordb/athanor/engine"
	"github.com/athanordb/athanor/inspect"
)

// names is a flag that may be given several times.
type names []string

func (n *names) String() string { return strings.Join(*n, ",") }

func (n *names) Set(v string) error {
	*n = append(*n, v)
	return nil
}

// inspectCommand is athanor inspect.
func inspectCommand(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "print JSON")
	schema := fs.String("schema", "", "the schema to read (default: the database's default schema)")
	var tables names
	fs.Var(&tables, "table", "a table to print (may be repeated; default: all)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: athanor inspect [--json] [--schema NAME] [--table NAME]... URL")
		fs.PrintDefaults()
	}
	// Flags may come before or after the URL.
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var url string
	if rest := fs.Args(); len(rest) > 0 {
		url = rest[0]
		if err := fs.Parse(rest[1:]); err != nil {
			return 2
		}
	}
	if url == "" || fs.NArg() > 0 {
		fs.Usage()
		return 2
	}
	eng, err := engine.Create(url)
	if err != nil {
		fmt.Fprintf(stderr, "athanor: %v\n", err)
		return 1
	}
	defer eng.Close()
	info, err := readSchema(ctx, inspect.New(eng), *schema, tables)
	if err != nil {
		fmt.Fprintf(stderr, "athanor: %s: %v\n", eng.URL(), err)
		return 1
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(info)
	} else {
		err = printSchema(stdout, info)
	}
	if err != nil {
		fmt.Fprintf(stderr, "athanor: %v\n", err)
		return 1
	}
	return 0
}

// readSchema reads the schema, or only the tables (and views) named.
func readSchema(ctx context.Context, i *inspect.Inspector, schema string, only []string) (*inspect.SchemaInfo, error) {
	if len(only) == 0 {
		return i.Schema(ctx, schema)
	}
	info := &inspect.SchemaInfo{Name: schema}
	var err error
	if info.DefaultName, err = i.DefaultSchema(ctx); err != nil {
		return nil, err
	}
	info.Dialect = i.Dialect().Name()
	views, err := i.ViewNames(ctx, schema)
	if err != nil {
		return nil, err
	}
	for _, name := range only {
		if slices.Contains(views, name) {
			v, err := i.View(ctx, schema, name)
			if err != nil {
				return nil, err
			}
			info.Views = append(info.Views, v)
			continue
		}
		t, err := i.Table(ctx, schema, name)
		if err != nil {
			return nil, err
		}
		info.Tables = append(info.Tables, t)
	}
	return info, nil
}
