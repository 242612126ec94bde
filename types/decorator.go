package types

import (
	"reflect"
)

// Decorator adapts an existing type: it keeps Impl's SQL rendering and adds
// a conversion on each side, in the way SQLAlchemy's TypeDecorator does.
// ToDB turns the program's value into one Impl accepts; FromDB turns Impl's
// result value into the program's. Either may be nil.
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
func Decorate[T any](impl Type, toDB func(T) (any, error), fromDB func(any) (T, error)) *Decorator {
	d := &Decorator{Impl: impl, Go: reflect.TypeFor[T]()}
	if toDB != nil {
		d.ToDB = func(v any) (any, error) {
			t, ok := v.(T)
			if !ok {
				return v, nil // not the program's type: let Impl take it as it is
			}
			return toDB(t)
		}
	}
	if fromDB != nil {
		d.FromDB = func(v any) (any, error) { return fromDB(v) }
	}
	return d
}

// ImplType returns the decorated type.
func (d *Decorator) ImplType() Type { return d.Impl }

func (d *Decorator) Affinity() Affinity { return d.Impl.Affinity() }

func (d *Decorator) GoType() reflect.Type {
	if d.Go != nil {
		return d.Go
	}
	return d.Impl.GoType()
}

func (d *Decorator) BindConverter() Converter {
	inner := d.Impl.BindConverter()
	switch {
	case d.ToDB == nil:
		return inner
	case inner == nil:
		return d.ToDB
	}
	return func(v any) (any, error) {
		x, err := d.ToDB(v)
		if err != nil || x == nil {
			return x, err
		}
		return inner(x)
	}
}

func (d *Decorator) ResultConverter() Converter {
	inner := d.Impl.ResultConverter()
	switch {
	case d.FromDB == nil:
		return inner
	case inner == nil:
		return d.FromDB
	}
	return func(v any) (any, error) {
		x, err := inner(v)
		if err != nil {
			return nil, err
		}
		return d.FromDB(x)
	}
}

func (d *Decorator) String() string {
	if d.Name != "" {
		return d.Name
	}
	return d.Impl.String()
}
