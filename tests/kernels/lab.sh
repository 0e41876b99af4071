# Shared by the kernel lab's run scripts (run.sh: arm64, run-x86.sh: amd64,
# run-riscv.sh: riscv64); sourced, not run.

# lab_cache: the kernel cache setup.sh fills ($HVABI_KERNEL_CACHE, else
# /var/cache/hvabi-kernels as root, else ${XDG_CACHE_HOME:-~/.cache}/hvabi-kernels).
lab_cache() {
	if [ -n "${HVABI_KERNEL_CACHE:-}" ]; then
		echo "$HVABI_KERNEL_CACHE"
	elif [ "$(id -u)" = 0 ]; then
		echo /var/cache/hvabi-kernels
	else
		echo "${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-kernels"
	fi
}

# lab_pack ROOT OUT: ROOT's tree as an initramfs (newc cpio, gzip), files in
# sorted order, owned by root, reproducible.
lab_pack() {
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc --owner=0:0 --reproducible) | gzip -9n > "$2"
}

# lab_split RES: split RES/console.log at /init's markers (init.c) into
# RES/<step>.out, each step's output without the markers, and RES/steps,
# one "<step> rc=<rc> ms=<ms>" line a step ("<step> rc=unfinished" for a
# step the console ends in).
lab_split() {
	awk -v dir="$1" '
		/^=== BEGIN / { name = $3; file = dir "/" name ".out"; printf "" > file; next }
		/^=== END / {
			if (name != "") { close(file); print $3, $4, $5 > (dir "/steps") }
			name = ""; next
		}
		name != "" { print > file }
		END { if (name != "") print name, "rc=unfinished" > (dir "/steps") }
	' "$1/console.log"
	touch "$1/steps"
}

# step_rc RES NAME: the "rc=..." of a step, empty when it did not run.
step_rc() {
	awk -v n="$2" '$1 == n { print $2 }' "$1/steps"
}

# lab_sim_compare RES REL KRAW KDIFF: the simulated model against the real
# kernel REL, seeded with the host's values KDIFF read (RES/host.seed):
# KRAW's facts and the probe's entries (compare.awk), every KDIFF step
# (kdiff-compare.awk). Sets sim_kraw, sim_kprobe and kdiff_agree ("x/y" or
# none) and kdiff_bad (the mismatching steps); RES/sim-KRAW.cmp,
# RES/sim-kprobe.cmp and RES/kdiff.cmp hold the details.
lab_sim_compare() {
	local res=$1 rel=$2 kraw=$3 kdiff=$4

	[ -f "$res/$kdiff.out" ] && grep '^seed ' "$res/$kdiff.out" > "$res/host.seed" || true
	sim_kraw=none sim_kprobe=none kdiff_agree=none
	kdiff_bad=()
	if [ "$(step_rc "$res" "$kraw")" = rc=0 ] && [ "$(step_rc "$res" "$kraw-sim")" = rc=0 ]; then
		awk -v counts=1 -f "$here/compare.awk" "$res/$kraw.out" "$res/$kraw-sim.out" \
			> "$res/sim-$kraw.cmp"
		sim_kraw=$(sed -n 's/^agreement: //p' "$res/sim-$kraw.cmp")
	fi
	if [ "$(step_rc "$res" kprobe)" = rc=0 ] && [ "$(step_rc "$res" kprobe-sim)" = rc=0 ]; then
		awk -v counts=1 -f "$here/compare.awk" "$res/kprobe.out" "$res/kprobe-sim.out" \
			> "$res/sim-kprobe.cmp"
		sim_kprobe=$(sed -n 's/^agreement: //p' "$res/sim-kprobe.cmp")
	fi
	if [ -f "$res/$kdiff.out" ] && [ -f "$res/$kdiff-sim.out" ]; then
		awk -v kernel="$rel" -f "$here/kdiff-compare.awk" "$res/$kdiff.out" \
			"$res/$kdiff-sim.out" > "$res/kdiff.cmp" || true
		kdiff_agree=$(sed -n 's/^agreement: //p' "$res/kdiff.cmp")
		mapfile -t kdiff_bad < <(grep '^mismatch ' "$res/kdiff.cmp" || true)
	fi
}

# lab_boot KERNEL_DIR INITRAMFS RESULT_DIR QEMU [MACHINE-OPTION...]: one boot
# of KERNEL_DIR/vmlinuz under QEMU with the machine options (serial console
# ttyS0, one vCPU, 1 GiB, no network; $timeout seconds at most). The console
# goes to RESULT_DIR/console.log, each step's output to RESULT_DIR/<step>.out
# and the steps' status to RESULT_DIR/steps. Sets qrc (QEMU's status), wall
# (milliseconds) and kvm_ms (milliseconds from QEMU's start to /init's
# "=== HVABI-LAB" line, printed once the modules are loaded; "?" when it
# never came).
lab_boot() {
	local kdir=$1 initrd=$2 res=$3 qemu=$4 t0 line seen=""
	shift 4
	t0=$EPOCHREALTIME
	qrc=0
	set +e +o pipefail
	timeout -k 5 "$timeout" "$qemu" "$@" -smp 1 -m 1024 -nographic -no-reboot -nic none \
		-kernel "$kdir/vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 panic=-1 hvabi.step_timeout=$((timeout * 3 / 4)) ${HVABI_KERNEL_APPEND:-}" \
		< /dev/null 2>&1 |
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s\n' "$line"
		if [ -z "$seen" ] && [[ "$line" == *"=== HVABI-LAB "* ]]; then
			seen=1
			echo "$t0 $EPOCHREALTIME" | awk '{ printf "%d\n", ($2 - $1) * 1000 }' \
				> "$res/kvm_ms"
		fi
	done > "$res/console.raw"
	qrc=${PIPESTATUS[0]}
	set -e -o pipefail
	wall=$(echo "$t0 $EPOCHREALTIME" | awk '{ printf "%d\n", ($2 - $1) * 1000 }')
	kvm_ms=$(cat "$res/kvm_ms" 2>/dev/null || echo "?")
	rm -f "$res/kvm_ms"
	tr -d '\r' < "$res/console.raw" > "$res/console.log"
	rm -f "$res/console.raw"
	lab_split "$res"
}

# lab_guest_lines OUT TXT: the "guest: NAME = VALUE" lines of a VMM's
# output OUT, sorted into TXT (empty when the VMM printed none).
lab_guest_lines() {
	{ grep '^guest: ' "$1" 2>/dev/null || true; } | sed 's/ (.*)$//' | LC_ALL=C sort > "$2"
}

# lab_ptp_answers: a filter of "PREFIX KVM_PTP... = VALUE" lines. KVM's PTP
# call returns the time in x0: only whether it answers is ABI.
lab_ptp_answers() {
	sed -E 's/^(.*KVM_PTP[^ ]* = )0xffffffffffffffff$/\1not-supported/;
		s/^(.*KVM_PTP[^ ]* = )0x[0-9a-f]+$/\1answers/'
}

# lab_differing A B: the names two guests' lines (lab_guest_lines) show
# differently, one "name<TAB>a<TAB>b" line each ("-": the guest has no
# such line).
lab_differing() {
	awk -F' = ' -v OFS='\t' 'FNR == NR { v[$1] = $2; next }
		{ if (!($1 in v)) print $1, "-", $2; else if (v[$1] != $2) print $1, v[$1], $2
		  delete v[$1] }
		END { for (k in v) print k, v[k], "-" }' "$1" "$2"
}

# lab_pair_of A B: the name of the pair of series A and B as the labs spell
# it, the two in the order of the global array "series" ("6.1+7.2").
lab_pair_of() {
	local i j
	for ((i = 0; i < ${#series[@]}; i++)); do
		for ((j = i + 1; j < ${#series[@]}; j++)); do
			if { [ "${series[i]}" = "$1" ] && [ "${series[j]}" = "$2" ]; } ||
			   { [ "${series[i]}" = "$2" ] && [ "${series[j]}" = "$1" ]; }; then
				echo "${series[i]}+${series[j]}"
				return
			fi
		done
	done
}
