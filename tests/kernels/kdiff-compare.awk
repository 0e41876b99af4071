# Compare kdiff's steps on the real kernel with kdiff-sim's on the seeded
# model (run.sh: awk -v kernel=REL -f kdiff-compare.awk REAL SIM).
#
# A step line is "<step> rc=<rc> value=<value> ioctl=<name>"; lines starting
# with '#' or "seed " are not steps. Steps are matched by name; a step one
# side lacks is a mismatch. Output, one mismatch a line, then the count:
#
#   mismatch kernel=<REL> step=<step> ioctl=<name> real: rc=.. value=.. sim: rc=.. value=..
#   agreement: <N>/<M>
#
# Exit status 1 when any step differs.

function keep(side,	k) {
	if ($0 ~ /^#/ || $1 == "seed" || NF < 4 || $2 !~ /^rc=/)
		return
	k = $1
	val[side, k] = $2 " " $3
	io[k] = substr($4, 7)
	if (!(k in seen)) {
		seen[k] = 1
		order[++n] = k
	}
}

FNR == 1 { side++ }
{ keep(side) }

END {
	for (i = 1; i <= n; i++) {
		k = order[i]
		r = ((1, k) in val) ? val[1, k] : "(no such step)"
		s = ((2, k) in val) ? val[2, k] : "(no such step)"
		if (r == s) {
			agree++
			continue
		}
		printf "mismatch kernel=%s step=%s ioctl=%s real: %s sim: %s\n", kernel, k, io[k], r, s
	}
	printf "agreement: %d/%d\n", agree, n
	exit agree != n
}
