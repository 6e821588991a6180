#!/usr/bin/env bash
# pg-test-cluster.sh start | stop DIR: a throwaway PostgreSQL 15 cluster for
# the tests. `start` makes a temporary directory, runs initdb and pg_ctl from
# Debian's PostgreSQL 15 as an unprivileged user (postgres when it exists,
# else nobody; PostgreSQL refuses to run as root), on a free port on
# 127.0.0.1 with trust authentication for the superuser "skillplan", and
# prints two lines to eval:
#   SP_PG_DIR=/tmp/skillplan-pg.XXXX
#   SP_TEST_DB=postgresql://skillplan@127.0.0.1:PORT/postgres
# `stop DIR` stops that cluster and removes the directory. Durability is off
# (fsync=off): the data is thrown away.
set -euo pipefail
bin=${SP_PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
as_user() {
  local u=postgres
  getent passwd postgres >/dev/null || u=nobody
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$u" -- "$@"; else "$@"; fi
}
owner() { if getent passwd postgres >/dev/null; then echo postgres; else echo nobody; fi; }

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case "$cmd" in
start)
  [ -x "$bin/initdb" ] || { echo "pg-test-cluster: $bin/initdb not found (install postgresql-15)" >&2; exit 1; }
  dir=$(mktemp -d "${TMPDIR:-/tmp}/skillplan-pg.XXXXXX")
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$(owner)" "$dir"
  as_user "$bin/initdb" -D "$dir/data" -U skillplan -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  for try in 1 2 3 4 5; do
    port=$(free_port)
    if as_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
         -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
         start >/dev/null 2>&1; then
      echo "$port" >"$dir/port"
      echo "SP_PG_DIR=$dir"
      echo "SP_TEST_DB=postgresql://skillplan@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  rm -rf "$dir"
  echo "pg-test-cluster: the server did not start" >&2
  exit 1
  ;;
stop)
  dir=${2:?usage: pg-test-cluster.sh stop DIR}
  case "$dir" in *skillplan-pg.*) ;; *) echo "pg-test-cluster: $dir is not a test cluster" >&2; exit 1 ;; esac
  [ -d "$dir/data" ] && as_user "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  ;;
*)
  echo "usage: pg-test-cluster.sh start | stop DIR" >&2
  exit 2
  ;;
esac
