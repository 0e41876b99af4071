#!/bin/bash
# Build libhvabi's Debian packages (libhvabi0, libhvabi-dev, hvabi) from the
# committed tree (git archive HEAD: no build folder leaks in), check them
# with lintian (no error, no warning), unpack them into a scratch root
# without a container (dpkg -x) and build and run a pkg-config consumer,
# the hvabi tool and a manual page from that root.
#
#   scripts/build-deb.sh [OUTDIR]        (default: /tmp/hvabi-deb)
#
# Needs debhelper, dpkg-dev and lintian (scripts/install-deps.sh installs
# them). Ends with "deb: ok" or the first failure.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-/tmp/hvabi-deb}
rm -rf "$out"
mkdir -p "$out/src" "$out/root"
git -C "$src" archive HEAD | tar -x -C "$out/src"
(cd "$out/src" && dpkg-buildpackage -us -uc -b) > "$out/build.log" 2>&1 ||
	{ tail -n 30 "$out/build.log"; echo "deb: dpkg-buildpackage failed (see $out/build.log)"; exit 1; }
changes=$(ls "$out"/*.changes)
if ! lintian --fail-on error,warning "$changes" > "$out/lintian.log" 2>&1; then
	cat "$out/lintian.log"
	echo "deb: lintian found errors or warnings"
	exit 1
fi
cat "$out/lintian.log"
for d in "$out"/*.deb; do
	dpkg -x "$d" "$out/root"
done
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
libdir=$out/root/usr/lib/$triplet
cat > "$out/consumer.c" <<'C'
#include <stdio.h>
#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

int main(void)
{
	struct hvabi_featureset *fs;
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;

	if (hvabi_sim_new("x86-7.2", &sim) || hvabi_kvm_new_from_sim(sim, &kvm))
		return 1;
	hvabi_sim_free(sim);
	if (hvabi_kvm_probe(kvm, 0, &fs))
		return 1;
	printf("libhvabi %s (headers %d.%d.%d): %zu entries\n", hvabi_version(),
	       HVABI_VERSION_MAJOR, HVABI_VERSION_MINOR, HVABI_VERSION_MICRO,
	       hvabi_featureset_count(fs));
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	return 0;
}
C
flags=$(PKG_CONFIG_SYSROOT_DIR=$out/root PKG_CONFIG_LIBDIR=$libdir/pkgconfig \
	pkg-config --cflags --libs libhvabi)
# shellcheck disable=SC2086
cc -o "$out/consumer" "$out/consumer.c" $flags
LD_LIBRARY_PATH=$libdir "$out/consumer"
LD_LIBRARY_PATH=$libdir "$out/root/usr/bin/hvabi" --version
man -l -P cat "$out/root/usr/share/man/man3/hvabi_check.3.gz" | grep -q 'RETURN VALUE' ||
	{ echo "deb: hvabi_check(3) is not in libhvabi-dev"; exit 1; }
ls "$out"/*.deb
echo "deb: ok"
