#!/usr/bin/env bash
# bench_evidence.sh BUILD SCALE: the evidence engine's benchmark (issue 4), run by
# scripts/bench.sh (`make bench`). Generates
# national-scale files (bench/gen.c: 20M provision, 2M needs, 5M vacancy
# rows at scale 1) into bench/out/, then does the same work three ways and
# checks the three gap tables are equal:
#   skillplan  `skillplan import provision P needs N vacancies V` (one
#              batch, three imports) into a fresh store, then the gap table
#              of every area (bench/bench_gaps.c)
#   sqlite3    the shell with journal and sync off: .import, then one
#              GROUP BY (bench/gaps_core.sql)
#   DuckDB     @duckdb/node-api, one query straight over read_csv
# and prints seconds, rows/s, MB/s, peak memory and skillplan's ratio to
# each. Timings are wall clock on whatever else the machine is doing.
set -euo pipefail
cd "$(dirname "$0")/.."
B=${1:-build}
S=${2:-1}
OUT=bench/out
mkdir -p "$OUT"
cmake --build "$B" --target skillplan gen bench_gaps -j2 >/dev/null

DB=$OUT/skillplan.db
rm -f "$DB" "$DB"-wal "$DB"-shm
"$B/skillplan" --db "$DB" init >/dev/null
# The district -> area pairing valid today, as the store holds it.
{ echo "lad_code,area_code"
  sqlite3 -csv "$DB" "SELECT lad_code, area_code FROM area_lads WHERE (valid_from IS NULL OR
    valid_from <= date('now')) AND (valid_to IS NULL OR valid_to > date('now')) ORDER BY lad_code"
} > "$OUT/lad_area.csv"

if [ "$(cat "$OUT/.scale" 2>/dev/null)" != "$S" ]; then
  echo "bench: generating data at scale $S"
  "$B/gen" --lads "$OUT/lad_area.csv" --data data --out "$OUT" --scale "$S"
  echo "$S" > "$OUT/.scale"
fi
files=("$OUT/provision.csv" "$OUT/needs.csv" "$OUT/vacancies.csv")
bytes=$(stat -c %s "${files[@]}" | awk '{s+=$1} END {print s}')
rows=$(( $(wc -l < "$OUT/provision.csv") + $(wc -l < "$OUT/needs.csv") + $(wc -l < "$OUT/vacancies.csv") - 3 ))

# run NAME CMD...: wall seconds, peak KB and CPU seconds (user + system)
# appended to $OUT/NAME.time
run() {
  local name=$1; shift
  /usr/bin/time -f "%e %M %U %S" -a -o "$OUT/$name.time" "$@"
}
rm -f "$OUT"/*.time
load0=$(cut -d' ' -f1-3 /proc/loadavg)

echo "bench: skillplan"
# One batch: each file its own import (record, transaction, all or
# nothing); the next file is read while the one before is written.
run skillplan "$B/skillplan" --db "$DB" import provision "$OUT/provision.csv" \
  needs "$OUT/needs.csv" vacancies "$OUT/vacancies.csv" >/dev/null
run skillplan "$B/bench_gaps" "$DB" "$OUT/skillplan_gaps.csv"
# One area's query on the loaded store, apart from the end-to-end time.
"$B/bench_gaps" --latency "$DB" > "$OUT/query_ms.txt"

echo "bench: sqlite3"
PEER=$OUT/peer.sqlite
rm -f "$PEER"
{
  echo "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
  echo ".mode csv"
  for t in provision needs vacancies lad_area; do echo ".import $OUT/$t.csv $t"; done
  echo ".import data/evidence/ssa_route.csv ssa_route"
  echo ".import data/evidence/standard_route.csv standard_route"
  echo ".import data/evidence/soc2020_route.csv soc_route"
  echo ".headers off"
  echo ".output $OUT/sqlite_gaps.csv"
  echo "WITH"
  grep -v '^--' bench/gaps_core.sql
  echo ";"
} > "$OUT/peer.sql"
run sqlite sqlite3 "$PEER" ".read $OUT/peer.sql"

echo "bench: duckdb"
API=node_modules
if [ ! -d "$API/@duckdb/node-api" ]; then
  API=$OUT/node/node_modules
  if [ ! -d "$API/@duckdb/node-api" ]; then
    mkdir -p "$OUT/node"
    npm install --no-audit --no-fund --loglevel=error --prefix "$OUT/node" @duckdb/node-api@1.5.6-r.1
  fi
fi
run duckdb node bench/duckdb_gaps.mjs "$(dirname "$API")" data "$OUT"

echo "bench: checking the three gap tables"
for e in skillplan sqlite duckdb; do LC_ALL=C sort "$OUT/${e}_gaps.csv" > "$OUT/${e}_gaps.sorted"; done
same=yes
cmp -s "$OUT/skillplan_gaps.sorted" "$OUT/sqlite_gaps.sorted" || same=no
cmp -s "$OUT/skillplan_gaps.sorted" "$OUT/duckdb_gaps.sorted" || same=no
ngroups=$(wc -l < "$OUT/skillplan_gaps.sorted")

summ() { awk '{s+=$1; c+=$3+$4; if ($2>m) m=$2} END {printf "%.2f %d %.2f", s, m, c}' "$OUT/$1.time"; }
read -r sp_s sp_kb sp_c <<<"$(summ skillplan)"
read -r sq_s sq_kb sq_c <<<"$(summ sqlite)"
read -r dk_s dk_kb dk_c <<<"$(summ duckdb)"
read -r q_mean q_max < "$OUT/query_ms.txt"
{
  echo "scale $S: $rows rows, $((bytes / 1048576)) MB of CSV, $ngroups gap rows; results equal: $same"
  echo "load average before: $load0"
  printf "%-10s %9s %12s %9s %10s %9s %14s %14s\n" engine seconds rows/s MB/s peak_MB cpu_s \
    "skillplan is" "by CPU time"
  for e in "skillplan $sp_s $sp_kb $sp_c" "sqlite3 $sq_s $sq_kb $sq_c" "duckdb $dk_s $dk_kb $dk_c"; do
    set -- $e
    awk -v n="$1" -v s="$2" -v kb="$3" -v c="$4" -v r="$rows" -v b="$bytes" -v sp="$sp_s" \
        -v spc="$sp_c" 'BEGIN {
      ratio = (n == "skillplan") ? "-" : sprintf("%.1fx faster", s / sp);
      cr = (n == "skillplan") ? "-" : sprintf("%.1fx less", c / spc);
      printf "%-10s %9.2f %12.0f %9.1f %10.0f %9.2f %14s %14s\n", n, s, r / s, b / 1048576 / s,
             kb / 1024, c, ratio, cr }'
  done
  echo "skillplan area gap query on the loaded store: mean $q_mean ms, slowest $q_max ms"
} | tee "$OUT/result.txt"
[ "$same" = yes ]
