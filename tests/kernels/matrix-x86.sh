#!/bin/bash
# The x86 migration matrix: from the guest reports of run-x86.sh's second
# boot, how many guest-visible values change when a VM moves from one
# kernel (row) to another (column), with libhvabi (the pair's baseline
# pinned on both sides) and without (each kernel's defaults).
#
#   tests/kernels/matrix-x86.sh [--out DIR] SERIES...
#
# DIR is run-x86.sh's output directory (default: build/kernels-x86 of the
# source tree); SERIES the kernels it booted, in its order (default
# $HVABI_KERNEL_SERIES, else "6.1 6.12 7.2"). run-x86.sh calls it at its
# end. It reads, for each kernel, results/<release>/phase2/vmm-<set>.out
# (examples/x86_vmm: "default:" lines, the guest under the kernel's
# defaults; "guest:" lines, the guest pinned to the set), the pair
# baselines (results/baseline-pair-<a>+<b>.json, baselines.txt; with two
# kernels the fleet's baseline.json is the pair's) and each kernel's
# profile (kprobe.json), and writes:
#
#   results/<release>/phase2/guest-default.txt   the guest under the
#       kernel's defaults, one sorted "cpuid|msr|tsc_khz ..." line a value
#   results/<release>/phase2/guest-<set>.txt     the guest pinned to <set>
#       (each set x86_vmm ran), the same lines
#   results/matrix.txt                            the two tables, what
#       differs per pair, and why the library refuses a pair
#
# A pair may move with libhvabi when hvabi baseline of the two profiles
# blocks nothing and hvabi check (on the build host) lets the baseline go
# to both; "refused" otherwise, with the blocking entries listed.
#
# Exit status: 1 when a pair the library allows shows the guest any
# difference (a false "may move"), when its pinned set did not run on one
# of the two kernels, when a kernel's defaults read differently in two
# runs of one boot, or when a report is missing; 2 on bad usage; 0
# otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
out=""
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "matrix-x86.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.1 6.12 7.2}"
fi
out=${out:-$src/build/kernels-x86}
results=$out/results
hvabi=$out/build-x86_64/tools/hvabi

failures=()
fail() {
	failures+=("$*")
	echo "matrix-x86.sh: FAIL: $*" >&2
}

# The release of each series, as run-x86.sh booted it (results/summary).
declare -A rel_of
for s in "${series[@]}"; do
	rel_of[$s]=$(awk -v s="$s" '$1 == s { print $2; exit }' "$results/summary" 2>/dev/null || true)
	if [ -z "${rel_of[$s]}" ] || [ ! -d "$results/${rel_of[$s]}/phase2" ]; then
		fail "kernel $s: no second boot in $results"
		rel_of[$s]=missing-$s
	fi
done
p2() { echo "$results/${rel_of[$1]}/phase2"; }

# lab_pair_of
. "$here/lab.sh"


# x86_vmm's lines of one pass ("default" or "guest"), prefix removed, sorted.
report() {
	sed -n "s/^$1: //p" "$2" | LC_ALL=C sort
}

# --- the guest reports, one file a run ---------------------------------------

for s in "${series[@]}"; do
	d=$(p2 "$s")
	[ -d "$d" ] || continue
	rm -f "$d"/guest-*.txt
	own=$d/vmm-$s.out
	for f in "$d"/vmm-*.out; do
		[ -e "$f" ] || continue
		set=$(basename "$f" .out)
		set=${set#vmm-}
		[[ $set != *.kmsg ]] || continue
		# The defaults pass runs first in every step: one boot, one answer.
		if [ -s "$own" ] && ! cmp -s <(report default "$f") <(report default "$own"); then
			fail "kernel $s: the guest under the kernel's defaults read differently in steps vmm-$s and vmm-$set of one boot:
$(diff <(report default "$own") <(report default "$f") | grep '^[<>]' | head -n 20)"
		fi
		report guest "$f" > "$d/guest-$set.txt"
		[ -s "$d/guest-$set.txt" ] || rm -f "$d/guest-$set.txt"
	done
	if [ -s "$own" ]; then
		report default "$own" > "$d/guest-default.txt"
	fi
	[ -s "$d/guest-default.txt" ] ||
		{ rm -f "$d/guest-default.txt"; fail "kernel $s: no report of the guest under the kernel's defaults (see $own)"; }
done

# --- may a VM move between two kernels? ----------------------------------------

# verdict PAIR A B: sets allow[PAIR] (1 or 0) and why[PAIR] (the blocking
# entries, one a line).
# With two kernels run-x86.sh computes one baseline (the fleet's, step
# vmm-baseline) and no pair baselines: that one is the pair's.
declare -A allow why pstep
verdict() {
	local p=$1 a=$2 b=$3 name=baseline-pair-$1 rc k out_k
	pstep[$p]=pair-$p
	if [ ${#series[@]} = 2 ]; then
		name=baseline
		pstep[$p]=baseline
	fi
	allow[$p]=1
	why[$p]=""
	rc=$(awk -v n="$name" '$1 == n { sub(/^rc=/, "", $2); print $2 }' "$results/baselines.txt" 2>/dev/null || true)
	if [ ! -s "$results/$name.json" ]; then
		allow[$p]=0
		why[$p]="no baseline (hvabi baseline rc=${rc:-?}, see $results/$name.log)"
		return
	fi
	if [ "${rc:-?}" != 0 ]; then
		allow[$p]=0
		why[$p]="hvabi baseline rc=${rc:-?}:
$(grep '^block ' "$results/$name-report.txt" 2>/dev/null | sed 's/^/  /')"
	fi
	for k in "$a" "$b"; do
		rc=0
		out_k=$("$hvabi" check "$results/$name.json" "$results/${rel_of[$k]}/kprobe.json" 2>&1) || rc=$?
		if [ $rc != 0 ]; then
			allow[$p]=0
			why[$p]+="${why[$p]:+
}hvabi check to $k rc=$rc:
$(grep '^block ' <<< "$out_k" | sed 's/^/  /')"
		fi
	done
}
if [ ! -x "$hvabi" ]; then
	fail "no hvabi tool at $hvabi (run run-x86.sh first)"
fi
for ((i = 0; i < ${#series[@]}; i++)); do
	for ((j = i + 1; j < ${#series[@]}; j++)); do
		[ -x "$hvabi" ] || break 2
		verdict "${series[i]}+${series[j]}" "${series[i]}" "${series[j]}"
	done
done

# The fleet's baseline (more than two kernels): the kernels hvabi check
# lets it go to.
fleet_ok=()
fleet_rc=""
if [ ${#series[@]} -gt 2 ] && [ -x "$hvabi" ] && [ -s "$results/baseline.json" ]; then
	fleet_rc=$(awk '$1 == "baseline" { sub(/^rc=/, "", $2); print $2 }' "$results/baselines.txt" 2>/dev/null || true)
	for s in "${series[@]}"; do
		if [ "$fleet_rc" = 0 ] &&
		   "$hvabi" check "$results/baseline.json" "$results/${rel_of[$s]}/kprobe.json" > /dev/null 2>&1; then
			fleet_ok+=("$s")
		fi
	done
fi

# --- counting ------------------------------------------------------------------

# differing A B: the values two guests see differently, "key<TAB>a<TAB>b"
# lines ("-" where one guest has no such value). A key is a line without
# its last field: "cpuid 0x7 0x0 ebx", "msr 0x10a", "tsc_khz".
differing() {
	awk -v OFS='\t' '
		function key(line) { sub(/ [^ ]*$/, "", line); return line }
		FNR == NR { v[key($0)] = $NF; next }
		{ k = key($0); if (!(k in v)) print k, "-", $NF; else if (v[k] != $NF) print k, v[k], $NF
		  delete v[k] }
		END { for (k in v) print k, v[k], "-" }' "$1" "$2" | LC_ALL=C sort
}

# cell SRC DST KIND: the number of differing values, "refused" where the
# library does not let the VM move, "-" where a report is missing.
cell() {
	local a=$1 b=$2 kind=$3 p f1 f2
	if [ "$kind" = default ]; then
		f1=$(p2 "$a")/guest-default.txt
		f2=$(p2 "$b")/guest-default.txt
	else
		if [ "$a" = "$b" ]; then echo 0; return; fi
		p=$(lab_pair_of "$a" "$b")
		if [ "${allow[$p]:-0}" != 1 ]; then echo refused; return; fi
		f1=$(p2 "$a")/guest-${pstep[$p]}.txt
		f2=$(p2 "$b")/guest-${pstep[$p]}.txt
	fi
	if [ ! -s "$f1" ] || [ ! -s "$f2" ]; then echo -; return; fi
	differing "$f1" "$f2" | wc -l
}

# The values a pair's guests see differently, one "  key: a -> b" line
# each, with the bits that differ where both are numbers.
listing() {
	local f1=$1 f2=$2 k va vb x
	if [ ! -s "$f1" ] || [ ! -s "$f2" ]; then
		echo "  (no report:$( [ -s "$f1" ] || echo " $f1")$( [ -s "$f2" ] || echo " $f2"))"
		return
	fi
	while IFS=$'\t' read -r k va vb; do
		x=""
		if [[ $va == 0x* && $vb == 0x* ]]; then
			x=$(printf ' (bits 0x%x)' $((va ^ vb)))
		fi
		echo "  $k: $va -> $vb$x"
	done < <(differing "$f1" "$f2")
}

table() {
	local kind=$1 a b
	printf '%-8s' "src\\dst"
	for b in "${series[@]}"; do printf ' %8s' "$b"; done
	echo
	for a in "${series[@]}"; do
		printf '%-8s' "$a"
		for b in "${series[@]}"; do printf ' %8s' "$(cell "$a" "$b" "$kind")"; done
		echo
	done
}

{
	echo "# Guest-visible values that differ after migration WITH libhvabi: x86_vmm's"
	echo "# real-mode guest (every CPUID register of its table and of the set, APIC ids"
	echo "# aside; RDMSR of the feature MSRs; the vCPU's TSC rate), source row ->"
	echo "# destination column, the baseline of source and destination applied on both"
	echo "# sides; refused: the library does not let the VM move (see below)."
	table pinned
	echo
	echo "# ... WITHOUT libhvabi (each kernel's defaults: KVM_GET_SUPPORTED_CPUID's table"
	echo "# with the VMM's HYPERVISOR and TSC_DEADLINE_TIMER, no MSR or TSC rate written)"
	table default
	echo
	printf '# values per report:'
	for s in "${series[@]}"; do
		f=$(p2 "$s")/guest-default.txt
		printf ' %s %s' "$s" "$( [ -s "$f" ] && wc -l < "$f" || echo -)"
	done
	echo
	echo
	echo "# What differs WITH libhvabi (a pair the library allows must show nothing):"
	for ((i = 0; i < ${#series[@]}; i++)); do
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			a=${series[i]} b=${series[j]} p=$a+$b
			if [ "${allow[$p]:-0}" != 1 ]; then
				echo "$a -> $b: refused"
				continue
			fi
			n=$(cell "$a" "$b" pinned)
			echo "$a -> $b: $n"
			[ "$n" = 0 ] || listing "$(p2 "$a")/guest-${pstep[$p]}.txt" "$(p2 "$b")/guest-${pstep[$p]}.txt"
		done
	done
	echo
	echo "# What differs WITHOUT libhvabi (what stock KVM lets a guest see change):"
	for ((i = 0; i < ${#series[@]}; i++)); do
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			a=${series[i]} b=${series[j]}
			n=$(cell "$a" "$b" default)
			echo "$a -> $b: $n"
			[ "$n" = 0 ] || listing "$(p2 "$a")/guest-default.txt" "$(p2 "$b")/guest-default.txt"
		done
	done
	echo
	echo "# May a VM move between two kernels (hvabi baseline of the pair's profiles;"
	echo "# hvabi check of that baseline against each kernel's profile)?"
	for ((i = 0; i < ${#series[@]}; i++)); do
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			p=${series[i]}+${series[j]}
			if [ "${allow[$p]:-0}" = 1 ]; then
				echo "$p: yes"
			else
				echo "$p: refused"
				[ -z "${why[$p]:-}" ] || printf '%s\n' "${why[$p]}"
			fi
		done
	done
	if [ ${#series[@]} -gt 2 ]; then
		echo
		echo "# One pinned set for all (hvabi baseline of every profile), where hvabi check"
		echo "# lets it go: the kernels' guests must agree."
		echo "fleet: baseline rc=${fleet_rc:-?}; may run on: ${fleet_ok[*]:-none}"
		for ((i = 0; i < ${#fleet_ok[@]}; i++)); do
			for ((j = i + 1; j < ${#fleet_ok[@]}; j++)); do
				a=${fleet_ok[i]} b=${fleet_ok[j]}
				f1=$(p2 "$a")/guest-baseline.txt f2=$(p2 "$b")/guest-baseline.txt
				if [ -s "$f1" ] && [ -s "$f2" ]; then
					n=$(differing "$f1" "$f2" | wc -l)
				else
					n=-
				fi
				echo "$a -> $b: $n"
				[ "$n" = 0 ] || listing "$f1" "$f2"
			done
		done
	fi
} > "$results/matrix.txt"
cat "$results/matrix.txt" >&2

# A pair the library lets a VM move between must run its pinned set on
# both kernels and show the guest nothing new.
for ((i = 0; i < ${#series[@]}; i++)); do
	for ((j = i + 1; j < ${#series[@]}; j++)); do
		a=${series[i]} b=${series[j]} p=${series[i]}+${series[j]}
		[ "${allow[$p]:-0}" = 1 ] || continue
		ran=1
		for k in "$a" "$b"; do
			rc=$(awk -v n="vmm-${pstep[$p]}" '$1 == n { print $2 }' "$(p2 "$k")/steps" 2>/dev/null || true)
			if [ "$rc" != rc=0 ]; then
				ran=0
				fail "kernel $k step vmm-${pstep[$p]}: ${rc:-did not run}: the library allows $p but its pinned set did not run as applied (see $(p2 "$k")/vmm-${pstep[$p]}.out)"
			fi
		done
		[ $ran = 1 ] || continue
		n=$(cell "$a" "$b" pinned)
		[ "$n" = 0 ] ||
			fail "matrix $a <-> $b: the library allows the move, but $n guest-visible values differ with the pair's pinned set:
$(listing "$(p2 "$a")/guest-${pstep[$p]}.txt" "$(p2 "$b")/guest-${pstep[$p]}.txt")"
	done
done

for ((i = 0; i < ${#fleet_ok[@]}; i++)); do
	for ((j = i + 1; j < ${#fleet_ok[@]}; j++)); do
		a=${fleet_ok[i]} b=${fleet_ok[j]}
		for k in "$a" "$b"; do
			rc=$(awk '$1 == "vmm-baseline" { print $2 }' "$(p2 "$k")/steps" 2>/dev/null || true)
			[ "$rc" = rc=0 ] ||
				fail "kernel $k step vmm-baseline: ${rc:-did not run}: the library lets the fleet's baseline go there but it did not run as applied"
		done
		f1=$(p2 "$a")/guest-baseline.txt f2=$(p2 "$b")/guest-baseline.txt
		if [ ! -s "$f1" ] || [ ! -s "$f2" ]; then continue; fi
		n=$(differing "$f1" "$f2" | wc -l)
		[ "$n" = 0 ] ||
			fail "fleet baseline $a <-> $b: the library allows it on both, but $n guest-visible values differ:
$(listing "$f1" "$f2")"
	done
done

if [ ${#failures[@]} -gt 0 ]; then
	exit 1
fi
exit 0
