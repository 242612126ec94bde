package sql_test

import (
	"fmt"

	"github.com/athanordb/athanor/dialect"
	"github.com/athanordb/athanor/sql"
	"github.com/athanordb/athanor/types"
)

// One declaration, compiled for the schema of a tenant: tables without a
// schema go to tenant_42, those of schema audit to tenant_42_audit.
func ExampleCompileWith() {
	users := sql.NewTable("users", sql.NewColumn("id", types.Integer{}), sql.NewColumn("name", types.String{Length: 30}))
	logs := sql.NewTable("logs", sql.Schema("audit"), sql.NewColumn("user_id", types.Integer{}))
	stmt := sql.NewSelect(users.C("name")).Join(logs, users.C("id").Eq(logs.C("user_id")))
	c, err := sql.CompileWith(stmt, dialect.Generic, sql.CompileOptions{
		SchemaTranslate: map[string]string{"": "tenant_42", "audit": "tenant_42_audit"},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(c.SQL)
	// Output:
	// SELECT tenant_42.users.name FROM tenant_42.users JOIN tenant_42_audit.logs ON tenant_42.users.id = tenant_42_audit.logs.user_id
}
