#!/bin/bash
# Set up on a fresh Debian 12 and run the main job: probe this host's KVM
# (or, without /dev/kvm, every simulated kernel), baseline the arm64 models
# against each other, and say which migrations are safe, rollbacks included.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
if [ ! -f build/build.ninja ]; then
	meson setup build >/dev/null
fi
ninja -C build >/dev/null
hvabi=build/tools/hvabi
out=build/quickstart
mkdir -p "$out"

if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	echo "== probing this host's KVM (/dev/kvm)"
	"$hvabi" probe -o "$out/this-host.json"
	# Through a file: head closing the pipe early would fail the script (pipefail).
	"$hvabi" show "$out/this-host.json" >"$out/this-host.txt"
	head -40 "$out/this-host.txt"
else
	echo "== no usable /dev/kvm here: using the simulated kernels"
fi

echo
echo "== simulated arm64 kernels: probe each"
models="arm64-5.10 arm64-6.1 arm64-6.12 arm64-7.2"
for m in $models; do
	"$hvabi" probe --sim "$m" -o "$out/$m.json"
	echo "  $m -> $out/$m.json"
done

echo
echo "== baseline of all four (what a VM may be pinned to so it can move anywhere)"
# Exit 1 when an entry blocks (hosts that differ in hardware, not only in
# kernel, disagree on ID registers): the baseline is still written, and the
# report says which entries were dropped.
rc=0
# shellcheck disable=SC2046 # the model names have no blanks
"$hvabi" baseline -o "$out/baseline.json" --report "$out/baseline-report.txt" \
	$(for m in $models; do echo "$out/$m.json"; done) || rc=$?
[ "$rc" -le 1 ] || exit "$rc"
if [ "$rc" = 1 ]; then
	echo "  entries no value suits on every host (left out of the baseline; a VM pinned to it"
	echo "  still sees each host's own value for them):"
	grep '^block ' "$out/baseline-report.txt" | sed 's/^/    /'
fi
"$hvabi" show "$out/baseline.json" | grep -E 'PSCI|BMAP|WORKAROUND|SMCCC' || true

echo
echo "== may a VM move? (source -> destination; pinned = the baseline, default = the source's own defaults)"
for src in $models; do
	for dst in $models; do
		pinned=yes
		"$hvabi" check "$out/baseline.json" "$out/$dst.json" >/dev/null || pinned=no
		dflt=yes
		"$hvabi" check "$out/$src.json" "$out/$dst.json" >/dev/null || dflt=no
		printf '  %-11s -> %-11s  pinned: %-3s  defaults: %s\n' "$src" "$dst" "$pinned" "$dflt"
	done
done

echo
echo "== why a 7.2 VM left at its defaults may not roll back to 6.12"
"$hvabi" check "$out/arm64-7.2.json" "$out/arm64-6.12.json" || true
