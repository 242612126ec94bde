package mysql_test

import (
	"errors"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/athanordb/athanor/dialect/dialecttest"
	"github.com/athanordb/athanor/dialect/mysql"
	"github.com/athanordb/athanor/sql"
)

// TestSuite runs the backend suite on the server ATHANOR_TEST_MYSQL_URL
// names (MySQL or MariaDB).
func TestSuite(t *testing.T) {
	dialecttest.Run(t, dialecttest.Config{
		URLEnv: "ATHANOR_TEST_MYSQL_URL",
		Requirements: func(r *dialecttest.Requirements) {
			// DECIMAL holds 65 digits, 30 after the point.
			r.DecimalPrecision, r.DecimalScale = 65, 30
		},
		Upsert: func(tb *sql.Table, rows []sql.Values, conflict, update []*sql.Column) sql.Element {
			// ON DUPLICATE KEY UPDATE takes no conflict target: any unique
			// key conflicts. Doing nothing is assigning a column itself.
			ins := mysql.Insert(tb).Values(rows...)
			set := sql.Values{}
			for _, c := range update {
				set[c.Name()] = ins.Inserted().C(c.Name())
			}
			if len(update) == 0 {
				key := conflict[0]
				set[key.Name()] = key
			}
			return ins.OnDuplicateKeyUpdate(set)
		},
		DriverError: func(err error) bool {
			var me *gomysql.MySQLError
			return errors.As(err, &me)
		},
	})
}
