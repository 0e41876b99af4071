#!/bin/bash
# The riscv migration matrix: from the guest reports of run-riscv.sh's
# second boot, how many guest-visible values change when a VM moves from
# one kernel (row) to another (column), with libhvabi (the pair's baseline
# pinned on both sides) and without (each kernel's defaults).
#
#   tests/kernels/matrix-riscv.sh [--out DIR] SERIES...
#
# DIR is run-riscv.sh's output directory (default: build/kernels-riscv of
# the source tree); SERIES the kernels it booted, in its order (default
# $HVABI_KERNEL_SERIES, else "6.12 7.2"). run-riscv.sh calls it at its end.
# It reads, for each kernel, results/<release>/phase2/guest-default.txt and
# guest-pair-<a>+<b>.txt (examples/riscv_vmm's "guest:" lines, sorted),
# the steps' status and kpin.out (kapply --baseline: "pair A B rc=1" where
# the library lets a VM move between A and B, rc=0 and the blocking
# entries where not), and writes results/matrix.txt: the two tables, the
# values behind each cell and why a refused pair is refused.
#
# Nothing is excused: the SBI specification version (KVM_SBI_VERSION_MAJOR/
# MINOR, arch/riscv/include/asm/kvm_vcpu_sbi.h: 2.0 in 6.12, 3.0 in 7.2) and
# the implementation version (LINUX_VERSION_CODE, arch/riscv/kvm/
# vcpu_sbi_base.c), which KVM answers itself and no ioctl sets, are in the
# profiles (the probe's guest reads them), so the library refuses a move
# that changes them.
#
# Exit status: 1 when a pair the library allows shows the guest any
# difference (a false "may move"), when its pinned set did not run on one of
# its kernels, or when a report is missing; 2 on bad usage; 0 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "matrix-riscv.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.12 7.2}"
fi
out=${out:-$src/build/kernels-riscv}
results=$out/results

# step_rc, lab_differing
. "$here/lab.sh"

failures=()
fail() {
	failures+=("$*")
	echo "matrix-riscv.sh: FAIL: $*" >&2
}

declare -A rel_of
for s in "${series[@]}"; do
	rel_of[$s]=$(awk -v s="$s" '$1 == s { print $2; exit }' "$results/summary" 2>/dev/null || true)
	if [ -z "${rel_of[$s]}" ] || [ ! -f "$results/${rel_of[$s]}/phase2/kpin.out" ]; then
		fail "kernel $s: no second boot in $results"
		rel_of[$s]=missing-$s
	fi
done
p2() { echo "$results/${rel_of[$1]}/phase2"; }
kpin=$(p2 "${series[0]}")/kpin.out


may_move() {
	awk -v a="${rel_of[$1]}" -v b="${rel_of[$2]}" '$1 == "pair" && $4 == "rc=1" &&
		(($2 == a && $3 == b) || ($2 == b && $3 == a)) { f = 1 } END { exit !f }' "$kpin" 2>/dev/null
}

# The guest's lines on kernel $1 under set $2 (default, pair-A+B).
lines() { echo "$(p2 "$1")/guest-$2.txt"; }

# One cell: the values that differ, "refused" where the library does not
# let the VM move, "-" where a report is missing.
cell() {
	local a=$1 b=$2 kind=$3 fa fb
	if [ "$kind" = pinned ]; then
		[ "$a" != "$b" ] || { echo 0; return; }
		may_move "$a" "$b" || { echo refused; return; }
		kind=pair-$(lab_pair_of "$a" "$b")
	fi
	fa=$(lines "$a" "$kind")
	fb=$(lines "$b" "$kind")
	if [ ! -s "$fa" ] || [ ! -s "$fb" ]; then
		echo "-"
		return
	fi
	lab_differing "$fa" "$fb" | wc -l
}

{
	echo "# guest-visible values that differ after migration WITH libhvabi (the"
	echo "# baseline of source and destination applied on both sides; refused: the"
	echo "# library does not let the VM move, see below)"
	printf '%-8s' "src\\dst"
	for d in "${series[@]}"; do printf ' %8s' "$d"; done
	echo
	for a in "${series[@]}"; do
		printf '%-8s' "$a"
		for d in "${series[@]}"; do printf ' %8s' "$(cell "$a" "$d" pinned)"; done
		echo
	done
	echo
	echo "# ... WITHOUT libhvabi (each kernel's defaults)"
	printf '%-8s' "src\\dst"
	for d in "${series[@]}"; do printf ' %8s' "$d"; done
	echo
	for a in "${series[@]}"; do
		printf '%-8s' "$a"
		for d in "${series[@]}"; do printf ' %8s' "$(cell "$a" "$d" default)"; done
		echo
	done
	for ((i = 0; i < ${#series[@]}; i++)); do
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			a=${series[i]} b=${series[j]} p=$(lab_pair_of "${series[i]}" "${series[j]}")
			echo
			echo "# $a -> $b, each kernel's defaults: name, $a, $b"
			lab_differing "$(lines "$a" default)" "$(lines "$b" default)" | LC_ALL=C sort
			if may_move "$a" "$b"; then
				echo "# $a -> $b, the pair's pinned set: name, $a, $b"
				lab_differing "$(lines "$a" "pair-$p")" "$(lines "$b" "pair-$p")" |
					LC_ALL=C sort
			fi
		done
	done
	echo
	echo "# may a VM move between two hosts (baseline of the pair; rc=1 yes, 0 no and why):"
	grep '^pair ' "$kpin" 2>/dev/null || true
	echo
	echo "# one pinned set for all (baseline of every profile) against each kernel (kpin):"
	for d in "${series[@]}"; do
		f=$(p2 "$d")/kpin.out
		echo "$d $(grep -m1 '^baseline rc=' "$f" 2>/dev/null) $(grep -m1 '^check release=' "$f" 2>/dev/null) $(grep -m1 '^apply rc=' "$f" 2>/dev/null)"
	done
} > "$results/matrix.txt"
cat "$results/matrix.txt" >&2

# A pair the library lets a VM move between must show the guest nothing new,
# and its pinned set must run on both kernels.
for a in "${series[@]}"; do
	for d in "${series[@]}"; do
		[ "$a" != "$d" ] && may_move "$a" "$d" || continue
		p=$(lab_pair_of "$a" "$d")
		for k in "$a" "$d"; do
			rc=$(step_rc "$(p2 "$k")" "vmm-pair-$p")
			[ "$rc" = rc=0 ] ||
				fail "kernel $k (${rel_of[$k]}) step vmm-pair-$p: ${rc:-did not run}: the pair's pinned set did not run as the library read it back (see $(p2 "$k")/vmm-pair-$p.out)"
		done
		n=$(cell "$a" "$d" pinned)
		[ "$n" = 0 ] ||
			fail "matrix $a -> $d: $n guest-visible values differ with the pair's pinned set although the library allows the move (see $results/matrix.txt)"
	done
done
if [ ${#failures[@]} -gt 0 ]; then
	printf 'FAIL: %s\n' "${failures[@]}"
	exit 1
fi
exit 0
