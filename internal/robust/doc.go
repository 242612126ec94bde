// Package robust holds the engine's robustness tests on live databases:
// many goroutines sharing one Engine, cancellation and deadlines,
// injection payloads as values and identifiers, and statements at the
// edge of each database's bind-parameter limit. It has no API; run it
// with the test URLs set:
//
//	ATHANOR_TEST_POSTGRES_URL=postgresql://postgres@127.0.0.1:5432/test \
//	ATHANOR_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
//	go test -race ./internal/robust/
//
// SQLite always runs; PostgreSQL and MariaDB are skipped with a reason
// when their URLs are unset, and required when CI=true. The tests do not
// run in parallel: each checks that no goroutine outlives its engines.
package robust
