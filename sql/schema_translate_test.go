package sql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/dialect/oracle"
	"github.com/athanordb/athanor/dialect/postgres"
	"github.com/athanordb/athanor/dialect/sqlite"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// TestSchemaTranslate: schemas are renamed as statements compile, the
// default schema ("") included.
func TestSchemaTranslate(t *testing.T) {
	md := sql.NewMetaData()
	users := md.Table("users", sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()), sql.NewColumn("name", types.String{Length: 10}))
	logs := md.Table("logs", sql.Schema("audit"),
		sql.NewColumn("id", types.Integer{}, sql.PrimaryKey()),
		sql.NewColumn("user_id", types.Integer{}, sql.References(users.C("id"))))
	ix := sql.NewIndex("ix_logs_user", logs.C("user_id"))
	seq := sql.NewSequence("ids", sql.SequenceOptions{Schema: "audit"})
	tenant := map[string]string{"": "tenant1", "audit": "tenant1_audit"}
	cases := []struct {
		name string
		stmt sql.Element
		d    dialect.Dialect
		m    map[string]string
		want string
	}{
		{"select", sql.NewSelect(users.C("name")).Join(logs).Where(logs.C("id").Eq(1)), dialect.Generic, tenant,
			"SELECT tenant1.users.name FROM tenant1.users JOIN tenant1_audit.logs ON tenant1.users.id = tenant1_audit.logs.user_id WHERE tenant1_audit.logs.id = :id_1"},
		{"no map", sql.NewSelect(logs.C("id")), dialect.Generic, nil, "SELECT audit.logs.id FROM audit.logs"},
		{"named schema only", sql.NewSelect(users.C("id"), logs.C("id")).Join(logs), dialect.Generic, map[string]string{"audit": "a2"},
			"SELECT users.id, a2.logs.id AS id_1 FROM users JOIN a2.logs ON users.id = a2.logs.user_id"},
		{"to no schema", sql.NewSelect(logs.C("id")), dialect.Generic, map[string]string{"audit": ""}, "SELECT logs.id FROM logs"},
		{"insert", sql.NewInsert(users).Values(sql.Values{"id": 1}), postgres.New(), tenant, "INSERT INTO tenant1.users (id) VALUES ($1)"},
		{"create table", sql.NewCreateTable(logs), postgres.New(), tenant,
			"CREATE TABLE tenant1_audit.logs (id SERIAL NOT NULL, user_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES tenant1.users (id))"},
		{"create index", sql.NewCreateIndex(ix), postgres.New(), tenant, "CREATE INDEX ix_logs_user ON tenant1_audit.logs (user_id)"},
		{"create index, schema on the name", sql.NewCreateIndex(ix), sqlite.New(), tenant, "CREATE INDEX tenant1_audit.ix_logs_user ON logs (user_id)"},
		{"create index, qualified name", sql.NewCreateIndex(ix), oracle.New(), tenant, "CREATE INDEX tenant1_audit.ix_logs_user ON tenant1_audit.logs (user_id)"},
		{"drop index", sql.NewDropIndex(ix), postgres.New(), tenant, "DROP INDEX tenant1_audit.ix_logs_user"},
		{"drop index on table", sql.NewDropIndex(ix), mysql.New(), tenant, "DROP INDEX ix_logs_user ON tenant1_audit.logs"},
		{"sequence", sql.NewSelect(seq.NextValue()), postgres.New(), tenant, "SELECT nextval('tenant1_audit.ids') AS anon_1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sql.CompileWith(tc.stmt, tc.d, sql.CompileOptions{SchemaTranslate: tc.m})
			if err != nil {
				t.Fatal(err)
			}
			if c.SQL != tc.want {
				t.Fatalf("\n got: %s\nwant: %s", c.SQL, tc.want)
			}
		})
	}
}

// TestSchemaTranslateCacheKey: the translation is part of the cache key.
func TestSchemaTranslateCacheKey(t *testing.T) {
	users := sql.NewTable("users", sql.NewColumn("id", types.Integer{}))
	cache := sql.NewCache(dialect.Generic, 10)
	compile := func(m map[string]string) (string, bool) {
		t.Helper()
		c, key, hit, err := cache.CompileWith(sql.NewSelect(users.C("id")).Where(users.C("id").Eq(1)), sql.CompileOptions{SchemaTranslate: m})
		if err != nil {
			t.Fatal(err)
		}
		key.Release()
		return c.SQL, hit
	}
	steps := []struct {
		m    map[string]string
		sql  string
		hit  bool
		what string
	}{
		{nil, "SELECT users.id FROM users WHERE users.id = :id_1", false, "first"},
		{map[string]string{"": "a"}, "SELECT a.users.id FROM a.users WHERE a.users.id = :id_1", false, "another map"},
		{map[string]string{"": "b"}, "SELECT b.users.id FROM b.users WHERE b.users.id = :id_1", false, "a third"},
		{map[string]string{"": "a"}, "SELECT a.users.id FROM a.users WHERE a.users.id = :id_1", true, "the second again"},
		{map[string]string{}, "SELECT users.id FROM users WHERE users.id = :id_1", true, "an empty map is none"},
	}
	for _, s := range steps {
		text, hit := compile(s.m)
		if text != s.sql || hit != s.hit {
			t.Fatalf("%s: %q hit %v", s.what, text, hit)
		}
	}
}
