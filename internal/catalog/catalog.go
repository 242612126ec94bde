// Package catalog helps dialects read their databases' catalogs for
// reflection: it runs a query through a dialect.Queryer and keeps its
// rows, and reads the values drivers return for them (strings as string
// or []byte, numbers as int64, float64 or text) without caring which.
package catalog

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/dialect"
)

// Row is one row of a catalog query.
type Row []any

// Query runs query and returns its rows.
func Query(ctx context.Context, q dialect.Queryer, query string, args ...any) ([]Row, error) {
	var rows []Row
	err := q.QueryContext(ctx, query, args, func(values []any) error {
		rows = append(rows, append(Row(nil), values...))
		return nil
	})
	return rows, err
}

// TableRows runs a query about the parts of one table (its keys, indexes,
// constraints...). No rows means the table has none, or does not exist:
// mustExist, called then, returns the dialect's not-found error for a
// missing table and nil otherwise. A caller returns at once when no rows
// come back, with the error TableRows gives (nil for a table with none).
func TableRows(ctx context.Context, q dialect.Queryer, mustExist func(context.Context, dialect.Queryer, string, string) error, schema, table, query string, args ...any) ([]Row, error) {
	rows, err := Query(ctx, q, query, args...)
	if err != nil || len(rows) > 0 {
		return rows, err
	}
	return nil, mustExist(ctx, q, schema, table)
}

// Strings runs a query of one column and returns its values as text.
func Strings(ctx context.Context, q dialect.Queryer, query string, args ...any) ([]string, error) {
	rows, err := Query(ctx, q, query, args...)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.String(0)
	}
	return out, nil
}

// Null reports whether the i-th value is NULL (or missing).
func (r Row) Null(i int) bool { return i >= len(r) || r[i] == nil }

// String returns the i-th value as text; "" for NULL.
func (r Row) String(i int) string {
	if r.Null(i) {
		return ""
	}
	return Text(r[i])
}

// Int returns the i-th value as an integer; 0 for NULL or a value that is
// not one.
func (r Row) Int(i int) int64 {
	if r.Null(i) {
		return 0
	}
	switch x := r[i].(type) {
	case int64:
		return x
	case int32:
		return int64(x)
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	case float64:
		return int64(x)
	case bool:
		if x {
			return 1
		}
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(Text(r[i])), 10, 64)
	if err != nil {
		f, ferr := strconv.ParseFloat(strings.TrimSpace(Text(r[i])), 64)
		if ferr != nil {
			return 0
		}
		return int64(f)
	}
	return n
}

// Bool returns the i-th value as a truth value: true, a non-zero number,
// or the words YES, Y, T, TRUE, ON (in any case).
func (r Row) Bool(i int) bool {
	if r.Null(i) {
		return false
	}
	switch x := r[i].(type) {
	case bool:
		return x
	case int64, int32, int, float64, uint64:
		return r.Int(i) != 0
	}
	switch strings.ToUpper(strings.TrimSpace(Text(r[i]))) {
	case "YES", "Y", "T", "TRUE", "ON", "1":
		return true
	}
	return false
}

// Text returns a driver value as text.
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// Value runs a query of one value and returns it as text; "" when it
// returns no row.
func Value(ctx context.Context, q dialect.Queryer, query string, args ...any) (string, error) {
	values, err := Strings(ctx, q, query, args...)
	if err != nil || len(values) == 0 {
		return "", err
	}
	return values[0], nil
}

// GroupBy splits rows ordered by their column key into runs of one value
// of it: the columns of one constraint, the key parts of one index.
func GroupBy(rows []Row, key int) [][]Row {
	var out [][]Row
	for i, r := range rows {
		if i == 0 || r.String(key) != rows[i-1].String(key) {
			out = append(out, nil)
		}
		out[len(out)-1] = append(out[len(out)-1], r)
	}
	return out
}

// NoSuchTable returns the error for a table that does not exist; it
// matches dialect.ErrNoSuchTable.
func NoSuchTable(schema, name string) error {
	if schema != "" {
		name = schema + "." + name
	}
	return fmt.Errorf("%w: %s", dialect.ErrNoSuchTable, name)
}

// MustExist returns NoSuchTable when a lookup did not find the table,
// and the lookup's error when it failed.
func MustExist(found bool, err error, schema, name string) error {
	if err == nil && !found {
		err = NoSuchTable(schema, name)
	}
	return err
}

// Lists reads rows of a name and an item, ordered by name, as the items of
// each name in order: the columns of each unique constraint, the labels of
// each enum type.
func Lists(rows []Row) (names []string, items [][]string) {
	for _, group := range GroupBy(rows, 0) {
		names = append(names, group[0].String(0))
		list := make([]string, len(group))
		for i, r := range group {
			list[i] = r.String(1)
		}
		items = append(items, list)
	}
	return names, items
}

// PrimaryKey reads rows of the key's name and columns, in key order.
func PrimaryKey(rows []Row) dialect.PrimaryKeyInfo {
	names, cols := Lists(rows)
	if len(names) == 0 {
		return dialect.PrimaryKeyInfo{}
	}
	return dialect.PrimaryKeyInfo{Name: names[0], Columns: cols[0]}
}

// Uniques reads rows of unique constraints' names and columns, ordered by
// name and then position.
func Uniques(rows []Row) []dialect.UniqueInfo {
	names, cols := Lists(rows)
	out := make([]dialect.UniqueInfo, len(names))
	for i := range names {
		out[i] = dialect.UniqueInfo{Name: names[i], Columns: cols[i]}
	}
	return out
}

// ForeignKeys reads rows of a foreign key's name, column, referred schema,
// referred table and referred column (then what else the query selects),
// ordered by name and position. name maps the names read (nil: as they
// are); options completes each foreign key from its first row (actions,
// deferrability).
func ForeignKeys(rows []Row, name func(string) string, options func(first Row, fk *dialect.ForeignKeyInfo)) []dialect.ForeignKeyInfo {
	if name == nil {
		name = func(s string) string { return s }
	}
	var out []dialect.ForeignKeyInfo
	for _, group := range GroupBy(rows, 0) {
		first := group[0]
		fk := dialect.ForeignKeyInfo{Name: name(first.String(0)), ReferredSchema: name(first.String(2)), ReferredTable: name(first.String(3))}
		for _, r := range group {
			fk.Columns = append(fk.Columns, name(r.String(1)))
			fk.ReferredColumns = append(fk.ReferredColumns, name(r.String(4)))
		}
		if options != nil {
			options(first, &fk)
		}
		out = append(out, fk)
	}
	return out
}
