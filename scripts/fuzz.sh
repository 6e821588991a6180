#!/usr/bin/env bash
# fuzz.sh FUZZ_BUILD SECONDS: runs every libFuzzer target of the fuzz build
# (tests/fuzz/fuzz_*.c, built with clang and -DSP_FUZZ=ON: the whole library
# instrumented) for SECONDS each. Each target works on its own corpus under
# FUZZ_BUILD/corpus/<target>/, seeded from tests/fuzz/corpus/<target>/ and
# kept between runs, so runs accumulate; findings are written to
# FUZZ_BUILD/findings/. Each run's executions and coverage are appended to
# FUZZ_BUILD/fuzz-runs.tsv, and the totals per target are printed (the figures
# docs/security.md records). Exits 1 if any target found a crash.
set -uo pipefail
cd "$(dirname "$0")/.."
b=${1:-build-fuzz}; secs=${2:-60}
export SP_SOURCE_DIR=$PWD
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:symbolize=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$b/corpus" "$b/findings"
log="$b/fuzz-runs.tsv"
[ -f "$log" ] || printf 'date\ttarget\tseconds\texecutions\tcoverage\tfeatures\tcorpus\tresult\n' > "$log"
status=0
for src in tests/fuzz/fuzz_*.c; do
  t=$(basename "$src" .c)
  [ -x "$b/$t" ] || { echo "fuzz: $b/$t is not built" >&2; status=1; continue; }
  mkdir -p "$b/corpus/$t"
  cp -n tests/fuzz/corpus/"$t"/* "$b/corpus/$t/" 2>/dev/null || true
  out="$b/findings/$t.log"
  "$b/$t" -max_total_time="$secs" -print_final_stats=1 -timeout=60 -rss_limit_mb=4096 \
      -artifact_prefix="$b/findings/$t-" "$b/corpus/$t" >"$out" 2>&1
  rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$out" | tail -1 | grep -oE '[0-9]+')
  ft=$(grep -oE 'ft: [0-9]+' "$out" | tail -1 | grep -oE '[0-9]+')
  n=$(ls "$b/corpus/$t" | wc -l)
  result=ok; [ $rc -ne 0 ] && { result="finding (see $out)"; status=1; }
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$secs" "${execs:-0}" \
      "${cov:-0}" "${ft:-0}" "$n" "$result" >> "$log"
  printf '%-22s %10s executions  cov %6s  ft %6s  corpus %5s  %s\n' "$t" "${execs:-0}" \
      "${cov:-0}" "${ft:-0}" "$n" "$result"
done
echo
echo "totals over every run in $log:"
awk -F'\t' 'NR>1 {e[$2]+=$4; if ($5>c[$2]) c[$2]=$5} END {for (t in e) printf "  %-22s %12d executions, best coverage %d\n", t, e[t], c[t]}' "$log" | sort
exit $status
