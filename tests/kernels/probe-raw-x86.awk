# The library's probe against the raw ioctls on an x86 kernel (run-x86.sh:
# awk -f probe-raw-x86.awk kraw-x86.out kprobe.out). One difference a line:
#
#   only-raw <key> <value>		kraw-x86 read it, the probe has no entry
#   only-probe <key> <value>		the probe has an entry kraw-x86 did not read
#   differ <key> raw: <value> probe: <value>
#   total agree=<n> only-raw=<n> only-probe=<n> differ=<n>
#
# Keys are the probe's (hvabi_key_to_string): every register of every
# KVM_GET_SUPPORTED_CPUID entry (cpuid:<function>:<index>:<reg>) and of
# KVM_GET_SUPPORTED_HV_CPUID (hvcpuid:...), every feature MSR (msr:<index>)
# both ways; capabilities (cap:<n>, the value on a VM) only where the probe
# has an entry, since it records a chosen few. Values compare as numbers
# (hex, leading zeros aside).

function norm(v) {
	v = tolower(v)
	sub(/^0x/, "", v)
	sub(/^0+/, "", v)
	return v == "" ? "0" : v
}

function hexkey(v) {
	return "0x" norm(v)
}

function put(side, k, v) {
	val[side, k] = norm(v)
	if (!(k in seen)) {
		seen[k] = 1
		order[++nkeys] = k
	}
}

FNR == 1 { side++ }

side == 1 && ($1 == "cpuid" || $1 == "hvcpuid") && $3 == "flags" {
	split($2, fi, ".")
	p = $1 ":" hexkey(fi[1]) ":" hexkey(fi[2]) ":"
	put(1, p "eax", $6)
	put(1, p "ebx", $8)
	put(1, p "ecx", $10)
	put(1, p "edx", $12)
}
side == 1 && $1 == "msr" && $3 ~ /^0x/ { put(1, "msr:" hexkey($2), $3) }
side == 1 && $1 == "cap" { rawcap["cap:" $2] = $6 }

side == 2 && $1 == "entry" {
	v = ""
	for (i = 3; i <= NF; i++)
		if ($i ~ /^value=/) {
			v = substr($i, 7)
			break
		}
	if ($2 ~ /^cap:/) {
		probecap[$2] = v
		if (!($2 in seen)) {
			seen[$2] = 1
			order[++nkeys] = $2
		}
	} else if ($2 ~ /^(cpuid|hvcpuid|msr):/) {
		put(2, $2, v)
	}
}

END {
	for (i = 1; i <= nkeys; i++) {
		k = order[i]
		if (k ~ /^cap:/) {
			r = (k in rawcap) ? norm(rawcap[k]) : "0"
			p = norm(probecap[k])
			if (r != p) {
				print "differ", k, "raw:", "0x" r, "probe:", "0x" p
				ndiff++
			} else {
				nagree++
			}
			continue
		}
		if (!((2, k) in val)) {
			print "only-raw", k, "0x" val[1, k]
			nraw++
		} else if (!((1, k) in val)) {
			print "only-probe", k, "0x" val[2, k]
			nprobe++
		} else if (val[1, k] != val[2, k]) {
			print "differ", k, "raw:", "0x" val[1, k], "probe:", "0x" val[2, k]
			ndiff++
		} else {
			nagree++
		}
	}
	printf "total agree=%d only-raw=%d only-probe=%d differ=%d\n", nagree, nraw, nprobe, ndiff
}
