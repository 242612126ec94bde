// Package schema holds ent's schemas of the bench tables. The harness
// creates the tables itself (see createSQL in the bench package): ent
// never migrates them, and the schemas only map ent's fields onto the
// existing columns (names, Go types and, for documentation, the
// PostgreSQL column types).
package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/mixin"
)

// columns are the ten columns both tables share.
type columns struct{ mixin.Schema }

func pgType(t string) map[string]string { return map[string]string{dialect.Postgres: t} }

// Fields of the bench tables, in the order of the harness's Model.
func (columns) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("id").SchemaType(pgType("bigserial")),
		field.String("name").MaxLen(50).SchemaType(pgType("varchar(50)")),
		field.String("email").MaxLen(100).SchemaType(pgType("varchar(100)")),
		field.Int32("age").SchemaType(pgType("integer")),
		field.Float("score").SchemaType(pgType("double precision")),
		field.Bool("active"), // boolean: ent has no SchemaType for booleans
		field.Int64("balance").SchemaType(pgType("bigint")),
		field.Time("created_at").SchemaType(pgType("timestamptz")),
		field.Text("note").Optional().Nillable().SchemaType(pgType("text")),
		field.Bytes("payload").SchemaType(pgType("bytea")),
	}
}

// BenchRead is the table bench_read: the rows the select workloads read.
type BenchRead struct{ ent.Schema }

// Mixin of BenchRead.
func (BenchRead) Mixin() []ent.Mixin { return []ent.Mixin{columns{}} }

// Annotations of BenchRead: its table name.
func (BenchRead) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "bench_read"}}
}

// BenchWrite is the table bench_write: the rows the write workloads
// insert and update.
type BenchWrite struct{ ent.Schema }

// Mixin of BenchWrite.
func (BenchWrite) Mixin() []ent.Mixin { return []ent.Mixin{columns{}} }

// Annotations of BenchWrite: its table name.
func (BenchWrite) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "bench_write"}}
}
