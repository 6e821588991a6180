#!/usr/bin/env bash
# bench_store.sh BUILD SCALE: the two store back ends side by side (issue
# 15), run by scripts/bench.sh (`make bench`). Generates evidence files
# (bench/gen.c) at SCALE into bench/out-store/, then on a fresh SQLite file
# and on a fresh PostgreSQL database (SP_BENCH_DB=postgresql://... if set,
# else a throwaway cluster from scripts/pg-test-cluster.sh, removed at the
# end) times: the three imports in one batch (sp_store_bulk: SQLite's
# virtual table, PostgreSQL's COPY), the gap table of every area, and one
# area's gap query (mean and max ms). Prints one line per engine and the
# ratio PostgreSQL / SQLite. Short runs here: SCALE 0.01 is 200k provision
# rows.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
S=${2:-0.01}
OUT=bench/out-store
mkdir -p "$OUT"
cmake --build "$B" --target skillplan gen bench_gaps -j2 >/dev/null

SQ=$OUT/sqlite.db
rm -f "$SQ" "$SQ"-wal "$SQ"-shm
"$B/skillplan" --db "$SQ" init >/dev/null
{ echo "lad_code,area_code"
  sqlite3 -csv "$SQ" "SELECT lad_code, area_code FROM area_lads WHERE (valid_from IS NULL OR
    valid_from <= date('now')) AND (valid_to IS NULL OR valid_to > date('now')) ORDER BY lad_code"
} > "$OUT/lad_area.csv"
if [ "$(cat "$OUT/.scale" 2>/dev/null)" != "$S" ]; then
  "$B/gen" --lads "$OUT/lad_area.csv" --data data --out "$OUT" --scale "$S" >/dev/null
  echo "$S" > "$OUT/.scale"
fi
rows=$(( $(wc -l < "$OUT/provision.csv") + $(wc -l < "$OUT/needs.csv") + $(wc -l < "$OUT/vacancies.csv") - 3 ))

pgdir=""
PG=${SP_BENCH_DB:-}
if [ -z "$PG" ]; then
  env=$(scripts/pg-test-cluster.sh start)
  eval "$env"
  pgdir=$SP_PG_DIR
  trap 'scripts/pg-test-cluster.sh stop "$pgdir"' EXIT
  psql "$SP_TEST_DB" -qAtc "CREATE DATABASE sp_bench"
  PG=${SP_TEST_DB%/*}/sp_bench
fi
"$B/skillplan" --db "$PG" init >/dev/null

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", a / b }'; }
one() { # one NAME DB: import seconds, all-areas gaps seconds, query mean/max ms
  local name=$1 db=$2 imp gaps
  imp=$(secs "$B/skillplan" --db "$db" import provision "$OUT/provision.csv" \
        needs "$OUT/needs.csv" vacancies "$OUT/vacancies.csv")
  gaps=$(secs "$B/bench_gaps" "$db" "$OUT/$name-gaps.csv")
  read -r qm qx < <("$B/bench_gaps" --latency "$db")
  printf "%s %.2f %.2f %s %s\n" "$name" "$imp" "$gaps" "$qm" "$qx"
}
res_sq=$(one sqlite "$SQ")
res_pg=$(one postgresql "$PG")
cmp -s "$OUT/sqlite-gaps.csv" "$OUT/postgresql-gaps.csv" && same=yes || same=NO
echo "store back ends (scale $S, $rows evidence rows; gap tables equal: $same)"
printf "%-11s %10s %10s %10s %13s %12s\n" engine import_s rows/s gaps_s query_mean_ms query_max_ms
for r in "$res_sq" "$res_pg"; do
  read -r n i g qm qx <<<"$r"
  printf "%-11s %10.2f %10.0f %10.2f %13s %12s\n" "$n" "$i" "$(div "$rows" "$i")" "$g" "$qm" "$qx"
done
read -r _ si sg sqm _ <<<"$res_sq"
read -r _ pi pg pqm _ <<<"$res_pg"
printf "postgresql / sqlite: import %.1fx, all-areas gaps %.1fx, one area's query %.1fx\n" \
  "$(div "$pi" "$si")" "$(div "$pg" "$sg")" "$(div "$pqm" "$sqm")"
[ "$same" = yes ]
