package types

import (
	"maps"
	"reflect"
	"slices"
)

// Variant is a type that stands for another type on some dialects, as
// SQLAlchemy's with_variant makes: Base everywhere, and ByDialect[name]
// on the dialect of that name. A JSON column that is JSONB on PostgreSQL:
//
//	doc := types.WithVariant(types.JSON{}, "postgresql", postgres.JSONB{})
//
// The dialect decides: DDL, CAST and the conversion of values
// (dialect.TypeFor, sql.AdaptType) use the type chosen for the dialect,
// found by its name (or one of the names it answers to: the MariaDB
// dialect takes a "mysql" variant when there is no "mariadb" one, see
// dialect.VariantNamer). What does not depend on a dialect follows Base:
// the affinity, and so the operators an expression of the type offers,
// the Go type of its values, the CHECK constraints a Boolean or Enum
// asks for, and the converters used when no dialect is known. A variant
// should therefore keep Base's Go values (JSON and JSONB both decode into
// any; String and mysql.MediumText both hold strings).
//
// Variant values are not comparable with ==: they hold a map. The map is
// read, never written: With returns a new Variant.
type Variant struct {
	Base      Type
	ByDialect map[string]Type // dialect name to the type used there
}

// WithVariant returns base with t used in its place on the dialect named
// dialectName ("postgresql", "mysql", "mariadb", "sqlite", "mssql",
// "oracle"). When base is already a Variant, the new variant is added to
// it (replacing one for the same name).
func WithVariant(base Type, dialectName string, t Type) Variant {
	if v, ok := base.(Variant); ok {
		return v.With(dialectName, t)
	}
	return Variant{Base: base, ByDialect: map[string]Type{dialectName: t}}
}

// With returns a copy of v with t used on the dialect named dialectName.
func (v Variant) With(dialectName string, t Type) Variant {
	m := maps.Clone(v.ByDialect)
	if m == nil {
		m = map[string]Type{}
	}
	m[dialectName] = t
	return Variant{Base: v.Base, ByDialect: m}
}

// For returns the type used on a dialect that answers to names, the most
// specific first: the variant of the first name that has one, or Base.
// The result may itself be a Variant or a decorator.
func (v Variant) For(names ...string) Type {
	for _, n := range names {
		if t, ok := v.ByDialect[n]; ok && t != nil {
			return t
		}
	}
	return v.base()
}

// DialectNames returns the names that have a variant, sorted.
func (v Variant) DialectNames() []string {
	return slices.Sorted(maps.Keys(v.ByDialect))
}

func (v Variant) base() Type {
	if v.Base == nil {
		return NullType{}
	}
	return v.Base
}

// ImplType returns Base: what Underlying sees where no dialect is known.
func (v Variant) ImplType() Type { return v.base() }

// Affinity is Base's.
func (v Variant) Affinity() Affinity { return v.base().Affinity() }

// GoType is Base's.
func (v Variant) GoType() reflect.Type { return v.base().GoType() }

// BindConverter is Base's; a dialect uses its own variant's instead
// (sql.AdaptType).
func (v Variant) BindConverter() Converter { return v.base().BindConverter() }

// ResultConverter is Base's; a dialect uses its own variant's instead.
func (v Variant) ResultConverter() Converter { return v.base().ResultConverter() }

// String renders Base, then each variant by dialect name:
// "JSON [postgresql: JSONB]".
func (v Variant) String() string {
	s := v.base().String()
	names := v.DialectNames()
	if len(names) == 0 {
		return s
	}
	s += " ["
	for i, n := range names {
		if i > 0 {
			s += ", "
		}
		t := v.ByDialect[n]
		name := "<nil>"
		if t != nil {
			name = t.String()
		}
		s += n + ": " + name
	}
	return s + "]"
}
