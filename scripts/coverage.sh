#!/bin/bash
# Line and branch coverage of lib/ by the default test suites.
#
#   scripts/coverage.sh [BUILD-DIR]      (default build-coverage)
#
# Builds with gcc and -Db_coverage=true (no sanitizers: they skew the
# counts), runs every default suite, and writes with gcovr (installed by
# scripts/install-deps.sh):
#   BUILD-DIR/coverage/coverage.txt    per-file table, lib/ only
#   BUILD-DIR/coverage/index.html      the same with annotated sources
# The summary is printed at the end. Exits non-zero when the build or a
# test fails (the report is still written).
set -uo pipefail
cd "$(dirname "$0")/.."

build=${1:-build-coverage}
out=$build/coverage

for p in gcc gcovr meson ninja; do
	if ! command -v "$p" >/dev/null; then
		echo "coverage.sh: $p is missing (sudo bash scripts/install-deps.sh)" >&2
		exit 1
	fi
done

rm -rf "$build"
# Examples and tools are not part of the library; -O0 keeps lines whole.
if ! CC=gcc meson setup "$build" -Db_coverage=true -Dbuildtype=debug \
	-Dexamples=disabled >/dev/null || ! ninja -C "$build" >/dev/null; then
	echo "coverage.sh: the build failed" >&2
	exit 1
fi

status=0
meson test -C "$build" --num-processes 2 --print-errorlogs >/dev/null || status=$?
if [ "$status" != 0 ]; then
	echo "coverage.sh: some tests failed (see $build/meson-logs/testlog.txt)" >&2
fi

mkdir -p "$out"
# --root: paths relative to the source tree; --filter: the library only,
# not the tests or the tools.
gcovr --root . --filter '^lib/' \
	--txt "$out/coverage.txt" \
	--html-details "$out/index.html" --html-title 'libhvabi lib/ coverage' \
	--print-summary "$build" || status=$?
cat "$out/coverage.txt"
echo "HTML: $out/index.html"
exit "$status"
