#!/bin/sh
# The dynamic symbols the library defines must be exactly those the version
# script lists (no leaks, no missing definitions).
set -eu
lib=$1
sym=$2
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVW]$/ {print $3}' | sed 's/@.*//' | grep -v '^HVABI_' | sort -u)
listed=$(sed -n 's/^[[:space:]]*\(hvabi_[a-z0-9_]*\);.*/\1/p' "$sym" | sort -u)
if [ "$exported" != "$listed" ]; then
	echo "exported symbols differ from $sym:" >&2
	diff -u "$(printf '%s\n' "$listed" > "${TMPDIR:-/tmp}/listed.$$"; echo "${TMPDIR:-/tmp}/listed.$$")" \
		"$(printf '%s\n' "$exported" > "${TMPDIR:-/tmp}/exported.$$"; echo "${TMPDIR:-/tmp}/exported.$$")" >&2 || true
	rm -f "${TMPDIR:-/tmp}/listed.$$" "${TMPDIR:-/tmp}/exported.$$"
	exit 1
fi
echo "$(printf '%s\n' "$exported" | wc -l) exported symbols match the version script"
