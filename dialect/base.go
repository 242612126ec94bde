package dialect

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/athanordb/athanor/types"
)

// Base implements the data-driven part of Dialect from its fields. A
// dialect embeds a Base, fills it in, and provides the rest (Connector, and
// the TypeName, AdaptType and ClassifyError cases where it differs).
type Base struct {
	DialectName  string
	Params       Paramstyle
	QuoteOpen    byte // '"', '`', '['
	QuoteClose   byte // '"', '`', ']'
	Reserved     map[string]bool
	FoldUpper    bool // the database folds unquoted names to upper case (Oracle); quoting does not depend on it (see NeedsQuote)
	MaxIdentLen  int
	FeatureFlags Features
}

// Name implements Dialect.
func (b *Base) Name() string { return b.DialectName }

// Paramstyle implements Dialect.
func (b *Base) Paramstyle() Paramstyle { return b.Params }

// MaxIdentifierLength implements Dialect.
func (b *Base) MaxIdentifierLength() int { return b.MaxIdentLen }

// Features implements Dialect.
func (b *Base) Features() *Features { return &b.FeatureFlags }

// QuoteIdentifier implements Dialect: it wraps name in the quote
// characters, doubling the closing one inside.
func (b *Base) QuoteIdentifier(name string) string {
	closeQ := string(b.QuoteClose)
	return string(b.QuoteOpen) + strings.ReplaceAll(name, closeQ, closeQ+closeQ) + closeQ
}

// NeedsQuote implements Dialect: a name needs quotes when it is reserved,
// empty, starts with a digit or '$', holds a character other than letters,
// digits, '_' and '$', or has an upper-case letter. As in SQLAlchemy, a
// name in lower case is case-insensitive and unquoted on every database
// (Oracle, which folds to upper case, reads it as upper case), and a name
// with an upper-case letter is case-sensitive.
func (b *Base) NeedsQuote(name string) bool {
	if name == "" {
		return true
	}
	if c := name[0]; c >= '0' && c <= '9' || c == '$' {
		return true
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'A' && c <= 'Z':
			return true
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '_', c == '$':
		default:
			return true
		}
	}
	// The name has no upper-case letter: it is its own lower case.
	return b.Reserved[name]
}

// Quote quotes name only when NeedsQuote says so.
func Quote(d Dialect, name string) string {
	if d.NeedsQuote(name) {
		return d.QuoteIdentifier(name)
	}
	return name
}

// AdaptType implements Dialect: generic types execute as they are.
func (b *Base) AdaptType(t types.Type) types.Type { return t }

// ClassifyError implements Dialect for dialects that cannot classify.
func (b *Base) ClassifyError(error) ErrorKind { return KindUnknown }

// TypeName implements Dialect with standard SQL type names.
func (b *Base) TypeName(t types.Type) (string, error) {
	switch t := t.(type) {
	case types.Integer:
		return "INTEGER", nil
	case types.SmallInteger:
		return "SMALLINT", nil
	case types.BigInteger:
		return "BIGINT", nil
	case types.Boolean:
		return "BOOLEAN", nil
	case types.String:
		return withLength("VARCHAR", t.Length), nil
	case types.Text:
		return "TEXT", nil
	case types.Float:
		return withLength("FLOAT", t.Precision), nil
	case types.Double:
		return "DOUBLE PRECISION", nil
	case types.Numeric:
		return t.String(), nil
	case types.Date:
		return "DATE", nil
	case types.Time:
		return t.String(), nil
	case types.DateTime:
		return t.String(), nil
	case types.Interval:
		return "INTERVAL", nil
	case types.LargeBinary:
		return "BLOB", nil
	case types.JSON:
		return "JSON", nil
	case types.UUID:
		if b.FeatureFlags.NativeUUID {
			return "UUID", nil
		}
		return "CHAR(32)", nil
	case types.Enum:
		return withLength("VARCHAR", t.VarcharLength()), nil
	case types.NullType:
		return "", fmt.Errorf("%w: a column of unknown type (NullType) has no DDL type", ErrNotSupported)
	}
	return "", fmt.Errorf("%w: dialect %s cannot render type %s (%T)", ErrNotSupported, b.DialectName, t, t)
}

func withLength(name string, n int) string {
	if n > 0 {
		return name + "(" + strconv.Itoa(n) + ")"
	}
	return name
}

// TruncateName shortens a generated name (a constraint or index name, a
// label) to max bytes, deterministically: the cut name ends with "_" and
// four hex digits of the full name's MD5, so that two long names that share
// a prefix stay distinct.
func TruncateName(name string, max int) string {
	if max <= 0 || len(name) <= max {
		return name
	}
	sum := md5.Sum([]byte(name))
	suffix := hex.EncodeToString(sum[:])[28:]
	keep := max - len(suffix) - 1
	if keep < 1 {
		return suffix[:max]
	}
	return name[:keep] + "_" + suffix
}

// ReservedWords builds a reserved-word set from whitespace-separated words.
func ReservedWords(words ...string) map[string]bool {
	m := make(map[string]bool)
	for _, list := range words {
		for _, w := range strings.Fields(list) {
			m[strings.ToLower(w)] = true
		}
	}
	return m
}

// StandardReserved is the SQL standard's reserved words most databases
// share; dialects add their own.
const StandardReserved = `all analyse analyze and any array as asc asymmetric authorization between
binary both case cast check collate column constraint create cross current_date current_role
current_time current_timestamp current_user default deferrable desc distinct do else end except
false for foreign freeze from full grant group having ilike in initially inner intersect into is
isnull join leading left like limit localtime localtimestamp natural new not notnull null off
offset old on only or order outer overlaps placing primary references right select session_user
similar some symmetric table then to trailing true union unique user using verbose when where
window with`
