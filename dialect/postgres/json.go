package postgres

import (
	"fmt"

	athsql "github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// JSONExpr is a JSON or JSONB expression with PostgreSQL's JSON operators.
// It is itself an expression (it can be selected, compared, ordered by)
// and the results of Get and Path are JSONExprs too, so that paths chain:
//
//	doc := postgres.JSONOps(events.C("payload"))
//	doc.Get("user").GetText("name")      // (payload -> $1) ->> $2
//	doc.Contains(map[string]any{"ok": true}) // payload @> $1 (JSONB)
//
// Keys are bound as text and indexes as integers; Contains and
// ContainedBy bind their value as JSON.
type JSONExpr struct {
	athsql.ColumnOps
	e athsql.ColumnElement
}

// JSONOps returns the JSON operators of e.
func JSONOps(e athsql.ColumnElement) *JSONExpr {
	if e == nil {
		e = athsql.Null()
	}
	j := &JSONExpr{e: e}
	j.ColumnOps = athsql.NewColumnOps(j)
	return j
}

// key binds an object key as text, an array index as an integer, cast:
// PostgreSQL would otherwise read an untyped parameter as a key.
func key(k any) athsql.ColumnElement {
	switch x := k.(type) {
	case athsql.ColumnElement:
		if x != nil {
			return x
		}
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32:
		return athsql.NewCast(athsql.Literal(x, types.Integer{}), types.Integer{})
	}
	return athsql.Literal(k, types.Text{})
}

// pathValue binds a path as text[]: '{a,0,b}'.
func pathValue(keys []any) athsql.ColumnElement {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprint(k)
	}
	return athsql.Literal(parts, ArrayOf(types.Text{}))
}

func textList(keys []string) athsql.ColumnElement {
	return athsql.Literal(keys, ArrayOf(types.Text{}))
}

// Get returns e -> k: the member of an object (k a string) or the element
// of an array (k an integer), as JSON.
func (j *JSONExpr) Get(k any) *JSONExpr { return JSONOps(athsql.Ops(j.e).Op(OpGet, key(k))) }

// GetText returns e ->> k: the member or element as text.
func (j *JSONExpr) GetText(k any) *athsql.TypeCoerce {
	return athsql.Coerce(athsql.Ops(j.e).Op(OpGetText, key(k)), types.Text{})
}

// Path returns e #> '{k1,k2,...}': the value at a path, as JSON.
func (j *JSONExpr) Path(keys ...any) *JSONExpr {
	return JSONOps(athsql.Ops(j.e).Op(OpPath, pathValue(keys)))
}

// PathText returns e #>> '{k1,k2,...}': the value at a path, as text.
func (j *JSONExpr) PathText(keys ...any) *athsql.TypeCoerce {
	return athsql.Coerce(athsql.Ops(j.e).Op(OpPathText, pathValue(keys)), types.Text{})
}

// Contains returns e @> v (JSONB): e contains the JSON value v, a Go value
// encoded as JSON or a JSON expression.
func (j *JSONExpr) Contains(v any) *athsql.BinaryExpression {
	return athsql.Ops(j.e).Op(OpContains, j.jsonValue(v))
}

// ContainedBy returns e <@ v (JSONB).
func (j *JSONExpr) ContainedBy(v any) *athsql.BinaryExpression {
	return athsql.Ops(j.e).Op(OpContainedBy, j.jsonValue(v))
}

// jsonValue binds v as the expression's JSON type (JSONB unless the
// expression is JSON).
func (j *JSONExpr) jsonValue(v any) any {
	if _, isExpr := v.(athsql.ColumnElement); isExpr || v == nil {
		return v
	}
	var t types.Type = JSONB{}
	switch types.Underlying(j.e.Type()).(type) {
	case types.JSON, JSONB:
		t = j.e.Type()
	}
	return athsql.Literal(v, t)
}

// HasKey returns e ? k (JSONB): the object has the key k (or the array the
// string k).
func (j *JSONExpr) HasKey(k string) *athsql.BinaryExpression {
	return athsql.Ops(j.e).Op(OpHasKey, athsql.Literal(k, types.Text{}))
}

// HasAny returns e ?| array[keys] (JSONB): the object has one of the keys.
func (j *JSONExpr) HasAny(keys ...string) *athsql.BinaryExpression {
	return athsql.Ops(j.e).Op(OpHasAny, textList(keys))
}

// HasAll returns e ?& array[keys] (JSONB): the object has all the keys.
func (j *JSONExpr) HasAll(keys ...string) *athsql.BinaryExpression {
	return athsql.Ops(j.e).Op(OpHasAll, textList(keys))
}

// Type implements sql.ColumnElement: the expression's type.
func (j *JSONExpr) Type() types.Type { return j.e.Type() }

// WriteSQL implements sql.Element.
func (j *JSONExpr) WriteSQL(c *athsql.Compiler) { c.Write(j.e) }

// WriteCacheKey implements sql.Element.
func (j *JSONExpr) WriteCacheKey(k *athsql.CacheKey) { k.Element(j.e) }

// Children implements sql.Walker.
func (j *JSONExpr) Children() []athsql.Element { return []athsql.Element{j.e} }

// SelfGroup implements sql.Grouper: the expression is parenthesized as
// its inner expression would be.
func (j *JSONExpr) SelfGroup(against *athsql.Operator) athsql.ColumnElement {
	if g, ok := j.e.(athsql.Grouper); ok {
		return g.SelfGroup(against)
	}
	return j
}
