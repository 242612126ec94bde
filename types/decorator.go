package types

import (
	"errors"
	"reflect"
)

// Decorator adapts an existing type: it keeps Impl's SQL rendering and adds
// a conversion on each side, in the way SQLAlchemy's TypeDecorator does.
// ToDB turns the program's value into one Impl accepts (Impl's own bind
// conversion then runs on it); FromDB turns Impl's converted result value
// into the program's. Either may be nil. Like every converter they see only
// non-NULL values.
//
// The dialect adapts Impl as it would adapt it undecorated (a decorated
// DateTime is still stored as text on SQLite), and DDL renders Impl
// (Underlying). An error from ToDB or FromDB reaches the caller as a
// *ConversionError naming the decorator, wrapping the error.
//
// Decorate builds one with typed functions.
type Decorator struct {
	Impl   Type
	Go     reflect.Type             // the program's Go type; Impl's when nil
	ToDB   func(v any) (any, error) // program value to Impl value
	FromDB func(v any) (any, error) // Impl result value to program value
	Name   string                   // for messages; Impl's String when empty
}

// Decorate returns a Decorator whose program-side values have type T.
// toDB is applied to bound values of type T or *T (a nil *T is NULL);
// other values go to impl as they are, so that impl's own forms (a plain
// string for a decorated String, say) still bind. fromDB receives impl's
// result values (a string for String and Text, an int64 for Integer, ...).
func Decorate[T any](impl Type, toDB func(T) (any, error), fromDB func(any) (T, error)) *Decorator {
	d := &Decorator{Impl: impl, Go: reflect.TypeFor[T]()}
	if toDB != nil {
		d.ToDB = BindFunc(toDB)
	}
	if fromDB != nil {
		d.FromDB = func(v any) (any, error) { return fromDB(v) }
	}
	return d
}

// ImplType returns the decorated type.
func (d *Decorator) ImplType() Type { return d.impl() }

func (d *Decorator) impl() Type {
	if d.Impl == nil {
		return NullType{}
	}
	return d.Impl
}

func (d *Decorator) Affinity() Affinity { return d.impl().Affinity() }

func (d *Decorator) GoType() reflect.Type {
	if d.Go != nil {
		return d.Go
	}
	return d.impl().GoType()
}

func (d *Decorator) BindConverter() Converter {
	inner := d.impl().BindConverter()
	if d.ToDB == nil {
		return inner
	}
	return func(v any) (any, error) {
		x, err := d.ToDB(v)
		if err != nil {
			return nil, d.wrap(v, err)
		}
		if x == nil || inner == nil {
			return x, nil
		}
		return inner(x)
	}
}

func (d *Decorator) ResultConverter() Converter {
	inner := d.impl().ResultConverter()
	if d.FromDB == nil {
		return inner
	}
	return func(v any) (any, error) {
		x := v
		if inner != nil {
			var err error
			if x, err = inner(v); err != nil {
				return nil, err
			}
		}
		out, err := d.FromDB(x)
		if err != nil {
			return nil, d.wrap(v, err)
		}
		return out, nil
	}
}

// wrap makes err a ConversionError for d, unless it already is one.
func (d *Decorator) wrap(v any, err error) error {
	var ce *ConversionError
	if errors.As(err, &ce) {
		return err
	}
	return &ConversionError{Type: d, Value: v, Err: err}
}

func (d *Decorator) String() string {
	if d.Name != "" {
		return d.Name
	}
	return d.impl().String()
}
