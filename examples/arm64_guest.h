/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a VMM running arm64_guest.S needs to know of it: how many 64-bit
 * reports it writes (window + 8 * tag, tags 0 to ARM64_GUEST_NTAGS - 1;
 * arm64_vmm.c names them). Freestanding: the QEMU lab's guest includes it.
 */
#ifndef ARM64_GUEST_H
#define ARM64_GUEST_H

/* 52 fixed tags, then the 56 registers of the feature ID space. */
#define ARM64_GUEST_NTAGS (52 + 56)

#endif /* ARM64_GUEST_H */
