# The implementation list (issue 16) in the arm64 lab; sourced by run.sh,
# not run. Uses run.sh's globals: out, src, series, rel_of, fail().
#
# impls_sets HVABI: on this machine, with the native `hvabi` CLI, after
# the first boots. P is 7.2's probed profile (the lab's CPU, QEMU max);
# its twin T is P with the CPU of the imported Neoverse V1 fingerprint
# (tests/data/firecracker: MIDR 0x411fd401, REVIDR and AIDR absent, so 0)
# in MIDR_EL1, REVIDR_EL1, AIDR_EL1, their guest.* readings and the
# TARGET_IMPLS member, as a V1 host running 7.2 would probe. Then:
#   set-0.json  `hvabi baseline P T`: the list of both, the lowest pinned
#   set-1.json  `hvabi baseline --pin 1 P T`: member 1 (the V1) pinned, its
#               guest.* readings with it (hvabi_impl_pin())
# and `hvabi check` of both against every kernel's profile. Writes
# results/impls/; sets impls_ok=1 when the sets are as expected (the
# step's phase 2 part then runs). Failures go through fail().
#
# impls_judge: after phase 2, the guests of `arm64_vmm /etc/impls-N.json`
# on every kernel: where check allows the set, every DISCOVER_IMPL answer
# and MIDR/REVIDR/AIDR read as expected; where it refuses, arm64_vmm
# refuses too before starting a guest.

impls_v1=tests/data/firecracker/fingerprint_ARM_NEOVERSE_V1_6.18host.json

# impls_value FILE NAME: the "value" of entry NAME of a JSON set, or nothing.
impls_value() {
	sed -n "/\"name\": \"$2\"/{s/.*\"value\": \"\(0x[0-9a-f]*\)\".*/\1/p;q}" "$1"
}

# impls_list FILE: the TARGET_IMPLS members, "midr revidr aidr" a line.
impls_list() {
	sed -n '/"name": "TARGET_IMPLS"/{s/.*"impls": \[//; s/\]}.*$//; p}' "$1" |
		sed 's/}, {/}\n{/g' |
		sed -n 's/.*"midr": "\(0x[0-9a-f]*\)", "revidr": "\(0x[0-9a-f]*\)", "aidr": "\(0x[0-9a-f]*\)".*/\1 \2 \3/p'
}

# impls_sort TRIPLE...: the triples ("midr revidr aidr") in the list's
# order, ascending by (midr, revidr, aidr) as numbers.
impls_sort() {
	local t m
	for t in "$@"; do
		read -r -a m <<< "$t"
		printf '%016x %016x %016x %s\n' "$((m[0]))" "$((m[1]))" "$((m[2]))" "$t"
	done | LC_ALL=C sort | cut -d' ' -f4-
}

# impls_retriple IN OUT MIDR REVIDR AIDR: IN with the three registers and
# their guest.* readings set to the triple.
impls_retriple() {
	local e=() n v
	for n in MIDR_EL1:$3 REVIDR_EL1:$4 AIDR_EL1:$5; do
		v=${n#*:}
		n=${n%%:*}
		e+=(-e "/\"name\": \"\\(guest\\.\\)\\{0,1\\}$n\"/s/\"value\": \"0x[0-9a-f]*\"/\"value\": \"$v\"/")
	done
	sed "${e[@]}" "$1" > "$2"
}

impls_sets() {
	local hvabi=$1 d=$out/results/impls p t0 s n rc f want
	local -a host v1 list t
	impls_ok=0
	rm -rf "$d"
	mkdir -p "$d"
	p=$out/results/${rel_of[7.2]}/kprobe.json
	t0=$EPOCHREALTIME

	if ! "$hvabi" import --firecracker "$src/$impls_v1" -o "$d/v1-import.json" > "$d/import.txt" 2>&1; then
		fail "impls: hvabi import --firecracker $impls_v1 failed (see $d/import.txt)"
		return
	fi
	v1=("$(impls_value "$d/v1-import.json" MIDR_EL1)"
	    "$(impls_value "$d/v1-import.json" REVIDR_EL1)" "$(impls_value "$d/v1-import.json" AIDR_EL1)")
	v1[1]=${v1[1]:-0x0} v1[2]=${v1[2]:-0x0}
	host=("$(impls_value "$p" MIDR_EL1)" "$(impls_value "$p" REVIDR_EL1)" "$(impls_value "$p" AIDR_EL1)")
	if [ -z "${v1[0]}" ] || [ -z "${host[0]}" ] || [ -z "${host[1]}" ] || [ -z "${host[2]}" ]; then
		fail "impls: no MIDR_EL1/REVIDR_EL1/AIDR_EL1 in $p or the V1 import"
		return
	fi
	if [ "${host[*]}" = "${v1[*]}" ]; then
		fail "impls: the lab's CPU is the V1 itself (${host[*]}): no second implementation"
		return
	fi
	if [ -z "$(impls_list "$p")" ]; then
		fail "impls: 7.2's profile has no TARGET_IMPLS entry ($p)"
		return
	fi

	# The twin: P on a Neoverse V1.
	impls_retriple "$p" "$d/twin.json.tmp" "${v1[@]}"
	sed "/\"name\": \"TARGET_IMPLS\"/s/\"impls\": \[.*\]/\"impls\": [{\"midr\": \"${v1[0]}\", \"revidr\": \"${v1[1]}\", \"aidr\": \"${v1[2]}\"}]/" \
		"$d/twin.json.tmp" > "$d/twin.json"
	rm -f "$d/twin.json.tmp"
	diff "$p" "$d/twin.json" > "$d/twin.diff" || true

	rc=0
	"$hvabi" baseline -o "$d/set-0.json" --report "$d/baseline.txt" "$p" "$d/twin.json" \
		> "$d/baseline.out" 2>&1 || rc=$?
	echo "baseline rc=$rc" >> "$d/baseline.out"
	if [ $rc != 0 ] || [ ! -s "$d/set-0.json" ]; then
		fail "impls: hvabi baseline P T: rc=$rc, the library does not let a VM move between the lab's CPU and its V1 twin (see $d/baseline.txt)"
		return
	fi

	# What the baseline must say: both members, sorted; the lowest pinned;
	# DISCOVER_IMPL advertised (BMAP_2 0x3) and forwarded to the VMM.
	mapfile -t list < <(impls_list "$d/set-0.json")
	want=$(impls_sort "${host[*]}" "${v1[*]}")
	{
		echo "list $(printf '[%s] ' "${list[@]}")"
		echo "pinned $(impls_value "$d/set-0.json" MIDR_EL1) $(impls_value "$d/set-0.json" REVIDR_EL1) $(impls_value "$d/set-0.json" AIDR_EL1)"
		echo "VENDOR_HYP_BMAP_2 $(impls_value "$d/set-0.json" VENDOR_HYP_BMAP_2)"
		echo "SMCCC_FILTER $(sed -n '/"name": "SMCCC_FILTER"/s/.*"ranges": //p' "$d/set-0.json")"
	} > "$d/set-0.txt"
	if [ "$(printf '%s\n' "${list[@]}")" != "$want" ]; then
		fail "impls: set-0's list is [$(printf '%s; ' "${list[@]}")], not [$(echo "$want" | paste -sd';')]"
		return
	fi
	[ "$(sed -n 's/^pinned //p' "$d/set-0.txt")" = "${list[0]}" ] ||
		fail "impls: set-0 pins $(sed -n 's/^pinned //p' "$d/set-0.txt"), not the lowest member ${list[0]}"
	[ "$(impls_value "$d/set-0.json" VENDOR_HYP_BMAP_2)" = 0x3 ] ||
		fail "impls: set-0's VENDOR_HYP_BMAP_2 is not 0x3"
	grep -q '"name": "SMCCC_FILTER".*{"base": "0xc6000040", "count": "0x2", "action": "fwd_to_user"}' "$d/set-0.json" ||
		fail "impls: set-0's SMCCC_FILTER lacks {0xc6000040, 2, fwd_to_user}"

	# Member 1 pinned (here the V1: the QEMU max host must write MIDR), by
	# the library (hvabi_impl_pin(): the registers and their guest.* readings).
	read -r -a t <<< "${list[1]}"
	rc=0
	"$hvabi" baseline --pin 1 -o "$d/set-1.json" "$p" "$d/twin.json" > "$d/baseline-1.out" 2>&1 ||
		rc=$?
	if [ $rc != 0 ] ||
	   [ "$(impls_value "$d/set-1.json" MIDR_EL1) $(impls_value "$d/set-1.json" REVIDR_EL1) $(impls_value "$d/set-1.json" AIDR_EL1)" != "${t[*]}" ]; then
		fail "impls: hvabi baseline --pin 1 did not pin member 1 (${t[*]}): rc=$rc (see $d/baseline-1.out)"
		return
	fi

	# check of both against every kernel's profile, verbatim
	for s in "${series[@]}"; do
		f=$out/results/${rel_of[$s]}/kprobe.json
		for n in 0 1; do
			rc=0
			"$hvabi" check "$d/set-$n.json" "$f" > "$d/check-$s-set-$n.txt" 2>&1 || rc=$?
			echo "check rc=$rc" >> "$d/check-$s-set-$n.txt"
			impls_expect_check "$s" "$f" "$n" "$d/check-$s-set-$n.txt" "$rc"
		done
	done
	echo "host_ms $(echo "$t0 $EPOCHREALTIME" | awk '{ printf "%d", ($2 - $1) * 1000 }')" > "$d/timing"
	impls_ok=1
}

# impls_expect_check SERIES PROFILE N OUT RC: what check must say of set-N
# on that kernel, from its profile's own facts. A kernel with BMAP_2, the
# filter and cap 239 takes both sets; one without BMAP_2 refuses with
# missing-on-destination VENDOR_HYP_BMAP_2, without the filter also
# SMCCC_FILTER, and set-1 (a MIDR not its own) where cap 239 is not 1 with
# not-writable MIDR_EL1. The host's CPU is listed: never not-listed.
impls_expect_check() {
	local s=$1 f=$2 n=$3 o=$4 rc=$5 need=() r
	grep -q '"name": "VENDOR_HYP_BMAP_2"' "$f" ||
		need+=("block missing-on-destination VENDOR_HYP_BMAP_2 ")
	grep -q '"name": "SMCCC_FILTER"' "$f" ||
		need+=("block missing-on-destination SMCCC_FILTER ")
	if [ "$n" = 1 ] && [ "$(impls_value "$f" ARM_WRITABLE_IMP_ID_REGS)" != 0x1 ]; then
		need+=("block not-writable MIDR_EL1 ")
	fi
	if grep -q 'not-listed' "$o"; then
		fail "impls: check of set-$n on $s says not-listed: the lab's CPU is in the list (see $o)"
	fi
	if [ ${#need[@]} = 0 ]; then
		[ "$rc" = 0 ] || fail "impls: check refuses set-$n on $s (rc=$rc), which can serve it (see $o)"
		return
	fi
	[ "$rc" = 1 ] || fail "impls: check of set-$n on $s: rc=$rc, not a refusal (see $o)"
	for r in "${need[@]}"; do
		grep -q "^$r" "$o" || fail "impls: check of set-$n on $s does not say '$r' (see $o)"
	done
}

# impls_expect N: the guest lines (name = value) arm64_vmm must print for
# set-N where it runs.
impls_expect() {
	local d=$out/results/impls n=$1 i k l
	local -a list m
	mapfile -t list < <(impls_list "$d/set-$n.json")
	echo "KVM_FUNC_FEATURES.x0 = $(impls_value "$d/set-$n.json" VENDOR_HYP_BMAP)"
	echo "KVM_FUNC_FEATURES.x1 = 0x0"
	echo "KVM_FUNC_FEATURES.x2 = 0x3"
	echo "KVM_FUNC_FEATURES.x3 = 0x0"
	echo "DISCOVER_IMPL_VER.x0 = 0x0"
	echo "DISCOVER_IMPL_VER.x1 = 0x10000"
	printf 'DISCOVER_IMPL_VER.x2 = 0x%x\n' "${#list[@]}"
	echo "DISCOVER_IMPL_VER.x3 = 0x0"
	for i in 0 1 2 3; do
		if [ $i -lt ${#list[@]} ]; then
			read -r -a m <<< "${list[i]}"
			l=(0x0 "${m[@]}")
		else
			l=(0xfffffffffffffffd 0x0 0x0 0x0)
		fi
		for k in 0 1 2 3; do
			echo "DISCOVER_IMPL_CPUS($i).x$k = ${l[k]}"
		done
	done
	echo "MIDR_EL1 = $(impls_value "$d/set-$n.json" MIDR_EL1)"
	echo "REVIDR_EL1 = $(impls_value "$d/set-$n.json" REVIDR_EL1)"
	echo "AIDR_EL1 = $(impls_value "$d/set-$n.json" AIDR_EL1)"
}

impls_judge() {
	local d=$out/results/impls s n o rc allowed got l
	for s in "${series[@]}"; do
		for n in 0 1; do
			o=$out/results/${rel_of[$s]}/phase2/vmm-impls-$n.out
			rc=$(awk -v k="vmm-impls-$n" '$1 == k { print $2 }' \
				"$out/results/${rel_of[$s]}/phase2/steps")
			allowed=0
			grep -q '^check rc=0$' "$d/check-$s-set-$n.txt" && allowed=1
			{
				echo "## $s (${rel_of[$s]}) set-$n: arm64_vmm /etc/impls-$n.json: ${rc:-did not run}"
				grep -E '^(guest: (KVM_FUNC_FEATURES|DISCOVER_IMPL|MIDR_EL1|REVIDR_EL1|AIDR_EL1)|hypercall:|apply|  |arm64_vmm|mismatch)' "$o" 2>/dev/null || true
			} >> "$d/guests.txt"
			if [ $allowed = 0 ]; then
				[ "$rc" = rc=1 ] && grep -q '^arm64_vmm: this host cannot give the set:' "$o" ||
					fail "kernel $s step vmm-impls-$n: ${rc:-did not run}: hvabi check refuses set-$n here, arm64_vmm did not (see $o)"
				continue
			fi
			[ "$rc" = rc=0 ] ||
				fail "kernel $s step vmm-impls-$n: ${rc:-did not run}: the guest did not see what the set says (see $o)"
			got=$({ grep '^guest: ' "$o" 2>/dev/null || true; } | sed 's/^guest: //; s/ (.*)$//')
			impls_expect $n > "$d/expect-set-$n.txt"
			while IFS= read -r l; do
				grep -qxF "$l" <<< "$got" ||
					fail "kernel $s step vmm-impls-$n: expected '$l', the guest: '$(grep -F "${l%% = *} = " <<< "$got" || echo nothing)'"
			done < "$d/expect-set-$n.txt"
			[ "$(grep -c '^hypercall: ' "$o")" = 5 ] ||
				fail "kernel $s step vmm-impls-$n: $(grep -c '^hypercall: ' "$o") forwarded calls answered, not 5 (VER, CPUS 0-3)"
		done
	done
}
