// Package bench compares Athanor with the raw drivers and the Go peers
// (sqlx, GORM, Bun, ent, goqu, squirrel) on the same database, in one run.
//
// Every benchmark is named Benchmark<Workload>/<library>, so that
//
//	go test -run XXX -bench . -benchmem -count 6 | benchstat -
//
// compares the libraries side by side; run.sh runs that and prints one
// table with each library's ratio to raw-pgx. The database is PostgreSQL at
// ATHANOR_BENCH_POSTGRES_URL (default the local server), or SQLite in a
// temporary file with ATHANOR_BENCH_DB=sqlite. See README.md.
//
// The module has its own go.mod, so that the peers never become
// dependencies of Athanor itself.
package bench
