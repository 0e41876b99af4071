#!/bin/bash
# The kernel lab on x86: boot real amd64 Debian kernels under QEMU (TCG,
# an SVM-capable CPU model, so kvm_amd loads and /dev/kvm comes up inside)
# and run a raw-ioctl reader, libhvabi's probe and the x86 mini VMM
# against their KVM.
#
#   tests/kernels/run-x86.sh [--out DIR] [--timeout SECONDS] [--cpu MODEL] [SERIES...]
#
# SERIES default to $HVABI_KERNEL_SERIES, else "6.1 6.12 7.2"; each must
# have been fetched by `tests/kernels/setup.sh --arch amd64` (same cache
# rules as run.sh; the series links are in <cache>/series-amd64).
# MODEL is QEMU's -cpu (default $HVABI_X86_CPU, else EPYC,+svm).
#
# In DIR (default: build/kernels-x86 of the source tree; `meson test
# --suite kernels-x86` uses <builddir>/kernels-x86):
#   build-x86_64/               the library and the hvabi tool, static
#                               (x86_64-native.ini)
#   bin/                        init, kraw-x86, kprobe, x86_vmm, and
#                               kdiff-x86, kraw-x86-sim, kdiff-x86-sim
#                               (static)
#   initramfs-<release>.cpio.gz /init, /bin/*, /etc/steps, and that kernel's
#                               KVM modules with /etc/modules
#   results/<release>/console.log   the whole serial console
#   results/<release>/<step>.out    each step's output, markers removed:
#                                   modules, kmsg-kvm, kraw-x86, kprobe,
#                                   vmm-default (+ <step>.kmsg)
#   results/<release>/kprobe.json   the probed profile
#   results/<release>/probe-raw.cmp the profile against kraw-x86's raw
#                                   facts (probe-raw-x86.awk)
#   results/<release>/host.seed     the host's values kdiff-x86 read
#                                   (hostseed.h), which seed the model
#   results/<release>/sim-kraw-x86.cmp, sim-kprobe.cmp, kdiff.cmp
#                                   the real kernel against its simulated
#                                   model x86-<series> seeded with
#                                   host.seed: kraw-x86 and the probe
#                                   (compare.awk), the ioctl script
#                                   (kdiff-compare.awk)
#   results/<release>/summary       boot and step facts of that kernel
#   results/<release>/phase2/       the second boot: x86_vmm with each
#                                   kernel's profile (vmm-<series>.out), the
#                                   fleet's baseline (vmm-baseline.out) and
#                                   each pair's (vmm-pair-<a>+<b>.out); the
#                                   build host's prediction (<step>.check)
#   results/baseline*.json          the baselines (hvabi baseline, on the
#                                   build host), baseline*-report.txt why
#                                   entries block, baselines.txt the verdicts
#   results/sets.txt                which set ran in which kernel
#   results/kraw-<a>+<b>.cmp        kraw-x86 of two kernels side by side
#                                   (compare.awk)
#   results/summary                 one line per kernel
#   results/table.txt               the README's per-kernel table
#
# Exit status: 0 when every kernel booted, loaded its KVM modules, showed
# /dev/kvm, ran kraw-x86, kprobe and x86_vmm (its derived set) with status
# 0, the probe's entries equal kraw-x86's raw facts, the simulated model
# seeded with the host's values answered exactly as the kernel (kraw-x86,
# the probe and every kdiff-x86 step), and in the second boot ran x86_vmm
# with its own profile, and with
# every other set exactly as hvabi check predicted on the build host (ran
# or refused); 1 otherwise (the failures are listed, naming kernel and
# step); 77 (skip) when qemu-system-x86_64, gcc or a requested kernel is
# missing.
#
# HVABI_KERNEL_APPEND adds to the guest's kernel command line.
set -euo pipefail
# $EPOCHREALTIME with a "." whatever the locale (boot() times with it)
export LC_NUMERIC=C

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
timeout=${HVABI_KERNEL_TIMEOUT:-240}
cpu=${HVABI_X86_CPU:-EPYC,+svm}
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run-x86.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.1 6.12 7.2}"
fi
out=${out:-$src/build/kernels-x86}

# lab_cache, lab_pack, lab_split
. "$here/lab.sh"
cache=$(lab_cache)
links=$cache/series-amd64

skip() {
	echo "run-x86.sh: SKIP: $*" >&2
	exit 77
}
for tool in qemu-system-x86_64 gcc strip cpio gzip meson ninja timeout; do
	command -v "$tool" >/dev/null ||
		skip "$tool not found (run tests/kernels/setup.sh --arch amd64 as root)"
done
for s in "${series[@]}"; do
	[ -f "$links/$s/vmlinuz" ] && [ -f "$links/$s/modules/modules.load" ] ||
		skip "amd64 kernel series $s is not in $cache (run tests/kernels/setup.sh --arch amd64 $s as root)"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
t_start=$(date +%s%3N)

# --- build ----------------------------------------------------------------

b=$out/build-x86_64
if [ ! -f "$b/build.ninja" ]; then
	meson setup "$b" "$src" --native-file "$here/x86_64-native.ini" \
		-Ddefault_library=static -Dtests=disabled -Dexamples=disabled >&2
fi
ninja -C "$b" lib/libhvabi.a tools/hvabi >&2

cflags=(-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wformat=2
	-Wstrict-prototypes -Wmissing-prototypes -Werror -static)
# the library build's generated headers (libhvabi/version.h)
cflags+=(-I"$b/include")
mkdir -p "$out/bin"
gcc "${cflags[@]}" -o "$out/bin/init" "$here/init.c"
gcc "${cflags[@]}" -o "$out/bin/kraw-x86" "$here/kraw-x86.c"
gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/kprobe" \
	"$here/kprobe.c" "$here/hostseed.c" "$b/lib/libhvabi.a"
gcc "${cflags[@]}" -I"$src/include" -o "$out/bin/x86_vmm" \
	"$src/examples/x86_vmm.c" "$src/examples/common.c" "$b/lib/libhvabi.a"
# the differential script and the simulated counterparts (seeded, hostseed.h)
gcc "${cflags[@]}" -o "$out/bin/kdiff-x86" "$here/kdiff-x86.c"
gcc "${cflags[@]}" -DKDIFF_SIM -I"$src/include" -o "$out/bin/kdiff-x86-sim" \
	"$here/kdiff-x86.c" "$here/hostseed.c" "$b/lib/libhvabi.a"
gcc "${cflags[@]}" -DKRAW_SIM -I"$src/include" -o "$out/bin/kraw-x86-sim" \
	"$here/kraw-x86.c" "$here/hostseed.c" "$b/lib/libhvabi.a"

# --- initramfs --------------------------------------------------------------

# initramfs ROOT RELEASE OUT: ROOT (programs and /etc/steps) plus the KVM
# modules of RELEASE and the /etc/modules that loads them.
initramfs() {
	local root=$1 rel=$2 dest=$3 tree=$out/initramfs-tree m
	rm -rf "$tree"
	cp -a "$root" "$tree"
	mkdir -p "$tree/lib/modules/$rel"
	{
		echo "# loaded in order by /init (finit_module), dependencies first"
		while read -r m; do
			[ -n "$m" ] || continue
			install -m 0644 "$cache/$rel/modules/$m" "$tree/lib/modules/$rel/$m"
			echo "/lib/modules/$rel/$m"
		done < "$cache/$rel/modules/modules.load"
	} > "$tree/etc/modules"
	lab_pack "$tree" "$dest"
	rm -rf "$tree"
}

root=$out/initramfs
rm -rf "$root"
mkdir -p "$root/bin" "$root/etc" "$root/dev" "$root/proc" "$root/sys" "$root/tmp"
install -m 0755 "$out/bin/init" "$root/init"
install -m 0755 "$out/bin/kraw-x86" "$out/bin/kprobe" "$out/bin/x86_vmm" "$out/bin/kdiff-x86" \
	"$out/bin/kdiff-x86-sim" "$out/bin/kraw-x86-sim" "$root/bin/"
strip "$root/init" "$root/bin/"*
cat > "$root/etc/steps" <<'EOF'
# one step a line: [name:] path [arg...]; run in order by /init
kraw-x86: /bin/kraw-x86
kprobe: /bin/kprobe
kdiff-x86: /bin/kdiff-x86 /tmp/host.seed
kraw-x86-sim: /bin/kraw-x86-sim auto /tmp/host.seed
kprobe-sim: /bin/kprobe --sim auto --seed /tmp/host.seed
kdiff-x86-sim: /bin/kdiff-x86-sim auto /tmp/host.seed
vmm-default: /bin/x86_vmm
EOF

# --- boot -------------------------------------------------------------------

now_ms() { date +%s%3N; }
failures=()
fail() {
	failures+=("$*")
	echo "run-x86.sh: FAIL: $*" >&2
}

# boot KERNEL_DIR INITRAMFS RESULT_DIR: one boot under TCG (lab_boot).
boot() {
	lab_boot "$1" "$2" "$3" qemu-system-x86_64 -accel tcg -M pc -cpu "$cpu"
}

# A fact of kraw-x86's output: the rest of the first line starting with KEY.
kraw_fact() {
	sed -n "s/^$2 //p" "$1/kraw-x86.out" 2>/dev/null | head -n 1
}

rm -f "$out/results/summary" "$out/results/table.txt" "$out/results"/kraw-*.cmp
mkdir -p "$out/results"
declare -A rel_of
for s in "${series[@]}"; do
	kdir=$links/$s
	rel=$(basename "$(readlink "$kdir")")
	rel_of[$s]=$rel
	res=$out/results/$rel
	rm -rf "$res"
	mkdir -p "$res"
	initramfs "$root" "$rel" "$out/initramfs-$rel.cpio.gz"
	echo "run-x86.sh: booting $s ($rel), -cpu $cpu, timeout ${timeout}s" >&2

	boot "$kdir" "$out/initramfs-$rel.cpio.gz" "$res"
	if [ -f "$res/kprobe.out" ]; then
		sed -n '/^json-begin$/,/^json-end$/p' "$res/kprobe.out" | sed '1d; $d' > "$res/kprobe.json"
		[ -s "$res/kprobe.json" ] || rm -f "$res/kprobe.json"
		if [ -f "$res/kprobe.json" ] && command -v python3 >/dev/null &&
		   ! python3 -m json.tool "$res/kprobe.json" > /dev/null; then
			fail "kernel $s ($rel) step kprobe: kprobe.json is not valid JSON"
		fi
	fi

	# The library's probe against the raw ioctls: every CPUID register,
	# hypervisor CPUID register and feature MSR, the probe's capabilities.
	probe_raw=none
	if [ "$(step_rc "$res" kraw-x86)" = rc=0 ] && [ "$(step_rc "$res" kprobe)" = rc=0 ]; then
		awk -f "$here/probe-raw-x86.awk" "$res/kraw-x86.out" "$res/kprobe.out" \
			> "$res/probe-raw.cmp"
		probe_raw=$(tail -n 1 "$res/probe-raw.cmp" | sed 's/^total //')
	fi

	# The simulated model x86-<series> against the real kernel, seeded
	# with the host's values kdiff-x86 read (host.seed): kraw-x86's facts
	# and the probe's entries (compare.awk; the TSC rate compares by
	# presence), every kdiff-x86 step (kdiff-compare.awk). Any difference
	# is the model's and fails the run.
	lab_sim_compare "$res" "$rel" kraw-x86 kdiff-x86
	echo "run-x86.sh: $s ($rel) model x86-$s: kraw $sim_kraw, kprobe $sim_kprobe, kdiff $kdiff_agree" >&2

	lab=$(grep -m1 '^=== HVABI-LAB ' "$res/console.log" || true)
	kvm=$(sed -n 's/.* kvm=\([a-z]*\).*/\1/p' <<< "$lab")
	uptime=$(sed -n 's/.* uptime=\([0-9.]*\).*/\1/p' <<< "$lab")
	caps=""
	for c in 60 61 70 153 157 163 167 187 190 191 199 214; do
		caps+="${caps:+ }$c:$(awk -v c="$c" '$1 == "cap" && $2 == c { print $4 "/" $6 }' \
			"$res/kraw-x86.out" 2>/dev/null)"
	done
	ncaps=$(grep -c '^cap ' "$res/kraw-x86.out" 2>/dev/null || true)
	msrs=$(awk '$1 == "msr" { printf "%s%s=%s", (n++ ? "," : ""), $2, $3 }' \
		"$res/kraw-x86.out" 2>/dev/null || true)
	vmm=$(grep -E '^x86_vmm: ' "$res/vmm-default.out" 2>/dev/null | tail -n 1 || true)
	{
		echo "series $s"
		echo "release $rel"
		echo "packages $(sed 's/ [^ ]*$//' "$kdir/packages" | paste -sd, -)"
		echo "cpu $cpu"
		echo "qemu_rc $qrc"
		echo "wall_ms $wall"
		echo "host_kvm_ms $kvm_ms"
		echo "init_uptime_s ${uptime:-?}"
		echo "kvm ${kvm:-?}"
		grep '^insmod ' "$res/modules.out" 2>/dev/null | sed 's/^/module /' || true
		sed 's/^/step /' "$res/steps"
		echo "api $(kraw_fact "$res" api)"
		echo "caps_nonzero $ncaps"
		echo "caps $caps"
		echo "cpuid_entries $(kraw_fact "$res" cpuidlist)"
		echo "feature_msrs $(kraw_fact "$res" msrlist) $msrs"
		echo "hv_cpuid_entries $(kraw_fact "$res" hvcpuidlist)"
		echo "tsc_khz $(kraw_fact "$res" tsc-khz)"
		grep -E '^(probe|stats|count) ' "$res/kprobe.out" 2>/dev/null || true
		echo "probe_vs_raw $probe_raw"
		echo "sim_kraw $sim_kraw"
		echo "sim_kprobe $sim_kprobe"
		echo "kdiff_agreement $kdiff_agree"
		echo "vmm-default ${vmm:-none}"
	} > "$res/summary"
	echo "$s $rel wall_ms=$wall host_kvm_ms=$kvm_ms init_uptime_s=${uptime:-?} kvm=${kvm:-?}" \
		"$(awk '$1 !~ /kmsg/ { printf "%s%s:%s", (n++ ? " " : ""), $1, $2 }' "$res/steps")" \
		"cpuid=$(kraw_fact "$res" cpuidlist) msrs=$(kraw_fact "$res" msrlist)" \
		"tsc_khz=$(kraw_fact "$res" tsc-khz) probe_vs_raw:${probe_raw// /,}" \
		"sim:x86-$s kraw:$sim_kraw kprobe:$sim_kprobe kdiff:$kdiff_agree" >> "$out/results/summary"

	if [ $qrc = 124 ] || [ $qrc = 137 ]; then
		fail "kernel $s ($rel): QEMU timed out after ${timeout}s; last line: $(tail -n 1 "$res/console.log")"
	elif [ $qrc != 0 ]; then
		fail "kernel $s ($rel): QEMU exited with $qrc; last line: $(tail -n 1 "$res/console.log")"
	fi
	if [ -z "$lab" ]; then
		fail "kernel $s ($rel): /init never started (see $res/console.log)"
		continue
	fi
	rc=$(step_rc "$res" modules)
	[ "$rc" = rc=0 ] || fail "kernel $s ($rel): loading the KVM modules: ${rc:-did not run} (see $res/modules.out)"
	[ "$kvm" = yes ] || fail "kernel $s ($rel): no /dev/kvm in the guest (see $res/kmsg-kvm.out)"
	for name in kraw-x86 kprobe kdiff-x86 kraw-x86-sim kprobe-sim kdiff-x86-sim vmm-default; do
		rc=$(step_rc "$res" "$name")
		[ "$rc" = rc=0 ] || fail "kernel $s ($rel) step $name: ${rc:-did not run} (see $res/$name.out)"
	done
	# The seeded model must answer as the kernel: every kraw-x86 fact,
	# every probe entry, every kdiff-x86 step (a mismatch names the
	# kernel, the step and the ioctl; all of them are in kdiff.cmp).
	for d in "$res/sim-kraw-x86.cmp" "$res/sim-kprobe.cmp"; do
		if [ ! -f "$d" ]; then
			fail "kernel $s ($rel): no $(basename "$d") (a step did not run)"
		elif ! tail -n 1 "$d" | grep -q '^total only-real=0 only-sim=0 differ=0$'; then
			fail "kernel $s ($rel): the simulated model x86-$s differs, see $d"
		fi
	done
	[ -f "$res/kdiff.cmp" ] || fail "kernel $s ($rel): no kdiff.cmp (kdiff-x86 or kdiff-x86-sim did not run)"
	for ((i = 0; i < ${#kdiff_bad[@]} && i < 20; i++)); do
		fail "kdiff ${kdiff_bad[$i]#mismatch }"
	done
	if [ ${#kdiff_bad[@]} -gt 20 ]; then
		fail "kernel $s ($rel) kdiff: $(( ${#kdiff_bad[@]} - 20 )) more mismatches in $res/kdiff.cmp"
	fi
	[ -s "$res/kprobe.json" ] || fail "kernel $s ($rel) step kprobe: no profile (see $res/kprobe.out)"
	[ "$probe_raw" = none ] || [[ "$probe_raw" == *" only-raw=0 only-probe=0 differ=0" ]] ||
		fail "kernel $s ($rel): the probe differs from the raw ioctls ($probe_raw, see $res/probe-raw.cmp)"
	if ! grep -q '^=== DONE ' "$res/console.log"; then
		name=$(awk '$2 == "rc=unfinished" { print $1 }' "$res/steps")
		fail "kernel $s ($rel): /init did not finish its steps${name:+ (step $name unfinished)}"
	fi
done

# kraw-x86 of each pair of kernels side by side (compare.awk, its "real" and
# "sim" renamed to the two series; tsc-khz compares by presence, it is
# measured).
for ((i = 0; i < ${#series[@]}; i++)); do
	for ((j = i + 1; j < ${#series[@]}; j++)); do
		a=$out/results/${rel_of[${series[i]}]}/kraw-x86.out
		c=$out/results/${rel_of[${series[j]}]}/kraw-x86.out
		[ -s "$a" ] && [ -s "$c" ] || continue
		awk -f "$here/compare.awk" "$a" "$c" |
			sed -E "s/^only-real /only-${series[i]} /; s/^only-sim /only-${series[j]} /;
				s/ real: / ${series[i]}: /; s/ sim: / ${series[j]}: /;
				s/^total only-real=([0-9]+) only-sim=/total only-${series[i]}=\1 only-${series[j]}=/" \
			> "$out/results/kraw-${series[i]}+${series[j]}.cmp"
	done
done

# --- phase 2: pinned sets in every kernel -----------------------------------
#
# With every kernel's profile (kprobe.json above), the hvabi tool on the
# build host computes the baseline of the fleet and of every pair
# (results/baseline*.json; hvabi baseline writes the set even where entries
# block, and says which in results/baseline*-report.txt) and predicts, for
# every set and every kernel, whether that kernel can give it (hvabi check
# SET PROFILE). Each kernel boots again and runs x86_vmm with every set:
#   vmm-<series>          a kernel's own profile as the set
#   vmm-baseline          the fleet's baseline
#   vmm-pair-<a>+<b>      a pair's baseline
# x86_vmm checks the set against its own live probe first (hvabi_check) and
# refuses what the kernel cannot give, else applies it and runs its guest.
# results/sets.txt is the matrix: "ran", "refused" (x86_vmm's check said
# no) or "FAILED", and where the build host's prediction differs, both.
# The run fails where a kernel's own profile does not run, where the
# prediction and the kernel disagree, or where a set the library accepted
# did not reach the guest.

profiles_ok=1
plist=()
for s in "${series[@]}"; do
	if [ -s "$out/results/${rel_of[$s]}/kprobe.json" ]; then
		plist+=("$out/results/${rel_of[$s]}/kprobe.json")
	else
		profiles_ok=0
	fi
done
rm -f "$out/results"/baseline* "$out/results/sets.txt"
if [ $profiles_ok = 1 ]; then
	hvabi=$b/tools/hvabi
	setdir=$out/sets
	rm -rf "$setdir"
	mkdir -p "$setdir"
	sets=()
	for s in "${series[@]}"; do
		cp "$out/results/${rel_of[$s]}/kprobe.json" "$setdir/$s.json"
		sets+=("$s")
	done
	# baseline NAME PROFILE...: results/NAME.json and its report.
	baseline() {
		local name=$1 rc=0
		shift
		"$hvabi" baseline -o "$out/results/$name.json" --report "$out/results/$name-report.txt" \
			"$@" > "$out/results/$name.log" 2>&1 || rc=$?
		echo "$name rc=$rc $(head -n 1 "$out/results/$name.log")" >> "$out/results/baselines.txt"
		if [ -s "$out/results/$name.json" ]; then
			cp "$out/results/$name.json" "$setdir/$name.json"
			sets+=("$name")
		elif [ $rc != 1 ]; then
			fail "hvabi baseline for $name exited $rc (see $out/results/$name.log)"
		fi
	}
	: > "$out/results/baselines.txt"
	if [ ${#series[@]} -gt 1 ]; then
		baseline baseline "${plist[@]}"
	fi
	if [ ${#series[@]} -gt 2 ]; then
		for ((i = 0; i < ${#series[@]}; i++)); do
			for ((j = i + 1; j < ${#series[@]}; j++)); do
				baseline "baseline-pair-${series[i]}+${series[j]}" \
					"$out/results/${rel_of[${series[i]}]}/kprobe.json" \
					"$out/results/${rel_of[${series[j]}]}/kprobe.json"
			done
		done
	fi
	# The step name of a set.
	step_of() {
		case "$1" in
		baseline) echo vmm-baseline ;;
		baseline-pair-*) echo "vmm-pair-${1#baseline-pair-}" ;;
		*) echo "vmm-$1" ;;
		esac
	}

	root2=$out/initramfs2
	rm -rf "$root2"
	mkdir -p "$root2/bin" "$root2/etc/sets" "$root2/dev" "$root2/proc" "$root2/sys" "$root2/tmp"
	install -m 0755 "$out/bin/init" "$root2/init"
	install -m 0755 "$out/bin/x86_vmm" "$root2/bin/"
	strip "$root2/init" "$root2/bin/"*
	{
		echo "# phase 2: x86_vmm with each kernel's profile and each baseline"
		for set in "${sets[@]}"; do
			cp "$setdir/$set.json" "$root2/etc/sets/$set.json"
			echo "$(step_of "$set"): /bin/x86_vmm /etc/sets/$set.json"
		done
	} > "$root2/etc/steps"

	declare -A got
	for t in "${series[@]}"; do
		rel=${rel_of[$t]}
		res2=$out/results/$rel/phase2
		rm -rf "$res2"
		mkdir -p "$res2"
		initramfs "$root2" "$rel" "$out/initramfs2-$rel.cpio.gz"
		echo "run-x86.sh: phase 2: booting $t ($rel)" >&2
		boot "$links/$t" "$out/initramfs2-$rel.cpio.gz" "$res2"
		if [ $qrc != 0 ] || ! grep -q '^=== DONE ' "$res2/console.log"; then
			fail "kernel $t ($rel) phase 2: QEMU status $qrc or /init unfinished (see $res2/console.log)"
		fi
		: > "$res2/summary"
		for set in "${sets[@]}"; do
			step=$(step_of "$set")
			rc=$(step_rc "$res2" "$step")
			# What the build host predicts from the two profiles.
			prc=0
			"$hvabi" check "$setdir/$set.json" "$out/results/$rel/kprobe.json" \
				> "$res2/$step.check" 2>&1 || prc=$?
			case $prc in
			0) predicted=ran ;;
			1) predicted=refused ;;
			*) predicted="check-rc=$prc" ;;
			esac
			if [ "$rc" = rc=0 ]; then
				actual=ran
			elif grep -q '^x86_vmm: this host cannot give the set' "$res2/$step.out" 2>/dev/null; then
				actual=refused
			else
				actual=FAILED
			fi
			if [ "$actual" = "$predicted" ]; then
				got[$set,$t]=$actual
			else
				got[$set,$t]="$actual(predicted:$predicted)"
			fi
			echo "$step ${rc:-did-not-run} $actual predicted=$predicted" \
				"$(grep -E '^x86_vmm: ' "$res2/$step.out" 2>/dev/null | tail -n 1)" >> "$res2/summary"
			if [ "$set" = "$t" ] && [ "$actual" != ran ]; then
				fail "kernel $t ($rel) step $step: its own profile did not run: ${rc:-did not run} (see $res2/$step.out)"
			elif [ "$actual" != "$predicted" ]; then
				fail "kernel $t ($rel) step $step: x86_vmm $actual, hvabi check on the build host predicted $predicted (see $res2/$step.out, $res2/$step.check)"
			fi
		done
		sed "s/^/  $t: /" "$res2/summary" >&2
	done
	{
		echo "# x86_vmm with each set (row) in each kernel (column): ran = applied and seen"
		echo "# by the guest; refused = x86_vmm's hvabi_check against the kernel's live probe"
		echo "# said the kernel cannot give it; FAILED = anything else. (predicted:...) where"
		echo "# hvabi check on the build host (set against the kernel's kprobe.json) differs."
		printf '%-26s' "set\\kernel"
		for t in "${series[@]}"; do printf ' %-10s' "$t"; done
		echo
		for set in "${sets[@]}"; do
			printf '%-26s' "$set"
			for t in "${series[@]}"; do printf ' %-10s' "${got[$set,$t]:--}"; done
			echo
		done
		echo
		echo "# hvabi baseline (rc 0: every host can give it; 1: entries block, see results/<name>-report.txt):"
		cat "$out/results/baselines.txt"
	} > "$out/results/sets.txt"
	cat "$out/results/sets.txt" >&2
else
	fail "phase 2: a kernel's kprobe.json is missing: no pinned sets"
fi

bash "$here/matrix-x86.sh" --out "$out" "${series[@]}" || fail "the migration matrix (matrix-x86.sh; see $out/results/matrix.txt)"

# --- the README's table -------------------------------------------------------

{
	printf '%-24s %8s %8s %6s %5s %-26s %8s\n' release host_s guest_s cpuid msrs caps tsc_khz
	for s in "${series[@]}"; do
		sum=$out/results/${rel_of[$s]}/summary
		[ -f "$sum" ] || continue
		fact() { sed -n "s/^$1 //p" "$sum" | head -n 1; }
		hk=$(fact host_kvm_ms)
		[ "$hk" = "?" ] || hk=$(awk -v m="$hk" 'BEGIN { printf "%.1f", m / 1000 }')
		printf '%-24s %8s %8s %6s %5s %-26s %8s\n' "${rel_of[$s]}" "$hk" "$(fact init_uptime_s)" \
			"$(fact cpuid_entries)" "$(fact feature_msrs | cut -d' ' -f1)" \
			"nonzero=$(fact caps_nonzero) one_reg=$(fact caps | tr ' ' '\n' | sed -n 's/^70://p')" \
			"$(fact tsc_khz)"
	done
	echo "# host_s: QEMU start to /init's report after the KVM modules loaded (host clock);"
	echo "# guest_s: the guest's uptime then. caps: capabilities non-zero on /dev/kvm or a VM;"
	echo "# one_reg: cap 70 sys/vm. Per kernel: results/<release>/summary."
} > "$out/results/table.txt"

t_total=$(( $(now_ms) - t_start ))
echo "run-x86.sh: results in $out/results (total ${t_total} ms)" >&2
cat "$out/results/summary"
cat "$out/results/table.txt"
echo "total_ms $t_total"
if [ ${#failures[@]} -gt 0 ]; then
	printf 'FAIL: %s\n' "${failures[@]}"
	exit 1
fi
exit 0
