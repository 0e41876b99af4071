#!/bin/bash
# The kernel lab with a real VMM: inside each real arm64 kernel (booted as
# run.sh boots them: the host's qemu-system-aarch64, TCG, EL2), QEMU with
# the libhvabi patches (contrib/qemu) runs a real Linux guest with -accel
# kvm, with the kernel's defaults and pinned to the fleet's set, saves it to
# a disk, and another kernel restores it: stock behaviour (no option)
# against -accel kvm,hvabi-set=FILE.
#
#   tests/kernels/run-qemu.sh [--out DIR] [--timeout SECONDS] [--pairs LIST]
#                             [--impls-only] [SERIES...]
#
# SERIES default to $HVABI_KERNEL_SERIES, else "6.1 6.12 7.2" (fetched by
# tests/kernels/setup.sh). --pairs limits the restores to the ordered pairs
# listed ("7.2:6.12,6.12:7.2"; default: every ordered pair of SERIES).
#
# Three phases, one outer boot per kernel each, and a fourth (one outer
# boot, run right after the probe):
#   probe   `hvabi probe --guest-reads` on each kernel; on this machine,
#           `hvabi baseline` of the three profiles gives the fleet's set;
#           where an item blocks, the fleet is the largest group of the
#           kernels whose baseline does not block (the reason is printed),
#           preferring the newest kernels
#   save    on each kernel the guest runs twice, stock (no option) and
#           pinned (hvabi-set=the fleet's set): its boot lines ("GUEST:"),
#           then QEMU migrates it with `migrate "exec:dd of=/dev/vdX"` to a
#           disk image the host keeps; a pinned QEMU the kernel cannot give
#           the set to stops at start with libhvabi's reasons
#   restore each kernel restores every other kernel's saves with
#           -incoming "exec:dd if=/dev/vdX" (stock: no option; pinned: the
#           same set): the guest resumes (its "alive" lines go on, the TRNG
#           and the PTP clock still answer) or QEMU refuses, and its exact
#           error is recorded
#   impls   on the newest kernel whose profile can tell a guest a list of
#           CPU implementations (TARGET_IMPLS, cap 239: Linux 6.15+): a
#           set of two implementations, the kernel's own CPU and a twin of
#           its profile with a Neoverse V1's MIDR_EL1 0x411fd401 (REVIDR
#           and AIDR 0), `hvabi baseline P T`; QEMU boots that kernel's own
#           image as a Linux guest ("oneshot": it prints its klog lines and
#           powers off) with the set. That guest must log "smccc: KVM:
#           Number of target implementation CPUs is 2" (DISCOVER_IMPL
#           answered by libhvabi through QEMU's KVM_EXIT_HYPERCALL).
#           --impls-only runs the probe and this phase, no save or restore,
#           and adds two guests: stock (no option), which must not log it,
#           and the set re-pinned to the V1, whose guest must read
#           MIDR_EL1 0x411fd401 (cap 239 at work).
#
# The guest: the Debian arm64 kernel $HVABI_QEMU_GUEST_KERNEL (default
# 6.1.0-57-arm64, from the kernel cache) with an initramfs holding
# qemu-guest-init.c and the TRNG's hwrng module. The outer initramfs holds
# busybox (busybox-static:arm64), the QEMU of contrib/qemu/build.sh, the
# hvabi CLI, the guest and the virtio modules of each outer kernel (from
# the kernels' Debian packages: linux-image-* of the machine's sources, and
# for 7.2 sid's linux-modules-*, through a private apt configuration; kept
# in <qemu cache>/lab/).
#
# In DIR (default build/kernels-qemu; the Meson suite kernels-qemu uses
# <builddir>/kernels-qemu):
#   results/<release>/{probe,save,restore}/console.log  each outer boot
#   results/<release>/save/guest-{stock,set}.txt   the guest's boot lines
#   results/<release>/impls/guest-{set,stock,v1}.txt  the implementation-
#                                   list guests' lines; results/impls.json
#                                   the set, impls.rep baseline's report,
#                                   impls.txt all of it
#   results/<release>/restore/<src>-<mode>.txt      one restore: status,
#                                   QEMU's messages, the guest's lines after
#   results/fleet.json, results/fleet.txt           the fleet's set and why
#   results/matrix.txt              both matrices, the boot lines side by
#                                   side, the timings, stock's errors
#
# Exit status: 0 when every boot ran and every outcome is the one the
# library predicts: with the set, each pair resumes with the guest
# answering (TRNG, PTP as before) where hvabi check says the VM may move,
# and is refused by the destination with libhvabi's reason where it may
# not; pinned guests print identical boot lines on every fleet kernel.
# 1 otherwise (the failures are listed); 77 when the host's
# qemu-system-aarch64, the cross compiler, a kernel, or the patched QEMU
# (contrib/qemu/build.sh; not built by this script unless
# HVABI_QEMU_BUILD=1) is missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
. "$here/lab.sh"
out=""
timeout=${HVABI_KERNEL_TIMEOUT:-300}
pairs=""
impls_only=0
series=()
while [ $# -gt 0 ]; do
	case "$1" in
	--out) out=$2; shift ;;
	--timeout) timeout=$2; shift ;;
	--pairs) pairs=$2; shift ;;
	--impls-only) impls_only=1 ;;
	-h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	-*) echo "run-qemu.sh: unknown option $1" >&2; exit 2 ;;
	*) series+=("$1") ;;
	esac
	shift
done
if [ ${#series[@]} -eq 0 ]; then
	read -r -a series <<< "${HVABI_KERNEL_SERIES:-6.1 6.12 7.2}"
fi
cache=$(lab_cache)
for tool in qemu-system-aarch64 aarch64-linux-gnu-gcc cpio gzip meson ninja timeout; do
	if ! command -v "$tool" > /dev/null; then
		echo "run-qemu.sh: $tool not found; skipping" >&2
		exit 77
	fi
done
for s in "${series[@]}"; do
	if [ ! -e "$cache/series/$s/vmlinuz" ]; then
		echo "run-qemu.sh: kernel $s not in $cache (tests/kernels/setup.sh $s); skipping" >&2
		exit 77
	fi
done
gkrel=${HVABI_QEMU_GUEST_KERNEL:-6.1.0-57-arm64}
if [ ! -e "$cache/$gkrel/vmlinuz" ]; then
	echo "run-qemu.sh: guest kernel $gkrel not in $cache; skipping" >&2
	exit 77
fi
[ -n "$out" ] || out=$src/build/kernels-qemu
mkdir -p "$out"
out=$(cd "$out" && pwd)
log() { echo "run-qemu.sh: $*" >&2; }
# The pinned guest's vCPU is QEMU's -cpu host: SVE, a PMU and pointer
# authentication, the features the profiles are probed with
# (--vcpu-features), so the fleet's set has them too; the patched QEMU
# checks before KVM_ARM_VCPU_INIT that the vCPU's match the set's and names
# the -cpu option where they do not.
set_cpu=${HVABI_QEMU_SET_CPU:-host}
vcpu_features=${HVABI_QEMU_VCPU_FEATURES:-SVE,PMU_V3,PTRAUTH_ADDRESS,PTRAUTH_GENERIC}

# --- the patched QEMU ---------------------------------------------------------

if [ -n "${HVABI_QEMU_BIN:-}" ]; then
	# A QEMU built by hand (development): "QEMU <version> <path>".
	qline="QEMU ${HVABI_QEMU_VERSION:-unknown} $HVABI_QEMU_BIN"
elif [ "${HVABI_QEMU_BUILD:-0}" = 1 ]; then
	qline=$("$src/contrib/qemu/build.sh" | tail -n 1)
else
	# What build.sh would print, without building: its cache key.
	qline=$("$src/contrib/qemu/build.sh" --cached-only 2>/dev/null | tail -n 1 || true)
fi
qemu_bin=$(awk '$1 == "QEMU" { print $3 }' <<< "$qline")
qemu_ver=$(awk '$1 == "QEMU" { print $2 }' <<< "$qline")
if [ -z "$qemu_bin" ] || [ ! -x "$qemu_bin" ]; then
	echo "run-qemu.sh: the patched QEMU is not built (contrib/qemu/build.sh); skipping" >&2
	exit 77
fi
qcache=${HVABI_QEMU_CACHE:-}
if [ -z "$qcache" ]; then
	if [ "$(id -u)" = 0 ]; then
		qcache=/var/cache/hvabi-qemu
	else
		qcache=${XDG_CACHE_HOME:-$HOME/.cache}/hvabi-qemu
	fi
fi

# --- the library and the CLI: aarch64 (in the guest) and native -------------

b64=$out/build-aarch64
if [ ! -f "$b64/build.ninja" ]; then
	meson setup "$b64" "$src" --cross-file "$here/aarch64-cross.ini" \
		-Ddefault_library=static -Dtests=disabled -Dexamples=disabled >&2
fi
ninja -C "$b64" tools/hvabi >&2
bnat=$out/build-native
if [ ! -f "$bnat/build.ninja" ]; then
	meson setup "$bnat" "$src" -Dtests=disabled -Dexamples=disabled >&2
fi
ninja -C "$bnat" tools/hvabi >&2
hvabi=$bnat/tools/hvabi

# --- modules and busybox (Debian packages, cached) ---------------------------

lab=$qcache/lab
mkdir -p "$lab/debs"
apt_dir=$qcache/apt-lab
apt_opts=(
	-o "Dir::Etc::SourceList=/dev/null"
	-o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
	-o "Dir::Etc::Preferences=/dev/null"
	-o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d"
	-o "Dir::State::Lists=$apt_dir/lists"
	-o "Dir::Cache=$apt_dir/cache"
	-o "APT::Architectures::=arm64"
)
sid_ready=0
sid_download() {
	if [ $sid_ready = 0 ]; then
		mkdir -p "$apt_dir/sources.list.d" "$apt_dir/preferences.d" \
			 "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
		echo "deb [arch=arm64] http://deb.debian.org/debian sid main" \
			> "$apt_dir/sources.list.d/sid.list"
		apt-get "${apt_opts[@]}" update -q >&2
		sid_ready=1
	fi
	(cd "$lab/debs" && apt-get "${apt_opts[@]}" download -q "$@" >&2)
}
# modules_of RELEASE: RELEASE's virtio_mmio, virtio_blk, arm_smccc_trng
# (decompressed) in $lab/modules/RELEASE.
modules_of() {
	local rel=$1 d=$lab/modules/$1 pkg deb m f
	[ -f "$d/virtio_blk.ko" ] && return 0
	pkg=$(awk '$1 ~ /^linux-image-/ { print $1, $2 }' "$cache/$rel/packages" | head -n 1)
	if grep -q '^linux-binary-' "$cache/$rel/packages"; then
		pkg="linux-modules-$rel"
		deb=$(ls "$lab"/debs/linux-modules-"$rel"_*.deb 2>/dev/null | head -n 1 || true)
		[ -n "$deb" ] || { sid_download "$pkg"; deb=$(ls "$lab"/debs/linux-modules-"$rel"_*.deb | head -n 1); }
	else
		pkg=${pkg%% *}
		deb=$(ls "$lab"/debs/"$pkg"_*.deb 2>/dev/null | head -n 1 || true)
		[ -n "$deb" ] || { (cd "$lab/debs" && apt-get download -q "$pkg" >&2); deb=$(ls "$lab"/debs/"$pkg"_*.deb | head -n 1); }
	fi
	rm -rf "$d.tmp"
	mkdir -p "$d.tmp"
	for m in virtio/virtio_mmio block/virtio_blk char/hw_random/arm_smccc_trng; do
		f=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -E "/kernel/drivers/$m\.ko(\.xz|\.zst)?$" | head -n 1)
		dpkg-deb --fsys-tarfile "$deb" | tar -x -O "$f" > "$d.tmp/$(basename "$m").ko.raw"
		case "$f" in
		*.xz) xz -dc < "$d.tmp/$(basename "$m").ko.raw" > "$d.tmp/$(basename "$m").ko" ;;
		*.zst) zstd -dc < "$d.tmp/$(basename "$m").ko.raw" > "$d.tmp/$(basename "$m").ko" ;;
		*) mv "$d.tmp/$(basename "$m").ko.raw" "$d.tmp/$(basename "$m").ko" ;;
		esac
		rm -f "$d.tmp/$(basename "$m").ko.raw"
	done
	rm -rf "$d"
	mv "$d.tmp" "$d"
}
busybox=$lab/busybox
if [ ! -x "$busybox" ]; then
	deb=$(ls "$lab"/debs/busybox-static_*_arm64.deb 2>/dev/null | head -n 1 || true)
	if [ -z "$deb" ]; then
		(cd "$lab/debs" && apt-get download -q busybox-static:arm64 >&2)
		deb=$(ls "$lab"/debs/busybox-static_*_arm64.deb | head -n 1)
	fi
	dpkg-deb --fsys-tarfile "$deb" | tar -x -O ./bin/busybox > "$busybox.tmp"
	chmod 0755 "$busybox.tmp"
	mv "$busybox.tmp" "$busybox"
fi
declare -A rel_of
for s in "${series[@]}"; do
	rel_of[$s]=$(basename "$(readlink "$cache/series/$s")")
	modules_of "${rel_of[$s]}"
done
modules_of "$gkrel"

# --- the guest's initramfs and the outer initramfs ---------------------------

cflags=(-std=c11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror -static)
mkdir -p "$out/bin"
aarch64-linux-gnu-gcc "${cflags[@]}" -o "$out/bin/guest-init" "$here/qemu-guest-init.c"
aarch64-linux-gnu-strip "$out/bin/guest-init"
# The small guest is arm64_vmm's own (examples/arm64_guest.S), called by a
# bare-metal program that prints its reports; arm64_vmm --tag-names names them.
aarch64-linux-gnu-gcc -ffreestanding -nostdlib -static -O2 -mstrict-align -mgeneral-regs-only \
	-Wall -Wextra -Werror -Wl,-N -Wl,--build-id=none -Wl,--no-warn-rwx-segments \
	-Wl,-Ttext=0x40080000 -Wl,-e,_start -I"$src/examples" -o "$out/bin/small.elf" \
	"$here/qemu-small-guest.c" "$src/examples/arm64_guest.S"
aarch64-linux-gnu-gcc "${cflags[@]}" -I"$src/include" -I"$b64/include" -o "$out/bin/arm64_vmm" \
	"$src/examples/arm64_vmm.c" "$src/examples/common.c" "$src/examples/arm64_guest.S" \
	"$b64/lib/libhvabi.a"
aarch64-linux-gnu-strip "$out/bin/arm64_vmm"
groot=$out/guest-root
rm -rf "$groot"
mkdir -p "$groot/proc" "$groot/sys" "$groot/dev"
install -m 0755 "$out/bin/guest-init" "$groot/init"
cp "$lab/modules/$gkrel/arm_smccc_trng.ko" "$groot/"
lab_pack "$groot" "$out/guest-initrd.gz"
# The implementation-list guest: the same /init alone (its kernel is an
# outer kernel's image, whose modules the guest does not need).
rm -rf "$groot"
mkdir -p "$groot/proc" "$groot/sys" "$groot/dev"
install -m 0755 "$out/bin/guest-init" "$groot/init"
lab_pack "$groot" "$out/guest-impls-initrd.gz"
rm -rf "$groot"

root=$out/outer-root
rm -rf "$root"
mkdir -p "$root/bin" "$root/guest" "$root/proc" "$root/sys" "$root/dev" "$root/tmp" "$root/modules"
cp "$busybox" "$root/bin/busybox"
cp "$qemu_bin" "$root/bin/qemu-system-aarch64"
aarch64-linux-gnu-strip -o "$root/bin/hvabi" "$b64/tools/hvabi"
cp "$cache/$gkrel/vmlinuz" "$root/guest/vmlinuz"
cp "$out/guest-initrd.gz" "$root/guest/initrd.gz"
cp "$out/bin/small.elf" "$root/guest/small.elf"
cp "$out/bin/arm64_vmm" "$root/bin/arm64_vmm"
for s in "${series[@]}"; do
	mkdir -p "$root/modules/${rel_of[$s]}"
	cp "$lab/modules/${rel_of[$s]}"/virtio_*.ko "$root/modules/${rel_of[$s]}/"
done
cat > "$root/init" <<'EOF'
#!/bin/busybox sh
# Outer /init (run-qemu.sh): busybox, the virtio disks, then /job.sh.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
rel=$(uname -r)
for m in virtio_mmio virtio_blk; do
	[ -f /modules/$rel/$m.ko ] && insmod /modules/$rel/$m.ko
done
sleep 1
echo "=== QLAB $rel kvm=$([ -e /dev/kvm ] && echo yes || echo no) up=$(cut -d' ' -f1 /proc/uptime)"
now() { cut -d' ' -f1 /proc/uptime; }
# disk SERIAL: the /dev node of the virtio disk with that serial
disk() {
	for d in /sys/block/vd*; do
		[ "$(cat $d/serial 2>/dev/null)" = "$1" ] && { echo /dev/${d##*/}; return 0; }
	done
	return 1
}
# qemu_start NAME ARG...: the guest under QEMU (-accel kvm), QMP on fd 3,
# its console in /tmp/NAME.con, QEMU's output (QMP's answers, stderr) in
# /tmp/NAME.out. QMP, not the human monitor: while a human monitor is
# current, error_report() writes to it, and messages of a failing incoming
# migration did not reach the output.
qemu_start() {
	qname=$1
	shift
	rm -f /tmp/$qname.*
	mkfifo /tmp/$qname.mon
	qemu-system-aarch64 -M virt,gic-version=3 -smp 1 -m 256 \
		-display none -nodefaults -serial file:/tmp/$qname.con -qmp stdio \
		-kernel /guest/vmlinuz -initrd /guest/initrd.gz \
		-append "console=ttyAMA0 quiet" "$@" \
		< /tmp/$qname.mon > /tmp/$qname.out 2>&1 &
	qpid=$!
	# Read-write: opening a FIFO for writing alone blocks until QEMU
	# opens it, and a signal then (a QEMU child exiting) failed the
	# exec, which ends a non-interactive shell, /init with it (EINTR,
	# "can't create /tmp/NAME.mon: Interrupted system call", CI of
	# 2026-12-06). O_RDWR on a FIFO returns at once.
	exec 3<> /tmp/$qname.mon
	qt0=$(now)
	qemu_mon '{"execute": "qmp_capabilities"}'
}
# qemu_wait PATTERN SECONDS: 0 when the console shows PATTERN, 1 when QEMU
# exited, 2 on timeout
qemu_wait() {
	n=0
	while [ $n -lt $(($2 * 2)) ]; do
		grep -q "$1" /tmp/$qname.con 2>/dev/null && return 0
		kill -0 $qpid 2>/dev/null || return 1
		sleep 0.5
		n=$((n + 1))
	done
	return 2
}
qemu_mon() {
	echo "$*" >&3 2>/dev/null
}
qemu_stop() {
	qemu_mon '{"execute": "quit"}'
	n=0
	while kill -0 $qpid 2>/dev/null && [ $n -lt 20 ]; do sleep 0.5; n=$((n + 1)); done
	kill -9 $qpid 2>/dev/null
	wait $qpid 2>/dev/null
	qrc=$?
	exec 3>&-
}
# qemu_report TAG: QEMU's output and the console, tagged for the host
qemu_report() {
	sed "s/^/$1 qemu: /" /tmp/$qname.out | tr -d '\r'
	sed "s/^/$1 con: /" /tmp/$qname.con | tr -d '\r'
}
. /job.sh
echo "=== QLAB-DONE up=$(now)"
sync
poweroff -f
EOF
chmod 0755 "$root/init"
lab_pack "$root" "$out/outer.cpio.gz"

# --- outer boots ------------------------------------------------------------

# outer_boot SERIES RESULT_DIR JOB_SH [DISK_SPEC...]: boot SERIES with the
# outer initramfs and JOB_SH as /job.sh (and /set.json when there is one,
# and each SRC:DEST of the array job_files as /DEST);
# DISK_SPEC is FILE:SERIAL[:ro]. Sets qrc, wall.
job_files=()
outer_boot() {
	local s=$1 res=$2 job=$3 jr spec f ser ro
	shift 3
	rm -rf "$res"
	mkdir -p "$res"
	jr=$res/job-root
	mkdir -p "$jr"
	install -m 0755 "$job" "$jr/job.sh"
	for spec in ${job_files[@]+"${job_files[@]}"}; do
		mkdir -p "$(dirname "$jr/${spec#*:}")"
		cp "${spec%%:*}" "$jr/${spec#*:}"
	done
	echo "$vcpu_features" > "$jr/vcpu.features"
	if [ -f "$out/results/fleet.json" ]; then
		cp "$out/results/fleet.json" "$jr/set.json"
		echo "$set_cpu" > "$jr/set.cpu"
	fi
	lab_pack "$jr" "$res/job.cpio.gz"
	cat "$out/outer.cpio.gz" "$res/job.cpio.gz" > "$res/initrd.gz"
	rm -rf "$jr" "$res/job.cpio.gz"
	local disks=()
	local i=0
	for spec in "$@"; do
		IFS=: read -r f ser ro <<< "$spec"
		disks+=(-drive "file=$f,format=raw,if=none,id=d$i${ro:+,readonly=on}"
			-device "virtio-blk-device,drive=d$i,serial=$ser")
		i=$((i + 1))
	done
	local kdir=$cache/series/$s t0=$EPOCHREALTIME
	qrc=0
	timeout -k 5 "$timeout" qemu-system-aarch64 \
		-M virt,virtualization=on,gic-version=3 -cpu max,pauth-impdef=on \
		-smp 1 -m 2048 -nographic -no-reboot -nic none "${disks[@]}" \
		-kernel "$kdir/vmlinuz" -initrd "$res/initrd.gz" \
		-append "console=ttyAMA0 panic=-1 quiet" \
		< /dev/null > "$res/console.raw" 2>&1 || qrc=$?
	wall=$(echo "$t0 $EPOCHREALTIME" | awk '{ printf "%d\n", ($2 - $1) * 1000 }')
	# The monitor is on QEMU's stdout, and error_report() writes to the
	# monitor while one is current: its prompt and line editing are
	# removed, the messages kept.
	tr -d '\r' < "$res/console.raw" |
		sed -E $'s/\x1b\\[[0-9;]*[A-Za-z]//g; s/\x1b//g; s/ qemu: (\\(qemu\\) ?)+/ qemu: /' > "$res/console.log"
	rm -f "$res/console.raw" "$res/initrd.gz"
	echo "wall_ms $wall qemu_rc $qrc" > "$res/boot"
}

failures=()
fail() {
	failures+=("$*")
	echo "run-qemu.sh: FAIL: $*" >&2
}
# exit_on_failures: list the failures and exit 1 if there are any
exit_on_failures() {
	[ ${#failures[@]} -gt 0 ] || return 0
	echo "run-qemu.sh: ${#failures[@]} failures:" >&2
	printf '  %s\n' "${failures[@]}" >&2
	exit 1
}
mkdir -p "$out/results" "$out/disks"
rm -f "$out/results/fleet.json" "$out/results/matrix.txt"

# --- phase 1: probe ---------------------------------------------------------

cat > "$out/job-probe.sh" <<'EOF'
t=$(now)
if hvabi probe --guest-reads --vcpu-features "$(cat /vcpu.features)" -o /tmp/p.json; then
	echo "=== PROBE-BEGIN"
	cat /tmp/p.json
	echo "=== PROBE-END"
fi
echo "probe_s $(awk -v a=$t -v b=$(now) 'BEGIN { print b - a }')"
EOF
for s in "${series[@]}"; do
	rel=${rel_of[$s]}
	res=$out/results/$rel/probe
	log "probe: $s ($rel)"
	outer_boot "$s" "$res" "$out/job-probe.sh"
	sed -n '/^=== PROBE-BEGIN$/,/^=== PROBE-END$/p' "$res/console.log" | sed '1d; $d' > "$out/results/$rel/profile.json"
	if ! "$hvabi" show "$out/results/$rel/profile.json" > /dev/null 2>&1; then
		fail "kernel $s ($rel): no profile (see $res/console.log)"
		rm -f "$out/results/$rel/profile.json"
	fi
done

# --- after the probe: an implementation list told to a Linux guest ---------

# The newest kernel whose probe wrote TARGET_IMPLS and can write the
# guest's MIDR (cap 239): the kernels that can tell a guest a list.
impls_s=""
for s in "${series[@]}"; do
	p=$out/results/${rel_of[$s]}/profile.json
	[ -f "$p" ] && grep -q '"key": "smccc:0xc6000041"' "$p" &&
		grep -q '"key": "cap:239".*"value": "0x1"' "$p" && impls_s=$s
done
rm -f "$out/results/impls"*
if [ -n "$impls_s" ]; then
	rel=${rel_of[$impls_s]}
	res=$out/results/$rel/impls
	# The twin: this host's profile with a Neoverse V1 r1p1 for its CPU.
	v1='{"midr": "0x411fd401", "revidr": "0x0", "aidr": "0x0"}'
	sed -E -e '/"key": "reg:0x603000000013c000"/ s/"value": "[^"]*"/"value": "0x411fd401"/' \
		-e '/"key": "reg:0x603000000013c(006|807)"/ s/"value": "[^"]*"/"value": "0x0"/' \
		-e "/\"key\": \"smccc:0xc6000041\"/ s/\"impls\": \\[[^]]*\\]/\"impls\": [$v1]/" \
		"$out/results/$rel/profile.json" > "$out/results/impls-twin-v1.json"
	"$hvabi" baseline -o "$out/results/impls.json" --report "$out/results/impls.rep" \
		"$out/results/$rel/profile.json" "$out/results/impls-twin-v1.json" > /dev/null 2>&1 ||
		fail "impls: hvabi baseline of $rel and its V1 twin failed (see $out/results/impls.rep)"
	# --impls-only also re-pins the guest's MIDR to the V1 (hvabi_impl_pin(set,
	# 1): the registers and the guest's readings), which only
	# KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, enabled by QEMU through
	# hvabi_vm_prepare() before the vCPUs, lets KVM take.
	"$hvabi" baseline --pin 1 -o "$out/results/impls-v1.json" \
		"$out/results/$rel/profile.json" "$out/results/impls-twin-v1.json" > /dev/null 2>&1 ||
		fail "impls: hvabi baseline --pin 1 of $rel and its V1 twin failed"
	n=$(grep '"key": "smccc:0xc6000041"' "$out/results/impls.json" 2>/dev/null | grep -o '"midr"' | grep -c . || true)
	[ "$n" = 2 ] || fail "impls: the set of $rel and its V1 twin lists $n implementations, not 2"
	# In the suite the guest runs with the set only (about 27 s under the
	# lab's TCG); --impls-only adds the stock guest for contrast.
	impls_modes=set
	[ $impls_only = 0 ] || impls_modes="stock set v1"
	{ echo "impls_modes=\"$impls_modes\""; cat; } > "$out/job-impls.sh" <<'EOF'
# The outer kernel's own image as a Linux guest, with the set of two
# implementations (and stock); its /init prints the klog lines and powers off.
for mode in $impls_modes; do
	opt=""
	[ $mode = stock ] || opt=",hvabi-set=/impls$([ $mode = v1 ] && echo -v1).json"
	t0=$(now)
	timeout 150 qemu-system-aarch64 -M virt,gic-version=3 -smp 1 -m 256 -display none \
		-nodefaults -serial file:/tmp/impls-$mode.con -monitor none \
		-accel kvm$opt -cpu host -kernel /impls/vmlinuz -initrd /impls/initrd.gz \
		-append "console=ttyAMA0 quiet oneshot" > /tmp/impls-$mode.out 2>&1
	echo "IMPLS $mode rc=$? s=$(awk -v a=$t0 -v b=$(now) 'BEGIN { print b - a }')"
	sed "s/^/IMPLS $mode qemu: /" /tmp/impls-$mode.out | tr -d '\r'
	tr -d '\r' < /tmp/impls-$mode.con | sed "s/^/IMPLS $mode con: /"
done
EOF
	if [ -f "$out/results/impls.json" ]; then
		log "impls: $impls_s ($rel)"
		job_files=("$out/results/impls.json:impls.json" "$out/results/impls-v1.json:impls-v1.json"
			   "$cache/$rel/vmlinuz:impls/vmlinuz"
			   "$out/guest-impls-initrd.gz:impls/initrd.gz")
		outer_boot "$impls_s" "$res" "$out/job-impls.sh"
		job_files=()
		for mode in $impls_modes; do
			sed -n "s/^IMPLS $mode con: GUEST: //p" "$res/console.log" > "$res/guest-$mode.txt"
			grep "^IMPLS $mode rc=" "$res/console.log" > "$res/run-$mode.txt" || true
			grep -q "^IMPLS $mode con: === GUEST-DONE" "$res/console.log" ||
				fail "impls: the $mode guest did not finish (see $res/console.log)"
		done
		grep -q 'Number of target implementation CPUs is 2$' "$res/guest-set.txt" ||
			fail "impls: the guest with the set of 2 implementations did not log 'Number of target implementation CPUs is 2' (see $res/console.log)"
		[ ! -f "$res/guest-stock.txt" ] || ! grep -q 'target implementation' "$res/guest-stock.txt" ||
			fail "impls: the stock guest logged a target implementation line (see $res/guest-stock.txt)"
		[ ! -f "$res/guest-v1.txt" ] || grep -q '^MIDR_EL1: 0x00000000411fd401$' "$res/guest-v1.txt" ||
			fail "impls: the guest of the set re-pinned to the V1 does not read its MIDR_EL1 0x411fd401 (see $res/guest-v1.txt)"
	fi
	{
		echo "## implementation list on $impls_s ($rel): its CPU and a Neoverse V1 twin"
		echo "# hvabi baseline's report on the list, and the set's entries for it:"
		grep 'TARGET_IMPLS' "$out/results/impls.rep" | sed 's/^/    /' || true
		grep -E '"key": "(smccc:0xc6000041|reg:0x6030000000160003|attr:vm:0x0:0x0|reg:0x603000000013c000)"' \
			"$out/results/impls.json" | sed 's/^ */    /' || true
		for mode in $impls_modes; do
			echo "### guest $mode ($(sed "s/^IMPLS $mode //" "$res/run-$mode.txt" 2>/dev/null))"
			sed 's/^/    /' "$res/guest-$mode.txt" 2>/dev/null || true
		done
		echo "### outer boot: $(cat "$res/boot" 2>/dev/null)"
	} > "$out/results/impls.txt"
	cat "$out/results/impls.txt" >&2
else
	log "impls: no kernel of ${series[*]} can tell a guest a list of implementations (Linux 6.15+); skipped"
fi
if [ $impls_only = 1 ]; then
	exit_on_failures
	[ -n "$impls_s" ] || exit 77
	echo "run-qemu.sh: the implementation list reached the guest (results in $out/results)" >&2
	exit 0
fi

# --- the fleet's set ---------------------------------------------------------

fleet=()
{
	profiles=()
	for s in "${series[@]}"; do
		[ -f "$out/results/${rel_of[$s]}/profile.json" ] && profiles+=("$s")
	done
	# The largest group, newest kernels first, whose baseline does not block.
	best=()
	n=${#profiles[@]}
	for ((size = n; size >= 2 && ${#best[@]} == 0; size--)); do
		for ((mask = (1 << n) - 1; mask > 0; mask--)); do
			group=()
			for ((i = 0; i < n; i++)); do
				(( mask & (1 << i) )) && group+=("${profiles[i]}")
			done
			[ ${#group[@]} = "$size" ] || continue
			files=()
			for g in "${group[@]}"; do files+=("$out/results/${rel_of[$g]}/profile.json"); done
			echo "baseline of ${group[*]}:"
			if "$hvabi" baseline -o "$out/results/fleet-try.json" --report "$out/results/fleet-try.rep" "${files[@]}"; then
				echo "  may move between all of them"
				best=("${group[@]}")
				mv "$out/results/fleet-try.json" "$out/results/fleet.json"
				break
			fi
			grep -i 'block' "$out/results/fleet-try.rep" | sed 's/^/  /' || true
		done
	done
	rm -f "$out/results/fleet-try.json" "$out/results/fleet-try.rep"
	echo "fleet: ${best[*]:-none}"
} > "$out/results/fleet.txt"
read -r -a fleet <<< "$(sed -n 's/^fleet: //p' "$out/results/fleet.txt")"
[ "${fleet[0]}" != none ] || fleet=()
sed 's/^/  /' "$out/results/fleet.txt" >&2
[ -f "$out/results/fleet.json" ] || fail "no group of kernels may share a set (see $out/results/fleet.txt)"
in_fleet() {
	local f
	for f in "${fleet[@]}"; do [ "$f" = "$1" ] && return 0; done
	return 1
}

# --- phase 2: boot and save --------------------------------------------------

cat > "$out/job-save.sh" <<'EOF'
# For each mode: boot the guest, print its lines, save it to disk <mode>.
for mode in stock set; do
	opt=""
	cpu=host
	[ $mode = set ] && opt=",hvabi-set=/set.json" && cpu=$(cat /set.cpu)
	[ $mode = set ] && [ ! -f /set.json ] && continue
	# The small guest first: its "small:" lines, then SYSTEM_OFF.
	t0=$(now)
	timeout 60 qemu-system-aarch64 -M virt,gic-version=3 -smp 1 -m 64 -display none \
		-nodefaults -serial stdio -monitor none -accel kvm$opt -cpu $cpu \
		-kernel /guest/small.elf > /tmp/small-$mode.out 2>&1
	echo "SMALLRC $mode rc=$? s=$(awk -v a=$t0 -v b=$(now) 'BEGIN { print b - a }')"
	# "small: TAG = VALUE" with the tag's name (arm64_vmm's, line TAG + 1).
	arm64_vmm --tag-names > /tmp/tags
	tr -d '\r' < /tmp/small-$mode.out |
		awk -F' = ' 'FNR == NR { n[FNR - 1] = $0; next }
			/^small: [0-9]+ = / { t = substr($1, 8); print "small: " (t in n ? n[t] : t) " = " $2; next }
			{ print }' /tmp/tags - | sed "s/^/SMALL $mode /"
	d=$(disk $mode) || { echo "SAVE $mode no-disk"; continue; }
	qemu_start g-$mode -accel kvm$opt -cpu $cpu
	qemu_wait "^alive 3 " 120
	r=$?
	t_ready=$(awk -v a=$qt0 -v b=$(now) 'BEGIN { print b - a }')
	if [ $r != 0 ]; then
		echo "SAVE $mode start-failed r=$r"
		qemu_stop
		echo "SAVE $mode qemu_rc=$qrc"
		qemu_report "SAVE $mode"
		continue
	fi
	grep '^GUEST: ' /tmp/g-$mode.con | tr -d '\r' | sed "s/^/LINE $mode /"
	echo "ALIVE $mode $(grep '^alive ' /tmp/g-$mode.con | tail -n 1 | tr -d '\r')"
	t0=$(now)
	qemu_mon "{\"execute\": \"migrate\", \"arguments\": {\"uri\": \"exec:dd of=$d bs=1M conv=fsync\"}}"
	st=""
	n=0
	while [ $n -lt 120 ]; do
		sleep 1
		n=$((n + 1))
		qemu_mon '{"execute": "query-migrate"}'
		sleep 0.2
		st=$(grep -o '"status": "[a-z-]*"' /tmp/g-$mode.out | tail -n 1 | tr -d '"')
		case "$st" in *completed|*failed|*cancelled) break ;; esac
	done
	t_save=$(awk -v a=$t0 -v b=$(now) 'BEGIN { print b - a }')
	grep '"status": "completed"' /tmp/g-$mode.out | tail -n 1 | grep -oE '"(total-time|downtime|transferred)": [0-9]+' |
		tr -d '"' | tr '\n' ' ' | sed "s/^/SAVE $mode info: /"; echo
	qemu_stop
	sync
	echo "SAVE $mode status=${st##*[[:space:]]} ready_s=$t_ready save_s=$t_save"
	qemu_report "SAVE $mode" | grep 'qemu-system-aarch64' || true
done
EOF
for s in "${series[@]}"; do
	rel=${rel_of[$s]}
	res=$out/results/$rel/save
	specs=()
	for mode in stock set; do
		rm -f "$out/disks/$s-$mode.img"
		truncate -s 320M "$out/disks/$s-$mode.img"
		specs+=("$out/disks/$s-$mode.img:$mode")
	done
	log "save: $s ($rel)"
	outer_boot "$s" "$res" "$out/job-save.sh" "${specs[@]}"
	for mode in stock set; do
		sed -n "s/^SMALL $mode small: //p" "$res/console.log" | grep -v '^done$' |
			lab_ptp_answers > "$res/small-$mode.txt" || true
		sed -n "s/^LINE $mode GUEST: //p" "$res/console.log" > "$res/guest-$mode.txt"
		grep "^SAVE $mode " "$res/console.log" > "$res/save-$mode.txt" || true
	done
	grep -q '^=== QLAB-DONE' "$res/console.log" ||
		fail "kernel $s ($rel) save: the outer boot did not finish (see $res/console.log)"
done

# --- phase 3: restore --------------------------------------------------------

cat > "$out/job-restore.sh" <<'EOF'
# For each disk: restore it as it was saved (stock: no option; set: the
# same set), watch the guest, stop; then the other way round (tag "-x"):
# a pinned stream into a QEMU without the option, a stock stream into one
# with it, both of which the patched QEMU must refuse.
for d in /sys/block/vd*; do
	ser=$(cat $d/serial)
	for x in "" -x; do
		mode=${ser##*-}
		[ "$x" = -x ] && { [ $mode = set ] && mode=stock || mode=set; }
		opt=""
		cpu=host
		[ $mode = set ] && opt=",hvabi-set=/set.json" && cpu=$(cat /set.cpu)
		qemu_start r-$ser$x -accel kvm$opt -cpu $cpu -incoming "exec:dd if=/dev/${d##*/} bs=1M"
		qemu_wait "^alive " 60
		r=$?
		t_first=$(awk -v a=$qt0 -v b=$(now) 'BEGIN { print b - a }')
		if [ $r = 0 ]; then
			sleep 3
			qemu_mon '{"execute": "query-status"}'
			sleep 0.5
		fi
		qemu_stop
		echo "RESTORE $ser$x r=$r qemu_rc=$qrc first_alive_s=$t_first"
		qemu_report "RESTORE $ser$x"
	done
done
EOF
declare -A want_pair
if [ -n "$pairs" ]; then
	IFS=, read -r -a plist <<< "$pairs"
	for p in "${plist[@]}"; do want_pair[$p]=1; done
fi
for d in "${series[@]}"; do
	rel=${rel_of[$d]}
	res=$out/results/$rel/restore
	specs=()
	for s in "${series[@]}"; do
		[ "$s" != "$d" ] || continue
		[ -z "$pairs" ] || [ -n "${want_pair[$s:$d]:-}" ] || continue
		for mode in stock set; do
			if grep -q "^SAVE $mode status=completed" "$out/results/${rel_of[$s]}/save/save-$mode.txt" 2>/dev/null; then
				specs+=("$out/disks/$s-$mode.img:$s-$mode:ro")
			fi
		done
	done
	[ ${#specs[@]} -gt 0 ] || continue
	log "restore: $d ($rel): ${specs[*]##*/}"
	outer_boot "$d" "$res" "$out/job-restore.sh" "${specs[@]}"
	for spec in "${specs[@]}"; do
		IFS=: read -r f ser ro <<< "$spec"
		for x in "" -x; do
			grep "^RESTORE $ser$x " "$res/console.log" |
				sed "s/^RESTORE $ser$x //" > "$res/$ser$x.txt" || true
		done
	done
	grep -q '^=== QLAB-DONE' "$res/console.log" ||
		fail "kernel $d ($rel) restore: the outer boot did not finish (see $res/console.log)"
done

# --- results ------------------------------------------------------------------

# outcome SRC DST MODE: "resumed", "resumed(trng=..,ptp=..)" when the guest
# no longer answers as before, "refused", "failed", "-" (not run)
outcome() {
	local f=$out/results/${rel_of[$2]}/restore/$1-$3.txt last before
	if [ ! -s "$f" ]; then
		if [ -f "$out/results/${rel_of[$1]}/save/save-$3.txt" ] &&
		   ! grep -q 'status=completed' "$out/results/${rel_of[$1]}/save/save-$3.txt"; then
			echo "not-started"
		else
			echo "-"
		fi
		return
	fi
	if grep -q '^r=0 ' "$f"; then
		last=$(grep -o 'con: alive .*' "$f" | tail -n 1)
		before=$(grep "^ALIVE $3 " "$out/results/${rel_of[$1]}/save/console.log" |
			grep -o 'trng=[a-z]* ptp=[a-z]*' | tail -n 1)
		# registers the destination lists and the stream lacks keep the
		# destination's values, not the source's
		kept=$(grep -c 'expected by the destination but not in the incoming stream' "$f" || true)
		if [ "$(grep -o 'trng=[a-z]* ptp=[a-z]*' <<< "$last")" = "$before" ]; then
			echo "resumed${kept:+$([ "$kept" = 0 ] || echo ",$kept-regs-kept")}"
		else
			echo "resumed($(grep -o 'trng=[a-z]* ptp=[a-z]*' <<< "$last" | tr ' ' ','))"
		fi
	elif grep -q 'hvabi-set' "$f"; then
		echo "refused"
	else
		echo "failed"
	fi
}
{
	echo "# run-qemu.sh $(date -u +%Y-%m-%d): QEMU $qemu_ver (contrib/qemu patches) inside"
	echo "# $(for s in "${series[@]}"; do printf '%s ' "${rel_of[$s]}"; done)"
	echo "# guest: Debian $gkrel, save on the row's kernel, restore on the column's"
	echo "# fleet: ${fleet[*]:-none} (results/fleet.txt)"
	echo "# resumed: the guest goes on printing, TRNG and PTP answer as before the save;"
	echo "#   ,N-regs-kept: QEMU warned that N registers the destination lists were not in"
	echo "#   the stream and keep the destination's values, not the source's"
	echo "# failed: QEMU failed the incoming migration (stock's errors below)"
	echo "# refused: the destination refused with libhvabi's reasons (below)"
	echo "# not-started: the source kernel refused to start the pinned guest (reasons below)"
	for mode in stock set; do
		echo
		if [ $mode = stock ]; then
			echo "## stock behaviour (no option)"
		else
			echo "## with -accel kvm,hvabi-set=fleet.json"
		fi
		printf '%-10s' 'src\dst'
		for d in "${series[@]}"; do printf ' %-22s' "$d"; done
		echo
		for s in "${series[@]}"; do
			printf '%-10s' "$s"
			for d in "${series[@]}"; do
				if [ "$s" = "$d" ]; then
					printf ' %-22s' "."
				else
					printf ' %-22s' "$(outcome "$s" "$d" $mode)"
				fi
			done
			echo
		done
	done
	echo
	echo "## the small guest (arm64_vmm's arm64_guest.S) under QEMU: values that differ"
	echo "## between the row's kernel and the column's (of $(cat "$out/results/${rel_of[${series[0]}]}/save/small-stock.txt" 2>/dev/null | grep -c . || true))"
	for mode in stock set; do
		echo "### $mode"
		printf '%-10s' ''
		for d in "${series[@]}"; do printf ' %-8s' "$d"; done
		echo
		for s in "${series[@]}"; do
			printf '%-10s' "$s"
			for d in "${series[@]}"; do
				a=$out/results/${rel_of[$s]}/save/small-$mode.txt
				b=$out/results/${rel_of[$d]}/save/small-$mode.txt
				if [ ! -s "$a" ] || [ ! -s "$b" ]; then
					printf ' %-8s' "-"
				else
					printf ' %-8s' "$(lab_differing "$a" "$b" | grep -c . || true)"
				fi
			done
			echo
		done
	done
	for s in "${series[@]}"; do
		for d in "${series[@]}"; do
			[[ "$s" < "$d" ]] || continue
			for mode in stock set; do
				a=$out/results/${rel_of[$s]}/save/small-$mode.txt
				b=$out/results/${rel_of[$d]}/save/small-$mode.txt
				[ -s "$a" ] && [ -s "$b" ] || continue
				lab_differing "$a" "$b" | sed "s/^/    $mode $s|$d: /"
			done
		done
	done
	echo
	echo "## the guest's boot lines, stock and pinned, per kernel"
	for mode in stock set; do
		for s in "${series[@]}"; do
			f=$out/results/${rel_of[$s]}/save/guest-$mode.txt
			echo "### $mode on $s: $(cat "$f" 2>/dev/null | grep -c . || true) lines"
			sed 's/^/    /' "$f" 2>/dev/null || true
		done
	done
	echo
	echo "## timings (seconds; outer boots under TCG, wall)"
	for s in "${series[@]}"; do
		rel=${rel_of[$s]}
		for ph in probe save restore; do
			[ -f "$out/results/$rel/$ph/boot" ] &&
				echo "$s $ph $(cat "$out/results/$rel/$ph/boot")"
		done
		grep -h '^SAVE [a-z]* status=' "$out/results/$rel/save/console.log" 2>/dev/null | sed "s/^/$s /" || true
		grep -h '^RESTORE [^ ]* r=' "$out/results/$rel/restore/console.log" 2>/dev/null | sed "s/^/$s /" || true
	done
	echo
	echo "## QEMU's messages where a restore did not resume, or a start was refused"
	for d in "${series[@]}"; do
		for f in "$out/results/${rel_of[$d]}/restore/"*.txt; do
			[ -e "$f" ] || continue
			case "$f" in *-x.txt) continue ;; esac
			grep -q '^r=0 ' "$f" && continue
			echo "### $(basename "$f" .txt) -> $d"
			grep '^qemu: qemu-system' "$f" | sed 's/^qemu: /    /' || true
		done
		f=$out/results/${rel_of[$d]}/save/save-set.txt
		if [ -f "$f" ] && grep -q 'start-failed' "$f"; then
			echo "### start with the set on $d"
			grep ' qemu: \(qemu-system\|  \)' "$f" | sed 's/^[^:]*qemu: /    /' || true
		fi
	done
	echo
	echo "## the stream and the destination disagree (refused by the patched QEMU)"
	for d in "${series[@]}"; do
		for f in "$out/results/${rel_of[$d]}/restore/"*-x.txt; do
			[ -e "$f" ] || continue
			n=$(basename "$f" .txt)
			n=${n%-x}
			case "$n" in
			*-set) echo "### pinned stream $n -> $d, no option there" ;;
			*) echo "### stock stream $n -> $d, started with the set" ;;
			esac
			grep '^qemu: qemu-system' "$f" | sed 's/^qemu: /    /' || true
		done
	done
	if [ -f "$out/results/impls.txt" ]; then
		echo
		cat "$out/results/impls.txt"
	fi
} > "$out/results/matrix.txt"
cat "$out/results/matrix.txt" >&2

# --- judgement ----------------------------------------------------------------

# With the set: hvabi check of the fleet's set against the destination's
# profile decides; a resumed guest must answer as before.
for s in "${series[@]}"; do
	for d in "${series[@]}"; do
		[ "$s" != "$d" ] || continue
		[ -z "$pairs" ] || [ -n "${want_pair[$s:$d]:-}" ] || continue
		o=$(outcome "$s" "$d" set)
		[ "$o" != - ] && [ "$o" != not-started ] || continue
		if "$hvabi" check "$out/results/fleet.json" "$out/results/${rel_of[$d]}/profile.json" > /dev/null 2>&1; then
			[ "$o" = resumed ] || fail "set $s -> $d: hvabi check says it may move, QEMU: $o (a pinned guest resumes with every register of the stream)"
		else
			[ "$o" = refused ] || fail "set $s -> $d: hvabi check refuses it, QEMU: $o"
		fi
	done
	# A kernel that cannot give the set refuses the start with the reason.
	f=$out/results/${rel_of[$s]}/save/save-set.txt
	if [ -f "$out/results/fleet.json" ]; then
		if in_fleet "$s"; then
			grep -q 'status=completed' "$f" 2>/dev/null || fail "set on $s: the pinned guest did not run and save (see $f)"
		elif ! grep -q 'cannot give the set' "$f" 2>/dev/null &&
		     "$hvabi" check "$out/results/fleet.json" "$out/results/${rel_of[$s]}/profile.json" > /dev/null 2>&1; then
			:
		elif ! grep -q 'cannot give the set' "$f" 2>/dev/null; then
			fail "set on $s: the kernel cannot give the set, QEMU did not refuse it (see $f)"
		fi
	fi
	grep -q 'status=completed' "$out/results/${rel_of[$s]}/save/save-stock.txt" 2>/dev/null ||
		fail "stock on $s: the guest did not run and save"
done
# A pinned stream into a QEMU without the option, a stock stream into one
# with it: refused, with the reason.
for d in "${series[@]}"; do
	for f in "$out/results/${rel_of[$d]}/restore/"*-x.txt; do
		[ -e "$f" ] || continue
		if grep -q '^r=0 ' "$f"; then
			fail "$(basename "$f" .txt) -> $d: resumed, but the stream and the destination disagree on the set"
		elif ! grep -q 'hvabi-set' "$f"; then
			fail "$(basename "$f" .txt) -> $d: refused without libhvabi's reason (see $f)"
		fi
	done
done
# The small guest ran wherever the Linux guest did, and pinned it shows the
# same values on every fleet kernel.
for s in "${series[@]}"; do
	for mode in stock set; do
		if grep -q 'status=completed' "$out/results/${rel_of[$s]}/save/save-$mode.txt" 2>/dev/null &&
		   ! grep -q "^SMALL $mode small: done" "$out/results/${rel_of[$s]}/save/console.log"; then
			fail "small guest ($mode) on $s did not finish (see $out/results/${rel_of[$s]}/save/console.log)"
		fi
	done
done
ref=""
for s in "${fleet[@]}"; do
	f=$out/results/${rel_of[$s]}/save/small-set.txt
	[ -s "$f" ] || continue
	if [ -z "$ref" ]; then
		ref=$f
	elif ! cmp -s "$ref" "$f"; then
		fail "pinned small guest values differ between fleet kernels: diff $ref $f"
	fi
done
# Pinned guests print the same lines on every fleet kernel.
ref=""
for s in "${fleet[@]}"; do
	f=$out/results/${rel_of[$s]}/save/guest-set.txt
	[ -s "$f" ] || continue
	if [ -z "$ref" ]; then
		ref=$f
	elif ! cmp -s "$ref" "$f"; then
		fail "pinned guest lines differ between fleet kernels: diff $ref $f"
	fi
done

exit_on_failures
echo "run-qemu.sh: all outcomes as libhvabi predicts (results in $out/results)" >&2
