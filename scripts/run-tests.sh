#!/usr/bin/env bash
# run-tests.sh BUILD ASAN_BUILD: the whole suite, each runner ending with its
# own summary line: ctest (unit tests and fuzz corpus replays), node's test
# runner for the API and browser tests against the real server, the unit and
# API tests again on PostgreSQL 15 (a throwaway cluster started here by
# scripts/pg-test-cluster.sh; SP_TEST_DB makes every fixture and server use a
# fresh database on it), then ctest and the API tests on the ASan+UBSan
# build. Fails if any part fails.
set -uo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}; a=${2:-build-asan}
status=0
unset SP_TEST_DB  # the first runs are on SQLite; the PostgreSQL run sets its own
step() { echo; echo "== $*"; }
# One test file at a time (each starts its own server); node 18, as Debian
# ships it, lacks the option; there the runner is left to its default.
conc=""
node --test-concurrency=1 -e 0 >/dev/null 2>&1 && conc="--test-concurrency=1"

step "unit tests (ctest, $b)"
ctest --test-dir "$b" --output-on-failure -j2 || status=1

step "API tests (node --test, $b/skillplan)"
SP_BIN="$b/skillplan" node --test $conc tests/api/ || status=1

step "browser tests (node --test, playwright-core + Debian chromium)"
SP_BIN="$b/skillplan" node --test $conc tests/browser/ || status=1

step "unit and API tests on PostgreSQL 15 (a throwaway cluster)"
if pgenv=$(scripts/pg-test-cluster.sh start); then
  eval "$pgenv"
  trap 'scripts/pg-test-cluster.sh stop "$SP_PG_DIR"' EXIT
  SP_TEST_DB="$SP_TEST_DB" ctest --test-dir "$b" --output-on-failure -j2 -E '_replay$' || status=1
  SP_TEST_DB="$SP_TEST_DB" SP_BIN="$b/skillplan" node --test $conc tests/api/ || status=1
  scripts/pg-test-cluster.sh stop "$SP_PG_DIR"
  trap - EXIT
  unset SP_TEST_DB SP_PG_DIR
else
  echo "PostgreSQL could not be started: the PostgreSQL run FAILED"
  status=1
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
step "unit tests under ASan+UBSan (ctest, $a)"
ctest --test-dir "$a" --output-on-failure -j2 || status=1

step "API tests under ASan+UBSan ($a/skillplan)"
SP_BIN="$a/skillplan" SP_SANITIZED=1 node --test $conc tests/api/ || status=1

echo
[ $status -eq 0 ] && echo "make test: all suites passed" || echo "make test: some suites FAILED"
exit $status
