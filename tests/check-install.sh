#!/bin/sh
# Install into a scratch prefix and build an out-of-tree consumer with
# nothing but `pkg-config --cflags --libs libhvabi`, then run it.
set -eu
builddir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

meson install -C "$builddir" --destdir "$tmp/root" --no-rebuild >/dev/null
prefix=$(meson introspect "$builddir" --buildoptions |
	python3 -c 'import json,sys; print([o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"][0])')
root=$tmp/root$prefix
pc=$(find "$root" -name libhvabi.pc | head -1)
[ -n "$pc" ] || { echo "libhvabi.pc was not installed" >&2; exit 1; }
for h in hvabi.h featureset.h catalog.h codec.h negotiate.h apply.h kvm.h sim.h version.h; do
	[ -f "$root/include/libhvabi/$h" ] || { echo "include/libhvabi/$h was not installed" >&2; exit 1; }
done
# a manual page for every exported function, and the overview
for f in $(sed -n 's/^[[:space:]]*\(hvabi_[a-z0-9_]*\);.*/\1/p' "$(dirname "$0")/../lib/libhvabi.sym"); do
	[ -f "$root/share/man/man3/$f.3" ] || { echo "man3/$f.3 was not installed" >&2; exit 1; }
done
[ -f "$root/share/man/man7/libhvabi.7" ] || { echo "man7/libhvabi.7 was not installed" >&2; exit 1; }
if command -v man >/dev/null 2>&1; then
	MANPATH=$root/share/man man -P cat hvabi_check 2>/dev/null | grep -q 'RETURN VALUE' ||
		{ echo "man hvabi_check does not show the page" >&2; exit 1; }
fi

cat > "$tmp/consumer.c" <<'C'
#include <stdio.h>
#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

int main(void)
{
	struct hvabi_featureset *fs;
	struct hvabi_sim *sim;
	struct hvabi_kvm *kvm;
	size_t n;

	if (hvabi_sim_new("arm64-7.2", &sim) || hvabi_kvm_new_from_sim(sim, &kvm) ||
	    hvabi_kvm_probe(kvm, 0, &fs))
		return 1;
	n = hvabi_featureset_count(fs);
	printf("libhvabi %s: %zu entries\n", hvabi_version(), n);
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return n > 0 ? 0 : 1;
}
C
# The .pc file names the configured prefix; point pkg-config at the scratch root.
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR=$tmp/root
${CC:-cc} -o "$tmp/consumer" "$tmp/consumer.c" $(pkg-config --cflags --libs libhvabi)
LD_LIBRARY_PATH=$(dirname "$(find "$root" -name 'libhvabi.so.0' | head -1)") "$tmp/consumer"
