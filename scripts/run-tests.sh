#!/bin/bash
# Set up and pass the tests on a fresh Debian 12: install the packages,
# build with warnings as errors and ASan+UBSan, run every default suite,
# then run the unit and sim suites again under valgrind in a build without
# sanitizers. Ends with the line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh || exit 1

passed=0
failed=0
skipped=0

# Add a meson test log's counts to the totals.
count() {
	local log=$1
	local ok fail skip timeout xfail xpass
	ok=$(sed -n 's/^Ok:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	fail=$(sed -n 's/^Fail:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	skip=$(sed -n 's/^Skipped:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	timeout=$(sed -n 's/^Timeout:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	xfail=$(sed -n 's/^Expected Fail:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	xpass=$(sed -n 's/^Unexpected Pass:[[:space:]]*\([0-9]*\).*/\1/p' "$log" | tail -1)
	passed=$((passed + ${ok:-0} + ${xfail:-0}))
	failed=$((failed + ${fail:-0} + ${timeout:-0} + ${xpass:-0}))
	skipped=$((skipped + ${skip:-0}))
}

run() {
	local name=$1
	shift
	echo "== $name: $*"
	"$@" 2>&1 | tee "/tmp/hvabi-$name.log"
	local rc=${PIPESTATUS[0]}
	count "/tmp/hvabi-$name.log"
	# A run that crashed before its summary counts as a failure.
	if [ "$rc" != 0 ] && ! grep -q '^Fail:' "/tmp/hvabi-$name.log"; then
		failed=$((failed + 1))
	fi
}

build=build-ci
vgbuild=build-valgrind

rm -rf "$build" "$vgbuild"
if ! meson setup "$build" -Dwerror=true -Db_sanitize=address,undefined \
	-Db_lundef=false >/dev/null || ! ninja -C "$build"; then
	echo "0 passed, 1 failed"
	exit 1
fi
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
run asan meson test -C "$build" --print-errorlogs --num-processes 2

if meson setup "$vgbuild" -Dwerror=true >/dev/null && ninja -C "$vgbuild" >/dev/null; then
	run valgrind meson test -C "$vgbuild" --setup valgrind --suite unit --suite sim \
		--print-errorlogs --num-processes 2
	# The install check and the ABI check need a build without sanitizers: this one.
	run install meson test -C "$vgbuild" install --print-errorlogs
	run abi meson test -C "$vgbuild" abidiff --print-errorlogs
else
	failed=$((failed + 1))
fi

# The Debian packages (debian/): built from the committed tree with its own
# test run, lintian-clean (no error, no warning), unpacked into a scratch
# root and used from there by a pkg-config consumer (about half a minute).
echo "== deb: scripts/build-deb.sh"
if bash scripts/build-deb.sh /tmp/hvabi-deb > /tmp/hvabi-deb.log 2>&1; then
	tail -n 8 /tmp/hvabi-deb.log
	passed=$((passed + 1))
else
	tail -n 40 /tmp/hvabi-deb.log
	failed=$((failed + 1))
fi

# The kernel lab (tests/kernels): real arm64 Linux 6.1, 6.12 and 7.2 booted
# under QEMU, their KVM against the library and the simulated models, the
# rollbacks and the migration matrix. setup.sh installs QEMU and the cross
# compiler and fetches the kernels once (a minute or two; cached in
# /var/cache/hvabi-kernels); the run takes about four minutes.
# HVABI_SKIP_KERNELS=1 leaves it out (counted as skipped).
if [ "${HVABI_SKIP_KERNELS:-0}" = 1 ]; then
	echo "== kernels: skipped (HVABI_SKIP_KERNELS=1)"
	skipped=$((skipped + 1))
elif bash tests/kernels/setup.sh >/tmp/hvabi-kernels-setup.log 2>&1 &&
	meson configure "$vgbuild" -Dkernel-tests=enabled >/dev/null; then
	run kernels meson test -C "$vgbuild" --suite kernels --print-errorlogs
	cat "$vgbuild/kernels/results/matrix.txt" 2>/dev/null || true
else
	echo "== kernels: tests/kernels/setup.sh failed:"
	tail -n 20 /tmp/hvabi-kernels-setup.log
	failed=$((failed + 1))
fi

# The x86 kernel lab: real amd64 Linux 6.1, 6.12 and 7.2 under QEMU TCG
# with an SVM CPU model (kvm_amd inside), the probe against raw ioctls, the
# simulated models against the real kernels, and what the x86 guest sees
# with and without libhvabi (about a minute; kernels cached as above).
if [ "${HVABI_SKIP_KERNELS:-0}" = 1 ]; then
	echo "== kernels-x86: skipped (HVABI_SKIP_KERNELS=1)"
	skipped=$((skipped + 1))
elif bash tests/kernels/setup.sh --arch amd64 >/tmp/hvabi-kernels-x86-setup.log 2>&1 &&
	meson configure "$vgbuild" -Dkernel-tests=enabled >/dev/null; then
	run kernels-x86 meson test -C "$vgbuild" --suite kernels-x86 --print-errorlogs
	cat "$vgbuild/kernels-x86/results/summary" "$vgbuild/kernels-x86/results/sets.txt" \
		"$vgbuild/kernels-x86/results/matrix.txt" 2>/dev/null || true
else
	echo "== kernels-x86: tests/kernels/setup.sh --arch amd64 failed:"
	tail -n 20 /tmp/hvabi-kernels-x86-setup.log
	failed=$((failed + 1))
fi

# The riscv64 kernel lab: real riscv64 Linux 6.12 (trixie) and 7.2 (sid)
# under qemu-system-riscv64 -cpu rv64,h=true (kvm.ko inside), the raw
# ioctls, the probe and the scripted ioctls against the simulated models
# (about ten seconds; kernels cached as above).
if [ "${HVABI_SKIP_KERNELS:-0}" = 1 ]; then
	echo "== kernels-riscv: skipped (HVABI_SKIP_KERNELS=1)"
	skipped=$((skipped + 1))
elif bash tests/kernels/setup.sh --arch riscv64 >/tmp/hvabi-kernels-riscv-setup.log 2>&1 &&
	meson configure "$vgbuild" -Dkernel-tests=enabled >/dev/null; then
	run kernels-riscv meson test -C "$vgbuild" --suite kernels-riscv --print-errorlogs
	cat "$vgbuild/kernels-riscv/results/summary" 2>/dev/null || true
else
	echo "== kernels-riscv: tests/kernels/setup.sh --arch riscv64 failed:"
	tail -n 20 /tmp/hvabi-kernels-riscv-setup.log
	failed=$((failed + 1))
fi

# QEMU with libhvabi (contrib/qemu) inside the real arm64 kernels: a Debian
# Linux guest booted, saved on one kernel and restored on another, stock
# behaviour against -accel kvm,hvabi-set. build.sh builds the patched QEMU
# once (about six minutes; cached in /var/cache/hvabi-qemu by QEMU version
# and a hash of the patches and the library); the run takes about four
# minutes. Kernels as above.
if [ "${HVABI_SKIP_KERNELS:-0}" = 1 ]; then
	echo "== kernels-qemu: skipped (HVABI_SKIP_KERNELS=1)"
	skipped=$((skipped + 1))
elif bash tests/kernels/setup.sh >/tmp/hvabi-kernels-setup.log 2>&1 &&
	bash contrib/qemu/build.sh >/tmp/hvabi-qemu-build.log 2>&1 &&
	meson configure "$vgbuild" -Dkernel-tests=enabled >/dev/null; then
	run kernels-qemu meson test -C "$vgbuild" --suite kernels-qemu --print-errorlogs
	cat "$vgbuild/kernels-qemu/results/matrix.txt" 2>/dev/null || true
else
	echo "== kernels-qemu: tests/kernels/setup.sh or contrib/qemu/build.sh failed:"
	tail -n 20 /tmp/hvabi-kernels-setup.log /tmp/hvabi-qemu-build.log
	failed=$((failed + 1))
fi

# The libFuzzer targets, a minute each (clang; the CMocka tests are not
# built there: they are the gcc builds' job).
fzbuild=build-fuzz
rm -rf "$fzbuild"
if CC=clang meson setup "$fzbuild" -Dfuzzing=true -Dtests=disabled -Dexamples=disabled \
	-Dwerror=true >/dev/null && ninja -C "$fzbuild" >/dev/null; then
	run fuzz meson test -C "$fzbuild" --suite fuzz --print-errorlogs --num-processes 2
else
	failed=$((failed + 1))
fi

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
