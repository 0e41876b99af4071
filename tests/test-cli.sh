#!/bin/bash
# The hvabi tool, verb by verb: exit codes, output and error messages.
#
#   test-cli.sh HVABI CASE
#
# Each CASE is one meson test of the 'cli' suite, run in a scratch
# directory of its own. Exit 0 pass, 1 fail, 77 skipped (no /dev/kvm, no
# Firecracker data, no python3 where JSON must be parsed).
set -u

# meson passes the tool relative to the build directory; the cases run elsewhere.
hvabi=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
case_name=$2
here=$(cd "$(dirname "$0")" && pwd)
models_arm64=(arm64-5.10 arm64-6.1 arm64-6.12 arm64-7.2)
# the profiles probe() writes for them
profiles_arm64=("${models_arm64[@]/%/.json}")

t=$(mktemp -d "${TMPDIR:-/tmp}/hvabi-cli.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
cd "$t" || exit 1

fail() {
	echo "FAIL: $*" >&2
	for f in out err; do
		if [ -s "$t/$f" ]; then
			echo "--- std$f of the last command:" >&2
			head -40 "$t/$f" >&2
		fi
	done
	exit 1
}

skip() {
	echo "SKIP: $*"
	exit 77
}

# run RC ARGS...: run hvabi with ARGS, stdout in $t/out, stderr in $t/err;
# the exit status must be RC.
run() {
	local want=$1 rc
	shift
	"$hvabi" "$@" >"$t/out" 2>"$t/err"
	rc=$?
	[ "$rc" = "$want" ] || fail "hvabi $*: exit $rc, want $want"
}

# has FILE TEXT...: FILE (out or err) holds each fixed string TEXT.
has() {
	local f=$1
	shift
	for s in "$@"; do
		grep -qF -- "$s" "$t/$f" || fail "std$f lacks '$s'"
	done
}

# has_re FILE REGEX: a line of FILE matches the extended REGEX.
has_re() {
	grep -qE -- "$2" "$t/$1" || fail "std$1 has no line matching '$2'"
}

empty() {
	[ ! -s "$t/$1" ] || fail "std$1 is not empty"
}

need_python() {
	command -v python3 >/dev/null || skip "python3 is needed to parse the JSON output"
}

# json FILE [PYTHON]: FILE parses as JSON; PYTHON, given d (the document),
# must not raise.
json() {
	python3 - "$1" "${2:-pass}" <<'EOF' || fail "$1: not valid JSON, or the check failed"
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
exec(sys.argv[2])
EOF
}

probe() {
	for m in "$@"; do
		"$hvabi" probe --sim "$m" -o "$m.json" || fail "probe --sim $m"
	done
}

verbs="probe baseline check diff show encode decode apply import"

case $case_name in
help)
	run 0 --help
	has out "Usage: hvabi [-j] VERB" "Exit status" "-j, --json"
	for v in $verbs; do
		has out "  $v "
	done
	run 0 help
	has out "Usage: hvabi [-j] VERB"
	run 0 --version
	has_re out '^hvabi [0-9]+\.[0-9]+\.[0-9]+ \(libhvabi [0-9]+\.[0-9]+\.[0-9]+\)$'
	[ "$(wc -l <"$t/out")" = 1 ] || fail "--version prints more than the versions"
	for v in $verbs; do
		run 0 "$v" --help
		head -1 "$t/out" | grep -q "^Usage: hvabi $v" || fail "$v --help: no usage line"
		has out "Exit status" "-h, --help"
		empty err
		run 0 "$v" -h
		has out "Usage: hvabi $v"
		run 0 help "$v"
		has out "Usage: hvabi $v"
		run 2 "$v" --no-such-option
		has err "hvabi $v: unknown option '--no-such-option'" "Usage: hvabi $v"
		empty out
		run 2 "$v" -Z
		has err "unknown option '-Z'"
		# Every verb takes the global -j/--json and says so.
		run 0 "$v" --help
		has out "-j, --json"
	done
	run 2
	has err "Usage: hvabi [-j] VERB"
	empty out
	run 2 frobnicate
	has err "hvabi: unknown verb 'frobnicate'" "Usage: hvabi [-j] VERB"
	run 2 --frobnicate
	has err "unknown option '--frobnicate'"
	run 2 help frobnicate
	has err "unknown verb"
	run 2 probe -o
	has err "option '-o' needs an argument"
	run 2 check --json=yes a b
	has err "option '--json=yes' takes no argument"
	;;

probe-sim)
	need_python
	run 0 probe --sim list
	for m in "${models_arm64[@]}" riscv-6.6 x86-6.1; do
		grep -qx -- "$m" "$t/out" || fail "probe --sim list lacks $m"
	done
	models=$(cat "$t/out")
	for m in $models; do
		run 0 probe --sim "$m" -o "$m.json"
		empty out
		empty err
		case $m in
		arm64-*) arch=arm64 ;;
		x86-*) arch=x86_64 ;;
		riscv-*) arch=riscv64 ;;
		*) arch= ;;
		esac
		json "$m.json" "assert d['format'] == 'libhvabi' and d['origin'] == 'simulated'
assert '$arch' == '' or d['arch'] == '$arch', d['arch']
assert len(d['entries']) > 10"
		# Standard output gets the same bytes as -o.
		run 0 probe --sim "$m"
		cmp -s "$t/out" "$m.json" || fail "probe --sim $m: stdout differs from -o"
	done
	run 2 probe --sim no-such-model -o x.json
	has err "hvabi: no simulated model 'no-such-model'" "arm64-6.12"
	empty out
	[ ! -e x.json ] || fail "a failed probe wrote a profile"
	run 2 probe --sim arm64-6.1 --device /dev/kvm
	has err "--device and --sim exclude each other"
	run 2 probe --sim arm64-6.1 extra
	has err "unexpected argument 'extra'"
	# what a guest reads, and vCPUs made with other features
	run 0 probe --sim arm64-7.2 --guest-reads --vcpu-features sve,PMU_V3 -o g.json
	json g.json "e = {x['key']: x for x in d['entries']}
assert e['vcpu:2']['value'] == '0x1c', e['vcpu:2']
assert e['vcpu:3']['value'] == '0x3'
assert e['guest:0x603000000013df00']['name'] == 'guest.CNTFRQ_EL0'"
	run 2 probe --sim arm64-7.2 --vcpu-features sve,nope
	has err "unknown vCPU feature in 'sve,nope'"
	run 2 probe --sim arm64-7.2 --vcpu-features EL1_32BIT
	has err "Invalid argument"
	run 2 probe --sim x86-6.1 --guest-reads
	has err "Operation not supported"
	# the guest step's program is A64: not on an AArch32 EL1
	run 2 probe --sim arm64-7.2 --guest-reads --vcpu-features EL1_32BIT
	has err "Operation not supported"
	;;

probe-nodev)
	run 2 probe --device /nonexistent
	has err "hvabi: cannot open /nonexistent: No such file or directory (no KVM on this host? try --sim MODEL)"
	empty out
	run 2 probe --device /nonexistent -o x.json
	[ ! -e x.json ] || fail "probe without a device wrote a profile"
	# A device that is not KVM: open works, KVM_GET_API_VERSION does not.
	run 2 probe --device /dev/null
	has err "hvabi: cannot use /dev/null: not a KVM device"
	empty out
	;;

probe-kvm)
	need_python
	if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
		skip "no usable /dev/kvm"
	fi
	run 0 probe -o host.json
	json host.json "assert d['origin'] == 'probed' and len(d['entries']) > 0"
	run 0 show host.json
	run 0 check host.json host.json
	has out "compatible:"
	# A host's own profile, applied to it: every write is accepted.
	# Some KVMs rewrite CPUID registers they are given (KVM_GET_CPUID2
	# reads back other values); apply must then say so, entry by entry,
	# and exit 1 - never claim them, never report a refusal.
	"$hvabi" apply --vcpus 2 --all host.json >"$t/out" 2>"$t/err"
	rc=$?
	if [ "$rc" = 0 ]; then
		has out "applied: host.json on /dev/kvm"
	elif [ "$rc" = 1 ]; then
		grep -q '^block ' "$t/out" || fail "apply exit 1 without a block item"
		if grep '^block ' "$t/out" | grep -qv '^block not-kept '; then
			fail "apply on this host refused something: $(grep '^block ' "$t/out" | grep -v not-kept | head -1)"
		fi
		has_re out '^info written CPUID'
	else
		fail "hvabi apply --vcpus 2 host.json: exit $rc, want 0 or 1"
	fi
	;;

baseline)
	need_python
	probe "${models_arm64[@]}" x86-6.1
	"$hvabi" baseline -o base.json --report report.txt "${profiles_arm64[@]}" >"$t/out" 2>"$t/err"
	rc=$?
	case $rc in
	0) ! grep -q '^block ' report.txt || fail "baseline exit 0 with a blocking item" ;;
	1)
		grep -q '^block ' report.txt || fail "baseline exit 1 without a blocking item"
		has err "block"
		;;
	*) fail "baseline of the arm64 models: exit $rc" ;;
	esac
	empty out
	[ -s report.txt ] || fail "no report"
	[ "$rc" = 0 ] || has_re err '^hvabi: [0-9]+ items? blocks?: '
	json base.json "assert d['arch'] == 'arm64' and d['origin'] == 'computed'"
	# Every host accepts what it takes part in: PSCI is lowered to what all accept.
	grep -q 'lowered PSCI_VERSION' report.txt || fail "report lacks the lowered PSCI_VERSION"
	# Without --report the report goes to standard error, without -o the set to stdout.
	"$hvabi" baseline "${profiles_arm64[@]}" >"$t/out" 2>"$t/err"
	[ $? = "$rc" ] || fail "baseline exit status changed between runs"
	cmp -s "$t/out" base.json || fail "baseline to stdout differs from -o"
	grep -v '^hvabi: ' "$t/err" | cmp -s - report.txt || fail "report on stderr differs from --report"
	# Exit 0: hosts that agree.
	run 0 baseline -o same.json arm64-6.12.json arm64-6.12.json
	# Exit 1: two hosts disagreeing on an exact entry (MIDR_EL1); the set is still written.
	python3 - <<'EOF' || fail "cannot build the conflicting profile"
import json
d = json.load(open('arm64-6.12.json'))
for e in d['entries']:
    if e.get('name') == 'MIDR_EL1':
        e['value'] = '0x410fd0c0'
json.dump(d, open('other-cpu.json', 'w'), indent=1)
EOF
	run 1 baseline -o conflict.json arm64-6.12.json other-cpu.json
	has err "block conflict MIDR_EL1 reg:0x603000000013c000" "hvabi: 1 item blocks"
	json conflict.json
	# Exit 2.
	run 2 baseline -o mixed.json arm64-6.12.json x86-6.1.json
	has err "hvabi: x86-6.1.json: an x86_64 profile, but arm64-6.12.json is arm64"
	[ ! -e mixed.json ] || fail "a failed baseline wrote a set"
	run 2 baseline
	has err "no PROFILE given"
	run 2 baseline arm64-6.12.json nosuch.json
	has err "hvabi: nosuch.json: No such file or directory"
	;;

check)
	need_python
	probe arm64-6.12 arm64-7.2 x86-6.1
	# A VM left at 7.2's defaults may not roll back to 6.12: PSCI 1.3 is beyond it.
	run 1 check arm64-7.2.json arm64-6.12.json
	has_re out '^block beyond-destination PSCI_VERSION reg:0x6030000000140000 source=0x10003 destination=0x10001: '
	has out "not compatible: "
	tail -1 "$t/out" | grep -q '^not compatible: [0-9]* items* blocks* moving arm64-7.2.json to arm64-6.12.json$' ||
		fail "no verdict line"
	grep -q '^info ' "$t/out" && fail "info items without --all"
	run 1 check --all arm64-7.2.json arm64-6.12.json
	has_re out '^info missing-implied-ok VENDOR_HYP_BMAP_2 '
	run 0 check arm64-6.12.json arm64-6.12.json
	has_re out '^compatible: arm64-6.12.json may move to arm64-6.12.json'
	# --json: the library's report schema, every item, with the members
	# docs/formats.md names.
	run 1 check --json arm64-7.2.json arm64-6.12.json
	cp "$t/out" check.json
	json check.json "
assert set(d) == {'ok', 'items'} and d['ok'] is False
for r in d['items']:
    assert set(r) == {'name', 'key', 'reason', 'severity', 'source', 'destination', 'error',
                      'message'}, r
p = [r for r in d['items'] if r['name'] == 'PSCI_VERSION']
assert p == [{'name': 'PSCI_VERSION', 'key': 'reg:0x6030000000140000',
              'reason': 'beyond-destination', 'severity': 'block', 'source': '0x10003',
              'destination': '0x10001', 'error': 0, 'message': p[0]['message']}], p
assert any(r['severity'] == 'info' for r in d['items'])"
	# The same bytes with -j before the verb.
	run 1 -j check arm64-7.2.json arm64-6.12.json
	cmp -s "$t/out" check.json || fail "-j before the verb prints another report"
	run 0 check --json arm64-6.12.json arm64-6.12.json
	cp "$t/out" ok.json
	json ok.json "assert d['ok'] is True"
	# A blob is as good as JSON.
	"$hvabi" encode arm64-7.2.json -o arm64-7.2.blob || fail "encode"
	run 1 check arm64-7.2.blob arm64-6.12.json
	has_re out '^block beyond-destination PSCI_VERSION '
	# Different architectures are not compatible (1), not bad input (2).
	run 1 check x86-6.1.json arm64-6.12.json
	has out "arch-mismatch"
	run 2 check arm64-6.12.json
	has err "SET and PROFILE wanted"
	run 2 check a b c
	has err "unexpected argument 'c'"
	run 2 check arm64-6.12.json nosuch.json
	has err "hvabi: nosuch.json: No such file or directory"
	empty out
	;;

diff)
	probe arm64-6.12 arm64-7.2 x86-6.1
	run 0 diff arm64-6.12.json arm64-6.12.json
	empty out
	"$hvabi" encode arm64-6.12.json -o arm64-6.12.blob || fail "encode"
	run 0 diff arm64-6.12.json arm64-6.12.blob
	empty out
	run 1 diff arm64-6.12.json arm64-7.2.json
	has out "--- arm64-6.12.json (arm64, kernel " "+++ arm64-7.2.json (arm64, kernel "
	has_re out '^~ PSCI_VERSION reg:0x6030000000140000 version: value 0x10001 -> 0x10003; max 0x10001 -> 0x10003$'
	has_re out '^\+ VENDOR_HYP_BMAP_2 reg:0x6030000000160003 bitmap value=0x0'
	has_re out '^0 only in arm64-6.12.json, 2 only in arm64-7.2.json, [0-9]+ differ'
	run 1 diff arm64-7.2.json arm64-6.12.json
	has_re out '^- VENDOR_HYP_BMAP_2 reg:0x6030000000160003 bitmap '
	has_re out '^~ PSCI_VERSION .*: value 0x10003 -> 0x10001'
	run 1 diff arm64-6.12.json x86-6.1.json
	has out "! arch arm64 -> x86_64"
	run 2 diff arm64-6.12.json
	has err "two sets wanted"
	run 2 diff arm64-6.12.json nosuch.json
	has err "hvabi: nosuch.json: No such file or directory"
	;;

show)
	need_python
	probe arm64-6.1 x86-6.1 arm64-7.2
	run 0 show arm64-6.1.json
	has out "arm64-6.1.json: arm64, kernel " "NAME" "KEY" "KIND" "SCOPE" "VALUE" "FACTS" "MEANING"
	# Bit names: VENDOR_HYP_BMAP 0x3 is FUNC_FEAT and PTP.
	has_re out '^VENDOR_HYP_BMAP +reg:0x6030000000160002 +bitmap +vm +0x3 +max=0x3 +.*PTP'
	has_re out '^STD_BMAP +reg:0x6030000000160000 .* TRNG'
	# ID fields, each with its value (read here from the profile itself).
	fields=$(python3 -c '
import json
d = json.load(open("arm64-6.1.json"))
v = int([e for e in d["entries"] if e.get("name") == "ID_AA64PFR0_EL1"][0]["value"], 16)
print("CSV2=%d" % (v >> 56 & 15), "FP=%d" % (v >> 16 & 15))') || fail "python3"
	for f in $fields; do
		has_re out "^ID_AA64PFR0_EL1 .* $f( |\$)"
	done
	has_re out '^CTR_EL0 .* L1Ip=[0-9]'
	has_re out '^PSCI_VERSION +reg:0x6030000000140000 +version +vm +0x10001 +max=0x10001 min=0x2$'
	grep -q ' $' "$t/out" && fail "show leaves trailing blanks"
	# A blob shows the same table.
	cp "$t/out" json.txt
	"$hvabi" encode arm64-6.1.json -o arm64-6.1.blob || fail "encode"
	run 0 show arm64-6.1.blob
	diff <(tail -n +2 json.txt) <(tail -n +2 "$t/out") >/dev/null ||
		fail "show of the blob differs from show of the JSON"
	# CPUID feature flags.
	run 0 show x86-6.1.json
	has_re out '^CPUID\.0x1\.0x0\.edx +cpuid:0x1:0x0:edx .* FPU'
	# Selected entries, by name or key, and the catalogue's summaries.
	run 0 show -v arm64-7.2.json PSCI_VERSION reg:0x6030000000160003 SMCCC_FILTER
	[ "$(grep -c '^[A-Z]' "$t/out")" = 4 ] || fail "show ENTRY...: not 3 rows and a header"
	has_re out '^VENDOR_HYP_BMAP_2 .* none$'
	has_re out '^SMCCC_FILTER .* no ranges$'
	has_re out '^ +PSCI version'
	run 2 show arm64-7.2.json NO_SUCH_ENTRY
	has err "'NO_SUCH_ENTRY' is neither a key nor an arm64 entry name"
	run 2 show
	has err "no FILE given"
	;;

codec)
	probe "${models_arm64[@]}" riscv-6.6 x86-6.1
	for m in "${models_arm64[@]}" riscv-6.6 x86-6.1; do
		run 0 encode "$m.json" -o "$m.blob"
		empty out
		head -c 4 "$m.blob" | grep -q HVAB || fail "$m.blob: no magic"
		run 0 decode "$m.blob" -o "$m.rt.json"
		cmp -s "$m.json" "$m.rt.json" || fail "$m: decode(encode(json)) differs from the json"
		run 0 encode "$m.rt.json" -o "$m.rt.blob"
		cmp -s "$m.blob" "$m.rt.blob" || fail "$m: the blob is not deterministic"
		run 0 decode "$m.blob"
		cmp -s "$t/out" "$m.json" || fail "$m: decode to stdout differs"
		# '-' reads standard input; without -o the blob goes to stdout (not a tty here).
		"$hvabi" encode - <"$m.json" >stdin.blob || fail "encode from stdin"
		cmp -s stdin.blob "$m.blob" || fail "$m: encode from stdin differs"
	done
	run 2 decode arm64-6.1.json
	has err "hvabi: arm64-6.1.json: a JSON profile, not a blob"
	run 2 encode arm64-6.1.blob -o x.blob
	has err "hvabi: arm64-6.1.blob: a blob, not a JSON profile"
	[ ! -e x.blob ] || fail "a failed encode wrote a blob"
	run 2 encode
	has err "no input file given"
	;;

errors)
	probe arm64-6.1
	# Malformed JSON: file:line:column and what is wrong.
	printf '{\n  "format": "libhvabi",\n  "version": 1,\n  "arch": "arm64"\n  "entries": []\n}\n' >bad.json
	for v in show "check bad.json" "diff bad.json" baseline encode apply; do
		# shellcheck disable=SC2086
		run 2 $v bad.json
		has_re err '^hvabi: bad\.json:5:3: '
		empty out
	done
	# The value that does not fit, as docs/formats.md words it.
	printf '{"format": "libhvabi", "version": 1, "arch": "arm64", "entries": [\n {"key": "reg:0x6030000000140000", "kind": "exact", "scope": "vm", "width": 2,\n  "value":      "0x1ffff"}]}\n' >profile.json
	run 2 show profile.json
	has err "hvabi: profile.json:3:17: value 0x1ffff does not fit width 2"
	: >empty.json
	run 2 show empty.json
	has_re err '^hvabi: empty\.json:1:1: '
	# A corrupt blob: the byte offset and the CRC.
	"$hvabi" encode arm64-6.1.json -o good.blob || fail "encode"
	python3 -c '
import sys
b = bytearray(open("good.blob", "rb").read())
b[len(b) // 2] ^= 0xff
open("corrupt.blob", "wb").write(b)
open("short.blob", "wb").write(b[:40])' || fail "python3"
	for v in show decode "check good.blob" "diff good.blob"; do
		# shellcheck disable=SC2086
		run 2 $v corrupt.blob
		has_re err '^hvabi: corrupt\.blob: offset [0-9]+: CRC32C'
	done
	run 2 decode short.blob
	has_re err '^hvabi: short\.blob: offset 8: '
	# Missing and unreadable files.
	for v in show decode encode "check arm64-6.1.json" "diff arm64-6.1.json" baseline \
		"apply --sim arm64-6.1"; do
		# shellcheck disable=SC2086
		run 2 $v nosuch.json
		has err "hvabi: nosuch.json: No such file or directory"
		empty out
	done
	run 2 show "$t"
	has err "Is a directory"
	# Unwritable output: nothing is left behind.
	run 2 probe --sim arm64-6.1 -o "$t/no/such/dir/x.json"
	has err "hvabi: cannot write $t/no/such/dir/x.json: No such file or directory"
	run 2 decode corrupt.blob -o out.json
	[ ! -e out.json ] || fail "a failed decode wrote its output"
	for f in "$t"/*.json.* "$t"/*.blob.*; do
		[ ! -e "$f" ] || fail "a temporary file was left behind: $f"
	done
	# Writing to a device does not replace it.
	run 0 decode good.blob -o /dev/null
	[ -c /dev/null ] || fail "/dev/null is no longer a device"
	;;

apply-sim)
	probe "${models_arm64[@]}" riscv-6.6 x86-6.1
	"$hvabi" baseline -o base.json "${profiles_arm64[@]}" 2>/dev/null
	[ -s base.json ] || fail "no baseline"
	for m in "${models_arm64[@]}"; do
		run 0 apply --sim "$m" base.json
		has_re out "^applied: base.json on simulated $m, [0-9]+ entries written and read back on 1 vCPU$"
		grep -q '^block ' "$t/out" && fail "apply on $m: a blocking item"
	done
	run 0 apply --sim arm64-6.12 --vcpus 4 --all base.json
	has_re out '^info written PSCI_VERSION reg:0x6030000000140000 '
	has out "read back on 4 vCPUs"
	# Each model takes its own defaults.
	for m in arm64-7.2 riscv-6.6 x86-6.1; do
		run 0 apply --sim "$m" "$m.json"
	done
	# A profile of vCPUs with SVE: the scratch vCPUs are made with that
	# feature and SVE's lengths, finalized, as the set says. (Not PMU_V3:
	# the simulated kernels list no PMU registers, so a PMU vCPU there
	# cannot show its PMU to apply's check of the features.)
	run 0 probe --sim arm64-6.12 --vcpu-features SVE -o feat.json
	run 0 apply --sim arm64-6.12 --vcpus 2 feat.json
	has_re out "^applied: feat.json on simulated arm64-6.12, [0-9]+ entries written and read back on 2 vCPUs$"
	# A VM left at 7.2's defaults cannot be made on 6.12. Apply writes the
	# ID registers first and stops at the first refusal, so PSCI_VERSION is
	# named as not verified...
	run 1 apply --sim arm64-6.12 arm64-7.2.json
	has_re out '^block refused '
	has_re out '^block (refused|not-verified) PSCI_VERSION reg:0x6030000000140000 '
	has_re out '^not applied: arm64-7.2.json on simulated arm64-6.12: '
	# ...and, with the ID registers 6.12's hardware has, refused itself.
	python3 - <<'EOF' || fail "cannot build the 7.2 firmware set"
import json
a = json.load(open('arm64-7.2.json'))
b = {e['key']: e for e in json.load(open('arm64-6.12.json'))['entries']}
ids = 'reg:0x603000000013'
a['entries'] = [b.get(e['key']) if e['key'].startswith(ids) else e for e in a['entries']]
a['entries'] = [e for e in a['entries'] if e]
json.dump(a, open('fw-7.2.json', 'w'), indent=1)
EOF
	run 1 apply --sim arm64-6.12 fw-7.2.json
	has_re out '^block refused PSCI_VERSION reg:0x6030000000140000 source=0x10003 error=-22: '
	# Two CPUs on 7.2: baseline says which host brought which, show names
	# them, apply writes the pinned CPU over the host's (cap 239), and 6.12
	# cannot show it.
	python3 - <<'EOF' || fail "cannot build the QEMU max twin"
import json
d = json.load(open('arm64-7.2.json'))
for e in d['entries']:
    if e.get('name') in ('MIDR_EL1', 'REVIDR_EL1', 'AIDR_EL1'):
        e['value'] = '0xf0510' if e['name'] == 'MIDR_EL1' else '0x0'
    if e.get('name') == 'TARGET_IMPLS':
        e['impls'] = [{'midr': '0xf0510', 'revidr': '0x0', 'aidr': '0x0'}]
json.dump(d, open('qmax-7.2.json', 'w'), indent=1)
EOF
	run 0 baseline -o two.json arm64-7.2.json qmax-7.2.json
	has_re err '^info added TARGET_IMPLS smccc:0xc6000041 source=0xf0510: host #1 \(7\.2[^)]*\) adds QEMU max r0p0 '
	has_re err '^info added TARGET_IMPLS smccc:0xc6000041 source=0x411fd401: host #0 .* adds Neoverse V1 r1p1 '
	run 0 show two.json
	has_re out '^TARGET_IMPLS +smccc:0xc6000041 +implset +vm +0xf0510 QEMU max r0p0 \(REVIDR 0x0, AIDR 0x0\), 0x411fd401 Neoverse V1 r1p1 '
	run 0 apply --sim arm64-7.2 two.json
	run 1 apply --sim arm64-6.12 two.json
	has err "not applied: simulated arm64-6.12 cannot show the set's pinned CPU"
	run 1 check two.json arm64-6.12.json
	has_re out '^block not-writable MIDR_EL1 reg:0x603000000013c000 source=0xf0510 destination=0x411fd401: '
	# --pin: another member shown, the guest's reading with it
	run 0 baseline --pin 1 -o two-v1.json arm64-7.2.json qmax-7.2.json
	json two-v1.json "assert [e['value'] for e in d['entries'] if e.get('name') == 'MIDR_EL1'] == ['0x411fd401']"
	run 0 check two-v1.json qmax-7.2.json
	run 2 baseline --pin 2 -o /dev/null arm64-7.2.json qmax-7.2.json
	has err "--pin 2: the baseline's CPU list has no such member"
	run 2 baseline --pin x arm64-7.2.json
	has err "--pin wants a member of the CPU list, 0 to 9, not 'x'"
	# Exit 2: bad input and usage.
	run 2 apply --sim arm64-6.12 x86-6.1.json
	has err "hvabi: x86-6.1.json: the set is for x86_64, but simulated arm64-6.12 is arm64"
	run 2 apply --sim arm64-6.12 --vcpus 0 base.json
	has err "--vcpus wants a number from 1 to"
	run 2 apply --sim arm64-6.12 --vcpus 2x base.json
	run 2 apply --sim arm64-6.12
	has err "no SET given"
	run 2 apply --sim no-such-model base.json
	has err "no simulated model 'no-such-model'"
	run 2 apply --device /nonexistent base.json
	has err "hvabi: cannot open /nonexistent: No such file or directory (no KVM on this host? try --sim MODEL)"
	run 0 apply --sim list
	has out "arm64-6.12"
	;;

import)
	data=${HVABI_FC_CORPUS:-}
	if [ -z "$data" ] || [ ! -d "$data" ]; then
		skip "no Firecracker fingerprints (meson -Dfirecracker-corpus)"
	fi
	fingerprints=("$data"/fingerprint_*.json)
	[ -e "${fingerprints[0]}" ] || fail "no fingerprints in $data"
	need_python
	for f in "${fingerprints[@]}"; do
		case $f in
		*_ARM_*) arch=arm64 ;;
		*) arch=x86_64 ;;
		esac
		run 0 import --firecracker "$f" -o imported.json
		empty out
		json imported.json "assert d['arch'] == '$arch' and d['origin'] == 'imported'
assert len(d['entries']) > 0"
		run 0 show imported.json
	done
	# The same through standard input.
	f=${fingerprints[0]}
	"$hvabi" import --firecracker "$f" >a.json || fail "import to stdout"
	"$hvabi" import --firecracker - <"$f" >b.json || fail "import from stdin"
	cmp -s a.json b.json || fail "import from stdin differs"
	# Not a fingerprint: refused with the file named.
	printf '{\n  "firecracker_version": 1\n}\n' >notfc.json
	run 2 import --firecracker notfc.json -o x.json
	has_re err '^hvabi: notfc\.json'
	[ ! -e x.json ] || fail "a failed import wrote a set"
	run 2 import "$f"
	has err "say what FILE is: --firecracker"
	run 2 import --firecracker nosuch.json
	has err "hvabi: nosuch.json: No such file or directory"
	;;

json)
	need_python
	probe arm64-6.12 arm64-7.2 x86-6.1
	# --version and the simulated models.
	run 0 -j --version
	json "$t/out" "assert set(d) == {'version', 'libhvabi'}"
	run 0 -j probe --sim list
	json "$t/out" "assert 'arm64-6.12' in d and 'x86-6.1' in d"
	run 0 apply --sim list --json
	json "$t/out" "assert 'riscv-6.6' in d"
	# baseline: the report as JSON, where the text would go.
	python3 - <<'EOF' || fail "cannot build the conflicting profile"
import json
d = json.load(open('arm64-6.12.json'))
for e in d['entries']:
    if e.get('name') == 'MIDR_EL1':
        e['value'] = '0x410fd0c0'
json.dump(d, open('other-cpu.json', 'w'), indent=1)
EOF
	run 1 baseline --json -o base.json --report report.json arm64-6.12.json other-cpu.json
	empty out
	empty err
	json report.json "assert d['ok'] is False
assert [i['reason'] for i in d['items'] if i['severity'] == 'block'] == ['conflict']"
	json base.json "assert d['origin'] == 'computed'"
	run 0 -j baseline arm64-7.2.json arm64-7.2.json
	json "$t/out" "assert d['format'] == 'libhvabi'"
	json "$t/err" "assert d['ok'] is True"
	# apply: the report alone.
	run 0 -j apply --sim arm64-6.12 --vcpus 2 arm64-6.12.json
	json "$t/out" "assert d['ok'] is True and d['items']
assert not [i for i in d['items'] if i['severity'] != 'info']"
	run 1 apply --sim arm64-6.12 -j arm64-7.2.json
	json "$t/out" "assert d['ok'] is False
assert any(i['reason'] == 'refused' and i['error'] < 0 for i in d['items'])"
	# diff: both sides' entries as the JSON format writes them.
	run 1 -j diff arm64-6.12.json arm64-7.2.json
	json "$t/out" "assert d['comparable'] is True and d['equal'] is False
assert d['a']['file'] == 'arm64-6.12.json' and d['b']['count'] > 0
c = {x['name']: x for x in d['changes']}
p = c['PSCI_VERSION']
assert p['change'] == 'changed' and p['a']['value'] == '0x10001' and p['b']['value'] == '0x10003'
assert c['VENDOR_HYP_BMAP_2']['change'] == 'added' and c['VENDOR_HYP_BMAP_2']['a'] is None"
	run 0 diff -j arm64-6.12.json arm64-6.12.json
	json "$t/out" "assert d['equal'] is True and d['changes'] == []"
	run 1 diff arm64-6.12.json x86-6.1.json -j
	json "$t/out" "assert d['comparable'] is False and d['changes'] == []"
	# show: every entry as the set holds it, or those asked for, with what it means.
	run 0 -j show arm64-7.2.json
	json "$t/out" "s = json.load(open('arm64-7.2.json'))
assert d['count'] == len(s['entries'])
assert [{k: v for k, v in e.items() if k not in ('meaning', 'summary')}
        for e in d['entries']] == s['entries']"
	run 0 -j show arm64-7.2.json VENDOR_HYP_BMAP PSCI_VERSION
	json "$t/out" "e = d['entries']
assert [x['name'] for x in e] == ['VENDOR_HYP_BMAP', 'PSCI_VERSION']
assert 'PTP' in e[0]['meaning'] and e[1]['meaning'] is None and e[1]['summary']"
	# Errors: one object on standard output, nothing on standard error,
	# the exit status of the text mode.
	for args in "check arm64-6.12.json" "check arm64-6.12.json nosuch.json" \
		"diff nosuch.json arm64-6.12.json" "show arm64-7.2.json NO_SUCH_ENTRY" \
		"apply --sim no-such-model arm64-6.12.json" "probe --device /nonexistent" \
		"baseline" "baseline arm64-6.12.json x86-6.1.json" "decode arm64-6.12.json" \
		"check --bogus a b" "frobnicate"; do
		# shellcheck disable=SC2086
		run 2 -j $args
		json "$t/out" "assert list(d) == ['error'] and d['error']"
		empty err
	done
	run 2 check arm64-6.12.json nosuch.json --json
	json "$t/out" "assert d == {'error': 'nosuch.json: No such file or directory'}, d"
	;;

man)
	page=$here/../tools/hvabi.1
	[ -f "$page" ] || fail "no man page at $page"
	for v in $verbs; do
		grep -q "^\.B $v\$" "$page" || fail "the man page does not describe '$v'"
	done
	for s in NAME SYNOPSIS DESCRIPTION VERBS OPTIONS "EXIT STATUS" DIAGNOSTICS EXAMPLES; do
		grep -q "^\.SH $s\$" "$page" || fail "the man page has no $s section"
	done
	# Every long option a verb's --help offers is in the man page.
	for v in $verbs; do
		"$hvabi" "$v" --help | grep -oE -- '--[a-z]+' | sort -u | while read -r o; do
			grep -qF -- "\\-\\-${o#--}" "$page" || { echo "$v $o"; exit 1; }
		done || fail "an option of '$v' is missing from the man page"
	done
	command -v groff >/dev/null || skip "no groff to check the page's markup"
	groff -man -ww -z -Tutf8 "$page" 2>"$t/err" || fail "groff failed"
	empty err
	;;

*)
	echo "unknown case '$case_name'" >&2
	exit 1
	;;
esac
exit 0
