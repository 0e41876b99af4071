#!/bin/bash
# The kernel lab: boot real arm64 Debian kernels under QEMU (TCG, EL2) and
# run libhvabi's probe and a raw-ioctl reader against their KVM.
#
#   tests/kernels/run.sh [--out DIR] [--timeout SECONDS] [--strict-sim] [SERIES...]
#
# SERIES default to $HVABI_KERNEL_SERIES, else "6.1 6.12 7.2"; each must
# have been fetched by tests/kernels/setup.sh (same cache rules:
# $HVABI_KERNEL_CACHE, /var/cache/hvabi-kernels as root, else
# ${XDG_CACHE_HOME:-~/.cache}/hvabi-kernels).
#
# In DIR (default: build/kernels of the source tree; `meson test --suite
# kernels` uses <builddir>/kernels):
#   build-aarch64/              the library, cross-built (aarch64-cross.ini)
#   bin/                        init, kraw, kprobe (static aarch64)
#   initramfs.cpio.gz           /init, /bin/kraw, /bin/kprobe, /etc/steps
#   results/<release>/console.log   the whole serial console
#   results/<release>/<step>.out    each step's output, markers removed
#   results/<release>/kprobe.json   the probed profile
#   results/<release>/sim-*.cmp     the real kernel against the library's
#                                   simulated model of its series
#                                   (compare.awk): kraw's facts, kprobe's
#                                   entries
#   results/<release>/summary       boot and step facts of that kernel
#   results/summary                 one line per kernel
#
# Exit status: 0 when every kernel booted, showed /dev/kvm and ran kraw
# and kprobe with status 0 (the simulated steps, kraw-sim and kprobe-sim,
# and their differences from the real kernel are reported, not judged;
# --strict-sim makes any difference a failure); 1 otherwise (the failures
# are listed, naming kernel and step); 77 (skip) when qemu-system-aarch64,
# the cross compiler or a requested kernel is missing.
#
# HVABI_KERNEL_APPEND adds to the guest's kernel command line (e.g.
# kvm-arm.mode=nvhe).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
timeout=${HVABI_KERNEL_TIMEOUT:-120}
strict_sim=0
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--strict-sim) strict_sim=1 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.1 6.12 7.2}"
fi
out=${out:-$src/build/kernels}

if [ -n "${HVABI_KERNEL_CACHE:-}" ]; then
	cache=$HVABI_KERNEL_CACHE
elif [ "$(id -u)" = 0 ]; then
	cache=/var/cache/hvabi-kernels
else
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-kernels
fi

skip() {
	echo "run.sh: SKIP: $*" >&2
	exit 77
}
for tool in qemu-system-aarch64 aarch64-linux-gnu-gcc cpio gzip meson ninja timeout; do
	command -v "$tool" >/dev/null || skip "$tool not found (run tests/kernels/setup.sh as root)"
done
for s in "${series[@]}"; do
	[ -f "$cache/series/$s/vmlinuz" ] ||
		skip "kernel series $s is not in $cache (run tests/kernels/setup.sh $s as root)"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)

# --- build ----------------------------------------------------------------

b64=$out/build-aarch64
if [ ! -f "$b64/build.ninja" ]; then
	meson setup "$b64" "$src" --cross-file "$here/aarch64-cross.ini" \
		-Ddefault_library=static -Dtests=disabled -Dexamples=disabled >&2
fi
ninja -C "$b64" lib/libhvabi.a >&2

cflags=(-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wformat=2
	-Wstrict-prototypes -Wmissing-prototypes -Werror -static)
mkdir -p "$out/bin"
aarch64-linux-gnu-gcc "${cflags[@]}" -o "$out/bin/init" "$here/init.c"
aarch64-linux-gnu-gcc "${cflags[@]}" -o "$out/bin/kraw" "$here/kraw.c"
aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/kprobe" \
	"$here/kprobe.c" "$b64/lib/libhvabi.a"
aarch64-linux-gnu-gcc "${cflags[@]}" -DKRAW_SIM -I"$src/include" -o "$out/bin/kraw-sim" \
	"$here/kraw.c" "$b64/lib/libhvabi.a"

# --- initramfs --------------------------------------------------------------

root=$out/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/etc" "$root/dev" "$root/proc" "$root/sys"
install -m 0755 "$out/bin/init" "$root/init"
install -m 0755 "$out/bin/kraw" "$out/bin/kprobe" "$out/bin/kraw-sim" "$root/bin/"
aarch64-linux-gnu-strip "$root/init" "$root/bin/"*
cat > "$root/etc/steps" <<'EOF'
# one step a line: [name:] path [arg...]; run in order by /init
kraw: /bin/kraw
kprobe: /bin/kprobe
kraw-sim: /bin/kraw-sim auto
kprobe-sim: /bin/kprobe --sim auto
EOF
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc --owner=0:0 --reproducible) | gzip -9n > "$out/initramfs.cpio.gz"

# --- boot -------------------------------------------------------------------

now_ms() { date +%s%3N; }
failures=()
fail() {
	failures+=("$*")
	echo "run.sh: FAIL: $*" >&2
}

rm -f "$out/results/summary"
mkdir -p "$out/results"
for s in "${series[@]}"; do
	kdir=$cache/series/$s
	rel=$(basename "$(readlink "$kdir")")
	res=$out/results/$rel
	rm -rf "$res"
	mkdir -p "$res"
	echo "run.sh: booting $s ($rel), timeout ${timeout}s" >&2

	t0=$(now_ms)
	qrc=0
	timeout -k 5 "$timeout" qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
		-smp 1 -m 1024 -nographic -no-reboot -nic none \
		-kernel "$kdir/vmlinuz" -initrd "$out/initramfs.cpio.gz" \
		-append "console=ttyAMA0 panic=-1 hvabi.step_timeout=$((timeout * 3 / 4)) ${HVABI_KERNEL_APPEND:-}" \
		< /dev/null > "$res/console.raw" 2>&1 || qrc=$?
	wall=$(( $(now_ms) - t0 ))
	tr -d '\r' < "$res/console.raw" > "$res/console.log"
	rm -f "$res/console.raw"

	# Split the console into the steps' outputs; remember each step's rc.
	awk -v dir="$res" '
		/^=== BEGIN / { name = $3; file = dir "/" name ".out"; printf "" > file; next }
		/^=== END / {
			if (name != "") { close(file); print $3, $4, $5 > (dir "/steps") }
			name = ""; next
		}
		name != "" { print > file }
		END { if (name != "") print name, "rc=unfinished" > (dir "/steps") }
	' "$res/console.log"
	touch "$res/steps"
	if [ -f "$res/kprobe.out" ]; then
		sed -n '/^json-begin$/,/^json-end$/p' "$res/kprobe.out" | sed '1d; $d' > "$res/kprobe.json"
		[ -s "$res/kprobe.json" ] || rm -f "$res/kprobe.json"
		if [ -f "$res/kprobe.json" ] && command -v python3 >/dev/null &&
		   ! python3 -m json.tool "$res/kprobe.json" > /dev/null; then
			fail "kernel $s ($rel) step kprobe: kprobe.json is not valid JSON"
		fi
	fi

	# The simulated model of the series against the real kernel. ID
	# registers, MIDR and the workaround levels are the host CPU's (QEMU's
	# "max" here), so some differences are by nature.
	simdiff=""
	for name in kraw kprobe; do
		if ! grep -q "^$name rc=[0-9]" "$res/steps" ||
		   ! grep -q "^$name-sim rc=[0-9]" "$res/steps"; then
			continue
		fi
		awk -f "$here/compare.awk" "$res/$name.out" "$res/$name-sim.out" > "$res/sim-$name.cmp"
		simdiff+=" $name:$(tail -n 1 "$res/sim-$name.cmp" | sed 's/^total //; s/ /,/g')"
	done

	lab=$(grep -m1 '^=== HVABI-LAB ' "$res/console.log" || true)
	kvm=$(sed -n 's/.* kvm=\([a-z]*\).*/\1/p' <<< "$lab")
	uptime=$(sed -n 's/.* uptime=\([0-9.]*\).*/\1/p' <<< "$lab")
	{
		echo "series $s"
		echo "release $rel"
		echo "packages $(sed 's/ [^ ]*$//' "$kdir/packages" | paste -sd, -)"
		echo "qemu_rc $qrc"
		echo "wall_ms $wall"
		echo "init_uptime_s ${uptime:-?}"
		echo "kvm ${kvm:-?}"
		sed 's/^/step /' "$res/steps"
		grep -m1 '^reglist ' "$res/kraw.out" 2>/dev/null || true
		grep -E '^fw |^cap (230|239) ' "$res/kraw.out" 2>/dev/null || true
		grep -E '^(probe|stats|count) ' "$res/kprobe.out" 2>/dev/null || true
		grep -m1 '^probe ' "$res/kprobe-sim.out" 2>/dev/null | sed 's/^/sim /' || true
		echo "sim_compare${simdiff:- none}"
	} > "$res/summary"
	echo "$s $rel wall_ms=$wall init_uptime_s=${uptime:-?} kvm=${kvm:-?}" \
		"$(awk '$1 !~ /kmsg/ { printf "%s%s:%s", (n++ ? " " : ""), $1, $2 }' "$res/steps")" \
		"sim:${simdiff:- none}" >> "$out/results/summary"

	if [ $qrc = 124 ] || [ $qrc = 137 ]; then
		fail "kernel $s ($rel): QEMU timed out after ${timeout}s; last line: $(tail -n 1 "$res/console.log")"
	elif [ $qrc != 0 ]; then
		fail "kernel $s ($rel): QEMU exited with $qrc; last line: $(tail -n 1 "$res/console.log")"
	fi
	if [ -z "$lab" ]; then
		fail "kernel $s ($rel): /init never started (see $res/console.log)"
		continue
	fi
	[ "$kvm" = yes ] || fail "kernel $s ($rel): no /dev/kvm in the guest (see $res/kmsg-kvm.out)"
	for name in kraw kprobe; do
		rc=$(awk -v n="$name" '$1 == n { print $2 }' "$res/steps")
		[ "$rc" = rc=0 ] || fail "kernel $s ($rel) step $name: ${rc:-did not run} (see $res/$name.out)"
	done
	if [ $strict_sim = 1 ]; then
		for name in kraw-sim kprobe-sim; do
			rc=$(awk -v n="$name" '$1 == n { print $2 }' "$res/steps")
			[ "$rc" = rc=0 ] || fail "kernel $s ($rel) step $name: ${rc:-did not run} (see $res/$name.out)"
		done
		for d in "$res"/sim-*.cmp; do
			tail -n 1 "$d" | grep -q '^total only-real=0 only-sim=0 differ=0$' ||
				fail "kernel $s ($rel): the simulated model differs, see $d"
		done
	fi
	if ! grep -q '^=== DONE ' "$res/console.log"; then
		name=$(awk '$2 == "rc=unfinished" { print $1 }' "$res/steps")
		fail "kernel $s ($rel): /init did not finish its steps${name:+ (step $name unfinished)}"
	fi
done

echo "run.sh: results in $out/results" >&2
cat "$out/results/summary"
if [ ${#failures[@]} -gt 0 ]; then
	printf 'FAIL: %s\n' "${failures[@]}"
	exit 1
fi
exit 0
