#!/usr/bin/env bash
# bench_http.sh BUILD: the HTTP benchmark (`make bench`, issue "Holds under
# load and attack", speed). Starts skillplan (demo data, access log off) and
# nginx serving the very same bytes from its open-file cache, and runs wrk
# against each, 64 connections, for BENCH_HTTP_SECONDS (default 10) per
# URL: /api/areas (JSON) and / (the home page), anonymous, so skillplan
# answers from its in-memory cache. Prints requests/s, p99 and the ratio to
# nginx, and writes them into docs/performance.md between the
# bench_http markers. Then a soak: BENCH_SOAK_SECONDS (default 600; 0 skips
# it) of wrk at 64 connections over a mix of cached reads, reads that miss
# the cache (a new query each time), checking that no request
# failed and that the server's resident memory stayed flat.
# Everything runs under nice; the machine's cores are shared with wrk.
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
secs=${BENCH_HTTP_SECONDS:-10}
soak=${BENCH_SOAK_SECONDS:-600}
conns=64
command -v wrk >/dev/null || { echo "bench_http: wrk is missing (scripts/setup.sh installs it)"; exit 1; }
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "bench_http: nginx is missing"; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

dir=$(mktemp -d /tmp/skillplan-bench-http.XXXXXX)
chmod 755 "$dir"
sp_pid=; ng_pid=
cleanup() {
  [ -n "$sp_pid" ] && kill "$sp_pid" 2>/dev/null && wait "$sp_pid" 2>/dev/null || true
  [ -n "$ng_pid" ] && kill "$ng_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

"$b/skillplan" --db "$dir/bench.db" init --demo >/dev/null
nice "$b/skillplan" --db "$dir/bench.db" serve --port 0 --access-log off >"$dir/serve.out" 2>"$dir/serve.err" &
sp_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/serve.out" 2>/dev/null && break; sleep 0.1; done
sp=$(grep -o 'http://[^ ]*' "$dir/serve.out")

mkdir -p "$dir/www/api"
curl -sf "$sp/api/areas" >"$dir/www/api/areas"
curl -sf "$sp/" >"$dir/www/index.html"
chmod -R a+rX "$dir/www"
ng_port=$(free_port)
cat >"$dir/nginx.conf" <<CONF
daemon off;
worker_processes auto;
pid $dir/nginx.pid;
error_log $dir/nginx.err;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  types { text/html html; }
  default_type application/json;
  open_file_cache max=16;
  open_file_cache_valid 600s;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$ng_port;
    root $dir/www;
    index index.html;
    location / { add_header Cache-Control no-cache; }
  }
}
CONF
mkdir -p "$dir/tmp"
nice "$NGINX" -c "$dir/nginx.conf" -e "$dir/nginx.err" &
ng_pid=$!
sleep 0.5
ng="http://127.0.0.1:$ng_port"
cmp -s <(curl -sf "$ng/api/areas") "$dir/www/api/areas" || { echo "bench_http: nginx does not serve the JSON"; exit 1; }

# wrk_run URL SECONDS [SCRIPT] -> "rps p99_ms errors"
wrk_run() {
  local out
  out=$(nice wrk -t2 -c$conns -d"$2"s --latency ${3:+-s "$3"} "$1")
  echo "$out" >>"$dir/wrk.log"
  local rps p99 errs
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}')
  errs=$(echo "$out" | awk '/Socket errors/ {n=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) n+=$i; print n} /Non-2xx/ {print $NF}' | awk '{s+=$1} END {print s+0}')
  echo "$rps $p99 $errs"
}

rows=""
echo "http: wrk -t2 -c$conns -d${secs}s, anonymous reads (skillplan from its cache)"
for path in /api/areas /; do
  curl -sf "$sp$path" >/dev/null # warm the cache
  read -r ng_rps ng_p99 ng_err < <(wrk_run "$ng$path" "$secs")
  read -r sp_rps sp_p99 sp_err < <(wrk_run "$sp$path" "$secs")
  ratio=$(awk -v a="$sp_rps" -v b="$ng_rps" 'BEGIN {printf "%.2f", a / b}')
  line=$(printf '| `%s` | %.0f | %.2f | %.0f | %.2f | %sx | %s |' "$path" "$sp_rps" "$sp_p99" "$ng_rps" "$ng_p99" "$ratio" "$((sp_err + ng_err))")
  echo "$line"
  rows+="$line"$'\n'
done

# The same read with the cache off: every request runs the handler on the store.
nice "$b/skillplan" --db "$dir/bench.db" serve --port 0 --access-log off --cache-ms 0 >"$dir/serve2.out" 2>"$dir/serve2.err" &
sp2_pid=$!
for _ in $(seq 100); do grep -q "listening on" "$dir/serve2.out" 2>/dev/null && break; sleep 0.1; done
sp2=$(grep -o 'http://[^ ]*' "$dir/serve2.out")
read -r u_rps u_p99 u_err < <(wrk_run "$sp2/api/areas" "$secs")
kill "$sp2_pid"; wait "$sp2_pid" 2>/dev/null || true
read -r ng_rps ng_p99 ng_err < <(wrk_run "$ng/api/areas" "$secs")
ratio=$(awk -v a="$u_rps" -v b="$ng_rps" 'BEGIN {printf "%.2f", a / b}')
line=$(printf '| `/api/areas`, cache off (`--cache-ms 0`) | %.0f | %.2f | %.0f | %.2f | %sx | %s |' "$u_rps" "$u_p99" "$ng_rps" "$ng_p99" "$ratio" "$((u_err + ng_err))")
echo "$line"
rows+="$line"$'\n'

soak_line="not run (BENCH_SOAK_SECONDS=0)"
if [ "$soak" -gt 0 ]; then
  cat >"$dir/mix.lua" <<'LUA'
-- cached reads, and reads that miss the cache (a new query each time, so
-- the cache keeps replacing its entries)
local n = 0
request = function()
  n = n + 1
  local k = n % 8
  if k == 0 then return wrk.format("GET", "/api/orgs?q=soak" .. n) end
  if k == 1 then return wrk.format("GET", "/api/routes?n=" .. n) end
  if k == 2 then return wrk.format("GET", "/") end
  return wrk.format("GET", "/api/areas")
end
LUA
  rss() { awk '/VmRSS/ {print $2}' "/proc/$sp_pid/status"; }
  echo "soak: ${soak}s at $conns connections (BENCH_SOAK_SECONDS shortens it)"
  nice wrk -t2 -c$conns -d"$soak"s --latency -s "$dir/mix.lua" "$sp" >"$dir/soak.log" &
  wrk_pid=$!
  samples=()
  for i in $(seq 10); do sleep "$(awk -v s="$soak" 'BEGIN {print s / 10}')"; samples+=("$(rss)"); done
  wait "$wrk_pid"
  cat "$dir/soak.log" >>"$dir/wrk.log"
  first=${samples[1]}; last=${samples[9]}
  errs=$(awk '/Socket errors/ {n=0; for (i=1;i<=NF;i++) if ($i ~ /^[0-9]+,?$/) n+=$i; print n} /Non-2xx/ {print $NF}' "$dir/soak.log" | awk '{s+=$1} END {print s+0}')
  reqs=$(awk '/requests in/ {print $1}' "$dir/soak.log")
  rps=$(awk '/Requests\/sec/ {print $2}' "$dir/soak.log")
  flat=$(awk -v a="$first" -v b="$last" 'BEGIN {print (b <= a * 1.1 + 2048) ? "flat" : "GROWING"}')
  alive=$(curl -sf -o /dev/null -w '%{http_code}' "$sp/healthz" || echo down)
  soak_line="${soak} s, $reqs requests ($rps/s), failed requests $errs, RSS ${first} KiB at 20% and ${last} KiB at 100% ($flat), /healthz after: $alive"
  echo "soak: $soak_line"
  echo "soak: RSS samples (KiB): ${samples[*]}"
  if [ "$errs" -ne 0 ] || [ "$flat" != flat ] || [ "$alive" != 200 ]; then
    echo "bench_http: the soak FAILED"; exit 1
  fi
fi

doc=docs/performance.md
{
  echo "<!-- bench_http:begin (written by scripts/bench_http.sh; do not edit by hand) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), wrk and both servers sharing them, niced;"
  echo "\`wrk -t2 -c$conns -d${secs}s --latency\`, skillplan with its defaults (4 threads, cache 1 s) and \`--access-log off\`, nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///') (\`worker_processes auto\`, open-file cache, access log off) serving the same bytes."
  echo
  echo "| URL | skillplan req/s | skillplan p99 ms | nginx req/s | nginx p99 ms | ratio | errors |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "Soak: $soak_line."
  echo "<!-- bench_http:end -->"
} >"$dir/section.md"
if grep -q 'bench_http:begin' "$doc"; then
  awk -v f="$dir/section.md" '/bench_http:begin/ {while ((getline l < f) > 0) print l; skip=1; next} /bench_http:end/ {skip=0; next} !skip' "$doc" >"$dir/doc.md"
  cat "$dir/doc.md" >"$doc"
else
  { echo; echo "# HTTP (issue 10)"; echo; cat "$dir/section.md"; } >>"$doc"
fi
echo "http: results written to $doc"
