# Compare a real kernel's kraw or kprobe output with the simulated model's
# (run.sh: awk -f compare.awk REAL SIM). One difference a line:
#
#   only-real <kind> <key> <real value...>	the real kernel has it, the model not
#   only-sim <kind> <key> <sim value...>	the model has it, the real kernel not
#   differ <kind> <key> real: <...> sim: <...>
#   total only-real=<n> only-sim=<n> differ=<n>
#
# With -v counts=1 a line "agreement: <equal facts>/<facts>" comes before
# the total line (run-x86.sh).
#
# Facts compared: kraw's "reglist", "reg", "fw", "cap", "target",
# "smccc-filter" and "api" lines, keyed by their first two words (a
# capability missing from one side counts as "sys 0 vm 0"; the timer
# counters compare by presence); kraw-x86's "cpuid", "hvcpuid" and "msr"
# lines keyed by their first two words (kraw-riscv's "isa" and "sbi" too), its "cpuidlist", "hvcpuidlist",
# "msrlist" and "tsc-khz" lines by the first (the TSC frequency is
# measured at boot: it compares by presence); kprobe's "entry" lines,
# keyed by the entry's key.

function keep(line, side,	k, n, f) {
	n = split(line, f, " ")
	if (f[1] == "entry") {
		k = "entry " f[2]
	} else if (f[1] ~ /^(reg|fw|cap|cpuid|hvcpuid|msr|isa|sbi)$/) {
		k = f[1] " " f[2]
	} else if (f[1] == "unclassified") {
		k = f[1] " " f[2]
	} else if (f[1] ~ /^(reglist|target|smccc-filter|api|cpuidlist|hvcpuidlist|msrlist|tsc-khz|classes)$/) {
		k = f[1]
	} else {
		return
	}
	val[side, k] = substr(line, length(k) + 2)
	# The counters (KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_PTIMER_CNT) count:
	# only their presence compares.
	# So does riscv's timer time (KVM_REG_RISCV_TIMER_REG(time)).
	if (k ~ /^reg (0x603000000013df(1a|01)|0x8030000004000001)$/ && val[side, k] ~ /^0x/)
		val[side, k] = "(counter)"
	if (k == "tsc-khz" && val[side, k] ~ /^[0-9]+$/)
		val[side, k] = "(measured)"
	if (!(k in seen)) {
		seen[k] = 1
		order[++nkeys] = k
	}
}

FNR == 1 { side++ }
{ keep($0, side) }

END {
	for (i = 1; i <= nkeys; i++) {
		k = order[i]
		r = ((1, k) in val) ? val[1, k] : ""
		s = ((2, k) in val) ? val[2, k] : ""
		if (k ~ /^cap /) {
			if (r == "")
				r = "sys 0 vm 0"
			if (s == "")
				s = "sys 0 vm 0"
		}
		if (!((1, k) in val) && !(k ~ /^cap /)) {
			print "only-sim", k, s
			nsim++
		} else if (!((2, k) in val) && !(k ~ /^cap /)) {
			print "only-real", k, r
			nreal++
		} else if (r != s) {
			print "differ", k, "real:", r, "sim:", s
			ndiff++
		}
	}
	if (counts)
		printf "agreement: %d/%d\n", nkeys - nreal - nsim - ndiff, nkeys
	printf "total only-real=%d only-sim=%d differ=%d\n", nreal, nsim, ndiff
}
