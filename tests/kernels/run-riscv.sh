#!/bin/bash
# The kernel lab on riscv64: boot real riscv64 Debian kernels under QEMU
# (TCG, -cpu rv64,h=true: the hypervisor extension, so kvm.ko loads and
# /dev/kvm comes up inside) and run a raw-ioctl reader, libhvabi's probe
# and the differential script against their KVM, and the library's
# simulated model of the same series beside them, seeded with the host's
# values.
#
#   tests/kernels/run-riscv.sh [--out DIR] [--timeout SECONDS] [--cpu CPU]
#                              [--model MODEL] [--lenient-sim] [SERIES...]
#
# SERIES default to $HVABI_KERNEL_SERIES, else "6.12 7.2"; each must have
# been fetched by `tests/kernels/setup.sh --arch riscv64` (same cache rules
# as run.sh; the series links are in <cache>/series-riscv64). CPU is QEMU's
# -cpu (default $HVABI_RISCV_CPU, else rv64,h=true). MODEL is the simulated
# model the kernels are compared with (default "auto": riscv-<series>; e.g.
# --model riscv-6.6 to measure an older model against them).
#
# In DIR (default: build/kernels-riscv of the source tree; `meson test
# --suite kernels-riscv` uses <builddir>/kernels-riscv):
#   build-riscv64/              the library, static (riscv64-cross.ini)
#   bin/                        init, kraw-riscv, kprobe, kdiff-riscv and
#                               the simulated kraw-riscv-sim, kdiff-riscv-sim
#                               (static, riscv64)
#   initramfs-<release>.cpio.gz /init, /bin/*, /etc/steps, and that kernel's
#                               kvm.ko with /etc/modules
#   results/<release>/console.log   the whole serial console
#   results/<release>/<step>.out    each step's output, markers removed:
#                                   modules, kmsg-kvm, kraw-riscv, kprobe,
#                                   kdiff-riscv, kraw-riscv-sim, kprobe-sim,
#                                   kdiff-riscv-sim
#   results/<release>/kprobe.json   the probed profile
#   results/<release>/host.seed     the host's values kdiff-riscv read
#                                   (hostseed.h), which seed the model
#   results/<release>/sim-kraw-riscv.cmp, sim-kprobe.cmp, kdiff.cmp
#                                   the real kernel against its simulated
#                                   model riscv-<series> seeded with
#                                   host.seed (compare.awk, kdiff-compare.awk)
#   results/<release>/summary       boot and step facts of that kernel
#   results/summary                 one line per kernel
#   results/table.txt               the README's per-kernel table
#   results/<release>/phase2/       the second boot (below): kapply-<other>,
#                                   kpin, vmm-default, vmm-pair-<a>+<b> and
#                                   the guests' sorted lines guest-*.txt
#   results/<release>/rollback-<other>.txt
#                                   the other kernel's profile applied
#                                   here: check's prediction and the
#                                   kernel's answer side by side
#   results/matrix.txt              the migration matrix (matrix-riscv.sh)
#
# Exit status: 0 when every kernel booted, loaded kvm.ko, showed /dev/kvm,
# ran every step with status 0 and the seeded simulated model answered
# exactly as the kernel (kraw-riscv, the probe's entries, every kdiff-riscv
# step), every rollback went as hvabi_check() predicted (and the newest
# kernel's profile was refused by every older one), every guest saw what
# KVM reads back, and every pair the library lets a VM move between showed
# its guest the same values on both kernels (matrix-riscv.sh); 1 otherwise
# (the failures are listed, naming kernel and step); 77 (skip) when
# qemu-system-riscv64, the cross compiler or a requested kernel is missing.
# --lenient-sim reports the model's differences without failing.
#
# HVABI_KERNEL_APPEND adds to the guest's kernel command line.
set -euo pipefail
export LC_NUMERIC=C

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
timeout=${HVABI_KERNEL_TIMEOUT:-240}
cpu=${HVABI_RISCV_CPU:-rv64,h=true}
lenient=0
model=auto
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--cpu) cpu=$2; shift ;;
	--lenient-sim) lenient=1 ;;
	--model) model=$2; shift ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run-riscv.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.12 7.2}"
fi
out=${out:-$src/build/kernels-riscv}

# lab_cache, lab_pack, lab_split
. "$here/lab.sh"
cache=$(lab_cache)
links=$cache/series-riscv64

skip() {
	echo "run-riscv.sh: SKIP: $*" >&2
	exit 77
}
for tool in qemu-system-riscv64 riscv64-linux-gnu-gcc riscv64-linux-gnu-strip cpio gzip \
	    meson ninja timeout; do
	command -v "$tool" >/dev/null ||
		skip "$tool not found (run tests/kernels/setup.sh --arch riscv64 as root)"
done
for s in "${series[@]}"; do
	[ -f "$links/$s/vmlinuz" ] && [ -f "$links/$s/modules/modules.load" ] ||
		skip "riscv64 kernel series $s is not in $cache (run tests/kernels/setup.sh --arch riscv64 $s as root)"
done

mkdir -p "$out"
out=$(cd "$out" && pwd)
t_start=$(date +%s%3N)

# --- build ----------------------------------------------------------------

b=$out/build-riscv64
if [ ! -f "$b/build.ninja" ]; then
	meson setup "$b" "$src" --cross-file "$here/riscv64-cross.ini" \
		-Ddefault_library=static -Dtests=disabled -Dexamples=disabled >&2
fi
ninja -C "$b" lib/libhvabi.a >&2

cc=riscv64-linux-gnu-gcc
cflags=(-std=c11 -D_GNU_SOURCE -O2 -g -Wall -Wextra -Wshadow -Wformat=2
	-Wstrict-prototypes -Wmissing-prototypes -Werror -static)
# the library build's generated headers (libhvabi/version.h)
cflags+=(-I"$b/include")
mkdir -p "$out/bin"
$cc "${cflags[@]}" -o "$out/bin/init" "$here/init.c"
$cc "${cflags[@]}" -o "$out/bin/kraw-riscv" "$here/kraw-riscv.c"
$cc "${cflags[@]}" -I"$src/include" -o "$out/bin/kprobe" \
	"$here/kprobe.c" "$here/hostseed.c" "$b/lib/libhvabi.a"
$cc "${cflags[@]}" -o "$out/bin/kdiff-riscv" "$here/kdiff-riscv.c"
$cc "${cflags[@]}" -DKDIFF_SIM -I"$src/include" -o "$out/bin/kdiff-riscv-sim" \
	"$here/kdiff-riscv.c" "$here/hostseed.c" "$b/lib/libhvabi.a"
$cc "${cflags[@]}" -DKRAW_SIM -I"$src/include" -o "$out/bin/kraw-riscv-sim" \
	"$here/kraw-riscv.c" "$here/hostseed.c" "$b/lib/libhvabi.a"

# --- initramfs --------------------------------------------------------------

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
install -m 0755 "$out/bin/kraw-riscv" "$out/bin/kprobe" "$out/bin/kdiff-riscv" \
	"$out/bin/kdiff-riscv-sim" "$out/bin/kraw-riscv-sim" "$root/bin/"
riscv64-linux-gnu-strip "$root/init" "$root/bin/"*
cat > "$root/etc/steps" <<EOF
# one step a line: [name:] path [arg...]; run in order by /init
kraw-riscv: /bin/kraw-riscv
kprobe: /bin/kprobe
kdiff-riscv: /bin/kdiff-riscv /tmp/host.seed
kraw-riscv-sim: /bin/kraw-riscv-sim $model /tmp/host.seed
kprobe-sim: /bin/kprobe --sim $model --seed /tmp/host.seed
kdiff-riscv-sim: /bin/kdiff-riscv-sim $model /tmp/host.seed
EOF

# --- boot -------------------------------------------------------------------

now_ms() { date +%s%3N; }
failures=()
fail() {
	failures+=("$*")
	echo "run-riscv.sh: FAIL: $*" >&2
}

# boot KERNEL_DIR INITRAMFS RESULT_DIR: one boot with OpenSBI (lab_boot).
boot() {
	lab_boot "$1" "$2" "$3" qemu-system-riscv64 -M virt -cpu "$cpu" -bios default
}

rm -f "$out/results/summary" "$out/results/table.txt"
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
	echo "run-riscv.sh: booting $s ($rel), -cpu $cpu, timeout ${timeout}s" >&2

	boot "$kdir" "$out/initramfs-$rel.cpio.gz" "$res"
	if [ -f "$res/kprobe.out" ]; then
		sed -n '/^json-begin$/,/^json-end$/p' "$res/kprobe.out" | sed '1d; $d' > "$res/kprobe.json"
		[ -s "$res/kprobe.json" ] || rm -f "$res/kprobe.json"
	fi

	# The simulated model riscv-<series> against the real kernel, seeded
	# with the host's values kdiff-riscv read (host.seed).
	lab_sim_compare "$res" "$rel" kraw-riscv kdiff-riscv
	echo "run-riscv.sh: $s ($rel) model riscv-$s: kraw $sim_kraw, kprobe $sim_kprobe, kdiff $kdiff_agree" >&2

	lab=$(grep -m1 '^=== HVABI-LAB ' "$res/console.log" || true)
	kvm=$(sed -n 's/.* kvm=\([a-z]*\).*/\1/p' <<< "$lab")
	uptime=$(sed -n 's/.* uptime=\([0-9.]*\).*/\1/p' <<< "$lab")
	ncaps=$(grep -c '^cap ' "$res/kraw-riscv.out" 2>/dev/null || true)
	isa=$(awk '$1 == "reg" && $2 == "0x8030000001000000" { print $3 }' "$res/kraw-riscv.out" 2>/dev/null || true)
	isa_on=$(awk '$1 == "isa" && $3 == "0x1" { printf "%s%s", (n++ ? "," : ""), $2 }' "$res/kraw-riscv.out" 2>/dev/null || true)
	sbi_on=$(awk '$1 == "sbi" && $3 == "0x1" { printf "%s%s", (n++ ? "," : ""), $2 }' "$res/kraw-riscv.out" 2>/dev/null || true)
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
		echo "api $(sed -n 's/^api //p' "$res/kraw-riscv.out" 2>/dev/null)"
		echo "caps_nonzero $ncaps"
		echo "reglist $(sed -n 's/^reglist //p' "$res/kraw-riscv.out" 2>/dev/null)"
		echo "config_isa ${isa:-?}"
		echo "isa_ext_enabled ${isa_on:-none}"
		echo "sbi_ext_enabled ${sbi_on:-none}"
		grep -E '^(probe|stats|count) ' "$res/kprobe.out" 2>/dev/null || true
		echo "sim_kraw $sim_kraw"
		echo "sim_kprobe $sim_kprobe"
		echo "kdiff_agreement $kdiff_agree"
	} > "$res/summary"
	echo "$s $rel wall_ms=$wall host_kvm_ms=$kvm_ms init_uptime_s=${uptime:-?} kvm=${kvm:-?}" \
		"$(awk '$1 !~ /kmsg/ { printf "%s%s:%s", (n++ ? " " : ""), $1, $2 }' "$res/steps")" \
		"reglist=$(sed -n 's/^reglist //p' "$res/kraw-riscv.out" 2>/dev/null) isa=${isa:-?}" \
		"sim:$([ "$model" = auto ] && echo "riscv-$s" || echo "$model") kraw:$sim_kraw kprobe:$sim_kprobe kdiff:$kdiff_agree" >> "$out/results/summary"

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
	[ "$rc" = rc=0 ] || fail "kernel $s ($rel): loading kvm.ko: ${rc:-did not run} (see $res/modules.out)"
	[ "$kvm" = yes ] || fail "kernel $s ($rel): no /dev/kvm in the guest (see $res/kmsg-kvm.out)"
	for name in kraw-riscv kprobe kdiff-riscv kraw-riscv-sim kprobe-sim kdiff-riscv-sim; do
		rc=$(step_rc "$res" "$name")
		[ "$rc" = rc=0 ] || fail "kernel $s ($rel) step $name: ${rc:-did not run} (see $res/$name.out)"
	done
	[ $lenient = 0 ] || continue
	for d in "$res/sim-kraw-riscv.cmp" "$res/sim-kprobe.cmp"; do
		if [ ! -f "$d" ]; then
			fail "kernel $s ($rel): no $(basename "$d") (a step did not run)"
		elif ! tail -n 1 "$d" | grep -q '^total only-real=0 only-sim=0 differ=0$'; then
			fail "kernel $s ($rel): the simulated model riscv-$s differs, see $d"
		fi
	done
	[ -f "$res/kdiff.cmp" ] || fail "kernel $s ($rel): no kdiff.cmp (kdiff-riscv or kdiff-riscv-sim did not run)"
	for ((i = 0; i < ${#kdiff_bad[@]} && i < 20; i++)); do
		fail "kdiff ${kdiff_bad[$i]#mismatch }"
	done
	[ ${#kdiff_bad[@]} -le 20 ] || fail "kernel $s ($rel): $(( ${#kdiff_bad[@]} - 20 )) more kdiff mismatches (see $res/kdiff.cmp)"
done

# --- phase 2: rollbacks and the migration matrix ------------------------------
#
# With the real profiles of the boots above (kprobe.json) packed in a second
# initramfs, each kernel boots again and runs:
#   kapply-<other>  every other kernel's profile applied here: hvabi_check()'s
#                   prediction against this kernel's real profile, and what
#                   the kernel does (kapply.c), side by side in
#                   results/<release>/rollback-<other>.txt
#   kapply-nosstc   the same for the newest profile without Sstc (a host
#                   without it): rollback-nosstc.txt
#   kpin            the baseline of all profiles checked and applied here, and
#                   the baseline of every pair (/tmp/pair-A+B.json, written
#                   only where the library lets a VM move between A and B)
#   vmm-default     examples/riscv_vmm with the kernel's defaults
#   vmm-pair-A+B    riscv_vmm with that pair's pinned set, on both its kernels
# results/<release>/phase2/ holds the outputs and the sorted guest-*.txt,
# results/matrix.txt the two tables and the values behind them.

p2_ok=1
for s in "${series[@]}"; do
	[ -s "$out/results/${rel_of[$s]}/kprobe.json" ] || p2_ok=0
done
if [ $p2_ok = 0 ]; then
	fail "phase 2: a kernel's kprobe.json is missing: no rollback, no matrix"
elif [ ${#series[@]} -lt 2 ]; then
	echo "run-riscv.sh: one kernel: no rollback, no matrix" >&2
else
	$cc "${cflags[@]}" -I"$src/include" -o "$out/bin/kapply" "$here/kapply.c" \
		"$b/lib/libhvabi.a"
	$cc "${cflags[@]}" -I"$src/include" -o "$out/bin/riscv_vmm" \
		"$src/examples/riscv_vmm.c" "$src/examples/common.c" \
		"$src/examples/riscv_guest.S" "$b/lib/libhvabi.a"
	root2=$out/initramfs2
	rm -rf "$root2"
	mkdir -p "$root2/bin" "$root2/etc/profiles" "$root2/dev" "$root2/proc" "$root2/sys" \
		"$root2/tmp"
	install -m 0755 "$out/bin/init" "$root2/init"
	install -m 0755 "$out/bin/kapply" "$out/bin/riscv_vmm" "$root2/bin/"
	riscv64-linux-gnu-strip "$root2/init" "$root2/bin/"*
	# A host like the newest without Sstc: its guests cannot come to a KVM
	# that refuses to disable Sstc (kvm_riscv_vcpu_isa_disable_allowed()),
	# which check must say (the probe's HAS_MIN) and the kernel answer EINVAL.
	newest=${series[${#series[@]} - 1]}
	sed -E '/"ISA_EXT_SSTC"/ s/"value": "0x1", "max": "0x1", "min": "0x1"/"value": "0x0", "max": "0x0"/' \
		"$out/results/${rel_of[$newest]}/kprobe.json" > "$root2/etc/profiles/nosstc.json"
	grep -q '"ISA_EXT_SSTC".*"value": "0x0", "max": "0x0"}' "$root2/etc/profiles/nosstc.json" ||
		fail "phase 2: the $newest profile has no Sstc that KVM refuses to disable: no nosstc set"
	plist=""
	pairs=()
	for ((i = 0; i < ${#series[@]}; i++)); do
		cp "$out/results/${rel_of[${series[i]}]}/kprobe.json" \
			"$root2/etc/profiles/${series[i]}.json"
		plist+=" /etc/profiles/${series[i]}.json"
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			pairs+=("${series[i]}+${series[j]}")
		done
	done
	for s in "${series[@]}"; do
		rel=${rel_of[$s]}
		res2=$out/results/$rel/phase2
		rm -rf "$res2"
		mkdir -p "$res2"
		{
			echo "# phase 2 on $s: rollbacks and the migration matrix"
			for o in "${series[@]}"; do
				[ "$o" = "$s" ] || echo "kapply-$o: /bin/kapply /etc/profiles/$o.json auto"
			done
			echo "kapply-nosstc: /bin/kapply /etc/profiles/nosstc.json auto"
			echo "kpin: /bin/kapply --baseline /tmp/pinned.json auto$plist"
			echo "vmm-default: /bin/riscv_vmm"
			for p in "${pairs[@]}"; do
				[[ "+$p+" == *"+$s+"* ]] || continue
				echo "vmm-pair-$p: /bin/riscv_vmm /tmp/pair-$p.json"
			done
		} > "$root2/etc/steps"
		initramfs "$root2" "$rel" "$out/initramfs2-$rel.cpio.gz"
		echo "run-riscv.sh: phase 2: booting $s ($rel)" >&2
		boot "$links/$s" "$out/initramfs2-$rel.cpio.gz" "$res2"
		echo "wall_ms $wall host_kvm_ms $kvm_ms qemu_rc $qrc" > "$res2/summary"
		if [ $qrc != 0 ] || ! grep -q '^=== DONE ' "$res2/console.log"; then
			fail "kernel $s ($rel) phase 2: QEMU status $qrc or /init unfinished (see $res2/console.log)"
			continue
		fi
		for o in "${series[@]}" nosstc; do
			[ "$o" != "$s" ] || continue
			{
				echo "# the $o profile applied on $rel: hvabi_check() against this"
				echo "# kernel's real profile (prediction) and hvabi_apply() (the kernel)"
				grep -E '^(set|destination|rollback|verdict|check rc|apply rc)' \
					"$res2/kapply-$o.out" || true
			} > "$out/results/$rel/rollback-$o.txt"
			sed 's/^/  /' "$out/results/$rel/rollback-$o.txt" >&2
			rc=$(step_rc "$res2" "kapply-$o")
			[ "$rc" = rc=0 ] ||
				fail "kernel $s ($rel) step kapply-$o: ${rc:-did not run}: check and apply disagree (see $res2/kapply-$o.out)"
		done
		rc=$(step_rc "$res2" vmm-default)
		[ "$rc" = rc=0 ] ||
			fail "kernel $s ($rel) step vmm-default: ${rc:-did not run}: the guest did not see what KVM reads back (see $res2/vmm-default.out)"
		for f in "$res2"/vmm-*.out; do
			[ -e "$f" ] || continue
			kind=$(basename "$f" .out)
			lab_guest_lines "$f" "$res2/guest-${kind#vmm-}.txt"
		done
	done
	# A newer kernel's own profile cannot go back: 7.2's FWFT is on, 6.12
	# has no such extension. No kernel takes a set without Sstc.
	for s in "${series[@]}"; do
		f=$out/results/${rel_of[$s]}/rollback-nosstc.txt
		[ ! -f "$f" ] ||
			grep -q '^rollback ISA_EXT_SSTC check=beyond-destination .* errno=EINVAL' "$f" ||
			fail "kernel $s (${rel_of[$s]}): a set without Sstc was not refused as predicted (see $f)"
		[ "$s" != "$newest" ] || continue
		f=$out/results/${rel_of[$s]}/rollback-$newest.txt
		[ ! -f "$f" ] || grep -q '^verdict check=refuse apply=E' "$f" ||
			fail "kernel $s (${rel_of[$s]}) rollback: the $newest profile was not refused (see $f)"
	done
	bash "$here/matrix-riscv.sh" --out "$out" "${series[@]}" ||
		fail "the migration matrix (matrix-riscv.sh; see $out/results/matrix.txt)"
fi

# --- the README's table -------------------------------------------------------

{
	printf '%-24s %7s %8s %8s %-10s %-14s %-10s %-10s\n' release host_s guest_s reglist \
		config_isa kraw kprobe kdiff
	for s in "${series[@]}"; do
		sum=$out/results/${rel_of[$s]}/summary
		[ -f "$sum" ] || continue
		fact() { sed -n "s/^$1 //p" "$sum" | head -n 1; }
		hk=$(fact host_kvm_ms)
		[ "$hk" = "?" ] || hk=$(awk -v m="$hk" 'BEGIN { printf "%.1f", m / 1000 }')
		printf '%-24s %7s %8s %8s %-10s %-14s %-10s %-10s\n' "${rel_of[$s]}" "$hk" \
			"$(fact init_uptime_s)" "$(fact reglist)" "$(fact config_isa)" \
			"$(fact sim_kraw)" "$(fact sim_kprobe)" "$(fact kdiff_agreement)"
	done
	echo "# host_s: QEMU start to /init's report after kvm.ko loaded (host clock);"
	echo "# guest_s: the guest's uptime then. kraw, kprobe, kdiff: the seeded model"
	echo "# riscv-<series> agreeing with the kernel (facts, entries, steps)."
} > "$out/results/table.txt"

t_total=$(( $(now_ms) - t_start ))
echo "run-riscv.sh: results in $out/results (total ${t_total} ms)" >&2
cat "$out/results/summary"
cat "$out/results/table.txt"
echo "total_ms $t_total"
if [ ${#failures[@]} -gt 0 ]; then
	printf 'FAIL: %s\n' "${failures[@]}"
	exit 1
fi
exit 0
