#!/bin/sh
# The simulated KVM reaches the rest of the library through one seam only:
# the symbols libhvabi-sim.a needs and does not define itself must be
# hvabi_kvm_new_with_ops() (lib/backend.h) and nothing else of ours, so
# it never calls the catalogue, the rules or the kernel layer's helpers.
set -eu
lib=$1
defined=$(nm --defined-only "$lib" | awk 'NF == 3 {print $3}' | sort -u)
needed=$(nm -u "$lib" | awk '{print $2}' | grep '^hvabi_' | sort -u)
outside=$(printf '%s\n' "$needed" | while read -r s; do
	printf '%s\n' "$defined" | grep -qx "$s" || printf '%s\n' "$s"
done)
if [ "$outside" != "hvabi_kvm_new_with_ops" ]; then
	echo "libhvabi-sim reaches beyond backend.h's seam:" >&2
	printf '%s\n' "$outside" >&2
	exit 1
fi
echo "libhvabi-sim needs only hvabi_kvm_new_with_ops from the library"
