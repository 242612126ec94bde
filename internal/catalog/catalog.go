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
