#!/bin/bash
# The kernel lab: boot real arm64 Debian kernels under QEMU (TCG, EL2) and
# run libhvabi's probe and a raw-ioctl reader against their KVM.
#
#   tests/kernels/run.sh [--out DIR] [--timeout SECONDS] [--lenient-sim] [SERIES...]
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
# Exit status: 0 when every kernel booted, showed /dev/kvm, ran kraw,
# kprobe, kdiff and the simulated steps with status 0, and the simulated
# model seeded with the host's values (hostseed.h) answered exactly as the
# real kernel: every kdiff step agrees (kdiff.cmp), kraw's and kprobe's
# facts are equal (sim-*.cmp; --lenient-sim reports those without judging
# them); 1 otherwise (the failures are listed, naming kernel, step and
# ioctl); 77 (skip) when qemu-system-aarch64, the cross compiler or a
# requested kernel is missing.
#
# HVABI_KERNEL_APPEND adds to the guest's kernel command line (e.g.
# kvm-arm.mode=nvhe).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
timeout=${HVABI_KERNEL_TIMEOUT:-120}
strict_sim=1
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--strict-sim) strict_sim=1 ;;
	--lenient-sim) strict_sim=0 ;;
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

# lab_cache, lab_pack, lab_split
. "$here/lab.sh"
# impls_sets, impls_judge: the implementation list (issue 16)
. "$here/impls.sh"
cache=$(lab_cache)

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
# the library build's generated headers (libhvabi/version.h)
cflags+=(-I"$b64/include")
mkdir -p "$out/bin"
aarch64-linux-gnu-gcc "${cflags[@]}" -o "$out/bin/init" "$here/init.c"
aarch64-linux-gnu-gcc "${cflags[@]}" -o "$out/bin/kraw" "$here/kraw.c"
aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/kprobe" \
	"$here/kprobe.c" "$here/hostseed.c" "$b64/lib/libhvabi.a"
aarch64-linux-gnu-gcc "${cflags[@]}" -DKRAW_SIM -I"$src/include" -o "$out/bin/kraw-sim" \
	"$here/kraw.c" "$here/hostseed.c" "$b64/lib/libhvabi.a"
aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/kdiff" \
	"$here/kdiff.c" "$b64/lib/libhvabi.a"
aarch64-linux-gnu-gcc "${cflags[@]}" -DKDIFF_SIM -I"$src/include" -o "$out/bin/kdiff-sim" \
	"$here/kdiff.c" "$here/hostseed.c" "$b64/lib/libhvabi.a"

# --- initramfs --------------------------------------------------------------

root=$out/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/etc" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
install -m 0755 "$out/bin/init" "$root/init"
install -m 0755 "$out/bin/kraw" "$out/bin/kprobe" "$out/bin/kraw-sim" "$out/bin/kdiff" \
	"$out/bin/kdiff-sim" "$root/bin/"
aarch64-linux-gnu-strip "$root/init" "$root/bin/"*
# kdiff reads the host's values first (/tmp/host.seed, hostseed.h); the
# simulated steps start from them.
cat > "$root/etc/steps" <<'EOF'
# one step a line: [name:] path [arg...]; run in order by /init
kraw: /bin/kraw
kprobe: /bin/kprobe
kdiff: /bin/kdiff /tmp/host.seed
kraw-sim: /bin/kraw-sim auto /tmp/host.seed
kprobe-sim: /bin/kprobe --sim auto --seed /tmp/host.seed
kdiff-sim: /bin/kdiff-sim auto /tmp/host.seed
EOF
lab_pack "$root" "$out/initramfs.cpio.gz"

# --- boot -------------------------------------------------------------------

now_ms() { date +%s%3N; }
failures=()
fail() {
	failures+=("$*")
	echo "run.sh: FAIL: $*" >&2
}

# boot KERNEL_DIR INITRAMFS RESULT_DIR: one boot; the console goes to
# RESULT_DIR/console.log, each step's output to RESULT_DIR/<step>.out and
# the steps' status to RESULT_DIR/steps. Sets qrc (QEMU's status) and
# wall (milliseconds).
boot() {
	local kdir=$1 initrd=$2 res=$3 t0
	t0=$(now_ms)
	qrc=0
	timeout -k 5 "$timeout" qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
		-smp 1 -m 1024 -nographic -no-reboot -nic none \
		-kernel "$kdir/vmlinuz" -initrd "$initrd" \
		-append "console=ttyAMA0 panic=-1 hvabi.step_timeout=$((timeout * 3 / 4)) ${HVABI_KERNEL_APPEND:-}" \
		< /dev/null > "$res/console.raw" 2>&1 || qrc=$?
	wall=$(( $(now_ms) - t0 ))
	tr -d '\r' < "$res/console.raw" > "$res/console.log"
	rm -f "$res/console.raw"

	# Split the console into the steps' outputs; remember each step's rc.
	lab_split "$res"
}

rm -f "$out/results/summary" "$out/results/matrix.txt"
mkdir -p "$out/results"
for s in "${series[@]}"; do
	kdir=$cache/series/$s
	rel=$(basename "$(readlink "$kdir")")
	res=$out/results/$rel
	rm -rf "$res"
	mkdir -p "$res"
	echo "run.sh: booting $s ($rel), timeout ${timeout}s" >&2

	boot "$kdir" "$out/initramfs.cpio.gz" "$res"
	if [ -f "$res/kprobe.out" ]; then
		sed -n '/^json-begin$/,/^json-end$/p' "$res/kprobe.out" | sed '1d; $d' > "$res/kprobe.json"
		[ -s "$res/kprobe.json" ] || rm -f "$res/kprobe.json"
		if [ -f "$res/kprobe.json" ] && command -v python3 >/dev/null &&
		   ! python3 -m json.tool "$res/kprobe.json" > /dev/null; then
			fail "kernel $s ($rel) step kprobe: kprobe.json is not valid JSON"
		fi
	fi

	# The simulated model of the series against the real kernel, the model
	# seeded with the host's values (hostseed.h: ID register limits,
	# MIDR/REVIDR/AIDR, CTR/CLIDR/CCSIDR, workaround levels, the CPU's
	# capabilities). Time-dependent values (the counters) aside
	# (compare.awk), any difference is the model's.
	[ -f "$res/kdiff.out" ] && grep '^seed ' "$res/kdiff.out" > "$res/host.seed" || true
	simdiff=""
	for name in kraw kprobe; do
		if ! grep -q "^$name rc=[0-9]" "$res/steps" ||
		   ! grep -q "^$name-sim rc=[0-9]" "$res/steps"; then
			continue
		fi
		awk -f "$here/compare.awk" "$res/$name.out" "$res/$name-sim.out" > "$res/sim-$name.cmp"
		simdiff+=" $name:$(tail -n 1 "$res/sim-$name.cmp" | sed 's/^total //; s/ /,/g')"
	done

	# kdiff: one script of ioctls on the real kernel and on the seeded model.
	kdiff_agree=""
	kdiff_bad=()
	if [ -f "$res/kdiff.out" ] && [ -f "$res/kdiff-sim.out" ]; then
		awk -v kernel="$rel" -f "$here/kdiff-compare.awk" "$res/kdiff.out" \
			"$res/kdiff-sim.out" > "$res/kdiff.cmp" || true
		kdiff_agree=$(sed -n 's/^agreement: //p' "$res/kdiff.cmp")
		mapfile -t kdiff_bad < <(grep '^mismatch ' "$res/kdiff.cmp" || true)
		echo "$s $rel kdiff agreement: ${kdiff_agree:-none}" >&2
	fi

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
		grep -E '^(probe|stats|count|classes) ' "$res/kprobe.out" 2>/dev/null || true
		grep -m1 '^probe ' "$res/kprobe-sim.out" 2>/dev/null | sed 's/^/sim /' || true
		echo "sim_compare${simdiff:- none}"
		echo "kdiff_agreement ${kdiff_agree:-none}"
	} > "$res/summary"
	echo "$s $rel wall_ms=$wall init_uptime_s=${uptime:-?} kvm=${kvm:-?}" \
		"$(awk '$1 !~ /kmsg/ { printf "%s%s:%s", (n++ ? " " : ""), $1, $2 }' "$res/steps")" \
		"sim:${simdiff:- none} kdiff:${kdiff_agree:-none}" >> "$out/results/summary"

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
	for name in kraw kprobe kdiff kdiff-sim; do
		rc=$(awk -v n="$name" '$1 == n { print $2 }' "$res/steps")
		[ "$rc" = rc=0 ] || fail "kernel $s ($rel) step $name: ${rc:-did not run} (see $res/$name.out)"
	done
	# Every kdiff step must agree: a mismatch names the kernel, the step
	# and the ioctl (all of them are in kdiff.cmp).
	for ((i = 0; i < ${#kdiff_bad[@]} && i < 20; i++)); do
		fail "kdiff ${kdiff_bad[$i]#mismatch }"
	done
	if [ ${#kdiff_bad[@]} -gt 20 ]; then
		fail "kernel $s ($rel) kdiff: $(( ${#kdiff_bad[@]} - 20 )) more mismatches in $res/kdiff.cmp"
	fi
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

# --- phase 2: rollbacks and the migration matrix ---------------------------
#
# With the three real profiles (kprobe.json of the boots above) packed in a
# second initramfs, each kernel boots again and runs:
#   kapply   the 7.2 profile applied here (rollback: check's prediction
#            against the real destination profile, and what the kernel does)
#   kpin     the baseline of the three profiles (one pinned set for the
#            whole fleet), checked against this kernel's profile and
#            applied; and the baseline of every pair (/tmp/pair-A+B.json,
#            written only where the library lets a VM move between A and B)
#   vmm-default, vmm-features, vmm-pair-A+B
#            examples/arm64_vmm with the kernel's defaults, with a set of
#            vCPUs with SVE and a PMU (the host's profile of such vCPUs,
#            lengths capped at the second shortest), and with the pinned
#            set of each pair this kernel is in: the "guest:" lines
#   vmm-impls-0, vmm-impls-1
#            arm64_vmm with the implementation list's sets (impls.sh):
#            where check allows them the guest's DISCOVER_IMPL answers and
#            MIDR/REVIDR/AIDR must be the set's, elsewhere arm64_vmm must
#            refuse the set
# results/<release>/phase2/ holds the outputs, results/<release>/rollback.txt
# the rollback side by side, results/matrix.txt the two 3x3 tables,
# results/impls/ the implementation list's sets, checks and guests.

profiles_ok=1
declare -A rel_of
for s in "${series[@]}"; do
	rel_of[$s]=$(basename "$(readlink "$cache/series/$s")")
	[ -s "$out/results/${rel_of[$s]}/kprobe.json" ] || profiles_ok=0
done
have_latest=0
for s in "${series[@]}"; do [ "$s" = 7.2 ] && have_latest=1; done
vmm=0
if [ -f "$src/examples/arm64_vmm.c" ] &&
   aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/arm64_vmm" \
	"$src/examples/arm64_vmm.c" "$src/examples/common.c" "$src/examples/arm64_guest.S" "$b64/lib/libhvabi.a" >&2; then
	vmm=1
else
	echo "run.sh: examples/arm64_vmm.c missing or not building: no migration matrix" >&2
fi

# --- the implementation list (issue 16), on this machine --------------------
#
# 7.2's profile and its twin on a Neoverse V1: `hvabi baseline` (the native
# CLI, built in <out>/build-native) gives a set that tells the guest both
# CPUs (set-0, the lowest pinned; set-1, the V1 pinned); `hvabi check`
# against every kernel's profile (impls.sh). Phase 2 runs arm64_vmm with
# both on every kernel (vmm-impls-0, vmm-impls-1).
impls_ok=0
if [ $profiles_ok = 1 ] && [ $have_latest = 1 ] && [ $vmm = 1 ]; then
	t0=$EPOCHREALTIME
	bnat=$out/build-native
	if { [ -f "$bnat/build.ninja" ] ||
	     meson setup "$bnat" "$src" -Dtests=disabled -Dexamples=disabled >&2; } &&
	   ninja -C "$bnat" tools/hvabi >&2; then
		echo "run.sh: impls: native hvabi in $(echo "$t0 $EPOCHREALTIME" | awk '{ printf "%d", ($2 - $1) * 1000 }') ms" >&2
		impls_sets "$bnat/tools/hvabi"
	else
		fail "impls: the native hvabi CLI does not build (in $bnat)"
	fi
fi
if [ $profiles_ok = 1 ] && [ $have_latest = 1 ]; then
	aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/kapply" \
		"$here/kapply.c" "$b64/lib/libhvabi.a"
	root2=$out/initramfs2
	rm -rf "$root2"
	mkdir -p "$root2/bin" "$root2/etc/profiles" "$root2/dev" "$root2/proc" "$root2/sys" \
		"$root2/tmp"
	install -m 0755 "$out/bin/init" "$root2/init"
	install -m 0755 "$out/bin/kapply" "$root2/bin/"
	[ $vmm = 0 ] || install -m 0755 "$out/bin/arm64_vmm" "$root2/bin/"
	aarch64-linux-gnu-strip "$root2/init" "$root2/bin/"*
	plist=""
	for s in "${series[@]}"; do
		cp "$out/results/${rel_of[$s]}/kprobe.json" "$root2/etc/profiles/$s.json"
		plist+=" /etc/profiles/$s.json"
	done
	if [ $impls_ok = 1 ]; then
		cp "$out/results/impls/set-0.json" "$root2/etc/impls-0.json"
		cp "$out/results/impls/set-1.json" "$root2/etc/impls-1.json"
	fi
	{
		echo "# phase 2: rollbacks and the migration matrix"
		echo "kapply: /bin/kapply /etc/profiles/7.2.json auto"
		echo "kpin: /bin/kapply --baseline /tmp/pinned.json auto$plist"
		if [ $vmm = 1 ]; then
			echo "vmm-default: /bin/arm64_vmm"
			echo "vmm-features: /bin/arm64_vmm --features"
			for ((i = 0; i < ${#series[@]}; i++)); do
				for ((j = i + 1; j < ${#series[@]}; j++)); do
					echo "vmm-pair-${series[i]}+${series[j]}: /bin/arm64_vmm /tmp/pair-${series[i]}+${series[j]}.json"
				done
			done
		fi
		if [ $impls_ok = 1 ]; then
			echo "vmm-impls-0: /bin/arm64_vmm /etc/impls-0.json"
			echo "vmm-impls-1: /bin/arm64_vmm /etc/impls-1.json"
		fi
	} > "$root2/etc/steps"
	lab_pack "$root2" "$out/initramfs2.cpio.gz"

	for s in "${series[@]}"; do
		rel=${rel_of[$s]}
		res2=$out/results/$rel/phase2
		rm -rf "$res2"
		mkdir -p "$res2"
		echo "run.sh: phase 2: booting $s ($rel)" >&2
		boot "$cache/series/$s" "$out/initramfs2.cpio.gz" "$res2"
		if [ $qrc != 0 ] || ! grep -q '^=== DONE ' "$res2/console.log"; then
			fail "kernel $s ($rel) phase 2: QEMU status $qrc or /init unfinished (see $res2/console.log)"
			continue
		fi
		# The rollback, side by side: check's prediction, the kernel's answer.
		{
			echo "# the 7.2 profile applied on $rel: hvabi_check() against this"
			echo "# kernel's real profile (prediction) and hvabi_apply() (the kernel)"
			grep -E '^(set|destination|rollback|verdict|check rc|apply rc)' "$res2/kapply.out" || true
		} > "$out/results/$rel/rollback.txt"
		rc=$(awk '$1 == "kapply" { print $2 }' "$res2/steps")
		[ "$rc" = rc=0 ] ||
			fail "kernel $s ($rel) step kapply: ${rc:-did not run}: check and apply disagree (see $res2/kapply.out)"
		if [ "$s" != 7.2 ] && ! grep -q '^verdict check=refuse apply=E' "$res2/kapply.out"; then
			fail "kernel $s ($rel) rollback: the 7.2 profile was not refused (see $out/results/$rel/rollback.txt)"
		fi
		sed 's/^/  /' "$out/results/$rel/rollback.txt" >&2
		# A VM with SVE and a PMU: the set's features passed to
		# KVM_ARM_VCPU_INIT, its lengths written before
		# KVM_ARM_VCPU_FINALIZE, the guest's RDVL and PMCR_EL0.N.
		if [ $vmm = 1 ]; then
			rc=$(awk '$1 == "vmm-features" { print $2 }' "$res2/steps")
			[ "$rc" = rc=0 ] ||
				fail "kernel $s ($rel) step vmm-features: ${rc:-did not run}: a set with SVE and a PMU did not run as the library says (see $res2/vmm-features.out)"
		fi
	done

	if [ $vmm = 1 ]; then
		# guest: lines per kernel, with the defaults and with each pair's set
		for s in "${series[@]}"; do
			for f in "$out/results/${rel_of[$s]}/phase2"/vmm-*.out; do
				[ -e "$f" ] || continue
				kind=$(basename "$f" .out)
				kind=${kind#vmm-}
				grep '^guest: ' "$f" | lab_ptp_answers |
					LC_ALL=C sort > "$out/results/${rel_of[$s]}/phase2/guest-$kind.txt" || true
			done
		done
		# differing guest-visible values for an ordered pair: lines of the
		# source the destination does not show identically
		ndiff() {
			local a=$1 b=$2
			if [ ! -s "$a" ] || [ ! -s "$b" ]; then
				echo "-"
				return
			fi
			awk -F' = ' 'FNR == NR { v[$1] = $2; next }
				{ if (!($1 in v) || v[$1] != $2) n++; delete v[$1] }
				END { for (k in v) n++; print n + 0 }' "$a" "$b"
		}
		kpin1="$out/results/${rel_of[${series[0]}]}/phase2/kpin.out"
		# whether the library lets a VM move between two kernels
		may_move() {
			awk -v a="${rel_of[$1]}" -v b="${rel_of[$2]}" '$1 == "pair" && $4 == "rc=1" &&
				(($2 == a && $3 == b) || ($2 == b && $3 == a)) { f = 1 } END { exit !f }' "$kpin1"
		}
		# one cell: the count of differing values, "refused" where the
		# library does not let the VM move
		cell() {
			local src_s=$1 d=$2 kind=$3 p
			if [ $kind = default ]; then
				ndiff "$out/results/${rel_of[$src_s]}/phase2/guest-default.txt" \
					"$out/results/${rel_of[$d]}/phase2/guest-default.txt"
			elif [ "$src_s" = "$d" ]; then
				echo 0
			elif ! may_move "$src_s" "$d"; then
				echo refused
			else
				p=$(lab_pair_of "$src_s" "$d")
				local a="$out/results/${rel_of[$src_s]}/phase2/guest-pair-$p.txt"
				local b="$out/results/${rel_of[$d]}/phase2/guest-pair-$p.txt"
				ndiff "$a" "$b"
			fi
		}
		{
			for kind in pinned default; do
				if [ $kind = pinned ]; then
					echo "# guest-visible values that differ after migration WITH libhvabi"
					echo "# (the baseline of source and destination applied on both sides;"
					echo "# refused: the library does not let the VM move, see below)"
				else
					echo
					echo "# ... WITHOUT libhvabi (each kernel's defaults)"
				fi
				printf '%-8s' "src\\dst"
				for d in "${series[@]}"; do printf ' %8s' "$d"; done
				echo
				for src_s in "${series[@]}"; do
					printf '%-8s' "$src_s"
					for d in "${series[@]}"; do
						printf ' %8s' "$(cell "$src_s" "$d" $kind)"
					done
					echo
				done
			done
			echo
			echo "# what differs WITHOUT libhvabi: value<TAB>first kernel<TAB>second kernel"
			for ((i = 0; i < ${#series[@]}; i++)); do
				for ((j = i + 1; j < ${#series[@]}; j++)); do
					echo "# ${series[i]} / ${series[j]}:"
					lab_differing "$out/results/${rel_of[${series[i]}]}/phase2/guest-default.txt" \
						"$out/results/${rel_of[${series[j]}]}/phase2/guest-default.txt" |
						LC_ALL=C sort | sed 's/^/#   /'
				done
			done
			echo
			echo "# may a VM move between two hosts (baseline of the pair; rc=1 yes, 0 no and why):"
			grep '^pair ' "$kpin1" 2>/dev/null || true
			echo
			echo "# one pinned set for all three (baseline of the fleet) against each kernel (kpin):"
			for d in "${series[@]}"; do
				echo "$d $(grep -m1 '^baseline rc=' "$out/results/${rel_of[$d]}/phase2/kpin.out" 2>/dev/null) $(grep -m1 '^check release=' "$out/results/${rel_of[$d]}/phase2/kpin.out" 2>/dev/null) $(grep -m1 '^apply rc=' "$out/results/${rel_of[$d]}/phase2/kpin.out" 2>/dev/null)"
			done
			grep '^baseline block' "$kpin1" 2>/dev/null || true
		} > "$out/results/matrix.txt"
		cat "$out/results/matrix.txt" >&2
		# A pair the library lets a VM move between must show the guest
		# nothing new, and its pinned set must run on both kernels; a pair
		# it refuses is reported (matrix.txt names the entries that block it).
		for src_s in "${series[@]}"; do
			for d in "${series[@]}"; do
				[ "$src_s" != "$d" ] && may_move "$src_s" "$d" || continue
				p=$(lab_pair_of "$src_s" "$d")
				for k in "$src_s" "$d"; do
					rc=$(awk -v n="vmm-pair-$p" '$1 == n { print $2 }' \
						"$out/results/${rel_of[$k]}/phase2/steps")
					[ "$rc" = rc=0 ] ||
						fail "kernel $k (${rel_of[$k]}) step vmm-pair-$p: ${rc:-did not run}: the pair's pinned set did not run as the library read it back (see $out/results/${rel_of[$k]}/phase2/vmm-pair-$p.out)"
				done
				n=$(cell "$src_s" "$d" pinned)
				[ "$n" = 0 ] ||
					fail "matrix $src_s -> $d: $n guest-visible values differ with the pair's pinned set although the library allows the move (see $out/results/matrix.txt)"
			done
		done
	fi
	# The guests told the implementation list, and the kernels that refuse it.
	if [ $impls_ok = 1 ]; then
		impls_judge
		cat "$out/results/impls/guests.txt" >&2
	fi
elif [ $have_latest = 1 ]; then
	fail "phase 2: a kernel's kprobe.json is missing: no rollback, no matrix"
fi

echo "run.sh: results in $out/results" >&2
cat "$out/results/summary"
if [ ${#failures[@]} -gt 0 ]; then
	printf 'FAIL: %s\n' "${failures[@]}"
	exit 1
fi
exit 0
