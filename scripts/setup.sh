#!/usr/bin/env bash
# setup.sh: installs what skillplan needs on a fresh Debian 12 machine:
# Debian packages with apt-get (only those missing), then the npm packages
# (govuk-frontend, playwright-core, @duckdb/node-api) into node_modules/.
# Idempotent and quick when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

pkgs=(build-essential cmake pkg-config git clang
      libsqlite3-dev sqlite3 libmicrohttpd-dev libjansson-dev libsodium-dev libssl-dev
      libxml2-dev libcairo2-dev libpango1.0-dev libcmocka-dev libpq-dev
      postgresql-15 postgresql-client-15 nginx openssl
      nodejs npm chromium poppler-utils fonts-dejavu-core curl
      libclang-rt-14-dev wrk)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# nodejs from another source (nodesource) satisfies npm; do not ask apt for it.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if [ ! -f node_modules/.sp-installed ] || [ package.json -nt node_modules/.sp-installed ] \
   || [ package-lock.json -nt node_modules/.sp-installed ]; then
  echo "setup: installing npm packages"
  # npm install, not npm ci: npm ci refuses a lock file that lists only this
  # platform's optional DuckDB bindings (a known npm limitation).
  npm install --no-audit --no-fund --loglevel=error
  touch node_modules/.sp-installed
fi
