#!/bin/sh
# Write the ABI baseline abi/libhvabi.abi from a build's library (abidw of
# abigail-tools), for tests/check-abi.sh. Run it for an intended ABI change
# and commit the result with the change.
#
#   scripts/update-abi.sh [BUILDDIR]     (default: build)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$src/build}
lib=$(ls "$build"/lib/libhvabi.so.*.*.* | head -n1)
abidw --headers-dir "$src/include/libhvabi" --no-corpus-path --drop-private-types "$lib" \
	> "$src/abi/libhvabi.abi"
echo "wrote $src/abi/libhvabi.abi from $lib"
