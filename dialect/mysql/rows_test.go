package mysql_test

import (
	"testing"

	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/internal/sqltest"
	"github.com/athanordb/athanor/sql"
)

// Rows on the dialect's INSERT is sql.Insert.Rows, with the upsert after.
func TestInsertRowsUpsert(t *testing.T) {
	rows := mysql.Insert(foos()).Rows([]string{"bar", "id"}, []any{"ab", 1}, []any{"b", 2})
	sqltest.Check(t, sqltest.Case{Dialect: mysql8019, Stmt: rows.OnDuplicateKeyUpdate(sql.Values{"bar": rows.Inserted().C("bar")}),
		SQL:    "INSERT INTO foos (id, bar, updated_once) VALUES (?, ?, ?), (?, ?, ?) ON DUPLICATE KEY UPDATE bar = VALUES(bar)",
		Params: []any{1, "ab", false, 2, "b", false}})
}
