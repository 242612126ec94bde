package catalog

import (
	"context"
	"fmt"
	"strings"
)

// Canned is a dialect.Queryer that answers with canned rows, for testing a
// dialect's reflection without its server: a query is answered by the
// first rule whose text it contains, and fails when none matches. It
// records the queries it is asked.
type Canned struct {
	Rules   []Rule
	Queries []string
	Args    [][]any
}

// Rule answers the queries that contain Contains with Rows.
type Rule struct {
	Contains string
	Rows     []Row
}

// QueryContext implements dialect.Queryer.
func (c *Canned) QueryContext(_ context.Context, query string, args []any, fn func([]any) error) error {
	c.Queries = append(c.Queries, query)
	c.Args = append(c.Args, args)
	for _, r := range c.Rules {
		if strings.Contains(query, r.Contains) {
			for _, row := range r.Rows {
				if err := fn(row); err != nil {
					return err
				}
			}
			return nil
		}
	}
	return fmt.Errorf("catalog.Canned: no rule answers %s", query)
}
