package engine

import (
	"errors"
	"fmt"
	"iter"

	athsql "github.com/athanordb/athanor/sql"
)

// Get returns the value that col (a typed column or expression) produced
// in row, as a T: no type assertion, and T is inferred from col.
//
//	id, err := engine.Get(row, userID) // id is an int64
//
// The row finds col as Row.ByColumn does: the same expression, or the
// same table column through labels, aliases and subqueries; a label is
// also found by its name. The value is
// converted to T as Scan converts (an int32 from an int64, a type of your
// own from its basic type), with a *ScanError when it does not fit. NULL
// is the zero value for a pointer T and an error otherwise: use
// GetNullable, a pointer T (Col[*string]) or CoalesceOf for nullable
// columns.
func Get[T any](row *Row, col athsql.Typed[T]) (T, error) {
	i, err := typedIndex(row, col)
	if err != nil {
		var zero T
		return zero, err
	}
	return valueAs[T](row.vals[i], row.meta.keys[i])
}

// GetNullable is Get for a nullable column: ok is false, and the value
// the zero T, when the value is NULL.
func GetNullable[T any](row *Row, col athsql.Typed[T]) (v T, ok bool, err error) {
	i, err := typedIndex(row, col)
	if err != nil || row.vals[i] == nil {
		return v, false, err
	}
	v, err = valueAs[T](row.vals[i], row.meta.keys[i])
	return v, err == nil, err
}

// typedIndex is the position of col's value in row.
func typedIndex(row *Row, col athsql.ColumnElement) (int, error) {
	if i, err := row.meta.columnIndex(col); err == nil {
		return i, nil
	}
	e := athsql.Untyped(col)
	if l, ok := e.(*athsql.Label); ok {
		if i, err := row.meta.indexOf(l.Name()); err == nil {
			return i, nil
		}
	}
	what := fmt.Sprintf("%T", e)
	if n, ok := e.(athsql.Named); ok && n.ResultName() != "" {
		what = fmt.Sprintf("%q", n.ResultName())
	}
	return 0, fmt.Errorf("%w: the row has no column for %s (columns: %v)", ErrNoSuchKey, what, row.meta.keys)
}

// valueAs converts a result value to T: directly when it already is one,
// through assign's conversions otherwise.
func valueAs[T any](v any, column string) (T, error) {
	if x, ok := v.(T); ok {
		return x, nil
	}
	var out T
	if err := assign(&out, v); err != nil {
		if se, ok := errors.AsType[*ScanError](err); ok && se.Column == "" {
			se.Column = column
			return out, se
		}
		return out, fmt.Errorf("athanor: column %q: %w", column, err)
	}
	return out, nil
}

// Reader reads values of type T from result rows, finding the columns it
// needs by expression (see Get): a table column wherever the result has
// it, any other expression when it is the same value as the one selected
// (keep it in a variable) or a label of the same name. ScalarsOf, PairsOf
// and TriplesOf make one from typed columns; its methods take Execute's
// results directly:
//
//	names, err := engine.ScalarsOf(userName).All(eng.Execute(ctx, stmt))
type Reader[T any] struct {
	cols []athsql.ColumnElement
	read func(vals []any, idx []int, keys []string) (T, error)
}

// Pair is a row of two typed values, read by PairsOf.
type Pair[A, B any] struct {
	First  A
	Second B
}

// Triple is a row of three typed values, read by TriplesOf.
type Triple[A, B, C any] struct {
	First  A
	Second B
	Third  C
}

// ScalarsOf reads the values of col, one per row, as T.
func ScalarsOf[T any](col athsql.Typed[T]) Reader[T] {
	return Reader[T]{
		cols: []athsql.ColumnElement{col},
		read: func(vals []any, idx []int, keys []string) (T, error) {
			return valueAs[T](vals[idx[0]], keys[idx[0]])
		},
	}
}

// PairsOf reads the values of a and b, one Pair per row.
func PairsOf[A, B any](a athsql.Typed[A], b athsql.Typed[B]) Reader[Pair[A, B]] {
	return Reader[Pair[A, B]]{
		cols: []athsql.ColumnElement{a, b},
		read: func(vals []any, idx []int, keys []string) (p Pair[A, B], err error) {
			if p.First, err = valueAs[A](vals[idx[0]], keys[idx[0]]); err != nil {
				return p, err
			}
			p.Second, err = valueAs[B](vals[idx[1]], keys[idx[1]])
			return p, err
		},
	}
}

// TriplesOf reads the values of a, b and c, one Triple per row.
func TriplesOf[A, B, C any](a athsql.Typed[A], b athsql.Typed[B], c athsql.Typed[C]) Reader[Triple[A, B, C]] {
	return Reader[Triple[A, B, C]]{
		cols: []athsql.ColumnElement{a, b, c},
		read: func(vals []any, idx []int, keys []string) (t Triple[A, B, C], err error) {
			if t.First, err = valueAs[A](vals[idx[0]], keys[idx[0]]); err != nil {
				return t, err
			}
			if t.Second, err = valueAs[B](vals[idx[1]], keys[idx[1]]); err != nil {
				return t, err
			}
			t.Third, err = valueAs[C](vals[idx[2]], keys[idx[2]])
			return t, err
		},
	}
}

// rowReader reads the rows of one result: the columns are found once, on
// the first row, since every row of a result has the same columns.
type rowReader[T any] struct {
	r   Reader[T]
	idx []int
}

func (rr *rowReader[T]) read(row *Row) (T, error) {
	if rr.idx == nil {
		idx := make([]int, len(rr.r.cols))
		for i, col := range rr.r.cols {
			j, err := typedIndex(row, col)
			if err != nil {
				var zero T
				return zero, err
			}
			idx[i] = j
		}
		rr.idx = idx
	}
	return rr.r.read(row.vals, rr.idx, row.meta.keys)
}

// Row reads one row.
func (r Reader[T]) Row(row *Row) (T, error) {
	rr := rowReader[T]{r: r}
	return rr.read(row)
}

// All reads every row of res and closes it.
func (r Reader[T]) All(res *Result, err error) ([]T, error) {
	var out []T
	for v, err := range r.Each(res, err) {
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// One reads the only row of res: ErrNoResultFound when there is none,
// ErrMultipleResultsFound when there are more.
func (r Reader[T]) One(res *Result, err error) (T, error) {
	var zero T
	if err != nil {
		return zero, err
	}
	row, err := res.One()
	if err != nil {
		return zero, err
	}
	return r.Row(row)
}

// First reads the first row of res, reporting whether there was one, and
// closes res.
func (r Reader[T]) First(res *Result, err error) (T, bool, error) {
	for v, err := range r.Each(res, err) {
		return v, err == nil, err // leaving the loop closes res
	}
	var zero T
	return zero, false, nil
}

// Each streams the rows of res, closing it when the loop ends, however it
// ends.
func (r Reader[T]) Each(res *Result, err error) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		if err != nil {
			yield(zero, err)
			return
		}
		rr := rowReader[T]{r: r}
		for row, err := range res.Rows() {
			v := zero
			if err == nil {
				v, err = rr.read(row)
			}
			if !yield(v, err) || err != nil {
				return
			}
		}
	}
}
