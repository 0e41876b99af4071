#!/bin/sh
# abi: the built library's ABI equals the committed baseline (abidiff of
# abigail-tools): every exported function, its types and the public structs
# they reach, as the public headers declare them. A change, intended or not,
# fails the test with abidiff's report; an intended one is committed with
# scripts/update-abi.sh, so that the ABI only moves where a commit says so.
#
#   check-abi.sh LIBRARY BASELINE HEADERS-DIR
set -u
lib=$1
base=$2
headers=$3
if ! command -v abidiff >/dev/null 2>&1; then
	echo "SKIP: abidiff is missing (Debian: abigail-tools)"
	exit 77
fi
out=$(abidiff --headers-dir2 "$headers" "$base" "$lib" 2>&1)
rc=$?
echo "$out"
if [ "$rc" != 0 ]; then
	echo "the ABI of $lib differs from $base (abidiff status $rc): if the change is" >&2
	echo "intended, run scripts/update-abi.sh BUILDDIR and commit the new baseline" >&2
	exit 1
fi
echo "the ABI equals $base"
