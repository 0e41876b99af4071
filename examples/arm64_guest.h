/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a VMM running arm64_guest.S needs to know of it: how many 64-bit
 * reports it writes (window + 8 * tag, tags 0 to ARM64_GUEST_NTAGS - 1;
 * arm64_vmm.c names them). Freestanding: the QEMU lab's guest includes it.
 */
#ifndef ARM64_GUEST_H
#define ARM64_GUEST_H

/*
 * 52 fixed tags, the 56 registers of the feature ID space, then 22 more:
 * KVM_FUNC_FEATURES' x1 and x3, x0..x3 of DISCOVER_IMPL_VER and of
 * DISCOVER_IMPL_CPUS(0) to (3).
 */
#define ARM64_GUEST_NTAGS (52 + 56 + 22)

#endif /* ARM64_GUEST_H */
