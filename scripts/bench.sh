#!/usr/bin/env bash
# bench.sh BUILD [SCALE]: runs every benchmark (`make bench`). Each module
# adds one block below (append only: several helpers add to this file) that
# builds its bench/*.c target in BUILD and runs it; every benchmark prints
# its own result lines. The machine is printed first so results can be
# compared (docs/performance*.md record them with the command).
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
scale=${2:-1}
export SP_BENCH_SCALE=$scale

echo "machine: $(uname -srm); $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//')"
echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ); build: $b; scale: $scale"

bench() { # bench TARGET ARGS...: builds one benchmark and runs it
  local t=$1; shift
  cmake --build "$b" --target "$t" -j2 >/dev/null
  "$b/$t" "$@"
}

# --- report (issue 5): LSIP report, 30-page plan with 15 charts, PDF and HTML
bench bench_report 10

# --- evidence (issue 4): imports of national-scale provision, needs and
# vacancies and the gap table of every area, against sqlite3 and DuckDB
scripts/bench_evidence.sh "$b" "$scale"

# --- store back ends (issue 15): the evidence imports, the gap table of
# every area and one area's query on SQLite and on PostgreSQL, side by side
# (short: SP_BENCH_STORE_SCALE, default 0.01)
scripts/bench_store.sh "$b" "${SP_BENCH_STORE_SCALE:-0.01}"

# --- HTTP (issue 10): wrk against skillplan and against nginx serving the
# same JSON, 64 connections, then a soak (10 minutes; BENCH_SOAK_SECONDS
# shortens it, 0 skips it)
scripts/bench_http.sh "$b"
