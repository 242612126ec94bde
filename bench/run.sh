#!/usr/bin/env bash
# Runs every benchmark of the module and prints one table (see README.md).
#
#   ./run.sh                         PostgreSQL at ATHANOR_BENCH_POSTGRES_URL
#                                    (default postgresql://postgres@127.0.0.1:5432/test)
#   ATHANOR_BENCH_DB=sqlite ./run.sh SQLite, in a temporary file
#
# COUNT (default 6) runs of each benchmark; BENCH selects benchmarks (a
# -bench pattern, default all). The raw output goes to results/<db>.txt,
# benchstat's comparison to results/<db>.benchstat, the table to
# results/<db>.md and to the standard output.
set -euo pipefail
cd "$(dirname "$0")"
db="${ATHANOR_BENCH_DB:-postgres}"
mkdir -p results
raw="results/$db.txt"
go test -run XXX -bench "${BENCH:-.}" -benchmem -count "${COUNT:-6}" -timeout 120m | tee "$raw"
go tool benchstat "$raw" > "results/$db.benchstat"
go run ./cmd/benchtable < "$raw" | tee "results/$db.md"
