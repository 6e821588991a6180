#!/usr/bin/env bash
# vendor-assets.sh BUILD: copies what the server serves into BUILD/: GOV.UK
# Frontend 6's compiled CSS, JS, fonts and images from node_modules (installed
# by setup.sh from npm; no CDN; v6 keeps them in dist/govuk/, its images and
# fonts in dist/govuk/assets/, served at /assets/ where its CSS names them),
# our own static files and templates, so that a build directory runs on its own.
set -euo pipefail
cd "$(dirname "$0")/.."
b=${1:-build}
src=node_modules/govuk-frontend/dist/govuk
[ -f "$src/govuk-frontend.min.css" ] || { echo "vendor-assets: $src missing; run scripts/setup.sh" >&2; exit 1; }
# The layout uses the Generic header, which GOV.UK Frontend has from version 6.
grep -q 'govuk-generic-header' "$src/govuk-frontend.min.css" || {
  echo "vendor-assets: node_modules has GOV.UK Frontend older than 6; run scripts/setup.sh" >&2; exit 1; }
mkdir -p "$b/static/govuk" "$b/templates"
cp -f "$src/govuk-frontend.min.css" "$src/govuk-frontend.min.js" "$b/static/govuk/"
rm -rf "$b/static/govuk/assets"
cp -R "$src/assets" "$b/static/govuk/assets"
cp -R web/static/. "$b/static/"
rm -rf "$b/templates"; mkdir -p "$b/templates"
cp -R web/templates/. "$b/templates/"
