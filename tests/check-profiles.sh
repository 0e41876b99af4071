#!/bin/sh
# The profile of every simulated model equals the one checked in under
# tests/data/profiles: a change to a model, the catalogue or the probe
# shows up here as a diff. HVABI_REGEN=1 rewrites the files instead.
set -eu
hvabi=$1
dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
models=$("$hvabi" probe --sim list)
[ -n "$models" ] || { echo "no simulated models" >&2; exit 1; }
for m in $models; do
	"$hvabi" probe --sim "$m" -o "$tmp/$m.json"
	if [ "${HVABI_REGEN:-0}" = 1 ]; then
		cp "$tmp/$m.json" "$dir/$m.json"
	elif ! diff -u "$dir/$m.json" "$tmp/$m.json"; then
		echo "profile of $m differs from $dir/$m.json (HVABI_REGEN=1 to accept)" >&2
		status=1
	fi
done
for f in "$dir"/*.json; do
	m=$(basename "$f" .json)
	echo "$models" | grep -qx "$m" || { echo "$f: no such model" >&2; status=1; }
done
exit $status
