#!/usr/bin/env bash
# build-matrix.sh [JOBS] [BUILD_TESTING]: builds skillplan at every build
# type (Debug, RelWithDebInfo, Release, MinSizeRel) with gcc and with clang,
# warnings as errors (CMAKE_COMPILE_WARNING_AS_ERROR=ON), each in a fresh
# directory under ${TMPDIR:-/tmp} that is removed afterwards. Niced, for a
# shared machine. Fails on the first build that fails, naming it.
# COMPILERS="gcc clang" and TYPES="Debug ..." choose a part of the matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${1:-1}; testing=${2:-OFF}
for cc in ${COMPILERS:-gcc clang}; do
  for type in ${TYPES:-Debug RelWithDebInfo Release MinSizeRel}; do
    dir=$(mktemp -d "${TMPDIR:-/tmp}/skillplan-matrix-$cc-$type-XXXXXX")
    echo "== $cc $type (BUILD_TESTING=$testing)"
    if ! { CC=$cc nice cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE="$type" -DBUILD_TESTING="$testing" \
             -DCMAKE_COMPILE_WARNING_AS_ERROR=ON >/dev/null &&
           nice cmake --build "$dir" -j"$jobs" -- -k >"$dir.log" 2>&1; }; then
      cat "$dir.log" 2>/dev/null | grep -E "warning|error" | head -40
      echo "build-matrix: $cc $type FAILED"; rm -rf "$dir" "$dir.log"; exit 1
    fi
    grep -E "warning:" "$dir.log" && { echo "build-matrix: $cc $type has warnings"; rm -rf "$dir" "$dir.log"; exit 1; }
    rm -rf "$dir" "$dir.log"
  done
done
echo "build-matrix: all builds clean"
